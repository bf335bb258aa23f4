#!/usr/bin/env bash
# Rebuilds src/sandbox/web/src/fonts/trustloop-emoji.woff2: Noto Color Emoji (SIL OFL 1.1, see OFL.txt
# there) cut down to the emoji the sandbox page draws (src/sandbox/web/src/blocks/emoji.ts), so the page
# shows them in colour on a machine without a colour emoji font. Run it after adding emoji to that map
# (the browser test checks each is drawn in colour with no emoji font installed). Needs Debian's
# fonts-noto-color-emoji, fonttools and python3-brotli (apt-get install …).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SOURCE=${NOTO_EMOJI:-/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf}
OUT="$ROOT/src/sandbox/web/src/fonts/trustloop-emoji.woff2"

for tool in pyftsubset node; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is missing (apt-get install fonttools python3-brotli nodejs)" >&2; exit 1; }
done
[ -f "$SOURCE" ] || { echo "no $SOURCE (apt-get install fonts-noto-color-emoji, or set NOTO_EMOJI)" >&2; exit 1; }

chars=$(mktemp)
trap 'rm -f "$chars"' EXIT
# Every emoji value in the map: the characters between quotes after a shortcode.
node -e "
const src = require('fs').readFileSync(process.argv[1], 'utf8');
const body = src.slice(src.indexOf('EMOJI'), src.indexOf('};'));
process.stdout.write([...new Set([...body.matchAll(/:\s*'([^']+)'/g)].map((m) => m[1]))].join(''));
" "$ROOT/src/sandbox/web/src/blocks/emoji.ts" >"$chars"

# ZWJ, VS16 and the keycap mark keep sequences in this font.
pyftsubset "$SOURCE" --text-file="$chars" --unicodes=U+200D,U+FE0F,U+20E3 --no-hinting --flavor=woff2 --output-file="$OUT"
echo "$(wc -m <"$chars") emoji → $OUT ($(wc -c <"$OUT") bytes)"
