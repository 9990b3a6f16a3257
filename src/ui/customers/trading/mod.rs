//! The trading area beside the selected customer: balances at a glance, the entry pane for
//! sales, purchases, collections and payments, and the ledger they land in.

pub mod entry;
mod grid;
pub mod ledger;

pub use entry::{ApplyChoice, Entry, Party};
pub use ledger::{KindFilter, Ledger};

use super::{glance, sentence};
use crate::domain::customer::{Customer, ProfileError};
use crate::domain::ledger::Balance;
use crate::domain::money::Currency;
use crate::domain::terms::EffectiveTerms;
use crate::domain::voucher::{Rounding, Voucher, VoucherKind};
use crate::store::{Side, Store, StoreError};
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;
use chrono::NaiveDate;
use iced::widget::{Column, button, column, container, row, space, text};
use iced::{Alignment, Element, Length};
use rust_decimal::Decimal;

pub const SAVE_VOUCHER: &str = "Save voucher";
/// The button on a voided voucher that un-voids it.
pub const RESTORE_VOUCHER: &str = "Restore (un-void)";

#[derive(Debug, Clone)]
pub enum Message {
    Entry(entry::Message),
    Ledger(ledger::Message),
    /// Save the voucher in the entry pane (the button, or Ctrl+Enter).
    Save,
    /// Leave the voucher being looked at and start a new one.
    NewVoucher,
    Void,
    ConfirmVoid,
    CancelVoid,
    /// Un-void the voided voucher in the pane: it counts again, checked as a save would be.
    Restore,
    /// Save (or restore) the sale the credit warning is about, and keep the warning with it.
    SaveAnyway,
    CancelCreditWarning,
    /// Try the save again that found the book busy (for the customer with this id).
    RetrySave(i64),
}

/// How many more times a voucher is saved while another program holds the book, and how long
/// the window waits before each: with the store's own wait, about half a minute in all.
pub const BUSY_RETRIES: u8 = 3;
pub const BUSY_RETRY_AFTER: std::time::Duration = std::time::Duration::from_secs(3);

/// What the parent must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    None,
    /// Move keyboard focus to the widget with this id.
    Focus(String),
    /// Scroll until the container with this id shows (the item matches as they open).
    Reveal(String),
    /// A voucher was saved, voided or restored: the customer now has transactions.
    Changed(Option<String>),
    /// The book was busy: send `Message::RetrySave` for this customer after [`BUSY_RETRY_AFTER`].
    RetrySaveLater(i64),
}

/// The figures in the header: what is owed both ways and how late.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    pub balance: Balance,
    pub overdue: Decimal,
    pub oldest_overdue_days: Option<i64>,
    /// The customer's effective limits and prices, with where each comes from.
    pub terms: Option<EffectiveTerms>,
}

pub struct Trading {
    party: Party,
    currency: Currency,
    rounding: Rounding,
    today: NaiveDate,
    summary: Result<Summary, String>,
    pub ledger: Ledger,
    pub entry: Entry,
    notice: Option<(Tone, String)>,
    confirm_void: bool,
    /// The credit warning the last save or restore met; the clerk may go ahead anyway.
    credit_warning: Option<(String, Warned)>,
    /// How many times the save was tried again because the book was busy.
    busy_retries: u8,
}

/// What a credit warning waiting for the clerk's answer stopped; "Save anyway" does it, accepting the warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Warned {
    Save,
    Restore,
}

impl Trading {
    /// The area for a stored customer, on `today`; sales start selected unless the customer is a vendor only.
    pub fn new(customer: &Customer, currency: &Currency, today: NaiveDate, store: &Store) -> Trading {
        let party = Party::new(customer, store);
        let kind = if customer.role == crate::domain::customer::Role::Vendor {
            VoucherKind::Purchase
        } else {
            VoucherKind::Sale
        };
        let mut trading = Trading {
            entry: Entry::new(kind, &party, today, store, currency),
            party,
            currency: currency.clone(),
            rounding: store.rounding().unwrap_or_default(),
            today,
            summary: Ok(Summary::default()),
            ledger: Ledger::default(),
            notice: None,
            confirm_void: false,
            credit_warning: None,
            busy_retries: 0,
        };
        trading.refresh(store);
        trading
    }

    pub fn customer_id(&self) -> i64 {
        self.party.id()
    }

    pub fn summary(&self) -> Option<&Summary> {
        self.summary.as_ref().ok()
    }

    pub fn notice(&self) -> Option<&(Tone, String)> {
        self.notice.as_ref()
    }

    pub fn forget_notice(&mut self) {
        self.notice = None;
    }

    pub fn is_confirming_void(&self) -> bool {
        self.confirm_void
    }

    /// Whether a new voucher has been typed but not saved.
    pub fn has_unsaved_entry(&self) -> bool {
        self.entry.editing.is_none() && self.entry.has_input()
    }

    /// Takes the customer as saved again (terms, groups, limits may have changed) and refreshes.
    pub fn reload(&mut self, customer: &Customer, store: &Store) {
        self.party = Party::new(customer, store);
        // Settings may have changed the currency: amounts show and lines round the new way.
        if let Ok(currency) = store.currency() {
            self.rounding = Rounding { decimals: currency.decimals };
            self.currency = currency;
        }
        self.entry.refresh_due(&self.party);
        self.refresh(store);
    }

    /// Reads the header figures and the ledger's newest page again.
    pub fn refresh(&mut self, store: &Store) {
        let id = self.party.id();
        self.summary = store
            .balance(id)
            .and_then(|balance| {
                let ageing = store.customer_ageing(id, Side::Receivable, self.today)?;
                Ok(Summary {
                    balance,
                    overdue: ageing.overdue_total(),
                    oldest_overdue_days: ageing.oldest_overdue_days,
                    terms: Some(store.effective_terms(&self.party.customer)?),
                })
            })
            .map_err(|e| sentence(&format!("The balances could not be read: {e}")));
        self.ledger.load_latest(store, id);
    }

    pub fn update(&mut self, message: Message, store: &mut Store) -> Action {
        match message {
            Message::Entry(entry::Message::Save) => self.save(store, false),
            Message::Entry(message) => {
                // The warning and the last save's outcome were about the voucher as it stood; a
                // change makes them stale (the fields keep their own error lines).
                self.credit_warning = None;
                self.notice = None;
                let next = self.entry.update(message, &self.party, self.today, store, &self.currency);
                match next {
                    Some(entry::MATCHES_ID) => Action::Reveal(entry::MATCHES_ID.to_string()),
                    Some(id) => Action::Focus(id.to_string()),
                    None => Action::None,
                }
            }
            Message::Ledger(message) => match self.ledger.update(message, store, self.party.id()) {
                Some(id) => self.open(id, store),
                None => Action::None,
            },
            Message::Save => {
                self.busy_retries = 0;
                self.save(store, false)
            }
            // Only the save that found the book busy is tried again, for the customer still open.
            Message::RetrySave(party) if party == self.party.id() && self.busy_retries > 0 => self.save(store, false),
            Message::RetrySave(_) => Action::None,
            Message::SaveAnyway => match self.credit_warning.as_ref().map(|(_, warned)| *warned) {
                Some(Warned::Restore) => self.restore(store, true),
                _ => self.save(store, true),
            },
            Message::Restore => self.restore(store, false),
            Message::CancelCreditWarning => {
                self.credit_warning = None;
                Action::None
            }
            Message::NewVoucher => {
                let kind = self.entry.kind;
                let kind = if kind == VoucherKind::Opening { VoucherKind::Sale } else { kind };
                self.entry = Entry::new(kind, &self.party, self.today, store, &self.currency);
                self.confirm_void = false;
                Action::Focus(self.entry.first_field().to_string())
            }
            Message::Void => {
                if self.entry.editing.as_ref().is_some_and(|v| !v.voided) {
                    self.confirm_void = true;
                }
                Action::None
            }
            Message::CancelVoid => {
                self.confirm_void = false;
                Action::None
            }
            Message::ConfirmVoid => {
                self.confirm_void = false;
                self.void(store)
            }
        }
    }

    /// Shows a stored voucher in the entry pane.
    fn open(&mut self, id: i64, store: &Store) -> Action {
        self.confirm_void = false;
        match store.voucher(id) {
            Ok(Some(voucher)) => {
                self.notice = None;
                self.entry = Entry::existing(voucher, &self.party, self.today, store, &self.currency);
                self.entry.editing_version = store.voucher_version(id).ok().flatten();
                Action::None
            }
            Ok(None) => {
                self.notice = Some((Tone::Warning, "That voucher no longer exists; the ledger was refreshed.".into()));
                self.refresh(store);
                Action::None
            }
            Err(e) => {
                self.notice = Some((Tone::Danger, sentence(&format!("The voucher could not be opened: {e}"))));
                Action::None
            }
        }
    }

    /// The credit warning waiting for the clerk's answer, if any.
    pub fn credit_warning(&self) -> Option<&str> {
        self.credit_warning.as_ref().map(|(message, _)| message.as_str())
    }

    fn save(&mut self, store: &mut Store, accept_credit_warning: bool) -> Action {
        self.credit_warning = None;
        if !self.entry.is_editable() {
            return Action::None;
        }
        let voucher = match self.entry.to_voucher(&self.party) {
            Ok(voucher) => voucher,
            Err(errors) => {
                self.notice = Some((Tone::Danger, summary(&errors)));
                self.entry.errors = errors;
                return Action::None;
            }
        };
        match store.save_voucher_seen(&voucher, accept_credit_warning, self.entry.editing_version) {
            Ok(saved) => {
                let number = saved.voucher.number.clone();
                let verb = if voucher.id.is_some() { "Saved changes to" } else { "Saved" };
                self.notice = Some((
                    Tone::Success,
                    format!(
                        "{verb} {number}: {}.",
                        crate::domain::money::format_amount(saved.totals.total, &self.currency)
                    ),
                ));
                self.entry = Entry::new(voucher.kind, &self.party, self.today, store, &self.currency);
                self.refresh(store);
                Action::Changed(Some(self.entry.first_field().to_string()))
            }
            Err(StoreError::Invalid(errors)) => {
                self.notice = Some((Tone::Danger, summary(&errors)));
                self.entry.errors = errors;
                Action::None
            }
            Err(StoreError::Busy) => self.busy(),
            Err(error) => self.refused(error, Warned::Save),
        }
    }

    /// Another program held the book through the store's whole wait: the voucher stays on
    /// screen and is tried again a few times before the clerk is asked to.
    fn busy(&mut self) -> Action {
        let holders =
            "another program is writing to the book (Clientele on another computer, clientele watch or an import)";
        tracing::warn!(attempt = self.busy_retries + 1, "voucher save found the book busy");
        if self.busy_retries < BUSY_RETRIES {
            self.busy_retries += 1;
            self.notice = Some((
                Tone::Warning,
                format!(
                    "Not saved yet: {holders}. Your voucher is kept; trying again in {} seconds ({} of {BUSY_RETRIES})…",
                    BUSY_RETRY_AFTER.as_secs(),
                    self.busy_retries
                ),
            ));
            return Action::RetrySaveLater(self.party.id());
        }
        self.busy_retries = 0;
        self.notice = Some((
            Tone::Danger,
            format!(
                "Not saved: {holders} and has not finished. Your voucher is kept; press Save voucher to try again."
            ),
        ));
        Action::None
    }

    /// A save or restore the store refused: a credit warning becomes a question, the rest a notice.
    fn refused(&mut self, error: StoreError, stopped: Warned) -> Action {
        match error {
            StoreError::CreditWarning(message) => {
                self.notice = None;
                self.credit_warning = Some((message, stopped));
            }
            error @ StoreError::ChangedSince { .. } => {
                // What was typed stays in the pane; the ledger row opens the voucher as it is now.
                let reopen = "Click the voucher in the ledger to open it as it is now.";
                self.notice = Some((Tone::Danger, format!("{} {reopen}", sentence(&format!("Not saved: {error}")))));
            }
            error => {
                let not = if stopped == Warned::Save { "Not saved" } else { "Not restored" };
                self.notice = Some((Tone::Danger, sentence(&format!("{not}: {error}"))));
            }
        }
        Action::None
    }

    fn void(&mut self, store: &mut Store) -> Action {
        let Some(number) = self.entry.editing.as_ref().map(|v| v.number.clone()) else { return Action::None };
        match store.void_voucher(&number) {
            Ok(voided) => {
                let done = format!("Voided {number}; it stays in the ledger and no longer counts.");
                self.show_marked(voided, done, store)
            }
            Err(error) => {
                self.notice = Some((Tone::Danger, sentence(&format!("Not voided: {error}"))));
                Action::None
            }
        }
    }

    /// Un-voids the voucher in the pane; a sale meets the customer's credit control as a save does.
    fn restore(&mut self, store: &mut Store, accept_credit_warning: bool) -> Action {
        self.credit_warning = None;
        let Some(number) = self.entry.editing.as_ref().filter(|v| v.voided).map(|v| v.number.clone()) else {
            return Action::None;
        };
        match store.unvoid_voucher(&number, accept_credit_warning) {
            Ok((restored, warning)) => {
                let kept = if warning.is_some() { " The credit warning is kept with it." } else { "" };
                self.show_marked(restored, format!("Restored {number}; it counts again.{kept}"), store)
            }
            Err(error) => self.refused(error, Warned::Restore),
        }
    }

    /// After a void or a restore: the voucher as it now stands in the pane, and fresh figures.
    fn show_marked(&mut self, voucher: Voucher, done: String, store: &Store) -> Action {
        self.notice = Some((Tone::Success, done));
        self.entry = Entry::existing(voucher, &self.party, self.today, store, &self.currency);
        self.refresh(store);
        Action::Changed(None)
    }

    /// The balances card, shown at the top of the customer's page.
    pub fn header<'a, M: 'a>(&'a self) -> Element<'a, M> {
        match &self.summary {
            Ok(s) => glance::balances(s.balance, s.overdue, s.oldest_overdue_days, s.terms.as_ref(), &self.currency),
            Err(error) => widgets::notice(Tone::Danger, error.as_str()),
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let currency = &self.currency;
        let mut area = Column::new().spacing(12);
        // The kind buttons (or the voucher's number) head the pane; no title row above them.
        area = area.push(self.entry_pane());
        area = area.push(
            container(self.ledger.view(currency, self.entry.editing.as_ref().and_then(|v| v.id)).map(Message::Ledger))
                .padding(12)
                .width(Length::Fill)
                .style(theme::panel),
        );
        area.into()
    }

    fn entry_pane(&self) -> Element<'_, Message> {
        let currency = &self.currency;
        let entry = &self.entry;
        let mut top = row![].spacing(6).align_y(Alignment::Center);
        match &entry.editing {
            None => {
                for kind in [
                    VoucherKind::Sale,
                    VoucherKind::Purchase,
                    VoucherKind::Collection,
                    VoucherKind::Payment,
                    VoucherKind::Opening,
                ] {
                    let active = kind == entry.kind;
                    top = top.push(
                        button(text(kind.to_string()).size(theme::TEXT))
                            .padding([5, 14])
                            .on_press(Message::Entry(entry::Message::Kind(kind)))
                            .style(if active { theme::primary_button } else { theme::secondary_button }),
                    );
                }
                top = top.push(space::horizontal());
            }
            Some(voucher) => {
                top = top.push(
                    text(format!("{} {}", voucher.kind, voucher.number)).size(theme::SECTION_TITLE).font(theme::BOLD),
                );
                if voucher.voided {
                    top = top.push(widgets::badge(Tone::Danger, "Voided"));
                }
                top = top.push(space::horizontal());
                top = top.push(
                    button(text("New voucher").size(theme::TEXT))
                        .padding([5, 14])
                        .on_press(Message::NewVoucher)
                        .style(theme::secondary_button),
                );
                let mark = if voucher.voided {
                    button(text(RESTORE_VOUCHER).size(theme::TEXT))
                        .on_press(Message::Restore)
                        .style(theme::primary_button)
                } else {
                    button(text("Void").size(theme::TEXT)).on_press(Message::Void).style(theme::danger_button)
                };
                top = top.push(mark.padding([5, 14]));
            }
        }
        let mut pane = column![top].spacing(12);
        if let Some((warning, _)) = &self.credit_warning {
            pane = pane.push(question(
                format!("{warning} Save anyway? The warning is kept with the voucher."),
                Message::CancelCreditWarning,
                ("Save anyway", Message::SaveAnyway),
            ));
        }
        if self.confirm_void
            && let Some(voucher) = &entry.editing
        {
            pane = pane.push(question(
                format!(
                    "Void {}? It stays in the ledger marked VOID and stops counting in the balances until it is restored.",
                    voucher.number
                ),
                Message::CancelVoid,
                ("Void voucher", Message::ConfirmVoid),
            ));
        }
        let balance = match (&self.summary, entry.kind) {
            (Ok(s), VoucherKind::Payment) => s.balance.payable,
            (Ok(s), _) => s.balance.receivable,
            (Err(_), _) => Decimal::ZERO,
        };
        let label = if entry.editing.is_some() { "Save changes" } else { SAVE_VOUCHER };
        // The last save's outcome stands beside Save, where the clerk looks, and moves nothing.
        pane = pane.push(entry.view(self.rounding, currency, balance, label, self.notice.as_ref()).map(Message::Entry));
        container(pane).padding(12).width(Length::Fill).style(theme::panel).into()
    }
}

/// The line above the pane after a refused save: each problem, in order.
fn summary(errors: &[ProfileError]) -> String {
    match errors {
        [] => "Not saved.".to_string(),
        [one] => format!("Not saved: {}", sentence(&one.message)),
        many => format!("Not saved: {} problems to fix (shown below).", many.len()),
    }
}

/// A question inside the pane: what will happen, Cancel, and the risky answer in red.
fn question<'a>(said: String, cancel: Message, (label, confirm): (&'a str, Message)) -> Element<'a, Message> {
    container(
        row![
            text(said).size(theme::TEXT).width(Length::Fill),
            button(text("Cancel").size(theme::TEXT)).padding([5, 12]).on_press(cancel).style(theme::secondary_button),
            button(text(label).size(theme::TEXT)).padding([5, 12]).on_press(confirm).style(theme::danger_button),
        ]
        .spacing(8)
        .align_y(Alignment::Center),
    )
    .padding([8, 12])
    .style(theme::notice(Tone::Warning))
    .into()
}
