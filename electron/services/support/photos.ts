import { createHash, randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DomainError } from '../../contract/domain/errors';
import type { Db } from '../../store/database';
import type { AuditLog } from '../audit/audit-log';
import { shanghaiIso, type Clock } from '../audit/clock';
import { contentMismatch } from '../kyc/bundle/document-content';
import type { Vault } from '../vault/vault';
import {
  PHOTO_MAX_BYTES,
  PHOTOS_PER_CASE,
  type PhotoMimeType,
} from '../../contract/domain/support/case-states';

/**
 * Intake photos of a returned unit (scratches, water marks, a cracked screen), sealed with the
 * station's document key like KYC documents: AES-256-GCM with the photo id as associated data, one
 * 0600 file each under <dataDir>/support/photos. A photo may show the merchant's shop or receipts,
 * so it is never stored in the clear.
 */

export interface PhotoRecord {
  readonly id: string;
  readonly mimeType: PhotoMimeType;
  readonly sha256: string;
  readonly size: number;
  readonly addedBy: string;
  readonly addedAt: string;
}

const contextOf = (id: string) => `support-photo:${id}`;

export function createPhotos(deps: {
  db: Db;
  audit: Pick<AuditLog, 'append'>;
  clock: Clock;
  vault: Vault;
  dataDir: string;
}) {
  const { db } = deps;

  function add(caseId: string, mimeType: PhotoMimeType, bytes: Buffer, actor: string): PhotoRecord {
    if (bytes.length === 0 || bytes.length > PHOTO_MAX_BYTES)
      throw new DomainError(
        'bad_value',
        `A photo must be 1 byte to ${PHOTO_MAX_BYTES} bytes.`,
        'base64',
        'support.photo.size',
      );
    const mismatch = contentMismatch(mimeType, bytes);
    if (mismatch !== null)
      throw new DomainError('bad_value', `The photo's ${mismatch}.`, 'base64', 'support.photo.type');
    const id = randomUUID().replace(/-/g, '');
    const file = join('support', 'photos', `${id}.sealed`);
    const full = join(deps.dataDir, file);
    const sealed = deps.vault.seal(bytes, contextOf(id));
    mkdirSync(dirname(full), { recursive: true, mode: 0o700 });
    const fd = openSync(full, 'wx', 0o600);
    try {
      writeSync(fd, sealed);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const at = shanghaiIso(deps.clock.now());
    try {
      db.transaction(() => {
        const known = db
          .prepare('SELECT count(*) FROM support_photos WHERE case_id = ?')
          .pluck()
          .get(caseId) as number;
        if (db.prepare('SELECT 1 FROM support_cases WHERE id = ?').get(caseId) === undefined)
          throw new DomainError(
            'not_found',
            `No after-sales case ${caseId}.`,
            'caseId',
            'support.case.not_found',
          );
        if (known >= PHOTOS_PER_CASE)
          throw new DomainError(
            'wrong_state',
            `A case keeps at most ${PHOTOS_PER_CASE} photos.`,
            'caseId',
            'support.photo.too_many',
          );
        db.prepare(
          'INSERT INTO support_photos (id, case_id, mime_type, sha256, size, file, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        ).run(id, caseId, mimeType, sha256, bytes.length, file, actor, at);
        deps.audit.append({
          actor,
          action: 'support.photo.added',
          subject: `support_case:${caseId}`,
          details: { photoId: id, sha256, size: bytes.length },
        });
      }).immediate();
    } catch (error) {
      // No committed row points at the file: remove it so nothing half-written stays.
      rmSync(full, { force: true });
      throw error;
    }
    return { id, mimeType, sha256, size: bytes.length, addedBy: actor, addedAt: at };
  }

  function list(caseId: string): PhotoRecord[] {
    return (
      db
        .prepare(
          'SELECT id, mime_type, sha256, size, added_by, added_at FROM support_photos WHERE case_id = ? ORDER BY added_at, id',
        )
        .all(caseId) as {
        id: string;
        mime_type: PhotoMimeType;
        sha256: string;
        size: number;
        added_by: string;
        added_at: string;
      }[]
    ).map((r) => ({
      id: r.id,
      mimeType: r.mime_type,
      sha256: r.sha256,
      size: r.size,
      addedBy: r.added_by,
      addedAt: r.added_at,
    }));
  }

  function read(caseId: string, photoId: string): { mimeType: PhotoMimeType; bytes: Buffer } {
    const row = db
      .prepare('SELECT mime_type, file FROM support_photos WHERE id = ? AND case_id = ?')
      .get(photoId, caseId) as { mime_type: PhotoMimeType; file: string } | undefined;
    if (!row)
      throw new DomainError(
        'not_found',
        `No photo ${photoId} on case ${caseId}.`,
        'photoId',
        'support.photo.not_found',
      );
    return {
      mimeType: row.mime_type,
      bytes: deps.vault.open(readFileSync(join(deps.dataDir, row.file)), contextOf(photoId)),
    };
  }

  return { add, list, read };
}

export type Photos = ReturnType<typeof createPhotos>;
