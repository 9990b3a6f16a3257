//! The first-start welcome: offered on an empty book, it lets the clerk explore sample data or start empty.

use crate::ui::theme;
use iced::widget::{button, center, column, container, row, text};
use iced::{Alignment, Background, Border, Element, Length, Shadow, Theme, Vector};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    LoadSample,
    StartEmpty,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    None,
    LoadSample,
    StartEmpty,
}

#[derive(Debug, Default)]
pub struct Welcome {
    loading: bool,
    error: Option<String>,
}

impl Welcome {
    pub fn new() -> Welcome {
        Welcome::default()
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
            Message::StartEmpty => {
                self.error = None;
                Action::StartEmpty
            }
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
            text(
                "Your office's customer book: profiles, contacts, groups and your own fields, \
                 kept in one file on this computer."
            )
            .size(16),
            text(
                "Load 200 made-up customers and vendors with groups, contacts and custom fields, \
                 40 items with price levels and special prices, a year of trading and a Friday \
                 alert rule, to explore how it works; or start with an empty book and enter your own."
            )
            .size(14)
            .style(theme::muted),
            row![load, empty].spacing(12),
        ]
        .spacing(16)
        .align_x(Alignment::Start);
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
