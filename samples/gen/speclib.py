"""Shared reading of sample specs (samples/spec/*.json).

Every producer renders the same page layout from a spec, and the goldens are
derived from the spec alone, so that the truth never depends on a renderer or on
shinchoku itself.

Spec conventions (see samples/spec/README.md):
- `pages[i].rows` lists row ids in print order; `"r7+"` is the continuation of
  row r7 (a row split across a page break, see `split` on the row).
- a row whose `purpose` is null is covered by the merged 目的 cell above it; a merged
  cell that runs across a page break prints its text only where it starts.
- `split` on a row: {column key: number of lines printed on the first page}; the
  remaining lines go on the next page; columns not named stay on the first page.
"""
import json
import os
import hashlib

MARK_WORDS = ["終了", "継続", "同じ", "変更"]
ROLE_KEYS = ["purpose", "method", "plan_pages", "status", "evaluation", "decision", "reason"]


def load(path):
    with open(path, encoding="utf-8") as f:
        spec = json.load(f)
    spec["_rows"] = {r["id"]: r for r in spec["rows"]}
    return spec


def all_specs(spec_dir):
    return [load(os.path.join(spec_dir, n)) for n in sorted(os.listdir(spec_dir)) if n.endswith(".json")]


# Decision words by value, as issue 10 lists them (written here from the issue,
# independently of shinchoku's table, so that the goldens check it).
VOCAB = {
    "end": ["終了", "廃止", "完了", "休止", "中止", "事業終了"],
    "continue_same": ["同じ", "現状維持", "現状のまま継続", "現行どおり", "維持"],
    "continue_change": ["変更", "拡充", "充実", "拡大", "縮小", "改善", "見直し", "効率化", "統合", "手法改善"],
    "continue": ["継続"],
}
OPTION_PREFIX = "option:"


def style(spec):
    """How decisions are marked: `oval` (default: ovals around printed words),
    `checkbox` (a filled box before the chosen words, `{word}` placeholders in
    decision_text), `column` (a mark in per-option columns `option:WORD`)."""
    return spec.get("decision_style", "oval")


def boxes(spec, row):
    """(filled, empty) box glyphs of a checkbox row."""
    return tuple(row.get("boxes", spec.get("boxes", ["■", "□"])))


def decision_text(spec, row):
    text = row.get("decision_text", spec.get("decision_text", ""))
    if style(spec) == "checkbox" and not row.get("typed"):
        on, off = boxes(spec, row)
        for w in sorted(set(VOCAB_WORDS), key=len, reverse=True):
            text = text.replace("{" + w + "}", on if w in row.get("marks", []) else off)
    return text


VOCAB_WORDS = [w for ws in VOCAB.values() for w in ws]


def cell_text(spec, row, key):
    if key == "decision":
        return decision_text(spec, row)
    if key.startswith(OPTION_PREFIX):
        mark = row.get("column_mark", spec.get("column_mark", "○"))
        return mark if key[len(OPTION_PREFIX):] in row.get("marks", []) else ""
    return row.get(key) or ""


def ovals_drawn(spec):
    """Whether the row's marks are drawn as ovals around the words."""
    return style(spec) == "oval"


def pieces(spec):
    """Yields, per printed page, the list of row pieces with the text each cell shows.

    A piece is a dict: row (the spec row), part (0 = first or whole, 1 = continuation),
    cells {key: text on this page}, marks (words circled on this piece),
    purpose_top (True if the merged purpose cell starts here), purpose_span,
    purpose_text (text printed in the merged cell, '' on continuation pages).
    """
    out = []
    keys = [c["key"] for c in spec["columns"]]
    for page in spec["pages"]:
        plist = []
        for rid in page["rows"]:
            cont = rid.endswith("+")
            row = spec["_rows"][rid.rstrip("+")]
            split = row.get("split") or {}
            cells = {}
            for k in keys:
                full = cell_text(spec, row, k)
                if k == "purpose":
                    cells[k] = None  # filled by the merge pass below
                    continue
                lines = full.split("\n") if full else []
                if k in split:
                    n = split[k]
                    part = lines[n:] if cont else lines[:n]
                    cells[k] = "\n".join(part)
                else:
                    cells[k] = "" if cont else full
            plist.append({
                "row": row,
                "part": 1 if cont else 0,
                "cells": cells,
                "marks": [] if cont or not ovals_drawn(spec) else list(row.get("marks", [])),
            })
        # merge pass: a piece starts a new purpose block when its row has its own
        # purpose and it is not a continuation; everything else joins the block above.
        i = 0
        while i < len(plist):
            p = plist[i]
            own = p["row"].get("purpose") is not None and p["part"] == 0
            text = p["row"]["purpose"] if own else ""
            j = i + 1
            while j < len(plist) and not (plist[j]["row"].get("purpose") is not None and plist[j]["part"] == 0):
                j += 1
            for k in range(i, j):
                plist[k]["purpose_top"] = k == i
                plist[k]["purpose_span"] = j - i if k == i else 0
                plist[k]["purpose_text"] = text
                plist[k]["cells"]["purpose"] = text if k == i else ""
            i = j
        out.append({"header": page.get("header", True), "pieces": plist})
    return out


def word_class(w):
    return next((v for v, ws in VOCAB.items() if w in ws), None)


def decision_value(marks):
    s = {word_class(w) for w in marks} - {None}
    if not s:
        return "unmarked"
    if "end" in s and len(s) > 1:
        return "ambiguous"
    if "continue_same" in s and "continue_change" in s:
        return "ambiguous"
    if s == {"end"}:
        return "end"
    if "continue_same" in s:
        return "continue_same"
    if "continue_change" in s:
        return "continue_change"
    return "continue"


def ordered_marks(marks, text=""):
    """The chosen words in reading order: by where they are printed."""
    def pos(w):
        if w in text:
            return text.find(w)
        return len(text) + (MARK_WORDS.index(w) if w in MARK_WORDS else len(MARK_WORDS))
    return sorted(dict.fromkeys(marks), key=pos)


def words_in(text):
    """Vocabulary words in typed text, longest first at each position."""
    out, i = [], 0
    while i < len(text):
        w = max((w for w in VOCAB_WORDS if text.startswith(w, i)), key=len, default=None)
        if w:
            out.append(w)
            i += len(w)
        else:
            i += 1
    return out


def label_of(words):
    if len(words) > 1 and words[0] == "継続":
        return "継続（" + "・".join(words[1:]) + "）"
    return "・".join(words)


def decision(spec, row, oval_kind="oval"):
    """The golden decision of a row: value, the chosen words, the printed
    label and how the choice was marked (`oval_kind`: what the producer drew
    for an oval style, `oval` or `glyph_ring`)."""
    st = style(spec)
    if row.get("typed"):
        text = decision_text(spec, row).strip()
        words = list(dict.fromkeys(words_in(text)))
        value = decision_value(words)
        return {"value": value, "marked": words, "label": text or None,
                "mark_kind": "text" if text else None, "confidence": 1.0}
    if st == "column":
        opts = [c["key"][len(OPTION_PREFIX):] for c in spec["columns"] if c["key"].startswith(OPTION_PREFIX)]
        marks = [w for w in opts if w in row.get("marks", [])]
    else:
        marks = ordered_marks(row.get("marks", []), decision_text(spec, row))
    if not marks:
        return {"value": "unmarked", "marked": [], "label": None, "mark_kind": None, "confidence": 1.0}
    return {"value": decision_value(marks), "marked": marks, "label": label_of(marks),
            "mark_kind": {"oval": oval_kind, "checkbox": "checkbox", "column": "column"}[st], "confidence": 1.0}


def event_texts(status, events):
    """The status-cell segment of each event: the whole cell for one event, else
    the text from one label (①, ②…) up to the next."""
    if len(events) <= 1:
        return [status] * len(events)
    labels = [e["label"] for e in events]
    if any(l is None for l in labels):
        raise ValueError("several events need labels or explicit text: " + status)
    out = []
    for i, l in enumerate(labels):
        a = status.index(l)
        b = status.index(labels[i + 1], a + 1) if i + 1 < len(labels) else len(status)
        out.append(status[a:b].strip())
    return out


def records(spec, oval_kind="oval"):
    """Golden records: one per spec row, page = the page where the row starts."""
    recs = []
    first_page = {}
    for pno, page in enumerate(spec["pages"], start=1):
        for rid in page["rows"]:
            if not rid.endswith("+"):
                first_page.setdefault(rid, pno)
    headers = {c["key"]: c["header"] for c in spec["columns"]}
    purpose = None
    row_on_page = {}
    order = [rid for page in spec["pages"] for rid in page["rows"] if not rid.endswith("+")]
    for rid in order:
        row = spec["_rows"][rid]
        if row.get("purpose") is not None:
            purpose = row["purpose"]
        pno = first_page[rid]
        row_on_page[pno] = row_on_page.get(pno, 0) + 1
        exp = row["expect"]
        events = []
        texts = event_texts(row.get("status", ""), exp["events"])
        for ev, t in zip(exp["events"], texts):
            e = {"label": ev.get("label"), "text": ev.get("text", t), "date": ev.get("date"),
                 "action": ev.get("action"), "participants": ev.get("participants")}
            events.append(e)
        cells = {}
        for c in spec["columns"]:
            k = c["key"]
            # a column under a group header is keyed "group sub-header"
            name = f'{c["group"]} {c["header"]}' if c.get("group") else c["header"]
            cells[name] = purpose if k == "purpose" else cell_text(spec, row, k)
        rec = {
            "id": f"p{pno}-r{row_on_page[pno]}",
            "index": len(recs),
            "page": pno,
            "row": row_on_page[pno],
            "purpose": purpose,
            "method": row.get("method") or "",
            "plan_pages": exp["plan_pages"],
            "status": row.get("status") or "",
            "evaluation": row.get("evaluation") or "",
            "reason": row.get("reason") or "",
            "decision": decision(spec, row, oval_kind),
            "events": events,
            "participants_total": exp["participants_total"],
            "counts": exp["counts"],
            "cells": cells,
        }
        recs.append(rec)
    return recs


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def golden(spec, pdf_path, pages, error=None, oval_kind="oval"):
    src = {"file": os.path.basename(pdf_path), "sha256": sha256(pdf_path), "pages": pages}
    if error:
        return {"schema_version": "1", "source": src, "error": error}
    return {
        "schema_version": "1",
        "source": src,
        "body": spec["body"],
        "title": spec["title"],
        "period": spec["period"],
        "records": records(spec, oval_kind),
        "warnings": spec.get("expected_warnings", []),
    }
