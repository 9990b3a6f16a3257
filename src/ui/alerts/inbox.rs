//! The inbox of runs, newest first, and one run's report: what it looked for, when, and every
//! matching customer with the figure; a customer opens its ledger.

use super::{Alerts, Message};
use crate::domain::alerts::{DeliveryStatus, figure_text};
use crate::store::{AlertReport, AlertRun};
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;
use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Alignment, Element, Length};

const WHEN_W: f32 = 175.0;
const COUNT_W: f32 = 110.0;
const CODE_W: f32 = 120.0;
const FIGURE_W: f32 = 160.0;

fn when(run: &AlertRun) -> String {
    match run.slot {
        Some(slot) => slot.format("%a %Y-%m-%d %H:%M").to_string(),
        None => run.ran_at.format("%a %Y-%m-%d %H:%M").to_string(),
    }
}

fn matches_text(count: usize) -> String {
    match count {
        0 => "nobody".to_string(),
        1 => "1 customer".to_string(),
        n => format!("{n} customers"),
    }
}

impl Alerts {
    pub(super) fn inbox_view(&self) -> Element<'_, Message> {
        if self.runs.is_empty() {
            let message = if self.rules.is_empty() {
                "No alerts yet. Make a rule under \u{201c}New rule…\u{201d}: for example, every Friday at 09:00, customers whose sales this week are over 10,000. Each time it runs, the customers it finds appear here and on the desktop."
            } else {
                "No rule has run yet. Rules run at their scheduled times while Clientele (or clientele watch) is running; \u{201c}Run now\u{201d} under Rules runs one at once."
            };
            return container(text(message).size(theme::TEXT).style(theme::muted)).padding(16).into();
        }
        let heading = row![
            text("").width(Length::Fixed(14.0)),
            text("Due").size(theme::SMALL).style(theme::muted).width(Length::Fixed(WHEN_W)),
            text("Rule").size(theme::SMALL).style(theme::muted).width(Length::Fill),
            text("Found").size(theme::SMALL).style(theme::muted).width(Length::Fixed(COUNT_W)),
        ]
        .spacing(10);
        let mut rows = column![].spacing(2);
        for run in &self.runs {
            let dot = if run.read { text("") } else { text("●").size(theme::SMALL).color(theme::ACCENT) };
            let mut tags = row![text(&run.headline).size(theme::TEXT).font(if run.read {
                iced::Font::DEFAULT
            } else {
                theme::BOLD
            })]
            .spacing(8)
            .align_y(Alignment::Center);
            if run.late {
                tags = tags.push(widgets::badge(Tone::Warning, "late"));
            }
            if run.slot.is_none() {
                tags = tags.push(widgets::badge(Tone::Info, "run by hand"));
            }
            if run.mail_error.is_some() || run.notify_error.is_some() {
                tags = tags.push(widgets::badge(Tone::Danger, "not delivered"));
            }
            rows = rows.push(
                button(
                    row![
                        dot.width(Length::Fixed(14.0)),
                        text(when(run)).size(theme::TEXT).width(Length::Fixed(WHEN_W)),
                        container(tags).width(Length::Fill),
                        text(matches_text(run.match_count)).size(theme::TEXT).width(Length::Fixed(COUNT_W)),
                    ]
                    .spacing(10)
                    .align_y(Alignment::Center),
                )
                .width(Length::Fill)
                .padding([6, 12])
                .on_press(Message::OpenRun(run.id))
                .style(theme::list_row(false, false)),
            );
        }
        let footer = row![
            widgets::label(format!("{} runs, newest first; {} unread", self.runs.len(), self.unread)),
            iced::widget::space::horizontal(),
            widgets::text_button(
                "Mark all read",
                (self.unread > 0).then_some(Message::MarkAllRead),
                theme::secondary_button
            ),
        ]
        .align_y(Alignment::Center);
        widgets::list_panel(
            None,
            heading,
            widgets::over_gutter(),
            scrollable(rows).direction(crate::ui::reports::gutter()).height(Length::Fill).style(theme::scroller).into(),
            footer,
        )
    }

    pub(super) fn report_view<'a>(&'a self, report: &'a AlertReport) -> Element<'a, Message> {
        let run = &report.run;
        let mut facts = column![text(&run.headline).size(theme::HEADING).font(theme::BOLD)].spacing(4);
        let due = match run.slot {
            Some(slot) => format!("Due {}", slot.format("%A %Y-%m-%d %H:%M")),
            None => "Run by hand".to_string(),
        };
        let late = if run.late { " — late: Clientele was not running at the scheduled time" } else { "" };
        facts = facts.push(widgets::label(format!("{due}; ran {}{late}", run.ran_at.format("%Y-%m-%d %H:%M"))));
        if let Some(period) = run.period {
            facts = facts.push(widgets::label(format!("Period: {} to {}", period.from, period.to)));
        }
        facts = facts.push(widgets::label(format!(
            "Threshold: {}; {} found",
            figure_text(run.rule.measure, run.threshold, &self.currency),
            matches_text(run.match_count)
        )));
        let told: Vec<String> = run.rule.recipients.iter().map(|r| r.shown()).collect();
        if !told.is_empty() {
            facts = facts.push(widgets::label(format!("Told: {}", told.join(", "))));
        }
        if let Some(error) = &run.notify_error {
            facts = facts
                .push(widgets::notice(Tone::Danger, format!("The desktop notification could not be shown: {error}")));
        }
        for delivery in &report.deliveries {
            let line = match delivery.status {
                DeliveryStatus::Sent => format!("E-mailed to {} ({})", delivery.email, delivery.recipient),
                DeliveryStatus::Pending => format!("E-mail to {} is waiting to be sent", delivery.email),
                DeliveryStatus::Failed => format!(
                    "E-mail to {} failed after {} attempt{}: {}",
                    delivery.email,
                    delivery.attempts,
                    if delivery.attempts == 1 { "" } else { "s" },
                    delivery.last_error.as_deref().unwrap_or("no reason given")
                ),
            };
            let tone = match delivery.status {
                DeliveryStatus::Sent => Tone::Success,
                DeliveryStatus::Pending => Tone::Info,
                DeliveryStatus::Failed => Tone::Danger,
            };
            let mut mail =
                row![container(widgets::notice(tone, line)).width(Length::Fill)].spacing(8).align_y(Alignment::Center);
            if delivery.status == DeliveryStatus::Failed {
                mail = mail.push(widgets::text_button(
                    "Try again",
                    Some(Message::RetryMail(delivery.id)),
                    theme::secondary_button,
                ));
            }
            facts = facts.push(mail);
        }
        let top = row![
            button(text("← Inbox").size(theme::TEXT))
                .on_press(Message::Show(super::Page::Inbox))
                .style(theme::link_button),
            iced::widget::space::horizontal(),
            widgets::text_button("Export…", Some(Message::ExportRun(run.id)), theme::secondary_button),
        ]
        .align_y(Alignment::Center);
        let heading = row![
            text("Code").size(theme::SMALL).style(theme::muted).width(Length::Fixed(CODE_W)),
            text("Name").size(theme::SMALL).style(theme::muted).width(Length::Fill),
            container(text(run.rule.measure.to_string()).size(theme::SMALL).style(theme::muted))
                .width(Length::Fixed(FIGURE_W))
                .align_x(iced::alignment::Horizontal::Right),
        ]
        .spacing(10);
        let mut rows = column![].spacing(2);
        for found in &report.matches {
            let line = row![
                text(&found.code).size(theme::TEXT).width(Length::Fixed(CODE_W)),
                text(&found.name).size(theme::TEXT).width(Length::Fill),
                container(text(figure_text(run.rule.measure, found.value, &self.currency)).size(theme::TEXT))
                    .width(Length::Fixed(FIGURE_W))
                    .align_x(iced::alignment::Horizontal::Right),
            ]
            .spacing(10);
            let open = found.customer_id.map(Message::OpenCustomer);
            rows = rows.push(
                button(line)
                    .width(Length::Fill)
                    .padding([6, 12])
                    .on_press_maybe(open)
                    .style(theme::list_row(false, false)),
            );
        }
        let body: Element<'a, Message> = if report.matches.is_empty() {
            container(text("No customer matched at this run.").size(theme::TEXT).style(theme::muted)).padding(16).into()
        } else {
            scrollable(rows).direction(crate::ui::reports::gutter()).height(Length::Fill).style(theme::scroller).into()
        };
        let list = widgets::list_panel(
            None,
            heading,
            widgets::over_gutter(),
            body,
            widgets::label("Click a customer to open its ledger."),
        );
        column![top, container(facts).padding(12).width(Length::Fill).style(theme::panel), list].spacing(12).into()
    }
}
