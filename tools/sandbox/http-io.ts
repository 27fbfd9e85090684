import type { IncomingMessage, ServerResponse } from 'node:http';

export const JSON_API = 'application/vnd.api+json';
const MAX_BODY_BYTES = 1024 * 1024;

/** What a route decided to answer; the server turns it into bytes (and faults may distort it first). */
export interface Reply {
  status: number;
  json?: unknown;
  html?: string;
  text?: string;
  /** Body bytes sent as JSON:API even though they may not parse (for broken-payload faults). */
  raw?: string;
  pdf?: Buffer;
  headers?: Record<string, string>;
}

export const jsonReply = (status: number, json: unknown): Reply => ({ status, json });
export const kaspiError = (status: number, title: string): Reply => ({ status, json: { errors: [{ title }] } });
export const htmlNotFound = (): Reply => ({
  status: 404,
  html: '<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Страница не найдена</h1></body></html>',
});

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('Request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parsed JSON, or the raw text when it is not JSON (the route then answers 400). */
export function parseBody(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export function encodeReply(reply: Reply): { contentType: string; payload: Buffer } {
  if (reply.pdf) return { contentType: 'application/pdf', payload: reply.pdf };
  if (reply.html !== undefined) return { contentType: 'text/html; charset=utf-8', payload: Buffer.from(reply.html) };
  if (reply.raw !== undefined) return { contentType: `${JSON_API};charset=UTF-8`, payload: Buffer.from(reply.raw) };
  if (reply.text !== undefined) return { contentType: 'text/plain; charset=utf-8', payload: Buffer.from(reply.text) };
  return { contentType: `${JSON_API};charset=UTF-8`, payload: Buffer.from(JSON.stringify(reply.json ?? null)) };
}

export function send(res: ServerResponse, status: number, contentType: string, payload: Buffer, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(payload.length), ...headers });
  res.end(payload);
}

export function sendReply(res: ServerResponse, reply: Reply): void {
  const { contentType, payload } = encodeReply(reply);
  send(res, reply.status, contentType, payload, reply.headers);
}
