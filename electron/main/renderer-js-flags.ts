/**
 * V8 flags for the window's renderer. `--no-memory-reducer`: V8's memory reducer runs a
 * memory-reducing major GC when the allocation rate drops — as the last units of a batch finish
 * flashing — and Blink's heap is then swept in one task of 141–251 ms of CPU, the only tasks over
 * 50 ms of CPU left while a batch runs (docs/performance.md, "Window: long tasks", 2026-12-04).
 * Without it the ordinary, allocation-driven GCs still run; the window only keeps the memory it
 * freed for the next allocations instead of giving it back to the OS at that moment.
 */
export const RENDERER_JS_FLAGS = ['--no-memory-reducer'];

export interface CommandLine {
  getSwitchValue(name: string): string;
  appendSwitch(name: string, value?: string): void;
}

/** Adds the flags to `--js-flags`, keeping any given on the command line (one switch holds all). */
export function addRendererJsFlags(commandLine: CommandLine): void {
  const given = commandLine.getSwitchValue('js-flags').split(/\s+/).filter(Boolean);
  const missing = RENDERER_JS_FLAGS.filter((flag) => !given.includes(flag));
  if (missing.length > 0) commandLine.appendSwitch('js-flags', [...given, ...missing].join(' '));
}
