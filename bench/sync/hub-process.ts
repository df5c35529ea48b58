/**
 * The benchmark's hub in its own process (as in production: the hub does not share an event loop
 * with the stations it serves). `node --import tsx bench/sync/hub-process.ts DIR DATABASE_URL POOL [NOTIFY_MS]`;
 * prints `listening PORT`. Like `hub serve`, but with the per-station rate limit lifted (one
 * benchmark station pushes far more than a counter does). `NOTIFY_MS` (optional) is `hub serve
 * --notify-ms`; the hub's default unless given.
 */
import { join } from 'node:path';
import { startHub } from '../../server/app';
import { openHubDb } from '../../server/db/db';
import { logAdapter } from '../../server/outbox/adapters';
import { loadHubPki } from '../../server/tls/pki';

async function main() {
  const [dir, url, pool, notifyMs] = process.argv.slice(2);
  if (!dir || !url || !pool) throw new Error('usage: hub-process.ts DIR DATABASE_URL POOL');
  const db = await openHubDb({ url }, Number(pool));
  const hub = await startHub({
    db,
    pki: await loadHubPki(join(dir, 'tls')),
    config: { leaseSeconds: 600, builtInRoots: [] },
    adapter: logAdapter(null),
    requestsPerSecond: 100_000,
    ...(notifyMs ? { notifyMs: Number(notifyMs) } : {}),
  });
  process.stdout.write(`listening ${hub.port}\n`);
  process.on('SIGTERM', () => {
    void hub.close().then(() => db.close());
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
