import { parse } from 'csv-parse/sync';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { exportEvidence } from '../../../electron/services/devices/evidence/evidence-export';
import { evidenceSheet } from '../../../electron/services/devices/evidence/evidence-sheet';
import { EvidenceStore, newEvidenceId } from '../../../electron/services/devices/evidence/evidence-store';
import { assertAuditSafe } from '../../../electron/services/audit/pii-guard';
import { openProvisioningStore } from './fixtures';

function store() {
  const db = openProvisioningStore();
  let now = Date.UTC(2026, 10, 26, 2, 0, 0);
  const clock = { now: () => (now += 1000) };
  const audit = createAuditLog(db, clock);
  return { db, audit, evidence: new EvidenceStore(db, audit, clock) };
}

describe('provisioning evidence', () => {
  it('stores each step with who and when, commits it with an audit record, and never rewrites it', () => {
    const { db, audit, evidence } = store();
    evidence.startRun({
      id: 'r1',
      port: '/dev/ttyACM0',
      usbLocation: 'usb:1-2.3',
      operator: 'wh.li',
      stationId: 's1',
      applicationId: 'APP-1',
    });
    evidence.record('r1', {
      step: 'identify',
      outcome: 'ok',
      actor: 'wh.li',
      data: { identity: { serial: 'PS0000000001', imei: '860000000000001' } },
      summary: { serial: 'PS0000000001' },
      set: { serial: 'PS0000000001', model: 'SP-200' },
    });
    evidence.finish('r1', 'wh.li', 'refused', {
      step: 'genuine',
      code: 'registry_unknown',
      zh: '未登记',
      en: 'Not registered',
    });
    const run = evidence.run('r1')!;
    expect(run).toMatchObject({
      serial: 'PS0000000001',
      model: 'SP-200',
      status: 'refused',
      failureCode: 'registry_unknown',
    });
    expect(run.startedAt).toMatch(/^2026-11-26T10:00:0\d\.000\+08:00$/);
    expect(evidence.evidence('r1')).toEqual([
      expect.objectContaining({
        step: 'identify',
        actor: 'wh.li',
        data: { identity: { serial: 'PS0000000001', imei: '860000000000001' } },
      }),
    ]);
    expect(audit.read().map((r) => r.action)).toEqual([
      'provisioning.started',
      'provisioning.identify.ok',
      'provisioning.refused',
    ]);
    expect(() => db.prepare("UPDATE provisioning_evidence SET outcome = 'ok'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM provisioning_evidence').run()).toThrow(/append-only/);
  });

  it('writes nothing when the audit record is refused (an unmasked card in the summary)', () => {
    const { evidence } = store();
    evidence.startRun({
      id: 'r2',
      port: 'p',
      usbLocation: null,
      operator: 'wh.li',
      stationId: 's1',
      applicationId: null,
    });
    expect(() =>
      evidence.record('r2', {
        step: 'bind',
        outcome: 'ok',
        actor: 'wh.li',
        data: {},
        summary: { card: '6222021234567890123' },
      }),
    ).toThrow(/unmasked/);
    expect(evidence.evidence('r2')).toEqual([]);
  });

  it('exports the sheet as JSON, printable HTML (escaped) and CSV', () => {
    const { evidence } = store();
    evidence.startRun({
      id: 'r3',
      port: '/dev/<pts>/1',
      usbLocation: null,
      operator: 'wh.<b>',
      stationId: 's1',
      applicationId: null,
    });
    evidence.record('r3', {
      step: 'identify',
      outcome: 'ok',
      actor: 'wh.<b>',
      data: { note: 'a,"quoted"\nline' },
      summary: {},
      set: { serial: 'PS0000000003' },
    });
    evidence.ship({
      id: 'sh1',
      runId: 'r3',
      serial: 'PS0000000003',
      applicationId: null,
      settlementCardMasked: null,
      limitProfile: null,
      imageSha256: 'ab'.repeat(32),
      operator: 'wh.<b>',
    });
    evidence.finish('r3', 'wh.<b>', 'succeeded');
    const sheet = evidenceSheet(evidence, 'r3')!;
    const json = exportEvidence(sheet, 'json');
    expect(json).toMatchObject({ fileName: 'evidence-PS0000000003-r3.json', mimeType: 'application/json' });
    expect(JSON.parse(json.content)).toMatchObject({
      run: { id: 'r3', status: 'succeeded' },
      shipment: { id: 'sh1' },
    });
    const html = exportEvidence(sheet, 'html').content;
    expect(html).toContain('wh.&lt;b&gt;');
    expect(html).not.toContain('wh.<b>');
    expect(html).toContain('终端出库凭证');
    const rows = parse(exportEvidence(sheet, 'csv').content) as string[][];
    expect(rows[0]).toEqual(['run', 'serial', 'seq', 'step', 'outcome', 'actor', 'at', 'data']);
    expect(JSON.parse(rows[1]![7]!)).toEqual({ note: 'a,"quoted"\nline' });
    expect(evidenceSheet(evidence, 'missing')).toBeUndefined();
  });

  it('run ids never look like a card number to the audit guard (a dashed UUID can)', () => {
    expect(() => assertAuditSafe('run:12345678-1234-1234-abcd-ef0123456789', 'subject')).toThrow(/unmasked/);
    for (let i = 0; i < 20_000; i++) {
      const id = newEvidenceId();
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      assertAuditSafe(`run:${id}`, 'subject');
    }
  });
});
