//! Counts: quantities with a unit (名 人 事業所 園 校 回 組 …) and what they count.

use std::sync::LazyLock;

use regex::Regex;

use super::fold::Folded;
use super::numerals::parse_number;
use super::types::{BreakdownItem, Count, CountStatus, Role};

/// A count found in text, with where it was printed (byte offsets into the input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountMatch {
    /// The value.
    pub value: Count,
    /// Start byte offset in the input text (of the phrase, role words included).
    pub start: usize,
    /// End byte offset in the input text.
    pub end: usize,
}

const NUM: &str = r"\d{1,3}(?:,\d{3})+|\d+|[〇一二三四五六七八九十百千万廿卅]+";

static COUNT_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:(?P<pre>約|およそ|延べ|のべ|延)[ \n]?)?(?P<n>{NUM})(?:[ \n]?[～〜~\-－][ \n]?(?P<n2>{NUM}))?[ \n]?(?P<unit>事業所|団体|機関|施設|法人|世帯|箇所|か所|ヶ所|名|人|園|校|社|回|組|件|部)(?P<post>程度|以上|以下|未満|ほど|前後|超)?"
    ))
    .ok()
});

static NONE_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?P<who>参加申込者|参加申込|申込者|申込み|申し込み|申込|応募者|応募|参加者)[ \n]?(?:が|は)?[ \n]?(?:なし|無し|なく|無く|ない|いない|おらず|ゼロ)",
    )
    .ok()
});

const PARTICIPANT_WORDS: &[&str] = &[
    "参加者数",
    "参加者",
    "参加人数",
    "参加数",
    "出席者数",
    "出席者",
    "来場者数",
    "来場者",
    "受講者数",
    "受講者",
    "参加",
];
const APPLICANT_WORDS: &[&str] = &[
    "申込者数",
    "申込者",
    "申込み",
    "申し込み",
    "申込",
    "応募者数",
    "応募者",
    "応募",
];
const TOTAL_WORDS: &[&str] = &["合わせて", "あわせて", "併せて", "合計", "総計", "計"];
const IDIOMS: &[&str] = &[
    "一人ひとり",
    "一人一人",
    "一人暮らし",
    "一人親",
    "一人ぼっち",
];

/// The sum, or `None` past `u64::MAX` (never wrapped round).
pub fn checked_sum(values: &[u64]) -> Option<u64> {
    values.iter().try_fold(0u64, |acc, v| acc.checked_add(*v))
}

/// Every count in `text`, in reading order.
pub fn find_counts(text: &str) -> Vec<Count> {
    find_count_matches(text)
        .into_iter()
        .map(|m| m.value)
        .collect()
}

/// Like [`find_counts`], with each count's position in `text`.
pub fn find_count_matches(text: &str) -> Vec<CountMatch> {
    let (Some(re), Some(none_re)) = (COUNT_RE.as_ref(), NONE_RE.as_ref()) else {
        return Vec::new();
    };
    let f = Folded::new(text);
    let t = f.text.as_str();
    // (folded start, folded end, count)
    let mut found: Vec<(usize, usize, Count)> = Vec::new();
    let mut consumed_until = 0usize;
    let caps: Vec<regex::Captures> = re.captures_iter(t).collect();
    let starts = clause_starts(t);
    for c in &caps {
        let (Some(all), Some(n), Some(unit)) = (c.get(0), c.name("n"), c.name("unit")) else {
            continue;
        };
        if all.start() < consumed_until
            || !plausible(t, all.start(), n.as_str(), unit.as_str(), all.end())
        {
            continue;
        }
        let Some(value) = parse_number(n.as_str()) else {
            continue;
        };
        let value_max = c.name("n2").and_then(|m| parse_number(m.as_str()));
        let pre = c.name("pre").map_or("", |m| m.as_str());
        let post = c.name("post").map_or("", |m| m.as_str());
        let unit_s = unit.as_str();
        let mut count = Count {
            value_max,
            approx: pre == "約" || pre == "およそ" || matches!(post, "程度" | "ほど" | "前後"),
            cumulative: matches!(pre, "延べ" | "のべ" | "延"),
            at_least: matches!(post, "以上" | "超"),
            at_most: matches!(post, "以下" | "未満"),
            ..Count::new(
                f.raw(all.start(), all.end()),
                value,
                Some(unit_s.to_string()),
                Role::Other,
            )
        };
        let before = t.get(..all.start()).unwrap_or_default();
        let after = t.get(all.end()..).unwrap_or_default();
        let info = role_of(before, after, unit_s, all.start(), &starts);
        count.role = info.role;
        count.label = info.label;
        count.subjects = info.subjects;
        // raw: the role word and the quantity (参加者21名, 合わせて20名, 年2回, 6名登録),
        // as the goldens write it; phrase adds the groups (保護者、児童合わせて20名).
        let raw_end = all.end() + info.trailing;
        count.raw = f.raw(info.raw_start, raw_end);
        if info.phrase_start < info.raw_start {
            count.phrase = Some(f.raw(info.phrase_start, raw_end));
        }
        let phrase_start = info.phrase_start;
        let mut end = all.end();
        if let Some((close, inner)) = parenthetical(after)
            && attach_parenthetical(&mut count, inner, re)
        {
            end = all.end() + close;
            consumed_until = end;
        }
        found.push((phrase_start.min(all.start()), end, count));
    }
    for m in none_re.captures_iter(t) {
        let (Some(all), Some(who)) = (m.get(0), m.name("who")) else {
            continue;
        };
        let role = if who.as_str() == "参加者" {
            Role::Participants
        } else {
            Role::Applicants
        };
        found.push((
            all.start(),
            all.end(),
            Count {
                label: Some(f.raw(who.start(), who.end())),
                phrase: Some(f.raw(all.start(), all.end())),
                status: Some(CountStatus::None),
                ..Count::new(f.raw(all.start(), all.end()), 0, None, role)
            },
        ));
    }
    found.sort_by_key(|x| x.0);
    let merged = merge_breakdowns(t, &f, found);
    merged
        .into_iter()
        .map(|(s, e, value)| {
            let (os, oe) = f.orig_range(s, e);
            CountMatch {
                value,
                start: os,
                end: oe,
            }
        })
        .collect()
}

/// Rejects numbers that are ordinals, page references, idioms or parts of words.
fn plausible(t: &str, start: usize, n: &str, unit: &str, end: usize) -> bool {
    let before = t.get(..start).unwrap_or_default();
    let after = t.get(end..).unwrap_or_default();
    let prev = before.chars().next_back();
    if prev.is_some_and(|p| p == '第' || p.is_ascii_alphanumeric() || p == '.' || p == '/') {
        return false;
    }
    if n == "万" || n == "千" {
        return false;
    }
    let here = t.get(start..).unwrap_or_default();
    if IDIOMS.iter().any(|i| here.starts_with(i)) {
        return false;
    }
    let next = after.chars().next();
    if next == Some('目') {
        return false;
    }
    if unit == "校" && next == Some('時') {
        return false;
    }
    // 3社会福祉法人, 2部会: the unit character starts another word.
    if unit == "社" && next.is_some_and(|c| matches!(c, '会' | '員' | '長' | '内' | '外' | '協'))
    {
        return false;
    }
    if unit == "部"
        && next.is_some_and(|c| matches!(c, '会' | '門' | '署' | '長' | '分' | '屋' | '局'))
    {
        return false;
    }
    if unit == "名" && next.is_some_and(|c| matches!(c, '前' | '称' | '簿' | '刺' | '義' | '字'))
    {
        return false;
    }
    if unit == "人"
        && next.is_some_and(|c| matches!(c, '間' | '形' | '気' | '材' | '権' | '生' | '物'))
    {
        return false;
    }
    true
}

/// Where clauses start in `t`: just after each sentence or list break.
/// Found once per text, so that each count's clause is a binary search
/// rather than a scan of everything before it (40,000 counts in one cell
/// made that quadratic).
fn clause_starts(t: &str) -> Vec<usize> {
    t.char_indices()
        .filter(|(_, c)| {
            matches!(c, '。' | '\n' | '(' | ')' | '「' | '」')
                || super::numerals::marker_number(*c).is_some()
        })
        .map(|(i, c)| i + c.len_utf8())
        .collect()
}

/// The clause before a count: back to the last sentence or list break.
/// `starts` are [`clause_starts`] of the text `before` is a prefix of.
fn clause<'a>(before: &'a str, starts: &[usize]) -> &'a str {
    let i = starts.partition_point(|&e| e <= before.len());
    let cut = i
        .checked_sub(1)
        .and_then(|i| starts.get(i))
        .copied()
        .unwrap_or(0);
    before.get(cut..).unwrap_or_default()
}

fn is_word_char(c: char) -> bool {
    // Katakana without the middle dot ・ (U+30FB), which separates list items.
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{30A1}'..='\u{30FA}' | 'ー' | '々')
}

/// What a count counts and how far its printed phrase reaches.
struct RoleInfo {
    role: Role,
    label: Option<String>,
    /// Folded byte offset where `raw` starts (the role word, if any).
    raw_start: usize,
    /// Folded byte offset where the phrase starts (the groups before 合わせて).
    phrase_start: usize,
    /// Bytes of a verb after the quantity that belong to `raw` (6名登録).
    trailing: usize,
    subjects: Vec<String>,
}

const ORG_UNITS: &[&str] = &["事業所", "団体", "園", "校", "社", "機関", "施設", "法人"];
const AFTER_VERBS: &[(&str, Role)] = &[
    ("が参加", Role::Participants),
    ("の参加", Role::Participants),
    ("参加", Role::Participants),
    ("出席", Role::Participants),
    ("来場", Role::Participants),
    ("受講", Role::Participants),
    ("が申込", Role::Applicants),
    ("申込", Role::Applicants),
    ("申し込", Role::Applicants),
    ("応募", Role::Applicants),
    ("登録", Role::Other),
];

/// Reads the role from the words around a count (`start` is its folded offset).
fn role_of(before: &str, after: &str, unit: &str, start: usize, starts: &[usize]) -> RoleInfo {
    let cl = clause(before, starts);
    let trimmed = cl.trim_end_matches([' ', ':', 'は', '\n']);
    let head_start = |w: &str| start - (cl.len() - trimmed.len()) - w.len();
    let info = |role, label: Option<String>, raw_start| RoleInfo {
        role,
        label,
        raw_start,
        phrase_start: raw_start,
        trailing: 0,
        subjects: Vec::new(),
    };
    if ORG_UNITS.contains(&unit) {
        // 申込者9事業所: applicants, counted in organizations.
        for w in APPLICANT_WORDS {
            if trimmed.ends_with(w) {
                return info(Role::Applicants, Some((*w).to_string()), head_start(w));
            }
        }
        let noun = noun_before(before);
        let raw_start = match &noun {
            Some(n) if n.starts_with("参加") && before.ends_with(n.as_str()) => start - n.len(),
            _ => start,
        };
        return info(Role::Organizations, noun, raw_start);
    }
    if unit != "名" && unit != "人" {
        // 年2回 / 月1回 / 毎月1回: the frequency word belongs to the quantity.
        let mut raw_start = start;
        if unit == "回" {
            for w in ["毎年", "毎月", "毎週", "年", "月", "週"] {
                if before.ends_with(w) {
                    raw_start = start - w.len();
                    break;
                }
            }
        }
        return info(Role::Other, noun_before(before), raw_start);
    }
    for w in PARTICIPANT_WORDS {
        if trimmed.ends_with(w) {
            return info(Role::Participants, Some((*w).to_string()), head_start(w));
        }
    }
    for w in APPLICANT_WORDS {
        if trimmed.ends_with(w) {
            return info(Role::Applicants, Some((*w).to_string()), head_start(w));
        }
    }
    if trimmed.ends_with("定員") {
        return info(Role::Other, Some("定員".into()), head_start("定員"));
    }
    for w in TOTAL_WORDS {
        if let Some(head) = trimmed.strip_suffix(w) {
            let list = trailing_list(head);
            let subjects: Vec<String> = list
                .split(['、', '・', ',', 'と'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let raw_start = head_start(w);
            return RoleInfo {
                role: Role::Participants,
                label: None,
                raw_start,
                phrase_start: raw_start - list.len(),
                trailing: 0,
                subjects,
            };
        }
    }
    for (w, role) in AFTER_VERBS {
        if after.starts_with(w) {
            let mut r = info(*role, noun_before(before), start);
            r.trailing = w.len();
            return r;
        }
    }
    // 採用者7名, 職員3名: a person noun right before the number names the count.
    let noun = noun_before(before);
    let raw_start = match &noun {
        Some(n) if (n.ends_with('者') || n.ends_with('員')) && before.ends_with(n.as_str()) => {
            start - n.len()
        }
        _ => start,
    };
    info(Role::Other, noun, raw_start)
}

/// `保護者、児童` before 合わせて: word characters and list separators.
fn trailing_list(head: &str) -> &str {
    let cut = head
        .char_indices()
        .rev()
        .find(|(_, c)| !(is_word_char(*c) || matches!(c, '、' | '・' | ',')))
        .map_or(0, |(i, c)| i + c.len_utf8());
    head.get(cut..).unwrap_or_default()
}

/// The noun right before a count (保護者 in 保護者10名).
fn noun_before(before: &str) -> Option<String> {
    let b = before.trim_end_matches(' ');
    let cut = b
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word_char(*c))
        .last()
        .map(|(i, _)| i)?;
    let w = b.get(cut..)?;
    (!w.is_empty()).then(|| w.to_string())
}

/// A parenthetical right after a count: (bytes to its end, its inner text).
fn parenthetical(after: &str) -> Option<(usize, &str)> {
    let lead = after.len() - after.trim_start_matches([' ', '\n']).len();
    let rest = after.get(lead..)?;
    let inner_start = rest.strip_prefix('(')?;
    let close = inner_start
        .char_indices()
        .take(60)
        .find(|(_, c)| *c == ')')?
        .0;
    let inner = inner_start.get(..close)?;
    Some((lead + 1 + close + 1, inner))
}

/// Attaches うち…/実人数…/a note to `count`; false when the parenthetical is its own count (定員30名).
fn attach_parenthetical(count: &mut Count, inner: &str, re: &Regex) -> bool {
    let s = inner.trim();
    let inner_counts: Vec<(Option<String>, u64, String)> = re
        .captures_iter(s)
        .filter_map(|c| {
            let all = c.get(0)?;
            let v = parse_number(c.name("n")?.as_str())?;
            Some((
                noun_before(s.get(..all.start())?),
                v,
                c.name("unit")?.as_str().to_string(),
            ))
        })
        .collect();
    if s.starts_with("うち") || s.starts_with('内') {
        if inner_counts.is_empty() {
            return false;
        }
        let sum = checked_sum(&inner_counts.iter().map(|x| x.1).collect::<Vec<_>>());
        count.breakdown = inner_counts
            .into_iter()
            .map(|(label, value, unit)| BreakdownItem { label, value, unit })
            .collect();
        count.breakdown_complete = Some(sum == Some(count.value));
        return true;
    }
    // (保護者10名、児童11名) after 21名: the parts of the whole, all named.
    let sum = checked_sum(&inner_counts.iter().map(|x| x.1).collect::<Vec<_>>());
    if inner_counts.len() >= 2
        && sum == Some(count.value)
        && inner_counts.iter().all(|x| x.0.is_some())
        && count
            .unit
            .as_deref()
            .is_some_and(|u| inner_counts.iter().all(|x| x.2 == u))
    {
        count.breakdown = inner_counts
            .into_iter()
            .map(|(label, value, unit)| BreakdownItem { label, value, unit })
            .collect();
        count.breakdown_complete = Some(true);
        return true;
    }
    if s.starts_with("実人数") || s.starts_with("実人員") || s.starts_with("実") {
        if let Some(first) = inner_counts.first() {
            count.unique = Some(first.1);
            return true;
        }
        return false;
    }
    if !s.chars().any(|c| c.is_ascii_digit()) && inner_counts.is_empty() {
        count.has_unquantified_extra = ["プラス", "+", "ほか", "他", "外"]
            .iter()
            .any(|w| s.starts_with(w))
            || ["同席", "同行", "ほか", "含まず"]
                .iter()
                .any(|w| s.contains(w));
        count.note = Some(s.to_string());
        return true;
    }
    false
}

/// 保護者10名・児童11名 → one derived count of 21 with a breakdown.
fn merge_breakdowns(
    t: &str,
    f: &Folded<'_>,
    found: Vec<(usize, usize, Count)>,
) -> Vec<(usize, usize, Count)> {
    let mut out: Vec<(usize, usize, Count)> = Vec::new();
    let mut group: Vec<(usize, usize, Count)> = Vec::new();
    let flush = |group: &mut Vec<(usize, usize, Count)>, out: &mut Vec<(usize, usize, Count)>| {
        if group.len() < 2 {
            out.append(group);
            return;
        }
        // The span starts at the first part's noun (保護者 of 保護者10名).
        let s = group.first().map_or(0, |g| {
            let head = t.get(..g.0).unwrap_or_default();
            match g.2.label.as_deref() {
                Some(l) if head.ends_with(l) => g.0 - l.len(),
                _ => g.0,
            }
        });
        let e = group.last().map_or(0, |g| g.1);
        let unit = group.first().and_then(|g| g.2.unit.clone());
        // Parts too large to add up stay separate counts.
        let Some(value) = checked_sum(&group.iter().map(|g| g.2.value).collect::<Vec<_>>()) else {
            out.append(group);
            return;
        };
        let breakdown = group
            .iter()
            .map(|g| BreakdownItem {
                label: g.2.label.clone(),
                value: g.2.value,
                unit: g.2.unit.clone().unwrap_or_default(),
            })
            .collect();
        let after = t.get(e..).unwrap_or_default();
        let role = role_of("", after, unit.as_deref().unwrap_or(""), s, &[]).role;
        let raw = f.raw(s, e);
        out.push((
            s,
            e,
            Count {
                breakdown,
                breakdown_complete: Some(true),
                derived: true,
                ..Count::new(raw.clone(), value, unit, role)
            },
        ));
        group.clear();
    };
    for item in found {
        let mergeable = |c: &Count| {
            matches!(c.role, Role::Other | Role::Participants)
                && c.label.as_deref().is_some_and(|l| {
                    !PARTICIPANT_WORDS.contains(&l) && !APPLICANT_WORDS.contains(&l) && l != "定員"
                })
                && c.status.is_none()
                && c.value_max.is_none()
                && matches!(c.unit.as_deref(), Some("名" | "人"))
        };
        let joins = group.last().is_some_and(|last| {
            let between = t.get(last.1..item.0).unwrap_or("x");
            let between = between
                .strip_suffix(item.2.label.as_deref().unwrap_or(""))
                .unwrap_or(between);
            matches!(between, "・" | "、" | "," | "･")
                && mergeable(&last.2)
                && mergeable(&item.2)
                && last.2.unit == item.2.unit
        });
        if !joins {
            flush(&mut group, &mut out);
        }
        group.push(item);
    }
    flush(&mut group, &mut out);
    out
}
