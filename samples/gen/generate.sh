#!/usr/bin/env bash
# Regenerates every sample PDF, samples/manifest.json and golden/*.json from
# samples/spec/*.json, then checks the ovals independently with PyMuPDF.
#   bash samples/gen/generate.sh            # everything (installs tools first, as root)
#   bash samples/gen/generate.sh --only kodomo_r4.calc
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/install.sh"
cd "$here"
python3 generate.py "$@"
python3 check_ovals.py "$here/.." | tee "$here/../check_ovals.txt"
