import { addRendererJsFlags, type CommandLine } from '../../../electron/main/renderer-js-flags';

/** Electron's command line as a map of switches: appendSwitch of a present switch replaces its value. */
function commandLine(
  switches: Record<string, string> = {},
): CommandLine & { switches: Record<string, string> } {
  return {
    switches,
    getSwitchValue: (name) => switches[name] ?? '',
    appendSwitch: (name, value = '') => {
      switches[name] = value;
    },
  };
}

describe('renderer V8 flags', () => {
  it('turns off the memory reducer whose memory-reducing GC swept Blink’s heap in one long task', () => {
    const line = commandLine();
    addRendererJsFlags(line);
    expect(line.switches['js-flags']).toBe('--no-memory-reducer');
  });

  it('keeps the flags an engineer started the station with, and adds ours once', () => {
    const line = commandLine({ 'js-flags': '--expose-gc  --trace-gc' });
    addRendererJsFlags(line);
    addRendererJsFlags(line);
    expect(line.switches['js-flags']).toBe('--expose-gc --trace-gc --no-memory-reducer');
  });
});
