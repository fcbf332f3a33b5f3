"""LibreOffice producers: Calc from a flat ODS (.fods) and Writer from a flat ODT
(.fodt), exported with `soffice --headless --convert-to pdf`.

Ovals are drawing shapes (draw:ellipse), as an author would place them by hand.
Their positions come from a first rendering without ovals: the decision words are
located in that PDF with PyMuPDF and the ellipses are placed around them, with a
calibration shape giving the offset between document and PDF coordinates.

Calc: one sheet per printed page (each sheet prints on its own page), merged
目的 cells (number-rows-spanned), wrapped text, shapes anchored on the sheet.
Writer: one table per page, page breaks before each page, shapes anchored to the
page.

usage: render_lo.py calc|writer SPEC OUT.pdf
"""
import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile
from xml.sax.saxutils import escape

import fitz

import speclib
from check_ovals import page_chars, decision_instances

PT_PER_CM = 72 / 2.54
CAL = (0.3, 0.3, 0.4, 0.3)  # calibration ellipse, cm: x, y, w, h

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2"')
FONT = "IPAexGothic"


def paras(text, style=None):
    st = f' text:style-name="{style}"' if style else ""
    lines = text.split("\n") if text else [""]
    return "".join(f"<text:p{st}>{escape(l)}</text:p>" for l in lines)


def ellipse_xml(x, y, w, h, extra=""):
    return (f'<draw:ellipse draw:style-name="gr1" draw:z-index="10" {extra} svg:x="{x:.3f}cm" svg:y="{y:.3f}cm" '
            f'svg:width="{w:.3f}cm" svg:height="{h:.3f}cm"/>')


def polygon_xml(x, y, w, h, n, extra=""):
    """A closed polyline of n straight segments, as Writer exports an oval drawn
    with its polygon tool (or converted to a polygon): no curves at all."""
    vb = 1000
    pts = " ".join(f"{round(vb / 2 + vb / 2 * math.cos(2 * math.pi * i / n))},"
                   f"{round(vb / 2 + vb / 2 * math.sin(2 * math.pi * i / n))}" for i in range(n))
    return (f'<draw:polygon draw:style-name="gr1" draw:z-index="10" {extra} svg:x="{x:.3f}cm" svg:y="{y:.3f}cm" '
            f'svg:width="{w:.3f}cm" svg:height="{h:.3f}cm" svg:viewBox="0 0 {vb} {vb}" draw:points="{pts}"/>')


def oval_boxes(word_box):
    x0, y0, x1, y1 = word_box
    return x0 - 2.5, y0 - 1.6, x1 + 2.5, y1 + 1.6


def page_geom(spec):
    if spec.get("orientation", "landscape") == "landscape":
        return 'fo:page-width="29.7cm" fo:page-height="21cm" style:print-orientation="landscape"'
    return 'fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait"'


# ---------------------------------------------------------------- Calc

def calc_doc(spec, shapes):
    """shapes: per page list of (x, y, w, h) in cm, sheet coordinates."""
    cols = spec["columns"]
    fs = spec.get("font_size", 8)
    st = [f'<style:style style:name="co{i}" style:family="table-column"><style:table-column-properties style:column-width="{c["width"]}pt"/></style:style>'
          for i, c in enumerate(cols)]
    st.append('<style:style style:name="ro" style:family="table-row"><style:table-row-properties style:use-optimal-row-height="true"/></style:style>')
    st.append('<style:style style:name="rt" style:family="table-row"><style:table-row-properties style:row-height="0.75cm"/></style:style>')
    txt = f'<style:text-properties style:font-name="{FONT}" style:font-name-asian="{FONT}" fo:font-size="{fs}pt" style:font-size-asian="{fs}pt"/>'
    st.append(f'<style:style style:name="ce" style:family="table-cell"><style:table-cell-properties fo:border="0.6pt solid #000000" fo:wrap-option="wrap" style:vertical-align="top" fo:padding="0.08cm"/>{txt}</style:style>')
    st.append(f'<style:style style:name="ch" style:family="table-cell"><style:table-cell-properties fo:border="0.6pt solid #000000" fo:wrap-option="wrap" style:vertical-align="middle"/><style:paragraph-properties fo:text-align="center"/>{txt}</style:style>')
    big = f'<style:text-properties style:font-name="{FONT}" style:font-name-asian="{FONT}" fo:font-size="11pt" style:font-size-asian="11pt"/>'
    st.append(f'<style:style style:name="cb" style:family="table-cell">{big}</style:style>')
    st.append(f'<style:style style:name="cn" style:family="table-cell"><style:paragraph-properties fo:text-align="end"/>{txt}</style:style>')
    st.append(f'<style:style style:name="cf" style:family="table-cell">{txt}</style:style>')
    st.append('<style:style style:name="gr1" style:family="graphic"><style:graphic-properties draw:stroke="solid" svg:stroke-color="#cc0000" svg:stroke-width="0.03cm" draw:fill="none"/></style:style>')
    st.append('<style:style style:name="ta" style:family="table" style:master-page-name="Default"><style:table-properties table:display="true"/></style:style>')
    layout = (f'<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties {page_geom(spec)} fo:margin="0.5cm" style:scale-to="100%" style:print="objects charts drawings"/>'
              '<style:header-style/><style:footer-style/></style:page-layout></office:automatic-styles>'
              '<office:master-styles><style:master-page style:name="Default" style:page-layout-name="pm1">'
              '<style:header style:display="false"/><style:footer style:display="false"/></style:master-page></office:master-styles>')
    out = [f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {NS} office:mimetype="application/vnd.oasis.opendocument.spreadsheet">',
           f'<office:font-face-decls><style:font-face style:name="{FONT}" svg:font-family="{FONT}"/></office:font-face-decls>',
           "<office:styles/>", layout.replace("</office:automatic-styles>", "".join(st) + "</office:automatic-styles>", 1),
           "<office:body><office:spreadsheet>"]
    n = len(cols)

    def empty(k):
        return "<table:table-cell/>" * k

    for pno, page in enumerate(speclib.pieces(spec)):
        out.append(f'<table:table table:name="P{pno + 1}" table:style-name="ta">')
        out.append("<table:shapes>" + "".join(ellipse_xml(*s) for s in shapes[pno]) + "</table:shapes>")
        out.append("".join(f'<table:table-column table:style-name="co{i}"/>' for i in range(n)))
        out.append(f'<table:table-row table:style-name="rt"><table:table-cell table:style-name="cb" office:value-type="string">{paras(spec["body"])}</table:table-cell>{empty(n - 1)}</table:table-row>')
        out.append(f'<table:table-row table:style-name="rt"><table:table-cell/><table:table-cell table:style-name="cb" office:value-type="string">{paras(spec["title_line"])}</table:table-cell>{empty(n - 2)}</table:table-row>')
        out.append(f'<table:table-row table:style-name="rt">{empty(n - 1)}<table:table-cell table:style-name="cn" office:value-type="string">{paras(spec["note"])}</table:table-cell></table:table-row>')
        if page["header"]:
            out.append('<table:table-row table:style-name="ro">' + "".join(
                f'<table:table-cell table:style-name="ch" office:value-type="string">{paras(c["header"])}</table:table-cell>' for c in cols) + "</table:table-row>")
        for pc in page["pieces"]:
            cells = []
            for c in cols:
                k = c["key"]
                if k == "purpose" and not pc["purpose_top"]:
                    cells.append('<table:covered-table-cell table:style-name="ce"/>')
                    continue
                span = f' table:number-rows-spanned="{pc["purpose_span"]}" table:number-columns-spanned="1"' if k == "purpose" and pc["purpose_span"] > 1 else ""
                t = pc["cells"][k]
                vt = ' office:value-type="string"' if t else ""
                cells.append(f'<table:table-cell table:style-name="ce"{span}{vt}>{paras(t) if t else ""}</table:table-cell>')
            out.append('<table:table-row table:style-name="ro">' + "".join(cells) + "</table:table-row>")
        out.append(f'<table:table-row table:style-name="rt"><table:table-cell table:style-name="cf" office:value-type="string">{paras(spec["footnote"])}</table:table-cell>{empty(n - 1)}</table:table-row>')
        out.append("</table:table>")
    out.append("</office:spreadsheet></office:body></office:document>")
    return "\n".join(out)


# ---------------------------------------------------------------- Writer

def writer_doc(spec, shapes, polygon=False):
    """shapes: per page list of (x, y, w, h) in cm, page coordinates; with
    `polygon`, each oval is a closed polyline of 20 to 60 segments."""
    cols = spec["columns"]
    fs = spec.get("font_size", 8)
    width = sum(c["width"] for c in cols)
    txt = f'<style:text-properties style:font-name="{FONT}" style:font-name-asian="{FONT}" fo:font-size="{fs}pt" style:font-size-asian="{fs}pt"/>'
    st = [f'<style:style style:name="Tbl" style:family="table"><style:table-properties style:width="{width}pt" table:align="left"/></style:style>']
    st += [f'<style:style style:name="Tbl.C{i}" style:family="table-column"><style:table-column-properties style:column-width="{c["width"]}pt"/></style:style>'
           for i, c in enumerate(cols)]
    st.append('<style:style style:name="Tbl.R" style:family="table-row"><style:table-row-properties fo:keep-together="always"/></style:style>')
    st.append('<style:style style:name="Tbl.A" style:family="table-cell"><style:table-cell-properties fo:border="0.6pt solid #000000" fo:padding="0.07cm" style:vertical-align="top"/></style:style>')
    st.append(f'<style:style style:name="Pc" style:family="paragraph"><style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0cm" fo:line-height="118%"/>{txt}</style:style>')
    st.append(f'<style:style style:name="Ph" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/>{txt}</style:style>')
    big = f'style:font-name="{FONT}" style:font-name-asian="{FONT}"'
    st.append(f'<style:style style:name="Pb" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.2cm"/><style:text-properties {big} fo:font-size="11pt" style:font-size-asian="11pt"/></style:style>')
    st.append(f'<style:style style:name="Pbb" style:family="paragraph" style:parent-style-name="Pb"><style:paragraph-properties fo:break-before="page" fo:margin-bottom="0.2cm"/><style:text-properties {big} fo:font-size="11pt" style:font-size-asian="11pt"/></style:style>')
    st.append(f'<style:style style:name="Pt" style:family="paragraph"><style:paragraph-properties fo:margin-left="4.2cm"/><style:text-properties {big} fo:font-size="12pt" style:font-size-asian="12pt"/></style:style>')
    st.append(f'<style:style style:name="Pn" style:family="paragraph"><style:paragraph-properties fo:text-align="end" fo:margin-bottom="0.1cm"/>{txt}</style:style>')
    st.append(f'<style:style style:name="Pf" style:family="paragraph"><style:paragraph-properties fo:margin-top="0.1cm"/>{txt}</style:style>')
    st.append('<style:style style:name="gr1" style:family="graphic"><style:graphic-properties draw:stroke="solid" svg:stroke-color="#cc0000" svg:stroke-width="0.03cm" draw:fill="none" '
              'style:wrap="run-through" style:run-through="foreground" style:vertical-pos="from-top" style:vertical-rel="page" style:horizontal-pos="from-left" style:horizontal-rel="page"/></style:style>')
    master = (f'<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties {page_geom(spec)} fo:margin="0.8cm"/></style:page-layout>' + "".join(st) + '</office:automatic-styles>'
              '<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles>')
    out = [f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {NS} office:mimetype="application/vnd.oasis.opendocument.text">',
           f'<office:font-face-decls><style:font-face style:name="{FONT}" svg:font-family="{FONT}"/></office:font-face-decls>',
           "<office:styles/>", master, "<office:body><office:text>"]
    k = 0
    for pno, sh in enumerate(shapes):
        for s in sh:
            extra = f'text:anchor-type="page" text:anchor-page-number="{pno + 1}"'
            if polygon and s != CAL:
                out.append(polygon_xml(*s, n=20 + (k * 7) % 41, extra=extra))
                k += 1
            else:
                out.append(ellipse_xml(*s, extra=extra))
    n = len(cols)
    for pno, page in enumerate(speclib.pieces(spec)):
        out.append(paras(spec["body"], "Pbb" if pno else "Pb"))
        out.append(paras(spec["title_line"], "Pt"))
        out.append(paras(spec["note"], "Pn"))
        out.append(f'<table:table table:name="T{pno + 1}" table:style-name="Tbl">')
        out.append("".join(f'<table:table-column table:style-name="Tbl.C{i}"/>' for i in range(n)))
        if page["header"]:
            out.append('<table:table-row table:style-name="Tbl.R">' + "".join(
                f'<table:table-cell table:style-name="Tbl.A" office:value-type="string">{paras(c["header"], "Ph")}</table:table-cell>' for c in cols) + "</table:table-row>")
        for pc in page["pieces"]:
            cells = []
            for c in cols:
                k = c["key"]
                if k == "purpose" and not pc["purpose_top"]:
                    cells.append("<table:covered-table-cell/>")
                    continue
                span = f' table:number-rows-spanned="{pc["purpose_span"]}"' if k == "purpose" and pc["purpose_span"] > 1 else ""
                cells.append(f'<table:table-cell table:style-name="Tbl.A"{span} office:value-type="string">{paras(pc["cells"][k], "Pc")}</table:table-cell>')
            out.append('<table:table-row table:style-name="Tbl.R">' + "".join(cells) + "</table:table-row>")
        out.append("</table:table>")
        out.append(paras(spec["footnote"], "Pf"))
    out.append("</office:text></office:body></office:document>")
    return "\n".join(out)


# ---------------------------------------------------------------- driver

def soffice(src, outdir):
    prof = tempfile.mkdtemp(prefix="lo-profile-")
    try:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{prof}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", outdir, src],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    finally:
        shutil.rmtree(prof, ignore_errors=True)
    return os.path.join(outdir, os.path.splitext(os.path.basename(src))[0] + ".pdf")


def measure(pdf):
    """Per page: the calibration shape's top-left (pt) and the decision words' boxes."""
    doc = fitz.open(pdf)
    pages = []
    for page in doc:
        cal = None
        for d in page.get_drawings():
            r = d["rect"]
            if abs(r.width - CAL[2] * PT_PER_CM) < 1.5 and abs(r.height - CAL[3] * PT_PER_CM) < 1.5 and any(it[0] == "c" for it in d["items"]):
                cal = (r.x0, r.y0)
        chars, text = page_chars(page, boxes=True)
        inst = []
        for found in decision_instances(chars, text):
            words = {}
            for w, idx in found.items():
                bx = [chars[k][3] for k in idx]
                words[w] = (min(b[0] for b in bx), min(b[1] for b in bx), max(b[2] for b in bx), max(b[3] for b in bx))
            inst.append(words)
        pages.append((cal, inst))
    return pages


def render(kind, spec, out, polygon=False):
    if kind == "calc":
        build = calc_doc
    else:
        def build(spec, shapes):
            return writer_doc(spec, shapes, polygon=polygon)
    ext = ".fods" if kind == "calc" else ".fodt"
    npages = len(spec["pages"])
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, spec["id"] + ext)
        if not speclib.ovals_drawn(spec):
            # boxes or option columns: the text alone carries the marks
            with open(src, "w", encoding="utf-8") as f:
                f.write(build(spec, [[] for _ in range(npages)]))
            shutil.copy(soffice(src, d), out)
            return
        with open(src, "w", encoding="utf-8") as f:
            f.write(build(spec, [[CAL] for _ in range(npages)]))
        meas = measure(soffice(src, d))
        if len(meas) != npages:
            sys.exit(f"{kind}: {spec['id']} printed {len(meas)} pages, spec has {npages}")
        shapes = []
        for pno, page in enumerate(speclib.pieces(spec)):
            cal, inst = meas[pno]
            if cal is None:
                sys.exit(f"{kind}: calibration shape not found on page {pno + 1}")
            ox, oy = cal[0] - CAL[0] * PT_PER_CM, cal[1] - CAL[1] * PT_PER_CM
            marked = [pc["marks"] for pc in page["pieces"] if pc["part"] == 0]
            if len(inst) != len(marked):
                sys.exit(f"{kind}: page {pno + 1}: {len(inst)} decision texts, spec has {len(marked)}")
            sh = []
            for words, marks in zip(inst, marked):
                for w in marks:
                    x0, y0, x1, y1 = oval_boxes(words[w])
                    sh.append(((x0 - ox) / PT_PER_CM, (y0 - oy) / PT_PER_CM, (x1 - x0) / PT_PER_CM, (y1 - y0) / PT_PER_CM))
            shapes.append(sh)
        with open(src, "w", encoding="utf-8") as f:
            f.write(build(spec, shapes))
        shutil.copy(soffice(src, d), out)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=["calc", "writer"])
    ap.add_argument("spec")
    ap.add_argument("out")
    a = ap.parse_args()
    render(a.kind, speclib.load(a.spec), a.out)
