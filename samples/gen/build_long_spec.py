"""Writes samples/spec/long_r5.json: a long report (45 rows, 9 pages).

Typing aid only: the spec JSON is the truth and is committed. Each row template
below pairs the printed text with its hand-derived expected values (dates placed
in FY2023: months 4-12 in 2023, 1-3 in 2024), so both come from one place.
Run once; edit the JSON afterwards if needed.
"""
import json
import os
import random

FY = 2023
rnd = random.Random(2023)


def fy_iso(m, d=None):
    y = FY if m >= 4 else FY + 1
    return f"{y}-{m:02d}" + (f"-{d:02d}" if d else "")


def D(raw, m, d=None):
    return {"raw": raw, "iso": fy_iso(m, d), "precision": "day" if d else "month", "resolved_by": "fiscal_year"}


def P(raw, n):
    return {"raw": raw, "value": n, "unit": "名", "role": "participants"}


def E(label, date, action, part):
    return {"label": label, "date": date, "action": action, "participants": part}


TOPICS = ["事例検討会", "研修会", "意見交換会", "見学会", "勉強会", "連絡調整会議", "講演会", "交流会", "説明会"]
PURPOSES = [
    "地域生活支援拠点の整備", "相談支援体制の強化", "就労定着の推進", "医療的ケア児への支援",
    "精神障がいにも対応した地域包括ケア", "障がい者の社会参加の促進", "福祉人材の確保", "災害時の支援体制", "理解促進と差別解消",
]
MARKS = [["継続", "同じ"], ["終了"], ["継続", "変更"], ["継続", "同じ"], ["同じ"], ["継続", "同じ"], ["継続"], ["変更"], ["継続", "変更"]]


def date_md():
    m = rnd.choice([4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3])
    return m, rnd.randint(1, 28)


def make_row(i, kind, topic):
    m, d = date_md()
    n = rnd.randint(8, 60)
    if kind == 0:
        st = f"{m}月{d}日開催\n{topic}を行った。\n参加者{n}名"
        ex = ([E(None, D(f"{m}月{d}日", m, d), "held", P(f"参加者{n}名", n))], n, [P(f"参加者{n}名", n)])
    elif kind == 1:
        st = f"{m}月{d}日実施\n市内事業所を対象とした{topic}\n参加者{n}名"
        ex = ([E(None, D(f"{m}月{d}日", m, d), "implemented", P(f"参加者{n}名", n))], n, [P(f"参加者{n}名", n)])
    elif kind == 2:
        st = f"{topic}は中止した。"
        ex = ([E(None, None, "cancelled", None)], None, [])
    elif kind == 3:
        m2, d2 = date_md()
        n2 = rnd.randint(8, 60)
        st = f"①{m}月{d}日開催 参加者{n}名\n②{m2}月{d2}日開催 参加者{n2}名"
        ex = ([E("①", D(f"{m}月{d}日", m, d), "held", P(f"参加者{n}名", n)),
               E("②", D(f"{m2}月{d2}日", m2, d2), "held", P(f"参加者{n2}名", n2))], n + n2,
              [P(f"参加者{n}名", n), P(f"参加者{n2}名", n2)])
    elif kind == 4:
        k = rnd.randint(3, 40)
        st = f"{m}月実施\n{topic}に{k}事業所参加"
        ex = ([E(None, D(f"{m}月", m), "implemented", None)], None,
              [{"raw": f"{k}事業所", "value": k, "unit": "事業所", "role": "organizations"}])
    else:
        st = f"{topic}の内容を関係機関と見直した。"
        ex = ([], None, [])
    return st, ex


def main():
    rows, order = [], []
    pi = 0
    for i in range(45):
        if i % 5 == 0 and i // 5 < len(PURPOSES):
            purpose = PURPOSES[i // 5]
            if i // 5 == 4:
                purpose += "\nシステムの構築"
        else:
            purpose = None
        topic = TOPICS[i % len(TOPICS)]
        kind = [0, 1, 3, 0, 4, 1, 2, 0, 5, 3][i % 10]
        st, (events, total, counts) = make_row(i, kind, topic)
        rid = f"L{i + 1:02d}"
        page_no = rnd.choice([41, 42, 43, 44, 45, 46])
        row = {
            "id": rid, "purpose": purpose, "method": f"{PURPOSES[i // 5][:6]}に向けた{topic}の開催",
            "plan_pages": f"P. {page_no}", "status": st,
            "evaluation": f"{topic}を通じて関係機関の連携が深まった。",
            "reason": "次年度も関係機関と連携して取り組む。",
            "marks": MARKS[i % len(MARKS)],
            "expect": {"plan_pages": [page_no], "events": events, "participants_total": total, "counts": counts},
        }
        rows.append(row)
    # three long rows that split across a page break: many hard lines in 実施状況
    for idx, lines in ((9, 9), (24, 10), (38, 9)):
        r = rows[idx]
        extra = "\n".join(f"・{t}の振り返りを行った" for t in TOPICS[:lines - r["status"].count("\n") - 1])
        r["status"] = r["status"] + "\n" + extra
        r["evaluation"] = r["evaluation"] + "\n参加した事業所から、\n継続して開催してほしいとの\n意見が多く寄せられた。"
        r["split"] = {"status": 4, "evaluation": 2}
    # an ambiguous row: 終了 and 継続 both circled
    rows[20]["marks"] = ["終了", "継続"]
    # a row with no oval
    rows[33]["marks"] = []
    ids = [r["id"] for r in rows]
    pages = [
        {"header": True, "rows": ids[0:5]},
        {"header": True, "rows": ids[5:10]},                # L10 starts here…
        {"header": False, "rows": ["L10+"] + ids[10:15]},   # …and ends here, no header repeated
        {"header": True, "rows": ids[15:20]},
        {"header": True, "rows": ids[20:25]},               # L25 split
        {"header": False, "rows": ["L25+"] + ids[25:30]},
        {"header": True, "rows": ids[30:35]},
        {"header": False, "rows": ids[35:39]},              # L39 split
        {"header": True, "rows": ["L39+"] + ids[39:45]},
    ]
    spec = {
        "id": "long_r5",
        "description": "A long report: 45 rows over 9 pages, three rows split across page breaks, the header repeated on some pages only, one ambiguous mark and one row without an oval. Built by samples/gen/build_long_spec.py.",
        "orientation": "landscape",
        "font_size": 7.5,
        "body": "障害者自立支援協議会 全体会",
        "title": "第7期障がい福祉計画進捗状況",
        "title_line": "第7期障がい福祉計画進捗状況 R5年4月～R6年3月",
        "period": {"raw": "R5年4月～R6年3月", "start": "2023-04", "end": "2024-03", "fiscal_year": 2023},
        "note": "(ページ数は第7期障がい福祉計画書中の記載箇所)",
        "footnote": "(※) 次年度も同じ内容で継続、または目的を変えず方法を変えるという意味で変更",
        "columns": [
            {"key": "purpose", "header": "目的", "width": 100},
            {"key": "method", "header": "方法", "width": 130},
            {"key": "plan_pages", "header": "頁", "width": 36},
            {"key": "status", "header": "実施状況", "width": 160},
            {"key": "evaluation", "header": "評価", "width": 140},
            {"key": "decision", "header": "終了・継続・変更(※)", "width": 100},
            {"key": "reason", "header": "理由・根拠", "width": 130},
        ],
        "decision_text": "終了・継続 → 同じ・変更",
        "pages": pages,
        "rows": rows,
    }
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "spec", "long_r5.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump(spec, f, ensure_ascii=False, indent=2)


if __name__ == "__main__":
    main()
