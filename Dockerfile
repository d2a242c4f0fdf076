# syntax=docker/dockerfile:1
# billgraph's container: compiled JavaScript, production dependencies only, a non-root user.
# No Docker engine runs on the machines that test this repository, so every step below is a command that
# CI also runs on the same sources: `npm ci`, `npm run build` (tsc -p tsconfig.build.json), `npm ci --omit=dev`
# and `node dist/main.js` are exercised by scripts/container-check.sh, which .ci/run calls after `npm test`.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:20-bookworm-slim AS production-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
WORKDIR /app
COPY --from=production-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER node
EXPOSE 4000 9464
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/livez').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM starts the graceful drain (README "Deploying"); node runs as PID 1's only child-free process.
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
