#!/usr/bin/env bash
# A PNG of a scan's HTML report as headless Chromium renders it: to check by eye that the page
# shows its plots (a missing or undecodable image shows as an empty box), e.g. on a cluster's
# edge node where no browser can be opened.
#
#   deploy/report-screenshot.sh REPORT_DIR [OUT.png]
#
# REPORT_DIR is the report's directory (OUTPUT/report, holding index.html); OUT.png defaults to
# report-screenshot.png in the current directory.
#
# Environment (defaults in brackets):
#   HEPSCAN_CHROMIUM          the browser [chromium, else chromium-browser or google-chrome on the PATH]
#   HEPSCAN_SCREENSHOT_SIZE   window WIDTH,HEIGHT in CSS pixels [1280,8000]; `--screenshot` captures
#                             the window, not the whole page, so HEIGHT must cover the page (the
#                             test helper tests/.../ChromiumPage.java measures it instead)
#   HEPSCAN_SCREENSHOT_WAIT   milliseconds of page time allowed for images and scripts [10000]
set -euo pipefail

usage() {
  sed -n '6,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
[ $# -ge 1 ] && [ $# -le 2 ] || usage
report="$1"
out="${2:-report-screenshot.png}"
[ -f "$report/index.html" ] || { echo "$(basename "$0"): no index.html in $report" >&2; exit 2; }

browser="${HEPSCAN_CHROMIUM:-}"
if [ -z "$browser" ]; then
  for name in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$name" >/dev/null; then
      browser="$(command -v "$name")"
      break
    fi
  done
fi
[ -n "$browser" ] || { echo "$(basename "$0"): no Chromium found (Debian: apt-get install chromium; or set HEPSCAN_CHROMIUM)" >&2; exit 1; }

page="file://$(cd "$report" && pwd)/index.html"
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
mkdir -p "$(dirname "$out")"
rm -f "$out"

# a throwaway profile: a Chromium the user has open keeps its own profile locked
profile="$(mktemp -d "${TMPDIR:-/tmp}/report-screenshot.XXXXXX")"
trap 'rm -rf "$profile"' EXIT
sandbox=()
# Chromium's sandbox cannot start as root (containers, CI); the page is a local file we trust
[ "$(id -u)" -ne 0 ] || sandbox=(--no-sandbox)

log="$profile/chromium.log"
if ! timeout 120 "$browser" --headless --disable-gpu "${sandbox[@]}" --user-data-dir="$profile" \
    --no-first-run --no-default-browser-check --disable-extensions --hide-scrollbars \
    --window-size="${HEPSCAN_SCREENSHOT_SIZE:-1280,8000}" \
    --virtual-time-budget="${HEPSCAN_SCREENSHOT_WAIT:-10000}" \
    --screenshot="$out" "$page" >"$log" 2>&1 || [ ! -s "$out" ]; then
  grep -v -e 'dbus' -e 'unexpected operator' "$log" | tail -n 20 >&2 || true
  echo "$(basename "$0"): Chromium wrote no screenshot of $page" >&2
  exit 1
fi
echo "$(basename "$0"): $out ($(wc -c <"$out") bytes) from $page" >&2
