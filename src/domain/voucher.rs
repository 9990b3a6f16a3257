//! Vouchers: sales, purchases, collections, payments and opening balances, with
//! their line arithmetic, the one rounding rule, validation and numbering.
//!
//! Rounding rule: every line's supply amount (quantity × unit price less the
//! discount) and its tax are each rounded to the currency's decimals (2 unless
//! the company settings say otherwise), half away from zero; the line total is
//! their sum, and voucher totals are sums of the rounded line figures, so the
//! printed lines always add up to the printed total.

use super::customer::ProfileError;
use super::item::Item;
use super::item::{percent_problem, price_problem};
use super::money::{AMOUNT_DECIMALS, MAX_AMOUNT};
use super::pricing::{PriceBasis, ResolvedPrice};
use super::text::{self, MAX_LINE_CHARS, MAX_TEXT_CHARS};
use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

keyword_enum!(VoucherKind {
    Sale = "sale" / "Sale",
    Purchase = "purchase" / "Purchase",
    Collection = "collection" / "Collection",
    Payment = "payment" / "Payment",
    Opening = "opening" / "Opening balance",
});

keyword_enum!(PaymentMethod {
    Bank = "bank" / "Bank transfer",
    Cash = "cash" / "Cash",
    Card = "card" / "Card",
    Other = "other" / "Other",
});

impl VoucherKind {
    /// The letter that starts this kind's numbers: `S-2026-000123`.
    pub fn prefix(self) -> &'static str {
        match self {
            VoucherKind::Sale => "S",
            VoucherKind::Purchase => "P",
            VoucherKind::Collection => "C",
            VoucherKind::Payment => "Y",
            VoucherKind::Opening => "O",
        }
    }

    /// Sales and purchases carry item lines; the others carry one amount.
    pub fn has_lines(self) -> bool {
        matches!(self, VoucherKind::Sale | VoucherKind::Purchase)
    }

    /// Collections and payments settle invoices.
    pub fn is_settlement(self) -> bool {
        matches!(self, VoucherKind::Collection | VoucherKind::Payment)
    }
}

/// How line amounts are rounded: to `decimals` places, half away from zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rounding {
    pub decimals: u32,
}

impl Default for Rounding {
    fn default() -> Rounding {
        Rounding { decimals: 2 }
    }
}

impl Rounding {
    pub fn round(self, value: Decimal) -> Decimal {
        value.round_dp_with_strategy(self.decimals, RoundingStrategy::MidpointAwayFromZero)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherLine {
    pub item_id: i64,
    /// The item's code and name when the line was written, so old vouchers read as they were.
    pub item_code: String,
    pub item_name: String,
    pub unit: String,
    pub quantity: Decimal,
    pub unit_price: Decimal,
    /// Percent off the line: 5 means 5%.
    pub discount_pct: Decimal,
    /// Percent: 10 means 10%.
    pub tax_rate: Decimal,
    /// How the price was found when the line was entered; `None` when the clerk typed it.
    #[serde(default)]
    pub price_basis: Option<PriceBasis>,
}

/// A line's rounded figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Amounts {
    /// Before tax, after discount.
    pub supply: Decimal,
    pub tax: Decimal,
    pub total: Decimal,
}

// Saturating, not `+` and `*`: a typed or imported quantity of 10^25 must give an amount that
// `validate` refuses, never a panic. Within range the results are the same.
impl std::ops::Add for Amounts {
    type Output = Amounts;
    fn add(self, other: Amounts) -> Amounts {
        Amounts {
            supply: self.supply.saturating_add(other.supply),
            tax: self.tax.saturating_add(other.tax),
            total: self.total.saturating_add(other.total),
        }
    }
}

/// What a line being entered is built from: the item, how many, what the clerk typed, and the
/// price resolver's answer for this item, customer, quantity and date (if it gave one).
pub struct LineEntry<'a> {
    pub item: &'a Item,
    pub quantity: Decimal,
    pub typed_price: Option<Decimal>,
    pub typed_discount: Option<Decimal>,
    pub resolved: Option<&'a ResolvedPrice>,
    /// The item's standard price on this side (sales or purchase), for a line the resolver did not price.
    pub standard_price: Decimal,
    /// The customer's discount, for a line the resolver did not price.
    pub standard_discount: Decimal,
}

impl VoucherLine {
    /// A line as entry builds it, the one rule for the window, `clientele sale`/`purchase` and
    /// voucher imports: the item's code, name, unit and tax rate as they are now; a typed price
    /// wins over the resolver's and then explains itself, while a resolved one keeps how it was
    /// found; a typed discount wins over the resolver's.
    pub fn entered(entry: LineEntry<'_>) -> VoucherLine {
        let LineEntry { item, quantity, typed_price, typed_discount, resolved, standard_price, standard_discount } =
            entry;
        VoucherLine {
            item_id: item.id.unwrap_or_default(),
            item_code: item.code.clone(),
            item_name: item.name.clone(),
            unit: item.unit.clone(),
            quantity,
            unit_price: typed_price.or(resolved.map(|r| r.unit_price)).unwrap_or(standard_price),
            discount_pct: typed_discount.or(resolved.map(|r| r.discount_pct)).unwrap_or(standard_discount),
            tax_rate: item.tax_rate,
            price_basis: resolved.filter(|_| typed_price.is_none()).map(ResolvedPrice::basis),
        }
    }

    /// The line for an amount charged, as an order export gives it (quantity and line amount,
    /// no unit price). The line keeps the sheet's amount as its supply amount: rounded to the
    /// currency's decimals only when it has more, and otherwise exactly as given. A line stores
    /// quantity and unit price and derives its amount (`amounts`), so the unit price is the
    /// amount divided by the quantity to a price's decimals, chosen so that quantity × price
    /// rounds back to that amount. The amount is what was charged after any discount, so it
    /// wins over one: the line has no discount, and its price is the typed kind (no resolver
    /// explanation). Tax, if the item has a rate, is added on top as on any line.
    ///
    /// `None` when no price with at most [`AMOUNT_DECIMALS`] decimals reaches the amount
    /// (a quantity in the thousands with an amount such as 1000.01), or the amount is negative.
    pub fn charged(mut self, amount: Decimal, rounding: Rounding) -> Option<VoucherLine> {
        let amount = rounding.round(amount);
        if amount.is_sign_negative() || self.quantity <= Decimal::ZERO {
            return None;
        }
        self.discount_pct = Decimal::ZERO;
        self.price_basis = None;
        let base = amount
            .checked_div(self.quantity)?
            .round_dp_with_strategy(AMOUNT_DECIMALS, RoundingStrategy::MidpointAwayFromZero);
        let step = Decimal::new(1, AMOUNT_DECIMALS);
        for price in [base, base.checked_sub(step)?, base.checked_add(step)?] {
            if price.is_sign_negative() {
                continue;
            }
            self.unit_price = price.normalize();
            if self.amounts(rounding).supply == amount {
                return Some(self);
            }
        }
        None
    }

    pub fn amounts(&self, rounding: Rounding) -> Amounts {
        let gross = self.quantity.saturating_mul(self.unit_price);
        let discount = gross.saturating_mul(self.discount_pct) / Decimal::ONE_HUNDRED;
        let supply = rounding.round(gross.saturating_sub(discount));
        let tax = rounding.round(supply.saturating_mul(self.tax_rate) / Decimal::ONE_HUNDRED);
        Amounts { supply, tax, total: supply.saturating_add(tax) }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Voucher {
    pub id: Option<i64>,
    /// Assigned by the store when the voucher is first saved.
    pub number: String,
    pub kind: VoucherKind,
    pub date: NaiveDate,
    /// Sales and purchases: when the invoice falls due. Openings: when the opening receivable does.
    pub due_date: Option<NaiveDate>,
    pub customer_id: i64,
    pub lines: Vec<VoucherLine>,
    /// Collections and payments: the sum moved. Openings: the receivable.
    pub amount: Decimal,
    /// Openings only: the payable.
    pub payable_amount: Decimal,
    pub method: PaymentMethod,
    /// A bank or cheque reference.
    pub reference: String,
    /// Collections and payments: the number of the invoice they pay, if the clerk named one.
    pub applies_to: Option<String>,
    pub memo: String,
    pub voided: bool,
}

impl Voucher {
    pub fn new(kind: VoucherKind, customer_id: i64, date: NaiveDate) -> Voucher {
        Voucher {
            id: None,
            number: String::new(),
            kind,
            date,
            due_date: None,
            customer_id,
            lines: Vec::new(),
            amount: Decimal::ZERO,
            payable_amount: Decimal::ZERO,
            method: PaymentMethod::default(),
            reference: String::new(),
            applies_to: None,
            memo: String::new(),
            voided: false,
        }
    }

    /// Supply, tax and total: summed rounded lines, or the single amount.
    pub fn totals(&self, rounding: Rounding) -> Amounts {
        if self.kind.has_lines() {
            self.lines.iter().map(|line| line.amounts(rounding)).fold(Amounts::default(), |sum, a| sum + a)
        } else {
            let total = self.amount + self.payable_amount;
            Amounts { supply: total, tax: Decimal::ZERO, total }
        }
    }

    /// The voucher in the customer's account: debit raises what they owe us
    /// (a sale, our payment to them, an opening receivable); credit raises what
    /// we owe them (a purchase, their payment to us, an opening payable).
    pub fn debit_credit(&self, rounding: Rounding) -> (Decimal, Decimal) {
        let total = self.totals(rounding).total;
        match self.kind {
            VoucherKind::Sale => (total, Decimal::ZERO),
            VoucherKind::Purchase => (Decimal::ZERO, total),
            VoucherKind::Collection => (Decimal::ZERO, self.amount),
            VoucherKind::Payment => (self.amount, Decimal::ZERO),
            VoucherKind::Opening => (self.amount, self.payable_amount),
        }
    }

    /// Every problem at once, each named by its field (`lines[2].quantity`).
    pub fn validate(&self) -> Vec<ProfileError> {
        let mut errors = Vec::new();
        if let Some(due) = self.due_date
            && due < self.date
        {
            errors.push(ProfileError::new("due_date", "The due date is before the voucher date"));
        }
        if self.kind.has_lines() {
            if self.lines.is_empty() {
                errors.push(ProfileError::new("lines", format!("A {} needs at least one line", self.kind.as_str())));
            }
            for (i, line) in self.lines.iter().enumerate() {
                for (field, problem) in line.problems() {
                    errors.push(ProfileError::new(format!("lines[{i}].{field}"), format!("Line {}: {problem}", i + 1)));
                }
            }
            if self.totals(Rounding::default()).total.abs() > Decimal::from(MAX_AMOUNT) {
                errors.push(ProfileError::new("lines", format!("The total is more than {MAX_AMOUNT}")));
            }
        } else if !self.lines.is_empty() {
            errors.push(ProfileError::new("lines", format!("A {} has an amount, not item lines", self.kind.as_str())));
        }
        match self.kind {
            VoucherKind::Collection | VoucherKind::Payment => {
                if self.amount <= Decimal::ZERO {
                    errors.push(ProfileError::new("amount", "The amount must be more than 0"));
                } else if let Some(problem) = price_problem(self.amount) {
                    errors.push(ProfileError::new("amount", format!("The amount {problem}")));
                }
            }
            VoucherKind::Opening => {
                for (field, label, value) in [
                    ("amount", "The opening receivable", self.amount),
                    ("payable_amount", "The opening payable", self.payable_amount),
                ] {
                    if let Some(problem) = price_problem(value) {
                        errors.push(ProfileError::new(field, format!("{label} {problem}")));
                    }
                }
                if self.amount.is_zero() && self.payable_amount.is_zero() {
                    errors.push(ProfileError::new("amount", "An opening balance needs a receivable or a payable"));
                }
            }
            VoucherKind::Sale | VoucherKind::Purchase => {}
        }
        if self.applies_to.is_some() && !self.kind.is_settlement() {
            errors.push(ProfileError::new("applies_to", "Only collections and payments are applied to an invoice"));
        }
        if text::char_len(&self.reference) > MAX_LINE_CHARS || self.reference.chars().any(char::is_control) {
            errors.push(ProfileError::new(
                "reference",
                format!("A reference is one line of at most {MAX_LINE_CHARS} characters"),
            ));
        }
        if text::char_len(&self.memo) > MAX_TEXT_CHARS {
            errors.push(ProfileError::new("memo", format!("A memo has at most {MAX_TEXT_CHARS} characters")));
        }
        errors
    }
}

/// When an invoice dated `date` falls due under `terms_days` of credit (none: on the day).
pub fn due_date(date: NaiveDate, terms_days: Option<u32>) -> NaiveDate {
    date.checked_add_days(chrono::Days::new(u64::from(terms_days.unwrap_or(0)))).unwrap_or(date)
}

impl VoucherLine {
    /// What is wrong with this line on its own, each with the field it concerns ("quantity",
    /// "unit_price", "discount_pct", "tax_rate"): checked when the line is added in the window,
    /// and again for every line when a voucher is saved.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut problems = Vec::new();
        if self.quantity <= Decimal::ZERO {
            problems.push(("quantity", "the quantity must be more than 0".to_string()));
        } else if self.quantity.normalize().scale() > AMOUNT_DECIMALS {
            problems.push(("quantity", format!("the quantity has more than {AMOUNT_DECIMALS} decimal places")));
        }
        if let Some(problem) = price_problem(self.unit_price) {
            problems.push(("unit_price", format!("the unit price {problem}")));
        }
        if let Some(problem) = percent_problem(self.discount_pct) {
            problems.push(("discount_pct", format!("the discount {problem}")));
        }
        if let Some(problem) = percent_problem(self.tax_rate) {
            problems.push(("tax_rate", format!("the tax rate {problem}")));
        }
        if self.amounts(Rounding::default()).total.abs() > Decimal::from(MAX_AMOUNT) {
            problems.push(("quantity", format!("quantity × price is more than {MAX_AMOUNT}, too large an amount")));
        }
        problems
    }
}

/// `S-2026-000123`: the kind's letter, the voucher's year and its place in that year's series.
pub fn format_number(kind: VoucherKind, date: NaiveDate, sequence: u64) -> String {
    format!("{}-{}-{sequence:06}", kind.prefix(), date.year())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use rust_decimal_macros::dec;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn an_entered_line_takes_typed_values_over_the_resolver_and_keeps_how_a_price_was_found() {
        use crate::domain::pricing::PriceSource;
        let item = Item { id: Some(7), tax_rate: dec!(10), unit: "ea".into(), ..Item::new("W-1", "Widget") };
        let resolved = ResolvedPrice {
            unit_price: dec!(18),
            discount_pct: dec!(5),
            net_unit_price: dec!(17.1),
            source: PriceSource::Level,
            special_id: None,
            last: None,
            trace: Vec::new(),
        };
        let entry = |typed_price, typed_discount, resolved| LineEntry {
            item: &item,
            quantity: dec!(3),
            typed_price,
            typed_discount,
            resolved,
            standard_price: dec!(20),
            standard_discount: dec!(1),
        };
        let priced = VoucherLine::entered(entry(None, None, Some(&resolved)));
        assert_eq!((priced.unit_price, priced.discount_pct, priced.tax_rate), (dec!(18), dec!(5), dec!(10)));
        assert_eq!(priced.price_basis.map(|b| b.source), Some(PriceSource::Level));
        assert_eq!((priced.item_id, priced.item_code.as_str(), priced.unit.as_str()), (7, "W-1", "ea"));
        let typed = VoucherLine::entered(entry(Some(dec!(15)), Some(dec!(0)), Some(&resolved)));
        assert_eq!((typed.unit_price, typed.discount_pct, typed.price_basis), (dec!(15), dec!(0), None));
        let unpriced = VoucherLine::entered(entry(None, None, None));
        assert_eq!((unpriced.unit_price, unpriced.discount_pct, unpriced.price_basis), (dec!(20), dec!(1), None));
    }

    #[rstest]
    #[case(dec!(2), dec!(261.96), dec!(261.96))]
    #[case(dec!(3), dec!(10), dec!(10))]
    // Sub-cent amounts are rounded to the currency's cents, and only then priced.
    #[case(dec!(3), dec!(957.5775), dec!(957.58))]
    #[case(dec!(7), dec!(14.62), dec!(14.62))]
    #[case(dec!(1), dec!(0), dec!(0))]
    fn a_charged_line_keeps_the_sheets_amount(
        #[case] quantity: Decimal,
        #[case] amount: Decimal,
        #[case] kept: Decimal,
    ) {
        let charged = line(quantity, dec!(99), dec!(20), dec!(0)).charged(amount, Rounding::default()).unwrap();
        assert_eq!(charged.amounts(Rounding::default()).supply, kept);
        assert_eq!(charged.discount_pct, dec!(0), "the amount is already net of any discount");
        assert!(charged.problems().is_empty(), "{:?}", charged.problems());
    }

    #[test]
    fn an_amount_no_price_reaches_is_refused_not_approximated() {
        assert_eq!(line(dec!(30000), dec!(1), dec!(0), dec!(0)).charged(dec!(1000.01), Rounding::default()), None);
        assert_eq!(line(dec!(1), dec!(1), dec!(0), dec!(0)).charged(dec!(-5), Rounding::default()), None);
        let whole = line(dec!(3), dec!(1), dec!(0), dec!(0)).charged(dec!(1000.4), Rounding { decimals: 0 }).unwrap();
        assert_eq!(whole.amounts(Rounding { decimals: 0 }).supply, dec!(1000));
    }

    fn line(quantity: Decimal, unit_price: Decimal, discount_pct: Decimal, tax_rate: Decimal) -> VoucherLine {
        VoucherLine {
            item_id: 1,
            item_code: "A".into(),
            item_name: "Widget".into(),
            unit: String::new(),
            quantity,
            unit_price,
            discount_pct,
            tax_rate,
            price_basis: None,
        }
    }

    #[rstest]
    #[case(dec!(3), dec!(19.99), dec!(0), dec!(10), dec!(59.97), dec!(6.00), dec!(65.97))]
    // 0.125 is a midpoint: half away from zero gives 0.13, banker's rounding would give 0.12.
    #[case(dec!(1), dec!(1.25), dec!(0), dec!(10), dec!(1.25), dec!(0.13), dec!(1.38))]
    #[case(dec!(2), dec!(10.005), dec!(0), dec!(0), dec!(20.01), dec!(0), dec!(20.01))]
    #[case(dec!(7), dec!(3.33), dec!(15), dec!(10), dec!(19.81), dec!(1.98), dec!(21.79))]
    fn line_amounts_round_half_away_from_zero(
        #[case] quantity: Decimal,
        #[case] price: Decimal,
        #[case] discount: Decimal,
        #[case] tax: Decimal,
        #[case] supply: Decimal,
        #[case] tax_amount: Decimal,
        #[case] total: Decimal,
    ) {
        let amounts = line(quantity, price, discount, tax).amounts(Rounding::default());
        assert_eq!((amounts.supply, amounts.tax, amounts.total), (supply, tax_amount, total));
    }

    #[test]
    fn totals_are_sums_of_rounded_lines() {
        let mut sale = Voucher::new(VoucherKind::Sale, 1, day(2026, 3, 1));
        sale.lines = vec![line(dec!(1), dec!(0.125), dec!(0), dec!(0)), line(dec!(1), dec!(0.125), dec!(0), dec!(0))];
        // Each line rounds to 0.13; rounding the sum 0.25 instead would print lines that don't add up.
        assert_eq!(sale.totals(Rounding::default()).total, dec!(0.26));
        assert_eq!(sale.debit_credit(Rounding::default()), (dec!(0.26), dec!(0)));
    }

    #[test]
    fn a_currency_without_decimals_rounds_to_whole_units() {
        let amounts = line(dec!(3), dec!(333.5), dec!(0), dec!(10)).amounts(Rounding { decimals: 0 });
        assert_eq!((amounts.supply, amounts.tax), (dec!(1001), dec!(100)));
    }

    #[test]
    fn bad_vouchers_name_every_problem() {
        let mut sale = Voucher::new(VoucherKind::Sale, 1, day(2026, 3, 1));
        sale.due_date = Some(day(2026, 2, 1));
        sale.lines = vec![line(dec!(0), dec!(-1), dec!(120), dec!(10)), line(dec!(1.00001), dec!(1), dec!(0), dec!(0))];
        sale.applies_to = Some("S-2026-000001".into());
        let fields: Vec<String> = sale.validate().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "due_date",
                "lines[0].quantity",
                "lines[0].unit_price",
                "lines[0].discount_pct",
                "lines[1].quantity",
                "applies_to"
            ]
        );

        let empty = Voucher::new(VoucherKind::Purchase, 1, day(2026, 3, 1));
        assert_eq!(empty.validate()[0].field, "lines");
        let mut collection = Voucher::new(VoucherKind::Collection, 1, day(2026, 3, 1));
        assert_eq!(collection.validate()[0].field, "amount");
        collection.amount = dec!(10.12345);
        assert!(collection.validate()[0].message.contains("decimal places"));
        let opening = Voucher::new(VoucherKind::Opening, 1, day(2026, 1, 1));
        assert_eq!(opening.validate()[0].field, "amount");
    }

    #[test]
    fn settlements_and_openings_post_to_the_right_side() {
        let r = Rounding::default();
        let mut payment = Voucher::new(VoucherKind::Payment, 1, day(2026, 3, 1));
        payment.amount = dec!(500);
        assert_eq!(payment.debit_credit(r), (dec!(500), dec!(0)));
        let mut opening = Voucher::new(VoucherKind::Opening, 1, day(2026, 1, 1));
        opening.amount = dec!(100);
        opening.payable_amount = dec!(40);
        assert_eq!(opening.debit_credit(r), (dec!(100), dec!(40)));
        assert!(opening.validate().is_empty());
    }

    #[test]
    fn amounts_too_large_to_store_are_refused_not_a_panic() {
        let mut sale = Voucher::new(VoucherKind::Sale, 1, day(2026, 3, 1));
        let huge = Decimal::from_str_exact("9999999999999999999999999").unwrap();
        sale.lines = vec![line(huge, dec!(9999999999), dec!(5), dec!(10)), line(dec!(1), dec!(1), dec!(0), dec!(0))];
        let fields: Vec<String> = sale.validate().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["lines[0].quantity", "lines"]);
        sale.lines = vec![line(dec!(1000000), dec!(100000000), dec!(0), dec!(0))];
        assert!(sale.validate().is_empty(), "10^14 itself is fine");
        let mut collection = Voucher::new(VoucherKind::Collection, 1, day(2026, 3, 1));
        collection.amount = dec!(100000000000001);
        assert_eq!(collection.validate()[0].field, "amount");
    }

    #[test]
    fn numbers_and_due_dates() {
        assert_eq!(format_number(VoucherKind::Payment, day(2026, 12, 31), 123), "Y-2026-000123");
        assert_eq!(due_date(day(2026, 1, 31), Some(30)), day(2026, 3, 2));
        assert_eq!(due_date(day(2026, 1, 31), None), day(2026, 1, 31));
    }
}
