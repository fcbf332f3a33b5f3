"""Renders every sample listed in VARIANTS, writes samples/manifest.json and one
golden per PDF (from the spec, never from shinchoku), then runs check_ovals.

usage: python3 samples/gen/generate.py [--only SUBSTRING] [--goldens-only]
  --goldens-only: rewrite the goldens of the PDFs already in samples/ from
  their specs without rendering them again (after a golden convention changes)
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

import fitz

import render_html
import render_lo
import render_rl
import scan as scan_gen
import speclib

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.dirname(HERE)
ROOT = os.path.dirname(SAMPLES)
GOLDEN = os.path.join(ROOT, "golden")

# (spec id, producer, variant). Every spec gets the four producers; the variants
# are spread over the specs so each one is exercised once or twice.
VARIANTS = []
for sid in ["kodomo_r4", "kodomo_r5", "sodan_r5", "long_r5"]:
    for prod in ["calc", "writer", "chromium", "reportlab"]:
        VARIANTS.append((sid, prod, None))
VARIANTS += [
    ("kodomo_r4", "reportlab", "rotated"),      # landscape via /Rotate 90 on a portrait MediaBox
    ("kodomo_r4", "reportlab", "freehand"),     # irregular open loops
    ("kodomo_r4", "reportlab", "segments"),     # ovals made of straight segments
    ("kodomo_r5", "reportlab", "offcentre"),    # off-centre, crossing the cell rules
    ("sodan_r5", "reportlab", "mincho"),        # HeiseiMin-W3 instead of HeiseiKakuGo-W5
    ("kodomo_r5", "chromium", "svg"),           # SVG ellipses instead of CSS borders
    ("kodomo_r4", "calc", "encrypted"),         # owner password, empty user password (qpdf)
    ("long_r5", "writer", "encrypted"),
    ("long_r5", "reportlab", "rotated-freehand"),
    ("kodomo_r4", "calc", "scan"),              # image-only copy: no_text_layer
    ("sodan_r5", "chromium", "scan"),
    ("sodan_r5", "chromium", "noto"),           # Noto Sans CJK JP: its ・ glyph is shared with ‧ U+2027
    ("kodomo_r4", "writer", "polygon"),         # ovals as closed polylines of 20-60 segments (Writer's polygon tool)
    ("kodomo_r5", "reportlab", "ring"),         # a large ◯ glyph printed over each word instead of an oval
    ("hrules_r6", "reportlab", None),           # horizontal rules only, two-row header (評価 over 達成度 | 課題)
    ("carry_r6", "reportlab", None),            # merged 目的 continuing over a page break under a repeated header
    ("stacked_r6", "reportlab", None),          # a budget table of another grid stacked on the report table
]
# Decisions marked other ways (issue 10): boxes, per-option columns, other words.
VARIANTS += [(sid, prod, None) for sid, prods in [
    ("kakunin_r6", ["reportlab", "writer", "chromium"]),   # ■/□ and ☑/☐ before the words
    ("sentaku_r6", ["reportlab", "calc", "chromium"]),     # ○ in per-option columns
    ("hoko_r6", ["reportlab", "chromium"]),                # 拡充/現状維持/縮小/廃止, circled or typed
] for prod in prods]

# Simulated paper scans (scan.py), first two pages of a spec each: (spec id,
# dpi, colour, seed, skew, rotate). Each gives an image-only PDF (read with
# `--features ocr`) and a searchable one (page image + invisible text layer,
# default build). skew None: 0.5-1.5 degrees either way; else that many
# degrees. rotate: the page stored sideways under /Rotate.
SCANS = [
    ("sodan_r5", 300, False, 11, None, 0),
    ("kodomo_r4", 200, True, 12, None, 0),
    ("sodan_r5", 300, False, 13, -3.0, 90),    # the worst skew, scanned sideways
    ("kodomo_r4", 200, True, 15, 3.0, 270),
]
SCAN_PAGES = 2


def scan_stem(sid, dpi, colour, skew, rotate):
    """The file stem of one case of SCANS (bench/make_held.py adds a seed)."""
    base = f"{sid}.reportlab-scan{dpi}-{'colour' if colour else 'grey'}"
    if skew is not None:
        base += f"-skew{abs(skew):g}"
    if rotate:
        base += f"-rot{rotate}"
    return base


def write_scan_golden(spec, pdf, path):
    """The golden of a scan of spec: the ovals of a scan are pen strokes in its pixels."""
    g = speclib.golden(spec, pdf, fitz.open(pdf).page_count, oval_kind="pen")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(g, f, ensure_ascii=False, indent=1)
        f.write("\n")


def stem(sid, prod, var):
    return f"{sid}.{prod}" + (f"-{var}" if var else "")


def render(spec, prod, var, out):
    if prod == "calc":
        render_lo.render("calc", spec, out)
    elif prod == "writer":
        render_lo.render("writer", spec, out, polygon=var == "polygon")
    elif prod == "chromium":
        font = "'Noto Sans CJK JP'" if var == "noto" else None
        render_html.render(spec, out, svg=var == "svg", font=font)
    else:
        oval = "ellipse"
        for o in ("freehand", "segments", "offcentre", "ring"):
            if var and o in var:
                oval = o
        font = "HeiseiMin-W3" if var == "mincho" else "HeiseiKakuGo-W5"
        render_rl.render(spec, out, font=font, oval=oval, rotate=bool(var and "rotated" in var))


def render_to(spec, prod, var, out):
    with tempfile.TemporaryDirectory() as d:
        tmp = os.path.join(d, "x.pdf")
        render(spec, prod, var, tmp)
        if var == "encrypted":
            encrypt(tmp, out)
        elif var == "scan":
            scan(tmp, out)
        else:
            shutil.copy(tmp, out)


def encrypt(src, out):
    # owner password only: opens without a password, editing/copy restricted
    subprocess.run(["qpdf", "--encrypt", "", "shinchoku-owner", "256", "--print=none", "--modify=none",
                    "--extract=n", "--", src, out], check=True)


def scan(src, out):
    """Rasterizes each page (grey JPEG, 75 dpi) into an image-only PDF, as a scanner would."""
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(["pdftoppm", "-r", "75", "-gray", "-jpeg", "-jpegopt", "quality=55", src, os.path.join(d, "p")],
                       check=True, stderr=subprocess.DEVNULL)
        srcdoc = fitz.open(src)
        doc = fitz.open()
        imgs = sorted(n for n in os.listdir(d) if n.endswith(".jpg"))
        for page, name in zip(srcdoc, imgs):
            r = page.rect
            p = doc.new_page(width=r.width, height=r.height)
            p.insert_image(p.rect, filename=os.path.join(d, name))
        doc.set_metadata({"producer": "shinchoku samples scan (PyMuPDF)", "creator": "pdftoppm"})
        doc.save(out, garbage=3, deflate=True)


def check_comparison(spec, specs):
    """The hand-written expected comparison must agree with both specs' rows, so a
    typo in either is caught before it reaches a golden."""
    cmp = spec.get("comparison")
    if not cmp:
        return
    old = specs[cmp["against"]]

    def recs(s):
        return {rid: r for rid, r in zip([x for p in s["pages"] for x in p["rows"] if not x.endswith("+")], speclib.records(s))}

    ro, rn = recs(old), recs(spec)
    seen_o, seen_n = set(), set()
    for m in cmp["matched"]:
        a, b = ro[m["old"]], rn[m["new"]]
        assert (a["purpose"], a["method"]) == (b["purpose"], b["method"]), m
        assert m["decision"] == [a["decision"]["value"], b["decision"]["value"]], m
        assert m["participants_total"] == [a["participants_total"], b["participants_total"]], m
        pa, pb = m["participants_total"]
        assert m["participants_total_delta"] == (None if pa is None or pb is None else pb - pa), m
        assert m["decision_changed"] == (m["decision"][0] != m["decision"][1]), m
        assert m["events_count"] == [len(a["events"]), len(b["events"])], m
        assert m["plan_pages"] == [a["plan_pages"], b["plan_pages"]], m
        seen_o.add(m["old"])
        seen_n.add(m["new"])
    for x in cmp["added"]:
        assert (rn[x["new"]]["purpose"], rn[x["new"]]["method"]) == (x["purpose"], x["method"]), x
        seen_n.add(x["new"])
    for x in cmp["removed"]:
        assert (ro[x["old"]]["purpose"], ro[x["old"]]["method"]) == (x["purpose"], x["method"]), x
        seen_o.add(x["old"])
    assert seen_o == set(ro) and seen_n == set(rn), "every row is matched, added or removed"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="")
    ap.add_argument("--goldens-only", action="store_true")
    a = ap.parse_args()
    specs = {s["id"]: s for s in speclib.all_specs(os.path.join(SAMPLES, "spec"))}
    for spec in specs.values():
        check_comparison(spec, specs)
    os.makedirs(GOLDEN, exist_ok=True)
    manifest = []
    for sid, prod, var in VARIANTS:
        if sid not in specs:
            print(f"skip {sid}: no spec", file=sys.stderr)
            continue
        spec = specs[sid]
        name = stem(sid, prod, var)
        out = os.path.join(SAMPLES, name + ".pdf")
        ent = {"file": name + ".pdf", "spec": sid, "producer": prod, "variant": var}
        if var == "scan":
            ent["expect_error"] = "no_text_layer"
        manifest.append(ent)
        if a.only not in name:
            continue
        if a.goldens_only:
            if not os.path.exists(out):
                print(f"skip {name}: no PDF", file=sys.stderr)
                continue
        else:
            print("render", name, flush=True)
            render_to(spec, prod, var, out)
        npages = fitz.open(out).page_count
        err = None
        if var == "scan":
            err = {"code": "no_text_layer", "message": "the pages carry only images (a scan without OCR)"}
        g = speclib.golden(spec, out, npages, err, oval_kind="glyph_ring" if var == "ring" else "oval")
        with open(os.path.join(GOLDEN, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(g, f, ensure_ascii=False, indent=1)
            f.write("\n")
    for sid, dpi, colour, seed, skew, rotate in SCANS:
        spec = scan_gen.first_pages(specs[sid], SCAN_PAGES)
        base = scan_stem(sid, dpi, colour, skew, rotate)
        names = [base, base + "-searchable"]
        manifest.append({"file": names[0] + ".pdf", "spec": sid, "producer": "reportlab", "variant": "scan",
                         "dpi": dpi, "pages_of_spec": SCAN_PAGES, "needs_feature": "ocr",
                         "expect_error_without_feature": "no_text_layer"})
        manifest.append({"file": names[1] + ".pdf", "spec": sid, "producer": "reportlab",
                         "variant": "scan-searchable", "dpi": dpi, "pages_of_spec": SCAN_PAGES})
        if not any(a.only in n for n in names):
            continue
        outs = [os.path.join(SAMPLES, n + ".pdf") for n in names]
        if not a.goldens_only:
            print("render", base, "(image-only and searchable)", flush=True)
            scan_gen.make(spec, outs[0], outs[1], dpi, colour, seed, skew, rotate)
        for n, out in zip(names, outs):
            write_scan_golden(spec, out, os.path.join(GOLDEN, n + ".json"))
    with open(os.path.join(SAMPLES, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump({"samples": manifest}, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
