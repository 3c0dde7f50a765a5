import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OpenAPIDocument } from './document';
import { serveSwaggerUi } from './swagger-ui';

export interface DocsOptions {
  readonly title: string;
  /** `null` turns the document and both pages off. */
  readonly openapiUrl: string | null;
  readonly docsUrl: string | null;
  readonly redocUrl: string | null;
  /** Where a parent app mounted this one: the pages' own links include it. */
  readonly mountPath?: string;
}

const REDOC_BUNDLE = require.resolve('redoc/bundles/redoc.standalone.js');
/** The one outside address in ReDoc's bundle: the "API docs by Redocly" footer logo. */
const REDOC_CDN_LOGO = 'https://cdn.redoc.ly/redoc/logo-mini.svg';
const EMPTY_SVG = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E";

let redocBundle: Buffer | undefined;

/** Read once, with the footer logo made local, so that the page asks nothing of the network. */
function readRedocBundle(): Buffer {
  redocBundle ??= Buffer.from(readFileSync(REDOC_BUNDLE, 'utf8').replaceAll(REDOC_CDN_LOGO, EMPTY_SVG));
  return redocBundle;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** FastAPI's ReDoc page, with the bundle served by the app instead of a CDN (and no web fonts). */
function redocHtml(title: string, openapiUrl: string, bundleUrl: string): string {
  return `<!DOCTYPE html>
<html>
<head>
<title>${escapeHtml(title)}</title>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body { margin: 0; padding: 0; }</style>
</head>
<body>
<noscript>ReDoc requires Javascript to function. Please enable it to browse the documentation.</noscript>
<redoc spec-url="${escapeHtml(openapiUrl)}"></redoc>
<script src="${escapeHtml(bundleUrl)}"></script>
</body>
</html>
`;
}

/**
 * Serves the document at `openapiUrl`, Swagger UI at `docsUrl` (through @fastify/swagger and
 * @fastify/swagger-ui, whose assets ship with the package) and ReDoc at `redocUrl`: nothing is
 * loaded from a CDN, so the pages work offline.
 */
export function registerDocsRoutes(
  fastify: FastifyInstance,
  document: () => OpenAPIDocument,
  options: DocsOptions,
  notFound: (request: FastifyRequest, reply: FastifyReply) => FastifyReply | Promise<FastifyReply>,
): void {
  const { openapiUrl, docsUrl, redocUrl, title } = options;
  const mountPath = options.mountPath ?? '';
  if (openapiUrl === null) return;
  let text: string | undefined;
  fastify.get(openapiUrl, { schema: { hide: true } }, (_request, reply) => {
    text ??= JSON.stringify(document());
    return reply.type('application/json; charset=utf-8').send(text);
  });
  if (docsUrl !== null) {
    serveSwaggerUi(fastify, docsUrl, { prefix: `${mountPath}${docsUrl.replace(/\/$/, '')}`, title, document }, notFound);
    // FastAPI's address for the OAuth2 redirect; Swagger UI's page lives under its static files.
    fastify.get(`${docsUrl.replace(/\/$/, '')}/oauth2-redirect`, { schema: { hide: true } }, (request, reply) => {
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      return reply.redirect(`${mountPath}${docsUrl.replace(/\/$/, '')}/static/oauth2-redirect.html${query}`, 307);
    });
  }
  if (redocUrl !== null) {
    const bundleUrl = `${redocUrl.replace(/\/$/, '')}/redoc.standalone.js`;
    const html = redocHtml(`${title} - ReDoc`, `${mountPath}${openapiUrl}`, `${mountPath}${bundleUrl}`);
    fastify.get(redocUrl, { schema: { hide: true } }, (_request, reply) => reply.type('text/html; charset=utf-8').send(html));
    fastify.get(bundleUrl, { schema: { hide: true } }, (_request, reply) =>
      reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=86400').send(readRedocBundle()),
    );
  }
}
