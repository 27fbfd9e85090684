/**
 * `kaspi-sync waybills print`: one PDF for the courier pickup — a manifest (order, warehouse, parcels, waybill
 * number, and every order of the day still without a waybill), then the stored waybill labels of the day, one
 * page per parcel as Kaspi prints them.
 *
 * "The day" is an Almaty calendar day (Kaspi's own day boundaries, kaspi/almaty-time.ts) of the order's
 * acceptance (`accepted_at`; for rows the old script wrote, which have none, its creation on Kaspi). Only
 * orders kaspi-sync still counts as accepted (sync_state ACCEPTED) are printed: a cancelled one must not go to
 * the courier, a delivered one has left.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { DAY_MS, startOfAlmatyDay } from '../kaspi/almaty-time.js';
import { SyncState } from '../domain/order-lifecycle.js';
import type { Database } from '../platform/prisma-client.js';

export interface PrintRequest {
  /** `YYYY-MM-DD`, an Almaty calendar day. */
  day: string;
  warehouse?: string;
}

export interface PrintedWaybills {
  pdf: Uint8Array;
  waybills: number;
  labelPages: number;
  manifestPages: number;
  /** Codes of the day's orders without a usable stored waybill (listed on the manifest). */
  missing: string[];
}

interface DayOrder {
  orderCode: string;
  warehouse: string;
  places: number | null;
  waybillNumber: string | null;
  pdf: Uint8Array | null;
}

/** The day's accepted Kaspi Delivery orders with their stored waybill PDF (waybill_documents). */
async function ordersOfDay(db: Database, request: PrintRequest): Promise<DayOrder[]> {
  const from = startOfAlmatyDay(Date.parse(`${request.day}T12:00:00+05:00`));
  const range = { gte: new Date(from), lt: new Date(from + DAY_MS) };
  const rows = await db.kaspiOrder.findMany({
    where: {
      syncState: SyncState.ACCEPTED,
      isKaspiDelivery: true,
      ...(request.warehouse ? { stockName: request.warehouse } : {}),
      OR: [{ acceptedAt: range }, { acceptedAt: null, kaspiCreatedAt: range }],
    },
    select: { orderId: true, orderCode: true, stockName: true, numberOfSpace: true, waybillNumber: true },
    orderBy: [{ stockName: 'asc' }, { orderCode: 'asc' }],
  });
  const documents = await db.waybillDocument.findMany({ where: { orderId: { in: rows.map((row) => row.orderId) } }, select: { orderId: true, pdf: true } });
  const pdfs = new Map(documents.map((d) => [d.orderId, new Uint8Array(d.pdf)]));
  return rows.map((row) => ({
    orderCode: row.orderCode,
    warehouse: row.stockName,
    places: row.numberOfSpace,
    waybillNumber: row.waybillNumber,
    pdf: pdfs.get(row.orderId) ?? null,
  }));
}

export async function printWaybills(db: Database, request: PrintRequest): Promise<PrintedWaybills> {
  const orders = await ordersOfDay(db, request);
  const labels = await PDFDocument.create();
  const lines: ManifestLine[] = [];
  for (const order of orders) {
    const source = order.pdf && (await PDFDocument.load(order.pdf).catch(() => null));
    if (!source) {
      lines.push({ ...order, labelPages: null, missing: order.pdf ? 'STORED PDF UNREADABLE' : 'NO WAYBILL YET' });
      continue;
    }
    const pages = await labels.copyPages(source, source.getPageIndices());
    for (const page of pages) labels.addPage(page);
    lines.push({ ...order, places: order.places ?? pages.length, labelPages: pages.length, missing: null });
  }
  const printed = await PDFDocument.create();
  const manifestPages = await drawManifest(printed, request, lines);
  for (const page of await printed.copyPages(labels, labels.getPageIndices())) printed.addPage(page);
  return {
    pdf: await printed.save(),
    waybills: lines.filter((line) => line.missing === null).length,
    labelPages: labels.getPageCount(),
    manifestPages,
    missing: lines.filter((line) => line.missing !== null).map((line) => line.orderCode),
  };
}

interface ManifestLine {
  orderCode: string;
  warehouse: string;
  places: number | null;
  waybillNumber: string | null;
  labelPages: number | null;
  /** Why the order has no label in this PDF; null when it has one. */
  missing: string | null;
}

const A4 = [595, 842] as const;
const MARGIN = 40;
const ROW = 16;
const COLUMNS = [
  { title: 'Order', x: MARGIN },
  { title: 'Warehouse', x: MARGIN + 110 },
  { title: 'Parcels', x: MARGIN + 190 },
  { title: 'Waybill number', x: MARGIN + 250 },
  { title: 'Label', x: MARGIN + 370 },
];

/** The manifest: a header, one row per order (missing waybills first, so they catch the eye), totals. */
async function drawManifest(document: PDFDocument, request: PrintRequest, lines: ManifestLine[]): Promise<number> {
  const font = await document.embedFont(StandardFonts.Helvetica);
  const bold = await document.embedFont(StandardFonts.HelveticaBold);
  const ordered = [...lines.filter((line) => line.missing !== null), ...lines.filter((line) => line.missing === null)];
  const missing = ordered.filter((line) => line.missing !== null).length;
  const parcels = ordered.reduce((sum, line) => sum + (line.places ?? 0), 0);
  let page: PDFPage | undefined;
  let y = 0;
  let pages = 0;
  const newPage = () => {
    page = document.addPage([...A4]);
    pages += 1;
    y = A4[1] - MARGIN;
    const where = request.warehouse ? `, warehouse ${request.warehouse}` : '';
    write(page, bold, 14, MARGIN, y, 'Kaspi Delivery pickup manifest');
    y -= ROW * 1.2;
    write(page, font, 11, MARGIN, y, `Orders accepted on ${request.day} (Almaty day)${where} - page ${pages}`);
    y -= ROW * 1.5;
    for (const column of COLUMNS) write(page, bold, 10, column.x, y, column.title);
    y -= ROW;
  };
  newPage();
  for (const line of ordered) {
    if (y < MARGIN + ROW * 3) newPage();
    const label = line.missing ?? `${line.labelPages} page(s)`;
    const cells = [line.orderCode, line.warehouse || '-', line.places === null ? '-' : String(line.places), line.waybillNumber ?? '-', label];
    cells.forEach((cell, index) => write(page!, index === 4 && line.missing ? bold : font, 10, COLUMNS[index].x, y, cell));
    y -= ROW;
  }
  if (y < MARGIN + ROW * 2) newPage();
  y -= ROW / 2;
  write(page!, bold, 11, MARGIN, y, `${ordered.length} order(s), ${ordered.length - missing} with a waybill, ${parcels} parcel(s); ${missing} still without a waybill`);
  return pages;
}

/** Standard PDF fonts cover Latin-1 only; order codes and waybill numbers are digits, anything else is replaced. */
function write(page: PDFPage, font: PDFFont, size: number, x: number, y: number, text: string): void {
  page.drawText(text.replace(/[^\x20-\x7e]/g, '?'), { x, y, size, font, color: rgb(0, 0, 0) });
}
