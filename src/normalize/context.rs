//! What a bare month/day is resolved against: the report period and fiscal year.

use chrono::{Datelike, NaiveDate};

use super::era::{Era, era_of};
use super::types::{Period, ResolvedBy};

/// The report's period and/or fiscal year, and the previous date for 同日.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// Fiscal year (April start), e.g. 2022 for R4年度; from `--fiscal-year`.
    pub fiscal_year: Option<i32>,
    /// The report period as printed in the title.
    pub period: Option<Period>,
    /// The date 同日 refers to.
    pub previous: Option<NaiveDate>,
    /// How that date was resolved (`explicit` when not given).
    pub previous_resolved_by: Option<ResolvedBy>,
    /// The era a bare year (4年度) is read in, when neither period nor fiscal year says.
    pub era: Option<&'static Era>,
}

impl Context {
    /// An empty context: only written years resolve.
    pub fn new() -> Self {
        Context::default()
    }

    /// With a fiscal year.
    pub fn with_fiscal_year(mut self, fy: i32) -> Self {
        self.fiscal_year = Some(fy);
        self
    }

    /// With a report period.
    pub fn with_period(mut self, p: Period) -> Self {
        self.period = Some(p);
        self
    }

    /// With the date that 同日 refers to.
    pub fn with_previous(mut self, d: NaiveDate) -> Self {
        self.previous = Some(d);
        self
    }

    /// With the era a bare year is read in (e.g. the report's 令和).
    pub fn with_era(mut self, era: &'static Era) -> Self {
        self.era = Some(era);
        self
    }

    /// The fiscal year used for the fiscal-year rule: the given one, else the period's.
    pub fn effective_fiscal_year(&self) -> Option<i32> {
        self.fiscal_year
            .or_else(|| self.period.as_ref().and_then(|p| p.fiscal_year))
    }

    /// The period's first and last day (last is `None` for an open period).
    pub fn period_bounds(&self) -> Option<(NaiveDate, Option<NaiveDate>)> {
        let p = self.period.as_ref()?;
        let first = parse_iso_day(p.first_day.as_deref()?)?;
        let last = p.last_day.as_deref().and_then(parse_iso_day);
        Some((first, last))
    }

    /// The era a bare year (4年度) is read in: the era of the report's fiscal year.
    pub fn era_hint(&self) -> Option<&'static Era> {
        if self.era.is_some() {
            return self.era;
        }
        if let Some((first, _)) = self.period_bounds() {
            return era_of(first);
        }
        // June rather than April: 令和元年度 began in 平成 but is named 令和.
        let fy = self.effective_fiscal_year()?;
        era_of(NaiveDate::from_ymd_opt(fy, 6, 1)?)
    }
}

/// Reads `YYYY-MM-DD`.
pub fn parse_iso_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// The fiscal year (April start) a day belongs to.
pub fn fiscal_year_of(d: NaiveDate) -> i32 {
    if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    }
}
