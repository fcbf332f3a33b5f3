//! Excel workbooks (rust_xlsxwriter): the batch workbook ([`batch`]) and the
//! pieces every workbook of shinchoku shares, so that all sheets look alike:
//! a bold header row, frozen, with an autofilter; set column widths; long
//! texts wrapped and top-aligned; dates as real Excel dates.

pub mod batch;

pub use batch::XlsxSink;

use std::borrow::Cow;

use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

/// One column of a sheet.
#[derive(Debug, Clone)]
pub struct Column {
    /// Header text.
    pub header: Cow<'static, str>,
    /// Width in Excel character units.
    pub width: f64,
    /// Whether its text wraps (long texts with line breaks).
    pub wrap: bool,
}

/// A column of `width` characters, `wrap`ped or not.
pub const fn col(header: &'static str, width: f64, wrap: bool) -> Column {
    Column {
        header: Cow::Borrowed(header),
        width,
        wrap,
    }
}

/// The cell formats of a workbook.
#[derive(Debug, Clone)]
pub struct Styles {
    header: Format,
    subheader: Format,
    text: Format,
    wrap: Format,
    integer: Format,
    decimal2: Format,
    date: Format,
    month: Format,
}

impl Default for Styles {
    fn default() -> Self {
        let top = Format::new().set_align(FormatAlign::Top);
        Styles {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border_bottom(FormatBorder::Thin),
            subheader: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xF2F2F2)),
            text: top.clone(),
            wrap: top.clone().set_text_wrap(),
            // centred: a right-aligned count beside a left-aligned text
            // column reads as one number (1 | 40 → "1 40")
            integer: top
                .clone()
                .set_num_format("0")
                .set_align(FormatAlign::Center),
            decimal2: top.clone().set_num_format("0.00"),
            date: top.clone().set_num_format("yyyy/mm/dd"),
            month: top.set_num_format("yyyy/mm"),
        }
    }
}

/// A value for one cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text (wrapped when its column wraps).
    Text(String),
    /// A whole number.
    Int(i64),
    /// A number shown with two decimals.
    Decimal2(f64),
    /// A day, as an Excel date.
    Date(u16, u8, u8),
    /// A month, as an Excel date on its first day shown as yyyy/mm.
    Month(u16, u8),
}

impl Cell {
    /// Text, or empty when there is none.
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    /// A number, or empty.
    pub fn int(n: Option<i64>) -> Cell {
        n.map_or(Cell::Empty, Cell::Int)
    }

    /// An ISO date (`YYYY-MM-DD` or `YYYY-MM`) as an Excel date; anything
    /// else (a bare year, an unresolved date) is no date.
    pub fn iso_date(iso: Option<&str>) -> Cell {
        let Some(iso) = iso else { return Cell::Empty };
        let mut parts = iso.split('-').map(str::parse::<u32>);
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(Ok(y)), Some(Ok(m)), Some(Ok(d)), None) => {
                match (u16::try_from(y), u8::try_from(m), u8::try_from(d)) {
                    (Ok(y), Ok(m), Ok(d)) if ExcelDateTime::from_ymd(y, m, d).is_ok() => {
                        Cell::Date(y, m, d)
                    }
                    _ => Cell::Empty,
                }
            }
            (Some(Ok(y)), Some(Ok(m)), None, None) => match (u16::try_from(y), u8::try_from(m)) {
                (Ok(y), Ok(m)) if ExcelDateTime::from_ymd(y, m, 1).is_ok() => Cell::Month(y, m),
                _ => Cell::Empty,
            },
            _ => Cell::Empty,
        }
    }
}

/// A sheet being filled row by row.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// Position in the workbook.
    pub index: usize,
    /// The next row to write (row 0 is the header).
    pub next_row: u32,
    columns: Vec<Column>,
}

/// Adds a sheet named `name` with its header row, widths and frozen header.
/// `constant_memory` streams rows to a temporary file (for sheets that grow
/// with the batch; rows must then be written in order).
pub fn add_sheet(
    wb: &mut Workbook,
    name: &str,
    columns: &[Column],
    styles: &Styles,
    constant_memory: bool,
) -> Result<Sheet, XlsxError> {
    let ws = if constant_memory {
        wb.add_worksheet_with_constant_memory()?
    } else {
        wb.add_worksheet()
    };
    ws.set_name(name)?;
    let index = wb.worksheets().len() - 1;
    let ws = wb.worksheet_from_index(index)?;
    for (c, column) in columns.iter().enumerate() {
        let c = col_num(c);
        ws.set_column_width(c, column.width)?;
        ws.write_string_with_format(0, c, column.header.as_ref(), &styles.header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    // printed (or converted to PDF): landscape A4, all columns on one page
    // width, the header on every page
    ws.set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0)
        .set_repeat_rows(0, 0)?;
    Ok(Sheet {
        index,
        next_row: 1,
        columns: columns.to_vec(),
    })
}

/// Points per text line: the default 11 pt font needs 15, a Japanese
/// fallback font (IPAex, Yu Gothic) a little more.
const LINE_HEIGHT: f64 = 17.0;

/// Excel's largest row height.
const MAX_ROW_HEIGHT: f64 = 409.0;

/// How many lines `text` takes in a column `width` characters wide: a CJK
/// or full-width character takes two character widths, others one.
pub fn wrapped_lines(text: &str, width: f64) -> usize {
    let usable = (width - 1.0).max(1.0);
    text.split('\n')
        .map(|line| {
            let w: f64 = line
                .chars()
                .map(|c| if (c as u32) >= 0x1100 { 2.0 } else { 1.05 })
                .sum();
            ((w / usable).ceil() as usize).max(1)
        })
        .sum()
}

fn col_num(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

impl Sheet {
    /// Writes one data row.
    pub fn row(
        &mut self,
        wb: &mut Workbook,
        cells: &[Cell],
        styles: &Styles,
    ) -> Result<(), XlsxError> {
        let ws = wb.worksheet_from_index(self.index)?;
        let row = self.next_row;
        let mut lines = 1usize;
        for (c, cell) in cells.iter().enumerate() {
            let column = self.columns.get(c);
            let wrap = column.is_some_and(|k| k.wrap);
            write_cell(ws, row, col_num(c), cell, wrap, styles)?;
            if let (Cell::Text(t), Some(k)) = (cell, column)
                && wrap
            {
                lines = lines.max(wrapped_lines(t, k.width));
            }
        }
        // Neither Excel nor LibreOffice grows a row for wrapped text written
        // by another program, so the height is set from the text; the
        // current row is the one a constant-memory sheet can still change.
        if lines > 1 {
            ws.set_row_height(row, (lines as f64 * LINE_HEIGHT).min(MAX_ROW_HEIGHT))?;
        }
        self.next_row += 1;
        Ok(())
    }

    /// Adds columns like `column` until there are `count` (a table wider
    /// than the ones before it), with their widths.
    pub fn widen(
        &mut self,
        wb: &mut Workbook,
        count: usize,
        column: &Column,
    ) -> Result<(), XlsxError> {
        let ws = wb.worksheet_from_index(self.index)?;
        while self.columns.len() < count {
            ws.set_column_width(col_num(self.columns.len()), column.width)?;
            self.columns.push(column.clone());
        }
        Ok(())
    }

    /// The number of columns.
    pub fn width(&self) -> usize {
        self.columns.len()
    }

    /// Writes a bold row inside the data (a table's own headers).
    pub fn subheader(
        &mut self,
        wb: &mut Workbook,
        texts: &[String],
        styles: &Styles,
    ) -> Result<(), XlsxError> {
        let ws = wb.worksheet_from_index(self.index)?;
        for (c, t) in texts.iter().enumerate() {
            ws.write_string_with_format(self.next_row, col_num(c), t, &styles.subheader)?;
        }
        self.next_row += 1;
        Ok(())
    }

    /// Puts the autofilter over the header and every written row.
    pub fn finish(&self, wb: &mut Workbook, columns: usize) -> Result<(), XlsxError> {
        let ws = wb.worksheet_from_index(self.index)?;
        let last_col = col_num(columns.max(1) - 1);
        ws.autofilter(0, 0, self.next_row.saturating_sub(1), last_col)?;
        Ok(())
    }
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    c: u16,
    cell: &Cell,
    wrap: bool,
    s: &Styles,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => {}
        Cell::Text(t) => {
            let f = if wrap { &s.wrap } else { &s.text };
            ws.write_string_with_format(row, c, t, f)?;
        }
        Cell::Int(n) => {
            ws.write_number_with_format(row, c, *n as f64, &s.integer)?;
        }
        Cell::Decimal2(x) => {
            ws.write_number_with_format(row, c, *x, &s.decimal2)?;
        }
        Cell::Date(y, m, d) => {
            let dt = ExcelDateTime::from_ymd(*y, *m, *d)?;
            ws.write_datetime_with_format(row, c, &dt, &s.date)?;
        }
        Cell::Month(y, m) => {
            let dt = ExcelDateTime::from_ymd(*y, *m, 1)?;
            ws.write_datetime_with_format(row, c, &dt, &s.month)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_text_counts_its_lines() {
        assert_eq!(wrapped_lines("abc", 10.0), 1);
        assert_eq!(wrapped_lines("a\nb\nc", 10.0), 3);
        // 10 CJK characters are 20 widths: three lines of 9
        assert_eq!(wrapped_lines("ネットワークの構築", 10.0), 2);
        assert_eq!(wrapped_lines("ネットワークの構築です", 10.0), 3);
    }

    #[test]
    fn iso_dates_become_excel_dates_and_others_do_not() {
        assert_eq!(Cell::iso_date(Some("2022-09-28")), Cell::Date(2022, 9, 28));
        assert_eq!(Cell::iso_date(Some("2023-02")), Cell::Month(2023, 2));
        assert_eq!(Cell::iso_date(Some("2022")), Cell::Empty);
        assert_eq!(Cell::iso_date(Some("2023-02-30")), Cell::Empty);
        assert_eq!(Cell::iso_date(None), Cell::Empty);
    }
}
