//! Circled choices: ovals, freehand loops and ○ glyphs around option words,
//! read into a decision per row.

mod layout_support;

use layout_support::{PageBuilder, nth_word_box, r};
use shinchoku::layout::{DecisionValue, MarkKind, PageLayout, Settings, TextLine, analyze_page};
use shinchoku::pdf::model::Rect;
use shinchoku::report::decision::decide;

const CHOICES: &str = "終了・継続 → 同じ・変更";

/// A table: a header row and three rows, with the choices printed in the
/// right-hand column of each row.
fn base() -> PageBuilder {
    let mut b = PageBuilder::new(1);
    b.grid(&[50.0, 200.0, 380.0], &[100.0, 130.0, 180.0, 230.0, 280.0]);
    b.cell_text(r(50.0, 100.0, 200.0, 130.0), 10.0, "方法");
    b.cell_text(r(200.0, 100.0, 380.0, 130.0), 10.0, "終了・継続・変更");
    for (i, y) in [130.0, 180.0, 230.0].iter().enumerate() {
        b.cell_text(
            r(50.0, *y, 200.0, y + 50.0),
            10.0,
            &format!("事業{}", i + 1),
        );
        b.text(210.0, y + 20.0, 10.0, CHOICES);
    }
    b
}

/// Decision of grid row `row`, as the report stage will ask for it.
fn decision_of(l: &PageLayout, row: usize) -> shinchoku::layout::Decision {
    let t = &l.tables[0];
    let cell = t.cell_at(row, 1).expect("decision cell");
    let lines: Vec<&TextLine> = cell.lines.iter().collect();
    let marks: Vec<_> = l
        .marks
        .iter()
        .filter(|m| m.table == Some(0) && m.row == Some(row) && m.col == Some(1))
        .collect();
    decide(&lines, &marks, &Settings::default())
}

/// An oval around a box, with margins.
fn oval_around(b: &mut PageBuilder, bx: Rect) {
    b.ellipse(
        bx.cx(),
        bx.cy(),
        bx.width() / 2.0 + 6.0,
        bx.height() / 2.0 + 5.0,
    );
}

/// The word printed in data row `row` (0-based); the header also prints
/// 終了, 継続 and 変更 once.
fn word(b: &PageBuilder, w: &str, row: usize) -> Rect {
    let skip = usize::from(w != "同じ");
    nth_word_box(&b.page, w, row + skip).expect("word present")
}

#[test]
fn an_oval_around_continue_and_same_reads_continue_same() {
    let mut b = base();
    let bx = word(&b, "継続", 0).union(&word(&b, "同じ", 0));
    oval_around(&mut b, bx);
    let l = analyze_page(&b.build(), &Settings::default());
    assert_eq!(l.marks.len(), 1);
    assert_eq!(l.marks[0].kind, MarkKind::Path);
    let d = decision_of(&l, 1);
    assert_eq!(d.value, DecisionValue::ContinueSame);
    assert_eq!(d.marked, vec!["継続", "同じ"]);
    assert!(d.confidence > 0.9, "{}", d.confidence);
    // The other rows carry no mark.
    assert_eq!(decision_of(&l, 2).value, DecisionValue::Unmarked);
}

#[test]
fn end_change_and_continue_alone() {
    let mut b = base();
    let e = word(&b, "終了", 0);
    oval_around(&mut b, e);
    let c = word(&b, "変更", 1);
    oval_around(&mut b, c);
    let k = word(&b, "継続", 2);
    oval_around(&mut b, k);
    let l = analyze_page(&b.build(), &Settings::default());
    assert_eq!(decision_of(&l, 1).value, DecisionValue::End);
    assert_eq!(decision_of(&l, 2).value, DecisionValue::ContinueChange);
    assert_eq!(decision_of(&l, 3).value, DecisionValue::Continue);
}

#[test]
fn two_marks_that_contradict_are_ambiguous() {
    let mut b = base();
    let e = word(&b, "終了", 0);
    oval_around(&mut b, e);
    let s = word(&b, "同じ", 0);
    oval_around(&mut b, s);
    let l = analyze_page(&b.build(), &Settings::default());
    let d = decision_of(&l, 1);
    assert_eq!(d.value, DecisionValue::Ambiguous);
    assert!(d.note.is_some());
    assert!(d.confidence < 0.5);
}

#[test]
fn a_mark_spilling_over_the_row_border_belongs_to_the_row_holding_most_of_it() {
    let mut b = base();
    let bx = word(&b, "変更", 1); // row 2 (grid row 2), word at y 200..210
    // A tall sloppy oval reaching up across the border at y=180.
    b.ellipse(bx.cx(), bx.cy() - 4.0, bx.width() / 2.0 + 6.0, 16.0);
    let l = analyze_page(&b.build(), &Settings::default());
    assert_eq!(l.marks[0].row, Some(2));
    assert_eq!(decision_of(&l, 2).value, DecisionValue::ContinueChange);
    assert_eq!(decision_of(&l, 1).value, DecisionValue::Unmarked);
}

#[test]
fn a_nearly_closed_freehand_loop_counts() {
    let mut b = base();
    let bx = word(&b, "継続", 0).union(&word(&b, "変更", 0));
    b.freehand(bx.cx(), bx.cy(), bx.width() / 2.0 + 4.0, 9.0, 25.0);
    let l = analyze_page(&b.build(), &Settings::default());
    assert_eq!(l.marks.len(), 1);
    let d = decision_of(&l, 1);
    assert_eq!(
        d.value,
        DecisionValue::Ambiguous,
        "continue+same+change covered"
    );
}

#[test]
fn a_freehand_loop_around_change_reads_continue_change_and_an_open_arc_does_not_count() {
    let mut b = base();
    let bx = word(&b, "変更", 0);
    b.freehand(bx.cx(), bx.cy(), bx.width() / 2.0 + 5.0, 9.0, 20.0);
    let k = word(&b, "終了", 1);
    // Half an oval: not a loop.
    b.freehand(k.cx(), k.cy(), k.width() / 2.0 + 5.0, 9.0, 180.0);
    let l = analyze_page(&b.build(), &Settings::default());
    assert_eq!(l.marks.len(), 1);
    assert!(l.marks[0].opening > 0.0);
    let d = decision_of(&l, 1);
    assert_eq!(d.value, DecisionValue::ContinueChange);
    assert!(d.confidence < 1.0);
    assert_eq!(decision_of(&l, 2).value, DecisionValue::Unmarked);
}

#[test]
fn a_large_circle_glyph_over_a_word_is_a_mark_and_not_text() {
    let mut b = base();
    let e = word(&b, "終了", 1);
    b.text(e.x0 - 3.0, e.y0 - 6.0, 22.0, "◯");
    let l = analyze_page(&b.build(), &Settings::default());
    assert_eq!(l.marks.len(), 1);
    assert_eq!(l.marks[0].kind, MarkKind::Glyph);
    let d = decision_of(&l, 2);
    assert_eq!(d.value, DecisionValue::End);
    assert!(!l.tables[0].cell_at(2, 1).expect("cell").text.contains('◯'));
}

#[test]
fn a_small_circle_used_as_a_bullet_stays_text() {
    let mut b = base();
    b.text(60.0, 165.0, 10.0, "○説明");
    let l = analyze_page(&b.build(), &Settings::default());
    assert!(l.marks.is_empty());
    assert!(
        l.tables[0]
            .cell_at(1, 0)
            .expect("cell")
            .text
            .contains("○説明")
    );
}

#[test]
fn grid_rules_and_cell_shading_are_never_marks() {
    let mut b = base();
    b.fill_rect(200.0, 130.0, 380.0, 180.0);
    let l = analyze_page(&b.build(), &Settings::default());
    assert!(l.marks.is_empty());
}

#[test]
fn a_typed_decision_without_mark_is_read_from_its_text() {
    let mut b = PageBuilder::new(1);
    b.grid(&[50.0, 200.0, 380.0], &[100.0, 130.0, 180.0]);
    b.cell_text(r(200.0, 130.0, 380.0, 180.0), 10.0, "継続");
    let l = analyze_page(&b.build(), &Settings::default());
    let d = decision_of(&l, 1);
    assert_eq!(d.value, DecisionValue::Continue);
}

#[test]
fn a_loop_written_as_one_path_per_segment_is_chained_into_one_mark() {
    let mut b = base();
    let bx = word(&b, "終了", 0);
    b.segment_paths(bx.cx(), bx.cy(), bx.width() / 2.0 + 5.0, 9.0);
    let s = word(&b, "同じ", 1);
    b.half_arcs(s.cx(), s.cy(), s.width() / 2.0 + 5.0, 9.0);
    let l = analyze_page(&b.build(), &Settings::default());
    assert_eq!(
        l.marks.len(),
        2,
        "{:?}",
        l.marks.iter().map(|m| m.bbox).collect::<Vec<_>>()
    );
    assert_eq!(decision_of(&l, 1).value, DecisionValue::End);
    assert_eq!(decision_of(&l, 2).value, DecisionValue::ContinueSame);
}

#[test]
fn cell_borders_drawn_piece_by_piece_are_not_a_loop() {
    let mut b = base();
    // A small box of four separate short strokes around 終了: a rule box,
    // not an oval.
    let e = word(&b, "終了", 0);
    let (x0, y0, x1, y1) = (e.x0 - 3.0, e.y0 - 3.0, e.x1 + 3.0, e.y1 + 3.0);
    b.line(x0, y0, x1, y0)
        .line(x1, y0, x1, y1)
        .line(x1, y1, x0, y1)
        .line(x0, y1, x0, y0);
    let l = analyze_page(&b.build(), &Settings::default());
    assert!(l.marks.is_empty());
}

#[test]
fn an_option_word_wrapped_over_two_lines_is_still_found_and_judged_glyph_by_glyph() {
    let mut b = PageBuilder::new(1);
    b.grid(&[50.0, 200.0, 300.0], &[100.0, 130.0, 190.0]);
    b.cell_text(r(50.0, 100.0, 200.0, 130.0), 10.0, "方法");
    b.cell_text(r(200.0, 100.0, 300.0, 130.0), 10.0, "方向性");
    // A narrow decision cell wraps 継|続 between the lines.
    b.text(210.0, 140.0, 10.0, "終了・継");
    b.text(210.0, 160.0, 10.0, "続 → 同じ・変更");
    let k1 = nth_word_box(&b.page, "継", 0).expect("継");
    let k2 = nth_word_box(&b.page, "続", 0).expect("続");
    oval_around(&mut b, k1);
    oval_around(&mut b, k2);
    let l = analyze_page(&b.build(), &Settings::default());
    let d = decision_of(&l, 1);
    assert_eq!(d.value, DecisionValue::Continue);
    assert_eq!(d.marked, vec!["継続"]);
}

#[test]
fn polygon_ovals_of_20_to_60_segments_read_like_bezier_ones_and_add_no_rules() {
    for n in [20, 33, 48, 60] {
        let mut b = base();
        let rows_before = analyze_page(&b.build(), &Settings::default()).tables[0].rows();
        // A small one around 終了 (steps of about a point: none is off both
        // axes by more than the axis tolerance) and a wide one around
        // 継続 → 同じ whose flat top and bottom steps look like short rules.
        let e = word(&b, "終了", 0);
        b.polygon(e.cx(), e.cy(), e.width() / 2.0 + 3.0, 7.0, n);
        let k = word(&b, "継続", 1).union(&word(&b, "同じ", 1));
        b.polygon(k.cx(), k.cy(), k.width() / 2.0 + 8.0, 9.0, n);
        let l = analyze_page(&b.build(), &Settings::default());
        assert_eq!(l.tables[0].rows(), rows_before, "{n} segments");
        assert_eq!(l.marks.len(), 2, "{n} segments");
        assert!(l.marks.iter().all(|m| m.kind == MarkKind::Path));
        assert_eq!(decision_of(&l, 1).value, DecisionValue::End, "{n} segments");
        let d = decision_of(&l, 2);
        assert_eq!(d.value, DecisionValue::ContinueSame, "{n} segments");
        assert_eq!(d.marked, vec!["継続", "同じ"]);
    }
}
