import { spawn } from 'node:child_process';

export interface BusyCore {
  stop(): Promise<void>;
}

/**
 * A child process that spins one core for as long as it runs: flashing measured "with the other core
 * busy", as on a station whose other work (or another engineer's test run) competes for the CPU.
 */
export function startBusyCore(): BusyCore {
  const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    stop: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
