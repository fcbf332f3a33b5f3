//! Rows → report records (issue 4).
//!
//! [`build`] reads the page layouts of one document: it finds the report
//! table by its header roles (or takes any ruled table in table mode), or reads an evaluation sheet as a form ([`form`]),
//! follows it across pages, turns each leaf row into a [`RawRecord`] with
//! raw text per field, reads the decision marks, and collects the page
//! furniture (body, title, period, note, footnote). Nothing is parsed here:
//! dates, counts and page numbers are the normalize stage's work.
//!
//! Mapping to CONTRACT.md: `RawReport.{body, title}` are the report's;
//! `period_raw` is `period.raw`; each [`RawRecord`] gives `page`, `row`,
//! `purpose`, `method`, `status`, `evaluation`, `reason`, `cells` as they
//! are; `pages` is the 頁 text that normalize turns into `plan_pages`;
//! `decision` is the contract's object (`None` only when the table has no
//! decision column); `events`, `counts` and `participants_total` come from
//! normalize. `warnings` use the contract's shape.

pub mod decision;
pub mod form;
mod form_atoms;
pub mod frame;
pub mod furniture;
pub mod header;
mod page_lines;
pub mod place;
mod records;
pub mod vocabulary;

pub use form::{Choice, Field, FormDecision};
pub use header::{HeaderColumn, Role};

use crate::layout::{Decision, PageLayout, Settings, TextLine};
use crate::pdf::model::Rect;
use crate::{Error, ErrorCode};
use page_lines::{FurnitureReader, PageFurniture};
use records::{fill_record, has_options, option_columns, row_cells, row_decision, row_marks};
use serde::{Deserialize, Serialize};

/// What kind of document it is, and so how it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// A row table whose header names the report roles (目的, 方法 …).
    Report,
    /// A ruled table with unknown roles: rows carry `cells` keyed by header
    /// text (a role guessed from one header word gives a `roles_guessed`
    /// warning). Reports written before the rename say `generic`.
    #[serde(alias = "generic")]
    Table,
    /// A sheet of labelled fields, one project per sheet: `fields`,
    /// `choices` and a top-level `decision`, no records.
    Form,
}

/// A non-fatal problem, as CONTRACT.md `warnings` lists them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    /// 1-based page, when the problem is on one page.
    pub page: Option<usize>,
    /// 1-based row among the page's records, when the problem is one row's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// Stable code: `unmarked_decision`, `ambiguous_mark`, `unassigned_text`,
    /// `row_split`, `layout`.
    pub code: String,
    /// What happened, for people.
    pub message: String,
}

/// One table row (a leaf row of the grid) with raw text per field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RawRecord {
    /// 1-based page where the row starts.
    pub page: usize,
    /// 1-based row number among the page's records.
    pub row: usize,
    /// 目的 (inherited from the row above when its cell is merged or
    /// continues from the previous page).
    pub purpose: Option<String>,
    /// 方法 (inherited along with the purpose).
    pub method: Option<String>,
    /// 頁 cell text, unparsed (`P. 38 P. 40`).
    pub pages: Option<String>,
    /// 実施状況.
    pub status: Option<String>,
    /// 評価.
    pub evaluation: Option<String>,
    /// 理由・根拠.
    pub reason: Option<String>,
    /// The decision, when the table has a decision column.
    pub decision: Option<Decision>,
    /// Every cell of the row by header text, named columns included.
    pub cells: serde_json::Map<String, serde_json::Value>,
    /// Where the row was read on the page(s), for the review.
    #[serde(default)]
    pub places: Vec<place::RowPlace>,
}

/// Everything the report stage reads from one document, as raw text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawReport {
    /// Body name printed above the title (`こども連絡会`).
    pub body: Option<String>,
    /// Title without period and note (`第3次障がい者計画等進捗状況`).
    pub title: Option<String>,
    /// The whole title line as printed.
    pub title_line: Option<String>,
    /// The period as printed (`R4年10月～R5年2月`).
    pub period_raw: Option<String>,
    /// The note, e.g. `(ページ数は第3次障がい者計画書中の記載箇所)`.
    pub note: Option<String>,
    /// Text below the table (`(※) 次年度も…`), lines joined by `\n`.
    pub footnote: Option<String>,
    /// Report mode when any table has a report header, form for an
    /// evaluation sheet, else table.
    pub mode: Mode,
    /// Header of the first report table (or of the first table), with roles.
    pub header: Vec<HeaderColumn>,
    /// The records in page and row order.
    pub records: Vec<RawRecord>,
    /// Unmarked or ambiguous decisions, unassigned text, joined rows.
    pub warnings: Vec<Warning>,
    /// A form's labelled fields (empty for tables).
    pub fields: Vec<Field>,
    /// A form's choice groups (empty for tables).
    pub choices: Vec<Choice>,
    /// A form's decision, from its 方向性 field.
    pub decision: Option<FormDecision>,
}

/// [`build_with`] under the default settings.
pub fn build(pages: &[PageLayout]) -> Result<RawReport, Error> {
    build_with(pages, &Settings::default())
}

/// Per-record state needed to join a row split by a page break.
struct RowState {
    texts: Vec<String>,
    options: bool,
}

/// The logical table being followed across pages.
struct Logical {
    header: Vec<HeaderColumn>,
    mode: Mode,
}

/// A cell of a table that is not a record table, seen as a furniture line.
fn cell_as_line(text: &str, bbox: Rect) -> TextLine {
    TextLine {
        text: text.to_string(),
        bbox,
        size: 0.0,
        vertical: false,
        soft_wrap: false,
        glyphs: Vec::new(),
    }
}

/// How many page layouts [`Builder`] keeps in case the document is an
/// evaluation sheet (read as a whole); sheets are a page or two long.
const FORM_PAGES_KEPT: usize = 16;

/// [`build_with`] one page at a time, for documents too long to hold all
/// their layouts: each page is read into records when it is pushed and can
/// be dropped. Gives the same raw report as [`build_with`] over all pages.
pub struct Builder {
    settings: Settings,
    tables: TableReader,
    /// The first pages, while there are at most [`FORM_PAGES_KEPT`].
    kept: Option<Vec<PageLayout>>,
    /// Some page is an evaluation sheet's: the document is read as a form.
    form: bool,
}

impl Builder {
    /// A builder under `settings`, before the first page.
    pub fn new(settings: Settings) -> Builder {
        Builder {
            settings,
            tables: TableReader::default(),
            kept: Some(Vec::new()),
            form: false,
        }
    }

    /// Reads the next page (pages come in page order).
    pub fn push(&mut self, page: PageLayout) {
        if !self.form && form::is_form(std::slice::from_ref(&page)) {
            self.form = true;
        }
        // A form's records are never read: its tables are its fields.
        if !self.form {
            self.tables.push(&page, &self.settings);
        }
        if self
            .kept
            .as_ref()
            .is_some_and(|k| k.len() >= FORM_PAGES_KEPT)
        {
            self.kept = None;
        }
        if let Some(kept) = self.kept.as_mut() {
            kept.push(page);
        }
    }

    /// The records no later page can change any more (all but the last,
    /// which a row split by the next page break would continue), taken out
    /// so that a long document need not hold them: [`Builder::finish`]
    /// then gives only the rest. Nothing once the document is a form, whose
    /// records are never read.
    pub fn take_settled(&mut self) -> Vec<RawRecord> {
        let records = &mut self.tables.report.records;
        if self.form || records.len() < 2 {
            return Vec::new();
        }
        let keep = records.split_off(records.len() - 1);
        self.tables.taken += records.len();
        std::mem::replace(records, keep)
    }

    /// The raw report of the pages pushed, as [`build_with`] gives it;
    /// `None` for a form longer than the pages kept, which the caller
    /// reads again with [`build_with`] over all its layouts.
    pub fn finish(self) -> Option<Result<RawReport, Error>> {
        if self.form {
            return self.kept.map(|pages| Ok(form_report(&pages)));
        }
        Some(self.tables.finish())
    }
}

/// Turns page layouts into the raw report; `no_table` when no page holds a
/// ruled table (two columns or more) with a header and a filled row.
pub fn build_with(pages: &[PageLayout], settings: &Settings) -> Result<RawReport, Error> {
    if form::is_form(pages) {
        return Ok(form_report(pages));
    }
    let mut tables = TableReader::default();
    for page in pages {
        tables.push(page, settings);
    }
    tables.finish()
}

/// The raw report of an evaluation sheet.
fn form_report(pages: &[PageLayout]) -> RawReport {
    let f = form::read_form(pages);
    RawReport {
        mode: Mode::Form,
        title: f.title,
        body: f.body,
        period_raw: f.period_raw,
        fields: f.fields,
        choices: f.choices,
        decision: f.decision,
        warnings: f.warnings,
        ..RawReport::empty()
    }
}

impl RawReport {
    /// Nothing read yet: table mode, no header, no records.
    fn empty() -> RawReport {
        RawReport {
            body: None,
            title: None,
            title_line: None,
            period_raw: None,
            note: None,
            footnote: None,
            mode: Mode::Table,
            header: Vec::new(),
            records: Vec::new(),
            warnings: Vec::new(),
            fields: Vec::new(),
            choices: Vec::new(),
            decision: None,
        }
    }
}

/// Reads the record tables page by page, keeping of the pages read only
/// what a later page or the end still needs: the records, the last row
/// (a row cut by the page break continues it), the logical table being
/// followed, and the furniture not yet known to be a field.
struct TableReader {
    report: RawReport,
    /// The last record's texts and whether it printed the options.
    state: Option<RowState>,
    logical: Option<Logical>,
    furniture: FurnitureReader,
    /// Records handed out by [`Builder::take_settled`].
    taken: usize,
}

impl Default for TableReader {
    fn default() -> Self {
        TableReader {
            report: RawReport::empty(),
            state: None,
            logical: None,
            furniture: FurnitureReader::default(),
            taken: 0,
        }
    }
}

impl TableReader {
    /// Reads one page's tables into records and its furniture.
    fn push(&mut self, page: &PageLayout, settings: &Settings) {
        let TableReader {
            report,
            state,
            logical,
            furniture: page_lines,
            ..
        } = self;
        for w in &page.warnings {
            report.warnings.push(Warning {
                row: None,
                page: Some(page.page),
                code: "layout".into(),
                message: w.clone(),
            });
        }
        let mut furniture: Vec<TextLine> = page.furniture.clone();
        // Cells of a table that gives no records: never a title or footnote.
        let mut foreign: Vec<TextLine> = Vec::new();
        let mut record_boxes: Vec<Rect> = Vec::new();
        let mut row_no = 0;
        let mut first_on_page = true;
        for (ti, table) in page.tables.iter().enumerate() {
            let found = header::find_report_header(table);
            // Rows above a report header inside the grid (a title row) are
            // furniture, not records.
            let mut top_y = table.bbox.y0;
            if let Some((top, _, _)) = found.as_ref().filter(|(top, _, _)| *top > 0) {
                top_y = table.ys.get(*top).copied().unwrap_or(top_y);
                for c in table
                    .cells
                    .iter()
                    .filter(|c| c.row < *top && !c.text.is_empty())
                {
                    furniture.push(cell_as_line(&c.text, c.bbox));
                }
            }
            let (start, mut header, mode, fresh) = if let Some((_, start, mut cols)) = found {
                header::dedupe_roles(&mut cols);
                let same = logical.as_ref().is_some_and(|l| {
                    l.header
                        .iter()
                        .map(|h| &h.text)
                        .eq(cols.iter().map(|h| &h.text))
                });
                // A repeated header read with a few characters wrong (OCR)
                // is the report's header: its rows keep the report's keys
                // and continue its rows; the text as read goes in a warning.
                let misread = logical
                    .as_ref()
                    .filter(|l| header::misread_of(&l.header, &cols));
                if let Some(l) = misread {
                    for (c, p) in cols.iter_mut().zip(&l.header) {
                        if c.text != p.text {
                            report.warnings.push(Warning {
                                row: None,
                                page: Some(page.page),
                                code: "header_misread".into(),
                                message: format!(
                                    "the repeated header reads 「{}」 where the report's reads 「{}」; its column is keyed by the report's",
                                    c.text, p.text
                                ),
                            });
                            c.text = p.text.clone();
                        }
                        c.role = c.role.or(p.role);
                    }
                }
                (start, cols, Mode::Report, !(same || misread.is_some()))
            } else if let Some(l) = logical.as_ref().filter(|l| {
                // A report continues at the top of a page, not in a table
                // stacked under it with another grid.
                header::continues(table, &l.header)
                    && (l.mode != Mode::Report || record_boxes.is_empty())
            }) {
                // A repeated header without known roles (table mode) is
                // recognized by its texts and skipped.
                let start = header::generic_header(table)
                    .filter(|(_, cols)| {
                        cols.iter()
                            .map(|h| &h.text)
                            .eq(l.header.iter().map(|h| &h.text))
                    })
                    .map_or(0, |(start, _)| start);
                (start, l.header.clone(), l.mode, false)
            } else if table.rows() >= 2
                && table.cols() >= 2
                && logical.as_ref().is_none_or(|l| l.mode != Mode::Report)
            {
                // Beside a report, a table without its roles is no source of
                // records (a budget table under the report table): its
                // cells are furniture, reported when no field reads them.
                match header::generic_header(table) {
                    Some((start, cols)) => (start, cols, Mode::Table, true),
                    None => continue,
                }
            } else {
                let real = table.rows() >= 2 && table.cols() >= 2;
                for c in table.cells.iter().filter(|c| !c.text.is_empty()) {
                    let line = cell_as_line(&c.text, c.bbox);
                    if real {
                        foreign.push(line);
                    } else {
                        furniture.push(line);
                    }
                }
                continue;
            };
            if fresh {
                *state = None;
                // Records of an earlier logical table stay; inheritance restarts.
            }
            let columns = header::map_columns(table, &header);
            header::detect_decision_by_content(table, start, &columns, &mut header);
            option_columns(table, start, &columns, &mut header);
            // The report's header is its first table's, unless a later table
            // is the actual report (a small generic table came first).
            if logical.is_none() || (mode == Mode::Report && report.mode == Mode::Table) {
                report.mode = mode;
                report.header = header.clone();
            }
            // Columns under no header column (a continued table with an
            // extra column) keep their text as unassigned furniture.
            for col in 0..table.cols() {
                if columns.iter().any(|g| g.contains(&col)) {
                    continue;
                }
                for c in table
                    .cells
                    .iter()
                    .filter(|c| c.col == col && c.row >= start && !c.text.is_empty())
                {
                    furniture.push(cell_as_line(&c.text, c.bbox));
                }
            }
            record_boxes.push(Rect {
                y0: top_y,
                ..table.bbox
            });
            let decision_cols: Vec<usize> = header
                .iter()
                .zip(&columns)
                .filter(|(h, _)| h.role == Some(Role::Decision))
                .flat_map(|(_, c)| c.iter().copied())
                .collect();
            let has_decision = !decision_cols.is_empty();
            for row in start..table.rows() {
                let rc = row_cells(table, row, &columns, &header);
                let marks = row_marks(page, ti, row, &decision_cols);
                if !rc.own_text && marks.is_empty() {
                    continue;
                }
                let options = has_options(&rc) || !marks.is_empty();
                // A row split by the page break: the first row of a continued
                // table and the last row before it, one of them without the
                // decision choices that every whole row prints.
                if first_on_page
                    && !fresh
                    && has_decision
                    && let (Some(prev), Some(state)) = (report.records.last_mut(), state.as_mut())
                    && prev.page < page.page
                    && options != state.options
                {
                    first_on_page = false;
                    for (i, t) in rc.texts.iter().enumerate() {
                        let Some(old) = state.texts.get_mut(i) else {
                            continue;
                        };
                        if t.is_empty() {
                            continue;
                        }
                        // The break falls between lines; a paragraph cut
                        // mid-line cannot be told from one that ends there,
                        // so the parts are joined by a hard break.
                        if !old.is_empty() {
                            old.push('\n');
                        }
                        old.push_str(t);
                    }
                    if options {
                        // The part without choices was read as unmarked;
                        // that warning no longer holds.
                        let stale = format!("row {}:", prev.row);
                        report.warnings.retain(|w| {
                            !(w.code == "unmarked_decision"
                                && w.page == Some(prev.page)
                                && w.message.starts_with(&stale))
                        });
                        prev.decision = Some(row_decision(
                            &rc,
                            &marks,
                            page.page,
                            prev.row,
                            settings,
                            &mut report.warnings,
                        ));
                        state.options = true;
                    }
                    // The texts already carry any inherited purpose/method.
                    fill_record(prev, &header, &state.texts);
                    prev.places.push(place::row_place(
                        page.page, ti, table, row, &columns, &header,
                    ));
                    report.warnings.push(Warning {
                        row: None,
                        page: Some(page.page),
                        code: "row_split".into(),
                        message: format!(
                            "the first row of page {} continues row {} of page {}; joined",
                            page.page, prev.row, prev.page
                        ),
                    });
                    continue;
                }
                first_on_page = false;
                row_no += 1;
                let mut rec = RawRecord {
                    page: page.page,
                    row: row_no,
                    ..RawRecord::default()
                };
                // An empty purpose continues the merged cell above (or the
                // one cut by the page break); the method comes with it when
                // it is empty too. `cells` shows the inherited text as well.
                let mut texts = rc.texts.clone();
                let role_idx = |r: Role| header.iter().position(|h| h.role == Some(r));
                if let (Some(pi), Some(prev)) = (role_idx(Role::Purpose), state.as_ref())
                    && texts.get(pi).is_some_and(|t| t.is_empty())
                    && let Some(pt) = prev.texts.get(pi).filter(|t| !t.is_empty())
                {
                    texts[pi] = pt.clone();
                    if let Some(mi) = role_idx(Role::Method)
                        && texts.get(mi).is_some_and(|t| t.is_empty())
                        && let Some(mt) = prev.texts.get(mi)
                    {
                        texts[mi] = mt.clone();
                    }
                }
                fill_record(&mut rec, &header, &texts);
                rec.places = vec![place::row_place(
                    page.page, ti, table, row, &columns, &header,
                )];
                if has_decision {
                    rec.decision = Some(row_decision(
                        &rc,
                        &marks,
                        page.page,
                        row_no,
                        settings,
                        &mut report.warnings,
                    ));
                }
                *state = Some(RowState { texts, options });
                report.records.push(rec);
            }
            *logical = Some(Logical { header, mode });
        }
        if record_boxes.is_empty() {
            return;
        }
        let top = record_boxes
            .iter()
            .map(|b| b.y0)
            .fold(f64::INFINITY, f64::min);
        let bottom = record_boxes
            .iter()
            .map(|b| b.y1)
            .fold(f64::NEG_INFINITY, f64::max);
        let (mut above, mut below, mut inside) = (Vec::new(), Vec::new(), Vec::new());
        inside.append(&mut foreign);
        for l in furniture {
            if l.bbox.y1 <= top + 1.0 {
                above.push(l);
            } else if l.bbox.y0 >= bottom - 1.0 {
                below.push(l);
            } else {
                inside.push(l);
            }
        }
        page_lines.push(
            report,
            PageFurniture {
                page: page.page,
                above,
                below,
                inside,
            },
        );
    }

    /// The raw report of the pages read; `no_table` when none had records.
    fn finish(self) -> Result<RawReport, Error> {
        let TableReader {
            mut report,
            furniture,
            taken,
            ..
        } = self;
        if !furniture.seen || (report.records.is_empty() && taken == 0) {
            return Err(Error::new(
                ErrorCode::NoTable,
                "no ruled table with a header and at least one filled row was found",
            ));
        }
        furniture.finish(&mut report);
        // A table without the report's header whose columns still got a role
        // from one header word (or a decision column from its content): the
        // named fields are a guess a person should confirm.
        let guessed: Vec<String> = report
            .header
            .iter()
            .filter(|h| h.role.is_some())
            .map(|h| h.text.clone())
            .collect();
        if report.mode == Mode::Table && !guessed.is_empty() {
            report.warnings.push(Warning {
                page: None,
                row: None,
                code: "roles_guessed".into(),
                message: format!(
                    "the header names no report roles; roles were guessed for: {}",
                    guessed.join(" / ")
                ),
            });
        }
        Ok(report)
    }
}
