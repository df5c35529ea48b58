import { createHash, createPrivateKey } from 'node:crypto';
import { buildImage, parseImage, verifyImage } from '../../../native/firmware';

// The test vector printed in docs/firmware-image.md §7: if this test changes, the document must too.
const RFC8032_TEST1_SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const HEADER =
  '505346570100400001000000580200000102030004000000050000000001000050532d4d31000000000000000000000000000000000000000000000000000000';
const TLV_AREA =
  '07690000' +
  '00010000' +
  '1000' +
  '20000000' +
  'a6305a00b151a733304ba7dca0566d2e40e429836823118f92f2e85df90e9c87' +
  '2000' +
  '60000000' +
  '40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880' +
  '40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880' +
  '10d9bd424114319c0999adf6288f74060cd8918ef1228827a6269b2bf0f0880c' +
  '0100' +
  '20000000' +
  '06e3fd8fda29bb60ab59557de61edb0aecdb231134be30e75b455f8e1b792fa9' +
  '2400' +
  '40000000' +
  '988ef55806e9909e8c69aeb83538e1a5a9791cdf8546dcda8b918aab35a28d8e38d757f92c348f69fef1ff43be84b973649bf4bed905224f0d1cb1df87ba8d09';

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

  it('builds exactly the documented bytes (Ed25519 is deterministic)', () => {
    const hex = Buffer.from(image).toString('hex');
    expect(hex.slice(0, 128)).toBe(HEADER);
    expect(hex.slice(128 + 1200)).toBe(TLV_AREA);
    expect(image.length).toBe(920);
    expect(createHash('sha256').update(image).digest('hex')).toBe(
      'e537e8a0355e3daf9ceb05d3404f87cfd188a15b54e68e33926a8754d9826f83',
    );
  });

  it('the documented manifest (header ‖ TLV area) is what parseImage exposes, and it verifies', () => {
    const parsed = parseImage(image);
    expect(Buffer.from(parsed.manifest.bytes).toString('hex')).toBe(HEADER + TLV_AREA);
    expect(verifyImage(parsed, [key], { model: 'PS-M1', minSecurityCounter: 5 }).ok).toBe(true);
  });
});
