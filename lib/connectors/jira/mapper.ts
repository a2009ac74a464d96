import { resolveStatus } from '../../domain/status-map';
import type { StatusCategory, Ticket, TicketEvent } from '../../domain/ticket';
import type { SourceSloCycle } from '../../ingest/source';
import { adfToText } from './adf';
import { parseJiraInstant } from './instant';
import {
  type JiraComment,
  type JiraDateDto,
  type JiraHistory,
  type JiraIssue,
  type JiraSlaCycle,
  type JiraUser,
  requestTypeFieldSchema,
  slaFieldSchema,
} from './schemas';

/** JSM fields found through `/field` by `schema.custom` (their ids differ per site). */
export interface JiraFieldDiscovery {
  requestTypeField: string | null;
  slaFields: Array<{ id: string; name: string }>;
}

export const NO_JSM_FIELDS: JiraFieldDiscovery = { requestTypeField: null, slaFields: [] };

export type JiraMapResult =
  | { ok: true; ticket: Ticket; sourceSloCycles: SourceSloCycle[]; requestType: string | null }
  | { ok: false; reason: string };

// Jira's three categories; names the analysis knows refine them (a "Waiting for customer" status is
// `indeterminate` in Jira but pauses SLO clocks, a "Won't Do" is `done` but was never delivered).
const CATEGORY_OF_KEY: Record<string, StatusCategory> = {
  new: 'queue',
  indeterminate: 'active',
  done: 'done',
};
const REFINES: Record<StatusCategory, StatusCategory[]> = {
  queue: ['triage', 'queue'],
  active: ['active', 'waiting'],
  done: ['done', 'canceled'],
  triage: [],
  waiting: [],
  canceled: [],
};

export function statusCategoryOf(
  name: string,
  categoryKey: string | null | undefined,
): StatusCategory | null {
  const broad = categoryKey ? CATEGORY_OF_KEY[categoryKey] : undefined;
  if (!broad) return null;
  const known = resolveStatus(name, {});
  if (!known.unmapped && REFINES[broad].includes(known.category)) return known.category;
  return broad;
}

function personOf(user: JiraUser | null | undefined): string | null {
  if (!user) return null;
  return user.displayName ?? user.name ?? user.accountId ?? null;
}

function isBot(user: JiraUser | null | undefined): boolean {
  return user?.accountType === 'app';
}

function labelList(value: string | null | undefined): string[] {
  return value ? value.split(/\s+/).filter((l) => l !== '') : [];
}

/** Where people browse the issue: the site root from `self` (`…/rest/api/…`), then `/browse/KEY`. */
function browseUrl(issue: JiraIssue): string | null {
  if (!issue.self) return null;
  const at = issue.self.indexOf('/rest/api/');
  return at > 0 ? `${issue.self.slice(0, at)}/browse/${issue.key}` : null;
}

function dateOf(dto: JiraDateDto | null | undefined): Date | null {
  if (!dto) return null;
  if (typeof dto.epochMillis === 'number') return new Date(dto.epochMillis);
  return parseJiraInstant(dto.jira ?? dto.iso8601 ?? null);
}

function slaCycle(
  policy: string,
  field: string,
  cycle: number,
  raw: JiraSlaCycle,
  ongoing: boolean,
): SourceSloCycle | null {
  const startedAt = dateOf(raw.startTime);
  if (!startedAt) return null;
  return {
    policy,
    cycle,
    sourceField: field,
    startedAt,
    stoppedAt: ongoing ? null : dateOf(raw.stopTime),
    breachAt: dateOf(raw.breachTime),
    breached: raw.breached ?? false,
    paused: ongoing ? (raw.paused ?? false) : null,
    ongoing,
    goalMs: raw.goalDuration?.millis ?? null,
    elapsedMs: raw.elapsedTime?.millis ?? null,
    remainingMs: raw.remainingTime?.millis ?? null,
  };
}

export function mapSlaCycles(
  fields: Record<string, unknown>,
  discovery: JiraFieldDiscovery,
): SourceSloCycle[] {
  const cycles: SourceSloCycle[] = [];
  for (const sla of discovery.slaFields) {
    const parsed = slaFieldSchema.safeParse(fields[sla.id]);
    if (!parsed.success || !parsed.data) continue;
    const policy = parsed.data.name ?? sla.name;
    let n = 0;
    for (const raw of parsed.data.completedCycles ?? []) {
      const cycle = slaCycle(policy, sla.id, n, raw, false);
      if (cycle) {
        cycles.push(cycle);
        n++;
      }
    }
    if (parsed.data.ongoingCycle) {
      const cycle = slaCycle(policy, sla.id, n, parsed.data.ongoingCycle, true);
      if (cycle) cycles.push(cycle);
    }
  }
  return cycles;
}

interface Draft {
  at: Date;
  order: number;
  event: Omit<TicketEvent, 'seq' | 'at'>;
}

/**
 * One Jira issue with its complete changelog and comments → the canonical ticket (pure).
 * Histories may come in any order; events are ordered by instant, then history id, then item order.
 * Changelog items are matched on `fieldId` (the display name `field` can be localised).
 */
export function mapJiraIssue(input: {
  issue: JiraIssue;
  histories: readonly JiraHistory[];
  comments: readonly JiraComment[];
  discovery: JiraFieldDiscovery;
}): JiraMapResult {
  const { issue, discovery } = input;
  const f = issue.fields;
  const createdAt = parseJiraInstant(f.created);
  if (!createdAt)
    return {
      ok: false,
      reason: `${issue.key}: fields.created: unreadable date ${JSON.stringify(f.created)}`,
    };

  const drafts: Draft[] = [];
  const histories = [...input.histories].sort(
    (a, b) => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id),
  );
  for (const [h, history] of histories.entries()) {
    const at = parseJiraInstant(history.created);
    if (!at) {
      return {
        ok: false,
        reason: `${issue.key}: changelog history ${history.id}: unreadable date ${JSON.stringify(history.created)}`,
      };
    }
    const actor = personOf(history.author);
    const actorIsBot = isBot(history.author);
    for (const [i, item] of (history.items ?? []).entries()) {
      const order = h * 1000 + i;
      const base = { actor, actorIsBot, public: null };
      const field = item.fieldId ?? item.field?.toLowerCase() ?? '';
      if (field === 'status') {
        drafts.push({
          at,
          order,
          event: { ...base, kind: 'status', from: item.fromString ?? null, to: item.toString ?? null },
        });
      } else if (field === 'assignee') {
        drafts.push({
          at,
          order,
          event: { ...base, kind: 'assignee', from: item.fromString ?? null, to: item.toString ?? null },
        });
      } else if (field === 'priority') {
        drafts.push({
          at,
          order,
          event: { ...base, kind: 'priority', from: item.fromString ?? null, to: item.toString ?? null },
        });
      } else if (field === 'resolution') {
        drafts.push({
          at,
          order,
          event: { ...base, kind: 'resolution', from: item.fromString ?? null, to: item.toString ?? null },
        });
      } else if (field === 'labels') {
        const before = new Set(labelList(item.fromString));
        const after = new Set(labelList(item.toString));
        for (const label of after) {
          if (!before.has(label))
            drafts.push({ at, order, event: { ...base, kind: 'label', from: null, to: label } });
        }
        for (const label of before) {
          if (!after.has(label))
            drafts.push({ at, order, event: { ...base, kind: 'label', from: label, to: null } });
        }
      }
    }
  }
  const comments = [...input.comments].sort((a, b) => Number(a.id) - Number(b.id));
  for (const [c, comment] of comments.entries()) {
    const at = parseJiraInstant(comment.created);
    if (!at) {
      return {
        ok: false,
        reason: `${issue.key}: comment ${comment.id}: unreadable date ${JSON.stringify(comment.created)}`,
      };
    }
    drafts.push({
      at,
      // After changelog items of the same instant: a transition is logged before its comment.
      order: 1_000_000_000 + c,
      event: {
        kind: 'comment',
        from: null,
        to: null,
        actor: personOf(comment.author),
        actorIsBot: isBot(comment.author),
        // jsdPublic false = a JSM internal note; outside JSM every comment is visible to the reporter.
        public: comment.jsdPublic ?? true,
      },
    });
  }
  drafts.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
  const events: TicketEvent[] = drafts.map((d, seq) => ({ ...d.event, at: d.at, seq }));

  let requestType: string | null = null;
  if (discovery.requestTypeField) {
    const parsed = requestTypeFieldSchema.safeParse(f[discovery.requestTypeField]);
    if (parsed.success) requestType = parsed.data?.requestType?.name ?? null;
  }
  const status = f.status.name;
  return {
    ok: true,
    requestType,
    sourceSloCycles: mapSlaCycles(f, discovery),
    ticket: {
      source: 'jira',
      key: issue.key,
      title: f.summary ?? '',
      description: adfToText(f.description),
      // A JSM request type names what was asked for more precisely than the issue type.
      type: requestType ?? f.issuetype?.name ?? null,
      priority: f.priority?.name ?? null,
      labels: [
        ...(f.labels ?? []),
        ...(f.components ?? []).flatMap((c) => (c.name ? [`component:${c.name}`] : [])),
      ],
      team: f.project?.name ?? f.project?.key ?? null,
      requester: personOf(f.reporter ?? f.creator),
      requesterTeam: null,
      assignee: personOf(f.assignee),
      createdAt,
      status,
      sourceStatusCategory: statusCategoryOf(status, f.status.statusCategory?.key),
      url: browseUrl(issue),
      events,
    },
  };
}
