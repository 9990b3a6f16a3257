//! Ledger alerts at work: the checker that runs due rules in the background, the desktop
//! notifier behind a trait, and the mailer that sends each run's report.

mod checker;
pub mod mail;
mod notifier;

pub use checker::{Checker, CheckerEvent, CheckerHandle, WAKE_EVERY, spawn_checker};
pub use notifier::{DesktopNotifier, Notifier, OpenReport, RecordingNotifier, SentNotice};

use crate::store::StoreError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AlertsError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the desktop notification could not be shown: {0}")]
    Notify(String),
    #[error("the e-mail could not be sent: {0}")]
    Mail(String),
}
