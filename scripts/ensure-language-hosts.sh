#!/usr/bin/env bash
# Provides Pulumi language hosts besides Node's (which ensure-pulumi.sh builds with the CLI), without
# contacting get.pulumi.com: usage `ensure-language-hosts.sh HOST...` (default: yaml).
#   1. a per-user cache keyed by host and version is reused;
#   2. else the host is built from the Go module proxy into that cache.
# Prints, for each host asked for, the directory holding its executables, one line each, last.
#
# Adding a host built from a tagged Go module is one case in `host_spec` below: the module, its
# version and the package of the executable.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
step() { printf '[language-hosts] %s\n' "$*" >&2; }
fail() { printf '[language-hosts] FAILED at step "%s": %s\n' "$1" "$2" >&2; exit 1; }

sdk_pkg="$root/node_modules/@pulumi/pulumi/package.json"
[ -f "$sdk_pkg" ] || fail "find the SDK" "node_modules/@pulumi/pulumi is missing; run 'npm ci' first."

# host_spec HOST: sets module, version, package, binary.
host_spec() {
  case "$1" in
    yaml)
      # pulumi-yaml tags its releases; v1.25.0 is the newest the Go module proxy serves here. Its
      # go.mod has no replace directives, and it speaks the LanguageRuntime protocol of this CLI.
      module=github.com/pulumi/pulumi-yaml
      version=v1.25.0
      package=github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
      binary=pulumi-language-yaml
      ;;
    *) fail "know the host" "unknown language host '$1' (known: yaml, python)" ;;
  esac
}

cache_root="${PULUMI_ENTRA_MTO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-entra-mto}"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0
ldflags="-s -w"

build_host() {
  local host=$1 out=$2 build log start
  command -v go >/dev/null || fail "find Go" "no 'go' on PATH; install Go >= 1.25 (e.g. apt-get install golang)."
  build="$cache_root/language-hosts/build/$host-$version"
  log="$build/build.log"
  mkdir -p "$build" "$out"
  : > "$log"
  start=$(date +%s)
  step "building $binary $version from the Go module proxy in $build (first time only; minutes on 2 cores)"
  cd "$build"
  # A wrapper module of its own each time: the host's requirements alone decide the versions.
  rm -f go.mod go.sum
  go mod init "local.invalid/language-host-$host" >>"$log" 2>&1 || fail "go mod init" "see $log"
  go get "$module@$version" >>"$log" 2>&1 || fail "go get $module@$version" "see $log"
  # Built with the pulumi pkg/sdk versions the host's own go.mod asks for: v1.25.0 does not compile
  # against the CLI's (pkg/v3 changed plugin.NewContextWithRoot and the schema loader since).
  go build -trimpath -ldflags "$ldflags" -o "$out/" "$package" >>"$log" 2>&1 || fail "go build $binary" "see $log"
  step "built $binary $version in $(( $(date +%s) - start ))s"
}

# Test files may ask for a host at the same time: one build at a time, the others then find it cached.
mkdir -p "$cache_root/language-hosts"
if command -v flock >/dev/null; then
  exec 9>"$cache_root/language-hosts/.lock"
  flock 9
fi

dirs=()
for host in "${@:-yaml}"; do
  # ---- python: built by its own script, scripts/ensure-python-host.sh (the host's Go module is not
  # served, so it falls back to an older host plus the release's exec shim and code generator; that
  # script's header explains). Its directory is the last line it prints.
  if [ "$host" = python ]; then
    dirs+=("$(bash "$root/scripts/ensure-python-host.sh" | tail -1)")
    continue
  fi
  # ---- end python
  host_spec "$host"
  out="$cache_root/language-hosts/$host-$version/bin"
  stamp="$out/.built-from"
  if [ -x "$out/$binary" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$module@$version" ]; then
    step "using cached $binary $version"
  else
    (build_host "$host" "$out")
    [ -x "$out/$binary" ] || fail "verify the build" "$out/$binary is missing"
    echo "$module@$version" > "$stamp"
  fi
  dirs+=("$out")
done
printf '%s\n' "${dirs[@]}"
