//! The Company section of Settings: the office's name and its currency (symbol and decimals).

use super::parts::{self, TEXT};
use crate::domain::money::{AMOUNT_DECIMALS, Currency};
use crate::domain::text::line_too_long;
use crate::store::{CompanySettings, Store, StoreError};
use crate::ui::widgets;
use iced::widget::{column, container, row, text};
use iced::{Alignment, Element, Length};
use rust_decimal_macros::dec;

#[derive(Debug, Clone)]
pub enum Message {
    NameChanged(String),
    SymbolChanged(String),
    DecimalsChosen(Decimals),
    Save,
}

/// How many decimals the currency's amounts carry, shown with an example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimals(pub u32);

impl std::fmt::Display for Decimals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let example = Currency::new("", self.0).format(dec!(1234));
        match self.0 {
            0 => write!(f, "None ({example})"),
            n => write!(f, "{n} ({example})"),
        }
    }
}

const DECIMAL_CHOICES: [Decimals; 5] = [Decimals(0), Decimals(1), Decimals(2), Decimals(3), Decimals(4)];

pub struct Company {
    name: String,
    symbol: String,
    decimals: u32,
    /// What the database holds, so Save is offered only when something changed.
    saved: CompanySettings,
    error: Option<String>,
    just_saved: bool,
}

impl Company {
    pub fn load(store: &Store) -> Result<Company, StoreError> {
        let saved = store.company_settings()?;
        Ok(Company {
            name: saved.company_name.clone(),
            symbol: saved.currency.symbol.clone(),
            decimals: saved.currency.decimals,
            saved,
            error: None,
            just_saved: false,
        })
    }

    pub fn is_dirty(&self) -> bool {
        self.name.trim() != self.saved.company_name
            || self.symbol.trim() != self.saved.currency.symbol
            || self.decimals != self.saved.currency.decimals
    }

    /// Returns whether the database changed.
    pub fn update(&mut self, message: Message, store: &mut Store) -> bool {
        match message {
            Message::NameChanged(name) => {
                self.name = name;
                self.just_saved = false;
                false
            }
            Message::SymbolChanged(symbol) => {
                self.symbol = symbol;
                self.just_saved = false;
                false
            }
            Message::DecimalsChosen(Decimals(decimals)) => {
                self.decimals = decimals.min(AMOUNT_DECIMALS);
                self.just_saved = false;
                false
            }
            Message::Save => self.save(store),
        }
    }

    fn save(&mut self, store: &mut Store) -> bool {
        self.just_saved = false;
        let name = self.name.trim().to_string();
        let symbol = self.symbol.trim().to_string();
        if let Err(problem) = check(&name, &symbol) {
            self.error = Some(problem);
            return false;
        }
        let settings =
            CompanySettings { company_name: name.clone(), currency: Currency::new(symbol.clone(), self.decimals) };
        match store.save_company_settings(&settings) {
            Ok(()) => {
                self.name = name;
                self.symbol = symbol;
                self.saved = settings;
                self.error = None;
                self.just_saved = true;
                true
            }
            Err(error) => {
                self.error = Some(parts::sentence(error));
                false
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let symbol_problem = self.error.is_some() && check("", self.symbol.trim()).is_err();
        let name = widgets::input("company-name", "e.g. Hanbit Trading Co.", &self.name, Message::NameChanged, false)
            .on_submit(Message::Save);
        let symbol = widgets::input("currency-symbol", "$", &self.symbol, Message::SymbolChanged, symbol_problem)
            .on_submit(Message::Save);
        let decimals =
            widgets::choice(&DECIMAL_CHOICES[..], Some(Decimals(self.decimals)), Message::DecimalsChosen, false);
        let preview = if check(self.name.trim(), self.symbol.trim()).is_ok() {
            let currency = Currency::new(self.symbol.trim(), self.decimals);
            let looks = format!("Amounts will look like {}.", currency.example());
            if self.decimals == self.saved.currency.decimals {
                looks
            } else {
                // Saved vouchers keep the amounts they were saved with; only new lines round anew.
                format!("{looks} Vouchers saved from now on round to this; saved ones keep their amounts.")
            }
        } else {
            String::new()
        };
        let status: Element<'_, Message> = match (&self.error, self.just_saved) {
            (Some(error), _) => parts::error_line(error),
            (None, true) => text("Company details saved.").size(TEXT).style(crate::ui::theme::success_text).into(),
            (None, false) => parts::hint(preview),
        };
        let save = parts::primary_button("Save", self.is_dirty().then_some(Message::Save));
        parts::section(
            "Company",
            "Your office's name, shown in the top bar, and its currency: the symbol amounts are shown \
             with and how many decimals they carry (none for ₩ or ¥, two for $ or €).",
            column![
                row![
                    container(widgets::field("Company name", false, name, None)).width(Length::FillPortion(3)),
                    container(widgets::field("Currency symbol", true, symbol, None)).width(Length::FillPortion(1)),
                    container(widgets::field("Decimals", false, decimals, None)).width(Length::FillPortion(1)),
                ]
                .spacing(16),
                row![save, status].spacing(16).align_y(Alignment::Center),
            ]
            .spacing(16),
        )
    }
}

/// The rules for company settings, as sentences a clerk can act on.
fn check(name: &str, symbol: &str) -> Result<(), String> {
    Currency::checked(symbol, 0).map_err(|problem| problem.to_string())?;
    match line_too_long("The company name", name) {
        Some(problem) => Err(format!("{problem}.")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn symbol_must_be_present_and_short() {
        assert!(check("Acme", "$").is_ok());
        assert!(check("", "CHF").is_ok());
        assert!(check("Acme", "").unwrap_err().starts_with("Enter a currency symbol"));
        assert!(check("Acme", "EUROS!").unwrap_err().contains("too long"));
        assert!(check("Acme", "₩₩₩₩₩").is_ok(), "five characters, counted as characters, not bytes");
    }
}
