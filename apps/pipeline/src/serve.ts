import { createReadStream, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';

import { mapConfigPaths } from './config-paths.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.pbtxt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.bytes': 'application/octet-stream',
  '.bin': 'application/octet-stream',
};

/** Headers that let projector.tensorflow.org, on another origin, fetch the files. */
const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': '*',
  'Access-Control-Allow-Private-Network': 'true',
};

export interface RunningServer {
  server: Server;
  /** Base URL with a trailing slash, such as `http://127.0.0.1:8080/`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `dir` over HTTP on 127.0.0.1 with CORS headers. `projector_config.json` is served with
 * its relative paths turned into absolute URLs on this server, because projector.tensorflow.org
 * fetches them relative to its own page. Port 0 picks a free port. `onError` receives one line
 * per failed request.
 */
export async function serveFolder(dir: string, port: number, onError?: (line: string) => void): Promise<RunningServer> {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new Error(`Cannot serve ${root}: folder not found. Run "projector-kit run" first or pass an existing folder.`);
  }

  const server = createServer((request, response) => {
    handle(root, request, response).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      onError?.(`serve: ${request.method} ${request.url} failed: ${message}`);
      if (!response.headersSent) {
        response.writeHead(500, { 'Content-Type': 'text/plain', ...CORS_HEADERS });
      }
      response.end(`Internal error: ${message}\n`);
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(port, '127.0.0.1', () => resolveListen());
  });
  const address = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${address.port}/`;

  return {
    server,
    url,
    close: () =>
      new Promise((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}

async function handle(root: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method === 'OPTIONS') {
    response.writeHead(204, CORS_HEADERS);
    response.end();
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD, OPTIONS', ...CORS_HEADERS });
    response.end();
    return;
  }

  const requestUrl = new URL(request.url ?? '/', 'http://127.0.0.1');
  let pathname: string;
  try {
    pathname = decodeURIComponent(requestUrl.pathname);
  } catch {
    response.writeHead(400, { 'Content-Type': 'text/plain', ...CORS_HEADERS });
    response.end(`Bad request: invalid percent-encoding in ${requestUrl.pathname}\n`);
    return;
  }
  const relative = normalize(pathname).replace(/^([/\\])+/, '');
  let file = join(root, relative);
  if (file !== root && !file.startsWith(root + sep)) {
    response.writeHead(403, CORS_HEADERS);
    response.end();
    return;
  }
  if (existsSync(file) && statSync(file).isDirectory()) {
    file = join(file, 'index.html');
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    response.writeHead(404, { 'Content-Type': 'text/plain', ...CORS_HEADERS });
    response.end(`Not found: ${requestUrl.pathname}\n`);
    return;
  }

  const headers = {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': 'no-cache',
    ...CORS_HEADERS,
  };
  if (relative === 'projector_config.json') {
    // The server's own address, not the Host header, which a client may set to any host.
    const body = absoluteConfig(await readFile(file, 'utf8'), `http://127.0.0.1:${request.socket.localPort}/`);
    response.writeHead(200, { ...headers, 'Content-Length': Buffer.byteLength(body) });
    response.end(request.method === 'HEAD' ? undefined : body);
    return;
  }

  response.writeHead(200, { ...headers, 'Content-Length': statSync(file).size });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  await pipeline(createReadStream(file), response);
}

/** Rewrites every relative path in a projector config as an absolute URL under `base`. */
export function absoluteConfig(configText: string, base: string): string {
  return mapConfigPaths(configText, (path) => new URL(path, base).toString());
}
