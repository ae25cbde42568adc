#!/usr/bin/env bash
# Installs Chromium for the browser test (internal/cli TestBrowser) on a
# Debian machine, as root. Idempotent: does nothing when a Chromium is
# already on PATH. Without Chromium the browser test skips itself.
set -euo pipefail
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then
    echo "browser: $("$b" --version 2>/dev/null || echo "$b")"
    exit 0
  fi
done
if [ "$(id -u)" -ne 0 ]; then
  echo "browser: chromium is absent and this is not root; the browser test will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# fonts-dejavu-core so screenshots have real glyphs.
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "browser: $(chromium --version)"
