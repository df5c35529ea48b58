import { LONG_TERM, type CalendarDate, type QrRecord } from '../../../../contract/domain/kyc/application';
import { maskCardNumber, maskIdNumber, maskName } from '../../checks/mask';
import { formatYuan } from '../money';
import { Raster, type Rgb } from './raster';

/**
 * Test document images: card-sized (172×108, the ID-1 aspect ratio) or phone-sized, showing the
 * applicant's masked data as pixel glyphs and blocks. Small on purpose — the import benchmark
 * moves tens of thousands of them.
 */
const INK: Rgb = [30, 30, 40];

export function idFrontImage(name: string, idNumber: string): Buffer {
  const paper: Rgb = [236, 241, 246];
  const img = new Raster(172, 108, paper);
  img.rect(118, 14, 42, 54, [170, 175, 185]);
  img.rect(130, 22, 18, 18, [120, 125, 135]);
  img.nameBlocks(12, 14, maskName(name), 10, INK, paper);
  img.rect(12, 34, 60, 4, [150, 155, 165]);
  img.rect(12, 46, 90, 4, [150, 155, 165]);
  img.text(12, 86, maskIdNumber(idNumber), 2, INK);
  return img.toPng();
}

export function idBackImage(validFrom: CalendarDate, validTo: CalendarDate | typeof LONG_TERM): Buffer {
  const img = new Raster(172, 108, [228, 236, 244]);
  img.rect(12, 10, 26, 26, [200, 30, 40]);
  img.rect(18, 16, 14, 14, [240, 200, 60]);
  img.rect(48, 16, 110, 6, [150, 155, 165]);
  const from = validFrom.replaceAll('-', '');
  const end = img.text(12, 84, `${from}-`, 2, INK);
  if (validTo === LONG_TERM) img.rect(end, 84, 60, 10, INK);
  else img.text(end, 84, validTo.replaceAll('-', ''), 2, INK);
  return img.toPng();
}

function bankColor(bank: string): Rgb {
  let h = 0;
  for (const ch of bank) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return [60 + (h % 140), 60 + ((h >>> 8) % 140), 60 + ((h >>> 16) % 140)];
}

export function cardPhotoImage(bank: string, cardNumber: string): Buffer {
  const img = new Raster(172, 108, bankColor(bank));
  img.rect(14, 30, 26, 20, [212, 175, 55]);
  img.rect(120, 10, 40, 14, [245, 245, 245]);
  img.text(10, 70, maskCardNumber(cardNumber), 2, [250, 250, 250]);
  return img.toPng();
}

export function qrScreenshotImage(
  provider: 'wechat' | 'alipay',
  merchantName: string,
  records: readonly QrRecord[],
): Buffer {
  const paper: Rgb = [247, 247, 247];
  const img = new Raster(96, 170, paper);
  img.rect(0, 0, 96, 22, provider === 'wechat' ? [7, 193, 96] : [22, 119, 255]);
  img.nameBlocks(
    6,
    6,
    merchantName.slice(0, 8),
    8,
    [255, 255, 255],
    provider === 'wechat' ? [7, 193, 96] : [22, 119, 255],
  );
  records.slice(-12).forEach((r, i) => {
    const y = 30 + i * 11;
    img.rect(6, y, 30, 7, [200, 200, 205]);
    img.text(44, y + 1, formatYuan(r.amountFen), 1, INK);
  });
  return img.toPng();
}
