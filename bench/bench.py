#!/usr/bin/env python3
"""Throughput and memory of `shinchoku extract`, side by side with
`pdftotext -layout` and pdfplumber `extract_tables()` on the same files, in
one run. Usage: python3 bench/bench.py [--replicate N] [--quick]

`python3 bench/bench.py --issue16 [options]` runs bench/issue16.py instead:
CPU time pinned to one core against pdftotext on a long document, the batch,
one process per file and --jobs 2, printed as a Markdown table with the
targets of issue 16 (see that file).

Files: samples/*.pdf plus every PDF in ../shared/corpus (real, synthetic,
real-forms).
Pages are counted once with pdfinfo. Peak RSS is read from the kernel's
rusage of each shinchoku run (ru_maxrss of the child), so no extra tool is
needed. --replicate N additionally runs N-file batches made of symlinks to the
same files (to show that memory stays flat as a batch grows)."""
import argparse, glob, os, resource, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "shinchoku")


def sample_files():
    return sorted(glob.glob(os.path.join(ROOT, "samples", "*.pdf")))


def files():
    fs = sample_files()
    for sub in ("real", "synthetic", "real-forms"):
        fs += sorted(glob.glob(os.path.join(ROOT, "..", "shared", "corpus", sub, "**", "*.pdf"),
                               recursive=True))
    return fs


def pages(f):
    out = subprocess.run(["pdfinfo", f], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def run_child(cmd):
    """Runs cmd, returns (seconds, peak RSS in MiB of that child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t
    return dt, usage.ru_maxrss / 1024.0


def shinchoku(fs, jobs, tmp):
    listing = os.path.join(tmp, f"in-{jobs}")
    os.makedirs(listing, exist_ok=True)
    return run_child([BIN, "extract", *fs, "--jsonl", os.devnull, "--jobs", str(jobs), "--quiet"])


def pdftotext(fs):
    t = time.perf_counter()
    for f in fs:
        subprocess.run(["pdftotext", "-layout", f, os.devnull], stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def pdfplumber_tables(fs):
    code = (
        "import sys, pdfplumber, time\n"
        "t=time.perf_counter()\n"
        "for f in sys.argv[1:]:\n"
        "    try:\n"
        "        with pdfplumber.open(f) as pdf:\n"
        "            for p in pdf.pages: p.extract_tables()\n"
        "    except Exception: pass\n"
        "print(time.perf_counter()-t)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, *fs], capture_output=True, text=True)
    try:
        return float(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return float("nan")


def table(title, fs, tmp, plumber):
    npages = sum(pages(f) for f in fs)
    print(f"\n{title}: {len(fs)} files, {npages} pages")
    rows = []
    t1, rss1 = shinchoku(fs, 1, tmp)
    rows.append(("shinchoku extract --jobs 1", t1, rss1))
    tn, rssn = shinchoku(fs, os.cpu_count() or 1, tmp)
    rows.append((f"shinchoku extract --jobs {os.cpu_count()}", tn, rssn))
    rows.append(("pdftotext -layout (1 process per file)", pdftotext(fs), None))
    if plumber:
        rows.append(("pdfplumber extract_tables() (1 process)", pdfplumber_tables(fs), None))
    print(f"{'tool':44s} {'seconds':>8s} {'pages/s':>9s} {'peak RSS MiB':>13s}")
    for name, t, rss in rows:
        r = f"{rss:13.1f}" if rss is not None else f"{'-':>13s}"
        print(f"{name:44s} {t:8.2f} {npages / t:9.1f} {r}")


def cpu_child(cmd):
    """Runs cmd, returns (wall seconds, CPU seconds user + system)."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(p.pid, 0)
    return time.perf_counter() - t, usage.ru_utime + usage.ru_stime


def tables_overhead(fs, tmp, runs):
    """What --xlsx and --sqlite add to a batch: the median of `runs` runs of
    each, alternating, all cores; each archive run starts from no archive.
    CPU seconds are printed too: on a shared, loaded machine they vary far
    less than wall time."""
    base, full = [], []
    for i in range(runs):
        base.append(cpu_child([BIN, "extract", *fs, "--jsonl", os.devnull, "--quiet"]))
        x = os.path.join(tmp, f"t{i}.xlsx")
        db = os.path.join(tmp, f"t{i}.sqlite")
        full.append(cpu_child([BIN, "extract", *fs, "--jsonl", os.devnull, "--xlsx", x,
                               "--sqlite", db, "--quiet"]))
    med = lambda xs: sorted(xs)[len(xs) // 2]
    for k, what in ((0, "wall"), (1, "CPU")):
        b, f = med([r[k] for r in base]), med([r[k] for r in full])
        print(f"workbook + archive on {len(fs)} files ({runs} runs each, median {what} s): "
              f"--jsonl only {b:.3f}, with --xlsx and --sqlite {f:.3f}, "
              f"+{100 * (f - b) / b:.1f} %")


def replicate(n, tmp):
    """n hard links to the samples (distinct paths, same bytes: shinchoku
    reads each as its own file), plus the corpus once."""
    d = os.path.join(tmp, f"rep{n}")
    os.makedirs(d, exist_ok=True)
    src = sample_files()
    for i in range(n):
        s = src[i % len(src)]
        os.link(s, os.path.join(d, f"{i:05d}_{os.path.basename(s)}"))
    return d


def main():
    if "--issue16" in sys.argv[1:]:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import issue16
        issue16.main([x for x in sys.argv[1:] if x != "--issue16"])
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--replicate", type=int, nargs="*", default=[])
    ap.add_argument("--no-plumber", action="store_true")
    ap.add_argument("--tables", type=int, metavar="RUNS", default=0,
                    help="also time --xlsx and --sqlite over samples + corpus")
    ap.add_argument("--tables-only", action="store_true")
    a = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores")
    # Hard links need the same file system as samples/: work under target/.
    os.makedirs(os.path.join(ROOT, "target"), exist_ok=True)
    with tempfile.TemporaryDirectory(dir=os.path.join(ROOT, "target")) as tmp:
        if a.tables:
            tables_overhead(files(), tmp, a.tables)
        if a.tables_only:
            return
        table("samples", sample_files(), tmp, not a.no_plumber)
        table("samples + ../shared/corpus", files(), tmp, not a.no_plumber)
        corpus = [f for f in files() if "/samples/" not in f]
        for n in a.replicate:
            d = replicate(n, tmp)
            out = os.path.join(tmp, f"out{n}")
            t, rss = run_child([BIN, "extract", d, *corpus, "--out", out, "--quiet"])
            written = len([x for x in os.listdir(out) if x.endswith(".json")]) - 1
            print(f"batch of {n} samples + {len(corpus)} corpus files (--out, all cores): "
                  f"{written} outputs, {t:.2f} s, {written / t:.1f} files/s, peak RSS {rss:.1f} MiB")
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    main()
