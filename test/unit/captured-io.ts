import type { CliIo } from '../../electron/cli/cli-io';

/** A CLI's output and exit code, kept for the test to read instead of going to the terminal. */
export type CapturedIo = CliIo & { stdout: string; stderr: string; exitCode: number | undefined };

export function capturedIo(): CapturedIo {
  const io: CapturedIo = {
    stdout: '',
    stderr: '',
    exitCode: undefined,
    out: (t) => void (io.stdout += t),
    err: (t) => void (io.stderr += t),
    setExitCode: (c) => void (io.exitCode = c),
  };
  return io;
}
