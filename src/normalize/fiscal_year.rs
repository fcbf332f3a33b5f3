//! A fiscal year as staff type it on the command line: 2022, R4, 令和4,
//! 令和4年度, H30, 平成元年度, Ｒ５ (full-width). Municipal staff think in era
//! years, so `5` alone is refused rather than read as the year 0005.

use super::era::era_by_name;
use super::numerals::parse_number;

/// The years a fiscal year may name: 平成 onwards, when these reports exist,
/// up to a bound that catches typos (20222).
pub const FISCAL_YEAR_RANGE: std::ops::RangeInclusive<i32> = 1989..=2100;

/// What the accepted forms are, for error messages.
pub const FISCAL_YEAR_FORMS: &str =
    "a year such as 2022, or an era year such as R4, 令和4, 令和4年度, H30 or 平成30年度";

/// Reads a fiscal year; the error says what was wrong and which forms work.
pub fn parse_fiscal_year(text: &str) -> Result<i32, String> {
    let t: String = text
        .trim()
        .chars()
        .map(|c| match c {
            // full-width digits and letters, as an IME types them
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            _ => c,
        })
        .collect();
    let t = t
        .strip_suffix("年度")
        .or_else(|| t.strip_suffix('年'))
        .unwrap_or(&t);
    let bad = || format!("`{text}` is not a fiscal year: use {FISCAL_YEAR_FORMS}");
    let year = if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) {
        let y: i32 = t.parse().map_err(|_| bad())?;
        if y < 100 {
            return Err(format!(
                "`{text}` is not a fiscal year: an era year needs its era (R{y}, 令和{y}, H{y}); \
                 use {FISCAL_YEAR_FORMS}"
            ));
        }
        y
    } else {
        let split = t
            .char_indices()
            .find(|(_, c)| {
                c.is_ascii_digit() || *c == '元' || super::numerals::is_kanji_numeral(*c)
            })
            .map(|(i, _)| i)
            .ok_or_else(bad)?;
        let (name, num) = t.split_at(split);
        let name = name.trim_end_matches('.');
        let era = era_by_name(name)
            .or_else(|| era_by_name(&name.to_uppercase()))
            .ok_or_else(bad)?;
        let n = if num == "元" {
            1
        } else {
            parse_number(num).ok_or_else(bad)?
        };
        let n = i32::try_from(n).map_err(|_| bad())?;
        if n < 1 {
            return Err(bad());
        }
        era.gregorian_year(n)
    };
    if FISCAL_YEAR_RANGE.contains(&year) {
        Ok(year)
    } else {
        Err(format!(
            "`{text}` gives the year {year}, outside {}–{}: use {FISCAL_YEAR_FORMS}",
            FISCAL_YEAR_RANGE.start(),
            FISCAL_YEAR_RANGE.end()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::parse_fiscal_year as p;

    #[test]
    fn the_forms_staff_type() {
        for (t, y) in [
            ("2022", 2022),
            ("R4", 2022),
            ("r4", 2022),
            ("令和4", 2022),
            ("令和4年度", 2022),
            ("令和元年度", 2019),
            ("H30", 2018),
            ("平成30年度", 2018),
            ("Ｒ５", 2023),
            ("令和五年度", 2023),
            ("1989", 1989),
            ("2100", 2100),
        ] {
            assert_eq!(p(t), Ok(y), "{t}");
        }
    }

    #[test]
    fn nonsense_is_refused_with_the_forms() {
        for t in [
            "5", "20222", "1800", "0", "R", "X4", "令和", "", "R0", "S50",
        ] {
            let e = p(t).unwrap_err();
            assert!(e.contains("2022"), "{t}: {e}");
        }
    }
}
