//! A sheet page as atoms (each ruled cell and each furniture line), each
//! given one part: label, value, heading, choice group, option, mark, page
//! number or free text. The form reader turns the parts into fields and
//! choices; because every atom gets a part, no text is lost.

use super::furniture::{is_page_number, sheet_number};
use crate::layout::PageLayout;
use crate::pdf::model::Rect;
use regex::Regex;
use std::sync::OnceLock;

/// The part an atom plays.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// A label (with the captions of its group, 「総合計画の体系 施策の柱」);
    /// `value` is the atom printed beside it (possibly empty).
    Label { label: String, value: Option<usize> },
    /// Label and value printed as one text (「NO. 5」).
    Inline { label: String, value: String },
    /// The value of a label.
    Value,
    /// A label of a choice group (folded into the group's label).
    Caption,
    /// Text with no label of its own (a paragraph under a heading).
    Free,
    /// A numbered heading (「(4)事業費等」, 「1 事業概要」).
    Heading,
    /// A choice group; the options with whether each is marked.
    Choice {
        label: String,
        options: Vec<(String, bool)>,
    },
    /// An option of a choice group printed in its own cell.
    Option,
    /// The mark cell in front of an option (empty or ○).
    Marker,
    /// A page number.
    PageNumber,
    /// An empty cell.
    Empty,
}

/// One cell or furniture line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Atom {
    /// The text as the layout stage read it.
    pub text: String,
    /// Its box.
    pub bbox: Rect,
    /// True for a furniture line (outside every ruled table).
    pub furniture: bool,
    /// Table index and cell index, for a cell.
    pub cell: Option<(usize, usize)>,
    /// The numbered heading it sits under.
    pub section: Option<String>,
    /// Its part.
    pub kind: Kind,
}

/// Glyphs that mark an option, filled (chosen) or not.
const FILLED: &[char] = &['■', '☑', '☒', '●', '◉', '◎', '✓', '✔'];
const HOLLOW: &[char] = &['□', '☐', '○', '◯', '〇'];

/// Whether a text is only a mark glyph (or nothing): a mark column's cell.
fn is_mark_text(s: &str) -> bool {
    let t = s.trim();
    t.is_empty()
        || (t.chars().count() == 1
            && t.chars()
                .all(|c| FILLED.contains(&c) || HOLLOW.contains(&c)))
}

/// Whether a text reads as a label: short, not a sentence, not a number.
pub(crate) fn label_like(s: &str) -> bool {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let n = t.chars().count();
    n > 0
        && n <= 40
        && !t.contains('。')
        && t.chars().any(|c| c.is_alphabetic())
        && !t.starts_with(|c: char| FILLED.contains(&c) || HOLLOW.contains(&c))
}

/// A numbered heading: 「（４）…」, 「１ …」, 「⑴ …」.
fn is_heading(s: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^\s*(?:[（(][0-9０-９]{1,2}[）)]|[0-9０-９]{1,2}[\s\u{3000}．.、]|[⑴-⒇])\s*[^\s0-9０-９.．,，]")
            .unwrap_or_else(|_| Regex::new("$^").expect("static regex"))
    });
    !s.contains('\n') && s.chars().count() <= 40 && re.is_match(s)
}

/// Splits a text printed with option boxes (「■ より多く…\n□ 特定の…」,
/// 「■終了 □継続」) into its options; `None` unless two or more.
fn inline_options(s: &str) -> Option<Vec<(String, bool)>> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut lead = String::new();
    for c in s.chars() {
        let filled = FILLED.contains(&c);
        if filled || HOLLOW.contains(&c) {
            out.push((String::new(), filled));
        } else if let Some(last) = out.last_mut() {
            last.0.push(c);
        } else {
            lead.push(c);
        }
    }
    if out.len() < 2 || !lead.trim().is_empty() {
        return None;
    }
    // 「□継続（□同じ □変更）」: the brackets around nested options go.
    let clean = |o: &str| {
        let mut t = o.trim_matches(|c: char| c.is_whitespace() || "、,，".contains(c));
        t = t.trim_end_matches(['（', '(']).trim_end();
        if !t.contains(['（', '(']) {
            t = t.trim_end_matches(['）', ')']).trim_end();
        }
        t.to_string()
    };
    let opts: Vec<(String, bool)> = out.into_iter().map(|(o, f)| (clean(&o), f)).collect();
    opts.iter().all(|(o, _)| !o.is_empty()).then_some(opts)
}

/// The atoms of one page, each with its part and section.
pub(crate) fn page_atoms(page: &PageLayout) -> Vec<Atom> {
    let mut atoms: Vec<Atom> = Vec::new();
    // cell_atom[ti][ci] = index into atoms
    let mut cell_atom: Vec<Vec<usize>> = Vec::new();
    for (ti, t) in page.tables.iter().enumerate() {
        let mut idx = Vec::with_capacity(t.cells.len());
        for (ci, c) in t.cells.iter().enumerate() {
            idx.push(atoms.len());
            atoms.push(Atom {
                text: c.text.clone(),
                bbox: c.bbox,
                furniture: false,
                cell: Some((ti, ci)),
                section: None,
                kind: if c.text.trim().is_empty() {
                    Kind::Empty
                } else {
                    Kind::Free
                },
            });
        }
        cell_atom.push(idx);
    }
    for l in &page.furniture {
        atoms.push(Atom {
            text: l.text.clone(),
            bbox: l.bbox,
            furniture: true,
            cell: None,
            section: None,
            kind: Kind::Free,
        });
    }
    let at = |ti: usize, row: usize, col: usize| -> Option<usize> {
        let t = page.tables.get(ti)?;
        let ci = t.cell_index_at(row, col)?;
        cell_atom.get(ti)?.get(ci).copied()
    };
    // The atom right of a cell atom, in the same grid row.
    let right_of = |a: &Atom| -> Option<usize> {
        let (ti, ci) = a.cell?;
        let c = page.tables.get(ti)?.cells.get(ci)?;
        at(ti, c.row, c.col + c.col_span)
    };
    // Cells left of a cell atom in its grid row, nearest first.
    let left_of = |a: &Atom| -> Vec<usize> {
        let Some((ti, ci)) = a.cell else {
            return Vec::new();
        };
        let Some(c) = page.tables.get(ti).and_then(|t| t.cells.get(ci)) else {
            return Vec::new();
        };
        let mut v: Vec<usize> = Vec::new();
        for col in (0..c.col).rev() {
            if let Some(i) = at(ti, c.row, col)
                && !v.contains(&i)
            {
                v.push(i);
            }
        }
        v
    };

    mark_columns(&mut atoms, &right_of, &left_of);

    // Options printed with their boxes in one cell or line.
    for i in 0..atoms.len() {
        if atoms[i].kind != Kind::Free {
            continue;
        }
        let Some(options) = inline_options(&atoms[i].text) else {
            continue;
        };
        let mut caps: Vec<usize> = left_of(&atoms[i])
            .into_iter()
            .take_while(|&j| {
                matches!(atoms[j].kind, Kind::Free | Kind::Caption) && label_like(&atoms[j].text)
            })
            .collect();
        caps.reverse();
        let label = caps
            .iter()
            .map(|&j| super::header::collapse(&atoms[j].text))
            .collect::<Vec<_>>()
            .join(" ");
        for j in caps {
            atoms[j].kind = Kind::Caption;
        }
        atoms[i].kind = Kind::Choice { label, options };
    }

    for a in atoms.iter_mut().filter(|a| a.kind == Kind::Free) {
        if is_heading(&a.text) {
            a.kind = Kind::Heading;
        } else if a.furniture && is_page_number(&a.text) && sheet_number(&a.text).is_none() {
            a.kind = Kind::PageNumber;
        }
    }

    // Sheet numbers: 「NO. 5」 in one line, or 「Ｎｏ．」 over its number.
    for i in 0..atoms.len() {
        if atoms[i].kind != Kind::Free || !atoms[i].furniture {
            continue;
        }
        let Some((label, value)) = sheet_number(&atoms[i].text) else {
            continue;
        };
        if !value.is_empty() {
            atoms[i].kind = Kind::Inline { label, value };
            continue;
        }
        let b = atoms[i].bbox;
        let below = (0..atoms.len()).find(|&j| {
            let o = &atoms[j];
            j != i
                && o.furniture
                && matches!(o.kind, Kind::Free | Kind::PageNumber)
                && o.bbox.y0 >= b.y1 - 1.0
                && o.bbox.y0 - b.y1 < 2.0 * b.height().max(8.0)
                && o.bbox.x0 < b.x1 + 10.0
                && o.bbox.x1 > b.x0 - 10.0
        });
        atoms[i].kind = Kind::Label {
            label: atoms[i].text.clone(),
            value: below,
        };
        if let Some(j) = below {
            atoms[j].kind = Kind::Value;
        }
    }

    // Label → value pairs in the grid, row by row, left to right. A label
    // cell spanning more rows than the label beside it is that group's
    // caption (総合計画の体系 over 施策の柱 | 施策名称) and names each pair.
    let is_free_label = |a: &Atom| a.kind == Kind::Free && !a.furniture && label_like(&a.text);
    let rows_of = |a: &Atom| {
        a.cell
            .and_then(|(ti, ci)| page.tables.get(ti)?.cells.get(ci))
            .map_or(1, |c| c.row_span)
    };
    for i in 0..atoms.len() {
        if !is_free_label(&atoms[i]) {
            continue;
        }
        let Some(r) = right_of(&atoms[i]) else {
            continue;
        };
        let sub_pair = is_free_label(&atoms[r])
            && rows_of(&atoms[i]) > rows_of(&atoms[r])
            && right_of(&atoms[r])
                .is_some_and(|rr| matches!(atoms[rr].kind, Kind::Free | Kind::Empty));
        if sub_pair {
            atoms[i].kind = Kind::Caption;
            continue;
        }
        if matches!(atoms[r].kind, Kind::Free | Kind::Empty) {
            let mut names: Vec<String> = left_of(&atoms[i])
                .into_iter()
                .take_while(|&j| atoms[j].kind == Kind::Caption)
                .map(|j| super::header::collapse(&atoms[j].text))
                .collect();
            names.reverse();
            names.push(atoms[i].text.clone());
            atoms[i].kind = Kind::Label {
                label: names.join(" "),
                value: Some(r),
            };
            atoms[r].kind = Kind::Value;
        }
    }
    // Label → value pairs among furniture lines on one baseline.
    for i in 0..atoms.len() {
        if atoms[i].kind != Kind::Free || !atoms[i].furniture {
            continue;
        }
        let bare = super::form::bare_label(&atoms[i].text);
        if !super::form::is_known_label(&bare) {
            continue;
        }
        let b = atoms[i].bbox;
        let right = (0..atoms.len())
            .filter(|&j| {
                let o = &atoms[j];
                j != i
                    && o.furniture
                    && o.kind == Kind::Free
                    && o.bbox.x0 >= b.x1 - 1.0
                    && o.bbox.x0 - b.x1 < 200.0
                    && o.bbox.y1.min(b.y1) - o.bbox.y0.max(b.y0)
                        > 0.5 * b.height().min(o.bbox.height())
            })
            .min_by(|&x, &y| atoms[x].bbox.x0.total_cmp(&atoms[y].bbox.x0));
        if let Some(j) = right {
            atoms[i].kind = Kind::Label {
                label: atoms[i].text.clone(),
                value: Some(j),
            };
            atoms[j].kind = Kind::Value;
        }
    }
    assign_sections(&mut atoms);
    atoms
}

/// Mark columns: a narrow cell, empty or holding one ○, in front of an
/// option's cell; the options sharing a label cell to their left form one
/// group, the ones with a ○ chosen.
fn mark_columns(
    atoms: &mut [Atom],
    right_of: &dyn Fn(&Atom) -> Option<usize>,
    left_of: &dyn Fn(&Atom) -> Vec<usize>,
) {
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (i, a) in atoms.iter().enumerate() {
        if a.furniture || !is_mark_text(&a.text) || a.bbox.width() > 24.0 || a.bbox.height() > 40.0
        {
            continue;
        }
        if let Some(r) = right_of(a)
            && let Some(o) = atoms.get(r)
            && !is_mark_text(&o.text)
        {
            pairs.push((i, r));
        }
    }
    let used = |j: usize| pairs.iter().any(|&(m, o)| m == j || o == j);
    // (label atom, [(marker, option)])
    let mut groups: Vec<(usize, Vec<(usize, usize)>)> = Vec::new();
    for &(m, o) in &pairs {
        let Some(label) = left_of(&atoms[m]).into_iter().find(|&j| !used(j)) else {
            continue;
        };
        if !label_like(&atoms[label].text) {
            continue;
        }
        match groups.iter_mut().find(|(l, _)| *l == label) {
            Some((_, v)) => v.push((m, o)),
            None => groups.push((label, vec![(m, o)])),
        }
    }
    for (label, mut members) in groups {
        if members.len() < 2 {
            continue;
        }
        // Options read down each column, columns left to right.
        members.sort_by(|a, b| {
            let (x, y) = (&atoms[a.1].bbox, &atoms[b.1].bbox);
            x.x0.total_cmp(&y.x0).then(x.y0.total_cmp(&y.y0))
        });
        let options = members
            .iter()
            .map(|&(m, o)| {
                (
                    super::header::collapse(&atoms[o].text),
                    !atoms[m].text.trim().is_empty(),
                )
            })
            .collect();
        for &(m, o) in &members {
            atoms[m].kind = Kind::Marker;
            atoms[o].kind = Kind::Option;
        }
        // A label cell spanning the group labels to its left (「行財政改革
        // などに向けて…」 over two 視点 groups) is part of each label.
        let mut names: Vec<String> = left_of(&atoms[label])
            .into_iter()
            .take_while(|&j| {
                matches!(atoms[j].kind, Kind::Free | Kind::Caption) && label_like(&atoms[j].text)
            })
            .map(|j| super::header::collapse(&atoms[j].text))
            .collect();
        for j in left_of(&atoms[label]).into_iter().take(names.len()) {
            atoms[j].kind = Kind::Caption;
        }
        names.reverse();
        names.push(super::header::collapse(&atoms[label].text));
        atoms[label].kind = Kind::Choice {
            label: names.join(" "),
            options,
        };
    }
}

/// Gives each atom the heading it sits under: the lowest heading above it
/// that starts left of it (of two side by side, the nearer one); a page
/// that opens without a heading continues the previous page's last one
/// (filled in by the caller through `section` being `None`).
fn assign_sections(atoms: &mut [Atom]) {
    let heads: Vec<(Rect, String)> = atoms
        .iter()
        .filter(|a| a.kind == Kind::Heading)
        .map(|a| (a.bbox, a.text.trim().to_string()))
        .collect();
    for a in atoms.iter_mut() {
        let mut best: Option<&(Rect, String)> = None;
        for h in &heads {
            if h.0 == a.bbox || h.0.y0 > a.bbox.y0 + 2.0 || h.0.x0 > a.bbox.x0 + 8.0 {
                continue;
            }
            best = match best {
                None => Some(h),
                Some(b) if h.0.y0 > b.0.y0 + 3.0 => Some(h),
                Some(b) if (h.0.y0 - b.0.y0).abs() <= 3.0 && h.0.x0 > b.0.x0 => Some(h),
                keep => keep,
            };
        }
        a.section = best.map(|h| h.1.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_split_into_options_tied_to_their_marks() {
        assert_eq!(
            inline_options("■ より多くの市民（共同消費性）\n□ 特定の個人（個人消費性）"),
            Some(vec![
                ("より多くの市民（共同消費性）".to_string(), true),
                ("特定の個人（個人消費性）".to_string(), false),
            ])
        );
        assert_eq!(
            inline_options("■終了　□継続（□同じ　□変更）"),
            Some(vec![
                ("終了".to_string(), true),
                ("継続".to_string(), false),
                ("同じ".to_string(), false),
                ("変更".to_string(), false),
            ])
        );
        assert_eq!(inline_options("関連するSDGｓのゴール ※ １つ以上に○"), None);
    }

    #[test]
    fn numbered_headings_and_sheet_numbers() {
        assert!(is_heading("（４）事業費等(千円単位。千円未満は四捨五入)"));
        assert!(is_heading("１\u{3000}事業概要（令和６年度）"));
        assert!(!is_heading("13.1"));
        assert!(!is_heading("12,768"));
        assert_eq!(sheet_number("NO. 5"), Some(("NO.".into(), "5".into())));
        assert_eq!(
            sheet_number("Ｎｏ．"),
            Some(("Ｎｏ．".into(), String::new()))
        );
        assert_eq!(sheet_number("NOTE"), None);
    }
}
