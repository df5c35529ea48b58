import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareFleet, unitArgs, type Fleet } from '../../../../native/simulator/fleet';
import { launchSimulator, type SimulatorProcess } from '../../../../native/simulator/launch';
import { openPtyPair, type PtyPair } from '../../../../native/simulator/pty-pair';
import { runBelowThisProcess } from '../../station/process-priority';
import type { DeviceRegistry } from '../registry/device-registry';
import { firmwareDir } from '../pipeline/firmware-catalog';

/** The demo counterfeit's life before it reached the counter (applied once, to a fresh unit). */
const COUNTERFEIT_HISTORY = [
  '--trade-days',
  '120',
  '--idle-days',
  '35',
  '--fail-selftest',
  'card_reader',
  '--seed',
  '9',
];

/** What went wrong with each of the demo's returned units, and the simulator flags that make it so. */
export const DEMO_RETURN_FAULTS = [
  {
    fault: 'card_reader',
    args: ['--fail-selftest', 'card_reader', '--trade-days', '150', '--idle-days', '12', '--seed', '11'],
  },
  {
    fault: 'battery',
    args: ['--battery-health', '41', '--battery-cycles', '1450', '--trade-days', '300', '--seed', '12'],
  },
  { fault: 'tampered', args: ['--tamper', '--trade-days', '60', '--idle-days', '3', '--seed', '13'] },
  { fault: 'rolled_back', args: ['--rolled-back', '--trade-days', '90', '--seed', '14'] },
  // Reported lost; support froze it (demo-seed): when it turns up here it takes FREEZE and is kept.
  { fault: 'lost', args: ['--trade-days', '45', '--seed', '15'] },
] as const;
export type DemoReturnFault = (typeof DEMO_RETURN_FAULTS)[number]['fault'] | 'counterfeit';

/** The model of the demo firmware image shipped in resources/firmware. */
export const DEMO_TERMINAL_MODEL = 'PS-M1';

export interface DemoTerminalsOptions {
  readonly dataDir: string;
  readonly resourcesDir: string;
  readonly registry: DeviceRegistry;
  /**
   * How many units; the last two are a test unit and a counterfeit, so the board shows both kinds
   * of red verdict a warehouse worker must recognise. Default 5.
   */
  readonly count?: number;
  /** Simulated line speed; default 115200 (8N1), so flashing takes long enough to watch. */
  readonly baud?: number;
  /** A registry public key the demo units trust for UNFREEZE tokens. */
  readonly registryKeyFile?: string;
  readonly actor?: string;
  /** Told when a simulator or its link cannot be run below the station's priority. */
  readonly warn?: (message: string, error: unknown) => void;
}

export interface DemoTerminals {
  /** The station's ends of the pseudo-terminals, one per unit. */
  readonly ports: readonly string[];
  /** The demo manufacturer root: pinned only in demo mode. */
  readonly rootFile: string;
  readonly serials: readonly string[];
  /**
   * Units back from merchants, for the support desk: each with its fault (the counterfeit is one —
   * swapped in for a merchant's unit). Support seeds their cases; an open case locks them on the board.
   */
  readonly returned: readonly { readonly serial: string; readonly fault: DemoReturnFault }[];
  /** Process ids of the simulator children, all ended by close(). */
  readonly pids: readonly number[];
  close(): Promise<void>;
}

interface SavedFleets {
  readonly genuine: Fleet;
  readonly testUnit: Fleet;
  /**
   * A unit whose certificate comes from a CA of its own — never pinned, never in the registry:
   * what a counterfeit looks like to the genuine check. (Absent from fleets saved by older starts.)
   */
  readonly counterfeit?: Fleet;
  /** Genuine units returned with faults (DEMO_RETURN_FAULTS, in order). (Absent from older starts.) */
  readonly returned?: Fleet;
}

/**
 * Demo mode with no hardware attached: a batch of simulated terminals under <dataDir>/demo (made once
 * with the demo CA, reused on later starts so flashed units stay flashed), its manufacturer manifest
 * imported into the registry, and one simulator process per unit on a pseudo-terminal pair.
 */
export async function startDemoTerminals(options: DemoTerminalsOptions): Promise<DemoTerminals> {
  const count = Math.max(3, options.count ?? 5);
  const dir = join(options.dataDir, 'demo');
  const saved = join(dir, 'fleets.json');
  let fleets: SavedFleets = existsSync(saved)
    ? (JSON.parse(readFileSync(saved, 'utf8')) as SavedFleets)
    : {
        genuine: await prepareFleet({ dir, count: count - 2, model: DEMO_TERMINAL_MODEL }),
        testUnit: await prepareFleet({ dir, count: 1, model: DEMO_TERMINAL_MODEL, mode: 'test_unit' }),
      };
  let counterfeit = fleets.counterfeit;
  if (!counterfeit) {
    counterfeit = await prepareFleet({ dir: join(dir, 'counterfeit'), count: 1, model: DEMO_TERMINAL_MODEL });
    fleets = { ...fleets, counterfeit };
    writeFileSync(saved, JSON.stringify(fleets, null, 2));
  }
  let returned = fleets.returned;
  if (!returned) {
    returned = await prepareFleet({
      dir: join(dir, 'returned'),
      count: DEMO_RETURN_FAULTS.length,
      model: DEMO_TERMINAL_MODEL,
    });
    fleets = { ...fleets, returned };
    writeFileSync(saved, JSON.stringify(fleets, null, 2));
  }
  // The counterfeit stays the last port (the support desk's diagnosis demo picks it there).
  const all = [fleets.genuine, fleets.testUnit, returned, counterfeit];
  // The counterfeit's manufacturer is nobody the registry knows: its manifest is never imported.
  for (const fleet of [fleets.genuine, fleets.testUnit, returned]) {
    const report = options.registry.importManifest({
      text: readFileSync(fleet.manifestJsonFile, 'utf8'),
      format: 'json',
      source: `demo:${fleet.batch}`,
      actor: options.actor ?? 'system',
    });
    if (!report.ok)
      throw new Error(
        `Demo manifest ${fleet.manifestJsonFile} was refused: ${JSON.stringify(report.conflicts)}`,
      );
  }

  const shippedSigner = join(firmwareDir(options.resourcesDir), 'keys', 'demo-signer.pub.pem');
  const started: { pty: PtyPair; sim: SimulatorProcess | undefined }[] = [];
  const close = async () => {
    await Promise.all(
      started.map(async (s) => {
        await s.sim?.kill('SIGTERM');
        await s.pty.close();
      }),
    );
  };
  try {
    for (const fleet of all) {
      for (const [index, unit] of fleet.units.entries()) {
        const pty = await openPtyPair();
        const slot: { pty: PtyPair; sim: SimulatorProcess | undefined } = { pty, sim: undefined };
        started.push(slot);
        slot.sim = await launchSimulator([
          ...unitArgs(fleet, unit),
          // The bootloader also trusts the shipped demo signer, so the demo image can be flashed.
          ...(existsSync(shippedSigner) ? ['--firmware-key', shippedSigner] : []),
          // The demo station's registry key: support can unfreeze the demo units it froze.
          ...(options.registryKeyFile ? ['--registry-key', options.registryKeyFile] : []),
          '--baud',
          String(options.baud ?? 115200),
          '--port',
          pty.devicePath,
          // The counterfeit came back from a merchant: months of trading, then weeks idle, its reader dead.
          ...(fleet === counterfeit ? COUNTERFEIT_HISTORY : []),
          ...(fleet === returned ? (DEMO_RETURN_FAULTS[index]?.args ?? []) : []),
        ]);
        // They stand for separate hardware: on the station's own cores they go after it and the window.
        for (const pid of [pty.pid, slot.sim.child.pid])
          if (pid !== undefined) runBelowThisProcess(pid, options.warn ?? (() => undefined));
      }
    }
  } catch (error) {
    await close();
    throw error;
  }
  return {
    ports: started.map((s) => s.pty.stationPath),
    rootFile: fleets.genuine.caRootFile,
    serials: all.flatMap((fleet) => fleet.units.map((u) => u.serial)),
    returned: [
      ...returned.units.map((u, i) => ({ serial: u.serial, fault: DEMO_RETURN_FAULTS[i]?.fault ?? 'lost' })),
      ...counterfeit.units.map((u) => ({ serial: u.serial, fault: 'counterfeit' as const })),
    ],
    pids: started.flatMap((s) => (s.sim?.child.pid !== undefined ? [s.sim.child.pid] : [])),
    close,
  };
}
