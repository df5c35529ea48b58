import { z } from 'zod';
import shippedBins from '../../../../resources/bin-table/bins.json';
import { ACCOUNT_CLASSES } from '../../../contract/domain/kyc/application';

export const CARD_TYPES = ['debit', 'credit'] as const;
export type CardType = (typeof CARD_TYPES)[number];

const binEntrySchema = z.object({
  /** Issuer identification prefix, usually 6 digits; the longest matching prefix wins. */
  prefix: z.string().regex(/^\d{4,10}$/),
  bank: z.string(),
  bankEn: z.string(),
  cardType: z.enum(CARD_TYPES),
  /** Card number lengths the issuer uses under this prefix. */
  lengths: z.array(z.number().int().min(12).max(19)).min(1),
  product: z.string().optional(),
  /** Only where the whole prefix is one account class (e.g. an electronic class-II product). */
  accountClass: z.enum(ACCOUNT_CLASSES).optional(),
});
export type BinEntry = z.infer<typeof binEntrySchema>;

const binTableSchema = z.object({
  format: z.literal('pos-station.bin-table'),
  version: z.string(),
  updated: z.string(),
  source: z.string(),
  entries: z.array(binEntrySchema),
});
export type BinTableFile = z.infer<typeof binTableSchema>;

/** The offline BIN table (resources/bin-table/bins.json): issuer and card type by number prefix. */
export class BinTable {
  private readonly byPrefix: ReadonlyMap<string, BinEntry>;
  private readonly prefixLengths: readonly number[];

  constructor(readonly file: BinTableFile) {
    const byPrefix = new Map<string, BinEntry>();
    for (const entry of file.entries) {
      if (byPrefix.has(entry.prefix))
        throw new Error(`BIN table ${file.version}: duplicate prefix ${entry.prefix}`);
      byPrefix.set(entry.prefix, entry);
    }
    this.byPrefix = byPrefix;
    this.prefixLengths = [...new Set(file.entries.map((e) => e.prefix.length))].sort((a, b) => b - a);
  }

  get version(): string {
    return this.file.version;
  }

  get entries(): readonly BinEntry[] {
    return this.file.entries;
  }

  lookup(cardNumber: string): BinEntry | undefined {
    for (const length of this.prefixLengths) {
      const entry = this.byPrefix.get(cardNumber.slice(0, length));
      if (entry) return entry;
    }
    return undefined;
  }
}

export function parseBinTable(json: unknown): BinTable {
  return new BinTable(binTableSchema.parse(json));
}

export const defaultBinTable: BinTable = parseBinTable(shippedBins);
