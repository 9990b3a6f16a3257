//! The level-price grid: items with their price at every level, edited many cells at a
//! time, and the bulk change "set a level to the standard price ± N %".

use super::db::{Db, params};
use super::prices::{decimal, level_id};
use super::{Result, Store, StoreError};
use crate::domain::customer::ProfileError;
use crate::domain::item::{Item, price_problem};
use crate::domain::price_change::price_from_standard;
use crate::domain::pricing::PriceLevel;
use rust_decimal::Decimal;

/// One item and its price at each level, in the order of `PriceGrid::levels`; `None` falls back to the standard price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceGridRow {
    pub item: Item,
    pub prices: Vec<Option<Decimal>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PriceGrid {
    pub levels: Vec<PriceLevel>,
    pub rows: Vec<PriceGridRow>,
    /// More items match than `rows` holds.
    pub truncated: bool,
}

/// One cell of the grid as the clerk left it: a price, or `None` to remove the level price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LevelPriceChange {
    pub item_id: i64,
    pub level_id: i64,
    pub price: Option<Decimal>,
}

/// Writes one level price (or removes it); the one writer of `level_prices` rows outside bulk loads.
pub(super) fn write_level_price(conn: &Db, item_id: i64, level_id: i64, price: Option<Decimal>) -> Result<()> {
    match price {
        Some(price) => {
            if let Some(problem) = price_problem(price) {
                return Err(StoreError::Invalid(vec![ProfileError::new("price", format!("The price {problem}"))]));
            }
            conn.prepare_cached(
                "INSERT INTO level_prices (item_id, level_id, price) VALUES (?1, ?2, ?3)
                 ON CONFLICT (item_id, level_id) DO UPDATE SET price = excluded.price",
            )?
            .execute(params![item_id, level_id, price.normalize().to_string()])?;
        }
        None => {
            conn.prepare_cached("DELETE FROM level_prices WHERE item_id = ?1 AND level_id = ?2")?
                .execute(params![item_id, level_id])?;
        }
    }
    Ok(())
}

impl Store {
    /// The items matching `search` (as the Items list matches them), at most `limit`, with every level's price.
    pub fn price_grid(&self, search: &str, include_inactive: bool, limit: usize) -> Result<PriceGrid> {
        let levels = self.price_levels()?;
        let mut items = self.find_items(search, include_inactive, limit.saturating_add(1))?;
        let truncated = items.len() > limit;
        items.truncate(limit);
        let mut statement =
            self.conn().prepare_cached("SELECT level_id, price FROM level_prices WHERE item_id = ?1")?;
        let mut rows = Vec::with_capacity(items.len());
        for item in items {
            let mut prices = vec![None; levels.len()];
            let Some(item_id) = item.id else { continue };
            let stored = statement
                .query_map([item_id], |r| Ok((r.get::<_, i64>(0)?, decimal(&r.get::<_, String>(1)?)?)))?
                .collect::<super::db::Result<Vec<_>>>()?;
            for (level, price) in stored {
                if let Some(slot) = levels.iter().position(|l| l.id == level) {
                    prices[slot] = Some(price);
                }
            }
            rows.push(PriceGridRow { item, prices });
        }
        Ok(PriceGrid { levels, rows, truncated })
    }

    /// Writes many cells in one transaction: all of them, or none when one is refused.
    pub fn set_level_prices(&mut self, changes: &[LevelPriceChange]) -> Result<usize> {
        let tx = self.write_tx()?;
        for change in changes {
            write_level_price(&tx, change.item_id, change.level_id, change.price)?;
        }
        tx.commit()?;
        Ok(changes.len())
    }

    /// How many items a bulk change over `search` would set.
    pub fn items_matching(&self, search: &str, include_inactive: bool) -> Result<usize> {
        Ok(self.find_items(search, include_inactive, i64::MAX as usize)?.len())
    }

    /// Sets `level` to each matching item's standard sales price moved by `percent`, rounded to the
    /// currency's decimals, in one transaction; returns how many items were set.
    pub fn set_level_from_standard(
        &mut self,
        level: &str,
        percent: Decimal,
        search: &str,
        include_inactive: bool,
    ) -> Result<usize> {
        let rounding = self.rounding()?;
        let items = self.find_items(search, include_inactive, i64::MAX as usize)?;
        let tx = self.write_tx()?;
        let level_id = level_id(&tx, level)?.ok_or_else(|| StoreError::LevelNotFound(level.trim().to_string()))?;
        let mut set = 0;
        for item in &items {
            let Some(item_id) = item.id else { continue };
            write_level_price(&tx, item_id, level_id, Some(price_from_standard(item.sales_price, percent, rounding)))?;
            set += 1;
        }
        tx.commit()?;
        Ok(set)
    }
}

/// Who names a level: customers (their own level), group values passing it on, and items priced at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LevelUsage {
    pub customers: u64,
    pub group_values: u64,
    pub item_prices: u64,
}

impl Store {
    /// How much a level is used.
    pub fn level_usage(&self, level: &PriceLevel) -> Result<LevelUsage> {
        let count = |sql: &str, key: &dyn super::db::ToValue| -> Result<u64> {
            Ok(self.conn().prepare_cached(sql)?.query_row([key], |r| r.get::<_, i64>(0))?.max(0) as u64)
        };
        Ok(LevelUsage {
            customers: count("SELECT COUNT(*) FROM customers WHERE lower(price_level) = lower(?1)", &level.name)?,
            group_values: count("SELECT COUNT(*) FROM group_terms WHERE lower(price_level) = lower(?1)", &level.name)?,
            item_prices: count("SELECT COUNT(*) FROM level_prices WHERE level_id = ?1", &level.id)?,
        })
    }
}
