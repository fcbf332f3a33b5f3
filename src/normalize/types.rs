//! The typed values the normalize stage hands to later stages.
//!
//! Field names of `Period`, `DateValue`, `Count` and `Event` that CONTRACT.md
//! names are binding; everything else here is an addition that is skipped in
//! JSON when empty, so the contract shapes stay recognisable.

use serde::{Deserialize, Serialize};

/// How fine a date value is: exactly the three values of the report schema.
/// 上旬/中旬/下旬, 年度 and recurring rules are told by other fields
/// (`part`, `fiscal_year`, `recurring`) so every value stays schema-valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// `YYYY-MM-DD`.
    Day,
    /// `YYYY-MM` (also 上旬/中旬/下旬, see `part`).
    Month,
    /// `YYYY` (a calendar year, or a fiscal year when `fiscal_year` is set).
    Year,
}

/// Where the year of a date came from (the three values of CONTRACT.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResolvedBy {
    /// The year is written (era or Gregorian).
    Explicit,
    /// A bare month/day placed by the report's year context: the report period
    /// when it decides, else months 4–12 in the fiscal year's start year, 1–3 in
    /// the next. `inference` says which.
    FiscalYear,
    /// Nothing to place it with, or no such day; `iso` is null.
    Unresolved,
}

/// How a value was completed beyond what is printed (an addition to the contract).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Inference {
    /// Only one year puts the bare month/day inside the report period.
    Period,
    /// 同日: the previous date in the same text.
    Anaphora,
    /// A bare year (4年度) read in the report's era.
    EraFromContext,
}

/// Part of a month (上旬 / 中旬 / 下旬).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MonthPart {
    /// 上旬 / 初旬: days 1–10.
    Early,
    /// 中旬: days 11–20.
    Middle,
    /// 下旬: day 21 to the end.
    Late,
}

/// Stable codes of the warnings attached to values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// The date lies after its era ended (平成31年5月1日); kept as written.
    EraYearBeyondEnd,
    /// The date lies before its era began (令和元年4月1日).
    EraDateBeforeStart,
    /// The printed weekday is not the date's weekday.
    WeekdayMismatch,
    /// 祝/休 printed beside a date that is no national holiday.
    HolidayMismatch,
    /// The date lies outside the report period.
    OutsideReportPeriod,
    /// The date lies outside the report's fiscal year.
    OutsideFiscalYear,
    /// A line break or blank inside a date or action word was ignored.
    LineBreakRepaired,
    /// The long-vowel mark ー was read as a range separator.
    SeparatorChoonpu,
    /// A bare year (4年度) was placed in the report's era.
    EraInferredFromContext,
}

/// A warning attached to a value: returned as data, never printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// Stable code.
    pub code: WarningCode,
    /// What a person should check.
    pub message: String,
}

impl Warning {
    /// Builds a warning.
    pub fn new(code: WarningCode, message: impl Into<String>) -> Self {
        Warning {
            code,
            message: message.into(),
        }
    }
}

/// Stable codes of the errors a single value can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueErrorCode {
    /// The calendar has no such day (2月30日, 2023-02-29); never rolled over.
    InvalidDate,
}

/// Why one value could not be read; the rest of the text is still read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct ValueError {
    /// Stable code.
    pub code: ValueErrorCode,
    /// Human-readable explanation.
    pub message: String,
}

/// The era a date was written in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EraInfo {
    /// 明治, 大正, 昭和, 平成 or 令和.
    pub name: String,
    /// The era year as written (1 for 元年).
    pub year: i32,
    /// Written as 元年.
    pub gannen: bool,
}

/// Result of checking a printed weekday marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeekdayStatus {
    /// Everything printed agrees with the calendar.
    Match,
    /// The weekday or the holiday claim is wrong.
    Mismatch,
}

/// The weekday marker printed beside a date, e.g. `(土)` or `(月・祝)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekdayCheck {
    /// The marker as printed.
    pub raw: String,
    /// The weekday printed, if any (月…日).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub printed: Option<String>,
    /// The date's real weekday (月…日).
    pub actual: String,
    /// 祝 or 休 was printed.
    pub holiday_claimed: bool,
    /// The national holiday on that date, if any (振替休日 and 国民の休日 included).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holiday: Option<String>,
    /// Overall verdict.
    pub status: WeekdayStatus,
}

/// One date (or range, part of month, fiscal year) read from text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateValue {
    /// The text as printed (not folded).
    pub raw: String,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY` by precision; null when unresolved or invalid.
    pub iso: Option<String>,
    /// How fine the value is.
    pub precision: Precision,
    /// Where the year came from.
    pub resolved_by: ResolvedBy,
    /// How the year (or era) was completed, when it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inference: Option<Inference>,
    /// 上旬/中旬/下旬 of the month in `iso`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<MonthPart>,
    /// Set for 年度: `iso` is then this fiscal year's start year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fiscal_year: Option<i32>,
    /// A rule such as 毎月第2火曜日: no single date, `iso` is null.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub recurring: bool,
    /// First day covered (for months, parts of months, fiscal years, ranges).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_day: Option<String>,
    /// Last day covered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_day: Option<String>,
    /// `--MM-DD` / `--MM` when the year could not be resolved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partial: Option<String>,
    /// The era as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub era: Option<EraInfo>,
    /// The printed weekday marker and its check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weekday: Option<WeekdayCheck>,
    /// The end of a range (`10月～12月`); `null` in JSON is omitted, see `open_end`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<Box<DateValue>>,
    /// A range written with no end (`令和4年10月～`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub open_end: bool,
    /// Problems a person should check; the value is still given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
    /// Set when the value cannot be a date (2月30日); `iso` is then null and
    /// `resolved_by` is `unresolved`, as the report schema requires.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ValueError>,
}

/// A report period, e.g. the title's `R4年10月～R5年2月`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// As printed.
    pub raw: String,
    /// `YYYY-MM` (or `YYYY-MM-DD` when days are printed).
    pub start: Option<String>,
    /// Like `start`; null for an open range.
    pub end: Option<String>,
    /// The fiscal year (April start) of `start`.
    pub fiscal_year: Option<i32>,
    /// First day covered, `YYYY-MM-DD`. Not serialized: the report's `period`
    /// object is exactly the four CONTRACT.md fields (goldens compare it whole).
    #[serde(skip)]
    pub first_day: Option<String>,
    /// Last day covered, `YYYY-MM-DD`; `None` for an open range. Not serialized.
    #[serde(skip)]
    pub last_day: Option<String>,
    /// Problems a person should check (e.g. `separator_choonpu`); not serialized
    /// with the period: the extract stage moves them to the report's `warnings`.
    #[serde(skip)]
    pub warnings: Vec<Warning>,
}

/// What a count counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// People who took part (参加者N名, N名参加, 合わせてN名).
    Participants,
    /// People who applied (申込者).
    Applicants,
    /// Organizations (事業所, 園, 校, 団体).
    Organizations,
    /// Anything else (回, 組, 定員, bare N名).
    Other,
}

/// Why a count is zero without a number being printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CountStatus {
    /// 申込者なし / 申込者がなく: zero, stated (not missing).
    None,
}

/// One part of a breakdown, e.g. `うち保護者10名`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreakdownItem {
    /// Who (保護者).
    pub label: Option<String>,
    /// How many.
    pub value: u64,
    /// The unit as printed.
    pub unit: String,
}

/// A quantity with a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    /// The quantity as printed (`20名`, `約30名`); in an event's `participants`
    /// the whole phrase (`保護者、児童合わせて20名`), as in CONTRACT.md.
    pub raw: String,
    /// The number (the lower bound of `10～15名`).
    pub value: u64,
    /// 名, 人, 事業所 …; null for 申込者なし.
    pub unit: Option<String>,
    /// What is counted.
    pub role: Role,
    /// The noun that names the count (参加者, 申込者, 定員, 保護者 …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The phrase with its role words (`参加者21名`, `21名参加`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phrase: Option<String>,
    /// Upper bound of a range (`10～15名`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_max: Option<u64>,
    /// 約 / 程度 / ほど / 前後.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approx: bool,
    /// 延べ: cumulative, people may be counted twice.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cumulative: bool,
    /// 以上.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub at_least: bool,
    /// 以下 / 未満.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub at_most: bool,
    /// 実人数 given beside a cumulative count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unique: Option<u64>,
    /// Parts (うち保護者10名, or 保護者10名・児童11名).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breakdown: Vec<BreakdownItem>,
    /// Whether the parts add up to the value; null without a breakdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breakdown_complete: Option<bool>,
    /// The value was computed (the sum of 保護者10名・児童11名), not printed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub derived: bool,
    /// Groups named together without numbers (保護者、児童合わせて).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<String>,
    /// A parenthetical without numbers (プラスあさひ学園職員同席).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The note adds people that are not counted in `value`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub has_unquantified_extra: bool,
    /// Set for a stated zero (申込者なし).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<CountStatus>,
}

impl Count {
    /// A plain count: no qualifiers, breakdown, label or status yet; the
    /// readers fill in what they find.
    pub fn new(raw: String, value: u64, unit: Option<String>, role: Role) -> Self {
        Count {
            raw,
            value,
            unit,
            role,
            label: None,
            phrase: None,
            value_max: None,
            approx: false,
            cumulative: false,
            at_least: false,
            at_most: false,
            unique: None,
            breakdown: Vec::new(),
            breakdown_complete: None,
            derived: false,
            subjects: Vec::new(),
            note: None,
            has_unquantified_extra: false,
            status: None,
        }
    }
}

/// What happened to an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// 開催.
    Held,
    /// 実施.
    Implemented,
    /// 中止 (wins over 開催/実施 in the same event).
    Cancelled,
}

/// One event read from a status cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// The list marker as printed (①, ⑴ …), or null.
    pub label: Option<String>,
    /// The event's text as printed.
    pub text: String,
    /// The event's date (first date in its text).
    pub date: Option<DateValue>,
    /// 開催 / 実施 / 中止.
    pub action: Option<Action>,
    /// The participant count.
    pub participants: Option<Count>,
    /// The marker's number (① → 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<u32>,
    /// Every count in the event's text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counts: Vec<Count>,
    /// Problems a person should check (e.g. a repaired line break in 開 催).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
}
