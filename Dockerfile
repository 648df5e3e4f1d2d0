# klen-mock: the Klen AI API sandbox.
#   docker build -t klen-mock . && docker run --rm -p 4010:4010 klen-mock
# Arguments after the image name are CLI flags: docker run --rm -p 5000:5000 klen-mock --port 5000

# ---- build: compile TypeScript with the dev dependencies
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY types ./types
COPY src ./src
COPY scripts/bundle-cli.mjs ./scripts/
RUN npm run build

# ---- runtime: production dependencies only, non-root, tini as PID 1
FROM node:24-bookworm-slim AS runtime
# tini forwards docker stop's SIGTERM to Node and reaps zombies, so stopping is immediate
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4010 \
    KLEN_MOCK_CACHE_DIR=/app/.cache
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY openapi.yaml ./
COPY fixtures ./fixtures
# validate the shipped contract and fixtures now: a broken image fails its build, and the
# validation cache it leaves makes every container start fast
RUN node dist/cli.js --check
# where --data-dir points in the README (-v klen-data:/data -e KLEN_MOCK_DATA_DIR=/data): owned by
# the node user, so a named volume mounted there starts out writable by it
RUN mkdir /data && chown node:node /data
USER node
EXPOSE 4010
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4010) + '/__mock/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--", "node", "dist/cli.js"]
