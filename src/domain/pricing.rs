//! The price resolver: the one place that decides a line's unit price and
//! discount from the customer's terms, and explains how.
//!
//! The rule, for sales:
//! 1. A special price for this customer and item that is valid on the voucher's
//!    date and whose minimum quantity is met. When several are, the most
//!    specific wins: the highest minimum quantity; then a validity bounded at both
//!    ends over one bounded at one end over an open one, and the shorter period
//!    among bounded ones; then the later start; then the newest (highest id).
//! 2. Otherwise the item's price at the customer's price level (its own level
//!    or one inherited from a group), if the level prices the item.
//! 3. Otherwise the item's standard sales price.
//!
//! Then the discount: the line's own when the clerk typed one, else the
//! customer's (own or inherited), else none. The net unit price is the unit price
//! less the discount. Purchases follow the same steps with the vendor's special
//! prices and the item's standard purchase price; levels and the customer's
//! discount are for sales only. The price this customer last paid is offered
//! beside the result and replaces it only when the clerk asks for it.

use super::customer::ProfileError;
use super::item::price_problem;
use super::money::{Currency, format_amount};
use super::terms::Sourced;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceSide {
    Sales,
    Purchase,
}

/// A price for one customer (or vendor) and one item, maybe from a quantity and within dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialPrice {
    pub id: i64,
    pub price: Decimal,
    pub min_quantity: Option<Decimal>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
}

impl SpecialPrice {
    /// Why it does not apply to `quantity` on `date`, or `None` when it does.
    pub fn rejection(&self, quantity: Decimal, date: NaiveDate) -> Option<String> {
        if let Some(from) = self.valid_from
            && date < from
        {
            return Some(format!("not valid before {from}"));
        }
        if let Some(to) = self.valid_to
            && date > to
        {
            return Some(format!("ended on {to}"));
        }
        match self.min_quantity {
            Some(min) if quantity < min => {
                Some(format!("quantity {} is under the minimum {}", quantity.normalize(), min.normalize()))
            }
            _ => None,
        }
    }

    /// Orders two applicable special prices: `Greater` is the more specific (see the module header).
    pub fn specificity(&self, other: &SpecialPrice) -> Ordering {
        let min = |s: &SpecialPrice| s.min_quantity.unwrap_or(Decimal::ZERO);
        let bounds = |s: &SpecialPrice| u8::from(s.valid_from.is_some()) + u8::from(s.valid_to.is_some());
        // A shorter bounded period is more specific; `None` (open) never compares by span.
        let span = |s: &SpecialPrice| match (s.valid_from, s.valid_to) {
            (Some(from), Some(to)) => Some((to - from).num_days()),
            _ => None,
        };
        min(self)
            .cmp(&min(other))
            .then_with(|| bounds(self).cmp(&bounds(other)))
            .then_with(|| match (span(self), span(other)) {
                (Some(a), Some(b)) => b.cmp(&a),
                _ => Ordering::Equal,
            })
            .then_with(|| self.valid_from.cmp(&other.valid_from))
            .then_with(|| self.id.cmp(&other.id))
    }

    fn describe(&self, currency: &Currency) -> String {
        format!("Special price #{}: {}{}", self.id, format_amount(self.price, currency), self.terms())
    }

    /// Its minimum quantity and dates as they follow its price: " from 10 units, 2026-01-01 to
    /// 2026-06-30"; empty when it has neither.
    pub fn terms(&self) -> String {
        let mut text = String::new();
        if let Some(min) = self.min_quantity {
            text.push_str(&format!(" from {} units", min.normalize()));
        }
        match (self.valid_from, self.valid_to) {
            (Some(from), Some(to)) => text.push_str(&format!(", {from} to {to}")),
            (Some(from), None) => text.push_str(&format!(", from {from}")),
            (None, Some(to)) => text.push_str(&format!(", until {to}")),
            (None, None) => {}
        }
        text
    }
}

impl PriceSide {
    pub fn as_str(self) -> &'static str {
        match self {
            PriceSide::Sales => "sales",
            PriceSide::Purchase => "purchase",
        }
    }

    pub fn parse(text: &str) -> Option<PriceSide> {
        match text {
            "sales" => Some(PriceSide::Sales),
            "purchase" => Some(PriceSide::Purchase),
            _ => None,
        }
    }
}

/// A named price level (Retail, Wholesale, Online, …), listed by position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceLevel {
    pub id: i64,
    pub name: String,
    pub position: i64,
}

/// The book's spelling of a level typed in any case (levels compare without case), if the book has it.
pub fn book_level<'a>(levels: &'a [String], typed: &str) -> Option<&'a str> {
    let typed = typed.trim();
    levels.iter().map(String::as_str).find(|level| level.eq_ignore_ascii_case(typed))
}

/// A special price with whom and what it is for, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyPrice {
    pub customer_id: i64,
    pub item_id: i64,
    pub side: PriceSide,
    pub special: SpecialPrice,
}

impl PartyPrice {
    /// Everything wrong with it, each tied to the field it concerns.
    pub fn problems(&self) -> Vec<ProfileError> {
        let mut problems = Vec::new();
        if let Some(problem) = price_problem(self.special.price) {
            problems.push(ProfileError::new("price", format!("The price {problem}")));
        }
        if let Some(min) = self.special.min_quantity
            && (min <= Decimal::ZERO || min.normalize().scale() > 4)
        {
            problems.push(ProfileError::new(
                "min_quantity",
                "The minimum quantity must be more than 0, with at most 4 decimals",
            ));
        }
        if let (Some(from), Some(to)) = (self.special.valid_from, self.special.valid_to)
            && to < from
        {
            problems.push(ProfileError::new("valid_to", format!("The price ends ({to}) before it starts ({from})")));
        }
        problems
    }
}

/// The price this customer last paid for the item, for the clerk to reuse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastPrice {
    pub price: Decimal,
    pub date: NaiveDate,
    pub number: String,
}

/// Everything the resolver looks at for one customer and item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceInputs {
    pub side: PriceSide,
    pub currency: Currency,
    /// The item's standard price on this side.
    pub standard_price: Decimal,
    /// The customer's effective price level (sales).
    pub level: Option<Sourced<String>>,
    /// The item's price at that level, when the level prices it.
    pub level_price: Option<Decimal>,
    /// The customer's level names a level the book does not have (a typo, or one not yet added).
    pub level_unknown: bool,
    /// Special prices of this customer (or vendor) for this item, applicable or not.
    pub specials: Vec<SpecialPrice>,
    /// The customer's effective discount (sales).
    pub discount_pct: Option<Sourced<Decimal>>,
    pub last: Option<LastPrice>,
}

/// The line the price is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceQuery {
    pub quantity: Decimal,
    pub date: NaiveDate,
    /// A discount the clerk typed on the line.
    pub discount_override: Option<Decimal>,
    /// The clerk asked for the last price paid.
    pub use_last: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceSource {
    Special,
    Level,
    Standard,
    Last,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepOutcome {
    /// This candidate gave the price (or the discount).
    Used,
    /// It does not apply; the reason says why.
    Rejected,
    /// It applies but an earlier step already decided.
    Passed,
    /// Arithmetic or information, not a candidate.
    Note,
}

/// One line of a price's explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceStep {
    pub step: String,
    pub outcome: StepOutcome,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolvedPrice {
    pub unit_price: Decimal,
    pub discount_pct: Decimal,
    pub net_unit_price: Decimal,
    pub source: PriceSource,
    /// The special price used, when one was.
    pub special_id: Option<i64>,
    /// The price this customer last paid, offered whether used or not.
    pub last: Option<LastPrice>,
    pub trace: Vec<TraceStep>,
}

/// How a line's price was found when it was entered, kept with the saved line so a voucher
/// reopened later explains the price it was given, whatever the rules say by then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceBasis {
    pub source: PriceSource,
    pub trace: Vec<TraceStep>,
}

impl PriceSource {
    /// "special price", "price level", …: how the source reads in a sentence.
    pub fn describe(self) -> &'static str {
        match self {
            PriceSource::Special => "special price",
            PriceSource::Level => "price level",
            PriceSource::Standard => "standard price",
            PriceSource::Last => "last price paid",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PriceSource::Special => "special",
            PriceSource::Level => "level",
            PriceSource::Standard => "standard",
            PriceSource::Last => "last",
        }
    }
}

impl PriceBasis {
    /// The step that gave the price, in a few words: "Special price #12", "Level Wholesale (from
    /// group Channel=Dealers)", "Standard price", "Last price".
    pub fn headline(&self) -> String {
        let prefix = match self.source {
            PriceSource::Special => "Special price",
            PriceSource::Level => "Level",
            PriceSource::Standard => "Standard price",
            PriceSource::Last => "Last price",
        };
        self.trace
            .iter()
            .filter(|step| step.outcome == StepOutcome::Used && step.step.starts_with(prefix))
            .find_map(|step| step.step.split(':').next().map(str::trim))
            .map_or_else(|| prefix.to_string(), str::to_string)
    }
}

impl ResolvedPrice {
    /// What to keep with a line that takes this price.
    pub fn basis(&self) -> PriceBasis {
        PriceBasis { source: self.source, trace: self.trace.clone() }
    }
}

fn step(trace: &mut Vec<TraceStep>, step: String, outcome: StepOutcome, reason: impl Into<String>) {
    trace.push(TraceStep { step, outcome, reason: reason.into() });
}

/// The special price that applies, by the rule in the module header.
pub fn applicable_special(specials: &[SpecialPrice], quantity: Decimal, date: NaiveDate) -> Option<&SpecialPrice> {
    specials.iter().filter(|s| s.rejection(quantity, date).is_none()).max_by(|a, b| a.specificity(b))
}

/// Resolves one line's price by the rule in the module header, with its trace.
pub fn resolve_price(inputs: &PriceInputs, query: &PriceQuery) -> ResolvedPrice {
    let currency = &inputs.currency;
    let money = |value: Decimal| format_amount(value, currency);
    let mut trace = Vec::new();
    let special = applicable_special(&inputs.specials, query.quantity, query.date);
    for candidate in &inputs.specials {
        let described = candidate.describe(currency);
        match candidate.rejection(query.quantity, query.date) {
            Some(reason) => step(&mut trace, described, StepOutcome::Rejected, reason),
            None if special.is_some_and(|s| s.id == candidate.id) => {
                step(&mut trace, described, StepOutcome::Used, "valid and the most specific")
            }
            None => {
                step(&mut trace, described, StepOutcome::Passed, "valid, but a more specific special price applies")
            }
        }
    }
    let sales = inputs.side == PriceSide::Sales;
    let mut chosen: Option<(Decimal, PriceSource)> = special.map(|s| (s.price, PriceSource::Special));
    if sales {
        match (&inputs.level, inputs.level_price) {
            (None, _) => {
                step(&mut trace, "Price level".into(), StepOutcome::Rejected, "the customer has no price level")
            }
            (Some(level), None) => step(
                &mut trace,
                format!("Level {} ({})", level.value, level.source),
                StepOutcome::Rejected,
                if inputs.level_unknown {
                    "there is no price level by this name; add it in Settings, or correct the customer's level"
                } else {
                    "the level has no price for this item"
                },
            ),
            (Some(level), Some(price)) => {
                let described = format!("Level {} ({}): {}", level.value, level.source, money(price));
                if chosen.is_some() {
                    step(&mut trace, described, StepOutcome::Passed, "a special price applies");
                } else {
                    chosen = Some((price, PriceSource::Level));
                    step(&mut trace, described, StepOutcome::Used, "no special price applies");
                }
            }
        }
    }
    let standard = format!("Standard price: {}", money(inputs.standard_price));
    match chosen {
        Some(_) => step(&mut trace, standard, StepOutcome::Passed, "an earlier step gave the price"),
        None => {
            chosen = Some((inputs.standard_price, PriceSource::Standard));
            step(&mut trace, standard, StepOutcome::Used, "nothing more specific applies");
        }
    }
    let (mut unit_price, mut source) = chosen.unwrap_or((inputs.standard_price, PriceSource::Standard));
    if let Some(last) = &inputs.last {
        let described = format!("Last price: {} on {} ({})", money(last.price), last.date, last.number);
        if query.use_last {
            unit_price = last.price;
            source = PriceSource::Last;
            step(&mut trace, described, StepOutcome::Used, "the clerk chose the last price paid");
        } else {
            step(&mut trace, described, StepOutcome::Note, "offered; not used unless chosen");
        }
    }
    let discount_pct = match (query.discount_override, &inputs.discount_pct) {
        (Some(typed), _) => {
            step(&mut trace, format!("Discount {}%", typed.normalize()), StepOutcome::Used, "typed on the line");
            typed
        }
        (None, Some(own)) if sales => {
            let described = format!("Discount {}% ({})", own.value.normalize(), own.source);
            step(&mut trace, described, StepOutcome::Used, "the customer's discount");
            own.value
        }
        _ => Decimal::ZERO,
    };
    let net_unit_price = unit_price - unit_price * discount_pct / Decimal::ONE_HUNDRED;
    step(
        &mut trace,
        format!(
            "Net unit price: {} × (1 − {}%) = {}",
            money(unit_price),
            discount_pct.normalize(),
            money(net_unit_price)
        ),
        StepOutcome::Note,
        "",
    );
    ResolvedPrice {
        unit_price,
        discount_pct,
        net_unit_price: net_unit_price.normalize(),
        source,
        special_id: if source == PriceSource::Special { special.map(|s| s.id) } else { None },
        last: inputs.last.clone(),
        trace,
    }
}

#[cfg(test)]
mod tests;
