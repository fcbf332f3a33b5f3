//! What changed between the two records of a matched pair.

use super::fold::fold;
use super::input::Record;
use super::types::{CountChange, DecisionChange, PagesChange};

/// The decision before and after.
pub fn decision(old: &Record, new: &Record) -> DecisionChange {
    let (o, n) = (old.decision_value(), new.decision_value());
    DecisionChange {
        old: o.to_string(),
        new: n.to_string(),
        changed: o != n,
    }
}

/// Two optional numbers and their difference.
pub fn count(old: Option<i64>, new: Option<i64>) -> CountChange {
    CountChange {
        old,
        new,
        delta: match (old, new) {
            (Some(o), Some(n)) => n.checked_sub(o),
            _ => None,
        },
    }
}

/// Plan pages before and after; order-insensitive, since `P.38 P.40` and
/// `P.40 P.38` cite the same pages.
pub fn plan_pages(old: &Record, new: &Record) -> PagesChange {
    let mut a = old.plan_pages.clone();
    let mut b = new.plan_pages.clone();
    a.sort_unstable();
    a.dedup();
    b.sort_unstable();
    b.dedup();
    PagesChange {
        changed: a != b,
        old: old.plan_pages.clone(),
        new: new.plan_pages.clone(),
    }
}

type Getter = fn(&Record) -> Option<&str>;

/// The text fields whose content differs. Folded first, so a re-wrapped line
/// or a renumbered marker is not reported as a change.
pub fn text_changed(old: &Record, new: &Record) -> Vec<&'static str> {
    let fields: [(&'static str, Getter); 5] = [
        ("purpose", |r| r.purpose.as_deref()),
        ("method", |r| r.method.as_deref()),
        ("status", |r| r.status.as_deref()),
        ("evaluation", |r| r.evaluation.as_deref()),
        ("reason", |r| r.reason.as_deref()),
    ];
    fields
        .into_iter()
        .filter(|(_, get)| fold(get(old).unwrap_or("")) != fold(get(new).unwrap_or("")))
        .map(|(name, _)| name)
        .collect()
}
