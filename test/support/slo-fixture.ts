// Hand-checkable SLO fixture shared by the report and SLO page tests: a 24×7 UTC clock keeps every
// expectation in plain hours. Loads tickets, a request type and (optionally) the analysis as of AS_OF.
import type { Database } from '../../db/client';
import { clusterMembers, clusters } from '../../db/schema';
import { analyze } from '../../lib/analysis/analyze';
import { parseConfig } from '../../lib/config';
import type { Ticket, TicketEvent } from '../../lib/domain/ticket';
import { ensureFileConnection, ticketId, upsertTickets } from '../../lib/ingest/ticket-store';

export const SLO_FIXTURE_CONFIG = parseConfig(
  {
    statusMap: { 'To Do': 'queue', 'In Progress': 'active', Done: 'done' },
    calendars: { always: { timeZone: 'UTC', always: true } },
    slos: [
      {
        name: 'resolution',
        start: ['created', 'reopened'],
        stop: ['done'],
        calendar: 'always',
        goals: [{ hours: 10 }],
        target: 0.9,
      },
      {
        name: 'p1-resolution',
        start: ['created'],
        stop: ['done'],
        goals: [{ match: { priority: 'P1' }, hours: 1 }],
      },
    ],
  },
  'test config',
);

type Move = [at: string, from: string, to: string];

function ticket(key: string, createdAt: string, moves: Move[], over: Partial<Ticket> = {}): Ticket {
  const events: TicketEvent[] = moves.map(([at, from, to], seq) => ({
    at: new Date(at),
    seq,
    kind: 'status',
    from,
    to,
    actor: 'agent',
    actorIsBot: false,
    public: null,
  }));
  return {
    source: 'jira',
    key,
    title: `ticket ${key}`,
    description: '',
    type: null,
    priority: 'P3',
    labels: [],
    team: 'platform',
    requester: 'req',
    requesterTeam: null,
    assignee: null,
    createdAt: new Date(createdAt),
    status: moves.length ? (moves[moves.length - 1]?.[2] ?? 'To Do') : 'To Do',
    sourceStatusCategory: null,
    url: `https://tracker.example/${key}`,
    events,
    ...over,
  };
}

// resolution goal 10 h (24×7). Hand-computed outcomes as of 2025-03-10T00:00Z:
//   A: 03-03 00:00 → done 05:00, 5 h: met.       B (P1): 00:00 → done 12:00, 12 h: breached.
//   C: 03-04 00:00 → done 04:00 (met); reopened 03-05 00:00 → done 20:00, 20 h: breached.
//   D: 03-09 00:00, still open: 24 h elapsed, ongoing and breached since 03-09 10:00.
//   E (linear): 03-09 20:00 open: 4 h elapsed, 6 h left, due 03-10 06:00.
//   F (linear): 03-09 22:00 open: 2 h elapsed, 8 h left, due 03-10 08:00.
export const SLO_FIXTURE_TICKETS: Ticket[] = [
  ticket('A', '2025-03-03T00:00:00Z', [['2025-03-03T05:00:00Z', 'To Do', 'Done']]),
  ticket('B', '2025-03-03T00:00:00Z', [['2025-03-03T12:00:00Z', 'To Do', 'Done']], { priority: 'P1' }),
  ticket(
    'C',
    '2025-03-04T00:00:00Z',
    [
      ['2025-03-04T04:00:00Z', 'To Do', 'Done'],
      ['2025-03-05T00:00:00Z', 'Done', 'In Progress'],
      ['2025-03-05T20:00:00Z', 'In Progress', 'Done'],
    ],
    { team: 'data' },
  ),
  ticket('D', '2025-03-09T00:00:00Z', [['2025-03-09T01:00:00Z', 'To Do', 'In Progress']], { team: 'data' }),
  ticket('E', '2025-03-09T20:00:00Z', [], { source: 'linear' }),
  ticket('F', '2025-03-09T22:00:00Z', [], { source: 'linear' }),
];

export const SLO_FIXTURE_AS_OF = new Date('2025-03-10T00:00:00Z');

/** Store the fixture tickets (A and B in request type c-repo) and, unless told not to, analyze them. */
export async function loadSloFixture(database: Database, { analyzed = true } = {}): Promise<void> {
  const { db } = database;
  const ids = new Map<string, number>();
  for (const source of ['jira', 'linear']) {
    const connectionId = await ensureFileConnection(db, source);
    ids.set(source, connectionId);
    const tickets = SLO_FIXTURE_TICKETS.filter((t) => t.source === source);
    await upsertTickets(db, { connectionId, tickets, statusMap: SLO_FIXTURE_CONFIG.statusMap });
  }
  const jira = ids.get('jira') ?? 0;
  await db.insert(clusters).values({ id: 'c-repo', label: 'create repo' });
  await db
    .insert(clusterMembers)
    .values(['A', 'B'].map((key) => ({ ticketId: ticketId('jira', jira, key), clusterId: 'c-repo' })));
  if (analyzed) await analyze(database, { config: SLO_FIXTURE_CONFIG, asOf: SLO_FIXTURE_AS_OF });
}
