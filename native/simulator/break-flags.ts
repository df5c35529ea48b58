/**
 * `--break FLAG`: the simulator breaks exactly one conformance clause (docs/conformance.md), so the
 * conformance runner can be shown to catch each. Flag → the clause id it breaks.
 */
export const BREAK_FLAGS = {
  'answer-bad-crc': 'framing.bad-crc-silent',
  'no-resync': 'framing.resync-after-noise',
  'answer-overlong': 'framing.overlong-dropped',
  'unknown-type-as-bad-payload': 'errors.unknown-type',
  'bad-payload-wrong-code': 'errors.bad-payload',
  'hello-window-ignored': 'hello.negotiation',
  'identity-bad-imei': 'identity.fields',
  'no-dup-replay': 'duplicate.replay',
  'reused-nonce': 'attest.fresh-nonce',
  'bad-attest-signature': 'attest.signature',
  'selftest-false-rollback': 'selftest.report',
  'bind-unmasked-card': 'bind.checks',
  'logs-ignore-from': 'logs.paging',
  'counters-missing': 'counters.values',
  'slow-hello': 'timeouts.answer',
  'fw-window-overrun': 'firmware.window',
  'fw-ack-per-unit': 'firmware.cumulative-ack',
  'fw-resume-forgets': 'firmware.resume',
  'fw-deflate-no-dictionary': 'firmware.compression',
  'fw-status-no-rewind': 'firmware.status-codes',
  'fw-accept-corrupt-block': 'firmware.hash-check',
  'fw-downgrade-accepted': 'firmware.anti-downgrade',
  'fw-confirm-ignored': 'firmware.test-boot',
  'freeze-lost-on-reboot': 'freeze.persistence',
} as const;

export type BreakFlag = keyof typeof BREAK_FLAGS;

export function parseBreakFlags(values: readonly string[]): BreakFlag[] {
  const flags = values
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const f of flags)
    if (!(f in BREAK_FLAGS))
      throw new Error(`--break: "${f}" is not one of ${Object.keys(BREAK_FLAGS).join(', ')}.`);
  return flags as BreakFlag[];
}

/** Blocks the simulator's thread for `ms` (slow-hello: a unit too busy to answer in time). */
export function stall(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
