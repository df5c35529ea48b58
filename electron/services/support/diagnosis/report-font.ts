import { existsSync } from 'node:fs';

/** A font file that holds Chinese, and the face to use in it (a .ttc holds several). */
export interface CjkFont {
  readonly file: string;
  readonly family?: string;
}

/**
 * Where CJK fonts live on the systems a station runs on: Debian's fonts-noto-cjk (CI and the
 * warehouse PCs), Windows' Microsoft YaHei and SimSun, macOS's PingFang. POS_STATION_CJK_FONT
 * (a path, optionally `path#Family`) overrides them.
 */
const CANDIDATES: readonly CjkFont[] = [
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { file: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', family: 'NotoSerifCJKsc-Regular' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { file: 'C:\\Windows\\Fonts\\msyh.ttc', family: 'MicrosoftYaHei' },
  { file: 'C:\\Windows\\Fonts\\simsun.ttc', family: 'SimSun' },
  { file: '/System/Library/Fonts/PingFang.ttc', family: 'PingFangSC-Regular' },
];

export class NoCjkFontError extends Error {
  constructor() {
    super(
      'No font with Chinese characters was found for the PDF. Install fonts-noto-cjk (Debian/Ubuntu), or set POS_STATION_CJK_FONT to a .ttf/.otf/.ttc file (path#Face for a collection).',
    );
    this.name = 'NoCjkFontError';
  }
}

export function findCjkFont(env: NodeJS.ProcessEnv = process.env): CjkFont {
  const override = env.POS_STATION_CJK_FONT;
  if (override) {
    const [file, family] = override.split('#') as [string, string | undefined];
    if (!existsSync(file)) throw new NoCjkFontError();
    return family ? { file, family } : { file };
  }
  const found = CANDIDATES.find((c) => existsSync(c.file));
  if (!found) throw new NoCjkFontError();
  return found;
}
