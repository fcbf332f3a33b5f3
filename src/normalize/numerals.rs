//! Numbers written with digits, kanji numerals, or both.
//!
//! Two notations exist and the crates tried mix them up: positional (二十一 =
//! 2×10+1) and digit-by-digit (二一 = 21, 二〇二二 = 2022). A string with no
//! unit character (十百千万) is read digit by digit.

/// Characters that may start or continue a kanji numeral.
pub fn is_kanji_numeral(c: char) -> bool {
    kanji_digit(c).is_some() || small_unit(c).is_some() || matches!(c, '万' | '億' | '廿' | '卅')
}

fn kanji_digit(c: char) -> Option<u64> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return c.to_digit(10).map(u64::from),
    })
}

fn small_unit(c: char) -> Option<u64> {
    match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1000),
        _ => None,
    }
}

/// Reads a number written in ASCII digits (commas allowed), kanji numerals, or a mix
/// (二十一, 二一, 〇, 廿, 百二十, 1万2千). `None` when it is not a well-formed number.
pub fn parse_number(s: &str) -> Option<u64> {
    let s: String = s.chars().filter(|c| *c != ',').collect();
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    if !s.chars().all(is_kanji_numeral) {
        return None;
    }
    let has_units = s
        .chars()
        .any(|c| small_unit(c).is_some() || matches!(c, '万' | '億' | '廿' | '卅'));
    if !has_units {
        let mut v: u64 = 0;
        for c in s.chars() {
            v = v.checked_mul(10)?.checked_add(kanji_digit(c)?)?;
        }
        return Some(v);
    }
    positional(&s)
}

/// 百二十 style: groups below 万 are summed, then scaled by 万/億.
fn positional(s: &str) -> Option<u64> {
    let mut total: u64 = 0;
    let mut group: u64 = 0;
    // The digit run waiting for a unit; digit runs like 12 in 12万 are allowed.
    let mut pending: Option<u64> = None;
    // The last small unit used in this group, to reject 十百 or 十二十.
    let mut last_small: u64 = u64::MAX;
    let mut last_big: u64 = u64::MAX;
    for c in s.chars() {
        if let Some(d) = kanji_digit(c) {
            pending = Some(pending.unwrap_or(0).checked_mul(10)?.checked_add(d)?);
        } else if let Some(u) = small_unit(c) {
            if u >= last_small {
                return None;
            }
            group = group.checked_add(pending.take().unwrap_or(1).checked_mul(u)?)?;
            last_small = u;
        } else if c == '廿' || c == '卅' {
            if pending.is_some() || 10 >= last_small {
                return None;
            }
            group = group.checked_add(if c == '廿' { 20 } else { 30 })?;
            last_small = 10;
        } else {
            let big: u64 = if c == '万' { 10_000 } else { 100_000_000 };
            if big >= last_big {
                return None;
            }
            let g = group.checked_add(pending.take().unwrap_or(0))?;
            if g == 0 {
                return None;
            }
            total = total.checked_add(g.checked_mul(big)?)?;
            group = 0;
            last_small = u64::MAX;
            last_big = big;
        }
    }
    total.checked_add(group)?.checked_add(pending.unwrap_or(0))
}

/// The number of a list marker (① → 1, ⑴ → 1, ⒈ → 1, ㉑ → 21).
pub fn marker_number(c: char) -> Option<u32> {
    let u = c as u32;
    match u {
        0x2460..=0x2473 => Some(u - 0x2460 + 1),
        0x3251..=0x325F => Some(u - 0x3251 + 21),
        0x32B1..=0x32BF => Some(u - 0x32B1 + 36),
        0x2474..=0x2487 => Some(u - 0x2474 + 1),
        0x2488..=0x249B => Some(u - 0x2488 + 1),
        0x2776..=0x277F => Some(u - 0x2776 + 1),
        0x24EB..=0x24F4 => Some(u - 0x24EB + 11),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kanji_numbers() {
        assert_eq!(parse_number("二十一"), Some(21));
        assert_eq!(parse_number("二一"), Some(21));
        assert_eq!(parse_number("〇"), Some(0));
        assert_eq!(parse_number("廿"), Some(20));
        assert_eq!(parse_number("廿一"), Some(21));
        assert_eq!(parse_number("百二十"), Some(120));
        assert_eq!(parse_number("二〇二二"), Some(2022));
        assert_eq!(parse_number("十"), Some(10));
        assert_eq!(parse_number("千九百八十九"), Some(1989));
        assert_eq!(parse_number("三万五千"), Some(35_000));
        assert_eq!(parse_number("1,234"), Some(1234));
        assert_eq!(parse_number("十二十"), None);
        assert_eq!(parse_number("万"), None);
        assert_eq!(parse_number("参"), None);
    }

    #[test]
    fn markers() {
        assert_eq!(marker_number('①'), Some(1));
        assert_eq!(marker_number('⑩'), Some(10));
        assert_eq!(marker_number('⑴'), Some(1));
        assert_eq!(marker_number('⒈'), Some(1));
        assert_eq!(marker_number('1'), None);
    }
}
