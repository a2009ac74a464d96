import { z } from 'zod';
import type { StatusCategory } from '../../domain/ticket';
import type {
  CensusEntry,
  FetchRequest,
  IngestSource,
  OpenSessionInput,
  SourcePage,
  SourceSession,
} from '../../ingest/source';
import { GithubClient, type GithubRepo, parseRepo } from './client';
import { DEFAULT_LABEL_STATUS, mapGithubIssue } from './mapper';

export const githubScopeSchema = z.object({
  repo: z
    .string()
    .trim()
    .refine((v) => parseRepo(v) !== null, 'expected OWNER/NAME, e.g. acme/widgets'),
});
export type GithubScope = z.infer<typeof githubScopeSchema>;

export interface GithubSessionOptions {
  token: string | null;
  apiUrl: string;
  fetch: typeof fetch;
  labelStatus?: Readonly<Record<string, StatusCategory>>;
  perPage?: number;
}

export class GithubSession implements SourceSession {
  readonly client: GithubClient;
  readonly repo: GithubRepo;
  private readonly labelStatus: Readonly<Record<string, StatusCategory>>;
  private readonly coverage = {
    tickets: 0,
    noPriority: 0,
    noAssignee: 0,
    pullRequestsSkipped: 0,
    timelineItems: 0,
  };

  constructor(
    private readonly scope: GithubScope,
    private readonly options: GithubSessionOptions,
  ) {
    this.repo = parseRepo(scope.repo) as GithubRepo;
    this.client = new GithubClient({
      apiUrl: options.apiUrl,
      token: options.token,
      fetch: options.fetch,
      perPage: options.perPage,
    });
    this.labelStatus = options.labelStatus ?? DEFAULT_LABEL_STATUS;
  }

  secrets(): string[] {
    return this.options.token ? [this.options.token] : [];
  }

  retries(): number {
    return this.client.transport.retries;
  }

  describe(): Record<string, unknown> {
    return {
      requests: this.client.transport.requests,
      labelStatus: this.labelStatus,
      coverage: { ...this.coverage },
    };
  }

  async *fetchPages(request: FetchRequest): AsyncGenerator<SourcePage> {
    for await (const page of this.client.issuePages({
      repo: this.repo,
      since: request.since,
      signal: request.signal,
    })) {
      this.coverage.pullRequestsSkipped += page.pullRequests;
      const out: SourcePage = { records: [], rejected: page.rejected };
      for (const { issue, timeline } of page.issues) {
        this.coverage.tickets++;
        this.coverage.timelineItems += timeline.length;
        const ticket = mapGithubIssue(issue, timeline, {
          repo: this.scope.repo,
          labelStatus: this.labelStatus,
        });
        // GitHub issues have no priority field: every one counts as without.
        this.coverage.noPriority++;
        if (!ticket.assignee) this.coverage.noAssignee++;
        out.records.push({ externalId: String(issue.id), raw: { ...issue, timeline }, ticket });
      }
      yield out;
    }
  }

  async *census(signal: AbortSignal): AsyncGenerator<CensusEntry[]> {
    for await (const page of this.client.census({ repo: this.repo, signal })) {
      yield page.map((i) => ({ externalId: String(i.id), key: `${this.scope.repo}#${i.number}` }));
    }
  }
}

export const githubSource: IngestSource<GithubScope> = {
  kind: 'github',
  scopeSchema: githubScopeSchema,
  describeScope: (scope) => `github ${scope.repo}`,
  // `since` compares with updated_at to the second; five minutes cover clock skew.
  overlapMs: 5 * 60_000,
  censusIntervalMs: 24 * 3_600_000,
  open(input: OpenSessionInput<GithubScope>) {
    // Public repositories can be read without a token (60 requests an hour); private ones need one.
    return new GithubSession(input.scope, {
      token: input.env.GITHUB_TOKEN ?? null,
      apiUrl: input.baseUrl ?? input.env.GITHUB_API_URL,
      fetch: input.fetch,
      labelStatus: input.config?.github?.labelStatus,
    });
  },
};
