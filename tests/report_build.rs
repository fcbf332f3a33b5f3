//! From page layouts to raw records: header roles, merged cells, tables
//! continued over pages, rows split by a page break, table mode, furniture.

mod layout_support;

use layout_support::{PageBuilder, nth_word_box, r};
use shinchoku::ErrorCode;
use shinchoku::layout::{DecisionValue, PageLayout, Settings, analyze_page};
use shinchoku::report::{Mode, Role, build};

const XS: [f64; 8] = [30.0, 130.0, 230.0, 270.0, 400.0, 520.0, 660.0, 800.0];
const HEADER: [&str; 7] = [
    "目的",
    "方法",
    "頁",
    "実施状況",
    "評価",
    "終了・継続・変更 (※)",
    "理由・根拠",
];
const CHOICES: &str = "終了・継続 → 同じ・変更";

/// Draws a table whose rows span `ys`; `merge_col0[i]` true removes the
/// rule above row i in column 0 (the purpose cell is merged with the one above).
fn table(b: &mut PageBuilder, ys: &[f64], merge_col0: &[bool]) {
    let (x0, x1) = (XS[0], XS[XS.len() - 1]);
    for (i, &y) in ys.iter().enumerate() {
        let start = if merge_col0.get(i).copied().unwrap_or(false) {
            XS[1]
        } else {
            x0
        };
        b.line(start, y, x1, y);
    }
    for &x in &XS {
        b.line(x, ys[0], x, ys[ys.len() - 1]);
    }
}

/// Writes one row's texts (None = leave the cell empty).
fn row(b: &mut PageBuilder, y0: f64, y1: f64, texts: [Option<&str>; 7]) {
    for (i, t) in texts.iter().enumerate() {
        if let Some(t) = t {
            b.cell_text(r(XS[i], y0, XS[i + 1], y1), 9.0, t);
        }
    }
}

fn furniture_top(b: &mut PageBuilder) {
    b.text(30.0, 30.0, 12.0, "こども連絡会");
    b.text(
        30.0,
        60.0,
        14.0,
        "第3次障がい者計画等進捗状況 R4年10月～R5年2月",
    );
    b.text(
        420.0,
        62.0,
        10.0,
        "(ページ数は第3次障がい者計画書中の記載箇所)",
    );
}

fn header_row(b: &mut PageBuilder, y0: f64, y1: f64) {
    row(b, y0, y1, HEADER.map(Some));
}

fn oval(b: &mut PageBuilder, w1: &str, w2: &str, n: usize) {
    let bx = nth_word_box(&b.page, w1, n)
        .expect("word")
        .union(&nth_word_box(&b.page, w2, n).expect("word"));
    b.ellipse(
        bx.cx(),
        bx.cy(),
        bx.width() / 2.0 + 5.0,
        bx.height() / 2.0 + 4.0,
    );
}

fn layouts(pages: &[PageBuilder]) -> Vec<PageLayout> {
    pages
        .iter()
        .map(|p| analyze_page(&p.build(), &Settings::default()))
        .collect()
}

/// Two pages of a seed-like report: page 1 has a purpose merged over three
/// rows; page 2 continues the table without repeating the header, its
/// first purpose cell empty (continued), and carries the footnote.
fn seed_like() -> Vec<PageBuilder> {
    let mut p1 = PageBuilder::new(1);
    furniture_top(&mut p1);
    let ys = [90.0, 120.0, 190.0, 260.0, 330.0];
    table(&mut p1, &ys, &[false, false, false, true, true]);
    header_row(&mut p1, 90.0, 120.0);
    row(
        &mut p1,
        120.0,
        190.0,
        [
            Some("ネットワークの構築"),
            Some("保護者向け進路先事業所紹介"),
            Some("P. 40"),
            Some("9月28日開催\n「事業所紹介とパネルディスカッション」"),
            Some("保護者、児童合わせて20名が参加された。"),
            Some(CHOICES),
            Some("継続していく"),
        ],
    );
    row(
        &mut p1,
        190.0,
        260.0,
        [
            None,
            Some("意見交換"),
            Some("P. 40"),
            Some("意見交換会中止"),
            Some("対応ができた。"),
            Some(CHOICES),
            Some("対応された。"),
        ],
    );
    row(
        &mut p1,
        260.0,
        330.0,
        [
            None,
            Some("こども連絡会での意見交換"),
            Some("P. 40"),
            Some("①6月10日開催"),
            Some("話し合うことができた。"),
            Some(CHOICES),
            Some("課題出しができる"),
        ],
    );
    // The header also prints 継続 and 変更: data rows are occurrences 1..
    oval(&mut p1, "継続", "同じ", 1);
    oval(&mut p1, "終了", "終了", 2);
    p1.text(400.0, 560.0, 9.0, "- 1 -");

    let mut p2 = PageBuilder::new(2);
    furniture_top(&mut p2);
    let ys = [90.0, 160.0, 230.0];
    table(&mut p2, &ys, &[false, false, false]);
    row(
        &mut p2,
        90.0,
        160.0,
        [
            None,
            Some("④管理職員会"),
            Some("P. 41"),
            Some("1月30日開催"),
            Some("共有することができた。"),
            Some(CHOICES),
            Some("繋げていく。"),
        ],
    );
    row(
        &mut p2,
        160.0,
        230.0,
        [
            Some("保護者対象の勉強会"),
            Some("勉強会"),
            None,
            Some("8月22日 中止した。"),
            None,
            Some(CHOICES),
            None,
        ],
    );
    oval(&mut p2, "変更", "変更", 0);
    p2.text(
        30.0,
        250.0,
        9.0,
        "(※) 次年度も同じ内容で継続、または目的を変えず方法を変えるという意味で変更",
    );
    p2.text(400.0, 560.0, 9.0, "- 2 -");
    vec![p1, p2]
}

#[test]
fn seed_like_report_gives_records_with_inherited_purpose_and_decisions() {
    let rep = build(&layouts(&seed_like())).expect("report");
    assert_eq!(rep.mode, Mode::Report);
    assert_eq!(rep.body.as_deref(), Some("こども連絡会"));
    assert_eq!(rep.title.as_deref(), Some("第3次障がい者計画等進捗状況"));
    assert_eq!(rep.period_raw.as_deref(), Some("R4年10月～R5年2月"));
    assert_eq!(
        rep.note.as_deref(),
        Some("(ページ数は第3次障がい者計画書中の記載箇所)")
    );
    assert_eq!(
        rep.footnote.as_deref(),
        Some("(※) 次年度も同じ内容で継続、または目的を変えず方法を変えるという意味で変更")
    );
    let roles: Vec<Option<Role>> = rep.header.iter().map(|h| h.role).collect();
    assert_eq!(
        roles,
        vec![
            Some(Role::Purpose),
            Some(Role::Method),
            Some(Role::Pages),
            Some(Role::Status),
            Some(Role::Evaluation),
            Some(Role::Decision),
            Some(Role::Reason)
        ]
    );
    let recs = &rep.records;
    assert_eq!(recs.len(), 5);
    let pm: Vec<(usize, usize, Option<&str>, Option<&str>)> = recs
        .iter()
        .map(|r| (r.page, r.row, r.purpose.as_deref(), r.method.as_deref()))
        .collect();
    assert_eq!(
        pm,
        vec![
            (
                1,
                1,
                Some("ネットワークの構築"),
                Some("保護者向け進路先事業所紹介")
            ),
            (1, 2, Some("ネットワークの構築"), Some("意見交換")),
            (
                1,
                3,
                Some("ネットワークの構築"),
                Some("こども連絡会での意見交換")
            ),
            (2, 1, Some("ネットワークの構築"), Some("④管理職員会")),
            (2, 2, Some("保護者対象の勉強会"), Some("勉強会")),
        ]
    );
    assert_eq!(
        recs[0].status.as_deref(),
        Some("9月28日開催\n「事業所紹介とパネルディスカッション」")
    );
    assert_eq!(recs[0].pages.as_deref(), Some("P. 40"));
    let values: Vec<DecisionValue> = recs
        .iter()
        .map(|r| r.decision.as_ref().expect("decision").value)
        .collect();
    assert_eq!(
        values,
        vec![
            DecisionValue::ContinueSame,
            DecisionValue::End,
            DecisionValue::Unmarked,
            DecisionValue::ContinueChange,
            DecisionValue::Unmarked
        ]
    );
    // Unmarked rows come with warnings; the page numbers do not.
    let unmarked = rep
        .warnings
        .iter()
        .filter(|w| w.code == "unmarked_decision")
        .count();
    assert_eq!(unmarked, 2);
    assert!(
        rep.warnings.iter().all(|w| w.code != "unassigned_text"),
        "{:?}",
        rep.warnings
    );
    // cells keeps every column by header text, empty ones included.
    let keys: Vec<&str> = recs[4].cells.keys().map(|k| k.as_str()).collect();
    assert_eq!(keys, HEADER.to_vec());
    assert_eq!(recs[4].cells["頁"], "");
    assert_eq!(recs[4].pages, None);
}

#[test]
fn a_row_split_by_the_page_break_is_joined_into_one_record() {
    let mut p1 = PageBuilder::new(1);
    furniture_top(&mut p1);
    table(&mut p1, &[90.0, 120.0, 190.0, 260.0], &[]);
    header_row(&mut p1, 90.0, 120.0);
    row(
        &mut p1,
        120.0,
        190.0,
        [
            Some("目的A"),
            Some("方法A"),
            Some("P. 40"),
            Some("開催"),
            Some("良"),
            Some(CHOICES),
            Some("理由"),
        ],
    );
    row(
        &mut p1,
        190.0,
        260.0,
        [
            Some("目的B"),
            Some("方法B"),
            Some("P. 41"),
            Some("1月30日開催"),
            Some("共有"),
            Some(CHOICES),
            Some("繋げて"),
        ],
    );
    oval(&mut p1, "終了", "終了", 2);
    let mut p2 = PageBuilder::new(2);
    table(&mut p2, &[40.0, 80.0, 150.0], &[]);
    header_row(&mut p2, 40.0, 80.0);
    row(
        &mut p2,
        80.0,
        150.0,
        [
            None,
            None,
            None,
            Some("参加者22名"),
            Some("できた。"),
            None,
            Some("いく。"),
        ],
    );
    let rep = build(&layouts(&[p1, p2])).expect("report");
    assert_eq!(rep.records.len(), 2);
    let last = &rep.records[1];
    assert_eq!(last.purpose.as_deref(), Some("目的B"));
    assert_eq!(last.status.as_deref(), Some("1月30日開催\n参加者22名"));
    assert_eq!(
        last.decision.as_ref().map(|d| d.value),
        Some(DecisionValue::End)
    );
    assert!(rep.warnings.iter().any(|w| w.code == "row_split"));
}

#[test]
fn a_table_without_known_roles_gives_rows_in_table_mode() {
    let mut b = PageBuilder::new(1);
    b.grid(&[50.0, 150.0, 300.0, 450.0], &[100.0, 130.0, 160.0, 190.0]);
    for (i, t) in ["事業所名", "所在地", "電話番号"].iter().enumerate() {
        let x = [50.0, 150.0, 300.0][i];
        b.cell_text(r(x, 100.0, x + 100.0, 130.0), 10.0, t);
    }
    b.cell_text(r(50.0, 130.0, 150.0, 160.0), 10.0, "A社");
    b.cell_text(r(150.0, 130.0, 300.0, 160.0), 10.0, "東京都");
    b.cell_text(r(50.0, 160.0, 150.0, 190.0), 10.0, "B社");
    let rep = build(&layouts(&[b])).expect("report");
    assert_eq!(rep.mode, Mode::Table);
    assert_eq!(rep.records.len(), 2);
    assert_eq!(rep.records[0].cells["事業所名"], "A社");
    assert_eq!(rep.records[0].cells["所在地"], "東京都");
    assert_eq!(rep.records[1].cells["電話番号"], "");
    assert!(rep.records[0].decision.is_none());
}

#[test]
fn stray_text_inside_the_table_area_is_reported_not_lost() {
    let mut b = PageBuilder::new(1);
    b.grid(&[50.0, 150.0, 300.0], &[100.0, 130.0, 160.0]);
    b.cell_text(r(50.0, 100.0, 150.0, 130.0), 10.0, "目的");
    b.cell_text(r(150.0, 100.0, 300.0, 130.0), 10.0, "方法");
    b.cell_text(r(50.0, 130.0, 150.0, 160.0), 10.0, "目的A");
    b.text(320.0, 140.0, 10.0, "欄外のメモ");
    let rep = build(&layouts(&[b])).expect("report");
    let w: Vec<&str> = rep
        .warnings
        .iter()
        .filter(|w| w.code == "unassigned_text")
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(w.len(), 1);
    assert!(w[0].contains("欄外のメモ"));
}

#[test]
fn no_ruled_table_is_a_no_table_error() {
    let mut b = PageBuilder::new(1);
    b.text(50.0, 50.0, 12.0, "本文だけのページ");
    let err = build(&layouts(&[b])).expect_err("no table");
    assert_eq!(err.code, ErrorCode::NoTable);
}

#[test]
fn records_serialize_with_contract_field_names() {
    let rep = build(&layouts(&seed_like())).expect("report");
    let v = serde_json::to_value(&rep.records[0]).expect("json");
    assert_eq!(v["decision"]["value"], "continue_same");
    assert_eq!(v["decision"]["marked"], serde_json::json!(["継続", "同じ"]));
    assert_eq!(v["purpose"], "ネットワークの構築");
}

#[test]
fn a_repeated_header_on_the_next_page_is_not_a_record_and_purpose_still_inherits() {
    let mut p1 = PageBuilder::new(1);
    table(&mut p1, &[90.0, 120.0, 190.0], &[]);
    header_row(&mut p1, 90.0, 120.0);
    row(
        &mut p1,
        120.0,
        190.0,
        [
            Some("目的A"),
            Some("方法A"),
            Some("P. 40"),
            Some("開催"),
            Some("良"),
            Some(CHOICES),
            Some("理由"),
        ],
    );
    let mut p2 = PageBuilder::new(2);
    table(&mut p2, &[40.0, 70.0, 140.0], &[]);
    header_row(&mut p2, 40.0, 70.0);
    row(
        &mut p2,
        70.0,
        140.0,
        [
            None,
            Some("方法B"),
            Some("P. 41"),
            Some("中止"),
            None,
            Some(CHOICES),
            None,
        ],
    );
    let rep = build(&layouts(&[p1, p2])).expect("report");
    assert_eq!(rep.records.len(), 2);
    assert_eq!((rep.records[1].page, rep.records[1].row), (2, 1));
    assert_eq!(rep.records[1].purpose.as_deref(), Some("目的A"));
    assert_eq!(rep.records[1].cells["目的"], "目的A");
    assert_eq!(rep.records[1].method.as_deref(), Some("方法B"));
}

#[test]
fn a_title_row_inside_the_grid_is_furniture_and_a_choice_column_is_found_by_content() {
    let mut b = PageBuilder::new(1);
    // Row 0 is one merged title cell; the header names 今後 (not a synonym).
    b.stroke_rect(50.0, 60.0, 450.0, 250.0);
    for y in [90.0, 120.0, 170.0, 220.0] {
        b.line(50.0, y, 450.0, y);
    }
    for x in [150.0, 270.0] {
        b.line(x, 90.0, x, 250.0);
    }
    b.text(55.0, 65.0, 12.0, "令和5年度 事業進捗状況");
    for (x, t) in [(50.0, "事業名"), (150.0, "実績"), (270.0, "今後")] {
        b.cell_text(r(x, 90.0, x + 100.0, 120.0), 10.0, t);
    }
    for (i, y) in [120.0, 170.0, 220.0].iter().enumerate() {
        b.cell_text(r(50.0, *y, 150.0, y + 30.0), 10.0, &format!("事業{i}"));
        b.text(275.0, y + 8.0, 10.0, CHOICES);
    }
    let e = nth_word_box(&b.page, "終了", 1).expect("word");
    b.ellipse(
        e.cx(),
        e.cy(),
        e.width() / 2.0 + 5.0,
        e.height() / 2.0 + 4.0,
    );
    let rep = build(&layouts(&[b])).expect("report");
    assert_eq!(rep.mode, Mode::Report);
    assert_eq!(rep.title.as_deref(), Some("事業進捗状況"));
    assert_eq!(rep.period_raw.as_deref(), Some("令和5年度"));
    assert_eq!(rep.records.len(), 3);
    assert_eq!(rep.header[2].role, Some(Role::Decision));
    let values: Vec<_> = rep
        .records
        .iter()
        .map(|r| r.decision.as_ref().map(|d| d.value))
        .collect();
    assert_eq!(
        values,
        vec![
            Some(DecisionValue::Unmarked),
            Some(DecisionValue::End),
            Some(DecisionValue::Unmarked)
        ]
    );
}

#[test]
fn leaf_rows_under_a_merged_decision_cell_share_its_mark() {
    let mut b = PageBuilder::new(1);
    // Header, then one row whose 実施状況 cell is split in two sub-rows;
    // every other cell is merged over both.
    let (top, mid, bottom) = (120.0, 160.0, 200.0);
    b.line(XS[0], 90.0, XS[7], 90.0);
    b.line(XS[0], top, XS[7], top);
    b.line(XS[3], mid, XS[4], mid);
    b.line(XS[0], bottom, XS[7], bottom);
    for &x in &XS {
        b.line(x, 90.0, x, bottom);
    }
    header_row(&mut b, 90.0, top);
    row(
        &mut b,
        top,
        bottom,
        [
            Some("目的A"),
            Some("方法A"),
            Some("P. 40"),
            None,
            Some("良"),
            Some(CHOICES),
            Some("理由"),
        ],
    );
    b.cell_text(r(XS[3], top, XS[4], mid), 9.0, "①6月開催");
    b.cell_text(r(XS[3], mid, XS[4], bottom), 9.0, "②2月開催");
    oval(&mut b, "終了", "終了", 1);
    let rep = build(&layouts(&[b])).expect("report");
    assert_eq!(rep.records.len(), 2);
    assert_eq!(rep.records[1].status.as_deref(), Some("②2月開催"));
    assert_eq!(rep.records[1].purpose.as_deref(), Some("目的A"));
    for rec in &rep.records {
        assert_eq!(
            rec.decision.as_ref().map(|d| d.value),
            Some(DecisionValue::End)
        );
    }
}

#[test]
fn a_split_row_whose_choices_are_on_the_second_page_takes_its_decision_from_there() {
    let mut p1 = PageBuilder::new(1);
    table(&mut p1, &[90.0, 120.0, 190.0, 260.0], &[]);
    header_row(&mut p1, 90.0, 120.0);
    row(
        &mut p1,
        120.0,
        190.0,
        [
            Some("目的A"),
            Some("方法A"),
            Some("P. 40"),
            Some("開催"),
            Some("良"),
            Some(CHOICES),
            Some("理由"),
        ],
    );
    row(
        &mut p1,
        190.0,
        260.0,
        [
            Some("目的B"),
            Some("方法B"),
            Some("P. 41"),
            Some("前半"),
            None,
            None,
            None,
        ],
    );
    let mut p2 = PageBuilder::new(2);
    table(&mut p2, &[40.0, 110.0], &[]);
    row(
        &mut p2,
        40.0,
        110.0,
        [
            None,
            None,
            None,
            Some("後半"),
            Some("できた。"),
            Some(CHOICES),
            Some("いく。"),
        ],
    );
    oval(&mut p2, "変更", "変更", 0);
    let rep = build(&layouts(&[p1, p2])).expect("report");
    assert_eq!(rep.records.len(), 2);
    let last = &rep.records[1];
    assert_eq!((last.page, last.row), (1, 2));
    assert_eq!(last.status.as_deref(), Some("前半\n後半"));
    assert_eq!(
        last.decision.as_ref().map(|d| d.value),
        Some(DecisionValue::ContinueChange)
    );
    // Only row 1 is unmarked; the stale warning of the first part is gone.
    let unmarked: Vec<_> = rep
        .warnings
        .iter()
        .filter(|w| w.code == "unmarked_decision")
        .collect();
    assert_eq!(unmarked.len(), 1, "{unmarked:?}");
    assert!(unmarked[0].message.starts_with("row 1:"));
}

/// A sheet number printed above the table is never the body, and a title
/// whose name carries its date keeps it; the date is the period when no
/// other line prints one.
#[test]
fn a_sheet_number_is_not_the_body_and_a_dated_title_keeps_its_date() {
    let mut b = PageBuilder::new(1);
    b.text(450.0, 40.0, 10.0, "NO. 1");
    b.text(50.0, 60.0, 12.0, "議会運営委員会");
    b.text(50.0, 80.0, 14.0, "令和７年６月定例会 一般質問一覧");
    b.grid(&[50.0, 150.0, 300.0], &[100.0, 130.0, 160.0]);
    b.cell_text(r(50.0, 100.0, 150.0, 130.0), 10.0, "質問者");
    b.cell_text(r(150.0, 100.0, 300.0, 130.0), 10.0, "件名");
    b.cell_text(r(50.0, 130.0, 150.0, 160.0), 10.0, "A議員");
    b.cell_text(r(150.0, 130.0, 300.0, 160.0), 10.0, "防災について");
    let rep = build(&layouts(&[b])).expect("report");
    assert_eq!(rep.mode, Mode::Table);
    assert_eq!(rep.body.as_deref(), Some("議会運営委員会"));
    assert_eq!(
        rep.title.as_deref(),
        Some("令和７年６月定例会 一般質問一覧")
    );
    assert_eq!(rep.period_raw.as_deref(), Some("令和７年６月"));
}

/// A sheet of labelled fields is a form: no records, its fields under the
/// numbered heading, a □/■ group tied to its label, and the decision read
/// from the boxes under 今後の方向性.
#[test]
fn an_evaluation_sheet_is_a_form_with_fields_choices_and_a_checkbox_decision() {
    let mut b = PageBuilder::new(1);
    b.text(50.0, 80.0, 10.0, "１ 事業概要");
    b.grid(&[50.0, 150.0, 450.0], &[100.0, 130.0, 160.0, 190.0]);
    b.cell_text(r(50.0, 100.0, 150.0, 130.0), 10.0, "事業名");
    b.cell_text(r(150.0, 100.0, 450.0, 130.0), 10.0, "子育て相談事業");
    b.cell_text(r(50.0, 130.0, 150.0, 160.0), 10.0, "担当課");
    b.cell_text(r(150.0, 130.0, 450.0, 160.0), 10.0, "こども家庭課");
    b.cell_text(r(50.0, 160.0, 150.0, 190.0), 10.0, "今後の方向性");
    b.cell_text(
        r(150.0, 160.0, 450.0, 190.0),
        10.0,
        "□拡充　■現状維持　□縮小　□廃止",
    );
    let rep = build(&layouts(&[b])).expect("form");
    assert_eq!(rep.mode, Mode::Form);
    assert!(rep.records.is_empty());
    assert_eq!(rep.title.as_deref(), Some("子育て相談事業"));
    assert_eq!(rep.body.as_deref(), Some("こども家庭課"));
    assert!(
        rep.fields
            .iter()
            .any(|f| f.label == "事業名" && f.section.as_deref() == Some("１ 事業概要"))
    );
    let c = &rep.choices[0];
    assert_eq!(c.label, "今後の方向性");
    assert_eq!(c.options, ["拡充", "現状維持", "縮小", "廃止"]);
    assert_eq!(c.chosen, ["現状維持"]);
    let d = rep.decision.as_ref().expect("decision");
    assert_eq!(d.value, DecisionValue::ContinueSame);
    assert_eq!(d.mark_kind, "checkbox");
    assert_eq!(d.label, "現状維持");
}

/// Reads layouts page by page, as `extract` does.
fn streamed(pages: &[PageLayout]) -> Option<Result<shinchoku::report::RawReport, ErrorCode>> {
    let mut b = shinchoku::report::Builder::new(Settings::default());
    for p in pages {
        b.push(p.clone());
    }
    b.finish().map(|r| r.map_err(|e| e.code))
}

/// The page-by-page builder gives what `build` gives over all pages, on
/// every sample (report, table and scan) and on the drawn two-page report
/// whose second page continues a row and prints the footnote.
#[test]
fn the_page_by_page_builder_reads_what_build_reads() {
    let mut docs = vec![layouts(&seed_like())];
    let mut paths: Vec<_> = std::fs::read_dir("samples")
        .expect("samples")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    paths.sort();
    assert!(paths.len() > 10, "the samples are missing");
    for path in &paths {
        let bytes = std::fs::read(path).expect("sample");
        let read = shinchoku::pdf::ReadOptions::default();
        let Ok((doc, _)) = shinchoku::raster::read(&bytes, &read, &Default::default()) else {
            continue;
        };
        docs.push(shinchoku::layout::analyze_document(
            &doc,
            &Settings::default(),
        ));
    }
    for pages in &docs {
        let whole = build(pages).map_err(|e| e.code);
        assert_eq!(
            streamed(pages),
            Some(whole),
            "page {:?}",
            pages.first().map(|p| p.page)
        );
    }
}

/// An evaluation sheet is read whole; one longer than the pages the
/// builder keeps is handed back to be read again, never read as a table.
#[test]
fn a_form_longer_than_the_builder_keeps_is_handed_back() {
    let mut b = PageBuilder::new(1);
    b.grid(&[50.0, 150.0, 450.0], &[100.0, 130.0, 160.0]);
    b.cell_text(r(50.0, 100.0, 150.0, 130.0), 10.0, "事業名");
    b.cell_text(r(150.0, 100.0, 450.0, 130.0), 10.0, "子育て相談事業");
    b.cell_text(r(50.0, 130.0, 150.0, 160.0), 10.0, "担当課");
    b.cell_text(r(150.0, 130.0, 450.0, 160.0), 10.0, "こども家庭課");
    let page = layouts(&[b]).remove(0);
    let short: Vec<PageLayout> = (1..=2)
        .map(|n| PageLayout {
            page: n,
            ..page.clone()
        })
        .collect();
    let got = streamed(&short).expect("kept").expect("form");
    assert_eq!(got.mode, Mode::Form);
    assert_eq!(Ok(got), build(&short).map_err(|e| e.code));
    let long: Vec<PageLayout> = (1..=40)
        .map(|n| PageLayout {
            page: n,
            ..page.clone()
        })
        .collect();
    assert_eq!(streamed(&long), None);
}
