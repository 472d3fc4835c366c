import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { constants, gzipSync } from 'node:zlib';

/** One file the page loads, read once at start and served from memory. */
export interface PageAsset {
  readonly body: Buffer;
  /** The same body gzipped once at start, for clients that accept it (a third of the bytes). */
  readonly gzipped: Buffer;
  readonly contentType: string;
  /** A strong validator: the first 16 hex digits of the body's SHA-256, quoted. */
  readonly etag: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/**
 * The page's own files: `assets/` beside this module, which is `src/page/assets` when the
 * app runs from source (ts-jest) and `dist/page/assets` once `nest build` has copied them
 * (nest-cli.json "assets").
 */
export const PAGE_ASSETS_DIR = join(__dirname, 'assets');

/** uPlot's browser build and stylesheet, served from the installed package, never a CDN. */
const UPLOT_DIST_DIR = join(dirname(require.resolve('uplot/package.json')), 'dist');
const VENDOR_FILES = ['uPlot.iife.min.js', 'uPlot.min.css'] as const;

function asset(file: string): PageAsset {
  const body = readFileSync(file);
  const contentType = CONTENT_TYPES[extname(file)];
  if (contentType === undefined) throw new Error(`The page cannot serve ${file}`);
  const digest = createHash('sha256').update(body).digest('hex').slice(0, 16);
  const gzipped = gzipSync(body, { level: constants.Z_BEST_COMPRESSION });
  return { body, gzipped, contentType, etag: `"${digest}"` };
}

/**
 * Every file the page may ask for, by its URL path. A fixed table read at start: a
 * request names an entry or gets 404, so no request ever reaches the file system.
 */
export function loadPageAssets(
  assetsDir = PAGE_ASSETS_DIR,
  vendorDir = UPLOT_DIST_DIR,
): Map<string, PageAsset> {
  const assets = new Map<string, PageAsset>();
  for (const file of readdirSync(assetsDir))
    if (extname(file) in CONTENT_TYPES) assets.set(`/page/${file}`, asset(join(assetsDir, file)));
  for (const file of VENDOR_FILES) assets.set(`/page/vendor/${file}`, asset(join(vendorDir, file)));
  const index = assets.get('/page/index.html');
  if (index === undefined) throw new Error(`The page has no index.html in ${assetsDir}`);
  assets.set('/', index);
  return assets;
}
