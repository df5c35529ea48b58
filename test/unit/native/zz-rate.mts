import { makeIdentity, makeImage, makeSigner, makeUnit } from './fixtures';
const baud = Number(process.argv[2]);
const size = Number(process.argv[3]);
const kind = (process.argv[4] ?? 'incompressible') as 'incompressible' | 'typical';
const signer = makeSigner();
const unit = makeUnit({
  signer,
  factoryImage: makeImage(signer),
  identity: await makeIdentity(),
  runtime: { baud },
});
const img = makeImage(signer, { size, kind, seed: 5, version: '1.1.0' });
await unit.client.hello();
const t = performance.now();
const r = await unit.client.flash(img);
const ms = performance.now() - t;
console.log(
  JSON.stringify({
    baud,
    size,
    kind,
    ms: Math.round(ms),
    wire: r.bytesOnWire,
    retries: r.retries,
    fractionOfLine: +(size / (ms / 1000) / (baud / 10)).toFixed(4),
  }),
);
process.exit(0);
