import { createHash } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config';
import type { AutomationRun, Deployment, Ticket } from '../../lib/domain/ticket';
import { DEMO_AUTOMATION, DEMO_CONFIG, type DemoRecord, demoConfig, generateDemo } from './generate';

const END = new Date('2026-01-01T00:00:00Z');
const YEAR = 365 * 86_400_000;

interface Collected {
  tickets: Array<{ ticket: Ticket; requestType: string }>;
  deployments: Deployment[];
  runs: AutomationRun[];
  order: number[];
}

function collect(tickets: number, seed = 42, endAt = END): Collected {
  const out: Collected = { tickets: [], deployments: [], runs: [], order: [] };
  for (const r of generateDemo({ tickets, seed, endAt })) {
    if (r.kind === 'ticket') {
      out.tickets.push({ ticket: r.ticket, requestType: r.requestType });
      out.order.push(r.ticket.createdAt.getTime());
    } else if (r.kind === 'deployment') {
      out.deployments.push(r.deployment);
      out.order.push(r.deployment.startedAt.getTime());
    } else {
      out.runs.push(r.run);
      out.order.push(r.run.at.getTime());
    }
  }
  return out;
}

function digest(records: Iterable<DemoRecord>): string {
  const hash = createHash('sha256');
  for (const r of records) hash.update(JSON.stringify(r));
  return hash.digest('hex');
}

const OPEN = new Set(['Triage', 'To Do', 'In Progress', 'In Review', 'Waiting for customer']);
const medium = collect(20_000);

describe('determinism', () => {
  it('gives byte-identical output for the same seed and end', () => {
    const a = digest(generateDemo({ tickets: 3000, seed: 7, endAt: END }));
    const b = digest(generateDemo({ tickets: 3000, seed: 7, endAt: END }));
    expect(a).toBe(b);
  });

  it('gives different output for another seed or end', () => {
    const a = digest(generateDemo({ tickets: 3000, seed: 7, endAt: END }));
    expect(digest(generateDemo({ tickets: 3000, seed: 8, endAt: END }))).not.toBe(a);
    expect(
      digest(generateDemo({ tickets: 3000, seed: 7, endAt: new Date('2026-02-01T00:00:00Z') })),
    ).not.toBe(a);
  });

  it('rejects bad options', () => {
    expect(() => generateDemo({ tickets: -1, seed: 1, endAt: END }).next()).toThrow(RangeError);
    expect(() => generateDemo({ tickets: 10, seed: 1.5, endAt: END }).next()).toThrow(RangeError);
    expect(() => generateDemo({ tickets: 10, seed: 1, endAt: new Date(Number.NaN) }).next()).toThrow(
      RangeError,
    );
  });
});

describe('ticket histories', () => {
  it('keeps every ticket internally consistent', () => {
    const endMs = END.getTime();
    const problems: string[] = [];
    const check = (ok: boolean, key: string, what: string) => {
      if (!ok && problems.length < 20) problems.push(`${key}: ${what}`);
    };
    for (const { ticket: t } of medium.tickets) {
      const created = t.createdAt.getTime();
      check(created >= endMs - YEAR && created < endMs, t.key, 'created outside the year');
      let previous = created;
      let status: string | null = null;
      let assignee: string | null = null;
      let priority: string | null = null;
      t.events.forEach((e, i) => {
        const at = e.at.getTime();
        check(e.seq === i + 1, t.key, `seq ${e.seq} at index ${i}`);
        check(at >= previous, t.key, `event ${e.seq} goes back in time`);
        check(at < endMs, t.key, `event ${e.seq} after endAt`);
        previous = at;
        if (e.kind === 'status') {
          check(
            status === null ? e.from === 'Triage' || e.from === 'To Do' : e.from === status,
            t.key,
            `status chain breaks at ${e.seq}`,
          );
          status = e.to;
        } else if (e.kind === 'assignee') {
          check(e.from === assignee, t.key, `assignee chain breaks at ${e.seq}`);
          assignee = e.to;
        } else if (e.kind === 'priority') {
          check(priority === null || e.from === priority, t.key, `priority chain breaks at ${e.seq}`);
          priority = e.to;
        } else if (e.kind === 'comment') {
          check(typeof e.public === 'boolean', t.key, `comment ${e.seq} without public flag`);
        }
      });
      check(
        status === null ? t.status === 'Triage' || t.status === 'To Do' : t.status === status,
        t.key,
        'status ≠ last to',
      );
      check(t.assignee === assignee, t.key, 'assignee ≠ last assignee event');
      check(priority === null || t.priority === priority, t.key, 'priority ≠ last priority event');
      check(t.sourceStatusCategory !== null, t.key, 'no status category');
    }
    expect(problems).toEqual([]);
  });

  it('numbers keys in creation order and streams every record in time order', () => {
    medium.tickets.forEach(({ ticket }, i) => {
      expect(ticket.key).toBe(`OPS-${i + 1}`);
    });
    for (let i = 1; i < medium.order.length; i++) {
      expect(medium.order[i] ?? 0).toBeGreaterThanOrEqual(medium.order[i - 1] ?? 0);
    }
  });

  it("resolves Done and Won't Do tickets and clears the resolution on reopen", () => {
    for (const { ticket: t } of medium.tickets) {
      const last = t.events.filter((e) => e.kind === 'resolution').at(-1);
      if (t.status === 'Done') expect(last?.to).toBe('Done');
      else if (t.status === "Won't Do") expect(last?.to).toBe("Won't Do");
      else expect(last?.to ?? null).toBeNull();
    }
  });

  it('has the features the metrics need: skipped triage, bots, reopens, waits, reviews, cancels', () => {
    const n = medium.tickets.length;
    const share = (pred: (t: Ticket) => boolean) =>
      medium.tickets.filter(({ ticket }) => pred(ticket)).length / n;
    const statuses = (t: Ticket) => t.events.filter((e) => e.kind === 'status');
    const requests = medium.tickets
      .filter(({ ticket }) => ticket.type === 'Service Request')
      .map((r) => r.ticket);
    const skipped =
      requests.filter((t) => (statuses(t)[0]?.from ?? t.status) !== 'Triage').length / requests.length;
    expect(skipped).toBeGreaterThan(0.08);
    expect(skipped).toBeLessThan(0.25);
    const reopened = share((t) => statuses(t).some((e) => e.from === 'Done'));
    expect(reopened).toBeGreaterThan(0.03);
    expect(reopened).toBeLessThan(0.08);
    expect(share((t) => t.events.find((e) => e.kind === 'comment')?.actorIsBot === true)).toBeGreaterThan(
      0.2,
    );
    expect(
      share((t) =>
        t.events.some((e) => e.kind === 'comment' && e.actor === 'jira-automation' && !e.actorIsBot),
      ),
    ).toBe(0);
    expect(share((t) => t.events.some((e) => e.kind === 'comment' && e.public === false))).toBeGreaterThan(
      0.2,
    );
    expect(share((t) => statuses(t).some((e) => e.to === 'Waiting for customer'))).toBeGreaterThan(0.05);
    expect(share((t) => statuses(t).some((e) => e.to === 'In Review'))).toBeGreaterThan(0.03);
    expect(share((t) => t.status === "Won't Do")).toBeGreaterThan(0.01);
    expect(share((t) => t.status === "Won't Do")).toBeLessThan(0.06);
    expect(share((t) => t.events.filter((e) => e.kind === 'assignee').length > 1)).toBeGreaterThan(0.02);
    expect(share((t) => t.events.some((e) => e.kind === 'priority'))).toBeGreaterThan(0.02);
    expect(share((t) => t.events.some((e) => e.kind === 'link'))).toBeGreaterThan(0);
    // First response: a public human comment by someone other than the requester.
    const responded = share((t) =>
      t.events.some(
        (e) => e.kind === 'comment' && e.public === true && !e.actorIsBot && e.actor !== t.requester,
      ),
    );
    expect(responded).toBeGreaterThan(0.8);
  });

  it('leaves recent and some long-open tickets open at endAt', () => {
    const endMs = END.getTime();
    const open = medium.tickets.filter(({ ticket }) => OPEN.has(ticket.status)).map((r) => r.ticket);
    expect(open.length).toBeGreaterThan(20);
    expect(open.some((t) => endMs - t.createdAt.getTime() < 2 * 86_400_000)).toBe(true);
    expect(open.filter((t) => endMs - t.createdAt.getTime() > 90 * 86_400_000).length).toBeGreaterThan(5);
    expect(new Set(open.map((t) => t.status)).size).toBeGreaterThanOrEqual(3);
  });

  it('uses a small named team, ~25 requester teams and all request types', () => {
    const assignees = new Set(medium.tickets.map(({ ticket }) => ticket.assignee).filter((a) => a !== null));
    expect(assignees.size).toBeGreaterThanOrEqual(5);
    expect(assignees.size).toBeLessThanOrEqual(6);
    const teams = new Set(medium.tickets.map(({ ticket }) => ticket.requesterTeam));
    expect(teams.size).toBeGreaterThanOrEqual(25);
    expect(new Set(medium.tickets.map((r) => r.requestType)).size).toBeGreaterThanOrEqual(18);
    expect(new Set(medium.tickets.map(({ ticket }) => ticket.type))).toEqual(
      new Set(['Service Request', 'Access', 'Incident', 'Task']),
    );
    expect(medium.tickets.every(({ ticket }) => ticket.source === 'demo' && ticket.team === 'platform')).toBe(
      true,
    );
  });

  it('phrases the same request in many ways', () => {
    const repos = medium.tickets.filter((r) => r.requestType === 'create-repo').map((r) => r.ticket);
    expect(new Set(repos.map((t) => t.title)).size / repos.length).toBeGreaterThan(0.8);
    expect(repos.some((t) => t.title === t.title.toLowerCase())).toBe(true);
    expect(medium.tickets.some(({ ticket }) => ticket.description.includes('\n> On '))).toBe(true);
    expect(repos.filter((t) => t.labels.length === 0).length).toBeGreaterThan(0);
  });

  it('arrives mostly on weekdays, Monday heaviest', () => {
    const byWeekday = [0, 0, 0, 0, 0, 0, 0];
    for (const { ticket } of medium.tickets) {
      const local = new Date(ticket.createdAt.getTime() - 5 * 3_600_000);
      byWeekday[local.getUTCDay()] = (byWeekday[local.getUTCDay()] ?? 0) + 1;
    }
    const [sun = 0, mon = 0, , , , fri = 0, sat = 0] = byWeekday;
    expect(mon).toBe(Math.max(...byWeekday));
    expect(fri).toBeLessThan(mon * 0.75);
    expect((sat + sun) / medium.tickets.length).toBeLessThan(0.04);
  });
});

describe('the repo-vending automation', () => {
  const launch = DEMO_AUTOMATION.launchedAt(END).getTime();

  it('launches mid-year', () => {
    expect(launch).toBeGreaterThan(END.getTime() - 0.6 * YEAR);
    expect(launch).toBeLessThan(END.getTime() - 0.4 * YEAR);
  });

  it('replaces most create-repo tickets with self-service runs after launch', () => {
    const share = (from: number, to: number) => {
      const inWindow = medium.tickets.filter(({ ticket }) => {
        const at = ticket.createdAt.getTime();
        return at >= from && at < to;
      });
      return inWindow.filter((r) => r.requestType === 'create-repo').length / inWindow.length;
    };
    const before = share(END.getTime() - YEAR, launch);
    const after = share(launch + 30 * 86_400_000, END.getTime());
    expect(after).toBeLessThan(before * 0.35);
    expect(after).toBeGreaterThan(0);

    expect(medium.runs.length).toBeGreaterThan(0);
    expect(medium.runs.every((r) => r.at.getTime() >= launch && r.automation === 'repo-vending')).toBe(true);
    const residual = medium.tickets.filter(
      (r) => r.requestType === 'create-repo' && r.ticket.createdAt.getTime() >= launch,
    ).length;
    const adoption = medium.runs.length / (medium.runs.length + residual);
    expect(adoption).toBeGreaterThan(0.65);
    expect(adoption).toBeLessThan(0.9);
    expect(medium.runs.filter((r) => r.outcome === 'success').length / medium.runs.length).toBeGreaterThan(
      0.9,
    );
    expect(medium.runs.every((r) => (r.durationSeconds ?? 0) >= 30 && (r.durationSeconds ?? 0) <= 120)).toBe(
      true,
    );
  });

  it('has the config the demo world runs under', () => {
    expect(Object.keys(DEMO_CONFIG.statusMap).sort()).toEqual(
      ['Done', 'In Progress', 'In Review', 'To Do', 'Triage', 'Waiting for customer', "Won't Do"].sort(),
    );
    const statuses = new Set(
      medium.tickets.flatMap(({ ticket }) => [
        ticket.status,
        ...ticket.events.map((e) => (e.kind === 'status' ? e.to : null)),
      ]),
    );
    statuses.delete(null);
    for (const s of statuses) expect(DEMO_CONFIG.statusMap, String(s)).toHaveProperty([String(s)]);
    expect(DEMO_CONFIG.calendars.business?.holidays).toContain('2025-12-25');
    const config = demoConfig(END);
    expect(config.automations?.[0]).toEqual({
      name: 'repo-vending',
      clusters: ['OPS-1'],
      launchedAt: new Date(launch).toISOString(),
      buildCostHours: 80,
    });
    expect(() => loadConfig(JSON.stringify(DEMO_CONFIG), 'DEMO_CONFIG')).not.toThrow();
    expect(() => loadConfig(JSON.stringify(config), 'demoConfig')).not.toThrow();
    expect(medium.tickets[0]?.requestType).toBe('create-repo');
    expect(JSON.parse(JSON.stringify(DEMO_CONFIG))).toEqual(DEMO_CONFIG);
  });
});

describe('deployments', () => {
  it('deploys 2–6 times per working day across 8 production services, ~8 % failing with a fix', () => {
    const { deployments } = medium;
    expect(deployments.length).toBeGreaterThan(2 * 240);
    expect(deployments.length).toBeLessThan(7 * 260);
    expect(new Set(deployments.map((d) => d.service)).size).toBe(8);
    expect(deployments.every((d) => d.environment === 'production' && d.source === 'demo')).toBe(true);
    const firsts = deployments.filter((d) => !d.isRework);
    const failed = firsts.filter((d) => d.status === 'failure');
    expect(failed.length / firsts.length).toBeGreaterThan(0.04);
    expect(failed.length / firsts.length).toBeLessThan(0.13);
    for (const f of failed) {
      const fix = deployments.find(
        (d) => d.isRework && d.service === f.service && d.startedAt.getTime() > f.startedAt.getTime(),
      );
      expect(fix).toBeDefined();
    }
    for (const d of deployments) {
      expect(d.commitTimes.length).toBeGreaterThan(0);
      for (const c of d.commitTimes) expect(c.getTime()).toBeLessThan(d.startedAt.getTime());
    }
    expect(new Set(deployments.map((d) => d.externalId)).size).toBe(deployments.length);
  });

  it('files some incidents right after failed deployments', () => {
    const failures = medium.deployments.filter((d) => d.status === 'failure');
    const followed = failures.filter((f) =>
      medium.tickets.some(({ ticket }) => {
        const gap = ticket.createdAt.getTime() - (f.finishedAt?.getTime() ?? 0);
        return ticket.type === 'Incident' && gap > 0 && gap < 30 * 60_000 && ticket.title.includes(f.service);
      }),
    );
    expect(followed.length).toBeGreaterThan(0);
  });
});

describe('volume and memory', () => {
  it.each([1000, 20_000])('generates ~%i tickets (±3 %)', (n) => {
    const count = n === 20_000 ? medium.tickets.length : collect(n, 3).tickets.length;
    expect(Math.abs(count - n) / n).toBeLessThan(0.03);
  });

  it('handles tiny and empty demos', () => {
    expect(collect(0).tickets).toHaveLength(0);
    expect(collect(10).tickets.length).toBeLessThan(20);
  });

  it('holds no state that grows with the number of tickets (200k)', () => {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    const collectGarbage = () => {
      if (typeof gc === 'function') gc();
    };
    const heap: number[] = [];
    let maxPending = 0;
    let slots = 0;
    let tickets = 0;
    const generator = generateDemo({
      tickets: 200_000,
      seed: 11,
      endAt: END,
      onDay: (s) => {
        maxPending = Math.max(maxPending, s.pending);
        slots = s.slots;
        if (s.day.endsWith('-15')) {
          collectGarbage();
          heap.push(process.memoryUsage().heapUsed);
        }
      },
    });
    for (const r of generator) if (r.kind === 'ticket') tickets++;
    expect(tickets).toBeGreaterThan(190_000);
    expect(maxPending).toBeLessThan(50);
    expect(slots).toBeGreaterThan(0);
    const [first = 0] = heap;
    const last = heap.at(-1) ?? 0;
    expect(heap.length).toBeGreaterThanOrEqual(11);
    expect(last - first).toBeLessThan(20 * 1024 * 1024);
  });
});
