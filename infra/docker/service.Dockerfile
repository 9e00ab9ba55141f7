# One image per service, built from the workspace: `docker compose build` passes SERVICE.
FROM node:24-bookworm-slim
ARG SERVICE
ENV SERVICE=${SERVICE} NODE_ENV=production
WORKDIR /app
RUN corepack enable
COPY . .
RUN pnpm install --frozen-lockfile --prod=false
USER node
# Tracing must load before http and pg: the register hook comes first.
CMD ["sh", "-c", "node --import ./packages/kit/src/telemetry/register.ts services/${SERVICE}/src/main.ts"]
