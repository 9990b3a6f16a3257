//! Spreadsheets in and out: reading .xlsx/.xlsm/.xls/.ods/.csv files for imports (calamine, csv) and
//! writing lists and reports to .xlsx (rust_xlsxwriter). The only module that touches those crates.

pub mod export;
pub mod read;
pub mod template;
pub mod template_kinds;
