/**
 * A minimal, valid PDF for a waybill: one page per parcel, as Kaspi prints one label per parcel (105 × 74 mm,
 * here 298 × 210 pt). Clients can check `%PDF`, count pages, and viewers can open it.
 */
export function waybillPdf(orderCode: string, waybillNumber: string, numberOfSpace: number): Buffer {
  const places = Math.max(1, numberOfSpace);
  const pageIds = Array.from({ length: places }, (_, index) => 4 + index * 2);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${places} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  for (let place = 1; place <= places; place += 1) {
    const text = `Kaspi sandbox waybill ${waybillNumber} order ${orderCode} place ${place} of ${places}`.replace(/[()\\]/g, '');
    const stream = `BT /F1 8 Tf 12 180 Td (${text}) Tj ET`;
    const contentId = 4 + (place - 1) * 2 + 1;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 298 210] /Contents ${contentId} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`);
    objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  }
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((body, index) => {
    const offset = pdf.length;
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xrefAt = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
