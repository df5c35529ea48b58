/**
 * What the code costs, apart from waiting for a CPU: on a machine shared by other runs a task that
 * needs 5 ms of CPU can take 500 ms of wall time, and the `longtask` entry cannot tell the two
 * apart. Chromium's trace can — each top-level task has its wall time (`dur`) and the CPU time its
 * thread actually got (`tdur`). And the CDP Profiler's samples say which functions the CPU time
 * went to (self time).
 */

/** One Chrome trace event, as far as this reads it. */
interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly cat?: string;
  readonly args?: { name?: string; src_func?: string };
}

export interface MainThreadTasks {
  /**
   * Top-level tasks on the page's main thread, in ms: when (after the mark), wall time and the
   * thread's CPU time.
   */
  readonly tasks: MainThreadTask[];
}

export interface MainThreadTask {
  readonly at: number;
  readonly wall: number;
  readonly cpu: number;
  /** CPU ms of what ran directly inside the task, by trace event name (style, layout, a script, GC…). */
  readonly parts: Map<string, number>;
  /** The Chromium function that posted the task: what it is when nothing inside it is traced. */
  readonly postedBy: string;
}

/** The trace categories the analysis needs: top-level tasks, and the marks that name each page's process. */
export const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'v8', 'blink.user_timing', '__metadata'];

const TASK_NAMES = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

/**
 * The top-level tasks of the renderer main thread of the page that put `mark` into the trace
 * (`performance.mark(mark)`), from the first mark on. Nested tasks (a nested run loop) are counted
 * in the task around them only.
 */
export function mainThreadTasks(traceJson: string, mark: string): MainThreadTasks {
  const parsed = JSON.parse(traceJson) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const marked = events.filter((e) => e.name === mark).sort((a, b) => a.ts - b.ts)[0];
  if (!marked) throw new Error(`The trace holds no mark ${mark}: was it made while tracing?`);
  const main = events.find(
    (e) =>
      e.ph === 'M' && e.name === 'thread_name' && e.pid === marked.pid && e.args?.name === 'CrRendererMain',
  );
  const tid = main?.tid ?? marked.tid;
  const onThread = events
    .filter((e) => e.pid === marked.pid && e.tid === tid && e.ph === 'X' && e.ts >= marked.ts)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const tasks: MainThreadTask[] = [];
  let end = -Infinity;
  let partEnd = -Infinity;
  for (const e of onThread) {
    const eEnd = e.ts + (e.dur ?? 0);
    if (e.ts >= end) {
      if (!TASK_NAMES.has(e.name)) continue; // outside any task: nothing to count it in
      end = eEnd;
      partEnd = e.ts;
      tasks.push({
        at: (e.ts - marked.ts) / 1000,
        wall: (e.dur ?? 0) / 1000,
        cpu: (e.tdur ?? e.dur ?? 0) / 1000,
        parts: new Map(),
        postedBy: (e.args?.src_func ?? '?').replace(/^.*?(\w+(::\w+)*)\(.*$/, '$1'),
      });
      continue;
    }
    if (e.ts < partEnd || TASK_NAMES.has(e.name)) continue; // nested deeper, or a nested run loop
    partEnd = eEnd;
    const parts = tasks.at(-1)!.parts;
    parts.set(e.name, (parts.get(e.name) ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000);
  }
  return { tasks };
}

/** A CDP `Profiler.Profile`, as far as this reads it. */
export interface CpuProfile {
  readonly nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

/** Self time per function (ms), most first: where the sampled time went. */
export function selfTimes(profile: CpuProfile): { name: string; ms: number }[] {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byNode.get(id);
    if (!frame) return;
    const file = frame.url.replace(/^.*\//, '');
    const name = file
      ? `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`
      : frame.functionName || '(anonymous)';
    // A sample's time is the gap to the next one.
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    totals.set(name, (totals.get(name) ?? 0) + ms);
  });
  return [...totals].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
}
