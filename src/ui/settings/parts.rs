//! View pieces the settings sections share, built on the app's theme so Settings looks like the rest of Clientele.

use crate::ui::theme;
use iced::widget::{button, column, container, row, rule, text};
use iced::{Alignment, Background, Border, Element, Length, Theme};

pub use theme::{BOLD, SMALL, TEXT};

/// Turns an error from the store or the domain into a sentence a clerk can read:
/// a capital first letter and a full stop, whatever the source wrote.
pub fn sentence(message: impl std::fmt::Display) -> String {
    let message = message.to_string();
    let trimmed = message.trim();
    let mut chars = trimmed.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out: String = first.to_uppercase().chain(chars).collect();
    if !out.ends_with(['.', '!', '?', '…']) {
        out.push('.');
    }
    out
}

/// "1 customer" / "3 customers": counts are read in warnings, so get the plural right.
pub fn customers(count: u64) -> String {
    match count {
        1 => "1 customer".to_string(),
        n => format!("{n} customers"),
    }
}

/// A white panel with a title, one line on what it is for, and a hairline:
/// each settings section is one, so the page scans as three blocks.
pub fn section<'a, M: 'a>(title: &'a str, description: &'a str, body: impl Into<Element<'a, M>>) -> Element<'a, M> {
    container(
        column![
            column![
                text(title).size(theme::SECTION_TITLE + 2.0).font(BOLD),
                text(description).size(TEXT).style(theme::muted),
            ]
            .spacing(4),
            rule::horizontal(1).style(theme::section_rule),
            body.into(),
        ]
        .spacing(14),
    )
    .padding(20)
    .width(Length::Fill)
    .style(theme::panel)
    .into()
}

/// A sub-heading inside a section (the name of a form or of an axis).
pub fn subheading<'a>(content: impl text::IntoFragment<'a>) -> text::Text<'a> {
    text(content).size(theme::SECTION_TITLE).font(BOLD)
}

pub fn hint<'a, M: 'a>(message: impl text::IntoFragment<'a>) -> Element<'a, M> {
    text(message).size(SMALL).style(theme::muted).into()
}

pub fn error_line<'a, M: 'a>(message: &'a str) -> Element<'a, M> {
    text(message).size(TEXT).style(theme::error_text).into()
}

pub fn body<'a, M: 'a>(content: impl text::IntoFragment<'a>) -> Element<'a, M> {
    text(content).size(TEXT).into()
}

/// A table column header: small and grey so the data stands out.
pub fn header<'a, M: 'a>(label: &'a str) -> Element<'a, M> {
    text(label).size(SMALL).font(BOLD).style(theme::muted).into()
}

/// One column of a list: its title, its width, and whether its content sits
/// at the right (counts), so header and rows line up.
pub struct Col {
    pub title: &'static str,
    pub width: Length,
    pub right: bool,
}

impl Col {
    pub const fn new(title: &'static str, width: Length) -> Col {
        Col { title, width, right: false }
    }

    pub const fn right(title: &'static str, width: Length) -> Col {
        Col { title, width, right: true }
    }
}

fn placed<'a, M: 'a>(col: &Col, content: Element<'a, M>) -> Element<'a, M> {
    let align = if col.right { Alignment::End } else { Alignment::Start };
    container(content).width(col.width).align_x(align).into()
}

/// The header line of a list, with a hairline under it.
pub fn list_header<'a, M: 'a>(cols: &[Col]) -> Element<'a, M> {
    let cells = cols.iter().map(|col| placed(col, header(col.title)));
    column![row(cells).spacing(12).padding([4, 8]), separator()].into()
}

/// One line of a list: rows are built by hand rather than with a table so a
/// form or a confirmation can open right under the line it concerns.
pub fn list_row<'a, M: 'a>(cols: &[Col], cells: Vec<Element<'a, M>>) -> Element<'a, M> {
    let cells = cols.iter().zip(cells).map(|(col, cell)| placed(col, cell));
    row(cells).spacing(12).padding([7, 8]).align_y(Alignment::Start).into()
}

pub fn separator<'a, M: 'a>() -> Element<'a, M> {
    rule::horizontal(1).style(theme::section_rule).into()
}

/// Gives an element a widget id, so one row's button can be told apart from its
/// neighbours with the same caption (the UI tests address buttons this way).
pub fn tagged<'a, M: 'a>(id: String, content: impl Into<Element<'a, M>>) -> Element<'a, M> {
    container(content).id(id).into()
}

fn styled_button<'a, M: Clone + 'a>(
    label: &'a str,
    on_press: Option<M>,
    style: fn(&Theme, button::Status) -> button::Style,
) -> Element<'a, M> {
    button(text(label).size(TEXT)).padding([6, 14]).style(style).on_press_maybe(on_press).into()
}

pub fn primary_button<'a, M: Clone + 'a>(label: &'a str, on_press: Option<M>) -> Element<'a, M> {
    styled_button(label, on_press, theme::primary_button)
}

pub fn secondary_button<'a, M: Clone + 'a>(label: &'a str, on_press: Option<M>) -> Element<'a, M> {
    styled_button(label, on_press, theme::secondary_button)
}

pub fn danger_button<'a, M: Clone + 'a>(label: &'a str, on_press: Option<M>) -> Element<'a, M> {
    styled_button(label, on_press, theme::danger_button)
}

/// The quiet, link-like buttons of a table row (Edit, Rename, …).
pub fn row_button<'a, M: Clone + 'a>(label: &'a str, on_press: Option<M>) -> Element<'a, M> {
    button(text(label).size(TEXT)).padding([0, 6]).style(theme::link_button).on_press_maybe(on_press).into()
}

/// A row's Delete: as quiet as its neighbours, but red so it is not hit by mistake.
pub fn row_delete_button<'a, M: Clone + 'a>(label: &'a str, on_press: Option<M>) -> Element<'a, M> {
    button(text(label).size(TEXT)).padding([0, 6]).style(link_danger).on_press_maybe(on_press).into()
}

/// The box that asks "are you sure?" before something is deleted, right where it was asked.
pub fn confirm_box<'a, M: Clone + 'a>(
    question: String,
    consequence: String,
    confirm_label: &'a str,
    on_confirm: M,
    on_cancel: M,
) -> Element<'a, M> {
    container(
        column![
            text(question).size(TEXT).font(BOLD),
            text(consequence).size(TEXT),
            row![danger_button(confirm_label, Some(on_confirm)), secondary_button("Cancel", Some(on_cancel))]
                .spacing(8),
        ]
        .spacing(10),
    )
    .padding(14)
    .width(Length::Fill)
    .style(confirm_style)
    .into()
}

/// A tinted sub-panel for forms opened inside a section and for each group axis.
pub fn panel<'a, M: 'a>(content: impl Into<Element<'a, M>>) -> Element<'a, M> {
    container(content).padding(16).width(Length::Fill).style(subpanel).into()
}

fn subpanel(_theme: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(iced::color!(0xf8f9fb))),
        border: Border { color: theme::LINE_SOFT, width: 1.0, radius: 6.0.into() },
        text_color: Some(theme::INK),
        ..container::Style::default()
    }
}

fn confirm_style(_theme: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(theme::DANGER_SOFT)),
        border: Border { color: iced::color!(0xf3b8b2), width: 1.0, radius: 4.0.into() },
        text_color: Some(theme::INK),
        ..container::Style::default()
    }
}

fn link_danger(theme: &Theme, status: button::Status) -> button::Style {
    let base = theme::link_button(theme, status);
    match status {
        button::Status::Disabled => base,
        button::Status::Hovered | button::Status::Pressed => {
            button::Style { text_color: iced::color!(0x8f1c13), ..base }
        }
        button::Status::Active => button::Style { text_color: theme::DANGER, ..base },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_start_capitalised_and_end_with_a_stop() {
        assert_eq!(
            sentence("a custom field with key \"x\" already exists"),
            "A custom field with key \"x\" already exists."
        );
        assert_eq!(sentence("Done."), "Done.");
        assert_eq!(sentence("  "), "");
        assert_eq!(customers(1), "1 customer");
        assert_eq!(customers(0), "0 customers");
    }
}
