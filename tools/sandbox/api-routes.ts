import type { FaultRoute } from './faults.js';
import { htmlNotFound, jsonReply, kaspiError, type Reply } from './http-io.js';
import { decodeKaspiId } from './ids.js';
import { JsonApiRenderer } from './json-api.js';
import { matchesQuery, parseOrdersQuery } from './orders-query.js';
import type { SandboxOptions } from './options.js';
import type { SandboxOrder } from './model.js';
import { applyStatusChange } from './status-changes.js';
import type { OrderStore } from './store.js';
import { waybillPdf } from './waybill-pdf.js';

export const API_PREFIX = '/shop/api/v2';
export const WAYBILL_PREFIX = '/shop/api/waybill/';

export interface ApiRequest {
  method: string;
  path: string;
  params: URLSearchParams;
  body: unknown;
  /** `X-Security-Code` header, for two-step completion. */
  securityCode: string | undefined;
  /** `http://host:port` as the client addressed us, for absolute links. */
  origin: string;
}

export interface ApiReply extends Reply {
  /** Set when a POST /orders status change was accepted. */
  applied?: boolean;
}

export interface RequestFacts {
  route: FaultRoute | 'unknown';
  orderCode?: string;
  action?: string;
  /** For list calls: the `filter[orders][state]` asked for. */
  listState?: string;
}

/** The Kaspi Shop API v2 surface the sandbox serves, after the server's header and token checks. */
export class KaspiApiRoutes {
  constructor(
    private readonly store: OrderStore,
    private readonly options: SandboxOptions,
  ) {}

  /** Names the route and order of a request before it is served, so faults and the log can use them. */
  classify(request: ApiRequest): RequestFacts {
    if (request.path.startsWith(WAYBILL_PREFIX)) {
      return { route: 'waybill', orderCode: this.store.orderForWaybill(request.path.slice(WAYBILL_PREFIX.length))?.code };
    }
    const segments = apiSegments(request.path);
    if (!segments) return { route: 'unknown' };
    const [collection, id, sub] = segments;
    if (collection === 'orders' && segments.length === 1) {
      if (request.method === 'POST') {
        const data = dataOf(request.body);
        const code = data && this.store.byOrderId(String(data.id))?.code;
        const action = data && isRecord(data.attributes) ? String(data.attributes.status) : undefined;
        return { route: 'post-order', orderCode: code, action };
      }
      return {
        route: 'list-orders',
        orderCode: request.params.get('filter[orders][code]') ?? undefined,
        listState: request.params.get('filter[orders][state]') ?? undefined,
      };
    }
    if (collection === 'orders') {
      return { route: sub === 'entries' ? 'entries' : 'get-order', orderCode: this.store.byOrderId(id)?.code };
    }
    if (collection === 'orderentries') return { route: 'entry-resources', orderCode: this.store.entry(id)?.order.code };
    return { route: 'entry-resources' };
  }

  handle(request: ApiRequest): ApiReply {
    const render = new JsonApiRenderer(
      (apiPath) => (this.options.relativeLinks ? `/v2${apiPath}` : `${request.origin}${API_PREFIX}${apiPath}`),
      this.options.fields2026,
    );
    if (request.path.startsWith(WAYBILL_PREFIX)) return this.waybill(request.path.slice(WAYBILL_PREFIX.length));
    const segments = apiSegments(request.path);
    if (!segments) return htmlNotFound();
    const [collection, id, sub, ...rest] = segments;
    if (rest.length > 0) return htmlNotFound();

    if (request.method === 'POST') {
      return collection === 'orders' && id === undefined ? this.changeStatus(request, render) : htmlNotFound();
    }
    if (request.method !== 'GET') return htmlNotFound();

    switch (`${collection}/${id === undefined ? '' : '{id}'}${sub === undefined ? '' : `/${sub}`}`) {
      case 'orders/':
        return this.listOrders(request.params, render);
      case 'orders/{id}':
        return this.withOrder(id, (order) => jsonReply(200, { data: render.order(order), included: [] }));
      case 'orders/{id}/entries':
        return this.withOrder(id, (order) =>
          jsonReply(200, { data: order.entries.map((entry) => render.entry(order, entry)), included: [] }),
        );
      case 'orders/{id}/user':
        return this.withOrder(id, (order) => jsonReply(200, { data: render.customer(order), included: [] }));
      case 'orderentries/{id}':
        return this.withEntry(id, ({ order, entry }) => jsonReply(200, { data: render.entry(order, entry, true), included: [] }));
      case 'orderentries/{id}/product':
        return this.withEntry(id, ({ entry }) => {
          const product = this.store.masterProduct(entry.masterProductId)!;
          return jsonReply(200, { data: render.masterProduct(product), included: [] });
        });
      case 'orderentries/{id}/deliveryPointOfService':
        return this.withEntry(id, ({ order }) =>
          jsonReply(200, { data: render.pointOfService(order.pointOfServiceId, order.warehouse), included: [] }),
        );
      case 'masterproducts/{id}':
      case 'masterproducts/{id}/merchantProduct': {
        const product = this.store.masterProduct(id);
        if (!product) return kaspiError(404, 'Product not found.');
        if (sub === undefined) return jsonReply(200, { data: render.masterProduct(product), included: [] });
        const sku = product.sku;
        return jsonReply(200, { data: sku === null ? null : render.merchantProduct({ ...product, sku }), included: [] });
      }
      case 'pointofservices/{id}':
        return this.pointOfService(id, render);
      default:
        return htmlNotFound();
    }
  }

  private listOrders(params: URLSearchParams, render: JsonApiRenderer): ApiReply {
    const code = params.get('filter[orders][code]');
    if (code !== null) {
      const order = this.store.byOrderCode(code);
      const data = order ? [render.order(order)] : [];
      return jsonReply(200, { data, included: [], meta: { pageCount: data.length, totalCount: data.length } });
    }
    const parsed = parseOrdersQuery(params, this.options.now(), this.options.requireState);
    if (!parsed.ok) return kaspiError(400, parsed.title);
    const { query } = parsed;
    const matching = this.store.all().filter((order) => matchesQuery(order, query));
    const page = matching.slice(query.pageNumber * query.pageSize, (query.pageNumber + 1) * query.pageSize);
    const withEntries = query.includeEntries && this.options.listIncludeEntries;
    if (withEntries === 'refused') return kaspiError(400, 'Unknown include: entries.');
    const included = query.includeUser
      ? [...new Map(page.map((order) => [order.customer.id, render.customer(order)])).values()]
      : [];
    if (withEntries === 'served') included.push(...page.flatMap((order) => order.entries.map((entry) => render.entry(order, entry))));
    return jsonReply(200, {
      data: page.map((order) => (withEntries === 'served' ? withEntryLinkage(render.order(order), order) : render.order(order))),
      included,
      meta: { pageCount: Math.ceil(matching.length / query.pageSize), totalCount: matching.length },
    });
  }

  private changeStatus(request: ApiRequest, render: JsonApiRenderer): ApiReply {
    const data = dataOf(request.body);
    if (!data || data.type !== 'orders' || typeof data.id !== 'string' || !isRecord(data.attributes)) {
      return kaspiError(400, 'Request body must be an orders resource with id and attributes.');
    }
    const order = this.store.byOrderId(data.id);
    if (!order) return kaspiError(404, 'Order not found.');
    const outcome = applyStatusChange(order, { attributes: data.attributes, securityCode: request.securityCode }, this.options, this.store);
    if (!outcome.ok) return kaspiError(400, outcome.title);
    return { ...jsonReply(200, { data: render.statusChange(order, outcome.echo), included: [] }), applied: true };
  }

  private waybill(opaque: string): ApiReply {
    const order = this.store.orderForWaybill(opaque);
    const waybillNumber = order?.kaspiDelivery?.waybillNumber;
    if (!order || !waybillNumber || !this.store.waybillLinkValid(opaque)) return kaspiError(404, 'Waybill not found.');
    return { status: 200, pdf: waybillPdf(order.code, waybillNumber, order.numberOfSpace ?? 1) };
  }

  private pointOfService(id: string, render: JsonApiRenderer): ApiReply {
    const prefix = `${this.options.merchantId}_`;
    const pickupPointId = decodeKaspiId(id);
    const known = this.store.all().some((order) => order.pointOfServiceId === id);
    if (!known || !pickupPointId.startsWith(prefix)) return kaspiError(404, 'Point of service not found.');
    return jsonReply(200, { data: render.pointOfService(id, pickupPointId.slice(prefix.length)), included: [] });
  }

  private withOrder(id: string, reply: (order: NonNullable<ReturnType<OrderStore['byOrderId']>>) => ApiReply): ApiReply {
    const order = this.store.byOrderId(id);
    return order ? reply(order) : kaspiError(404, 'Order not found.');
  }

  private withEntry(id: string, reply: (ref: NonNullable<ReturnType<OrderStore['entry']>>) => ApiReply): ApiReply {
    const ref = this.store.entry(id);
    return ref ? reply(ref) : kaspiError(404, 'Order entry not found.');
  }
}

/** Decoded path segments below /shop/api/v2, or undefined for paths outside the API. */
function apiSegments(path: string): string[] | undefined {
  if (!path.startsWith(`${API_PREFIX}/`)) return undefined;
  try {
    return path.slice(API_PREFIX.length + 1).replace(/\/$/, '').split('/').map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

function dataOf(body: unknown): Record<string, unknown> | undefined {
  return isRecord(body) && isRecord(body.data) ? body.data : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An order resource whose `entries` relationship names its lines (what a list with `include[orders]=entries` serves). */
function withEntryLinkage(resource: Record<string, unknown>, order: SandboxOrder): Record<string, unknown> {
  const relationships = (resource.relationships ?? {}) as Record<string, Record<string, unknown>>;
  return {
    ...resource,
    relationships: { ...relationships, entries: { ...relationships.entries, data: order.entries.map((entry) => ({ type: 'orderentries', id: entry.id })) } },
  };
}
