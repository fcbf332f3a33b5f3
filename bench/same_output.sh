#!/usr/bin/env bash
# Byte-for-byte check that a change keeps extract output the same on the
# samples and the shared corpus (real, synthetic, real-forms; not hostile/,
# whose files are built to hit the limits and take minutes).
#
#   bench/same_output.sh save  /tmp/bounds-before.jsonl   # before a change
#   bench/same_output.sh check /tmp/bounds-before.jsonl   # after it: diff, exit 1 if any
#
# Uses target/release/shinchoku, built first if it is missing (SHINCHOKU_BIN
# names another binary). The JSONL holds every report; <ref>.errors holds the
# per-file failure lines from stderr, with the folders before samples/ and
# corpus/ cut so that a reference saved in one work tree checks in another.
set -euo pipefail
mode=${1:?save or check}
ref=${2:?reference .jsonl path}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SHINCHOKU_BIN:-$root/target/release/shinchoku}
corpus="$root/../shared/corpus"
[ -d "$corpus/real" ] || { echo "$corpus/real missing: the shared corpus is needed" >&2; exit 2; }
if [ ! -x "$bin" ]; then
  echo "building $bin" >&2
  (cd "$root" && cargo build --release --locked --quiet)
fi
mapfile -t files < <( { ls "$root"/samples/*.pdf; find "$corpus/real" "$corpus/synthetic" "$corpus/real-forms" -name '*.pdf'; } | sort)
out=$(mktemp /tmp/same_output.XXXXXX)
trap 'rm -f "$out" "$out.errors" "$out.stderr"' EXIT
# exit status 1 is expected: some corpus files fail on purpose (damaged,
# encrypted, not a report); anything above that is a crash.
status=0
"$bin" extract "${files[@]}" --jsonl "$out" --jobs 1 2> "$out.stderr" || status=$?
[ $status -le 1 ] || { echo "shinchoku exited with $status" >&2; tail -5 "$out.stderr" >&2; exit 2; }
norm() { grep -v ' converted (' "$1" | sed -E 's#[^ :]*/(samples|corpus)/#\1/#g' | sort || true; }
norm "$out.stderr" > "$out.errors"
case "$mode" in
  save)
    cp "$out" "$ref"; cp "$out.errors" "$ref.errors"
    echo "saved $(wc -l < "$ref") reports and $(wc -l < "$ref.errors") error lines from ${#files[@]} files to $ref"
    ;;
  check)
    status=0
    cmp -s "$out" "$ref" || { echo "reports differ:"; diff <(cut -c1-300 "$ref") <(cut -c1-300 "$out") | head -20; status=1; }
    if [ -f "$ref.errors" ]; then
      cmp -s "$out.errors" <(norm "$ref.errors") || { echo "errors differ:"; diff <(norm "$ref.errors") "$out.errors" | head -20; status=1; }
    else
      echo "no $ref.errors: error lines not compared"
    fi
    [ $status = 0 ] && echo "same output on ${#files[@]} files ($(wc -l < "$out") reports, $(wc -l < "$out.errors") error lines)"
    exit $status
    ;;
  *) echo "usage: $0 save|check REF" >&2; exit 2 ;;
esac
