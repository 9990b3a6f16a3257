//! Deterministic sample price levels, level prices and special prices for the demo and benches.
//!
//! Like [`super::sample_trading`], every value comes from a small PRNG seeded by
//! `(seed, index)` alone. Level n is named by [`level_name`] and prices most items
//! (80–95%, drawn per level) at a discount off the standard sales price typical of
//! its kind (Retail 2–5%, Distributor 15–25%, …), rounded to the cent.
//!
//! [`SpecialPrices::special`] builds the k-th special price: 85% are sales prices
//! for a customer, the rest purchase prices from a vendor. Customers and items are
//! picked with the same skew, and the same big customers and best sellers, as the
//! voucher generator's, so those who trade most have the most special prices. 30%
//! start from a quantity (5, 10, 20 or 50), 40% hold for a period within the last
//! or next year; the price is a few percent under the customer's level price (or
//! the standard price), more for a quantity break.

use super::customer::Role;
use super::pricing::{PartyPrice, PriceSide, SpecialPrice};
use super::sample::Rng;
use super::sample_trading::Skew;
use chrono::{Days, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

// Distinct streams per use, so level n, customer n and special price n of one seed are unrelated.
const LEVEL_SALT: u64 = 0x1F83_D9AB_FB41_BD6B;
const LEVEL_ITEM_SALT: u64 = 0x5BE0_CD19_137E_2179;
const CUSTOMER_LEVEL_SALT: u64 = 0x428A_2F98_D728_AE22;
const SPECIAL_SALT: u64 = 0x7137_4491_23EF_65CD;
// Customers and items are picked with the voucher generator's own `Skew`, so the big
// customers and best sellers there are the big ones here too.

/// Level names in the order levels are created, with the usual discount range (percent) of each.
/// Retail, Wholesale and Online come first: the sample customers already name them.
const LEVELS: [(&str, u64, u64); 10] = [
    ("Retail", 2, 5),
    ("Wholesale", 10, 20),
    ("Online", 5, 10),
    ("Dealer", 12, 20),
    ("Distributor", 15, 25),
    ("VIP", 8, 15),
    ("Export", 10, 18),
    ("Staff", 15, 25),
    ("Hospital", 5, 12),
    ("School", 5, 12),
];

/// The name of the n-th sample level (n from 0): "Retail", …, "School", then "Retail 2", ….
pub fn level_name(n: u64) -> String {
    let base = LEVELS[(n % LEVELS.len() as u64) as usize].0;
    match n / LEVELS.len() as u64 {
        0 => base.to_string(),
        round => format!("{base} {}", round + 1),
    }
}

/// `base` less `basis_points` hundredths of a percent, rounded half up to the cent, never above `base`.
pub fn cut(base: Decimal, basis_points: u64) -> Decimal {
    let factor = Decimal::from(10_000u64.saturating_sub(basis_points)) / Decimal::from(10_000);
    (base * factor).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero).min(base).normalize()
}

/// Item `item`'s price at sample level `level`, or `None` when the level leaves it out.
pub fn level_price(seed: u64, level: u64, item: u64, standard: Decimal) -> Option<Decimal> {
    let (_, low, high) = LEVELS[(level % LEVELS.len() as u64) as usize];
    let coverage = Rng::for_customer(seed ^ LEVEL_SALT, level).range(80, 95);
    let mut rng = Rng::for_customer(seed ^ LEVEL_ITEM_SALT ^ level.wrapping_mul(0x9E37_79B9_7F4A_7C15), item);
    rng.chance(coverage).then(|| cut(standard, rng.range(low * 100, high * 100)))
}

/// The level the n-th sample customer holds in a book with `levels`, given the one the customer
/// generator drew. Without levels, or without a drawn level, it stays as drawn; a drawn name the
/// book has is kept (though with more than three levels, three in ten move to one of the others);
/// a name it lacks becomes one it has.
pub fn sample_level(seed: u64, n: u64, drawn: &str, levels: &[String]) -> String {
    if levels.is_empty() || drawn.trim().is_empty() {
        return drawn.to_string();
    }
    let mut rng = Rng::for_customer(seed ^ CUSTOMER_LEVEL_SALT, n);
    let known = levels.iter().find(|l| l.trim().eq_ignore_ascii_case(drawn.trim()));
    match known {
        Some(level) if levels.len() <= 3 || rng.chance(70) => level.clone(),
        _ if levels.len() > 3 => levels[3 + rng.below(levels.len() as u64 - 3) as usize].clone(),
        _ => levels[rng.below(levels.len() as u64) as usize].clone(),
    }
}

/// A customer or vendor as the special price generator sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PriceParty {
    pub id: i64,
    pub role: Role,
}

/// An item with its standard prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PriceItem {
    pub id: i64,
    pub sales_price: Decimal,
    pub purchase_price: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("special prices need at least one customer and one item")]
pub struct NothingToPrice;

#[derive(Debug, Clone)]
struct Pool {
    members: Vec<usize>,
    skew: Skew,
}

/// The special prices of one seed over a book's customers and items; cheap to query by index.
#[derive(Debug, Clone)]
pub struct SpecialPrices<'a> {
    seed: u64,
    today: NaiveDate,
    parties: &'a [PriceParty],
    items: &'a [PriceItem],
    buyers: Pool,
    suppliers: Pool,
    item_skew: Skew,
}

impl<'a> SpecialPrices<'a> {
    /// `parties` and `items` in id order (as the voucher generator takes them); dates fall around `today`.
    pub fn new(
        seed: u64,
        today: NaiveDate,
        parties: &'a [PriceParty],
        items: &'a [PriceItem],
    ) -> Result<SpecialPrices<'a>, NothingToPrice> {
        if parties.is_empty() || items.is_empty() {
            return Err(NothingToPrice);
        }
        let pool = |keep: fn(Role) -> bool, tag: u64| {
            let members: Vec<usize> = (0..parties.len()).filter(|&i| keep(parties[i].role)).collect();
            Pool { skew: Skew::new(members.len() as u64, seed, tag), members }
        };
        Ok(SpecialPrices {
            seed,
            today,
            parties,
            items,
            buyers: pool(|role| role != Role::Vendor, 1),
            suppliers: pool(|role| role != Role::Customer, 2),
            item_skew: Skew::new(items.len() as u64, seed, 3),
        })
    }

    /// The k-th special price (with id 0); `level_price(party, item)` gives the sales price at
    /// that party's level, by position in the slices, when it has one that prices the item.
    pub fn special(&self, k: u64, level_price: impl Fn(usize, usize) -> Option<Decimal>) -> PartyPrice {
        let mut rng = Rng::for_customer(self.seed ^ SPECIAL_SALT, k);
        let rng = &mut rng;
        let sales = match rng.chance(85) {
            _ if self.suppliers.members.is_empty() => true,
            _ if self.buyers.members.is_empty() => false,
            wanted => wanted,
        };
        let pool = if sales { &self.buyers } else { &self.suppliers };
        let party = pool.members[pool.skew.pick(rng) as usize];
        let item_at = self.item_skew.pick(rng) as usize;
        let item = &self.items[item_at];
        let min_quantity = rng.chance(30).then(|| Decimal::from(rng.pick(&[5u64, 10, 10, 20, 50])));
        // A few percent off; a quantity break a few more.
        let mut basis_points = rng.range(100, 600);
        if min_quantity.is_some() {
            basis_points += rng.range(100, 400);
        }
        let (valid_from, valid_to) = if rng.chance(40) { self.period(rng) } else { (None, None) };
        let base = if sales { level_price(party, item_at).unwrap_or(item.sales_price) } else { item.purchase_price };
        PartyPrice {
            customer_id: self.parties[party].id,
            item_id: item.id,
            side: if sales { PriceSide::Sales } else { PriceSide::Purchase },
            special: SpecialPrice { id: 0, price: cut(base, basis_points), min_quantity, valid_from, valid_to },
        }
    }

    /// A promotion or contract period starting within a year either side of today: mostly
    /// bounded at both ends (one to six months), else open at one end.
    fn period(&self, rng: &mut Rng) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let year_ago = self.today.checked_sub_days(Days::new(365)).unwrap_or(self.today);
        let from = year_ago.checked_add_days(Days::new(rng.below(730))).unwrap_or(self.today);
        let to = from.checked_add_days(Days::new(rng.range(30, 180))).unwrap_or(from);
        match rng.below(100) {
            0..80 => (Some(from), Some(to)),
            80..92 => (Some(from), None),
            _ => (None, Some(to)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 15).unwrap()
    }

    fn book() -> (Vec<PriceParty>, Vec<PriceItem>) {
        let parties = (0..400)
            .map(|i| PriceParty {
                id: 1000 + i,
                role: match i % 10 {
                    0 => Role::Vendor,
                    1 => Role::Both,
                    _ => Role::Customer,
                },
            })
            .collect();
        let items = (0..200)
            .map(|i| PriceItem {
                id: 5000 + i,
                sales_price: Decimal::new(50 + i * 137, 2),
                purchase_price: Decimal::new(30 + i * 91, 2),
            })
            .collect();
        (parties, items)
    }

    #[test]
    fn levels_are_named_realistically_and_numbered_past_ten() {
        let names: Vec<String> = (0..12).map(level_name).collect();
        assert_eq!(&names[..4], ["Retail", "Wholesale", "Online", "Dealer"]);
        assert_eq!(names[9], "School");
        assert_eq!(names[10], "Retail 2");
        assert_eq!(names[11], "Wholesale 2");
    }

    #[test]
    fn a_cut_is_rounded_to_the_cent_and_never_raises_a_price() {
        assert_eq!(cut(dec!(100), 250), dec!(97.5));
        assert_eq!(cut(dec!(19.99), 1000), dec!(17.99));
        assert_eq!(cut(dec!(0.01), 200), dec!(0.01));
        assert_eq!(cut(dec!(0), 500), dec!(0));
    }

    #[test]
    fn levels_price_most_items_at_a_discount_the_same_every_time() {
        for level in 0..10 {
            let standard = dec!(240.00);
            let prices: Vec<Option<Decimal>> = (0..1000).map(|i| level_price(7, level, i, standard)).collect();
            let again: Vec<Option<Decimal>> = (0..1000).map(|i| level_price(7, level, i, standard)).collect();
            assert_eq!(prices, again);
            let priced = prices.iter().flatten().count();
            assert!((750..=970).contains(&priced), "level {level} prices {priced} of 1000 items");
            for price in prices.iter().flatten() {
                // 2–25% off, to the cent.
                assert!(*price >= dec!(180) && *price <= dec!(235.20), "{price}");
                assert!(price.scale() <= 2);
            }
        }
        assert_ne!(
            (0..100).map(|i| level_price(7, 0, i, dec!(10))).collect::<Vec<_>>(),
            (0..100).map(|i| level_price(8, 0, i, dec!(10))).collect::<Vec<_>>(),
            "another seed, other prices"
        );
    }

    #[test]
    fn customers_keep_a_level_the_book_has_and_move_off_one_it_lacks() {
        let three: Vec<String> = (0..3).map(level_name).collect();
        let ten: Vec<String> = (0..10).map(level_name).collect();
        assert_eq!(sample_level(1, 5, "Online", &[]), "Online");
        assert_eq!(sample_level(1, 5, "", &ten), "");
        for n in 0..200 {
            assert_eq!(sample_level(1, n, "Wholesale", &three), "Wholesale");
            assert!(ten.contains(&sample_level(1, n, "Wholesale", &ten)));
            let two = &three[..2];
            assert!(two.contains(&sample_level(1, n, "Online", two)));
            assert_eq!(sample_level(1, n, "Retail", &ten), sample_level(1, n, "Retail", &ten));
        }
        let moved = (0..1000).filter(|&n| sample_level(1, n, "Retail", &ten) != "Retail").count();
        assert!((200..400).contains(&moved), "{moved} of 1000 moved to the other levels");
    }

    #[test]
    fn special_prices_have_the_promised_shape() {
        let (parties, items) = book();
        let specials = SpecialPrices::new(3, today(), &parties, &items).unwrap();
        let no_level = |_: usize, _: usize| None;
        let all: Vec<PartyPrice> = (0..4000).map(|k| specials.special(k, no_level)).collect();
        let again: Vec<PartyPrice> = (0..4000).rev().map(|k| specials.special(k, no_level)).collect();
        assert!(all.iter().eq(again.iter().rev()), "the k-th price does not depend on the others");

        let share = |keep: &dyn Fn(&PartyPrice) -> bool| all.iter().filter(|p| keep(p)).count() * 100 / all.len();
        let sales = share(&|p| p.side == PriceSide::Sales);
        assert!((80..=90).contains(&sales), "{sales}% sales");
        let with_min = share(&|p| p.special.min_quantity.is_some());
        assert!((25..=35).contains(&with_min), "{with_min}% with a minimum quantity");
        let dated = share(&|p| p.special.valid_from.is_some() || p.special.valid_to.is_some());
        assert!((35..=45).contains(&dated), "{dated}% dated");

        for price in &all {
            assert!(price.problems().is_empty(), "{price:?}");
            let party = parties.iter().find(|p| p.id == price.customer_id).unwrap();
            let item = items.iter().find(|i| i.id == price.item_id).unwrap();
            let standard = match price.side {
                PriceSide::Sales => {
                    assert_ne!(party.role, Role::Vendor, "{price:?}");
                    item.sales_price
                }
                PriceSide::Purchase => {
                    assert_ne!(party.role, Role::Customer, "{price:?}");
                    item.purchase_price
                }
            };
            assert!(price.special.price <= standard && price.special.price >= standard * dec!(0.89), "{price:?}");
            if let Some(min) = price.special.min_quantity {
                assert!([dec!(5), dec!(10), dec!(20), dec!(50)].contains(&min));
            }
            for date in [price.special.valid_from, price.special.valid_to].into_iter().flatten() {
                assert!((date - today()).num_days().abs() <= 365 + 180, "{date}");
            }
        }
    }

    #[test]
    fn big_customers_get_more_and_level_prices_are_the_base() {
        let (parties, items) = book();
        let specials = SpecialPrices::new(3, today(), &parties, &items).unwrap();
        let mut counts = std::collections::HashMap::<i64, usize>::new();
        for k in 0..4000 {
            *counts.entry(specials.special(k, |_, _| None).customer_id).or_default() += 1;
        }
        let mut sorted: Vec<usize> = counts.into_values().collect();
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        let top: usize = sorted.iter().take(20).sum();
        assert!(top * 100 / 4000 >= 35, "the top 5% of customers hold {top} of 4000");

        // Under a level's price when the customer has one.
        let level = |_: usize, item: usize| Some(cut(items[item].sales_price, 1500));
        for k in 0..500 {
            let price = specials.special(k, level);
            let item = items.iter().position(|i| i.id == price.item_id).unwrap();
            if price.side == PriceSide::Sales {
                assert!(price.special.price <= level(0, item).unwrap(), "{price:?}");
            }
        }
        assert!(SpecialPrices::new(3, today(), &parties, &[]).is_err());
        assert!(SpecialPrices::new(3, today(), &[], &items).is_err());
    }
}
