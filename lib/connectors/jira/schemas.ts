import { z } from 'zod';

// Wire shapes of Jira Cloud (REST v3) and Data Center (REST v2), as far as the mapper reads them.
// Objects are loose (Jira adds keys freely); every key the API may send as null is nullish.

/** `2024-01-15T09:30:00.000+0000` (offset without a colon), ISO with `Z`/`+00:00`, or epoch s/ms. */
export const jiraInstantSchema = z.union([z.string(), z.number()]);

export const userSchema = z.looseObject({
  accountId: z.string().nullish(),
  name: z.string().nullish(), // Data Center
  key: z.string().nullish(), // Data Center
  displayName: z.string().nullish(),
  emailAddress: z.string().nullish(),
  accountType: z.string().nullish(),
});
export type JiraUser = z.infer<typeof userSchema>;

export const changeItemSchema = z.looseObject({
  field: z.string().nullish(),
  fieldtype: z.string().nullish(),
  fieldId: z.string().nullish(),
  from: z.string().nullish(),
  fromString: z.string().nullish(),
  to: z.string().nullish(),
  toString: z.string().nullish(),
});

export const historySchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  author: userSchema.nullish(),
  created: jiraInstantSchema,
  items: z.array(changeItemSchema).nullish(),
});
export type JiraHistory = z.infer<typeof historySchema>;

export const embeddedChangelogSchema = z.looseObject({
  startAt: z.number().nullish(),
  maxResults: z.number().nullish(),
  total: z.number().nullish(),
  histories: z.array(historySchema).nullish(),
});

/** GET /issue/{key}/changelog: a PageBean, `values` oldest first. */
export const changelogPageSchema = z.looseObject({
  startAt: z.number().nullish(),
  maxResults: z.number().nullish(),
  total: z.number().nullish(),
  isLast: z.boolean().nullish(),
  nextPage: z.string().nullish(),
  values: z.array(historySchema),
});

export const commentSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  author: userSchema.nullish(),
  body: z.unknown().optional(),
  created: jiraInstantSchema,
  jsdPublic: z.boolean().nullish(),
});
export type JiraComment = z.infer<typeof commentSchema>;

export const commentPageSchema = z.looseObject({
  startAt: z.number().nullish(),
  maxResults: z.number().nullish(),
  total: z.number().nullish(),
  comments: z.array(commentSchema),
});

const namedSchema = z.looseObject({ id: z.string().nullish(), name: z.string().nullish() });

export const statusSchema = z.looseObject({
  id: z.string().nullish(),
  name: z.string(),
  statusCategory: z.looseObject({ key: z.string().nullish(), name: z.string().nullish() }).nullish(),
});

export const issueFieldsSchema = z.looseObject({
  summary: z.string().nullish(),
  description: z.unknown().optional(),
  status: statusSchema,
  issuetype: namedSchema.nullish(),
  priority: namedSchema.nullish(),
  labels: z.array(z.string()).nullish(),
  components: z.array(namedSchema).nullish(),
  assignee: userSchema.nullish(),
  reporter: userSchema.nullish(),
  creator: userSchema.nullish(),
  project: z.looseObject({ key: z.string().nullish(), name: z.string().nullish() }).nullish(),
  created: jiraInstantSchema,
  updated: jiraInstantSchema.nullish(),
  resolutiondate: jiraInstantSchema.nullish(),
  comment: commentPageSchema.partial({ comments: true }).nullish(),
});

export const issueSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  key: z.string(),
  self: z.string().nullish(),
  changelog: embeddedChangelogSchema.nullish(),
  fields: issueFieldsSchema,
});
export type JiraIssue = z.infer<typeof issueSchema>;

/** The census reads only ids and keys. */
export const issueKeysSchema = z.array(
  z.looseObject({ id: z.union([z.string(), z.number()]).transform(String), key: z.string() }),
);

/** Cloud `/rest/api/3/search/jql`: no total; the last page drops `nextPageToken`. Issues checked one by one. */
export const searchJqlPageSchema = z.looseObject({
  issues: z.array(z.unknown()),
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().nullish(),
});

/** Data Center `/rest/api/2/search`: offset paging with a total. */
export const searchOffsetPageSchema = z.looseObject({
  startAt: z.number(),
  maxResults: z.number().nullish(),
  total: z.number(),
  issues: z.array(z.unknown()),
});

export const fieldSchema = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  custom: z.boolean().nullish(),
  schema: z.looseObject({ type: z.string().nullish(), custom: z.string().nullish() }).nullish(),
});
export const fieldListSchema = z.array(fieldSchema);

export const errorCollectionSchema = z.looseObject({
  errorMessages: z.array(z.string()).nullish(),
  errors: z.record(z.string(), z.unknown()).nullish(),
});

export const approximateCountSchema = z.looseObject({ count: z.number() });

const dateDtoSchema = z.looseObject({
  iso8601: z.string().nullish(),
  jira: z.string().nullish(),
  epochMillis: z.number().nullish(),
});
const durationSchema = z.looseObject({ millis: z.number().nullish() });

export const slaCycleSchema = z.looseObject({
  startTime: dateDtoSchema,
  stopTime: dateDtoSchema.nullish(),
  breachTime: dateDtoSchema.nullish(),
  breached: z.boolean().nullish(),
  paused: z.boolean().nullish(),
  goalDuration: durationSchema.nullish(),
  elapsedTime: durationSchema.nullish(),
  remainingTime: durationSchema.nullish(),
});
export type JiraSlaCycle = z.infer<typeof slaCycleSchema>;
export type JiraDateDto = z.infer<typeof dateDtoSchema>;

export const slaFieldSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).nullish(),
  name: z.string().nullish(),
  completedCycles: z.array(slaCycleSchema).nullish(),
  ongoingCycle: slaCycleSchema.nullish(),
});

export const requestTypeFieldSchema = z.looseObject({
  requestType: z.looseObject({ id: z.string().nullish(), name: z.string().nullish() }).nullish(),
});
