import { z } from 'zod';
import shippedRegions from '../../../../resources/regions/provinces.json';

const regionsSchema = z.object({
  format: z.literal('pos-station.regions'),
  version: z.string(),
  source: z.string(),
  provinces: z.array(
    z.object({
      code: z.string().regex(/^\d{2}$/),
      nameZh: z.string(),
      nameEn: z.string(),
      counties: z.array(z.object({ code: z.string().regex(/^\d{6}$/), nameZh: z.string() })).optional(),
    }),
  ),
});
export type RegionsFile = z.infer<typeof regionsSchema>;
export type Province = RegionsFile['provinces'][number];

/** The province-level prefixes of GB 11643 ID numbers (GB/T 2260), from resources/regions. */
export class Regions {
  private readonly byCode: ReadonlyMap<string, Province>;

  constructor(readonly file: RegionsFile) {
    this.byCode = new Map(file.provinces.map((p) => [p.code, p]));
  }

  get version(): string {
    return this.file.version;
  }

  province(code: string): Province | undefined {
    return this.byCode.get(code);
  }

  get provinces(): readonly Province[] {
    return this.file.provinces;
  }
}

export function parseRegions(json: unknown): Regions {
  return new Regions(regionsSchema.parse(json));
}

export const defaultRegions: Regions = parseRegions(shippedRegions);
