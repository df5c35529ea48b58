/**
 * PII masking as commonly printed by Chinese banks and apps. Everything that leaves a check
 * (findings, logs, lists) goes through these; the unmasked value is shown only by an audited
 * reveal in the review workspace.
 */

function stars(count: number): string {
  return '*'.repeat(Math.max(0, count));
}

/** 110105194912310021 → 110***********0021 (first 3, last 4). */
export function maskIdNumber(idNumber: string): string {
  const chars = Array.from(idNumber.trim());
  if (chars.length <= 7) return stars(chars.length);
  return chars.slice(0, 3).join('') + stars(chars.length - 7) + chars.slice(-4).join('');
}

/** 6222021234567890123 → 622202*********0123 (BIN and last 4, as on receipts). */
export function maskCardNumber(cardNumber: string): string {
  const digits = cardNumber.replace(/[\s-]/g, '');
  if (digits.length <= 10) return stars(digits.length);
  return digits.slice(0, 6) + stars(digits.length - 10) + digits.slice(-4);
}

/** 张三 → 张*, 张小三 → 张*三, 欧阳小三 → 欧**三. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return stars(chars.length);
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + stars(chars.length - 2) + chars[chars.length - 1];
}

/** 13812345678 → 138****5678. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[\s-]/g, '');
  if (digits.length <= 7) return stars(digits.length);
  return digits.slice(0, 3) + stars(digits.length - 7) + digits.slice(-4);
}

/** Keeps the first 6 characters (province and city), masks the street and number. */
export function maskAddress(address: string): string {
  const chars = Array.from(address.trim());
  if (chars.length <= 6) return stars(chars.length);
  return chars.slice(0, 6).join('') + stars(Math.min(8, chars.length - 6));
}

/** Device fingerprints are not personal, but they link people: keep a prefix for matching by eye. */
export function maskFingerprint(fingerprint: string): string {
  return fingerprint.length <= 8 ? fingerprint : `${fingerprint.slice(0, 8)}…`;
}
