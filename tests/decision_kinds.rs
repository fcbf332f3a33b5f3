//! Every way a decision word is chosen, read through the layout and report
//! stages on hand-built pages: an oval, a ○ glyph over the word, a filled
//! box or check before it (from a fallback font that sits lower), a ○ in
//! the word's own column, and the word typed alone. Each reports its
//! `mark_kind` and the printed `label`.

mod layout_support;

use layout_support::{PageBuilder, nth_word_box, r};
use shinchoku::layout::{Decision, DecisionMarkKind, DecisionValue, Settings, analyze_page};
use shinchoku::report::build;

/// A report table: 方法 | 実施状況 | `header`, one data row per decision text.
fn table(header: &str, cells: &[&str]) -> PageBuilder {
    let mut b = PageBuilder::new(1);
    let mut ys = vec![100.0, 130.0];
    for i in 0..cells.len() {
        ys.push(180.0 + 50.0 * i as f64);
    }
    b.grid(&[50.0, 150.0, 250.0, 450.0], &ys);
    b.cell_text(r(50.0, 100.0, 150.0, 130.0), 10.0, "方法");
    b.cell_text(r(150.0, 100.0, 250.0, 130.0), 10.0, "実施状況");
    b.cell_text(r(250.0, 100.0, 450.0, 130.0), 10.0, header);
    for (i, c) in cells.iter().enumerate() {
        let y = ys[i + 1];
        b.cell_text(r(50.0, y, 150.0, y + 50.0), 10.0, &format!("事業{}", i + 1));
        b.cell_text(r(150.0, y, 250.0, y + 50.0), 10.0, "実施した");
        b.cell_text(r(250.0, y, 450.0, y + 50.0), 10.0, c);
    }
    b
}

/// The decisions of the report read from one page.
fn decisions(b: &PageBuilder) -> (Vec<Decision>, Vec<String>) {
    let l = analyze_page(&b.build(), &Settings::default());
    let rep = build(&[l]).expect("report");
    let warnings = rep.warnings.iter().map(|w| w.code.clone()).collect();
    let ds = rep
        .records
        .into_iter()
        .map(|r| r.decision.expect("decision column"))
        .collect();
    (ds, warnings)
}

fn check(d: &Decision, value: DecisionValue, label: Option<&str>, kind: Option<DecisionMarkKind>) {
    assert_eq!(
        (d.value, d.label.as_deref(), d.mark_kind),
        (value, label, kind),
        "{d:?}"
    );
}

#[test]
fn an_oval_reports_its_kind_and_label() {
    let mut b = table("終了・継続・変更", &["終了・継続 → 同じ・変更"]);
    let k = nth_word_box(&b.page, "継続", 1).expect("継続");
    let s = nth_word_box(&b.page, "同じ", 0).expect("同じ");
    b.ellipse(k.cx(), k.cy(), k.width() / 2.0 + 5.0, 9.0);
    b.ellipse(s.cx(), s.cy(), s.width() / 2.0 + 5.0, 9.0);
    let (ds, _) = decisions(&b);
    check(
        &ds[0],
        DecisionValue::ContinueSame,
        Some("継続（同じ）"),
        Some(DecisionMarkKind::Oval),
    );
    assert_eq!(ds[0].marked, vec!["継続", "同じ"]);
}

#[test]
fn a_ring_glyph_printed_over_the_word_is_a_glyph_ring() {
    let mut b = table("今後の方向性", &["拡充・現状維持・縮小・廃止"]);
    let w = nth_word_box(&b.page, "縮小", 0).expect("縮小");
    b.text(w.x0 - 2.0, w.y0 - 6.0, 22.0, "◯");
    let (ds, _) = decisions(&b);
    check(
        &ds[0],
        DecisionValue::ContinueChange,
        Some("縮小"),
        Some(DecisionMarkKind::GlyphRing),
    );
}

#[test]
fn filled_boxes_choose_the_word_after_them_even_when_they_sit_lower() {
    let mut b = table(
        "終了・継続・変更",
        &[
            "■終了　□継続（□同じ　□変更）",
            "□終了　■継続（□同じ　■変更）",
            "□終了　□継続（□同じ　□変更）",
            "●現状維持　○拡充　○縮小　○廃止",
        ],
    );
    // A fifth row from a fallback font: ☑/☐ 3pt lower and a little apart.
    // It extends the grid (the rows start at 130, 50 pt each).
    let mut y = 130.0 + 50.0 * 4.0;
    // Extend the grid by one row.
    b.grid(&[50.0, 150.0, 250.0, 450.0], &[y, y + 50.0]);
    b.cell_text(r(50.0, y, 150.0, y + 50.0), 10.0, "事業5");
    b.cell_text(r(150.0, y, 250.0, y + 50.0), 10.0, "実施した");
    y += 2.0;
    b.text(254.0, y + 3.0, 9.0, "☐");
    b.text(264.0, y, 10.0, "終了");
    b.text(288.0, y + 3.0, 9.0, "☑");
    b.text(298.0, y, 10.0, "継続（");
    b.text(332.0, y + 3.0, 9.0, "☑");
    b.text(342.0, y, 10.0, "同じ");
    b.text(366.0, y + 3.0, 9.0, "☐");
    b.text(376.0, y, 10.0, "変更）");
    let (ds, warnings) = decisions(&b);
    assert_eq!(ds.len(), 5);
    let cb = Some(DecisionMarkKind::Checkbox);
    check(&ds[0], DecisionValue::End, Some("終了"), cb);
    check(
        &ds[1],
        DecisionValue::ContinueChange,
        Some("継続（変更）"),
        cb,
    );
    check(&ds[2], DecisionValue::Unmarked, None, None);
    check(&ds[3], DecisionValue::ContinueSame, Some("現状維持"), cb);
    check(
        &ds[4],
        DecisionValue::ContinueSame,
        Some("継続（同じ）"),
        cb,
    );
    assert!(warnings.iter().any(|w| w == "unmarked_decision"));
}

#[test]
fn a_check_printed_over_an_empty_box_chooses_the_word_after_it() {
    let mut b = table("終了・継続・変更", &["□終了　□継続（□同じ　□変更）"]);
    let boxes: Vec<_> = b
        .page
        .glyphs
        .iter()
        .filter(|g| g.text == "□")
        .map(|g| g.bbox)
        .collect();
    // ✓ over the boxes before 継続 and 変更, a little up and right, as a
    // hand-made stamp sits.
    for i in [1, 3] {
        b.text(boxes[i].x0 + 1.5, boxes[i].y0 - 2.0, 10.0, "✓");
    }
    let (ds, _) = decisions(&b);
    check(
        &ds[0],
        DecisionValue::ContinueChange,
        Some("継続（変更）"),
        Some(DecisionMarkKind::Checkbox),
    );
}

/// A table whose decision is a mark in one of four option columns.
fn option_table(options: [&str; 4], rows: &[[&str; 4]]) -> PageBuilder {
    let mut b = PageBuilder::new(1);
    let xs = [50.0, 150.0, 250.0, 300.0, 350.0, 400.0, 450.0];
    let ys: Vec<f64> = (0..=rows.len()).map(|k| 130.0 + 50.0 * k as f64).collect();
    b.grid(&xs, &[&[100.0][..], &ys].concat());
    let head = [["方法", "実施状況"].as_slice(), options.as_slice()].concat();
    for (i, h) in head.iter().enumerate() {
        b.cell_text(r(xs[i], 100.0, xs[i + 1], 130.0), 10.0, h);
    }
    for (k, marks) in rows.iter().enumerate() {
        let y = ys[k];
        b.cell_text(r(50.0, y, 150.0, y + 50.0), 10.0, &format!("事業{}", k + 1));
        b.cell_text(r(150.0, y, 250.0, y + 50.0), 10.0, "実施した");
        for (i, m) in marks.iter().enumerate() {
            b.cell_text(r(xs[i + 2] + 12.0, y + 15.0, xs[i + 3], y + 50.0), 10.0, m);
        }
    }
    b
}

#[test]
fn other_option_columns_read_the_same_way() {
    let b = option_table(
        ["拡充", "現状維持", "縮小", "廃止"],
        &[["", "", "〇", ""], ["", "○", "", ""]],
    );
    let (ds, _) = decisions(&b);
    let col = Some(DecisionMarkKind::Column);
    check(&ds[0], DecisionValue::ContinueChange, Some("縮小"), col);
    check(&ds[1], DecisionValue::ContinueSame, Some("現状維持"), col);
}

#[test]
fn a_mark_in_a_per_option_column_chooses_that_column() {
    let b = option_table(
        ["終了", "継続", "同じ", "変更"],
        &[["", "○", "○", ""], ["○", "", "", ""], ["", "", "", ""]],
    );
    let (ds, _) = decisions(&b);
    let col = Some(DecisionMarkKind::Column);
    check(
        &ds[0],
        DecisionValue::ContinueSame,
        Some("継続（同じ）"),
        col,
    );
    check(&ds[1], DecisionValue::End, Some("終了"), col);
    check(&ds[2], DecisionValue::Unmarked, None, None);
}

#[test]
fn columns_named_by_decision_words_that_hold_counts_are_no_choice() {
    let mut b = PageBuilder::new(1);
    let xs = [50.0, 150.0, 250.0, 300.0, 350.0];
    b.grid(&xs, &[100.0, 130.0, 180.0]);
    for (i, h) in ["方法", "実施状況", "継続", "廃止"].iter().enumerate() {
        b.cell_text(r(xs[i], 100.0, xs[i + 1], 130.0), 10.0, h);
    }
    for (i, t) in ["事業1", "実施した", "12", "3"].iter().enumerate() {
        b.cell_text(r(xs[i], 130.0, xs[i + 1], 180.0), 10.0, t);
    }
    let l = analyze_page(&b.build(), &Settings::default());
    let rep = build(&[l]).expect("report");
    assert_eq!(rep.records.len(), 1);
    assert!(rep.records[0].decision.is_none());
    assert_eq!(rep.records[0].cells["継続"], "12");
}

#[test]
fn a_typed_word_is_a_text_decision_and_an_unknown_one_keeps_its_label() {
    let b = table(
        "今後の方向性",
        &[
            "拡充",
            "現状のまま継続",
            "廃止",
            "検討中",
            "拡充・現状維持・縮小・廃止",
        ],
    );
    let (ds, warnings) = decisions(&b);
    let text = Some(DecisionMarkKind::Text);
    check(&ds[0], DecisionValue::ContinueChange, Some("拡充"), text);
    check(
        &ds[1],
        DecisionValue::ContinueSame,
        Some("現状のまま継続"),
        text,
    );
    check(&ds[2], DecisionValue::End, Some("廃止"), text);
    // Nothing dropped: the word stays, with a warning.
    check(&ds[3], DecisionValue::Unmarked, Some("検討中"), text);
    // A printed list with nothing chosen is no typed decision.
    check(&ds[4], DecisionValue::Unmarked, None, None);
    assert_eq!(
        warnings
            .iter()
            .filter(|w| *w == "unmarked_decision")
            .count(),
        2
    );
}

#[test]
fn every_decision_header_is_read() {
    for h in shinchoku::report::vocabulary::DECISION_HEADERS {
        let (ds, _) = decisions(&table(h, &["縮小"]));
        check(
            &ds[0],
            DecisionValue::ContinueChange,
            Some("縮小"),
            Some(DecisionMarkKind::Text),
        );
    }
}
