import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { docVectors } from './doc-vectors';
import {
  ERROR_SENTENCES,
  STATION_ERROR_NAMES,
  WireErrorCode,
  type WireErrorName,
} from '../../../native/protocol/error-codes';
import { MessageType } from '../../../native/protocol/message-types';

const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'protocol.md'), 'utf8');

describe('docs/protocol.md agrees with the code', () => {
  it('contains every test vector exactly as the code produces it', () => {
    for (const vector of docVectors()) expect(doc).toContain(vector);
  });

  it('lists every wire error code with its number and both sentences', () => {
    for (const [name, code] of Object.entries(WireErrorCode) as [WireErrorName, number][]) {
      const row = doc
        .split('\n')
        .find((line) => line.startsWith(`| \`0x${code.toString(16).padStart(4, '0')}\` | \`${name}\``));
      expect(row, name).toBeDefined();
      expect(row).toContain(ERROR_SENTENCES[name].zh);
      expect(row).toContain(ERROR_SENTENCES[name].en);
    }
  });

  it('lists every station-side error with both sentences', () => {
    for (const name of STATION_ERROR_NAMES) {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${name}\``));
      expect(row, name).toBeDefined();
      expect(row).toContain(ERROR_SENTENCES[name].zh);
      expect(row).toContain(ERROR_SENTENCES[name].en);
    }
  });

  it('lists every message type with its code', () => {
    const names: Record<string, string> = {
      hello: 'HELLO',
      identity: 'IDENTITY',
      attest: 'ATTEST',
      fwManifest: 'FW_MANIFEST',
      fwBegin: 'FW_BEGIN',
      fwBlock: 'FW_BLOCK',
      fwEnd: 'FW_END',
      reboot: 'REBOOT',
      confirm: 'CONFIRM',
      rollback: 'ROLLBACK',
      selftest: 'SELFTEST',
      bind: 'BIND',
      logs: 'LOGS',
      counters: 'COUNTERS',
      freeze: 'FREEZE',
      error: 'ERROR',
    };
    for (const [kind, name] of Object.entries(names)) {
      const code = MessageType[kind as keyof typeof MessageType];
      expect(doc, name).toContain(
        `| \`0x${code.toString(16).toUpperCase().padStart(2, '0')}\` | \`${name}\``,
      );
    }
  });
});
