import { randomBytes, sign } from 'node:crypto';
import { attestationTranscript } from '../../protocol/attestation-transcript';
import { reply, type Handler } from './handler';

/** §5: a fresh device nonce and a signature over the transcript with the device key. */
export const onAttest: Handler<'attest'> = (ctx, { stationNonce, stationId }) => {
  const deviceNonce = new Uint8Array(randomBytes(32));
  const firmwareHash = ctx.activeManifest().imageSha256;
  const transcript = attestationTranscript({ stationNonce, deviceNonce, stationId, firmwareHash });
  return reply({
    kind: 'attestation',
    deviceNonce,
    firmwareHash: firmwareHash.slice(),
    certs: ctx.config.identity.certChainDer.map((c) => c.slice()),
    signatureAlg: 'ed25519',
    signature: new Uint8Array(sign(null, transcript, ctx.config.identity.privateKey)),
  });
};
