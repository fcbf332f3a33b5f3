#!/usr/bin/env python3
"""The measurements of issue 16 (lean and streaming), against its targets, as
one Markdown table ready for the README:

    python3 bench/bench.py --issue16 [--runs N] [--long-runs N] [--bin PATH]

(or `python3 bench/issue16.py` with the same options).
`--compare BIN BIN…` instead times release binaries against each other (an
allocator, a patch) on the same cases, alternating, first = reference. Needs a release build
(`cargo build --release --locked`), poppler-utils, qpdf and util-linux's
taskset.

Cases, each run alternately with `pdftotext -layout` in the same loop so that
both see the same load, and reported as medians:
- long document: a sample concatenated ×1000 with qpdf (`long_r5.writer`:
  9,000 pages; `kodomo_r4.chromium`: 5,000 pages), CPU ms per page and peak
  RSS; the concatenations are kept under /tmp/bench-long/ for reuse;
- batch: samples plus ../shared/corpus (real, synthetic, real-forms) in one
  `extract --jobs 1`, against pdftotext started once per file;
- one process per file: one `shinchoku extract` per file, against the batch;
- `--jobs 2` against `--jobs 1` on the batch, wall time (the only case that
  needs two cores, so the only one not pinned).

CPU time is user + system of the child and of the workers it waited for
(rusage of wait4), pinned to core 0 with `taskset -c 0`: on a shared machine
it varies far less than wall time. Peak RSS is the largest resident size of
that process tree (ru_maxrss)."""
import argparse, datetime, glob, os, statistics, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import files as batch_files, pages  # noqa: E402  (one list of files, one page count)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LONG_DIR = "/tmp/bench-long"
LONG_SAMPLES = ("long_r5.writer", "kodomo_r4.chromium")
PIN = ["taskset", "-c", "0"]


def measure(cmd):
    """(wall s, CPU s user + sys, peak RSS MiB, exit status) of one child
    process tree."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    return (time.perf_counter() - t, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0,
            os.waitstatus_to_exitcode(status))


def measure_each(cmds):
    """measure() summed over commands run one after another (one process per
    file); RSS is the largest of them."""
    wall = cpu = rss = 0.0
    for c in cmds:
        w, u, r, _ = measure(c)
        wall, cpu, rss = wall + w, cpu + u, max(rss, r)
    return wall, cpu, rss, 0


def long_pdf(stem, times):
    """`samples/<stem>.pdf` concatenated `times` times, made once with qpdf."""
    os.makedirs(LONG_DIR, exist_ok=True)
    out = os.path.join(LONG_DIR, f"{stem}x{times}.pdf")
    if not os.path.exists(out):
        src = os.path.join(ROOT, "samples", f"{stem}.pdf")
        subprocess.run(["qpdf", "--empty", "--pages", *([src] * times), "--", out + ".tmp"],
                       check=True)
        os.rename(out + ".tmp", out)
    return out


def alternate(runs, cases):
    """Runs each (name, thunk) of cases once per round, for `runs` rounds, in
    turn; returns {name: [result, ...]}."""
    res = {name: [] for name, _ in cases}
    for _ in range(runs):
        for name, thunk in cases:
            res[name].append(thunk())
    return res


def med(rs, k):
    return statistics.median(r[k] for r in rs)


def shinchoku_cmd(b, fs, jobs=1, extra=()):
    return [b, "extract", *fs, "--jsonl", os.devnull, "--jobs", str(jobs), "--quiet", *extra]


# The long documents run with a memory limit far above the default 2 GiB:
# main's code needed more than that for 9,000 pages (it failed with
# too_large), and the point is to measure what it takes.
LONG_LIMIT = ("--max-memory", "64G")


def pdftotext_cmd(f):
    return ["pdftotext", "-layout", f, os.devnull]


def compare(bins, runs, times):
    """Binaries against each other (an allocator, a patch): CPU time pinned
    to one core, the binaries alternating in each round, medians; the first
    binary is the reference."""
    fs = batch_files()
    longs = [long_pdf(stem, times) for stem in LONG_SAMPLES]
    cases = [("batch", lambda b: shinchoku_cmd(b, fs))]
    for stem, f in zip(LONG_SAMPLES, longs):
        cases.append((f"{stem} ×{times}", lambda b, f=f: shinchoku_cmd(b, [f], extra=LONG_LIMIT)))
    cases.append(("encrypted samples", lambda b: shinchoku_cmd(
        b, sorted(glob.glob(os.path.join(ROOT, "samples", "*encrypted*.pdf"))))))
    print(f"CPU s (user + sys, `taskset -c 0`), median of {runs} alternating rounds; "
          f"peak RSS MiB; ratio to {os.path.basename(bins[0])}")
    print()
    print("| case | " + " | ".join(f"`{os.path.basename(b)}`" for b in bins) + " |")
    print("|---|" + "---:|" * len(bins))
    for name, cmd in cases:
        r = alternate(runs, [(b, lambda b=b: measure(PIN + cmd(b))) for b in bins])
        ref = med(r[bins[0]], 1)
        cells = []
        for b in bins:
            cpu, rss = med(r[b], 1), max(x[2] for x in r[b])
            bad = {x[3] for x in r[b]} - {0, 1}
            cells.append(f"{cpu:.3f} s ({cpu / ref:.3f}), {rss:.0f} MiB"
                         + (f", exit {sorted(bad)}" if bad else ""))
        print(f"| {name} | " + " | ".join(cells) + " |")


def git_head():
    out = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                         capture_output=True, text=True)
    return out.stdout.strip()


def verdict(value, target):
    return "yes" if value >= target else "**no**"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "shinchoku"))
    ap.add_argument("--runs", type=int, default=5, help="rounds of the batch cases")
    ap.add_argument("--long-runs", type=int, default=3, help="rounds of the long documents")
    ap.add_argument("--times", type=int, default=1000, help="copies in a long document")
    ap.add_argument("--skip-long", action="store_true")
    ap.add_argument("--compare", nargs="+", metavar="BIN",
                    help="only compare these binaries with each other (first = reference)")
    a = ap.parse_args(argv)
    if a.compare:
        compare(a.compare, a.runs, a.times)
        return
    b = a.bin
    if not os.path.exists(b):
        sys.exit(f"{b} missing: cargo build --release --locked")
    rows = []  # (case, shinchoku, pdftotext, ratio, target, met)
    notes = []

    if not a.skip_long:
        for stem in LONG_SAMPLES:
            f = long_pdf(stem, a.times)
            n = pages(f)
            one = os.path.join(ROOT, "samples", f"{stem}.pdf")
            n1 = pages(one)
            r = alternate(a.long_runs, [
                ("s", lambda: measure(PIN + shinchoku_cmd(b, [f], extra=LONG_LIMIT))),
                ("p", lambda: measure(PIN + pdftotext_cmd(f))),
                ("s1", lambda: measure(PIN + shinchoku_cmd(b, [one]))),
            ])
            failed = [x[3] for x in r["s"] if x[3] != 0]
            if failed:
                notes.append(f"{stem} ×{a.times} exited with {failed[0]}: not converted")
            default = measure(PIN + shinchoku_cmd(b, [f]))[3]
            if default != 0:
                notes.append(f"with the default --max-memory 2G, {stem} ×{a.times} fails "
                             f"(exit {default}, too_large); measured with --max-memory 64G")
            s_ms, p_ms = 1000 * med(r["s"], 1) / n, 1000 * med(r["p"], 1) / n
            ratio = p_ms / s_ms
            rows.append((f"`{stem}` ×{a.times} ({n:,} pages): CPU per page",
                         f"{s_ms:.2f} ms", f"{p_ms:.2f} ms", f"{ratio:.2f}×", "≥ 2×",
                         verdict(ratio, 2.0)))
            s_rss = max(x[2] for x in r["s"])
            p_rss = max(x[2] for x in r["p"])
            s1_rss = max(x[2] for x in r["s1"])
            grow = s_rss / s1_rss
            if stem == "long_r5.writer":
                rows.append((f"`{stem}` ×{a.times}: peak RSS", f"{s_rss:,.0f} MiB",
                             f"{p_rss:,.0f} MiB", "", "≤ 100 MiB",
                             "yes" if s_rss <= 100 else "**no**"))
            else:
                rows.append((f"`{stem}` ×{a.times}: peak RSS", f"{s_rss:,.0f} MiB",
                             f"{p_rss:,.0f} MiB", "", "", ""))
            rows.append((f"`{stem}` ×{a.times}: peak RSS against the {n1}-page original",
                         f"{s_rss:,.0f} / {s1_rss:.0f} MiB", "", f"{grow:.1f}×", "≤ 2×",
                         "yes" if grow <= 2 else "**no**"))

    fs = batch_files()
    n = sum(pages(f) for f in fs)
    r = alternate(a.runs, [
        ("s", lambda: measure(PIN + shinchoku_cmd(b, fs))),
        ("p", lambda: measure_each([PIN + pdftotext_cmd(f) for f in fs])),
        ("each", lambda: measure_each([PIN + shinchoku_cmd(b, [f]) for f in fs])),
    ])
    s, p, each = med(r["s"], 1), med(r["p"], 1), med(r["each"], 1)
    what = f"samples + corpus ({len(fs)} files, {n} pages)"
    rows.append((f"batch, {what}: CPU, `--jobs 1` against pdftotext per file",
                 f"{s:.2f} s ({1000 * s / n:.2f} ms/page)",
                 f"{p:.2f} s ({1000 * p / n:.2f} ms/page)", f"{p / s:.2f}×", "≥ 2×",
                 verdict(p / s, 2.0)))
    rows.append(("one shinchoku process per file: CPU",
                 f"{each:.2f} s ({1000 * each / n:.2f} ms/page)",
                 f"{p:.2f} s", f"{p / each:.2f}×", "", ""))
    rows.append(("batch peak RSS (`--jobs 1`)", f"{max(x[2] for x in r['s']):.0f} MiB",
                 "", "", "", ""))

    r = alternate(a.runs, [
        ("1", lambda: measure(shinchoku_cmd(b, fs, 1))),
        ("2", lambda: measure(shinchoku_cmd(b, fs, 2))),
    ])
    w1, w2 = med(r["1"], 0), med(r["2"], 0)
    rows.append((f"`--jobs 2` against `--jobs 1`, wall time (not pinned)",
                 f"{w2:.2f} s against {w1:.2f} s", "", f"{w1 / w2:.2f}×", "≥ 1.85×",
                 verdict(w1 / w2, 1.85)))
    load = os.getloadavg()
    notes.append(f"load average at the end {load[0]:.2f} on {os.cpu_count()} cores")

    head = (f"Measured {datetime.date.today().isoformat()} with "
            f"`python3 bench/bench.py --issue16 --runs {a.runs} --long-runs {a.long_runs}`"
            f" (binary {b}, work tree at {git_head()}, release build, {'; '.join(notes)}). CPU time is user + system, pinned to "
            f"one core (`taskset -c 0`), median of the rounds; shinchoku and `pdftotext "
            f"-layout` alternate in the same loop. Ratio: pdftotext's time over shinchoku's "
            f"(above 1: shinchoku is faster).")
    print(head)
    print()
    print("| case | shinchoku | pdftotext -layout | ratio | target | met |")
    print("|---|---:|---:|---:|---:|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
