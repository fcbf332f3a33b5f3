//! Tables ruled with horizontal lines only: column borders from the text,
//! a group header kept as one merged cell, keys and roles from it.

mod layout_support;

use layout_support::{PageBuilder, r};
use shinchoku::layout::{Settings, analyze_page};
use shinchoku::report::{Mode, Role, build};

/// Rules at the top, under 評価 only, under the header and under each row;
/// no vertical rule anywhere.
fn horizontal_only() -> PageBuilder {
    let mut b = PageBuilder::new(1);
    for y in [100.0, 130.0, 160.0, 190.0] {
        b.line(50.0, y, 530.0, y);
    }
    b.line(250.0, 115.0, 430.0, 115.0);
    b.cell_text(r(50.0, 100.0, 150.0, 130.0), 9.0, "目的");
    b.cell_text(r(150.0, 100.0, 250.0, 130.0), 9.0, "方法");
    b.text(325.0, 103.0, 9.0, "評価");
    b.cell_text(r(250.0, 115.0, 330.0, 130.0), 9.0, "達成度");
    b.cell_text(r(330.0, 115.0, 430.0, 130.0), 9.0, "課題");
    b.cell_text(r(430.0, 100.0, 530.0, 130.0), 9.0, "今後の方向性");
    for (y, t) in [
        (130.0, ["相談の充実", "窓口の開設", "A", "人員不足", "拡充"]),
        (160.0, ["周知", "広報紙に掲載", "B", "なし", "現状維持"]),
    ] {
        for (i, x) in [50.0, 150.0, 250.0, 330.0, 430.0].iter().enumerate() {
            let w = [100.0, 100.0, 80.0, 100.0, 100.0][i];
            b.cell_text(r(x + 0.0, y, x + w, y + 30.0), 9.0, t[i]);
        }
    }
    b
}

#[test]
fn column_borders_come_from_the_text_and_the_group_header_stays_merged() {
    let l = analyze_page(&horizontal_only().build(), &Settings::default());
    assert_eq!(l.tables.len(), 1);
    let t = &l.tables[0];
    assert_eq!(t.cols(), 5);
    let group = t
        .cells
        .iter()
        .find(|c| c.text == "評価")
        .expect("評価 cell");
    assert_eq!(group.col_span, 2);
}

#[test]
fn a_two_row_header_gives_group_keys_and_roles_from_the_sub_columns() {
    let rep = build(&[analyze_page(
        &horizontal_only().build(),
        &Settings::default(),
    )])
    .expect("a table");
    let keys: Vec<&str> = rep.header.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(
        keys,
        ["目的", "方法", "評価 達成度", "評価 課題", "今後の方向性"]
    );
    let roles: Vec<Option<Role>> = rep.header.iter().map(|h| h.role).collect();
    assert_eq!(
        roles,
        [
            Some(Role::Purpose),
            Some(Role::Method),
            Some(Role::Evaluation),
            Some(Role::Reason),
            Some(Role::Decision)
        ]
    );
    assert_eq!(rep.mode, Mode::Report);
    assert_eq!(rep.records.len(), 2);
    assert_eq!(rep.records[0].cells["評価 課題"], "人員不足");
    assert_eq!(rep.records[1].purpose.as_deref(), Some("周知"));
}
