//! A voucher line as entry makes it: the item's details, and the price and discount the price
//! resolver gives unless the clerk typed them. `clientele sale`/`purchase` and voucher imports
//! both build their lines here, so a line priced by either is priced alike.

use super::{Result, Store};
use crate::domain::customer::Customer;
use crate::domain::item::Item;
use crate::domain::pricing::{PriceQuery, PriceSide};
use crate::domain::voucher::{VoucherKind, VoucherLine};
use chrono::NaiveDate;
use rust_decimal::Decimal;

impl Store {
    /// One line of a sale or a purchase of `quantity` × `item` for `customer` on `date`. A typed
    /// `price` or `discount` wins over the resolver's; a resolved price keeps how it was found.
    #[allow(clippy::too_many_arguments)]
    pub fn entry_line(
        &self,
        customer: &Customer,
        item: &Item,
        kind: VoucherKind,
        quantity: Decimal,
        date: NaiveDate,
        price: Option<Decimal>,
        discount: Option<Decimal>,
    ) -> Result<VoucherLine> {
        let side = if kind == VoucherKind::Purchase { PriceSide::Purchase } else { PriceSide::Sales };
        let query = PriceQuery { quantity, date, discount_override: discount, use_last: false };
        let resolved = self.resolve_price(customer, item.id.unwrap_or_default(), side, &query)?;
        Ok(VoucherLine {
            item_id: item.id.unwrap_or_default(),
            item_code: item.code.clone(),
            item_name: item.name.clone(),
            unit: item.unit.clone(),
            quantity,
            unit_price: price.unwrap_or(resolved.unit_price),
            discount_pct: resolved.discount_pct,
            tax_rate: item.tax_rate,
            // A typed price explains itself; a resolved one keeps how it was found.
            price_basis: price.is_none().then(|| resolved.basis()),
        })
    }
}
