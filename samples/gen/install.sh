#!/usr/bin/env bash
# Installs the tools the sample generator needs (run as root).
# Skips what is already present so a second run is quick.
set -euo pipefail
need=()
command -v soffice >/dev/null || need+=(libreoffice-calc libreoffice-writer)
command -v chromium >/dev/null || need+=(chromium)
command -v pdfinfo >/dev/null || need+=(poppler-utils)
[ -d /usr/share/poppler/cMap/Adobe-Japan1 ] || need+=(poppler-data)
command -v qpdf >/dev/null || need+=(qpdf)
[ -e /usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf ] || need+=(fonts-ipaexfont)
fc-list 2>/dev/null | grep -q "Noto Sans CJK" || need+=(fonts-noto-cjk)
# the fallback font reportlab draws ☑/☐ from (render_rl.FALLBACK_FONT)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends "${need[@]}" fontconfig
fi
python3 -c "import reportlab, fitz" 2>/dev/null || python3 -m pip install --quiet "reportlab==4.2.5" "pymupdf==1.24.14"
