import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface RunningServer {
  baseUrl: string;
  /** The server's embedded database directory: a CLI pointed at it talks to the running server's database. */
  dataDir: string;
  /** Everything the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * `npm start` exactly as a user runs it (build if stale, embedded database, demo load), on a fresh
 * data directory and a free port. The child leads its own process group so stop() ends tsx and Next too.
 */
export async function startServer({
  timeoutMs = 840_000,
  extraEnv = {},
}: {
  timeoutMs?: number;
  /** E.g. `{ TOILSCOPE_AUTH: 'on' }` to run the server with sign-in. */
  extraEnv?: Record<string, string>;
} = {}): Promise<RunningServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'toilscope-e2e-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TOILSCOPE_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    ...extraEnv,
  };
  delete env.DATABASE_URL;
  const child = spawn('npx', ['tsx', 'scripts/start.ts'], { cwd: ROOT, env, detached: true, stdio: 'pipe' });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });

  const stop = async () => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      const pid = child.pid;
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 10_000);
      await exited(child);
      clearTimeout(timer);
    }
    // npx exits on SIGTERM before the node process under it has closed the database; retry while the
    // last WAL writes land instead of failing on ENOTEMPTY.
    await rm(dataDir, { recursive: true, force: true, maxRetries: 20, retryDelay: 250 });
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`the server exited with code ${child.exitCode} before it was healthy:\n${log}`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return { baseUrl, dataDir, output: () => log, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  await stop();
  throw new Error(`the server was not healthy within ${timeoutMs / 1000} s:\n${log}`);
}
