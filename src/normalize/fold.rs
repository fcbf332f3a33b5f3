//! Character folding with a map back to the printed text.
//!
//! Whole-string NFKC is wrong for these reports: it turns ① into 1 (so
//! `①6月10日` reads as 16月10日) and ～ into ~. Instead each character is folded
//! on purpose (full-width digits, Kangxi radicals, ㋿, ㈯ …) and every folded
//! character remembers which printed characters it came from, so a match in
//! the folded text can always hand back its raw printed text.

use unicode_normalization::UnicodeNormalization;

/// Text folded for matching, with the way back to the original.
#[derive(Debug, Clone)]
pub struct Folded<'a> {
    original: &'a str,
    /// The folded text that patterns run on.
    pub text: String,
    /// Per folded char: (byte offset in `text`, original byte start, original byte end).
    spans: Vec<(usize, usize, usize)>,
}

impl<'a> Folded<'a> {
    /// Folds `original` character by character.
    pub fn new(original: &'a str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut spans: Vec<(usize, usize, usize)> = Vec::with_capacity(original.len());
        for (ob, c) in original.char_indices() {
            let oe = ob + c.len_utf8();
            if let Some(mark) = halfwidth_voicing(c) {
                // ﾌﾟ is two printed chars for one letter: compose with the previous one.
                if let Some(&(fpos, pstart, _)) = spans.last() {
                    let prev: String = text.get(fpos..).unwrap_or_default().to_string();
                    let composed: String = format!("{prev}{mark}").nfc().collect();
                    if composed.chars().count() == 1 {
                        text.truncate(fpos);
                        text.push_str(&composed);
                        spans.pop();
                        spans.push((fpos, pstart, oe));
                        continue;
                    }
                }
            }
            if let Some(fc) = fold_one(c) {
                spans.push((text.len(), ob, oe));
                text.push(fc);
                continue;
            }
            for fc in fold_char(c).chars() {
                spans.push((text.len(), ob, oe));
                text.push(fc);
            }
        }
        Folded {
            original,
            text,
            spans,
        }
    }

    /// The printed text behind the folded byte range `start..end`.
    pub fn raw(&self, start: usize, end: usize) -> String {
        let (a, b) = self.orig_range(start, end);
        self.original.get(a..b).unwrap_or_default().to_string()
    }

    /// The original byte range behind the folded byte range `start..end`.
    pub fn orig_range(&self, start: usize, end: usize) -> (usize, usize) {
        if start >= end || self.spans.is_empty() {
            let o = self.orig_pos(start);
            return (o, o);
        }
        let first = self.span_index(start);
        let last = self.span_index(end.saturating_sub(1));
        let a = self.spans.get(first).map_or(self.original.len(), |s| s.1);
        let b = self.spans.get(last).map_or(self.original.len(), |s| s.2);
        (a, b.max(a))
    }

    /// The original byte offset where the folded byte offset `pos` starts.
    pub fn orig_pos(&self, pos: usize) -> usize {
        if pos >= self.text.len() {
            return self.original.len();
        }
        self.spans
            .get(self.span_index(pos))
            .map_or(self.original.len(), |s| s.1)
    }

    fn span_index(&self, pos: usize) -> usize {
        match self.spans.binary_search_by(|s| s.0.cmp(&pos)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }
}

/// The whole text folded, for display and for matching by other stages.
///
/// ① stays ①, ～ stays ～; ㈱ becomes (株), ﾌﾟﾗｽ becomes プラス, ⽉ becomes 月.
pub fn fold_text(s: &str) -> String {
    Folded::new(s).text
}

fn halfwidth_voicing(c: char) -> Option<char> {
    match c {
        '\u{FF9E}' => Some('\u{3099}'),
        '\u{FF9F}' => Some('\u{309A}'),
        _ => None,
    }
}

/// Folds one printed character; most characters stay as they are.
/// [`fold_char`] for the characters that fold to exactly one character
/// (nearly all), without a `String` per character; `None` for the rest.
fn fold_one(c: char) -> Option<char> {
    let u = crate::text::unify_char(c)?;
    if u != c {
        return Some(u);
    }
    Some(match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        '．' => '.',
        '，' => ',',
        '／' => '/',
        '：' => ':',
        '（' => '(',
        '）' => ')',
        '＋' => '+',
        '\u{3000}' | '\u{00A0}' | '\t' | '\u{2002}' | '\u{2003}' | '\u{2009}' => ' ',
        '\r' => '\n',
        '\u{3220}'..='\u{3243}'
        | '\u{32C0}'..='\u{32CB}'
        | '\u{33E0}'..='\u{33FE}'
        | '\u{337B}'..='\u{337E}'
        | '\u{32FF}'
        | '\u{FF61}'..='\u{FF9D}' => return None,
        _ => c,
    })
}

fn fold_char(c: char) -> String {
    // Look-alike ideographs (Kangxi radicals ⽉, radicals-supplement ⻝,
    // compatibility 令) and variation selectors: the crate-wide table.
    match crate::text::unify_char(c) {
        None => return String::new(),
        Some(u) if u != c => return u.to_string(),
        Some(_) => {}
    }
    let u = c as u32;
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
            char::from_u32(u - 0xFEE0).map_or_else(|| c.to_string(), |a| a.to_string())
        }
        '．' => ".".into(),
        '，' => ",".into(),
        '／' => "/".into(),
        '：' => ":".into(),
        '（' => "(".into(),
        '）' => ")".into(),
        '＋' => "+".into(),
        '\u{3000}' | '\u{00A0}' | '\t' | '\u{2002}' | '\u{2003}' | '\u{2009}' => " ".into(),
        '\r' => "\n".into(),
        // ㈠..㉃ parenthesized ideographs (㈯ → (土), ㈱ → (株)).
        '\u{3220}'..='\u{3243}' => c.to_string().nfkc().collect(),
        // ㋀..㋋ months, ㏠..㏾ days, ㍻ ㍼ ㍽ ㍾ ㋿ eras.
        '\u{32C0}'..='\u{32CB}'
        | '\u{33E0}'..='\u{33FE}'
        | '\u{337B}'..='\u{337E}'
        | '\u{32FF}' => c.to_string().nfkc().collect(),
        // Half-width katakana and punctuation.
        '\u{FF61}'..='\u{FF9D}' => c.to_string().nfkc().collect(),
        _ => c.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_one_character_path_agrees_with_fold_char() {
        let probe = (0u32..0x3_0000).filter_map(char::from_u32);
        for c in probe {
            if let Some(f) = fold_one(c) {
                assert_eq!(f.to_string(), fold_char(c), "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn markers_and_range_marks_survive() {
        assert_eq!(fold_text("①6月10日"), "①6月10日");
        assert_eq!(fold_text("⑩11月"), "⑩11月");
        // crate::text folds WAVE DASH to FULLWIDTH TILDE: both stay range marks.
        assert_eq!(fold_text("～〜"), "～～");
    }

    #[test]
    fn raw_maps_back_through_multi_char_folds() {
        let f = Folded::new("㋿4年");
        assert_eq!(f.text, "令和4年");
        assert_eq!(f.raw(0, f.text.len()), "㋿4年");
        let g = Folded::new("ﾌﾟﾗｽ");
        assert_eq!(g.text, "プラス");
        assert_eq!(g.raw(0, "プ".len()), "ﾌﾟ");
    }
}
