import type { z } from 'zod';
import { normaliseKaspiBaseUrl, type KaspiClientConfig } from './config.js';
import { splitCreationWindow } from './creation-windows.js';
import { KaspiBadPayloadError, KaspiBadRequestError, KaspiConfigurationError, KaspiNotFoundError, KaspiTransientError } from './errors.js';
import { KaspiHttpTransport, type KaspiRequestObserver } from './http-transport.js';
import { resolveKaspiLink } from './links.js';
import { toCustomerContact, toKaspiOrder, toKaspiOrderEntry } from './normalise.js';
import { parsePayload, validateElement, type RejectedElement } from './payload.js';
import {
  entryListDocument,
  entryResource,
  masterProductDocument,
  merchantProductDocument,
  orderCustomerDocument,
  orderCustomerResource,
  orderDocument,
  orderListDocument,
  orderListFrame,
  orderResource,
  statusChangeDocument,
  type EntryResource,
} from './schemas.js';
import type {
  CancellationReason,
  KaspiCustomerContact,
  KaspiOrder,
  KaspiOrderEntry,
  KaspiOrderRef,
  KaspiState,
  KaspiStatus,
} from './types.js';

export const MAX_PAGE_SIZE = 100;
export const MAX_CANCELLATION_COMMENT_LENGTH = 1000;
const WAYBILL_ACCEPT = 'application/pdf, */*';
/** A body that is not JSON is read this many times in all before it counts as a bad payload (see get). */
const READS_OF_AN_UNREADABLE_BODY = 3;

export interface ListOrdersQuery {
  state: KaspiState;
  status?: KaspiStatus;
  createdFrom: number;
  /** Defaults to now. */
  createdTo?: number;
  /** Defaults to, and may not exceed, 100. */
  pageSize?: number;
  /**
   * Ask for the orders' lines in the same request (`include[orders]=entries`, Q16). Lines Kaspi serves are
   * returned in OrderListing.entries; a Kaspi that ignores the include serves none (nothing lost), one that
   * refuses it (400) is asked again without it, and this client stops asking.
   */
  includeEntries?: boolean;
}

type QueryParams = Array<[string, string]>;

/** A list read with its malformed elements set aside (each named where Kaspi's data allows). */
export interface OrderListing {
  orders: KaspiOrder[];
  rejected: RejectedElement[];
  /**
   * With includeEntries: the lines of each listed order Kaspi served in `included`, by order id — only orders
   * whose every line validated and names its offer (the others are read with getOrderEntries as before).
   */
  entries?: Map<string, KaspiOrderEntry[]>;
  /** With includeEntries: the buyer's contact of the same orders, from the listed element (PII: memory only). */
  customers?: Map<string, KaspiCustomerContact>;
}

interface GetOptions {
  url: string;
  operation: string;
  orderRef?: string;
  signal?: AbortSignal;
  /** `resource` for one order's own URLs: an odd answer there is that order's problem (see http-errors.ts). */
  scope?: 'api' | 'resource';
}

/** Kaspi Shop API v2 orders client. One instance per process shares the request limiter. */
export class KaspiClient {
  readonly stats: { readonly requests: number; observe?: KaspiRequestObserver };
  private readonly baseUrl: string;
  private readonly transport: KaspiHttpTransport;
  /** Kaspi answered `include[orders]=entries` with a 400 once: lists are read without it from then on. */
  private listEntriesRefused = false;

  constructor(config: KaspiClientConfig) {
    this.baseUrl = normaliseKaspiBaseUrl(config.baseUrl);
    this.transport = new KaspiHttpTransport(config);
    this.stats = this.transport.stats;
  }

  /**
   * Every order in the window: all pages of every ≤ 14-day chunk, each order once. Strict: one malformed
   * element fails the call (KaspiBadPayloadError). The sync run uses listOrdersSettingAsideMalformed instead.
   */
  async listOrders(query: ListOrdersQuery, signal?: AbortSignal): Promise<KaspiOrder[]> {
    const { orders, rejected } = await this.listOrdersSettingAsideMalformed(query, signal);
    if (rejected.length > 0) {
      const first = rejected[0];
      const orderRef = first.orderCode && first.orderId ? `${first.orderCode} (id ${first.orderId})` : (first.orderCode ?? first.orderId ?? undefined);
      throw new KaspiBadPayloadError(
        `Kaspi GET /orders returned an unexpected payload${orderRef ? ` for order ${orderRef}` : ''} at ${first.problem}`,
        { orderRef },
      );
    }
    return orders;
  }

  /**
   * Like listOrders, but each element is validated on its own: a malformed one is returned in `rejected`
   * (order id and code where readable, and what was wrong) and the rest of the page is used, so one odd order
   * never hides every other new order from the run.
   */
  async listOrdersSettingAsideMalformed(query: ListOrdersQuery, signal?: AbortSignal): Promise<OrderListing> {
    const pageSize = query.pageSize ?? MAX_PAGE_SIZE;
    const createdTo = query.createdTo ?? Date.now();
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new KaspiConfigurationError(`pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}, got ${pageSize}`);
    }
    if (createdTo < query.createdFrom) {
      throw new KaspiConfigurationError(`createdTo (${createdTo}) is before createdFrom (${query.createdFrom})`);
    }

    // Orders can move between pages while we read; keyed by id, a later copy replaces an earlier one.
    const byId = new Map<string, KaspiOrder>();
    const rejected = new Map<string, RejectedElement>();
    const entries = new Map<string, KaspiOrderEntry[]>();
    const customers = new Map<string, KaspiCustomerContact>();
    for (const window of splitCreationWindow(query.createdFrom, createdTo)) {
      for (let page = 0; ; page += 1) {
        const withEntries = query.includeEntries === true && !this.listEntriesRefused;
        const params: QueryParams = [
          ['page[number]', String(page)],
          ['page[size]', String(pageSize)],
          ['filter[orders][state]', query.state],
          ...(query.status ? ([['filter[orders][status]', query.status]] as QueryParams) : []),
          ['filter[orders][creationDate][$ge]', String(window.from)],
          ['filter[orders][creationDate][$le]', String(window.to)],
          ...(withEntries ? ([['include[orders]', 'entries']] as QueryParams) : []),
        ];
        let document: z.infer<typeof orderListFrame>;
        try {
          document = await this.get(orderListFrame, { url: this.url('/orders', params), operation: 'GET /orders', signal });
        } catch (error) {
          if (!(withEntries && error instanceof KaspiBadRequestError)) throw error;
          // Kaspi does not take the include: the same page again without it, and no more asking.
          this.listEntriesRefused = true;
          page -= 1;
          continue;
        }
        const served = withEntries ? includedEntries(document) : undefined;
        for (const [index, element] of document.data.entries()) {
          const checked = validateElement(orderResource, element, index);
          if (checked.ok) {
            byId.set(checked.value.id, toKaspiOrder(checked.value));
            const lines = served && linesOf(element, served);
            if (lines) {
              entries.set(checked.value.id, lines);
              customers.set(checked.value.id, customerOf(element));
            } else {
              entries.delete(checked.value.id);
              customers.delete(checked.value.id);
            }
          } else {
            const key = checked.rejected.orderId ?? checked.rejected.orderCode ?? `${window.from}:${page}:${rejected.size}`;
            rejected.set(key, checked.rejected);
          }
        }

        // An empty page ends the window even when pageCount claims more, so a wrong count cannot loop us.
        const lastPage = document.meta ? page + 1 >= document.meta.pageCount : document.data.length < pageSize;
        if (document.data.length === 0 || lastPage) break;
      }
    }
    // An element rejected on one page and read fine on a later one (it changed meanwhile) is not lost.
    for (const id of byId.keys()) rejected.delete(id);
    return { orders: [...byId.values()], rejected: [...rejected.values()], ...(query.includeEntries ? { entries, customers } : {}) };
  }

  /** The order, or null when Kaspi does not know the id. */
  async getOrder(orderId: string): Promise<KaspiOrder | null> {
    const document = await this.getOptional(orderDocument, { url: this.orderUrl(orderId), operation: 'GET /orders/{id}', orderRef: orderId, scope: 'resource' });
    return document ? toKaspiOrder(document.data) : null;
  }

  async getOrderByCode(code: string): Promise<KaspiOrder | null> {
    const url = this.url('/orders', [['filter[orders][code]', code]]);
    const document = await this.get(orderListDocument, { url, operation: 'GET /orders?filter[orders][code]', orderRef: code });
    const match = document.data.find((resource) => resource.attributes.code === code);
    return match ? toKaspiOrder(match) : null;
  }

  /** Line items; entries without `offer` (old data) get their SKU from the merchant product, else null. */
  async getOrderEntries(orderId: string, orderCode?: string): Promise<KaspiOrderEntry[]> {
    const orderRef = orderCode ? `${orderCode} (id ${orderId})` : orderId;
    const document = await this.get(entryListDocument, { url: `${this.orderUrl(orderId)}/entries`, operation: 'GET /orders/{id}/entries', orderRef, scope: 'resource' });
    return Promise.all(
      document.data.map(async (entry, position) =>
        entry.attributes.offer?.code
          ? toKaspiOrderEntry(entry, position)
          : toKaspiOrderEntry(entry, position, await this.merchantProductOf(entry, orderRef)),
      ),
    );
  }

  /**
   * The order and its buyer contact from one request (the reservation step records both). Null when Kaspi
   * does not know the id. A customer block that does not validate yields empty contact data rather than
   * blocking the order.
   */
  async getOrderWithCustomer(orderId: string): Promise<{ order: KaspiOrder; customer: KaspiCustomerContact } | null> {
    const document = await this.getOptional(orderDocument, { url: this.orderUrl(orderId), operation: 'GET /orders/{id}', orderRef: orderId, scope: 'resource' });
    if (!document) return null;
    return { order: toKaspiOrder(document.data), customer: customerOf(document.data) };
  }

  /** Buyer contact for code that must reach the customer; kept out of KaspiOrder on purpose (PII). */
  async getOrderCustomer(orderId: string): Promise<KaspiCustomerContact> {
    const document = await this.get(orderCustomerDocument, { url: this.orderUrl(orderId), operation: 'GET /orders/{id}', orderRef: orderId, scope: 'resource' });
    return toCustomerContact(document.data.attributes.customer, document.data.attributes.phoneAlias);
  }

  async acceptOrder(order: KaspiOrderRef): Promise<void> {
    return this.changeStatus(order, { status: 'ACCEPTED_BY_MERCHANT' });
  }

  async cancelOrder(order: KaspiOrderRef, reason: CancellationReason, comment?: string): Promise<void> {
    if (comment !== undefined && comment.length > MAX_CANCELLATION_COMMENT_LENGTH) {
      throw new KaspiBadRequestError(
        `Cancellation comment for order ${order.code} is ${comment.length} characters; Kaspi accepts at most ${MAX_CANCELLATION_COMMENT_LENGTH}`,
        { orderRef: order.code },
      );
    }
    return this.changeStatus(order, {
      status: 'CANCELLED',
      cancellationReason: reason,
      ...(comment === undefined ? {} : { cancellationComment: comment }),
    });
  }

  /** Tells Kaspi a pre-order's goods have arrived (T6): from then on it proceeds as a normal order. */
  async markArrived(order: KaspiOrderRef): Promise<void> {
    return this.changeStatus(order, { status: 'ARRIVED' });
  }

  /** Packs a Kaspi Delivery order; the waybill appears on the order a few seconds later, not in this reply. */
  async assembleOrder(order: KaspiOrderRef, numberOfSpace: number): Promise<void> {
    if (!Number.isInteger(numberOfSpace) || numberOfSpace < 1) {
      throw new KaspiBadRequestError(`numberOfSpace for order ${order.code} must be a whole number ≥ 1, got ${numberOfSpace}`, {
        orderRef: order.code,
      });
    }
    // Every official sample sends the count as a string.
    return this.changeStatus(order, { status: 'ASSEMBLE', numberOfSpace: String(numberOfSpace) });
  }

  /**
   * Step one of Kaspi's two-step COMPLETED (pickup and own delivery): an empty security code makes Kaspi text
   * the buyer a code; the order does not change. Ask only when the goods are being handed over.
   */
  async requestCompletionCode(order: KaspiOrderRef): Promise<void> {
    return this.changeStatus(order, { status: 'COMPLETED' }, { 'x-security-code': '', 'x-send-code': 'true' });
  }

  /** Step two: completes the order with the code the buyer was texted; a wrong code is a KaspiBadRequestError. */
  async completeWithCode(order: KaspiOrderRef, securityCode: string): Promise<void> {
    return this.changeStatus(order, { status: 'COMPLETED' }, { 'x-security-code': securityCode, 'x-send-code': 'true' });
  }

  async downloadWaybill(url: string): Promise<Buffer> {
    const body = await this.transport.send({
      method: 'GET',
      url: resolveKaspiLink(url, this.baseUrl),
      operation: 'GET waybill',
      accept: WAYBILL_ACCEPT,
      scope: 'resource',
    });
    if (body.subarray(0, 4).toString('latin1') !== '%PDF') {
      throw new KaspiBadPayloadError(`The Kaspi waybill link returned ${body.length} bytes that are not a PDF`);
    }
    return body;
  }

  private async changeStatus(order: KaspiOrderRef, attributes: Record<string, string>, headers?: Record<string, string>): Promise<void> {
    const orderRef = `${order.code} (id ${order.id})`;
    const operation = `POST /orders ${attributes.status}`;
    const body = await this.transport.send({
      method: 'POST',
      url: this.url('/orders'),
      operation,
      body: { data: { type: 'orders', id: order.id, attributes: { code: order.code, ...attributes } } },
      orderRef,
      headers,
    });
    try {
      parsePayload(statusChangeDocument, body, operation, orderRef);
    } catch (error) {
      if (!(error instanceof KaspiBadPayloadError)) throw error;
      // A reply that cannot be read says nothing about whether the change happened (Kaspi may have applied it
      // and the body broke on the way): it is a lost reply, retried like one. Every sender reads the order before
      // any repeat (acceptance on a retry or once accept_sent_at is set; ASSEMBLE within its confirm window), so
      // the retry never sends twice — and the order is not failed for a body nobody needed.
      throw new KaspiTransientError(`Kaspi ${operation} for order ${orderRef} answered with a reply that cannot be read; whether it was applied is unknown (${error.message})`, {
        orderRef,
        httpStatus: error.httpStatus,
        unreadableBody: error.unreadableBody,
      });
    }
  }

  private async merchantProductOf(entry: EntryResource, orderRef: string): Promise<{ sku: string | null; name: string | null }> {
    const productLink = entry.relationships?.product?.links?.related;
    const productUrl = productLink
      ? resolveKaspiLink(productLink, this.baseUrl)
      : `${this.baseUrl}/orderentries/${encodeURIComponent(entry.id)}/product`;
    const master = await this.getOptional(masterProductDocument, { url: productUrl, operation: 'GET /orderentries/{id}/product', orderRef, scope: 'resource' });
    if (!master) return { sku: null, name: null };

    const merchantLink = master.data.relationships?.merchantProduct?.links?.related;
    const merchantUrl = merchantLink
      ? resolveKaspiLink(merchantLink, this.baseUrl)
      : `${this.baseUrl}/masterproducts/${encodeURIComponent(master.data.id)}/merchantProduct`;
    const merchant = await this.getOptional(merchantProductDocument, { url: merchantUrl, operation: 'GET /masterproducts/{id}/merchantProduct', orderRef, scope: 'resource' });
    return {
      sku: merchant?.data?.attributes.code ?? null,
      name: merchant?.data?.attributes.name ?? master.data.attributes?.name ?? null,
    };
  }

  /**
   * A GET whose body is not JSON at all (cut off, empty, a proxy's HTML page) is read again, at most
   * READS_OF_AN_UNREADABLE_BODY times in all: the read is idempotent and such a body is nearly always a network
   * hiccup, while failing the activity would hold the order or fail its workflow for nothing. JSON of the
   * wrong shape is Kaspi's data, not a hiccup, and is reported at once. Everything else stays Temporal's to retry.
   */
  private async get<S extends z.ZodType>(schema: S, { url, operation, orderRef, signal, scope }: GetOptions): Promise<z.infer<S>> {
    for (let read = 1; ; read += 1) {
      const body = await this.transport.send({ method: 'GET', url, operation, orderRef, signal, scope });
      try {
        return parsePayload(schema, body, operation, orderRef);
      } catch (error) {
        if (!(error instanceof KaspiBadPayloadError && error.unreadableBody) || read >= READS_OF_AN_UNREADABLE_BODY) throw error;
      }
    }
  }

  /** Like get, but a JSON 404 (Kaspi does not know the resource) is null rather than an error. */
  private async getOptional<S extends z.ZodType>(schema: S, options: GetOptions): Promise<z.infer<S> | null> {
    try {
      return await this.get(schema, options);
    } catch (error) {
      if (error instanceof KaspiNotFoundError) return null;
      throw error;
    }
  }

  private orderUrl(orderId: string): string {
    return `${this.baseUrl}/orders/${encodeURIComponent(orderId)}`;
  }

  /** Kaspi documents its parameters with literal brackets (`page[number]`), so keys are sent unescaped. */
  private url(path: string, params: QueryParams = []): string {
    const query = params.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
    return `${this.baseUrl}${path}${query ? `?${query}` : ''}`;
  }
}

/** An order resource's buyer contact; a block that does not validate yields empty contact data rather than an error. */
function customerOf(resource: unknown): KaspiCustomerContact {
  const contact = orderCustomerResource.safeParse(resource);
  return contact.success ? toCustomerContact(contact.data.attributes.customer, contact.data.attributes.phoneAlias) : { name: null, phone: null };
}

/** The `orderentries` resources a list page carries in `included` that validate, by id. */
function includedEntries(document: Record<string, unknown>): Map<string, EntryResource> {
  const served = new Map<string, EntryResource>();
  for (const element of Array.isArray(document.included) ? document.included : []) {
    const checked = entryResource.safeParse(element);
    if (checked.success) served.set(checked.data.id, checked.data);
  }
  return served;
}

/**
 * One listed order's lines from `included`, in the order its `relationships.entries.data` names them; undefined
 * unless every line is there, validated and names its offer (else getOrderEntries reads them, with its checks
 * and its SKU fallback).
 */
function linesOf(element: unknown, served: Map<string, EntryResource>): KaspiOrderEntry[] | undefined {
  const linkage = (element as { relationships?: { entries?: { data?: unknown } } }).relationships?.entries?.data;
  if (!Array.isArray(linkage) || linkage.length === 0) return undefined;
  const lines: KaspiOrderEntry[] = [];
  for (const [position, link] of linkage.entries()) {
    const entry = served.get((link as { id?: unknown })?.id as string);
    if (!entry?.attributes.offer?.code) return undefined;
    lines.push(toKaspiOrderEntry(entry, position));
  }
  return lines;
}
