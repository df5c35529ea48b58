import { spawn, type ChildProcess } from 'node:child_process';

/** Two connected pseudo-terminals made by socat: the station opens one end, a simulator the other. */
export interface PtyPair {
  readonly stationPath: string;
  readonly devicePath: string;
  /** socat's own process (the watching shell's child), from its log lines. */
  readonly pid: number | undefined;
  close(): Promise<void>;
}

const PTY_LINE = /PTY is (\/dev\/pts\/\d+)/g;
const SOCAT_PID = /socat\[(\d+)\]/;
const WATCHED_SOCAT =
  'socat -d -d pty,raw,echo=0 pty,raw,echo=0 & pid=$!; trap "kill $pid 2>/dev/null" EXIT INT TERM; read _ignored; exit 0';

export function openPtyPair(timeoutMs = 5000): Promise<PtyPair> {
  return new Promise((resolve, reject) => {
    // socat outlives a parent that dies without closing it; the shell ends it when our end of its
    // stdin closes, which the OS does for us however this process ends.
    const child: ChildProcess = spawn('sh', ['-c', WATCHED_SOCAT], { stdio: ['pipe', 'ignore', 'pipe'] });
    let log = '';
    const timer = setTimeout(() => {
      child.stdin!.end();
      reject(new Error(`socat did not create a pty pair within ${timeoutMs} ms: ${log}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Cannot start socat (is it installed?): ${error.message}`));
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const paths = [...log.matchAll(PTY_LINE)].map((m) => m[1]!);
      if (paths.length < 2 || !log.includes('starting data transfer loop')) return;
      clearTimeout(timer);
      const socatPid = SOCAT_PID.exec(log)?.[1];
      child.stderr!.removeAllListeners('data');
      child.stderr!.resume();
      resolve({
        stationPath: paths[0]!,
        devicePath: paths[1]!,
        pid: socatPid === undefined ? undefined : Number(socatPid),
        close: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.stdin!.end();
          }),
      });
    });
  });
}
