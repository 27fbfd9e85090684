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
  private readonly waybillCodes = new Map<string, string>();
  private nextCode: number;

  constructor(
    private readonly now: () => number,
    private readonly waybillUrl: (opaque: string) => string,
    firstOrderCode: number,
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
    const code = this.waybillCodes.get(opaque);
    return code === undefined ? undefined : this.byOrderCode(code);
  }

  /** Kaspi's result order is undocumented (Q13); creation date then code keeps paging stable. */
  all(): SandboxOrder[] {
    return [...this.byCode.values()]
      .map((order) => this.fresh(order)!)
      .sort((a, b) => a.creationDate - b.creationDate || a.code.localeCompare(b.code));
  }

  /** Schedules the waybill of a just-assembled order. */
  scheduleWaybill(order: SandboxOrder, delayMs: number): void {
    order.waybillDueAt = this.now() + delayMs;
    this.fresh(order);
  }

  private fresh(order: SandboxOrder | undefined): SandboxOrder | undefined {
    if (order?.kaspiDelivery && order.waybillDueAt !== null && this.now() >= order.waybillDueAt) {
      const waybillNumber = `2${order.code.padStart(8, '0').slice(-8)}`;
      const opaque = kaspiId(`waybill:${order.code}:${waybillNumber}`).replace(/\+/g, '-').replace(/\//g, '_');
      this.waybillCodes.set(opaque, order.code);
      order.kaspiDelivery.waybill = this.waybillUrl(opaque);
      order.kaspiDelivery.waybillNumber = waybillNumber;
      order.waybillDueAt = null;
    }
    return order;
  }
}
