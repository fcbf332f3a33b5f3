#!/usr/bin/env python3
"""Time of `shinchoku review` on one core, per sample, with the phases split
by running the pieces separately: extract alone (`extract`), and the whole
review (extract + hayro page renders at 150 dpi + PNG + HTML).

Usage: python3 bench/review.py [--runs N] [--dpi D] [FILE.pdf ...]
(after `cargo build --release`). One core: the process is pinned with
taskset to CPU 0 and rayon is given one thread. Prints the median of N runs.
Default files: the 5-page kodomo_r4 samples and the 9-page long_r5 ones."""
import argparse, glob, os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "shinchoku")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import pages  # noqa: E402


def timed(cmd, runs):
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    ts = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(pin + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=env, check=True)
        ts.append(time.perf_counter() - t)
    return statistics.median(ts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--dpi", type=float, default=150)
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    files = a.files or [
        os.path.join(ROOT, "samples", n) for n in (
            "kodomo_r4.calc.pdf", "kodomo_r4.reportlab.pdf",
            "kodomo_r4.reportlab-rotated.pdf", "kodomo_r4.calc-encrypted.pdf",
            "kodomo_r4.chromium.pdf", "long_r5.calc.pdf")]
    out = tempfile.mkdtemp(prefix="shinchoku-review-bench-")
    print(f"| file | pages | extract s | review s (dpi {a.dpi:g}) | review s/page |")
    print("|---|---:|---:|---:|---:|")
    for f in files:
        n = pages(f)
        ex = timed([BIN, "extract", f], a.runs)
        rv = timed([BIN, "review", "--quiet", "--dpi", str(a.dpi), "--out", out, f], a.runs)
        print(f"| {os.path.basename(f)} | {n} | {ex:.3f} | {rv:.3f} | {rv / max(n, 1):.3f} |")
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
