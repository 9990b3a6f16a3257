//! The entry pane: one voucher being typed or edited, with a keyboard-first line grid for
//! sales and purchases and an amount, method and invoice for collections and payments.

use crate::domain::customer::{Customer, ProfileError};
use crate::domain::item::Item;
use crate::domain::ledger::OpenInvoice;
use crate::domain::money::{self, Currency, format_amount};
use crate::domain::pricing::{PriceBasis, PriceQuery, PriceSide, ResolvedPrice};
use crate::domain::voucher::{self, Amounts, LineEntry, PaymentMethod, Rounding, Voucher, VoucherKind, VoucherLine};
use crate::store::{Side, Store};
use crate::ui::theme::{self, Tone};
use crate::ui::widgets::{self, choice, field, input};
use chrono::NaiveDate;
use iced::{Alignment, Element, Length};
use rust_decimal::Decimal;
use std::fmt;

mod view;

pub const DATE_ID: &str = "trade:date";
pub const DUE_ID: &str = "trade:due";
pub const ITEM_ID: &str = "trade:item";
pub const QUANTITY_ID: &str = "trade:quantity";
pub const PRICE_ID: &str = "trade:price";
pub const DISCOUNT_ID: &str = "trade:discount";
pub const AMOUNT_ID: &str = "trade:amount";
pub const PAYABLE_ID: &str = "trade:payable";
pub const REFERENCE_ID: &str = "trade:reference";
pub const MEMO_ID: &str = "trade:memo";

/// The item matches under the item field; asked to be revealed (not focused) when they open.
pub const MATCHES_ID: &str = "trade:matches";

/// How many item matches are offered under the item field.
const MATCHES: usize = 8;

/// What the pane needs to know about the customer it enters vouchers for.
#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    /// The customer as stored, for its terms and the price resolver.
    pub customer: Customer,
    /// The customer's effective discount (own or from a group).
    pub discount: Option<Decimal>,
}

impl Party {
    /// The customer with its effective discount, which a group may pass on.
    pub fn new(customer: &Customer, store: &Store) -> Party {
        let discount = match store.effective_terms(customer) {
            Ok(terms) => terms.discount_pct.map(|d| d.value),
            Err(_) => customer.discount_rate,
        };
        Party { customer: customer.clone(), discount }
    }

    pub fn id(&self) -> i64 {
        self.customer.id.unwrap_or_default()
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Kind(VoucherKind),
    Date(String),
    Due(String),
    ItemText(String),
    /// Enter in the item field: take the first match.
    ItemSubmit,
    PickItem(usize),
    Quantity(String),
    QuantitySubmit,
    Price(String),
    PriceSubmit,
    Discount(String),
    /// Enter in the last field of the line: add the line.
    AddLine,
    /// Show or hide how the line's price was found.
    ToggleTrace,
    /// Show or hide how an entered line's price was found, as kept with it.
    ToggleLineTrace(usize),
    /// Take the price this customer last paid for the item.
    UseLastPrice,
    /// Take a line out of the grid into the fields below, to change it.
    EditLine(usize),
    RemoveLine(usize),
    Amount(String),
    /// An opening balance's payable (its receivable is the amount).
    Payable(String),
    Method(PaymentMethod),
    Reference(String),
    ApplyTo(ApplyChoice),
    Memo(String),
    /// The Save button beside the totals; the trading pane saves (as Ctrl+Enter does).
    Save,
}

/// An entry in the "apply to" drop-down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyChoice {
    /// No invoice named: the money pays the oldest due first.
    Oldest,
    Invoice {
        number: String,
        label: String,
    },
}

impl fmt::Display for ApplyChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApplyChoice::Oldest => f.write_str("Oldest due first (no particular invoice)"),
            ApplyChoice::Invoice { label, .. } => f.write_str(label),
        }
    }
}

/// The line being typed at the bottom of the grid.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub item_text: String,
    pub item: Option<Item>,
    pub matches: Vec<Item>,
    pub quantity: String,
    pub price: String,
    pub discount: String,
    /// Where the line goes back in the grid when it was taken out of it to be changed.
    pub position: Option<usize>,
    /// The customer's price for the item, by the price resolver.
    pub resolved: Option<ResolvedPrice>,
    /// What `resolved` was worked out for, so it is redone only when that changes.
    priced_for: Option<(i64, String, String, String, bool)>,
    pub show_trace: bool,
    /// The clerk asked for the last price paid: the resolver is asked for it too, so the line keeps why.
    use_last: bool,
    /// A line taken back to be changed: its price and how it was found, kept while the price stays.
    kept_basis: Option<(Decimal, PriceBasis)>,
}

pub struct Entry {
    pub kind: VoucherKind,
    /// The stored voucher being edited or looked at; `None` for a new one.
    pub editing: Option<Voucher>,
    /// The stored voucher's version when it was opened: a save over a later one is refused.
    pub editing_version: Option<i64>,
    pub date: String,
    pub due: String,
    /// Once the clerk types a due date, changing the date no longer moves it.
    due_touched: bool,
    pub lines: Vec<VoucherLine>,
    pub draft: Draft,
    pub amount: String,
    pub payable: String,
    pub method: PaymentMethod,
    pub reference: String,
    pub applies_to: ApplyChoice,
    pub choices: Vec<ApplyChoice>,
    pub memo: String,
    pub errors: Vec<ProfileError>,
    /// A sale line's discount when none is typed: the customer's standing discount.
    pub(super) default_discount: Decimal,
    /// The entered line whose kept price explanation is open.
    pub line_trace: Option<usize>,
    /// The field of the line being typed that the line's problem is in (its widget id).
    pub line_problem_at: Option<&'static str>,
}

/// Why the line being typed cannot be added, and which of its fields to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    pub at: &'static str,
    pub message: String,
}

impl LineProblem {
    fn new(at: &'static str, message: impl Into<String>) -> LineProblem {
        LineProblem { at, message: message.into() }
    }
}

impl Entry {
    pub fn new(kind: VoucherKind, party: &Party, today: NaiveDate, store: &Store, currency: &Currency) -> Entry {
        let mut entry = Entry {
            kind,
            editing: None,
            editing_version: None,
            date: today.to_string(),
            // An opening balance is due when the old system said, or at once (left empty).
            due: match kind {
                VoucherKind::Opening => String::new(),
                _ => voucher::due_date(today, party.customer.payment_terms_days).to_string(),
            },
            due_touched: false,
            lines: Vec::new(),
            draft: Draft::default(),
            amount: String::new(),
            payable: String::new(),
            method: PaymentMethod::default(),
            reference: String::new(),
            applies_to: ApplyChoice::Oldest,
            choices: Vec::new(),
            memo: String::new(),
            line_problem_at: None,
            errors: Vec::new(),
            default_discount: match kind {
                VoucherKind::Sale => party.discount.unwrap_or_default(),
                _ => Decimal::ZERO,
            },
            line_trace: None,
        };
        entry.load_choices(party, today, store, currency);
        entry
    }

    /// A stored voucher, to edit (or only to look at, when voided).
    pub fn existing(voucher: Voucher, party: &Party, today: NaiveDate, store: &Store, currency: &Currency) -> Entry {
        let mut entry = Entry::new(voucher.kind, party, today, store, currency);
        entry.date = voucher.date.to_string();
        entry.due = voucher.due_date.map(|d| d.to_string()).unwrap_or_default();
        entry.due_touched = true;
        entry.lines = voucher.lines.clone();
        if voucher.kind.is_settlement() || voucher.kind == VoucherKind::Opening {
            entry.amount = voucher.amount.normalize().to_string();
        }
        if voucher.kind == VoucherKind::Opening {
            entry.payable = voucher.payable_amount.normalize().to_string();
        }
        entry.method = voucher.method;
        entry.reference = voucher.reference.clone();
        if let Some(number) = &voucher.applies_to {
            let choice = entry
                .choices
                .iter()
                .find(|c| matches!(c, ApplyChoice::Invoice { number: n, .. } if n == number))
                .cloned()
                .unwrap_or_else(|| ApplyChoice::Invoice { number: number.clone(), label: number.clone() });
            if !entry.choices.contains(&choice) {
                entry.choices.push(choice.clone());
            }
            entry.applies_to = choice;
        }
        entry.memo = voucher.memo.clone();
        entry.editing = Some(voucher);
        entry
    }

    /// Whether the pane may be changed and saved (not a voided voucher).
    pub fn is_editable(&self) -> bool {
        self.editing.as_ref().is_none_or(|v| !v.voided)
    }

    /// Whether anything was typed that a save would keep.
    pub fn has_input(&self) -> bool {
        !self.lines.is_empty()
            || !self.draft.item_text.trim().is_empty()
            || !self.amount.trim().is_empty()
            || !self.payable.trim().is_empty()
            || !self.memo.trim().is_empty()
    }

    /// The field that takes the keyboard first for this kind.
    pub fn first_field(&self) -> &'static str {
        if self.kind.has_lines() { ITEM_ID } else { AMOUNT_ID }
    }

    fn load_choices(&mut self, party: &Party, today: NaiveDate, store: &Store, currency: &Currency) {
        let side = match self.kind {
            VoucherKind::Collection => Side::Receivable,
            VoucherKind::Payment => Side::Payable,
            _ => {
                self.choices.clear();
                return;
            }
        };
        let open = store.open_invoices(party.id(), side, today).unwrap_or_default();
        self.choices =
            std::iter::once(ApplyChoice::Oldest).chain(open.iter().map(|i| invoice_choice(i, currency))).collect();
    }

    /// Applies one change; returns the id of the field that should take the keyboard next, if any,
    /// or [`MATCHES_ID`] when the item matches opened and should be brought into sight.
    pub fn update(
        &mut self,
        message: Message,
        party: &Party,
        today: NaiveDate,
        store: &Store,
        currency: &Currency,
    ) -> Option<&'static str> {
        if let Message::ToggleLineTrace(index) = message {
            // Reading how a price was found is allowed on a voided voucher too.
            self.line_trace = if self.line_trace == Some(index) { None } else { Some(index) };
            return None;
        }
        if matches!(message, Message::EditLine(_) | Message::RemoveLine(_) | Message::AddLine) {
            // The lines move; an open explanation would belong to another line.
            self.line_trace = None;
        }
        let focus = self.apply(message, party, today, store, currency);
        self.reprice(party, store);
        focus
    }

    /// Works out the draft line's price again when its item, quantity, date or typed discount changed.
    fn reprice(&mut self, party: &Party, store: &Store) {
        let Some(item_id) = self.draft.item.as_ref().and_then(|item| item.id) else {
            self.draft.resolved = None;
            self.draft.priced_for = None;
            return;
        };
        if !self.kind.has_lines() || self.draft.position.is_some() {
            // A line taken back to be changed keeps the price it was given.
            return;
        }
        let key =
            (item_id, self.draft.quantity.clone(), self.date.clone(), self.draft.discount.clone(), self.draft.use_last);
        if self.draft.priced_for.as_ref() == Some(&key) {
            return;
        }
        let quantity = match self.draft.quantity.trim() {
            "" => Decimal::ONE,
            typed => money::parse_amount(typed).unwrap_or(Decimal::ONE),
        };
        let discount_override = match self.draft.discount.trim() {
            "" => None,
            typed => money::parse_percent(typed).ok(),
        };
        let date = parse_date(&self.date).unwrap_or_else(|_| chrono::Local::now().date_naive());
        let side = if self.kind == VoucherKind::Purchase { PriceSide::Purchase } else { PriceSide::Sales };
        let query = PriceQuery { quantity, date, discount_override, use_last: self.draft.use_last };
        // A price that cannot be read (a damaged row) leaves the item's standard price in place.
        self.draft.resolved = store.resolve_price(&party.customer, item_id, side, &query).ok();
        self.draft.priced_for = Some(key);
    }

    fn apply(
        &mut self,
        message: Message,
        party: &Party,
        today: NaiveDate,
        store: &Store,
        currency: &Currency,
    ) -> Option<&'static str> {
        if !self.is_editable() {
            return None;
        }
        match message {
            Message::Kind(kind) => {
                if self.editing.is_some() || kind == self.kind {
                    return None;
                }
                let keep_date = self.date.clone();
                *self = Entry::new(kind, party, today, store, currency);
                self.date = keep_date;
                self.refresh_due(party);
                return Some(self.first_field());
            }
            Message::Date(value) => {
                self.date = value;
                self.clear_error("date");
                self.check_date_field("date");
                self.refresh_due(party);
            }
            Message::Due(value) => {
                self.due = value;
                self.due_touched = true;
                self.clear_error("due_date");
                self.check_date_field("due_date");
            }
            Message::ItemText(value) => {
                self.draft.item = None;
                self.draft.matches = if value.trim().is_empty() {
                    Vec::new()
                } else {
                    store.find_items(value.trim(), false, MATCHES).unwrap_or_default()
                };
                self.draft.item_text = value;
                self.clear_error("line");
                if !self.draft.matches.is_empty() {
                    // Open where they fit: the page scrolls until the whole list shows.
                    return Some(MATCHES_ID);
                }
            }
            Message::ItemSubmit => {
                if self.draft.item.is_some() {
                    return Some(QUANTITY_ID);
                }
                if self.draft.matches.is_empty() {
                    if self.draft.item_text.trim().is_empty() {
                        return None;
                    }
                    self.say_line_problem(LineProblem::new(
                        ITEM_ID,
                        format!("No active item has a code or name starting with \"{}\".", self.draft.item_text.trim()),
                    ));
                    // Tab asks here too: the keyboard stays where the problem is.
                    return Some(ITEM_ID);
                }
                return self.pick(0);
            }
            Message::PickItem(index) => return self.pick(index),
            Message::Quantity(value) => {
                self.draft.quantity = value;
                self.clear_error("line");
            }
            Message::QuantitySubmit => return Some(PRICE_ID),
            Message::Price(value) => {
                self.draft.price = value;
                self.clear_error("line");
            }
            Message::PriceSubmit => return Some(DISCOUNT_ID),
            Message::Discount(value) => {
                self.draft.discount = value;
                self.clear_error("line");
            }
            Message::AddLine => {
                return match self.add_line() {
                    Ok(()) => Some(ITEM_ID),
                    Err(problem) => {
                        // The keyboard goes where the problem is.
                        let at = problem.at;
                        self.say_line_problem(problem);
                        Some(at)
                    }
                };
            }
            Message::EditLine(index) => return self.edit_line(index),
            Message::ToggleTrace => self.draft.show_trace = !self.draft.show_trace,
            Message::ToggleLineTrace(_) => {}
            Message::UseLastPrice => {
                if let Some(last) = self.draft.resolved.as_ref().and_then(last_price) {
                    self.draft.price = last.normalize().to_string();
                    self.draft.use_last = true;
                    return Some(PRICE_ID);
                }
            }
            Message::RemoveLine(index) => {
                if index < self.lines.len() {
                    self.lines.remove(index);
                }
                self.errors.retain(|e| !e.field.starts_with("lines"));
            }
            Message::Amount(value) => {
                self.amount = value;
                self.clear_error("amount");
            }
            Message::Payable(value) => {
                self.payable = value;
                self.clear_error("payable_amount");
            }
            Message::Method(method) => self.method = method,
            Message::Reference(value) => {
                self.reference = value;
                self.clear_error("reference");
            }
            Message::ApplyTo(choice) => {
                self.applies_to = choice;
                self.clear_error("applies_to");
            }
            Message::Memo(value) => {
                self.memo = value;
                self.clear_error("memo");
            }
            // The trading pane saves; the entry has nothing of its own to do.
            Message::Save => {}
        }
        None
    }

    fn pick(&mut self, index: usize) -> Option<&'static str> {
        let item = self.draft.matches.get(index)?.clone();
        self.draft.item_text = format!("{} {}", item.code, item.name);
        self.draft.matches.clear();
        self.draft.price.clear();
        self.draft.use_last = false;
        self.draft.kept_basis = None;
        self.draft.item = Some(item);
        self.clear_error("line");
        Some(QUANTITY_ID)
    }

    /// The item's standard price for this kind of voucher.
    pub(super) fn standard_price(&self, item: &Item) -> Decimal {
        if self.kind == VoucherKind::Purchase { item.purchase_price } else { item.sales_price }
    }

    /// The price a line takes when none is typed: the customer's, as resolved, else the standard.
    pub(super) fn offered_price(&self, item: &Item) -> Decimal {
        match &self.draft.resolved {
            Some(resolved) if self.draft.item.as_ref().is_some_and(|i| i.id == item.id) => resolved.unit_price,
            _ => self.standard_price(item),
        }
    }

    /// The discount a line takes when none is typed: the customer's (own or from a group).
    pub(super) fn offered_discount(&self) -> Decimal {
        match &self.draft.resolved {
            Some(resolved) if self.draft.discount.trim().is_empty() => resolved.discount_pct,
            _ => self.default_discount,
        }
    }

    /// The draft as a line, when it is complete and valid; empty quantity is 1, empty price the item's.
    /// The line being typed, checked as a save checks each line (`VoucherLine::problems`), so a
    /// quantity or price the voucher could not be saved with is refused at its field.
    pub(super) fn draft_line(&self) -> Result<VoucherLine, LineProblem> {
        let Some(item) = &self.draft.item else {
            return Err(LineProblem::new(
                ITEM_ID,
                if self.draft.item_text.trim().is_empty() {
                    "Type an item's code or name and press Enter to pick it.".to_string()
                } else {
                    format!("Pick an item for \"{}\": press Enter for the first match.", self.draft.item_text.trim())
                },
            ));
        };
        let quantity = match self.draft.quantity.trim() {
            "" => Decimal::ONE,
            typed => {
                money::parse_amount(typed).map_err(|e| LineProblem::new(QUANTITY_ID, format!("Quantity: {e}.")))?
            }
        };
        let typed_price = match self.draft.price.trim() {
            "" => None,
            typed => Some(
                money::parse_non_negative_amount(typed)
                    .map_err(|e| LineProblem::new(PRICE_ID, format!("Unit price: {e}.")))?,
            ),
        };
        let typed_discount = match self.draft.discount.trim() {
            "" => None,
            typed => Some(
                money::parse_percent(typed).map_err(|e| LineProblem::new(DISCOUNT_ID, format!("Discount: {e}.")))?,
            ),
        };
        let resolved =
            self.draft.resolved.as_ref().filter(|_| self.draft.item.as_ref().is_some_and(|i| i.id == item.id));
        // "Last price" writes the resolver's answer into the price box: it is still the resolver's.
        let typed_price =
            typed_price.filter(|price| !(self.draft.use_last && resolved.is_some_and(|r| r.unit_price == *price)));
        let mut line = VoucherLine::entered(LineEntry {
            item,
            quantity,
            typed_price,
            typed_discount,
            resolved,
            standard_price: self.standard_price(item),
            standard_discount: self.default_discount,
        });
        if let Some((price, basis)) = &self.draft.kept_basis {
            // A line taken back keeps how its price was found while the price stays as it was.
            line.price_basis = (*price == line.unit_price).then(|| basis.clone());
        }
        match line.problems().into_iter().next() {
            None => Ok(line),
            Some((field, problem)) => {
                let at = match field {
                    "unit_price" => PRICE_ID,
                    "discount_pct" => DISCOUNT_ID,
                    "tax_rate" => ITEM_ID,
                    _ => QUANTITY_ID,
                };
                Err(LineProblem::new(at, crate::ui::customers::sentence(&problem)))
            }
        }
    }

    fn add_line(&mut self) -> Result<(), LineProblem> {
        let line = self.draft_line()?;
        match self.draft.position.filter(|&at| at <= self.lines.len()) {
            Some(at) => self.lines.insert(at, line),
            None => self.lines.push(line),
        }
        self.draft = Draft::default();
        self.errors.retain(|e| e.field != "lines");
        Ok(())
    }

    /// Moves a line into the fields for changing; a line already being typed is added first.
    fn edit_line(&mut self, index: usize) -> Option<&'static str> {
        if index >= self.lines.len() {
            return None;
        }
        if (self.draft.item.is_some() || !self.draft.item_text.trim().is_empty())
            && let Err(problem) = self.add_line()
        {
            let message = format!("Finish or clear the line being typed first. {}", problem.message);
            self.say_line_problem(LineProblem { message, ..problem });
            return None;
        }
        // Adding the draft may have put a line back in front of this one.
        let index = index.min(self.lines.len().saturating_sub(1));
        let line = self.lines.remove(index);
        // The line keeps its own tax rate and price, even if the item's have changed since.
        let item = Item {
            id: Some(line.item_id),
            unit: line.unit.clone(),
            sales_price: line.unit_price,
            purchase_price: line.unit_price,
            tax_rate: line.tax_rate,
            ..Item::new(line.item_code.clone(), line.item_name.clone())
        };
        self.draft = Draft {
            item_text: format!("{} {}", line.item_code, line.item_name),
            item: Some(item),
            matches: Vec::new(),
            quantity: line.quantity.normalize().to_string(),
            price: line.unit_price.normalize().to_string(),
            discount: line.discount_pct.normalize().to_string(),
            position: Some(index),
            resolved: None,
            priced_for: None,
            show_trace: false,
            use_last: false,
            kept_basis: line.price_basis.clone().map(|basis| (line.unit_price, basis)),
        };
        self.clear_error("line");
        Some(QUANTITY_ID)
    }

    /// An untyped due date follows the voucher's date and the customer's payment terms, also
    /// when the terms change while the voucher is open.
    pub fn refresh_due(&mut self, party: &Party) {
        if self.due_touched || !self.kind.has_lines() {
            return;
        }
        if let Ok(date) = parse_date(&self.date) {
            self.due = voucher::due_date(date, party.customer.payment_terms_days).to_string();
        }
    }

    fn set_error(&mut self, field: &str, message: String) {
        self.clear_error(field);
        self.errors.push(ProfileError::new(field, message));
    }

    /// A whole date that is not a real day (2026-02-30, 31/12/2026 on a month-first PC) is said
    /// at its field as soon as it is typed, not at save.
    fn check_date_field(&mut self, field: &str) {
        let text = if field == "date" { &self.date } else { &self.due };
        if crate::domain::date::looks_whole(text)
            && let Err(problem) = parse_date(text)
        {
            self.set_error(field, problem);
        }
    }

    /// Says why the line being typed cannot be added, outlining the field it is in.
    fn say_line_problem(&mut self, problem: LineProblem) {
        self.set_error("line", problem.message);
        self.line_problem_at = Some(problem.at);
    }

    fn clear_error(&mut self, field: &str) {
        self.errors.retain(|e| e.field != field);
        if field == "line" {
            self.line_problem_at = None;
        }
    }

    pub(super) fn error(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }

    /// The voucher to save. A line still being typed is added first, so Save after
    /// the last field does what the clerk meant; every problem is named at once.
    pub fn to_voucher(&mut self, party: &Party) -> Result<Voucher, Vec<ProfileError>> {
        let mut errors = Vec::new();
        self.refresh_due(party);
        if self.kind.has_lines()
            && (self.draft.item.is_some() || !self.draft.item_text.trim().is_empty())
            && let Err(problem) = self.add_line()
        {
            self.line_problem_at = Some(problem.at);
            errors.push(ProfileError::new("line", problem.message));
        }
        let date = parse_date(&self.date).map_err(|m| errors.push(ProfileError::new("date", format!("Date: {m}"))));
        let has_due = self.kind.has_lines() || self.kind == VoucherKind::Opening;
        let due = if has_due && !self.due.trim().is_empty() {
            parse_date(&self.due).map(Some).map_err(|m| errors.push(ProfileError::new("due_date", format!("Due: {m}"))))
        } else {
            Ok(None)
        };
        let mut money_in = |field: &str, label: &str, text: &str, needed: bool| {
            if !needed && text.trim().is_empty() {
                return Ok(Decimal::ZERO);
            }
            money::parse_non_negative_amount(text).map_err(|e| {
                let message = crate::ui::customers::sentence(&format!("{label}{e}"));
                errors.push(ProfileError::new(field, message));
            })
        };
        let opening = self.kind == VoucherKind::Opening;
        let amount = match self.kind {
            VoucherKind::Opening => money_in("amount", "Receivable: ", &self.amount, false),
            kind if kind.is_settlement() => money_in("amount", "", &self.amount, true),
            _ => Ok(Decimal::ZERO),
        };
        let payable =
            if opening { money_in("payable_amount", "Payable: ", &self.payable, false) } else { Ok(Decimal::ZERO) };
        let (Ok(date), Ok(due), Ok(amount), Ok(payable)) = (date, due, amount, payable) else {
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut voucher = match &self.editing {
            Some(stored) => stored.clone(),
            None => Voucher::new(self.kind, party.id(), date),
        };
        voucher.date = date;
        voucher.due_date = due;
        voucher.memo = self.memo.clone();
        if self.kind.has_lines() {
            voucher.lines = self.lines.clone();
        } else if opening {
            voucher.amount = amount;
            voucher.payable_amount = payable;
        } else {
            voucher.amount = amount;
            voucher.method = self.method;
            voucher.reference = self.reference.clone();
            voucher.applies_to = match &self.applies_to {
                ApplyChoice::Oldest => None,
                ApplyChoice::Invoice { number, .. } => Some(number.clone()),
            };
        }
        let problems = voucher.validate();
        if problems.is_empty() { Ok(voucher) } else { Err(problems) }
    }

    /// The live totals: the lines entered, plus the line being typed when it is complete.
    pub fn totals(&self, rounding: Rounding) -> Amounts {
        let mut sum: Amounts = self.lines.iter().map(|l| l.amounts(rounding)).fold(Amounts::default(), |a, b| a + b);
        if let Ok(line) = self.draft_line() {
            sum = sum + line.amounts(rounding);
        }
        sum
    }
}

/// The drop-down entry for an open invoice, short enough for the box on a laptop: the total is
/// named only when part of it is paid already.
fn invoice_choice(invoice: &OpenInvoice, currency: &Currency) -> ApplyChoice {
    let open = format_amount(invoice.open, currency);
    let owed = if invoice.open == invoice.amount {
        format!("{open} open")
    } else {
        format!("{open} of {} open", format_amount(invoice.amount, currency))
    };
    ApplyChoice::Invoice {
        number: invoice.number.clone(),
        label: format!("{} · due {} · {owed}", invoice.number, invoice.due),
    }
}

/// A date as the clerk types it, by the program's one date reader, refused in a sentence.
pub fn parse_date(value: &str) -> Result<NaiveDate, String> {
    crate::domain::date::read_date(value).map_err(|problem| format!("{problem}."))
}

/// The last price paid, when the resolver offered one.
pub(super) fn last_price(resolved: &ResolvedPrice) -> Option<Decimal> {
    resolved.last.as_ref().map(|last| last.price)
}
