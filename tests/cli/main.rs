//! The `clientele` program run as a user runs it: one test binary for every command-line area,
//! so the program and its dependencies are linked once rather than once per file.

mod support;

mod alerts;
mod backup;
mod basics;
mod book_choice;
mod book_copy;
mod demo_prices;
mod export;
mod import;
mod import_kinds;
mod import_orders;
mod logging;
mod mail_password;
mod prices;
mod server;
mod template;
mod trading;
mod window_handover;
