import { MAX_MANIFEST_SIZE } from '../../protocol/limits';
import { Refusal } from '../refusal';
import { reply, type Handler } from './handler';

/** §6.2: the manifest arrives in order; offset 0 starts it again. */
export const onFwManifest: Handler<'fwManifest'> = (ctx, m) => {
  if (m.totalSize < 1 || m.totalSize > MAX_MANIFEST_SIZE) {
    throw new Refusal('IMAGE_TOO_LARGE', `manifest of ${m.totalSize} bytes`);
  }
  if (m.offset === 0)
    ctx.manifestBuffer = { total: m.totalSize, received: 0, bytes: new Uint8Array(m.totalSize) };
  const buffer = ctx.manifestBuffer;
  if (!buffer || buffer.total !== m.totalSize || m.offset !== buffer.received) {
    throw new Refusal(
      'BAD_STATE',
      `manifest chunk at ${m.offset} does not follow ${buffer?.received ?? 'nothing'}`,
    );
  }
  if (m.chunk.length < 1 || m.offset + m.chunk.length > m.totalSize) {
    throw new Refusal('BAD_PAYLOAD', 'manifest chunk runs past totalSize');
  }
  buffer.bytes.set(m.chunk, m.offset);
  buffer.received += m.chunk.length;
  return reply({ kind: 'fwManifestAck', received: buffer.received });
};
