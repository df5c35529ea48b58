import { NoScheduleError } from './errors';
import type { CompiledSchedule } from './schedule';
import { formatShanghaiIso } from '../calendar/shanghai-time';

export type ScheduleStatus = 'superseded' | 'in_force' | 'pending';

/** All schedule versions, ordered by the instant they take effect. */
export class ScheduleBook {
  readonly versions: readonly CompiledSchedule[];
  private readonly effective: Float64Array;

  constructor(versions: readonly CompiledSchedule[]) {
    if (versions.length === 0) throw new Error('No fee schedule versions');
    this.versions = [...versions].sort((a, b) => a.effectiveAtMs - b.effectiveAtMs);
    this.effective = Float64Array.from(this.versions, (v) => v.effectiveAtMs);
  }

  /** Index of the version in force at the instant, or -1 before the first one. Hot path: a short backwards scan. */
  indexAt(epochMs: number): number {
    const effective = this.effective;
    let i = effective.length - 1;
    while (i >= 0 && effective[i]! > epochMs) i--;
    return i;
  }

  /** The version that prices a transaction at this instant. */
  inForceAt(epochMs: number): CompiledSchedule {
    const i = this.indexAt(epochMs);
    const version = this.versions[i];
    if (version === undefined) throw new NoScheduleError(formatShanghaiIso(epochMs));
    return version;
  }

  byId(id: string): CompiledSchedule | undefined {
    return this.versions.find((v) => v.id === id);
  }

  statusAt(version: CompiledSchedule, nowMs: number): ScheduleStatus {
    if (version.effectiveAtMs > nowMs) return 'pending';
    return this.inForceAt(nowMs) === version ? 'in_force' : 'superseded';
  }
}
