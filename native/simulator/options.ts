import { parseArgs } from 'node:util';
import { COMPONENTS, type Component } from '../protocol/enums';
import { parseBreakFlags, type BreakFlag } from './break-flags';

/** Command-line options of the simulator process (native/simulator/main.ts). */
export interface SimulatorOptions {
  readonly port?: string;
  readonly stdio: boolean;
  readonly stateDir: string;
  readonly deviceDir?: string;
  readonly keyFile?: string;
  readonly chainFile?: string;
  readonly serial?: string;
  readonly model?: string;
  readonly mode?: string;
  readonly firmwareKeyFiles: readonly string[];
  /** Registry public keys (PEM files) whose unfreeze tokens the unit accepts. */
  readonly registryKeyFiles: readonly string[];
  readonly factoryImage?: string;
  readonly hwRevision: string;
  readonly baud: number;
  readonly supportedBauds: readonly number[];
  readonly dropRate: number;
  readonly corruptRate: number;
  readonly stallMs: number;
  readonly stallAfterBytes: number;
  readonly disconnectAfterBytes?: number;
  readonly refuseBlock?: number;
  readonly refuseCount?: number;
  readonly failSelftest: readonly Component[];
  readonly tamper: boolean;
  readonly simActivated?: string;
  readonly seed?: number;
  readonly slotSize: number;
  readonly writeBytesPerSec?: number;
  /** The unit's life before the station (diagnosis): trading, idle days, a full log, field faults. */
  readonly history: {
    readonly tradeDays: number;
    readonly tradeCount?: number;
    readonly idleDays: number;
    readonly logFill: number;
    readonly rolledBack: boolean;
    readonly instantSettlement: boolean;
  };
  readonly facts: {
    readonly batteryHealthPercent?: number;
    readonly batteryCycles?: number;
    readonly signalDbm?: number;
    readonly simAbsent: boolean;
    readonly clockOffsetSeconds?: number;
  };
  /** Conformance clauses this unit breaks on purpose (break-flags.ts). */
  readonly breaks: readonly BreakFlag[];
}

export const SIMULATOR_USAGE = `usage: tsx native/simulator/main.ts (--port PATH | --stdio) --state-dir DIR
  identity:  --device-dir DIR (a unit of a manufacturer batch) | --key PEM --chain PEM --serial S --model M [--mode production|test-unit|sample-unit]
  firmware:  --firmware-key PEM (trusted signer public key; repeatable) [--factory-image FILE] [--slot-size BYTES]
  registry:  [--registry-key PEM (public key whose UNFREEZE tokens are accepted; repeatable)]
  link:      [--baud N (8N1 timing; 0 = unthrottled; default 115200)] [--supported-bauds 115200,921600]
  faults:    [--drop-rate p] [--corrupt-rate p] [--stall-ms N [--stall-after-bytes N]] [--disconnect-after-bytes N]
             [--refuse-block K [--refuse-count N]] [--fail-selftest card_reader,nfc,...] [--tamper] [--seed N]
  conformance: [--break FLAG[,FLAG…]] (repeatable; see native/simulator/break-flags.ts)
  other:     [--hw-revision R] [--sim-activated YYYY-MM-DD] [--write-rate BYTES_PER_SEC]
  history (a fresh unit's life before it reaches the station, for diagnosis):
             [--trade-days D [--trade-count N] [--idle-days G] [--instant-settlement]] [--log-fill N] [--rolled-back]
             [--battery-health PERCENT] [--battery-cycles N] [--signal-dbm=-N] [--no-sim] [--clock-offset SECONDS]`;

function number(
  name: string,
  text: string | undefined,
  options: { min?: number; max?: number } = {},
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (
    !Number.isFinite(value) ||
    (options.min !== undefined && value < options.min) ||
    (options.max !== undefined && value > options.max)
  ) {
    throw new Error(`--${name}: "${text}" is not a number in ${options.min ?? '-∞'}..${options.max ?? '∞'}.`);
  }
  return value;
}

export function parseSimulatorOptions(argv: readonly string[]): SimulatorOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      port: { type: 'string' },
      stdio: { type: 'boolean', default: false },
      'state-dir': { type: 'string' },
      'device-dir': { type: 'string' },
      key: { type: 'string' },
      chain: { type: 'string' },
      serial: { type: 'string' },
      model: { type: 'string' },
      mode: { type: 'string' },
      'firmware-key': { type: 'string', multiple: true },
      'registry-key': { type: 'string', multiple: true },
      'factory-image': { type: 'string' },
      'hw-revision': { type: 'string', default: 'B2' },
      baud: { type: 'string', default: '115200' },
      'supported-bauds': { type: 'string', default: '115200,230400,460800,921600' },
      'drop-rate': { type: 'string', default: '0' },
      'corrupt-rate': { type: 'string', default: '0' },
      'stall-ms': { type: 'string', default: '0' },
      'stall-after-bytes': { type: 'string', default: '65536' },
      'disconnect-after-bytes': { type: 'string' },
      'refuse-block': { type: 'string' },
      'refuse-count': { type: 'string' },
      'fail-selftest': { type: 'string', default: '' },
      tamper: { type: 'boolean', default: false },
      'sim-activated': { type: 'string' },
      seed: { type: 'string' },
      'slot-size': { type: 'string', default: String(16 * 1024 * 1024) },
      'write-rate': { type: 'string' },
      'trade-days': { type: 'string', default: '0' },
      'trade-count': { type: 'string' },
      'idle-days': { type: 'string', default: '0' },
      'log-fill': { type: 'string', default: '0' },
      'rolled-back': { type: 'boolean', default: false },
      'instant-settlement': { type: 'boolean', default: false },
      'battery-health': { type: 'string' },
      'battery-cycles': { type: 'string' },
      'signal-dbm': { type: 'string' },
      'no-sim': { type: 'boolean', default: false },
      'clock-offset': { type: 'string' },
      break: { type: 'string', multiple: true, default: [] },
    },
  });
  if (!values.port === !values.stdio) throw new Error('Give exactly one of --port PATH or --stdio.');
  if (!values['state-dir']) throw new Error('--state-dir is required: the unit keeps its flash there.');
  if (!values['device-dir'] && !(values.key && values.chain && values.serial && values.model)) {
    throw new Error('Give --device-dir, or all of --key, --chain, --serial and --model.');
  }
  if (!values['firmware-key']?.length)
    throw new Error('--firmware-key is required: the bootloader must trust a signer.');
  const failSelftest = values['fail-selftest']
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const c of failSelftest) {
    if (!(COMPONENTS as readonly string[]).includes(c)) {
      throw new Error(`--fail-selftest: "${c}" is not one of ${COMPONENTS.join(', ')}.`);
    }
  }
  const rate = (name: 'drop-rate' | 'corrupt-rate') => number(name, values[name], { min: 0, max: 1 })!;
  const optional = (
    name: 'disconnect-after-bytes' | 'refuse-block' | 'refuse-count' | 'seed' | 'write-rate',
  ) => number(name, values[name], { min: 0 });
  return {
    ...(values.port ? { port: values.port } : {}),
    stdio: values.stdio,
    stateDir: values['state-dir'],
    ...(values['device-dir'] ? { deviceDir: values['device-dir'] } : {}),
    ...(values.key ? { keyFile: values.key } : {}),
    ...(values.chain ? { chainFile: values.chain } : {}),
    ...(values.serial ? { serial: values.serial } : {}),
    ...(values.model ? { model: values.model } : {}),
    ...(values.mode ? { mode: values.mode } : {}),
    firmwareKeyFiles: values['firmware-key'],
    registryKeyFiles: values['registry-key'] ?? [],
    ...(values['factory-image'] ? { factoryImage: values['factory-image'] } : {}),
    hwRevision: values['hw-revision'],
    baud: number('baud', values.baud, { min: 0 })!,
    supportedBauds: values['supported-bauds']
      .split(',')
      .filter((s) => s.trim() !== '')
      .map((s) => number('supported-bauds', s.trim(), { min: 1 })!),
    dropRate: rate('drop-rate'),
    corruptRate: rate('corrupt-rate'),
    stallMs: number('stall-ms', values['stall-ms'], { min: 0 })!,
    stallAfterBytes: number('stall-after-bytes', values['stall-after-bytes'], { min: 0 })!,
    ...defined('disconnectAfterBytes', optional('disconnect-after-bytes')),
    ...defined('refuseBlock', optional('refuse-block')),
    ...defined('refuseCount', optional('refuse-count')),
    failSelftest: failSelftest as Component[],
    tamper: values.tamper,
    ...(values['sim-activated'] ? { simActivated: values['sim-activated'] } : {}),
    ...defined('seed', optional('seed')),
    slotSize: number('slot-size', values['slot-size'], { min: 1 })!,
    ...defined('writeBytesPerSec', optional('write-rate')),
    history: {
      tradeDays: number('trade-days', values['trade-days'], { min: 0, max: 3650 })!,
      ...defined('tradeCount', number('trade-count', values['trade-count'], { min: 0, max: 100_000 })),
      idleDays: number('idle-days', values['idle-days'], { min: 0, max: 3650 })!,
      logFill: number('log-fill', values['log-fill'], { min: 0, max: 100_000 })!,
      rolledBack: values['rolled-back'],
      instantSettlement: values['instant-settlement'],
    },
    facts: {
      ...defined(
        'batteryHealthPercent',
        number('battery-health', values['battery-health'], { min: 0, max: 100 }),
      ),
      ...defined(
        'batteryCycles',
        number('battery-cycles', values['battery-cycles'], { min: 0, max: 65_535 }),
      ),
      ...defined('signalDbm', number('signal-dbm', values['signal-dbm'], { min: -255, max: 0 })),
      simAbsent: values['no-sim'],
      ...defined(
        'clockOffsetSeconds',
        number('clock-offset', values['clock-offset'], { min: -1e9, max: 1e9 }),
      ),
    },
    breaks: parseBreakFlags(values.break),
  };
}

function defined<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}
