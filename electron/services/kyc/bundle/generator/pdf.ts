/**
 * A minimal one-page PDF 1.4 (catalog, page, Helvetica, one content stream) with ASCII lines
 * and, when stamped, a red circle for the seal. Enough for the document viewer and the magic
 * check; real certificates arrive as scans.
 */
export function minimalPdf(lines: readonly string[], stamped: boolean): Buffer {
  const escape = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '?');
  const text = lines
    .map((line, i) => `BT /F1 12 Tf 56 ${760 - i * 20} Td (${escape(line)}) Tj ET`)
    .join('\n');
  // A circle from four Bézier arcs (k = 0.5523 × r) around (460, 640), r = 50.
  const seal = stamped
    ? '\n1 0 0 RG 3 w 510 640 m 510 667.6 487.6 690 460 690 c 432.4 690 410 667.6 410 640 c 410 612.4 432.4 590 460 590 c 487.6 590 510 612.4 510 640 c S'
    : '';
  const content = text + seal;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
