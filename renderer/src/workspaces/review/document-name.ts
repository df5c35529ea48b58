import { useTranslation } from 'react-i18next';
import type { CaseDocument } from './types';

/** A document's name for people: its kind, plus its key when several share the kind (proofs). */
export function useDocumentName(): (doc: CaseDocument) => string {
  const { t } = useTranslation();
  return (doc) => {
    const kind = t(`review.docs.kinds.${doc.kind}`, { defaultValue: doc.kind });
    return doc.kind === 'proof' ? `${kind} ${doc.key}` : kind;
  };
}
