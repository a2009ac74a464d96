// Cluster ids that survive re-runs: a new cluster inherits the id of the previous cluster it mostly
// overlaps (by members), else one with the same template, else one with similar top terms. Only a
// genuinely new request type gets a new id, hashed from its template and its first ticket.
import { clusterIdOf } from './hash';

export interface PreviousClusters {
  clusters: readonly { id: string; template: string | null; terms: readonly string[] }[];
  /** Ticket id → the cluster it was in. */
  memberOf: ReadonlyMap<string, string>;
}

export interface ClusterIdentity {
  /** Hashed into the id of a new cluster: same input → same id. */
  fallbackSignature: string;
  template: string | null;
  terms: readonly string[];
  ticketIds: readonly string[];
}

const TERMS_MATCH = 0.5;

export function assignStableIds(
  clusters: readonly ClusterIdentity[],
  previous: PreviousClusters | null,
): string[] {
  const ids: (string | null)[] = clusters.map(() => null);
  const taken = new Set<string>();
  if (previous && previous.clusters.length > 0) {
    const previousSize = new Map<string, number>();
    for (const id of previous.memberOf.values()) previousSize.set(id, (previousSize.get(id) ?? 0) + 1);
    const pairs: { k: number; id: string; overlap: number }[] = [];
    clusters.forEach((c, k) => {
      const overlap = new Map<string, number>();
      for (const t of c.ticketIds) {
        const id = previous.memberOf.get(t);
        if (id !== undefined) overlap.set(id, (overlap.get(id) ?? 0) + 1);
      }
      for (const [id, count] of overlap) {
        // A majority of either side: the same request type seen again.
        if (count * 2 > c.ticketIds.length || count * 2 > (previousSize.get(id) ?? 0))
          pairs.push({ k, id, overlap: count });
      }
    });
    pairs.sort((a, b) => b.overlap - a.overlap || a.k - b.k || (a.id < b.id ? -1 : 1));
    for (const p of pairs) {
      if (ids[p.k] !== null || taken.has(p.id)) continue;
      ids[p.k] = p.id;
      taken.add(p.id);
    }
    const byTemplate = new Map<string, string>();
    for (const pc of previous.clusters)
      if (pc.template && !byTemplate.has(pc.template)) byTemplate.set(pc.template, pc.id);
    clusters.forEach((c, k) => {
      if (ids[k] !== null || !c.template) return;
      const id = byTemplate.get(c.template);
      if (id !== undefined && !taken.has(id)) {
        ids[k] = id;
        taken.add(id);
      }
    });
    clusters.forEach((c, k) => {
      if (ids[k] !== null || c.terms.length === 0) return;
      let best: string | null = null;
      let bestScore = TERMS_MATCH;
      for (const pc of previous.clusters) {
        if (taken.has(pc.id)) continue;
        const score = jaccard(c.terms, pc.terms);
        if (score > bestScore || (score === bestScore && best !== null && pc.id < best)) {
          best = pc.id;
          bestScore = score;
        }
      }
      if (best !== null) {
        ids[k] = best;
        taken.add(best);
      }
    });
    for (const pc of previous.clusters) taken.add(pc.id);
  }
  return clusters.map((c, k) => {
    const id = ids[k];
    if (id) return id;
    let fresh = clusterIdOf(c.fallbackSignature);
    for (let n = 2; taken.has(fresh); n++) fresh = clusterIdOf(`${c.fallbackSignature}#${n}`);
    taken.add(fresh);
    return fresh;
  });
}

function jaccard(a: readonly string[], b: readonly string[]): number {
  const set = new Set(a);
  let both = 0;
  for (const t of b) if (set.has(t)) both++;
  const union = set.size + b.length - both;
  return union === 0 ? 0 : both / union;
}
