import { describe, expect, it } from 'vitest';
import {
  applyOverrides,
  type ClusterOverride,
  type ClusterOverrideInput,
  clusterOverrideSchema,
  parseOverrideRow,
  splitClusterId,
} from './overrides';
import type { Cluster, ClusteringResult, ClusterMember } from './types';

function member(
  ticketId: string,
  clusterId: string | null,
  templateId: string | null,
  day: number,
): ClusterMember {
  return {
    ticketId,
    key: ticketId.toUpperCase(),
    createdAt: `2025-01-${String(day).padStart(2, '0')}T09:00:00.000Z`,
    clusterId,
    templateId,
    parameters: [],
  };
}

function cluster(id: string, label: string, templates: [string, string, number][]): Cluster {
  return {
    id,
    label,
    template: templates[0]?.[1] ?? null,
    templates: templates.map(([tid, text, tickets]) => ({ id: tid, text, tickets })),
    parameters: [],
    tickets: templates.reduce((s, t) => s + t[2], 0),
    firstSeen: null,
    lastSeen: null,
    examples: [],
    excluded: false,
    terms: [],
  };
}

// repo: t1,t2 on template tr, t3 on template tv (vpn titles that landed here); secret: t4,t5; t6 unclustered.
const base: ClusteringResult = {
  clusters: [
    cluster('c-repo', 'create repo <*>', [
      ['tr', 'create repo <*>', 2],
      ['tv', 'vpn access for <*>', 1],
    ]),
    cluster('c-secret', 'add secret <*>', [['ts', 'add secret <*>', 2]]),
  ],
  members: [
    member('t1', 'c-repo', 'tr', 1),
    member('t2', 'c-repo', 'tr', 5),
    member('t3', 'c-repo', 'tv', 3),
    member('t4', 'c-secret', 'ts', 2),
    member('t5', 'c-secret', 'ts', 9),
    member('t6', null, null, 4),
  ],
};

let seq = 0;
function ov(input: Omit<ClusterOverrideInput, 'createdAt'> & { createdAt?: string }): ClusterOverride {
  seq++;
  return clusterOverrideSchema.parse({
    createdAt: `2025-02-01T00:00:${String(seq % 60).padStart(2, '0')}Z`,
    ...input,
  });
}

const clusterOf = (r: ClusteringResult, ticketId: string) =>
  r.members.find((m) => m.ticketId === ticketId)?.clusterId;

describe('applyOverrides', () => {
  it('renames and excludes', () => {
    const { result, outcomes } = applyOverrides(base, [
      ov({ action: 'rename', clusterId: 'c-repo', payload: { label: 'Repository creation' } }),
      ov({ action: 'exclude', clusterId: 'c-secret', payload: { excluded: true } }),
    ]);
    expect(result.clusters.map((c) => [c.id, c.label, c.excluded])).toEqual([
      ['c-repo', 'Repository creation', false],
      ['c-secret', 'add secret <*>', true],
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'applied']);
  });

  it('merges absorbed clusters into the kept one and recomputes its figures', () => {
    const { result } = applyOverrides(base, [
      ov({ action: 'merge', clusterId: 'c-repo', payload: { from: ['c-secret'] } }),
    ]);
    expect(result.clusters).toHaveLength(1);
    const repo = result.clusters[0];
    expect(repo?.tickets).toBe(5);
    expect(repo?.firstSeen).toBe('2025-01-01T09:00:00.000Z');
    expect(repo?.lastSeen).toBe('2025-01-09T09:00:00.000Z');
    expect(clusterOf(result, 't4')).toBe('c-repo');
    expect(repo?.templates.map((t) => [t.id, t.tickets])).toEqual([
      ['tr', 2],
      ['ts', 2],
      ['tv', 1],
    ]);
  });

  it('splits templates into a deterministic new cluster', () => {
    const split = ov({ action: 'split', clusterId: 'c-repo', payload: { templateIds: ['tv'] } });
    const { result } = applyOverrides(base, [split]);
    const newId = splitClusterId('c-repo', ['tv']);
    expect(newId).toMatch(/^c-[0-9a-f]{10}$/);
    expect(clusterOf(result, 't3')).toBe(newId);
    const created = result.clusters.find((c) => c.id === newId);
    expect(created?.label).toBe('vpn access for <*>');
    expect(created?.tickets).toBe(1);
    expect(result.clusters.find((c) => c.id === 'c-repo')?.tickets).toBe(2);
    // Same input twice → same id.
    expect(applyOverrides(base, [split]).result.clusters.map((c) => c.id)).toEqual(
      result.clusters.map((c) => c.id),
    );
    expect(splitClusterId('c-repo', ['b', 'a'])).toBe(splitClusterId('c-repo', ['a', 'b']));
  });

  it('splits selected tickets, alone or with templates, into a new cluster', () => {
    const byTicket = ov({
      action: 'split',
      clusterId: 'c-repo',
      payload: { ticketIds: ['t2'], label: 'Mirror repo' },
    });
    const { result, outcomes } = applyOverrides(base, [byTicket]);
    const newId = splitClusterId('c-repo', [], ['t2']);
    expect(newId).not.toBe(splitClusterId('c-repo', []));
    expect(clusterOf(result, 't2')).toBe(newId);
    expect(clusterOf(result, 't1')).toBe('c-repo');
    expect(result.clusters.find((c) => c.id === newId)).toMatchObject({ label: 'Mirror repo', tickets: 1 });
    expect(outcomes[0]?.status).toBe('applied');

    // Template tv (t3) plus ticket t2, one of them (t9) unknown: t2 and t3 move, reported partial.
    const both = ov({
      action: 'split',
      clusterId: 'c-repo',
      payload: { templateIds: ['tv'], ticketIds: ['t2', 't9'] },
    });
    const mixed = applyOverrides(base, [both]);
    const mixedId = splitClusterId('c-repo', ['tv'], ['t2', 't9']);
    expect([clusterOf(mixed.result, 't2'), clusterOf(mixed.result, 't3')]).toEqual([mixedId, mixedId]);
    expect(mixed.outcomes[0]).toMatchObject({ status: 'partial', reason: 'ticket t9 not in c-repo' });
  });

  it('refuses a split that names neither templates nor tickets', () => {
    expect(
      clusterOverrideSchema.safeParse({
        action: 'split',
        clusterId: 'c-repo',
        payload: { templateIds: [], ticketIds: [] },
        createdAt: '2025-02-01T00:00:00Z',
      }).success,
    ).toBe(false);
  });

  it('assigns a ticket, including one no cluster held', () => {
    const { result } = applyOverrides(base, [
      ov({ action: 'assign', clusterId: 'c-secret', payload: { ticketId: 't6' } }),
      ov({ action: 'assign', clusterId: 'c-secret', payload: { ticketId: 't1' } }),
    ]);
    expect(clusterOf(result, 't6')).toBe('c-secret');
    expect(clusterOf(result, 't1')).toBe('c-secret');
    expect(result.clusters.find((c) => c.id === 'c-secret')?.tickets).toBe(4);
    expect(result.clusters.find((c) => c.id === 'c-repo')?.tickets).toBe(2);
  });

  it('applies in created_at order whatever the input order', () => {
    const later = ov({
      action: 'rename',
      clusterId: 'c-repo',
      payload: { label: 'second' },
      createdAt: '2025-03-02T00:00:00Z',
    });
    const earlier = ov({
      action: 'rename',
      clusterId: 'c-repo',
      payload: { label: 'first' },
      createdAt: '2025-03-01T00:00:00Z',
    });
    expect(applyOverrides(base, [later, earlier]).result.clusters[0]?.label).toBe('second');
  });

  it.each([
    [
      'rename of a vanished cluster',
      ov({ action: 'rename', clusterId: 'c-gone', payload: { label: 'x' } }),
      'skipped',
    ],
    [
      'merge from vanished clusters',
      ov({ action: 'merge', clusterId: 'c-repo', payload: { from: ['c-gone'] } }),
      'skipped',
    ],
    [
      'merge with one vanished cluster',
      ov({ action: 'merge', clusterId: 'c-repo', payload: { from: ['c-gone', 'c-secret'] } }),
      'partial',
    ],
    [
      'split on absent templates',
      ov({ action: 'split', clusterId: 'c-repo', payload: { templateIds: ['zz'] } }),
      'skipped',
    ],
    [
      'split of every template',
      ov({ action: 'split', clusterId: 'c-secret', payload: { templateIds: ['ts'] } }),
      'skipped',
    ],
    [
      'assign of a deleted ticket',
      ov({ action: 'assign', clusterId: 'c-repo', payload: { ticketId: 'gone' } }),
      'skipped',
    ],
  ])('reports, never throws: %s', (_name, override, status) => {
    const { outcomes } = applyOverrides(base, [override]);
    expect(outcomes[0]?.status).toBe(status);
    expect(outcomes[0]?.reason).toBeTruthy();
  });

  it('does not mutate its input', () => {
    const before = JSON.stringify(base);
    applyOverrides(base, [ov({ action: 'merge', clusterId: 'c-repo', payload: { from: ['c-secret'] } })]);
    expect(JSON.stringify(base)).toBe(before);
  });
});

describe('parseOverrideRow', () => {
  it.each([
    [
      {
        action: 'rename',
        cluster_id: 'c-1',
        payload: { label: 'VPN' },
        created_at: '2025-01-01T00:00:00.000Z',
      },
      true,
    ],
    [{ action: 'merge', clusterId: 'c-1', payload: { from: ['c-2'] }, createdAt: new Date(0) }, true],
    [
      { action: 'merge', cluster_id: 'c-1', payload: { from: [] }, created_at: '2025-01-01T00:00:00Z' },
      false,
    ],
    [{ action: 'explode', cluster_id: 'c-1', payload: {}, created_at: '2025-01-01T00:00:00Z' }, false],
    [
      {
        action: 'exclude',
        cluster_id: 'c-1',
        payload: { excluded: 'yes' },
        created_at: '2025-01-01T00:00:00Z',
      },
      false,
    ],
  ])('%o → ok %s', (row, ok) => {
    expect(parseOverrideRow(row).ok).toBe(ok);
  });
});
