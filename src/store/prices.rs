//! Price levels, level prices, special prices and the terms group values pass on;
//! and the inputs the price resolver needs for one customer and item.

use super::db::{Db, OptionalExtension, Row, Value, params, params_from_iter};
use super::groups::{axis_id, ensure_value};
use super::price_grid::write_level_price;
use super::vouchers::date_text;
use super::{Result, Store, StoreError, now_text};
use crate::domain::customer::{Customer, OnExceed, ProfileError};
use crate::domain::group::validate_name;
use crate::domain::item::{percent_problem, price_problem};
use crate::domain::pricing::{
    LastPrice, PartyPrice, PriceInputs, PriceLevel, PriceQuery, PriceSide, ResolvedPrice, SpecialPrice, resolve_price,
};
use crate::domain::terms::{EffectiveTerms, GroupDefaults, TermsSet, effective_terms};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A special price with the codes it is for, for listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialPriceRow {
    pub customer_code: String,
    pub item_code: String,
    pub price: PartyPrice,
}

/// One item's price at one level, for listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelPriceRow {
    pub item_code: String,
    pub level: String,
    pub price: Decimal,
}

/// Reads a stored exact decimal; text that is not one is a damaged row, reported as such.
pub(crate) fn decimal(text: &str) -> super::db::Result<Decimal> {
    text.parse().map_err(|e: rust_decimal::Error| super::db::DbError::Conversion(e.to_string()))
}

fn optional_decimal(row: &Row<'_>, column: impl super::db::ColumnIndex) -> super::db::Result<Option<Decimal>> {
    let text: Option<String> = row.get(column)?;
    Ok(text.and_then(|t| t.parse().ok()))
}

fn optional_date(row: &Row<'_>, column: impl super::db::ColumnIndex) -> super::db::Result<Option<NaiveDate>> {
    let text: Option<String> = row.get(column)?;
    Ok(text.and_then(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok()))
}

fn special_row(r: &Row<'_>) -> super::db::Result<SpecialPriceRow> {
    Ok(SpecialPriceRow {
        customer_code: r.get("customer_code")?,
        item_code: r.get("item_code")?,
        price: special_from_row(r)?,
    })
}

pub(super) fn special_from_row(row: &Row<'_>) -> super::db::Result<PartyPrice> {
    let side: String = row.get("side")?;
    Ok(PartyPrice {
        customer_id: row.get("customer_id")?,
        item_id: row.get("item_id")?,
        side: PriceSide::parse(&side).unwrap_or(PriceSide::Sales),
        special: SpecialPrice {
            id: row.get("id")?,
            price: decimal(&row.get::<_, String>("price")?)?,
            min_quantity: optional_decimal(row, "min_quantity")?,
            valid_from: optional_date(row, "valid_from")?,
            valid_to: optional_date(row, "valid_to")?,
        },
    })
}

/// Checks a group value's terms before they are stored.
fn terms_problems(terms: &TermsSet) -> Vec<ProfileError> {
    let mut problems = Vec::new();
    if let Some(discount) = terms.discount_pct
        && let Some(problem) = percent_problem(discount)
    {
        problems.push(ProfileError::new("discount", format!("The discount {problem}")));
    }
    if let Some(limit) = terms.credit_limit
        && let Some(problem) = price_problem(limit)
    {
        problems.push(ProfileError::new("credit_limit", format!("The credit limit {problem}")));
    }
    problems
}

impl Store {
    /// Every price level in its order.
    pub fn price_levels(&self) -> Result<Vec<PriceLevel>> {
        let mut statement =
            self.conn().prepare_cached("SELECT id, name, position FROM price_levels ORDER BY position, id")?;
        let levels = statement
            .query_map([], |r| Ok(PriceLevel { id: r.get(0)?, name: r.get(1)?, position: r.get(2)? }))?
            .collect::<super::db::Result<Vec<_>>>()?;
        Ok(levels)
    }

    /// Adds a level after the others.
    pub fn add_price_level(&mut self, name: &str) -> Result<PriceLevel> {
        let name = validate_name(name)?;
        let tx = self.write_tx()?;
        let position: i64 =
            tx.query_row("SELECT COALESCE(MAX(position), 0) + 1 FROM price_levels", [], |r| r.get(0))?;
        tx.prepare_cached("INSERT INTO price_levels (name, position) VALUES (?1, ?2)")?
            .execute(params![name, position])
            .map_err(|e| match e {
                ref e if e.is_constraint() => StoreError::DuplicateLevel(name.clone()),
                _ => e.into(),
            })?;
        let id = tx.last_insert_rowid()?;
        tx.commit()?;
        Ok(PriceLevel { id, name, position })
    }

    /// Adds each of `names` the book does not have yet (in that order, after the others).
    pub fn ensure_price_levels(&mut self, names: &[&str]) -> Result<()> {
        for name in names {
            if level_id(self.conn(), name)?.is_none() {
                self.add_price_level(name)?;
            }
        }
        Ok(())
    }

    /// Renames a level; customers and groups naming the old name follow it.
    pub fn rename_price_level(&mut self, old: &str, new: &str) -> Result<()> {
        let new = validate_name(new)?;
        let tx = self.write_tx()?;
        let id = level_id(&tx, old)?.ok_or_else(|| StoreError::LevelNotFound(old.trim().to_string()))?;
        tx.prepare_cached("UPDATE price_levels SET name = ?1 WHERE id = ?2")?.execute(params![new, id]).map_err(
            |e| match e {
                ref e if e.is_constraint() => StoreError::DuplicateLevel(new.clone()),
                _ => e.into(),
            },
        )?;
        tx.prepare_cached("UPDATE customers SET price_level = ?1 WHERE lower(price_level) = lower(?2)")?
            .execute(params![new, old.trim()])?;
        tx.prepare_cached("UPDATE group_terms SET price_level = ?1 WHERE lower(price_level) = lower(?2)")?
            .execute(params![new, old.trim()])?;
        tx.commit()?;
        Ok(())
    }

    /// Puts the levels in the order of `names`; levels not named keep their place after them.
    pub fn order_price_levels(&mut self, names: &[String]) -> Result<()> {
        let tx = self.write_tx()?;
        let mut ids = Vec::new();
        for name in names {
            ids.push(level_id(&tx, name)?.ok_or_else(|| StoreError::LevelNotFound(name.trim().to_string()))?);
        }
        let rest: Vec<i64> = tx
            .prepare("SELECT id FROM price_levels ORDER BY position, id")?
            .query_map([], |r| r.get(0))?
            .collect::<super::db::Result<Vec<i64>>>()?;
        let order = ids.iter().copied().chain(rest.into_iter().filter(|id| !ids.contains(id)));
        for (position, id) in order.enumerate() {
            tx.prepare_cached("UPDATE price_levels SET position = ?1 WHERE id = ?2")?
                .execute(params![position as i64 + 1, id])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Sets (or with `None` removes) an item's price at a level.
    pub fn set_level_price(&mut self, item_id: i64, level: &str, price: Option<Decimal>) -> Result<()> {
        let level_id =
            level_id(self.conn(), level)?.ok_or_else(|| StoreError::LevelNotFound(level.trim().to_string()))?;
        write_level_price(self.conn(), item_id, level_id, price)
    }

    /// Level prices, of one item or of all, by item code and level order.
    pub fn level_prices(&self, item_id: Option<i64>) -> Result<Vec<LevelPriceRow>> {
        let mut statement = self.conn().prepare_cached(
            "SELECT i.code, l.name, p.price FROM level_prices p
             JOIN items i ON i.id = p.item_id JOIN price_levels l ON l.id = p.level_id
             WHERE CAST(?1 AS BIGINT) IS NULL OR p.item_id = ?1
             ORDER BY i.code, l.position, l.id",
        )?;
        let rows = statement
            .query_map([item_id], |r| {
                Ok(LevelPriceRow { item_code: r.get(0)?, level: r.get(1)?, price: decimal(&r.get::<_, String>(2)?)? })
            })?
            .collect::<super::db::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Adds a special price and returns its id.
    pub fn add_special_price(&mut self, price: &PartyPrice) -> Result<i64> {
        let problems = price.problems();
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        insert_special_price_row(self.conn(), price, &now_text())
    }

    /// Rewrites special price `price.special.id` in place: whom and what it is for, its side, price,
    /// minimum quantity and validity. Saved vouchers keep the prices they were given.
    pub fn update_special_price(&mut self, price: &PartyPrice) -> Result<()> {
        let problems = price.problems();
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        let id = price.special.id;
        let changed = update_special_price_row(self.conn(), price)?;
        if changed == 0 {
            return Err(StoreError::Rejected(format!("there is no special price #{id}")));
        }
        Ok(())
    }

    /// Removes a special price; saved vouchers keep the prices they were given.
    pub fn delete_special_price(&mut self, id: i64) -> Result<()> {
        let removed = self.conn().prepare_cached("DELETE FROM special_prices WHERE id = ?1")?.execute([id])?;
        if removed == 0 {
            return Err(StoreError::Rejected(format!("there is no special price #{id}")));
        }
        Ok(())
    }

    /// Special prices of one customer, one item, both, or all; by customer and item code.
    pub fn special_prices(&self, customer_id: Option<i64>, item_id: Option<i64>) -> Result<Vec<SpecialPriceRow>> {
        self.special_prices_up_to(customer_id, item_id, None)
    }

    /// As `special_prices`, reading at most `limit` rows, so a list on screen stays quick in a large book.
    pub fn special_prices_up_to(
        &self,
        customer_id: Option<i64>,
        item_id: Option<i64>,
        limit: Option<usize>,
    ) -> Result<Vec<SpecialPriceRow>> {
        let limit = super::db::sql_limit(limit.unwrap_or(usize::MAX));
        let mut statement = self.conn().prepare_cached(
            "SELECT s.*, c.code AS customer_code, i.code AS item_code FROM special_prices s
             JOIN customers c ON c.id = s.customer_id JOIN items i ON i.id = s.item_id
             WHERE (CAST(?1 AS BIGINT) IS NULL OR s.customer_id = ?1) AND (CAST(?2 AS BIGINT) IS NULL OR s.item_id = ?2)
             ORDER BY c.code, i.code, s.side, s.id
             LIMIT ?3",
        )?;
        let rows = statement
            .query_map(params![customer_id, item_id, limit], special_row)?
            .collect::<super::db::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// One special price by its number, as `prices list` shows it.
    pub fn special_price(&self, id: i64) -> Result<Option<SpecialPriceRow>> {
        let mut statement = self.conn().prepare_cached(
            "SELECT s.*, c.code AS customer_code, i.code AS item_code FROM special_prices s
             JOIN customers c ON c.id = s.customer_id JOIN items i ON i.id = s.item_id
             WHERE s.id = ?1",
        )?;
        Ok(statement.query_row([id], special_row).optional()?)
    }

    /// Sets the terms a group value passes to its customers, creating the value on an existing axis if new.
    pub fn set_group_terms(&mut self, axis: &str, value: &str, terms: &TermsSet) -> Result<()> {
        let problems = terms_problems(terms);
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        let tx = self.write_tx()?;
        let axis_id = axis_id(&tx, axis)?.ok_or_else(|| StoreError::UnknownAxis(axis.trim().to_string()))?;
        let value_id = ensure_value(&tx, axis_id, value)?;
        if let Some(level) = terms.price_level.as_deref().filter(|l| !l.trim().is_empty())
            && level_id(&tx, level)?.is_none()
        {
            return Err(StoreError::LevelNotFound(level.trim().to_string()));
        }
        tx.prepare_cached(
            "INSERT INTO group_terms (value_id, price_level, discount_pct, credit_limit, age_limit_days, on_exceed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (value_id) DO UPDATE SET price_level = excluded.price_level,
                discount_pct = excluded.discount_pct, credit_limit = excluded.credit_limit,
                age_limit_days = excluded.age_limit_days, on_exceed = excluded.on_exceed",
        )?
        .execute(params![
            value_id,
            terms.price_level.as_deref().map(str::trim).filter(|l| !l.is_empty()),
            terms.discount_pct.map(|d| d.normalize().to_string()),
            terms.credit_limit.map(|d| d.normalize().to_string()),
            terms.age_limit_days,
            terms.on_exceed.map(|a| a.as_str()),
        ])?;
        tx.commit()?;
        Ok(())
    }

    /// The terms of the group values `customer_id` holds (or every value with terms), in axis order.
    pub fn group_terms(&self, customer_id: Option<i64>) -> Result<Vec<GroupDefaults>> {
        group_terms_on(self.conn(), customer_id)
    }

    /// A customer's effective terms with their sources.
    pub fn effective_terms(&self, customer: &Customer) -> Result<EffectiveTerms> {
        let groups = match customer.id {
            Some(id) => self.group_terms(Some(id))?,
            None => Vec::new(),
        };
        Ok(effective_terms(&TermsSet::from_customer(customer), &groups))
    }

    /// Everything the resolver needs to price `item_id` for `customer` on `side`.
    pub fn price_inputs(&self, customer: &Customer, item_id: i64, side: PriceSide) -> Result<PriceInputs> {
        let customer_id = customer.id.ok_or_else(|| StoreError::CustomerNotFound(customer.code.clone()))?;
        let item = self.item(item_id)?.ok_or_else(|| StoreError::ItemNotFound(format!("#{item_id}")))?;
        let terms = self.effective_terms(customer)?;
        let sales = side == PriceSide::Sales;
        let level_price = match (&terms.price_level, sales) {
            (Some(level), true) => self
                .conn()
                .prepare_cached(
                    "SELECT p.price FROM level_prices p JOIN price_levels l ON l.id = p.level_id
                     WHERE p.item_id = ?1 AND lower(l.name) = lower(?2)",
                )?
                .query_row(params![item_id, level.value.trim()], |r| decimal(&r.get::<_, String>(0)?))
                .optional()?,
            _ => None,
        };
        let level_unknown = match (&terms.price_level, sales) {
            (Some(level), true) => level_price.is_none() && level_id(self.conn(), &level.value)?.is_none(),
            _ => false,
        };
        let specials = self
            .conn()
            .prepare_cached(
                "SELECT * FROM special_prices WHERE customer_id = ?1 AND item_id = ?2 AND side = ?3 ORDER BY id",
            )?
            .query_map(params![customer_id, item_id, side.as_str()], special_from_row)?
            .map(|row| row.map(|p| p.special))
            .collect::<super::db::Result<Vec<_>>>()?;
        let kind = if sales { "sale" } else { "purchase" };
        let last = self
            .conn()
            .prepare_cached(self.conn().pick(
                // CROSS JOIN keeps this order: the customer's vouchers newest first, stopping at
                // the first with the item. Led by the item instead, a popular item's hundred
                // thousand lines were read one by one (47 ms a line on the bench database).
                "SELECT l.unit_price, v.date, v.number FROM vouchers v
                 CROSS JOIN voucher_lines l ON l.voucher_id = v.id AND l.item_id = ?3
                 WHERE v.customer_id = ?1 AND v.kind = ?2 AND v.voided = 0
                 ORDER BY v.date DESC, v.id DESC LIMIT 1",
                // PostgreSQL's planner chooses the order from its statistics.
                "SELECT l.unit_price, v.date, v.number FROM vouchers v
                 JOIN voucher_lines l ON l.voucher_id = v.id AND l.item_id = ?3
                 WHERE v.customer_id = ?1 AND v.kind = ?2 AND v.voided = 0
                 ORDER BY v.date DESC, v.id DESC LIMIT 1",
            ))?
            .query_row(params![customer_id, kind, item_id], |r| {
                let date: String = r.get(1)?;
                Ok(LastPrice {
                    price: decimal(&r.get::<_, String>(0)?)?,
                    date: NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap_or_default(),
                    number: r.get(2)?,
                })
            })
            .optional()?;
        Ok(PriceInputs {
            side,
            currency: self.currency()?,
            standard_price: if sales { item.sales_price } else { item.purchase_price },
            level: if sales { terms.price_level } else { None },
            level_price,
            level_unknown,
            specials,
            discount_pct: if sales { terms.discount_pct } else { None },
            last,
        })
    }

    /// Resolves one line's price for `customer` by the rule in `domain::pricing`.
    pub fn resolve_price(
        &self,
        customer: &Customer,
        item_id: i64,
        side: PriceSide,
        query: &PriceQuery,
    ) -> Result<ResolvedPrice> {
        Ok(resolve_price(&self.price_inputs(customer, item_id, side)?, query))
    }
}

pub(super) fn level_id(conn: &Db, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM price_levels WHERE lower(name) = lower(?1)")?
        .query_row([name.trim()], |r| r.get(0))
        .optional()?)
}

/// The terms of the group values `customer_id` holds (or every value with terms), in axis order.
pub(crate) fn group_terms_on(conn: &Db, customer_id: Option<i64>) -> Result<Vec<GroupDefaults>> {
    let mut statement = conn.prepare_cached(
        "SELECT a.name, v.name, t.price_level, t.discount_pct, t.credit_limit, t.age_limit_days, t.on_exceed
         FROM group_terms t
         JOIN group_values v ON v.id = t.value_id JOIN group_axes a ON a.id = v.axis_id
         WHERE CAST(?1 AS BIGINT) IS NULL OR t.value_id IN (SELECT value_id FROM customer_groups WHERE customer_id = ?1)
         ORDER BY a.position, a.id, v.name",
    )?;
    let rows = statement
        .query_map([customer_id], |r| {
            let on_exceed: Option<String> = r.get(6)?;
            Ok(GroupDefaults {
                axis: r.get(0)?,
                value: r.get(1)?,
                terms: TermsSet {
                    price_level: r.get(2)?,
                    discount_pct: optional_decimal(r, 3)?,
                    credit_limit: optional_decimal(r, 4)?,
                    age_limit_days: r.get(5)?,
                    on_exceed: on_exceed.as_deref().and_then(OnExceed::parse),
                },
            })
        })?
        .collect::<super::db::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Writes one special price, already checked, and returns its id.
pub(crate) fn insert_special_price_row(conn: &Db, price: &PartyPrice, now: &str) -> Result<i64> {
    let mut values = special_price_values(price);
    values.push(Value::from(now.to_string()));
    conn.prepare_cached(
        "INSERT INTO special_prices (customer_id, item_id, side, price, min_quantity, valid_from, valid_to, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params_from_iter(values))?;
    Ok(conn.last_insert_rowid()?)
}

/// Special price `id` as stored.
pub(crate) fn read_special_price(conn: &Db, id: i64) -> Result<Option<PartyPrice>> {
    Ok(conn
        .prepare_cached("SELECT * FROM special_prices WHERE id = ?1")?
        .query_row([id], special_from_row)
        .optional()?)
}

/// Rewrites special price `price.special.id` (already checked); returns how many rows changed.
pub(crate) fn update_special_price_row(conn: &Db, price: &PartyPrice) -> Result<usize> {
    let id = price.special.id;
    let mut values = special_price_values(price);
    values.push(Value::from(id));
    conn.prepare_cached(
        "UPDATE special_prices SET customer_id = ?1, item_id = ?2, side = ?3, price = ?4,
                min_quantity = ?5, valid_from = ?6, valid_to = ?7
             WHERE id = ?8",
    )?
    .execute(params_from_iter(values))
    .map_err(|e| match e {
        // The only constraints here are the references to the customer and the item.
        ref e if e.is_constraint() => StoreError::Rejected(format!(
            "special price #{id} cannot be for a customer or an item the book does not have"
        )),
        _ => e.into(),
    })
}

/// The columns [`special_price_values`] gives, in its order.
pub(crate) const SPECIAL_PRICE_COLUMNS: &str = "customer_id, item_id, side, price, min_quantity, valid_from, valid_to";

/// A special price's columns as stored, customer_id to valid_to, for the insert and the update alike.
pub(crate) fn special_price_values(price: &PartyPrice) -> Vec<Value<'static>> {
    let special = &price.special;
    let text = |decimal: Decimal| Value::from(decimal.normalize().to_string());
    vec![
        Value::from(price.customer_id),
        Value::from(price.item_id),
        Value::from(price.side.as_str().to_string()),
        text(special.price),
        special.min_quantity.map_or(Value::Null, text),
        special.valid_from.map_or(Value::Null, |d| Value::from(date_text(d))),
        special.valid_to.map_or(Value::Null, |d| Value::from(date_text(d))),
    ]
}
