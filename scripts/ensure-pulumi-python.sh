#!/usr/bin/env bash
# Provides a Python virtual environment with Pulumi's Python SDK (`pulumi` on PyPI) of exactly the
# @pulumi/pulumi version pinned in package.json, for running Pulumi Python programs offline (the
# Python example and tests/plugin/python.test.ts). Besides the SDK it holds what a generated Python
# SDK of this provider needs to be installed without the network (setuptools, to build it in place)
# and to be imported (parver, which generated SDKs import for version parsing).
#   1. a venv in the per-user cache keyed by those versions is reused when it imports them all;
#   2. else it is (re)created and the packages are installed from the package index with pip.
# Prints the venv's python as its last line of stdout; steps and failures go to stderr.
# Same cache root as scripts/ensure-pulumi.sh: PULUMI_ENTRA_MTO_CACHE, else XDG_CACHE_HOME, else ~/.cache.
#
# The venv is shared: do not install into it. To add packages (a generated SDK), layer a throwaway
# venv over it, as tests/plugin/python-toolchain.ts does.
set -euo pipefail

# parver and setuptools only serve the generated SDK (see above); any recent version would do.
PARVER_VERSION=0.5
SETUPTOOLS_VERSION=80.9.0

root=$(cd "$(dirname "$0")/.." && pwd)
step() { printf '[pulumi-python] %s\n' "$*" >&2; }
fail() { printf '[pulumi-python] FAILED at step "%s": %s\n' "$1" "$2" >&2; exit 1; }

sdk_pkg="$root/node_modules/@pulumi/pulumi/package.json"
[ -f "$sdk_pkg" ] || fail "find the SDK" "node_modules/@pulumi/pulumi is missing; run 'npm ci' first."
V=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$sdk_pkg" | head -1)
[ -n "$V" ] || fail "read the SDK version" "no version in $sdk_pkg"

python=${PYTHON:-python3}
command -v "$python" >/dev/null || fail "find python3" "no '$python' on PATH; install Python 3.9 or later (with its venv module)."
"$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' \
  || fail "check the Python version" "$("$python" --version 2>&1) is older than 3.9, which the pulumi Python SDK v$V needs."
pyver=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')

cache_root="${PULUMI_ENTRA_MTO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-entra-mto}"
venv="$cache_root/pulumi-python/pulumi-$V-parver-$PARVER_VERSION-setuptools-$SETUPTOOLS_VERSION-py$pyver"
vpy="$venv/bin/python"

installed() {
  "$vpy" - "$V" "$PARVER_VERSION" "$SETUPTOOLS_VERSION" >/dev/null 2>&1 <<'EOF'
import sys
from importlib.metadata import version
import pulumi, pulumi.automation, parver, setuptools  # noqa: F401  (importable, not only listed)
want = tuple(sys.argv[1:4])
sys.exit(0 if (version("pulumi"), version("parver"), version("setuptools")) == want else 1)
EOF
}

# Test files may ask at the same time: one install at a time, the others then find it cached.
mkdir -p "$cache_root/pulumi-python"
if command -v flock >/dev/null; then
  exec 9>"$cache_root/pulumi-python/.lock"
  flock 9
fi

# 1. The cached venv.
if [ -x "$vpy" ] && installed; then
  step "using cached venv $venv"
  echo "$vpy"; exit 0
fi

# 2. A fresh venv. A half-built one (an earlier run interrupted) is replaced, not patched.
start=$(date +%s)
log="$cache_root/pulumi-python/install-$V.log"
mkdir -p "$cache_root/pulumi-python"
rm -rf "$venv"
step "creating venv $venv"
"$python" -m venv "$venv" >"$log" 2>&1 || fail "create the venv" "'$python -m venv' failed (on Debian/Ubuntu: apt-get install python3-venv); see $log"
step "installing pulumi==$V, parver==$PARVER_VERSION and setuptools==$SETUPTOOLS_VERSION with pip (first time only)"
"$vpy" -m pip install --disable-pip-version-check --no-input \
  "pulumi==$V" "parver==$PARVER_VERSION" "setuptools==$SETUPTOOLS_VERSION" >>"$log" 2>&1 \
  || fail "pip install" "the package index did not serve pulumi==$V, parver==$PARVER_VERSION or setuptools==$SETUPTOOLS_VERSION or a dependency; see $log"
installed || fail "verify the install" "the venv does not import pulumi, parver and setuptools at the pinned versions; see $log"
step "installed in $(( $(date +%s) - start ))s"
echo "$vpy"
