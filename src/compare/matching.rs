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

    fn same(&self, other: &Key) -> bool {
        self.purpose == other.purpose && self.method == other.method
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
    // need no scores, which keeps a mostly unchanged report cheap.
    let old_left: Vec<usize> = (0..old.len()).filter(|&i| !old_used[i]).collect();
    let new_left: Vec<usize> = (0..new.len()).filter(|&j| !new_used[j]).collect();
    let back: HashMap<usize, Vec<f64>> = new_left
        .iter()
        .map(|&j| {
            let row = old_keys
                .iter()
                .map(|o| profile_score(&o.profile, &new_keys[j].profile))
                .collect();
            (j, row)
        })
        .collect();
    let forward: HashMap<usize, Vec<f64>> = old_left
        .iter()
        .map(|&i| {
            let row = new_keys
                .iter()
                .map(|n| profile_score(&old_keys[i].profile, &n.profile))
                .collect();
            (i, row)
        })
        .collect();
    // defined for a leftover new record `j` and any old record `i`
    let score = |i: usize, j: usize| back.get(&j).and_then(|r| r.get(i)).copied().unwrap_or(0.0);

    let mut candidates = Vec::new();
    for &i in &old_left {
        for &j in &new_left {
            let s = score(i, j);
            let origin_clear = (0..old.len())
                .filter(|&k| k != i && !old_keys[k].same(&old_keys[i]))
                .all(|k| score(k, j) < s);
            if s >= threshold && origin_clear {
                candidates.push((s, i, j));
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
    let nearest_old = |j: usize| {
        (0..old.len())
            .map(|i| (i, score(i, j)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(old_rank[b.0].cmp(&old_rank[a.0])))
    };
    let nearest_new = |i: usize| {
        let row = forward.get(&i)?;
        (0..new.len())
            .map(|j| (j, row.get(j).copied().unwrap_or(0.0)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(new_rank[b.0].cmp(&new_rank[a.0])))
    };
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
