// `npm start`: one command from a fresh clone — build if needed, open (and migrate) the database,
// load the demo when it is empty, then serve the dashboard on HOST:PORT.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';
import { openDatabase } from '../db/client';
import { replaceSetupToken } from '../db/queries/setup-tokens';
import { countTickets } from '../db/queries/tickets';
import { countUsers } from '../db/queries/users';
import { env } from '../lib/env';
import { authModeOf } from '../lib/security/auth-mode';
import { hashToken, newToken } from '../lib/security/tokens';
import { processIo, resolveConfig } from './cli-kit';
import { runAnalysis } from './commands/analyze';
import { defaultDemoEnd, loadDemo } from './commands/demo';
import { watchConnections } from './commands/sync';

const root = fileURLToPath(new URL('..', import.meta.url));
const SETUP_LINK_HOURS = 24;
const SOURCE_DIRS = ['app', 'lib', 'db', 'public'];
const SOURCE_FILES = ['next.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Build when there is no build yet, or any source is newer than it. */
export function buildIsStale(): boolean {
  const buildId = join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const newest = Math.max(
    ...SOURCE_DIRS.map((d) => newestMtime(join(root, d))),
    ...SOURCE_FILES.map((f) => newestMtime(join(root, f))),
  );
  return newest > built;
}

async function main(): Promise<void> {
  const io = processIo();
  const e = env();
  if (buildIsStale()) {
    io.err('building the dashboard (first start or sources changed)…');
    const startedAt = new Date();
    const result = spawnSync(
      process.execPath,
      [join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'],
      {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    if (result.status !== 0) throw new Error('next build failed (see the output above)');
    // Date the build by when it started: a source saved while it ran is newer, so the next start rebuilds.
    utimesSync(join(root, '.next', 'BUILD_ID'), startedAt, startedAt);
  }

  const database = await openDatabase({
    databaseUrl: e.DATABASE_URL,
    dataDir: e.TOILSCOPE_DATA_DIR,
    pglitePort: 0,
  });
  io.err(`database: ${database.location}`);
  if ((await countTickets({ db: database.db })) === 0) {
    io.err('empty database: loading the demo data set (5,000 tickets, seed 42)…');
    const result = await loadDemo(database, { tickets: 5000, seed: 42, endAt: defaultDemoEnd() });
    io.err(`loaded ${result.tickets} demo tickets`);
    await runAnalysis(database, { values: {}, io, config: await resolveConfig({}, database) });
  }

  const app = next({ dev: false, dir: root, hostname: e.HOST, port: e.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      io.err(`request failed: ${error instanceof Error ? error.message : String(error)}`);
      res.statusCode = 500;
      res.end('internal error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(e.PORT, e.HOST, () => resolve());
  });
  const shown = e.HOST === '127.0.0.1' || e.HOST === '0.0.0.0' ? 'localhost' : e.HOST;
  io.out(`Toilscope is running on http://${shown}:${e.PORT}`);
  const auth = authModeOf(e);
  if (!auth.signIn) {
    io.err(`open mode (${auth.reason}): no sign-in; anyone who reaches this address may change everything`);
  } else if ((await countUsers({ db: database.db })) === 0) {
    // Only the hash is stored; the link is printed once, and a restart replaces it.
    const token = newToken();
    await replaceSetupToken({
      db: database.db,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + SETUP_LINK_HOURS * 3_600_000),
    });
    io.out(
      `sign-in is on (${auth.reason}) and no account exists: create the first admin within ${SETUP_LINK_HOURS} h at http://${shown}:${e.PORT}/setup?token=${token}`,
    );
  }

  // The sync worker lives in this process, which owns the embedded database: stored connections with a
  // schedule (connections add --schedule) run when due, one run per connection at a time.
  const worker = new AbortController();
  const watching = watchConnections(database, { values: {}, io, signal: worker.signal }).catch(
    (error: unknown) => {
      io.err(`sync worker stopped: ${error instanceof Error ? error.message : String(error)}`);
    },
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    worker.abort();
    server.close();
    await watching;
    await app.close().catch(() => undefined);
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`toilscope start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
