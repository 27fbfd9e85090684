/**
 * NEW orders as the intake list served them — the order, its buyer's contact and its lines, where Kaspi serves
 * the lines with the list (`include[orders]=entries`, Q16) — kept in this worker's memory for the orders'
 * reservations, which then need no Kaspi request at all (GET /orders/{id} and its entries are read otherwise).
 * A copy is used once and only while young. What it may miss — the buyer cancelling, or staff accepting in the
 * cabinet, since the listing — the acceptance catches: Kaspi refuses ACCEPTED_BY_MERCHANT for such an order,
 * the order is read, and a cancelled order's reservation is released (workflows/process-order.ts).
 * Bounded in age and size; another worker, a restart or a retry simply reads the order — nothing depends on
 * this memory, and none of it (customer data included) reaches a log or a workflow history.
 */
import type { KaspiCustomerContact, KaspiOrder, KaspiOrderEntry, OrderListing } from '../kaspi/index.js';

export const LISTED_COPY_MAX_AGE_MS = 10 * 60_000;
export const LISTED_COPY_MAX_ORDERS = 10_000;

export interface ListedOrderCopy {
  order: KaspiOrder;
  customer: KaspiCustomerContact;
  entries: KaspiOrderEntry[];
}

export class ListedOrders {
  private readonly byOrder = new Map<string, { at: number; copy: ListedOrderCopy }>();

  constructor(
    private readonly maxAgeMs = LISTED_COPY_MAX_AGE_MS,
    private readonly maxOrders = LISTED_COPY_MAX_ORDERS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Keeps the copy of every listed order whose lines Kaspi served with the list. */
  remember(listing: OrderListing): void {
    const at = this.now();
    for (const order of listing.orders) {
      const entries = listing.entries?.get(order.id);
      if (!entries) continue;
      this.byOrder.delete(order.id);
      this.byOrder.set(order.id, { at, copy: { order, entries, customer: listing.customers?.get(order.id) ?? { name: null, phone: null } } });
    }
    // Oldest first (insertion order): drop what is too old, then what is over the bound.
    for (const [orderId, held] of this.byOrder) {
      if (at - held.at <= this.maxAgeMs && this.byOrder.size <= this.maxOrders) break;
      this.byOrder.delete(orderId);
    }
  }

  /** The listed copy of this order, once; undefined when there is none, or it is too old. */
  take(orderId: string): ListedOrderCopy | undefined {
    const held = this.byOrder.get(orderId);
    if (!held) return undefined;
    this.byOrder.delete(orderId);
    return this.now() - held.at <= this.maxAgeMs ? held.copy : undefined;
  }

  get size(): number {
    return this.byOrder.size;
  }
}
