import { hostname } from 'node:os';
import type { Identity } from '../../../../native/client/terminal-client';
import { stationFailure } from '../pipeline/failures';
import type { EvidenceStore, RunRecord } from './evidence-store';

/** Who writes what the station itself concludes at start-up. */
const STATION_ACTOR = 'station';

/** Is the process that started this run still alive on this machine (the desktop app while a CLI starts)? */
function ownerAlive(evidence: EvidenceStore, run: RunRecord): boolean {
  const owner = evidence.runOwner(run.id);
  if (!owner || owner.host !== hostname() || owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's process.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * At start: a run left `running` or `paused` by a station process that died (killed, power cut)
 * is ended as interrupted, at the step it was in, keeping the evidence it had. A run whose process
 * is still alive (another station process on the same data directory) is left alone.
 */
export function interruptAbandonedRuns(evidence: EvidenceStore): RunRecord[] {
  const ended: RunRecord[] = [];
  for (const run of evidence.openRuns()) {
    if (ownerAlive(evidence, run)) continue;
    const done = evidence.interrupt(run.id, STATION_ACTOR, (step) => stationFailure(step, 'interrupted'));
    if (done) ended.push(done);
  }
  return ended;
}

/**
 * The unit of an interrupted run answered again: its evidence is completed with what the unit
 * reports now (firmware, boot state — a new image left on trial shows as test_boot — binding).
 */
export function completeInterrupted(evidence: EvidenceStore, port: string, identity: Identity): void {
  for (const run of evidence.awaitingUnitReport(identity.serial)) {
    evidence.record(run.id, {
      step: 'identify',
      outcome: 'ok',
      actor: STATION_ACTOR,
      data: { afterInterruption: true, seenOn: port, identity: { ...identity } },
      summary: {
        afterInterruption: true,
        firmwareVersion: identity.firmwareVersion,
        bootState: identity.bootState,
        bound: identity.boundApplicationId !== '',
      },
    });
  }
}
