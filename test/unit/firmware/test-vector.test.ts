import { createHash, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildImage, parseImage, verifyImage } from '../../../native/firmware';

// The test vector is read from docs/firmware-image.md §7 itself: the document and the code cannot drift apart.
const DOC = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'firmware-image.md'), 'utf8');
const VECTOR = DOC.slice(DOC.indexOf('## 7. Test vector'), DOC.indexOf('## 8.'));

/** The hex bytes of the code block after `heading`: each line's leading hex tokens, up to its comment. */
function hexBlockAfter(heading: string): string {
  const from = VECTOR.indexOf(heading);
  if (from < 0) throw new Error(`docs/firmware-image.md §7 has no '${heading}'`);
  const block = /```\n([\s\S]*?)```/.exec(VECTOR.slice(from))![1]!;
  return block
    .split('\n')
    .map((line) => {
      const tokens = line.trim().split(/\s+/);
      const end = tokens.findIndex((t) => !/^(?:[0-9a-f]{2})+$/.test(t));
      return (end < 0 ? tokens : tokens.slice(0, end)).join('');
    })
    .join('');
}

const seedOf = (text: string) => /seed\s+`([0-9a-f]{64})`/.exec(text)![1]!;
const RFC8032_TEST1_SEED = seedOf(VECTOR);
const HEADER = hexBlockAfter('Header (64 bytes)');
const TLV_AREA = hexBlockAfter('TLV area');
const FILE_SHA256 = /whole 920-byte file: `([0-9a-f]{64})`/.exec(VECTOR)![1]!;

describe('firmware image test vector (docs/firmware-image.md)', () => {
  const key = createPrivateKey({
    key: Buffer.from(`302e020100300506032b657004220420${RFC8032_TEST1_SEED}`, 'hex'),
    format: 'der',
    type: 'pkcs8',
  });
  const payload = Uint8Array.from({ length: 600 }, (_, i) => i & 0xff);
  const image = buildImage(
    { payload, version: '1.2.3+4', securityCounter: 5, model: 'PS-M1', blockSize: 256 },
    key,
  );

  it('reads a whole vector from the document', () => {
    expect(HEADER).toHaveLength(64 * 2);
    expect(TLV_AREA).toHaveLength(256 * 2);
  });

  it('builds exactly the documented bytes (Ed25519 is deterministic)', () => {
    const hex = Buffer.from(image).toString('hex');
    expect(hex.slice(0, 128)).toBe(HEADER);
    expect(hex.slice(128 + 1200)).toBe(TLV_AREA);
    expect(image.length).toBe(920);
    expect(createHash('sha256').update(image).digest('hex')).toBe(FILE_SHA256);
  });

  it('the documented manifest (header ‖ TLV area) is what parseImage exposes, and it verifies', () => {
    const parsed = parseImage(image);
    expect(Buffer.from(parsed.manifest.bytes).toString('hex')).toBe(HEADER + TLV_AREA);
    expect(verifyImage(parsed, [key], { model: 'PS-M1', minSecurityCounter: 5 }).ok).toBe(true);
  });
});
