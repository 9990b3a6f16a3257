//! The entry pane: one voucher being typed or edited, with a keyboard-first line grid for
//! sales and purchases and an amount, method and invoice for collections and payments.

use crate::domain::customer::ProfileError;
use crate::domain::item::Item;
use crate::domain::ledger::OpenInvoice;
use crate::domain::money::{self, format_amount};
use crate::domain::voucher::{self, Amounts, PaymentMethod, Rounding, Voucher, VoucherKind, VoucherLine};
use crate::store::{Side, Store};
use crate::ui::theme;
use crate::ui::widgets::{self, choice, field, input};
use chrono::NaiveDate;
use iced::widget::{Column, button, column, container, row, text};
use iced::{Alignment, Element, Length};
use rust_decimal::Decimal;
use std::fmt;

pub const DATE_ID: &str = "trade:date";
pub const DUE_ID: &str = "trade:due";
pub const ITEM_ID: &str = "trade:item";
pub const QUANTITY_ID: &str = "trade:quantity";
pub const PRICE_ID: &str = "trade:price";
pub const DISCOUNT_ID: &str = "trade:discount";
pub const AMOUNT_ID: &str = "trade:amount";
pub const REFERENCE_ID: &str = "trade:reference";
pub const MEMO_ID: &str = "trade:memo";

/// How many item matches are offered under the item field.
const MATCHES: usize = 8;

/// What the pane needs to know about the customer it enters vouchers for.
#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    pub id: i64,
    pub terms_days: Option<u32>,
    pub discount: Option<Decimal>,
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
    /// Take a line out of the grid into the fields below, to change it.
    EditLine(usize),
    RemoveLine(usize),
    Amount(String),
    Method(PaymentMethod),
    Reference(String),
    ApplyTo(ApplyChoice),
    Memo(String),
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
}

pub struct Entry {
    pub kind: VoucherKind,
    /// The stored voucher being edited or looked at; `None` for a new one.
    pub editing: Option<Voucher>,
    pub date: String,
    pub due: String,
    /// Once the clerk types a due date, changing the date no longer moves it.
    due_touched: bool,
    pub lines: Vec<VoucherLine>,
    pub draft: Draft,
    pub amount: String,
    pub method: PaymentMethod,
    pub reference: String,
    pub applies_to: ApplyChoice,
    pub choices: Vec<ApplyChoice>,
    pub memo: String,
    pub errors: Vec<ProfileError>,
    /// A sale line's discount when none is typed: the customer's standing discount.
    default_discount: Decimal,
}

impl Entry {
    pub fn new(kind: VoucherKind, party: &Party, today: NaiveDate, store: &Store, currency: &str) -> Entry {
        let mut entry = Entry {
            kind,
            editing: None,
            date: today.to_string(),
            due: voucher::due_date(today, party.terms_days).to_string(),
            due_touched: false,
            lines: Vec::new(),
            draft: Draft::default(),
            amount: String::new(),
            method: PaymentMethod::default(),
            reference: String::new(),
            applies_to: ApplyChoice::Oldest,
            choices: Vec::new(),
            memo: String::new(),
            errors: Vec::new(),
            default_discount: match kind {
                VoucherKind::Sale => party.discount.unwrap_or_default(),
                _ => Decimal::ZERO,
            },
        };
        entry.load_choices(party, today, store, currency);
        entry
    }

    /// A stored voucher, to edit (or only to look at, when voided).
    pub fn existing(voucher: Voucher, party: &Party, today: NaiveDate, store: &Store, currency: &str) -> Entry {
        let mut entry = Entry::new(voucher.kind, party, today, store, currency);
        entry.date = voucher.date.to_string();
        entry.due = voucher.due_date.map(|d| d.to_string()).unwrap_or_default();
        entry.due_touched = true;
        entry.lines = voucher.lines.clone();
        if voucher.kind.is_settlement() {
            entry.amount = voucher.amount.normalize().to_string();
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

    /// Whether the pane may be changed and saved (not a voided voucher, not an opening balance).
    pub fn is_editable(&self) -> bool {
        self.editing.as_ref().is_none_or(|v| !v.voided) && self.kind != VoucherKind::Opening
    }

    /// Whether anything was typed that a save would keep.
    pub fn has_input(&self) -> bool {
        !self.lines.is_empty()
            || !self.draft.item_text.trim().is_empty()
            || !self.amount.trim().is_empty()
            || !self.memo.trim().is_empty()
    }

    /// The field that takes the keyboard first for this kind.
    pub fn first_field(&self) -> &'static str {
        if self.kind.has_lines() { ITEM_ID } else { AMOUNT_ID }
    }

    fn load_choices(&mut self, party: &Party, today: NaiveDate, store: &Store, currency: &str) {
        let side = match self.kind {
            VoucherKind::Collection => Side::Receivable,
            VoucherKind::Payment => Side::Payable,
            _ => {
                self.choices.clear();
                return;
            }
        };
        let open = store.open_invoices(party.id, side, today).unwrap_or_default();
        self.choices =
            std::iter::once(ApplyChoice::Oldest).chain(open.iter().map(|i| invoice_choice(i, currency))).collect();
    }

    /// Applies one change; returns the id of the field that should take the keyboard next, if any.
    pub fn update(
        &mut self,
        message: Message,
        party: &Party,
        today: NaiveDate,
        store: &Store,
        currency: &str,
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
                self.refresh_due(party);
            }
            Message::Due(value) => {
                self.due = value;
                self.due_touched = true;
                self.clear_error("due_date");
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
            }
            Message::ItemSubmit => {
                if self.draft.item.is_some() {
                    return Some(QUANTITY_ID);
                }
                if self.draft.matches.is_empty() {
                    if self.draft.item_text.trim().is_empty() {
                        return None;
                    }
                    self.set_error(
                        "line",
                        format!("No active item has a code or name starting with \"{}\".", self.draft.item_text.trim()),
                    );
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
                    Err(message) => {
                        self.set_error("line", message);
                        None
                    }
                };
            }
            Message::EditLine(index) => return self.edit_line(index),
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
        }
        None
    }

    fn pick(&mut self, index: usize) -> Option<&'static str> {
        let item = self.draft.matches.get(index)?.clone();
        self.draft.item_text = format!("{} {}", item.code, item.name);
        self.draft.matches.clear();
        self.draft.price.clear();
        self.draft.item = Some(item);
        self.clear_error("line");
        Some(QUANTITY_ID)
    }

    /// The item's standard price for this kind of voucher.
    fn standard_price(&self, item: &Item) -> Decimal {
        if self.kind == VoucherKind::Purchase { item.purchase_price } else { item.sales_price }
    }

    /// The draft as a line, when it is complete and valid; empty quantity is 1, empty price the item's.
    fn draft_line(&self) -> Result<VoucherLine, String> {
        let Some(item) = &self.draft.item else {
            return Err(if self.draft.item_text.trim().is_empty() {
                "Type an item's code or name and press Enter to pick it.".to_string()
            } else {
                format!("Pick an item for \"{}\": press Enter for the first match.", self.draft.item_text.trim())
            });
        };
        let quantity = match self.draft.quantity.trim() {
            "" => Decimal::ONE,
            typed => money::parse_amount(typed).map_err(|e| format!("Quantity: {e}."))?,
        };
        if quantity <= Decimal::ZERO {
            return Err("Quantity: it must be more than 0.".to_string());
        }
        let unit_price = match self.draft.price.trim() {
            "" => self.standard_price(item),
            typed => money::parse_non_negative_amount(typed).map_err(|e| format!("Unit price: {e}."))?,
        };
        let discount_pct = match self.draft.discount.trim() {
            "" => self.default_discount,
            typed => money::parse_percent(typed).map_err(|e| format!("Discount: {e}."))?,
        };
        Ok(VoucherLine {
            item_id: item.id.unwrap_or_default(),
            item_code: item.code.clone(),
            item_name: item.name.clone(),
            unit: item.unit.clone(),
            quantity,
            unit_price,
            discount_pct,
            tax_rate: item.tax_rate,
        })
    }

    fn add_line(&mut self) -> Result<(), String> {
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
            && let Err(message) = self.add_line()
        {
            self.set_error("line", format!("Finish or clear the line being typed first. {message}"));
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
        };
        self.clear_error("line");
        Some(QUANTITY_ID)
    }

    fn refresh_due(&mut self, party: &Party) {
        if self.due_touched || !self.kind.has_lines() {
            return;
        }
        if let Ok(date) = parse_date(&self.date) {
            self.due = voucher::due_date(date, party.terms_days).to_string();
        }
    }

    fn set_error(&mut self, field: &str, message: String) {
        self.clear_error(field);
        self.errors.push(ProfileError::new(field, message));
    }

    fn clear_error(&mut self, field: &str) {
        self.errors.retain(|e| e.field != field);
    }

    fn error(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }

    /// The voucher to save. A line still being typed is added first, so Save after
    /// the last field does what the clerk meant; every problem is named at once.
    pub fn to_voucher(&mut self, party: &Party) -> Result<Voucher, Vec<ProfileError>> {
        let mut errors = Vec::new();
        if self.kind.has_lines()
            && (self.draft.item.is_some() || !self.draft.item_text.trim().is_empty())
            && let Err(message) = self.add_line()
        {
            errors.push(ProfileError::new("line", message));
        }
        let date = parse_date(&self.date).map_err(|m| errors.push(ProfileError::new("date", format!("Date: {m}"))));
        let due = if self.kind.has_lines() && !self.due.trim().is_empty() {
            parse_date(&self.due).map(Some).map_err(|m| errors.push(ProfileError::new("due_date", format!("Due: {m}"))))
        } else {
            Ok(None)
        };
        let amount = if self.kind.is_settlement() {
            money::parse_non_negative_amount(&self.amount)
                .map_err(|e| errors.push(ProfileError::new("amount", crate::ui::customers::sentence(&e.to_string()))))
        } else {
            Ok(Decimal::ZERO)
        };
        let (Ok(date), Ok(due), Ok(amount)) = (date, due, amount) else {
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut voucher = match &self.editing {
            Some(stored) => stored.clone(),
            None => Voucher::new(self.kind, party.id, date),
        };
        voucher.date = date;
        voucher.due_date = due;
        voucher.memo = self.memo.clone();
        if self.kind.has_lines() {
            voucher.lines = self.lines.clone();
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

    pub fn view<'a>(&'a self, rounding: Rounding, currency: &'a str, balance: Decimal) -> Element<'a, Message> {
        let editable = self.is_editable();
        let date_input = input(DATE_ID, "YYYY-MM-DD", &self.date, Message::Date, self.error("date").is_some())
            .width(Length::Fixed(130.0));
        let date = field("Date", true, guard(date_input, editable), self.error("date"));
        let mut content = Column::new().spacing(12);
        if self.kind.has_lines() {
            let due_input = input(DUE_ID, "YYYY-MM-DD", &self.due, Message::Due, self.error("due_date").is_some())
                .width(Length::Fixed(130.0));
            content = content.push(
                row![
                    container(date).width(Length::Fixed(150.0)),
                    container(field("Due", false, guard(due_input, editable), self.error("due_date")))
                        .width(Length::Fixed(150.0)),
                ]
                .spacing(16),
            );
            content = content.push(self.grid(rounding, currency, editable));
            let totals = self.totals(rounding);
            content = content.push(
                row![
                    iced::widget::space::horizontal(),
                    figure("Supply", format_amount(totals.supply, currency)),
                    figure("Tax", format_amount(totals.tax, currency)),
                    figure("Total", format_amount(totals.total, currency)),
                ]
                .spacing(24),
            );
        } else {
            let amount = input(AMOUNT_ID, "0.00", &self.amount, Message::Amount, self.error("amount").is_some());
            let methods = choice(PaymentMethod::ALL, Some(self.method), Message::Method, false);
            let methods: Element<'_, Message> =
                if editable { methods.into() } else { text(self.method.to_string()).size(theme::TEXT).into() };
            content = content.push(
                row![
                    container(date).width(Length::Fixed(150.0)),
                    container(field("Amount", true, guard(amount, editable), self.error("amount")))
                        .width(Length::Fixed(170.0)),
                    container(field("Method", false, methods, None)).width(Length::Fixed(170.0)),
                ]
                .spacing(16),
            );
            let reference = input(REFERENCE_ID, "Bank or cheque reference", &self.reference, Message::Reference, false);
            let apply = choice(self.choices.as_slice(), Some(&self.applies_to), Message::ApplyTo, false);
            let apply: Element<'_, Message> =
                if editable { apply.into() } else { text(self.applies_to.to_string()).size(theme::TEXT).into() };
            content = content.push(
                row![
                    container(field("Reference", false, guard(reference, editable), self.error("reference")))
                        .width(Length::FillPortion(2)),
                    container(field("Apply to", false, apply, self.error("applies_to"))).width(Length::FillPortion(3)),
                ]
                .spacing(16),
            );
            let side = if self.kind == VoucherKind::Collection { "Receivable" } else { "Payable" };
            content = content.push(
                text(format!("{side} balance now: {}", format_amount(balance, currency)))
                    .size(theme::TEXT)
                    .style(theme::muted),
            );
        }
        let memo = input(MEMO_ID, "Memo (optional)", &self.memo, Message::Memo, self.error("memo").is_some());
        content = content.push(field("Memo", false, guard(memo, editable), self.error("memo")));
        for error in self.errors.iter().filter(|e| {
            !matches!(e.field.as_str(), "date" | "due_date" | "amount" | "reference" | "applies_to" | "memo" | "line")
        }) {
            content = content.push(text(&error.message).size(theme::SMALL).style(theme::error_text));
        }
        content.into()
    }

    fn grid<'a>(&'a self, rounding: Rounding, currency: &'a str, editable: bool) -> Element<'a, Message> {
        const QTY: f32 = 80.0;
        const PRICE: f32 = 110.0;
        const DISC: f32 = 70.0;
        const TOTAL: f32 = 110.0;
        const REMOVE: f32 = 28.0;
        let mut grid = Column::new().spacing(6);
        grid = grid.push(
            row![
                widgets::label("Item").width(Length::Fill),
                widgets::label("Qty").width(Length::Fixed(QTY)),
                widgets::label("Unit price").width(Length::Fixed(PRICE)),
                widgets::label("Disc. %").width(Length::Fixed(DISC)),
                widgets::label("Line total").width(Length::Fixed(TOTAL)).align_x(Alignment::End),
                iced::widget::space().width(Length::Fixed(REMOVE)),
            ]
            .spacing(8),
        );
        for (index, line) in self.lines.iter().enumerate() {
            let name = if line.unit.is_empty() {
                format!("{} {}", line.item_code, line.item_name)
            } else {
                format!("{} {} ({})", line.item_code, line.item_name, line.unit)
            };
            let remove: Element<'_, Message> = if editable {
                button(text("✕").size(theme::SMALL))
                    .padding([2, 8])
                    .on_press(Message::RemoveLine(index))
                    .style(theme::link_button)
                    .into()
            } else {
                iced::widget::space().into()
            };
            let cells = row![
                text(name).size(theme::TEXT).width(Length::Fill),
                text(line.quantity.normalize().to_string()).size(theme::TEXT).width(Length::Fixed(QTY)),
                text(format_amount(line.unit_price, currency)).size(theme::TEXT).width(Length::Fixed(PRICE)),
                text(line.discount_pct.normalize().to_string()).size(theme::TEXT).width(Length::Fixed(DISC)),
                text(format_amount(line.amounts(rounding).total, currency))
                    .size(theme::TEXT)
                    .width(Length::Fixed(TOTAL))
                    .align_x(Alignment::End),
            ]
            .spacing(8)
            .align_y(Alignment::Center);
            // A click takes the line back into the fields below to change it.
            let cells: Element<'_, Message> = if editable {
                button(cells)
                    .width(Length::Fill)
                    .padding([2, 0])
                    .on_press(Message::EditLine(index))
                    .style(theme::list_row(false, false))
                    .into()
            } else {
                cells.into()
            };
            grid = grid.push(
                row![cells, container(remove).width(Length::Fixed(REMOVE))].spacing(8).align_y(Alignment::Center),
            );
        }
        if !editable {
            return grid.into();
        }
        let standard = self.draft.item.as_ref().map(|item| self.standard_price(item).normalize().to_string());
        let line_total = match self.draft_line() {
            Ok(line) => format_amount(line.amounts(rounding).total, currency),
            Err(_) => String::new(),
        };
        let line_error = self.error("line").is_some();
        let discount_hint = self.default_discount.normalize().to_string();
        grid = grid.push(
            row![
                input(
                    ITEM_ID,
                    "Type an item code or name, Enter",
                    &self.draft.item_text,
                    Message::ItemText,
                    line_error
                )
                .on_submit(Message::ItemSubmit)
                .width(Length::Fill),
                input(QUANTITY_ID, "1", &self.draft.quantity, Message::Quantity, false)
                    .on_submit(Message::QuantitySubmit)
                    .width(Length::Fixed(QTY)),
                input(PRICE_ID, standard.as_deref().unwrap_or("price"), &self.draft.price, Message::Price, false)
                    .on_submit(Message::PriceSubmit)
                    .width(Length::Fixed(PRICE)),
                input(DISCOUNT_ID, &discount_hint, &self.draft.discount, Message::Discount, false)
                    .on_submit(Message::AddLine)
                    .width(Length::Fixed(DISC)),
                text(line_total).size(theme::TEXT).width(Length::Fixed(TOTAL)).align_x(Alignment::End),
                button(text("Add").size(theme::SMALL))
                    .padding([4, 6])
                    .on_press(Message::AddLine)
                    .style(theme::secondary_button)
                    .width(Length::Fixed(REMOVE + 12.0)),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        );
        if !self.draft.matches.is_empty() {
            let mut matches = Column::new().spacing(0);
            for (index, item) in self.draft.matches.iter().enumerate() {
                let price = format_amount(self.standard_price(item), currency);
                let label = row![
                    text(&item.code).size(theme::TEXT).font(theme::BOLD).width(Length::Fixed(110.0)),
                    text(&item.name).size(theme::TEXT).width(Length::Fill),
                    text(price).size(theme::SMALL).style(theme::muted),
                ]
                .spacing(8);
                matches = matches.push(
                    button(label)
                        .width(Length::Fill)
                        .padding([4, 8])
                        .on_press(Message::PickItem(index))
                        .style(theme::list_row(false, index == 0)),
                );
            }
            grid = grid.push(
                column![
                    widgets::label("Enter takes the outlined match; click another to pick it."),
                    container(matches).style(theme::panel)
                ]
                .spacing(4),
            );
        }
        if let Some(error) = self.error("line") {
            grid = grid.push(text(error).size(theme::SMALL).style(theme::error_text));
        } else if self.lines.is_empty() && self.draft.item.is_none() {
            grid = grid.push(widgets::label(
                "Enter or Tab moves item → quantity → price → discount; Enter in the discount adds the line. Click a line to change it.",
            ));
        }
        grid.into()
    }
}

/// A text input that takes no typing when the voucher may not be changed.
fn guard<'a>(input: iced::widget::TextInput<'a, Message>, editable: bool) -> Element<'a, Message> {
    if editable { input.into() } else { input.on_input_maybe(None::<fn(String) -> Message>).into() }
}

fn figure<'a>(label: &'a str, value: String) -> Element<'a, Message> {
    column![widgets::label(label), text(value).size(theme::SECTION_TITLE).font(theme::BOLD)]
        .spacing(2)
        .align_x(Alignment::End)
        .into()
}

/// The drop-down entry for an open invoice.
fn invoice_choice(invoice: &OpenInvoice, currency: &str) -> ApplyChoice {
    ApplyChoice::Invoice {
        number: invoice.number.clone(),
        label: format!(
            "{} · due {} · open {} of {}",
            invoice.number,
            invoice.due,
            format_amount(invoice.open, currency),
            format_amount(invoice.amount, currency)
        ),
    }
}

/// A date as the clerk types it: YYYY-MM-DD.
pub fn parse_date(value: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| format!("\"{}\" is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31.", value.trim()))
}
