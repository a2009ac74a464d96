import type { z } from 'zod';
import type { ToilscopeConfig } from '../config';
import type { Ticket } from '../domain/ticket';
import type { Env } from '../env';

/**
 * What a ticket source (Jira, Linear, GitHub, …) provides to the ingest framework (`runIngest` in
 * ./run-ingest.ts). A source never touches the database: it fetches and maps; the framework records the
 * run, stores each page in one transaction, keeps the cursor and reconciles deletions from the census.
 *
 * To add a source: implement `IngestSource`, register it in ./registry.ts (`INGEST_SOURCES`), and store
 * connections with `kind` = `IngestSource.kind` and `scope` accepted by `scopeSchema`.
 */
export interface IngestSource<Scope = unknown> {
  /** `connections.kind` and `tickets.source`, e.g. `jira`. */
  kind: string;
  /** Validates `connections.scope` (the JQL, team, repo…). */
  scopeSchema: z.ZodType<Scope>;
  /** A short human label for a connection of this scope (used for default connection names). */
  describeScope(scope: Scope, baseUrl: string | null): string;
  /** Incremental runs re-read this far before the last successful run's start (clock skew, lag). */
  overlapMs: number;
  /** How often the framework runs the id census when not asked explicitly. */
  censusIntervalMs: number;
  /**
   * Build a client from the environment. Throws InputError naming the missing env variable before any
   * request is made. `fetch` is the one seam where requests leave the process.
   */
  open(input: OpenSessionInput<Scope>): SourceSession;
}

export interface OpenSessionInput<Scope> {
  baseUrl: string | null;
  scope: Scope;
  env: Env;
  fetch: typeof fetch;
  /** The run's clock: relative time windows (`updated >= -90m`) must agree with the cursor. */
  now: () => Date;
  /** The config in force, for source-specific settings (e.g. `github.labelStatus`). */
  config?: ToilscopeConfig;
}

export interface FetchRequest {
  /** Records changed at or after this instant; null = everything in scope (a full load). */
  since: Date | null;
  signal: AbortSignal;
}

export interface SourceSession {
  /** Pages of mapped records, in the order the source returns them. Each page is stored atomically. */
  fetchPages(request: FetchRequest): AsyncIterable<SourcePage>;
  /** Every record currently in scope (ids and keys only), paged; finds deletions and moves. */
  census(signal: AbortSignal): AsyncIterable<CensusEntry[]>;
  /** Fetch these records (found in the census but not stored: fills gaps). */
  fetchByIds?(externalIds: readonly string[], signal: AbortSignal): AsyncIterable<SourcePage>;
  /** How many records the request will roughly yield, for the ETA; null when unknown. */
  estimate?(request: FetchRequest): Promise<number | null>;
  /** Requests retried so far (429, 5xx, network errors): recorded on the run. */
  retries(): number;
  /** Facts worth showing on the Sync page (discovered fields, fields left unmapped). JSON-safe. */
  describe?(): Record<string, unknown>;
  /** Credentials in use, so the framework can scrub them from any error text it stores or prints. */
  secrets(): string[];
}

export interface SourcePage {
  records: SourceRecord[];
  /** Records that could not be mapped: counted on the run, the rest of the page is still stored. */
  rejected: SourceRejection[];
}

export interface SourceRecord {
  /** Stable id at the source (survives renames and moves); ticket id = `${kind}:${connection}:${externalId}`. */
  externalId: string;
  /** The payload as fetched (extra pages merged in), kept in raw_payloads. Must hold no credential. */
  raw: unknown;
  ticket: Ticket;
  /** The source's own SLA cycles, stored in source_slo_cycles (replaced per ticket). */
  sourceSloCycles?: SourceSloCycle[];
}

export interface SourceRejection {
  externalId: string | null;
  reason: string;
}

export interface CensusEntry {
  externalId: string;
  key: string;
}

export interface SourceSloCycle {
  policy: string;
  cycle: number;
  sourceField: string | null;
  startedAt: Date;
  stoppedAt: Date | null;
  breachAt: Date | null;
  breached: boolean;
  paused: boolean | null;
  ongoing: boolean;
  goalMs: number | null;
  elapsedMs: number | null;
  remainingMs: number | null;
}
