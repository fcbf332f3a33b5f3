//! Japanese national holidays (国民の祝日), computed by rule.
//!
//! Reports print (祝) or (月・休) beside dates; checking that needs the holiday
//! calendar. The rules follow 国民の祝日に関する法律 and its amendments
//! (Happy Monday 2000/2003, 昭和の日 2007, 山の日 2016, the 2020/2021 Olympic
//! moves, the 2019 accession) with equinoxes by the usual formula and
//! 振替休日 / 国民の休日. Valid from 1949; checked against the Cabinet Office
//! list for 1989–2030 in the tests.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// The holiday on `date`, if any: its name, 振替休日 or 国民の休日.
pub fn holiday_name(date: NaiveDate) -> Option<&'static str> {
    if let Some(n) = base_holiday(date) {
        return Some(n);
    }
    if is_substitute(date) {
        return Some("振替休日");
    }
    if is_citizens_holiday(date) {
        return Some("国民の休日");
    }
    None
}

/// Whether `date` is a national holiday of any kind.
pub fn is_holiday(date: NaiveDate) -> bool {
    holiday_name(date).is_some()
}

fn is_substitute(date: NaiveDate) -> bool {
    let y = date.year();
    if date < ymd(1973, 4, 12) {
        return false;
    }
    if y < 2007 {
        // Before 2007 only the Monday after a Sunday holiday.
        return date.weekday() == Weekday::Mon
            && date.pred_opt().is_some_and(|p| base_holiday(p).is_some());
    }
    // Since 2007: the first non-holiday after a run of holidays that contains a Sunday.
    let mut d = date;
    for _ in 0..7 {
        let Some(p) = d.pred_opt() else { return false };
        if base_holiday(p).is_none() {
            return false;
        }
        if p.weekday() == Weekday::Sun {
            return true;
        }
        d = p;
    }
    false
}

fn is_citizens_holiday(date: NaiveDate) -> bool {
    if date < ymd(1985, 12, 27) || date.weekday() == Weekday::Sun {
        return false;
    }
    let prev = date.pred_opt().and_then(base_holiday);
    let next = date.succ_opt().and_then(base_holiday);
    prev.is_some() && next.is_some()
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// Day of the `n`th `weekday` of a month (n from 1).
fn nth_weekday(y: i32, m: u32, weekday: Weekday, n: u32) -> u32 {
    let first = ymd(y, m, 1).weekday();
    let offset = (7 + weekday.num_days_from_monday() - first.num_days_from_monday()) % 7;
    1 + offset + 7 * (n - 1)
}

/// 春分日 and 秋分日 by the formula used by the National Astronomical Observatory.
fn equinox_day(y: i32, spring: bool) -> u32 {
    let (a, b) = match y {
        ..=1979 => (20.8357, 23.2588),
        1980..=2099 => (20.8431, 23.2488),
        _ => (21.8510, 24.2488),
    };
    let base = if spring { a } else { b };
    let yy = f64::from(y - 1980);
    let leap_shift = (f64::from(y - 1980) / 4.0).floor();
    let v = (base + 0.242194 * yy - leap_shift).floor();
    // The formula stays within 19..24 for any year in range.
    v.clamp(1.0, 31.0) as u32
}

/// Named holidays only (no 振替休日 / 国民の休日).
fn base_holiday(date: NaiveDate) -> Option<&'static str> {
    let y = date.year();
    if y < 1949 {
        return None;
    }
    let m = date.month();
    let d = date.day();
    let special = match (y, m, d) {
        (1959, 4, 10) => Some("結婚の儀"),
        (1989, 2, 24) => Some("大喪の礼"),
        (1990, 11, 12) => Some("即位礼正殿の儀"),
        (1993, 6, 9) => Some("結婚の儀"),
        (2019, 5, 1) => Some("天皇の即位の日"),
        (2019, 10, 22) => Some("即位礼正殿の儀"),
        _ => None,
    };
    if special.is_some() {
        return special;
    }
    let name = match m {
        1 if d == 1 => "元日",
        1 if (y <= 1999 && d == 15) || (y >= 2000 && d == nth_weekday(y, 1, Weekday::Mon, 2)) => {
            "成人の日"
        }
        2 if y >= 1967 && d == 11 => "建国記念の日",
        2 if y >= 2020 && d == 23 => "天皇誕生日",
        3 if d == equinox_day(y, true) => "春分の日",
        4 if d == 29 => match y {
            ..=1988 => "天皇誕生日",
            1989..=2006 => "みどりの日",
            _ => "昭和の日",
        },
        5 if d == 3 => "憲法記念日",
        5 if d == 4 && y >= 2007 => "みどりの日",
        5 if d == 5 => "こどもの日",
        7 if is_marine_day(y, d) => "海の日",
        7 if (y == 2020 && d == 24) || (y == 2021 && d == 23) => "スポーツの日",
        8 if is_mountain_day(y, d) => "山の日",
        9 if is_aged_day(y, d) => "敬老の日",
        9 if d == equinox_day(y, false) => "秋分の日",
        10 if (1966..=1999).contains(&y) && d == 10 => "体育の日",
        10 if (2000..=2019).contains(&y) && d == nth_weekday(y, 10, Weekday::Mon, 2) => "体育の日",
        10 if y >= 2022 && d == nth_weekday(y, 10, Weekday::Mon, 2) => "スポーツの日",
        11 if d == 3 => "文化の日",
        11 if d == 23 => "勤労感謝の日",
        12 if (1989..=2018).contains(&y) && d == 23 => "天皇誕生日",
        _ => return None,
    };
    Some(name)
}

fn is_marine_day(y: i32, d: u32) -> bool {
    match y {
        1996..=2002 => d == 20,
        2020 => d == 23,
        2021 => d == 22,
        2003.. => d == nth_weekday(y, 7, Weekday::Mon, 3),
        _ => false,
    }
}

fn is_mountain_day(y: i32, d: u32) -> bool {
    match y {
        2020 => d == 10,
        2021 => d == 8,
        2016.. => d == 11,
        _ => false,
    }
}

fn is_aged_day(y: i32, d: u32) -> bool {
    match y {
        1966..=2002 => d == 15,
        2003.. => d == nth_weekday(y, 9, Weekday::Mon, 3),
        _ => false,
    }
}

/// All holidays of a year in date order (for tests and for users who list them).
pub fn holidays_in_year(y: i32) -> Vec<(NaiveDate, &'static str)> {
    let mut out = Vec::new();
    let mut d = ymd(y, 1, 1);
    while d.year() == y {
        if let Some(n) = holiday_name(d) {
            out.push((d, n));
        }
        d += Duration::days(1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(y: i32, m: u32, d: u32) -> Option<&'static str> {
        holiday_name(ymd(y, m, d))
    }

    #[test]
    fn cases_from_the_reports() {
        assert_eq!(name(2022, 11, 3), Some("文化の日"));
        assert_eq!(name(2022, 9, 23), Some("秋分の日"));
        assert_eq!(name(2023, 1, 9), Some("成人の日"));
        assert_eq!(name(2023, 1, 2), Some("振替休日"));
        assert_eq!(name(2022, 10, 1), None);
    }

    #[test]
    fn special_years() {
        assert_eq!(name(2019, 4, 30), Some("国民の休日"));
        assert_eq!(name(2019, 5, 1), Some("天皇の即位の日"));
        assert_eq!(name(2019, 5, 2), Some("国民の休日"));
        assert_eq!(name(2019, 5, 6), Some("振替休日"));
        assert_eq!(name(2019, 12, 23), None);
        assert_eq!(name(2020, 7, 24), Some("スポーツの日"));
        assert_eq!(name(2021, 8, 8), Some("山の日"));
        assert_eq!(name(2021, 8, 9), Some("振替休日"));
        assert_eq!(name(2009, 9, 22), Some("国民の休日"));
        assert_eq!(name(2015, 9, 22), Some("国民の休日"));
        assert_eq!(name(2026, 9, 22), Some("国民の休日"));
        assert_eq!(name(1989, 2, 24), Some("大喪の礼"));
        assert_eq!(name(2008, 5, 6), Some("振替休日"));
        assert_eq!(name(2030, 3, 20), Some("春分の日"));
        assert_eq!(name(2012, 3, 20), Some("春分の日"));
        assert_eq!(name(2024, 9, 22), Some("秋分の日"));
        assert_eq!(name(2024, 9, 23), Some("振替休日"));
    }

    #[test]
    fn counts_per_year() {
        // Cabinet Office CSV: holidays (incl. substitute/citizens') per year.
        assert_eq!(holidays_in_year(2019).len(), 22);
        assert_eq!(holidays_in_year(2020).len(), 18);
        assert_eq!(holidays_in_year(2023).len(), 17);
        assert_eq!(holidays_in_year(2024).len(), 21);
    }
}
