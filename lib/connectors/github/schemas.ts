// GitHub REST payloads the connector reads (shared/api/API-NOTES.md §3). Loose objects keep the raw
// payload whole; only what the mappers rely on is required.
import { z } from 'zod';

const isoInstant = z.iso.datetime({ offset: true });

export const simpleUserSchema = z.looseObject({
  login: z.string(),
  id: z.number().optional(),
  type: z.string().optional(),
});
export type GithubUser = z.infer<typeof simpleUserSchema>;

const labelSchema = z.union([z.string(), z.looseObject({ name: z.string() })]);

export const issueSchema = z.looseObject({
  id: z.number(),
  number: z.number(),
  title: z.string(),
  body: z.string().nullish(),
  state: z.enum(['open', 'closed']),
  state_reason: z.string().nullish(),
  labels: z.array(labelSchema).default(() => []),
  user: simpleUserSchema.nullish(),
  assignee: simpleUserSchema.nullish(),
  assignees: z.array(simpleUserSchema).nullish(),
  created_at: isoInstant,
  updated_at: isoInstant,
  closed_at: isoInstant.nullish(),
  html_url: z.string().nullish(),
  pull_request: z.unknown().optional(),
  type: z.looseObject({ name: z.string() }).nullish(),
  performed_via_github_app: z.unknown().optional(),
});
export type GithubIssue = z.infer<typeof issueSchema>;

/** One timeline item: events, comments (`commented`) and cross-references share one array. */
export const timelineItemSchema = z.looseObject({
  event: z.string().optional(),
  id: z.number().nullish(),
  created_at: isoInstant.nullish(),
  actor: simpleUserSchema.nullish(),
  user: simpleUserSchema.nullish(),
  label: z.looseObject({ name: z.string() }).nullish(),
  assignee: simpleUserSchema.nullish(),
  state_reason: z.string().nullish(),
  performed_via_github_app: z.unknown().nullish(),
});
export type GithubTimelineItem = z.infer<typeof timelineItemSchema>;

export const deploymentSchema = z.looseObject({
  id: z.number(),
  sha: z.string(),
  ref: z.string().nullish(),
  environment: z.string(),
  created_at: isoInstant,
  production_environment: z.boolean().nullish(),
});
export type GithubDeployment = z.infer<typeof deploymentSchema>;

export const deploymentStatusSchema = z.looseObject({
  id: z.number(),
  state: z.string(),
  created_at: isoInstant,
});
export type GithubDeploymentStatus = z.infer<typeof deploymentStatusSchema>;

export const releaseSchema = z.looseObject({
  id: z.number(),
  tag_name: z.string(),
  target_commitish: z.string().nullish(),
  draft: z.boolean(),
  prerelease: z.boolean().nullish(),
  created_at: isoInstant,
  published_at: isoInstant.nullish(),
});
export type GithubRelease = z.infer<typeof releaseSchema>;

const commitSchema = z.looseObject({
  sha: z.string(),
  commit: z.looseObject({
    author: z.looseObject({ date: isoInstant }).nullish(),
    committer: z.looseObject({ date: isoInstant }).nullish(),
  }),
});
export type GithubCommit = z.infer<typeof commitSchema>;

export const compareSchema = z.looseObject({ commits: z.array(commitSchema) });
export const singleCommitSchema = commitSchema;

export const errorBodySchema = z.looseObject({ message: z.string().optional() });
