#!/bin/sh
# Render the demo session's HTML report and photograph it with headless
# Chromium into screenshots/report.png. Installs nothing: it needs cargo and
# Debian's `chromium` package (apt-get install chromium) to be present.
#
#   scripts/report-screenshot.sh            # build with cargo, then shoot
#   SAFESTEP=target/release/safestep scripts/report-screenshot.sh
set -eu
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
    echo "report-screenshot: chromium is not installed (Debian: apt-get install chromium)" >&2
    exit 1
fi

work=$(mktemp -d)
profile=$(mktemp -d)
trap 'rm -rf "$work" "$profile"' EXIT INT TERM

# The demo's own date, so the overdue actions are the ones the demo intends.
set -- summary content/demo-session.ron --format html --today 2026-11-29 -o "$work/report.html"
if [ -n "${SAFESTEP:-}" ]; then
    SAFESTEP_DATA_DIR="$work" "$SAFESTEP" "$@"
else
    SAFESTEP_DATA_DIR="$work" cargo run --quiet --release -- "$@"
fi

mkdir -p screenshots
chromium --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$profile" \
    --screenshot=screenshots/report.png --window-size=1000,1400 \
    "file://$work/report.html" 2>"$work/chromium.log" || {
    cat "$work/chromium.log" >&2
    exit 1
}
echo "screenshots/report.png"
