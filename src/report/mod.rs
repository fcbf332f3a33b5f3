//! Rows → report records (issue 4).
