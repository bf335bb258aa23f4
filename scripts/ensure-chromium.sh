#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the browser tests (test/browser/), which drive
# it with playwright-core, and that a colour emoji font is installed (fonts-noto-color-emoji): the page
# draws Slack's :shortcodes: as emoji characters, and the browser test checks they come out in colour.
# Playwright's own browser download (`npx playwright install`) is not used: the distribution's package
# is what CI and developers' machines can install. Idempotent: does nothing when both are there. Needs
# root (or sudo) for apt-get.
set -euo pipefail

CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}

need=()
[ -x "$CHROMIUM" ] || need+=(chromium)
# fc-list comes with fontconfig, which Chromium depends on; without it, install the font to be sure.
if ! command -v fc-list >/dev/null 2>&1 || ! fc-list : family | grep -qi 'color emoji'; then need+=(fonts-noto-color-emoji); fi

if [ ${#need[@]} -eq 0 ]; then
  echo "chromium: $("$CHROMIUM" --version 2>/dev/null || echo "present at $CHROMIUM"); emoji font: $(fc-list : family | grep -i 'color emoji' | head -n1)"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "missing: ${need[*]} (for $CHROMIUM) and apt-get is not available: install them and set CHROMIUM_PATH" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "missing: ${need[*]}; installing needs root (apt-get install ${need[*]})" >&2
    exit 1
  fi
fi

echo "installing ${need[*]} (apt-get) …"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
"$CHROMIUM" --version
