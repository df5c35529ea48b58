import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import {
  HEADER_SIZE,
  ImageBuildError,
  ImageFormatError,
  assembleImage,
  blocksAlreadyHeld,
  buildImage,
  parseImage,
  parseManifest,
  signerKeyIdHex,
  verifyImage,
  verifyManifest,
  verifyPayload,
  type ImageVerdict,
} from '../../../native/firmware';

const signer = generateKeyPairSync('ed25519');
const otherSigner = generateKeyPairSync('ed25519');

const versionArb = fc.record({
  major: fc.integer({ min: 0, max: 255 }),
  minor: fc.integer({ min: 0, max: 255 }),
  patch: fc.integer({ min: 0, max: 65535 }),
  build: fc.integer({ min: 0, max: 0xffff_ffff }),
});
const inputArb = fc.record({
  payload: fc.uint8Array({ minLength: 1, maxLength: 3000 }),
  version: versionArb,
  securityCounter: fc.integer({ min: 0, max: 0xffff_ffff }),
  model: fc.stringMatching(/^[A-Za-z0-9._-]{1,16}$/),
  blockSize: fc.constantFrom(256, 512, 1024, 4096),
});

function codeOf(v: ImageVerdict): string {
  return v.ok ? 'ok' : v.code;
}

describe('firmware image', () => {
  it('parse(build(x)) gives back every header field and the payload', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const bytes = buildImage(input, signer.privateKey);
        const image = parseImage(bytes);
        expect(image.header.version).toEqual(input.version);
        expect(image.header.securityCounter).toBe(input.securityCounter);
        expect(image.header.model).toBe(input.model);
        expect(image.header.blockSize).toBe(input.blockSize);
        expect(image.header.payloadSize).toBe(input.payload.length);
        expect(Buffer.from(image.payload).equals(Buffer.from(input.payload))).toBe(true);
        expect(image.manifest.blockSha256).toHaveLength(Math.ceil(input.payload.length / input.blockSize));
        expect(Buffer.from(image.manifest.keyId).toString('hex')).toBe(signerKeyIdHex(signer.publicKey));
        expect(
          verifyImage(image, [signer.publicKey], {
            model: input.model,
            minSecurityCounter: input.securityCounter,
          }).ok,
        ).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('rejects an image with any single bit flipped anywhere', () => {
    fc.assert(
      fc.property(
        inputArb.chain((input) => {
          const bytes = buildImage(input, signer.privateKey);
          return fc.tuple(fc.constant(bytes), fc.nat({ max: bytes.length * 8 - 1 }));
        }),
        ([bytes, bit]) => {
          const flipped = Uint8Array.from(bytes);
          flipped[bit >> 3]! ^= 1 << (bit & 7);
          expect(verifyImage(flipped, [signer.publicKey]).ok).toBe(false);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('rejects a flip in every byte of a small image, each for a reason in the verdict code set', () => {
    const bytes = buildImage(
      {
        payload: new Uint8Array(700).fill(7),
        version: '1.2.3',
        securityCounter: 3,
        model: 'PS-M1',
        blockSize: 256,
      },
      signer.privateKey,
    );
    const codes = new Set<string>();
    for (let i = 0; i < bytes.length; i++) {
      const flipped = Uint8Array.from(bytes);
      flipped[i]! ^= 0x80;
      const verdict = verifyImage(flipped, [signer.publicKey]);
      expect(verdict.ok, `byte ${i}`).toBe(false);
      codes.add(codeOf(verdict));
    }
    expect([...codes].sort()).toEqual([
      'bad_hash',
      'bad_magic',
      'bad_signature',
      'malformed',
      'unknown_signer',
    ]);
  });

  describe('verifyImage codes', () => {
    const good = buildImage(
      {
        payload: new Uint8Array(5000).map((_, i) => i % 251),
        version: '2.1.0+7',
        securityCounter: 5,
        model: 'PS-M1',
      },
      signer.privateKey,
    );

    it('accepts a good image for its model at or above the device counter', () => {
      expect(
        codeOf(
          verifyImage(good, [otherSigner.publicKey, signer.publicKey], {
            model: 'PS-M1',
            minSecurityCounter: 5,
          }),
        ),
      ).toBe('ok');
    });

    it('bad magic', () => {
      const bytes = Uint8Array.from(good);
      bytes[0] = 0x7f;
      expect(codeOf(verifyImage(bytes, [signer.publicKey]))).toBe('bad_magic');
      expect(codeOf(verifyImage(new TextEncoder().encode('hello'), [signer.publicKey]))).toBe('bad_magic');
    });

    it('bad hash when the payload changes', () => {
      const bytes = Uint8Array.from(good);
      bytes[HEADER_SIZE + 4000]! ^= 1;
      expect(codeOf(verifyImage(bytes, [signer.publicKey]))).toBe('bad_hash');
    });

    it('unknown signer when the key is not trusted', () => {
      expect(codeOf(verifyImage(good, [otherSigner.publicKey]))).toBe('unknown_signer');
      expect(codeOf(verifyImage(good, []))).toBe('unknown_signer');
    });

    it('bad signature when the signature bytes change', () => {
      const bytes = Uint8Array.from(good);
      bytes[bytes.length - 10]! ^= 4;
      expect(codeOf(verifyImage(bytes, [signer.publicKey]))).toBe('bad_signature');
    });

    it('bad signature when a trusted key id is grafted onto an image signed by another key', () => {
      const forged = buildImage(
        { payload: new Uint8Array(100), version: '9.0.0', securityCounter: 99, model: 'PS-M1' },
        otherSigner.privateKey,
      );
      const image = parseImage(forged);
      const at = forged.length - 64 - 6 - 32;
      const bytes = Uint8Array.from(forged);
      bytes.set(parseImage(good).manifest.keyId, at);
      expect(Buffer.from(parseImage(bytes).manifest.keyId).equals(Buffer.from(image.manifest.keyId))).toBe(
        false,
      );
      expect(codeOf(verifyImage(bytes, [signer.publicKey]))).toBe('bad_signature');
    });

    it('wrong model', () => {
      const v = verifyImage(good, [signer.publicKey], { model: 'PS-M2' });
      expect(codeOf(v)).toBe('wrong_model');
      expect(v.ok ? '' : v.message_zh).toContain('PS-M2');
    });

    it('downgrade below the device security counter', () => {
      expect(codeOf(verifyImage(good, [signer.publicKey], { minSecurityCounter: 6 }))).toBe('downgrade');
    });

    it('malformed names the field', () => {
      const v = verifyImage(good.subarray(0, good.length - 1), [signer.publicKey]);
      expect(codeOf(v)).toBe('malformed');
      expect(v.ok ? undefined : v.field).toBe('tlv');
      const extra = new Uint8Array(good.length + 1);
      extra.set(good);
      expect(codeOf(verifyImage(extra, [signer.publicKey]))).toBe('malformed');
    });
  });

  describe('manifest before erase, blocks after', () => {
    const payload = new Uint8Array(10_000).map((_, i) => (i * 7) % 256);
    const bytes = buildImage(
      { payload, version: '1.0.0', securityCounter: 2, model: 'PS-M1', blockSize: 1024 },
      signer.privateKey,
    );
    const image = parseImage(bytes);

    it('the manifest alone is enough to check signer, model and counter', () => {
      const manifest = parseManifest(image.manifest.bytes);
      expect(manifest.bytes.length).toBe(bytes.length - payload.length);
      expect(verifyManifest(manifest, [signer.publicKey], { model: 'PS-M1', minSecurityCounter: 2 }).ok).toBe(
        true,
      );
      expect(codeOf(verifyManifest(manifest, [signer.publicKey], { minSecurityCounter: 3 }))).toBe(
        'downgrade',
      );
      expect(Buffer.from(assembleImage(manifest, payload)).equals(Buffer.from(bytes))).toBe(true);
    });

    it('reports which blocks a half-written slot already holds', () => {
      const slot = new Uint8Array(payload.length);
      slot.set(payload.subarray(0, 3 * 1024));
      slot.set(payload.subarray(5 * 1024, 6 * 1024), 5 * 1024);
      expect(blocksAlreadyHeld(image.manifest, slot)).toEqual([0, 1, 2, 5]);
      expect(blocksAlreadyHeld(image.manifest, payload)).toHaveLength(10);
    });

    it('verifyPayload catches a wrong block', () => {
      expect(verifyPayload(image.manifest, payload).ok).toBe(true);
      const bad = Uint8Array.from(payload);
      bad[9999]! ^= 1;
      expect(codeOf(verifyPayload(image.manifest, bad))).toBe('bad_hash');
    });
  });

  describe('typed errors', () => {
    it('parseImage names what is wrong', () => {
      const good = buildImage(
        { payload: new Uint8Array(10), version: '1.0.0', securityCounter: 0, model: 'X' },
        signer.privateKey,
      );
      const bytes = Uint8Array.from(good);
      bytes[HEADER_SIZE - 1] = 1;
      expect(() => parseImage(bytes)).toThrow(ImageFormatError);
      try {
        parseImage(bytes);
      } catch (err) {
        expect(err).toMatchObject({ code: 'bad_header', field: 'header.reserved' });
      }
    });

    it('buildImage names the bad input', () => {
      const base = { payload: new Uint8Array(10), version: '1.0.0', securityCounter: 0, model: 'PS-M1' };
      expect(() => buildImage({ ...base, version: '1.0' }, signer.privateKey)).toThrow(
        expect.objectContaining({ field: 'version' }),
      );
      expect(() => buildImage({ ...base, model: 'a model with spaces' }, signer.privateKey)).toThrow(
        ImageBuildError,
      );
      expect(() => buildImage({ ...base, blockSize: 1000 }, signer.privateKey)).toThrow(
        expect.objectContaining({ field: 'blockSize' }),
      );
      expect(() => buildImage({ ...base, securityCounter: -1 }, signer.privateKey)).toThrow(
        expect.objectContaining({ field: 'securityCounter' }),
      );
      expect(() => buildImage({ ...base, payload: new Uint8Array(0) }, signer.privateKey)).toThrow(
        expect.objectContaining({ field: 'payload' }),
      );
      expect(() => buildImage(base, signer.publicKey)).toThrow(/private key/);
    });
  });
});
