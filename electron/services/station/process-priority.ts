import { constants, getPriority, setPriority } from 'node:os';

/**
 * How far below the process that starts it a helper process runs (POSIX nice steps). The window's
 * renderer must get the CPU first: on a 2-core counter the services, 18 demo terminal simulators and
 * their socat links compete with it, and the window then stalls for want of a core, not for its own
 * work (docs/performance.md, "Window: long tasks", 2026-12-04). One step each level: the services
 * below the window, the demo terminals (stand-ins for separate hardware) below the services. At
 * nice 5 a process gets about a third of a nice-0 process's share of a busy core, at 10 a tenth.
 */
export const BELOW_STARTER = 5;

/**
 * The niceness to give a process now at `current`, started by a process at `own`: one step below
 * its starter, never above the lowest priority, and never higher than it already is (an
 * unprivileged process cannot raise a priority, and a user who started the station niced keeps it).
 * Null when there is nothing to change.
 */
export function lowerNiceness(own: number, current: number): number | null {
  const target = Math.min(constants.priority.PRIORITY_LOW, own + BELOW_STARTER);
  return target > current ? target : null;
}

export interface PriorityCalls {
  getPriority(pid?: number): number;
  setPriority(pid: number, priority: number): void;
}

/**
 * Runs process `pid` (0: this process) one step below this process. Best effort: a priority the OS
 * refuses (EACCES, a process already gone) is reported to `warn` and the process runs as it is.
 */
export function runBelowThisProcess(
  pid: number,
  warn: (message: string, error: unknown) => void,
  calls: PriorityCalls = { getPriority, setPriority },
): void {
  try {
    const own = calls.getPriority();
    const niceness = lowerNiceness(own, pid === 0 ? own : calls.getPriority(pid));
    if (niceness !== null) calls.setPriority(pid, niceness);
  } catch (error) {
    warn(`Could not lower the CPU priority of process ${pid}; it runs at its own`, error);
  }
}
