/**
 * The browser-hosted station for the long-task bench: `serve --demo` with a full counter of
 * simulated terminals. Run by bench/long-tasks/run.ts as `node --import tsx … <dataDir> <demoDate>`.
 */
import { join } from 'node:path';
import { runHostedStation } from '../../electron/host/run';
import { clockStartingAt } from '../../electron/services/audit/clock';
import { parseShanghaiTime } from '../../electron/services/calendar/shanghai-time';

const [dataDir, demoDate, units] = process.argv.slice(2);
if (!dataDir || !demoDate || !units) throw new Error('usage: station.ts <dataDir> <demoDate> <units>');

void runHostedStation({
  dataDir,
  port: 0,
  demo: true,
  clock: clockStartingAt(parseShanghaiTime(demoDate)),
  demoUnits: Number(units),
  version: 'long-tasks-bench',
  // From the sources, the search for a built renderer would find renderer/index.html first.
  // RENDERER_DIR measures another build (e.g. a copy of main's out/renderer) beside this one.
  staticDir: process.env.RENDERER_DIR ?? join(__dirname, '..', '..', 'out', 'renderer'),
  print: (line) => process.stdout.write(line + '\n'),
});
