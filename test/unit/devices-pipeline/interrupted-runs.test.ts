import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { interruptAbandonedRuns } from '../../../electron/services/devices/evidence/interrupted-runs';
import { makeLab, type Lab } from './fixtures';

/** A run row as another station process would have left it, with its owner in the audit record. */
function openRun(lab: Lab, id: string, owner: { pid: number; host: string }): void {
  lab.db.transaction(() => {
    lab.db
      .prepare(
        `INSERT INTO provisioning_runs (id, serial, port, operator, station_id, status, started_at)
         VALUES (?, 'PS1', '/dev/ttyACM0', 'wh', 'st', 'running', '2026-11-25T10:00:00+08:00')`,
      )
      .run(id);
    lab.audit.append({ actor: 'wh', action: 'provisioning.started', subject: `run:${id}`, details: owner });
  })();
}

describe('runs left open by a station process', () => {
  it('interrupts a run whose process is gone, and leaves one whose process is alive alone', async () => {
    const lab = await makeLab(1);
    const alive = spawn('sleep', ['30'], { stdio: 'ignore' });
    const gone = spawn('true', [], { stdio: 'ignore' });
    await new Promise((r) => gone.once('exit', r));
    try {
      openRun(lab, 'runalive', { pid: alive.pid!, host: hostname() });
      openRun(lab, 'rungone', { pid: gone.pid!, host: hostname() });
      const ended = interruptAbandonedRuns(lab.evidence).map((r) => r.id);
      expect(ended).toEqual(['rungone']);
      expect(lab.evidence.run('runalive')).toMatchObject({ status: 'running', finishedAt: null });
      expect(lab.evidence.run('rungone')).toMatchObject({
        status: 'failed',
        failedStep: 'identify',
        failureCode: 'interrupted',
      });
      expect(lab.evidence.evidence('rungone')).toMatchObject([
        { step: 'link', outcome: 'failed', data: { interrupted: true, during: 'identify' } },
      ]);
      // Once is enough: a second start finds nothing more to end.
      expect(interruptAbandonedRuns(lab.evidence)).toEqual([]);
    } finally {
      alive.kill('SIGKILL');
    }
  });
});
