import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caRootFile, ensureDemoCa } from '../../../native/attestation';
import { checkGenuine, loadPinnedRoots } from '../../../electron/services/devices/genuine';
import { checkInput, makeUnit, MapRegistry } from './genuine-fixtures';

const resourcesDir = join(__dirname, '..', '..', '..', 'resources');
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'pinned-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('pinned roots', () => {
  it('production pins only the shipped root, even when a demo root file is given', () => {
    const roots = loadPinnedRoots({ resourcesDir, demo: false, demoRootFile: join(dataDir, 'nope.pem') });
    expect(roots.map((r) => r.name)).toEqual(['production']);
    expect(roots[0]!.cert.ca).toBe(true);
  });

  it('a simulated unit from the demo CA is refused in production mode and accepted in demo mode', async () => {
    const demoDir = join(dataDir, 'demo-ca');
    const ca = await ensureDemoCa(demoDir);
    const unit = await makeUnit(ca, 'PS0000000042');
    const registry = new MapRegistry().register(unit);

    const production = loadPinnedRoots({ resourcesDir, demo: false, demoRootFile: caRootFile(demoDir) });
    expect(checkGenuine(checkInput(unit, production, registry)).code).toBe('chain_untrusted');

    const demo = loadPinnedRoots({ resourcesDir, demo: true, demoRootFile: caRootFile(demoDir) });
    expect(demo.map((r) => r.name)).toEqual(['production', 'demo (test CA)']);
    const verdict = checkGenuine(checkInput(unit, demo, registry));
    expect(verdict).toMatchObject({ genuine: true, root: 'demo (test CA)' });
  });
});
