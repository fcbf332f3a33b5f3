//! Every row of `../shared/normalization-cases.tsv` as a test.
//!
//! The TSV gives the input and context; its expected column is prose, so each
//! case's expectation is written out here by hand. A TSV row without an entry
//! here fails `every_tsv_case_has_a_test`.

use std::collections::HashMap;
use std::sync::OnceLock;

use shinchoku::normalize::era::era_by_name;
use shinchoku::normalize::fold::fold_text;
use shinchoku::normalize::numerals::marker_number;
use shinchoku::normalize::{
    Action, Context, Count, CountStatus, DateValue, Inference, MonthPart, Period, Precision,
    ResolvedBy, Role, WarningCode, WeekdayStatus, events, find_counts, find_dates, parse_period_in,
    plan_pages,
};

const TSV: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/normalization-cases.tsv"
);

/// One TSV row: the input (with `\n` unescaped) and its context.
struct Case {
    input: String,
    ctx: Context,
}

fn table() -> Option<&'static HashMap<String, (String, String)>> {
    static T: OnceLock<Option<HashMap<String, (String, String)>>> = OnceLock::new();
    T.get_or_init(|| {
        // NORMALIZATION_CASES points elsewhere (used to check the missing-file path).
        let path = std::env::var("NORMALIZATION_CASES").unwrap_or_else(|_| TSV.to_string());
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                if std::env::var("CI").is_ok_and(|v| v == "true") {
                    panic!("{path} is missing under CI=true: {e}");
                }
                eprintln!("skipped: {path} not found ({e})");
                return None;
            }
        };
        let mut m = HashMap::new();
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() >= 4 {
                m.insert(
                    cols[0].to_string(),
                    (cols[2].replace("\\n", "\n"), cols[3].to_string()),
                );
            }
        }
        Some(m)
    })
    .as_ref()
}

fn fy_of(s: &str) -> Option<i32> {
    let s = s.trim().strip_prefix('R')?;
    s.parse::<i32>().ok().map(|y| 2018 + y)
}

/// Reads the context column: `FY R4`, `period …`, `previous date …`, `report era 令和`.
fn context_of(col: &str) -> Context {
    let mut ctx = Context::new();
    for part in col.split(", ") {
        let part = part.trim();
        if let Some(fy) = part
            .strip_prefix("report FY ")
            .or_else(|| part.strip_prefix("FY "))
        {
            ctx = ctx.with_fiscal_year(fy_of(fy).expect("fiscal year in context"));
        }
    }
    for part in col.split(", ") {
        let part = part.trim();
        if let Some(p) = part.strip_prefix("period ") {
            let period = parse_period_in(p, &ctx).expect("period in context");
            ctx = ctx.with_period(period);
        } else if let Some(d) = part.strip_prefix("previous date ") {
            ctx = ctx.with_previous(d.parse().expect("previous date"));
        } else if let Some(e) = part.strip_prefix("report era ") {
            ctx = ctx.with_era(era_by_name(e).expect("era"));
        }
    }
    ctx
}

fn case(id: &str) -> Option<Case> {
    let Some(t) = table() else {
        eprintln!("skipped {id}: no case table");
        return None;
    };
    let (input, ctx) = t.get(id).unwrap_or_else(|| panic!("{id} not in the TSV"));
    Some(Case {
        input: input.clone(),
        ctx: context_of(ctx),
    })
}

// ---- helpers ---------------------------------------------------------------

fn date1(c: &Case) -> DateValue {
    let ds = find_dates(&c.input, &c.ctx);
    assert_eq!(ds.len(), 1, "one date in {:?}: {ds:#?}", c.input);
    ds.into_iter().next().expect("one date")
}

fn iso(c: &Case, want: &str) -> DateValue {
    let d = date1(c);
    assert_eq!(d.iso.as_deref(), Some(want), "{:?}: {d:#?}", c.input);
    assert!(d.error.is_none());
    d
}

fn clean(c: &Case, want: &str) -> DateValue {
    let d = iso(c, want);
    assert!(
        d.warnings.is_empty(),
        "no warnings for {:?}: {:?}",
        c.input,
        d.warnings
    );
    d
}

fn warns(d: &DateValue, code: WarningCode) -> bool {
    d.warnings.iter().any(|w| w.code == code)
}

fn period(c: &Case) -> Period {
    parse_period_in(&c.input, &c.ctx).unwrap_or_else(|| panic!("period {:?}", c.input))
}

fn span(c: &Case, first: &str, last: &str) -> Period {
    let p = period(c);
    assert_eq!(p.first_day.as_deref(), Some(first), "{p:#?}");
    assert_eq!(p.last_day.as_deref(), Some(last), "{p:#?}");
    p
}

fn r4_oct_feb(c: &Case) -> Period {
    let p = span(c, "2022-10-01", "2023-02-28");
    assert_eq!(p.start.as_deref(), Some("2022-10"));
    assert_eq!(p.end.as_deref(), Some("2023-02"));
    assert_eq!(p.fiscal_year, Some(2022));
    p
}

fn fiscal(c: &Case, fy: i32) -> DateValue {
    let d = date1(c);
    assert_eq!(d.precision, Precision::Year);
    assert_eq!(d.fiscal_year, Some(fy));
    assert_eq!(d.iso, Some(fy.to_string()));
    assert_eq!(d.first_day, Some(format!("{fy}-04-01")));
    assert_eq!(d.last_day, Some(format!("{}-03-31", fy + 1)));
    let p = period(c);
    assert_eq!(p.fiscal_year, Some(fy));
    d
}

fn count1(c: &Case) -> Count {
    let cs = find_counts(&c.input);
    assert_eq!(cs.len(), 1, "one count in {:?}: {cs:#?}", c.input);
    cs.into_iter().next().expect("one count")
}

fn value(c: &Case, v: u64) -> Count {
    let n = count1(c);
    assert_eq!(n.value, v, "{n:#?}");
    n
}

fn no_counts(c: &Case) {
    let cs = find_counts(&c.input);
    assert!(cs.is_empty(), "no counts in {:?}: {cs:#?}", c.input);
}

fn pages(c: &Case, want: &[u32]) {
    assert_eq!(plan_pages(&c.input), want, "{:?}", c.input);
}

fn fy(y: i32) -> Context {
    Context::new().with_fiscal_year(y)
}

macro_rules! cases {
    ($($id:ident => $body:expr;)*) => {
        $(
            #[test]
            #[allow(non_snake_case)]
            fn $id() {
                if let Some(c) = case(stringify!($id)) {
                    let f: fn(&Case) = $body;
                    f(&c);
                }
            }
        )*
        const IDS: &[&str] = &[$(stringify!($id)),*];
    };
}

#[test]
fn every_tsv_case_has_a_test() {
    let Some(t) = table() else { return };
    let mut missing: Vec<&String> = t.keys().filter(|k| !IDS.contains(&k.as_str())).collect();
    missing.sort();
    assert!(missing.is_empty(), "TSV cases without a test: {missing:?}");
    assert_eq!(t.len(), 135);
    assert_eq!(IDS.len(), 135);
}

cases! {
    // ---- dates ----
    D01 => |c| {
        let d = clean(c, "2022-10-01");
        assert_eq!(d.precision, Precision::Day);
        assert_eq!(d.resolved_by, ResolvedBy::Explicit);
        assert_eq!(d.era.as_ref().map(|e| e.name.as_str()), Some("令和"));
    };
    D02 => |c| { clean(c, "2022-10-01"); };
    D03 => |c| { clean(c, "2022-10-01"); };
    D04 => |c| {
        let d = clean(c, "2019-05-01");
        assert!(d.era.as_ref().is_some_and(|e| e.gannen && e.year == 1));
    };
    D05 => |c| {
        let d = clean(c, "2019-05-01");
        assert!(d.era.as_ref().is_some_and(|e| !e.gannen && e.year == 1));
    };
    D06 => |c| { clean(c, "2019-04-30"); };
    D07 => |c| {
        let d = iso(c, "2019-05-01");
        assert!(warns(&d, WarningCode::EraYearBeyondEnd));
        assert!(d.warnings.iter().any(|w| w.message.contains("令和元年5月1日")));
    };
    D08 => |c| { assert!(warns(&iso(c, "2020-04-01"), WarningCode::EraYearBeyondEnd)); };
    D09 => |c| { clean(c, "1989-01-07"); };
    D10 => |c| { assert!(warns(&iso(c, "1989-01-08"), WarningCode::EraYearBeyondEnd)); };
    D11 => |c| { clean(c, "1989-01-08"); };
    D12 => |c| { assert!(warns(&iso(c, "1989-01-07"), WarningCode::EraDateBeforeStart)); };
    D13 => |c| { assert!(warns(&iso(c, "2019-04-01"), WarningCode::EraDateBeforeStart)); };
    D14 => |c| { clean(c, "2022-10-01"); };
    D15 => |c| { clean(c, "2022-10-01"); };
    D16 => |c| { clean(c, "2022-10-01"); };
    D17 => |c| { clean(c, "2022-10-01"); };
    D18 => |c| { clean(c, "2019-04-30"); };
    D19 => |c| { clean(c, "1989-01-07"); };
    D20 => |c| { assert_eq!(clean(c, "2022-10-01").raw, "㋿4年10月1日"); };
    D21 => |c| { clean(c, "2019-04-30"); };
    D22 => |c| {
        let d = clean(c, "2022-10-01");
        assert_eq!(d.resolved_by, ResolvedBy::Explicit);
        assert!(d.era.is_none());
    };
    D23 => |c| { clean(c, "2022-10-01"); };
    D24 => |c| {
        let w = clean(c, "2022-10-01").weekday.expect("weekday");
        assert_eq!(w.status, WeekdayStatus::Match);
    };
    D25 => |c| {
        let d = iso(c, "2022-10-01");
        assert!(warns(&d, WarningCode::WeekdayMismatch));
        let w = d.weekday.expect("weekday");
        assert_eq!(w.status, WeekdayStatus::Mismatch);
        assert_eq!(w.actual, "土");
        assert_eq!(w.printed.as_deref(), Some("金"));
    };
    D26 => |c| {
        let w = clean(c, "2022-10-01").weekday.expect("weekday");
        assert_eq!(w.status, WeekdayStatus::Match);
    };
    D27 => |c| {
        let w = clean(c, "2022-11-03").weekday.expect("weekday");
        assert_eq!(w.status, WeekdayStatus::Match);
        assert_eq!(w.holiday.as_deref(), Some("文化の日"));
    };
    D28 => |c| {
        let w = clean(c, "2022-09-23").weekday.expect("weekday");
        assert_eq!(w.holiday.as_deref(), Some("秋分の日"));
    };
    D29 => |c| {
        let w = clean(c, "2023-01-09").weekday.expect("weekday");
        assert_eq!(w.status, WeekdayStatus::Match);
        assert_eq!(w.printed.as_deref(), Some("月"));
        assert_eq!(w.holiday.as_deref(), Some("成人の日"));
    };
    D30 => |c| {
        let w = clean(c, "2023-01-02").weekday.expect("weekday");
        assert_eq!(w.status, WeekdayStatus::Match);
        assert_eq!(w.holiday.as_deref(), Some("振替休日"));
    };
    D31 => |c| {
        let d = iso(c, "2022-10-01");
        assert!(warns(&d, WarningCode::HolidayMismatch));
        assert_eq!(d.weekday.expect("weekday").status, WeekdayStatus::Mismatch);
    };
    D32 => |c| {
        let w = clean(c, "2022-08-22").weekday.expect("weekday");
        assert_eq!(w.status, WeekdayStatus::Match);
    };
    D33 => |c| { assert_eq!(clean(c, "2022-09-28").resolved_by, ResolvedBy::FiscalYear); };
    D34 => |c| { assert_eq!(clean(c, "2023-01-30").resolved_by, ResolvedBy::FiscalYear); };
    D35 => |c| { clean(c, "2023-03-31"); };
    D36 => |c| { clean(c, "2022-04-01"); };
    D37 => |c| {
        let d = date1(c);
        assert_eq!(d.iso, None);
        assert_eq!(d.resolved_by, ResolvedBy::Unresolved);
        let e = d.error.expect("invalid_date");
        assert_eq!(e.code, shinchoku::normalize::ValueErrorCode::InvalidDate);
        assert!(e.message.contains("2023-02-29"));
    };
    D38 => |c| { clean(c, "2024-02-29"); };
    D39 => |c| {
        let d = date1(c);
        assert_eq!(d.iso, None);
        assert!(d.error.is_some());
    };
    D40 => |c| {
        let ds = find_dates(&c.input, &c.ctx);
        let isos: Vec<_> = ds.iter().map(|d| d.iso.clone().unwrap_or_default()).collect();
        assert_eq!(isos, ["2022-06-10", "2023-02-14"]);
        assert!(warns(&ds[0], WarningCode::OutsideReportPeriod));
        assert!(ds[1].warnings.is_empty());
        let evs = events(&c.input, &c.ctx);
        assert_eq!(evs.len(), 2);
        assert_eq!(evs[0].label.as_deref(), Some("①"));
        assert_eq!(evs[1].label.as_deref(), Some("②"));
        assert_eq!(evs[1].date.as_ref().and_then(|d| d.iso.as_deref()), Some("2023-02-14"));
    };
    // Inside the period, where the period and the fiscal-year rule agree:
    // CONTRACT.md and the goldens call that `fiscal_year` (the TSV's
    // "period_inference" is the reasoning; no outside_report_period warning).
    D41 => |c| {
        let d = clean(c, "2022-11-28");
        assert_eq!(d.resolved_by, ResolvedBy::FiscalYear);
        assert_eq!(d.inference, Some(Inference::Period));
    };
    D42 => |c| {
        let evs = events(&c.input, &c.ctx);
        assert_eq!(evs.len(), 1);
        let d = evs[0].date.as_ref().expect("date");
        assert_eq!(d.iso.as_deref(), Some("2022-08-22"));
        assert!(warns(d, WarningCode::OutsideReportPeriod));
        assert_eq!(evs[0].action, Some(Action::Cancelled));
    };
    // The period beats the fiscal-year rule (which alone would say 2022).
    D43 => |c| {
        let d = clean(c, "2023-06-10");
        assert_eq!(d.resolved_by, ResolvedBy::FiscalYear);
        assert_eq!(d.inference, Some(Inference::Period));
    };
    D44 => |c| {
        assert!(warns(&iso(c, "2023-01-30"), WarningCode::LineBreakRepaired));
        let evs = events(&c.input, &c.ctx);
        assert_eq!(evs.len(), 1);
        assert_eq!(evs[0].action, Some(Action::Held));
    };
    D45 => |c| { assert_eq!(iso(c, "2023-01-30").raw, "1月\n30日"); };
    D46 => |c| { iso(c, "2022-10-01"); };
    D47 => |c| { assert_eq!(clean(c, "2023-01-30").raw, "1⽉30⽇"); };
    D48 => |c| { clean(c, "2022-11-28"); };
    D49 => |c| { clean(c, "2022-10-01"); };
    D50 => |c| {
        let d = iso(c, "2021-03");
        assert_eq!(d.precision, Precision::Month);
        assert_eq!(d.resolved_by, ResolvedBy::Explicit);
        assert!(warns(&d, WarningCode::OutsideFiscalYear));
    };
    D51 => |c| { assert_eq!(clean(c, "2022-10").precision, Precision::Month); };
    D52 => |c| {
        let d = clean(c, "2022-11");
        assert_eq!(d.precision, Precision::Month);
        assert_eq!(d.resolved_by, ResolvedBy::FiscalYear);
    };
    D53 => |c| {
        let d = clean(c, "2022");
        assert_eq!(d.precision, Precision::Year);
        assert_eq!(d.first_day.as_deref(), Some("2022-01-01"));
    };
    D54 => |c| {
        let d = clean(c, "2022-11-28");
        assert_eq!(d.inference, Some(Inference::Anaphora));
        assert_eq!(d.resolved_by, ResolvedBy::Explicit);
    };
    D55 => |c| {
        let d = fiscal(c, 2022);
        assert!(warns(&d, WarningCode::EraInferredFromContext));
        assert_eq!(d.inference, Some(Inference::EraFromContext));
    };

    // ---- periods ----
    P01 => |c| { assert!(r4_oct_feb(c).warnings.is_empty()); };
    P02 => |c| { assert!(r4_oct_feb(c).warnings.is_empty()); };
    P03 => |c| { assert!(r4_oct_feb(c).warnings.is_empty()); };
    P04 => |c| { assert!(r4_oct_feb(c).warnings.is_empty()); };
    P05 => |c| {
        let p = r4_oct_feb(c);
        assert!(p.warnings.iter().any(|w| w.code == WarningCode::SeparatorChoonpu));
    };
    P06 => |c| { assert!(r4_oct_feb(c).warnings.is_empty()); };
    P07 => |c| { r4_oct_feb(c); };
    P08 => |c| { span(c, "2022-10-01", "2022-12-31"); };
    P09 => |c| { span(c, "2023-01-01", "2023-03-31"); };
    P10 => |c| {
        let p = span(c, "2022-10-01", "2022-10-03");
        assert_eq!(p.start.as_deref(), Some("2022-10-01"));
        assert_eq!(p.end.as_deref(), Some("2022-10-03"));
    };
    P11 => |c| { span(c, "2022-12-28", "2023-01-04"); };
    P12 => |c| { span(c, "2022-10-01", "2023-02-28"); };
    P13 => |c| {
        let p = period(c);
        assert_eq!(p.start.as_deref(), Some("2022-10"));
        assert_eq!(p.first_day.as_deref(), Some("2022-10-01"));
        assert_eq!(p.end, None);
        assert_eq!(p.last_day, None);
    };
    P14 => |c| {
        assert!(parse_period_in(&c.input, &c.ctx).is_none(), "a list, not a range");
        let ds = find_dates(&c.input, &c.ctx);
        let isos: Vec<_> = ds.iter().map(|d| d.iso.clone().unwrap_or_default()).collect();
        assert_eq!(isos, ["2022-10", "2022-11"]);
        assert!(ds.iter().all(|d| d.precision == Precision::Month && d.end.is_none()));
    };
    P15 => |c| { span(c, "2022-04-01", "2023-03-31"); fiscal(c, 2022); };
    P16 => |c| { assert!(fiscal(c, 2019).warnings.is_empty()); };
    P17 => |c| { assert!(fiscal(c, 2019).warnings.is_empty()); };
    P18 => |c| { fiscal(c, 2022); };
    P19 => |c| { fiscal(c, 2022); span(c, "2022-04-01", "2023-03-31"); };
    P20 => |c| {
        let p = span(c, "2018-04-01", "2021-03-31");
        assert!(p.warnings.is_empty());
        assert_eq!(p.fiscal_year, Some(2018));
    };
    P21 => |c| {
        let d = date1(c);
        assert_eq!(d.precision, Precision::Month);
        assert_eq!(d.part, Some(MonthPart::Early));
        assert_eq!(d.iso.as_deref(), Some("2022-10"));
        assert_eq!(d.first_day.as_deref(), Some("2022-10-01"));
        assert_eq!(d.last_day.as_deref(), Some("2022-10-10"));
    };
    P22 => |c| {
        let d = date1(c);
        assert_eq!(d.part, Some(MonthPart::Middle));
        assert_eq!(d.first_day.as_deref(), Some("2022-11-11"));
        assert_eq!(d.last_day.as_deref(), Some("2022-11-20"));
    };
    P23 => |c| {
        let d = date1(c);
        assert_eq!(d.part, Some(MonthPart::Late));
        assert_eq!(d.first_day.as_deref(), Some("2023-02-21"));
        assert_eq!(d.last_day.as_deref(), Some("2023-02-28"));
    };
    P24 => |c| {
        let d = date1(c);
        assert!(d.recurring);
        assert_eq!(d.resolved_by, ResolvedBy::Unresolved);
        assert_eq!(d.iso, None);
        assert_eq!(d.raw, "毎月第2火曜日");
    };

    // ---- counts ----
    N01 => |c| {
        let n = value(c, 21);
        assert_eq!(n.unit.as_deref(), Some("名"));
        assert_eq!(n.role, Role::Participants);
    };
    N02 => |c| {
        let n = value(c, 21);
        assert_eq!(n.unit.as_deref(), Some("人"));
        assert_eq!(n.role, Role::Participants);
    };
    N03 => |c| {
        let n = value(c, 17);
        assert_eq!(n.role, Role::Participants);
        assert_eq!(n.note.as_deref(), Some("プラスあさひ学園職員同席"));
        assert!(n.has_unquantified_extra);
    };
    N04 => |c| { assert!(value(c, 30).approx); };
    N05 => |c| { assert!(value(c, 20).approx); };
    N06 => |c| {
        let n = value(c, 50);
        assert!(n.cumulative);
        assert_eq!(n.unit.as_deref(), Some("人"));
    };
    N07 => |c| {
        let n = value(c, 123);
        assert!(n.cumulative);
        assert_eq!(n.unique, Some(45));
    };
    N08 => |c| {
        let n = value(c, 21);
        assert_eq!(n.breakdown.len(), 1);
        assert_eq!(n.breakdown[0].label.as_deref(), Some("保護者"));
        assert_eq!(n.breakdown[0].value, 10);
        assert_eq!(n.breakdown_complete, Some(false));
    };
    N09 => |c| {
        let n = value(c, 21);
        assert!(n.derived);
        let parts: Vec<_> = n.breakdown.iter().map(|b| (b.label.clone().unwrap_or_default(), b.value)).collect();
        assert_eq!(parts, [("保護者".to_string(), 10), ("児童".to_string(), 11)]);
    };
    N10 => |c| {
        let n = value(c, 20);
        assert_eq!(n.role, Role::Participants);
        assert_eq!(n.subjects, ["保護者", "児童"]);
        assert!(n.breakdown.is_empty());
        assert_eq!(n.phrase.as_deref(), Some("保護者、児童合わせて20名"));
    };
    N11 => |c| { value(c, 21); };
    N12 => |c| { value(c, 21); };
    N13 => |c| { value(c, 20); };
    N14 => |c| { value(c, 120); };
    N15 => |c| {
        let n = value(c, 55);
        assert_eq!(n.unit.as_deref(), Some("事業所"));
        assert_eq!(n.role, Role::Organizations);
    };
    N16 => |c| { value(c, 0); };
    N17 => |c| {
        let n = value(c, 0);
        assert_eq!(n.role, Role::Applicants);
        assert_eq!(n.status, Some(CountStatus::None));
        assert_eq!(n.unit, None);
    };
    N18 => |c| {
        let n = value(c, 0);
        assert_eq!(n.role, Role::Applicants);
        assert_eq!(n.status, Some(CountStatus::None));
        let evs = events(&c.input, &c.ctx);
        assert_eq!(evs.len(), 1);
        assert_eq!(evs[0].action, Some(Action::Cancelled));
        assert_eq!(evs[0].participants, None);
    };
    N19 => |c| { assert_eq!(value(c, 23).role, Role::Participants); };
    N20 => |c| {
        let vs: Vec<u64> = find_counts(&c.input).iter().map(|n| n.value).collect();
        assert_eq!(vs, [21, 19]);
        let evs = events(&c.input, &fy(2022));
        assert_eq!(evs.len(), 2);
        assert_eq!(evs[0].participants.as_ref().map(|p| p.value), Some(21));
        assert_eq!(evs[1].participants.as_ref().map(|p| p.value), Some(19));
        assert_eq!(evs[1].date.as_ref().and_then(|d| d.iso.as_deref()), Some("2023-02-14"));
    };
    N21 => |c| {
        let cs = find_counts(&c.input);
        assert_eq!(cs.len(), 2);
        assert_eq!((cs[0].value, cs[0].role), (21, Role::Participants));
        assert_eq!((cs[1].value, cs[1].role), (30, Role::Other));
        assert_eq!(cs[1].label.as_deref(), Some("定員"));
    };
    N22 => |c| {
        let cs = find_counts(&c.input);
        assert_eq!(cs.len(), 2);
        assert_eq!((cs[0].value, cs[0].role), (5, Role::Applicants));
        assert_eq!((cs[1].value, cs[1].role), (4, Role::Participants));
    };
    N23 => |c| {
        let vs: Vec<u64> = find_counts(&c.input).iter().map(|n| n.value).collect();
        assert_eq!(vs, [1234, 1234]);
    };
    N24 => |c| { assert_eq!(value(c, 10).value_max, Some(15)); };
    N25 => |c| { assert!(value(c, 20).at_least); };
    N26 => |c| {
        let cs: Vec<(u64, String)> = find_counts(&c.input)
            .iter()
            .map(|n| (n.value, n.unit.clone().unwrap_or_default()))
            .collect();
        assert_eq!(cs, [(3, "組".to_string()), (6, "名".to_string())]);
    };
    N27 => |c| { value(c, 17); };
    N28 => |c| { assert_eq!(value(c, 21).role, Role::Participants); };
    N29 => |c| { no_counts(c); };
    N30 => |c| { no_counts(c); };
    N31 => |c| {
        let n = value(c, 2);
        assert_eq!(n.unit.as_deref(), Some("回"));
        assert_eq!(n.role, Role::Other);
    };
    N32 => |c| { no_counts(c); };
    N33 => |c| { no_counts(c); };

    // ---- page references ----
    R01 => |c| { pages(c, &[40]); };
    R02 => |c| { pages(c, &[38, 40]); };
    R03 => |c| { pages(c, &[38, 40]); };
    R04 => |c| { pages(c, &[40, 41]); };
    R05 => |c| { pages(c, &[12, 13]); };
    R06 => |c| { pages(c, &[40]); };
    R07 => |c| { pages(c, &[40, 41]); };
    R08 => |c| { pages(c, &[38, 40]); };
    R09 => |c| { pages(c, &[38]); };

    // ---- unicode ----
    U01 => |c| {
        assert_eq!(fold_text(&c.input), "①6月10日");
        let d = date1(c);
        assert_eq!(d.partial.as_deref(), Some("--06-10"));
        let evs = events(&c.input, &fy(2022));
        assert_eq!(evs.len(), 1);
        assert_eq!(evs[0].index, Some(1));
        assert_eq!(evs[0].date.as_ref().and_then(|d| d.iso.as_deref()), Some("2022-06-10"));
    };
    U02 => |c| {
        assert_eq!(marker_number('⑩'), Some(10));
        let evs = events(&c.input, &fy(2022));
        assert_eq!(evs.len(), 1);
        assert_eq!(evs[0].index, Some(10));
        assert_eq!(evs[0].date.as_ref().and_then(|d| d.iso.as_deref()), Some("2022-11"));
    };
    U03 => |c| {
        assert_eq!(fold_text(&c.input), "(株)");
        assert_eq!(c.input, "㈱");
    };
    U04 => |c| { assert_eq!(fold_text(&c.input), "プラス"); };
    U05 => |_c| {
        let p = parse_period_in("10月\u{FF5E}12月", &fy(2022)).expect("range");
        assert_eq!(p.last_day.as_deref(), Some("2022-12-31"));
        assert_eq!(fold_text("\u{FF5E}"), "\u{FF5E}");
    };
    U06 => |_c| {
        let p = parse_period_in("10月\u{301C}12月", &fy(2022)).expect("range");
        assert_eq!(p.last_day.as_deref(), Some("2022-12-31"));
    };
    U07 => |_c| { assert_eq!(fold_text("\u{2F49} \u{2F47}"), "月 日"); };
    U08 => |_c| { assert_eq!(fold_text("\u{2EDD}"), "食"); };
    U09 => |_c| {
        let text = "\u{F9A8}和4年10月1日";
        assert_eq!(fold_text(text), "令和4年10月1日");
        let ds = find_dates(text, &Context::new());
        assert_eq!(ds[0].iso.as_deref(), Some("2022-10-01"));
        assert_eq!(ds[0].raw, text);
    };
    U10 => |_c| {
        assert_eq!(fold_text("㏩"), "10日");
        assert_eq!(fold_text("㋀"), "1月");
        let ds = find_dates("㋀㏩", &fy(2022));
        assert_eq!(ds[0].iso.as_deref(), Some("2023-01-10"));
    };
    U11 => |_c| { assert_eq!(fold_text("\u{3000}\u{00A0}"), "  "); };
    U12 => |_c| {
        let p = parse_period_in("10月\u{2212}12月", &fy(2022)).expect("range");
        assert_eq!(p.last_day.as_deref(), Some("2022-12-31"));
        assert_eq!(plan_pages("P40\u{2010}41"), [40, 41]);
    };
    U13 => |_c| {
        assert_eq!(fold_text("（金）"), "(金)");
        assert_eq!(fold_text("㈮"), "(金)");
        let ds = find_dates("令和4年10月7日㈮", &Context::new());
        assert_eq!(ds[0].weekday.as_ref().map(|w| w.status), Some(WeekdayStatus::Match));
    };
    U14 => |_c| {
        assert_eq!(marker_number('⑴'), Some(1));
        assert_eq!(marker_number('⒈'), Some(1));
        let evs = events("⑴6月10日開催 ⑵7月1日実施", &fy(2022));
        let idx: Vec<_> = evs.iter().map(|e| e.index).collect();
        assert_eq!(idx, [Some(1), Some(2)]);
        assert_eq!(evs[1].action, Some(Action::Implemented));
    };
}
