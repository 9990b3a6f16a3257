//! The library without a window: store tests on temporary databases, the spreadsheet reader and
//! the ledger's property tests, in one binary so the crate is linked once for all of them.

/// The command-line harness, for tests that make their books with the real program.
#[path = "../cli/support.rs"]
mod cli_support;

mod alerts;
mod crash;
mod exchange_read;
mod font;
mod identity;
mod instance;
mod ledger_properties;
mod store_backup;
mod store_bulk;
mod store_concurrency;
mod store_credit;
mod store_customers;
mod store_import;
mod store_import_kinds;
mod store_import_mappings;
mod store_price_grid;
mod store_special_prices;
mod store_upgrade;
mod store_vouchers;
