#!/usr/bin/env node
import { pathToFileURL } from 'node:url';
import { env } from '../lib/env';
import { exitCodeFor } from '../lib/errors';
import { type CliIo, type CommandSpec, parseCommandArgs, processIo } from './cli-kit';
import { analyzeCommand } from './commands/analyze';
import { automationsCommand } from './commands/automations';
import { connectionsCommand } from './commands/connections';
import { demoCommand } from './commands/demo';
import { evaluateCommand } from './commands/evaluate';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { importRunsCommand } from './commands/import-runs';
import { ingestCommand } from './commands/ingest';
import { syncCommand } from './commands/sync';

const COMMANDS: CommandSpec[] = [
  demoCommand,
  importCommand,
  importRunsCommand,
  automationsCommand,
  ingestCommand,
  connectionsCommand,
  syncCommand,
  analyzeCommand,
  exportCommand,
  evaluateCommand,
];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'toilscope — find the repeated requests in a ticket history, measure the wait, rank what to automate',
    '',
    'Usage: toilscope <command> [options]     (from the repository: npm run toilscope -- <command> …)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command:',
    '  --config PATH   config file (default: toilscope.config.json when present)',
    '  --as-of ISO     the "now" for open tickets and ongoing SLO cycles (default: the current time)',
    '  -h, --help      help for the command',
    '',
    'Database: PostgreSQL when DATABASE_URL is set, else the embedded one in .data/ (TOILSCOPE_DATA_DIR).',
    'Exit codes: 0 success, 1 runtime failure, 2 bad usage or invalid input.',
  ].join('\n');
}

function commandHelp(spec: CommandSpec): string {
  const lines = [`Usage: toilscope ${spec.usage}`, '', spec.summary];
  if (spec.details) lines.push('', spec.details);
  return lines.join('\n');
}

function debugEnabled(): boolean {
  try {
    return Boolean(env().TOILSCOPE_DEBUG);
  } catch {
    return false;
  }
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const target = COMMANDS.find((c) => c.name === rest[0]);
    io.out(target ? commandHelp(target) : overview());
    return name === undefined ? 2 : 0;
  }
  const spec = COMMANDS.find((c) => c.name === name);
  if (!spec) {
    io.err(`toilscope: unknown command '${name}' (run 'toilscope --help' for the list)`);
    return 2;
  }
  try {
    const { values, positionals } = parseCommandArgs(spec, rest);
    if (values.help) {
      io.out(commandHelp(spec));
      return 0;
    }
    await spec.run({ values, positionals, io });
    return 0;
  } catch (error) {
    const code = exitCodeFor(error);
    const message = error instanceof Error ? error.message : String(error);
    io.err(`toilscope ${spec.name}: ${message.split('\n')[0]}`);
    if (code === 1 && error instanceof Error && error.stack && debugEnabled()) io.err(error.stack);
    return code;
  }
}

// Run only when executed directly, so tests can import `main`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
