//! The Japanese era table (明治 to 令和) with exact Gregorian boundaries.

use chrono::NaiveDate;

/// One era: its name, abbreviations, and first/last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Era {
    /// 明治 … 令和.
    pub name: &'static str,
    /// Latin abbreviation (M T S H R).
    pub letter: char,
    /// One-kanji abbreviation (明 大 昭 平 令).
    pub kanji: char,
    /// Gregorian year of 元年.
    pub first_year: i32,
    /// First day as (year, month, day).
    pub start: (i32, u32, u32),
    /// Last day, `None` for the current era.
    pub end: Option<(i32, u32, u32)>,
}

/// Eras in order. 明治 starts on 1868-10-23 (慶応4年9月8日); dates before
/// 明治6年 were lunar, so month/day there are read as if Gregorian.
pub const ERAS: [Era; 5] = [
    Era {
        name: "明治",
        letter: 'M',
        kanji: '明',
        first_year: 1868,
        start: (1868, 10, 23),
        end: Some((1912, 7, 29)),
    },
    Era {
        name: "大正",
        letter: 'T',
        kanji: '大',
        first_year: 1912,
        start: (1912, 7, 30),
        end: Some((1926, 12, 24)),
    },
    Era {
        name: "昭和",
        letter: 'S',
        kanji: '昭',
        first_year: 1926,
        start: (1926, 12, 25),
        end: Some((1989, 1, 7)),
    },
    Era {
        name: "平成",
        letter: 'H',
        kanji: '平',
        first_year: 1989,
        start: (1989, 1, 8),
        end: Some((2019, 4, 30)),
    },
    Era {
        name: "令和",
        letter: 'R',
        kanji: '令',
        first_year: 2019,
        start: (2019, 5, 1),
        end: None,
    },
];

impl Era {
    /// Gregorian year of era year `y` (1 = 元年).
    pub fn gregorian_year(&self, y: i32) -> i32 {
        self.first_year.saturating_add(y).saturating_sub(1)
    }

    /// First day of the era.
    pub fn start_date(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.start.0, self.start.1, self.start.2)
    }

    /// Last day of the era, `None` for the current one.
    pub fn end_date(&self) -> Option<NaiveDate> {
        self.end
            .and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
    }
}

/// The era by full name (令和), Latin letter (R) or one-kanji abbreviation (令).
pub fn era_by_name(s: &str) -> Option<&'static Era> {
    ERAS.iter().find(|e| {
        e.name == s || {
            let mut cs = s.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => c == e.letter || c == e.kanji,
                _ => false,
            }
        }
    })
}

/// The era a day belongs to.
pub fn era_of(date: NaiveDate) -> Option<&'static Era> {
    ERAS.iter()
        .rev()
        .find(|e| e.start_date().is_some_and(|s| s <= date))
}

/// The day written in era terms, e.g. 令和元年5月1日, for warning messages.
pub fn canonical(date: NaiveDate) -> Option<String> {
    use chrono::Datelike;
    let e = era_of(date)?;
    let y = date.year() - e.first_year + 1;
    let ys = if y == 1 {
        "元".to_string()
    } else {
        y.to_string()
    };
    Some(format!(
        "{}{}年{}月{}日",
        e.name,
        ys,
        date.month(),
        date.day()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap_or_default();
        assert_eq!(era_of(d(2019, 4, 30)).map(|e| e.name), Some("平成"));
        assert_eq!(era_of(d(2019, 5, 1)).map(|e| e.name), Some("令和"));
        assert_eq!(era_of(d(1989, 1, 7)).map(|e| e.name), Some("昭和"));
        assert_eq!(era_of(d(1989, 1, 8)).map(|e| e.name), Some("平成"));
        assert_eq!(canonical(d(2019, 5, 1)).as_deref(), Some("令和元年5月1日"));
        assert_eq!(era_by_name("H").map(|e| e.name), Some("平成"));
        assert_eq!(era_by_name("令").map(|e| e.name), Some("令和"));
    }
}
