//! Cell text: glyph to cell by centre, reading order, soft wraps joined,
//! hard breaks kept, vertical cells, fake-bold duplicates.

mod layout_support;

use layout_support::{PageBuilder, r};
use shinchoku::layout::{Settings, analyze_page};

fn one_cell_text(fill: impl Fn(&mut PageBuilder)) -> String {
    let mut b = PageBuilder::new(1);
    b.grid(&[50.0, 150.0, 300.0], &[100.0, 200.0]);
    fill(&mut b);
    let l = analyze_page(&b.build(), &Settings::default());
    l.tables[0].cells[0].text.clone()
}

#[test]
fn soft_wraps_join_with_nothing_and_hard_breaks_become_newlines() {
    // 100pt cell, 10pt glyphs: 9 glyphs per line.
    let t = one_cell_text(|b| {
        b.cell_text(
            r(50.0, 100.0, 150.0, 200.0),
            10.0,
            "9月28日開催\n市内福祉サービス6事業所の個別ブースにて面談",
        );
    });
    assert_eq!(
        t,
        "9月28日開催\n市内福祉サービス6事業所の個別ブースにて面談"
    );
}

#[test]
fn a_line_ending_short_before_a_long_one_is_a_hard_break() {
    let t = one_cell_text(|b| {
        b.cell_text(
            r(50.0, 100.0, 150.0, 200.0),
            10.0,
            "①小さい\n②支援が必要な児の保育園入園",
        );
    });
    assert_eq!(t, "①小さい\n②支援が必要な児の保育園入園");
}

#[test]
fn latin_words_wrapped_whole_still_join() {
    // "P. 38 P. 40": the cell is too narrow for both, the wrap falls at a word.
    let mut b = PageBuilder::new(1);
    b.grid(&[50.0, 90.0, 300.0], &[100.0, 200.0]);
    b.text(52.0, 102.0, 10.0, "P. 38 P.");
    b.text(52.0, 114.0, 10.0, "40");
    let l = analyze_page(&b.build(), &Settings::default());
    assert_eq!(l.tables[0].cells[0].text, "P. 38 P.40");
}

#[test]
fn glyphs_go_to_the_cell_holding_their_centre() {
    let mut b = PageBuilder::new(1);
    b.grid(&[50.0, 150.0, 300.0], &[100.0, 200.0]);
    // A glyph straddling the rule at x=150, its centre in the right cell.
    b.text(146.0, 110.0, 10.0, "右");
    b.text(60.0, 110.0, 10.0, "左");
    let l = analyze_page(&b.build(), &Settings::default());
    assert_eq!(l.tables[0].cells[0].text, "左");
    assert_eq!(l.tables[0].cells[1].text, "右");
}

#[test]
fn vertical_cells_read_top_to_bottom_right_column_first() {
    let mut b = PageBuilder::new(1);
    b.grid(&[50.0, 80.0, 300.0], &[100.0, 160.0]);
    // Two columns of vertical text; the right one comes first.
    b.vtext(63.0, 102.0, 10.0, "目的の");
    b.vtext(52.0, 102.0, 10.0, "説明");
    let l = analyze_page(&b.build(), &Settings::default());
    let c = &l.tables[0].cells[0];
    assert!(c.vertical);
    assert_eq!(c.text, "目的の\n説明");
}

#[test]
fn fake_bold_duplicates_are_read_once_and_text_is_nfc_not_nfkc() {
    let t = one_cell_text(|b| {
        b.text(52.0, 102.0, 10.0, "①ｶ");
        b.text(52.3, 102.2, 10.0, "①");
        // A decomposed が (か + combining dakuten) becomes the composed form.
        b.text(52.0, 130.0, 10.0, "か\u{3099}");
    });
    assert_eq!(t, "①ｶ\nが");
}

#[test]
fn kinsoku_pairs_that_moved_down_together_still_count_as_a_soft_wrap() {
    // 100pt cell: the first line ends almost two glyphs short because "や、" had to move as
    // one piece (、 may not start a line).
    let mut b = PageBuilder::new(1);
    b.grid(&[50.0, 150.0, 300.0], &[100.0, 200.0]);
    b.text(52.0, 102.0, 10.0, "事業所を知ること");
    b.text(52.0, 114.0, 10.0, "や、横の繋がり");
    let l = analyze_page(&b.build(), &Settings::default());
    assert_eq!(l.tables[0].cells[0].text, "事業所を知ることや、横の繋がり");
}

#[test]
fn a_line_opening_with_an_enumerator_starts_a_new_item() {
    // The first line ends near the edge, but ② opens the next entry.
    let mut b = PageBuilder::new(1);
    b.grid(&[50.0, 150.0, 300.0], &[100.0, 200.0]);
    b.text(52.0, 102.0, 10.0, "①開催の参加者九名");
    b.text(52.0, 114.0, 10.0, "②開催の参加者八名");
    let l = analyze_page(&b.build(), &Settings::default());
    assert_eq!(
        l.tables[0].cells[0].text,
        "①開催の参加者九名\n②開催の参加者八名"
    );
}

#[test]
fn an_invisible_ocr_layer_is_read_only_when_nothing_visible_is_printed() {
    let mut b = PageBuilder::new(1);
    b.grid(&[50.0, 150.0, 300.0], &[100.0, 200.0]);
    b.text(52.0, 102.0, 10.0, "目的");
    b.text(52.0, 102.0, 10.0, "目的");
    // The second copy is an OCR layer.
    for g in b.page.glyphs.iter_mut().skip(2) {
        g.invisible = true;
        // Offset enough not to pass for a fake-bold double.
        g.bbox.x0 += 3.5;
        g.bbox.x1 += 3.5;
    }
    let l = analyze_page(&b.build(), &Settings::default());
    assert_eq!(l.tables[0].cells[0].text, "目的");
    // A scan with only its OCR layer still reads.
    let mut ocr = PageBuilder::new(1);
    ocr.grid(&[50.0, 150.0, 300.0], &[100.0, 200.0]);
    ocr.text(52.0, 102.0, 10.0, "方法");
    for g in ocr.page.glyphs.iter_mut() {
        g.invisible = true;
    }
    let l = analyze_page(&ocr.build(), &Settings::default());
    assert_eq!(l.tables[0].cells[0].text, "方法");
}

/// Two lines of 6.7 pt text 2 pt apart, printed beside a 10.6 pt name that
/// spans both bands (a boxed 【事業実施期間】 note in a 事業名 cell, Kyoto
/// sheets): three lines, none interleaved with another.
#[test]
fn small_lines_two_points_apart_beside_a_larger_name_stay_separate() {
    let mut b = PageBuilder::new(1);
    b.grid(&[66.0, 123.0, 566.0], &[94.0, 124.0]);
    b.text(125.0, 103.6, 10.6, "定住・移住プロモーション事業");
    b.text(441.4, 101.6, 6.7, "【事業実施期間】");
    b.text(440.8, 110.4, 6.7, "令和5年度～7年度");
    let l = analyze_page(&b.build(), &Settings::default());
    assert_eq!(
        l.tables[0].cells[1].text,
        "定住・移住プロモーション事業\n【事業実施期間】\n令和5年度～7年度"
    );
}
