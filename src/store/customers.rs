//! Customers: save (with contacts, groups, custom values, search text and history), load, delete.

use super::db::{Db, OptionalExtension, Row, ToValue, Value, params};
use super::groups::{axis_id, ensure_value};
use super::{Result, Store, StoreError, now_text};
use crate::domain::custom_field::FieldDef;
use crate::domain::customer::{Address, Change, Contact, Customer, EntityType, OnExceed, ProfileError, Role};
use crate::domain::search::search_document;
use crate::domain::text::{alnum_key, digits, duplicate_name_key, search_key};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The outcome of a save: the stored code, and any other customers that look like the same one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedCustomer {
    pub id: i64,
    pub code: String,
    pub duplicates: Vec<Duplicate>,
    pub changes: Vec<Change>,
}

/// Another customer that shares a tax ID, normalised name or phone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    pub code: String,
    pub name: String,
    /// "tax ID", "name" or "phone".
    pub reason: String,
}

impl std::fmt::Display for Duplicate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "same {} as {} {}", self.reason, self.code, self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    pub changed_at: String,
    pub field: String,
    pub old_value: String,
    pub new_value: String,
    /// Who made the change ('' before clerks were recorded).
    pub changed_by: String,
}

/// The derived keys stored beside a customer for ordering, search and duplicate checks.
struct Keys {
    name: String,
    code: String,
    tax: String,
    phone: String,
    email: String,
    dup_name: String,
}

impl Keys {
    fn of(customer: &Customer) -> Keys {
        Keys {
            name: search_key(&customer.name),
            code: search_key(&customer.code),
            tax: alnum_key(&customer.tax_id),
            phone: digits(&customer.phone),
            email: search_key(&customer.email),
            dup_name: duplicate_name_key(&customer.name),
        }
    }
}

pub(crate) const CUSTOMER_COLUMNS: &str =
    "code, name, role, entity_type, tax_id, representative, business_type, business_item,
    phone, mobile, fax, email, website,
    bill_lines, bill_city, bill_region, bill_postal_code, bill_country,
    ship_lines, ship_city, ship_region, ship_postal_code, ship_country,
    person_in_charge, memo, active, price_level, discount_rate, credit_limit, age_limit_days, on_exceed,
    on_exceed_own, payment_terms_days, name_key, code_key, tax_key, phone_key, email_key, dup_name_key, updated_at,
    updated_by";

/// A customer's columns in [`CUSTOMER_COLUMNS`] order, as every write stores them.
fn row_values<'a>(c: &'a Customer, keys: &'a Keys, now: &'a str, clerk: &'a str) -> [Value<'a>; 41] {
    let decimal = |d: Option<rust_decimal::Decimal>| Value::from(d.map(|d| d.normalize().to_string()));
    [
        c.code.to_value(),
        c.name.to_value(),
        Value::from(c.role.as_str()),
        Value::from(c.entity_type.as_str()),
        c.tax_id.to_value(),
        c.representative.to_value(),
        c.business_type.to_value(),
        c.business_item.to_value(),
        c.phone.to_value(),
        c.mobile.to_value(),
        c.fax.to_value(),
        c.email.to_value(),
        c.website.to_value(),
        c.billing_address.lines.to_value(),
        c.billing_address.city.to_value(),
        c.billing_address.region.to_value(),
        c.billing_address.postal_code.to_value(),
        c.billing_address.country.to_value(),
        c.shipping_address.lines.to_value(),
        c.shipping_address.city.to_value(),
        c.shipping_address.region.to_value(),
        c.shipping_address.postal_code.to_value(),
        c.shipping_address.country.to_value(),
        c.person_in_charge.to_value(),
        c.memo.to_value(),
        c.active.to_value(),
        c.price_level.to_value(),
        decimal(c.discount_rate),
        decimal(c.credit_limit),
        c.age_limit_days.to_value(),
        // Off is stored for an action left to the groups; on_exceed_own tells the two apart.
        Value::from(c.on_exceed.unwrap_or(OnExceed::Off).as_str()),
        Value::from(c.on_exceed.is_some()),
        c.payment_terms_days.to_value(),
        keys.name.to_value(),
        keys.code.to_value(),
        keys.tax.to_value(),
        keys.phone.to_value(),
        keys.email.to_value(),
        keys.dup_name.to_value(),
        Value::from(now),
        Value::from(clerk),
    ]
}

fn write_row(conn: &Db, id: Option<i64>, c: &Customer, keys: &Keys, now: &str) -> super::db::Result<i64> {
    let values = row_values(c, keys, now, conn.clerk());
    match id {
        None => {
            conn.prepare_cached(&INSERT_SQL)?.execute(&values[..])?;
            Ok(conn.last_insert_rowid()?)
        }
        Some(id) => {
            let mut all: Vec<Value<'_>> = values.into();
            all.push(Value::Integer(id));
            conn.prepare_cached(&UPDATE_SQL)?.execute(all)?;
            Ok(id)
        }
    }
}

/// Built once: formatting them per row showed up in bulk-load profiles.
static INSERT_SQL: LazyLock<String> = LazyLock::new(|| {
    let placeholders = (1..=41).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
    format!("INSERT INTO customers ({CUSTOMER_COLUMNS}, created_at) VALUES ({placeholders}, ?40)")
});

static UPDATE_SQL: LazyLock<String> = LazyLock::new(|| {
    let assignments = CUSTOMER_COLUMNS
        .split(',')
        .enumerate()
        .map(|(i, column)| format!("{} = ?{}", column.trim(), i + 1))
        .collect::<Vec<_>>()
        .join(", ");
    format!("UPDATE customers SET {assignments}, version = version + 1 WHERE id = ?42")
});

/// Inserts the customer row for a bulk load; duplicate codes are reported by code.
pub(crate) fn write_row_for_bulk(conn: &Db, prepared: &Prepared, now: &str) -> Result<i64> {
    write_row(conn, None, &prepared.customer, &prepared.keys, now)
        .map_err(|e| duplicate_code_or(e, &prepared.customer.code))
}

/// A customer with its derived keys and index text worked out, ready to write.
pub(crate) struct Prepared {
    pub customer: Customer,
    keys: Keys,
    pub doc: String,
}

impl Prepared {
    pub fn of(customer: Customer) -> Prepared {
        Prepared { keys: Keys::of(&customer), doc: search_document(&customer), customer }
    }

    /// The new customer's columns in [`CUSTOMER_COLUMNS`] order, for a writer that sends many
    /// rows at once.
    pub(crate) fn row_values<'a>(&'a self, now: &'a str, clerk: &'a str) -> [Value<'a>; 41] {
        row_values(&self.customer, &self.keys, now, clerk)
    }
}

/// Group (axis, value) names resolved to ids, remembered across the customers of one save or load.
#[derive(Default)]
pub(crate) struct GroupIds {
    ids: std::collections::HashMap<(String, String), (i64, i64)>,
    /// Axes that may be created when missing: an import's new axes, which its preview listed.
    new_axes: Vec<String>,
}

impl GroupIds {
    /// Ids that also create the axes `new_axes` the first time a value needs one.
    pub(crate) fn creating(new_axes: &[String]) -> GroupIds {
        GroupIds { new_axes: new_axes.to_vec(), ..GroupIds::default() }
    }

    /// The ids of `axis` and `value`, creating the value on a known axis when it is new (and
    /// the axis itself when it is one of `new_axes`).
    fn resolve(&mut self, conn: &Db, axis: &str, value: &str) -> Result<(i64, i64)> {
        let key = (axis.to_string(), value.to_string());
        if let Some(ids) = self.ids.get(&key) {
            return Ok(*ids);
        }
        let axis_id = match axis_id(conn, axis)? {
            Some(id) => id,
            None if self.new_axes.iter().any(|a| a.trim().eq_ignore_ascii_case(axis.trim())) => {
                super::groups::insert_axis(conn, &crate::domain::group::validate_name(axis)?)?
            }
            None => return Err(StoreError::UnknownAxis(axis.to_string())),
        };
        let ids = (axis_id, ensure_value(conn, axis_id, value)?);
        self.ids.insert(key, ids);
        Ok(ids)
    }
}

/// One row a customer has beside its own: a contact (position, name, title, phone, e-mail,
/// primary), a group membership (axis and value ids) or a custom value (field id, stored text).
pub(crate) enum ChildRow<'a> {
    Contact([Value<'a>; 6]),
    Group(i64, i64),
    Custom(i64, String),
}

/// Contacts, group memberships, custom values and the search text: everything
/// beside the row itself, replaced as a whole on every save.
pub(crate) fn write_children(
    conn: &Db,
    id: i64,
    customer: &Customer,
    doc: &str,
    fields: &BTreeMap<String, FieldDef>,
    group_ids: &mut GroupIds,
    replacing: bool,
) -> Result<()> {
    if replacing {
        conn.prepare_cached("DELETE FROM contacts WHERE customer_id = ?1")?.execute([id])?;
        conn.prepare_cached("DELETE FROM customer_groups WHERE customer_id = ?1")?.execute([id])?;
        conn.prepare_cached("DELETE FROM custom_values WHERE customer_id = ?1")?.execute([id])?;
        super::search::unindex_customer(conn, id)?;
    }
    let mut insert_contact = conn.prepare_cached(
        "INSERT INTO contacts (customer_id, position, name, title, phone, email, is_primary)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut insert_group =
        conn.prepare_cached("INSERT INTO customer_groups (customer_id, axis_id, value_id) VALUES (?1, ?2, ?3)")?;
    let mut insert_value =
        conn.prepare_cached("INSERT INTO custom_values (customer_id, field_id, value) VALUES (?1, ?2, ?3)")?;
    each_child(conn, customer, fields, group_ids, |row| {
        match row {
            ChildRow::Contact([position, name, title, phone, email, primary]) => {
                insert_contact.execute([Value::Integer(id), position, name, title, phone, email, primary])?
            }
            ChildRow::Group(axis_id, value_id) => insert_group.execute(params![id, axis_id, value_id])?,
            ChildRow::Custom(field_id, value) => insert_value.execute(params![id, field_id, value])?,
        };
        Ok(())
    })?;
    super::search::index_customer(conn, id, doc)
}

/// Hands each of a customer's contacts, group memberships and custom values to `row`, in the
/// order they are written, resolving group names to ids (creating new values) on the way.
pub(crate) fn each_child<'c>(
    conn: &Db,
    customer: &'c Customer,
    fields: &BTreeMap<String, FieldDef>,
    group_ids: &mut GroupIds,
    mut row: impl FnMut(ChildRow<'c>) -> Result<()>,
) -> Result<()> {
    for (position, contact) in customer.contacts.iter().enumerate() {
        row(ChildRow::Contact([
            Value::Integer(position as i64),
            Value::from(contact.name.trim()),
            Value::from(contact.title.trim()),
            Value::from(contact.phone.trim()),
            Value::from(contact.email.trim()),
            Value::from(contact.primary),
        ]))?;
    }
    let mut axes_done: Vec<i64> = Vec::with_capacity(customer.groups.len());
    for (axis, value) in &customer.groups {
        if value.trim().is_empty() {
            continue;
        }
        let (axis_id, value_id) = group_ids.resolve(conn, axis, value)?;
        // Axis names compare without case, so "region" and "Region" are one axis given twice.
        if axes_done.contains(&axis_id) {
            return Err(StoreError::Invalid(vec![ProfileError::new(
                "groups",
                format!("Group axis \"{axis}\" is given more than once; a customer holds one value per axis"),
            )]));
        }
        axes_done.push(axis_id);
        row(ChildRow::Group(axis_id, value_id))?;
    }
    for (key, value) in &customer.custom {
        let def = fields
            .get(key)
            .ok_or_else(|| StoreError::Field(crate::domain::custom_field::FieldError::Unknown(key.clone())))?;
        row(ChildRow::Custom(def.id, value.to_canonical()))?;
    }
    Ok(())
}

/// The columns `customer_from_row` reads, in its order. Reading by position rather than by
/// name keeps a long export from spending its time matching column names row after row.
pub(crate) const PROFILE_COLUMNS: &str = "id, code, name, role, entity_type, tax_id, representative, \
     business_type, business_item, phone, mobile, fax, email, website, \
     bill_lines, bill_city, bill_region, bill_postal_code, bill_country, \
     ship_lines, ship_city, ship_region, ship_postal_code, ship_country, \
     person_in_charge, memo, active, price_level, discount_rate, credit_limit, age_limit_days, \
     on_exceed, on_exceed_own, payment_terms_days";

fn address(row: &Row<'_>, first: usize) -> super::db::Result<Address> {
    Ok(Address {
        lines: row.get(first)?,
        city: row.get(first + 1)?,
        region: row.get(first + 2)?,
        postal_code: row.get(first + 3)?,
        country: row.get(first + 4)?,
    })
}

fn decimal_column(row: &Row<'_>, column: usize) -> super::db::Result<Option<rust_decimal::Decimal>> {
    let text: Option<String> = row.get(column)?;
    Ok(text.and_then(|t| t.parse().ok()))
}

/// A customer's own columns from a row selected with [`PROFILE_COLUMNS`]; contacts, groups and
/// custom values are read separately.
pub(crate) fn customer_from_row(row: &Row<'_>) -> super::db::Result<Customer> {
    let role: String = row.get(3)?;
    let entity: String = row.get(4)?;
    let on_exceed: String = row.get(31)?;
    let own_action: bool = row.get(32)?;
    Ok(Customer {
        id: Some(row.get(0)?),
        code: row.get(1)?,
        name: row.get(2)?,
        role: Role::parse(&role).unwrap_or_default(),
        entity_type: EntityType::parse(&entity).unwrap_or_default(),
        tax_id: row.get(5)?,
        representative: row.get(6)?,
        business_type: row.get(7)?,
        business_item: row.get(8)?,
        phone: row.get(9)?,
        mobile: row.get(10)?,
        fax: row.get(11)?,
        email: row.get(12)?,
        website: row.get(13)?,
        billing_address: address(row, 14)?,
        shipping_address: address(row, 19)?,
        person_in_charge: row.get(24)?,
        memo: row.get(25)?,
        active: row.get(26)?,
        price_level: row.get(27)?,
        discount_rate: decimal_column(row, 28)?,
        credit_limit: decimal_column(row, 29)?,
        age_limit_days: row.get(30)?,
        on_exceed: own_action.then(|| OnExceed::parse(&on_exceed).unwrap_or_default()),
        payment_terms_days: row.get(33)?,
        contacts: Vec::new(),
        groups: BTreeMap::new(),
        custom: BTreeMap::new(),
    })
}

pub(crate) fn read_customer(conn: &Db, id: i64, fields: &[FieldDef]) -> Result<Option<Customer>> {
    let Some(mut customer) = conn
        .prepare_cached(&format!("SELECT {PROFILE_COLUMNS} FROM customers WHERE id = ?1"))?
        .query_row([id], customer_from_row)
        .optional()?
    else {
        return Ok(None);
    };
    customer.contacts = conn
        .prepare_cached(
            "SELECT name, title, phone, email, is_primary FROM contacts WHERE customer_id = ?1 ORDER BY position, id",
        )?
        .query_map([id], |r| {
            Ok(Contact { name: r.get(0)?, title: r.get(1)?, phone: r.get(2)?, email: r.get(3)?, primary: r.get(4)? })
        })?
        .collect::<super::db::Result<_>>()?;
    customer.groups = conn
        .prepare_cached(
            "SELECT a.name, v.name FROM customer_groups g
             JOIN group_axes a ON a.id = g.axis_id JOIN group_values v ON v.id = g.value_id
             WHERE g.customer_id = ?1",
        )?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<super::db::Result<_>>()?;
    let stored: Vec<(i64, String)> = conn
        .prepare_cached("SELECT field_id, value FROM custom_values WHERE customer_id = ?1")?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<super::db::Result<_>>()?;
    for (field_id, text) in stored {
        if let Some(def) = fields.iter().find(|d| d.id == field_id) {
            customer.custom.insert(def.key.clone(), def.from_canonical(&text));
        }
    }
    Ok(Some(customer))
}

/// The next free automatic code: `C` and at least six digits.
fn next_code(conn: &Db) -> Result<String> {
    let stored: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = 'next_customer_number'")?
        .query_row([], |r| r.get(0))
        .optional()?;
    let mut number: u64 = stored.and_then(|s| s.parse().ok()).unwrap_or(1);
    let exists = |code: &str| -> Result<bool> {
        Ok(conn
            .prepare_cached("SELECT 1 FROM customers WHERE code = ?1")?
            .query_row([code], |_| Ok(()))
            .optional()?
            .is_some())
    };
    if exists(&auto_code(number))? {
        // Codes were taken by imports or the demo: continue after the highest one.
        number = highest_auto_number(conn)? + 1;
        while exists(&auto_code(number))? {
            number += 1;
        }
    }
    set_next_number(conn, number + 1)?;
    Ok(auto_code(number))
}

/// The highest number among codes of the automatic form (`C` and digits), 0 when none.
pub(crate) fn highest_auto_number(conn: &Db) -> Result<u64> {
    let highest: Option<i64> = conn.query_row(
        conn.pick(
            "SELECT MAX(CAST(substr(code, 2) AS INTEGER)) FROM customers WHERE code GLOB 'C[0-9]*'",
            // SQLite's CAST reads the leading digits ("C12x" is 12) and stops at the largest integer.
            "SELECT MAX(LEAST(CAST(substring(code FROM '^C([0-9]{1,18})') AS BIGINT), 9223372036854775807))
             FROM customers WHERE code ~ '^C[0-9]'",
        ),
        [],
        |r| r.get(0),
    )?;
    Ok(highest.unwrap_or(0).max(0) as u64)
}

pub(crate) fn set_next_number(conn: &Db, number: u64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES ('next_customer_number', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([number.to_string()])?;
    Ok(())
}

pub fn auto_code(number: u64) -> String {
    format!("C{number:06}")
}

fn find_duplicates_in(conn: &Db, customer: &Customer) -> Result<Vec<Duplicate>> {
    let keys = Keys::of(customer);
    let own_id = customer.id.unwrap_or(-1);
    let mut found: Vec<Duplicate> = Vec::new();
    let checks: [(&str, &str, &String); 3] = [
        (
            "tax ID",
            "SELECT code, name FROM customers WHERE tax_key = ?1 AND tax_key <> '' AND id <> ?2 LIMIT 5",
            &keys.tax,
        ),
        ("name", "SELECT code, name FROM customers WHERE dup_name_key = ?1 AND id <> ?2 LIMIT 5", &keys.dup_name),
        (
            "phone",
            "SELECT code, name FROM customers WHERE phone_key = ?1 AND phone_key <> '' AND id <> ?2 LIMIT 5",
            &keys.phone,
        ),
    ];
    for (reason, sql, key) in checks {
        if key.is_empty() {
            continue;
        }
        let rows: Vec<(String, String)> = conn
            .prepare_cached(sql)?
            .query_map(params![key, own_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<super::db::Result<_>>()?;
        found.extend(rows.into_iter().map(|(code, name)| Duplicate { code, name, reason: reason.into() }));
    }
    Ok(found)
}

fn record_history(conn: &Db, id: i64, now: &str, changes: &[Change]) -> Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO customer_history (customer_id, changed_at, field, old_value, new_value, changed_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for change in changes {
        insert.execute(params![id, now, change.field, change.old_value, change.new_value, conn.clerk()])?;
    }
    Ok(())
}

fn duplicate_code_or(error: super::db::DbError, code: &str) -> StoreError {
    match error {
        ref e if e.is_constraint_on("customers.code") => StoreError::DuplicateCode(code.to_string()),
        _ => error.into(),
    }
}

pub(crate) fn fields_by_key(fields: &[FieldDef]) -> BTreeMap<String, FieldDef> {
    fields.iter().map(|d| (d.key.clone(), d.clone())).collect()
}

/// Trims the one-line fields so stray spaces never make two codes or names differ.
fn tidy(customer: &Customer) -> Customer {
    let mut c = customer.clone();
    for value in [
        &mut c.code,
        &mut c.name,
        &mut c.tax_id,
        &mut c.representative,
        &mut c.business_type,
        &mut c.business_item,
        &mut c.phone,
        &mut c.mobile,
        &mut c.fax,
        &mut c.email,
        &mut c.website,
        &mut c.person_in_charge,
        &mut c.price_level,
    ] {
        *value = value.trim().to_string();
    }
    c.groups = c
        .groups
        .into_iter()
        .map(|(axis, value)| (axis.trim().to_string(), value.trim().to_string()))
        .filter(|(_, value)| !value.is_empty())
        .collect();
    c
}

/// Inserts a new customer inside the caller's transaction; a blank code gets the next automatic one.
pub(crate) fn insert_in(
    conn: &Db,
    customer: &Customer,
    fields: &[FieldDef],
    group_ids: &mut GroupIds,
) -> Result<SavedCustomer> {
    let stored = insert_unchecked_in(conn, customer, fields, &fields_by_key(fields), group_ids, &now_text())?;
    let duplicates = find_duplicates_in(conn, &stored)?;
    let id = stored.id.unwrap_or_default();
    Ok(SavedCustomer { id, code: stored.code, duplicates, changes: Vec::new() })
}

/// Inserts a new customer as [`insert_in`] does, without looking for likely duplicates (an import
/// reports those in its preview, not row by row). Returns the customer as stored: trimmed, with
/// its id and code, so the caller need not read it back.
pub(crate) fn insert_unchecked_in(
    conn: &Db,
    customer: &Customer,
    fields: &[FieldDef],
    by_key: &BTreeMap<String, FieldDef>,
    group_ids: &mut GroupIds,
    now: &str,
) -> Result<Customer> {
    let customer = numbered(conn, prepare_new(customer, fields)?)?;
    insert_prepared_in(conn, Prepared::of(customer), by_key, group_ids, now)
}

/// A new customer tidied and validated, ready for [`Prepared::of`] once it has a code. Needs no
/// connection, so a bulk writer can do it on another thread.
pub(crate) fn prepare_new(customer: &Customer, fields: &[FieldDef]) -> Result<Customer> {
    let mut customer = tidy(customer);
    customer.id = None;
    let errors = customer.validate(fields);
    if !errors.is_empty() {
        return Err(StoreError::Invalid(errors));
    }
    Ok(customer)
}

/// The customer with the next automatic code when it has none.
pub(crate) fn numbered(conn: &Db, mut customer: Customer) -> Result<Customer> {
    if customer.code.is_empty() {
        customer.code = next_code(conn)?;
    }
    Ok(customer)
}

/// Writes a prepared new customer with its children, search text and a "Created" history line;
/// returns it with its id.
pub(crate) fn insert_prepared_in(
    conn: &Db,
    prepared: Prepared,
    by_key: &BTreeMap<String, FieldDef>,
    group_ids: &mut GroupIds,
    now: &str,
) -> Result<Customer> {
    let id = write_row_for_bulk(conn, &prepared, now)?;
    write_children(conn, id, &prepared.customer, &prepared.doc, by_key, group_ids, false)?;
    let mut customer = prepared.customer;
    customer.id = Some(id);
    record_history(
        conn,
        id,
        now,
        &[Change { field: "Created".into(), old_value: String::new(), new_value: customer.name.clone() }],
    )?;
    Ok(customer)
}

/// Saves an edited customer (by `id`) inside the caller's transaction, with its history.
pub(crate) fn update_in(
    conn: &Db,
    customer: &Customer,
    fields: &[FieldDef],
    group_ids: &mut GroupIds,
) -> Result<SavedCustomer> {
    let customer = tidy(customer);
    let id = customer.id.ok_or_else(|| StoreError::CustomerNotFound(customer.code.clone()))?;
    let errors = customer.validate(fields);
    if !errors.is_empty() {
        return Err(StoreError::Invalid(errors));
    }
    let before = read_customer(conn, id, fields)?.ok_or_else(|| StoreError::CustomerNotFound(customer.code.clone()))?;
    let changes = customer.changes_from(&before, fields);
    if changes.is_empty() {
        let duplicates = find_duplicates_in(conn, &customer)?;
        return Ok(SavedCustomer { id, code: customer.code, duplicates, changes });
    }
    let now = now_text();
    write_row(conn, Some(id), &customer, &Keys::of(&customer), &now)
        .map_err(|e| duplicate_code_or(e, &customer.code))?;
    let doc = search_document(&customer);
    write_children(conn, id, &customer, &doc, &fields_by_key(fields), group_ids, true)?;
    record_history(conn, id, &now, &changes)?;
    let duplicates = find_duplicates_in(conn, &customer)?;
    Ok(SavedCustomer { id, code: customer.code, duplicates, changes })
}

impl Store {
    /// Stores a new customer. A blank code gets the next automatic one.
    pub fn insert_customer(&mut self, customer: &Customer) -> Result<SavedCustomer> {
        let fields = self.field_defs()?;
        let tx = self.write_tx()?;
        let saved = insert_in(&tx, customer, &fields, &mut GroupIds::default())?;
        tx.commit()?;
        Ok(saved)
    }

    /// Saves an edited customer (matched by `id`), recording each changed field in its history.
    pub fn update_customer(&mut self, customer: &Customer) -> Result<SavedCustomer> {
        self.update_customer_seen(customer, None)
    }

    /// Saves an edited customer a clerk opened at version `seen` ([`Store::customer_version`]):
    /// refused, naming who and when, if it was saved by anyone since.
    pub fn update_customer_seen(&mut self, customer: &Customer, seen: Option<i64>) -> Result<SavedCustomer> {
        let fields = self.field_defs()?;
        let tx = self.write_tx()?;
        if let (Some(id), Some(seen)) = (customer.id, seen) {
            let what = format!("Customer {} {}", customer.code.trim(), customer.name.trim());
            super::refuse_if_changed(&tx, super::Versioned::Customer, id, seen, &what)?;
        }
        let saved = update_in(&tx, customer, &fields, &mut GroupIds::default())?;
        tx.commit()?;
        Ok(saved)
    }

    /// How many times the customer was saved: what a form keeps to offer to
    /// [`Store::update_customer_seen`].
    pub fn customer_version(&self, id: i64) -> Result<Option<i64>> {
        Ok(self.conn().query_row("SELECT version FROM customers WHERE id = ?1", [id], |r| r.get(0)).optional()?)
    }

    pub fn customer(&self, id: i64) -> Result<Option<Customer>> {
        read_customer(self.conn(), id, &self.field_defs()?)
    }

    pub fn customer_by_code(&self, code: &str) -> Result<Option<Customer>> {
        let id: Option<i64> = self
            .conn()
            .prepare_cached("SELECT id FROM customers WHERE code = ?1")?
            .query_row([code.trim()], |r| r.get(0))
            .optional()?;
        match id {
            Some(id) => self.customer(id),
            None => Ok(None),
        }
    }

    /// Like `customer_by_code`, but a missing customer is an error.
    pub fn require_customer(&self, code: &str) -> Result<Customer> {
        self.customer_by_code(code)?.ok_or_else(|| StoreError::CustomerNotFound(code.trim().to_string()))
    }

    /// Other customers that share a tax ID, normalised name or phone with this one.
    pub fn find_duplicates(&self, customer: &Customer) -> Result<Vec<Duplicate>> {
        find_duplicates_in(self.conn(), &tidy(customer))
    }

    pub fn history(&self, id: i64) -> Result<Vec<HistoryEntry>> {
        let entries = self
            .conn()
            .prepare_cached(
                "SELECT changed_at, field, old_value, new_value, changed_by FROM customer_history
                 WHERE customer_id = ?1 ORDER BY id DESC",
            )?
            .query_map([id], |r| {
                Ok(HistoryEntry {
                    changed_at: r.get(0)?,
                    field: r.get(1)?,
                    old_value: r.get(2)?,
                    new_value: r.get(3)?,
                    changed_by: r.get(4)?,
                })
            })?
            .collect::<super::db::Result<_>>()?;
        Ok(entries)
    }

    /// Marks a customer inactive (kept with all its history), recording the change.
    pub fn set_active(&mut self, code: &str, active: bool) -> Result<SavedCustomer> {
        let mut customer = self.require_customer(code)?;
        customer.active = active;
        self.update_customer(&customer)
    }

    /// Whether any voucher (voided ones too: they stay in the ledger) names the customer.
    pub fn has_transactions(&self, id: i64) -> Result<bool> {
        Ok(self
            .conn()
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM vouchers WHERE customer_id = ?1)")?
            .query_row([id], |r| r.get(0))?)
    }

    /// Deletes a customer that has no transactions, with its contacts, groups, values and history.
    pub fn delete_customer(&mut self, id: i64) -> Result<()> {
        let code: String = self
            .conn()
            .query_row("SELECT code FROM customers WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::CustomerNotFound(format!("#{id}")))?;
        if self.has_transactions(id)? {
            return Err(StoreError::HasTransactions(code));
        }
        let tx = self.write_tx()?;
        super::search::unindex_customer(&tx, id)?;
        tx.execute("DELETE FROM customers WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }

    pub fn customer_count(&self) -> Result<u64> {
        Ok(self.conn().query_row("SELECT COUNT(*) FROM customers", [], |r| r.get::<_, i64>(0))? as u64)
    }
}
