"""Chromium producer: an HTML table printed to PDF by headless Chromium.

Ovals are CSS: each circled word is a span whose ::after box has a
border-radius of 50%, positioned around the word without moving the text.
The 目的 cell is merged with rowspan.

usage: render_html.py SPEC OUT.pdf [--svg]
  --svg: ovals as inline SVG ellipses instead of CSS borders
"""
import argparse
import html
import os
import subprocess
import tempfile

import speclib


def cell_html(text, marks=(), svg=False):
    t = html.escape(text)
    for w in marks:
        if svg:
            o = ('<span class="m">' + w + '<svg class="o" viewBox="0 0 100 100" preserveAspectRatio="none">'
                 '<ellipse cx="50" cy="50" rx="48" ry="46" fill="none" stroke="#c00" stroke-width="5" '
                 'vector-effect="non-scaling-stroke" style="stroke-width:1px"/></svg></span>')
        else:
            o = '<span class="m">' + w + "</span>"
        t = t.replace(w, o, 1)
    return t


def build(spec, svg=False, font="'IPAexGothic', 'Noto Sans CJK JP'"):
    cols = spec["columns"]
    fs = spec.get("font_size", 8)
    orient = spec.get("orientation", "landscape")
    css = f"""
@page {{ size: A4 {orient}; margin: 9mm; }}
body {{ font-family: {font}, sans-serif; font-size: {fs}pt; margin: 0; }}
.page {{ page-break-after: always; }}
.page:last-child {{ page-break-after: auto; }}
.body {{ font-size: 11pt; margin-bottom: 8pt; }}
.title {{ font-size: 12pt; margin-left: 120pt; }}
.note {{ text-align: right; font-size: 8pt; margin-bottom: 4pt; }}
table {{ border-collapse: collapse; table-layout: fixed; }}
td, th {{ border: 0.6pt solid #000; vertical-align: top; padding: 2pt 3pt; white-space: pre-wrap;
         word-break: break-all; line-height: 1.25; }}
th {{ font-weight: normal; text-align: center; }}
.foot {{ font-size: 8pt; margin-top: 4pt; }}
.m {{ position: relative; }}
.m::after {{ content: ''; position: absolute; left: -2.5pt; right: -2.5pt; top: -2.2pt; bottom: -2.2pt;
            border: 0.9pt solid #c00; border-radius: 50%; }}
.o {{ position: absolute; left: -3pt; top: -2.5pt; width: calc(100% + 6pt); height: calc(100% + 5pt); overflow: visible; }}
"""
    if svg:
        css += ".m::after { display: none; }\n"
    out = ["<!DOCTYPE html><html lang='ja'><head><meta charset='utf-8'><style>", css, "</style></head><body>"]
    colgroup = "<colgroup>" + "".join(f"<col style='width:{c['width']}pt'>" for c in cols) + "</colgroup>"
    for page in speclib.pieces(spec):
        out.append("<div class='page'>")
        out.append(f"<div class='body'>{html.escape(spec['body'])}</div>")
        out.append(f"<div class='title'>{html.escape(spec['title_line'])}</div>")
        out.append(f"<div class='note'>{html.escape(spec['note'])}</div>")
        width = sum(c["width"] for c in cols)
        out.append(f"<table style='width:{width}pt'>{colgroup}")
        if page["header"]:
            out.append("<tr>" + "".join(f"<th>{html.escape(c['header'])}</th>" for c in cols) + "</tr>")
        for pc in page["pieces"]:
            tds = []
            for c in cols:
                k = c["key"]
                if k == "purpose":
                    if not pc["purpose_top"]:
                        continue
                    tds.append(f"<td rowspan='{pc['purpose_span']}'>{html.escape(pc['cells'][k])}</td>")
                elif k == "decision":
                    tds.append(f"<td>{cell_html(pc['cells'][k], pc['marks'], svg)}</td>")
                else:
                    tds.append(f"<td>{html.escape(pc['cells'][k])}</td>")
            out.append("<tr>" + "".join(tds) + "</tr>")
        out.append("</table>")
        out.append(f"<div class='foot'>{html.escape(spec['footnote'])}</div>")
        out.append("</div>")
    out.append("</body></html>")
    return "\n".join(out)


def render(spec, out, svg=False, font=None):
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, spec["id"] + ".html")
        with open(src, "w", encoding="utf-8") as f:
            f.write(build(spec, svg) if font is None else build(spec, svg, font))
        prof = os.path.join(d, "profile")
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={prof}", "--no-pdf-header-footer", "--print-to-pdf-no-header",
                        f"--print-to-pdf={os.path.abspath(out)}", "file://" + src],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("spec")
    ap.add_argument("out")
    ap.add_argument("--svg", action="store_true")
    a = ap.parse_args()
    render(speclib.load(a.spec), a.out, a.svg)
