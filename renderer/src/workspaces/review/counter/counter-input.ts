import type { UploadFile } from 'antd';
import {
  normalizeDate,
  parseQrRecords,
  readDocument,
  type CounterDocumentInput,
  type CounterInput,
} from './counter-entry';
import { fileOf, PROOF_SLOT, type CounterFormValues, type Slot } from './counter-form';

const SLOT_KIND: Record<Slot, CounterDocumentInput['kind']> = {
  id_front: 'id_front',
  id_back: 'id_back',
  card_photo: 'card_photo',
  qr: 'proof',
  statement: 'proof',
  stall: 'proof',
};
/** Document ids as the test-bundle generator names them, so counter and bundle cases read alike. */
const SLOT_ID: Record<Exclude<Slot, 'qr'>, string> = {
  id_front: 'id-front',
  id_back: 'id-back',
  card_photo: 'card',
  statement: 'statement',
  stall: 'stall-certificate',
};

export type BuiltCounterInput =
  | { readonly ok: true; readonly input: CounterInput; readonly slots: readonly Slot[] }
  | { readonly ok: false; readonly unreadable: Slot };

/**
 * The contract's input from the form's values, and which form slot each document came from (to
 * mark a refusal); a file whose bytes are none of the slot's types names its slot instead.
 */
export async function buildCounterInput(values: CounterFormValues): Promise<BuiltCounterInput> {
  const slots: Slot[] = [];
  const pending: Promise<CounterDocumentInput | null>[] = [];
  const add = (slot: Slot, id: string, file: UploadFile) => {
    const blob = fileOf(file);
    if (!blob) return;
    slots.push(slot);
    pending.push(readDocument(blob, id, SLOT_KIND[slot], slot === 'statement'));
  };
  for (const slot of ['id_front', 'id_back', 'card_photo'] as const) {
    const first = values.files[slot]?.[0];
    if (first) add(slot, SLOT_ID[slot], first);
  }
  const proofSlot = PROOF_SLOT[values.proofType];
  const proofFiles = values.files[proofSlot] ?? [];
  const proofIds: string[] = [];
  proofFiles.forEach((file, i) => {
    const id = proofSlot === 'qr' ? `qr-${i + 1}` : SLOT_ID[proofSlot];
    if (proofSlot !== 'qr' && i > 0) return;
    proofIds.push(id);
    add(proofSlot, id, file);
  });
  const read = await Promise.all(pending);
  const unreadable = read.findIndex((d) => d === null);
  if (unreadable >= 0) return { ok: false, unreadable: slots[unreadable]! };
  const documents = read as CounterDocumentInput[];

  let businessProof: CounterInput['businessProof'];
  if (values.proofType === 'qr_records') {
    const parsed = parseQrRecords(values.qr?.records ?? '');
    businessProof = {
      type: 'qr_records',
      provider: values.qr?.provider ?? 'wechat',
      merchantName: values.qr?.merchantName?.trim() ?? '',
      records: parsed.ok ? parsed.records : [],
      documentIds: proofIds,
    };
  } else if (values.proofType === 'bank_statement') {
    businessProof = { type: 'bank_statement', documentId: SLOT_ID.statement };
  } else {
    const stall = values.stall!;
    businessProof = {
      type: 'stall_certificate',
      issuer: stall.issuer.trim(),
      stamped: stall.stamped,
      business: stall.business.trim(),
      validFrom: normalizeDate(stall.validFrom),
      validTo: normalizeDate(stall.validTo),
      documentId: SLOT_ID.stall,
    };
  }
  const a = values.applicant;
  const card = values.settlementCard;
  const device = values.deviceFingerprint?.trim();
  return {
    ok: true,
    slots,
    input: {
      applicant: {
        name: a.name.trim(),
        idNumber: a.idNumber,
        idValidFrom: normalizeDate(a.idValidFrom),
        idValidTo: values.idLongTerm ? 'long_term' : normalizeDate(a.idValidTo),
        phone: a.phone.trim(),
        address: a.address.trim(),
      },
      settlementCard: {
        number: card.number.trim(),
        holderName: card.holderName.trim(),
        ...(card.bankReportedClass ? { bankReportedClass: card.bankReportedClass } : {}),
      },
      businessProof,
      ...(device ? { deviceFingerprint: device } : {}),
      documents,
    },
  };
}
