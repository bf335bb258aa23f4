# syntax=docker/dockerfile:1
# Trustloop: build with dev dependencies, run with production ones only, as the non-root `node` user.
#   Slack:   docker run -p 3000:3000 -e SLACK_BOT_TOKEN=… -e SLACK_SIGNING_SECRET=… -e DATABASE_URL=… trustloop
#   Sandbox: docker run --rm -p 127.0.0.1:3000:3000 -e TRUSTLOOP_SANDBOX=1 -e HOST=0.0.0.0 trustloop
# Without credentials and without TRUSTLOOP_SANDBOX=1 the container exits at once, saying what to set
# (NODE_ENV=production). HOST is left unset here: Slack mode listens on 0.0.0.0 by default, the sandbox
# on 127.0.0.1 — unreachable through a published port, so trying it asks for HOST=0.0.0.0 on purpose.

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY manifest.json ./
COPY scripts/prestart.mjs ./scripts/
# `npm run build` compiles the server and builds the sandbox page (src/sandbox/web → src/sandbox/web/dist).
RUN npm run build

FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The sandbox page, prebuilt (Vite is a dev dependency); served in sandbox mode (TRUSTLOOP_SANDBOX=1, no Slack credentials).
COPY --from=build /app/src/sandbox/web/dist ./src/sandbox/web/dist
COPY migrations ./migrations
COPY manifest.json ./
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/main.js"]
