//! Finding and reading dates: eras, fiscal years, bare month/day, ranges.
//!
//! A small scanner over folded characters rather than one large regex: the
//! pieces (era, year, 年/年度 or dots, month, day, 旬, weekday marker) are
//! optional in many combinations, blanks from PDF line wraps may sit between
//! any two of them, and a range end inherits what its start wrote.

use chrono::{Datelike, NaiveDate, Weekday};

use super::context::{Context, fiscal_year_of};
use super::era::{ERAS, Era, canonical};
use super::fold::Folded;
use super::holidays::holiday_name;
use super::numerals::{is_kanji_numeral, parse_number};
use super::types::{
    DateValue, EraInfo, Inference, MonthPart, Precision, ResolvedBy, ValueError, ValueErrorCode,
    Warning, WarningCode, WeekdayCheck, WeekdayStatus,
};

/// Characters read as a range separator between two dates (～ 〜 ~ and dashes).
pub const RANGE_SEPARATORS: &[char] = &[
    '～', '〜', '~', '－', '−', '‐', '‑', '-', '–', '—', '―', 'ー',
];

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SepKind {
    Tilde,
    Choonpu,
    Kara,
}

#[derive(Debug, Clone)]
struct WdMark {
    start: usize,
    end: usize,
    printed: Option<Weekday>,
    holiday: bool,
}

/// One date as written, before any year is resolved. Indices are char indices.
#[derive(Debug, Clone, Default)]
struct Atom {
    start: usize,
    end: usize,
    /// End without the weekday marker: `raw` is the date alone, as in the goldens.
    core_end: usize,
    era: Option<(&'static Era, i32, bool)>,
    year: Option<i32>,
    bare_year: Option<i32>,
    fiscal: bool,
    month: Option<u32>,
    day: Option<u32>,
    part: Option<MonthPart>,
    weekday: Option<WdMark>,
    anaphora: bool,
    recurring: bool,
    repaired_action: bool,
}

/// What the scanner found at one position: a single date or a range.
#[derive(Debug, Clone)]
struct Item {
    a: Atom,
    b: Option<Atom>,
    open_end: bool,
    sep: Option<SepKind>,
    start: usize,
    end: usize,
}

struct Scanner<'f> {
    folded: &'f Folded<'f>,
    cs: Vec<char>,
    /// Byte offset in the folded text of each char index (plus the end).
    bytes: Vec<usize>,
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\n'
}

fn weekday_of(c: char) -> Option<Weekday> {
    Some(match c {
        '月' => Weekday::Mon,
        '火' => Weekday::Tue,
        '水' => Weekday::Wed,
        '木' => Weekday::Thu,
        '金' => Weekday::Fri,
        '土' => Weekday::Sat,
        '日' => Weekday::Sun,
        _ => return None,
    })
}

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

impl<'f> Scanner<'f> {
    fn new(folded: &'f Folded<'f>) -> Self {
        let mut cs = Vec::new();
        let mut bytes = Vec::new();
        for (b, c) in folded.text.char_indices() {
            cs.push(c);
            bytes.push(b);
        }
        bytes.push(folded.text.len());
        Scanner { folded, cs, bytes }
    }

    fn at(&self, i: usize) -> Option<char> {
        self.cs.get(i).copied()
    }

    fn starts_with(&self, i: usize, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(k, c)| self.at(i + k) == Some(c))
    }

    fn ws(&self, mut i: usize) -> usize {
        // At most a few blanks: a wrap leaves one or two, more means a new thought.
        let mut n = 0;
        while n < 3 && self.at(i).is_some_and(is_blank) {
            i += 1;
            n += 1;
        }
        i
    }

    fn byte(&self, i: usize) -> usize {
        self.bytes.get(i).copied().unwrap_or(self.folded.text.len())
    }

    fn raw(&self, s: usize, e: usize) -> String {
        self.folded.raw(self.byte(s), self.byte(e))
    }

    /// A number at `i`: (value, end, char count, is kanji).
    fn num(&self, i: usize, kanji: bool, max_len: usize) -> Option<(u64, usize, usize, bool)> {
        let c = self.at(i)?;
        if c.is_ascii_digit() {
            let mut j = i;
            while self.at(j).is_some_and(|c| c.is_ascii_digit()) {
                j += 1;
            }
            if j - i > max_len {
                return None;
            }
            let s: String = self.cs.get(i..j)?.iter().collect();
            return Some((parse_number(&s)?, j, j - i, false));
        }
        if kanji && is_kanji_numeral(c) {
            let mut j = i;
            while self.at(j).is_some_and(is_kanji_numeral) && j - i < 8 {
                j += 1;
            }
            let s: String = self.cs.get(i..j)?.iter().collect();
            return Some((parse_number(&s)?, j, j - i, true));
        }
        None
    }

    /// Whether a date may start at `i` (not inside a longer number or word).
    fn boundary_ok(&self, i: usize) -> bool {
        let Some(c) = self.at(i) else { return false };
        let Some(p) = i.checked_sub(1).and_then(|k| self.at(k)) else {
            return true;
        };
        if c.is_ascii_digit() {
            return !(p.is_ascii_digit()
                || ((p == '.' || p == '/' || p == ',') && self.digit_before(i - 1)));
        }
        if is_kanji_numeral(c) {
            return !is_kanji_numeral(p) && p != '第';
        }
        if c.is_ascii_alphabetic() {
            return !p.is_ascii_alphanumeric();
        }
        true
    }

    fn digit_before(&self, i: usize) -> bool {
        i.checked_sub(1)
            .and_then(|k| self.at(k))
            .is_some_and(|c| c.is_ascii_digit())
    }

    fn era_prefix(&self, i: usize) -> Option<(&'static Era, usize, bool)> {
        for e in ERAS.iter() {
            if self.starts_with(i, e.name) {
                return Some((e, i + 2, true));
            }
        }
        let c = self.at(i)?;
        let e = ERAS.iter().find(|e| e.letter == c || e.kanji == c)?;
        if c.is_ascii_alphabetic() && !self.boundary_ok(i) {
            return None;
        }
        Some((e, i + 1, false))
    }

    /// Scans what starts at `i`: items and the char index after them.
    fn scan_at(&self, i: usize) -> Option<(Vec<Item>, usize)> {
        if !self.boundary_ok(i) {
            return None;
        }
        if let Some(a) = self.atom(i, false) {
            let item = self.extend_range(a);
            let end = item.end;
            return Some((vec![item], end));
        }
        // 1～3月 (unit only on the end) and 10・11月 (a list, not a range).
        let (v, k, _, _) = self.num(i, true, 2)?;
        let m = u32::try_from(v).ok().filter(|m| (1..=12).contains(m))?;
        let k2 = self.ws(k);
        let c = self.at(k2)?;
        let month_only = |b: &Atom| {
            b.month.is_some()
                && b.day.is_none()
                && b.year.is_none()
                && !b.fiscal
                && b.bare_year.is_none()
        };
        if RANGE_SEPARATORS.contains(&c) && c != 'ー' {
            let k3 = self.ws(k2 + 1);
            let b = self.atom(k3, false).filter(month_only)?;
            let a = Atom {
                start: i,
                end: k,
                core_end: k,
                month: Some(m),
                ..Atom::default()
            };
            let end = b.end;
            return Some((
                vec![Item {
                    a,
                    b: Some(b),
                    open_end: false,
                    sep: Some(SepKind::Tilde),
                    start: i,
                    end,
                }],
                end,
            ));
        }
        if matches!(c, '・' | '･' | '、' | ',') && k2 == k {
            let b = self.atom(k + 1, false).filter(month_only)?;
            let a = Atom {
                start: i,
                end: k,
                core_end: k,
                month: Some(m),
                ..Atom::default()
            };
            let (bs, be) = (b.start, b.end);
            return Some((
                vec![
                    Item {
                        a,
                        b: None,
                        open_end: false,
                        sep: None,
                        start: i,
                        end: k,
                    },
                    Item {
                        a: b,
                        b: None,
                        open_end: false,
                        sep: None,
                        start: bs,
                        end: be,
                    },
                ],
                be,
            ));
        }
        None
    }

    fn sep_at(&self, k: usize) -> Option<(usize, SepKind)> {
        if self.starts_with(k, "から") {
            return Some((2, SepKind::Kara));
        }
        let c = self.at(k)?;
        if c == 'ー' {
            return Some((1, SepKind::Choonpu));
        }
        RANGE_SEPARATORS.contains(&c).then_some((1, SepKind::Tilde))
    }

    fn extend_range(&self, a: Atom) -> Item {
        let single = |a: Atom| Item {
            start: a.start,
            end: a.end,
            a,
            b: None,
            open_end: false,
            sep: None,
        };
        if a.anaphora || a.recurring || a.day.is_some() && a.month.is_none() {
            return single(a);
        }
        let k = self.ws(a.end);
        let Some((len, kind)) = self.sep_at(k) else {
            return single(a);
        };
        let k2 = self.ws(k + len);
        let b = self
            .atom(k2, true)
            .filter(|b| !b.anaphora && !b.recurring && b.fiscal == a.fiscal);
        // ー is a long-vowel mark; only read it as a separator between two dates.
        let unit_end = a.month.is_some() || a.fiscal || a.year.is_some();
        match b {
            Some(b) if kind != SepKind::Choonpu || unit_end => {
                let mut end = b.end;
                if kind == SepKind::Kara {
                    let k3 = self.ws(end);
                    if self.starts_with(k3, "まで") {
                        end = k3 + 2;
                    }
                }
                Item {
                    start: a.start,
                    end,
                    a,
                    b: Some(b),
                    open_end: false,
                    sep: Some(kind),
                }
            }
            // Only a wave dash opens a range; a dash before prose is punctuation.
            None if kind == SepKind::Tilde
                && matches!(self.at(k), Some('～' | '〜' | '~'))
                && self
                    .at(k + len)
                    .is_none_or(|c| is_blank(c) || matches!(c, ')' | '」' | '、' | '。' | ',')) =>
            {
                // 令和4年10月～ with nothing dated after it: an open range.
                Item {
                    start: a.start,
                    end: k + len,
                    a,
                    b: None,
                    open_end: true,
                    sep: Some(kind),
                }
            }
            _ => single(a),
        }
    }

    /// One date as written at `i`. `day_only` allows `3日` (a range end).
    fn atom(&self, i: usize, day_only: bool) -> Option<Atom> {
        if self.starts_with(i, "同日") {
            return Some(Atom {
                start: i,
                end: i + 2,
                core_end: i + 2,
                anaphora: true,
                ..Atom::default()
            });
        }
        if let Some(end) = self.recurring(i) {
            return Some(Atom {
                start: i,
                end,
                core_end: end,
                recurring: true,
                ..Atom::default()
            });
        }
        let mut a = Atom {
            start: i,
            ..Atom::default()
        };
        let mut j = i;
        let mut dotted: Option<char> = None;
        let mut have_year = false;
        if let Some((era, k, full)) = self.era_prefix(i) {
            let k = if full { self.ws(k) } else { k };
            let (y, gannen, k) = if self.at(k) == Some('元') {
                (1, true, k + 1)
            } else {
                let (v, e, _, _) = self.num(k, full, 2)?;
                (i32::try_from(v).ok()?, false, e)
            };
            let k = if full { self.ws(k) } else { k };
            match self.at(k) {
                Some('年') => {
                    j = k + 1;
                    if self.at(j) == Some('度') {
                        a.fiscal = true;
                        j += 1;
                    }
                }
                Some(c @ ('.' | '/')) => {
                    dotted = Some(c);
                    j = k + 1;
                }
                _ => return None,
            }
            a.era = Some((era, y, gannen));
            a.year = Some(era.gregorian_year(y));
            have_year = true;
        } else if let Some((v, k, n, kanji)) = self.num(i, true, 4) {
            let k2 = self.ws(k);
            if (n == 4 || kanji) && (1000..=2999).contains(&v) && self.at(k2) == Some('年') {
                a.year = i32::try_from(v).ok();
                j = k2 + 1;
                if self.at(j) == Some('度') {
                    a.fiscal = true;
                    j += 1;
                }
                have_year = true;
            } else if n == 4
                && !kanji
                && matches!(self.at(k), Some('.' | '/' | '-'))
                && self.at(k + 1).is_some_and(|c| c.is_ascii_digit())
            {
                a.year = i32::try_from(v).ok();
                dotted = self.at(k);
                j = k + 1;
                have_year = true;
            } else if n <= 2 && self.at(k2) == Some('年') && self.at(k2 + 1) == Some('度') {
                a.bare_year = i32::try_from(v).ok();
                a.fiscal = true;
                j = k2 + 2;
                have_year = true;
            }
        }
        if have_year {
            if a.fiscal {
                a.end = j;
                a.core_end = j;
                return Some(a);
            }
            if let Some(sep) = dotted {
                let (m, k, _, _) = self.num(j, false, 2)?;
                a.month = u32::try_from(m).ok();
                j = k;
                if self.at(k) == Some(sep)
                    && let Some((d, k2, _, _)) = self.num(k + 1, false, 2)
                    && !self.at(k2).is_some_and(|c| c.is_ascii_digit() || c == sep)
                {
                    a.day = u32::try_from(d).ok();
                    j = k2;
                }
                // S3.5 or R4.10 is more often a version or a figure than a month.
                if a.era.is_some() && a.day.is_none() {
                    return None;
                }
            } else {
                j = self.month_day(&mut a, j);
            }
        } else {
            let (m, k, _, kanji) = self.num(i, true, 2)?;
            let k2 = self.ws(k);
            match self.at(k2) {
                Some('月') => {
                    a.month = u32::try_from(m).ok();
                    j = self.day_after_month(&mut a, k2 + 1);
                }
                Some('/') if !kanji && k2 == k => {
                    let (d, e, _, dk) = self.num(k + 1, false, 2)?;
                    if dk
                        || self
                            .at(e)
                            .is_some_and(|c| c.is_ascii_digit() || c == '/' || c == '.')
                    {
                        return None;
                    }
                    a.month = u32::try_from(m).ok();
                    a.day = u32::try_from(d).ok();
                    j = e;
                }
                Some('日') if day_only && !self.starts_with(k2 + 1, "間") => {
                    a.day = u32::try_from(m).ok();
                    j = k2 + 1;
                }
                _ => return None,
            }
        }
        if a.month.is_some_and(|m| !(1..=12).contains(&m))
            || a.day.is_some_and(|d| !(1..=31).contains(&d))
        {
            return None;
        }
        a.core_end = j;
        if a.day.is_some() {
            j = self.weekday_mark(&mut a, j);
        }
        a.end = j;
        a.repaired_action = self.action_repaired(j);
        Some(a)
    }

    /// After `年`: an optional month and day.
    fn month_day(&self, a: &mut Atom, j: usize) -> usize {
        let k = self.ws(j);
        let Some((m, e, _, _)) = self.num(k, true, 2) else {
            return j;
        };
        let e2 = self.ws(e);
        if self.at(e2) != Some('月') {
            return j;
        }
        a.month = u32::try_from(m).ok();
        self.day_after_month(a, e2 + 1)
    }

    /// After `月`: an optional day, or 上旬/中旬/下旬.
    fn day_after_month(&self, a: &mut Atom, j: usize) -> usize {
        for (s, p) in [
            ("上旬", MonthPart::Early),
            ("初旬", MonthPart::Early),
            ("中旬", MonthPart::Middle),
            ("下旬", MonthPart::Late),
        ] {
            if self.starts_with(j, s) {
                a.part = Some(p);
                return j + 2;
            }
        }
        let k = self.ws(j);
        if let Some((d, e, _, _)) = self.num(k, true, 2) {
            let e2 = self.ws(e);
            if self.at(e2) == Some('日') && !self.starts_with(e2 + 1, "間") {
                a.day = u32::try_from(d).ok();
                return e2 + 1;
            }
        }
        j
    }

    fn weekday_mark(&self, a: &mut Atom, j: usize) -> usize {
        let k = self.ws(j);
        if self.at(k) != Some('(') {
            return j;
        }
        let mut printed = None;
        let mut holiday = false;
        let mut e = k + 1;
        while e < k + 10 {
            let Some(c) = self.at(e) else { return j };
            if c == ')' {
                break;
            }
            if let Some(w) = weekday_of(c) {
                if printed.is_none() {
                    printed = Some(w);
                }
            } else if c == '祝' || c == '休' {
                holiday = true;
            } else if !matches!(c, '・' | '･' | ',' | '、' | ' ' | '曜') {
                return j;
            }
            e += 1;
        }
        if self.at(e) != Some(')') || (printed.is_none() && !holiday) {
            return j;
        }
        a.weekday = Some(WdMark {
            start: k,
            end: e + 1,
            printed,
            holiday,
        });
        e + 1
    }

    /// 毎月第2火曜日, 毎週水曜日: a rule, not a date.
    fn recurring(&self, i: usize) -> Option<usize> {
        let mut k = if self.starts_with(i, "毎月第") {
            let (_, e, _, _) = self.num(i + 3, true, 1)?;
            e
        } else if self.starts_with(i, "毎週") {
            i + 2
        } else {
            return None;
        };
        weekday_of(self.at(k)?)?;
        k += 1;
        if self.starts_with(k, "曜日") {
            k += 2;
        } else if self.at(k) == Some('曜') {
            k += 1;
        }
        Some(k)
    }

    /// 開 催 / 実\n施 right after a date: a wrapped action word.
    fn action_repaired(&self, j: usize) -> bool {
        let k = self.ws(j);
        for (a, b) in [('開', '催'), ('実', '施'), ('中', '止')] {
            if self.at(k) == Some(a) {
                let k2 = self.ws(k + 1);
                return k2 > k + 1 && self.at(k2) == Some(b);
            }
        }
        false
    }

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

/// `YYYY-MM-DD`.
pub fn iso_day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
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
fn resolve_year(
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

fn era_warnings(v: &mut DateValue, era: &Era, first: NaiveDate, last: NaiveDate) {
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

fn weekday_check(
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
