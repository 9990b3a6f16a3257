//! The Customers screen's questions: unsaved work before leaving it, and deleting a customer for good.

use super::{Intent, Message, Profile, Unsaved};
use crate::store::Duplicate;
use crate::ui::theme;
use crate::ui::widgets;
use iced::Element;
use iced::widget::{button, column, row, space, text};

/// Asks what to do with unsaved work before doing what the clerk asked.
pub(super) fn guard<'a>(profile: Option<&Profile>, intent: Intent, unsaved: Unsaved) -> Element<'a, Message> {
    let who = match profile {
        Some(p) if p.id().is_some() => format!("{} {}", p.original.code, p.original.name),
        _ => "the new customer".to_string(),
    };
    let then = match intent {
        Intent::Open(_) => "before opening another customer",
        Intent::New => "before starting a new customer",
        Intent::Quit => "before closing Clientele",
    };
    let (title, body, save) = match unsaved {
        Unsaved::Profile => (
            "Discard unsaved changes?",
            format!("You changed {who} without saving. Save the changes {then}, or discard them?"),
            "Save",
        ),
        Unsaved::Voucher => (
            "Discard the unsaved voucher?",
            format!("A voucher for {who} has been typed but not saved. Save it {then}, or discard it?"),
            "Save voucher",
        ),
    };
    widgets::dialog(
        column![
            text(title).size(theme::SECTION_TITLE).font(theme::BOLD),
            text(body).size(theme::TEXT),
            row![
                space::horizontal(),
                action_button("Cancel", Some(Message::GuardCancel), theme::secondary_button),
                action_button("Discard", Some(Message::GuardDiscard), theme::danger_button),
                action_button(save, Some(Message::GuardSave), theme::primary_button),
            ]
            .spacing(8),
        ]
        .spacing(14),
    )
}

/// Before saving a customer that looks like one the book has: open that one, or save anyway.
pub(super) fn duplicates(found: &[Duplicate]) -> Element<'_, Message> {
    // One line per customer, with every reason it matched on.
    let mut customers: Vec<(&Duplicate, Vec<&str>)> = Vec::new();
    for duplicate in found {
        match customers.iter_mut().find(|(d, _)| d.code == duplicate.code) {
            Some((_, reasons)) => reasons.push(&duplicate.reason),
            None => customers.push((duplicate, vec![&duplicate.reason])),
        }
    }
    let mut list = column![].spacing(6);
    for (duplicate, reasons) in customers {
        list = list.push(
            row![
                text(format!("{} {} (same {})", duplicate.code, duplicate.name, reasons.join(" and ")))
                    .size(theme::TEXT)
                    .width(iced::Length::Fill),
                action_button(
                    OPEN_EXISTING,
                    Some(Message::OpenDuplicate(duplicate.code.clone())),
                    theme::secondary_button
                ),
            ]
            .spacing(8)
            .align_y(iced::Alignment::Center),
        );
    }
    widgets::dialog(
        column![
            text("This customer may already be in the book").size(theme::SECTION_TITLE).font(theme::BOLD),
            text("Open the existing one to keep one record per customer, or save this one anyway.").size(theme::TEXT),
            list,
            row![
                space::horizontal(),
                action_button("Cancel", Some(Message::CancelDuplicates), theme::secondary_button),
                action_button(SAVE_ANYWAY, Some(Message::SaveDespiteDuplicates), theme::primary_button),
            ]
            .spacing(8),
        ]
        .spacing(14),
    )
}

pub const OPEN_EXISTING: &str = "Open the existing one";
pub const SAVE_ANYWAY: &str = "Save anyway";

pub(super) fn delete(profile: &Profile) -> Element<'_, Message> {
    widgets::dialog(
        column![
            text(format!("Delete {} {}?", profile.original.code, profile.original.name))
                .size(theme::SECTION_TITLE)
                .font(theme::BOLD),
            text("Its contacts, groups and change history are deleted with it. This cannot be undone. To keep the record but hide it, use Deactivate instead.")
                .size(theme::TEXT),
            row![
                space::horizontal(),
                action_button("Cancel", Some(Message::CancelDelete), theme::secondary_button),
                action_button("Delete for good", Some(Message::ConfirmDelete), theme::danger_button),
            ]
            .spacing(8),
        ]
        .spacing(14),
    )
}

pub(super) fn action_button<'a>(
    label: &'a str,
    on_press: Option<Message>,
    style: fn(&iced::Theme, button::Status) -> button::Style,
) -> Element<'a, Message> {
    button(text(label).size(theme::TEXT)).padding([6, 14]).on_press_maybe(on_press).style(style).into()
}
