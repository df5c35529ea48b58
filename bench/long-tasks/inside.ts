/**
 * What ran inside the CPU-long tasks of a kept run (`KEEP=dir npx tsx bench/long-tasks/run.ts`):
 * `npx tsx bench/long-tasks/inside.ts dir [ms]`. For each task on the page's main thread over `ms`
 * of CPU (40 unless told), the CDP profile's samples in it: the functions they were in (self time)
 * and the React components on their stacks (capitalised names, inclusive time) — which render,
 * which handler, which library call made the task long.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mainThreadTasks, type CpuProfile } from './cpu-time';

interface FullProfile extends CpuProfile {
  readonly startTime: number;
  readonly nodes: (CpuProfile['nodes'][number] & { children?: number[] })[];
}

const [dir, limit = '40'] = process.argv.slice(2);
if (!dir) throw new Error('usage: inside.ts <KEEP dir> [ms of CPU]');
const traceJson = readFileSync(join(dir, 'trace.json'), 'utf8');
const profile = JSON.parse(readFileSync(join(dir, 'profile.cpuprofile'), 'utf8')) as FullProfile;

const events = (JSON.parse(traceJson) as { traceEvents: { name: string; ts: number }[] }).traceEvents;
const markTs = events.filter((e) => e.name === 'bench:app').sort((a, b) => a.ts - b.ts)[0]!.ts;

const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const frame = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
const nameOf = (id: number) => {
  const f = frame.get(id)!;
  const file = f.url.replace(/^.*\//, '');
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
};

// Each sample's time on the trace's clock (µs): the profile's start plus the deltas so far.
const sampleAt: number[] = [];
let clock = profile.startTime;
for (const delta of profile.timeDeltas) sampleAt.push((clock += delta));

const top = (m: Map<string, number>, n: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, ms]) => `    ${ms.toFixed(1).padStart(6)} ms  ${k}`)
    .join('\n');

for (const task of mainThreadTasks(traceJson, 'bench:app').tasks.filter((t) => t.cpu > Number(limit))) {
  const from = markTs + task.at * 1000;
  const to = from + task.wall * 1000;
  const self = new Map<string, number>();
  const components = new Map<string, number>();
  let sampled = 0;
  profile.samples.forEach((id, i) => {
    if (sampleAt[i]! < from || sampleAt[i]! > to) return;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    sampled += ms;
    self.set(nameOf(id), (self.get(nameOf(id)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const fn = frame.get(at)!.functionName;
      if (/^[A-Z]/.test(fn) && !seen.has(fn)) {
        seen.add(fn);
        components.set(fn, (components.get(fn) ?? 0) + ms);
      }
    }
  });
  const parts = [...task.parts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([k, ms]) => `${k} ${ms.toFixed(0)}`)
    .join(', ');
  console.log(
    `task at ${(task.at / 1000).toFixed(2)} s: ${task.cpu.toFixed(0)} ms CPU / ${task.wall.toFixed(0)} ms wall; ` +
      `trace parts: ${parts || `none (posted by ${task.postedBy})`}; profile samples ${sampled.toFixed(0)} ms`,
  );
  console.log(`  self time:\n${top(self, 14)}`);
  console.log(`  capitalised functions on the stack (components, classes):\n${top(components, 20)}`);
}
