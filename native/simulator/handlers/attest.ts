import { randomBytes, sign } from 'node:crypto';
import { attestationTranscript } from '../../protocol/attestation-transcript';
import { reply, type Handler } from './handler';

/** §5: a fresh device nonce and a signature over the transcript with the device key. */
export const onAttest: Handler<'attest'> = (ctx, { stationNonce, stationId }) => {
  const deviceNonce = ctx.config.breaks?.has('reused-nonce')
    ? new Uint8Array(32).fill(7)
    : new Uint8Array(randomBytes(32));
  const firmwareHash = ctx.activeManifest().imageSha256;
  const transcript = attestationTranscript({ stationNonce, deviceNonce, stationId, firmwareHash });
  return reply({
    kind: 'attestation',
    deviceNonce,
    firmwareHash: firmwareHash.slice(),
    certs: ctx.config.identity.certChainDer.map((c) => c.slice()),
    signatureAlg: 'ed25519',
    // bad-attest-signature: signs the transcript with its last byte changed.
    signature: new Uint8Array(
      sign(
        null,
        ctx.config.breaks?.has('bad-attest-signature')
          ? transcript.map((b, i) => (i === transcript.length - 1 ? b ^ 1 : b))
          : transcript,
        ctx.config.identity.privateKey,
      ),
    ),
  });
};
