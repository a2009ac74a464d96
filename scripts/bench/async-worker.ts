import { spawn } from 'node:child_process';

export interface WorkerSample {
  code: number;
  seconds: number;
  maxRssMb: number;
}

/**
 * One scripts/bench/worker.ts task in a child process, awaited without blocking this process: the
 * local fakes answer from this event loop, so a synchronous spawn would deadlock the ingest.
 */
export async function runWorker(args: readonly string[], env: Record<string, string>): Promise<WorkerSample> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/worker.ts', ...args], {
    // The bench fakes listen on loopback, which the SSRF guard refuses unless allowed.
    env: { ...process.env, TOILSCOPE_ALLOWED_HOSTS: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += String(d);
  });
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  await new Promise((resolve) => child.on('exit', resolve));
  const line = stdout.trim().split('\n').pop() ?? '';
  let parsed: WorkerSample;
  try {
    parsed = JSON.parse(line) as WorkerSample;
  } catch {
    throw new Error(`bench worker ${args.join(' ')} printed no result: ${stderr}`);
  }
  if (parsed.code !== 0) throw new Error(`bench worker ${args.join(' ')} failed: ${stderr}`);
  return parsed;
}
