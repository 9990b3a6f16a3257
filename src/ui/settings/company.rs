//! The Company section of Settings: the office's name and the currency symbol amounts are shown with.

use super::parts::{self, TEXT};
use crate::domain::money::format_amount;
use crate::domain::text::{MAX_LINE_CHARS, char_len};
use crate::store::{CompanySettings, Store, StoreError};
use crate::ui::widgets;
use iced::widget::{column, container, row, text};
use iced::{Alignment, Element, Length};
use rust_decimal_macros::dec;

/// Longest currency symbol accepted: room for "CHF" or "US$", not for a sentence.
pub const MAX_SYMBOL_CHARS: usize = 5;

#[derive(Debug, Clone)]
pub enum Message {
    NameChanged(String),
    SymbolChanged(String),
    Save,
}

pub struct Company {
    name: String,
    symbol: String,
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
            symbol: saved.currency_symbol.clone(),
            saved,
            error: None,
            just_saved: false,
        })
    }

    pub fn is_dirty(&self) -> bool {
        self.name.trim() != self.saved.company_name || self.symbol.trim() != self.saved.currency_symbol
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
        let settings = CompanySettings { company_name: name.clone(), currency_symbol: symbol.clone() };
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
        let preview = if check(self.name.trim(), self.symbol.trim()).is_ok() {
            format!("Amounts will look like {}.", format_amount(dec!(1234.5), self.symbol.trim()))
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
            "Your office's name, shown in the top bar, and the currency symbol amounts are shown with.",
            column![
                row![
                    container(widgets::field("Company name", false, name, None)).width(Length::FillPortion(3)),
                    container(widgets::field("Currency symbol", true, symbol, None)).width(Length::FillPortion(1)),
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
    if symbol.is_empty() {
        return Err("Enter a currency symbol, e.g. $, € or ₩.".to_string());
    }
    let symbol_chars = char_len(symbol);
    if symbol_chars > MAX_SYMBOL_CHARS {
        return Err(format!(
            "The currency symbol \u{201c}{symbol}\u{201d} is too long: use at most {MAX_SYMBOL_CHARS} characters, e.g. $ or CHF."
        ));
    }
    let name_chars = char_len(name);
    if name_chars > MAX_LINE_CHARS {
        return Err(format!("The company name is too long ({name_chars} characters; at most {MAX_LINE_CHARS})."));
    }
    Ok(())
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
