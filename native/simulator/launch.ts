import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The simulator's entry: a built bundle beside this module, else the TypeScript source run with tsx. */
export function simulatorCommand(env: NodeJS.ProcessEnv = process.env): {
  command: string;
  args: string[];
  cwd?: string;
} {
  if (env.POS_SIMULATOR_ENTRY) return { command: process.execPath, args: [env.POS_SIMULATOR_ENTRY] };
  // Bundled: this code sits in out/main or in one of its chunks, the simulator entry in out/main.
  for (const built of [join(__dirname, 'simulator.js'), join(__dirname, '..', 'simulator.js')]) {
    if (existsSync(built)) return { command: process.execPath, args: [built] };
  }
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const source = join(dir, 'native', 'simulator', 'main.ts');
    // tsx resolves from the checkout, so run there.
    if (existsSync(source)) return { command: process.execPath, args: ['--import', 'tsx', source], cwd: dir };
    if (dirname(dir) === dir) throw new Error('Cannot find the terminal simulator; set POS_SIMULATOR_ENTRY.');
  }
}

export interface SimulatorProcess {
  readonly child: ChildProcess;
  /** The parsed 'ready' status line. */
  readonly ready: Record<string, unknown>;
  /** Resolves with the exit code (or the signal name) when the process ends. */
  readonly exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): Promise<number | string>;
}

/**
 * Starts one simulator process with the given flags and waits until it reports ready. Its stdin is a
 * pipe from this process: the simulator ends when this process does, even without a kill.
 */
export function launchSimulator(args: readonly string[], timeoutMs = 20_000): Promise<SimulatorProcess> {
  const { command, args: entry, cwd } = simulatorCommand();
  const child = spawn(command, [...entry, ...args], {
    stdio: ['pipe', 'ignore', 'pipe'],
    ...(cwd ? { cwd } : {}),
  });
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Simulator not ready within ${timeoutMs} ms: ${buffered}`));
    }, timeoutMs);
    child.stderr!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const line of buffered.split('\n').slice(0, -1)) {
        let event: Record<string, unknown>;
        try {
          event = JSON.parse(line) as Record<string, unknown>;
        } catch {
          continue;
        }
        if (event.event === 'ready') {
          clearTimeout(timer);
          resolve({
            child,
            ready: event,
            exited,
            kill: (signal = 'SIGTERM') => {
              if (child.exitCode === null && child.signalCode === null) child.kill(signal);
              return exited;
            },
          });
        } else if (event.event === 'error') {
          clearTimeout(timer);
          reject(new Error(`Simulator failed to start: ${String(event.message)}`));
        }
      }
      buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`Simulator exited (${code}) before it was ready: ${buffered}`));
    });
  });
}
