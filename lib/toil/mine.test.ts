import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../scripts/demo-data/generate';
import { ClusterAssigner } from './assign';
import { mineRequestTypes, type ToilTicket } from './mine';
import { bCubed, coverage } from './quality';
import type { ClusteringResult } from './types';

const END = new Date('2026-01-01T00:00:00Z');

function demo(tickets: number): { tickets: ToilTicket[]; truth: Map<string, string> } {
  const out: ToilTicket[] = [];
  const truth = new Map<string, string>();
  for (const r of generateDemo({ tickets, seed: 42, endAt: END })) {
    if (r.kind !== 'ticket') continue;
    const id = `demo:1:${r.ticket.key}`;
    out.push({
      id,
      key: r.ticket.key,
      title: r.ticket.title,
      description: r.ticket.description,
      createdAt: r.ticket.createdAt.toISOString(),
    });
    truth.set(id, r.requestType);
  }
  return { tickets: out, truth };
}

function previousOf(result: ClusteringResult) {
  return {
    clusters: result.clusters,
    memberOf: new Map(
      result.members.filter((m) => m.clusterId).map((m) => [m.ticketId, m.clusterId as string]),
    ),
  };
}

const { tickets, truth } = demo(5000);
const mined = mineRequestTypes(tickets);

describe('demo request types are recovered', () => {
  it('matches the generator’s request types (B-cubed) and covers nearly every ticket', () => {
    const predicted = mined.members.map((m) => m.clusterId);
    const labels = mined.members.map((m) => truth.get(m.ticketId) as string);
    const { precision, recall } = bCubed(predicted, labels);
    // Floors reached (precision 0.975, recall 0.898, coverage 0.988 when written).
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.85);
    expect(coverage(predicted, 5)).toBeGreaterThanOrEqual(0.97);
  });

  it('puts OPS-1 (the demo automation’s cluster reference) in the repo-creation cluster', () => {
    const ops1 = mined.members.find((m) => m.key === 'OPS-1');
    expect(ops1?.clusterId).toBeTruthy();
    const inCluster = mined.members.filter((m) => m.clusterId === ops1?.clusterId);
    const repo = inCluster.filter((m) => truth.get(m.ticketId) === 'create-repo').length;
    expect(repo / inCluster.length).toBeGreaterThan(0.9);
    const allRepo = [...truth.values()].filter((t) => t === 'create-repo').length;
    expect(repo / allRepo).toBeGreaterThan(0.8);
  });

  it('labels, examples, first/last seen and parameters are filled in', () => {
    for (const c of mined.clusters) {
      expect(c.id).toMatch(/^c-[0-9a-f]{10}$/);
      expect(c.label.length).toBeGreaterThan(0);
      expect(c.examples.length).toBeGreaterThan(0);
      expect(c.firstSeen && c.lastSeen && c.firstSeen <= c.lastSeen).toBe(true);
      expect(c.templates.reduce((s, t) => s + t.tickets, 0)).toBe(c.tickets);
    }
  });
});

describe('stable ids', () => {
  it('gives the same clusters and ids for the same input', () => {
    const again = mineRequestTypes(tickets);
    expect(again.clusters.map((c) => [c.id, c.tickets, c.label])).toEqual(
      mined.clusters.map((c) => [c.id, c.tickets, c.label]),
    );
  });

  it('keeps existing ids when 10 % new tickets arrive', () => {
    const base = tickets.slice(0, 4500);
    const first = mineRequestTypes(base);
    const second = mineRequestTypes(tickets, {}, previousOf(first));
    // Established request types keep their ids; small ones may merge into a neighbour as data grows.
    const big = first.clusters.filter((c) => c.tickets >= 100);
    expect(big.length).toBeGreaterThanOrEqual(15);
    const ids = new Set(second.clusters.map((c) => c.id));
    for (const c of big) expect(ids.has(c.id)).toBe(true);
    // Tickets keep their cluster.
    const before = new Map(first.members.map((m) => [m.ticketId, m.clusterId]));
    const kept = second.members.filter(
      (m) => before.has(m.ticketId) && before.get(m.ticketId) === m.clusterId,
    );
    expect(kept.length / base.length).toBeGreaterThan(0.93); // 0.945 when written
  });

  it('keeps ids on re-run even when the input order changes', () => {
    const reversed = mineRequestTypes([...tickets].reverse(), {}, previousOf(mined));
    expect(reversed.clusters.map((c) => c.id).sort()).toEqual(mined.clusters.map((c) => c.id).sort());
  });
});

describe('incremental assignment', () => {
  it('assigns new tickets to the cluster a full re-cluster would mostly pick', () => {
    const base = mineRequestTypes(tickets.slice(0, 4500));
    const assigner = new ClusterAssigner(base.clusters);
    const fresh = tickets.slice(4500);
    const majority = new Map<string, Map<string, number>>();
    for (const m of base.members) {
      if (!m.clusterId) continue;
      const type = truth.get(m.ticketId) as string;
      const counts = majority.get(m.clusterId) ?? new Map<string, number>();
      counts.set(type, (counts.get(type) ?? 0) + 1);
      majority.set(m.clusterId, counts);
    }
    const typeOf = (clusterId: string) =>
      [...(majority.get(clusterId) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1])[0]?.[0];
    let right = 0;
    let assigned = 0;
    for (const t of fresh) {
      const a = assigner.assign(t);
      if (!a.clusterId) continue;
      assigned++;
      if (typeOf(a.clusterId) === truth.get(t.id)) right++;
    }
    expect(assigned / fresh.length).toBeGreaterThan(0.8);
    expect(right / assigned).toBeGreaterThan(0.9);
  });
});
