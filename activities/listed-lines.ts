/**
 * Lines of NEW orders as the intake list served them (`include[orders]=entries`, where Kaspi serves it, Q16),
 * kept in this worker's memory for the orders' reservations: one GET /orders/{id}/entries fewer per order.
 * A line set is used once, only while young, and only when the reservation's own fresh read of the order still
 * shows it APPROVED_BY_BANK (before acceptance Kaspi changes no line). Bounded in age and size; another worker,
 * a restart or a retry simply reads the lines again — nothing depends on this memory.
 */
import type { KaspiOrderEntry } from '../kaspi/index.js';

export const LISTED_LINES_MAX_AGE_MS = 10 * 60_000;
export const LISTED_LINES_MAX_ORDERS = 10_000;

export class ListedLines {
  private readonly byOrder = new Map<string, { at: number; entries: KaspiOrderEntry[] }>();

  constructor(
    private readonly maxAgeMs = LISTED_LINES_MAX_AGE_MS,
    private readonly maxOrders = LISTED_LINES_MAX_ORDERS,
    private readonly now: () => number = Date.now,
  ) {}

  remember(lines: Map<string, KaspiOrderEntry[]>): void {
    const at = this.now();
    for (const [orderId, entries] of lines) {
      this.byOrder.delete(orderId);
      this.byOrder.set(orderId, { at, entries });
    }
    // Oldest first (insertion order): drop what is too old, then what is over the bound.
    for (const [orderId, held] of this.byOrder) {
      if (at - held.at <= this.maxAgeMs && this.byOrder.size <= this.maxOrders) break;
      this.byOrder.delete(orderId);
    }
  }

  /** The lines listed for this order, once; undefined when none were, or they are too old. */
  take(orderId: string): KaspiOrderEntry[] | undefined {
    const held = this.byOrder.get(orderId);
    if (!held) return undefined;
    this.byOrder.delete(orderId);
    return this.now() - held.at <= this.maxAgeMs ? held.entries : undefined;
  }

  get size(): number {
    return this.byOrder.size;
  }
}
