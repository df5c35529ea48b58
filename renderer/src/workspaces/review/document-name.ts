import { useTranslation } from 'react-i18next';
import type { CaseDocument } from './types';

/** The order a reviewer checks them in: identity, then the card, then the business proof. */
const KIND_ORDER: Record<string, number> = { id_front: 0, id_back: 1, card_photo: 2, proof: 3 };

export function inReviewOrder(documents: readonly CaseDocument[]): CaseDocument[] {
  return [...documents].sort(
    (a, b) => (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) || a.key.localeCompare(b.key),
  );
}

/** A document's name for people: its kind, numbered when several share it (proof pages). */
export function useDocumentName(documents: readonly CaseDocument[]): (doc: CaseDocument) => string {
  const { t } = useTranslation();
  return (doc) => {
    const kind = t(`review.docs.kinds.${doc.kind}`, { defaultValue: doc.kind });
    const same = inReviewOrder(documents.filter((d) => d.kind === doc.kind && d.current === doc.current));
    return same.length > 1 ? `${kind} ${same.findIndex((d) => d.documentId === doc.documentId) + 1}` : kind;
  };
}
