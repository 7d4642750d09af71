#!/usr/bin/env bash
# Opens a report.html in headless Chromium and checks what a reader would see: every chart
# rendered (an SVG per chart), and no text cut off (chart text outside its chart, or a heading
# wider than its box). The page measures itself after drawing and records the results on
# <body data-charts-expected data-charts-rendered data-clipped>; Chromium's --dump-dom reads them.
# Also writes a full-page screenshot next to the report (report.png) for a person to look at.
#
#   jobs/report-render-test.sh REPORT.html
set -euo pipefail
REPORT=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
[ -n "$CHROMIUM" ] || { echo "report-render-test: no Chromium (apt-get install chromium)" >&2; exit 1; }
FLAGS=(--headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=15000)
BODY=$(timeout 120 "$CHROMIUM" "${FLAGS[@]}" --dump-dom "file://$REPORT" 2>/dev/null \
  | grep -o '<body data-[^>]*>' || true)
[ -n "$BODY" ] || { echo "report-render-test: the page's check did not run (script error?)" >&2; exit 1; }
expected=$(sed -n 's/.*data-charts-expected="\([0-9]*\)".*/\1/p' <<<"$BODY")
rendered=$(sed -n 's/.*data-charts-rendered="\([0-9]*\)".*/\1/p' <<<"$BODY")
clipped=$(sed -n 's/.*data-clipped="\([^"]*\)".*/\1/p' <<<"$BODY")
echo "report-render-test: $rendered of $expected charts rendered; clipped text: '${clipped}'"
timeout 120 "$CHROMIUM" "${FLAGS[@]}" --window-size=1280,5000 \
  --screenshot="${REPORT%.html}.png" "file://$REPORT" >/dev/null 2>&1 || true
[ "${expected:-0}" -gt 0 ] && [ "$rendered" = "$expected" ] && [ -z "$clipped" ]
