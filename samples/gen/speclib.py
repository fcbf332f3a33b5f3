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


def decision_text(spec, row):
    return row.get("decision_text", spec["decision_text"])


def cell_text(spec, row, key):
    if key == "decision":
        return decision_text(spec, row)
    return row.get(key) or ""


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
                "marks": [] if cont else list(row.get("marks", [])),
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


def decision_value(marks):
    s = set(marks)
    if not s:
        return "unmarked"
    if "終了" in s and s & {"継続", "同じ", "変更"}:
        return "ambiguous"
    if "同じ" in s and "変更" in s:
        return "ambiguous"
    if s == {"終了"}:
        return "end"
    if "同じ" in s:
        return "continue_same"
    if "変更" in s:
        return "continue_change"
    return "continue"


def ordered_marks(marks):
    return [w for w in MARK_WORDS if w in marks]


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


def records(spec):
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
        marks = ordered_marks(row.get("marks", []))
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
            "decision": {"value": decision_value(marks), "marked": marks, "confidence": 1.0},
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


def golden(spec, pdf_path, pages, error=None):
    src = {"file": os.path.basename(pdf_path), "sha256": sha256(pdf_path), "pages": pages}
    if error:
        return {"schema_version": "1", "source": src, "error": error}
    return {
        "schema_version": "1",
        "source": src,
        "body": spec["body"],
        "title": spec["title"],
        "period": spec["period"],
        "records": records(spec),
        "warnings": spec.get("expected_warnings", []),
    }
