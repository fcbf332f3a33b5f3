"""Simulated paper scans of a spec: the reportlab rendering without ovals,
rasterized at 200 or 300 dpi, ovals drawn on the bitmap as pen strokes (2-4 px,
wobbly, some open, some overshooting, off-centre), turned 0.5-1.5 degrees,
paper tone, noise, JPEG quality 55. Each page image goes into a PDF twice:
image-only, and "searchable" (the same image plus the spec's text, as rendered,
in text render mode 3 at slightly jittered positions turned with the page, as a
scanner's OCR layer would sit).

--skew D turns every page by D degrees instead (a badly fed sheet); --rotate
90 stores each page turned a quarter and sets /Rotate 90, as a scanner that
scanned a sheet sideways does, so that viewers show it upright.

usage: scan.py SPEC OUT_IMAGE_ONLY.pdf OUT_SEARCHABLE.pdf --dpi 300 [--colour] [--seed N] [--pages N] [--skew D] [--rotate 90]
"""
import argparse
import io
import math
import os
import random
import tempfile

import fitz
from PIL import Image, ImageChops, ImageDraw
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

import render_rl
import speclib

FONT = "HeiseiKakuGo-W5"
PAPER_COLOUR = (246, 241, 228)
PAPER_GREY = 238
NOISE = 3
INKS = [(25, 35, 120), (150, 20, 25), (30, 30, 30)]


def pen_oval(draw, box, scale, rnd, ink):
    """One hand-drawn loop round box (x0, y0, x1, y1 in pixels, top-left origin)."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    cx = (x0 + x1) / 2 + rnd.uniform(-0.08, 0.08) * w
    cy = (y0 + y1) / 2 + rnd.uniform(-0.10, 0.10) * h
    rx = w / 2 * rnd.uniform(0.98, 1.10)
    ry = h / 2 * rnd.uniform(1.00, 1.15)
    kind = rnd.choice(["open", "overshoot", "closed"])
    sweep = {"open": rnd.uniform(0.86, 0.94), "overshoot": rnd.uniform(1.05, 1.18), "closed": 1.0}[kind]
    start = rnd.uniform(0, 2 * math.pi)
    harm = [(rnd.randint(2, 4), rnd.uniform(0.02, 0.05), rnd.uniform(0, 6.3)) for _ in range(2)]
    drift = rnd.uniform(-0.06, 0.06)  # the pen does not come back to the same radius
    n = 90
    pts = []
    for i in range(n + 1):
        t = i / n
        a = start + 2 * math.pi * sweep * t
        wob = 1 + sum(amp * math.sin(k * a + ph) for k, amp, ph in harm) + drift * t
        pts.append((cx + rx * wob * math.cos(a), cy + ry * wob * math.sin(a)))
    width = max(2, round(rnd.uniform(2, 4) * scale))
    draw.line(pts, fill=ink, width=width, joint="curve")


def turn(x, y, cx, cy, deg):
    """(x, y) in a top-left frame turned about (cx, cy) as PIL turns an image
    by `deg` (counter-clockwise as seen)."""
    a = math.radians(deg)
    dx, dy = x - cx, y - cy
    return cx + dx * math.cos(a) + dy * math.sin(a), cy - dx * math.sin(a) + dy * math.cos(a)


def page_image(page, ovals, dpi, colour, rnd, skew=None):
    pix = page.get_pixmap(dpi=dpi, colorspace=fitz.csRGB)
    img = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    paper = Image.new("RGB", img.size, PAPER_COLOUR if colour else (PAPER_GREY,) * 3)
    img = ImageChops.multiply(img, paper)
    draw = ImageDraw.Draw(img)
    k = dpi / 72.0
    H = page.rect.height
    ink = rnd.choice(INKS) if colour else (45, 45, 45)
    for (x0, y0, x1, y1) in ovals:
        pen_oval(draw, (x0 * k, (H - y1) * k, x1 * k, (H - y0) * k), dpi / 300.0 * 1.0, rnd, ink)
    deg = rnd.choice([-1, 1]) * rnd.uniform(0.5, 1.5)
    if skew is not None:
        deg = skew
    img = img.rotate(deg, resample=Image.BICUBIC, fillcolor=PAPER_COLOUR if colour else (PAPER_GREY,) * 3)
    noise = Image.effect_noise(img.size, NOISE).convert("RGB")
    img = ImageChops.add(img, noise, 1.0, -128)
    if not colour:
        img = img.convert("L")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=55, dpi=(dpi, dpi))
    return buf.getvalue(), deg


def text_layer(c, page, deg, rnd):
    """The page's text in render mode 3, each line turned with the page and
    moved by up to 0.6 pt, as an OCR layer sits roughly over the image."""
    W, H = page.rect.width, page.rect.height
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                if not span["text"].strip():
                    continue
                ox, oy = span["origin"]
                x, y = turn(ox, oy, W / 2, H / 2, deg)
                x += rnd.uniform(-0.6, 0.6)
                y += rnd.uniform(-0.6, 0.6)
                c.saveState()
                c.translate(x, H - y)
                c.rotate(deg)
                t = c.beginText(0, 0)
                t.setTextRenderMode(3)
                t.setFont(FONT, span["size"])
                t.textOut(span["text"])
                c.drawText(t)
                c.restoreState()


def first_pages(spec, n):
    """The spec cut to its first n pages (for small samples); rows split across
    the cut are not allowed, so the cut spec's goldens stay exact."""
    pages = spec["pages"][:n]
    kept = {r.rstrip("+") for p in pages for r in p["rows"]}
    cont = {r.rstrip("+") for p in spec["pages"][n:] for r in p["rows"] if r.endswith("+")}
    if kept & cont:
        raise ValueError(f"{spec['id']}: a row is split across page {n}")
    out = dict(spec)
    out["pages"] = pages
    out["rows"] = [r for r in spec["rows"] if r["id"] in kept]
    out["_rows"] = {r["id"]: r for r in out["rows"]}
    return out


def stored_turned(path, rotate):
    """Rewrites the PDF at path with each page's content turned back by rotate and
    /Rotate set to rotate: it looks the same, but is stored sideways."""
    src = fitz.open(path)
    doc = fitz.open()
    for i, page in enumerate(src):
        W, H = page.rect.width, page.rect.height
        p = doc.new_page(width=H, height=W) if rotate % 180 else doc.new_page(width=W, height=H)
        p.show_pdf_page(p.rect, src, i, rotate=rotate)
        p.set_rotation(rotate)
    doc.set_metadata(src.metadata)
    buf = doc.tobytes(garbage=3, deflate=True)
    src.close()
    with open(path, "wb") as f:
        f.write(buf)


def make(spec, out_image, out_searchable, dpi, colour, seed, skew=None, rotate=0):
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    rnd = random.Random(seed)
    with tempfile.TemporaryDirectory() as d:
        clean = os.path.join(d, "clean.pdf")
        boxes = []
        render_rl.render(spec, clean, font=FONT, oval="none", ovals=boxes)
        src = fitz.open(clean)
        pages = []
        for i, page in enumerate(src):
            jpg, deg = page_image(page, [b[1:] for b in boxes if b[0] == i], dpi, colour, rnd, skew)
            pages.append((page, jpg, deg))
        for out, searchable in ((out_image, False), (out_searchable, True)):
            c = canvas.Canvas(out, invariant=1)
            c.setCreator("shinchoku samples scan (reportlab)")
            c.setTitle(spec["title"])
            for page, jpg, deg in pages:
                W, H = page.rect.width, page.rect.height
                c.setPageSize((W, H))
                c.drawImage(ImageReader(io.BytesIO(jpg)), 0, 0, W, H)
                if searchable:
                    text_layer(c, page, deg, random.Random(seed + page.number))
                c.showPage()
            c.save()
            if rotate:
                stored_turned(out, rotate)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("spec")
    ap.add_argument("image_only")
    ap.add_argument("searchable")
    ap.add_argument("--dpi", type=int, default=300)
    ap.add_argument("--colour", action="store_true")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--pages", type=int, default=0)
    ap.add_argument("--skew", type=float, default=None)
    ap.add_argument("--rotate", type=int, default=0, choices=[0, 90, 180, 270])
    a = ap.parse_args()
    spec = speclib.load(a.spec)
    make(first_pages(spec, a.pages) if a.pages else spec, a.image_only, a.searchable, a.dpi, a.colour, a.seed,
         a.skew, a.rotate)
