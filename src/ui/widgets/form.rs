//! Form pieces: a labelled field with its inline error, inputs styled alike, and titled sections.

use crate::ui::theme;
use iced::widget::{column, container, pick_list, row, rule, text, text_editor, text_input};
use iced::{Element, Length};
use std::borrow::Borrow;

/// A label above a control, and the field's error (if any) below it in red.
pub fn field<'a, Message: 'a>(
    label: &'a str,
    required: bool,
    control: impl Into<Element<'a, Message>>,
    error: Option<&'a str>,
) -> Element<'a, Message> {
    let mut title = row![text(label).size(theme::SMALL).style(theme::muted)].spacing(2);
    if required {
        title = title.push(text("*").size(theme::SMALL).style(theme::error_text));
    }
    let mut content = column![title, control.into()].spacing(4).width(Length::Fill);
    if let Some(error) = error {
        content = content.push(text(error).size(theme::SMALL).style(theme::error_text));
    }
    content.into()
}

/// A one-line text input with the shared look; `id` lets shortcuts and tests find it.
pub fn input<'a, Message: Clone + 'a>(
    id: impl Into<iced::widget::Id>,
    placeholder: &str,
    value: &str,
    on_input: impl Fn(String) -> Message + 'a,
    invalid: bool,
) -> iced::widget::TextInput<'a, Message> {
    text_input(placeholder, value)
        .id(id)
        .on_input(on_input)
        .size(theme::TEXT)
        .padding([6, 8])
        .style(theme::input(invalid))
}

/// A multi-line text box (memo, address lines).
pub fn editor<'a, Message: Clone + 'a>(
    id: impl Into<iced::widget::Id>,
    content: &'a text_editor::Content,
    on_action: impl Fn(text_editor::Action) -> Message + 'a,
    lines: f32,
    invalid: bool,
) -> Element<'a, Message> {
    text_editor(content)
        .id(id)
        .on_action(on_action)
        .size(theme::TEXT)
        .padding([6, 8])
        .height(Length::Fixed(lines * theme::TEXT * 1.3 + 14.0))
        .style(theme::editor(invalid))
        .into()
}

/// A drop-down of fixed choices with the shared look.
pub fn choice<'a, T, L, V, Message>(
    options: L,
    selected: Option<V>,
    on_select: impl Fn(T) -> Message + 'a,
    invalid: bool,
) -> iced::widget::PickList<'a, T, L, V, Message>
where
    T: ToString + PartialEq + Clone + 'a,
    L: Borrow<[T]> + 'a,
    V: Borrow<T> + 'a,
    Message: Clone + 'a,
{
    pick_list(options, selected, on_select)
        .text_size(theme::TEXT)
        .padding([6, 8])
        .width(Length::Fill)
        .style(theme::pick(invalid))
}

/// A white card with a title and a hairline under it.
pub fn section<'a, Message: 'a>(title: &'a str, content: impl Into<Element<'a, Message>>) -> Element<'a, Message> {
    container(
        column![
            text(title).size(theme::SECTION_TITLE).font(theme::BOLD),
            rule::horizontal(1).style(theme::section_rule),
            content.into(),
        ]
        .spacing(12),
    )
    .padding(16)
    .width(Length::Fill)
    .style(theme::panel)
    .into()
}
