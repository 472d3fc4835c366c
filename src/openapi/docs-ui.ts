import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One file the docs UI loads, held in memory. */
export interface DocsAsset {
  readonly body: string | Buffer;
  readonly contentType: string;
}

/**
 * The UI's page. Nothing inline (the CSP allows scripts and styles from this origin
 * only): swagger-ui's own bundle and stylesheet from the installed `swagger-ui-dist`,
 * and our start script and stylesheet beside them under `/docs/`.
 */
const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>parley API</title>
    <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32" />
    <link rel="stylesheet" href="/docs/swagger-ui.css" />
    <link rel="stylesheet" href="/docs/docs.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/docs.js"></script>
  </body>
</html>
`;

/**
 * Starts swagger-ui on /openapi.json. The key given to "Authorize" is kept in the
 * browser's local storage (persistAuthorization) so that a reload does not ask again; no
 * call leaves for the public validator (validatorUrl: null).
 */
const START_JS = `'use strict';
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    displayRequestDuration: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

/** What swagger-ui's own page sets inline, as a file. */
const DOCS_CSS = `html {
  box-sizing: border-box;
  overflow-y: scroll;
}
*,
*::before,
*::after {
  box-sizing: inherit;
}
body {
  margin: 0;
  background: #fafafa;
}
`;

/** swagger-ui's browser build, from the installed package (a dependency of @nestjs/swagger), never a CDN. */
const SWAGGER_UI_DIST = dirname(
  require.resolve('swagger-ui-dist/package.json', {
    paths: [dirname(require.resolve('@nestjs/swagger/package.json'))],
  }),
);

const VENDOR_FILES: Record<string, string> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

let assets: Map<string, DocsAsset> | undefined;

/**
 * Every file under `/docs/` by name, read on first use and kept (the bundle is 1.5 MB:
 * an app that never serves the UI never reads it). A request names an entry or gets 404.
 */
export function docsAssets(): ReadonlyMap<string, DocsAsset> {
  if (assets === undefined) {
    assets = new Map<string, DocsAsset>([
      ['docs.js', { body: START_JS, contentType: 'text/javascript; charset=utf-8' }],
      ['docs.css', { body: DOCS_CSS, contentType: 'text/css; charset=utf-8' }],
    ]);
    for (const [file, contentType] of Object.entries(VENDOR_FILES))
      assets.set(file, { body: readFileSync(join(SWAGGER_UI_DIST, file)), contentType });
  }
  return assets;
}

export function docsIndex(): DocsAsset {
  return { body: INDEX_HTML, contentType: 'text/html; charset=utf-8' };
}
