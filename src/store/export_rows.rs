//! Read-only queries for exports: whole customer profiles for a list of ids, read one at a time so a long list never sits in memory.

use super::customers::read_customer;
use super::{Result, Store};
use crate::domain::customer::Customer;

impl Store {
    /// The full profiles of these customers, in the order given; ids that no longer exist are skipped.
    /// The custom field definitions are read once for the whole list.
    pub fn profiles<'a>(&'a self, ids: &'a [i64]) -> Result<impl Iterator<Item = Result<Customer>> + 'a> {
        let fields = self.field_defs()?;
        Ok(ids.iter().filter_map(move |&id| read_customer(self.conn(), id, &fields).transpose()))
    }
}
