//! Header roles: which column holds what, recognized by synonyms, never by
//! position alone.

use crate::layout::Table;
use serde::{Deserialize, Serialize};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 目的.
    Purpose,
    /// 方法, 取組内容, 事業名.
    Method,
    /// 頁, ページ.
    Pages,
    /// 実施状況, 実績, 取組状況.
    Status,
    /// 評価, 成果.
    Evaluation,
    /// 終了・継続・変更, 今後の方向性.
    Decision,
    /// 理由・根拠, 課題.
    Reason,
}

/// Synonyms per role, tried in order; the first role with a synonym
/// contained in the header text wins.
const SYNONYMS: [(Role, &[&str]); 7] = [
    // Reason first: "方向性の理由" names the reason, not the decision.
    (Role::Reason, &["理由・根拠", "理由", "根拠", "課題"]),
    (Role::Decision, super::vocabulary::DECISION_HEADERS),
    (Role::Purpose, &["目的", "目標"]),
    (
        Role::Method,
        &["方法", "取組内容", "取り組み内容", "取組み内容", "事業名"],
    ),
    (Role::Pages, &["頁", "ページ"]),
    (
        Role::Status,
        &["実施状況", "取組状況", "取り組み状況", "実績"],
    ),
    (Role::Evaluation, &["評価", "成果"]),
];

/// The role a header text names, if any. Blanks are ignored so that a
/// header wrapped in a narrow column still matches.
pub fn role_of(text: &str) -> Option<Role> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() || t.chars().count() > 30 {
        return None;
    }
    SYNONYMS
        .iter()
        .find(|(_, words)| words.iter().any(|w| t.contains(w)))
        .map(|(r, _)| *r)
}

/// One column group of a header: a header cell and the grid columns under it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeaderColumn {
    /// Header text, blanks collapsed to single spaces (the key in `cells`).
    pub text: String,
    /// The role, when the text names one.
    pub role: Option<Role>,
    /// The decision word a per-option column stands for (終了 | 継続 | …).
    #[serde(skip)]
    pub option: Option<&'static str>,
    /// Left edge on the page.
    pub x0: f64,
    /// Right edge on the page.
    pub x1: f64,
}

/// Whether a character belongs to Japanese script (no space is written
/// between such characters).
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x30FF | 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// A header text as a single-line key: a line break between Japanese
/// characters (a header wrapped by hand in a narrow column) disappears,
/// any other run of blanks becomes one space.
pub fn collapse(s: &str) -> String {
    let lines: Vec<String> = s
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    let mut out = String::new();
    for l in lines {
        let joins = match (out.chars().last(), l.chars().next()) {
            (Some(a), Some(b)) => is_cjk(a) && is_cjk(b),
            _ => true,
        };
        if !out.is_empty() && !joins {
            out.push(' ');
        }
        out.push_str(&l);
    }
    out
}

/// The bottom of a header block starting at `top`: merged header cells
/// reaching further down make it deeper than one row.
fn block_bottom(table: &Table, top: usize) -> usize {
    let mut bottom = top + 1;
    for c in &table.cells {
        if c.row == top {
            bottom = bottom.max(c.row + c.row_span);
        }
    }
    bottom.min(table.rows())
}

/// The header block of a table starting at row `top`: its rows (merged
/// header cells can make it deeper than one row) and its column groups.
pub fn header_at(table: &Table, top: usize) -> Option<(usize, Vec<HeaderColumn>)> {
    if top >= table.rows() {
        return None;
    }
    let bottom = block_bottom(table, top);
    Some((bottom, header_block(table, top, bottom)))
}

/// The header of a table with no known roles: the first row, grown down
/// while a merged cell in its last row is split into labelled sub-columns
/// in the next row (`基本情報` over `施設名 | 郵便番号 | …`).
pub fn generic_header(table: &Table) -> Option<(usize, Vec<HeaderColumn>)> {
    if table.rows() == 0 {
        return None;
    }
    let mut bottom = block_bottom(table, 0);
    while bottom < table.rows() && bottom < 3 {
        let splits = table.cells.iter().any(|c| {
            c.covers(bottom - 1, c.col) && c.row + c.row_span == bottom && c.col_span >= 2 && {
                let below: Vec<usize> = (c.col..c.col + c.col_span)
                    .filter_map(|col| table.cell_index_at(bottom, col))
                    .fold(Vec::new(), |mut v, i| {
                        if !v.contains(&i) {
                            v.push(i);
                        }
                        v
                    });
                below.len() >= 2 && below.iter().all(|&i| !table.cells[i].text.is_empty())
            }
        });
        if !splits {
            break;
        }
        bottom = block_bottom(table, bottom).max(bottom + 1);
    }
    Some((bottom, header_block(table, 0, bottom)))
}

/// Column groups of the header rows `top..bottom`: one per leaf header cell,
/// named by the texts of the cells above it. A caption spanning every
/// column is left out of the names: it says nothing about any one column.
fn header_block(table: &Table, top: usize, bottom: usize) -> Vec<HeaderColumn> {
    let mut groups: Vec<HeaderColumn> = Vec::new();
    let mut last_leaf: Option<usize> = None;
    for col in 0..table.cols() {
        let leaf = table.cell_index_at(bottom - 1, col);
        if leaf.is_some() && leaf == last_leaf {
            if let (Some(g), Some(x)) = (groups.last_mut(), table.xs.get(col + 1)) {
                g.x1 = *x;
            }
            continue;
        }
        last_leaf = leaf;
        let mut parts: Vec<String> = Vec::new();
        let mut seen: Vec<usize> = Vec::new();
        for row in top..bottom {
            if let Some(ci) = table.cell_index_at(row, col)
                && !seen.contains(&ci)
            {
                seen.push(ci);
                let cell = &table.cells[ci];
                let caption = cell.col_span == table.cols() && cell.row + cell.row_span < bottom;
                let t = collapse(&cell.text);
                if !t.is_empty() && !caption {
                    parts.push(t);
                }
            }
        }
        let text = parts.join(" ");
        // The most specific (lowest) part names the role; fall back on the whole.
        let role = parts.iter().rev().find_map(|p| role_of(p));
        groups.push(HeaderColumn {
            role,
            option: None,
            text,
            x0: table.xs.get(col).copied().unwrap_or(0.0),
            x1: table.xs.get(col + 1).copied().unwrap_or(0.0),
        });
    }
    groups
}

/// Number of distinct roles among the columns.
pub fn role_count(cols: &[HeaderColumn]) -> usize {
    let mut roles: Vec<Role> = cols.iter().filter_map(|c| c.role).collect();
    roles.sort_by_key(|r| *r as u8);
    roles.dedup();
    roles.len()
}

/// Finds a report header (at least two known roles) in the first rows of a
/// table; returns the first data row and the column groups.
pub fn find_report_header(table: &Table) -> Option<(usize, usize, Vec<HeaderColumn>)> {
    (0..table.rows().min(3))
        .filter_map(|top| header_at(table, top).map(|(bottom, cols)| (top, bottom, cols)))
        .find(|(_, _, cols)| role_count(cols) >= 2)
}

/// Gives the decision role to a column that has none by its content: when
/// most data rows print the choices (three or more decision words),
/// whatever its header says.
pub fn detect_decision_by_content(
    table: &Table,
    start: usize,
    columns: &[Vec<usize>],
    header: &mut [HeaderColumn],
) {
    if header.iter().any(|h| h.role == Some(Role::Decision)) {
        return;
    }
    let rows = table.rows().saturating_sub(start);
    if rows == 0 {
        return;
    }
    for (gi, cols) in columns.iter().enumerate() {
        if header.get(gi).is_none_or(|h| h.role.is_some()) {
            continue;
        }
        let printing = (start..table.rows())
            .filter(|&r| {
                let text: String = cols
                    .iter()
                    .filter_map(|&c| table.cell_at(r, c))
                    .map(|c| c.text.as_str())
                    .collect();
                let mut words = super::vocabulary::words_in(&text);
                words.sort_unstable();
                words.dedup();
                words.len() >= 3
            })
            .count();
        if printing * 2 > rows {
            if let Some(h) = header.get_mut(gi) {
                h.role = Some(Role::Decision);
            }
            return;
        }
    }
}

/// Keeps only the first column of each role, so a role names one field.
pub fn dedupe_roles(cols: &mut [HeaderColumn]) {
    // 課題 (issues) names the reason column only when nothing else does; a
    // table that also has 方向性の理由 / 理由・根拠 and no 評価 uses 課題 for
    // what the year showed, i.e. the evaluation.
    let reasons = cols.iter().filter(|c| c.role == Some(Role::Reason)).count();
    let has_evaluation = cols.iter().any(|c| c.role == Some(Role::Evaluation));
    if reasons > 1 && !has_evaluation {
        let only_kadai = |c: &HeaderColumn| {
            let t = collapse(&c.text);
            t.contains("課題") && !t.contains("理由") && !t.contains("根拠")
        };
        if let Some(c) = cols
            .iter_mut()
            .find(|c| c.role == Some(Role::Reason) && only_kadai(c))
        {
            c.role = Some(Role::Evaluation);
        }
    }
    let mut seen: Vec<Role> = Vec::new();
    for c in cols.iter_mut() {
        if let Some(r) = c.role {
            if seen.contains(&r) {
                c.role = None;
            } else {
                seen.push(r);
            }
        }
    }
}

/// The grid columns of `table` that fall under each header column (by the
/// column's centre), so a table continued without its header maps onto
/// the header of an earlier page.
pub fn map_columns(table: &Table, header: &[HeaderColumn]) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); header.len()];
    for col in 0..table.cols() {
        let (a, b) = (table.xs[col], table.xs[col + 1]);
        let cx = (a + b) / 2.0;
        let best = header
            .iter()
            .enumerate()
            .filter(|(_, h)| cx >= h.x0 - 1.0 && cx <= h.x1 + 1.0)
            .map(|(i, _)| i)
            .next()
            .or_else(|| {
                // No header column holds the centre: take the largest overlap.
                header
                    .iter()
                    .enumerate()
                    .map(|(i, h)| (i, b.min(h.x1) - a.max(h.x0)))
                    .filter(|(_, o)| *o > 0.0)
                    .max_by(|x, y| x.1.total_cmp(&y.1))
                    .map(|(i, _)| i)
            });
        if let Some(i) = best {
            out[i].push(col);
        }
    }
    out
}

/// Whether a table can continue a table with the given header: their
/// horizontal extents agree.
pub fn continues(table: &Table, header: &[HeaderColumn]) -> bool {
    let (Some(first), Some(last)) = (header.first(), header.last()) else {
        return false;
    };
    let (hx0, hx1) = (first.x0, last.x1);
    let overlap = table.bbox.x1.min(hx1) - table.bbox.x0.max(hx0);
    let span = (hx1 - hx0).max(table.bbox.width());
    span > 0.0 && overlap / span > 0.9
}

/// Whether `cols`, a report header found on a later page, is `prev` (the
/// report's header) read with a few characters wrong, as OCR reads a
/// repeated header: as many columns, no role that contradicts `prev`'s,
/// and each text within a quarter of its characters (at least one) of
/// `prev`'s, blanks ignored. Equal headers are not misreadings.
pub fn misread_of(prev: &[HeaderColumn], cols: &[HeaderColumn]) -> bool {
    if prev.len() != cols.len() || prev.iter().zip(cols).all(|(p, c)| p.text == c.text) {
        return false;
    }
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    prev.iter().zip(cols).all(|(p, c)| {
        let (a, b) = (squash(&p.text), squash(&c.text));
        if a == b {
            return true;
        }
        let allowed = (a.chars().count().max(b.chars().count()) / 4).max(1);
        c.role.is_none_or(|r| p.role == Some(r)) && strsim::levenshtein(&a, &b) <= allowed
    })
}

#[cfg(test)]
mod misread_tests {
    use super::*;

    fn col(text: &str, role: Option<Role>) -> HeaderColumn {
        HeaderColumn {
            text: text.into(),
            role,
            option: None,
            x0: 0.0,
            x1: 1.0,
        }
    }

    #[test]
    fn an_ocr_misreading_of_the_repeated_header_is_the_same_header() {
        let prev = [
            col("目的", Some(Role::Purpose)),
            col("今後の方向性(※)", Some(Role::Decision)),
        ];
        // ※ lost and the closing parenthesis read full width
        let page2 = [
            col("目的", Some(Role::Purpose)),
            col("今後の方向性(）", Some(Role::Decision)),
        ];
        assert!(misread_of(&prev, &page2));
        // blanks alone
        let spaced = [
            col("目 的", None),
            col("今後の方向性(※)", Some(Role::Decision)),
        ];
        assert!(misread_of(&prev, &spaced));
    }

    #[test]
    fn another_header_is_not_a_misreading() {
        let prev = [
            col("目的", Some(Role::Purpose)),
            col("評価", Some(Role::Evaluation)),
        ];
        assert!(!misread_of(&prev, &prev.clone()), "equal");
        let other = [
            col("目的", Some(Role::Purpose)),
            col("理由", Some(Role::Reason)),
        ];
        assert!(!misread_of(&prev, &other), "another role");
        let longer = [col("目的", None), col("評価", None), col("備考", None)];
        assert!(!misread_of(&prev, &longer), "another width");
        let far = [
            col("目的", Some(Role::Purpose)),
            col("事業の評価と課題", None),
        ];
        assert!(!misread_of(&prev, &far), "too many characters apart");
    }
}
