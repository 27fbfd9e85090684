import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { API_PREFIX, KaspiApiRoutes, WAYBILL_PREFIX, type ApiReply, type ApiRequest } from './api-routes.js';
import { handleControlRequest, CONTROL_PREFIX } from './control-routes.js';
import { DISTORTING_KINDS, distortedReply, replacementReply } from './fault-replies.js';
import { FaultBook, type FaultSpec } from './faults.js';
import { generateOrderSpecs, type GenerateOptions } from './generator.js';
import { htmlNotFound, JSON_API, kaspiError, parseBody, readBody, sendReply } from './http-io.js';
import * as lifecycle from './lifecycle.js';
import type { OrderSpec, SandboxOrder } from './model.js';
import { buildOrder } from './order-factory.js';
import type { SandboxOptions } from './options.js';
import { RequestLog, type CountedAction, type LoggedRequest } from './request-log.js';
import { OrderStore } from './store.js';
import { waybillDelaySource } from './waybill-delays.js';

/** The sandbox as tests and the control interface drive it. */
export interface KaspiSandbox {
  readonly baseUrl: string;
  readonly ordersUrl: string;
  readonly token: string;
  readonly port: number;
  readonly options: Readonly<SandboxOptions>;
  close(): Promise<void>;
  createOrder(spec: OrderSpec): SandboxOrder;
  generateOrders(count: number, opts?: GenerateOptions): SandboxOrder[];
  order(code: string): SandboxOrder | undefined;
  orders(): SandboxOrder[];
  buyerCancel(code: string): void;
  /** Staff accept the order by hand in the cabinet (no API request). */
  acceptInCabinet(code: string): void;
  /** The buyer signs a credit order (signatureRequired): it leaves SIGN_REQUIRED. */
  sign(code: string): void;
  handOverToCourier(code: string, at?: number): void;
  kaspiCancel(code: string, reason: string): void;
  showUnlistedStatus(code: string, status: string, state?: string): void;
  cancelInDelivery(code: string): void;
  markReturnedToWarehouse(code: string): void;
  archiveCancelled(code: string): void;
  complete(code: string): void;
  requestReturn(code: string): void;
  completeReturn(code: string): void;
  /** A line cancelled (quantity 0) or reduced in the cabinet after acceptance; no status change. */
  changeLine(code: string, entryNumber: number, quantity: number): void;
  autoCancelUnaccepted(olderThanMs: number, now?: number): string[];
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  requests(): LoggedRequest[];
  clearRequests(): void;
  actionCount(code: string, action: CountedAction): number;
}

export class SandboxServer implements KaspiSandbox {
  readonly baseUrl: string;
  readonly ordersUrl: string;
  readonly token: string;
  private readonly store: OrderStore;
  private readonly routes: KaspiApiRoutes;
  private readonly faults: FaultBook;
  private readonly log = new RequestLog();
  private readonly sleeping = new Set<NodeJS.Timeout>();

  constructor(
    private readonly server: Server,
    readonly options: Readonly<SandboxOptions>,
    readonly port: number,
    origin: string,
  ) {
    this.baseUrl = `${origin}${API_PREFIX}`;
    this.ordersUrl = `${this.baseUrl}/orders`;
    this.token = options.token;
    const waybillOrigin = options.foreignWaybillHost ? origin.replace('127.0.0.1', 'localhost') : origin;
    this.store = new OrderStore(options.now, (opaque) => `${waybillOrigin}${WAYBILL_PREFIX}${opaque}`, options.firstOrderCode, {
      nextDelayMs: waybillDelaySource(options.waybillDelays, options.waybillDelayMs, options.seed),
      linkTtlMs: options.waybillLinkTtlMs,
    });
    this.routes = new KaspiApiRoutes(this.store, options);
    this.faults = new FaultBook(options.seed);
    server.on('request', (req, res) => {
      this.serve(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendReply(res, kaspiError(500, error instanceof Error ? error.message : 'Sandbox failure'));
      });
    });
  }

  async close(): Promise<void> {
    for (const timer of this.sleeping) clearTimeout(timer);
    this.sleeping.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  createOrder(spec: OrderSpec): SandboxOrder {
    const code = spec.code ?? this.store.allocateCode();
    return structuredClone(this.store.add(buildOrder(spec, code, this.options.merchantId, this.options.now())));
  }

  generateOrders(count: number, opts: GenerateOptions = {}): SandboxOrder[] {
    return generateOrderSpecs(count, opts, this.options.now()).map((spec) => this.createOrder(spec));
  }

  order(code: string): SandboxOrder | undefined {
    const order = this.store.byOrderCode(code);
    return order && structuredClone(order);
  }

  orders(): SandboxOrder[] {
    return structuredClone(this.store.all());
  }

  buyerCancel(code: string): void {
    lifecycle.buyerCancel(this.mutable(code));
  }

  acceptInCabinet(code: string): void {
    lifecycle.acceptInCabinet(this.mutable(code));
  }

  sign(code: string): void {
    lifecycle.sign(this.mutable(code));
  }

  kaspiCancel(code: string, reason: string): void {
    lifecycle.kaspiCancel(this.mutable(code), reason);
  }

  showUnlistedStatus(code: string, status: string, state?: string): void {
    lifecycle.showUnlistedStatus(this.mutable(code), status, state);
  }

  handOverToCourier(code: string, at: number = this.options.now()): void {
    lifecycle.handOverToCourier(this.mutable(code), at);
  }

  cancelInDelivery(code: string): void {
    lifecycle.cancelInDelivery(this.mutable(code));
  }

  markReturnedToWarehouse(code: string): void {
    lifecycle.markReturnedToWarehouse(this.mutable(code));
  }

  archiveCancelled(code: string): void {
    lifecycle.archiveCancelled(this.mutable(code));
  }

  complete(code: string): void {
    lifecycle.complete(this.mutable(code), this.options.now());
  }

  requestReturn(code: string): void {
    lifecycle.requestReturn(this.mutable(code));
  }

  completeReturn(code: string): void {
    lifecycle.completeReturn(this.mutable(code));
  }

  changeLine(code: string, entryNumber: number, quantity: number): void {
    lifecycle.changeLine(this.mutable(code), entryNumber, quantity);
  }

  autoCancelUnaccepted(olderThanMs: number, now: number = this.options.now()): string[] {
    return this.store
      .all()
      .filter((order) => lifecycle.autoCancelIfUnaccepted(order, olderThanMs, now))
      .map((order) => order.code);
  }

  injectFault(fault: FaultSpec): void {
    this.faults.inject(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  requests(): LoggedRequest[] {
    return this.log.all();
  }

  clearRequests(): void {
    this.log.clear();
  }

  actionCount(code: string, action: CountedAction): number {
    return this.log.actionCount(code, action);
  }

  private mutable(code: string): SandboxOrder {
    const order = this.store.byOrderCode(code);
    if (!order) throw new lifecycle.LifecycleError(`No sandbox order with code ${code}`);
    return order;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const raw = await readBody(req);
    if (url.pathname.startsWith(CONTROL_PREFIX)) {
      sendReply(res, handleControlRequest(this, req.method ?? 'GET', url, parseBody(raw)));
      return;
    }
    await this.options.beforeEachRequest?.();

    const method = req.method ?? 'GET';
    const request: ApiRequest = {
      method,
      path: url.pathname,
      params: url.searchParams,
      body: parseBody(raw),
      securityCode: header(req, 'x-security-code'),
      origin: `http://${req.headers.host ?? new URL(this.baseUrl).host}`,
    };
    const facts = this.routes.classify(request);
    const entry: LoggedRequest = {
      at: this.options.now(),
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      ...(raw === '' ? {} : { body: request.body }),
      status: 0,
      action: facts.action,
      orderCode: facts.orderCode,
      userAgent: header(req, 'user-agent'),
      accept: header(req, 'accept'),
      contentType: header(req, 'content-type'),
      authOk: header(req, 'x-auth-token') === this.options.token,
      tokenSent: header(req, 'x-auth-token') !== undefined,
      ...(header(req, 'x-merchant-uid') ? { merchantUid: header(req, 'x-merchant-uid') } : {}),
      host: header(req, 'host'),
    };

    await this.sleep(this.options.latencyMs);
    const fault = this.faults.take({ route: facts.route, method, orderCode: facts.orderCode, listState: facts.listState, action: facts.action });
    if (fault?.kind === 'latency') await this.sleep(fault.latencyMs ?? 1000);
    const active = fault?.kind === 'latency' ? undefined : fault;
    // Replacing faults fire before Kaspi acts; distorting and apply-then-fail faults fire after the request
    // was served, so any status change has really happened and only the reply is lost or broken.
    let reply: ApiReply | 'reset';
    if (active && !active.applyThenFail && !DISTORTING_KINDS.has(active.kind)) {
      reply = replacementReply(active);
    } else {
      const served = this.gate(req, url.pathname, entry.authOk) ?? this.routes.handle(request);
      entry.applied = served.applied;
      if (!active) reply = served;
      else reply = DISTORTING_KINDS.has(active.kind) ? distortedReply(active, served) : replacementReply(active);
    }
    if (active) entry.fault = active.applyThenFail ? `${active.kind}-after-apply` : active.kind;
    else if (fault) entry.fault = fault.kind;

    if (reply === 'reset') {
      req.socket.destroy();
    } else {
      entry.status = reply.status;
      sendReply(res, reply);
    }
    this.log.record(entry);
  }

  /** The checks Kaspi's edge makes before routing: WAF user-agent block, Accept header, token. */
  private gate(req: IncomingMessage, path: string, authOk: boolean): ApiReply | undefined {
    const userAgent = header(req, 'user-agent') ?? '';
    if (this.options.blockedUserAgents.some((blocked) => userAgent.toLowerCase().includes(blocked.toLowerCase()))) {
      return { status: 403, html: '<!DOCTYPE html><html><body><h1>403 Forbidden</h1><p>Request blocked.</p></body></html>' };
    }
    const isWaybill = path.startsWith(WAYBILL_PREFIX);
    if (!isWaybill && this.options.requireAcceptHeader && !acceptsJsonApi(header(req, 'accept'))) return htmlNotFound();
    // A pre-signed link on the foreign host needs no token (and must not get one: see foreignWaybillHost).
    if (isWaybill && this.options.foreignWaybillHost && (header(req, 'host') ?? '').startsWith('localhost')) return undefined;
    if (!authOk) return kaspiError(401, 'Unauthorized');
    return undefined;
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleeping.delete(timer);
        resolve();
      }, ms);
      this.sleeping.add(timer);
    });
  }
}

function acceptsJsonApi(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((type) => {
    const media = type.split(';')[0].trim().toLowerCase();
    return media === JSON_API || media === 'application/*' || media === '*/*';
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
