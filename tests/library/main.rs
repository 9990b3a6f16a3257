//! The library without a window: store tests on temporary databases, the spreadsheet reader and
//! the ledger's property tests, in one binary so the crate is linked once for all of them.

/// The command-line harness, for tests that make their books with the real program.
#[path = "../cli/support.rs"]
mod cli_support;

/// A new, empty book for one test: in memory, or in a schema of its own on the server
/// `CLIENTELE_TEST_POSTGRES` names, so the same test runs against both engines.
fn test_book() -> clientele::store::Result<clientele::store::Store> {
    match cli_support::test_server() {
        Some(_) => clientele::store::Store::open(&cli_support::fresh_location(std::path::Path::new("."))),
        None => clientele::store::Store::open_in_memory(),
    }
}

mod alerts;
mod book_choice;
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
mod store_several_pcs;
mod store_special_prices;
mod store_upgrade;
mod store_vouchers;
