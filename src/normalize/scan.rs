//! The date scanner: finds dates as written, before any year is resolved.
//!
//! A small scanner over folded characters rather than one large regex: the
//! pieces (era, year, 年/年度 or dots, month, day, 旬, weekday marker) are
//! optional in many combinations, blanks from PDF line wraps may sit between
//! any two of them, and a range end inherits what its start wrote.

use chrono::Weekday;

use super::era::{ERAS, Era};
use super::fold::Folded;
use super::numerals::{is_kanji_numeral, parse_number};
use super::types::MonthPart;

/// Characters read as a range separator between two dates (～ 〜 ~ and dashes).
pub const RANGE_SEPARATORS: &[char] = &[
    '～', '〜', '~', '－', '−', '‐', '‑', '-', '–', '—', '―', 'ー',
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SepKind {
    Tilde,
    Choonpu,
    Kara,
}

#[derive(Debug, Clone)]
pub(super) struct WdMark {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) printed: Option<Weekday>,
    pub(super) holiday: bool,
}

/// One date as written, before any year is resolved. Indices are char indices.
#[derive(Debug, Clone, Default)]
pub(super) struct Atom {
    pub(super) start: usize,
    pub(super) end: usize,
    /// End without the weekday marker: `raw` is the date alone, as in the goldens.
    pub(super) core_end: usize,
    pub(super) era: Option<(&'static Era, i32, bool)>,
    pub(super) year: Option<i32>,
    pub(super) bare_year: Option<i32>,
    pub(super) fiscal: bool,
    pub(super) month: Option<u32>,
    pub(super) day: Option<u32>,
    pub(super) part: Option<MonthPart>,
    pub(super) weekday: Option<WdMark>,
    pub(super) anaphora: bool,
    pub(super) recurring: bool,
    pub(super) repaired_action: bool,
}

/// What the scanner found at one position: a single date or a range.
#[derive(Debug, Clone)]
pub(super) struct Item {
    pub(super) a: Atom,
    pub(super) b: Option<Atom>,
    pub(super) open_end: bool,
    pub(super) sep: Option<SepKind>,
    pub(super) start: usize,
    pub(super) end: usize,
}

pub(super) struct Scanner<'f> {
    pub(super) folded: &'f Folded<'f>,
    pub(super) cs: Vec<char>,
    /// Byte offset in the folded text of each char index (plus the end).
    pub(super) bytes: Vec<usize>,
}

pub(super) fn is_blank(c: char) -> bool {
    c == ' ' || c == '\n'
}

pub(super) fn weekday_of(c: char) -> Option<Weekday> {
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

impl<'f> Scanner<'f> {
    pub(super) fn new(folded: &'f Folded<'f>) -> Self {
        let mut cs = Vec::new();
        let mut bytes = Vec::new();
        for (b, c) in folded.text.char_indices() {
            cs.push(c);
            bytes.push(b);
        }
        bytes.push(folded.text.len());
        Scanner { folded, cs, bytes }
    }

    pub(super) fn at(&self, i: usize) -> Option<char> {
        self.cs.get(i).copied()
    }

    pub(super) fn starts_with(&self, i: usize, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(k, c)| self.at(i + k) == Some(c))
    }

    pub(super) fn ws(&self, mut i: usize) -> usize {
        // At most a few blanks: a wrap leaves one or two, more means a new thought.
        let mut n = 0;
        while n < 3 && self.at(i).is_some_and(is_blank) {
            i += 1;
            n += 1;
        }
        i
    }

    pub(super) fn byte(&self, i: usize) -> usize {
        self.bytes.get(i).copied().unwrap_or(self.folded.text.len())
    }

    pub(super) fn raw(&self, s: usize, e: usize) -> String {
        self.folded.raw(self.byte(s), self.byte(e))
    }

    /// A number at `i`: (value, end, char count, is kanji).
    pub(super) fn num(
        &self,
        i: usize,
        kanji: bool,
        max_len: usize,
    ) -> Option<(u64, usize, usize, bool)> {
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
    pub(super) fn boundary_ok(&self, i: usize) -> bool {
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

    pub(super) fn digit_before(&self, i: usize) -> bool {
        i.checked_sub(1)
            .and_then(|k| self.at(k))
            .is_some_and(|c| c.is_ascii_digit())
    }

    pub(super) fn era_prefix(&self, i: usize) -> Option<(&'static Era, usize, bool)> {
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
    pub(super) fn scan_at(&self, i: usize) -> Option<(Vec<Item>, usize)> {
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

    pub(super) fn sep_at(&self, k: usize) -> Option<(usize, SepKind)> {
        if self.starts_with(k, "から") {
            return Some((2, SepKind::Kara));
        }
        let c = self.at(k)?;
        if c == 'ー' {
            return Some((1, SepKind::Choonpu));
        }
        RANGE_SEPARATORS.contains(&c).then_some((1, SepKind::Tilde))
    }

    pub(super) fn extend_range(&self, a: Atom) -> Item {
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
    pub(super) fn atom(&self, i: usize, day_only: bool) -> Option<Atom> {
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
    pub(super) fn month_day(&self, a: &mut Atom, j: usize) -> usize {
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
    pub(super) fn day_after_month(&self, a: &mut Atom, j: usize) -> usize {
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

    pub(super) fn weekday_mark(&self, a: &mut Atom, j: usize) -> usize {
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
    pub(super) fn recurring(&self, i: usize) -> Option<usize> {
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
    pub(super) fn action_repaired(&self, j: usize) -> bool {
        let k = self.ws(j);
        for (a, b) in [('開', '催'), ('実', '施'), ('中', '止')] {
            if self.at(k) == Some(a) {
                let k2 = self.ws(k + 1);
                return k2 > k + 1 && self.at(k2) == Some(b);
            }
        }
        false
    }
}
