# One image for every shopgraph process; docker-compose.yml picks the entry point per service.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Every npm workspace must be present for `npm ci`.
COPY packages ./packages
COPY subgraphs ./subgraphs
COPY gateway ./gateway
COPY scripts ./scripts
COPY storefront ./storefront
COPY schema ./schema
COPY tsconfig*.json codegen.yml ./
RUN npm ci --no-audit --no-fund && npx tsc -b && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# Every process starts tracing first (OBSERVABILITY.md); span files go where the node user may write,
# unless OTEL_TRACES_EXPORTER=otlp sends them to a collector (the compose profile `observability`).
ENV NODE_OPTIONS="--import=/app/packages/observability/dist/register.js" TRACES_DIR=/tmp/traces
COPY --from=build /app /app
# The processes run as `node`: the one folder they write to (mail as .eml files without SMTP_URL) is theirs.
RUN mkdir -p /app/.data/mail && chown -R node:node /app/.data
USER node
