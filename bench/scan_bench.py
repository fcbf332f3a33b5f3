"""Scan samples (issue 11): seconds per page and accuracy against the goldens.

usage: python3 bench/scan_bench.py [BINARY]   (default target/release/shinchoku)

Build first: `cargo build --release` (searchable scans only) or
`cargo build --release --features ocr` (image-only scans too). Accuracy is
scored as tests/samples_golden.rs scores it: cells exact ignoring whitespace,
character error rate over the cells, decisions (value and marked words).
RTEN_NUM_THREADS=1 gives the one-core figure.
"""
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def squash(s):
    return "".join((s or "").split())


def edits(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a):
        cur = [i + 1] + [0] * len(b)
        for j, cb in enumerate(b):
            cur[j + 1] = min(prev[j] + (ca != cb), prev[j + 1] + 1, cur[j] + 1)
        prev = cur
    return prev[len(b)]


def main():
    exe = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/shinchoku")
    man = json.load(open(os.path.join(ROOT, "samples/manifest.json"), encoding="utf-8"))
    print(f"{'file':<50} {'pages':>5} {'s/page':>7} {'cells':>7} {'CER':>7} {'decisions':>9}")
    for ent in man["samples"]:
        if "dpi" not in ent and "scan" not in (ent.get("variant") or ""):
            continue
        path = os.path.join(ROOT, "samples", ent["file"])
        t = time.perf_counter()
        p = subprocess.run([exe, "extract", path], capture_output=True, text=True)
        dt = time.perf_counter() - t
        g = json.load(open(os.path.join(ROOT, "golden", ent["file"][:-4] + ".json"), encoding="utf-8"))
        try:
            o = json.loads(p.stdout)
        except ValueError:
            o = {"error": {"code": p.stderr.strip()[:60]}}
        pages = g["source"]["pages"]
        if "error" in o or "records" not in g:
            print(f"{ent['file']:<50} {pages:>5} {dt / pages:>7.2f}  {o.get('error', {}).get('code', 'records')}")
            continue
        cells = ok = errs = chars = dec = 0
        for i, gr in enumerate(g["records"]):
            r = o["records"][i] if i < len(o["records"]) else {}
            d = r.get("decision") or {}
            dec += d.get("value") == gr["decision"]["value"] and d.get("marked") == gr["decision"]["marked"]
            oc = {squash(k): v for k, v in (r.get("cells") or {}).items()}
            for k, v in gr["cells"].items():
                a, b = squash(v), squash(oc.get(squash(k)) or "")
                cells += 1
                ok += a == b
                chars += len(a)
                errs += edits(a, b)
        n = len(g["records"])
        print(f"{ent['file']:<50} {pages:>5} {dt / pages:>7.2f} {100 * ok / max(cells, 1):>6.1f}% "
              f"{100 * errs / max(chars, 1):>6.2f}% {dec:>4}/{n:<4}")


if __name__ == "__main__":
    main()
