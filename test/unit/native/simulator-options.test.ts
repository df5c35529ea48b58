import { parseSimulatorOptions } from '../../../native/simulator/options';

const base = [
  '--port',
  '/dev/pts/9',
  '--state-dir',
  '/tmp/u',
  '--device-dir',
  '/tmp/d',
  '--firmware-key',
  'k.pem',
];

describe('simulator flags', () => {
  it('parses fault flags', () => {
    const o = parseSimulatorOptions([
      ...base,
      '--baud',
      '921600',
      '--corrupt-rate',
      '0.001',
      '--disconnect-after-bytes',
      '5000',
      '--refuse-block',
      '3',
      '--fail-selftest',
      'nfc,modem',
    ]);
    expect(o).toMatchObject({
      port: '/dev/pts/9',
      baud: 921600,
      corruptRate: 0.001,
      dropRate: 0,
      disconnectAfterBytes: 5000,
      refuseBlock: 3,
      failSelftest: ['nfc', 'modem'],
    });
  });

  it('names the flag that is wrong', () => {
    expect(() => parseSimulatorOptions([...base, '--drop-rate', '1.5'])).toThrow(/--drop-rate/);
    expect(() => parseSimulatorOptions([...base, '--fail-selftest', 'printer'])).toThrow(/printer/);
    expect(() => parseSimulatorOptions([...base, '--stdio'])).toThrow(/exactly one of --port/);
    expect(() => parseSimulatorOptions(['--stdio', '--state-dir', '/tmp/u', '--firmware-key', 'k'])).toThrow(
      /--device-dir/,
    );
    expect(() => parseSimulatorOptions(base.slice(0, -2))).toThrow(/--firmware-key/);
  });
});
