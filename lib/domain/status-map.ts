import type { StatusCategory } from './ticket';

export type StatusMap = Readonly<Record<string, StatusCategory>>;

export interface ResolvedStatus {
  category: StatusCategory;
  /** True when neither the config nor the source nor a well-known name gave a category. */
  unmapped: boolean;
}

// Names common enough across Jira/Linear/GitHub workflows to categorise without config.
const WELL_KNOWN: Record<string, StatusCategory> = {
  triage: 'triage',
  new: 'queue',
  open: 'queue',
  'to do': 'queue',
  todo: 'queue',
  backlog: 'queue',
  blocked: 'queue',
  reopened: 'queue',
  'in progress': 'active',
  'in review': 'active',
  'waiting for customer': 'waiting',
  'waiting for requester': 'waiting',
  'waiting on requester': 'waiting',
  'waiting for support': 'queue',
  pending: 'waiting',
  done: 'done',
  resolved: 'done',
  closed: 'done',
  completed: 'done',
  "won't do": 'canceled',
  'wont do': 'canceled',
  canceled: 'canceled',
  cancelled: 'canceled',
  duplicate: 'canceled',
  'not planned': 'canceled',
  declined: 'canceled',
};

/**
 * Category of a status: the config's statusMap wins, then the source's own category, then a
 * well-known name; anything else is `queue` and flagged unmapped (CONTRACT.md, config file).
 */
export function resolveStatus(
  name: string,
  statusMap: StatusMap,
  sourceCategory: StatusCategory | null = null,
): ResolvedStatus {
  const configured = statusMap[name];
  if (configured) return { category: configured, unmapped: false };
  if (sourceCategory) return { category: sourceCategory, unmapped: false };
  const known = WELL_KNOWN[name.trim().toLowerCase()];
  if (known) return { category: known, unmapped: false };
  return { category: 'queue', unmapped: true };
}
