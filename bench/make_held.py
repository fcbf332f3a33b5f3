"""Held-out scans for issue 11: the four scan cases of the samples made again
with other seeds, so that a change tuned on the samples can be checked on
pages it was not tuned on. Goldens come from the specs, as the samples' do.

usage: python3 bench/make_held.py OUT_DIR [--seeds 101-106]

Writes OUT_DIR/<case>-s<seed>.pdf (image-only, read with `--features ocr`)
and OUT_DIR/<case>-s<seed>-searchable.pdf, each with its golden .json beside
it, for `python3 bench/scan_bench.py BIN --held OUT_DIR`. Nothing here goes
into the repository: the set is made again wherever it is needed.
"""
import argparse
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "samples", "gen"))

import generate  # noqa: E402
import scan as scan_gen  # noqa: E402
import speclib  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seeds", default="101-106", help="first-last")
    a = ap.parse_args()
    first, last = (int(s) for s in a.seeds.split("-"))
    os.makedirs(a.out, exist_ok=True)
    specs = {s["id"]: s for s in speclib.all_specs(os.path.join(ROOT, "samples", "spec"))}
    for sid, dpi, colour, _, skew, rotate in generate.SCANS:
        spec = scan_gen.first_pages(specs[sid], generate.SCAN_PAGES)
        case = generate.scan_stem(sid, dpi, colour, skew, rotate)
        for seed in range(first, last + 1):
            names = [f"{case}-s{seed}", f"{case}-s{seed}-searchable"]
            outs = [os.path.join(a.out, n + ".pdf") for n in names]
            print("render", names[0], flush=True)
            scan_gen.make(spec, outs[0], outs[1], dpi, colour, seed, skew, rotate)
            for out in outs:
                generate.write_scan_golden(spec, out, out[:-4] + ".json")


if __name__ == "__main__":
    main()
