#!/usr/bin/env sh
# Renders every overlay with kubectl into rendered/OVERLAY.yaml. Run it after changing the manifests:
# the deploy module's tests check that the Java rendering (no kubectl needed) and kubectl's agree with these.
set -eu
cd "$(dirname "$0")"
for overlay in overlays/*/; do
  name=$(basename "$overlay")
  kubectl kustomize "$overlay" > "rendered/$name.yaml"
  echo "rendered/$name.yaml"
done
