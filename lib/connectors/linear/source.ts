import { z } from 'zod';
import { InputError } from '../../errors';
import type {
  CensusEntry,
  FetchRequest,
  IngestSource,
  OpenSessionInput,
  SourcePage,
  SourceSession,
} from '../../ingest/source';
import { LinearClient } from './client';
import { mapLinearIssue } from './mapper';

export const linearScopeSchema = z.object({
  /** A team key (e.g. OPS); absent = every team the key can read. */
  team: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,20}$/, 'a Linear team key such as OPS')
    .optional(),
});
export type LinearScope = z.infer<typeof linearScopeSchema>;

export interface LinearSessionOptions {
  issuesPerPage?: number;
  nestedPerPage?: number;
}

export class LinearSession implements SourceSession {
  readonly client: LinearClient;
  private readonly coverage = {
    tickets: 0,
    noPriority: 0,
    noAssignee: 0,
    archived: 0,
    triageSkipped: 0,
    unmappedStateTypes: [] as string[],
  };

  constructor(
    private readonly scope: LinearScope,
    private readonly apiKey: string,
    apiUrl: string,
    fetchImpl: typeof fetch,
    options: LinearSessionOptions = {},
  ) {
    this.client = new LinearClient({ apiUrl, apiKey, fetch: fetchImpl, ...options });
  }

  secrets(): string[] {
    return [this.apiKey];
  }

  retries(): number {
    return this.client.transport.retries;
  }

  describe(): Record<string, unknown> {
    return { requests: this.client.transport.requests, coverage: { ...this.coverage } };
  }

  async *fetchPages(request: FetchRequest): AsyncGenerator<SourcePage> {
    const labelNames = await this.client.labels(request.signal);
    for await (const page of this.client.issuePages({
      since: request.since,
      team: this.scope.team ?? null,
      signal: request.signal,
    })) {
      const out: SourcePage = { records: [], rejected: page.rejected };
      for (const issue of page.issues) {
        const ticket = mapLinearIssue(issue, { labelNames });
        this.coverage.tickets++;
        if (!issue.priority) this.coverage.noPriority++;
        if (!ticket.assignee) this.coverage.noAssignee++;
        if (issue.archivedAt) this.coverage.archived++;
        if (!issue.startedTriageAt) this.coverage.triageSkipped++;
        if (
          ticket.sourceStatusCategory === null &&
          !this.coverage.unmappedStateTypes.includes(issue.state.type)
        ) {
          this.coverage.unmappedStateTypes.push(issue.state.type);
        }
        out.records.push({ externalId: issue.id, raw: issue, ticket });
      }
      yield out;
    }
  }

  async *census(signal: AbortSignal): AsyncGenerator<CensusEntry[]> {
    for await (const page of this.client.census({ team: this.scope.team ?? null, signal })) {
      yield page.map((i) => ({ externalId: i.id, key: i.identifier }));
    }
  }
}

export const linearSource: IngestSource<LinearScope> = {
  kind: 'linear',
  scopeSchema: linearScopeSchema,
  describeScope: (scope) => `linear ${scope.team ?? 'all teams'}`,
  // updatedAt is exact in Linear; five minutes cover clock skew between this host and Linear.
  overlapMs: 5 * 60_000,
  censusIntervalMs: 24 * 3_600_000,
  open(input: OpenSessionInput<LinearScope>) {
    const apiKey = input.env.LINEAR_API_KEY;
    if (!apiKey)
      throw new InputError('LINEAR_API_KEY is not set: create a personal API key in Linear (Settings → API)');
    return new LinearSession(input.scope, apiKey, input.baseUrl ?? input.env.LINEAR_API_URL, input.fetch);
  },
};
