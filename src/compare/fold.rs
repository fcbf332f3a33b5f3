//! Folding text into a matching key, one character at a time.
//!
//! Two years of the same report differ in ways a reader ignores: line breaks
//! where a cell wrapped, list markers renumbered (④管理職員会 becomes
//! ③管理職員会 when an item above is dropped), full-width or half-width
//! letters and digits, half-width katakana from old Excel files. The key
//! removes exactly those differences. Whole-string NFKC is avoided on purpose:
//! it would also rewrite characters that carry meaning elsewhere in the
//! pipeline (～ as a range) and would fold markers into digits (① → 1),
//! which would then look like content.

use crate::text::unify_char;

/// The matching key of a text: whitespace and list markers removed, widths
/// and look-alike characters folded. Equal keys mean "the same text".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let Some(c) = unify_char(c) else { continue };
        if c.is_whitespace() || is_marker(c) {
            continue;
        }
        if let Some(k) = halfwidth_katakana(c) {
            // a half-width voiced mark is a separate character; fold it into its base
            let k = match chars.peek() {
                Some('\u{FF9E}') => voiced(k).inspect(|_| {
                    chars.next();
                }),
                Some('\u{FF9F}') => semi_voiced(k).inspect(|_| {
                    chars.next();
                }),
                _ => None,
            }
            .unwrap_or(k);
            if !is_marker(k) {
                out.push(k);
            }
            continue;
        }
        out.push(fold_width(c));
    }
    out
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

/// Full-width ASCII to ASCII, ASCII letters to lower case, dash and tilde
/// variants to one form each.
fn fold_width(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        '\u{301C}' => '~',
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// Half-width katakana block U+FF61..U+FF9F in code point order.
const HALFWIDTH: &[char] = &[
    '。', '「', '」', '、', '・', 'ヲ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ャ', 'ュ', 'ョ', 'ッ', 'ー',
    'ア', 'イ', 'ウ', 'エ', 'オ', 'カ', 'キ', 'ク', 'ケ', 'コ', 'サ', 'シ', 'ス', 'セ', 'ソ', 'タ',
    'チ', 'ツ', 'テ', 'ト', 'ナ', 'ニ', 'ヌ', 'ネ', 'ノ', 'ハ', 'ヒ', 'フ', 'ヘ', 'ホ', 'マ', 'ミ',
    'ム', 'メ', 'モ', 'ヤ', 'ユ', 'ヨ', 'ラ', 'リ', 'ル', 'レ', 'ロ', 'ワ', 'ン', '゛', '゜',
];

fn halfwidth_katakana(c: char) -> Option<char> {
    let i = (c as u32).checked_sub(0xFF61)? as usize;
    HALFWIDTH.get(i).copied()
}

/// カ → ガ etc.: in the full-width block each of these bases is followed by
/// its voiced form.
fn voiced(k: char) -> Option<char> {
    const BASES: &str = "カキクケコサシスセソタチツテトハヒフヘホ";
    match k {
        'ウ' => Some('ヴ'),
        _ if BASES.contains(k) => char::from_u32(k as u32 + 1),
        _ => None,
    }
}

/// ハ → パ etc.
fn semi_voiced(k: char) -> Option<char> {
    match k {
        'ハ' | 'ヒ' | 'フ' | 'ヘ' | 'ホ' => char::from_u32(k as u32 + 2),
        _ => None,
    }
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
