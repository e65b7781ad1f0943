import express, { type Request, type Router } from 'express';
import { ruruHTML } from 'ruru/server';
import { serveStatic } from 'ruru/static';

/** URL path of the IDE's own scripts, styles, workers and font (ruru's static bundle from node_modules). */
export const IDE_STATIC_PATH = '/ide/static/';

/** The query the IDE opens with: one read that works for anyone, and the live subscription beside it. */
const DEFAULT_QUERY = `# Queries and mutations go over HTTP POST /graphql; subscriptions over graphql-ws on the same URL.
# Put a bearer token in the Headers tab: { "authorization": "Bearer <accessToken>" }
# (startGuestSession or login gives one).
query Products {
  products(first: 5) {
    edges { node { id name variants { sku basePrice { amount currencyCode } availability { available } } } }
  }
}

subscription OrderStatus($orderId: ID!) {
  orderStatusChanged(orderId: $orderId) { orderId status }
}
`;

/**
 * The IDE page for a GraphQL endpoint at `endpoint` (a same-origin path). Every asset comes from
 * this origin; the subscription URL is the page's own origin with ws(s), so it follows whatever
 * host and port the browser used.
 */
export function ideHtml(endpoint: string): string {
  return ruruHTML({
    staticPath: IDE_STATIC_PATH,
    endpoint,
    clientConfig: { defaultQuery: DEFAULT_QUERY, isHeadersEditorEnabled: true, showPersistHeadersSettings: true },
    htmlParts: {
      titleTag: '<title>shopgraph GraphQL IDE</title>',
      configScript: (original) =>
        `${original}\n<script>RURU_CONFIG.subscriptionEndpoint = location.origin.replace(/^http/, 'ws') + ${JSON.stringify(endpoint)};</script>`,
    },
  });
}

/** True when a GET on the GraphQL endpoint is a browser opening it rather than a GraphQL GET request. */
function wantsPage(req: Request): boolean {
  return (
    req.query.query === undefined && req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html'
  );
}

/**
 * Routes of the GraphQL IDE (ruru, a GraphiQL build): the page on GET `endpoint` for browsers
 * and its static assets under `IDE_STATIC_PATH`. Nothing is fetched from another origin.
 */
export function ideRoutes(endpoint: string): Router {
  const router = express.Router();
  const page = ideHtml(endpoint);
  router.use(serveStatic(IDE_STATIC_PATH));
  router.get(endpoint, (req, res, next) => {
    if (!wantsPage(req)) {
      next();
      return;
    }
    res.type('html').setHeader('cache-control', 'no-cache');
    res.send(page);
  });
  return router;
}
