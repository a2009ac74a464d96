// Incremental assignment: new tickets join existing request types without a full re-cluster — by
// matching a cluster's title template, else by sharing its characteristic terms.
import { SLOT, slotValues } from './drain';
import { DEFAULT_MINING_OPTIONS, type MiningOptions, type ToilTicket } from './mine';
import { normaliseText, normaliseTitle, tokenise } from './normalise';
import type { Cluster } from './types';

export interface Assignment {
  ticketId: string;
  clusterId: string | null;
  templateId: string | null;
  parameters: string[];
}

/** Share of a cluster's weighted top terms a ticket must contain to join it. */
const TERMS_THRESHOLD = 0.5;

interface IndexedTemplate {
  clusterId: string;
  id: string;
  tokens: string[];
  literals: number;
  tickets: number;
}

export class ClusterAssigner {
  private readonly byLength = new Map<number, IndexedTemplate[]>();
  private readonly clusters: readonly Pick<Cluster, 'id' | 'terms' | 'tickets'>[];
  private readonly options: MiningOptions;

  constructor(
    clusters: readonly Pick<Cluster, 'id' | 'templates' | 'terms' | 'tickets'>[],
    options: Partial<MiningOptions> = {},
  ) {
    this.options = { ...DEFAULT_MINING_OPTIONS, ...options };
    this.clusters = [...clusters].sort((a, b) => b.tickets - a.tickets || (a.id < b.id ? -1 : 1));
    for (const c of this.clusters as readonly Pick<Cluster, 'id' | 'templates' | 'terms' | 'tickets'>[]) {
      for (const t of c.templates) {
        const tokens = t.text.split(' ').filter((w) => w !== '');
        const list = this.byLength.get(tokens.length) ?? [];
        this.byLength.set(tokens.length, list);
        list.push({
          clusterId: c.id,
          id: t.id,
          tokens,
          literals: tokens.filter((w) => w !== SLOT).length,
          tickets: t.tickets,
        });
      }
    }
  }

  assign(ticket: ToilTicket): Assignment {
    const words = tokenise(normaliseTitle(ticket.title));
    let best: IndexedTemplate | null = null;
    let bestScore = this.options.templateSimilarity;
    for (const t of this.byLength.get(words.length) ?? []) {
      if (t.literals === 0) continue;
      let equal = 0;
      for (let i = 0; i < t.tokens.length; i++) if (t.tokens[i] === words[i]) equal++;
      const score = equal / words.length;
      if (score > bestScore || (score === bestScore && best !== null && t.tickets > best.tickets)) {
        best = t;
        bestScore = score;
      }
    }
    if (best) {
      return {
        ticketId: ticket.id,
        clusterId: best.clusterId,
        templateId: best.id,
        parameters: slotValues(best.tokens, words),
      };
    }
    const present = new Set([
      ...words,
      ...tokenise(normaliseText(ticket.description, { maxChars: this.options.descriptionChars })),
    ]);
    let bestCluster: string | null = null;
    let bestShare = TERMS_THRESHOLD;
    for (const c of this.clusters) {
      let have = 0;
      let total = 0;
      c.terms.forEach((term, rank) => {
        const w = 1 / (1 + rank);
        total += w;
        if (present.has(term)) have += w;
      });
      const share = total === 0 ? 0 : have / total;
      if (share > bestShare) {
        bestCluster = c.id;
        bestShare = share;
      }
    }
    return { ticketId: ticket.id, clusterId: bestCluster, templateId: null, parameters: [] };
  }
}
