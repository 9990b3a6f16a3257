//! SQLite storage: opening the file safely, the schema migrations, and one module per aggregate.

mod alert_eval;
mod alerts;
mod backup;
mod bulk;
mod bulk_prices;
mod bulk_vouchers;
mod check;
mod copy;
mod credit;
mod customers;
pub mod db;
mod entry;
mod export_rows;
mod fields;
mod groups;
mod history;
mod import;
mod import_items;
mod import_kinds;
mod import_mappings;
mod import_prices;
mod import_vouchers;
mod import_write;
mod items;
mod ledger;
mod migrations;
mod price_grid;
mod prices;
mod sample;
mod search;
mod server;
mod settings;
mod vouchers;

pub use alert_eval::Evaluation;
pub use alerts::{AlertReport, AlertRun, Delivery, MAX_MAIL_ATTEMPTS, StoredRule};
pub use backup::{
    BACKUPS_FOLDER, BackupFile, BackupSettings, Restored, Upgraded, default_backup_folder, list_backups, verify_backup,
};
pub use bulk_prices::{LoadLevel, PriceLoad};
pub use bulk_vouchers::LoadVoucher;
pub use check::{CheckDepth, CheckPart, CheckProblem, CheckReport};
pub use copy::{CopiedTable, CopyError, CopyProgress, CopyReport, copy_book, open_source};
pub use customers::{Duplicate, HistoryEntry, SavedCustomer};
pub use import::{ImportBatch, ImportCounts, ImportPlan, ImportRow, NewRecord, PlannedRow, RowOutcome};
pub use import_items::ItemAction;
pub use import_kinds::{KindOutcome, KindPlan, KindRecord, KindRow};
pub use import_prices::PriceAction;
pub use import_vouchers::VoucherAction;
pub use ledger::{CustomerAgeing, CustomerBalance, CustomerLedger, ReportFilter, Side};
pub use migrations::{latest_version, migrations};
pub use price_grid::{LevelPriceChange, LevelUsage, PriceGrid, PriceGridRow};
pub use prices::{LevelPriceRow, SpecialPriceRow};
pub use sample::sample_customer;
pub use search::ListRow;
pub use server::{
    CLERK_ROLE, ServerAddress, ServerInit, TlsMode, add_clerk, init_server, is_server_location, server_latest_version,
};
pub use settings::CompanySettings;
pub use vouchers::{SavedVoucher, VoucherHistoryEntry};

use crate::domain::custom_field::FieldError;
use crate::domain::customer::ProfileError;
use crate::domain::group::GroupError;
use db::Db;
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("{0} is a folder, not a database file; give the path of a file, e.g. {0}/clientele.db")]
    IsDirectory(PathBuf),
    #[error("cannot open the database {path}: {reason}")]
    Open { path: PathBuf, reason: String },
    #[error("{0} is not a Clientele database (it is not an SQLite file, or it is damaged)")]
    NotADatabase(PathBuf),
    #[error("{0} is another program's database, not a Clientele book; it was left untouched")]
    NotClientele(PathBuf),
    #[error(
        "{0} is an empty file, not a Clientele book; it was left untouched (give a new file's name to start a book)"
    )]
    EmptyFile(PathBuf),
    #[error(
        "the book {path} could not be upgraded to this version of Clientele: {reason}. It was not upgraded; please report this"
    )]
    Upgrade { path: PathBuf, reason: String },
    #[error(
        "the database {path} was written by a newer version of Clientele (schema version {found}; this version knows up to {known}). It was left untouched: please update Clientele."
    )]
    TooNew { path: PathBuf, found: i64, known: i64 },
    #[error("cannot write to the database {0}: the file or its folder is read-only")]
    ReadOnly(PathBuf),
    #[error(
        "the book {path} was not upgraded: a copy of it could not be kept first ({reason}); free some disk space or make its folder writable, then start again"
    )]
    UpgradeBackup { path: PathBuf, reason: String },
    #[error("could not make a backup in {folder}: {reason}")]
    Backup { folder: PathBuf, reason: String },
    #[error("{path} cannot be restored: {reason}; the book was left as it was")]
    BadBackup { path: PathBuf, reason: String },
    #[error("the database is busy (another program is writing); try again in a moment")]
    Busy,
    #[error(
        "the disk is full (or the book reached its size limit); nothing was saved: free some disk space and try again"
    )]
    DiskFull,
    #[error("the import was cancelled; nothing was written")]
    Cancelled,
    #[error("a customer with code \"{0}\" already exists")]
    DuplicateCode(String),
    #[error("there is no customer with code \"{0}\"")]
    CustomerNotFound(String),
    #[error("there is no group axis \"{0}\"; create it first (Settings, or: clientele groups add AXIS VALUE)")]
    UnknownAxis(String),
    #[error("group axis \"{axis}\" has no value \"{value}\"")]
    UnknownGroupValue { axis: String, value: String },
    #[error("a group axis \"{0}\" already exists")]
    DuplicateAxis(String),
    #[error("group axis \"{axis}\" already has a value \"{value}\"")]
    DuplicateGroupValue { axis: String, value: String },
    #[error("a custom field with key \"{0}\" already exists")]
    DuplicateFieldKey(String),
    #[error("{}", join_profile_errors(.0))]
    Invalid(Vec<ProfileError>),
    #[error(transparent)]
    Field(#[from] FieldError),
    #[error(transparent)]
    Group(#[from] GroupError),
    #[error("customer {0} has transactions; deactivate it instead of deleting it")]
    HasTransactions(String),
    #[error("an item with code \"{0}\" already exists")]
    DuplicateItemCode(String),
    #[error("there is no item with code \"{0}\"")]
    ItemNotFound(String),
    #[error("item {0} is on vouchers; deactivate it instead of deleting it")]
    ItemHasTransactions(String),
    #[error("item {0} is inactive; activate it before putting it on a new voucher")]
    ItemInactive(String),
    #[error("a price level \"{0}\" already exists")]
    DuplicateLevel(String),
    #[error("there is no price level \"{0}\"; add it first (clientele levels add NAME)")]
    LevelNotFound(String),
    #[error("there is no voucher numbered \"{0}\"")]
    VoucherNotFound(String),
    #[error("voucher {0} is voided and can no longer be changed")]
    VoucherVoided(String),
    #[error("{0} is not void; only a voided voucher can be un-voided")]
    VoucherNotVoided(String),
    /// A sale the customer's credit action blocks; the text names the customer and both excesses.
    #[error("{0}")]
    CreditBlocked(String),
    /// A sale the customer's credit action warns about; saved only when the clerk accepts it.
    #[error("{0}")]
    CreditWarning(String),
    /// A voucher that does not fit the customer or the vouchers it names; the text says why.
    #[error("{0}")]
    Rejected(String),
    #[error("there is no alert rule #{0}")]
    AlertRuleNotFound(i64),
    #[error("there is no alert run #{0}")]
    AlertRunNotFound(i64),
    /// The book's server refused this login something (a clerk's rights are rows only).
    #[error(
        "the book's server does not let this login do that ({0}); nothing was changed. Ask whoever set up the server, or do it as the book's administrator"
    )]
    NotAllowed(String),
    #[error(
        "the connection to the book's server was lost ({0}); nothing more was saved. Clientele reconnects by itself: try again in a moment"
    )]
    ConnectionLost(String),
    /// A save over a record someone saved after it was opened.
    #[error(
        "{what} was changed {} at {at}, after you opened it; yours was not saved, so nothing of theirs is lost. Reload it to see their change (what you typed stays on screen until then)",
        if by.is_empty() { "by another clerk".to_string() } else { format!("by {by}") }
    )]
    ChangedSince { what: String, by: String, at: String },
    /// Something only a book in a file has, asked of a book on a server.
    #[error("{0} is for a book kept in a file; this book is on a server")]
    OnServer(String),
    #[error("database error: {0}")]
    Sqlite(String),
}

fn join_profile_errors(errors: &[ProfileError]) -> String {
    errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; ")
}

pub type Result<T> = std::result::Result<T, StoreError>;

impl From<db::DbError> for StoreError {
    fn from(error: db::DbError) -> StoreError {
        match error {
            db::DbError::Busy | db::DbError::Retry => StoreError::Busy,
            db::DbError::ReadOnly => StoreError::ReadOnly(PathBuf::from("(this database)")),
            db::DbError::DiskFull => StoreError::DiskFull,
            db::DbError::ConnectionLost(why) => StoreError::ConnectionLost(why),
            db::DbError::NotAllowed(why) => StoreError::NotAllowed(why),
            other => StoreError::Sqlite(other.to_string()),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> StoreError {
        match error.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly(PathBuf::from("(this database)")),
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            _ => StoreError::Sqlite(error.to_string()),
        }
    }
}

/// An open Clientele database. One per thread: a `Connection` is not `Sync`.
/// What a commit survives once the program has said "saved".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// The power going off: the log is on the disk before "saved" (SQLite's synchronous=FULL).
    PowerCut,
    /// Only the program stopping (synchronous=NORMAL in WAL); for measuring the cost of the other.
    ProgramCrash,
}

pub struct Store {
    db: Db,
    path: Option<PathBuf>,
    /// Where a book on a server is; `None` for a book in a file or in memory.
    server: Option<ServerAddress>,
    /// Set when opening upgraded an older book (after keeping a copy of it).
    upgraded: Option<Upgraded>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating if needed) and migrates the database at `path`.
    /// A database from a newer version is refused before anything is written.
    /// A location that is a server's address (`postgres://…`) opens the book on that server.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(address) = ServerAddress::from_location(path)? {
            return Store::open_server(&address);
        }
        if path.is_dir() {
            return Err(StoreError::IsDirectory(path.to_path_buf()));
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
            && !parent.exists()
        {
            std::fs::create_dir_all(parent).map_err(|e| StoreError::Open {
                path: path.to_path_buf(),
                reason: format!("cannot create the folder {}: {e}", parent.display()),
            })?;
        }
        let existed = path.exists();
        if existed {
            // Nothing is written to a file before it is known to be a book (or the start of one).
            check_is_book(path)?;
        }
        // Root ignores permission bits, so honour a file marked read-only ourselves.
        if existed && std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly()) {
            return Err(StoreError::ReadOnly(path.to_path_buf()));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(|e| open_error(path, e))?;
        if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            return Err(StoreError::ReadOnly(path.to_path_buf()));
        }
        let mut store = Store { db: Db::sqlite(conn), path: Some(path.to_path_buf()), server: None, upgraded: None };
        store.prepare()?;
        store.db.set_clerk(computer_user());
        Ok(store)
    }

    /// Opens the book on a PostgreSQL server: creates it in an empty database (when the user may),
    /// upgrades an older one in one transaction, and refuses a newer one or another program's.
    pub fn open_server(address: &ServerAddress) -> Result<Store> {
        let mut db = Db::postgres(address.connect()?);
        let clerk: String = db.query_row("SELECT CAST(current_user AS TEXT)", [], |r| r.get(0))?;
        db.set_clerk(clerk);
        let upgraded = server::prepare_schema(&db, address)?;
        if let Some((from, to)) = upgraded {
            tracing::info!(book = %address.display(), from, to, "schema upgraded");
        }
        Ok(Store { db, path: None, server: Some(address.clone()), upgraded: None })
    }

    /// Where the book is, as the title bar and `clientele info` say it: the file's path, or
    /// the server's address without the password.
    pub fn location(&self) -> String {
        match (&self.server, &self.path) {
            (Some(server), _) => server.display(),
            (None, Some(path)) => path.display().to_string(),
            (None, None) => "(in memory)".to_string(),
        }
    }

    /// The server process serving this connection (for tests that cut it); None for a file.
    #[doc(hidden)]
    pub fn server_backend_pid(&self) -> Option<i32> {
        self.server.as_ref()?;
        self.db.query_row("SELECT pg_backend_pid()", [], |r| r.get::<_, i64>(0)).ok().map(|pid| pid as i32)
    }

    /// How the connection to a server book is protected ("encrypted (TLSv1.3)"); None for a file.
    pub fn connection_security(&self) -> Option<String> {
        self.server.as_ref()?;
        Some(server::connection_security(&self.db))
    }

    /// The server a book on a server is on.
    pub fn server(&self) -> Option<&ServerAddress> {
        self.server.as_ref()
    }

    /// A private database in memory, for tests and previews.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store { db: Db::sqlite(conn), path: None, server: None, upgraded: None };
        store.prepare()?;
        store.db.set_clerk(computer_user());
        Ok(store)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// What opening did to an older book: the versions and where its copy is kept.
    pub fn upgraded(&self) -> Option<&Upgraded> {
        self.upgraded.as_ref()
    }

    fn prepare(&mut self) -> Result<()> {
        self.finish_opening(true)
    }

    /// Brings the connection and the book up to date. An older book is copied first (when
    /// `copy_before_upgrade`): an upgrade is never made without a verified copy of the old book.
    fn finish_opening(&mut self, copy_before_upgrade: bool) -> Result<()> {
        let path = self.path.clone().unwrap_or_else(|| PathBuf::from(":memory:"));
        let Some(conn) = self.db.as_sqlite_mut() else {
            return Err(StoreError::OnServer("opening a book file".into()));
        };
        let found: i64 =
            conn.query_row("PRAGMA user_version", [], |row| row.get(0)).map_err(|e| match e.sqlite_error_code() {
                Some(ErrorCode::NotADatabase) => StoreError::NotADatabase(path.clone()),
                _ => open_error(&path, e),
            })?;
        let known = latest_version();
        if found > known {
            return Err(StoreError::TooNew { path, found, known });
        }
        conn.busy_handler(Some(wait_for_the_book))?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(|e| classify_write_error(&path, e))?;
        if self.path.is_some() {
            // A file system that refuses WAL keeps the rollback journal, which is still safe.
            let _mode: String = conn
                .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
                .map_err(|e| classify_write_error(&path, e))?;
            set_synchronous(conn, Durability::PowerCut)?;
        }
        conn.pragma_update(None, "cache_size", -64_000)?;
        // A book of an earlier version (not a new one, at version 0).
        let upgrading = found > 0 && found < known && self.path.is_some();
        if copy_before_upgrade && upgrading {
            let folder = backup::upgrade_backup_folder(&self.db, &path);
            let kept = self
                .back_up_into(&folder, crate::domain::backup::BackupKind::BeforeUpgrade)
                .map_err(|e| StoreError::UpgradeBackup { path: path.clone(), reason: e.to_string() })?;
            self.upgraded = Some(Upgraded { from: found, to: known, kept: kept.path });
        }
        let Some(conn) = self.db.as_sqlite_mut() else {
            return Err(StoreError::OnServer("opening a book file".into()));
        };
        migrations().to_latest(conn).map_err(|e| migration_error(&path, e))?;
        // A new book's schema (from version 0) is recorded too.
        if found != known && self.path.is_some() {
            tracing::info!(book = %path.display(), from = found, to = known, "schema upgraded");
        }
        // Marks the file as a Clientele book, so it is known again without guessing.
        let marked: i64 = conn.query_row("PRAGMA application_id", [], |row| row.get(0))?;
        if marked != APPLICATION_ID {
            conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        Ok(())
    }

    /// The connection every operation runs its statements on.
    pub(crate) fn conn(&self) -> &Db {
        &self.db
    }

    /// The SQLite connection, for what only an SQLite book has (its backup API, pragmas and
    /// FTS5 upkeep); `None` for a book on a server.
    pub(crate) fn sqlite(&self) -> Option<&Connection> {
        self.db.as_sqlite()
    }

    /// The SQLite connection for `what`, which only a book in a file can do.
    pub(crate) fn sqlite_conn(&self, what: &str) -> Result<&Connection> {
        self.sqlite().ok_or_else(|| StoreError::OnServer(what.to_string()))
    }

    pub(crate) fn sqlite_mut(&mut self) -> Option<&mut Connection> {
        self.db.as_sqlite_mut()
    }

    /// Which engine the book lives in.
    pub fn engine(&self) -> db::Engine {
        self.db.engine()
    }

    /// How far a commit goes before the program says "saved". Books open at
    /// [`Durability::PowerCut`]; the other level is kept to measure what that costs.
    /// A server book's durability is the server's own (`synchronous_commit`).
    pub fn set_durability(&self, durability: Durability) -> Result<()> {
        match self.sqlite() {
            Some(conn) => set_synchronous(conn, durability),
            None => Ok(()),
        }
    }

    /// Lets the book grow no further than it is now (SQLite's `max_page_count`), so tests can
    /// meet a full disk on any machine. Not for the program itself.
    #[doc(hidden)]
    pub fn limit_size_to_current_for_tests(&self) -> Result<()> {
        let Some(conn) = self.sqlite() else { return Ok(()) };
        let pages: i64 = conn.query_row("PRAGMA page_count", [], |row| row.get(0))?;
        let _limit: i64 = conn.query_row(&format!("PRAGMA max_page_count = {pages}"), [], |row| row.get(0))?;
        Ok(())
    }

    /// A write transaction, the one way the store starts one: IMMEDIATE, so it takes the write
    /// lock first and waits (the busy timeout) for another program's write to end. A deferred
    /// one that reads before it writes is refused at once when another write came between, and
    /// never waits.
    pub(crate) fn write_tx(&self) -> db::Result<db::Tx<'_>> {
        self.db.write_tx()
    }
}

/// The computer's user name, who makes the changes to a book in a file.
fn computer_user() -> String {
    ["USERNAME", "USER", "LOGNAME"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_default()
}

/// Which records a save checks for another clerk's change (fixed table names, never user text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Versioned {
    Customer,
    Voucher,
}

/// Refuses a save that started from `seen`, the version a clerk opened, when the record has been
/// saved since (by another clerk, or another window): saying who and when, so nothing of theirs
/// is overwritten. Runs inside the save's write transaction, so no save can come between.
pub(crate) fn refuse_if_changed(conn: &Db, record: Versioned, id: i64, seen: i64, what: &str) -> Result<()> {
    let sql = match record {
        Versioned::Customer => "SELECT version, updated_by, updated_at FROM customers WHERE id = ?1",
        Versioned::Voucher => "SELECT version, updated_by, updated_at FROM vouchers WHERE id = ?1",
    };
    let found: Option<(i64, String, String)> =
        db::OptionalExtension::optional(conn.query_row(sql, [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))))?;
    match found {
        Some((version, by, at)) if version != seen => Err(StoreError::ChangedSince { what: what.to_string(), by, at }),
        _ => Ok(()),
    }
}

/// SQLite's `synchronous` for a durability level.
fn set_synchronous(conn: &Connection, durability: Durability) -> Result<()> {
    let level = match durability {
        // In WAL, FULL syncs the log at every commit: a saved voucher survives a power cut.
        Durability::PowerCut => "FULL",
        // NORMAL syncs only at checkpoints: safe from a crash of the program, not of the power.
        Durability::ProgramCrash => "NORMAL",
    };
    conn.pragma_update(None, "synchronous", level)?;
    Ok(())
}

/// How long a write waits for another program's write to end before it gives up (and says the
/// book is busy); reads in WAL never wait for writes.
pub const WRITE_WAIT: Duration = Duration::from_secs(5);

thread_local! {
    /// When the current wait for the book began, for [`wait_for_the_book`].
    static WAITING_SINCE: std::cell::Cell<Option<std::time::Instant>> = const { std::cell::Cell::new(None) };
}

/// SQLite's busy handler for every connection: keeps trying for [`WRITE_WAIT`], in naps of one to
/// three milliseconds. SQLite's own timeout backs off to 100 ms naps; among several busy writers
/// (three clerks' scripts and the alert checker) a writer could keep waking while another held
/// the book and run out its time without a turn: 1 write in 4,500 failed so in the concurrency
/// test. Short, varied naps catch the moments the book is free.
fn wait_for_the_book(attempt: i32) -> bool {
    let now = std::time::Instant::now();
    let since = WAITING_SINCE.with(|since| {
        if attempt == 0 || since.get().is_none() {
            since.set(Some(now));
        }
        since.get().unwrap_or(now)
    });
    if now.duration_since(since) >= WRITE_WAIT {
        return false;
    }
    std::thread::sleep(Duration::from_millis(1 + (attempt as u64 % 3)));
    true
}

/// The SQLite `application_id` of a Clientele book: "Clnt".
pub const APPLICATION_ID: i64 = 0x436C_6E74;

/// Tables every Clientele book has had from its first version.
const BOOK_TABLES: [&str; 3] = ["customers", "settings", "field_defs"];

/// Whether the existing file at `path` may be opened for writing: a Clientele book (marked with
/// our application id, or an older book from before the mark: our tables and a schema version).
/// Another program's SQLite file, an empty file or any other file is refused without a byte of
/// it changed: it is read through a read-only connection, and only if its header says SQLite.
fn check_is_book(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut header = [0_u8; 16];
    let read = std::fs::File::open(path)
        .and_then(|mut file| file.read(&mut header))
        .map_err(|e| StoreError::Open { path: path.to_path_buf(), reason: e.to_string() })?;
    if read == 0 {
        return Err(StoreError::EmptyFile(path.to_path_buf()));
    }
    if read < header.len() || &header != b"SQLite format 3\0" {
        return Err(StoreError::NotADatabase(path.to_path_buf()));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
    )
    .map_err(|e| open_error(path, e))?;
    let read_error = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase(path.to_path_buf()),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
        _ => open_error(path, e),
    };
    let application_id: i64 = conn.query_row("PRAGMA application_id", [], |row| row.get(0)).map_err(read_error)?;
    if application_id == APPLICATION_ID {
        return Ok(());
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0)).map_err(read_error)?;
    let tables: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN (?1, ?2, ?3)",
            BOOK_TABLES,
            |row| row.get(0),
        )
        .map_err(read_error)?;
    if application_id == 0 && version > 0 && tables == BOOK_TABLES.len() as i64 {
        return Ok(());
    }
    Err(StoreError::NotClientele(path.to_path_buf()))
}

fn open_error(path: &Path, error: rusqlite::Error) -> StoreError {
    match error.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase(path.to_path_buf()),
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly(path.to_path_buf()),
        Some(ErrorCode::CannotOpen) if path.exists() => StoreError::ReadOnly(path.to_path_buf()),
        _ => StoreError::Open { path: path.to_path_buf(), reason: error.to_string() },
    }
}

fn classify_write_error(path: &Path, error: rusqlite::Error) -> StoreError {
    match error.sqlite_error_code() {
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            StoreError::ReadOnly(path.to_path_buf())
        }
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase(path.to_path_buf()),
        _ => StoreError::Open { path: path.to_path_buf(), reason: error.to_string() },
    }
}

/// A failed upgrade in one sentence: SQLite's own reason, never the statement that failed
/// (a migration's SQL runs to dozens of lines that tell a clerk nothing).
fn migration_error(path: &Path, error: rusqlite_migration::Error) -> StoreError {
    let upgrade = |reason: String| StoreError::Upgrade { path: path.to_path_buf(), reason };
    match error {
        rusqlite_migration::Error::RusqliteError { err, .. } => match err.sqlite_error_code() {
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
                StoreError::ReadOnly(path.to_path_buf())
            }
            Some(ErrorCode::NotADatabase) => StoreError::NotADatabase(path.to_path_buf()),
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            _ => upgrade(match err {
                rusqlite::Error::SqlInputError { msg, .. } => msg,
                rusqlite::Error::SqliteFailure(failure, message) => message.unwrap_or_else(|| failure.to_string()),
                other => first_line(&other.to_string()),
            }),
        },
        other => upgrade(first_line(&other.to_string())),
    }
}

/// The first line of a message, at most 200 characters.
fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or_default().chars().take(200).collect()
}

/// A decimal stored as text (prices, quantities, rates): exact, never through floating point.
pub(crate) fn exact_decimal(row: &db::Row<'_>, column: &str) -> db::Result<rust_decimal::Decimal> {
    let text: String = row.get(column)?;
    text.parse().map_err(|e: rust_decimal::Error| db::DbError::Conversion(format!("column {column}: {e}")))
}

/// The local time as stored in `created_at`, `updated_at` and the history.
pub(crate) fn now_text() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string()
}
