import { describe, expect, it } from 'vitest';
import { bCubed, coverage, coveredPrecision, groupingAccuracy } from './quality';

describe('bCubed', () => {
  it.each([
    // perfect
    [['a', 'a', 'b'], ['x', 'x', 'y'], 1, 1],
    // one cluster for everything: precision (2/3·2 + 1/3)/3 = 5/9, recall 1
    [['a', 'a', 'a'], ['x', 'x', 'y'], 5 / 9, 1],
    // all singletons (null): precision 1, recall (1/2+1/2+1)/3 = 2/3
    [[null, null, null], ['x', 'x', 'y'], 1, 2 / 3],
  ])('%j vs %j', (predicted, truth, precision, recall) => {
    const r = bCubed(predicted, truth);
    expect(r.precision).toBeCloseTo(precision, 10);
    expect(r.recall).toBeCloseTo(recall, 10);
  });
});

describe('coverage and covered precision', () => {
  const predicted = ['a', 'a', 'a', 'a', 'a', 'b', null];
  const truth = ['x', 'x', 'x', 'x', 'y', 'y', 'y'];
  it('counts items in clusters of ≥ 5', () => expect(coverage(predicted, 5)).toBeCloseTo(5 / 7, 10));
  it('judges only covered items', () =>
    // cluster a: 4 x (4/5 each) + 1 y (1/5) = (16/5 + 1/5)/5 = 17/25
    expect(coveredPrecision(predicted, truth, 5)).toBeCloseTo(17 / 25, 10));
});

describe('groupingAccuracy', () => {
  it.each([
    [[1, 1, 2, 2], ['a', 'a', 'b', 'b'], 1],
    [[1, 1, 1, 2], ['a', 'a', 'b', 'b'], 0], // 1 mixes a and b; 2 holds only part of b
    [[1, 1, 2, 3], ['a', 'a', 'b', 'b'], 0.5], // b split in two
  ])('%j vs %j → %d', (predicted, truth, expected) => {
    expect(groupingAccuracy(predicted, truth)).toBeCloseTo(expected, 10);
  });
});
