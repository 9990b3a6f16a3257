//! Items (products and services): add, edit, find, activate, and delete while unused.

use super::db::{Db, OptionalExtension, Row, params};
use super::{Result, Store, StoreError, exact_decimal, now_text};
use crate::domain::item::Item;
use crate::domain::text::search_key;

pub(crate) fn item_from_row(row: &Row<'_>) -> super::db::Result<Item> {
    Ok(Item {
        id: Some(row.get("id")?),
        code: row.get("code")?,
        name: row.get("name")?,
        unit: row.get("unit")?,
        sales_price: exact_decimal(row, "sales_price")?,
        purchase_price: exact_decimal(row, "purchase_price")?,
        tax_rate: exact_decimal(row, "tax_rate")?,
        active: row.get("active")?,
    })
}

pub(crate) fn tidy(item: &Item) -> Item {
    Item {
        code: item.code.trim().to_string(),
        name: item.name.trim().to_string(),
        unit: item.unit.trim().to_string(),
        sales_price: item.sales_price.normalize(),
        purchase_price: item.purchase_price.normalize(),
        tax_rate: item.tax_rate.normalize(),
        ..item.clone()
    }
}

/// Inserts a tidied, valid item and returns its id; a code already taken is a clear error.
pub(crate) fn insert_item_row(conn: &Db, item: &Item, now: &str) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO items (code, code_key, name, name_key, unit, sales_price, purchase_price, tax_rate,
                            active, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
    )?
    .execute(params![
        item.code,
        search_key(&item.code),
        item.name,
        search_key(&item.name),
        item.unit,
        item.sales_price.to_string(),
        item.purchase_price.to_string(),
        item.tax_rate.to_string(),
        item.active,
        now
    ])
    .map_err(|e| duplicate_item_code_or(e, &item.code))?;
    Ok(conn.last_insert_rowid()?)
}

/// Rewrites item `id` with a tidied, valid `item`; returns how many rows changed (0: no such item).
pub(crate) fn update_item_row(conn: &Db, id: i64, item: &Item, now: &str) -> Result<usize> {
    conn.prepare_cached(
        "UPDATE items SET code = ?1, code_key = ?2, name = ?3, name_key = ?4, unit = ?5, sales_price = ?6,
                purchase_price = ?7, tax_rate = ?8, active = ?9, updated_at = ?10
         WHERE id = ?11",
    )?
    .execute(params![
        item.code,
        search_key(&item.code),
        item.name,
        search_key(&item.name),
        item.unit,
        item.sales_price.to_string(),
        item.purchase_price.to_string(),
        item.tax_rate.to_string(),
        item.active,
        now,
        id
    ])
    .map_err(|e| duplicate_item_code_or(e, &item.code))
}

pub(crate) fn read_item(conn: &Db, id: i64) -> Result<Option<Item>> {
    Ok(conn.prepare_cached("SELECT * FROM items WHERE id = ?1")?.query_row([id], item_from_row).optional()?)
}

impl Store {
    /// Adds an item; its code must be new.
    pub fn add_item(&mut self, item: &Item) -> Result<Item> {
        let item = tidy(item);
        let errors = item.validate();
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        if self.item_by_code(&item.code)?.is_some() {
            return Err(StoreError::DuplicateItemCode(item.code));
        }
        let id = insert_item_row(self.conn(), &item, &now_text())?;
        Ok(Item { id: Some(id), ..item })
    }

    /// Saves changes to an item found by its id; vouchers keep the code and name they were written with.
    pub fn update_item(&mut self, item: &Item) -> Result<Item> {
        let item = tidy(item);
        let id = item.id.ok_or_else(|| StoreError::ItemNotFound(item.code.clone()))?;
        let errors = item.validate();
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        if let Some(other) = self.item_by_code(&item.code)?
            && other.id != Some(id)
        {
            return Err(StoreError::DuplicateItemCode(item.code));
        }
        let changed = update_item_row(self.conn(), id, &item, &now_text())?;
        if changed == 0 {
            return Err(StoreError::ItemNotFound(item.code));
        }
        Ok(item)
    }

    pub fn item(&self, id: i64) -> Result<Option<Item>> {
        read_item(self.conn(), id)
    }

    /// The item with this code, compared without case.
    pub fn item_by_code(&self, code: &str) -> Result<Option<Item>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT * FROM items WHERE code_key = ?1 ORDER BY id LIMIT 1")?
            .query_row([search_key(code)], item_from_row)
            .optional()?)
    }

    /// Like `item_by_code`, but a missing item is an error.
    pub fn require_item(&self, code: &str) -> Result<Item> {
        self.item_by_code(code)?.ok_or_else(|| StoreError::ItemNotFound(code.trim().to_string()))
    }

    /// Items whose code or name starts with `query` (or every item for an empty query), exact code
    /// first, then by name; inactive ones only when asked.
    pub fn find_items(&self, query: &str, include_inactive: bool, limit: usize) -> Result<Vec<Item>> {
        let key = search_key(query);
        let pattern = format!("{}%", key.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        let mut statement = self.conn().prepare_cached(
            "SELECT * FROM items
             WHERE (?1 = '' OR code_key LIKE ?2 ESCAPE '\\' OR name_key LIKE ?2 ESCAPE '\\'
                    OR name_key LIKE '% ' || ?2 ESCAPE '\\')
               AND (CAST(?3 AS BIGINT) <> 0 OR active <> 0)
             ORDER BY code_key <> ?1, name_key, id
             LIMIT ?4",
        )?;
        let items = statement
            .query_map(params![key, pattern, include_inactive, super::db::sql_limit(limit)], item_from_row)?
            .collect::<super::db::Result<Vec<_>>>()?;
        Ok(items)
    }

    /// Whether any voucher line uses the item.
    pub fn item_has_transactions(&self, id: i64) -> Result<bool> {
        Ok(self
            .conn()
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM voucher_lines WHERE item_id = ?1)")?
            .query_row([id], |r| r.get(0))?)
    }

    pub fn set_item_active(&mut self, code: &str, active: bool) -> Result<Item> {
        let item = self.require_item(code)?;
        self.update_item(&Item { active, ..item })
    }

    /// Deletes an item no voucher uses; one with transactions is deactivated instead.
    pub fn delete_item(&mut self, code: &str) -> Result<()> {
        let item = self.require_item(code)?;
        let id = item.id.unwrap_or_default();
        if self.item_has_transactions(id)? {
            return Err(StoreError::ItemHasTransactions(item.code));
        }
        self.conn().prepare_cached("DELETE FROM items WHERE id = ?1")?.execute([id])?;
        Ok(())
    }

    /// Every item's id, in the order they were added.
    pub fn item_ids(&self) -> Result<Vec<i64>> {
        let mut statement = self.conn().prepare("SELECT id FROM items ORDER BY id")?;
        let ids = statement.query_map([], |r| r.get(0))?.collect::<super::db::Result<Vec<i64>>>()?;
        Ok(ids)
    }

    pub fn item_count(&self) -> Result<u64> {
        Ok(self.conn().query_row("SELECT COUNT(*) FROM items", [], |r| r.get::<_, i64>(0))? as u64)
    }
}

fn duplicate_item_code_or(error: super::db::DbError, code: &str) -> StoreError {
    match error {
        ref e if e.is_constraint() => StoreError::DuplicateItemCode(code.to_string()),
        _ => error.into(),
    }
}
