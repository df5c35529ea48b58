import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, normalize, sep } from 'node:path';
import type { ZodError } from 'zod';
import type { Application, ApplicationDocument } from '../../../contract/domain/kyc/application';
import { contentMismatch } from './document-content';
import {
  APPLICATION_FILE,
  BUNDLE_MANIFEST,
  MAX_DOCUMENT_BYTES,
  applicationFileSchema,
  bundleManifestSchema,
  type ApplicationFile,
  type BundleManifest,
  type BundleManifestEntry,
} from '../../../contract/domain/kyc/application-file';
import { parseStatementCsv } from './statement-csv';

/** One fault in a bundle, named by application and field so the operator can find it. */
export interface BundleIssue {
  /** Null for faults of the bundle itself (bundle.json). */
  readonly applicationId: string | null;
  /** Dotted path, e.g. 'applicant.idValidTo' or 'documents[2].sha256'. */
  readonly field: string;
  readonly message: string;
}

export function describeIssue(issue: BundleIssue): string {
  const where = issue.applicationId === null ? BUNDLE_MANIFEST : `application ${issue.applicationId}`;
  return `${where}: ${issue.field === '' ? '' : `${issue.field}: `}${issue.message}`;
}

export class BundleError extends Error {
  constructor(readonly issues: readonly BundleIssue[]) {
    super(issues.map(describeIssue).join('\n'));
    this.name = 'BundleError';
  }
}

export interface LoadedDocument {
  readonly document: ApplicationDocument;
  /** Verified against document.sha256. */
  readonly bytes: Buffer;
}

export type ApplicationReadResult =
  | { readonly ok: true; readonly application: Application; readonly documents: readonly LoadedDocument[] }
  | { readonly ok: false; readonly applicationId: string; readonly issues: readonly BundleIssue[] };

function zodIssues(applicationId: string | null, error: ZodError, prefix = ''): BundleIssue[] {
  return error.issues.map((issue) => ({
    applicationId,
    field:
      prefix +
      issue.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, ''),
    message: issue.message,
  }));
}

async function readJson(
  path: string,
): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  let text: string;
  try {
    // A FIFO or device under that name would block the import forever: regular files only.
    if (!(await stat(path)).isFile())
      return { ok: false, message: `${basename(path)} is not a regular file` };
    text = await readFile(path, 'utf8');
  } catch (error) {
    return {
      ok: false,
      message: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: `not valid JSON: ${(error as Error).message}` };
  }
}

/** A path inside the bundle: relative, with no '..' step, so a bundle cannot read files outside itself. */
function insidePath(base: string, relative: string): string | null {
  if (isAbsolute(relative) || relative.includes('\\') || relative.includes('\0')) return null;
  const normalized = normalize(relative);
  if (normalized === '..' || normalized.startsWith(`..${sep}`) || normalized.split(sep).includes('..'))
    return null;
  return join(base, normalized);
}

export async function readBundleManifest(bundleDir: string): Promise<BundleManifest> {
  const json = await readJson(join(bundleDir, BUNDLE_MANIFEST));
  if (!json.ok) throw new BundleError([{ applicationId: null, field: '', message: json.message }]);
  const parsed = bundleManifestSchema.safeParse(json.value);
  if (!parsed.success) throw new BundleError(zodIssues(null, parsed.error));
  const seen = new Set<string>();
  const issues: BundleIssue[] = [];
  parsed.data.applications.forEach((entry, i) => {
    if (seen.has(entry.applicationId)) {
      issues.push({
        applicationId: null,
        field: `applications[${i}].applicationId`,
        message: `duplicate application ${entry.applicationId}`,
      });
    }
    seen.add(entry.applicationId);
    if (insidePath(bundleDir, entry.path) === null) {
      issues.push({
        applicationId: null,
        field: `applications[${i}].path`,
        message: 'must be a relative path inside the bundle',
      });
    }
  });
  if (issues.length > 0) throw new BundleError(issues);
  return parsed.data;
}

async function readDocument(
  appDir: string,
  realAppDir: string,
  applicationId: string,
  document: ApplicationDocument,
  index: number,
): Promise<{ loaded: LoadedDocument } | { issue: BundleIssue }> {
  const field = `documents[${index}]`;
  const fail = (sub: string, message: string) => ({
    issue: { applicationId, field: `${field}.${sub}`, message },
  });
  const named = insidePath(appDir, document.file);
  if (named === null) return fail('file', 'must be a relative path inside the application directory');
  let path: string;
  try {
    path = await realpath(named);
  } catch {
    return fail('file', `${document.file} is missing`);
  }
  // Resolved, because a symbolic link inside the bundle could point anywhere on the station's disk.
  if (!path.startsWith(realAppDir + sep))
    return fail('file', `${document.file} leads out of the application directory`);
  const info = await stat(path);
  if (!info.isFile()) return fail('file', `${document.file} is not a file`);
  if (info.size > MAX_DOCUMENT_BYTES)
    return fail('file', `${document.file} is larger than ${MAX_DOCUMENT_BYTES} bytes`);
  const bytes = await readFile(path);
  const bad = documentBytesIssue(document, bytes);
  if (bad !== null) return fail(bad.field, bad.message);
  return { loaded: { document, bytes } };
}

/**
 * Whether a document's bytes are the ones its application lists (sha256) and of its content type:
 * a bundle's files, and a review copy's documents fetched from the hub, alike.
 */
export function documentBytesIssue(
  document: ApplicationDocument,
  bytes: Buffer,
): { field: 'sha256' | 'mimeType'; message: string } | null {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== document.sha256)
    return { field: 'sha256', message: `${document.file} does not match its sha256 (damaged or altered)` };
  const mismatch = contentMismatch(document.mimeType, bytes);
  if (mismatch !== null) return { field: 'mimeType', message: `${document.file}: ${mismatch}` };
  return null;
}

/** Each document id listed twice in an application file, named. */
export function duplicateDocumentIds(applicationId: string, file: ApplicationFile): BundleIssue[] {
  const issues: BundleIssue[] = [];
  const ids = new Set<string>();
  file.documents.forEach((d, i) => {
    if (ids.has(d.id))
      issues.push({ applicationId, field: `documents[${i}].id`, message: `duplicate document id ${d.id}` });
    ids.add(d.id);
  });
  return issues;
}

/**
 * The application of an application file whose documents are loaded (their bytes checked): a bank
 * statement's rows come from its CSV document. Null, with the faults added to `issues`, when it
 * cannot be made. A bundle's application and a review copy fetched from the hub alike.
 */
export function applicationOf(
  applicationId: string,
  file: ApplicationFile,
  documents: readonly LoadedDocument[],
  issues: BundleIssue[],
): Application | null {
  let application: Application | null = null;
  const proof = file.businessProof;
  if (proof.type === 'bank_statement') {
    const index = file.documents.findIndex((d) => d.id === proof.documentId);
    const csv = documents.find((d) => d.document.id === proof.documentId);
    if (index < 0) {
      issues.push({
        applicationId,
        field: 'businessProof.documentId',
        message: `no document ${proof.documentId}`,
      });
    } else if (file.documents[index]?.mimeType !== 'text/csv') {
      issues.push({
        applicationId,
        field: `documents[${index}].mimeType`,
        message: 'a bank statement must be text/csv',
      });
    } else if (csv) {
      const rows = parseStatementCsv(csv.bytes.toString('utf8'));
      if (rows.ok) application = { ...file, businessProof: { ...proof, rows: rows.rows } };
      else {
        for (const e of rows.errors) {
          issues.push({
            applicationId,
            field: `documents[${index}] (${file.documents[index]?.file ?? ''}) row ${e.row}${e.column ? ` ${e.column}` : ''}`,
            message: e.message,
          });
        }
      }
    }
  } else {
    application = { ...file, businessProof: proof };
  }

  return application;
}

/** Reads, validates and hash-checks one application of a bundle. */
export async function readBundleApplication(
  bundleDir: string,
  entry: BundleManifestEntry,
): Promise<ApplicationReadResult> {
  const applicationId = entry.applicationId;
  const failed = (issues: BundleIssue[]): ApplicationReadResult => ({ ok: false, applicationId, issues });
  const appDir = insidePath(bundleDir, entry.path);
  if (appDir === null)
    return failed([{ applicationId, field: 'path', message: 'must be inside the bundle' }]);

  let realAppDir: string;
  try {
    realAppDir = await realpath(appDir);
  } catch {
    return failed([{ applicationId, field: 'path', message: `${entry.path} is missing` }]);
  }
  if (!realAppDir.startsWith((await realpath(bundleDir)) + sep)) {
    return failed([{ applicationId, field: 'path', message: `${entry.path} leads out of the bundle` }]);
  }

  const json = await readJson(join(realAppDir, APPLICATION_FILE));
  if (!json.ok) return failed([{ applicationId, field: '', message: json.message }]);
  const parsed = applicationFileSchema.safeParse(json.value);
  if (!parsed.success) return failed(zodIssues(applicationId, parsed.error));
  const file = parsed.data;

  const issues: BundleIssue[] = [];
  if (file.applicationId !== applicationId) {
    issues.push({
      applicationId,
      field: 'applicationId',
      message: `is ${file.applicationId}, but bundle.json lists ${applicationId}`,
    });
  }
  issues.push(...duplicateDocumentIds(applicationId, file));
  const results = await Promise.all(
    file.documents.map((d, i) => readDocument(appDir, realAppDir, applicationId, d, i)),
  );
  const documents: LoadedDocument[] = [];
  for (const result of results) {
    if ('issue' in result) issues.push(result.issue);
    else documents.push(result.loaded);
  }

  const application = applicationOf(applicationId, file, documents, issues);
  if (issues.length > 0 || application === null) return failed(issues);
  return { ok: true, application, documents };
}

/** Every application of a bundle in manifest order; a bad application does not stop the others. */
export async function* readBundle(bundleDir: string): AsyncGenerator<ApplicationReadResult> {
  const manifest = await readBundleManifest(bundleDir);
  for (const entry of manifest.applications) yield await readBundleApplication(bundleDir, entry);
}
