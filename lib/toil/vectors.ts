// Sparse TF-IDF vectors in typed arrays (CSR: offsets, term ids, weights), L2-normalised.
import { GrowableFloat32, GrowableInt32 } from './growable';

export interface SparseMatrix {
  /** Row i spans [offsets[i], offsets[i + 1]). */
  offsets: Int32Array;
  terms: Int32Array;
  weights: Float32Array;
}

export class Vocabulary {
  private readonly ids = new Map<string, number>();
  readonly words: string[] = [];

  id(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.ids.set(word, id);
      this.words.push(word);
    }
    return id;
  }

  get size(): number {
    return this.words.length;
  }
}

/** Weighted bags of term ids, one per row, before IDF. */
export class BagBuilder {
  private offsets = new GrowableInt32();
  private terms = new GrowableInt32();
  private counts = new GrowableFloat32();

  constructor() {
    this.offsets.push(0);
  }

  /** Adds a row: term id → raw weight (title terms count more than description terms). */
  addRow(bag: Map<number, number>): void {
    for (const [term, weight] of bag) {
      this.terms.push(term);
      this.counts.push(weight);
    }
    this.offsets.push(this.terms.length);
  }

  get rows(): number {
    return this.offsets.length - 1;
  }

  /** Applies IDF (smooth: ln((1 + n) / (1 + df)) + 1), square-root tf and L2 normalisation. */
  toTfIdf(vocabularySize: number): { matrix: SparseMatrix; idf: Float64Array } {
    const n = this.rows;
    const df = new Int32Array(vocabularySize);
    const terms = this.terms.view().slice();
    const counts = this.counts.view();
    for (const t of terms) df[t] = (df[t] ?? 0) + 1;
    const idf = new Float64Array(vocabularySize);
    for (let t = 0; t < vocabularySize; t++) idf[t] = Math.log((1 + n) / (1 + (df[t] ?? 0))) + 1;
    const offsets = this.offsets.view().slice();
    const weights = new Float32Array(terms.length);
    for (let r = 0; r < n; r++) {
      const start = offsets[r] as number;
      const end = offsets[r + 1] as number;
      let norm = 0;
      for (let k = start; k < end; k++) {
        const w = Math.sqrt(counts[k] as number) * (idf[terms[k] as number] as number);
        weights[k] = w;
        norm += w * w;
      }
      norm = Math.sqrt(norm) || 1;
      for (let k = start; k < end; k++) weights[k] = (weights[k] as number) / norm;
    }
    this.offsets = new GrowableInt32();
    this.offsets.push(0);
    this.terms = new GrowableInt32();
    this.counts = new GrowableFloat32();
    return { matrix: { offsets, terms, weights }, idf };
  }
}

/** A dense-keyed sparse vector: term id → weight. */
export type SparseVector = Map<number, number>;

export function addRowTo(target: SparseVector, matrix: SparseMatrix, row: number, scale = 1): void {
  const end = matrix.offsets[row + 1] as number;
  for (let k = matrix.offsets[row] as number; k < end; k++) {
    const t = matrix.terms[k] as number;
    target.set(t, (target.get(t) ?? 0) + (matrix.weights[k] as number) * scale);
  }
}

export function addVectorTo(target: SparseVector, source: SparseVector, scale = 1): void {
  for (const [t, w] of source) target.set(t, (target.get(t) ?? 0) + w * scale);
}

/** The `keep` heaviest terms, L2-normalised: a compact centroid that bounds the work per comparison. */
export function pruneAndNormalise(vector: SparseVector, keep: number): SparseVector {
  const entries = [...vector].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, keep);
  let norm = 0;
  for (const [, w] of entries) norm += w * w;
  norm = Math.sqrt(norm) || 1;
  return new Map(entries.map(([t, w]) => [t, w / norm]));
}

export function cosine(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [t, w] of small) {
    const v = large.get(t);
    if (v !== undefined) dot += w * v;
  }
  return dot;
}
