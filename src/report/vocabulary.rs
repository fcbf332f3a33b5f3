//! Decision words of every template: the printed word(s) an author circles,
//! checks or types, mapped to `decision.value`.
//!
//! Offices word the same decision differently (終了 / 廃止, 同じ / 現状維持,
//! 変更 / 拡充 …). Both the row tables and the evaluation sheets read their
//! decision through this one table, so a word means the same everywhere.

use crate::layout::DecisionValue;

/// Words meaning the item ends.
pub const END_WORDS: &[&str] = &["事業終了", "終了", "廃止", "完了", "休止", "中止"];

/// Words meaning the item continues unchanged.
pub const SAME_WORDS: &[&str] = &[
    "現状のまま継続",
    "現行どおり",
    "現行通り",
    "現状維持",
    "同じ",
    "維持",
];

/// Words meaning the item continues with a change.
pub const CHANGE_WORDS: &[&str] = &[
    "手法改善",
    "見直し",
    "効率化",
    "変更",
    "拡充",
    "充実",
    "拡大",
    "縮小",
    "改善",
    "統合",
];

/// The word meaning the item continues, with no say on how.
pub const CONTINUE_WORD: &str = "継続";

/// Headers under which a decision column or field is printed.
pub const DECISION_HEADERS: &[&str] = &[
    "終了・継続・変更",
    "終了継続変更",
    "今後の方向性",
    "次年度の方向性",
    "改善の方向性",
    "今後の方針",
    "評価結果",
    "方向性",
];

/// What one decision word means on its own: 終了 → end, 現状維持 → same,
/// 拡充 → change, 継続 → continue. `None` for a word that is not a decision.
pub fn word_value(word: &str) -> Option<DecisionValue> {
    let w = word.trim();
    if END_WORDS.contains(&w) {
        Some(DecisionValue::End)
    } else if SAME_WORDS.contains(&w) {
        Some(DecisionValue::ContinueSame)
    } else if CHANGE_WORDS.contains(&w) {
        Some(DecisionValue::ContinueChange)
    } else if w == CONTINUE_WORD {
        Some(DecisionValue::Continue)
    } else {
        None
    }
}

/// The decision expressed by a set of chosen words (in reading order):
/// 継続 + 同じ → continue_same, 継続 + 変更 → continue_change, a lone word by
/// [`word_value`]; words that contradict each other (終了 + 継続) →
/// ambiguous; no known word → unmarked.
pub fn combine(words: &[&str]) -> DecisionValue {
    use DecisionValue::*;
    let values: Vec<DecisionValue> = words.iter().filter_map(|w| word_value(w)).collect();
    let has = |v: DecisionValue| values.contains(&v);
    let ends = has(End);
    let same = has(ContinueSame);
    let change = has(ContinueChange);
    match (ends, same, change) {
        (false, false, false) if has(Continue) => Continue,
        (false, false, false) => Unmarked,
        (true, false, false) if !has(Continue) => End,
        (false, true, false) => ContinueSame,
        (false, false, true) => ContinueChange,
        _ => Ambiguous,
    }
}

/// Every word of the table.
pub fn all_words() -> impl Iterator<Item = &'static str> {
    END_WORDS
        .iter()
        .chain(SAME_WORDS)
        .chain(CHANGE_WORDS)
        .copied()
        .chain(std::iter::once(CONTINUE_WORD))
}

/// The longest word of the table that `text` starts with.
pub fn word_at(text: &str) -> Option<&'static str> {
    all_words()
        .filter(|w| text.starts_with(*w))
        .max_by_key(|w| w.len())
}

/// The chosen words as a person quotes them: 継続 with its manner in
/// brackets (「継続（同じ）」), other words joined by ・ (「終了・継続」).
pub fn label_of(words: &[&str]) -> String {
    match words.split_first() {
        Some((&CONTINUE_WORD, rest)) if !rest.is_empty() => {
            format!("{CONTINUE_WORD}（{}）", rest.join("・"))
        }
        _ => words.join("・"),
    }
}

/// Every decision word found in free text, longest first at each position,
/// in reading order: 「現状のまま継続」 gives one word, not 継続 as well.
pub fn words_in(text: &str) -> Vec<&'static str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let best = word_at(rest);
        match best {
            Some(w) => {
                found.push(w);
                rest = &rest[w.len()..];
            }
            None => rest = &rest[c.len_utf8()..],
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use DecisionValue::*;

    #[test]
    fn every_word_of_the_table_maps() {
        assert_eq!(combine(&["廃止"]), End);
        assert_eq!(combine(&["継続", "同じ"]), ContinueSame);
        assert_eq!(combine(&["現状維持"]), ContinueSame);
        assert_eq!(combine(&["継続", "変更"]), ContinueChange);
        assert_eq!(combine(&["拡充"]), ContinueChange);
        assert_eq!(combine(&["継続"]), Continue);
        assert_eq!(combine(&["終了", "継続"]), Ambiguous);
        assert_eq!(combine(&["同じ", "変更"]), Ambiguous);
        assert_eq!(combine(&["その他"]), Unmarked);
    }

    #[test]
    fn labels_quote_the_manner_of_continuing() {
        assert_eq!(label_of(&["継続", "同じ"]), "継続（同じ）");
        assert_eq!(label_of(&["拡充"]), "拡充");
        assert_eq!(label_of(&["終了", "継続"]), "終了・継続");
        assert_eq!(label_of(&[]), "");
    }

    #[test]
    fn longest_word_wins() {
        assert_eq!(words_in("現状のまま継続"), vec!["現状のまま継続"]);
        assert_eq!(words_in("事業終了とする"), vec!["事業終了"]);
        assert_eq!(words_in("継続（手法改善）"), vec!["継続", "手法改善"]);
    }
}
