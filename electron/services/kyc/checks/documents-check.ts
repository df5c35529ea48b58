import type { Application, DocumentKind } from '../../../contract/domain/kyc/application';
import { finding, type Finding } from '../../../contract/domain/kyc/finding';

const REQUIRED_KINDS: readonly DocumentKind[] = ['id_front', 'id_back', 'card_photo', 'proof'];

const KIND_NAMES: Record<DocumentKind, { zh: string; en: string }> = {
  id_front: { zh: '身份证人像面', en: 'ID card front' },
  id_back: { zh: '身份证国徽面', en: 'ID card back' },
  card_photo: { zh: '结算卡照片', en: 'settlement card photo' },
  proof: { zh: '经营证明文件', en: 'business proof file' },
};

/** Every kind of document is present, and the documents the business proof refers to exist. */
export function checkDocuments(app: Application): Finding[] {
  const kinds = new Set(app.documents.map((d) => d.kind));
  const missingKinds = REQUIRED_KINDS.filter((k) => !kinds.has(k));
  const ids = new Set(app.documents.map((d) => d.id));
  const proof = app.businessProof;
  const referenced = proof.type === 'qr_records' ? proof.documentIds : [proof.documentId];
  const missingRefs = referenced.filter((id) => !ids.has(id));
  if (missingKinds.length === 0 && missingRefs.length === 0) {
    return [
      finding('doc.complete', 'info', '申请材料齐全', 'All required documents are present', {
        documents: app.documents.length,
      }),
    ];
  }
  const names = missingKinds.map((k) => KIND_NAMES[k]);
  return [
    finding(
      'doc.missing',
      'error',
      `缺少材料：${[...names.map((n) => n.zh), ...missingRefs].join('、')}`,
      `Missing documents: ${[...names.map((n) => n.en), ...missingRefs].join(', ')}`,
      { missingKinds: [...missingKinds], missingDocumentIds: missingRefs },
    ),
  ];
}
