#!/usr/bin/env bash
# Provides a Python virtual environment with Microsoft's Graph SDK for Python and azure-identity at
# the pinned versions, for the emulator's conformance test against a client nobody here wrote.
#   1. a venv in the per-user cache keyed by the pinned versions is reused when it imports both;
#   2. else it is (re)created and both packages are installed from the package index with pip.
# Prints the venv's python as its last line of stdout; steps and failures go to stderr.
# Same cache root as scripts/ensure-pulumi.sh: PULUMI_ENTRA_MTO_CACHE, else XDG_CACHE_HOME, else ~/.cache.
set -euo pipefail

MSGRAPH_SDK_VERSION=1.65.0
AZURE_IDENTITY_VERSION=1.27.0

step() { printf '[msgraph-sdk] %s\n' "$*" >&2; }
fail() { printf '[msgraph-sdk] FAILED at step "%s": %s\n' "$1" "$2" >&2; exit 1; }

python=${PYTHON:-python3}
command -v "$python" >/dev/null || fail "find python3" "no '$python' on PATH; install Python 3.9 or later (with its venv module)."
"$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' \
  || fail "check the Python version" "$("$python" --version 2>&1) is older than 3.9, which msgraph-sdk needs."
pyver=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')

cache_root="${PULUMI_ENTRA_MTO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-entra-mto}"
venv="$cache_root/msgraph-sdk/msgraph-sdk-$MSGRAPH_SDK_VERSION-azure-identity-$AZURE_IDENTITY_VERSION-py$pyver"
vpy="$venv/bin/python"

installed() {
  "$vpy" - "$MSGRAPH_SDK_VERSION" "$AZURE_IDENTITY_VERSION" >/dev/null 2>&1 <<'EOF'
import sys
from importlib.metadata import version
import msgraph, azure.identity  # noqa: F401  (importable, not only listed)
sys.exit(0 if (version("msgraph-sdk"), version("azure-identity")) == (sys.argv[1], sys.argv[2]) else 1)
EOF
}

# 1. The cached venv.
if [ -x "$vpy" ] && installed; then
  step "using cached venv $venv"
  echo "$vpy"; exit 0
fi

# 2. A fresh venv. A half-built one (an earlier run interrupted) is replaced, not patched.
start=$(date +%s)
log="$cache_root/msgraph-sdk/install-$MSGRAPH_SDK_VERSION-$AZURE_IDENTITY_VERSION.log"
mkdir -p "$cache_root/msgraph-sdk"
rm -rf "$venv"
step "creating venv $venv"
"$python" -m venv "$venv" >"$log" 2>&1 || fail "create the venv" "'$python -m venv' failed (on Debian/Ubuntu: apt-get install python3-venv); see $log"
step "installing msgraph-sdk==$MSGRAPH_SDK_VERSION and azure-identity==$AZURE_IDENTITY_VERSION with pip (first time only)"
"$vpy" -m pip install --disable-pip-version-check --no-input \
  "msgraph-sdk==$MSGRAPH_SDK_VERSION" "azure-identity==$AZURE_IDENTITY_VERSION" >>"$log" 2>&1 \
  || fail "pip install" "the package index did not serve msgraph-sdk==$MSGRAPH_SDK_VERSION or azure-identity==$AZURE_IDENTITY_VERSION or a dependency; see $log"
installed || fail "verify the install" "the venv does not import msgraph and azure.identity at the pinned versions; see $log"
step "installed in $(( $(date +%s) - start ))s"
echo "$vpy"
