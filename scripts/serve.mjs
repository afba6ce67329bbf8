#!/usr/bin/env node
// Dependency-free static file server for the RMSProp playground.
//
//   node scripts/serve.mjs [--root DIR] [--port N] [--host ADDR]
//
// Serves the repo root (or --root) on 127.0.0.1 (or --host), port --port, else $PORT, else
// 8080; when the port is taken, tries the next few. --port 0 picks a free port. Prints
// "RMSProp playground: http://HOST:PORT/" once listening. Only GET and HEAD; nothing outside
// the root is served (no "..", no symlink escaping it) and no hidden (dot) file. Files are sent
// with Access-Control-Allow-Origin: * (the embed element's script works from any origin).
//
// Also usable from tests: `import { startServer } from './serve.mjs'`.

import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_PORT = 8080;
const PORT_TRIES = 10;

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.pdf': 'application/pdf',
};

// Static files may be used from other origins: the <rmsprop-playground> element's module script
// (and the modules it imports) load in CORS mode from a docs page elsewhere, and hosts that are
// cross-origin isolated themselves need CORP to embed the page's iframe.
const STATIC_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

const COMMON_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cache-Control': 'no-cache',
  'X-Content-Type-Options': 'nosniff',
};

function contentType(file) {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function isInside(root, p) {
  return p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

function sendText(res, status, text, extra = {}) {
  const body = `${text}\n`;
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    ...extra,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

// Map a request target to a file under root, or return an HTTP status to answer with.
async function resolveTarget(root, rawUrl) {
  const rawPath = (rawUrl ?? '/').split(/[?#]/, 1)[0];
  if (!rawPath.startsWith('/')) return { status: 400 };
  let decoded;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { status: 400 };
  }
  if (decoded.includes('\0')) return { status: 400 };
  // Refuse any ".." segment outright (also catches %2e%2e and backslash forms).
  const segments = decoded.split(/[\\/]+/);
  if (segments.some((s) => s === '..')) return { status: 403 };
  // Hidden files and folders (.git, .ci, ...) are not part of the site.
  if (segments.some((s) => s.startsWith('.'))) return { status: 404 };

  let file = path.resolve(root, '.' + decoded);
  if (!isInside(root, file)) return { status: 403 };

  let real;
  try {
    real = await fsp.realpath(file);
  } catch {
    return { status: 404 };
  }
  if (!isInside(root, real)) return { status: 403 }; // a symlink pointing out of the root

  let stat = await fsp.stat(real);
  if (stat.isDirectory()) {
    if (!decoded.endsWith('/')) return { redirect: rawPath + '/' };
    file = path.join(real, 'index.html');
    try {
      real = await fsp.realpath(file);
      if (!isInside(root, real)) return { status: 403 };
      stat = await fsp.stat(real);
    } catch {
      return { status: 404 };
    }
  }
  if (!stat.isFile()) return { status: 404 };
  return { file: real, stat };
}

function makeHandler(root) {
  return async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendText(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
        return;
      }
      const target = await resolveTarget(root, req.url);
      if (target.redirect) {
        res.writeHead(301, { ...COMMON_HEADERS, Location: target.redirect, 'Content-Length': 0 });
        res.end();
        return;
      }
      if (target.status) {
        const text = { 400: 'bad request', 403: 'forbidden', 404: 'not found' }[target.status];
        sendText(res, target.status, text ?? 'error');
        return;
      }
      res.writeHead(200, {
        ...COMMON_HEADERS,
        ...STATIC_HEADERS,
        'Content-Type': contentType(target.file),
        'Content-Length': target.stat.size,
        'Last-Modified': target.stat.mtime.toUTCString(),
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const stream = fs.createReadStream(target.file);
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    } catch (err) {
      if (!res.headersSent) sendText(res, 500, 'internal server error');
      else res.destroy();
      process.stderr.write(`serve: ${req.method} ${req.url}: ${err?.message ?? err}\n`);
    }
  };
}

function listenOnce(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (err) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

export function displayUrl(host, port) {
  let h = host;
  if (h === '0.0.0.0' || h === '::' || h === '') h = '127.0.0.1';
  if (h.includes(':')) h = `[${h}]`;
  return `http://${h}:${port}/`;
}

/**
 * Start the server. Resolves to { server, port, host, url }.
 * Tries port, port+1, ... (PORT_TRIES in all) when a port is in use; port 0 picks a free one.
 */
export async function startServer({ root = REPO_ROOT, port = DEFAULT_PORT, host = '127.0.0.1', tries = PORT_TRIES } = {}) {
  const realRoot = await fsp.realpath(path.resolve(root));
  if (!(await fsp.stat(realRoot)).isDirectory()) throw new Error(`not a directory: ${root}`);
  const server = http.createServer(makeHandler(realRoot));
  let lastErr;
  const attempts = port === 0 ? 1 : tries;
  for (let i = 0; i < attempts; i++) {
    const p = port + i;
    if (p > 65535) break;
    try {
      await listenOnce(server, p, host);
      const actual = server.address().port;
      return { server, port: actual, host, root: realRoot, url: displayUrl(host, actual) };
    } catch (err) {
      lastErr = err;
      if (err.code !== 'EADDRINUSE') throw err;
    }
  }
  throw new Error(`ports ${port}..${port + attempts - 1} are all in use (${lastErr?.message})`);
}

const USAGE = `usage: node scripts/serve.mjs [--root DIR] [--port N] [--host ADDR]
  --root DIR   directory to serve (default: the repo root)
  --port N     port (default: $PORT or ${DEFAULT_PORT}; the next ${PORT_TRIES - 1} are tried if taken; 0 = any free port)
  --host ADDR  address to bind (default: 127.0.0.1)`;

function parseArgs(argv) {
  const opts = { root: REPO_ROOT, port: undefined, host: '127.0.0.1' };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const take = () => {
      if (value !== undefined) return value;
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    switch (arg) {
      case '-h':
      case '--help':
        return { help: true };
      case '--root':
        opts.root = path.resolve(take());
        break;
      case '--port':
        opts.port = take();
        break;
      case '--host':
        opts.host = take();
        break;
      default:
        throw new Error(`unknown argument: ${argv[i]}`);
    }
  }
  const portText = opts.port ?? process.env.PORT ?? String(DEFAULT_PORT);
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw new Error(`bad port: ${portText}`);
  opts.port = Number(portText);
  return opts;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`serve: ${err.message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let started;
  try {
    started = await startServer(opts);
  } catch (err) {
    process.stderr.write(`serve: ${err.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`RMSProp playground: ${started.url}\n`);
  const stop = () => {
    started.server.close(() => process.exit(0));
    started.server.closeAllConnections?.();
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
