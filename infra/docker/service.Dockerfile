# One image per service, built from the workspace: `docker compose build` passes SERVICE.
FROM node:24-bookworm-slim
ARG SERVICE
ENV SERVICE=${SERVICE} NODE_ENV=production
WORKDIR /app
RUN corepack enable
COPY . .
RUN pnpm install --frozen-lockfile --prod=false
USER node
CMD ["sh", "-c", "node services/${SERVICE}/src/main.ts"]
