//! Calendar arithmetic and checks shared by the date readers: ISO strings,
//! fiscal-year and month bounds, year resolution from the report context,
//! era-boundary warnings and weekday/holiday checks.

use chrono::{Datelike, NaiveDate, Weekday};

use super::context::{Context, fiscal_year_of};
use super::era::{Era, canonical};
use super::holidays::holiday_name;
use super::types::{
    DateValue, Inference, ResolvedBy, Warning, WarningCode, WeekdayCheck, WeekdayStatus,
};

/// The weekday as one kanji (月…日).
pub fn weekday_kanji(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "月",
        Weekday::Tue => "火",
        Weekday::Wed => "水",
        Weekday::Thu => "木",
        Weekday::Fri => "金",
        Weekday::Sat => "土",
        Weekday::Sun => "日",
    }
}

/// `YYYY-MM-DD`.
pub fn iso_day(d: NaiveDate) -> String {
    use chrono::Datelike;
    // Written directly: chrono's format string is parsed again on every
    // call, and every date of every row comes here. Years of other than
    // four digits keep chrono's form (a sign, more digits).
    if (0..=9999).contains(&d.year()) {
        format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    } else {
        d.format("%Y-%m-%d").to_string()
    }
}

/// April 1 and March 31 of fiscal year `fy`.
pub fn fiscal_bounds(fy: i32) -> (NaiveDate, NaiveDate) {
    let s = NaiveDate::from_ymd_opt(fy, 4, 1).unwrap_or(NaiveDate::MIN);
    let e = NaiveDate::from_ymd_opt(fy.saturating_add(1), 3, 31).unwrap_or(NaiveDate::MAX);
    (s, e)
}

/// First and last day of a month.
pub fn month_bounds(y: i32, m: u32) -> Option<(NaiveDate, NaiveDate)> {
    let s = NaiveDate::from_ymd_opt(y, m, 1)?;
    let next = if m == 12 {
        NaiveDate::from_ymd_opt(y.checked_add(1)?, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)?
    };
    Some((s, next.pred_opt()?))
}

/// The year of a bare month/day: the only year inside the report period,
/// else the fiscal-year rule (months 4–12 in the start year, 1–3 in the next).
pub(super) fn resolve_year(
    month: u32,
    day: Option<u32>,
    ctx: &Context,
) -> Option<(i32, ResolvedBy, Option<Inference>)> {
    let fy_rule = ctx
        .effective_fiscal_year()
        .map(|fy| if month >= 4 { fy } else { fy.saturating_add(1) });
    if let Some((pf, Some(pl))) = ctx.period_bounds() {
        let mut found = Vec::new();
        for y in (pf.year() - 1)..=(pl.year() + 1) {
            let Some((ms, me)) = month_bounds(y, month) else {
                continue;
            };
            let (s, e) = match day {
                // Clamped so 2月29日 still picks its year; validity is checked later.
                Some(d) => {
                    let dd = ms + chrono::Duration::days(i64::from(d.min(me.day())) - 1);
                    (dd, dd)
                }
                None => (ms, me),
            };
            if s <= pl && e >= pf {
                found.push(y);
            }
        }
        if let [y] = found.as_slice() {
            return Some((*y, ResolvedBy::FiscalYear, Some(Inference::Period)));
        }
    }
    Some((fy_rule?, ResolvedBy::FiscalYear, None))
}

pub(super) fn era_warnings(v: &mut DateValue, era: &Era, first: NaiveDate, last: NaiveDate) {
    if era.end_date().is_some_and(|end| first > end) {
        let canon = canonical(first).unwrap_or_default();
        v.warnings.push(Warning::new(
            WarningCode::EraYearBeyondEnd,
            format!("{} is after {} ended (canonical {canon})", v.raw, era.name),
        ));
    }
    if era.start_date().is_some_and(|start| last < start) {
        let canon = canonical(first).unwrap_or_default();
        v.warnings.push(Warning::new(
            WarningCode::EraDateBeforeStart,
            format!("{} is before {} began (canonical {canon})", v.raw, era.name),
        ));
    }
}

pub(super) fn weekday_check(
    raw: String,
    printed: Option<Weekday>,
    claimed: bool,
    date: NaiveDate,
) -> WeekdayCheck {
    let actual = date.weekday();
    let holiday = holiday_name(date);
    let weekday_ok = printed.is_none_or(|p| p == actual);
    let holiday_ok = !claimed || holiday.is_some();
    WeekdayCheck {
        raw,
        printed: printed.map(|p| weekday_kanji(p).to_string()),
        actual: weekday_kanji(actual).to_string(),
        holiday_claimed: claimed,
        holiday: holiday.map(str::to_string),
        status: if weekday_ok && holiday_ok {
            WeekdayStatus::Match
        } else {
            WeekdayStatus::Mismatch
        },
    }
}

/// The fiscal year a resolved value's first day falls in.
pub fn fiscal_year_of_value(v: &DateValue) -> Option<i32> {
    v.first_day
        .as_deref()
        .and_then(super::context::parse_iso_day)
        .map(fiscal_year_of)
}

#[cfg(test)]
mod iso_tests {
    use super::*;

    #[test]
    fn iso_day_writes_as_chrono_does() {
        for (y, m, d) in [
            (2024, 4, 1),
            (1, 1, 1),
            (0, 12, 31),
            (9999, 12, 31),
            (10000, 1, 1),
            (-1, 3, 9),
        ] {
            let day = NaiveDate::from_ymd_opt(y, m, d).expect("a date");
            assert_eq!(iso_day(day), day.format("%Y-%m-%d").to_string());
        }
    }
}
