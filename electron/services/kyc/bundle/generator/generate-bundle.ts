import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  APPLICATION_SCHEMA_VERSION,
  type ApplicationDocument,
  type CalendarDate,
  type Channel,
} from '../../../../contract/domain/kyc/application';
import { defaultBinTable, type BinTable } from '../../checks/bin-table';
import { addDays, shanghaiDate } from '../../checks/civil-date';
import { defaultRegions, type Regions } from '../../checks/regions';
import {
  APPLICATION_FILE,
  BUNDLE_FORMAT,
  BUNDLE_MANIFEST,
  BUNDLE_VERSION,
  type ApplicationFile,
  type BundleManifest,
} from '../../../../contract/domain/kyc/application-file';
import { formatStatementCsv } from '../statement-csv';
import { generateCardNumber } from './card-number';
import { generateIdentity } from './identity';
import { cardPhotoImage, idBackImage, idFrontImage, qrScreenshotImage } from './images';
import { minimalPdf } from './pdf';
import { BUSINESSES, merchantName, mobilePhone, otherPersonName, personName, streetAddress } from './people';
import { bankStatement, qrRecords, stallCertificate } from './proofs';
import { Random } from './random';

/** The deliberately bad cases, each made to trip one check. */
export const DEFECTS = [
  'expired_id',
  'credit_card',
  'name_mismatch',
  'pass_through',
  'short_qr_history',
  'duplicate_phone',
] as const;
export type Defect = (typeof DEFECTS)[number];

/** The finding each defect must produce (the generator's own tests hold it to this). */
export const DEFECT_FINDINGS: Record<Defect, string> = {
  expired_id: 'id.expired',
  credit_card: 'card.type.credit',
  name_mismatch: 'card.holder.mismatch',
  pass_through: 'proof.statement.pass_through',
  short_qr_history: 'proof.qr.coverage_short',
  duplicate_phone: 'fraud.phone.duplicate',
};

/** Written beside bundle.json; the reader ignores it. Lets tests and benchmarks know what to expect. */
export const GENERATOR_LABELS = 'generator.json';

export interface GenerateOptions {
  readonly count: number;
  readonly outDir: string;
  readonly seed?: number;
  /** Share of applications, 0..1, that carry one defect. */
  readonly badRate?: number;
  /** The day the bundle is meant to be reviewed on; dates are placed relative to it. Default: today in Shanghai. */
  readonly reviewDate?: CalendarDate;
  readonly binTable?: BinTable;
  readonly regions?: Regions;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface GenerateSummary {
  readonly outDir: string;
  readonly seed: number;
  readonly reviewDate: CalendarDate;
  readonly applications: number;
  readonly documents: number;
  readonly bytes: number;
  readonly defects: Record<Defect, number>;
  readonly elapsedMs: number;
}

interface GeneratedApplication {
  readonly file: ApplicationFile;
  readonly files: ReadonlyMap<string, Buffer>;
  readonly defect: Defect | null;
}

interface GeneratorState {
  readonly rng: Random;
  readonly reviewDate: CalendarDate;
  readonly binTable: BinTable;
  readonly regions: Regions;
  /** Phones of earlier good applications, each lent once to a duplicate_phone case. */
  readonly reusablePhones: string[];
  readonly usedPhones: Set<string>;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function document(
  id: string,
  kind: ApplicationDocument['kind'],
  mimeType: ApplicationDocument['mimeType'],
  file: string,
  bytes: Buffer,
): ApplicationDocument {
  return { id, kind, mimeType, file, sha256: createHash('sha256').update(bytes).digest('hex') };
}

function generateApplication(
  state: GeneratorState,
  applicationId: string,
  wanted: Defect | null,
): GeneratedApplication {
  const { rng, reviewDate } = state;
  let defect = wanted;
  if (defect === 'duplicate_phone' && state.reusablePhones.length === 0) defect = null;

  const identity = generateIdentity(rng, state.regions, reviewDate, defect === 'expired_id');
  const name = personName(rng);
  let phone: string;
  if (defect === 'duplicate_phone') {
    phone = state.reusablePhones.splice(rng.int(0, state.reusablePhones.length - 1), 1)[0] as string;
  } else {
    do phone = mobilePhone(rng);
    while (state.usedPhones.has(phone));
    state.usedPhones.add(phone);
    if (defect === null) state.reusablePhones.push(phone);
  }

  const cardType = defect === 'credit_card' ? 'credit' : 'debit';
  const bin = rng.pick(
    state.binTable.entries.filter((e) => e.cardType === cardType && e.accountClass === undefined),
  );
  const cardNumber = generateCardNumber(rng, bin);
  const business = rng.pick(BUSINESSES);

  const files = new Map<string, Buffer>();
  const documents: ApplicationDocument[] = [];
  const add = (
    id: string,
    kind: ApplicationDocument['kind'],
    mimeType: ApplicationDocument['mimeType'],
    ext: string,
    bytes: Buffer,
  ) => {
    const file = `documents/${id}.${ext}`;
    files.set(file, bytes);
    documents.push(document(id, kind, mimeType, file, bytes));
  };
  add('id-front', 'id_front', 'image/png', 'png', idFrontImage(name, identity.idNumber));
  add('id-back', 'id_back', 'image/png', 'png', idBackImage(identity.validFrom, identity.validTo));
  add('card', 'card_photo', 'image/png', 'png', cardPhotoImage(bin.bank, cardNumber));

  const proofKind =
    defect === 'pass_through'
      ? 'bank_statement'
      : defect === 'short_qr_history'
        ? 'qr_records'
        : rng.pick(['qr_records', 'qr_records', 'bank_statement', 'stall_certificate'] as const);
  let businessProof: ApplicationFile['businessProof'];
  if (proofKind === 'qr_records') {
    const provider = rng.chance(0.6) ? 'wechat' : 'alipay';
    const records = qrRecords(rng, reviewDate, defect === 'short_qr_history');
    const merchant = merchantName(rng, name, business);
    const half = Math.floor(records.length / 2);
    add('qr-1', 'proof', 'image/png', 'png', qrScreenshotImage(provider, merchant, records.slice(0, half)));
    add('qr-2', 'proof', 'image/png', 'png', qrScreenshotImage(provider, merchant, records.slice(half)));
    businessProof = {
      type: 'qr_records',
      provider,
      merchantName: merchant,
      records,
      documentIds: ['qr-1', 'qr-2'],
    };
  } else if (proofKind === 'bank_statement') {
    const rows = bankStatement(rng, reviewDate, defect === 'pass_through');
    add('statement', 'proof', 'text/csv', 'csv', Buffer.from(formatStatementCsv(rows), 'utf8'));
    businessProof = { type: 'bank_statement', documentId: 'statement' };
  } else {
    const stall = stallCertificate(rng, reviewDate, identity.countyName, business);
    const pdf = minimalPdf(
      [
        'Stall certificate (test document)',
        `Business: ${business.en}`,
        `Valid: ${stall.validFrom} to ${stall.validTo}`,
        `Applicant ID: ${identity.idNumber.slice(0, 3)}***********${identity.idNumber.slice(-4)}`,
      ],
      stall.stamped,
    );
    add('stall-certificate', 'proof', 'application/pdf', 'pdf', pdf);
    businessProof = { type: 'stall_certificate', ...stall, documentId: 'stall-certificate' };
  }

  const channel: Channel = rng.chance(0.7) ? 'app' : rng.chance(0.85) ? 'web' : 'counter';
  const submittedDate = addDays(reviewDate, -rng.int(0, 2));
  const file: ApplicationFile = {
    schemaVersion: APPLICATION_SCHEMA_VERSION,
    applicationId,
    submittedAt: `${submittedDate}T${pad(rng.int(8, 20))}:${pad(rng.int(0, 59))}:${pad(rng.int(0, 59))}+08:00`,
    channel,
    ...(channel === 'counter' ? {} : { deviceFingerprint: rng.hex(32) }),
    applicant: {
      name,
      idNumber: identity.idNumber,
      idValidFrom: identity.validFrom,
      idValidTo: identity.validTo,
      phone,
      address: streetAddress(rng, identity.provinceName, identity.countyName),
    },
    settlementCard: {
      number: cardNumber,
      holderName: defect === 'name_mismatch' ? otherPersonName(rng, name) : name,
      ...(rng.chance(0.05)
        ? { bankReportedClass: 'II' as const }
        : rng.chance(0.3)
          ? { bankReportedClass: 'I' as const }
          : {}),
    },
    businessProof,
    documents,
  };
  return { file, files, defect };
}

/**
 * Writes a bundle of `count` realistic applications (docs/application-bundle.md) into an empty
 * or new directory, plus generator.json naming each defective application's defect.
 */
export function generateBundle(options: GenerateOptions): GenerateSummary {
  const started = performance.now();
  if (!Number.isInteger(options.count) || options.count < 0)
    throw new RangeError('count must be a whole number ≥ 0');
  const badRate = options.badRate ?? 0.1;
  if (!(badRate >= 0 && badRate <= 1)) throw new RangeError('bad rate must be between 0 and 1');
  if (existsSync(options.outDir) && readdirSync(options.outDir).length > 0) {
    throw new Error(`${options.outDir} is not empty; choose a new directory for the bundle`);
  }
  const seed = (options.seed ?? Date.now()) >>> 0;
  const reviewDate = options.reviewDate ?? shanghaiDate(new Date());
  const state: GeneratorState = {
    rng: new Random(seed),
    reviewDate,
    binTable: options.binTable ?? defaultBinTable,
    regions: options.regions ?? defaultRegions,
    reusablePhones: [],
    usedPhones: new Set(),
  };
  const tag = seed.toString(36).toUpperCase();
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    createdAt: new Date().toISOString(),
    applications: [],
  };
  const labels: Record<string, Defect> = {};
  const defects = Object.fromEntries(DEFECTS.map((d) => [d, 0])) as Record<Defect, number>;
  let documents = 0;
  let bytes = 0;
  mkdirSync(options.outDir, { recursive: true });

  for (let i = 0; i < options.count; i += 1) {
    const applicationId = `KYC-${tag}-${pad(i + 1, 6)}`;
    const wanted = state.rng.chance(badRate) ? state.rng.pick(DEFECTS) : null;
    const app = generateApplication(state, applicationId, wanted);
    const path = `applications/${applicationId}`;
    const dir = join(options.outDir, path);
    mkdirSync(join(dir, 'documents'), { recursive: true });
    const json = JSON.stringify(app.file, null, 1);
    writeFileSync(join(dir, APPLICATION_FILE), json);
    bytes += Buffer.byteLength(json);
    for (const [file, content] of app.files) {
      writeFileSync(join(dir, file), content);
      bytes += content.length;
      documents += 1;
    }
    manifest.applications.push({ applicationId, path });
    if (app.defect) {
      labels[applicationId] = app.defect;
      defects[app.defect] += 1;
    }
    if (options.onProgress && ((i + 1) % 100 === 0 || i + 1 === options.count))
      options.onProgress(i + 1, options.count);
  }

  writeFileSync(
    join(options.outDir, GENERATOR_LABELS),
    JSON.stringify({ seed, badRate, reviewDate, defects: labels }, null, 1),
  );
  // bundle.json last: a bundle interrupted while being written has none and cannot be imported.
  writeFileSync(join(options.outDir, BUNDLE_MANIFEST), JSON.stringify(manifest, null, 1));
  return {
    outDir: options.outDir,
    seed,
    reviewDate,
    applications: options.count,
    documents,
    bytes,
    defects,
    elapsedMs: performance.now() - started,
  };
}
