//! The rules: each with what it looks for, when it runs, whom it tells and when it last ran;
//! switched on and off, run at once, edited or deleted.

use super::{Alerts, Message};
use crate::domain::alerts::Recipient;
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;
use iced::widget::{checkbox, column, container, row, scrollable, text};
use iced::{Alignment, Element, Length};

impl Alerts {
    pub(super) fn rules_view(&self) -> Element<'_, Message> {
        if self.rules.is_empty() {
            return container(
                text("No rules yet. \u{201c}New rule…\u{201d} makes one: what to look for in each customer's ledger, when to look, and whom to tell.")
                    .size(theme::TEXT)
                    .style(theme::muted),
            )
            .padding(16)
            .into();
        }
        let mut list = column![].spacing(10);
        for stored in &self.rules {
            let rule = &stored.rule;
            let Some(id) = rule.id else { continue };
            let told: Vec<String> = rule.recipients.iter().map(Recipient::shown).collect();
            let told = if told.is_empty() { "nobody named".to_string() } else { told.join(", ") };
            let last = stored
                .last_ran_at
                .map_or_else(|| "never ran".to_string(), |t| format!("last ran {}", t.format("%Y-%m-%d %H:%M")));
            let running = self.running.contains(&id);
            let mut actions = row![
                widgets::text_button(
                    if running { "Running…" } else { "Run now" },
                    (!running).then_some(Message::RunNow(id)),
                    theme::secondary_button
                ),
                widgets::text_button("Edit…", Some(Message::EditRule(id)), theme::secondary_button),
                widgets::text_button("Delete", Some(Message::Delete(id)), theme::danger_button),
            ]
            .spacing(8);
            if self.confirm_delete == Some(id) {
                actions = row![
                    widgets::notice(
                        Tone::Warning,
                        format!("Delete \u{201c}{}\u{201d}? Its runs stay in the inbox.", rule.name)
                    ),
                    widgets::text_button("Delete", Some(Message::ConfirmDelete), theme::danger_button),
                    widgets::text_button("Keep", Some(Message::CancelDelete), theme::secondary_button),
                ]
                .spacing(8)
                .align_y(Alignment::Center);
            }
            let mut title = row![
                checkbox(rule.enabled).on_toggle(move |on| Message::Enable(id, on)),
                text(&rule.name).size(theme::SECTION_TITLE).font(theme::BOLD),
            ]
            .spacing(8)
            .align_y(Alignment::Center);
            if !rule.enabled {
                title = title.push(widgets::badge(Tone::Warning, "off"));
            }
            let card = column![
                title,
                text(rule.condition(&self.currency)).size(theme::TEXT),
                widgets::label(format!("{}; tells {told}; {last}", rule.schedule)),
                actions,
            ]
            .spacing(6);
            list = list.push(container(card).padding(14).width(Length::Fill).style(theme::panel));
        }
        scrollable(list).height(Length::Fill).style(theme::scroller).into()
    }
}
