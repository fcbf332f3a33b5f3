"""reportlab producer: non-embedded CID fonts (UniJIS-UCS2-H), table ruled with
lines, ovals drawn on the canvas.

usage: render_rl.py SPEC OUT.pdf [--font HeiseiKakuGo-W5|HeiseiMin-W3]
                    [--oval ellipse|freehand|segments|offcentre|ring] [--rotate]
"""
import argparse
import math
import random

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

import speclib

PAD = 3.0
MARGIN = 24.0
# Box glyphs the Japanese CID fonts lack: drawn from a fallback TrueType font
# that sits lower than the text, as office software does.
FALLBACK_CHARS = set("☑☐☒✓✔")
FALLBACK_FONT = ("DejaVuSans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FALLBACK_DROP = 0.18  # of the font size


def draw_text(c, x, y, line, font, fs):
    """drawString, with the glyphs the CID font lacks taken from the fallback font."""
    if not FALLBACK_CHARS & set(line):
        c.drawString(x, y, line)
        return
    run = ""
    for ch in line + "\0":
        if ch in FALLBACK_CHARS or ch == "\0":
            if run:
                c.setFont(font, fs)
                c.drawString(x, y, run)
                x += pdfmetrics.stringWidth(run, font, fs)
                run = ""
            if ch in FALLBACK_CHARS:
                c.setFont(FALLBACK_FONT[0], fs)
                c.drawString(x, y - FALLBACK_DROP * fs, ch)
                x += pdfmetrics.stringWidth(ch, FALLBACK_FONT[0], fs)
        else:
            run += ch
    c.setFont(font, fs)


def wrap(text, font, size, width):
    """Hard breaks stay; a line longer than the cell wraps per character."""
    out = []
    for para in text.split("\n") if text else []:
        line = ""
        for ch in para:
            if line and pdfmetrics.stringWidth(line + ch, font, size) > width:
                out.append(line)
                line = ch
            else:
                line += ch
        out.append(line)
    return out


def ring_glyph(c, font, x0, y0, x1, y1):
    """A large ◯ printed over the word (as Word's 囲い文字 does): its em box,
    a square a little wider than the oval box, centred on it."""
    size = 1.2 * max(x1 - x0 - 5.0, y1 - y0 - 5.2)
    asc, desc = pdfmetrics.getAscentDescent(font, size)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2 - 0.9
    c.saveState()
    c.setFillColorRGB(0.85, 0, 0)
    c.setFont(font, size)
    c.drawString(cx - size / 2, cy - (asc + desc) / 2, "◯")
    c.restoreState()


def oval_path(c, x0, y0, x1, y1, style, rnd):
    cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    if style in ("ellipse", "offcentre"):
        c.ellipse(x0, y0, x1, y1, stroke=1, fill=0)
        return
    p = c.beginPath()
    if style == "segments":
        # a polygon, as some editors export ovals: 16 straight segments, closed
        n = 16
        for i in range(n):
            a = 2 * math.pi * i / n
            x, y = cx + rx * math.cos(a), cy + ry * 1.04 * math.sin(a)
            p.moveTo(x, y) if i == 0 else p.lineTo(x, y)
        p.close()
    else:
        # freehand: a wobbly loop drawn by mouse, starting at the upper right and
        # stopping short of its start, so the path is not closed
        n = 28
        start = 0.35
        for i in range(n + 1):
            a = start + (2 * math.pi - 0.55) * i / n
            wob = 1 + rnd.uniform(-0.05, 0.05)
            x = cx + rx * wob * math.cos(a)
            y = cy + ry * 1.08 * wob * math.sin(a) + rnd.uniform(-0.4, 0.4)
            p.moveTo(x, y) if i == 0 else p.lineTo(x, y)
    c.drawPath(p, stroke=1, fill=0)


def render(spec, out, font="HeiseiKakuGo-W5", oval="ellipse", rotate=False, ovals=None):
    """`oval="none"` draws no ovals and appends each one's box to `ovals` instead
    (page index, x0, y0, x1, y1 in PDF points), for scan.py's pen strokes."""
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    from reportlab.pdfbase.ttfonts import TTFont
    pdfmetrics.registerFont(TTFont(*FALLBACK_FONT))
    W, H = landscape(A4) if spec.get("orientation", "landscape") == "landscape" else A4
    fs = spec.get("font_size", 8)
    lh = fs * 1.25
    cols = spec["columns"]
    xs = [MARGIN]
    for col in cols:
        xs.append(xs[-1] + col["width"])
    rnd = random.Random(7)
    # reportlab swaps the MediaBox itself when a page is rotated by 90
    size = (W, H)
    c = canvas.Canvas(out, pagesize=size, invariant=1)
    c.setTitle(spec["title"])
    c.setCreator("shinchoku samples (reportlab)")
    pages = list(speclib.pieces(spec))
    last = pages[-1] if pages else None
    for page_no, page in enumerate(pages):
        if rotate:
            # MediaBox portrait, /Rotate 90: content drawn turned so it reads upright
            c.setPageRotation(90)
            c.translate(H, 0)
            c.rotate(90)
        y = H - MARGIN
        c.setFont(font, 11)
        c.drawString(MARGIN, y - 11, spec["body"])
        y -= 28
        c.setFont(font, 12)
        c.drawString(MARGIN + 120, y - 12, spec["title_line"])
        c.setFont(font, 8)
        c.drawRightString(xs[-1], y - 22, spec["note"])
        y -= 30
        top = y
        c.setLineWidth(0.6)
        rows = []
        grouped = any(col.get("group") for col in cols)
        if page["header"]:
            hl = [wrap(col["header"], font, fs, col["width"] - 2 * PAD) for col in cols]
            hh = max(len(l) for l in hl) * lh + 2 * PAD + 4
            if grouped:
                # two-row header: group labels over their sub-columns
                hh = 2 * (lh + 2 * PAD)
            rows.append(("header", hl, hh, None))
        for pc in page["pieces"]:
            cl = [wrap(pc["cells"][col["key"]], font, fs, col["width"] - 2 * PAD) for col in cols]
            h = max([len(l) for l in cl] + [1]) * lh + 2 * PAD + 2
            rows.append(("row", cl, h, pc))
        # purpose cells merged: the rule under a covered purpose cell is not drawn
        ytops = []
        yy = top
        for kind, cl, h, pc in rows:
            ytops.append(yy)
            yy -= h
        bottom = yy
        for i, (kind, cl, h, pc) in enumerate(rows):
            yt = ytops[i]
            c.setFont(font, fs)
            for ci, lines in enumerate(cl):
                if kind == "row" and cols[ci]["key"] == "purpose" and not pc["purpose_top"]:
                    continue
                for li, line in enumerate(lines):
                    bx = xs[ci] + PAD
                    by = yt - PAD - fs - li * lh
                    if kind == "header":
                        bx = xs[ci] + (cols[ci]["width"] - pdfmetrics.stringWidth(line, font, fs)) / 2
                        if grouped:
                            # sub-columns sit in the lower band, the others span both
                            by = yt - h + PAD + 2 if cols[ci].get("group") else yt - h / 2 - fs / 2 + 1
                    draw_text(c, bx, by, line, font, fs)
            if kind == "header" and grouped:
                for g in dict.fromkeys(col.get("group") for col in cols if col.get("group")):
                    idx = [i for i, col in enumerate(cols) if col.get("group") == g]
                    gx0, gx1 = xs[idx[0]], xs[idx[-1] + 1]
                    c.drawString((gx0 + gx1 - pdfmetrics.stringWidth(g, font, fs)) / 2, yt - PAD - fs, g)
                    c.line(gx0, yt - h / 2, gx1, yt - h / 2)
            # horizontal rule above this row
            x_from = xs[0]
            if kind == "row" and not pc["purpose_top"]:
                pcol = [col["key"] for col in cols].index("purpose")
                c.line(xs[0], yt, xs[pcol], yt) if pcol > 0 else None
                x_from = xs[pcol + 1]
            c.line(x_from, yt, xs[-1], yt)
            if kind == "row" and pc["marks"]:
                dcol = [col["key"] for col in cols].index("decision")
                dtext = cl[dcol]
                for w in pc["marks"]:
                    for li, line in enumerate(dtext):
                        k = line.find(w)
                        if k < 0:
                            continue
                        wx = xs[dcol] + PAD + pdfmetrics.stringWidth(line[:k], font, fs)
                        ww = pdfmetrics.stringWidth(w, font, fs)
                        by = yt - PAD - fs - li * lh
                        x0, y0, x1, y1 = wx - 2.5, by - 3.4, wx + ww + 2.5, by + fs + 1.8
                        if oval == "offcentre":
                            # shifted up and left: crosses the row's top rule
                            x0, x1, y0, y1 = x0 - 2.5, x1 - 1.5, y0 + 3.2, y1 + 4.6
                        if oval == "none":
                            ovals.append((page_no, x0, y0, x1, y1))
                            break
                        c.setStrokeColorRGB(0.85, 0, 0)
                        c.setLineWidth(0.9)
                        if oval == "ring":
                            ring_glyph(c, font, x0, y0, x1, y1)
                        else:
                            oval_path(c, x0, y0, x1, y1, oval, rnd)
                        c.setStrokeColorRGB(0, 0, 0)
                        c.setLineWidth(0.6)
                        break
        c.line(xs[0], bottom, xs[-1], bottom)
        if spec.get("rules", "grid") == "grid":
            for x in xs:
                c.line(x, top, x, bottom)
        app = spec.get("appendix")
        if app and page is last:
            # a second table with its own column grid, stacked on the first
            # one's bottom rule
            axs = [MARGIN]
            for col in app["columns"]:
                axs.append(axs[-1] + col["width"])
            ah = lh + 2 * PAD + 2
            arows = [[col["header"] for col in app["columns"]]] + app["rows"]
            c.setFont(font, fs)
            for ri, cells in enumerate(arows):
                yt = bottom - ri * ah
                for ci, text in enumerate(cells):
                    c.drawString(axs[ci] + PAD, yt - PAD - fs, text)
                c.line(axs[0], yt - ah, axs[-1], yt - ah)
            abottom = bottom - len(arows) * ah
            for x in axs:
                c.line(x, bottom, x, abottom)
            bottom = abottom
        c.setFont(font, 8)
        c.drawString(MARGIN, bottom - 14, spec["footnote"])
        c.showPage()
    c.save()


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("spec")
    ap.add_argument("out")
    ap.add_argument("--font", default="HeiseiKakuGo-W5")
    ap.add_argument("--oval", default="ellipse")
    ap.add_argument("--rotate", action="store_true")
    a = ap.parse_args()
    render(speclib.load(a.spec), a.out, a.font, a.oval, a.rotate)
