//! Pure types and rules of the customer book: no SQL, no GUI, no I/O.

#[macro_use]
mod keyword;

pub mod alerts;
pub mod backup;
pub mod credit;
pub mod custom_field;
pub mod customer;
pub mod date;
pub mod group;
pub mod import;
pub mod item;
pub mod ledger;
pub mod location;
pub mod money;
pub mod price_change;
pub mod pricing;
pub mod sample;
pub mod sample_prices;
pub mod sample_trading;
pub mod search;
pub mod terms;
pub mod text;
pub mod voucher;

pub use custom_field::{FieldDef, FieldError, FieldType, FieldValue};
pub use customer::{Address, Change, Contact, Customer, EntityType, OnExceed, ProfileError, Role};
pub use group::{GroupAxis, GroupValue};
pub use search::{ActiveFilter, SearchQuery};
