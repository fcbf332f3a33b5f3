//! Dates, periods, counts and page references (issue 5).
