import type { z } from 'zod';
import { normaliseKaspiBaseUrl, type KaspiClientConfig } from './config.js';
import { splitCreationWindow } from './creation-windows.js';
import { KaspiBadPayloadError, KaspiBadRequestError, KaspiConfigurationError, KaspiNotFoundError } from './errors.js';
import { KaspiHttpTransport } from './http-transport.js';
import { resolveKaspiLink } from './links.js';
import { toCustomerContact, toKaspiOrder, toKaspiOrderEntry } from './normalise.js';
import { parsePayload } from './payload.js';
import {
  entryListDocument,
  masterProductDocument,
  merchantProductDocument,
  orderCustomerDocument,
  orderDocument,
  orderListDocument,
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
}

type QueryParams = Array<[string, string]>;

/** Kaspi Shop API v2 orders client. One instance per process shares the request limiter. */
export class KaspiClient {
  readonly stats: { readonly requests: number };
  private readonly baseUrl: string;
  private readonly transport: KaspiHttpTransport;

  constructor(config: KaspiClientConfig) {
    this.baseUrl = normaliseKaspiBaseUrl(config.baseUrl);
    this.transport = new KaspiHttpTransport(config);
    this.stats = this.transport.stats;
  }

  /** Every order in the window: all pages of every ≤ 14-day chunk, each order once. */
  async listOrders(query: ListOrdersQuery, signal?: AbortSignal): Promise<KaspiOrder[]> {
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
    for (const window of splitCreationWindow(query.createdFrom, createdTo)) {
      for (let page = 0; ; page += 1) {
        const params: QueryParams = [
          ['page[number]', String(page)],
          ['page[size]', String(pageSize)],
          ['filter[orders][state]', query.state],
          ...(query.status ? ([['filter[orders][status]', query.status]] as QueryParams) : []),
          ['filter[orders][creationDate][$ge]', String(window.from)],
          ['filter[orders][creationDate][$le]', String(window.to)],
        ];
        const document = await this.get(orderListDocument, this.url('/orders', params), 'GET /orders', undefined, signal);
        for (const resource of document.data) byId.set(resource.id, toKaspiOrder(resource));

        // An empty page ends the window even when pageCount claims more, so a wrong count cannot loop us.
        const lastPage = document.meta ? page + 1 >= document.meta.pageCount : document.data.length < pageSize;
        if (document.data.length === 0 || lastPage) break;
      }
    }
    return [...byId.values()];
  }

  /** The order, or null when Kaspi does not know the id. */
  async getOrder(orderId: string): Promise<KaspiOrder | null> {
    const document = await this.getOptional(orderDocument, this.orderUrl(orderId), 'GET /orders/{id}', orderId);
    return document ? toKaspiOrder(document.data) : null;
  }

  async getOrderByCode(code: string): Promise<KaspiOrder | null> {
    const url = this.url('/orders', [['filter[orders][code]', code]]);
    const document = await this.get(orderListDocument, url, 'GET /orders?filter[orders][code]', code);
    const match = document.data.find((resource) => resource.attributes.code === code);
    return match ? toKaspiOrder(match) : null;
  }

  /** Line items; entries without `offer` (old data) get their SKU from the merchant product, else null. */
  async getOrderEntries(orderId: string, orderCode?: string): Promise<KaspiOrderEntry[]> {
    const orderRef = orderCode ? `${orderCode} (id ${orderId})` : orderId;
    const document = await this.get(entryListDocument, `${this.orderUrl(orderId)}/entries`, 'GET /orders/{id}/entries', orderRef);
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
    const document = await this.getOptional(orderDocument, this.orderUrl(orderId), 'GET /orders/{id}', orderId);
    if (!document) return null;
    const contact = orderCustomerDocument.safeParse(document);
    return {
      order: toKaspiOrder(document.data),
      customer: contact.success ? toCustomerContact(contact.data.data.attributes.customer) : { name: null, phone: null },
    };
  }

  /** Buyer contact for code that must reach the customer; kept out of KaspiOrder on purpose (PII). */
  async getOrderCustomer(orderId: string): Promise<KaspiCustomerContact> {
    const document = await this.get(orderCustomerDocument, this.orderUrl(orderId), 'GET /orders/{id}', orderId);
    return toCustomerContact(document.data.attributes.customer);
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

  async downloadWaybill(url: string): Promise<Buffer> {
    const body = await this.transport.send({
      method: 'GET',
      url: resolveKaspiLink(url, this.baseUrl),
      operation: 'GET waybill',
      accept: WAYBILL_ACCEPT,
    });
    if (body.subarray(0, 4).toString('latin1') !== '%PDF') {
      throw new KaspiBadPayloadError(`The Kaspi waybill link returned ${body.length} bytes that are not a PDF`);
    }
    return body;
  }

  private async changeStatus(order: KaspiOrderRef, attributes: Record<string, string>): Promise<void> {
    const orderRef = `${order.code} (id ${order.id})`;
    const operation = `POST /orders ${attributes.status}`;
    const body = await this.transport.send({
      method: 'POST',
      url: this.url('/orders'),
      operation,
      body: { data: { type: 'orders', id: order.id, attributes: { code: order.code, ...attributes } } },
      orderRef,
    });
    parsePayload(statusChangeDocument, body, operation, orderRef);
  }

  private async merchantProductOf(entry: EntryResource, orderRef: string): Promise<{ sku: string | null; name: string | null }> {
    const productLink = entry.relationships?.product?.links?.related;
    const productUrl = productLink
      ? resolveKaspiLink(productLink, this.baseUrl)
      : `${this.baseUrl}/orderentries/${encodeURIComponent(entry.id)}/product`;
    const master = await this.getOptional(masterProductDocument, productUrl, 'GET /orderentries/{id}/product', orderRef);
    if (!master) return { sku: null, name: null };

    const merchantLink = master.data.relationships?.merchantProduct?.links?.related;
    const merchantUrl = merchantLink
      ? resolveKaspiLink(merchantLink, this.baseUrl)
      : `${this.baseUrl}/masterproducts/${encodeURIComponent(master.data.id)}/merchantProduct`;
    const merchant = await this.getOptional(merchantProductDocument, merchantUrl, 'GET /masterproducts/{id}/merchantProduct', orderRef);
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
  private async get<S extends z.ZodType>(
    schema: S,
    url: string,
    operation: string,
    orderRef?: string,
    signal?: AbortSignal,
  ): Promise<z.infer<S>> {
    for (let read = 1; ; read += 1) {
      const body = await this.transport.send({ method: 'GET', url, operation, orderRef, signal });
      try {
        return parsePayload(schema, body, operation, orderRef);
      } catch (error) {
        if (!(error instanceof KaspiBadPayloadError && error.unreadableBody) || read >= READS_OF_AN_UNREADABLE_BODY) throw error;
      }
    }
  }

  /** Like get, but a JSON 404 (Kaspi does not know the resource) is null rather than an error. */
  private async getOptional<S extends z.ZodType>(
    schema: S,
    url: string,
    operation: string,
    orderRef?: string,
  ): Promise<z.infer<S> | null> {
    try {
      return await this.get(schema, url, operation, orderRef);
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
