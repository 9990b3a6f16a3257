//! The customer's ledger, read-only: one page at a time so a customer with a hundred
//! thousand entries stays quick, filtered by period and (for display only) by kind.

use super::entry::parse_date;
use crate::domain::ledger::LedgerEntry;
use crate::domain::money::{Currency, format_amount};
use crate::domain::voucher::VoucherKind;
use crate::store::{CustomerLedger, Store};
use crate::ui::theme::{self, Tone};
use crate::ui::widgets::{self, choice, input};
use chrono::NaiveDate;
use iced::widget::{Column, button, column, container, row, space, text};
use iced::{Alignment, Element, Length};
use std::fmt;

pub const FROM_ID: &str = "ledger:from";
pub const TO_ID: &str = "ledger:to";
/// Entries per page.
pub const PAGE: u64 = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KindFilter {
    #[default]
    All,
    Sales,
    Purchases,
    Collections,
    Payments,
}

impl KindFilter {
    pub const ALL: [KindFilter; 5] =
        [KindFilter::All, KindFilter::Sales, KindFilter::Purchases, KindFilter::Collections, KindFilter::Payments];

    pub fn shows(self, kind: VoucherKind) -> bool {
        match self {
            KindFilter::All => true,
            KindFilter::Sales => kind == VoucherKind::Sale,
            KindFilter::Purchases => kind == VoucherKind::Purchase,
            KindFilter::Collections => kind == VoucherKind::Collection,
            KindFilter::Payments => kind == VoucherKind::Payment,
        }
    }
}

impl fmt::Display for KindFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KindFilter::All => "All kinds",
            KindFilter::Sales => "Sales",
            KindFilter::Purchases => "Purchases",
            KindFilter::Collections => "Collections",
            KindFilter::Payments => "Payments",
        })
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    From(String),
    To(String),
    Kind(KindFilter),
    Earlier,
    Later,
    /// A row was clicked: open that voucher.
    Open(i64),
}

#[derive(Default)]
pub struct Ledger {
    pub from: String,
    pub to: String,
    pub kind: KindFilter,
    /// Entries skipped before the page shown.
    pub skip: u64,
    pub page: CustomerLedger,
    pub filter_error: Option<String>,
    pub error: Option<String>,
    period: (Option<NaiveDate>, Option<NaiveDate>),
}

impl Ledger {
    /// Reads the last page (the newest entries) of the period.
    pub fn load_latest(&mut self, store: &Store, customer_id: i64) {
        let (from, to) = self.period;
        match store.ledger(customer_id, from, to, Some((0, 0))) {
            Ok(count) => {
                self.skip = count.total_entries.saturating_sub(PAGE);
                self.load(store, customer_id);
            }
            Err(e) => self.error = Some(crate::ui::customers::sentence(&format!("The ledger could not be read: {e}"))),
        }
    }

    fn load(&mut self, store: &Store, customer_id: i64) {
        let (from, to) = self.period;
        match store.ledger(customer_id, from, to, Some((self.skip, PAGE))) {
            Ok(page) => {
                self.page = page;
                self.error = None;
            }
            Err(e) => self.error = Some(crate::ui::customers::sentence(&format!("The ledger could not be read: {e}"))),
        }
    }

    /// Applies one change; returns the voucher to open when a row was clicked.
    pub fn update(&mut self, message: Message, store: &Store, customer_id: i64) -> Option<i64> {
        match message {
            Message::From(value) => {
                self.from = value;
                self.refilter(store, customer_id);
            }
            Message::To(value) => {
                self.to = value;
                self.refilter(store, customer_id);
            }
            Message::Kind(kind) => self.kind = kind,
            Message::Earlier => {
                if self.skip > 0 {
                    self.skip = self.skip.saturating_sub(PAGE);
                    self.load(store, customer_id);
                }
            }
            Message::Later => {
                if self.skip + PAGE < self.page.total_entries {
                    self.skip += PAGE;
                    self.load(store, customer_id);
                }
            }
            Message::Open(id) => return Some(id),
        }
        None
    }

    /// A new period applies once both ends read as dates (or are empty).
    fn refilter(&mut self, store: &Store, customer_id: i64) {
        let parse = |value: &str| if value.trim().is_empty() { Ok(None) } else { parse_date(value).map(Some) };
        match (parse(&self.from), parse(&self.to)) {
            (Ok(from), Ok(to)) => {
                if let (Some(a), Some(b)) = (from, to)
                    && a > b
                {
                    self.filter_error = Some("The period ends before it starts; swap the dates.".to_string());
                    return;
                }
                self.filter_error = None;
                self.period = (from, to);
                self.load_latest(store, customer_id);
            }
            (Err(e), _) => self.filter_error = Some(format!("From: {e}")),
            (_, Err(e)) => self.filter_error = Some(format!("To: {e}")),
        }
    }

    /// The entries of the page that the kind filter lets through.
    pub fn shown(&self) -> impl Iterator<Item = &LedgerEntry> {
        self.page.entries.iter().filter(|e| self.kind.shows(e.kind))
    }

    pub fn view<'a>(&'a self, currency: &'a Currency, open: Option<i64>) -> Element<'a, Message> {
        const DATE: f32 = 84.0;
        const KIND: f32 = 76.0;
        const NUMBER: f32 = 128.0;
        const MONEY: f32 = 96.0;
        // The title shares the filters' row: one row less between the voucher and the ledger.
        let filters = row![
            text("Ledger").size(theme::SECTION_TITLE).font(theme::BOLD),
            space::horizontal(),
            widgets::label("From"),
            input(FROM_ID, "YYYY-MM-DD", &self.from, Message::From, self.filter_error.is_some())
                .width(Length::Fixed(120.0)),
            widgets::label("To"),
            input(TO_ID, "YYYY-MM-DD", &self.to, Message::To, self.filter_error.is_some()).width(Length::Fixed(120.0)),
            container(choice(&KindFilter::ALL[..], Some(self.kind), Message::Kind, false)).width(Length::Fixed(150.0)),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        let mut list = Column::new().spacing(0);
        list = list.push(
            container(
                row![
                    widgets::label("Date").width(Length::Fixed(DATE)),
                    widgets::label("Kind").width(Length::Fixed(KIND)),
                    widgets::label("Number").width(Length::Fixed(NUMBER)),
                    widgets::label("Memo").width(Length::Fill),
                    widgets::label("Debit").width(Length::Fixed(MONEY)).align_x(Alignment::End),
                    widgets::label("Credit").width(Length::Fixed(MONEY)).align_x(Alignment::End),
                    widgets::label("Balance").width(Length::Fixed(MONEY)).align_x(Alignment::End),
                ]
                .spacing(8),
            )
            .padding([6, 8])
            .style(theme::list_heading),
        );
        let money =
            |value: rust_decimal::Decimal| if value.is_zero() { String::new() } else { format_amount(value, currency) };
        let mut shown = 0;
        // Newest first, so the latest entries sit right under the voucher being typed; the
        // balance brought in closes the page at the bottom.
        let entries: Vec<&LedgerEntry> = self.shown().collect();
        for entry in entries.into_iter().rev() {
            shown += 1;
            let style =
                if entry.voided { theme::faint } else { |_: &iced::Theme| iced::widget::text::Style::default() };
            let number: Element<'_, Message> = if entry.voided {
                row![text(&entry.number).size(theme::TEXT).style(style), widgets::badge(Tone::Danger, "VOID")]
                    .spacing(4)
                    .align_y(Alignment::Center)
                    .into()
            } else {
                text(&entry.number).size(theme::TEXT).into()
            };
            let cells = row![
                text(entry.date.to_string()).size(theme::TEXT).style(style).width(Length::Fixed(DATE)),
                text(entry.kind.to_string()).size(theme::TEXT).style(style).width(Length::Fixed(KIND)),
                container(number).width(Length::Fixed(NUMBER)),
                container(
                    text(&entry.memo).size(theme::TEXT).style(style).wrapping(iced::widget::text::Wrapping::None)
                )
                .width(Length::Fill)
                .clip(true),
                text(money(entry.debit))
                    .size(theme::TEXT)
                    .style(style)
                    .width(Length::Fixed(MONEY))
                    .align_x(Alignment::End),
                text(money(entry.credit))
                    .size(theme::TEXT)
                    .style(style)
                    .width(Length::Fixed(MONEY))
                    .align_x(Alignment::End),
                text(format_amount(entry.balance, currency))
                    .size(theme::TEXT)
                    .style(style)
                    .width(Length::Fixed(MONEY))
                    .align_x(Alignment::End),
            ]
            .spacing(8)
            .align_y(Alignment::Center);
            list = list.push(
                button(container(cells).clip(true))
                    .width(Length::Fill)
                    .padding([5, 8])
                    .on_press(Message::Open(entry.voucher_id))
                    .style(theme::list_row(open == Some(entry.voucher_id), false)),
            );
        }
        list = list.push(
            container(
                row![
                    text(if self.skip == 0 { "Brought forward" } else { "Carried in from earlier entries" })
                        .size(theme::SMALL)
                        .style(theme::muted)
                        .width(Length::Fill),
                    text(format_amount(self.page.opening, currency))
                        .size(theme::SMALL)
                        .style(theme::muted)
                        .width(Length::Fixed(MONEY))
                        .align_x(Alignment::End),
                ]
                .spacing(8),
            )
            .padding([4, 8]),
        );
        if self.page.total_entries == 0 {
            list = list.push(
                container(text("No vouchers in this period yet.").size(theme::TEXT).style(theme::muted)).padding(8),
            );
        } else if shown == 0 {
            list = list.push(
                container(
                    text(format!("No {} on this page.", self.kind.to_string().to_lowercase()))
                        .size(theme::TEXT)
                        .style(theme::muted),
                )
                .padding(8),
            );
        }
        let total = self.page.total_entries;
        let first = if total == 0 { 0 } else { self.skip + 1 };
        let last = (self.skip + PAGE).min(total);
        let pager = row![
            text(format!("Entries {first}–{last} of {total}")).size(theme::SMALL).style(theme::muted),
            space::horizontal(),
            text(format!("Balance at the end of the period: {}", format_amount(self.page.closing, currency)))
                .size(theme::SMALL),
            button(text("◀ Earlier").size(theme::SMALL))
                .padding([4, 10])
                .on_press_maybe((self.skip > 0).then_some(Message::Earlier))
                .style(theme::secondary_button),
            button(text("Later ▶").size(theme::SMALL))
                .padding([4, 10])
                .on_press_maybe((self.skip + PAGE < total).then_some(Message::Later))
                .style(theme::secondary_button),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        let mut all = column![filters].spacing(8);
        if let Some(error) = &self.filter_error {
            all = all.push(text(error).size(theme::SMALL).style(theme::error_text));
        }
        if let Some(error) = &self.error {
            all = all.push(widgets::notice(Tone::Danger, error.as_str()));
        }
        all.push(container(list).style(theme::panel)).push(pager).into()
    }
}
