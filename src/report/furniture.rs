//! Reading the page furniture: body name, title line with its period, note,
//! footnote. Raw text only; the period is parsed downstream.

use regex::Regex;
use std::sync::OnceLock;

/// The period as printed: an era or Western year, optional month, and an
/// optional range end (`R4年10月～R5年2月`, `令和4年度`, `2022年4月～9月`).
fn period_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let y =
            r"(?:(?:令和|平成|昭和|[RHＲＨ]\.?)\s*(?:[0-9０-９]{1,2}|元)|[0-9０-９]{4})\s*年度?";
        let m = r"\s*[0-9０-９]{1,2}\s*月(?:分|末)?";
        let sep = r"\s*(?:[～〜~\-－―−ー]|から)+\s*";
        let pat = format!("{y}(?:{m})?(?:{sep}(?:{y}(?:{m})?|{m}))?");
        Regex::new(&pat).unwrap_or_else(|_| Regex::new("$^").expect("static regex"))
    })
}

/// A cursor over a line for the small fixed shapes below, which need no
/// regex (compiling one costs more than a whole page of matching).
struct Scan<'a> {
    s: &'a str,
    at: usize,
}

impl Scan<'_> {
    /// Consumes characters while `f` holds; returns how many.
    fn skip(&mut self, f: impl Fn(char) -> bool) -> usize {
        let rest = self.s.get(self.at..).unwrap_or_default();
        let len = rest.find(|c| !f(c)).unwrap_or(rest.len());
        self.at += len;
        rest.get(..len).map_or(0, |t| t.chars().count())
    }
    /// Consumes one character if `f` holds for it.
    fn one(&mut self, f: impl Fn(char) -> bool) -> bool {
        match self.s.get(self.at..).and_then(|r| r.chars().next()) {
            Some(c) if f(c) => {
                self.at += c.len_utf8();
                true
            }
            _ => false,
        }
    }
    fn done(&self) -> bool {
        self.at >= self.s.len()
    }
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Page numbers and similar lines that carry no report content: the shape
/// `^[\s\-－‐ー―(（]*(?:[PpＰ]\.?\s*)?[0-9０-９]+\s*(?:[/／]\s*[0-9０-９]+)?[\s\-－‐ー―)）頁]*$`.
pub fn is_page_number(s: &str) -> bool {
    let mut p = Scan { s: s.trim(), at: 0 };
    p.skip(|c| c.is_whitespace() || "-－‐ー―(（".contains(c));
    if p.one(|c| "PpＰ".contains(c)) {
        p.one(|c| c == '.');
        p.skip(char::is_whitespace);
    }
    if p.skip(is_digit) == 0 {
        return false;
    }
    p.skip(char::is_whitespace);
    if p.one(|c| c == '/' || c == '／') {
        p.skip(char::is_whitespace);
        if p.skip(is_digit) == 0 {
            return false;
        }
    }
    p.skip(|c| c.is_whitespace() || "-－‐ー―)）頁".contains(c));
    p.done()
}

/// 「NO. 5」, 「Ｎｏ．」: a sheet number label, with its number when printed
/// (the shape `^\s*([NＮ][OoＯｏ][.．]?)\s*([0-9０-９]*)\s*$`).
pub fn sheet_number(s: &str) -> Option<(String, String)> {
    let mut p = Scan { s, at: 0 };
    p.skip(char::is_whitespace);
    let label = p.at;
    if !(p.one(|c| "NＮ".contains(c)) && p.one(|c| "OoＯｏ".contains(c))) {
        return None;
    }
    p.one(|c| c == '.' || c == '．');
    let label = s.get(label..p.at)?.to_string();
    p.skip(char::is_whitespace);
    let digits = p.at;
    p.skip(is_digit);
    let number = s.get(digits..p.at)?.to_string();
    p.skip(char::is_whitespace);
    p.done().then_some((label, number))
}

/// Whether a line is a sheet number (「No.」, 「NO. 1」): never a body name.
pub fn is_sheet_number(s: &str) -> bool {
    sheet_number(s).is_some()
}

/// The period printed in a line, if any.
pub fn find_period(s: &str) -> Option<(usize, usize)> {
    period_re().find(s).map(|m| (m.start(), m.end()))
}

/// Whether a line reads as a report title.
pub fn looks_like_title(s: &str) -> bool {
    ["進捗", "状況", "計画", "報告", "評価", "実績"]
        .iter()
        .any(|w| s.contains(w))
        || find_period(s).is_some()
}

/// Whether a text opens a parenthesized note.
pub fn is_note(s: &str) -> bool {
    let t = s.trim_start();
    (t.starts_with('(') || t.starts_with('（')) && !t.starts_with("(※") && !t.starts_with("（※")
}

/// A title line split into its parts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TitleParts {
    /// Title without period and note.
    pub title: String,
    /// The period as printed.
    pub period: Option<String>,
    /// A parenthesized note printed after the title on the same line.
    pub note: Option<String>,
    /// True when the period is part of the title's name (「令和７年６月定例会」:
    /// a word follows the date with no blank), so `title` keeps it.
    pub dated: bool,
}

/// Splits `第3次…進捗状況 R4年10月～R5年2月 (ページ数は…)` into title, period and note.
pub fn split_title(line: &str) -> TitleParts {
    let mut rest = line.trim().to_string();
    let mut note = None;
    if let Some(i) = rest.find(['(', '（'])
        && i > 0
    {
        note = Some(rest[i..].trim().to_string());
        rest.truncate(i);
    }
    let mut period = None;
    let mut dated = false;
    if let Some((a, b)) = find_period(&rest) {
        period = Some(rest[a..b].trim().to_string());
        dated = rest[b..]
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && !"～〜~-－―−ー".contains(c));
        if !dated {
            rest = format!("{} {}", &rest[..a], &rest[b..]);
        }
    }
    let title = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    TitleParts {
        title,
        period,
        note,
        dated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_the_seed_title_line() {
        let p = split_title(
            "第3次障がい者計画等進捗状況 R4年10月～R5年2月 (ページ数は第3次障がい者計画書中の記載箇所)",
        );
        assert_eq!(p.title, "第3次障がい者計画等進捗状況");
        assert_eq!(p.period.as_deref(), Some("R4年10月～R5年2月"));
        assert_eq!(
            p.note.as_deref(),
            Some("(ページ数は第3次障がい者計画書中の記載箇所)")
        );
    }

    #[test]
    fn reads_fiscal_year_periods_and_page_numbers() {
        let p = split_title("令和4年度 こども連絡会 事業報告");
        assert_eq!(p.period.as_deref(), Some("令和4年度"));
        assert_eq!(p.title, "こども連絡会 事業報告");
        let p = split_title("令和７年６月定例会 一般質問一覧");
        assert_eq!(p.title, "令和７年６月定例会 一般質問一覧");
        assert_eq!(p.period.as_deref(), Some("令和７年６月"));
        assert!(p.dated);
        assert!(is_sheet_number("NO. 1") && is_sheet_number("No.") && is_sheet_number("Ｎｏ．"));
        assert!(!is_sheet_number("NOTE"));
        assert!(is_page_number("- 3 -"));
        assert!(is_page_number("2/5"));
        assert!(!is_page_number("第3次"));
        assert!(
            is_page_number("P. 12") && is_page_number("（３頁）") && is_page_number("Ｐ3 / 10")
        );
        assert!(!is_page_number("P.") && !is_page_number("3/") && !is_page_number("3 4"));
        assert_eq!(
            sheet_number(" Ｎｏ． １２ "),
            Some(("Ｎｏ．".to_string(), "１２".to_string()))
        );
        assert_eq!(sheet_number("No"), Some(("No".to_string(), String::new())));
        assert_eq!(sheet_number("No.1a"), None);
    }
}
