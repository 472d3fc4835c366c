# Build stage: compiles the native SQLite binding and the TypeScript.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --ignore-scripts

# Run stage: the built service and its production dependencies only.
FROM node:20-bookworm-slim
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
USER node
CMD ["node", "dist/main.js"]
