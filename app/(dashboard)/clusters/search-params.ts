import { z } from 'zod';
import { parseToilSearchParams, type RawSearchParams, type ToilState } from '../candidates/search-params';

export type { RawSearchParams };

export interface ClustersState extends ToilState {
  /** Case-insensitive text that a label, template or term must contain. */
  q: string | null;
}

export interface ClusterDetailState extends ToilState {
  /** The opaque ticket-page cursor the API issued; null = first page. */
  cursor: string | null;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const text = z.string().trim().min(1).max(200).optional().catch(undefined);
const cursor = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,400}$/)
  .optional()
  .catch(undefined);

export function parseClustersSearchParams(raw: RawSearchParams, now: Date): ClustersState {
  return { ...parseToilSearchParams(raw, now), q: text.parse(first(raw.q)) ?? null };
}

export function parseClusterDetailSearchParams(raw: RawSearchParams, now: Date): ClusterDetailState {
  return { ...parseToilSearchParams(raw, now), cursor: cursor.parse(first(raw.cursor)) ?? null };
}
