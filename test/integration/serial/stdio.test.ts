import { spawn } from 'node:child_process';
import { TerminalClient } from '../../../native/client/terminal-client';
import { unitArgs } from '../../../native/simulator/fleet';
import { simulatorCommand } from '../../../native/simulator/launch';
import { StreamTransport } from '../../../native/transports/stream';
import { makeFleet } from './harness';

describe('simulator on stdin/stdout', () => {
  it('speaks the protocol over its standard streams', async () => {
    const fleet = await makeFleet(1);
    const { command, args, cwd } = simulatorCommand();
    const child = spawn(command, [...args, ...unitArgs(fleet, fleet.units[0]!), '--stdio', '--baud', '0'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(cwd ? { cwd } : {}),
    });
    await new Promise<void>((resolve) => child.stderr.once('data', () => resolve()));
    const client = new TerminalClient(new StreamTransport(child.stdout, child.stdin, 'simulator stdio'));
    expect((await client.identity()).serial).toBe(fleet.units[0]!.serial);
    const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdin.end();
    expect(await exited).toBe(0);
  });
});
