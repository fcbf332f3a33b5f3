//! Grid, cells and marks from the page model (issue 4).
