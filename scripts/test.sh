#!/usr/bin/env bash
# `npm test`: type-check, lint, then every test (unit, integration, end to end) against real SQLite files and a
# real keychain. Runs on the Node 22 that npm scripts put first on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== node $(node --version)"
echo "== typecheck"
npm run --silent typecheck
echo "== lint"
npm run --silent lint
echo "== layers (import circles, two-way folder pairs, SQL on the core tables, schema version imports)"
node --import tsx scripts/check-dependencies.ts
echo "== build (electron-vite: out/main, out/preload, out/renderer)"
npm run --silent build
echo "== tests (inside a private keychain session: gnome-keyring on a private D-Bus)"
bash scripts/with-keychain.sh npx vitest run "$@"
