// Linear GraphQL payloads the connector reads (shared/api/API-NOTES.md §2). Unknown keys are kept so
// the raw payload stays whole; only what the mapper relies on is required.
import { z } from 'zod';

export const WORKFLOW_STATE_TYPES = [
  'triage',
  'backlog',
  'unstarted',
  'started',
  'completed',
  'canceled',
  'duplicate',
] as const;

const isoInstant = z.iso.datetime({ offset: true });

export const pageInfoSchema = z.looseObject({
  hasNextPage: z.boolean(),
  endCursor: z.string().nullable(),
});

const personSchema = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  displayName: z.string().nullish(),
  /** True for OAuth application users (integrations acting as a user). */
  app: z.boolean().nullish(),
});
export type LinearPerson = z.infer<typeof personSchema>;

const botActorSchema = z.looseObject({
  id: z.string().nullish(),
  name: z.string().nullish(),
  type: z.string().nullish(),
});

export const workflowStateSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  // Tolerant: a new state type must not reject the issue; the mapper flags it as unmapped.
  type: z.string(),
});
export type LinearWorkflowState = z.infer<typeof workflowStateSchema>;

export const historySchema = z.looseObject({
  id: z.string(),
  createdAt: isoInstant,
  actor: personSchema.nullish(),
  botActor: botActorSchema.nullish(),
  fromState: workflowStateSchema.nullish(),
  toState: workflowStateSchema.nullish(),
  fromAssignee: personSchema.nullish(),
  toAssignee: personSchema.nullish(),
  fromPriority: z.number().nullish(),
  toPriority: z.number().nullish(),
  addedLabelIds: z.array(z.string()).nullish(),
  removedLabelIds: z.array(z.string()).nullish(),
});
export type LinearHistory = z.infer<typeof historySchema>;

export const commentSchema = z.looseObject({
  id: z.string(),
  createdAt: isoInstant,
  user: personSchema.nullish(),
  botActor: botActorSchema.nullish(),
  externalUser: z.looseObject({ id: z.string(), name: z.string().nullish() }).nullish(),
});
export type LinearComment = z.infer<typeof commentSchema>;

export const labelSchema = z.looseObject({ id: z.string(), name: z.string() });

const connection = <T extends z.ZodType>(node: T) =>
  z.looseObject({ pageInfo: pageInfoSchema, nodes: z.array(node) });

export const historyConnectionSchema = connection(historySchema);
export const commentConnectionSchema = connection(commentSchema);
// Older queries ask for `labels { nodes }` only: no pageInfo means nothing more to page.
export const labelConnectionSchema = z.looseObject({
  pageInfo: pageInfoSchema.default({ hasNextPage: false, endCursor: null }),
  nodes: z.array(labelSchema),
});

export const issueSchema = z.looseObject({
  id: z.string(),
  identifier: z.string(),
  title: z.string(),
  description: z.string().nullish(),
  url: z.string().nullish(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
  archivedAt: isoInstant.nullish(),
  startedTriageAt: isoInstant.nullish(),
  triagedAt: isoInstant.nullish(),
  priority: z.number().nullish(),
  priorityLabel: z.string().nullish(),
  state: workflowStateSchema,
  team: z.looseObject({ id: z.string(), key: z.string(), name: z.string().nullish() }),
  assignee: personSchema.nullish(),
  creator: personSchema.nullish(),
  labels: labelConnectionSchema,
  history: historyConnectionSchema,
  comments: commentConnectionSchema.optional(),
});
export type LinearIssue = z.infer<typeof issueSchema>;

export const issuesPageSchema = z.looseObject({
  issues: z.looseObject({ pageInfo: pageInfoSchema, nodes: z.array(z.unknown()) }),
});

export const issueNestedPageSchema = z.looseObject({
  issue: z
    .looseObject({
      history: historyConnectionSchema.optional(),
      comments: commentConnectionSchema.optional(),
      labels: labelConnectionSchema.optional(),
    })
    .nullable(),
});

export const censusPageSchema = z.looseObject({
  issues: z.looseObject({
    pageInfo: pageInfoSchema,
    nodes: z.array(z.looseObject({ id: z.string(), identifier: z.string() })),
  }),
});

export const issueLabelsPageSchema = z.looseObject({
  issueLabels: labelConnectionSchema,
});

export const graphqlErrorSchema = z.looseObject({
  message: z.string().optional(),
  extensions: z
    .looseObject({
      type: z.string().optional(),
      code: z.string().optional(),
      statusCode: z.number().optional(),
      userPresentableMessage: z.string().optional(),
    })
    .optional(),
});

export const graphqlEnvelopeSchema = z.looseObject({
  data: z.unknown().optional(),
  errors: z.array(graphqlErrorSchema).optional(),
});
export type GraphqlError = z.infer<typeof graphqlErrorSchema>;
