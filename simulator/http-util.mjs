/**
 * The few HTTP helpers the simulator's servers share.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Sends a complete response. Nothing is cached: a rebuilt gadget must show
 * up on the next desktop refresh.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string | Buffer} body
 * @param {string} [type]
 * @param {Record<string, string>} [headers]
 */
export function send(res, status, body, type = TYPES['.txt'], headers = {}) {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(body);
}

/**
 * Sends a value as JSON.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} value
 */
export function sendJson(res, status, value) {
  send(res, status, JSON.stringify(value, null, 2) + '\n', TYPES['.json']);
}

/**
 * Reads a request body as text, refusing anything over `limit` bytes.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} [limit]
 * @returns {Promise<string>}
 */
export function readBody(req, limit = 1 << 20) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(Object.assign(new Error('body too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Resolves a URL path below `root`, or null when it would escape it.
 * @param {string} root
 * @param {string} urlPath the part of the URL path below the mount point
 * @returns {string | null}
 */
export function resolveInside(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

/**
 * Serves one file below `root`; answers 404 when it is missing.
 * @param {import('node:http').ServerResponse} res
 * @param {string} root absolute directory
 * @param {string} urlPath path below the mount point
 * @param {string} [missing] the 404 text
 * @param {Record<string, string>} [headers] extra headers of a 200
 * @returns {Promise<void>}
 */
export async function serveFile(
  res,
  root,
  urlPath,
  missing = 'not found',
  headers = {},
) {
  const wantsIndex = urlPath === '' || urlPath.endsWith('/');
  const file = resolveInside(
    root,
    wantsIndex ? urlPath + 'index.html' : urlPath,
  );
  const info = file && (await stat(file).catch(() => null));
  if (!info?.isFile()) {
    send(res, 404, missing + '\n');
    return;
  }
  const type =
    TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  send(res, 200, await readFile(file), type, headers);
}
