#!/usr/bin/env bash
# Prepares a fresh Debian machine: Debian's chromium (for the simulator's
# headless run and the tests; no tool here downloads a browser of its own)
# and the npm packages from the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."

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
