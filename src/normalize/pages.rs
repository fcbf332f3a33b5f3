//! Page references in the 頁 cell (`P. 38 P. 40`, `P40～41`, `38頁`).

use std::sync::LazyLock;

use regex::Regex;

use super::fold::Folded;

const SEP: &str = "[～〜~\\-－−‐‑–—―ー]";

static P_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"[Pp][ \n]*\.?[ \n]*(?P<list>\d+(?:[ \n]*{SEP}[ \n]*(?:[Pp][ \n]*\.?[ \n]*)?\d+)?(?:[ \n]*[、,・][ \n]*\d+(?:[ \n]*{SEP}[ \n]*\d+)?)*)"
    ))
    .ok()
});

static SUFFIX_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<list>\d+(?:[ \n]*{SEP}[ \n]*\d+)?)[ \n]*(?:ページ|頁)"
    ))
    .ok()
});

static ITEM_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<a>\d+)(?:[ \n]*{SEP}[ \n]*(?:[Pp][ \n]*\.?[ \n]*)?(?P<b>\d+))?"
    ))
    .ok()
});

/// A page range longer than this is two pages, not a range (P40-410 is a typo).
const MAX_RANGE: u32 = 100;

/// Every page number in `text`, ranges expanded, in order, without repeats
/// (`P. 38 P. 40` → [38, 40], `P40～41` → [40, 41]).
pub fn plan_pages(text: &str) -> Vec<u32> {
    let f = Folded::new(text);
    let t = f.text.as_str();
    let mut spans: Vec<(usize, &str)> = Vec::new();
    if let Some(re) = P_RE.as_ref() {
        for c in re.captures_iter(t) {
            let (Some(all), Some(list)) = (c.get(0), c.name("list")) else {
                continue;
            };
            // P must not end a word (e.g. the P of PDF is followed by letters anyway).
            let prev = t.get(..all.start()).and_then(|b| b.chars().next_back());
            if prev.is_some_and(|p| p.is_ascii_alphabetic()) {
                continue;
            }
            spans.push((list.start(), list.as_str()));
        }
    }
    if let Some(re) = SUFFIX_RE.as_ref() {
        for c in re.captures_iter(t) {
            let Some(list) = c.name("list") else { continue };
            if !spans
                .iter()
                .any(|(s, l)| *s <= list.start() && list.start() < s + l.len())
            {
                spans.push((list.start(), list.as_str()));
            }
        }
    }
    spans.sort_by_key(|s| s.0);
    let mut out: Vec<u32> = Vec::new();
    let Some(item_re) = ITEM_RE.as_ref() else {
        return out;
    };
    for (_, list) in spans {
        for c in item_re.captures_iter(list) {
            let Some(a) = c.name("a").and_then(|m| m.as_str().parse::<u32>().ok()) else {
                continue;
            };
            let b = c.name("b").and_then(|m| m.as_str().parse::<u32>().ok());
            let pages: Vec<u32> = match b {
                Some(b) if b >= a && b - a <= MAX_RANGE => (a..=b).collect(),
                Some(b) => vec![a, b],
                None => vec![a],
            };
            for p in pages {
                if !out.contains(&p) {
                    out.push(p);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert_eq!(plan_pages("P. 38 P. 40"), vec![38, 40]);
        assert_eq!(plan_pages("P40～41"), vec![40, 41]);
        assert_eq!(plan_pages("p.12-13"), vec![12, 13]);
        assert_eq!(plan_pages("Ｐ．４０"), vec![40]);
        assert_eq!(plan_pages("P.38、40"), vec![38, 40]);
        assert_eq!(plan_pages("38ページ"), vec![38]);
        assert_eq!(plan_pages("38頁"), vec![38]);
        assert_eq!(plan_pages("PDF"), Vec::<u32>::new());
    }
}
