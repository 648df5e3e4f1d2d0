import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
/** swagger-ui-dist's folder: the docs page's assets are served from the installed package. */
const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));

/** The only files of swagger-ui-dist the page uses (its own index.html points at a remote demo). */
export const DOCS_ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': path.join(SWAGGER_UI_DIR, 'swagger-ui.css'),
  'swagger-ui-bundle.js': path.join(SWAGGER_UI_DIR, 'swagger-ui-bundle.js'),
  'favicon-32x32.png': path.join(SWAGGER_UI_DIR, 'favicon-32x32.png'),
};

/**
 * The API reference page: Swagger UI rendering `/__mock/openapi.json`, fully offline. The
 * sandbox itself is put first in the server list, so "Try it out" calls it, not the real API.
 */
export function docsPage(title: string): string {
  const escaped = title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escaped} — klen-mock</title>
  <link rel="icon" href="/__mock/docs/assets/favicon-32x32.png">
  <link rel="stylesheet" href="/__mock/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/__mock/docs/assets/swagger-ui-bundle.js"></script>
  <script>
    fetch('/__mock/openapi.json')
      .then((response) => response.json())
      .then((spec) => {
        spec.servers = [{ url: window.location.origin, description: 'this klen-mock sandbox' }, ...(spec.servers || [])];
        window.ui = SwaggerUIBundle({ spec, dom_id: '#swagger-ui', deepLinking: true, tryItOutEnabled: true });
      });
  </script>
</body>
</html>
`;
}
