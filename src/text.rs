//! Character-level clean-up shared by every stage.
//!
//! Fonts and producers emit look-alike code points for ordinary kanji: Kangxi
//! radicals (⽉ for 月), CJK radicals-supplement forms (⻝ for 食), CJK
//! compatibility ideographs (令 U+F9A8 for 令) and variation selectors. They
//! break search and comparison, so they are mapped here (with the WAVE DASH /
//! FULLWIDTH TILDE pair of Shift_JIS 0x8160), one character at a
//! time. Whole-string NFKC is deliberately avoided: it would turn ① into 1
//! and ～ into ~, which later stages read as event markers and ranges.

use unicode_normalization::char::{decompose_canonical, decompose_compatible};

/// Radicals-supplement forms that stand for a full ideograph in running text.
/// NFKC maps only two of these (U+2E9F, U+2EF3), so the rest need a table.
const RADICALS_SUPPLEMENT: &[(char, char)] = &[
    ('\u{2E80}', '丶'),
    ('\u{2E81}', '厂'),
    ('\u{2E84}', '乙'),
    ('\u{2E85}', '亻'),
    ('\u{2E86}', '冂'),
    ('\u{2E87}', '几'),
    ('\u{2E88}', '刀'),
    ('\u{2E89}', '刂'),
    ('\u{2E8A}', '卜'),
    ('\u{2E8B}', '卩'),
    ('\u{2E8C}', '小'),
    ('\u{2E8E}', '兀'),
    ('\u{2E8F}', '尢'),
    ('\u{2E90}', '尢'),
    ('\u{2E92}', '巳'),
    ('\u{2E93}', '幺'),
    ('\u{2E94}', '彑'),
    ('\u{2E95}', '彐'),
    ('\u{2E96}', '忄'),
    ('\u{2E97}', '㣺'),
    ('\u{2E98}', '扌'),
    ('\u{2E99}', '攵'),
    ('\u{2E9B}', '旡'),
    ('\u{2E9D}', '月'),
    ('\u{2E9E}', '歺'),
    ('\u{2E9F}', '母'),
    ('\u{2EA0}', '民'),
    ('\u{2EA1}', '氵'),
    ('\u{2EA2}', '氺'),
    ('\u{2EA3}', '灬'),
    ('\u{2EA4}', '爫'),
    ('\u{2EA6}', '丬'),
    ('\u{2EA8}', '犭'),
    ('\u{2EA9}', '王'),
    ('\u{2EAA}', '疋'),
    ('\u{2EAB}', '罒'),
    ('\u{2EAC}', '示'),
    ('\u{2EAD}', '礻'),
    ('\u{2EAE}', '竹'),
    ('\u{2EB1}', '罒'),
    ('\u{2EB2}', '罒'),
    ('\u{2EB3}', '罒'),
    ('\u{2EB7}', '羊'),
    ('\u{2EB9}', '耂'),
    ('\u{2EBB}', '聿'),
    ('\u{2EBC}', '月'),
    ('\u{2EBE}', '艹'),
    ('\u{2EBF}', '艹'),
    ('\u{2EC0}', '艹'),
    ('\u{2EC1}', '虎'),
    ('\u{2EC2}', '衤'),
    ('\u{2EC3}', '覀'),
    ('\u{2EC4}', '西'),
    ('\u{2EC5}', '见'),
    ('\u{2EC6}', '角'),
    ('\u{2EC8}', '讠'),
    ('\u{2EC9}', '贝'),
    ('\u{2ECA}', '足'),
    ('\u{2ECB}', '车'),
    ('\u{2ECC}', '辶'),
    ('\u{2ECD}', '辶'),
    ('\u{2ECE}', '辶'),
    ('\u{2ECF}', '阝'),
    ('\u{2ED0}', '钅'),
    ('\u{2ED1}', '長'),
    ('\u{2ED2}', '长'),
    ('\u{2ED3}', '长'),
    ('\u{2ED4}', '门'),
    ('\u{2ED5}', '阝'),
    ('\u{2ED6}', '阝'),
    ('\u{2ED7}', '雨'),
    ('\u{2ED8}', '青'),
    ('\u{2ED9}', '韦'),
    ('\u{2EDA}', '页'),
    ('\u{2EDB}', '风'),
    ('\u{2EDC}', '飞'),
    ('\u{2EDD}', '食'),
    ('\u{2EDF}', '飠'),
    ('\u{2EE0}', '饣'),
    ('\u{2EE2}', '马'),
    ('\u{2EE3}', '骨'),
    ('\u{2EE4}', '鬼'),
    ('\u{2EE5}', '鱼'),
    ('\u{2EE6}', '鸟'),
    ('\u{2EE7}', '卤'),
    ('\u{2EE8}', '麦'),
    ('\u{2EE9}', '黄'),
    ('\u{2EEA}', '黾'),
    ('\u{2EEB}', '斉'),
    ('\u{2EEC}', '齐'),
    ('\u{2EED}', '歯'),
    ('\u{2EEE}', '齿'),
    ('\u{2EEF}', '竜'),
    ('\u{2EF0}', '龙'),
    ('\u{2EF1}', '龜'),
    ('\u{2EF2}', '亀'),
    ('\u{2EF3}', '龟'),
];

/// Code points that share one glyph with a Japanese character in the CJK
/// fonts reports are set in (Noto Sans CJK JP, IPAex). A producer that
/// writes /ToUnicode from the font's cmap picks the lowest code point of the
/// glyph (Chromium/Skia does), so ・ comes out as ‧ U+2027 and a full-width
/// space as EM SPACE. The table is the fonts' own classes, checked against
/// the installed fonts by `tests/text_lookalikes.rs`; each maps to the
/// member a Japanese text means.
pub const SHARED_GLYPHS: &[(char, char)] = &[
    ('\u{02BB}', '\u{2018}'), // ʻ → ‘
    ('\u{02BC}', '\u{2019}'), // ʼ → ’
    ('\u{0336}', '\u{2014}'), // combining long stroke overlay → —
    ('\u{2003}', '\u{3000}'), // EM SPACE → ideographic space
    ('\u{2027}', '\u{30FB}'), // ‧ HYPHENATION POINT → ・
    ('\u{2035}', '\u{FF40}'), // ‵ → ｀
    ('\u{2215}', '\u{FF0F}'), // ∕ → ／
    ('\u{2329}', '\u{3008}'), // 〈 (deprecated) → 〈
    ('\u{232A}', '\u{3009}'), // 〉 (deprecated) → 〉
];

/// True for variation selectors (standard and ideographic), which carry no
/// text of their own.
pub fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' | '\u{180B}'..='\u{180D}')
}

/// Maps one look-alike character to the ideograph it stands for, or returns
/// it unchanged. Returns `None` for characters to drop (variation selectors).
pub fn unify_char(c: char) -> Option<char> {
    // Nearly every glyph of a report is Latin, kana, a unified ideograph or
    // fullwidth: answered before the table searches below, which every
    // glyph of every page would otherwise pay for. The ranges hold none of
    // the characters mapped below (those start at U+02BB; U+301C is the one
    // exception inside, and U+F900 up is left to the match).
    if c < '\u{02BB}' || (('\u{3000}'..='\u{F8FF}').contains(&c) && c != '\u{301C}') {
        return Some(c);
    }
    if is_variation_selector(c) {
        return None;
    }
    match c {
        // Kangxi radicals: each has a compatibility decomposition to one ideograph.
        '\u{2F00}'..='\u{2FD5}' => Some(single_decomposition(c, true).unwrap_or(c)),
        '\u{2E80}'..='\u{2EF3}' => Some(
            RADICALS_SUPPLEMENT
                .binary_search_by_key(&c, |&(k, _)| k)
                .map(|i| RADICALS_SUPPLEMENT[i].1)
                .unwrap_or(c),
        ),
        // Compatibility ideographs: canonical singletons (some in the block are
        // unified ideographs with no decomposition and stay as they are).
        '\u{F900}'..='\u{FAFF}' | '\u{2F800}'..='\u{2FA1F}' => {
            Some(single_decomposition(c, false).unwrap_or(c))
        }
        // Shift_JIS 0x8160 is one glyph with two Unicode answers: WAVE DASH
        // (JIS tables, Chromium's ToUnicode) and FULLWIDTH TILDE (CP932, what
        // Windows users type). Reports and comparisons need one; the raw
        // glyph text keeps the other.
        '\u{301C}' => Some('\u{FF5E}'),
        _ => Some(
            SHARED_GLYPHS
                .binary_search_by_key(&c, |&(k, _)| k)
                .map(|i| SHARED_GLYPHS[i].1)
                .unwrap_or(c),
        ),
    }
}

fn single_decomposition(c: char, compatible: bool) -> Option<char> {
    let mut out = Vec::with_capacity(1);
    if compatible {
        decompose_compatible(c, |d| out.push(d));
    } else {
        decompose_canonical(c, |d| out.push(d));
    }
    match out.as_slice() {
        [d] if *d != c => Some(*d),
        _ => None,
    }
}

/// Applies [`unify_char`] to every character of `s`.
pub fn unify(s: &str) -> String {
    s.chars().filter_map(unify_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapped_characters_are_not_skipped_by_the_common_ranges() {
        for &(from, to) in SHARED_GLYPHS {
            assert_eq!(unify_char(from), Some(to), "{from:?}");
        }
        assert_eq!(unify_char('\u{301C}'), Some('\u{FF5E}'));
        assert_eq!(unify_char('\u{FE0F}'), None);
        assert_eq!(unify_char('\u{F91D}'), Some('欄'));
        assert_eq!(unify_char('あ'), Some('あ'));
        assert_eq!(unify_char('A'), Some('A'));
    }

    #[test]
    fn kangxi_radicals_become_ideographs() {
        assert_eq!(unify("\u{2F49}\u{2F47}"), "月日");
    }

    #[test]
    fn radicals_supplement_uses_own_table() {
        assert_eq!(unify("\u{2EDD}"), "食");
        assert!(RADICALS_SUPPLEMENT.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn compatibility_ideographs_map_but_unified_ones_stay() {
        assert_eq!(unify("\u{F9A8}"), "令");
        // U+FA11 﨑 is a unified ideograph living in the compatibility block.
        assert_eq!(unify("\u{FA11}"), "\u{FA11}");
    }

    #[test]
    fn shared_glyph_lookalikes_fold() {
        assert_eq!(unify("福祉\u{2027}介護"), "福祉・介護");
        assert_eq!(unify("\u{2003}計画"), "\u{3000}計画");
        assert!(SHARED_GLYPHS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn wave_dash_becomes_fullwidth_tilde() {
        assert_eq!(unify("R4年10月〜R5年2月"), "R4年10月～R5年2月");
    }

    #[test]
    fn variation_selectors_are_dropped_and_markers_kept() {
        assert_eq!(unify("葛\u{E0100}飾"), "葛飾");
        assert_eq!(unify("①６月～㈱"), "①６月～㈱");
    }
}
