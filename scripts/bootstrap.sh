#!/usr/bin/env bash
# Makes a clone ready to run: npm dependencies (with this project's Node 22), the compiled
# TypeScript, and the Pulumi CLI of the pinned SDK version. Idempotent and quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[bootstrap] installing npm dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi

node_bin="$PWD/node_modules/.bin/node"
case "$("$node_bin" --version 2>/dev/null)" in
  v22.*) ;;
  *) echo "[bootstrap] FAILED: $node_bin is not Node 22; the npm package 'node@22' did not install its binary." >&2; exit 1 ;;
esac

# Programs in this clone (examples, end-to-end fixtures) and the serialized dynamic providers reach
# the package by name, as a user's programs do with an installed copy.
[ -e node_modules/pulumi-entra-mto ] || ln -s .. node_modules/pulumi-entra-mto

echo "[bootstrap] compiling TypeScript" >&2
# tsc never removes the output of a source file that is gone, and a stale module can shadow a new
# folder of the same name: compile into a fresh dist/.
rm -rf dist
"$node_bin" node_modules/typescript/bin/tsc -p tsconfig.json
# The package's commands, runnable here as `npx entra-mto-drift` as in a project that installed it.
for bin in cli/drift cli/organization emulator/cli; do
  chmod +x "dist/$bin.js"
done
ln -sf ../pulumi-entra-mto/dist/cli/drift.js node_modules/.bin/entra-mto-drift
ln -sf ../pulumi-entra-mto/dist/cli/organization.js node_modules/.bin/entra-mto-organization
ln -sf ../pulumi-entra-mto/dist/emulator/cli.js node_modules/.bin/entra-mto-emulator

bash scripts/ensure-pulumi.sh >/dev/null
