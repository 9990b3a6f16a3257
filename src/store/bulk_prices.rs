//! Bulk loading of price data: levels with their item prices and many special
//! prices in one transaction, for generated data (and later imports).

use super::bulk::{REBUILD_INDEXES_FROM, ServerRows, drop_foreign_keys, drop_secondary_indexes, gather_statistics};
use super::db::{Db, Engine, OptionalExtension, Value, id_list, params};
use super::prices::{SPECIAL_PRICE_COLUMNS, decimal, insert_special_price_row, special_price_values};
use super::{Result, Store, StoreError, now_text};
use crate::domain::customer::{ProfileError, Role};
use crate::domain::group::validate_name;
use crate::domain::item::price_problem;
use crate::domain::pricing::PartyPrice;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// A price level to add after the book's own, with its prices by item id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadLevel {
    pub name: String,
    pub prices: Vec<(i64, Decimal)>,
}

/// What a price load added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PriceLoad {
    pub levels: u64,
    pub level_prices: u64,
    pub special_prices: u64,
}

impl Store {
    /// Every item's id and standard sales and purchase prices, by id.
    pub fn item_standard_prices(&self) -> Result<Vec<(i64, Decimal, Decimal)>> {
        let mut statement = self.conn().prepare("SELECT id, sales_price, purchase_price FROM items ORDER BY id")?;
        let rows = statement
            .query_map([], |r| Ok((r.get(0)?, decimal(&r.get::<_, String>(1)?)?, decimal(&r.get::<_, String>(2)?)?)))?
            .collect::<super::db::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Every customer's id, role and own price level (empty when none), by id.
    pub fn customer_levels(&self) -> Result<Vec<(i64, Role, String)>> {
        let mut statement = self.conn().prepare("SELECT id, role, price_level FROM customers ORDER BY id")?;
        let rows = statement
            .query_map([], |r| {
                let role: String = r.get(1)?;
                Ok((r.get(0)?, Role::parse(&role).unwrap_or_default(), r.get(2)?))
            })?
            .collect::<super::db::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Every level price as (level name, item id, price).
    pub fn level_price_table(&self) -> Result<Vec<(String, i64, Decimal)>> {
        let mut statement = self.conn().prepare(
            "SELECT l.name, p.item_id, p.price FROM level_prices p JOIN price_levels l ON l.id = p.level_id
             ORDER BY l.position, l.id, p.item_id",
        )?;
        let rows = statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, decimal(&r.get::<_, String>(2)?)?)))?
            .collect::<super::db::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Adds levels (after the book's own, with their item prices) and special prices in one
    /// transaction, as a whole or not at all. The rules of adding them one by one apply: level
    /// names are new, prices valid, and every customer and item named exists. `progress` is told
    /// how many special prices are done every 10,000.
    ///
    /// On a server the prices go with COPY, a level or a chunk of special prices at a time, the
    /// customers and items they name looked up in one query each.
    pub fn insert_prices(
        &mut self,
        levels: Vec<LoadLevel>,
        specials: impl IntoIterator<Item = PartyPrice>,
        mut progress: impl FnMut(u64),
    ) -> Result<PriceLoad> {
        let mut specials = specials.into_iter();
        let rows = specials.size_hint().0 + levels.iter().map(|l| l.prices.len()).sum::<usize>();
        self.with_bulk_pragmas(|store| {
            let tx = store.write_tx()?;
            let tables = ["level_prices", "special_prices"];
            let (indexes, keys) = if rows < REBUILD_INDEXES_FROM {
                (Vec::new(), Vec::new())
            } else {
                (drop_secondary_indexes(&tx, &tables)?, drop_foreign_keys(&tx, &tables)?)
            };
            let now = now_text();
            let server = tx.engine() == Engine::Postgres;
            let mut known = Known::default();
            let mut load = PriceLoad::default();
            let mut position: i64 =
                tx.query_row("SELECT COALESCE(MAX(position), 0) FROM price_levels", [], |r| r.get(0))?;
            for level in levels {
                let name = validate_name(&level.name)?;
                let taken =
                    tx.prepare_cached("SELECT 1 FROM price_levels WHERE lower(name) = lower(?1)")?.exists([&name])?;
                if taken {
                    return Err(StoreError::DuplicateLevel(name));
                }
                position += 1;
                tx.prepare_cached("INSERT INTO price_levels (name, position) VALUES (?1, ?2)")?
                    .execute(params![name, position])?;
                let level_id = tx.last_insert_rowid()?;
                load.levels += 1;
                if server {
                    known.look_up(&tx, [], level.prices.iter().map(|&(item, _)| item))?;
                }
                let mut insert = tx.prepare_cached(
                    "INSERT INTO level_prices (item_id, level_id, price) VALUES (?1, ?2, ?3)
                     ON CONFLICT (item_id, level_id) DO UPDATE SET price = excluded.price",
                )?;
                // On a server: each item's last price, as the insert's ON CONFLICT keeps it.
                let mut last_price: BTreeMap<i64, String> = BTreeMap::new();
                for (item_id, price) in level.prices {
                    if let Some(problem) = price_problem(price) {
                        return Err(StoreError::Invalid(vec![ProfileError::new(
                            "price",
                            format!("The price {problem}"),
                        )]));
                    }
                    known.item(&tx, item_id)?;
                    if server {
                        last_price.insert(item_id, price.normalize().to_string());
                    } else {
                        insert.execute(params![item_id, level_id, price.normalize().to_string()])?;
                    }
                    load.level_prices += 1;
                }
                if server {
                    let mut copy = ServerRows::into_table("level_prices", "item_id, level_id, price");
                    for (item_id, price) in last_price {
                        copy.push([Value::Integer(item_id), Value::Integer(level_id), Value::from(price)]);
                    }
                    copy.send(&tx)?;
                }
            }
            let mut copy = ServerRows::into_table("special_prices", &format!("{SPECIAL_PRICE_COLUMNS}, created_at"));
            loop {
                let chunk: Vec<PartyPrice> = specials.by_ref().take(CHUNK).collect();
                if chunk.is_empty() {
                    break;
                }
                if server {
                    known.look_up(&tx, chunk.iter().map(|p| p.customer_id), chunk.iter().map(|p| p.item_id))?;
                }
                for price in chunk {
                    let problems = price.problems();
                    if !problems.is_empty() {
                        return Err(StoreError::Invalid(problems));
                    }
                    known.customer(&tx, price.customer_id)?;
                    known.item(&tx, price.item_id)?;
                    if server {
                        copy.push(special_price_values(&price).into_iter().chain([Value::from(now.as_str())]));
                    } else {
                        insert_special_price_row(&tx, &price, &now)?;
                    }
                    load.special_prices += 1;
                    if load.special_prices.is_multiple_of(10_000) {
                        progress(load.special_prices);
                    }
                }
                copy.send(&tx)?;
            }
            for sql in indexes.iter().map(|(_, sql)| sql).chain(&keys) {
                tx.execute_batch(sql)?;
            }
            if !indexes.is_empty() {
                gather_statistics(&tx, &tables)?;
            }
            tx.commit()?;
            progress(load.special_prices);
            Ok(load)
        })
    }
}

/// Special prices taken from the load at a time: on a server, those looked up and sent together.
const CHUNK: usize = 8_192;

/// Customers and items found so far in a load: with SQLite's foreign key checks off
/// during a bulk load, the loader checks each id itself, once.
#[derive(Default)]
struct Known {
    customers: HashSet<i64>,
    items: HashSet<i64>,
}

impl Known {
    /// On a server: takes in which of these customers and items exist, one query for each kind,
    /// rather than one for each id.
    fn look_up(
        &mut self,
        conn: &Db,
        customers: impl IntoIterator<Item = i64>,
        items: impl IntoIterator<Item = i64>,
    ) -> Result<()> {
        for (ids, known, table) in [
            (customers.into_iter().collect::<Vec<_>>(), &mut self.customers, "customers"),
            (items.into_iter().collect(), &mut self.items, "items"),
        ] {
            let wanted: BTreeSet<i64> = ids.into_iter().filter(|id| !known.contains(id)).collect();
            if wanted.is_empty() {
                continue;
            }
            let found = conn
                .prepare_cached(&format!("SELECT id FROM {table} WHERE {}", conn.among_ids("id", 1)))?
                .query_map([id_list(&wanted)], |r| r.get(0))?
                .collect::<super::db::Result<Vec<i64>>>()?;
            known.extend(found);
        }
        Ok(())
    }

    fn customer(&mut self, conn: &Db, id: i64) -> Result<()> {
        if !self.customers.contains(&id) {
            if !exists(conn, "SELECT 1 FROM customers WHERE id = ?1", id)? {
                return Err(StoreError::CustomerNotFound(format!("#{id}")));
            }
            self.customers.insert(id);
        }
        Ok(())
    }

    fn item(&mut self, conn: &Db, id: i64) -> Result<()> {
        if !self.items.contains(&id) {
            if !exists(conn, "SELECT 1 FROM items WHERE id = ?1", id)? {
                return Err(StoreError::ItemNotFound(format!("#{id}")));
            }
            self.items.insert(id);
        }
        Ok(())
    }
}

fn exists(conn: &Db, sql: &str, id: i64) -> Result<bool> {
    Ok(conn.prepare_cached(sql)?.query_row([id], |_| Ok(())).optional()?.is_some())
}
