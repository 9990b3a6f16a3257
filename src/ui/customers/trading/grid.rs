//! The entry pane's line grid: the lines entered (a click takes one back to change it) and
//! the line being typed, with the item matches under it.

use super::entry::{DISCOUNT_ID, Entry, ITEM_ID, Message, PRICE_ID, QUANTITY_ID};
use crate::domain::money::{Currency, format_amount};
use crate::domain::pricing::{PriceSource, ResolvedPrice, StepOutcome, TraceStep};
use crate::domain::voucher::Rounding;
use crate::ui::theme;
use crate::ui::widgets::{self, input};
use iced::widget::{Column, button, column, container, row, text};
use iced::{Alignment, Element, Length};

impl Entry {
    pub(super) fn grid<'a>(
        &'a self,
        rounding: Rounding,
        currency: &'a Currency,
        editable: bool,
    ) -> Element<'a, Message> {
        const QTY: f32 = 70.0;
        const PRICE: f32 = 100.0;
        const DISC: f32 = 62.0;
        const TOTAL: f32 = 104.0;
        const REMOVE: f32 = 28.0;
        const HOW: f32 = 40.0;
        let mut grid = Column::new().spacing(6);
        grid = grid.push(
            row![
                widgets::label("Item").width(Length::Fill),
                widgets::label("Qty").width(Length::Fixed(QTY)),
                widgets::label("Unit price").width(Length::Fixed(PRICE)),
                widgets::label("Disc. %").width(Length::Fixed(DISC)),
                widgets::label("Total incl. tax").width(Length::Fixed(TOTAL)).align_x(Alignment::End),
                iced::widget::space().width(Length::Fixed(HOW)),
                iced::widget::space().width(Length::Fixed(REMOVE)),
            ]
            .spacing(8),
        );
        for (index, line) in self.lines.iter().enumerate() {
            let name = if line.unit.is_empty() {
                format!("{} {}", line.item_code, line.item_name)
            } else {
                format!("{} {} ({})", line.item_code, line.item_name, line.unit)
            };
            let remove: Element<'_, Message> = if editable {
                button(text("×").size(theme::SMALL))
                    .padding([2, 8])
                    .on_press(Message::RemoveLine(index))
                    .style(theme::link_button)
                    .into()
            } else {
                iced::widget::space().into()
            };
            let mut item_cell = Column::new().push(text(name).size(theme::TEXT)).width(Length::Fill);
            if let Some(basis) = &line.price_basis {
                item_cell = item_cell.push(text(basis.headline()).size(theme::SMALL).style(theme::muted));
            }
            let cells = row![
                item_cell,
                text(line.quantity.normalize().to_string()).size(theme::TEXT).width(Length::Fixed(QTY)),
                text(format_amount(line.unit_price, currency)).size(theme::TEXT).width(Length::Fixed(PRICE)),
                text(line.discount_pct.normalize().to_string()).size(theme::TEXT).width(Length::Fixed(DISC)),
                text(format_amount(line.amounts(rounding).total, currency))
                    .size(theme::TEXT)
                    .width(Length::Fixed(TOTAL))
                    .align_x(Alignment::End),
            ]
            .spacing(8)
            .align_y(Alignment::Center);
            // A click takes the line back into the fields below to change it.
            let cells: Element<'_, Message> = if editable {
                button(cells)
                    .width(Length::Fill)
                    .padding([2, 0])
                    .on_press(Message::EditLine(index))
                    .style(theme::list_row(false, false))
                    .into()
            } else {
                cells.into()
            };
            let how: Element<'_, Message> = match &line.price_basis {
                Some(_) => {
                    button(text(if self.line_trace == Some(index) { "Hide" } else { "How?" }).size(theme::SMALL))
                        .padding([0, 2])
                        .on_press(Message::ToggleLineTrace(index))
                        .style(theme::link_button)
                        .into()
                }
                None => iced::widget::space().into(),
            };
            grid = grid.push(
                row![cells, container(how).width(Length::Fixed(HOW)), container(remove).width(Length::Fixed(REMOVE))]
                    .spacing(8)
                    .align_y(Alignment::Center),
            );
            if let (Some(basis), true) = (&line.price_basis, self.line_trace == Some(index)) {
                grid = grid.push(trace_view(&basis.trace));
            }
        }
        if !editable {
            return grid.into();
        }
        let standard = self.draft.item.as_ref().map(|item| self.offered_price(item).normalize().to_string());
        let line_total = match self.draft_line() {
            Ok(line) => format_amount(line.amounts(rounding).total, currency),
            Err(_) => String::new(),
        };
        // The field the line's problem is in is outlined, not always the item.
        let flagged = |id: &str| self.error("line").is_some() && self.line_problem_at.unwrap_or(ITEM_ID) == id;
        let discount_hint = self.offered_discount().normalize().to_string();
        grid = grid.push(
            row![
                input(
                    ITEM_ID,
                    "Type an item code or name, Enter",
                    &self.draft.item_text,
                    Message::ItemText,
                    flagged(ITEM_ID)
                )
                .on_submit(Message::ItemSubmit)
                .width(Length::Fill),
                input(QUANTITY_ID, "1", &self.draft.quantity, Message::Quantity, flagged(QUANTITY_ID))
                    .on_submit(Message::QuantitySubmit)
                    .width(Length::Fixed(QTY)),
                input(
                    PRICE_ID,
                    standard.as_deref().unwrap_or("price"),
                    &self.draft.price,
                    Message::Price,
                    flagged(PRICE_ID)
                )
                .on_submit(Message::PriceSubmit)
                .width(Length::Fixed(PRICE)),
                input(DISCOUNT_ID, &discount_hint, &self.draft.discount, Message::Discount, flagged(DISCOUNT_ID))
                    .on_submit(Message::AddLine)
                    .width(Length::Fixed(DISC)),
                text(line_total).size(theme::TEXT).width(Length::Fixed(TOTAL)).align_x(Alignment::End),
                button(text("Add").size(theme::SMALL))
                    .padding([4, 6])
                    .on_press(Message::AddLine)
                    .style(theme::secondary_button)
                    .width(Length::Fixed(HOW + 8.0 + REMOVE)),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        );
        if !self.draft.matches.is_empty() {
            let mut matches = Column::new().spacing(0);
            for (index, item) in self.draft.matches.iter().enumerate() {
                let price = format_amount(self.standard_price(item), currency);
                let label = widgets::suggestion_line(&item.code, 110.0, &item.name, price);
                matches = matches.push(
                    button(label)
                        .width(Length::Fill)
                        .padding([4, 8])
                        .on_press(Message::PickItem(index))
                        .style(theme::list_row(false, index == 0)),
                );
            }
            grid = grid.push(
                container(
                    column![
                        widgets::label("Enter takes the outlined match; click another to pick it."),
                        container(matches).style(theme::panel)
                    ]
                    .spacing(4),
                )
                .id(super::entry::MATCHES_ID),
            );
        }
        if let Some(resolved) = &self.draft.resolved {
            grid = grid.push(self.price_note(resolved, currency));
        }
        if let Some(error) = self.error("line") {
            grid = grid.push(text(error).size(theme::SMALL).style(theme::error_text));
        } else if self.lines.is_empty() && self.draft.item.is_none() {
            grid = grid.push(widgets::label(
                "Enter or Tab moves item → quantity → price → discount; Enter in the discount adds the line. Click a line to change it.",
            ));
        }
        grid.into()
    }
}

impl Entry {
    /// Where the draft line's price comes from, the last price paid, and on request every step.
    fn price_note<'a>(&'a self, resolved: &'a ResolvedPrice, currency: &'a Currency) -> Element<'a, Message> {
        let source = resolved.source.describe();
        let mut summary = format!(
            "{} ({source}), discount {}%, net {}",
            format_amount(resolved.unit_price, currency),
            resolved.discount_pct.normalize(),
            format_amount(resolved.net_unit_price, currency)
        );
        let typed = self.draft.price.trim();
        let is_the_last_price = resolved.source == PriceSource::Last
            && crate::domain::money::parse_amount(typed).is_ok_and(|p| p == resolved.unit_price);
        if !typed.is_empty() && !is_the_last_price {
            summary = format!("Typed price in use; the customer's would be {summary}");
        }
        let why = if self.draft.show_trace { "Hide how" } else { "How?" };
        let mut line = row![
            widgets::label(summary),
            button(text(why).size(theme::SMALL))
                .padding([0, 4])
                .on_press(Message::ToggleTrace)
                .style(theme::link_button),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        if let Some(last) = &resolved.last {
            line = line.push(iced::widget::space::horizontal());
            line = line.push(
                button(
                    text(format!(
                        "Use last price {} ({}, {})",
                        format_amount(last.price, currency),
                        last.date,
                        last.number
                    ))
                    .size(theme::SMALL),
                )
                .padding([2, 8])
                .on_press(Message::UseLastPrice)
                .style(theme::secondary_button),
            );
        }
        let mut note = Column::new().spacing(2).push(line);
        if self.draft.show_trace {
            note = note.push(trace_view(&resolved.trace));
        }
        note.into()
    }
}

/// Every step of a price's explanation, one per line: ✓ used, × rejected, · passed over.
fn trace_view<'a>(trace: &'a [TraceStep]) -> Element<'a, Message> {
    let mut steps = Column::new().spacing(2);
    for step in trace {
        let mark = match step.outcome {
            StepOutcome::Used => "✓",
            StepOutcome::Rejected => "×",
            StepOutcome::Passed => "·",
            StepOutcome::Note => " ",
        };
        let said = if step.reason.is_empty() {
            format!("{mark} {}", step.step)
        } else {
            format!("{mark} {} — {}", step.step, step.reason)
        };
        steps = steps.push(text(said).size(theme::SMALL).style(theme::muted));
    }
    steps.into()
}
