import { z } from 'zod';
import {
  applicationSchema,
  bankStatementProofSchema,
  instantSchema,
  qrRecordsProofSchema,
  stallCertificateProofSchema,
} from './application';

/** The bundle layout of docs/application-bundle.md. */
export const BUNDLE_FORMAT = 'pos-station.kyc-bundle';
export const BUNDLE_VERSION = 1;
export const BUNDLE_MANIFEST = 'bundle.json';
export const APPLICATION_FILE = 'application.json';
/** Larger files are refused: a phone photo of an ID card is well under this. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export const bundleManifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  createdAt: instantSchema,
  applications: z.array(
    z.object({
      applicationId: z.string().min(1),
      /** Directory of the application inside the bundle, e.g. 'applications/A20261125000001'. */
      path: z.string().min(1),
    }),
  ),
});
export type BundleManifest = z.infer<typeof bundleManifestSchema>;
export type BundleManifestEntry = BundleManifest['applications'][number];

/** In application.json a statement is only a reference to its CSV document; the reader fills in the rows. */
export const bankStatementReferenceSchema = bankStatementProofSchema.omit({ rows: true });

export const applicationFileSchema = applicationSchema.extend({
  businessProof: z.discriminatedUnion('type', [
    qrRecordsProofSchema,
    bankStatementReferenceSchema,
    stallCertificateProofSchema,
  ]),
});
export type ApplicationFile = z.infer<typeof applicationFileSchema>;
