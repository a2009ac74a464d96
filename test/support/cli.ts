import { main } from '../../scripts/cli';
import type { CliIo } from '../../scripts/cli-kit';

/** What one in-process CLI run printed, and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A CliIo that keeps what was written, for commands and helpers called in-process. */
export function capturingIo(): { io: CliIo; stdout: () => string; stderr: () => string } {
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
  return { io, stdout: () => stdout, stderr: () => stderr };
}

/** Runs `toilscope <argv>` in this process (env as set by the test) and captures both streams. */
export async function runCli(argv: readonly string[]): Promise<CliRun> {
  const captured = capturingIo();
  const code = await main([...argv], captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}
