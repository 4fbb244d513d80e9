#!/usr/bin/env bash
# Provides Pulumi's Python language host (pulumi-language-python, with its pulumi-language-python-exec
# shim) for the @pulumi/pulumi version pinned in package.json, without contacting get.pulumi.com.
# Called by scripts/ensure-language-hosts.sh (`ensure-language-hosts.sh python`) or on its own.
#   1. a `pulumi` on PATH whose version matches, with the Python host beside it (a normal install),
#      is used as is;
#   2. else a per-user cache keyed by version is reused;
#   3. else the host is built from the Go module proxy into that cache, the way
#      scripts/ensure-pulumi.sh builds the Node host: the host's own module
#      (github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3) is taken at the release
#      commit; a proxy that does not serve it (this one answers 403) gets the last SDK release that
#      still contained the host (sdk/v3@v3.68.0). That host speaks the LanguageRuntime protocol and
#      runs programs with the release's own exec shim, but it predates two things:
#        - GeneratePackage, so `pulumi package gen-sdk --language python` fails with it: the cache
#          then also holds `pulumi-sdkgen-python` (scripts/sdkgen), which runs the release's own
#          Python code generator on a schema file;
#        - runtime options in Pulumi.yaml (`virtualenv`, `toolchain`): the CLI no longer passes them
#          on its command line, so it runs `python3` from PATH or $PULUMI_PYTHON_CMD; point that at
#          the venv's python (scripts/ensure-pulumi-python.sh provides one).
# Prints the directory holding the host as its last line of stdout. The directory holds
# `pulumi-sdkgen-python` exactly when its host cannot generate SDKs itself.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
step() { printf '[python-host] %s\n' "$*" >&2; }
fail() { printf '[python-host] FAILED at step "%s": %s\n' "$1" "$2" >&2; exit 1; }

sdk_pkg="$root/node_modules/@pulumi/pulumi/package.json"
[ -f "$sdk_pkg" ] || fail "find the SDK" "node_modules/@pulumi/pulumi is missing; run 'npm ci' first."
V=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$sdk_pkg" | head -1)
[ -n "$V" ] || fail "read the SDK version" "no version in $sdk_pkg"

version_of() { PULUMI_SKIP_UPDATE_CHECK=true "$1" version 2>/dev/null | tr -d '[:space:]' || true; }

# 1. An installed CLI of the same version, with the Python host beside it.
if ambient=$(command -v pulumi 2>/dev/null); then
  dir=$(dirname "$(readlink -f "$ambient")")
  if [ "$(version_of "$ambient")" = "v$V" ] && [ -x "$dir/pulumi-language-python" ] && [ -f "$dir/pulumi-language-python-exec" ]; then
    step "using the Python host of pulumi v$V found on PATH in $dir"
    echo "$dir"; exit 0
  fi
fi

cache_root="${PULUMI_ENTRA_MTO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-entra-mto}"
out="$cache_root/language-hosts/python-v$V/bin"
stamp="$out/.built-from"
sdkgen_src="$root/scripts/sdkgen/main.go"
sdkgen_sum=$(sha256sum "$sdkgen_src" | cut -c1-16)

# 2. The per-user cache. The stamp names what was built; a legacy build also names the generator's
# source, so editing scripts/sdkgen rebuilds it.
if [ -x "$out/pulumi-language-python" ] && [ -f "$out/pulumi-language-python-exec" ] && [ -f "$stamp" ]; then
  case "$(cat "$stamp")" in
    "release-host v$V") step "using cached pulumi-language-python v$V"; echo "$out"; exit 0 ;;
    "legacy-host v3.68.0 exec v$V sdkgen $sdkgen_sum")
      if [ -x "$out/pulumi-sdkgen-python" ]; then
        step "using cached pulumi-language-python (sdk v3.68.0 host, v$V exec shim and code generator)"
        echo "$out"; exit 0
      fi ;;
  esac
fi

# 3. Build from the Go module proxy.
command -v go >/dev/null || fail "find Go" "no 'go' on PATH; install Go >= 1.25 (e.g. apt-get install golang) or Pulumi v$V itself."
export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0
build="$cache_root/language-hosts/build/python-v$V"
log="$build/build.log"
rm -rf "$out"
mkdir -p "$build/host" "$build/sdkgen" "$out"
: > "$log"
start=$(date +%s)
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$V"
step "building pulumi-language-python for v$V from the Go module proxy in $build (first time only)"

# The release: its commit (for the host's own module) and the SDK module (for the exec shim).
pkg_json=$(go mod download -json "github.com/pulumi/pulumi/pkg/v3@v$V" 2>>"$log") \
  || fail "download pkg/v3@v$V" "the Go module proxy did not serve it; check GOPROXY (see $log)"
commit=$(printf '%s\n' "$pkg_json" | sed -n 's/.*"Hash": *"\([0-9a-f]\{40\}\)".*/\1/p' | head -1)
sdk_dir=$(go mod download -json "github.com/pulumi/pulumi/sdk/v3@v$V" 2>>"$log" | sed -n 's/.*"Dir": *"\([^"]*\)".*/\1/p' | head -1)
if [ -z "$sdk_dir" ] || [ ! -f "$sdk_dir/python/cmd/pulumi-language-python-exec" ]; then
  fail "download sdk/v3@v$V" "the Go module proxy did not serve it, or it has no python/cmd/pulumi-language-python-exec (see $log)"
fi

# 3a. The host. A fresh wrapper module each time: the release host and the legacy one need
# different, incompatible versions of the SDK module.
cd "$build/host"
rm -f go.mod go.sum
go mod init local.invalid/pulumi-python-host-build >>"$log" 2>&1 || fail "go mod init" "could not create the wrapper module in $build/host"
host_mod=github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3
if [ -n "$commit" ] && go get "$host_mod@$commit" >>"$log" 2>&1; then
  step "compiling pulumi-language-python at $commit"
  kind="release-host v$V"
  host_pkg=$host_mod
else
  legacy=v3.68.0
  step "the proxy does not serve $host_mod at ${commit:-the release commit}; using the host from sdk/v3@$legacy"
  go get "github.com/pulumi/pulumi/sdk/v3@$legacy" >>"$log" 2>&1 || fail "go get sdk/v3@$legacy" "see $log"
  kind="legacy-host v3.68.0 exec v$V sdkgen $sdkgen_sum"
  host_pkg=github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python
fi
go build -trimpath -ldflags "$ldflags" -o "$out/" "$host_pkg" >>"$log" 2>&1 \
  || fail "go build pulumi-language-python" "see $log"
# The exec shim of the release: it runs the program with this SDK version's runtime settings.
install -m 0755 "$sdk_dir/python/cmd/pulumi-language-python-exec" "$out/pulumi-language-python-exec"

# 3b. The code generator, for a host without GeneratePackage: scripts/sdkgen against pkg/sdk v$V
# (the CLI's modules, with upstream's clipboard replace, so the CLI build's caches are reused).
if [ "$kind" != "release-host v$V" ]; then
  cd "$build/sdkgen"
  rm -f go.mod go.sum
  cp "$sdkgen_src" main.go
  go mod init local.invalid/pulumi-sdkgen-python >>"$log" 2>&1 || fail "go mod init" "could not create the wrapper module in $build/sdkgen"
  pkgmod="$(go env GOMODCACHE)/cache/download/github.com/pulumi/pulumi/pkg/v3/@v/v$V.mod"
  while read -r from to; do
    go mod edit -replace "$from=$to"
  done < <(sed -n 's#^replace \(github.com/atotto/clipboard\) => \([^ ]*\) \([^ ]*\)$#\1 \2@\3#p' "$pkgmod")
  step "compiling pulumi-sdkgen-python (Pulumi's Python code generator v$V)"
  go get "github.com/pulumi/pulumi/pkg/v3@v$V" "github.com/pulumi/pulumi/sdk/v3@v$V" >>"$log" 2>&1 \
    || fail "go get pkg/sdk v$V" "see $log"
  go mod tidy >>"$log" 2>&1 || fail "go mod tidy" "see $log"
  go build -trimpath -tags osusergo,grpcnotrace -ldflags "-s -w" -o "$out/pulumi-sdkgen-python" . >>"$log" 2>&1 \
    || fail "go build pulumi-sdkgen-python" "see $log"
fi

echo "$kind" > "$stamp"
step "built pulumi-language-python in $(( $(date +%s) - start ))s"
echo "$out"
