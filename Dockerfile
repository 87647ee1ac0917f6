# AgentStack subgraph: a multi-stage build on a current Node LTS. The first stage compiles the
# TypeScript to dist/ (npm run build); the image runs `node dist/server/main.js` with production
# dependencies only: no tsx, no esbuild service process, no compiler at run time.

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json schema.graphql ./
COPY src ./src
RUN npm run build

FROM node:22-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    PORT=4001 \
    AGENTSTACK_DATA_DIR=/data
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY schema.graphql ./
COPY --from=build /app/dist ./dist
# The embedded database (the default without DATABASE_URL) writes to /data: owned by the non-root
# user the image runs as. Mount a volume there to keep it across containers.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 4001
# Follows PORT: the probe reads the same variable the server listens on.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 4001) + '/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# main.ts drains on SIGTERM (in-flight requests finish, /ready turns 503, the database closes).
STOPSIGNAL SIGTERM
# --max-semi-space-size=32 (MiB), as `npm start` has it: V8's young generation grows to fit a few
# requests of garbage at once, instead of promoting what in-flight requests still hold (`_entities`
# for 1,000 Tasks at 8 in flight: GC was ~40% of the server's CPU; CPU per call ×0.55).
# --no-allocation-site-pretenuring, as `npm start` has it: in some server processes (4 of 30 runs of
# 1,000 `_entities` one at a time) V8's pretenuring left ~4 MB promoted per young collection and the
# calls took 60-80% more CPU; with the flag, none of 14 (README, Benchmarks).
CMD ["node", "--max-semi-space-size=32", "--no-allocation-site-pretenuring", "dist/server/main.js"]
