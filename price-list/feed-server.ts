/**
 * Serves the newest published price list at /<FEED_TOKEN>/kaspi.xml, for Kaspi's hourly fetch. Every other
 * path is a 404 (a wrong token looks like no file at all); with FEED_BASIC_AUTH the cabinet's login and
 * password are required. ETag is the content hash and Last-Modified the version's publication time, so a
 * fetch of an unchanged list is a 304 and the file changes only when a published figure did.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Database } from '../platform/prisma-client.js';
import type { FeedServerSettings } from '../platform/feed-config.js';
import { latestVersionStamp, versionXml } from '../activities/database/price-list-versions.js';

export interface FeedServer {
  /** http://host:port/<token>/kaspi.xml */
  url: string;
  close(): Promise<void>;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function authorised(request: IncomingMessage, auth: FeedServerSettings['basicAuth']): boolean {
  if (!auth) return true;
  const header = request.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return false;
  return sameSecret(Buffer.from(header.slice(6), 'base64').toString('utf8'), `${auth.user}:${auth.password}`);
}

function notModified(request: IncomingMessage, etag: string, lastModified: Date): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch) return ifNoneMatch.split(',').map((t) => t.trim().replace(/^W\//, '')).some((t) => t === etag || t === '*');
  const since = Date.parse(request.headers['if-modified-since'] ?? '');
  return Number.isFinite(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

export function createFeedHandler(db: Database, settings: Pick<FeedServerSettings, 'path' | 'basicAuth'>) {
  // The file of the newest version, kept until a newer one is published.
  let cached: { id: number; body: Buffer } | undefined;
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? '/', 'http://feed').pathname;
    if (path !== settings.path) return plain(response, 404, 'not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return plain(response, 405, 'method not allowed');
    }
    if (!authorised(request, settings.basicAuth)) {
      response.setHeader('WWW-Authenticate', 'Basic realm="kaspi-sync price list", charset="UTF-8"');
      return plain(response, 401, 'authentication required');
    }
    const stamp = await latestVersionStamp(db);
    if (!stamp) {
      response.setHeader('Retry-After', '60');
      return plain(response, 503, 'no price list has been published yet');
    }
    const etag = `"${stamp.contentHash.slice(0, 32)}"`;
    response.setHeader('ETag', etag);
    response.setHeader('Last-Modified', stamp.createdAt.toUTCString());
    response.setHeader('Cache-Control', 'no-cache');
    if (notModified(request, etag, stamp.createdAt)) {
      response.writeHead(304).end();
      return;
    }
    if (cached?.id !== stamp.id) {
      const xml = await versionXml(db, stamp.id);
      if (xml === undefined) return plain(response, 503, 'the price list is being replaced; try again');
      cached = { id: stamp.id, body: Buffer.from(xml, 'utf8') };
    }
    response.writeHead(200, { 'Content-Type': 'application/xml; charset=utf-8', 'Content-Length': cached.body.length });
    response.end(request.method === 'HEAD' ? undefined : cached.body);
  };
}

function plain(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${text}\n`);
}

export async function startFeedServer(db: Database, settings: FeedServerSettings, log: (line: string) => void = console.error): Promise<FeedServer> {
  const handle = createFeedHandler(db, settings);
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => {
      log(`price list: request failed (${error.message})`);
      if (!response.headersSent) plain(response, 503, 'the price list is unavailable for a moment');
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  return {
    url: `http://${host}:${port}${settings.path}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
