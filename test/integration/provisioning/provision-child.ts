/**
 * `pos-station provision` in a process of its own, over the store in the data directory given
 * first: a test can kill it with SIGKILL mid-run, as a power cut or a crash would.
 * Usage: node --import tsx provision-child.ts <dataDir> <provision args…>
 */
import { provisionCli } from './provision-cli';

const [dataDir, ...args] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: provision-child.ts <dataDir> <args…>');
const { run } = provisionCli(() => dataDir);
void run(...args).then((ran) => {
  process.stdout.write(ran.out);
  process.stderr.write(ran.err);
  process.exit(ran.code);
});
