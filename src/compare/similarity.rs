//! Text similarity for records whose keys differ.
//!
//! Character bigrams with the Dice coefficient: Japanese has no spaces to
//! split words on, and bigrams tolerate an inserted or changed word
//! (こども連絡会での意見交換 / こども連絡会における意見交換会 share most
//! bigrams) while unrelated items under the same purpose share few.

use std::collections::HashMap;

/// Dice coefficient of the character bigram multisets of two folded texts, in 0..=1.
/// Two empty texts are equal (1); a one-character text is compared as a unigram.
pub fn dice(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let ga = grams(&a);
    let gb = grams(&b);
    let total: usize = ga.values().sum::<usize>() + gb.values().sum::<usize>();
    let common: usize = ga
        .iter()
        .map(|(g, n)| gb.get(g).map_or(0, |m| (*n).min(*m)))
        .sum();
    2.0 * common as f64 / total as f64
}

fn grams(s: &[char]) -> HashMap<(char, char), usize> {
    let mut m = HashMap::new();
    if s.len() == 1 {
        *m.entry((s[0], '\0')).or_insert(0) += 1;
    }
    for w in s.windows(2) {
        *m.entry((w[0], w[1])).or_insert(0) += 1;
    }
    m
}

/// How much the method decides a match, against the purpose. The method names
/// the item; the purpose is a merged heading shared by many rows, so it only
/// breaks ties and keeps items of different headings apart.
pub const METHOD_WEIGHT: f64 = 0.75;

/// The similarity of two records from their folded purpose and method.
/// When neither has a method the purpose alone decides.
pub fn record_score(
    old_purpose: &str,
    old_method: &str,
    new_purpose: &str,
    new_method: &str,
) -> f64 {
    let p = dice(old_purpose, new_purpose);
    if old_method.is_empty() && new_method.is_empty() {
        return p;
    }
    METHOD_WEIGHT * dice(old_method, new_method) + (1.0 - METHOD_WEIGHT) * p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dice_bounds() {
        assert_eq!(dice("", ""), 1.0);
        assert_eq!(dice("あ", ""), 0.0);
        assert_eq!(dice("意見交換", "意見交換"), 1.0);
        assert_eq!(dice("あ", "い"), 0.0);
    }

    #[test]
    fn reworded_scores_above_unrelated() {
        let reworded = dice("こども連絡会での意見交換", "こども連絡会における意見交換会");
        let unrelated = dice("保護者向け進路先事業所紹介", "きょうだい児支援の交流会");
        assert!(reworded > 0.6, "{reworded}");
        assert!(unrelated < 0.2, "{unrelated}");
    }
}
