#!/usr/bin/env bash
# Renders the workbook of one sample batch the way a person sees it:
# shinchoku extract --xlsx, then LibreOffice headless (xlsx -> PDF), then
# pdftoppm (PDF -> PNG, one per printed page). Open the PNGs and look.
# Usage: bash scripts/look_xlsx.sh [OUT_DIR]   (default /tmp/shinchoku-look)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-/tmp/shinchoku-look}"
mkdir -p "$out"
bin="$root/target/debug/shinchoku"
[ -x "$bin" ] || (cd "$root" && cargo build --locked --quiet)
inputs=("$root/samples/kodomo_r4.calc.pdf" "$root/samples/kodomo_r5.calc.pdf"
        "$root/samples/sodan_r5.chromium-scan.pdf")
generic="$root/../shared/corpus/real/jp_hamura_taxi_teian_R5-03-02.pdf"
[ -f "$generic" ] && inputs+=("$generic")
"$bin" extract "${inputs[@]}" --xlsx "$out/batch.xlsx" --quiet || true   # the scan fails on purpose
"$bin" compare "$root/samples/kodomo_r4.calc.pdf" "$root/samples/kodomo_r5.calc.pdf" \
    --format xlsx > "$out/compare.xlsx" 2>/dev/null
for book in batch compare; do
    # a private profile, so a LibreOffice already open elsewhere is not disturbed
    soffice -env:UserInstallation="file://$out/lo-profile" --headless \
        --convert-to pdf --outdir "$out" "$out/$book.xlsx" >/dev/null 2>&1
    pdftoppm -r 110 -png "$out/$book.pdf" "$out/$book"
done
ls "$out"/*.png
