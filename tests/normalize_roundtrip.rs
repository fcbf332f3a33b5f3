//! Property: every day from 1989-01-08 to 2030-12-31, written as an era date
//! in each notation the reports use, reads back as the same day, without warnings.

use chrono::{Datelike, NaiveDate};
use shinchoku::normalize::{Context, parse_date};

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// 二十一 style (positional).
fn kanji_positional(n: u32) -> String {
    let (t, o) = (n / 10, n % 10);
    let mut s = String::new();
    if t > 1 {
        s.push_str(DIGITS[t as usize]);
    }
    if t >= 1 {
        s.push('十');
    }
    if o > 0 || t == 0 {
        s.push_str(DIGITS[o as usize]);
    }
    s
}

/// 二一 style (digit by digit).
fn kanji_digits(n: u32) -> String {
    n.to_string()
        .chars()
        .filter_map(|c| c.to_digit(10).map(|d| DIGITS[d as usize]))
        .collect()
}

fn era_of(d: NaiveDate) -> (&'static str, u32) {
    if d >= NaiveDate::from_ymd_opt(2019, 5, 1).unwrap_or(NaiveDate::MAX) {
        ("令和", (d.year() - 2018) as u32)
    } else {
        ("平成", (d.year() - 1988) as u32)
    }
}

#[test]
fn every_day_round_trips_in_every_notation() {
    let ctx = Context::new();
    let mut d = NaiveDate::from_ymd_opt(1989, 1, 8).expect("start");
    let last = NaiveDate::from_ymd_opt(2030, 12, 31).expect("end");
    let mut checked = 0u32;
    let mut failures: Vec<String> = Vec::new();
    while d <= last {
        let (era, y) = era_of(d);
        let (m, day) = (d.month(), d.day());
        let ys = if y == 1 {
            "元".to_string()
        } else {
            y.to_string()
        };
        let forms = [
            format!("{era}{ys}年{m}月{day}日"),
            format!("{era}{y}年{m}月{day}日"),
            full_width(&format!("{era}{ys}年{m}月{day}日")),
            format!(
                "{era}{}年{}月{}日",
                if y == 1 {
                    "元".to_string()
                } else {
                    kanji_positional(y)
                },
                kanji_positional(m),
                kanji_positional(day)
            ),
            format!(
                "{era}{}年{}月{}日",
                kanji_digits(y),
                kanji_digits(m),
                kanji_digits(day)
            ),
        ];
        let want = d.format("%Y-%m-%d").to_string();
        for f in &forms {
            let got = parse_date(f, &ctx);
            let ok = got
                .as_ref()
                .is_some_and(|v| v.iso.as_deref() == Some(want.as_str()) && v.warnings.is_empty());
            if !ok && failures.len() < 20 {
                failures.push(format!("{f} → {:?}", got.map(|v| (v.iso, v.warnings))));
            }
            checked += 1;
        }
        d = d.succ_opt().expect("next day");
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(checked > 75_000);
}
