// Request-type mining: normalise → Drain templates on titles → TF-IDF (title weighted above the start
// of the description) → leader/agglomerative merging of templates by centroid cosine, with candidates
// found through an inverted index over each cluster's heaviest terms (near-linear).
import { SLOT, slotValues, TemplateMiner } from './drain';
import { GrowableInt32 } from './growable';
import { fnv1a64 } from './hash';
import { firstNamedId, normaliseText, normaliseTitle, STOP_WORDS, tokenise } from './normalise';
import { assignStableIds, type PreviousClusters } from './stable-ids';
import { parameterSlots } from './summary';
import type { Cluster, ClusteringResult, ClusterMember, TemplateSummary } from './types';
import {
  addVectorTo,
  BagBuilder,
  cosine,
  pruneAndNormalise,
  type SparseMatrix,
  type SparseVector,
  Vocabulary,
} from './vectors';

export interface ToilTicket {
  id: string;
  key: string;
  title: string;
  description: string;
  /** ISO instant. */
  createdAt: string;
}

export interface MiningOptions {
  /** How much a title word counts against a description word. */
  titleWeight: number;
  /** Characters of the cleaned description used. */
  descriptionChars: number;
  /** Drain similarity threshold for title templates. */
  templateSimilarity: number;
  /** Centroid cosine at or above which a template group joins a cluster. */
  mergeThreshold: number;
  /** A named id ("job_593") in at least this many titles with the same words is its own request type. */
  namedIdTickets: number;
  /** Centroid cosine at or above which two clusters of the first pass become one. */
  clusterMergeThreshold: number;
  /** A ticket whose cosine to its cluster's centroid is below this stays unclustered (0: off). */
  memberThreshold: number;
  /** Clusters smaller than this are not request types: their tickets stay unclustered. */
  minClusterSize: number;
  /** Title words seen in fewer tickets than this are masked as variables (names, one-off words). */
  rareWordTickets: number;
}

export const DEFAULT_MINING_OPTIONS: MiningOptions = {
  titleWeight: 2,
  descriptionChars: 300,
  templateSimilarity: 0.7,
  mergeThreshold: 0.3,
  clusterMergeThreshold: 0.5,
  memberThreshold: 0.1,
  namedIdTickets: 3,
  minClusterSize: 5,
  rareWordTickets: 2,
};

/** A fingerprint of the options: stored with the clusters, a change forces a full re-cluster. */
export function miningSettingsKey(options: MiningOptions): string {
  return fnv1a64(JSON.stringify(options));
}

const CENTROID_TERMS = 40;
const INDEX_TERMS = 8;
const MAX_POSTINGS = 400;
const MAX_EXAMPLES = 5;

function isPlaceholder(word: string): boolean {
  return word.startsWith('<');
}

/**
 * Streams tickets in (in a deterministic order: by id) and mines request types.
 * Keeps per ticket only token ids in typed arrays, so a million tickets fit in bounded memory.
 */
export class RequestTypeMiner {
  readonly options: MiningOptions;
  private readonly vocabulary = new Vocabulary();
  private readonly bags = new BagBuilder();
  private readonly titleOffsets = new GrowableInt32();
  private readonly titleTokens = new GrowableInt32();
  private readonly titleDf = new GrowableInt32();
  private readonly ids: string[] = [];
  private readonly keys: string[] = [];
  private readonly created: string[] = [];
  private readonly namedIds = new Map<number, string>();

  constructor(options: Partial<MiningOptions> = {}) {
    this.options = { ...DEFAULT_MINING_OPTIONS, ...options };
    this.titleOffsets.push(0);
  }

  get size(): number {
    return this.ids.length;
  }

  add(ticket: ToilTicket): void {
    this.ids.push(ticket.id);
    this.keys.push(ticket.key);
    const namedId = firstNamedId(ticket.title.toLowerCase());
    if (namedId !== null) this.namedIds.set(this.ids.length - 1, namedId);
    this.created.push(ticket.createdAt);
    const titleWords = tokenise(normaliseTitle(ticket.title));
    const bag = new Map<number, number>();
    const seen = new Set<number>();
    for (const word of titleWords) {
      const id = this.vocabulary.id(word);
      this.titleTokens.push(id);
      if (!seen.has(id)) {
        seen.add(id);
        this.titleDf.ensure(id + 1);
        this.titleDf.set(id, this.titleDf.get(id) + 1);
      }
      if (!STOP_WORDS.has(word)) bag.set(id, (bag.get(id) ?? 0) + this.options.titleWeight);
    }
    this.titleOffsets.push(this.titleTokens.length);
    const description = normaliseText(ticket.description, { maxChars: this.options.descriptionChars });
    for (const word of tokenise(description)) {
      if (STOP_WORDS.has(word) || isPlaceholder(word)) continue;
      const id = this.vocabulary.id(word);
      bag.set(id, (bag.get(id) ?? 0) + 1);
    }
    this.bags.addRow(bag);
  }

  finish(previous: PreviousClusters | null = null): ClusteringResult {
    const n = this.size;
    const words = this.vocabulary.words;
    this.titleDf.ensure(words.length);
    const offsets = this.titleOffsets.view();
    const tokenIds = this.titleTokens.view();
    const titleWords = (i: number): string[] => {
      const out: string[] = [];
      for (let k = offsets[i] as number; k < (offsets[i + 1] as number); k++)
        out.push(words[tokenIds[k] as number] ?? '');
      return out;
    };

    // 1. Title templates; rare words count as variables so names do not split a template.
    const miner = new TemplateMiner({ similarity: this.options.templateSimilarity });
    const groupOf = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const masked: string[] = [];
      for (let k = offsets[i] as number; k < (offsets[i + 1] as number); k++) {
        const id = tokenIds[k] as number;
        masked.push(this.titleDf.get(id) < this.options.rareWordTickets ? SLOT : (words[id] ?? ''));
      }
      groupOf[i] = miner.add(masked);
    }
    // Groups whose final template reads the same are one template.
    const templateIdOfGroup: string[] = [];
    const ticketTemplate = (i: number) => templateIdOfGroup[groupOf[i] as number] as string;
    const templateText = new Map<string, string>();
    for (let g = 0; g < miner.groupCount; g++) {
      const text = miner.template(g).join(' ');
      const id = `t-${fnv1a64(text).slice(0, 10)}`;
      templateIdOfGroup.push(id);
      templateText.set(id, text);
    }
    // Atoms are what the merging below moves: one per template, except that a named id recurring in
    // titles ("job job_593 failed", 25 times) is an atom of its own that stands alone: one thing that
    // keeps failing is its own request type.
    // Keyed by the title's steady words, so date or name variants of one template count together.
    const namedKey = (i: number, named: string) => {
      const steady: string[] = [];
      for (let k = offsets[i] as number; k < (offsets[i + 1] as number); k++) {
        const id = tokenIds[k] as number;
        const word = words[id] ?? '';
        if (
          this.titleDf.get(id) >= this.options.rareWordTickets &&
          !isPlaceholder(word) &&
          !word.includes('#')
        ) {
          steady.push(word);
        }
      }
      return `${steady.join(' ')}|${named}`;
    };
    const namedCount = new Map<string, number>();
    for (const [i, named] of this.namedIds) {
      const key = namedKey(i, named);
      namedCount.set(key, (namedCount.get(key) ?? 0) + 1);
    }
    const atomIndex = new Map<string, number>();
    const templateOf = new Int32Array(n);
    const templateSize: number[] = [];
    const templateFirst: number[] = [];
    const standalone = new Set<number>();
    for (let i = 0; i < n; i++) {
      const named = this.namedIds.get(i);
      const key = named === undefined ? null : namedKey(i, named);
      const own = key !== null && (namedCount.get(key) ?? 0) >= this.options.namedIdTickets;
      const atom = own ? `id|${key}` : ticketTemplate(i);
      let t = atomIndex.get(atom);
      if (t === undefined) {
        t = templateSize.length;
        atomIndex.set(atom, t);
        templateSize.push(0);
        templateFirst.push(i);
        if (own) standalone.add(t);
      }
      templateOf[i] = t;
      templateSize[t] = (templateSize[t] ?? 0) + 1;
    }
    const templateIds = [...atomIndex.keys()];

    // 2. TF-IDF rows and one centroid per template.
    const { matrix } = this.bags.toTfIdf(words.length);
    const templateSums: SparseVector[] = templateIds.map(() => new Map());
    for (let i = 0; i < n; i++) addRow(templateSums[templateOf[i] as number] as SparseVector, matrix, i);
    const templateCentroids = templateSums.map((v) => pruneAndNormalise(v, CENTROID_TERMS));
    templateSums.length = 0;

    // 3. Leader merging, biggest templates first, then once more over the clusters it made (their
    // centroids have moved): an agglomerative pass that joins halves of one request type.
    const atoms = templateIds.map((_, t) => ({
      centroid: templateCentroids[t] as SparseVector,
      weight: templateSize[t] as number,
      first: templateFirst[t] as number,
      standalone: standalone.has(t),
    }));
    const first = leaderMerge(atoms, this.options.mergeThreshold);
    const second = leaderMerge(
      first.centroids.map((centroid, c) => ({
        centroid,
        weight: first.weights[c] as number,
        first: first.firsts[c] as number,
        standalone: first.standalone[c] as boolean,
      })),
      this.options.clusterMergeThreshold,
    );
    const clusterOfTemplate = first.assignment.map((c) => second.assignment[c] as number);
    const clusterCentroids = second.centroids;

    // 4. Members, figures, labels.
    const clusterCount = clusterCentroids.length;
    const size = new Int32Array(clusterCount);
    // A ticket far from its cluster's centroid came in with a loosely matching template: it leaves.
    const clusterOfTicket = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let c = clusterOfTemplate[templateOf[i] as number] as number;
      if (this.options.memberThreshold > 0 && !standalone.has(templateOf[i] as number)) {
        if (rowCosine(matrix, i, clusterCentroids[c] as SparseVector) < this.options.memberThreshold) c = -1;
      }
      clusterOfTicket[i] = c;
      if (c >= 0) size[c] = (size[c] as number) + 1;
    }
    const members: ClusterMember[] = new Array(n);
    const membersOf: number[][] = Array.from({ length: clusterCount }, () => []);
    for (let i = 0; i < n; i++) {
      const c = clusterOfTicket[i] as number;
      const tid = ticketTemplate(i);
      const kept = c >= 0 && (size[c] as number) >= this.options.minClusterSize;
      if (kept) (membersOf[c] as number[]).push(i);
      const template = (templateText.get(tid) ?? '').split(' ');
      members[i] = {
        ticketId: this.ids[i] as string,
        key: this.keys[i] as string,
        createdAt: this.created[i] as string,
        clusterId: null,
        templateId: tid,
        parameters: slotValues(template, titleWords(i)),
      };
    }
    const terms = characteristicTerms(membersOf, matrix, words);
    const clusters: Cluster[] = [];
    const clusterIndexOf: number[] = [];
    for (let c = 0; c < clusterCount; c++) {
      const own = membersOf[c] as number[];
      if (own.length === 0) continue;
      const perTemplate = new Map<string, number>();
      let first = '';
      let last = '';
      for (const i of own) {
        const t = ticketTemplate(i);
        perTemplate.set(t, (perTemplate.get(t) ?? 0) + 1);
        const at = this.created[i] as string;
        if (first === '' || at < first) first = at;
        if (at > last) last = at;
      }
      const templates: TemplateSummary[] = [...perTemplate]
        .map(([id, tickets]) => ({ id, text: templateText.get(id) ?? '', tickets }))
        .sort((a, b) => b.tickets - a.tickets || (a.id < b.id ? -1 : 1));
      const top = templates[0] as TemplateSummary;
      const clusterTerms = terms[c] ?? [];
      const centroid = clusterCentroids[c] as SparseVector;
      const examples = own
        .map((i) => ({ i, score: rowCosine(matrix, i, centroid) }))
        .sort((a, b) => b.score - a.score || a.i - b.i)
        .slice(0, MAX_EXAMPLES)
        .map(({ i }) => this.keys[i] as string);
      clusters.push({
        id: '',
        label: labelFor(top, own.length, clusterTerms),
        template: top.text,
        templates,
        parameters: parameterSlots(
          own.filter((i) => ticketTemplate(i) === top.id).map((i) => members[i] as ClusterMember),
        ),
        tickets: own.length,
        firstSeen: first || null,
        lastSeen: last || null,
        examples,
        excluded: false,
        terms: clusterTerms,
      });
      clusterIndexOf.push(c);
    }
    const firstMember = clusterIndexOf.map(
      (c) => this.ids[(membersOf[c] as number[])[0] as number] as string,
    );
    const ids = assignStableIds(
      clusters.map((cl, k) => ({
        fallbackSignature: `${cl.template ?? cl.terms.join(' ')}|${firstMember[k]}`,
        template: cl.template,
        terms: cl.terms,
        ticketIds: (membersOf[clusterIndexOf[k] as number] as number[]).map((i) => this.ids[i] as string),
      })),
      previous,
    );
    clusters.forEach((cl, k) => {
      cl.id = ids[k] as string;
      for (const i of membersOf[clusterIndexOf[k] as number] as number[])
        (members[i] as ClusterMember).clusterId = cl.id;
    });
    clusters.sort((a, b) => b.tickets - a.tickets || (a.id < b.id ? -1 : 1));
    return { clusters, members };
  }
}

/** Convenience for arrays: sorts by id (the order the database step streams in) and mines. */
export function mineRequestTypes(
  tickets: readonly ToilTicket[],
  options: Partial<MiningOptions> = {},
  previous: PreviousClusters | null = null,
): ClusteringResult {
  const miner = new RequestTypeMiner(options);
  const sorted = [...tickets].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const t of sorted) miner.add(t);
  return miner.finish(previous);
}

interface MergeItem {
  centroid: SparseVector;
  weight: number;
  /** Input position of its first ticket: the tie-break that keeps the order deterministic. */
  first: number;
  /** Never merged with anything (a recurring named id). */
  standalone: boolean;
}

/**
 * Leader clustering of weighted centroids, heaviest first: each item joins the most similar existing
 * cluster at or above the threshold, else starts one. Candidates come from an inverted index over each
 * cluster's heaviest terms, so the work per item is bounded.
 */
function leaderMerge(items: readonly MergeItem[], threshold: number) {
  const order = items
    .map((_, i) => i)
    .sort(
      (a, b) =>
        (items[b] as MergeItem).weight - (items[a] as MergeItem).weight ||
        (items[a] as MergeItem).first - (items[b] as MergeItem).first,
    );
  const assignment = new Int32Array(items.length);
  const sums: SparseVector[] = [];
  const centroids: SparseVector[] = [];
  const weights: number[] = [];
  const firsts: number[] = [];
  const standalone: boolean[] = [];
  const indexed: Set<number>[] = [];
  const postings = new Map<number, number[]>();
  const index = (c: number) => {
    const done = indexed[c] as Set<number>;
    let k = 0;
    for (const term of (centroids[c] as SparseVector).keys()) {
      if (k++ >= INDEX_TERMS) break;
      if (done.has(term)) continue;
      done.add(term);
      const list = postings.get(term) ?? [];
      postings.set(term, list);
      list.push(c);
    }
  };
  const seenStamp = new Int32Array(items.length).fill(-1);
  for (const i of order) {
    const item = items[i] as MergeItem;
    let best = -1;
    let bestScore = threshold;
    if (!item.standalone) {
      let k = 0;
      for (const term of item.centroid.keys()) {
        if (k++ >= INDEX_TERMS) break;
        const list = postings.get(term);
        if (!list) continue;
        const limit = Math.min(list.length, MAX_POSTINGS);
        for (let p = 0; p < limit; p++) {
          const c = list[p] as number;
          if (seenStamp[c] === i) continue;
          seenStamp[c] = i;
          const score = cosine(item.centroid, centroids[c] as SparseVector);
          if (score > bestScore || (score === bestScore && best >= 0 && c < best)) {
            best = c;
            bestScore = score;
          }
        }
      }
    }
    if (best < 0) {
      best = sums.length;
      sums.push(new Map());
      centroids.push(item.centroid);
      weights.push(0);
      firsts.push(item.first);
      standalone.push(item.standalone);
      indexed.push(new Set());
    }
    const sum = sums[best] as SparseVector;
    addVectorTo(sum, item.centroid, item.weight);
    if (sum.size > CENTROID_TERMS * 4) sums[best] = pruneTerms(sum, CENTROID_TERMS * 2);
    centroids[best] = pruneAndNormalise(sums[best] as SparseVector, CENTROID_TERMS);
    weights[best] = (weights[best] as number) + item.weight;
    firsts[best] = Math.min(firsts[best] as number, item.first);
    if (!item.standalone) index(best);
    assignment[i] = best;
  }
  return { assignment, centroids, weights, firsts, standalone };
}

function pruneTerms(vector: SparseVector, keep: number): SparseVector {
  return new Map([...vector].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, keep));
}

function addRow(target: SparseVector, matrix: SparseMatrix, row: number): void {
  const end = matrix.offsets[row + 1] as number;
  for (let k = matrix.offsets[row] as number; k < end; k++) {
    const t = matrix.terms[k] as number;
    target.set(t, (target.get(t) ?? 0) + (matrix.weights[k] as number));
  }
}

function rowCosine(matrix: SparseMatrix, row: number, centroid: SparseVector): number {
  let dot = 0;
  const end = matrix.offsets[row + 1] as number;
  for (let k = matrix.offsets[row] as number; k < end; k++)
    dot += (matrix.weights[k] as number) * (centroid.get(matrix.terms[k] as number) ?? 0);
  return dot;
}

/**
 * c-TF-IDF (class-based TF-IDF): a term's share of the cluster's weight × log(1 + mean cluster weight /
 * the term's weight over all clusters). The top terms say what sets a cluster apart.
 */
function characteristicTerms(
  membersOf: readonly number[][],
  matrix: SparseMatrix,
  words: readonly string[],
): string[][] {
  const perCluster: Map<number, number>[] = membersOf.map(() => new Map());
  const total = new Map<number, number>();
  let grand = 0;
  let nonEmpty = 0;
  membersOf.forEach((own, c) => {
    if (own.length === 0) return;
    nonEmpty++;
    const counts = perCluster[c] as Map<number, number>;
    for (const i of own) {
      const end = matrix.offsets[i + 1] as number;
      for (let k = matrix.offsets[i] as number; k < end; k++) {
        const t = matrix.terms[k] as number;
        if (isPlaceholder(words[t] ?? '')) continue;
        const w = matrix.weights[k] as number;
        counts.set(t, (counts.get(t) ?? 0) + w);
        total.set(t, (total.get(t) ?? 0) + w);
        grand += w;
      }
    }
  });
  const mean = grand / Math.max(1, nonEmpty);
  return perCluster.map((counts) => {
    let clusterTotal = 0;
    for (const w of counts.values()) clusterTotal += w;
    return [...counts]
      .map(([t, w]) => [t, (w / (clusterTotal || 1)) * Math.log(1 + mean / (total.get(t) ?? 1))] as const)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, 8)
      .map(([t]) => words[t] ?? '');
  });
}

/** The top template when it speaks for the cluster and says something; else its top terms. */
function labelFor(top: TemplateSummary, tickets: number, terms: readonly string[]): string {
  const literal = top.text.split(' ').filter((w) => w !== SLOT && !isPlaceholder(w) && !STOP_WORDS.has(w));
  if (top.tickets / tickets >= 0.3 && literal.length >= 2) return top.text;
  return terms.slice(0, 3).join(' · ') || top.text;
}
