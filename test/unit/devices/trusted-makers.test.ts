import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManufacturerCa, pinnedRoot, type ManufacturerCa } from '../../../native/attestation';
import { createAuditLog, type AuditLog } from '../../../electron/services/audit/audit-log';
import { checkGenuine } from '../../../electron/services/devices/genuine';
import {
  createTrustedMakers,
  type TrustedMakers,
} from '../../../electron/services/devices/makers/trusted-makers';
import type { Db } from '../../../electron/store/database';
import { fakeClock } from '../audit/fixtures';
import { checkInput, makeUnit, MapRegistry } from './genuine-fixtures';
import { openTestStore } from './test-store';

let db: Db;
let audit: AuditLog;
let makers: TrustedMakers;
let builtIn: ManufacturerCa;
let acme: ManufacturerCa;

const pem = (ca: ManufacturerCa) => ca.root.cert.toString('pem');
const builtInRoots = () => [
  pinnedRoot('production', pem(builtIn), { name: 'POS Station Manufacturer', models: null }),
];

beforeEach(async () => {
  db = openTestStore();
  audit = createAuditLog(db, fakeClock(Date.now()));
  builtIn = await createManufacturerCa({ withIntermediate: true });
  acme = await createManufacturerCa({ organisation: 'Acme Terminals', withIntermediate: true });
  makers = createTrustedMakers({ db, audit, clock: { now: () => Date.now() }, builtInRoots });
});
afterEach(() => db.close());

const refusal = (act: () => unknown) => {
  try {
    act();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'accepted';
};

describe('trusted makers: two people add one', () => {
  it('is trusted for nothing until a second administrator approves it', () => {
    const proposed = makers.propose('admin-a', { name: 'Acme', rootPem: pem(acme), models: ['AC-1'] });
    expect(proposed.status).toBe('proposed');
    expect(makers.roots()).toEqual([]);

    expect(refusal(() => makers.approve('admin-a', proposed.id))).toBe('same_person');
    expect(makers.approve('admin-b', proposed.id)).toMatchObject({
      status: 'trusted',
      approvedBy: 'admin-b',
    });
    expect(makers.roots().map((r) => r.maker)).toEqual([{ name: 'Acme', models: ['AC-1'] }]);
    expect(refusal(() => makers.approve('admin-c', proposed.id))).toBe('not_proposed');

    const actions = audit.read().map((r) => [r.action, r.actor]);
    expect(actions).toEqual([
      ['device.maker.proposed', 'admin-a'],
      ['device.maker.approved', 'admin-b'],
    ]);
  });

  it('refuses a root that is not a CA, a built-in root again, and a model another maker holds', async () => {
    const unit = await makeUnit(acme, 'AC00000001');
    const leafPem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(unit.certs[0]!).toString('base64')}\n-----END CERTIFICATE-----\n`;
    expect(refusal(() => makers.propose('a', { name: 'Leaf', rootPem: leafPem, models: ['X1'] }))).toBe(
      'root_not_ca',
    );
    expect(refusal(() => makers.propose('a', { name: 'Junk', rootPem: 'hello', models: ['X1'] }))).toBe(
      'root_unreadable',
    );
    expect(refusal(() => makers.propose('a', { name: 'Again', rootPem: pem(builtIn), models: ['X1'] }))).toBe(
      'root_built_in',
    );
    expect(refusal(() => makers.propose('a', { name: 'Acme', rootPem: pem(acme), models: ['AC 1'] }))).toBe(
      'model_invalid',
    );
    makers.propose('a', { name: 'Acme', rootPem: pem(acme), models: ['AC-1'] });
    const other = await createManufacturerCa({ organisation: 'Other' });
    expect(refusal(() => makers.propose('a', { name: 'Other', rootPem: pem(other), models: ['AC-1'] }))).toBe(
      'model_taken',
    );
    expect(db.prepare('SELECT count(*) FROM trusted_makers').pluck().get()).toBe(1);
  });

  it('takes trust away at once on withdrawal, and the roots follow an approval made by another process', () => {
    const { id } = makers.propose('a', { name: 'Acme', rootPem: pem(acme), models: ['AC-1'] });
    const otherProcess = createTrustedMakers({ db, audit, clock: { now: () => Date.now() }, builtInRoots });
    expect(makers.roots()).toHaveLength(0);
    otherProcess.approve('b', id);
    expect(makers.roots()).toHaveLength(1);
    otherProcess.withdraw('b', id, 'contract ended');
    expect(makers.roots()).toHaveLength(0);
    expect(makers.list()[0]).toMatchObject({ status: 'withdrawn', withdrawnBy: 'b' });
  });
});

describe('genuine check with more than one maker', () => {
  const roots = () => [...builtInRoots(), ...makers.roots()];
  const verdictFor = async (ca: ManufacturerCa, serial: string, model: string) => {
    const unit = await makeUnit(ca, serial);
    const registry = new MapRegistry().register(unit, { model });
    const input = checkInput(unit, roots(), registry);
    return checkGenuine({ ...input, identity: { ...input.identity, model } });
  };

  beforeEach(() => {
    const { id } = makers.propose('a', { name: 'Acme', rootPem: pem(acme), models: ['AC-1'] });
    makers.approve('b', id);
  });

  it("accepts each maker's own models and names the maker", async () => {
    expect(await verdictFor(acme, 'AC00000001', 'AC-1')).toMatchObject({ genuine: true, maker: 'Acme' });
    const own = await verdictFor(builtIn, 'PS00000001', 'PS-M1');
    expect(own.genuine).toBe(true);
    expect(own.maker).toBe('POS Station Manufacturer');
  });

  it("refuses a certificate from one maker claiming another maker's model, either way", async () => {
    const acmeClaimsOurs = await verdictFor(acme, 'AC00000002', 'PS-M1');
    expect(acmeClaimsOurs.code).toBe('maker_model_not_allowed');
    expect(acmeClaimsOurs.reasons[0]!.message_zh).toContain('Acme');

    const oursClaimsAcme = await verdictFor(builtIn, 'PS00000002', 'AC-1');
    expect(oursClaimsAcme.code).toBe('maker_model_not_allowed');
    expect(oursClaimsAcme.reasons[0]!.message_en).toContain('belongs to maker "Acme"');
  });

  it("refuses a withdrawn maker's units as untrusted", async () => {
    makers.withdraw('c', makers.list()[0]!.id, 'contract ended');
    expect((await verdictFor(acme, 'AC00000003', 'AC-1')).code).toBe('chain_untrusted');
  });
});
