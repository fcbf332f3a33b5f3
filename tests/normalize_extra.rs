//! Cases beyond the TSV: false positives the readers must not produce, and
//! range forms seen in reports.

use shinchoku::normalize::{
    Context, Precision, ResolvedBy, events, find_counts, find_dates, parse_period, parse_period_in,
    plan_pages,
};

fn fy22() -> Context {
    Context::new().with_fiscal_year(2022)
}

fn isos(text: &str, ctx: &Context) -> Vec<Option<String>> {
    find_dates(text, ctx).into_iter().map(|d| d.iso).collect()
}

#[test]
fn not_dates() {
    for t in [
        "S3.5の仕様",
        "H2O",
        "3日間の研修",
        "第3次計画",
        "P. 40",
        "1～3ではない",
        "年2回",
    ] {
        assert!(find_dates(t, &fy22()).is_empty(), "{t}");
    }
}

#[test]
fn not_counts() {
    for t in [
        "第1回事業所部会",
        "2回目の開催",
        "2校時目",
        "名前を書く",
        "一人ひとりに",
        "万人向け",
    ] {
        assert!(find_counts(t).is_empty(), "{t}: {:?}", find_counts(t));
    }
}

#[test]
fn range_end_inherits_year_and_month() {
    let d = &find_dates("令和4年12月28日～1月4日", &Context::new())[0];
    assert_eq!(d.iso.as_deref(), Some("2022-12-28"));
    assert_eq!(
        d.end.as_ref().and_then(|e| e.iso.as_deref()),
        Some("2023-01-04")
    );
    assert_eq!(d.last_day.as_deref(), Some("2023-01-04"));
    assert_eq!(d.resolved_by, ResolvedBy::Explicit);
}

#[test]
fn weekday_markers_on_both_range_ends() {
    let d = &find_dates("10月1日(土)～3日(月)", &fy22())[0];
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    assert_eq!(
        d.end.as_ref().and_then(|e| e.iso.as_deref()),
        Some("2022-10-03")
    );
}

#[test]
fn dash_before_prose_is_not_an_open_range() {
    let d = &find_dates("10月1日 － 参加者10名", &fy22())[0];
    assert!(!d.open_end);
    assert_eq!(d.raw, "10月1日");
}

#[test]
fn same_day_refers_to_the_previous_date() {
    assert_eq!(
        isos("11月28日開催、同日に報告", &fy22()),
        [Some("2022-11-28".into()), Some("2022-11-28".into())]
    );
    // Nothing before it: unresolved, not guessed.
    let d = &find_dates("同日", &fy22())[0];
    assert_eq!(d.resolved_by, ResolvedBy::Unresolved);
    assert_eq!(d.iso, None);
}

#[test]
fn unresolved_month_day_keeps_the_partial_date() {
    let d = &find_dates("9月28日開催", &Context::new())[0];
    assert_eq!(d.iso, None);
    assert_eq!(d.partial.as_deref(), Some("--09-28"));
    assert_eq!(d.resolved_by, ResolvedBy::Unresolved);
}

#[test]
fn fiscal_year_range_and_gregorian_dots() {
    let p = parse_period("2022.10.1～2023.2.28").expect("period");
    assert_eq!(p.first_day.as_deref(), Some("2022-10-01"));
    assert_eq!(p.last_day.as_deref(), Some("2023-02-28"));
    let p = parse_period_in("10月上旬～11月中旬", &fy22()).expect("period");
    assert_eq!(p.first_day.as_deref(), Some("2022-10-01"));
    assert_eq!(p.last_day.as_deref(), Some("2022-11-20"));
    let fy = &find_dates("令和4年度", &Context::new())[0];
    assert_eq!(
        (fy.precision, fy.fiscal_year),
        (Precision::Year, Some(2022))
    );
}

#[test]
fn events_split_at_each_date_without_markers() {
    let evs = events("6月3日実施 参加者36名 11月9日開催 参加者23名", &fy22());
    let got: Vec<_> = evs
        .iter()
        .map(|e| {
            (
                e.date.as_ref().and_then(|d| d.iso.clone()),
                e.participants.as_ref().map(|p| p.value),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (Some("2022-06-03".into()), Some(36)),
            (Some("2022-11-09".into()), Some(23))
        ]
    );
}

#[test]
fn pages_in_prose_cells_are_ignored_without_p() {
    assert!(plan_pages("参加者21名").is_empty());
    assert_eq!(plan_pages("P.38～P.40"), [38, 39, 40]);
}

#[test]
fn parenthetical_parts_that_add_up_are_a_breakdown() {
    let cs = find_counts("参加者：21名（保護者10名、児童11名）");
    assert_eq!(cs.len(), 1, "{cs:#?}");
    assert_eq!(cs[0].value, 21);
    assert_eq!(cs[0].breakdown.len(), 2);
    assert_eq!(cs[0].breakdown_complete, Some(true));
}

#[test]
fn negated_action_words_are_not_actions() {
    use shinchoku::normalize::{Action, action_of};
    assert_eq!(action_of("今年度は開催せず").0, None);
    assert_eq!(action_of("未実施").0, None);
    assert_eq!(
        action_of("開催できなかったため中止").0,
        Some(Action::Cancelled)
    );
    assert_eq!(action_of("6月3日実施").0, Some(Action::Implemented));
}

#[test]
fn stated_zero_participants_total_is_zero_not_null() {
    use shinchoku::normalize::{RecordCells, normalize_record};
    let cells = RecordCells {
        status: "11月9日開催予定 参加者なし",
        ..RecordCells::default()
    };
    let r = normalize_record(&cells, &fy22());
    assert_eq!(r.participants_total, Some(0));
    assert_eq!(r.events[0].participants, None);
    let cells = RecordCells {
        status: "意見交換会中止",
        ..RecordCells::default()
    };
    assert_eq!(normalize_record(&cells, &fy22()).participants_total, None);
}

#[test]
fn derived_breakdown_raw_covers_exactly_its_parts() {
    let cs = find_counts("当日は保護者10名・児童11名が参加");
    assert_eq!(cs.len(), 1, "{cs:#?}");
    assert_eq!(cs[0].raw, "保護者10名・児童11名");
    assert_eq!(cs[0].value, 21);
    assert_eq!(cs[0].role, shinchoku::normalize::Role::Participants);
    let cs = find_counts("参加者54名、うち採用者7名");
    let raws: Vec<_> = cs.iter().map(|c| c.raw.as_str()).collect();
    assert_eq!(raws, ["参加者54名", "採用者7名"]);
}
