import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type Database, openDatabase } from '../db/client';
import { getConfigInForce } from '../lib/analysis/config-in-force';
import type { ToilscopeConfig } from '../lib/config';
import { parseInstantArgument } from '../lib/domain/instant-argument';
import { env } from '../lib/env';
import { InputError } from '../lib/errors';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  /** Extra help text after the usage line. */
  details?: string;
  options: OptionSpec;
  /** Number of positionals: exact count or [min, max]. */
  positionals?: [number, number];
  run(input: CommandInput): Promise<void>;
}

export interface CommandInput {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  io: CliIo;
}

export interface CliIo {
  /** A line of requested output (stdout). */
  out(text: string): void;
  /** Raw requested output, for streamed reports (stdout). */
  write(text: string): void;
  err(text: string): void;
  /** Progress lines go to stderr only when it is a terminal (CONTRACT.md). */
  progress(text: string): void;
}

export const COMMON_OPTIONS: OptionSpec = {
  help: { type: 'boolean', short: 'h' },
  config: { type: 'string' },
  'as-of': { type: 'string' },
};

export function parseCommandArgs(spec: CommandSpec, argv: string[]) {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, ...spec.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // node:util names the flag in its message ("Unknown option '--x'"); keep that sentence.
    const message =
      error instanceof Error ? error.message.replace(/\. To specify a positional.*$/s, '') : 'bad arguments';
    throw new InputError(`${spec.name}: ${message}`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (!values.help) {
    instantFlag(values, 'as-of'); // a bad common flag fails before any database is opened
    const [min, max] = spec.positionals ?? [0, 0];
    if (parsed.positionals.length < min)
      throw new InputError(`${spec.name}: missing argument (usage: ${spec.usage})`);
    if (parsed.positionals.length > max) {
      throw new InputError(
        `${spec.name}: unexpected argument '${parsed.positionals[max]}' (usage: ${spec.usage})`,
      );
    }
  }
  return { values, positionals: parsed.positionals };
}

export function stringFlag(values: CommandInput['values'], name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function intFlag(
  values: CommandInput['values'],
  name: string,
  min: number,
  max: number,
): number | undefined {
  const raw = stringFlag(values, name);
  if (raw === undefined) return undefined;
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InputError(`--${name}: expected a whole number from ${min} to ${max}, got '${raw}'`);
  }
  return value;
}

/** `--as-of`, `--from`, `--to`: an ISO date (UTC midnight) or an instant with an offset. */
export function instantFlag(values: CommandInput['values'], name: string): Date | undefined {
  const raw = stringFlag(values, name);
  if (raw === undefined) return undefined;
  const date = parseInstantArgument(raw);
  if (date === null) {
    throw new InputError(`--${name}: expected an ISO-8601 date or instant with an offset, got '${raw}'`);
  }
  return date;
}

export function asOfFlag(values: CommandInput['values']): Date {
  return instantFlag(values, 'as-of') ?? new Date();
}

/** Open the configured database (PostgreSQL when DATABASE_URL is set, else the embedded one). */
export function openConfiguredDatabase(): Promise<Database> {
  const e = env();
  return openDatabase({ databaseUrl: e.DATABASE_URL, dataDir: e.TOILSCOPE_DATA_DIR });
}

/** The config in force (see getConfigInForce): `--config PATH` wins. */
export async function resolveConfig(
  values: CommandInput['values'],
  database?: Database,
): Promise<ToilscopeConfig> {
  const { config } = await getConfigInForce({ db: database?.db, path: stringFlag(values, 'config') });
  return config;
}

export function processIo(): CliIo {
  const tty = process.stderr.isTTY === true;
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    write: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    progress: (text) => {
      if (tty) process.stderr.write(`\r\x1b[2K${text}`);
    },
  };
}

export async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openConfiguredDatabase();
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}
