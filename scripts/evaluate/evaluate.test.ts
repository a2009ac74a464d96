import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateLoghub } from './loghub';
import { evaluateServiceNow } from './servicenow';

// The shared labelled data sets (../shared/datasets); present on the development machines and in CI.
const DATASETS = path.resolve(__dirname, '..', '..', '..', 'shared', 'datasets');
const serviceNow = path.join(DATASETS, 'servicenow-incidents');
const loghub = path.join(DATASETS, 'loghub-2k');

describe.skipIf(!existsSync(serviceNow))(
  `ServiceNow quality floors (skipped: no data set at ${serviceNow})`,
  () => {
    it('keeps B-cubed precision and coverage at the floors reached (0.773 at 66.4 % when written)', () => {
      const f = evaluateServiceNow(serviceNow);
      expect(f.tickets).toBe(8500);
      expect(f.precision).toBeGreaterThanOrEqual(0.765);
      expect(f.coverage).toBeGreaterThanOrEqual(0.655);
    });

    it('a looser setting reaches the other end of the frontier (0.727 at 73.9 % when written)', () => {
      const f = evaluateServiceNow(serviceNow, { mergeThreshold: 0.25 });
      expect(f.precision).toBeGreaterThanOrEqual(0.72);
      expect(f.coverage).toBeGreaterThanOrEqual(0.73);
    });
  },
);

describe.skipIf(!existsSync(loghub))(
  `Loghub 2k template accuracy floor (skipped: no data set at ${loghub})`,
  () => {
    it('keeps the mean grouping accuracy over the 14 systems at one setting ≥ 0.87 (0.881 when written)', () => {
      const f = evaluateLoghub(loghub);
      expect(f.systems).toHaveLength(14);
      expect(f.mean).toBeGreaterThanOrEqual(0.87);
    });
  },
);
