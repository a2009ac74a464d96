// Hand-computed ticket scenarios shared by the report tests and the Flow page query tests.
import type { Ticket, TicketEvent } from '../domain/ticket';

// Hand-computed scenarios, one team each, so every expectation below can be worked out on paper.
export const ASOF = new Date('2025-03-20T00:00:00Z');
export const FROM = new Date('2025-03-01T00:00:00Z');
export const TO = new Date('2025-03-15T00:00:00Z');
const H = 3_600_000;
export const t = (iso: string) => new Date(iso);
export const plus = (d: Date, hours: number) => new Date(d.getTime() + hours * H);

function move(at: Date, from: string, to: string, seq: number): TicketEvent {
  return { at, seq, kind: 'status', from, to, actor: 'agent', actorIsBot: false, public: null };
}

function ticket(
  key: string,
  team: string,
  createdAt: Date,
  events: TicketEvent[],
  type = 'Service Request',
): Ticket {
  const last = events.at(-1);
  return {
    source: 'test',
    key,
    title: key,
    description: '',
    type,
    priority: null,
    labels: [],
    team,
    requester: 'req',
    requesterTeam: null,
    assignee: null,
    createdAt,
    status: last?.to ?? 'Open',
    sourceStatusCategory: null,
    url: null,
    events,
  };
}

/** Created → active at once → done after `hours`. */
function activeFor(key: string, team: string, createdAt: Date, hours: number): Ticket {
  return ticket(key, team, createdAt, [
    move(createdAt, 'Open', 'In Progress', 1),
    move(plus(createdAt, hours), 'In Progress', 'Done', 2),
  ]);
}

const pctCreated = t('2025-03-09T08:00:00Z');
const kmCreated = t('2025-03-05T00:00:00Z');
export const TICKETS: Ticket[] = [
  // pct: lead times 1..10 h, resolved 09:00Z..18:00Z on Sunday 9 March (UTC).
  ...Array.from({ length: 10 }, (_, i) => activeFor(`PCT-${i + 1}`, 'pct', pctCreated, i + 1)),
  // km: four resolved (10, 20, 30, 40 h), one open for 100 h, one resolved only after asOf (open at 50 h).
  ...[10, 20, 30, 40].map((h, i) => activeFor(`KM-${i + 1}`, 'km', kmCreated, h)),
  ticket('KM-OPEN', 'km', plus(ASOF, -100), []),
  ticket('KM-LATE', 'km', plus(ASOF, -50), [move(plus(ASOF, 5), 'Open', 'Done', 1)]),
  // triage: one triaged for 2 h, one that skipped triage.
  ticket('TRI-1', 'triage', t('2025-03-03T00:00:00Z'), [
    move(t('2025-03-03T02:00:00Z'), 'Triage', 'Open', 1),
    move(t('2025-03-03T05:00:00Z'), 'Open', 'Done', 2),
  ]),
  ticket('TRI-2', 'triage', t('2025-03-03T00:00:00Z'), [move(t('2025-03-03T04:00:00Z'), 'Open', 'Done', 1)]),
  // eff: 1 h queue + 1 h active (0.5); 9 h queue + 1 h active (0.1). Pooled 2/12, mean of ratios 0.3.
  ticket('EFF-1', 'eff', t('2025-03-04T00:00:00Z'), [
    move(t('2025-03-04T01:00:00Z'), 'Open', 'In Progress', 1),
    move(t('2025-03-04T02:00:00Z'), 'In Progress', 'Done', 2),
  ]),
  ticket('EFF-2', 'eff', t('2025-03-04T00:00:00Z'), [
    move(t('2025-03-04T09:00:00Z'), 'Open', 'In Progress', 1),
    move(t('2025-03-04T10:00:00Z'), 'In Progress', 'Done', 2),
  ]),
  // window: WIN-1 first resolved before the window, finally inside it (out); WIN-2 first resolved inside (in).
  ticket('WIN-1', 'window', t('2025-02-20T00:00:00Z'), [
    move(t('2025-02-25T00:00:00Z'), 'Open', 'Done', 1),
    move(t('2025-03-02T00:00:00Z'), 'Done', 'In Progress', 2),
    move(t('2025-03-05T00:00:00Z'), 'In Progress', 'Done', 3),
  ]),
  ticket('WIN-2', 'window', t('2025-02-27T00:00:00Z'), [move(t('2025-03-02T00:00:00Z'), 'Open', 'Done', 1)]),
  // reopen: reopened 8 days after first resolution, 16 days after, never.
  ...[8, 16, null].map((days, i) => {
    const created = t('2025-03-01T00:00:00Z');
    const resolved = t('2025-03-02T00:00:00Z');
    const events = [move(resolved, 'Open', 'Done', 1)];
    if (days !== null) {
      const reopened = plus(resolved, days * 24);
      events.push(
        move(reopened, 'Done', 'In Progress', 2),
        move(plus(reopened, 1), 'In Progress', 'Done', 3),
      );
    }
    return ticket(`RE-${i + 1}`, 'reopen', created, events, i === 0 ? 'Incident' : 'Service Request');
  }),
];
