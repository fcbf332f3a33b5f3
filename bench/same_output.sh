#!/usr/bin/env bash
# Byte-for-byte check that a change keeps extract output the same on the
# samples and the shared corpus (real, synthetic, real-forms).
#
#   bench/same_output.sh save  /tmp/bounds-before.jsonl   # before a change
#   bench/same_output.sh check /tmp/bounds-before.jsonl   # after it: diff, exit 1 if any
#
# Uses target/release/shinchoku (build it first). The JSONL holds every report;
# the file named <out>.errors holds the per-file failure lines from stderr.
set -euo pipefail
mode=${1:?save or check}
ref=${2:?reference .jsonl path}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/target/release/shinchoku"
corpus="$root/../shared/corpus"
mapfile -t files < <( { ls "$root"/samples/*.pdf; find "$corpus/real" "$corpus/synthetic" "$corpus/real-forms" -name '*.pdf' 2>/dev/null; } | sort)
out=$(mktemp /tmp/same_output.XXXXXX)
trap 'rm -f "$out" "$out.errors"' EXIT
"$bin" extract "${files[@]}" --jsonl "$out" --jobs 1 2> >(grep -v ' converted (' | sort > "$out.errors") || true
sleep 0.2
case "$mode" in
  save)
    cp "$out" "$ref"; cp "$out.errors" "$ref.errors"
    echo "saved $(wc -l < "$ref") reports and $(wc -l < "$ref.errors") error lines from ${#files[@]} files to $ref"
    ;;
  check)
    status=0
    cmp -s "$out" "$ref" || { echo "reports differ:"; diff <(cut -c1-300 "$ref") <(cut -c1-300 "$out") | head -20; status=1; }
    cmp -s "$out.errors" "$ref.errors" || { echo "errors differ:"; diff "$ref.errors" "$out.errors" | head -20; status=1; }
    [ $status = 0 ] && echo "same output on ${#files[@]} files"
    exit $status
    ;;
  *) echo "usage: $0 save|check REF" >&2; exit 2 ;;
esac
