/**
 * Files the sandbox reads from the project: the built page (src/sandbox/web/dist, made by
 * `npm run build:web`) and the slash commands in manifest.json (for the composer's autocomplete).
 * Found from the project root, so this works from `src/` (tsx, jest) and from `dist/` (npm start, Docker).
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { SandboxCommand } from './protocol';

/** The nearest folder above `from` holding package.json. */
export function findProjectRoot(from: string = __dirname): string {
  let dir = path.resolve(from);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(from);
    dir = up;
  }
}

export const defaultWebRoot = (): string => path.join(findProjectRoot(), 'src', 'sandbox', 'web', 'dist');

const manifestSchema = z.looseObject({
  features: z.looseObject({
    slash_commands: z.array(
      z.looseObject({
        command: z.string(),
        description: z.string().default(''),
        usage_hint: z.string().default(''),
        should_escape: z.boolean().default(false),
      }),
    ),
  }),
});

/** The slash commands the app declares, as the composer offers them. */
export function loadCommands(manifestPath = path.join(findProjectRoot(), 'manifest.json')): SandboxCommand[] {
  const manifest = manifestSchema.parse(JSON.parse(fs.readFileSync(manifestPath, 'utf8')));
  return manifest.features.slash_commands.map((c) => ({
    command: c.command,
    description: c.description,
    usageHint: c.usage_hint,
    shouldEscape: c.should_escape,
  }));
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

interface CachedFile {
  body: Buffer;
  gzip: Buffer | null;
  type: string;
}

/**
 * Serves the built page: `/` is index.html, `/assets/*` are hashed (cached for a year, and kept in memory
 * with a gzipped copy: the page is a few dozen kB).
 */
export function createStaticFiles(root: string) {
  // Hashed assets never change under their name; index.html is read afresh (a rebuild shows on reload).
  const cache = new Map<string, CachedFile>();
  const load = (rel: string): CachedFile | null => {
    const cached = cache.get(rel);
    if (cached) return cached;
    const file = path.resolve(root, `.${rel}`);
    let found: CachedFile | null = null;
    if (file.startsWith(path.resolve(root) + path.sep)) {
      try {
        const body = fs.readFileSync(file);
        const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
        const compressible = /text|javascript|json|svg/.test(type) && body.length > 1024;
        found = { body, gzip: compressible ? gzipSync(body) : null, type };
      } catch {
        found = null;
      }
    }
    if (found && rel.startsWith('/assets/')) cache.set(rel, found);
    return found;
  };

  return {
    root,
    available: () => fs.existsSync(path.join(root, 'index.html')),
    /** Answers GET/HEAD for a file of the page; false when there is no such file. */
    serve(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const rel = pathname === '/' ? '/index.html' : decodeURIComponent(pathname);
      const file = load(rel);
      if (!file) return false;
      const gz = file.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      const body = gz ? file.gzip! : file.body;
      res.writeHead(200, {
        'Content-Type': file.type,
        'Content-Length': body.length,
        'Cache-Control': rel.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        ...(gz ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    },
  };
}

/** Shown at `/` when the page was never built (e.g. `npm run dev` on a fresh clone). */
export function pageMissingHtml(root: string): string {
  return `<!doctype html><meta charset="utf-8"><title>Trustloop sandbox</title>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem">
<h1>The sandbox page is not built yet</h1>
<p>Trustloop is running in sandbox mode, but the page was not found in <code>${escapeHtml(root)}</code>.</p>
<p>Run <code>npm run build:web</code> (or <code>npm start</code>, which builds everything), then reload.</p>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}
