//! Text similarity for records whose keys differ.
//!
//! Character bigrams with the Dice coefficient: Japanese has no spaces to
//! split words on, and bigrams tolerate an inserted or changed word
//! (こども連絡会での意見交換 / こども連絡会における意見交換会 share most
//! bigrams) while unrelated items under the same purpose share few.

/// The bigram multiset of a folded text, sorted so that two sets intersect by
/// one merge (the matcher scores every leftover record against every other).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grams {
    grams: Vec<u64>,
    empty: bool,
}

impl Grams {
    /// Bigrams of `s`; a one-character text is kept as a unigram so that it
    /// can still equal itself.
    pub fn of(s: &str) -> Grams {
        let chars: Vec<char> = s.chars().collect();
        let mut grams: Vec<u64> = if chars.len() == 1 {
            vec![u64::from(u32::from(chars[0])) << 32]
        } else {
            chars
                .windows(2)
                .map(|w| (u64::from(u32::from(w[0])) << 32) | u64::from(u32::from(w[1])))
                .collect()
        };
        grams.sort_unstable();
        Grams {
            grams,
            empty: chars.is_empty(),
        }
    }

    /// True for the empty text.
    pub fn is_empty(&self) -> bool {
        self.empty
    }

    /// Each distinct bigram once (for an index of who shares what).
    pub fn distinct(&self) -> impl Iterator<Item = u64> + '_ {
        self.grams
            .iter()
            .enumerate()
            .filter(|&(i, g)| i == 0 || self.grams.get(i - 1) != Some(g))
            .map(|(_, g)| *g)
    }
}

/// Dice coefficient of two bigram multisets, in 0..=1. Two empty texts are
/// equal (1); an empty and a non-empty one share nothing (0).
pub fn dice_grams(a: &Grams, b: &Grams) -> f64 {
    match (a.empty, b.empty) {
        (true, true) => return 1.0,
        (true, false) | (false, true) => return 0.0,
        _ => {}
    }
    let (x, y) = (&a.grams, &b.grams);
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (x.len() + y.len()) as f64
}

/// Dice coefficient of the character bigrams of two folded texts.
pub fn dice(a: &str, b: &str) -> f64 {
    dice_grams(&Grams::of(a), &Grams::of(b))
}

/// How much the method decides a match, against the purpose. The method names
/// the item; the purpose is a merged heading shared by many rows, so it only
/// breaks ties and keeps items of different headings apart.
pub const METHOD_WEIGHT: f64 = 0.75;

/// A record's folded purpose and method as bigrams.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Bigrams of the folded purpose.
    pub purpose: Grams,
    /// Bigrams of the folded method.
    pub method: Grams,
}

impl Profile {
    /// The profile of a folded purpose and method.
    pub fn new(purpose: &str, method: &str) -> Profile {
        Profile {
            purpose: Grams::of(purpose),
            method: Grams::of(method),
        }
    }
}

/// The similarity of two records. When neither has a method the purpose alone decides.
pub fn profile_score(a: &Profile, b: &Profile) -> f64 {
    let p = dice_grams(&a.purpose, &b.purpose);
    if a.method.is_empty() && b.method.is_empty() {
        return p;
    }
    METHOD_WEIGHT * dice_grams(&a.method, &b.method) + (1.0 - METHOD_WEIGHT) * p
}

/// [`profile_score`] from folded texts.
pub fn record_score(
    old_purpose: &str,
    old_method: &str,
    new_purpose: &str,
    new_method: &str,
) -> f64 {
    profile_score(
        &Profile::new(old_purpose, old_method),
        &Profile::new(new_purpose, new_method),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dice_bounds() {
        assert_eq!(dice("", ""), 1.0);
        assert_eq!(dice("あ", ""), 0.0);
        assert_eq!(dice("あ", "あ"), 1.0);
        assert_eq!(dice("意見交換", "意見交換"), 1.0);
        assert_eq!(dice("あ", "い"), 0.0);
        // multiset: a repeated bigram counts as often as it occurs on both sides
        assert_eq!(dice("ああああ", "ああ"), 0.5);
    }

    #[test]
    fn reworded_scores_above_unrelated() {
        let reworded = dice("こども連絡会での意見交換", "こども連絡会における意見交換会");
        let unrelated = dice("保護者向け進路先事業所紹介", "きょうだい児支援の交流会");
        assert!(reworded > 0.6, "{reworded}");
        assert!(unrelated < 0.2, "{unrelated}");
    }
}
