//! One-to-one matching of the records of two years.
//!
//! Two passes. First, records with equal keys (purpose + method after
//! [`fold`](super::fold::fold)) are paired; when a key occurs several times in
//! a year (a row split into two records, or two rows with the same wording)
//! the occurrences are paired in page/row order, first with first.
//!
//! Second, the records left over are paired by [`profile_score`]. A candidate
//! pair (old `o`, new `n`) must reach the threshold, and `n` must be strictly
//! closer to `o` than to any other item of last year, matched or not (the
//! origin rule). The question the comparison answers for each row of this
//! year is "which row of last year does it continue?"; when the row is as
//! close to another of last year's items, similarity cannot answer it. That
//! is what keeps templated items apart: in a report listing
//! 〇〇に向けた研修会の開催 and 〇〇に向けた見学会の開催, a dropped 研修会 and an
//! added 見学会 score 0.8 against each other, far above any fixed threshold
//! that still lets a real rewording through, but the added 見学会 is just as
//! close to last year's 勉強会, so it is new. The rule looks from the new side
//! only: a reworded 研修会 is still closer to its own origin than to
//! last year's 見学会, even though that origin's nearest row this year may be
//! the carried-over 見学会. Items with the same key as `o` (its split parts)
//! are the same item and do not count.
//!
//! The assignment is greedy: all candidates, best score first, ties broken by
//! document order. Greedy is not optimal in general, but an optimal
//! (Hungarian) assignment only differs when one record is the best choice of
//! two others with close scores; such near-ties are better shown to a person
//! (the `nearest` of an added/removed record) than settled by a cleverer sum.

use std::collections::{HashMap, VecDeque};

use super::fold::fold;
use super::input::Record;
use super::similarity::{Profile, profile_score};
use super::types::MatchKind;

/// A record's folded purpose and method, and their bigrams.
#[derive(Debug, Clone)]
struct Key {
    purpose: String,
    method: String,
    profile: Profile,
}

impl Key {
    fn of(r: &Record) -> Key {
        let purpose = fold(r.purpose.as_deref().unwrap_or(""));
        let method = fold(r.method.as_deref().unwrap_or(""));
        let profile = Profile::new(&purpose, &method);
        Key {
            purpose,
            method,
            profile,
        }
    }
}

/// One pair found: indices into the old and new records.
#[derive(Debug, Clone, Copy)]
pub struct Found {
    /// Index of the old record.
    pub old: usize,
    /// Index of the new record.
    pub new: usize,
    /// Exact or similar.
    pub kind: MatchKind,
    /// 1 for exact, else the similarity.
    pub score: f64,
}

/// The result of matching two years.
#[derive(Debug, Clone, Default)]
pub struct Matching {
    /// Pairs, in the new report's document order.
    pub pairs: Vec<Found>,
    /// New records without a pair, in document order, with their nearest old
    /// record and its score.
    pub added: Vec<(usize, Option<(usize, f64)>)>,
    /// Old records without a pair, in document order, with their nearest new
    /// record and its score.
    pub removed: Vec<(usize, Option<(usize, f64)>)>,
}

/// Which records hold each bigram, so that a record is scored only against
/// those it shares one with.
struct GramIndex {
    /// (0 purpose / 1 method, gram) → records, ascending, each once.
    postings: HashMap<(u8, u64), Vec<usize>>,
    /// Records with an empty purpose (they score with any other empty one).
    empty_purpose: Vec<usize>,
    /// Records with an empty method.
    empty_method: Vec<usize>,
}

impl GramIndex {
    fn new(keys: &[Key]) -> Self {
        let mut postings: HashMap<(u8, u64), Vec<usize>> = HashMap::new();
        let (mut empty_purpose, mut empty_method) = (Vec::new(), Vec::new());
        for (i, k) in keys.iter().enumerate() {
            for (field, grams) in [(0u8, &k.profile.purpose), (1, &k.profile.method)] {
                if grams.is_empty() {
                    if field == 0 {
                        empty_purpose.push(i);
                    } else {
                        empty_method.push(i);
                    }
                }
                for g in grams.distinct() {
                    let list = postings.entry((field, g)).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
        }
        GramIndex {
            postings,
            empty_purpose,
            empty_method,
        }
    }

    /// Every indexed record whose score against `p` can be above 0, with
    /// that score (`p` on the old side when `p_is_old`), ascending by record.
    fn scores(&self, keys: &[Key], p: &Profile, p_is_old: bool) -> Vec<(usize, f64)> {
        let mut hits: Vec<usize> = Vec::new();
        for (field, grams) in [(0u8, &p.purpose), (1, &p.method)] {
            for g in grams.distinct() {
                if let Some(list) = self.postings.get(&(field, g)) {
                    hits.extend_from_slice(list);
                }
            }
        }
        if p.purpose.is_empty() {
            hits.extend_from_slice(&self.empty_purpose);
        }
        if p.method.is_empty() {
            // both methods empty: the purpose alone decides, which the
            // purpose postings above already cover; kept for safety
            hits.extend_from_slice(&self.empty_method);
        }
        hits.sort_unstable();
        hits.dedup();
        hits.into_iter()
            .filter_map(|k| {
                let other = &keys.get(k)?.profile;
                let s = if p_is_old {
                    profile_score(p, other)
                } else {
                    profile_score(other, p)
                };
                (s > 0.0).then_some((k, s))
            })
            .collect()
    }
}

/// Document order: page, row, then position in the array for records that
/// lack either.
pub(crate) fn doc_order(records: &[Record]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..records.len()).collect();
    idx.sort_by_key(|&i| {
        (
            records[i].page.unwrap_or(u32::MAX),
            records[i].row.unwrap_or(u32::MAX),
            i,
        )
    });
    idx
}

fn ranks(order: &[usize]) -> Vec<usize> {
    let mut rank = vec![0; order.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    rank
}

/// Matches `old` against `new`; pairs below `threshold` are not made.
pub fn match_records(old: &[Record], new: &[Record], threshold: f64) -> Matching {
    let old_keys: Vec<Key> = old.iter().map(Key::of).collect();
    let new_keys: Vec<Key> = new.iter().map(Key::of).collect();
    let old_order = doc_order(old);
    let new_order = doc_order(new);
    let old_rank = ranks(&old_order);
    let new_rank = ranks(&new_order);

    let mut old_used = vec![false; old.len()];
    let mut new_used = vec![false; new.len()];
    let mut pairs = Vec::new();

    let mut by_key: HashMap<(&str, &str), VecDeque<usize>> = HashMap::new();
    for &i in &old_order {
        by_key
            .entry((&old_keys[i].purpose, &old_keys[i].method))
            .or_default()
            .push_back(i);
    }
    for &j in &new_order {
        let key = (new_keys[j].purpose.as_str(), new_keys[j].method.as_str());
        if let Some(i) = by_key.get_mut(&key).and_then(VecDeque::pop_front) {
            old_used[i] = true;
            new_used[j] = true;
            pairs.push(Found {
                old: i,
                new: j,
                kind: MatchKind::Exact,
                score: 1.0,
            });
        }
    }

    // Leftover new records are scored against all of last year (the origin
    // rule and their `nearest` look at matched records too), leftover old
    // records against all of this year (their `nearest`); matched records
    // need no scores, which keeps a mostly unchanged report cheap. Only
    // records sharing a bigram (or an empty field) can score above 0, so
    // each is scored against those found through a bigram index, not all.
    let old_left: Vec<usize> = (0..old.len()).filter(|&i| !old_used[i]).collect();
    let new_left: Vec<usize> = (0..new.len()).filter(|&j| !new_used[j]).collect();
    let old_index = GramIndex::new(&old_keys);
    let new_index = GramIndex::new(&new_keys);
    // for a leftover new record `j`: (old record, score > 0), every other 0
    let back: HashMap<usize, Vec<(usize, f64)>> = new_left
        .iter()
        .map(|&j| (j, old_index.scores(&old_keys, &new_keys[j].profile, false)))
        .collect();
    let forward: HashMap<usize, Vec<(usize, f64)>> = old_left
        .iter()
        .map(|&i| (i, new_index.scores(&new_keys, &old_keys[i].profile, true)))
        .collect();

    // Keys as numbers, for the origin rule's "not the same item".
    let mut key_ids: HashMap<(&str, &str), usize> = HashMap::new();
    let key_of: Vec<usize> = old_keys
        .iter()
        .map(|k| {
            let n = key_ids.len();
            *key_ids.entry((&k.purpose, &k.method)).or_insert(n)
        })
        .collect();
    let one_key = key_ids.len() <= 1;

    let mut candidates = Vec::new();
    let old_left_set: Vec<bool> = (0..old.len()).map(|i| !old_used[i]).collect();
    for &j in &new_left {
        let row = back.get(&j).map_or(&[][..], Vec::as_slice);
        // The best score of each key, and the best two keys: the origin rule
        // for `i` compares against the best other key.
        let mut best_by_key: HashMap<usize, f64> = HashMap::new();
        for &(k, sk) in row {
            let e = best_by_key.entry(key_of[k]).or_insert(sk);
            if sk > *e {
                *e = sk;
            }
        }
        let mut top: [(usize, f64); 2] = [(usize::MAX, 0.0), (usize::MAX, 0.0)];
        for (&key, &sk) in &best_by_key {
            if sk > top[0].1 || top[0].0 == usize::MAX {
                top[1] = top[0];
                top[0] = (key, sk);
            } else if sk > top[1].1 || top[1].0 == usize::MAX {
                top[1] = (key, sk);
            }
        }
        let best_other = |key: usize| {
            let t = if top[0].0 == key { top[1] } else { top[0] };
            t.1 // 0 when no other key scores: all others score 0
        };
        for &(i, s) in row {
            if old_left_set[i] && s >= threshold && best_other(key_of[i]) < s {
                candidates.push((s, i, j));
            }
        }
        // A zero score passes a zero threshold only when no record of
        // another key exists at all (0 < 0 never holds).
        if threshold <= 0.0 && one_key {
            for &i in &old_left {
                if !row.iter().any(|&(k, _)| k == i) {
                    candidates.push((0.0, i, j));
                }
            }
        }
    }
    candidates.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(old_rank[a.1].cmp(&old_rank[b.1]))
            .then(new_rank[a.2].cmp(&new_rank[b.2]))
    });
    for (s, i, j) in candidates {
        if !old_used[i] && !new_used[j] {
            old_used[i] = true;
            new_used[j] = true;
            pairs.push(Found {
                old: i,
                new: j,
                kind: MatchKind::Similar,
                score: s,
            });
        }
    }
    pairs.sort_by_key(|p| new_rank[p.new]);

    // the nearest counterpart over the whole other year, matched or not: it
    // tells a reader which record the threshold or the origin rule kept apart
    // (the first in document order when nothing scores above 0)
    let nearest = |row: Option<&Vec<(usize, f64)>>, order: &[usize], rank: &[usize]| {
        let row = row?;
        row.iter()
            .copied()
            .max_by(|a, b| a.1.total_cmp(&b.1).then(rank[b.0].cmp(&rank[a.0])))
            .or_else(|| order.first().map(|&first| (first, 0.0)))
    };
    let nearest_old = |j: usize| nearest(back.get(&j), &old_order, &old_rank);
    let nearest_new = |i: usize| nearest(forward.get(&i), &new_order, &new_rank);
    let added = new_order
        .iter()
        .filter(|&&j| !new_used[j])
        .map(|&j| (j, nearest_old(j)))
        .collect();
    let removed = old_order
        .iter()
        .filter(|&&i| !old_used[i])
        .map(|&i| (i, nearest_new(i)))
        .collect();
    Matching {
        pairs,
        added,
        removed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(purpose: &str, method: &str) -> Key {
        Key {
            purpose: purpose.into(),
            method: method.into(),
            profile: Profile::new(purpose, method),
        }
    }

    /// The index finds exactly the records a full scan scores above 0.
    #[test]
    fn index_finds_every_positive_score() {
        let texts = [
            "",
            "あ",
            "あい",
            "いあ",
            "研修会",
            "見学会",
            "研修会の開催",
            "あ\0",
        ];
        let keys: Vec<Key> = texts
            .iter()
            .flat_map(|p| texts.iter().map(move |m| key(p, m)))
            .collect();
        let index = GramIndex::new(&keys);
        for q in &keys {
            for q_is_old in [false, true] {
                let want: Vec<(usize, f64)> = keys
                    .iter()
                    .enumerate()
                    .map(|(k, o)| {
                        let s = if q_is_old {
                            profile_score(&q.profile, &o.profile)
                        } else {
                            profile_score(&o.profile, &q.profile)
                        };
                        (k, s)
                    })
                    .filter(|&(_, s)| s > 0.0)
                    .collect();
                assert_eq!(index.scores(&keys, &q.profile, q_is_old), want);
            }
        }
    }
}
