import { z } from 'zod';
import { EVENT_KINDS, STATUS_CATEGORIES } from '../../domain/ticket';
import { parseIsoInstant, quote } from './instant';

/** Largest description kept, in UTF-8 bytes; larger records are rejected with their size. */
export const MAX_DESCRIPTION_BYTES = 1024 * 1024;

export const instantSchema = z.string().transform((value, ctx) => {
  const parsed = parseIsoInstant(value);
  if (parsed.ok) return parsed.date;
  ctx.addIssue({ code: 'custom', message: parsed.message });
  return z.NEVER;
});

const requiredTextSchema = z.string().refine((v) => v.trim() !== '', { message: 'must not be empty' });
const optionalTextSchema = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

export const descriptionSchema = z
  .string()
  .nullish()
  .transform((v, ctx) => {
    const text = v ?? '';
    // Cheap upper bound first: a UTF-16 unit is at most 3 UTF-8 bytes.
    if (text.length * 3 > MAX_DESCRIPTION_BYTES) {
      const bytes = Buffer.byteLength(text, 'utf8');
      if (bytes > MAX_DESCRIPTION_BYTES) {
        ctx.addIssue({ code: 'custom', message: `${formatBytes(bytes)} exceeds the 1 MiB limit` });
        return z.NEVER;
      }
    }
    return text;
  });

export const canonicalEventSchema = z
  .object({
    at: instantSchema,
    type: z.enum(EVENT_KINDS, {
      error: (iss) =>
        iss.input === undefined
          ? 'required'
          : `unknown event type ${typeof iss.input === 'string' ? quote(iss.input) : typeof iss.input} (expected ${EVENT_KINDS.join('|')})`,
    }),
    from: optionalTextSchema,
    to: optionalTextSchema,
    actor: optionalTextSchema,
    public: z
      .boolean()
      .nullish()
      .transform((v) => v ?? null),
    actorIsBot: z
      .boolean()
      .nullish()
      .transform((v) => v ?? false),
  })
  .superRefine((event, ctx) => {
    if (event.type === 'status' && event.to === null) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'required for a status event' });
    }
  });
export type CanonicalEvent = z.infer<typeof canonicalEventSchema>;

/** One ticket of the canonical import format (CONTRACT.md); unknown fields are dropped. */
export const canonicalTicketSchema = z.object({
  source: requiredTextSchema.nullish(),
  key: requiredTextSchema,
  title: requiredTextSchema,
  description: descriptionSchema,
  type: optionalTextSchema,
  priority: optionalTextSchema,
  labels: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? []),
  team: optionalTextSchema,
  requester: optionalTextSchema,
  requesterTeam: optionalTextSchema,
  assignee: optionalTextSchema,
  createdAt: instantSchema,
  status: requiredTextSchema.nullish(),
  /** Optional addition to the contract: the source's own category of `status`. */
  statusCategory: z.enum(STATUS_CATEGORIES).nullish(),
  url: optionalTextSchema,
  events: z
    .array(canonicalEventSchema)
    .nullish()
    .transform((v) => v ?? []),
});
export type CanonicalTicket = z.infer<typeof canonicalTicketSchema>;

function describeInput(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  if (typeof input === 'string') return `string ${quote(input)}`;
  if (typeof input === 'object') return 'an object';
  return `${typeof input} ${String(input)}`;
}

/** Short messages for the issue kinds a person meets in an import file; others keep zod's text. */
export const issueMessages: z.core.$ZodErrorMap = (iss) => {
  if (iss.code === 'invalid_type') {
    return iss.input === undefined ? 'required' : `expected ${iss.expected}, got ${describeInput(iss.input)}`;
  }
  if (iss.code === 'invalid_value') {
    return `expected one of ${iss.values.map(String).join('|')}, got ${describeInput(iss.input)}`;
  }
  return undefined;
};

/** `['events', 2, 'at']` → `events[2].at`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** One line: up to three issues as `path: message`, then how many more there were. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues
    .slice(0, 3)
    .map((i) => (i.path.length > 0 ? `${formatPath(i.path)}: ${i.message}` : i.message));
  const more = issues.length > 3 ? ` (+${issues.length - 3} more)` : '';
  return `${shown.join('; ')}${more}`;
}

export function formatBytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB (${bytes} bytes)`;
}
