//! One-to-one matching of the records of two years.
//!
//! Two passes. First, records with equal keys (purpose + method after
//! [`fold`](super::fold::fold)) are paired; when a key occurs several times in
//! a year (a row split into two records, or two rows with the same wording)
//! the occurrences are paired in page/row order, first with first. Second,
//! the records left over are paired by [`record_score`] with a greedy
//! assignment: all candidate pairs at or above the threshold, best score
//! first, ties broken by document order. Greedy is not optimal in general,
//! but an optimal (Hungarian) assignment only differs when one record is the
//! best choice of two others with close scores; such near-ties are better
//! shown to a person (the `nearest` of an added/removed record) than settled
//! by a cleverer sum.

use std::collections::{HashMap, VecDeque};

use super::fold::fold;
use super::input::Record;
use super::similarity::record_score;
use super::types::MatchKind;

/// A record's folded purpose and method.
#[derive(Debug, Clone)]
struct Key {
    purpose: String,
    method: String,
}

impl Key {
    fn of(r: &Record) -> Key {
        Key {
            purpose: fold(r.purpose.as_deref().unwrap_or("")),
            method: fold(r.method.as_deref().unwrap_or("")),
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
    /// New records without a pair, with their nearest old record and its score.
    pub added: Vec<(usize, Option<(usize, f64)>)>,
    /// Old records without a pair, with their nearest new record and its score.
    pub removed: Vec<(usize, Option<(usize, f64)>)>,
}

/// Document order: page, row, then position in the array for records that
/// lack either.
fn doc_order(records: &[Record]) -> Vec<usize> {
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

/// Matches `old` against `new`; pairs below `threshold` are not made.
pub fn match_records(old: &[Record], new: &[Record], threshold: f64) -> Matching {
    let old_keys: Vec<Key> = old.iter().map(Key::of).collect();
    let new_keys: Vec<Key> = new.iter().map(Key::of).collect();
    let old_order = doc_order(old);
    let new_order = doc_order(new);
    // rank in document order, for tie-breaks that follow the page rather than the array
    let mut old_rank = vec![0; old.len()];
    for (r, &i) in old_order.iter().enumerate() {
        old_rank[i] = r;
    }
    let mut new_rank = vec![0; new.len()];
    for (r, &i) in new_order.iter().enumerate() {
        new_rank[i] = r;
    }

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

    let score = |i: usize, j: usize| {
        record_score(
            &old_keys[i].purpose,
            &old_keys[i].method,
            &new_keys[j].purpose,
            &new_keys[j].method,
        )
    };
    let mut candidates = Vec::new();
    for i in (0..old.len()).filter(|&i| !old_used[i]) {
        for j in (0..new.len()).filter(|&j| !new_used[j]) {
            let s = score(i, j);
            if s >= threshold {
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
    // tells a reader which record the threshold kept apart
    let nearest_new = |i: usize| {
        (0..new.len())
            .map(|j| (j, score(i, j)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(new_rank[b.0].cmp(&new_rank[a.0])))
    };
    let nearest_old = |j: usize| {
        (0..old.len())
            .map(|i| (i, score(i, j)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(old_rank[b.0].cmp(&old_rank[a.0])))
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
