//! The first-start welcome: offered on an empty book, it lets the clerk explore sample data,
//! start empty in the office's currency, or open the office's book on a server instead.

use crate::domain::money::{COMMON_CURRENCIES, Currency};
use crate::ui::{theme, widgets};
use iced::widget::{button, center, column, container, row, text};
use iced::{Alignment, Background, Border, Element, Length, Shadow, Theme, Vector};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    LoadSample,
    CurrencyChosen(CurrencyChoice),
    StartEmpty,
    OpenServer,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    None,
    LoadSample,
    /// Leave this empty book for the office's book on a server: Settings → Book's form.
    OpenServer,
    /// Start an empty book that keeps its amounts in this currency.
    StartEmpty(Currency),
}

/// A currency offered by name in the drop-down: "₩ Korean won (no decimals)".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrencyChoice {
    pub currency: Currency,
    name: &'static str,
}

impl std::fmt::Display for CurrencyChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let decimals = match self.currency.decimals {
            0 => "no decimals".to_string(),
            1 => "1 decimal".to_string(),
            n => format!("{n} decimals"),
        };
        write!(f, "{} {} ({decimals})", self.currency.symbol, self.name)
    }
}

/// The offered currencies, the suggested one among them (added when it is not a common one).
pub fn currency_choices(suggested: &Currency) -> Vec<CurrencyChoice> {
    let mut choices: Vec<CurrencyChoice> = COMMON_CURRENCIES
        .iter()
        .map(|(symbol, decimals, name)| CurrencyChoice { currency: Currency::new(*symbol, *decimals), name })
        .collect();
    if !choices.iter().any(|c| &c.currency == suggested) {
        choices.insert(0, CurrencyChoice { currency: suggested.clone(), name: "" });
    }
    choices
}

#[derive(Debug)]
pub struct Welcome {
    loading: bool,
    error: Option<String>,
    currencies: Vec<CurrencyChoice>,
    currency: CurrencyChoice,
    /// Where the book is kept, said on the card so a clerk knows which file is the book.
    place: Option<String>,
}

impl Welcome {
    /// `suggested` is the currency of the computer's language (see [`Currency::for_locale`]).
    pub fn new(suggested: Currency) -> Welcome {
        let currencies = currency_choices(&suggested);
        let currency =
            currencies.iter().find(|c| c.currency == suggested).cloned().unwrap_or_else(|| currencies[0].clone());
        Welcome { loading: false, error: None, currencies, currency, place: None }
    }

    /// Says on the card where the book (and its backups) are kept.
    pub fn kept_at(self, book: &std::path::Path) -> Welcome {
        let place = match crate::store::ServerAddress::from_location(book) {
            Ok(Some(server)) => {
                format!("The book is kept on the {}; the server's administrator keeps its backups.", server.describe())
            }
            _ => format!(
                "The book is kept in {}; a checked copy is made every day in {}.",
                book.display(),
                crate::store::default_backup_folder(book).display()
            ),
        };
        Welcome { place: Some(place), ..self }
    }

    /// The parent loads the sample and reports through `set_loading` and
    /// `set_error`; while it loads, nothing more is asked of it.
    pub fn update(&mut self, message: Message) -> Action {
        if self.loading {
            return Action::None;
        }
        match message {
            Message::LoadSample => {
                self.error = None;
                Action::LoadSample
            }
            Message::CurrencyChosen(choice) => {
                self.currency = choice;
                Action::None
            }
            Message::StartEmpty => {
                self.error = None;
                Action::StartEmpty(self.currency.currency.clone())
            }
            Message::OpenServer => Action::OpenServer,
        }
    }

    /// While loading, the buttons are disabled and "Loading sample data…" is shown.
    pub fn set_loading(&mut self, loading: bool) {
        self.loading = loading;
    }

    /// An error ends the load too, so the clerk can try again or start empty.
    pub fn set_error(&mut self, error: Option<String>) {
        if error.is_some() {
            self.loading = false;
        }
        self.error = error;
    }

    pub fn is_loading(&self) -> bool {
        self.loading
    }

    pub fn view(&self) -> Element<'_, Message> {
        let enabled = |message: Message| (!self.loading).then_some(message);
        let load = button(text("Load sample data").size(16))
            .padding([10, 20])
            .style(theme::primary_button)
            .on_press_maybe(enabled(Message::LoadSample));
        let empty = button(text("Start empty").size(16))
            .padding([10, 20])
            .style(theme::secondary_button)
            .on_press_maybe(enabled(Message::StartEmpty));
        let mut card = column![
            text("Welcome to Clientele").size(28).font(theme::BOLD),
            text("Your office's customer book: profiles, contacts, groups and your own fields.").size(16),
            text(
                "Load 200 made-up customers and vendors with groups, contacts and custom fields, \
                 40 items with price levels and special prices, a year of trading and a Friday \
                 alert rule, to explore how it works (priced in US dollars); or start an empty \
                 book in your currency and enter your own."
            )
            .size(14)
            .style(theme::muted),
            row![load, empty].spacing(12),
            row![
                text("Currency of an empty book").size(14),
                container(widgets::choice(&self.currencies[..], Some(&self.currency), Message::CurrencyChosen, false))
                    .width(280),
            ]
            .spacing(12)
            .align_y(Alignment::Center),
            text("Settings → Company changes it later.").size(13).style(theme::muted),
            row![
                text("Is the office's book on a server?").size(14),
                button(text("Open a book on a server…").size(14))
                    .padding([0, 4])
                    .style(theme::link_button)
                    .on_press_maybe(enabled(Message::OpenServer)),
            ]
            .spacing(6)
            .align_y(Alignment::Center),
        ]
        .spacing(16)
        .align_x(Alignment::Start);
        if let Some(place) = &self.place {
            card = card.push(text(place.as_str()).size(13).style(theme::muted));
        }
        if self.loading {
            card = card.push(text("Loading sample data…").size(14).style(theme::muted));
        }
        if let Some(error) = &self.error {
            card = card.push(text(error.as_str()).size(14).style(theme::error_text));
        }
        center(container(card).padding(40).max_width(600).width(Length::Shrink).style(card_style)).padding(24).into()
    }
}

fn card_style(_theme: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(theme::SURFACE)),
        text_color: Some(theme::INK),
        border: Border { width: 1.0, radius: 10.0.into(), color: theme::LINE },
        shadow: Shadow { color: theme::INK.scale_alpha(0.08), offset: Vector::new(0.0, 4.0), blur_radius: 16.0 },
        ..container::Style::default()
    }
}
