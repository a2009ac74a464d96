// Loghub 2k: grouping accuracy of the title template miner on 14 systems' logs, one setting for all.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { type DrainOptions, TemplateMiner } from '../../lib/toil/drain';
import { groupingAccuracy } from '../../lib/toil/quality';

/** The one setting used for every system. */
export const LOGHUB_DRAIN: Partial<DrainOptions> = { depth: 4, similarity: 0.8, maxChildren: 100 };

// The usual Drain pre-processing, the same for every system: mask the obviously variable shapes.
const LOG_MASKS: RegExp[] = [
  /\b(?:mon|tue|wed|thu|fri|sat|sun)\w* +(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w* +\d+(?: +[\d:]+)?(?: +\d{4})?/gi,
  /\b\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\b/g,
  /\(\)/g,
  /\bblk_-?\d+\b/g,
  /(?:\/[\w.-]+)+\/?/g,
  /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g,
  /\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|edu|hk|cn|io|asia|jp|us|uk|de|ru|info|me|co)(?::\d+)?\b/g,
  /\b0x[0-9a-fA-F]+\b/g,
  /\b[0-9a-f]{8,}\b/g,
  /(?<![A-Za-z])[-+]?\d+(?:\.\d+)*(?![A-Za-z])/g,
];

export function logTokens(content: string): string[] {
  let text = content;
  for (const mask of LOG_MASKS) text = text.replace(mask, '<*>');
  // A token with a digit or a masked part is a variable as a whole (ids like 70c1714b-c11b-…).
  const tokens = text
    .split(/[\s=,:]+/)
    .filter((t) => t !== '')
    .map((t) => (t !== '<*>' && /\d|<\*>/.test(t) ? '<*>' : t));
  // A run of variables is one variable: lists of blocks or hosts vary in length.
  return tokens.filter((t, i) => !(t === '<*>' && tokens[i - 1] === '<*>'));
}

export interface LoghubFigures {
  systems: { system: string; lines: number; templates: number; groups: number; accuracy: number }[];
  mean: number;
}

export function evaluateLoghub(dir: string, options: Partial<DrainOptions> = LOGHUB_DRAIN): LoghubFigures {
  const systems = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const out: LoghubFigures['systems'] = [];
  for (const system of systems) {
    const file = path.join(dir, system, `${system}_2k.log_structured_corrected.csv`);
    const rows = parse(readFileSync(file), { columns: true, bom: true, relax_quotes: true }) as Record<
      string,
      string
    >[];
    const miner = new TemplateMiner(options);
    const predicted = rows.map((r) => miner.add(logTokens(r.Content ?? '')));
    const truth = rows.map((r) => r.EventTemplate ?? '');
    out.push({
      system,
      lines: rows.length,
      templates: new Set(truth).size,
      groups: miner.groupCount,
      accuracy: groupingAccuracy(predicted, truth),
    });
  }
  const mean = out.reduce((s, r) => s + r.accuracy, 0) / Math.max(1, out.length);
  return { systems: out, mean };
}
