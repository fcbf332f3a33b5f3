//! Grid building from the three ways borders are drawn, merged cells, and
//! tables that do not fill the page.

mod layout_support;

use layout_support::{PageBuilder, r};
use shinchoku::layout::{Settings, analyze_page, cells, intersections, ruling, snap, tables};

const XS: [f64; 4] = [50.0, 150.0, 250.0, 400.0];
const YS: [f64; 4] = [100.0, 130.0, 180.0, 230.0];

fn spans(page: &shinchoku::pdf::model::Page) -> Vec<(usize, usize, usize, usize)> {
    let l = analyze_page(page, &Settings::default());
    assert_eq!(l.tables.len(), 1, "one table expected");
    l.tables[0]
        .cells
        .iter()
        .map(|c| (c.row, c.col, c.row_span, c.col_span))
        .collect()
}

fn full_grid() -> Vec<(usize, usize, usize, usize)> {
    let mut v = Vec::new();
    for row in 0..3 {
        for col in 0..3 {
            v.push((row, col, 1, 1));
        }
    }
    v
}

#[test]
fn stroked_lines_give_a_three_by_three_grid() {
    let mut b = PageBuilder::new(1);
    b.grid(&XS, &YS);
    assert_eq!(spans(&b.build()), full_grid());
}

#[test]
fn thin_filled_rectangles_drawn_cell_by_cell_give_the_same_grid() {
    let mut b = PageBuilder::new(1);
    // Excel draws each cell's border as its own thin rect, slightly offset.
    for w in XS.windows(2) {
        for (i, &y) in YS.iter().enumerate() {
            let dy = if i % 2 == 0 { 0.3 } else { -0.2 };
            b.fill_rect(w[0], y + dy - 0.4, w[1], y + dy + 0.4);
        }
    }
    for w in YS.windows(2) {
        for &x in &XS {
            b.fill_rect(x - 0.4, w[0], x + 0.4, w[1]);
        }
    }
    assert_eq!(spans(&b.build()), full_grid());
}

#[test]
fn rectangle_outlines_per_cell_give_the_same_grid() {
    let mut b = PageBuilder::new(1);
    for wy in YS.windows(2) {
        for wx in XS.windows(2) {
            b.stroke_rect(wx[0], wy[0], wx[1], wy[1]);
        }
    }
    assert_eq!(spans(&b.build()), full_grid());
}

#[test]
fn missing_inner_rules_make_merged_cells_with_spans() {
    let mut b = PageBuilder::new(1);
    // Outer frame and column rules; row rule at y=180 only right of x=150
    // (column 0 merged over rows 1-2); header row 0 merges columns 1-2.
    b.stroke_rect(50.0, 100.0, 400.0, 230.0);
    b.line(50.0, 130.0, 400.0, 130.0);
    b.line(150.0, 180.0, 400.0, 180.0);
    b.line(150.0, 100.0, 150.0, 230.0);
    b.line(250.0, 130.0, 250.0, 230.0);
    let got = spans(&b.build());
    assert_eq!(
        got,
        vec![
            (0, 0, 1, 1),
            (0, 1, 1, 2),
            (1, 0, 2, 1),
            (1, 1, 1, 1),
            (1, 2, 1, 1),
            (2, 1, 1, 1),
            (2, 2, 1, 1),
        ]
    );
}

#[test]
fn each_step_of_the_chain_is_callable_alone() {
    let mut b = PageBuilder::new(1);
    b.grid(&XS, &YS);
    let s = Settings::default();
    let page = b.build();
    let edges = ruling::page_edges(&page, &s);
    assert_eq!(edges.len(), 8);
    let joined = snap::join_edges(&snap::snap_edges(&edges, &s), &s);
    assert_eq!(joined.len(), 8);
    let pts = intersections::find_intersections(&joined, &s);
    assert_eq!(pts.len(), 16);
    let rects = cells::find_cells(&pts);
    assert_eq!(rects.len(), 9);
    let t = tables::group_tables(&rects, &s);
    assert_eq!(t.len(), 1);
    assert_eq!((t[0].rows(), t[0].cols()), (3, 3));
    assert_eq!(t[0].bbox, r(50.0, 100.0, 400.0, 230.0));
}

#[test]
fn a_table_with_title_above_and_footnote_below_leaves_them_as_furniture() {
    let mut b = PageBuilder::new(1);
    b.text(50.0, 40.0, 12.0, "こども連絡会");
    b.text(50.0, 70.0, 14.0, "進捗状況 R4年10月～R5年2月");
    b.text(450.0, 72.0, 10.0, "(ページ数は計画書中の記載箇所)");
    b.grid(&XS, &YS);
    b.cell_text(r(50.0, 100.0, 150.0, 130.0), 10.0, "目的");
    b.text(50.0, 250.0, 10.0, "(※) 次年度も同じ内容で継続");
    let l = analyze_page(&b.build(), &Settings::default());
    let texts: Vec<&str> = l.furniture.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "こども連絡会",
            "進捗状況 R4年10月～R5年2月",
            "(ページ数は計画書中の記載箇所)",
            "(※) 次年度も同じ内容で継続"
        ]
    );
    assert_eq!(l.tables[0].cells[0].text, "目的");
}

#[test]
fn two_separate_tables_on_one_page_stay_apart() {
    let mut b = PageBuilder::new(1);
    b.grid(&[50.0, 100.0, 150.0], &[50.0, 80.0, 110.0]);
    b.grid(&[50.0, 100.0, 150.0], &[200.0, 230.0, 260.0]);
    let l = analyze_page(&b.build(), &Settings::default());
    assert_eq!(l.tables.len(), 2);
    assert!(l.tables[0].bbox.y1 < l.tables[1].bbox.y0);
}

#[test]
fn garbage_geometry_does_not_panic() {
    let mut b = PageBuilder::new(1);
    b.line(f64::NAN, 10.0, 100.0, 10.0);
    b.line(10.0, f64::INFINITY, 10.0, 100.0);
    b.fill_rect(0.0, 0.0, 0.0, 0.0);
    b.text(f64::NAN, 5.0, 10.0, "あ");
    let l = analyze_page(&b.build(), &Settings::default());
    assert!(l.tables.is_empty());
}

#[test]
fn a_hatch_pattern_too_dense_for_a_table_is_reported_not_ground_through() {
    let mut b = PageBuilder::new(1);
    let xs: Vec<f64> = (0..160).map(|i| 10.0 + i as f64 * 5.0).collect();
    let ys: Vec<f64> = (0..140).map(|i| 10.0 + i as f64 * 4.0).collect();
    b.grid(&xs, &ys);
    let l = analyze_page(&b.build(), &Settings::default());
    assert!(l.tables.is_empty());
    assert_eq!(l.warnings.len(), 1);
    // A smaller limit applies too: the guard is a setting.
    let mut small = PageBuilder::new(1);
    small.grid(&XS, &YS);
    let s = Settings {
        max_intersections: 10,
        ..Settings::default()
    };
    assert!(analyze_page(&small.build(), &s).tables.is_empty());
}

#[test]
fn the_layout_can_be_drawn_as_svg() {
    let mut b = PageBuilder::new(1);
    b.grid(&XS, &YS);
    b.text(60.0, 40.0, 10.0, "表<題>");
    b.ellipse(200.0, 150.0, 20.0, 8.0);
    let page = b.build();
    let s = Settings::default();
    let svg = shinchoku::layout::draw::svg(&page, &analyze_page(&page, &s), &s);
    assert!(svg.starts_with("<svg"));
    assert_eq!(svg.matches("<line").count(), 8);
    assert_eq!(svg.matches("<circle").count(), 16);
    assert_eq!(svg.matches("<polygon").count(), 1);
    assert!(svg.contains("表&lt;題&gt;"));
}

/// Two tables with different column grids stacked so that they share a
/// rule stay two tables, each with its own grid; a table whose header row
/// merges columns stays one.
#[test]
fn stacked_tables_with_different_grids_stay_separate() {
    let mut b = PageBuilder::new(1);
    b.grid(&[50.0, 150.0, 300.0, 450.0], &[100.0, 130.0, 160.0]);
    b.grid(&[50.0, 200.0, 450.0], &[160.0, 190.0, 220.0, 250.0]);
    let l = analyze_page(&b.build(), &Settings::default());
    assert_eq!(l.tables.len(), 2);
    assert_eq!((l.tables[0].rows(), l.tables[0].cols()), (2, 3));
    assert_eq!((l.tables[1].rows(), l.tables[1].cols()), (3, 2));

    // One table: a header row merging two columns over a full grid.
    let mut b = PageBuilder::new(1);
    b.line(50.0, 100.0, 450.0, 100.0);
    for y in [130.0, 160.0, 190.0] {
        b.line(50.0, y, 450.0, y);
    }
    for x in [50.0, 150.0, 450.0] {
        b.line(x, 100.0, x, 190.0);
    }
    b.line(300.0, 130.0, 300.0, 190.0);
    let l = analyze_page(&b.build(), &Settings::default());
    assert_eq!(l.tables.len(), 1);
    assert_eq!(l.tables[0].cols(), 3);
}

/// Side by side, sharing a vertical rule, with row grids neither of which
/// contains the other: two tables.
#[test]
fn side_by_side_tables_with_different_grids_stay_separate() {
    let mut b = PageBuilder::new(1);
    b.grid(&[50.0, 150.0, 250.0], &[100.0, 130.0, 160.0, 190.0]);
    b.grid(&[250.0, 350.0, 450.0], &[100.0, 145.0, 190.0]);
    let l = analyze_page(&b.build(), &Settings::default());
    assert_eq!(l.tables.len(), 2);
    assert_eq!((l.tables[0].rows(), l.tables[0].cols()), (3, 2));
    assert_eq!((l.tables[1].rows(), l.tables[1].cols()), (2, 2));
}
