//! Reading a decision cell: which printed word was chosen, and how.
//!
//! The layout stage finds the marks (ovals, ○ glyphs over words) and the
//! glyphs; this module ties them to the words of [`vocabulary`]:
//! an oval or ring around the word, a filled box or check before it, a ○
//! in the word's own column, or the word simply typed in the cell.

use super::header::collapse;
use super::vocabulary::{self, combine, label_of, word_at, words_in};
use crate::layout::marks::coverage;
use crate::layout::{
    Decision, DecisionMarkKind, DecisionValue, Mark, MarkKind, PlacedGlyph, Settings, TextLine,
};
use crate::pdf::model::Rect;

/// Box and check glyphs that choose the word after them.
const CHECKED: &[&str] = &["■", "☑", "☒", "✓", "✔", "●", "◉", "◼", "⬛", "▣"];

/// Empty boxes: the word after them is offered, not chosen.
const UNCHECKED: &[&str] = &["□", "☐", "○", "◯", "〇", "◻", "⬜"];

/// What a per-option column cell prints when its option is chosen.
pub const COLUMN_MARKS: &[&str] = &["○", "〇", "◯", "◎", "●", "✓", "✔", "☑", "■", "レ"];

/// One printed decision word and its boxes.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionWord {
    /// The word, from the vocabulary.
    pub word: &'static str,
    /// Union of its glyph boxes.
    pub bbox: Rect,
    /// Its glyphs' boxes: a word wrapped over two lines has glyphs far apart.
    pub glyphs: Vec<Rect>,
}

impl OptionWord {
    /// How much of the word a mark encloses: the mean over its glyphs, so
    /// that a word wrapped over two lines is judged glyph by glyph.
    pub fn coverage(&self, mark: &Mark) -> f64 {
        if self.glyphs.is_empty() {
            return coverage(mark, &self.bbox);
        }
        self.glyphs.iter().map(|g| coverage(mark, g)).sum::<f64>() / self.glyphs.len() as f64
    }
}

/// The visible glyphs of some lines, in reading order.
fn visible<'a>(lines: &[&'a TextLine]) -> Vec<&'a PlacedGlyph> {
    lines
        .iter()
        .flat_map(|l| l.glyphs.iter())
        .filter(|g| !g.text.trim().is_empty())
        .collect()
}

/// The decision words printed in the given lines, in reading order, longest
/// first at each glyph; a word may run on from one line to the next (a
/// narrow cell wraps inside it).
pub fn option_words(lines: &[&TextLine]) -> Vec<OptionWord> {
    let gs = visible(lines);
    let text: String = gs.iter().map(|g| g.text.as_str()).collect();
    // Byte offset in `text` of each glyph, to map a word back to its glyphs.
    let mut starts = Vec::with_capacity(gs.len());
    let mut off = 0;
    for g in &gs {
        starts.push(off);
        off += g.text.len();
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < gs.len() {
        let Some(start) = starts.get(i).copied() else {
            break;
        };
        let hit = text.get(start..).and_then(word_at);
        let Some(word) = hit else {
            i += 1;
            continue;
        };
        let end = start + word.len();
        let n = starts[i..].iter().take_while(|&&s| s < end).count();
        let glyphs: Vec<Rect> = gs[i..i + n].iter().map(|g| g.bbox).collect();
        if let Some((first, rest)) = glyphs.split_first() {
            let bbox = rest.iter().fold(*first, |a, g| a.union(g));
            out.push(OptionWord { word, bbox, glyphs });
        }
        i += n.max(1);
    }
    out
}

/// Whether some lines print anything a decision is read from: a decision
/// word, or a box or column mark.
pub fn has_choice_text(lines: &[&TextLine]) -> bool {
    !option_words(lines).is_empty()
        || visible(lines).iter().any(|g| {
            let t = g.text.as_str();
            CHECKED.contains(&t) || UNCHECKED.contains(&t) || COLUMN_MARKS.contains(&t)
        })
}

/// A decision for the words chosen by one kind of mark.
fn chosen(words: &[&'static str], kind: DecisionMarkKind, confidence: f64) -> Decision {
    let value = combine(words);
    let marked: Vec<String> = words.iter().map(|s| s.to_string()).collect();
    let (confidence, note) = match value {
        DecisionValue::Ambiguous => (
            0.3,
            Some(format!(
                "marks choose contradicting options: {}",
                words.join("・")
            )),
        ),
        _ => (confidence.clamp(0.0, 1.0), None),
    };
    Decision {
        value,
        label: Some(label_of(words)),
        mark_kind: Some(kind),
        marked,
        confidence,
        note,
    }
}

/// No choice read.
fn unmarked(confidence: f64, note: &str) -> Decision {
    Decision {
        value: DecisionValue::Unmarked,
        marked: Vec::new(),
        label: None,
        mark_kind: None,
        confidence,
        note: Some(note.into()),
    }
}

/// The words that a filled box or check before them chooses, when the
/// cell prints boxes before its words. Boxes from a fallback font often sit
/// lower than the text or slightly apart, so a box is tied by geometry to
/// the nearest word starting to its right at about its height, not by the
/// order of the glyphs.
fn checkbox_choice(lines: &[&TextLine], words: &[OptionWord]) -> Option<Vec<&'static str>> {
    let boxes: Vec<(&PlacedGlyph, bool)> = visible(lines)
        .into_iter()
        .filter_map(|g| {
            let t = g.text.as_str();
            if CHECKED.contains(&t) {
                Some((g, true))
            } else if UNCHECKED.contains(&t) {
                Some((g, false))
            } else {
                None
            }
        })
        .collect();
    let mut tied = false;
    let mut picked = vec![false; words.len()];
    for (g, checked) in &boxes {
        let b = g.bbox;
        let reach = 1.5 * b.width().max(b.height()).max(g.size);
        let best = words
            .iter()
            .enumerate()
            .filter_map(|(i, w)| {
                let first = w.glyphs.first().copied().unwrap_or(w.bbox);
                let gap = first.x0 - b.x1;
                let dy = (first.cy() - b.cy()).abs();
                (first.x0 >= b.cx() && gap <= reach && dy <= 0.8 * first.height().max(b.height()))
                    .then_some((i, gap.max(0.0) + dy))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((i, _)) = best {
            tied = true;
            if *checked && let Some(p) = picked.get_mut(i) {
                *p = true;
            }
        }
    }
    if !tied {
        return None;
    }
    let mut out: Vec<&'static str> = Vec::new();
    for (w, p) in words.iter().zip(&picked) {
        if *p && !out.contains(&w.word) {
            out.push(w.word);
        }
    }
    Some(out)
}

/// Reads a decision cell: its lines, and the marks already chosen as
/// belonging to it (ovals, rings).
///
/// In order: a mark around a word (`oval`, `glyph_ring`); a filled box
/// before a word (`checkbox`); a cell that types its decision without a
/// choice list (`text`). A typed word outside the vocabulary keeps its
/// `label` and is `unmarked`, so nothing printed is dropped.
pub fn decide(lines: &[&TextLine], marks: &[&Mark], settings: &Settings) -> Decision {
    let words = option_words(lines);
    if !marks.is_empty() {
        let mut marked: Vec<&'static str> = Vec::new();
        let mut ring_only = true;
        let mut certainty: f64 = 1.0;
        for w in &words {
            let best = marks
                .iter()
                .map(|m| (w.coverage(m), m.kind))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            let Some((c, kind)) = best else { continue };
            certainty = certainty.min(((c - settings.mark_word_coverage).abs() * 2.0).min(1.0));
            if c >= settings.mark_word_coverage && !marked.contains(&w.word) {
                marked.push(w.word);
                ring_only &= kind == MarkKind::Glyph;
            }
        }
        if !marked.is_empty() {
            let shape = marks
                .iter()
                .map(|m| {
                    let k = if m.kind == MarkKind::Glyph { 0.95 } else { 1.0 };
                    k * (1.0 - m.opening * 0.5)
                })
                .fold(1.0_f64, f64::min);
            let kind = if ring_only {
                DecisionMarkKind::GlyphRing
            } else {
                DecisionMarkKind::Oval
            };
            return chosen(&marked, kind, (0.6 + 0.4 * certainty) * shape);
        }
    }
    if let Some(picked) = checkbox_choice(lines, &words) {
        if picked.is_empty() {
            return unmarked(0.8, "no box before any option word is filled or checked");
        }
        return chosen(&picked, DecisionMarkKind::Checkbox, 0.95);
    }
    if !marks.is_empty() {
        return unmarked(
            0.4,
            "a mark was found in the decision cell but it encloses no option word",
        );
    }
    let text = collapse(
        &lines
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    );
    typed(&text)
}

/// A decision cell read as typed text: one decision (「拡充」, 「継続（手法改善）」)
/// rather than a printed choice list, whose words contradict each other
/// (「終了・継続（同じ・変更）」).
pub fn typed(text: &str) -> Decision {
    let text = text.trim();
    if text.is_empty() {
        return unmarked(0.5, "no mark and no option word in the decision cell");
    }
    let found = words_in(text);
    if found.is_empty() {
        return Decision {
            value: DecisionValue::Unmarked,
            marked: Vec::new(),
            label: Some(text.to_string()),
            mark_kind: Some(DecisionMarkKind::Text),
            confidence: 0.5,
            note: Some(format!("decision word not in the vocabulary: {text}")),
        };
    }
    let mut distinct: Vec<&'static str> = Vec::new();
    for w in found {
        if !distinct.contains(&w) {
            distinct.push(w);
        }
    }
    let list = distinct.len() >= 2 && only_words_and_separators(text);
    match combine(&distinct) {
        DecisionValue::Ambiguous => unmarked(0.9, "no mark found around any option word"),
        _ if list => unmarked(0.9, "no mark found around any option word"),
        value => Decision {
            value,
            marked: distinct.iter().map(|s| s.to_string()).collect(),
            label: Some(text.to_string()),
            mark_kind: Some(DecisionMarkKind::Text),
            confidence: 0.8,
            note: None,
        },
    }
}

/// Whether a text is nothing but decision words between separators
/// (「拡充・縮小」, 「終了 / 継続」): a printed list of options, even when its
/// words agree; 「継続（手法改善）」 brackets a manner and is one decision.
fn only_words_and_separators(text: &str) -> bool {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(w) = word_at(rest) {
            rest = &rest[w.len()..];
        } else if c.is_whitespace() || "・、,，/／→⇒|｜".contains(c) {
            rest = &rest[c.len_utf8()..];
        } else {
            return false;
        }
    }
    true
}

/// The option word a per-option column stands for: its header is (or ends
/// with, under a group caption) one vocabulary word.
pub fn column_word(header_text: &str) -> Option<&'static str> {
    let last = header_text.split_whitespace().last()?;
    vocabulary::all_words().find(|w| *w == last)
}

/// Reads per-option columns (終了 | 継続 | 同じ | 変更 with a ○ under the
/// chosen ones): `cells` pairs each column's word with the row's text in it.
pub fn decide_columns(cells: &[(&'static str, String)]) -> Decision {
    let mut picked: Vec<&'static str> = Vec::new();
    for (word, text) in cells {
        let t = text.trim();
        if COLUMN_MARKS.contains(&t) && !picked.contains(word) {
            picked.push(word);
        }
    }
    if picked.is_empty() {
        return unmarked(0.8, "no option column of the row is marked");
    }
    chosen(&picked, DecisionMarkKind::Column, 0.95)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_words_are_decisions_and_lists_are_not() {
        let d = typed("拡充");
        assert_eq!(d.value, DecisionValue::ContinueChange);
        assert_eq!(d.mark_kind, Some(DecisionMarkKind::Text));
        assert_eq!(d.label.as_deref(), Some("拡充"));
        assert_eq!(typed("現状のまま継続").value, DecisionValue::ContinueSame);
        assert_eq!(
            typed("継続（手法改善）").value,
            DecisionValue::ContinueChange
        );
        assert_eq!(typed("拡充・縮小").value, DecisionValue::Unmarked);
        assert_eq!(typed("継続 → 同じ").value, DecisionValue::Unmarked);
        let list = typed("終了・継続（同じ・変更）");
        assert_eq!(list.value, DecisionValue::Unmarked);
        assert_eq!(list.label, None);
        let unknown = typed("検討中");
        assert_eq!(unknown.value, DecisionValue::Unmarked);
        assert_eq!(unknown.label.as_deref(), Some("検討中"));
        assert!(unknown.note.is_some());
    }

    #[test]
    fn option_columns_read_their_circles() {
        let cells = [
            ("終了", String::new()),
            ("継続", "○".to_string()),
            ("同じ", String::new()),
            ("変更", "〇".to_string()),
        ];
        let d = decide_columns(&cells);
        assert_eq!(d.value, DecisionValue::ContinueChange);
        assert_eq!(d.label.as_deref(), Some("継続（変更）"));
        assert_eq!(d.mark_kind, Some(DecisionMarkKind::Column));
        assert_eq!(column_word("今後の方向性 拡充"), Some("拡充"));
        assert_eq!(column_word("方法"), None);
    }
}
