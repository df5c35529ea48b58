import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DiscoveredUnit } from '../../../native/transports/discovery';
import type { CallContext } from '../../../electron/contract/context';
import { devicesCalls } from '../../../electron/contract/devices';
import { createDispatcher, type HandlerTable } from '../../../electron/contract/dispatch';
import { createDevicesHandlers } from '../../../electron/services/devices/handlers';
import type { BoardUnit } from '../../../electron/services/devices/pool/board-unit';
import { createDevicesService, type DevicesService } from '../../../electron/services/devices/service';
import { APPLICATIONS, labUnit, makeLab, type Lab, type LabUnit } from './fixtures';

const REPO_RESOURCES = join(__dirname, '..', '..', '..', 'resources');

interface Rig {
  readonly service: DevicesService;
  readonly ports: Map<string, LabUnit>;
  readonly changes: BoardUnit[];
  waitFor(serial: string, states: readonly BoardUnit['state'][]): Promise<BoardUnit>;
}

async function rig(lab: Lab): Promise<Rig> {
  const ports = new Map<string, LabUnit>();
  const changes: BoardUnit[] = [];
  const service = createDevicesService({
    db: lab.db,
    audit: lab.audit,
    events: {
      emit: (name, payload) => {
        if (name === 'devices.changed') changes.push((payload as { unit: BoardUnit }).unit);
      },
    },
    resourcesDir: lab.resourcesDir,
    // Demo mode is what lets a station pin a test CA (here the lab's).
    demo: true,
    demoRootFile: lab.rootFile,
    demoTerminals: false,
    clock: { now: () => Date.now() },
    stationId: 'lab-station',
    applications: APPLICATIONS,
    discover: async (): Promise<DiscoveredUnit[]> =>
      // Like a port path: open() reaches whatever unit is plugged into the port at that moment.
      [...ports.keys()].map((id) => ({
        id,
        label: id,
        portPath: id,
        via: 'serial',
        open: async () => ports.get(id)!.connect(),
      })),
    pollMs: 40,
  });
  await service.start();
  return {
    service,
    ports,
    changes,
    waitFor: async (serial, states) => {
      for (let i = 0; i < 400; i++) {
        const u = service.board().units.find((x) => x.serial === serial);
        if (u && states.includes(u.state)) return u;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(
        `${serial} never reached ${states.join('/')}: ${JSON.stringify(service.board().units)}`,
      );
    },
  };
}

describe('port pool and devices contract (in-memory links)', () => {
  let lab: Lab;
  let factory: Uint8Array;

  beforeAll(async () => {
    lab = await makeLab(6);
    mkdirSync(join(lab.resourcesDir, 'ca'), { recursive: true });
    copyFileSync(
      join(REPO_RESOURCES, 'ca', 'production-root.pem'),
      join(lab.resourcesDir, 'ca', 'production-root.pem'),
    );
    symlinkSync(join(REPO_RESOURCES, 'fee-schedules'), join(lab.resourcesDir, 'fee-schedules'));
    factory = lab.image({ version: '1.0.0', securityCounter: 1 });
    writeFileSync(
      join(lab.resourcesDir, 'firmware', 'next.img'),
      lab.image({ version: '1.1.0', securityCounter: 2, seed: 4, size: 120_000 }),
    );
  });

  it('allows each call only to its roles', async () => {
    const r = await rig(lab);
    const dispatch = createDispatcher(
      devicesCalls,
      createDevicesHandlers(r.service) as unknown as HandlerTable,
      { error: () => undefined },
    );
    const as = (role: 'warehouse' | 'reviewer' | 'support'): CallContext => ({
      operator: { id: role, username: role, displayName: role, role },
      sessionId: 's',
      via: 'host',
    });
    expect(await dispatch('devices.board', {}, as('warehouse'))).toMatchObject({
      ok: true,
      value: { units: [], demo: true },
    });
    expect(await dispatch('devices.board', {}, as('reviewer'))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const serial = lab.identities[0]!.serial;
    const freeze = { serial, reason: 'lost by courier' };
    expect(await dispatch('devices.freeze', freeze, as('warehouse'))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await dispatch('devices.freeze', freeze, as('support'))).toMatchObject({
      ok: true,
      value: { entry: { status: 'frozen' }, unitFrozen: false },
    });
    lab.registry.unfreeze(serial, { actor: 'support', reason: 'found' });
    expect(await dispatch('devices.scan', { code: '!!' }, as('warehouse'))).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'code' },
    });
    const images = await dispatch('devices.firmwareImages', {}, as('warehouse'));
    expect(images).toMatchObject({
      ok: true,
      value: { images: [{ id: 'next.img', version: '1.1.0', signer: 'lab', valid: true }] },
    });
    await r.service.close();
  });

  it('a unit plugged in mid-batch joins; one pulled out pauses and resumes on another port', async () => {
    const r = await rig(lab);
    const [a, b] = [labUnit(lab, lab.identities[0]!, factory), labUnit(lab, lab.identities[1]!, factory)];
    r.ports.set('hub-1', a);
    await r.service.refresh();
    await r.waitFor(lab.identities[0]!.serial, ['idle']);
    const { started } = await r.service.provision({ firmware: 'next.img' }, 'wh.li');
    expect(started).toEqual(['hub-1']);

    r.ports.set('hub-2', b);
    // Pull unit A out during its flash, then plug it into hub-3.
    for (
      let i = 0;
      i < 400 && !(r.service.board().units.find((u) => u.portId === 'hub-1')?.progress?.bytesDone ?? 0);
      i++
    ) {
      await new Promise((res) => setTimeout(res, 10));
    }
    r.ports.delete('hub-1');
    await a.unplug();
    await r.waitFor(lab.identities[0]!.serial, ['paused']);
    r.ports.set('hub-3', a);

    const doneA = await r.waitFor(lab.identities[0]!.serial, ['succeeded', 'failed', 'refused']);
    const doneB = await r.waitFor(lab.identities[1]!.serial, ['succeeded', 'failed', 'refused']);
    expect(doneB).toMatchObject({ state: 'succeeded', portId: 'hub-2' });
    expect(doneA).toMatchObject({ state: 'succeeded', portId: 'hub-3' });
    const sheet = r.service.evidence({ serial: lab.identities[0]!.serial });
    expect(sheet.evidence.filter((e) => e.step === 'link').map((e) => e.outcome)).toEqual([
      'paused',
      'resumed',
    ]);
    expect(r.changes.some((u) => u.serial === lab.identities[0]!.serial && u.state === 'paused')).toBe(true);
    // "Start all" again: both units are shipped, so nothing runs twice.
    expect((await r.service.provision({ firmware: 'next.img' }, 'wh.li')).started).toEqual([]);
    await r.service.close();
  });

  it('queue mode runs the same job on each unit plugged into one port', async () => {
    const r = await rig(lab);
    const [c, d] = [labUnit(lab, lab.identities[2]!, factory), labUnit(lab, lab.identities[3]!, factory)];
    r.ports.set('bench', c);
    await r.service.refresh();
    const idle = await r.waitFor(lab.identities[2]!.serial, ['idle']);
    // One application is never bound to every unit a queue sees: each unit gets its own pick.
    await expect(
      r.service.provision(
        { portId: idle.portId, skipFlash: true, applicationId: 'APP-OK', queue: true },
        'wh.li',
      ),
    ).rejects.toMatchObject({ refusal: 'bad_value', field: 'applicationId' });
    await r.service.provision({ portId: idle.portId, skipFlash: true, queue: true }, 'wh.li');
    expect(await r.waitFor(lab.identities[2]!.serial, ['succeeded'])).toMatchObject({ queue: true });
    // Swap the unit on the same port.
    await c.unplug();
    r.ports.set('bench', d);
    expect(await r.waitFor(lab.identities[3]!.serial, ['succeeded'])).toMatchObject({
      portId: 'bench',
      queue: true,
    });
    expect(d.store.loadState().binding).toBeNull();
    await r.service.close();
  });

  it('Start on a shipped unit is refused with words and the board keeps it shipped; one application, one unit', async () => {
    const r = await rig(lab);
    const [e, f] = [labUnit(lab, lab.identities[4]!, factory), labUnit(lab, lab.identities[5]!, factory)];
    r.ports.set('p1', e);
    r.ports.set('p2', f);
    await r.service.refresh();
    await r.waitFor(lab.identities[4]!.serial, ['idle']);
    await r.waitFor(lab.identities[5]!.serial, ['idle']);
    await expect(r.service.provision({ applicationId: 'APP-OK-7' }, 'wh.li')).rejects.toMatchObject({
      refusal: 'bad_value',
      reason: 'devices.application_per_unit',
    });
    r.service.assign('p1', 'APP-OK-7');
    expect(() => r.service.assign('p2', 'APP-OK-7')).toThrow(
      expect.objectContaining({ refusal: 'wrong_state', reason: 'devices.application_reserved' }),
    );
    expect(() => r.service.assign('p2', 'APP-NOPE')).toThrow(
      expect.objectContaining({ reason: 'devices.application_not_approved' }),
    );
    const { outcomes } = await r.service.provision({ portId: 'p1', skipFlash: true }, 'wh.li');
    expect((await outcomes[0])?.shipment).toMatchObject({ applicationId: 'APP-OK-7' });
    const shipped = await r.waitFor(lab.identities[4]!.serial, ['succeeded']);
    expect(shipped.lock).toMatchObject({ code: 'already_shipped' });
    const runs = lab.evidence.runs({ serial: lab.identities[4]!.serial }).length;
    await expect(r.service.provision({ portId: 'p1', skipFlash: true }, 'wh.li')).rejects.toMatchObject({
      refusal: 'wrong_state',
      reason: 'devices.already_shipped',
    });
    // Refused before a run started: no new run, the unit stays shipped, the application stays taken.
    expect(lab.evidence.runs({ serial: lab.identities[4]!.serial })).toHaveLength(runs);
    expect(r.service.board().units.find((u) => u.portId === 'p1')).toMatchObject({ state: 'succeeded' });
    expect(() => r.service.assign('p2', 'APP-OK-7')).toThrow(
      expect.objectContaining({ reason: 'devices.application_taken' }),
    );
    await r.service.close();
  });
});
