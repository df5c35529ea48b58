import { GENUINE_REASON_CODES } from '../../../electron/services/devices/genuine/reasons';
import { STATION_SENTENCES } from '../../../electron/services/devices/pipeline/failures';
import { ERROR_SENTENCES } from '../../../native/protocol/error-codes';
import { reasonCodesEn, reasonCodesZhCN } from '../../../renderer/src/workspaces/provisioning/reason-codes';

const IMAGE_CODES = [
  'bad_magic',
  'malformed',
  'unknown_signer',
  'bad_signature',
  'bad_hash',
  'bad_block_hash',
  'wrong_model',
  'downgrade',
];

describe('every provisioning reason code has a label in both languages', () => {
  const codes = [
    'genuine',
    'INTERNAL',
    'application_per_unit',
    ...GENUINE_REASON_CODES,
    ...Object.keys(STATION_SENTENCES),
    ...Object.keys(ERROR_SENTENCES),
    ...IMAGE_CODES.map((c) => `image_${c}`),
  ];

  it.each(codes)('%s', (code) => {
    const zh = (reasonCodesZhCN as Record<string, string>)[code];
    const en = (reasonCodesEn as Record<string, string>)[code];
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(en).toMatch(/^[A-Z]/);
    // A label, not the code again.
    expect(zh).not.toContain(code);
  });
});
