//! The screens driven through their real views with iced_test, their effects checked in real
//! databases; one binary for all screens so iced is linked once.

mod screen_support;
mod support;

mod alerts;
mod backups;
mod book;
mod customers;
mod import;
mod items;
mod laptop;
mod prices;
mod reports;
mod settings;
mod special_prices;
mod trading;
