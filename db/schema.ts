import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

// ── Sources and sync bookkeeping ──────────────────────────────────────────────

export const connections = pgTable(
  'connections',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').notNull(), // jira | linear | github | file
    name: text('name').notNull(),
    baseUrl: text('base_url'),
    scope: jsonb('scope').$type<Record<string, unknown>>().notNull().default({}),
    schedule: text('schedule'),
    secretCiphertext: text('secret_ciphertext'),
    secretKeyId: text('secret_key_id'),
    secretLast4: text('secret_last4'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    // Names are how users address connections (`sync --name`, `connections remove`).
    uniqueIndex('connections_name_uq').on(t.name),
  ],
);
export type Connection = typeof connections.$inferSelect;
export type NewConnection = typeof connections.$inferInsert;

export const syncRuns = pgTable(
  'sync_runs',
  {
    id: serial('id').primaryKey(),
    connectionId: integer('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(), // import | ingest | demo
    startedAt: instant('started_at').notNull(),
    finishedAt: instant('finished_at'),
    status: text('status').notNull(), // running | succeeded | failed
    pages: integer('pages').notNull().default(0),
    tickets: integer('tickets').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    retries: integer('retries').notNull().default(0),
    error: text('error'),
    cursorFrom: instant('cursor_from'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    // The Sync page lists the latest runs per connection.
    index('sync_runs_connection_started_idx').on(t.connectionId, t.startedAt),
  ],
);
export type SyncRun = typeof syncRuns.$inferSelect;

export const syncCursors = pgTable(
  'sync_cursors',
  {
    connectionId: integer('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    entity: text('entity').notNull(),
    lastSuccessStartedAt: instant('last_success_started_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.entity] })],
);
export type SyncCursor = typeof syncCursors.$inferSelect;

export const rawPayloads = pgTable(
  'raw_payloads',
  {
    connectionId: integer('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    fetchedAt: instant('fetched_at').notNull(),
    body: jsonb('body').notNull(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.externalId] })],
);
export type RawPayload = typeof rawPayloads.$inferSelect;

// ── Canonical tickets ──────────────────────────────────────────────────────────

export const tickets = pgTable(
  'tickets',
  {
    id: text('id').primaryKey(), // <source>:<connection id>:<external id>
    connectionId: integer('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    source: text('source').notNull(),
    key: text('key').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    type: text('type'),
    priority: text('priority'),
    labels: text('labels').array().notNull().default(sql`'{}'::text[]`),
    team: text('team'),
    requester: text('requester'),
    requesterTeam: text('requester_team'),
    assignee: text('assignee'),
    status: text('status').notNull(),
    statusCategory: text('status_category').notNull(),
    sourceStatusCategory: text('source_status_category'),
    url: text('url'),
    createdAt: instant('created_at').notNull(),
    original: jsonb('original').$type<Record<string, string>>().notNull().default({}),
    ingestedAt: instant('ingested_at').notNull().defaultNow(),
    deletedAt: instant('deleted_at'),
  },
  (t) => [
    // Idempotent upserts: one row per record of a connection.
    uniqueIndex('tickets_connection_external_uq').on(t.connectionId, t.externalId),
    // Windows and weekly volume filter on creation time.
    index('tickets_created_idx').on(t.createdAt),
    // Open-ticket lists and WIP filter on the current category.
    index('tickets_category_idx').on(t.statusCategory),
    // `export tickets` and the API page by key within a source.
    index('tickets_source_key_idx').on(t.source, t.key),
  ],
);
export type TicketRow = typeof tickets.$inferSelect;
export type NewTicketRow = typeof tickets.$inferInsert;

export const ticketEvents = pgTable(
  'ticket_events',
  {
    ticketId: text('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    at: instant('at').notNull(),
    kind: text('kind').notNull(),
    fromValue: text('from_value'),
    toValue: text('to_value'),
    actor: text('actor'),
    actorIsBot: boolean('actor_is_bot').notNull().default(false),
    isPublic: boolean('is_public'),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.seq] })],
);
export type TicketEventRow = typeof ticketEvents.$inferSelect;

// ── Derived (rebuilt by `analyze`) ─────────────────────────────────────────────

export const ticketIntervals = pgTable(
  'ticket_intervals',
  {
    ticketId: text('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    status: text('status').notNull(),
    category: text('category').notNull(),
    enteredAt: instant('entered_at').notNull(),
    leftAt: instant('left_at'),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.ordinal] })],
);
export type TicketIntervalRow = typeof ticketIntervals.$inferSelect;

export const ticketMetrics = pgTable(
  'ticket_metrics',
  {
    ticketId: text('ticket_id')
      .primaryKey()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    isOpen: boolean('is_open').notNull(),
    firstResolvedAt: instant('first_resolved_at'),
    resolvedAt: instant('resolved_at'),
    leadTimeFirstHours: doublePrecision('lead_time_first_hours'),
    leadTimeFinalHours: doublePrecision('lead_time_final_hours'),
    cycleTimeHours: doublePrecision('cycle_time_hours'),
    queueHours: doublePrecision('queue_hours').notNull(),
    triageHours: doublePrecision('triage_hours').notNull(),
    waitingHours: doublePrecision('waiting_hours').notNull(),
    activeHours: doublePrecision('active_hours').notNull(),
    doneInterimHours: doublePrecision('done_interim_hours').notNull(),
    flowEfficiency: doublePrecision('flow_efficiency'),
    timeToFirstResponseHours: doublePrecision('time_to_first_response_hours'),
    timeToAssignHours: doublePrecision('time_to_assign_hours'),
    timeToTriageHours: doublePrecision('time_to_triage_hours'),
    reopenCount: integer('reopen_count').notNull(),
    clusterId: text('cluster_id'),
    // The ticket's scope as analysed, so the Flow page filters and aggregates without joining tickets.
    source: text('source'),
    team: text('team'),
    type: text('type'),
    createdAt: instant('created_at'),
    // The first working interval right after a done one (flow metrics' reopen): "reopened within N days".
    firstReopenedAt: instant('first_reopened_at'),
    computedAsOf: instant('computed_as_of').notNull(),
    settingsVersion: integer('settings_version'),
    // When analyze derived this row: a ticket ingested later is re-derived by the next incremental run.
    derivedAt: instant('derived_at'),
    // Whether a later as-of can change this ticket's rows (open, an ongoing SLO cycle, events after as-of).
    asOfSensitive: boolean('as_of_sensitive').notNull().default(true),
  },
  (t) => [
    // Flow and DORA windows are over the first resolution. Covering what the Flow page aggregates and
    // filters by, so its cohort is an index-only scan (a third of the heap's bytes).
    index('ticket_metrics_first_resolved_idx').on(
      t.firstResolvedAt,
      t.leadTimeFirstHours,
      t.cycleTimeHours,
      t.queueHours,
      t.waitingHours,
      t.activeHours,
      t.flowEfficiency,
      t.reopenCount,
      t.firstReopenedAt,
      t.type,
      t.team,
      t.source,
      t.clusterId,
      t.ticketId,
    ),
    // Per-request-type aggregates.
    index('ticket_metrics_cluster_idx').on(t.clusterId),
    // "As of" of the last analysis (max) without scanning every ticket's metrics; values repeat, so it stays small.
    index('ticket_metrics_computed_as_of_idx').on(t.computedAsOf),
    // Flow page: aging WIP (oldest first) and Kaplan–Meier censoring read only the (few) open tickets.
    index('ticket_metrics_open_idx').on(t.createdAt, t.ticketId).where(sql`${t.isOpen}`),
  ],
);
export type TicketMetricsRow = typeof ticketMetrics.$inferSelect;

export const sloCycles = pgTable(
  'slo_cycles',
  {
    ticketId: text('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    policy: text('policy').notNull(),
    cycle: integer('cycle').notNull(),
    startedAt: instant('started_at').notNull(),
    stoppedAt: instant('stopped_at'),
    elapsedBusinessHours: doublePrecision('elapsed_business_hours').notNull(),
    goalHours: doublePrecision('goal_hours').notNull(),
    met: boolean('met'),
    breached: boolean('breached').notNull(),
    breachedAt: instant('breached_at'),
    remainingHours: doublePrecision('remaining_hours'),
    dueAt: instant('due_at'),
    ongoing: boolean('ongoing').notNull(),
    calendar: text('calendar').notNull(),
    calendarVersion: text('calendar_version').notNull(),
    // The ticket's scope as analysed, so the SLO page filters and groups without joining tickets.
    source: text('source'),
    team: text('team'),
    clusterId: text('cluster_id'),
    // Starts of this ticket's previous cycle, and previous breached cycle, of the same policy: a cycle
    // in a window whose predecessor started before it is the ticket's first there, so distinct
    // tickets become a plain count.
    previousStartedAt: instant('previous_started_at'),
    previousBreachedStartedAt: instant('previous_breached_started_at'),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.policy, t.cycle] }),
    // The at-risk list: only ongoing, unbreached cycles, already in the list's order (due time, then ticket).
    index('slo_cycles_at_risk_idx')
      .on(t.dueAt, t.ticketId, t.policy)
      .where(sql`${t.ongoing} and not ${t.breached}`),
    // SLO page aggregates by cycle start window; covering, so they are index-only scans of the window.
    index('slo_cycles_started_idx').on(
      t.startedAt,
      t.policy,
      t.breached,
      t.ongoing,
      t.previousStartedAt,
      t.previousBreachedStartedAt,
      t.team,
      t.source,
      t.clusterId,
    ),
  ],
);
export type SloCycleRow = typeof sloCycles.$inferSelect;

/** The source's own SLA cycles (e.g. Jira Service Management), kept next to ours for comparison. */
export const sourceSloCycles = pgTable(
  'source_slo_cycles',
  {
    ticketId: text('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    policy: text('policy').notNull(), // the source's SLA name, e.g. "Time to first response"
    cycle: integer('cycle').notNull(), // 0-based; completed cycles first, the ongoing one last
    sourceField: text('source_field'),
    startedAt: instant('started_at').notNull(),
    stoppedAt: instant('stopped_at'),
    breachAt: instant('breach_at'),
    breached: boolean('breached').notNull(),
    paused: boolean('paused'),
    ongoing: boolean('ongoing').notNull(),
    goalMs: bigint('goal_ms', { mode: 'number' }),
    elapsedMs: bigint('elapsed_ms', { mode: 'number' }),
    remainingMs: bigint('remaining_ms', { mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.policy, t.cycle] })],
);
export type SourceSloCycleRow = typeof sourceSloCycles.$inferSelect;

// ── Request types ─────────────────────────────────────────────────────────────

export const clusters = pgTable('clusters', {
  id: text('id').primaryKey(), // stable across re-runs
  label: text('label').notNull(),
  template: text('template'),
  // Values seen per `<*>` slot of the top template (lib/toil ParameterSlot).
  parameters: jsonb('parameters')
    .$type<{ slot: number; values: string[]; distinct: number }[]>()
    .notNull()
    .default([]),
  // Every title template in the cluster with its ticket count: split overrides name these ids.
  templates: jsonb('templates')
    .$type<{ id: string; text: string; tickets: number }[]>()
    .notNull()
    .default([]),
  // Most characteristic terms (c-TF-IDF): labels, and matching clusters across re-runs.
  terms: jsonb('terms').$type<string[]>().notNull().default([]),
  tickets: integer('tickets').notNull().default(0),
  firstSeen: instant('first_seen'),
  lastSeen: instant('last_seen'),
  examples: jsonb('examples').$type<string[]>().notNull().default([]),
  excluded: boolean('excluded').notNull().default(false),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});
export type ClusterRow = typeof clusters.$inferSelect;

export const clusterMembers = pgTable(
  'cluster_members',
  {
    ticketId: text('ticket_id')
      .primaryKey()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    clusterId: text('cluster_id').notNull(),
    // The miner's cluster before overrides: re-clustering matches ids on it, so overrides keep applying.
    minedClusterId: text('mined_cluster_id'),
    templateId: text('template_id'),
    parameters: jsonb('parameters').$type<string[]>().notNull().default([]),
  },
  (t) => [
    // Cluster detail lists its tickets.
    index('cluster_members_cluster_idx').on(t.clusterId),
  ],
);

// One row per clustering run: incremental runs assign tickets ingested after the last run's mark;
// a changed settings key forces a full re-cluster.
export const clusterRuns = pgTable('cluster_runs', {
  id: serial('id').primaryKey(),
  mode: text('mode').notNull(), // full | incremental
  settingsKey: text('settings_key').notNull(),
  startedAt: instant('started_at').notNull(),
  finishedAt: instant('finished_at').notNull(),
  // Newest tickets.ingested_at the run saw: the next incremental run starts after it.
  ingestedThrough: instant('ingested_through'),
  tickets: integer('tickets').notNull(),
  clustered: integer('clustered').notNull(),
  clusters: integer('clusters').notNull(),
});
export type ClusterRunRow = typeof clusterRuns.$inferSelect;

export const clusterOverrides = pgTable('cluster_overrides', {
  id: serial('id').primaryKey(),
  action: text('action').notNull(), // rename | merge | split | exclude | assign
  clusterId: text('cluster_id').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: instant('created_at').notNull().defaultNow(),
  createdBy: text('created_by'),
});
export type ClusterOverrideRow = typeof clusterOverrides.$inferSelect;

// ── Automations and deployments ───────────────────────────────────────────────

export const automations = pgTable(
  'automations',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    clusters: jsonb('clusters').$type<string[]>().notNull().default([]),
    launchedAt: instant('launched_at').notNull(),
    buildCostHours: doublePrecision('build_cost_hours'),
    tokenHash: text('token_hash'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('automations_name_uq').on(t.name)],
);
export type AutomationRow = typeof automations.$inferSelect;

export const automationRuns = pgTable(
  'automation_runs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    automation: text('automation').notNull(),
    at: instant('at').notNull(),
    actor: text('actor'),
    outcome: text('outcome').notNull(),
    durationSeconds: doublePrecision('duration_seconds'),
  },
  (t) => [
    // Re-importing a runs file must not double-count (idempotent on automation+instant+actor).
    uniqueIndex('automation_runs_natural_uq').on(t.automation, t.at, t.actor),
  ],
);
export type AutomationRunRow = typeof automationRuns.$inferSelect;

export const deployments = pgTable(
  'deployments',
  {
    id: text('id').primaryKey(), // <source>:<external id>
    source: text('source').notNull(),
    service: text('service').notNull(),
    environment: text('environment').notNull(),
    startedAt: instant('started_at').notNull(),
    finishedAt: instant('finished_at'),
    status: text('status').notNull(),
    commitTimes: jsonb('commit_times').$type<string[]>().notNull().default([]),
    isRework: boolean('is_rework').notNull().default(false),
    /** Incident tickets linked to this deployment (GitHub: same service, within the incident window). */
    linkedIncidents: jsonb('linked_incidents').$type<string[]>().notNull().default([]),
  },
  (t) => [
    // Deployment DORA windows are by start time.
    index('deployments_started_idx').on(t.startedAt),
  ],
);
export type DeploymentRow = typeof deployments.$inferSelect;

// One row per finished `analyze`: the next run is incremental only when its config digest matches.
export const analysisRuns = pgTable('analysis_runs', {
  id: serial('id').primaryKey(),
  mode: text('mode').notNull(), // full | incremental
  configDigest: text('config_digest').notNull(),
  asOf: instant('as_of').notNull(),
  startedAt: instant('started_at').notNull(),
  finishedAt: instant('finished_at').notNull(),
  tickets: integer('tickets').notNull(),
  // The saved settings version the run used (null: a config file or the defaults), so every page can
  // say which settings produced its figures.
  settingsVersion: integer('settings_version'),
});
export type AnalysisRunRow = typeof analysisRuns.$inferSelect;

// ── Settings ──────────────────────────────────────────────────────────────────

export const settingsVersions = pgTable('settings_versions', {
  version: serial('version').primaryKey(),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
  savedAt: instant('saved_at').notNull().defaultNow(),
  savedBy: text('saved_by'),
});
export type SettingsVersionRow = typeof settingsVersions.$inferSelect;

// ── People and sessions (sign-in mode) ───────────────────────────────────────

export const USER_ROLES = ['viewer', 'editor', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    email: text('email').notNull(), // stored lower-cased
    passwordHash: text('password_hash').notNull(), // scrypt$N$r$p$salt$hash
    role: text('role').$type<UserRole>().notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    disabledAt: instant('disabled_at'),
  },
  (t) => [
    // Sign-in looks a person up by email; two accounts must never share one.
    uniqueIndex('users_email_uq').on(t.email),
  ],
);
export type UserRow = typeof users.$inferSelect;

export const sessions = pgTable(
  'sessions',
  {
    // SHA-256 of the cookie's random token: a database dump does not hand out live sessions.
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: instant('created_at').notNull().defaultNow(),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [
    // Disabling a person ends all their sessions.
    index('sessions_user_idx').on(t.userId),
  ],
);
export type SessionRow = typeof sessions.$inferSelect;

export const setupTokens = pgTable('setup_tokens', {
  // SHA-256 of the one-time first-admin link's token; single use, expires.
  tokenHash: text('token_hash').primaryKey(),
  createdAt: instant('created_at').notNull().defaultNow(),
  expiresAt: instant('expires_at').notNull(),
  usedAt: instant('used_at'),
});
export type SetupTokenRow = typeof setupTokens.$inferSelect;
