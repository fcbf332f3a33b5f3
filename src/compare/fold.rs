//! Folding text into a matching key.
//!
//! Two years of the same report differ in ways a reader ignores: line breaks
//! where a cell wrapped, list markers renumbered (④管理職員会 becomes
//! ③管理職員会 when an item above is dropped), full-width or half-width
//! letters and digits, half-width katakana from old Excel files. The key
//! removes exactly those differences. It starts from the crate's own
//! per-character fold ([`fold_text`]: widths, half-width katakana with their
//! voiced marks, look-alike ideographs), which deliberately keeps ① and ～
//! because later stages read them; for a key they are noise, so markers and
//! whitespace are dropped here, still one character at a time. Whole-string
//! NFKC is avoided for the same reason as there: it would fold ① into 1,
//! which would then look like content.

use crate::normalize::fold_text;

/// The matching key of a text: whitespace and list markers removed, widths
/// and look-alike characters folded. Equal keys mean "the same text".
pub fn fold(s: &str) -> String {
    fold_text(s)
        .chars()
        .filter(|&c| !c.is_whitespace() && !is_marker(c))
        .map(fold_width)
        .collect()
}

/// Enumeration and bullet marks that number or decorate list items rather
/// than name them.
fn is_marker(c: char) -> bool {
    matches!(c,
        // ①..⑳, ⑴.., ⒈.., ⓐ.., ⓪..
        '\u{2460}'..='\u{24FF}'
        // ❶..➓
        | '\u{2776}'..='\u{2793}'
        // ㉑..㉟, ㊱..㊿, ㊀..㊉
        | '\u{3251}'..='\u{325F}' | '\u{32B1}'..='\u{32BF}' | '\u{3280}'..='\u{3289}'
        | '◇' | '◆' | '○' | '●' | '◎' | '□' | '■' | '△' | '▲' | '▽' | '▼'
        | '☆' | '★' | '・' | '･' | '※' | '•' | '‣' | '◦' | '〇')
}

/// What [`fold_text`] leaves: the rest of full-width ASCII (its punctuation)
/// to ASCII, ASCII letters to lower case, dash, tilde and stray voiced-mark
/// variants to one form each.
fn fold_width(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        '\u{301C}' => '~',
        // a half-width voiced mark that composed with nothing
        '\u{FF9E}' => '゛',
        '\u{FF9F}' => '゜',
        _ => c,
    };
    c.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_whitespace_and_widths_fold() {
        assert_eq!(fold("④管理職員会"), fold("③ 管理職員会"));
        assert_eq!(fold("◇療育支援事業\n保育園にて"), "療育支援事業保育園にて");
        assert_eq!(fold("ＡＢＣ１２３　ｘ"), "abc123x");
    }

    #[test]
    fn halfwidth_katakana_composes_voiced_marks() {
        assert_eq!(fold("ｶﾞｲﾄﾞﾌﾞｯｸ"), "ガイドブック");
        assert_eq!(fold("ﾊﾟﾈﾙ"), "パネル");
        // a voiced mark after a base that has no voiced form stays separate
        assert_eq!(fold("ｱﾞ"), "ア゛");
    }

    #[test]
    fn meaningful_symbols_survive() {
        // the wave dash and full-width tilde fold to one form; kanji numerals,
        // which NFKC would also leave, are content and stay
        assert_eq!(fold("P40～41"), "p40~41");
        assert_eq!(fold("十一月"), "十一月");
    }
}
