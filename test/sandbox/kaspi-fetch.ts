import type { KaspiSandbox } from '../../tools/sandbox/index.js';

export interface KaspiResponse {
  status: number;
  contentType: string;
  text: string;
  json: any;
}

/** A plain `fetch` with the headers Kaspi documents, so sandbox tests do not depend on the client. */
export async function kaspiFetch(
  sandbox: KaspiSandbox,
  pathAndQuery: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<KaspiResponse> {
  const response = await fetch(`${sandbox.baseUrl}${pathAndQuery}`, {
    method: init.method ?? 'GET',
    headers: {
      'X-Auth-Token': sandbox.token,
      'Content-Type': 'application/vnd.api+json',
      Accept: 'application/vnd.api+json',
      'User-Agent': 'sandbox-test/1.0',
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, json };
}

export function postStatus(
  sandbox: KaspiSandbox,
  order: { id: string; code: string },
  attributes: Record<string, unknown>,
  headers?: Record<string, string>,
): Promise<KaspiResponse> {
  return kaspiFetch(sandbox, '/orders', {
    method: 'POST',
    body: { data: { type: 'orders', id: order.id, attributes: { code: order.code, ...attributes } } },
    headers,
  });
}
