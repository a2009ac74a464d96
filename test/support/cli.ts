import { main } from '../../scripts/cli';
import type { CliIo } from '../../scripts/cli-kit';

/** What one in-process CLI run printed, and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `toilscope <argv>` in this process (env as set by the test) and captures both streams. */
export async function runCli(argv: readonly string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: (t) => {
      stdout += `${t}\n`;
    },
    write: (t) => {
      stdout += t;
    },
    err: (t) => {
      stderr += `${t}\n`;
    },
    progress: () => undefined,
  };
  const code = await main([...argv], io);
  return { code, stdout, stderr };
}
