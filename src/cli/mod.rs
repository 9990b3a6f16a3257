//! Command-line interface: clap commands that call the library and print text or JSON.
//!
//! Every command reads or writes the database named by `--db` (or
//! `CLIENTELE_DB`, or the default). A command that fails changes nothing: all
//! input is parsed and checked before the store is asked to write, and each
//! store write is one transaction.

mod alerts;
mod backup;
mod book;
mod company;
mod customers;
pub mod demo;
mod desk;
mod error;
mod export;
mod fields;
mod groups;
mod import;
mod import_kinds;
mod info;
mod items;
mod output;
mod parse;
mod prices;
mod profile;
mod reports;
mod server;
mod template;
mod trading;

pub use error::{CliError, Result};

use crate::paths::sidecar;
use crate::store::Store;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Parser)]
#[command(
    name = "clientele",
    version,
    about = "The customer book of a small office.",
    long_about = "The customer book of a small office.\n\n\
        Without a command, opens the window. With a command, works on the database from the terminal.",
    after_help = "The database is the file given by --db, else the CLIENTELE_DB environment variable, \
        else clientele.db in the data folder of this computer."
)]
pub struct Cli {
    /// The database file to use (also: CLIENTELE_DB).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// Open the window on this alert run's report (what a notification's "Open report" does).
    #[arg(long, value_name = "RUN_ID")]
    pub open_run: Option<i64>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add, change, find, show and remove customers and vendors.
    #[command(subcommand)]
    Customers(customers::CustomersCommand),
    /// Define the custom fields every profile can carry.
    #[command(subcommand)]
    Fields(fields::FieldsCommand),
    /// Manage group axes (Region, Channel, ...) and their values.
    #[command(subcommand)]
    Groups(groups::GroupsCommand),
    /// Add, change, list and remove the items (products and services) traded.
    #[command(subcommand)]
    Items(items::ItemsCommand),
    /// Add, rename, order and list price levels (Retail, Wholesale, ...).
    #[command(subcommand)]
    Levels(prices::LevelsCommand),
    /// Set and list level prices and customers' special prices.
    #[command(subcommand)]
    Prices(prices::PricesCommand),
    /// Show the price a customer gets for an item, and how it was found.
    Price(prices::PriceArgs),
    /// Show a customer's credit limit, balance, overdue days and where each limit comes from.
    Credit {
        /// The customer's code.
        code: String,
    },
    /// Enter a sale to a customer and print its number and total.
    Sale(trading::InvoiceArgs),
    /// Enter a purchase from a vendor and print its number and total.
    Purchase(trading::InvoiceArgs),
    /// Enter money received from a customer.
    Collect(trading::SettlementArgs),
    /// Enter money paid to a vendor.
    Pay(trading::SettlementArgs),
    /// Enter what a customer owed (and was owed) when the book was started.
    Opening(trading::OpeningArgs),
    /// Void a voucher: it stays in the ledger, marked VOID, and stops counting.
    Void {
        /// The voucher's number, e.g. S-2026-000001.
        number: String,
    },
    /// Un-void a voucher: it counts again; a sale meets the customer's credit control as when saved.
    Unvoid {
        /// The voucher's number, e.g. S-2026-000001.
        number: String,
        /// Kept for older scripts: a warned sale is un-voided anyway, the warning on stderr.
        #[arg(long, hide = true)]
        accept_credit_warning: bool,
    },
    /// Register and update records from a spreadsheet, with a preview; undo and history.
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Write an empty .xlsx to fill in for an import: this book's headers, hints and drop-down lists.
    Template(template::TemplateArgs),
    /// Write a list or a report to an .xlsx file.
    #[command(subcommand)]
    Export(export::ExportCommand),
    /// Show one customer's ledger with a running balance.
    Ledger(reports::LedgerArgs),
    /// Show what each customer owes and is owed.
    Balances(reports::BalancesArgs),
    /// Show open invoices by how many days they are past due.
    #[command(alias = "ageing")]
    Aging(reports::AgingArgs),
    /// Ledger alert rules: add, list, preview, run; the history of runs and their reports.
    #[command(subcommand)]
    Alerts(alerts::AlertsCommand),
    /// Run the alert checker without a window (for an always-on office PC), until stopped.
    Watch(alerts::WatchArgs),
    /// Fill the database with generated sample customers.
    Demo(demo::DemoArgs),
    /// Show the database path, its schema version and how many customers it holds.
    Info,
    /// Show or set the office's name and currency (symbol and decimals).
    Company(company::CompanyArgs),
    /// Make a verified copy of the book now (into its backups folder, or --to a folder or file).
    Backup(backup::BackupArgs),
    /// List the book's backups; choose their folder and how many are kept.
    Backups(backup::BackupsArgs),
    /// Put a backup back: the book becomes exactly the copy (the current book is kept first).
    Restore(backup::RestoreArgs),
    /// Check the book: SQLite's integrity and links, the search index and the book's own rules.
    Check(backup::CheckArgs),
    /// Whose desk this computer is, so alerts pop up at their recipients' desks (kept on this computer).
    Desk(desk::DeskArgs),
    /// Set up a book on a PostgreSQL server for several PCs, and add its clerks.
    #[command(subcommand)]
    Server(server::ServerCommand),
    /// Work on whole books: copy one between a file and a server.
    #[command(subcommand)]
    Book(book::BookCommand),
}

/// Where output goes: stdout for results, stderr for warnings and progress.
pub struct Context<'a> {
    pub db: PathBuf,
    pub json: bool,
    /// Progress redraws one line on a terminal and prints plain lines into a log.
    pub err_is_terminal: bool,
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
}

/// Whether a command may write. Looking must not create a database that is not there yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Reads a book that must be there: a mistyped path is said, not answered with an empty list.
    Read,
    /// Reads, with an empty book standing in for a missing one (info, templates, dry runs).
    ReadOrEmpty,
    Write,
}

impl Context<'_> {
    fn open(&mut self, access: Access) -> Result<Store> {
        if access != Access::Write && !crate::paths::book_exists(&self.db) {
            if access == Access::Read {
                return Err(CliError::NoBook(self.db.clone()));
            }
            // Nothing stored yet: answer from an empty book instead of creating the file.
            return Ok(Store::open_in_memory()?);
        }
        let store = Store::open(&self.db)?;
        if let Some(warning) = crate::paths::book_place(&self.db).warning(&self.db) {
            writeln!(self.err, "warning: {warning}")?;
        }
        if let Some(upgraded) = store.upgraded() {
            // On stderr, so a script reading the command's output is not disturbed.
            writeln!(self.err, "{}.", upgraded.sentence())?;
        }
        Ok(store)
    }
}

/// Runs one command. When it fails on a database file that it created, the
/// file is removed again, so a failed command leaves no trace.
pub fn run(command: Command, ctx: &mut Context<'_>) -> Result<()> {
    let existed = crate::paths::book_exists(&ctx.db);
    let result = dispatch(command, ctx);
    if result.is_err() && !existed && ctx.db.is_file() && is_unused_and_empty(&ctx.db) {
        remove_database(&ctx.db);
    }
    result
}

fn dispatch(command: Command, ctx: &mut Context<'_>) -> Result<()> {
    match command {
        Command::Customers(command) => customers::run(command, ctx),
        Command::Fields(command) => fields::run(command, ctx),
        Command::Groups(command) => groups::run(command, ctx),
        Command::Items(command) => items::run(command, ctx),
        Command::Levels(command) => prices::levels(command, ctx),
        Command::Prices(command) => prices::prices(command, ctx),
        Command::Price(args) => prices::price(args, ctx),
        Command::Credit { code } => prices::credit(&code, ctx),
        Command::Sale(args) => trading::sale(args, ctx),
        Command::Purchase(args) => trading::purchase(args, ctx),
        Command::Collect(args) => trading::collect(args, ctx),
        Command::Pay(args) => trading::pay(args, ctx),
        Command::Opening(args) => trading::opening(args, ctx),
        Command::Void { number } => trading::void(&number, ctx),
        Command::Unvoid { number, accept_credit_warning: _ } => trading::unvoid(&number, ctx),
        Command::Export(command) => export::run(command, ctx),
        Command::Import(command) => import::run(command, ctx),
        Command::Template(args) => template::run(args, ctx),
        Command::Ledger(args) => reports::ledger(args, ctx),
        Command::Balances(args) => reports::balances(args, ctx),
        Command::Aging(args) => reports::aging(args, ctx),
        Command::Alerts(command) => alerts::run(command, ctx),
        Command::Watch(args) => alerts::watch(args, ctx),
        Command::Demo(args) => demo::run(args, ctx),
        Command::Info => info::run(ctx),
        Command::Company(args) => company::run(args, ctx),
        Command::Backup(args) => backup::backup(args, ctx),
        Command::Backups(args) => backup::backups(args, ctx),
        Command::Restore(args) => backup::restore(args, ctx),
        Command::Check(args) => backup::check(args, ctx),
        Command::Server(command) => server::run(command, ctx),
        Command::Desk(args) => desk::run(args, ctx),
        Command::Book(command) => book::run(command, ctx),
    }
}

/// Whether a database this command created is still empty and nobody else
/// has it open, so removing it cannot lose anyone's work. SQLite deletes the
/// `-wal` file when the last connection closes; one that remains after ours
/// has closed means another program (the window, another command) has the
/// file open and may be about to write to it.
fn is_unused_and_empty(path: &Path) -> bool {
    if sidecar(path, "-wal").exists() {
        return false;
    }
    let empty = Store::open(path).is_ok_and(|store| store.holds_nothing().unwrap_or(false));
    empty && !sidecar(path, "-wal").exists()
}

fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        // Best effort: the command's own error is what the user needs to see.
        let _ = std::fs::remove_file(sidecar(path, suffix));
    }
}
