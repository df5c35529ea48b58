/**
 * Runs one reprice (or, with 'parse-only', one parse) in a fresh process so that its peak RSS
 * is its own. Prints one JSON line. Usage: tsx reprice-child.ts reprice|parse-fast|parse-csv-parse|idle IN [OUT]
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { readLedgerFile } from '../../electron/services/fees/ledger/ledger-reader';
import { repriceLedgerFile } from '../../electron/services/fees/ledger/reprice';
import { loadScheduleDir } from '../../electron/services/fees/schedule-loader';

async function main(): Promise<void> {
  const [mode, input = '', output = ''] = process.argv.slice(2);
  const book = loadScheduleDir('resources/fee-schedules');
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let rows = 0;
  let refused = 0;
  if (mode === 'reprice') {
    const summary = await repriceLedgerFile(book, { input, output });
    rows = summary.rows;
    refused = summary.refusedRows;
  } else if (mode === 'parse-fast') {
    await readLedgerFile(input, (fields) => {
      rows += fields.count > 0 ? 1 : 0;
    });
  } else if (mode === 'parse-csv-parse') {
    const parser = createReadStream(input, { highWaterMark: 1 << 20 }).pipe(
      parse({ bom: true, skip_empty_lines: true }),
    );
    for await (const record of parser as AsyncIterable<string[]>) rows += record.length > 0 ? 1 : 0;
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${JSON.stringify({ mode, rows, refused, ms, cpuMs, maxRssMb, rssBeforeMb: rssBefore / 1048576 })}\n`,
  );
}

void main();
