// What happens to a ticket after it is filed: triage, the wait for a free engineer, the work,
// questions to the requester, review, resolution, the odd reopen. Decided when the ticket is
// created, against the team's capacity (SlotQueue); events past endAt are simply not recorded.
import type { RequestType } from './catalog';
import { type BusinessCalendar, HOUR, localDayOf, MINUTE } from './ny-time';
import { BOT, ENGINEER_PICKER, ENGINEERS, type Person } from './people';
import type { Rng } from './prng';
import type { SlotQueue } from './slot-queue';
import type { TicketBuilder } from './ticket-builder';

const SECOND = 1000;
const BUSINESS_DAY = 8 * HOUR;

export interface World {
  rng: Rng;
  cal: BusinessCalendar;
  queue: SlotQueue;
  /** Share of a slot's working time spent on requests; the rest goes to meetings and projects. */
  focus: number;
}

export interface Filed {
  number: number;
  type: RequestType;
  requester: Person;
}

/** The engineer on a weekly rota (triage duty, on-call), offset so duties fall on different people. */
function rota(ms: number, offset: number): Person {
  const week = Math.floor((localDayOf(ms) + 3) / 7);
  return ENGINEERS[(week + offset) % ENGINEERS.length] ?? ENGINEERS[0] ?? fail();
}

function fail(): never {
  throw new Error('no engineers');
}

function other(rng: Rng, not: Person): Person {
  for (;;) {
    const p = rng.pick(ENGINEERS);
    if (p !== not) return p;
  }
}

/** Requesters answer mostly during their own working day, sometimes in the evening. */
function requesterTime(w: World, ms: number): number {
  return w.rng.chance(0.8) ? w.cal.nextWorking(ms) + w.rng.exponential(20 * MINUTE) : ms;
}

const SHIFT: Readonly<Record<string, readonly string[]>> = {
  P1: ['P2'],
  P2: ['P1', 'P3', 'P3'],
  P3: ['P2', 'P4', 'P4'],
  P4: ['P3'],
};

export function runRequest(w: World, b: TicketBuilder, f: Filed): void {
  const { rng, cal } = w;
  const created = b.clock;
  // P1 work runs on the calendar clock (people stay late); everything else in working hours.
  const work = (from: number, ms: number) => (b.priority === 'P1' ? from + ms : cal.add(from, ms));
  if (rng.chance(0.3)) b.comment(created + rng.int(5, 90) * SECOND, BOT, true, true);

  let ready = created;
  let assignee: Person | null = null;
  if (b.status === 'Triage') {
    const triager = rota(created, 0);
    const delay = rng.exponential(
      b.priority === 'P1' ? 8 * MINUTE : b.priority === 'P2' ? 20 * MINUTE : 55 * MINUTE,
    );
    const at = b.priority === 'P1' ? created + delay : cal.add(created, delay);
    if (rng.chance(0.07)) b.reprioritise(at, rng.pick(SHIFT[b.priority] ?? ['P3']), triager.name);
    const label = f.type.labels[0];
    if (b.labels.length === 0 && label && rng.chance(0.4)) b.addLabel(at, label, triager.name);
    if (rng.chance(0.22)) b.comment(at, triager.name, true);
    if (rng.chance(0.1)) b.comment(at, triager.name, false);
    if (rng.chance(0.3)) {
      assignee = ENGINEER_PICKER.pick(rng);
      b.assign(at, assignee.name, triager.name);
    }
    b.moveTo(at, 'To Do', triager.name);
    ready = b.clock;
  }
  if (b.cut) return;

  if (rng.chance(0.025)) {
    cancel(w, b, f, ready);
    return;
  }
  // Low-priority asks that nobody ever picks up: the aging tail of the backlog.
  if (b.priority === 'P4' && rng.chance(0.025)) {
    if (rng.chance(0.5)) b.comment(cal.add(ready, rng.exponential(2 * HOUR)), rota(ready, 0).name, false);
    return;
  }

  const handling = rng.logNormal(f.type.handling.medianMinutes, f.type.handling.sigma) * MINUTE;
  const occupy = handling / w.focus;
  let start: number;
  if (b.priority === 'P1' || b.priority === 'P2') {
    // Urgent work jumps the queue and pushes the next free slot back instead.
    start =
      b.priority === 'P1'
        ? ready + rng.exponential(10 * MINUTE)
        : cal.nextWorking(ready + rng.exponential(30 * MINUTE));
    w.queue.replaceMin(cal.add(Math.max(w.queue.min(), start), occupy));
  } else {
    start = cal.nextWorking(Math.max(ready + rng.exponential(15 * MINUTE), w.queue.min()));
    w.queue.replaceMin(cal.add(start, occupy));
  }

  let engineer = assignee ?? ENGINEER_PICKER.pick(rng);
  if (!assignee) b.assign(start, engineer.name, engineer.name);
  b.moveTo(start + rng.int(0, 120) * SECOND, 'In Progress', engineer.name);
  if (!b.publicReply && rng.chance(0.8)) b.comment(start + rng.int(1, 15) * MINUTE, engineer.name, true);

  let from = b.clock;
  let remaining = handling;
  if (rng.chance(f.type.waitingChance)) {
    const before = handling * rng.uniform(0.1, 0.6);
    remaining -= before;
    const askAt = work(from, before);
    b.comment(askAt, engineer.name, true);
    b.moveTo(askAt, 'Waiting for customer', engineer.name);
    if (rng.chance(0.05)) {
      // The requester never answers; the bot closes some after ten working days.
      if (rng.chance(0.6)) {
        const closeAt = cal.add(askAt, 10 * BUSINESS_DAY);
        b.comment(closeAt, BOT, true, true);
        b.moveTo(closeAt, "Won't Do", BOT, true);
        b.resolve(closeAt, "Won't Do", BOT, true);
      }
      return;
    }
    const replyAt = requesterTime(w, askAt + rng.logNormal(5 * HOUR, 1.1));
    b.comment(replyAt, f.requester.name, true);
    b.moveTo(work(replyAt, rng.exponential(45 * MINUTE)), 'In Progress', engineer.name);
    from = b.clock;
  }

  const mid = work(from, remaining / 2);
  if (rng.chance(0.06)) {
    const next = other(rng, engineer);
    b.comment(mid, engineer.name, false);
    b.assign(mid, next.name, engineer.name);
    engineer = next;
  } else if (rng.chance(0.25)) {
    b.comment(mid, engineer.name, false);
  }
  let end = work(mid, remaining / 2);
  if (rng.chance(f.type.reviewChance)) {
    b.moveTo(end, 'In Review', engineer.name);
    const reviewed = cal.add(end, rng.logNormal(60 * MINUTE, 0.8));
    b.comment(reviewed, other(rng, engineer).name, false);
    end = reviewed + rng.exponential(20 * MINUTE);
  }
  finish(w, b, engineer, end);

  if (rng.chance(0.05)) {
    const reopenAt = requesterTime(w, end + rng.logNormal(20 * HOUR, 1));
    b.comment(reopenAt, f.requester.name, true);
    b.moveTo(reopenAt, 'To Do', f.requester.name);
    b.resolve(reopenAt, null, f.requester.name);
    const pickup = cal.add(reopenAt, rng.exponential(3 * HOUR));
    b.moveTo(pickup, 'In Progress', engineer.name);
    finish(w, b, engineer, cal.add(pickup, handling * rng.uniform(0.2, 0.6)));
  }
}

function finish(w: World, b: TicketBuilder, engineer: Person, at: number): void {
  if (w.rng.chance(0.7)) b.comment(at, engineer.name, true);
  b.moveTo(at, 'Done', engineer.name);
  b.resolve(at, 'Done', engineer.name);
}

function cancel(w: World, b: TicketBuilder, f: Filed, ready: number): void {
  const { rng, cal } = w;
  const at = cal.add(ready, rng.exponential(4 * HOUR));
  const actor = rota(at, 0).name;
  if (rng.chance(0.3) && f.number > 1) {
    b.link(at, `OPS-${Math.max(1, f.number - rng.int(1, 40))}`, actor);
    b.comment(at, actor, true);
  } else if (rng.chance(0.5)) {
    b.comment(at, f.requester.name, true);
  }
  b.moveTo(at, "Won't Do", actor);
  b.resolve(at, "Won't Do", actor);
}

export function runIncident(w: World, b: TicketBuilder): void {
  const { rng, cal } = w;
  const created = b.clock;
  if (rng.chance(0.6)) b.comment(created + rng.int(10, 60) * SECOND, BOT, true, true);
  const oncall = rota(created, 2);
  const ack = created + 30 * SECOND + rng.exponential(b.priority === 'P1' ? 5 * MINUTE : 15 * MINUTE);
  b.assign(ack, oncall.name, oncall.name);
  b.moveTo(ack + rng.int(10, 120) * SECOND, 'In Progress', oncall.name);
  b.comment(b.clock + rng.int(1, 6) * MINUTE, oncall.name, true);
  const restore = rng.logNormal(b.priority === 'P1' ? 50 * MINUTE : 150 * MINUTE, 0.9);
  // The on-call's queue work waits while the incident is worked.
  w.queue.replaceMin(cal.add(Math.max(w.queue.min(), ack), (restore * 0.5) / w.focus));

  let owner = oncall;
  if (rng.chance(0.15)) b.reprioritise(ack + restore * 0.2, b.priority === 'P1' ? 'P2' : 'P1', oncall.name);
  if (rng.chance(0.25)) {
    owner = other(rng, oncall);
    b.assign(ack + restore * 0.3, owner.name, oncall.name);
  }
  const notes = rng.int(1, 4);
  for (let i = 1; i <= notes; i++) b.comment(ack + (restore * i) / (notes + 1), owner.name, false);
  const resolvedAt = ack + restore;
  finish(w, b, owner, resolvedAt);
  if (rng.chance(0.04)) {
    const again = resolvedAt + rng.logNormal(3 * HOUR, 1);
    b.comment(again, BOT, true, true);
    b.moveTo(again, 'In Progress', owner.name);
    b.resolve(again, null, owner.name);
    finish(w, b, owner, again + rng.logNormal(40 * MINUTE, 0.8));
  }
}

export function runTask(w: World, b: TicketBuilder, f: Filed): void {
  const { rng, cal } = w;
  let ready = b.clock;
  if (b.status === 'Triage') {
    const triager = rota(ready, 0);
    b.moveTo(cal.add(ready, rng.exponential(3 * HOUR)), 'To Do', triager.name);
    ready = b.clock;
  }
  const startAt = cal.add(ready, rng.logNormal(6 * BUSINESS_DAY, 1));
  // Project work that never gets scheduled: long-open, aging tickets.
  if (rng.chance(0.12)) {
    if (rng.chance(0.5)) b.comment(startAt, rota(startAt, 1).name, false);
    return;
  }
  const owner = ENGINEER_PICKER.pick(rng);
  b.assign(startAt, owner.name, owner.name);
  b.moveTo(startAt + rng.int(0, 600) * SECOND, 'In Progress', owner.name);
  const duration = rng.logNormal(f.type.handling.medianMinutes * MINUTE, f.type.handling.sigma);
  const notes = rng.int(1, 5);
  let at = b.clock;
  for (let i = 0; i < notes; i++) {
    at = cal.add(at, duration / (notes + 1));
    b.comment(at, rng.chance(0.8) ? owner.name : other(rng, owner).name, false);
  }
  if (rng.chance(f.type.waitingChance)) {
    b.comment(at, owner.name, true);
    b.moveTo(at, 'Waiting for customer', owner.name);
    at = requesterTime(w, at + rng.logNormal(2 * 24 * HOUR, 0.8));
    b.comment(at, f.requester.name, true);
    b.moveTo(cal.add(at, rng.exponential(2 * HOUR)), 'In Progress', owner.name);
    at = b.clock;
  }
  let end = cal.add(at, duration / (notes + 1));
  if (rng.chance(f.type.reviewChance)) {
    b.moveTo(end, 'In Review', owner.name);
    end = cal.add(end, rng.logNormal(BUSINESS_DAY, 0.8));
    b.comment(end, other(rng, owner).name, false);
  }
  if (rng.chance(0.5)) b.comment(end, owner.name, true);
  b.moveTo(end, 'Done', owner.name);
  b.resolve(end, 'Done', owner.name);
}
