//! Events read from a status cell (実施状況): one per list marker, else one per date.

use super::context::{Context, parse_iso_day};
use super::count::{checked_sum, find_counts};
use super::date::find_date_matches;
use super::fold::Folded;
use super::numerals::marker_number;
use super::types::{Action, Count, DateValue, Event, Precision, Role, Warning, WarningCode};

/// The action words, each found with up to two spaces or line breaks
/// inside it (`中[ \n]{0,2}止|開[ \n]{0,2}催|実[ \n]{0,2}施`, leftmost first):
/// (start, end) byte ranges, not overlapping. A scan, not a regex: compiling
/// the regex cost more than a page of matching.
fn action_words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some((i, c)) = text.get(from..).and_then(|r| r.char_indices().next()) {
        let start = from + i;
        let partner = match c {
            '中' => '止',
            '開' => '催',
            '実' => '施',
            _ => {
                from = start + c.len_utf8();
                continue;
            }
        };
        let mut end = start + c.len_utf8();
        let gap = text
            .get(end..)
            .unwrap_or_default()
            .bytes()
            .take_while(|b| *b == b' ' || *b == b'\n')
            .take(2)
            .count();
        end += gap;
        if text.get(end..).is_some_and(|r| r.starts_with(partner)) {
            end += partner.len_utf8();
            out.push((start, end));
            from = end;
        } else {
            from = start + c.len_utf8();
        }
    }
    out
}

const NEGATIONS: &[&str] = &[
    "せず",
    "しなかった",
    "できなかった",
    "できず",
    "しない",
    "なし",
    "無し",
];

/// The events of a status cell, read against `ctx`.
///
/// Split at list markers (①②…, ⑴, ⒈) when there are any, else at each date;
/// a cell with no date but an action (意見交換会中止) gives one event with a
/// null date; a cell with neither (prose) gives none.
pub fn events(status_text: &str, ctx: &Context) -> Vec<Event> {
    let text = status_text;
    let markers: Vec<(usize, char)> = text
        .char_indices()
        .filter(|(_, c)| marker_number(*c).is_some())
        .collect();
    // (start, end, label)
    let mut segs: Vec<(usize, usize, Option<char>)> = Vec::new();
    if let Some(&(first, _)) = markers.first() {
        let preamble = text.get(..first).unwrap_or_default();
        let pre_has_content = !preamble.trim().is_empty() && has_event_content(preamble, ctx);
        if pre_has_content {
            segs.push((0, first, None));
        }
        for (k, &(pos, c)) in markers.iter().enumerate() {
            let end = markers.get(k + 1).map_or(text.len(), |m| m.0);
            // A heading before ① (事業所向け研修) belongs to no single event.
            segs.push((pos, end, Some(c)));
        }
    } else {
        let starts: Vec<usize> = find_date_matches(text, ctx)
            .into_iter()
            .filter(|m| is_event_date(&m.value))
            .map(|m| m.start)
            .collect();
        if starts.is_empty() {
            if has_event_content(text, ctx) {
                segs.push((0, text.len(), None));
            }
        } else {
            for (k, s) in starts.iter().enumerate() {
                let start = if k == 0 { 0 } else { *s };
                let end = starts.get(k + 1).copied().unwrap_or(text.len());
                segs.push((start, end, None));
            }
        }
    }
    let mut out = Vec::new();
    let mut prev_ctx = ctx.clone();
    for (s, e, label) in segs {
        let seg = text.get(s..e).unwrap_or_default();
        let ev = event_from(seg, label, &prev_ctx);
        if let Some(d) = ev
            .date
            .as_ref()
            .and_then(|d| d.first_day.as_deref())
            .and_then(parse_iso_day)
        {
            prev_ctx.previous = Some(d);
            prev_ctx.previous_resolved_by = ev.date.as_ref().map(|d| d.resolved_by);
        }
        out.push(ev);
    }
    out
}

/// Dates that can date an event (not a fiscal year, a calendar year or a rule).
fn is_event_date(v: &DateValue) -> bool {
    matches!(v.precision, Precision::Day | Precision::Month)
        && !v.recurring
        && v.fiscal_year.is_none()
}

fn has_event_content(text: &str, ctx: &Context) -> bool {
    action_of(text).0.is_some()
        || find_date_matches(text, ctx)
            .iter()
            .any(|m| is_event_date(&m.value))
        || find_counts(text)
            .iter()
            .any(|c| matches!(c.role, Role::Participants | Role::Applicants))
}

/// The action words of a text: 中止 wins; otherwise the first of 開催 / 実施.
/// The flag tells whether a line break inside the word was ignored.
pub fn action_of(text: &str) -> (Option<Action>, bool) {
    let f = Folded::new(text);
    let mut first: Option<(Action, bool)> = None;
    for (start, end) in action_words(&f.text) {
        let s = f.text.get(start..end).unwrap_or_default();
        // 開催せず / 未実施 / 開催できなかった: the word is there, the event is not.
        let after = f.text.get(end..).unwrap_or_default();
        let before = f.text.get(..start).unwrap_or_default();
        if NEGATIONS.iter().any(|n| after.starts_with(n)) || before.ends_with('未') {
            continue;
        }
        let broken = s.contains([' ', '\n']);
        let a = if s.starts_with('中') {
            Action::Cancelled
        } else if s.starts_with('開') {
            Action::Held
        } else {
            Action::Implemented
        };
        if a == Action::Cancelled {
            return (Some(a), broken);
        }
        if first.is_none() {
            first = Some((a, broken));
        }
    }
    match first {
        Some((a, b)) => (Some(a), b),
        None => (None, false),
    }
}

fn event_from(seg: &str, label: Option<char>, ctx: &Context) -> Event {
    let date = find_date_matches(seg, ctx)
        .into_iter()
        .map(|m| m.value)
        .find(is_event_date);
    let (action, broken) = action_of(seg);
    let counts = find_counts(seg);
    // A stated zero without a unit (参加者なし) is kept in `counts`; the schema's
    // participants object needs a unit, so it is not the event's participants.
    let participants = counts
        .iter()
        .find(|c| c.role == Role::Participants && c.unit.is_some())
        .map(as_participants);
    let mut warnings = Vec::new();
    if broken {
        warnings.push(Warning::new(
            WarningCode::LineBreakRepaired,
            "a line break inside the action word was ignored",
        ));
    }
    Event {
        label: label.map(String::from),
        text: seg.trim().to_string(),
        date,
        action,
        participants,
        index: label.and_then(marker_number),
        counts,
        warnings,
    }
}

/// An event's participants carry the whole phrase as `raw` (CONTRACT.md:
/// `保護者、児童合わせて20名`), while `counts` carry the quantity (`20名`).
pub fn as_participants(c: &Count) -> Count {
    let mut p = c.clone();
    if let Some(ph) = &c.phrase {
        p.raw.clone_from(ph);
    }
    p
}

/// The row's participant total: the sum over its events; when no event names
/// participants, the participant counts stated in the other cells (評価 …);
/// 0 for a stated 参加者なし; `None` when the row states none, or when the
/// counts add up past `u64::MAX` (then [`total_overflows`] says so).
pub fn participants_total(events: &[Event], other_cells_text: &str) -> Option<u64> {
    participants_total_of(events, &find_counts(other_cells_text))
}

/// [`participants_total`] with the other cells' counts already found.
pub fn participants_total_of(events: &[Event], other_counts: &[Count]) -> Option<u64> {
    match participant_counts(events, other_counts) {
        Some(values) => checked_sum(&values),
        None => stated_zero(events),
    }
}

/// True when the row's participant counts cannot be added up in a `u64`.
pub fn total_overflows(events: &[Event], other_cells_text: &str) -> bool {
    total_overflows_of(events, &find_counts(other_cells_text))
}

/// [`total_overflows`] with the other cells' counts already found.
pub fn total_overflows_of(events: &[Event], other_counts: &[Count]) -> bool {
    participant_counts(events, other_counts).is_some_and(|v| checked_sum(&v).is_none())
}

/// The participant counts the total adds up: the events', else those
/// stated in the other cells; `None` when there are neither.
fn participant_counts(events: &[Event], other_counts: &[Count]) -> Option<Vec<u64>> {
    let from_events: Vec<u64> = events
        .iter()
        .filter_map(|e| e.participants.as_ref().map(|p| p.value))
        .collect();
    if !from_events.is_empty() {
        return Some(from_events);
    }
    let other: Vec<u64> = other_counts
        .iter()
        .filter(|c| c.role == Role::Participants)
        .map(|c| c.value)
        .collect();
    (!other.is_empty()).then_some(other)
}

fn stated_zero(events: &[Event]) -> Option<u64> {
    // 参加者なし in the status cell: a stated zero, not a missing value.
    events
        .iter()
        .flat_map(|e| &e.counts)
        .any(|c| c.role == Role::Participants && c.status.is_some())
        .then_some(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_words_allow_two_breaks_and_do_not_overlap() {
        let t = "中中止 開\n\n催 実   施 実\n施";
        let got: Vec<&str> = action_words(t).into_iter().map(|(a, b)| &t[a..b]).collect();
        assert_eq!(got, ["中止", "開\n\n催", "実\n施"]);
    }

    #[test]
    fn a_total_past_u64_is_left_out_and_flagged() {
        let text = "参加者18446744073709551615名\n参加者2名";
        assert_eq!(participants_total(&[], text), None);
        assert!(total_overflows(&[], text));
        let fine = "参加者18446744073709551613名\n参加者2名";
        assert_eq!(participants_total(&[], fine), Some(u64::MAX));
        assert!(!total_overflows(&[], fine));
    }
}
