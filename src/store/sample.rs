//! Sample data written into a book: generated items, price levels with their prices, special
//! prices and trading history, numbered after what the book already holds. `clientele demo`,
//! the window's "Load sample data" and the benches all fill books through these.

use super::{LoadLevel, PriceLoad, Result, Store, StoreError};
use crate::domain::customer::Customer;
use crate::domain::sample::Generator;
use crate::domain::sample_prices::{PriceItem, PriceParty, SpecialPrices, level_name, level_price, sample_level};
use crate::domain::sample_trading::{CustomerFacts, Trading, TradingPlan, sample_item};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The n-th sample customer of a seed, its price level one of `levels` (the book's, once this run
/// has added its own) when there are any; returned with n.
pub fn sample_customer(generator: &Generator, seed: u64, n: u64, levels: &[String]) -> (u64, Customer) {
    let mut customer = generator.customer(n);
    customer.price_level = sample_level(seed, n, &customer.price_level, levels);
    (n, customer)
}

impl Store {
    /// Adds `count` generated items, numbered after those already in the book so a second run
    /// adds new ones.
    pub fn add_sample_items(&mut self, seed: u64, count: u64) -> Result<u64> {
        if count == 0 {
            return Ok(0);
        }
        let first = self.item_count()?;
        let ids = self.insert_items((first..first + count).map(|n| sample_item(seed, n)))?;
        Ok(ids.len() as u64)
    }

    /// The `count` levels to add, as (sample number, name): the next sample names the book does
    /// not have yet ("Retail", "Wholesale", ... then "Retail 2", ...).
    pub fn new_sample_levels(&self, count: u64) -> Result<Vec<(u64, String)>> {
        let taken: Vec<String> = self.price_levels()?.into_iter().map(|l| l.name.to_lowercase()).collect();
        Ok((0..)
            .map(|n| (n, level_name(n)))
            .filter(|(_, name)| !taken.contains(&name.to_lowercase()))
            .take(usize::try_from(count).unwrap_or(usize::MAX))
            .collect())
    }

    /// Adds the levels `new_levels` gave, each pricing most items of the book, and `specials`
    /// special prices among the book's customers and items (under their level price where they
    /// have one), in one transaction. `today` dates the special prices' periods.
    pub fn add_sample_prices(
        &mut self,
        seed: u64,
        new_levels: &[(u64, String)],
        specials: u64,
        today: NaiveDate,
        progress: impl FnMut(u64),
    ) -> Result<PriceLoad> {
        let items: Vec<PriceItem> = self
            .item_standard_prices()?
            .into_iter()
            .map(|(id, sales_price, purchase_price)| PriceItem { id, sales_price, purchase_price })
            .collect();
        let levels: Vec<LoadLevel> = new_levels
            .iter()
            .map(|(level, name)| LoadLevel {
                name: name.clone(),
                prices: (items.iter().enumerate())
                    .filter_map(|(i, item)| Some((item.id, level_price(seed, *level, i as u64, item.sales_price)?)))
                    .collect(),
            })
            .collect();
        if specials == 0 {
            return self.insert_prices(levels, std::iter::empty(), progress);
        }
        // Every level price the book will hold, by lower-case level name and item id.
        let mut by_level: HashMap<(String, i64), Decimal> = self
            .level_price_table()?
            .into_iter()
            .map(|(level, item, price)| ((level.to_lowercase(), item), price))
            .collect();
        for level in &levels {
            by_level.extend(level.prices.iter().map(|&(item, price)| ((level.name.to_lowercase(), item), price)));
        }
        let customers = self.customer_levels()?;
        let parties: Vec<PriceParty> = customers.iter().map(|&(id, role, _)| PriceParty { id, role }).collect();
        let party_levels: Vec<String> =
            customers.into_iter().map(|(_, _, level)| level.trim().to_lowercase()).collect();
        let generator =
            SpecialPrices::new(seed, today, &parties, &items).map_err(|e| StoreError::Rejected(e.to_string()))?;
        let level_price =
            |party: usize, item: usize| by_level.get(&(party_levels[party].clone(), items[item].id)).copied();
        let prices = (0..specials).map(|k| generator.special(k, level_price));
        self.insert_prices(levels, prices, progress)
    }

    /// Adds `count` generated vouchers dated `start..=end` among every customer and item of the
    /// book; returns how many vouchers and lines were added.
    pub fn add_sample_vouchers(
        &mut self,
        seed: u64,
        count: u64,
        (start, end): (NaiveDate, NaiveDate),
        progress: impl FnMut(u64),
    ) -> Result<(u64, u64)> {
        let facts: Vec<CustomerFacts> = self
            .customer_terms()?
            .into_iter()
            .map(|(id, role, payment_terms_days)| CustomerFacts { id, role, payment_terms_days })
            .collect();
        let item_ids = self.item_ids()?;
        let plan = TradingPlan {
            customers: facts.len() as u64,
            items: item_ids.len() as u64,
            vouchers: count,
            seed,
            start,
            end,
        };
        let trading = Trading::new(&plan, &facts).map_err(|e| StoreError::Rejected(e.to_string()))?;
        let lines_before = self.voucher_counts()?.1;
        // The generator numbers items 1..=N; the book's own ids may differ.
        let vouchers = trading.iter().map(|sample| {
            let mut voucher = sample.voucher;
            for line in &mut voucher.lines {
                let index = usize::try_from(line.item_id - 1).unwrap_or(usize::MAX);
                line.item_id = item_ids.get(index).copied().unwrap_or(line.item_id);
            }
            (voucher, sample.pays)
        });
        let added = self.insert_vouchers(vouchers, progress)?;
        Ok((added, self.voucher_counts()?.1 - lines_before))
    }
}
