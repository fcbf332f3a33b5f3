//! The look-alike table of `text::SHARED_GLYPHS` is the installed CJK fonts'
//! own: every code point that shares a glyph with a Japanese punctuation or
//! full-width character in Noto Sans CJK JP or IPAex, and is lower than it
//! (so a producer writing the lowest code point of a glyph emits it), must
//! fold to that character.

use std::collections::BTreeMap;

const FONTS: &[(&str, u32)] = &[
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0),
    ("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf", 0),
    ("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf", 0),
];

/// What a Japanese text means by the glyph: ideographic punctuation, kana,
/// full-width forms, and the dashes and quotes set in the CJK face.
fn japanese(c: u32) -> bool {
    (0x3000..=0x30FF).contains(&c)
        || (0xFF00..=0xFFEF).contains(&c)
        || matches!(c, 0x2014 | 0x2018 | 0x2019 | 0x201C | 0x201D)
}

/// What no Japanese report means to write: punctuation and symbol blocks,
/// combining marks, modifier letters.
fn lookalike(c: u32) -> bool {
    !japanese(c)
        && ((0x2000..=0x2BFF).contains(&c)
            || (0x0300..=0x036F).contains(&c)
            || (0x02B0..=0x02FF).contains(&c))
}

#[test]
fn every_lookalike_class_of_the_fonts_folds() {
    let mut checked = 0;
    for (path, index) in FONTS {
        let Ok(data) = std::fs::read(path) else {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{path} is missing (scripts/setup.sh installs it)"
            );
            println!("skipped: {path} not installed");
            continue;
        };
        let face = ttf_parser::Face::parse(&data, *index).expect("a font");
        let mut by_glyph: BTreeMap<u16, Vec<u32>> = BTreeMap::new();
        let cmap = face.tables().cmap.expect("a cmap");
        for st in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
            st.codepoints(|cp| {
                if let Some(g) = st.glyph_index(cp) {
                    let v = by_glyph.entry(g.0).or_default();
                    if !v.contains(&cp) {
                        v.push(cp);
                    }
                }
            });
        }
        for cps in by_glyph.values() {
            let Some(&want) = cps.iter().filter(|c| japanese(**c)).min() else {
                continue;
            };
            for &c in cps.iter().filter(|c| **c < want && lookalike(**c)) {
                let (c, want) = (char::from_u32(c).unwrap(), char::from_u32(want).unwrap());
                assert_eq!(
                    shinchoku::text::unify(&c.to_string()),
                    want.to_string(),
                    "{path}: U+{:04X} shares its glyph with U+{:04X}",
                    c as u32,
                    want as u32
                );
                checked += 1;
            }
        }
    }
    println!("{checked} look-alike code points checked");
}
