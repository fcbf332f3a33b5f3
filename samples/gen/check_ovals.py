"""Independent check of the samples' ovals with PyMuPDF (not shinchoku's code).

For every sample in samples/manifest.json: find each printed decision text
(終了・継続 → 同じ・変更) from the text layer, find the ovals among the vector
drawings (paths with curves, or many non-axis-aligned segments, small enough to be
a mark), and require that every oval encloses exactly one of the four words (all
its characters' centres inside the oval, no other character's centre inside) and
that the words circled in each row are exactly the spec's marks. Image-only
samples must have no text at all.

usage: python3 check_ovals.py [SAMPLES_DIR]   (exit status 1 on any failure)
"""
import json
import os
import re
import sys

import fitz

import speclib

WORDS = speclib.MARK_WORDS



def page_chars(page, boxes=False):
    """Chars with centres, regrouped into visual lines (by y, then x), as a flat
    string: producers emit text in any order (Chromium puts positioned spans last)."""
    pts = []
    raw = page.get_text("rawdict")
    for b in raw["blocks"]:
        for l in b.get("lines", []):
            for s in l["spans"]:
                for ch in s["chars"]:
                    x0, y0, x1, y1 = ch["bbox"]
                    # PyMuPDF reports unrotated coordinates; lines run along the
                    # displayed page, so turn them as a reader sees the page
                    q = fitz.Point((x0 + x1) / 2, (y0 + y1) / 2) * page.rotation_matrix
                    pts.append((ch["c"], q.x, q.y, tuple(fitz.Rect(ch["bbox"]) * page.rotation_matrix)))
    pts.sort(key=lambda p: p[2])
    lines, cur = [], []
    for p in pts:
        if cur and abs(p[2] - cur[0][2]) > 2.0:
            lines.append(cur)
            cur = []
        cur.append(p)
    if cur:
        lines.append(cur)
    chars = []
    for ln in lines:
        chars += sorted(ln, key=lambda p: p[1])
        chars.append(("\n", 0, 0, None))
    if not boxes:
        chars = [c[:3] for c in chars]
    return chars, "".join(c[0] for c in chars)


A_RE = re.compile(r"(終了)\s*・\s*(継続)")
B_RE = re.compile(r"(同じ)\s*・\s*(変更)")


def decision_instances(chars, text):
    """Finds each printed decision text: 終了・継続 then → 同じ・変更 on the same line
    or on a line just below (cells that wrap it in two lines). Returns, in reading
    order, {word: [char indices]} per decision text."""
    line_of, line_no = [], 0
    for c in chars:
        line_of.append(line_no)
        if c[0] == "\n":
            line_no += 1
    a_list = [(m, line_of[m.start()], chars[m.start()][1], chars[m.start()][2]) for m in A_RE.finditer(text)]
    b_list = [(m, line_of[m.start()], chars[m.start()][1], chars[m.start()][2]) for m in B_RE.finditer(text)]
    used, pairs = set(), {}
    for i, (ma, la, xa, ya) in enumerate(a_list):
        for j, (mb, lb, xb, yb) in enumerate(b_list):
            if j not in used and lb == la and 0 < xb - xa < 150 and "→" in text[ma.end():mb.start()]:
                pairs[i] = j
                used.add(j)
                break
    for i, (ma, la, xa, ya) in enumerate(a_list):
        if i in pairs:
            continue
        best = None
        for j, (mb, lb, xb, yb) in enumerate(b_list):
            if j in used or not (0 < yb - ya < 16) or abs(xb - xa) > 60:
                continue
            if best is None or yb - ya < best[0]:
                best = (yb - ya, j)
        if best:
            pairs[i] = best[1]
            used.add(best[1])
    out = []
    for i, j in sorted(pairs.items(), key=lambda p: (a_list[p[0]][3], a_list[p[0]][2])):
        ma, mb = a_list[i][0], b_list[j][0]
        out.append({"終了": list(range(ma.start(1), ma.end(1))), "継続": list(range(ma.start(2), ma.end(2))),
                    "同じ": list(range(mb.start(1), mb.end(1))), "変更": list(range(mb.start(2), mb.end(2)))})
    return out


def is_oval(d):
    r = d["rect"]
    if r.width > 90 or r.height > 45 or r.width < 6 or r.height < 4:
        return False
    items = d["items"]
    if any(it[0] == "c" for it in items):
        return True
    lines = [it for it in items if it[0] == "l"]
    slanted = [it for it in lines if abs(it[1].x - it[2].x) > 0.3 and abs(it[1].y - it[2].y) > 0.3]
    return len(slanted) >= 6


def oval_kind(d):
    """How the oval is painted: stroked or filled (Chromium fills a ring for a CSS
    border), curves or straight segments, and whether a stroke returns to its start."""
    items = d["items"]
    kind = "curves" if any(it[0] == "c" for it in items) else "segments"
    if d["type"] == "f":
        return "filled " + kind
    first, last = items[0][1], items[-1][-1]
    closed = bool(d.get("closePath")) or abs(first.x - last.x) + abs(first.y - last.y) < 0.5
    return "stroked " + kind + ("" if closed else ", open")


KINDS = {}


RINGS = "◯○"


def rings(page):
    """Large ring glyphs printed over words count as ovals (their em box)."""
    out = []
    for b in page.get_text("rawdict")["blocks"]:
        for l in b.get("lines", []):
            for sp in l["spans"]:
                for ch in sp["chars"]:
                    if ch["c"] in RINGS and sp["size"] > 10:
                        # the em square of a full-width glyph from its origin:
                        # PyMuPDF's char box follows its substitute for a
                        # non-embedded font, not the PDF's widths
                        ox, oy, z = ch["origin"][0], ch["origin"][1], sp["size"]
                        r = fitz.Rect(ox, oy - sp["ascender"] * z, ox + z, oy - sp["descender"] * z)
                        out.append(r * page.rotation_matrix)
                        KINDS["ring glyphs"] = KINDS.get("ring glyphs", 0) + 1
    return out


def ovals(page):
    found = rings(page)
    for d in page.get_drawings():
        if is_oval(d):
            found.append(d["rect"] * page.rotation_matrix)
            k = oval_kind(d)
            KINDS[k] = KINDS.get(k, 0) + 1
    # a CSS border or a stroked+filled shape can yield several paths for one oval
    uniq = []
    for r in found:
        if not any(abs(r.x0 - u.x0) < 3 and abs(r.y0 - u.y0) < 3 and abs(r.x1 - u.x1) < 3 and abs(r.y1 - u.y1) < 3 for u in uniq):
            uniq.append(r)
    return uniq


def inside(rect, x, y):
    cx, cy = (rect.x0 + rect.x1) / 2, (rect.y0 + rect.y1) / 2
    rx, ry = rect.width / 2, rect.height / 2
    return ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1.0


def expected_marks(spec):
    return [[pc["marks"] for pc in page["pieces"] if pc["part"] == 0] for page in speclib.pieces(spec)]


def check_page(page, exp):
    problems = []
    chars, text = page_chars(page)
    # ring glyphs printed over words are marks, not text (see rings())
    chars = [c for c in chars if c[0] not in RINGS]
    text = "".join(c[0] for c in chars)
    inst = decision_instances(chars, text)  # per decision text: {word: [char indices]}
    if len(inst) != len(exp):
        problems.append(f"{len(inst)} decision texts found, spec has {len(exp)}")
        return problems, 0
    owner = {}
    for i, words in enumerate(inst):
        for w, idx in words.items():
            for k in idx:
                owner[k] = (i, w)
    got = [set() for _ in inst]
    ovs = ovals(page)
    for r in ovs:
        enclosed = [k for k, (c, x, y) in enumerate(chars) if c.strip() and c not in RINGS and inside(r, x, y)]
        keys = {owner.get(k) for k in enclosed}
        if not enclosed:
            problems.append(f"oval at {tuple(round(v) for v in r)} encloses nothing")
            continue
        if None in keys or len(keys) != 1:
            txt = "".join(chars[k][0] for k in enclosed)
            problems.append(f"oval at {tuple(round(v) for v in r)} encloses {txt!r}, not exactly one mark word")
            continue
        (i, w), = keys
        if len(enclosed) != len(inst[i][w]):
            problems.append(f"oval at {tuple(round(v) for v in r)} encloses part of {w}")
            continue
        got[i].add(w)
    for i, (g, e) in enumerate(zip(got, exp)):
        if g != set(e):
            problems.append(f"row {i + 1}: circled {sorted(g)}, spec {sorted(e)}")
    return problems, len(ovs)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    with open(os.path.join(root, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    specs = {}
    failed = 0
    total_ovals = 0
    for ent in manifest["samples"]:
        path = os.path.join(root, ent["file"])
        doc = fitz.open(path)
        if ent.get("variant") == "scan-searchable":
            # pen ovals are pixels, not paths: only the text layer is checked here
            ntext = sum(len(p.get_text("text").strip()) for p in doc)
            nimg = sum(len(p.get_images()) for p in doc)
            ok = ntext > 0 and nimg >= doc.page_count
            print(f"{'ok ' if ok else 'FAIL'} {ent['file']}: searchable scan, {nimg} images, {ntext} text chars")
            failed += not ok
            continue
        if ent.get("expect_error") == "no_text_layer" or ent.get("needs_feature") == "ocr":
            ntext = sum(len(p.get_text("text").strip()) for p in doc)
            nimg = sum(len(p.get_images()) for p in doc)
            ok = ntext == 0 and nimg >= doc.page_count
            print(f"{'ok ' if ok else 'FAIL'} {ent['file']}: image-only, {nimg} images, {ntext} text chars")
            failed += not ok
            continue
        if ent["spec"] not in specs:
            specs[ent["spec"]] = speclib.load(os.path.join(root, "spec", ent["spec"] + ".json"))
        spec = specs[ent["spec"]]
        if speclib.style(spec) != "oval" or not A_RE.search(spec.get("decision_text", "")):
            # boxes, option columns or other decision words: no 終了・継続 → 同じ・変更 to check
            print(f"skip {ent['file']}: decisions marked by {speclib.style(spec)}, not ovals on 終了・継続 → 同じ・変更")
            continue
        exp = expected_marks(spec)
        probs = []
        n = 0
        KINDS.clear()
        if doc.page_count != len(exp):
            probs.append(f"{doc.page_count} pages, spec has {len(exp)}")
        for pno, page in enumerate(doc):
            if pno >= len(exp):
                break
            p, k = check_page(page, exp[pno])
            n += k
            probs += [f"p{pno + 1}: {x}" for x in p]
        total_ovals += n
        nexp = sum(len(m) for pg in exp for m in pg)
        if probs:
            failed += 1
            print(f"FAIL {ent['file']}: {len(probs)} problems")
            for x in probs[:12]:
                print("     ", x)
        else:
            kinds = "; ".join(f"{v} {k}" for k, v in sorted(KINDS.items()))
            print(f"ok   {ent['file']}: {n} ovals, {nexp} marks as specified (paths: {kinds})")
    print(f"{len(manifest['samples'])} samples, {total_ovals} ovals checked, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
