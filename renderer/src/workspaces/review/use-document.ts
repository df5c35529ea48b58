import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { useStation } from '../../shell/station-context';

export type LoadedDocument =
  | { readonly kind: 'image' | 'pdf' | 'other'; readonly mimeType: string; readonly url: string }
  | { readonly kind: 'csv'; readonly mimeType: string; readonly url: string; readonly text: string };

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function kindOf(mimeType: string): LoadedDocument['kind'] {
  if (mimeType.startsWith('image/')) return 'image';
  if (mimeType === 'application/pdf') return 'pdf';
  if (mimeType === 'text/csv') return 'csv';
  return 'other';
}

/**
 * A case's documents as blob URLs, fetched on first look. Each fetch is an audited view at the
 * station, so a document is fetched once while the case view is open; its URLs are revoked when
 * the view closes. Mount once per case (key the caller by application id).
 */
export function useDocument(
  applicationId: string,
  documentId: string | null,
  onError: (error: unknown) => void,
): LoadedDocument | null {
  const { client } = useStation();
  const [loaded, setLoaded] = useState<ReadonlyMap<string, LoadedDocument>>(new Map());
  const requested = useRef(new Set<string>());
  const urls = useRef<string[]>([]);
  const report = useEffectEvent(onError);

  useEffect(() => {
    const owned = urls.current;
    return () => owned.forEach((url) => URL.revokeObjectURL(url));
  }, []);

  useEffect(() => {
    if (documentId === null || requested.current.has(documentId)) return;
    requested.current.add(documentId);
    client.call('kyc.document', { applicationId, documentId }).then(
      (doc) => {
        const bytes = bytesOf(doc.base64);
        const url = URL.createObjectURL(new Blob([bytes], { type: doc.mimeType }));
        urls.current.push(url);
        const kind = kindOf(doc.mimeType);
        const entry: LoadedDocument =
          kind === 'csv'
            ? { kind, mimeType: doc.mimeType, url, text: new TextDecoder('utf-8').decode(bytes) }
            : { kind, mimeType: doc.mimeType, url };
        setLoaded((prev) => new Map(prev).set(documentId, entry));
      },
      (error: unknown) => {
        // Let a later look try again.
        requested.current.delete(documentId);
        report(error);
      },
    );
  }, [client, applicationId, documentId]);

  return documentId === null ? null : (loaded.get(documentId) ?? null);
}
