#!/usr/bin/env bash
# Prepares a fresh Debian machine: Debian's chromium (for the simulator's
# headless run and the tests; no tool here downloads a browser of its own)
# and the npm packages from the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."

# Vite 8 needs Node.js 20.19 or later; Debian 12's own nodejs is 18.
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number);
  process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null; then
  echo "setup: Node.js 20.19 or later, with npm, is required" \
    "(found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

if [ ! -x "${CHROME_PATH:-/usr/bin/chromium}" ]; then
  echo "setup: installing Debian chromium"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq chromium >/dev/null
fi

echo "setup: npm ci"
npm ci --no-audit --no-fund
