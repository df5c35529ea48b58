import { randomBytes } from 'node:crypto';
import { InvalidArgumentError } from 'commander';
import { DeviceError } from '../../native/client/device-error';
import type { FlashProgress, FlashResult } from '../../native/client/flash-transfer';
import { TerminalClient, type ClientOptions } from '../../native/client/terminal-client';
import type { FirmwareImage } from '../../native/firmware/image-format';
import { SerialTransport } from '../../native/transports/serial';
import type { CliIo } from './cli-io';

/** What `flash --test-boot` does with a unit found trying out an image (a flash interrupted after REBOOT). */
export const TEST_BOOT_ACTIONS = ['confirm', 'rollback'] as const;
export type TestBootAction = (typeof TEST_BOOT_ACTIONS)[number];

/** Codes after which a unit may come back: unplugged, silent, or the line gave out mid-transfer. */
const DROP_CODES = new Set(['LINK_LOST', 'TIMEOUT', 'RETRIES_EXHAUSTED']);
const RECONNECT_POLL_MS = 1000;

/** `--reconnect-wait 60` or `60s`: whole seconds, 0 = do not wait. */
export function parseSeconds(flag: string): (value: string) => number {
  return (value) => {
    const match = /^(\d{1,5})s?$/.exec(value.trim());
    if (!match) throw new InvalidArgumentError(`${flag} must be whole seconds, such as 60 or 60s.`);
    return Number(match[1]);
  };
}

export interface FlashLink {
  client: TerminalClient;
}

/** Opens the port afresh (the unit came back, possibly as a new device node behind the same path). */
export async function openClient(
  port: string,
  baud: number,
  options: ClientOptions,
): Promise<TerminalClient> {
  return new TerminalClient(await SerialTransport.open({ path: port, baudRate: baud }), options);
}

/**
 * The unit is trying out new firmware (test boot) because an earlier flash stopped between REBOOT
 * and CONFIRM. The image under trial is the one being flashed: finish that flash (self-test, then
 * confirm or, on a failed self-test, the unit rolls back). Another image: only what the operator
 * asked for (--test-boot); without it, say what the state is and how to get out of it.
 */
export async function resolveTestBoot(
  link: FlashLink,
  io: CliIo,
  input: { serial: string; firmwareVersion: string; imageSha256: string; action: TestBootAction | undefined },
): Promise<
  | { kind: 'continue' }
  | { kind: 'confirmed-same' }
  | { kind: 'explain'; message: string; message_zh: string }
  | { kind: 'selftest-failed'; failed: string[] }
> {
  const running = await link.client.attest(new Uint8Array(randomBytes(32)), 'pos-station-flash');
  const sameImage = Buffer.from(running.firmwareHash).toString('hex') === input.imageSha256;
  const action = input.action ?? (sameImage ? 'confirm' : undefined);
  if (!action) {
    return {
      kind: 'explain',
      message:
        `${input.serial} is trying out firmware ${input.firmwareVersion} (test boot) left by an interrupted flash; ` +
        'it takes no new firmware until that is settled. Run again with --test-boot confirm to self-test and keep it, ' +
        'or --test-boot rollback to return to the previous firmware.',
      message_zh:
        `终端 ${input.serial} 正在试运行固件 ${input.firmwareVersion}（上次刷机中断留下的），处理好之前不能写入新固件。` +
        '请加 --test-boot confirm 重新运行（自检通过后保留），或加 --test-boot rollback（回到原来的固件）。',
    };
  }
  if (action === 'rollback') {
    io.err(
      `${input.serial}: 正在回滚试运行的固件 ${input.firmwareVersion} / rolling back firmware ${input.firmwareVersion} on trial…\n`,
    );
    await link.client.rollback();
    return { kind: 'continue' };
  }
  io.err(
    `${input.serial}: 正在自检试运行的固件 ${input.firmwareVersion} / self-testing firmware ${input.firmwareVersion} on trial…\n`,
  );
  const report = await link.client.selfTest();
  const failed = report.results.filter((r) => r.result === 'fail').map((r) => r.component);
  if (failed.length > 0) return { kind: 'selftest-failed', failed };
  await link.client.confirm();
  return sameImage ? { kind: 'confirmed-same' } : { kind: 'continue' };
}

/**
 * Flashes, and when the unit drops off mid-transfer says so at once and waits for it — up to
 * `reconnectWaitMs` — reopening the port and negotiating again; the transfer then resumes by content.
 */
export async function flashWithReconnect(
  link: FlashLink,
  io: CliIo,
  input: {
    port: string;
    image: FirmwareImage;
    reconnectWaitMs: number;
    reopen: () => Promise<TerminalClient>;
    onProgress: (p: FlashProgress) => void;
  },
): Promise<FlashResult> {
  let written = { bytes: 0, total: 0 };
  for (;;) {
    try {
      return await link.client.flash(input.image, {
        onProgress: (p) => {
          written = { bytes: p.heldBytes + p.bytesWritten, total: p.payloadBytes };
          input.onProgress(p);
        },
      });
    } catch (error) {
      if (!(error instanceof DeviceError) || !DROP_CODES.has(error.code) || input.reconnectWaitMs <= 0)
        throw error;
      const seconds = Math.round(input.reconnectWaitMs / 1000);
      io.err(
        `\n${input.port}: 终端已断开（${error.code}），已写入 ${written.bytes} / ${written.total} 字节；正在等待终端重新连接，最多 ${seconds} 秒……\n` +
          `${input.port}: the unit dropped off (${error.code}) with ${written.bytes} of ${written.total} bytes written; waiting up to ${seconds} s for it to come back…\n`,
      );
      link.client = await waitForUnit(link.client, input.reopen, input.reconnectWaitMs, error);
      io.err(`${input.port}: 终端已重新连接，从断点继续 / the unit is back; resuming where it stopped.\n`);
    }
  }
}

async function waitForUnit(
  previous: TerminalClient,
  reopen: () => Promise<TerminalClient>,
  waitMs: number,
  cause: DeviceError,
): Promise<TerminalClient> {
  const deadline = Date.now() + waitMs;
  let client: TerminalClient | undefined = previous;
  for (;;) {
    try {
      if (!client || client.transport.closed) client = await reopen();
      await client.hello();
      return client;
    } catch (error) {
      if (!(error instanceof DeviceError)) throw error;
      // A port that went away is reopened on the next round; one still open is asked again.
      if (client?.transport.closed) client = undefined;
    }
    if (Date.now() >= deadline) {
      await client?.close().catch(() => undefined);
      throw new DeviceError(cause.code, `the unit did not come back within ${Math.round(waitMs / 1000)} s`);
    }
    await new Promise((r) => setTimeout(r, RECONNECT_POLL_MS));
  }
}
