# syntax=docker/dockerfile:1
# Build stage: install everything (the toolchain compiles better-sqlite3), build the app and the server, then
# drop the dev dependencies (the app's browser libraries are in its bundle, the build tools are not needed).
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npx svelte-kit sync && npm run build && npm prune --omit=dev

# Run stage: the compiled server (dist/), the built app and the production dependencies, as a non-root user; no
# compiler, no sources, no tsx. node is PID 1 (exec form), so SIGTERM reaches the server's graceful shutdown.
FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "dist/index.js"]
