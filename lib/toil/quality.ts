// Clustering quality against labelled data: B-cubed precision/recall, coverage, and the grouping
// accuracy used for log template miners.

/** B-cubed precision and recall; `predicted[i]` null = item i is a singleton. */
export function bCubed(
  predicted: readonly (string | number | null)[],
  truth: readonly (string | number)[],
): { precision: number; recall: number } {
  const n = predicted.length;
  if (n === 0) return { precision: 1, recall: 1 };
  const clusterSize = new Map<string | number, number>();
  const labelSize = new Map<string | number, number>();
  const pair = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const p = predicted[i];
    const t = truth[i] as string | number;
    labelSize.set(t, (labelSize.get(t) ?? 0) + 1);
    if (p === null || p === undefined) continue;
    clusterSize.set(p, (clusterSize.get(p) ?? 0) + 1);
    const k = `${p}\u0000${t}`;
    pair.set(k, (pair.get(k) ?? 0) + 1);
  }
  let precision = 0;
  let recall = 0;
  for (let i = 0; i < n; i++) {
    const p = predicted[i];
    const t = truth[i] as string | number;
    if (p === null || p === undefined) {
      precision += 1;
      recall += 1 / (labelSize.get(t) ?? 1);
      continue;
    }
    const both = pair.get(`${p}\u0000${t}`) ?? 0;
    precision += both / (clusterSize.get(p) ?? 1);
    recall += both / (labelSize.get(t) ?? 1);
  }
  return { precision: precision / n, recall: recall / n };
}

/** Share of items in clusters of at least `minSize` members. */
export function coverage(predicted: readonly (string | number | null)[], minSize = 5): number {
  if (predicted.length === 0) return 0;
  const size = new Map<string | number, number>();
  for (const p of predicted) if (p !== null) size.set(p, (size.get(p) ?? 0) + 1);
  let covered = 0;
  for (const p of predicted) if (p !== null && (size.get(p) ?? 0) >= minSize) covered++;
  return covered / predicted.length;
}

/** B-cubed precision over the covered items only (those in clusters of ≥ minSize): the stricter view. */
export function coveredPrecision(
  predicted: readonly (string | number | null)[],
  truth: readonly (string | number)[],
  minSize = 5,
): number {
  const size = new Map<string | number, number>();
  for (const p of predicted) if (p !== null) size.set(p, (size.get(p) ?? 0) + 1);
  const keep: number[] = [];
  predicted.forEach((p, i) => {
    if (p !== null && (size.get(p) ?? 0) >= minSize) keep.push(i);
  });
  if (keep.length === 0) return 1;
  return bCubed(
    keep.map((i) => predicted[i] as string | number),
    keep.map((i) => truth[i] as string | number),
  ).precision;
}

/** Grouping accuracy: an item is correct when its predicted group holds exactly its true group's items. */
export function groupingAccuracy(
  predicted: readonly (string | number)[],
  truth: readonly (string | number)[],
): number {
  const n = predicted.length;
  if (n === 0) return 1;
  const predSize = new Map<string | number, number>();
  const truthSize = new Map<string | number, number>();
  const firstTruth = new Map<string | number, string | number>();
  const pure = new Map<string | number, boolean>();
  for (let i = 0; i < n; i++) {
    const p = predicted[i] as string | number;
    const t = truth[i] as string | number;
    predSize.set(p, (predSize.get(p) ?? 0) + 1);
    truthSize.set(t, (truthSize.get(t) ?? 0) + 1);
    if (!firstTruth.has(p)) {
      firstTruth.set(p, t);
      pure.set(p, true);
    } else if (firstTruth.get(p) !== t) pure.set(p, false);
  }
  let correct = 0;
  for (const [p, size] of predSize) {
    const t = firstTruth.get(p) as string | number;
    if (pure.get(p) && truthSize.get(t) === size) correct += size;
  }
  return correct / n;
}
