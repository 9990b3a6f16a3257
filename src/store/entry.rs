//! A voucher line as entry makes it: the price resolver's answer for the line, built into a line
//! by the one rule (`VoucherLine::entered`) the window uses too. `clientele sale`/`purchase` and
//! voucher imports both build their lines here, so a line priced by either is priced alike.

use super::{Result, Store};
use crate::domain::customer::Customer;
use crate::domain::item::Item;
use crate::domain::pricing::{PriceQuery, PriceSide};
use crate::domain::voucher::{LineEntry, VoucherKind, VoucherLine};
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
        Ok(VoucherLine::entered(LineEntry {
            item,
            quantity,
            typed_price: price,
            // The resolver already took a typed discount (`discount_override`).
            typed_discount: None,
            resolved: Some(&resolved),
            standard_price: resolved.unit_price,
            standard_discount: resolved.discount_pct,
        }))
    }
}
