//! Writing lists and reports to .xlsx (being written).
