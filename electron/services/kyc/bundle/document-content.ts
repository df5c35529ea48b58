import type { DocumentMimeType } from '../../../contract/domain/kyc/application';

const MAGIC: Record<Exclude<DocumentMimeType, 'text/csv'>, { bytes: readonly number[]; name: string }> = {
  'image/png': { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], name: 'PNG' },
  'image/jpeg': { bytes: [0xff, 0xd8, 0xff], name: 'JPEG' },
  'application/pdf': { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], name: 'PDF' },
};

/**
 * Whether a document's bytes are what its declared type says (docs/application-bundle.md §3), for
 * a bundle import and a counter entry alike: why not, in words, or null when they are.
 */
export function contentMismatch(mimeType: DocumentMimeType, bytes: Buffer): string | null {
  if (mimeType === 'text/csv') {
    return new TextDecoder('utf-8').decode(bytes).includes('\uFFFD') ? 'CSV is not UTF-8 text' : null;
  }
  const magic = MAGIC[mimeType];
  return magic.bytes.every((b, i) => bytes[i] === b) ? null : `content is not ${magic.name}`;
}
