# One image for the API, the worker and the agent bundle.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm run build:dashboard && npm run build:agent && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/dashboard/dist ./apps/dashboard/dist
USER node
EXPOSE 3000
# The API's liveness on its configured PORT; the worker (no HTTP) turns this off in docker-compose.yml.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s CMD ["node", "dist/apps/api/src/healthcheck.js"]
CMD ["node", "dist/apps/api/src/main.js"]
