"""Scan samples (issue 11): CPU seconds per page and accuracy against the goldens.

usage: python3 bench/scan_bench.py [BINARY] [--runs N] [--held DIR] [--only WORD]

Build first: `cargo build --release` (searchable scans only) or
`cargo build --release --features ocr` (image-only scans too). Accuracy is
scored as tests/samples_golden.rs scores it: cells exact ignoring whitespace,
character error rate over the cells, decisions (value and marked words).

Time is the CPU time (user + sys) of the shinchoku process, the median of
--runs runs: the machine may be shared, and wall time would measure the
neighbours. The one-core figure of the README (SHINCHOKU_OCR_THREADS=1: one
thread a model run, on either OCR runtime; add SHINCHOKU_OCR_ENGINE=rten to
time the built-in runtime instead of ONNX Runtime):

    SHINCHOKU_OCR_THREADS=1 taskset -c 0 python3 bench/scan_bench.py --runs 3

--held DIR scores every DIR/*.pdf against the DIR/*.json beside it (goldens
made from the sample specs, e.g. scans of other seeds) instead of the
samples, and lists the records whose decision is wrong: marked words got,
wanted, and the decision's confidence. The summary line counts decisions
right, and wrong ones said with confidence at least 0.5 ("confident").
"""
import argparse
import glob
import json
import os
import resource
import statistics
import subprocess

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


def run(exe, path, runs):
    """The output of the last run and the median CPU seconds of the runs."""
    times, out = [], None
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.run([exe, "extract", "--timeout", "3600", path], capture_output=True, text=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return out, statistics.median(times)


def score(g, o):
    """cells, cells right, edits, characters, decisions right, wrong decisions."""
    cells = ok = errs = chars = dec = 0
    bad = []
    for i, gr in enumerate(g["records"]):
        r = o["records"][i] if i < len(o["records"]) else {}
        d = r.get("decision") or {}
        good = d.get("value") == gr["decision"]["value"] and d.get("marked") == gr["decision"]["marked"]
        dec += good
        if not good:
            bad.append((i, d.get("marked"), gr["decision"]["marked"], round(d.get("confidence") or 0, 2)))
        oc = {squash(k): v for k, v in (r.get("cells") or {}).items()}
        for k, v in gr["cells"].items():
            a, b = squash(v), squash(oc.get(squash(k)) or "")
            cells += 1
            ok += a == b
            chars += len(a)
            errs += edits(a, b)
    return cells, ok, errs, chars, dec, bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("exe", nargs="?", default=os.path.join(ROOT, "target/release/shinchoku"))
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--held")
    ap.add_argument("--only", default="")
    a = ap.parse_args()
    if a.held:
        files = [(p, p[:-4] + ".json") for p in sorted(glob.glob(os.path.join(a.held, "*.pdf")))]
    else:
        man = json.load(open(os.path.join(ROOT, "samples/manifest.json"), encoding="utf-8"))
        files = [(os.path.join(ROOT, "samples", e["file"]), os.path.join(ROOT, "golden", e["file"][:-4] + ".json"))
                 for e in man["samples"] if "dpi" in e or "scan" in (e.get("variant") or "")]
    files = [f for f in files if a.only in os.path.basename(f[0])]
    print(f"{'file':<56} {'pages':>5} {'cpu s/p':>7} {'cells':>7} {'CER':>7} {'decisions':>9}")
    tot = {}
    for path, gpath in files:
        name = os.path.basename(path)
        p, dt = run(a.exe, path, a.runs)
        g = json.load(open(gpath, encoding="utf-8"))
        try:
            o = json.loads(p.stdout)
        except ValueError:
            o = {"error": {"code": p.stderr.strip()[:60]}}
        pages = g["source"]["pages"]
        if "error" in o or "records" not in g:
            print(f"{name:<56} {pages:>5} {dt / pages:>7.2f}  {o.get('error', {}).get('code', 'records')}")
            continue
        cells, ok, errs, chars, dec, bad = score(g, o)
        n = len(g["records"])
        print(f"{name:<56} {pages:>5} {dt / pages:>7.2f} {100 * ok / max(cells, 1):>6.1f}% "
              f"{100 * errs / max(chars, 1):>6.2f}% {dec:>4}/{n:<4} {bad if a.held and bad else ''}")
        kind = "searchable" if "searchable" in name else "image-only"
        t = tot.setdefault(kind, [0, 0, 0, 0, 0.0, 0])
        t[0] += dec
        t[1] += n
        t[2] += sum(1 for b in bad if b[3] >= 0.5)
        t[3] += len(bad) - sum(1 for b in bad if b[3] >= 0.5)
        t[4] += dt
        t[5] += pages
    for kind, t in sorted(tot.items()):
        print(f"{kind}: decisions {t[0]}/{t[1]} right, {t[2]} wrong with confidence >= 0.5, "
              f"{t[3]} wrong under 0.5; {t[4] / max(t[5], 1):.2f} cpu s/page")


if __name__ == "__main__":
    main()
