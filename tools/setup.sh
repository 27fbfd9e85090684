#!/usr/bin/env bash
# One-time set-up on a fresh clone: npm packages, the pinned Temporal CLI and test server (.tools/), and
# the generated Prisma client. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
bash tools/install-temporal.sh
npx prisma generate
