//! Evaluation sheets (事務事業評価シート, 取組状況 sheets): one project per
//! sheet, printed as labelled fields, not as a row table.
//!
//! A sheet is recognised by its fields, not by its title: a 事業名 label
//! with the project's name beside it, and a body (所属名, 担当課 …) or a
//! decision (方向性 …) label with a value. [`read_form`] then gives every
//! text of every page a place: a field (`label` → `value`, under the
//! numbered heading it sits below), a choice group (○/●/□/■ options) or
//! the page furniture (page numbers). Nothing is read as a table row.

use super::Warning;
use super::form_atoms::{Atom, Kind, page_atoms};
use super::vocabulary::{DECISION_HEADERS, combine, words_in};
use crate::layout::{DecisionValue, PageLayout};
use serde::{Deserialize, Serialize};

/// One labelled field of a sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// 1-based page.
    pub page: usize,
    /// The numbered heading the field sits under (「(4)事業費等」, 「1 事業概要」).
    pub section: Option<String>,
    /// The label printed beside (or above) the value; empty for free text.
    pub label: String,
    /// The value as printed (soft wraps joined, hard breaks as `\n`).
    pub value: String,
}

/// One group of options of which some are marked (○/● columns, □/■ boxes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    /// 1-based page.
    pub page: usize,
    /// The numbered heading the group sits under.
    pub section: Option<String>,
    /// The label the options belong to (公益性, 関連するSDGｓのゴール).
    pub label: String,
    /// Every option, in reading order, without its box or ring.
    pub options: Vec<String>,
    /// The marked options (● among ○, ■ among □, a ○ in a mark column).
    pub chosen: Vec<String>,
}

/// A sheet's decision, read from its 方向性 field or choice group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormDecision {
    /// The value, as in a record's decision.
    pub value: DecisionValue,
    /// The word(s) as printed (「現状維持」, 「効率化等」).
    pub label: String,
    /// `text` for a typed word, `checkbox` for a marked option.
    pub mark_kind: String,
    /// The decision words found in the label, in reading order.
    pub marked: Vec<String>,
    /// 0..1: 1 for one known word, lower when the words are unknown.
    pub confidence: f64,
    /// 1-based page of the field.
    pub page: usize,
}

/// Everything a sheet gives.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FormContent {
    /// The project's name (事務事業名 / 事業名).
    pub title: Option<String>,
    /// The office in charge (所属名 / 担当課 / 所管局).
    pub body: Option<String>,
    /// The first period printed in the sheet's header lines.
    pub period_raw: Option<String>,
    /// Every field.
    pub fields: Vec<Field>,
    /// Every choice group.
    pub choices: Vec<Choice>,
    /// The decision, when the sheet has a decision field.
    pub decision: Option<FormDecision>,
    /// Problems met (an unknown decision word).
    pub warnings: Vec<Warning>,
}

/// Labels naming the project.
const TITLE_LABELS: &[&str] = &["事務事業名", "事業名", "細事業名", "事業の名称"];

/// Labels naming the office in charge.
const BODY_LABELS: &[&str] = &[
    "所属名",
    "担当課",
    "担当課名",
    "担当部署名",
    "担当部署",
    "担当部局",
    "所管局",
    "所管課",
    "所管部署",
    "課名",
];

/// A label as compared with the lists: blanks and a parenthesized tail
/// (「事業名（令和６年度）」) removed.
pub(crate) fn bare_label(s: &str) -> String {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    match t.find(['（', '(']) {
        Some(i) if i > 0 => t[..i].to_string(),
        _ => t,
    }
}

/// Whether a bare label names the project or its office.
pub(crate) fn is_known_label(bare: &str) -> bool {
    TITLE_LABELS.contains(&bare) || BODY_LABELS.contains(&bare)
}

/// Whether a label names the sheet's decision (方向性, not 方向性の理由).
fn is_decision_label(label: &str) -> bool {
    let t = bare_label(label);
    DECISION_HEADERS.iter().any(|h| t.contains(h)) && !t.contains("理由") && !t.contains("根拠")
}

/// Whether the page layouts are an evaluation sheet: some page prints a
/// 事業名 label with a value beside it, and a body or decision label with one.
pub fn is_form(pages: &[PageLayout]) -> bool {
    // Cheap test first: a page printing no 事業名 is no sheet.
    let names_a_project = |p: &PageLayout| {
        let has = |t: &str| TITLE_LABELS.iter().any(|l| t.contains(l));
        p.furniture.iter().any(|l| has(&l.text))
            || p.tables.iter().flat_map(|t| &t.cells).any(|c| has(&c.text))
    };
    pages.iter().filter(|p| names_a_project(p)).any(|p| {
        let atoms = page_atoms(p);
        let pairs: Vec<(String, &str)> = atoms
            .iter()
            .filter_map(|a| match &a.kind {
                Kind::Label {
                    label,
                    value: Some(v),
                } => atoms.get(*v).map(|v| (bare_label(label), v.text.as_str())),
                _ => None,
            })
            .filter(|(_, v)| !v.trim().is_empty())
            .collect();
        let has = |f: &dyn Fn(&str) -> bool| pairs.iter().any(|(l, _)| f(l));
        has(&|l| TITLE_LABELS.contains(&l))
            && (has(&|l| BODY_LABELS.contains(&l)) || has(&|l| is_decision_label(l)))
    })
}

/// Reads a sheet: fields, choices, decision, title, body.
pub fn read_form(pages: &[PageLayout]) -> FormContent {
    let mut out = FormContent::default();
    let mut carried: Option<String> = None;
    for p in pages {
        for w in &p.warnings {
            out.warnings.push(Warning {
                row: None,
                page: Some(p.page),
                code: "layout".into(),
                message: w.clone(),
            });
        }
        let mut atoms = page_atoms(p);
        // A page that opens without a heading continues the last section
        // of the page before.
        for a in atoms.iter_mut().filter(|a| a.section.is_none()) {
            a.section.clone_from(&carried);
        }
        if let Some(h) = atoms
            .iter()
            .filter(|a| a.kind == Kind::Heading)
            .max_by(|x, y| x.bbox.y0.total_cmp(&y.bbox.y0))
        {
            carried = Some(h.text.trim().to_string());
        }
        for a in &atoms {
            match &a.kind {
                Kind::Label { label, value } => {
                    let v = value
                        .and_then(|i| atoms.get(i))
                        .map(|v| v.text.clone())
                        .unwrap_or_default();
                    push_field(&mut out, p.page, a, label.clone(), v);
                }
                Kind::Free => push_field(&mut out, p.page, a, String::new(), a.text.clone()),
                Kind::Choice { label, options } => out.choices.push(Choice {
                    page: p.page,
                    section: a.section.clone(),
                    label: label.clone(),
                    options: options.iter().map(|(o, _)| o.clone()).collect(),
                    chosen: options
                        .iter()
                        .filter(|(_, c)| *c)
                        .map(|(o, _)| o.clone())
                        .collect(),
                }),
                Kind::Inline { label, value } => {
                    push_field(&mut out, p.page, a, label.clone(), value.clone())
                }
                Kind::Value
                | Kind::Caption
                | Kind::Heading
                | Kind::Option
                | Kind::Marker
                | Kind::PageNumber
                | Kind::Empty => {}
            }
        }
        if out.period_raw.is_none() {
            out.period_raw = atoms.iter().filter(|a| a.furniture).find_map(|a| {
                super::furniture::find_period(&a.text).map(|(s, e)| a.text[s..e].to_string())
            });
        }
    }
    let find = |list: &dyn Fn(&str) -> bool| {
        out.fields
            .iter()
            .find(|f| list(&bare_label(&f.label)) && !f.value.trim().is_empty())
            .and_then(|f| f.value.lines().map(str::trim).find(|l| !l.is_empty()))
            .map(str::to_string)
    };
    // The first line: a name cell may also hold a boxed note (【事業実施期間】).
    out.title = find(&|l| TITLE_LABELS.contains(&l));
    out.body = find(&|l| BODY_LABELS.contains(&l));
    out.decision = decision(&out);
    if let Some(d) = &out.decision
        && d.value == DecisionValue::Unmarked
    {
        out.warnings.push(Warning {
            row: None,
            page: Some(d.page),
            code: "unmarked_decision".into(),
            message: format!(
                "the decision field reads 「{}」, no known decision word",
                d.label
            ),
        });
    }
    out
}

/// A value as one line: a sheet's name cell may wrap.
fn one_line(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Adds a field. A sheet header repeated on a later page is kept there too:
/// it is what that page prints.
fn push_field(out: &mut FormContent, page: usize, a: &Atom, label: String, value: String) {
    out.fields.push(Field {
        page,
        section: a.section.clone(),
        label,
        value,
    });
}

/// The sheet's decision: a choice group under a decision label (its chosen
/// options), else the first decision field that types a known word, else
/// the first decision field at all (unmarked).
fn decision(out: &FormContent) -> Option<FormDecision> {
    let make = |label: &str, kind: &str, page: usize| {
        let words = words_in(label);
        let value = combine(&words);
        let confidence = match value {
            DecisionValue::Unmarked | DecisionValue::Ambiguous => 0.0,
            _ if words.len() == 1 => 1.0,
            _ => 0.9,
        };
        FormDecision {
            value,
            label: label.trim().to_string(),
            mark_kind: kind.into(),
            marked: words.iter().map(|w| w.to_string()).collect(),
            confidence,
            page,
        }
    };
    if let Some(c) = out
        .choices
        .iter()
        .find(|c| is_decision_label(&c.label) && !words_in(&c.options.join(" ")).is_empty())
    {
        return Some(make(&c.chosen.join(" "), "checkbox", c.page));
    }
    let fields: Vec<&Field> = out
        .fields
        .iter()
        .filter(|f| is_decision_label(&f.label) && !f.value.trim().is_empty())
        .collect();
    fields
        .iter()
        .find(|f| !words_in(&f.value).is_empty())
        .or(fields.first())
        .map(|f| make(&one_line(&f.value), "text", f.page))
}
