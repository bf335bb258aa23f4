#!/usr/bin/env node
/**
 * `npm start`'s prestart: builds only what changed since the last start, and says what it is doing.
 *
 * - The app: rebuilt when a file under src/ (outside the page), a tsconfig or package-lock.json differs
 *   from the last build. A start only needs JavaScript, so it is transpiled file by file with esbuild
 *   (about 0.3 s for all of src/, where tsc takes 14-19 s on this 2-core machine because it type-checks
 *   the whole program first). Type-checking is `npm run build`'s and CI's job (`npm run typecheck`), and
 *   the output has the same layout (dist/src/**.js with source maps, CommonJS as tsc emits for this
 *   package), so `npm run build` and a start can follow each other in any order.
 * - The sandbox page (Vite, src/sandbox/web): rebuilt only when its own sources (or the protocol file it
 *   shares with the app, or package-lock.json) changed, or when its output is missing.
 *
 * "Changed" = a different list of (path, size, mtime): a stat of each source file, a few ms in all, so a
 * start with nothing changed spends no time here. The stamps live in dist/ (deleting dist/ rebuilds all).
 * `npm run build` always rebuilds everything (and type-checks the page), then records the stamps
 * (`--record`), so a start right after it builds nothing.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rel = (...p) => path.join(root, ...p);
const WEB = rel('src', 'sandbox', 'web');
const STAMPS = rel('dist', '.build-stamps.json');

/** Every file under `dir`, skipping the folders in `skip` (absolute paths). */
function walk(dir, skip = [], out = []) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!skip.includes(p) && e.name !== 'node_modules') walk(p, skip, out);
    } else if (e.isFile()) out.push(p);
  }
  return out;
}

function fingerprint(files) {
  const h = createHash('sha1');
  for (const f of files.sort()) {
    try {
      const s = fs.statSync(f);
      h.update(`${path.relative(root, f)}\0${s.size}\0${s.mtimeMs}\n`);
    } catch {
      h.update(`${path.relative(root, f)}\0missing\n`);
    }
  }
  return h.digest('hex');
}

function readStamps() {
  try {
    return JSON.parse(fs.readFileSync(STAMPS, 'utf8'));
  } catch {
    return {};
  }
}

function writeStamp(name, value) {
  const stamps = readStamps();
  stamps[name] = value;
  fs.mkdirSync(path.dirname(STAMPS), { recursive: true });
  fs.writeFileSync(STAMPS, `${JSON.stringify(stamps, null, 2)}\n`);
}

/** Runs a tool from node_modules/.bin in the foreground; exits with its status when it fails. */
function run(bin, args) {
  const r = spawnSync(process.execPath, [rel('node_modules', ...bin), ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    process.stderr.write(
      `\nTrustloop: the build failed (${path.basename(bin.at(-1))} ${args.join(' ')}); fix the error above and run npm start again.\n`,
    );
    process.exit(r.status ?? 1);
  }
}

/** src/ (outside the page, without tests) to dist/src, one file each, as `tsc -p tsconfig.build.json` lays it out. */
async function transpileApp() {
  const { build } = await import('esbuild');
  const entryPoints = walk(rel('src'), [WEB]).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'),
  );
  try {
    await build({
      entryPoints,
      outbase: rel('src'),
      outdir: rel('dist', 'src'),
      bundle: false,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      sourcemap: true,
      logLevel: 'error',
    });
  } catch {
    // esbuild has printed the error with its file and line
    process.stderr.write(
      '\nTrustloop: the build failed (esbuild); fix the error above and run npm start again.\n',
    );
    process.exit(1);
  }
}

const say = (line) => process.stdout.write(`Trustloop: ${line}\n`);
const seconds = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

const lock = [rel('package-lock.json')];
const appInputs = [...walk(rel('src'), [WEB]), rel('tsconfig.json'), rel('tsconfig.build.json'), ...lock];
const webInputs = [...walk(WEB, [path.join(WEB, 'dist')]), rel('src', 'sandbox', 'protocol.ts'), ...lock];

// `npm run build` ends with `--record`: it just built both from these sources, so the next start skips them.
if (process.argv.includes('--record')) {
  writeStamp('app', fingerprint(appInputs));
  writeStamp('web', fingerprint(webInputs));
  process.exit(0);
}

const stamps = readStamps();
const firstStart = !fs.existsSync(rel('dist', 'src', 'main.js'));
const appPrint = fingerprint(appInputs);
const webPrint = fingerprint(webInputs);
const appStale = firstStart || stamps.app !== appPrint;
const webStale = !fs.existsSync(path.join(WEB, 'dist', 'index.html')) || stamps.web !== webPrint;

if (!appStale && !webStale) {
  say('nothing changed since the last build; starting');
  process.exit(0);
}
const t0 = Date.now();
if (appStale) {
  say(firstStart ? 'building the app (first start only)…' : 'rebuilding the app (sources changed)…');
  await transpileApp();
  writeStamp('app', appPrint);
}
if (webStale) {
  say(
    firstStart
      ? 'building the sandbox page (first start only)…'
      : 'rebuilding the sandbox page (its sources changed)…',
  );
  run(
    ['vite', 'bin', 'vite.js'],
    ['build', '--config', 'src/sandbox/web/vite.config.mts', '--logLevel', 'warn'],
  );
  writeStamp('web', webPrint);
}
say(`built in ${seconds(t0)}; starting`);
