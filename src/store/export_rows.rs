//! Read-only queries for exports and lists: whole customer profiles for a list of ids, read a chunk at a
//! time, so a long list never sits in memory and each chunk costs four queries, not four per customer.

use super::customers::{PROFILE_COLUMNS, customer_from_row};
use super::db::{Db, id_list};
use super::{Result, Store};
use crate::domain::custom_field::FieldDef;
use crate::domain::customer::{Contact, Customer};
use std::collections::HashMap;

/// Customers read per round of queries: large enough that the per-query cost vanishes, small
/// enough that a chunk of full profiles is a few megabytes at most.
const CHUNK: usize = 500;

impl Store {
    /// The full profiles of these customers, in the order given; ids that no longer exist are skipped.
    /// The custom field definitions are read once for the whole list.
    pub fn profiles<'a>(&'a self, ids: &'a [i64]) -> Result<impl Iterator<Item = Result<Customer>> + 'a> {
        let fields = self.field_defs()?;
        Ok(ids.chunks(CHUNK).flat_map(move |chunk| match read_chunk(self.conn(), chunk, &fields) {
            Ok(customers) => customers.into_iter().map(Ok).collect::<Vec<_>>(),
            Err(error) => vec![Err(error)],
        }))
    }
}

/// The profiles of `ids` in their order. The ids go to the book as one text parameter.
fn read_chunk(conn: &Db, ids: &[i64], fields: &[FieldDef]) -> Result<Vec<Customer>> {
    let list = id_list(ids);
    let mut found: HashMap<i64, Customer> = conn
        .prepare_cached(&format!("SELECT {PROFILE_COLUMNS} FROM customers WHERE {}", conn.among_ids("id", 1)))?
        .query_map([&list], |row| Ok((row.get::<_, i64>(0)?, customer_from_row(row)?)))?
        .collect::<super::db::Result<_>>()?;
    let mut contacts = conn.prepare_cached(&format!(
        "SELECT customer_id, name, title, phone, email, is_primary FROM contacts
         WHERE {} ORDER BY customer_id, position, id",
        conn.among_ids("customer_id", 1)
    ))?;
    let mut rows = contacts.query([&list])?;
    while let Some(r) = rows.next()? {
        if let Some(customer) = found.get_mut(&r.get::<_, i64>(0)?) {
            customer.contacts.push(Contact {
                name: r.get(1)?,
                title: r.get(2)?,
                phone: r.get(3)?,
                email: r.get(4)?,
                primary: r.get(5)?,
            });
        }
    }
    for (id, axis, value) in groups_of(conn, &list)? {
        if let Some(customer) = found.get_mut(&id) {
            customer.groups.insert(axis, value);
        }
    }
    for (id, field_id, value) in custom_values_of(conn, &list)? {
        if let (Some(customer), Some(def)) = (found.get_mut(&id), fields.iter().find(|d| d.id == field_id)) {
            customer.custom.insert(def.key.clone(), def.from_canonical(&value));
        }
    }
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// The groups of the customers in `list` ([`id_list`]), as (customer id, axis name, value name).
pub(crate) fn groups_of(conn: &Db, list: &str) -> Result<Vec<(i64, String, String)>> {
    let mut groups = conn.prepare_cached(&format!(
        "SELECT g.customer_id, a.name, v.name FROM customer_groups g
         JOIN group_axes a ON a.id = g.axis_id JOIN group_values v ON v.id = g.value_id
         WHERE {}",
        conn.among_ids("g.customer_id", 1)
    ))?;
    let found = groups.query_map([list], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(found.collect::<super::db::Result<_>>()?)
}

/// The custom values of the customers in `list` ([`id_list`]), as (customer id, field id, value
/// as stored).
pub(crate) fn custom_values_of(conn: &Db, list: &str) -> Result<Vec<(i64, i64, String)>> {
    let mut values = conn.prepare_cached(&format!(
        "SELECT customer_id, field_id, value FROM custom_values WHERE {}",
        conn.among_ids("customer_id", 1)
    ))?;
    let found = values.query_map([list], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(found.collect::<super::db::Result<_>>()?)
}
