//! Clientele: the customer book of a small office — the library behind the window, the CLI, tests and benches.

pub mod alerts;
pub mod cli;
pub mod domain;
pub mod exchange;
pub mod identity;
pub mod instance;
pub mod launch;
pub mod logging;
pub mod paths;
pub mod secrets;
pub mod store;
pub mod this_computer;
pub mod ui;
