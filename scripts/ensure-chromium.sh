#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the browser tests (test/browser/), which drive
# it with playwright-core. Playwright's own browser download (`npx playwright install`) is not used: the
# distribution's package is what CI and developers' machines can install. Idempotent: does nothing when
# Chromium is already there. Needs root (or sudo) for apt-get.
set -euo pipefail

CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}

if [ -x "$CHROMIUM" ]; then
  echo "chromium: $("$CHROMIUM" --version 2>/dev/null || echo "present at $CHROMIUM")"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium is missing at $CHROMIUM and apt-get is not available: install Chromium and set CHROMIUM_PATH" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "chromium is missing and installing it needs root (apt-get install chromium)" >&2
    exit 1
  fi
fi

echo "installing Debian's chromium (apt-get) …"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-color-emoji >/dev/null
"$CHROMIUM" --version
