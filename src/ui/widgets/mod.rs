//! Small building blocks shared by the screens: labelled form fields, sections, notices, badges, dialogs,
//! list panels and the unsaved-changes question.

mod form;
mod leave_guard;
mod modal;

pub use form::{choice, editor, field, input, section};
pub use leave_guard::LeaveGuard;
pub use modal::{dialog, modal};

use crate::domain::money::MoneyError;
use crate::ui::theme::{self, Tone};
use iced::widget::{button, column, container, text};
use iced::{Element, Length, Padding};
use rust_decimal::Decimal;

/// A coloured strip with one sentence: an error, a warning, a confirmation.
pub fn notice<'a, Message: 'a>(tone: Tone, message: impl text::IntoFragment<'a>) -> Element<'a, Message> {
    container(text(message).size(theme::TEXT)).padding([8, 12]).width(Length::Fill).style(theme::notice(tone)).into()
}

/// A notice the clerk can put away: the sentence, then a Dismiss link that sends `dismiss`.
pub fn dismissable<'a, Message: Clone + 'a>(
    tone: Tone,
    message: impl text::IntoFragment<'a>,
    dismiss: Message,
) -> Element<'a, Message> {
    iced::widget::row![
        container(notice(tone, message)).width(Length::Fill),
        iced::widget::button(text("Dismiss").size(theme::SMALL)).on_press(dismiss).style(theme::link_button),
    ]
    .spacing(8)
    .align_y(iced::Alignment::Center)
    .into()
}

/// One line of a suggestion list: a bold code in its column, the name taking the room left and
/// a muted detail at the right. Each part is cut at its own edge, so a long name never runs
/// over the detail beside it (nothing wraps: one suggestion, one line).
pub fn suggestion_line<'a, Message: 'a>(
    code: &'a str,
    code_width: f32,
    name: &'a str,
    detail: impl text::IntoFragment<'a>,
) -> Element<'a, Message> {
    let one_line = text::Wrapping::None;
    iced::widget::row![
        container(text(code).size(theme::TEXT).font(theme::BOLD).wrapping(one_line))
            .width(Length::Fixed(code_width))
            .clip(true),
        container(text(name).size(theme::TEXT).wrapping(one_line)).width(Length::Fill).clip(true),
        container(text(detail).size(theme::SMALL).style(theme::muted).wrapping(one_line)).max_width(260.0).clip(true),
    ]
    .spacing(8)
    .align_y(iced::Alignment::Center)
    .into()
}

/// A small rounded label (role, Inactive, Unsaved).
pub fn badge<'a, Message: 'a>(tone: Tone, label: impl text::IntoFragment<'a>) -> Element<'a, Message> {
    container(text(label).size(theme::SMALL)).padding([2, 8]).style(theme::badge(tone)).into()
}

/// Muted small text, for labels and secondary information.
pub fn label<'a>(content: impl text::IntoFragment<'a>) -> iced::widget::Text<'a> {
    text(content).size(theme::SMALL).style(theme::muted)
}

/// A button with a text label in the shared size; `None` for `on_press` shows it disabled.
pub fn text_button<'a, Message: Clone + 'a>(
    label: &'a str,
    on_press: Option<Message>,
    style: fn(&iced::Theme, button::Status) -> button::Style,
) -> Element<'a, Message> {
    button(text(label).size(theme::TEXT)).padding([6, 14]).style(style).on_press_maybe(on_press).into()
}

/// A list in its panel: what stands above it (search, filters), the column headings on their strip
/// (padded by `heading_padding`), the rows, and the status line under them.
pub fn list_panel<'a, Message: 'a>(
    top: Option<Element<'a, Message>>,
    heading: impl Into<Element<'a, Message>>,
    heading_padding: impl Into<Padding>,
    body: Element<'a, Message>,
    footer: impl Into<Element<'a, Message>>,
) -> Element<'a, Message> {
    let strip = container(heading).padding(heading_padding).width(Length::Fill).style(theme::list_heading);
    let status = container(footer).padding([6, 12]).width(Length::Fill).style(theme::status_bar);
    container(column![].extend(top).push(strip).push(body).push(status).height(Length::Fill))
        .style(theme::panel)
        .height(Length::Fill)
        .into()
}

/// Column headings over rows scrolled with `reports::gutter()`: indented as the rows are, and clear
/// of the scrollbar's gutter on the right so they stay over their cells.
pub fn over_gutter() -> Padding {
    Padding { top: 0.0, bottom: 0.0, left: 12.0, right: 12.0 + crate::ui::reports::GUTTER }
}

/// The status line under a list that reads at most a limit of rows: how many it shows and, when
/// more match, how to `narrow` the list to see them. `noun` is the row's name, one and many.
pub fn count_line(shown: usize, truncated: bool, (one, many): (&str, &str), narrow: &str) -> String {
    match (shown, truncated) {
        (n, true) => format!("Showing the first {n} {many}; {narrow} to see the rest."),
        (1, false) => format!("1 {one}"),
        (n, false) => format!("{n} {many}"),
    }
}

/// An amount as a clerk would type it into a form: `1250.5` -> `1250.50` (no symbol, no grouping).
pub fn plain_amount(value: Decimal) -> String {
    let mut value = value.normalize();
    if value.scale() < 2 {
        value.rescale(2);
    }
    value.to_string()
}

/// A money error said about the field it came from, named by `label`.
pub fn money_sentence(label: &str, error: &MoneyError) -> String {
    match error {
        MoneyError::NotANumber(text) => {
            format!("\u{201c}{text}\u{201d} is not a number; write digits with an optional decimal point, e.g. 12.50.")
        }
        MoneyError::TooManyDecimals(_, places) => format!("{label} may have at most {places} decimal places."),
        MoneyError::Negative(_) => format!("{label} must not be negative."),
        MoneyError::PercentOutOfRange(_) => format!("{label} must be between 0 and 100."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn the_count_line_says_how_to_see_the_rest() {
        assert_eq!(count_line(1, false, ("item", "items"), "narrow the search"), "1 item");
        assert_eq!(count_line(3, false, ("item", "items"), "narrow the search"), "3 items");
        assert_eq!(
            count_line(200, true, ("item", "items"), "narrow the search"),
            "Showing the first 200 items; narrow the search to see the rest."
        );
    }

    #[test]
    fn amounts_are_shown_with_two_decimals_at_least() {
        assert_eq!(plain_amount(dec!(1250.5)), "1250.50");
        assert_eq!(plain_amount(dec!(0.125)), "0.125");
        assert_eq!(plain_amount(dec!(7.000)), "7.00");
    }
}
