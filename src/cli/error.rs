//! What can go wrong in a command, worded for the person at the terminal.

use crate::domain::custom_field::FieldError;
use crate::domain::group::GroupError;
use crate::domain::money::MoneyError;
use crate::domain::price_change::PriceChangeError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Group(#[from] GroupError),
    #[error("{option}: {source}")]
    Money {
        option: &'static str,
        #[source]
        source: MoneyError,
    },
    #[error("--percent: {0}")]
    PriceChange(#[source] PriceChangeError),
    #[error("{option}: \"{value}\" is not a number of days; write a whole number such as 30")]
    Days { option: &'static str, value: String },
    #[error("{0}")]
    Field(#[from] FieldError),
    #[error("there is no price level \"{level}\"; {known}")]
    UnknownLevel { level: String, known: String },
    #[error("there is no custom field \"{key}\"; {known}")]
    UnknownField { key: String, known: String },
    #[error("write a custom field as KEY=VALUE, e.g. --field renewal=2026-03-31 (got \"{0}\")")]
    BadFieldPair(String),
    #[error("write a contact as \"NAME|TITLE|PHONE|EMAIL\" (at most four parts; got \"{0}\")")]
    BadContact(String),
    #[error("{0}")]
    NotConfirmed(String),
    #[error("--choices only applies to choice fields; \"{key}\" would be a {field_type} field")]
    ChoicesNotApplicable { key: String, field_type: &'static str },
    #[error("cannot add the sample data to this database: {0}; nothing was changed")]
    DemoClash(String),
    #[error("no database was given and no data folder was found; pass --db PATH or set {}", crate::paths::DB_ENV)]
    NoDatabase,
    #[error("{option}: {source}")]
    BadDate {
        option: &'static str,
        #[source]
        source: crate::domain::date::DateError,
    },
    #[error("--from {from} is after --to {to}; the period would be empty")]
    BadPeriod { from: chrono::NaiveDate, to: chrono::NaiveDate },
    #[error("--line \"{line}\": {reason}")]
    BadLine { line: String, reason: String },
    #[error("voucher {0} is already voided")]
    AlreadyVoided(String),
    #[error("voucher {0} is not void; only a voided voucher can be un-voided")]
    NotVoided(String),
    #[error(transparent)]
    Read(crate::exchange::read::ReadError),
    #[error("{0}")]
    BadImport(String),
    #[error("{0}")]
    BadSetting(String),
    /// `check` found problems; the text points to the newest backup.
    #[error("{0}")]
    Damaged(String),
    #[error("there is no book at {}; check the path (a new book is made by the first command that adds something, e.g. customers add)", .0.display())]
    NoBook(std::path::PathBuf),
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
    #[error(transparent)]
    Export(#[from] crate::exchange::export::ExportError),
    #[error(transparent)]
    Copy(#[from] crate::store::CopyError),
}

/// The exit code of a voucher the customer's credit action blocked, so scripts can tell it apart.
pub const EXIT_CREDIT_BLOCKED: u8 = 3;

impl CliError {
    /// 3 for a sale credit control blocked, 1 for every other failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Store(StoreError::CreditBlocked(_)) => EXIT_CREDIT_BLOCKED,
            _ => 1,
        }
    }

    /// A closed pipe (`clientele customers list | head`) is the reader's
    /// choice, not a failure worth a message.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

impl From<serde_json::Error> for CliError {
    fn from(error: serde_json::Error) -> CliError {
        CliError::Output(error.into())
    }
}

pub type Result<T> = std::result::Result<T, CliError>;
