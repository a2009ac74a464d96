import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { distribution, isSmallSample, percentile } from './percentiles';

const oneToTen = [10, 3, 1, 2, 4, 5, 6, 7, 8, 9];
const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

describe('percentile', () => {
  test.each([
    // nearest-rank: rank = ceil(p·n)
    [oneToTen, 0.5, 'nearest-rank', 5],
    [oneToTen, 0.85, 'nearest-rank', 9],
    [oneToTen, 0.95, 'nearest-rank', 10],
    [oneToHundred, 0.85, 'nearest-rank', 85],
    [oneToHundred, 0.95, 'nearest-rank', 95],
    [[7], 0.5, 'nearest-rank', 7],
    [[1, 2], 0.5, 'nearest-rank', 1],
    [[4, 4, 9], 0, 'nearest-rank', 4],
    // linear: position p·(n − 1), 0-based
    [oneToTen, 0.5, 'linear', 5.5],
    [oneToTen, 0.85, 'linear', 8.65],
    [oneToTen, 0.95, 'linear', 9.55],
    [[1, 2], 0.5, 'linear', 1.5],
    [[7], 0.95, 'linear', 7],
  ] as const)('%j p%s %s = %s', (values, p, method, expected) => {
    expect(percentile(values, p, method)).toBeCloseTo(expected, 10);
  });

  test('empty → null', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([], 0.5, 'linear')).toBeNull();
  });

  test('property: nearest-rank is a sample value covering ≥ p·n values, and the smallest such', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 60 }),
        fc.constantFrom(0.5, 0.85, 0.95),
        (values, p) => {
          const v = percentile(values, p);
          if (v === null) throw new Error('null');
          expect(values).toContain(v);
          const covered = values.filter((x) => x <= v).length;
          expect(covered).toBeGreaterThanOrEqual(p * values.length - 1e-9);
          const smaller = values.filter((x) => x < v);
          if (smaller.length > 0) expect(smaller.length).toBeLessThan(p * values.length - 1e-9);
        },
      ),
    );
  });

  test('property: linear lies between min and max and is monotone in p', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1 }), (values) => {
        const p50 = percentile(values, 0.5, 'linear') ?? Number.NaN;
        const p85 = percentile(values, 0.85, 'linear') ?? Number.NaN;
        expect(p50).toBeGreaterThanOrEqual(Math.min(...values));
        expect(p85).toBeLessThanOrEqual(Math.max(...values));
        expect(p85).toBeGreaterThanOrEqual(p50);
      }),
    );
  });
});

describe('distribution', () => {
  test('n = 0: nulls and no values', () => {
    expect(distribution([])).toEqual({
      n: 0,
      method: 'nearest-rank',
      p50: null,
      p85: null,
      p95: null,
      mean: null,
    });
  });

  test('nulls are skipped, small samples carry their sorted values', () => {
    expect(distribution([3, null, 1, 2], 'linear')).toEqual({
      n: 3,
      method: 'linear',
      p50: 2,
      p85: 2.7,
      p95: 2.9,
      mean: 2,
      values: [1, 2, 3],
    });
  });

  test('n ≥ 5 omits values', () => {
    const d = distribution(oneToTen);
    expect(d).toEqual({ n: 10, method: 'nearest-rank', p50: 5, p85: 9, p95: 10, mean: 5.5 });
    expect('values' in d).toBe(false);
  });

  test.each([
    [0, true],
    [4, true],
    [5, false],
  ])('isSmallSample(%i) = %s', (n, expected) => {
    expect(isSmallSample(n)).toBe(expected);
  });
});
