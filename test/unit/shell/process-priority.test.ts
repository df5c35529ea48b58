import { spawn } from 'node:child_process';
import { getPriority } from 'node:os';
import {
  BELOW_STARTER,
  lowerNiceness,
  runBelowThisProcess,
  type PriorityCalls,
} from '../../../electron/services/station/process-priority';

/** getPriority / setPriority over a table of niceness by pid (0: this process), failing as told. */
function fakeOs(niceness: Record<number, number>, fail?: { on: 'get' | 'set'; code: string }) {
  const refuse = (call: 'get' | 'set', pid: number) => {
    if (fail?.on !== call) return;
    throw Object.assign(new Error(`${fail.code}: ${call}Priority ${pid}`), { code: fail.code });
  };
  const calls: PriorityCalls = {
    getPriority: (pid = 0) => {
      refuse('get', pid);
      return niceness[pid]!;
    },
    setPriority: (pid, priority) => {
      refuse('set', pid);
      niceness[pid] = priority;
    },
  };
  return { calls, niceness };
}

describe('process priority', () => {
  it('puts a helper one step below the process that starts it, down to the lowest priority only', () => {
    expect(lowerNiceness(0, 0)).toBe(BELOW_STARTER);
    // The services at 5 start the demo terminals at 10.
    expect(lowerNiceness(5, 0)).toBe(10);
    expect(lowerNiceness(17, 17)).toBe(19);
    expect(lowerNiceness(19, 19)).toBeNull();
  });

  it('never raises a process a user already runs lower', () => {
    expect(lowerNiceness(0, 12)).toBeNull();
    expect(lowerNiceness(0, BELOW_STARTER)).toBeNull();
  });

  it('lowers a child, or this process itself, relative to this process', () => {
    const os = fakeOs({ 0: 3, 4242: 3 });
    runBelowThisProcess(4242, () => expect.fail('no warning expected'), os.calls);
    expect(os.niceness[4242]).toBe(8);
    runBelowThisProcess(0, () => expect.fail('no warning expected'), os.calls);
    expect(os.niceness[0]).toBe(8);
  });

  it.each([
    ['set', 'EACCES'],
    ['get', 'ESRCH'],
  ] as const)('logs a refused %s (%s) and goes on at the priority the process has', (on, code) => {
    const os = fakeOs({ 0: 0, 4242: 0 }, { on, code });
    const warnings: { message: string; error: unknown }[] = [];
    expect(() =>
      runBelowThisProcess(4242, (message, error) => warnings.push({ message, error }), os.calls),
    ).not.toThrow();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain('4242');
    expect((warnings[0]!.error as NodeJS.ErrnoException).code).toBe(code);
    expect(os.niceness[4242]).toBe(0);
  });

  it('lowers a real child process, and only warns about one that is gone', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30_000)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      const warn = vi.fn();
      runBelowThisProcess(child.pid!, warn);
      expect(warn).not.toHaveBeenCalled();
      expect(getPriority(child.pid!)).toBe(Math.min(19, getPriority() + BELOW_STARTER));
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    const warn = vi.fn();
    runBelowThisProcess(child.pid!, warn);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
