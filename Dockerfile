# The kaspi-sync worker as a container image, for any Temporal cluster (self-hosted or Temporal Cloud).
# Configure it with environment variables (docs/operating.md): TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
# TEMPORAL_API_KEY or TEMPORAL_TLS_CERT/KEY, DB_URL, KASPI_AUTH_TOKEN, KASPI_API_URL, ...
# Apply migrations once per release with the same image: docker run --rm -e DB_URL=... <image> npm run db:migrate
#
# Not built on the project's own machines (they have no Docker engine); see docs/operating.md.
FROM node:20.20-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production CHECKPOINT_DISABLE=1
# xmllint validates every price list against price-list/kaspi_catalog.xsd before it is published.
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libxml2-utils && rm -rf /var/lib/apt/lists/*

COPY package.json package-lock.json ./
# Production dependencies only; npm 11 skips install scripts, so the Prisma client is generated explicitly.
RUN npm ci --omit=dev --no-audit --no-fund

COPY prisma.config.ts tsconfig.json ./
COPY prisma ./prisma
RUN npx prisma generate

COPY domain ./domain
COPY kaspi ./kaspi
COPY platform ./platform
COPY activities ./activities
COPY workflows ./workflows
COPY worker ./worker
COPY client ./client
COPY price-list ./price-list
# Only the product's folders: tools/ (sandbox, bench, chaos, the local dev stack) and test/ stay out.
# Bundle the workflow code at build time: the worker starts faster and needs ~100 MB less memory.
RUN node --import tsx worker/build-workflow-bundle.ts /app/build/workflow-bundle.js
ENV WORKFLOW_BUNDLE_PATH=/app/build/workflow-bundle.js

# Temporal sends SIGTERM on shutdown; the worker finishes in-flight activities (10 s grace) and exits.
USER node
STOPSIGNAL SIGTERM
# Memory (worker/memory-policy.ts): two malloc arenas and a 4 MB young generation keep the worker near 300–330 MB
# in a 1,000-order backlog; the heap growing rule is set by the worker itself.
ENV MALLOC_ARENA_MAX=2
CMD ["node", "--max-semi-space-size=4", "--import", "tsx", "worker/main.ts"]
