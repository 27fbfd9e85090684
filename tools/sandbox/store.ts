import { kaspiId } from './ids.js';
import type { SandboxEntry, SandboxOrder } from './model.js';


export interface EntryRef {
  order: SandboxOrder;
  entry: SandboxEntry;
}

export interface MasterProduct {
  id: string;
  code: string;
  name: string;
  /** The merchant's SKU for this product, or null when Kaspi holds no merchant product. */
  sku: string | null;
}

/**
 * In-memory orders with the lookups the API needs. Waybills are materialised lazily on read, so the
 * sandbox needs no timers and a frozen test clock behaves predictably.
 */
export class OrderStore {
  private readonly byCode = new Map<string, SandboxOrder>();
  private readonly codeById = new Map<string, string>();
  private readonly entriesById = new Map<string, { code: string; entryNumber: number }>();
  private readonly masterProducts = new Map<string, MasterProduct>();
  private readonly waybillLinks = new Map<string, { code: string; waybillNumber: string; issuedAt: number }>();
  private linksMinted = 0;
  private nextCode: number;

  constructor(
    private readonly now: () => number,
    private readonly waybillUrl: (opaque: string) => string,
    firstOrderCode: number,
    private readonly waybill: { nextDelayMs: () => number; linkTtlMs: number | null } = { nextDelayMs: () => 0, linkTtlMs: null },
  ) {
    this.nextCode = firstOrderCode;
  }

  allocateCode(): string {
    while (this.byCode.has(String(this.nextCode))) this.nextCode += 1;
    return String(this.nextCode++);
  }

  add(order: SandboxOrder): SandboxOrder {
    if (this.byCode.has(order.code)) throw new Error(`Order code ${order.code} already exists`);
    if (this.codeById.has(order.id)) throw new Error(`Order id ${order.id} already exists`);
    this.byCode.set(order.code, order);
    this.codeById.set(order.id, order.code);
    for (const entry of order.entries) {
      this.entriesById.set(entry.id, { code: order.code, entryNumber: entry.entryNumber });
      const known = this.masterProducts.get(entry.masterProductId);
      this.masterProducts.set(entry.masterProductId, {
        id: entry.masterProductId,
        code: entry.masterProductCode,
        name: entry.name,
        sku: entry.sku ?? known?.sku ?? null,
      });
    }
    return order;
  }

  byOrderCode(code: string): SandboxOrder | undefined {
    return this.fresh(this.byCode.get(code));
  }

  byOrderId(id: string): SandboxOrder | undefined {
    const code = this.codeById.get(id);
    return code === undefined ? undefined : this.byOrderCode(code);
  }

  entry(entryId: string): EntryRef | undefined {
    const ref = this.entriesById.get(entryId);
    const order = ref && this.byOrderCode(ref.code);
    const entry = order?.entries.find((candidate) => candidate.entryNumber === ref!.entryNumber);
    return order && entry ? { order, entry } : undefined;
  }

  masterProduct(id: string): MasterProduct | undefined {
    return this.masterProducts.get(id);
  }

  orderForWaybill(opaque: string): SandboxOrder | undefined {
    const link = this.waybillLinks.get(opaque);
    return link === undefined ? undefined : this.byOrderCode(link.code);
  }

  /**
   * Whether a waybill link still answers: it names the order's current waybill (a second ASSEMBLE may have
   * replaced it), and, with short-lived links, it is fresh and the parcel is not handed over yet.
   */
  waybillLinkValid(opaque: string): boolean {
    const link = this.waybillLinks.get(opaque);
    const order = link && this.byOrderCode(link.code);
    if (!link || !order?.kaspiDelivery || order.kaspiDelivery.waybillNumber !== link.waybillNumber) return false;
    if (this.waybill.linkTtlMs === null) return true;
    return order.kaspiDelivery.courierTransmissionDate === null && this.now() - link.issuedAt <= this.waybill.linkTtlMs;
  }

  /** Kaspi's result order is undocumented (Q13); creation date then code keeps paging stable. */
  all(): SandboxOrder[] {
    return [...this.byCode.values()]
      .map((order) => this.fresh(order)!)
      .sort((a, b) => a.creationDate - b.creationDate || a.code.localeCompare(b.code));
  }

  /** Schedules the waybill of a just-assembled (or re-assembled) order; any earlier waybill is void. */
  scheduleWaybill(order: SandboxOrder): void {
    if (order.kaspiDelivery) Object.assign(order.kaspiDelivery, { waybill: null, waybillNumber: null });
    order.waybillDueAt = this.now() + this.waybill.nextDelayMs();
    this.fresh(order);
  }

  private fresh(order: SandboxOrder | undefined): SandboxOrder | undefined {
    const delivery = order?.kaspiDelivery;
    if (!order || !delivery) return order;
    if (order.waybillDueAt !== null && this.now() >= order.waybillDueAt) {
      order.waybillsIssued += 1;
      // The first waybill keeps the number earlier sandboxes gave it (2 + the code's last 8 digits).
      delivery.waybillNumber = `${1 + order.waybillsIssued}${order.code.padStart(8, '0').slice(-8)}`;
      delivery.waybill = this.mintLink(order.code, delivery.waybillNumber);
      order.waybillDueAt = null;
    } else if (this.waybill.linkTtlMs !== null && delivery.waybillNumber && delivery.courierTransmissionDate === null) {
      // Short-lived links: every read of the order hands out a fresh one.
      delivery.waybill = this.mintLink(order.code, delivery.waybillNumber);
    }
    return order;
  }

  private mintLink(code: string, waybillNumber: string): string {
    const issuedAt = this.now();
    const opaque = kaspiId(`waybill:${code}:${waybillNumber}:${++this.linksMinted}`).replace(/\+/g, '-').replace(/\//g, '_');
    this.waybillLinks.set(opaque, { code, waybillNumber, issuedAt });
    return this.waybillUrl(opaque);
  }
}
