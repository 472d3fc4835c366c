# Node 22 (LTS): Node 20 reached its end of life in April 2026; better-sqlite3 12 builds on 22.
# (The development machines stay on Node 20 for now: their workplace image pins it, and
# package.json's engines keep 20.19 working.)
#
# Build stage: compiles the native SQLite binding and the TypeScript.
FROM node:22-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --ignore-scripts

# Run stage: the built service and its production dependencies only.
FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 PARLEY_DB=/var/lib/parley/parley.db
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY data/sample ./data/sample
RUN mkdir -p /var/lib/parley && chown node:node /var/lib/parley
VOLUME /var/lib/parley
EXPOSE 3000
# Liveness, with node's own fetch (the slim image has no curl), on the port the service
# listens on. docker-compose.yml checks readiness instead, to order its services.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
USER node
CMD ["node", "dist/main.js"]
