#!/usr/bin/env bash
# Provides pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs of exactly the
# @pulumi/pulumi version pinned in package.json, without contacting get.pulumi.com.
#   1. a `pulumi` on PATH whose version matches (a normal install) is used as is;
#   2. else a per-user cache keyed by version is reused;
#   3. else both Go binaries are built from the Go module proxy into that cache.
# Prints the directory holding the three executables as its last line of stdout.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
step() { printf '[pulumi-cli] %s\n' "$*" >&2; }
fail() { printf '[pulumi-cli] FAILED at step "%s": %s\n' "$1" "$2" >&2; exit 1; }

sdk_pkg="$root/node_modules/@pulumi/pulumi/package.json"
[ -f "$sdk_pkg" ] || fail "find the SDK" "node_modules/@pulumi/pulumi is missing; run 'npm ci' first."
V=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$sdk_pkg" | head -1)
[ -n "$V" ] || fail "read the SDK version" "no version in $sdk_pkg"
shim="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"

version_of() { PULUMI_SKIP_UPDATE_CHECK=true "$1" version 2>/dev/null | tr -d '[:space:]' || true; }

# 1. An installed CLI of the same version, with its language host beside it.
if ambient=$(command -v pulumi 2>/dev/null); then
  dir=$(dirname "$(readlink -f "$ambient")")
  if [ "$(version_of "$ambient")" = "v$V" ] && [ -x "$dir/pulumi-language-nodejs" ]; then
    step "using pulumi v$V found on PATH in $dir"
    echo "$dir"; exit 0
  fi
fi

cache_root="${PULUMI_ENTRA_MTO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-entra-mto}"
out="$cache_root/pulumi-cli/$V/bin"

cached() { [ -x "$out/pulumi" ] && [ "$(version_of "$out/pulumi")" = "v$V" ] && [ -x "$out/pulumi-language-nodejs" ]; }
use_cache() {
  cp "$shim" "$out/pulumi-resource-pulumi-nodejs.$$" && mv -f "$out/pulumi-resource-pulumi-nodejs.$$" "$out/pulumi-resource-pulumi-nodejs"
  step "using cached pulumi v$V"
  echo "$out"; exit 0
}

# 2. The per-user cache.
if cached; then use_cache; fi

# Two cold runs at once (two clones, or CI beside a developer) build one at a time: the second
# waits for the first, then finds its build in the cache.
mkdir -p "$cache_root/pulumi-cli"
if command -v flock >/dev/null; then
  exec 9>"$cache_root/pulumi-cli/.lock"
  step "waiting for any other build of the CLI to finish"
  flock 9
  if cached; then use_cache; fi
fi

# 3. Build from the Go module proxy.
command -v go >/dev/null || fail "find Go" "no 'go' on PATH; install Go >= 1.25 (e.g. apt-get install golang) or Pulumi v$V itself."
build="$cache_root/pulumi-build/$V"
mkdir -p "$build/cli" "$build/langhost" "$out"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$V"
log="$build/build.log"
: > "$log"
start=$(date +%s)
step "building pulumi v$V from the Go module proxy in $build (first time only; a few minutes on 2 cores)"

# 3a. The CLI. Upstream pkg/go.mod replaces the SDK with a local path (so `go install pkg@v` is
# refused); a wrapper module requires pkg and sdk at the same version instead.
cd "$build/cli"
[ -f go.mod ] || go mod init local.invalid/pulumi-cli-build >>"$log" 2>&1 || fail "go mod init" "could not create the wrapper module in $build/cli"
step "resolving github.com/pulumi/pulumi/pkg/v3@v$V"
go mod download -json "github.com/pulumi/pulumi/pkg/v3@v$V" > pkg.json 2>>"$log" \
  || fail "download pkg/v3@v$V" "the Go module proxy did not serve it (see $build/cli/pkg.json); check GOPROXY."
# Repeat upstream's non-local replaces (the clipboard fork) so the build matches the release.
pkgmod="$(go env GOMODCACHE)/cache/download/github.com/pulumi/pulumi/pkg/v3/@v/v$V.mod"
while read -r from to; do
  go mod edit -replace "$from=$to"
done < <(sed -n 's#^replace \(github.com/atotto/clipboard\) => \([^ ]*\) \([^ ]*\)$#\1 \2@\3#p' "$pkgmod")
step "downloading pkg and sdk v$V and their dependencies"
go get "github.com/pulumi/pulumi/pkg/v3@v$V" "github.com/pulumi/pulumi/sdk/v3@v$V" >>"$log" 2>&1 \
  || fail "go get pkg/sdk v$V" "see $log"
step "compiling pulumi (same flags as the release build)"
go build -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" -o "$out/" \
  github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >>"$log" 2>&1 || fail "go build pulumi" "see $log"

# 3b. The Node language host. Its module has no tags, so it is taken at the release commit; a proxy
# that does not serve untagged modules gets the last SDK release that still contained the host
# (v3.68.0; it speaks the same LanguageRuntime protocol and runs this SDK's cmd/run).
cd "$build/langhost"
[ -f go.mod ] || go mod init local.invalid/pulumi-langhost-build >>"$log" 2>&1 || fail "go mod init" "could not create the wrapper module in $build/langhost"
commit=$(sed -n 's/.*"Hash": *"\([0-9a-f]\{40\}\)".*/\1/p' "$build/cli/pkg.json" | head -1)
langhost_mod=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
if [ -n "$commit" ] && go get "$langhost_mod@$commit" >>"$log" 2>&1; then
  step "compiling pulumi-language-nodejs at $commit"
  langhost_pkg=$langhost_mod
else
  legacy=v3.68.0
  step "the proxy does not serve $langhost_mod at ${commit:-the release commit}; using the host from sdk/v3@$legacy"
  go get "github.com/pulumi/pulumi/sdk/v3@$legacy" >>"$log" 2>&1 || fail "go get sdk/v3@$legacy" "see $log"
  langhost_pkg=github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
fi
go build -trimpath -ldflags "$ldflags" -o "$out/" "$langhost_pkg" >>"$log" 2>&1 \
  || fail "go build pulumi-language-nodejs" "see $log"
cp "$shim" "$out/pulumi-resource-pulumi-nodejs"

got=$(version_of "$out/pulumi")
[ "$got" = "v$V" ] || fail "verify the build" "'pulumi version' printed '$got', expected v$V"
step "built pulumi v$V in $(( $(date +%s) - start ))s"
echo "$out"
