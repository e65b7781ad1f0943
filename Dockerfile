# One image for every shopgraph process; docker-compose.yml picks the entry point per service.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages ./packages
COPY subgraphs ./subgraphs
COPY gateway ./gateway
COPY scripts ./scripts
COPY schema ./schema
COPY tsconfig*.json codegen.yml ./
RUN npm ci --no-audit --no-fund && npx tsc -b && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app /app
USER node
