//! Rows of the real report in `../shared/seed/` through `normalize_record`,
//! with the cell texts copied here so the test does not depend on the seed file.

use shinchoku::normalize::{
    Action, Context, RecordCells, ResolvedBy, Role, WarningCode, find_period, normalize_record,
};

fn ctx() -> Context {
    let p = find_period(
        "第3次障がい者計画等進捗状況 R4年10月～R5年2月 (ページ数は第3次障がい者計画書中の記載箇所)",
    )
    .expect("title period");
    Context::new().with_period(p)
}

#[test]
fn title_period() {
    let p = ctx().period.expect("period");
    assert_eq!(p.raw, "R4年10月～R5年2月");
    assert_eq!(p.start.as_deref(), Some("2022-10"));
    assert_eq!(p.end.as_deref(), Some("2023-02"));
    assert_eq!(p.fiscal_year, Some(2022));
}

#[test]
fn participants_from_the_evaluation_cell() {
    let cells = RecordCells {
        purpose: "ネットワークの構築",
        method: "保護者向け進路先事業所紹介",
        pages: "P. 40",
        status: "9月28日開催\n「事業所紹介とパネルディスカッション」\n市内福祉サービス6事業所の個別ブースにて面談",
        evaluation: "保護者、児童合わせて20名が参加された。 保護者への呼びかけができ、繋がりができた。",
        reason: "将来の居場所を知るきっかけとなるよう継続していく",
        other: vec![],
    };
    let r = normalize_record(&cells, &ctx());
    assert_eq!(r.plan_pages, [40]);
    assert_eq!(r.participants_total, Some(20));
    assert_eq!(r.events.len(), 1);
    let e = &r.events[0];
    let d = e.date.as_ref().expect("date");
    assert_eq!(d.iso.as_deref(), Some("2022-09-28"));
    assert_eq!(d.resolved_by, ResolvedBy::FiscalYear);
    assert_eq!(e.action, Some(Action::Held));
    let p = e.participants.as_ref().expect("participants");
    assert_eq!(p.raw, "保護者、児童合わせて20名");
    assert_eq!(p.value, 20);
    let roles: Vec<_> = r.counts.iter().map(|c| (c.raw.as_str(), c.role)).collect();
    assert_eq!(
        roles,
        [
            ("6事業所", Role::Organizations),
            ("合わせて20名", Role::Participants)
        ]
    );
}

#[test]
fn cancelled_without_date_and_other_cell_dates_are_not_events() {
    let cells = RecordCells {
        pages: "P. 40",
        status: "意見交換会中止",
        evaluation: "今年度は保育園への入園に関して、スマーズに対応ができた。 意見交換会の場合は、2/14の全体会にて行った。",
        ..RecordCells::default()
    };
    let r = normalize_record(&cells, &ctx());
    assert_eq!(r.events.len(), 1);
    assert_eq!(r.events[0].date, None);
    assert_eq!(r.events[0].action, Some(Action::Cancelled));
    assert_eq!(r.participants_total, None);
}

#[test]
fn two_listed_events() {
    let cells = RecordCells {
        pages: "P. 40",
        status: "①6月10日開催 ライフステージにおける切れ目がない支援についての意見交換会 参加者21名 ②2月14日開催 参加者19名",
        evaluation: "①小さい頃からのフォローが大切で… ②支援が必要な児の保育園入園状況について…",
        ..RecordCells::default()
    };
    let r = normalize_record(&cells, &ctx());
    assert_eq!(r.events.len(), 2);
    assert_eq!(r.participants_total, Some(40));
    let isos: Vec<_> = r
        .events
        .iter()
        .map(|e| e.date.as_ref().and_then(|d| d.iso.clone()))
        .collect();
    assert_eq!(isos, [Some("2022-06-10".into()), Some("2023-02-14".into())]);
    let w = &r.events[0].date.as_ref().expect("date").warnings;
    assert!(w.iter().any(|w| w.code == WarningCode::OutsideReportPeriod));
}

#[test]
fn wrapped_cell_and_no_applicants() {
    let cells = RecordCells {
        pages: "P. 41",
        status: "1月30日開催 報酬改定について や、実地指導で指 摘されたこと、職 員育成についてな ど、サービス事業 所の管理職員同士 で共有する機会と なった。 参加者22名",
        ..RecordCells::default()
    };
    let r = normalize_record(&cells, &ctx());
    assert_eq!(r.participants_total, Some(22));
    assert_eq!(
        r.events[0].date.as_ref().and_then(|d| d.iso.as_deref()),
        Some("2023-01-30")
    );

    let cells = RecordCells {
        status: "8月22日 コロナ禍での開催 であったことも影 響したか、申込者 がなく中止した。",
        ..RecordCells::default()
    };
    let r = normalize_record(&cells, &ctx());
    assert_eq!(r.events.len(), 1);
    assert_eq!(r.events[0].action, Some(Action::Cancelled));
    assert_eq!(r.participants_total, None);
    // The stated zero has no unit: it stays with its event, not in the row's counts.
    assert!(r.counts.is_empty());
    let ev = &r.events[0].counts;
    assert!(
        ev.iter()
            .any(|c| c.role == Role::Applicants && c.value == 0)
    );
}

#[test]
fn organizations_are_not_participants() {
    let cells = RecordCells {
        pages: "P. 38 P. 40",
        status: "11月実施 見学受入れ55事業所参加",
        evaluation: "来年度は年2回を想定し、見学会を行う。",
        ..RecordCells::default()
    };
    let r = normalize_record(&cells, &ctx());
    assert_eq!(r.plan_pages, [38, 40]);
    assert_eq!(r.participants_total, None);
    assert_eq!(r.events[0].action, Some(Action::Implemented));
    assert_eq!(
        r.events[0].date.as_ref().and_then(|d| d.iso.as_deref()),
        Some("2022-11")
    );
    let units: Vec<_> = r
        .counts
        .iter()
        .map(|c| c.unit.clone().unwrap_or_default())
        .collect();
    assert_eq!(units, ["事業所", "回"]);
}

#[test]
fn prose_status_gives_no_event() {
    let cells = RecordCells {
        status: "各連絡会の部会担当で話し合い、掲載内容や、色、文字等などを統一した。",
        evaluation: "サービス事業所及び、関係機関に3月以降で配布予定。",
        ..RecordCells::default()
    };
    let r = normalize_record(&cells, &ctx());
    assert!(r.events.is_empty());
    assert_eq!(r.participants_total, None);
}

#[test]
fn report_context_prefers_the_printed_period() {
    use shinchoku::normalize::report_context;
    let (p, ctx) = report_context("第3次障がい者計画等進捗状況 R4年10月～R5年2月", Some(2019));
    assert_eq!(p.and_then(|p| p.fiscal_year), Some(2022));
    assert_eq!(ctx.effective_fiscal_year(), Some(2022));
    let (p, ctx) = report_context("第3次障がい者計画等進捗状況", Some(2019));
    assert!(p.is_none());
    assert_eq!(ctx.effective_fiscal_year(), Some(2019));
}
