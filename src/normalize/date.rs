//! Finding and reading dates: eras, fiscal years, bare month/day, ranges.
//!
//! `scan` finds what is written; this file turns it into values, resolving
//! years against the report's period and fiscal year (`calendar`).

use chrono::{Datelike, NaiveDate};

use super::calendar::{era_warnings, resolve_year, weekday_check};
use super::context::Context;
use super::fold::Folded;
use super::scan::{Atom, Item, Scanner, SepKind};
use super::types::{
    DateValue, EraInfo, Inference, MonthPart, Precision, ResolvedBy, ValueError, ValueErrorCode,
    Warning, WarningCode, WeekdayStatus,
};

pub use super::calendar::{
    fiscal_bounds, fiscal_year_of_value, iso_day, month_bounds, weekday_kanji,
};
pub use super::scan::RANGE_SEPARATORS;

/// A date found in text, with where it was printed (byte offsets into the input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMatch {
    /// The value.
    pub value: DateValue,
    /// Start byte offset in the input text.
    pub start: usize,
    /// End byte offset in the input text.
    pub end: usize,
}

/// Every date in `text`, read against `ctx`, in reading order.
///
/// Ranges (`10月～12月`) come back as one value with `end` set; `10・11月` as two.
pub fn find_dates(text: &str, ctx: &Context) -> Vec<DateValue> {
    find_date_matches(text, ctx)
        .into_iter()
        .map(|m| m.value)
        .collect()
}

/// Like [`find_dates`], with each value's position in `text`.
pub fn find_date_matches(text: &str, ctx: &Context) -> Vec<DateMatch> {
    let folded = Folded::new(text);
    let sc = Scanner::new(&folded);
    let mut out: Vec<DateMatch> = Vec::new();
    let mut prev: Option<(NaiveDate, ResolvedBy)> = ctx
        .previous
        .map(|d| (d, ctx.previous_resolved_by.unwrap_or(ResolvedBy::Explicit)));
    let mut i = 0;
    while i < sc.cs.len() {
        let Some((items, end)) = sc.scan_at(i) else {
            i += 1;
            continue;
        };
        for item in items {
            let m = sc.build(&item, ctx, prev);
            if let Some(d) = m
                .value
                .first_day
                .as_deref()
                .and_then(super::context::parse_iso_day)
            {
                prev = Some((d, m.value.resolved_by));
            }
            out.push(m);
        }
        i = end.max(i + 1);
    }
    out
}

/// Parses one date expression that must make up all of `text` (blanks around allowed).
pub fn parse_date(text: &str, ctx: &Context) -> Option<DateValue> {
    let ms = find_date_matches(text, ctx);
    let [m] = ms.as_slice() else { return None };
    let rest = format!(
        "{}{}",
        text.get(..m.start).unwrap_or_default(),
        text.get(m.end..).unwrap_or_default()
    );
    rest.trim().is_empty().then(|| m.value.clone())
}

impl Scanner<'_> {
    fn build(
        &self,
        item: &Item,
        ctx: &Context,
        prev: Option<(NaiveDate, ResolvedBy)>,
    ) -> DateMatch {
        let raw_end = match (&item.b, item.open_end) {
            (Some(b), _) => b.core_end.max(b.start),
            (None, true) => item.end,
            (None, false) => item.a.core_end.max(item.a.start),
        };
        let raw = self.raw(item.start, raw_end);
        let (mut v, anchor) = self.value(&item.a, None, ctx, prev);
        v.raw = raw;
        if let Some(b) = &item.b {
            let (mut bv, _) = self.value(b, anchor.as_ref(), ctx, prev);
            bv.raw = self.raw(b.start, b.core_end.max(b.start));
            if bv.last_day.is_some() {
                v.last_day.clone_from(&bv.last_day);
            }
            v.warnings.append(&mut bv.warnings);
            v.end = Some(Box::new(bv));
        }
        if item.open_end {
            v.open_end = true;
            v.last_day = None;
        }
        if item.sep == Some(SepKind::Choonpu) {
            v.warnings.push(Warning::new(
                WarningCode::SeparatorChoonpu,
                "the long-vowel mark ー was read as a range separator",
            ));
        }
        if v.raw.chars().any(|c| c.is_whitespace()) || item.a.repaired_action {
            v.warnings.push(Warning::new(
                WarningCode::LineBreakRepaired,
                "a line break or blank inside the date or its action word was ignored",
            ));
        }
        self.context_warnings(&mut v, ctx);
        let (s, e) = self
            .folded
            .orig_range(self.byte(item.start), self.byte(item.end));
        DateMatch {
            value: v,
            start: s,
            end: e,
        }
    }

    fn context_warnings(&self, v: &mut DateValue, ctx: &Context) {
        if v.inference == Some(Inference::Period) || v.resolved_by == ResolvedBy::Unresolved {
            return;
        }
        let parse = super::context::parse_iso_day;
        let Some(first) = v.first_day.as_deref().and_then(parse) else {
            return;
        };
        let last = v.last_day.as_deref().and_then(parse).unwrap_or(first);
        if let Some((pf, pl)) = ctx.period_bounds() {
            let outside = last < pf || pl.is_some_and(|pl| first > pl);
            if outside {
                let raw = ctx.period.as_ref().map_or("", |p| p.raw.as_str());
                v.warnings.push(Warning::new(
                    WarningCode::OutsideReportPeriod,
                    format!("{} lies outside the report period {raw}", v.raw),
                ));
            }
            return;
        }
        if let Some(fy) = ctx.fiscal_year {
            let (fs, fe) = fiscal_bounds(fy);
            if last < fs || first > fe {
                v.warnings.push(Warning::new(
                    WarningCode::OutsideFiscalYear,
                    format!("{} lies outside fiscal year {fy}", v.raw),
                ));
            }
        }
    }

    /// The value of one atom; `anchor` is a range start the atom may inherit from.
    fn value(
        &self,
        a: &Atom,
        anchor: Option<&Anchor>,
        ctx: &Context,
        prev: Option<(NaiveDate, ResolvedBy)>,
    ) -> (DateValue, Option<Anchor>) {
        let mut v = DateValue {
            raw: self.raw(a.start, a.core_end.max(a.start)),
            iso: None,
            precision: Precision::Day,
            resolved_by: ResolvedBy::Unresolved,
            inference: None,
            part: None,
            fiscal_year: None,
            recurring: false,
            first_day: None,
            last_day: None,
            partial: None,
            era: a.era.map(|(e, y, g)| EraInfo {
                name: e.name.to_string(),
                year: y,
                gannen: g,
            }),
            weekday: None,
            end: None,
            open_end: false,
            warnings: Vec::new(),
            error: None,
        };
        if a.anaphora {
            // 同日 is as certain as the date it repeats.
            if let Some((d, rb)) = prev {
                v.resolved_by = rb;
                v.inference = Some(Inference::Anaphora);
                v.iso = Some(iso_day(d));
                v.first_day = Some(iso_day(d));
                v.last_day = Some(iso_day(d));
            }
            return (v, None);
        }
        if a.recurring {
            v.recurring = true;
            return (v, None);
        }
        if a.fiscal {
            return (self.fiscal_value(a, v, ctx), None);
        }
        let month = a.month.or(anchor.and_then(|x| x.month));
        // Year: written, inherited from a range start, or resolved from context.
        let year_rb: Option<(i32, ResolvedBy, Option<Inference>)> = if let Some(y) = a.year {
            Some((y, ResolvedBy::Explicit, None))
        } else if let Some(an) = anchor {
            let mut y = an.year;
            let here = (month.unwrap_or(1), a.day.unwrap_or(1));
            if month.is_some() && here < (an.month.unwrap_or(1), an.day.unwrap_or(1)) {
                y = y.saturating_add(1);
            }
            Some((y, an.resolved_by, an.inference))
        } else if let Some(m) = month {
            resolve_year(m, a.day, ctx)
        } else {
            None
        };
        v.precision = match (month, a.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        };
        if month.is_some() && a.day.is_none() {
            v.part = a.part;
        }
        let Some((y, rb, inference)) = year_rb else {
            v.partial = match (month, a.day) {
                (Some(m), Some(d)) => Some(format!("--{m:02}-{d:02}")),
                (Some(m), None) => Some(format!("--{m:02}")),
                _ => None,
            };
            return (v, None);
        };
        v.resolved_by = rb;
        v.inference = inference;
        if a.era.is_some_and(|(_, y, _)| y < 1) {
            v.resolved_by = ResolvedBy::Unresolved;
            v.error = Some(ValueError {
                code: ValueErrorCode::InvalidDate,
                message: format!("{}: there is no era year 0", v.raw),
            });
            return (v, None);
        }
        let span = match (month, a.day) {
            (Some(m), Some(d)) => match NaiveDate::from_ymd_opt(y, m, d) {
                Some(date) => {
                    v.iso = Some(iso_day(date));
                    Some((date, date))
                }
                None => {
                    // The schema ties a null iso to `unresolved`.
                    v.resolved_by = ResolvedBy::Unresolved;
                    v.error = Some(ValueError {
                        code: ValueErrorCode::InvalidDate,
                        message: format!("{y:04}-{m:02}-{d:02} does not exist"),
                    });
                    None
                }
            },
            (Some(m), None) => month_bounds(y, m).map(|(s, e)| {
                v.iso = Some(format!("{y:04}-{m:02}"));
                match a.part {
                    Some(MonthPart::Early) => (s, s + chrono::Duration::days(9)),
                    Some(MonthPart::Middle) => (
                        s + chrono::Duration::days(10),
                        s + chrono::Duration::days(19),
                    ),
                    Some(MonthPart::Late) => (s + chrono::Duration::days(20), e),
                    None => (s, e),
                }
            }),
            _ => NaiveDate::from_ymd_opt(y, 1, 1)
                .zip(NaiveDate::from_ymd_opt(y, 12, 31))
                .inspect(|_| {
                    v.iso = Some(format!("{y:04}"));
                }),
        };
        let Some((first, last)) = span else {
            return (v, None);
        };
        v.first_day = Some(iso_day(first));
        v.last_day = Some(iso_day(last));
        if let Some((era, _, _)) = a.era {
            era_warnings(&mut v, era, first, last);
        }
        if let (Some(w), Some(_)) = (&a.weekday, a.day) {
            let check = weekday_check(self.raw(w.start, w.end), w.printed, w.holiday, first);
            if check.status == WeekdayStatus::Mismatch {
                let (code, msg) = if w.printed.is_some_and(|p| p != first.weekday()) {
                    (
                        WarningCode::WeekdayMismatch,
                        format!(
                            "{} is a {}曜日, not as printed {}",
                            iso_day(first),
                            check.actual,
                            check.raw
                        ),
                    )
                } else {
                    (
                        WarningCode::HolidayMismatch,
                        format!("{} is not a national holiday", iso_day(first)),
                    )
                };
                v.warnings.push(Warning::new(code, msg));
            }
            v.weekday = Some(check);
        }
        let anchor = Anchor {
            year: y,
            month,
            day: a.day,
            resolved_by: rb,
            inference,
        };
        (v, Some(anchor))
    }

    fn fiscal_value(&self, a: &Atom, mut v: DateValue, ctx: &Context) -> DateValue {
        v.precision = Precision::Year;
        let (fy, era) = if let Some(y) = a.year {
            (y, a.era.map(|(e, _, _)| e))
        } else if let Some(by) = a.bare_year {
            let Some(era) = ctx.era_hint() else {
                return v;
            };
            v.warnings.push(Warning::new(
                WarningCode::EraInferredFromContext,
                format!("{}: no era printed; read as {}", v.raw, era.name),
            ));
            v.era = Some(EraInfo {
                name: era.name.to_string(),
                year: by,
                gannen: false,
            });
            v.inference = Some(Inference::EraFromContext);
            (era.gregorian_year(by), Some(era))
        } else {
            return v;
        };
        v.resolved_by = ResolvedBy::Explicit;
        v.fiscal_year = Some(fy);
        let (s, e) = fiscal_bounds(fy);
        v.iso = Some(format!("{fy:04}"));
        v.first_day = Some(iso_day(s));
        v.last_day = Some(iso_day(e));
        if let Some(era) = era {
            era_warnings(&mut v, era, s, e);
        }
        v
    }
}

#[derive(Debug, Clone, Copy)]
struct Anchor {
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
    resolved_by: ResolvedBy,
    inference: Option<Inference>,
}
