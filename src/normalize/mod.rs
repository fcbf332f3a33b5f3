//! Dates, periods, counts and page references (issue 5).
//!
//! Plain functions over typed values; the extract stage calls
//! [`normalize_record`] per row and [`find_period`] on the title line.

mod calendar;
pub mod context;
pub mod count;
pub mod date;
pub mod era;
pub mod events;
pub mod fiscal_year;
pub mod fold;
pub mod holidays;
pub mod numerals;
pub mod pages;
pub mod period;
pub mod record;
mod scan;
pub mod types;

pub use context::Context;
pub use count::{find_count_matches, find_counts};
pub use date::{find_date_matches, find_dates, parse_date};
pub use events::{action_of, events, participants_total};
pub use fiscal_year::parse_fiscal_year;
pub use fold::fold_text;
pub use pages::plan_pages;
pub use period::{find_period, find_period_in, parse_period, parse_period_in, period_from_value};
pub use record::{RecordCells, RecordNormalization, normalize_record, report_context};
pub use types::*;
