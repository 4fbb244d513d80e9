#!/usr/bin/env bash
# Provides actionlint (the GitHub Actions workflow linter) of a pinned version, offline:
#   1. an `actionlint` on PATH of exactly that version is used as is;
#   2. else a per-user cache keyed by version is reused;
#   3. else it is built with `go install` from the Go module proxy into that cache.
# Prints the path of the binary as its last line of stdout; progress and errors go to stderr.
set -euo pipefail

V=1.7.12
step() { printf '[actionlint] %s\n' "$*" >&2; }
fail() { printf '[actionlint] FAILED at step "%s": %s\n' "$1" "$2" >&2; exit 1; }
# `actionlint -version` prints the version on its first line, e.g. "v1.7.12" or "1.7.12".
version_of() { "$1" -version 2>/dev/null | head -1 | tr -d '[:space:]v' || true; }

# 1. An installed actionlint of the same version.
if ambient=$(command -v actionlint 2>/dev/null) && [ "$(version_of "$ambient")" = "$V" ]; then
  step "using actionlint v$V found on PATH"
  echo "$ambient"; exit 0
fi

cache_root="${PULUMI_ENTRA_MTO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-entra-mto}"
out="$cache_root/actionlint/$V"

# 2. The per-user cache.
if [ -x "$out/actionlint" ] && [ "$(version_of "$out/actionlint")" = "$V" ]; then
  step "using cached actionlint v$V"
  echo "$out/actionlint"; exit 0
fi

# 3. Build from the Go module proxy. `go install pkg@version` stamps the module version that
# `actionlint -version` prints; GOTOOLCHAIN=local never downloads another Go toolchain.
command -v go >/dev/null || fail "find Go" "no 'go' on PATH; install Go >= 1.25 (e.g. apt-get install golang) or actionlint v$V itself."
mkdir -p "$out"
log="$out/build.log"
step "building actionlint v$V from the Go module proxy into $out (first time only)"
GOBIN="$out" GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod \
  go install "github.com/rhysd/actionlint/cmd/actionlint@v$V" >"$log" 2>&1 \
  || fail "go install actionlint@v$V" "see $log (is the Go module proxy reachable? check GOPROXY)"
got=$(version_of "$out/actionlint")
[ "$got" = "$V" ] || fail "verify the build" "'actionlint -version' printed '$got', expected $V"
step "built actionlint v$V"
echo "$out/actionlint"
