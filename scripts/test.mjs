#!/usr/bin/env node
// The whole suite, in the order a failure is cheapest to find: lint, types, unit + integration
// (vitest), build, end-to-end (Playwright in Debian's Chromium). Every step runs even after a failure,
// so one run shows everything that is wrong; the last line counts the tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, 'test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);

const steps = [
  ['lint', bin('eslint'), ['--max-warnings=0', '.']],
  ['format', bin('prettier'), ['--check', '.']],
  [
    'layers',
    bin('depcruise'),
    ['electron', 'native', 'renderer', 'server', '--config', '.dependency-cruiser.cjs'],
  ],
  ['types', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  [
    'unit + integration',
    bin('vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(results, 'vitest.json')}`],
  ],
  ['build', bin('electron-vite'), ['build']],
  ['e2e', bin('playwright'), ['test']],
];

const failed = [];
for (const [name, command, args] of steps) {
  process.stdout.write(`\n=== ${name} ===\n`);
  const started = Date.now();
  const run = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: join(results, 'playwright.json') },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`=== ${name}: ${run.status === 0 ? 'ok' : 'FAILED'} (${seconds} s) ===\n`);
  if (run.status !== 0) failed.push(name);
}

function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}
let passed = 0;
let failedTests = 0;
let skipped = 0;
const vitest = readJson(join(results, 'vitest.json'));
if (vitest) {
  passed += vitest.numPassedTests;
  failedTests += vitest.numFailedTests;
  skipped += vitest.numPendingTests + vitest.numTodoTests;
}
const playwright = readJson(join(results, 'playwright.json'));
if (playwright) {
  passed += playwright.stats.expected + playwright.stats.flaky;
  failedTests += playwright.stats.unexpected;
  skipped += playwright.stats.skipped;
}
if (failed.length > 0) process.stdout.write(`\nFailed steps: ${failed.join(', ')}\n`);
process.stdout.write(`\ntests: ${passed} passed, ${failedTests} failed, ${skipped} skipped\n`);
process.exit(failed.length > 0 || failedTests > 0 || passed === 0 ? 1 : 0);
