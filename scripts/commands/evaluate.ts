import { existsSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../lib/errors';
import { type CommandSpec, stringFlag } from '../cli-kit';
import { evaluateLoghub } from '../evaluate/loghub';
import { evaluateServiceNow } from '../evaluate/servicenow';

const DATASETS = ['servicenow', 'loghub'] as const;
/** The shared datasets folder beside the repository (see ../shared/datasets/README.md). */
export const DEFAULT_DATASETS_DIR = path.resolve(process.cwd(), '..', 'shared', 'datasets');
const FOLDER = { servicenow: 'servicenow-incidents', loghub: 'loghub-2k' } as const;

const percent = (x: number) => `${(x * 100).toFixed(1)} %`;

export const evaluateCommand: CommandSpec = {
  name: 'evaluate',
  summary: 'measure toil-mining quality on labelled public data (ServiceNow incidents, Loghub 2k)',
  usage: 'evaluate <servicenow|loghub> [--path DIR] [--format text|json]',
  details: [
    '  --path DIR   the data set folder (default ../shared/datasets/<servicenow-incidents|loghub-2k>)',
    '  --format     text (default) or json',
    '',
    'servicenow: B-cubed precision against Assignment group and coverage (share of tickets in clusters',
    'of >= 5), at the default mining settings. loghub: grouping accuracy of the title template miner on',
    'each of the 14 systems, one setting for all, and the mean.',
  ].join('\n'),
  options: { path: { type: 'string' }, format: { type: 'string' } },
  positionals: [1, 1],
  async run({ values, positionals, io }) {
    const which = positionals[0] as string;
    if (!(DATASETS as readonly string[]).includes(which)) {
      throw new InputError(`evaluate: unknown data set '${which}' (one of: ${DATASETS.join(', ')})`);
    }
    const dataset = which as (typeof DATASETS)[number];
    const format = stringFlag(values, 'format') ?? 'text';
    if (format !== 'text' && format !== 'json')
      throw new InputError(`--format: expected text or json, got '${format}'`);
    const dir = stringFlag(values, 'path') ?? path.join(DEFAULT_DATASETS_DIR, FOLDER[dataset]);
    if (!existsSync(dir)) throw new InputError(`--path: no such folder ${dir}`);
    if (dataset === 'servicenow') {
      const f = evaluateServiceNow(dir);
      if (format === 'json') return io.write(`${JSON.stringify(f, null, 2)}\n`);
      io.write(
        [
          `ServiceNow incidents (${f.tickets} tickets, ${f.clusters} request types)`,
          `  B-cubed precision   ${f.precision.toFixed(3)}   (over covered tickets only: ${f.coveredPrecision.toFixed(3)})`,
          `  B-cubed recall      ${f.recall.toFixed(3)}   (labels are routing groups, coarser than request types)`,
          `  coverage (>= 5)     ${percent(f.coverage)}`,
          '',
        ].join('\n'),
      );
      return;
    }
    const f = evaluateLoghub(dir);
    if (format === 'json') return io.write(`${JSON.stringify(f, null, 2)}\n`);
    io.write(
      [
        'Loghub 2k grouping accuracy (one setting for all systems)',
        ...f.systems.map(
          (s) =>
            `  ${s.system.padEnd(12)} ${s.accuracy.toFixed(3)}   (${s.templates} true templates, ${s.groups} found)`,
        ),
        `  ${'mean'.padEnd(12)} ${f.mean.toFixed(3)}`,
        '',
      ].join('\n'),
    );
  },
};
