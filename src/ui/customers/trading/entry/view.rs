//! The entry pane drawn: the date and due date, the kind buttons, the line grid or the amount,
//! method and invoice of a settlement, the totals and Save.

use super::*;
use iced::widget::{Column, column, container, row, text};

impl Entry {
    /// The voucher's fields. `save` labels the Save button, shown while the voucher may be changed:
    /// beside the totals, so a voucher with its lines, totals and Save fits a laptop's screen.
    pub fn view<'a>(
        &'a self,
        rounding: Rounding,
        currency: &'a Currency,
        balance: Decimal,
        save: &'a str,
        outcome: Option<&'a (Tone, String)>,
    ) -> Element<'a, Message> {
        let editable = self.is_editable();
        let save_button = move || -> Element<'a, Message> {
            let said: Element<'a, Message> = match outcome {
                Some((tone, message)) => text(message.as_str())
                    .size(theme::SMALL)
                    .style(match tone {
                        Tone::Danger => theme::error_text,
                        Tone::Success => theme::success_text,
                        _ => theme::muted,
                    })
                    .width(Length::Fill)
                    .align_x(Alignment::End)
                    .into(),
                None if editable => text("Ctrl+Enter saves").size(theme::SMALL).style(theme::muted).into(),
                None => iced::widget::space::horizontal().width(Length::Shrink).into(),
            };
            if !editable {
                return said;
            }
            row![
                said,
                iced::widget::button(text(save).size(theme::TEXT))
                    .padding([6, 16])
                    .on_press(Message::Save)
                    .style(theme::primary_button),
            ]
            .spacing(10)
            .align_y(Alignment::Center)
            .into()
        };
        let memo = || {
            let memo = input(MEMO_ID, "Memo (optional)", &self.memo, Message::Memo, self.error("memo").is_some());
            field("Memo", false, guard(memo, editable), self.error("memo"))
        };
        let date_input = input(DATE_ID, "YYYY-MM-DD", &self.date, Message::Date, self.error("date").is_some())
            .width(Length::Fixed(130.0));
        let date = field("Date", true, guard(date_input, editable), self.error("date"));
        let mut content = Column::new().spacing(12);
        if self.kind.has_lines() {
            let due_input = input(DUE_ID, "YYYY-MM-DD", &self.due, Message::Due, self.error("due_date").is_some())
                .width(Length::Fixed(130.0));
            content = content.push(
                row![
                    container(date).width(Length::Fixed(150.0)),
                    container(field("Due", false, guard(due_input, editable), self.error("due_date")))
                        .width(Length::Fixed(150.0)),
                    container(memo()).width(Length::Fill),
                ]
                .spacing(16),
            );
            content = content.push(self.grid(rounding, currency, editable));
            let totals = self.totals(rounding);
            content = content.push(
                row![
                    figure("Supply", format_amount(totals.supply, currency)),
                    figure("Tax", format_amount(totals.tax, currency)),
                    figure("Total", format_amount(totals.total, currency)),
                    container(save_button()).width(Length::Fill).align_right(Length::Fill),
                ]
                .spacing(24)
                .align_y(Alignment::End),
            );
        } else if self.kind == VoucherKind::Opening {
            let receivable = input(AMOUNT_ID, "0.00", &self.amount, Message::Amount, self.error("amount").is_some());
            let payable =
                input(PAYABLE_ID, "0.00", &self.payable, Message::Payable, self.error("payable_amount").is_some());
            let due = input(DUE_ID, "same as the date", &self.due, Message::Due, self.error("due_date").is_some());
            content = content.push(
                row![
                    container(date).width(Length::Fixed(150.0)),
                    container(field("Receivable", false, guard(receivable, editable), self.error("amount")))
                        .width(Length::Fixed(170.0)),
                    container(field("Payable", false, guard(payable, editable), self.error("payable_amount")))
                        .width(Length::Fixed(170.0)),
                    container(field("Due", false, guard(due, editable), self.error("due_date")))
                        .width(Length::Fixed(150.0)),
                ]
                .spacing(16),
            );
            content = content.push(
                text("What the customer owed us (receivable) and we owed them (payable) when the book moved here.")
                    .size(theme::SMALL)
                    .style(theme::muted),
            );
        } else {
            let amount = input(AMOUNT_ID, "0.00", &self.amount, Message::Amount, self.error("amount").is_some());
            let methods = choice(PaymentMethod::ALL, Some(self.method), Message::Method, false);
            let methods: Element<'_, Message> =
                if editable { methods.into() } else { text(self.method.to_string()).size(theme::TEXT).into() };
            content = content.push(
                row![
                    container(date).width(Length::Fixed(150.0)),
                    container(field("Amount", true, guard(amount, editable), self.error("amount")))
                        .width(Length::Fixed(170.0)),
                    container(field("Method", false, methods, None)).width(Length::Fixed(170.0)),
                ]
                .spacing(16),
            );
            let reference = input(REFERENCE_ID, "Bank or cheque reference", &self.reference, Message::Reference, false);
            let apply = choice(self.choices.as_slice(), Some(&self.applies_to), Message::ApplyTo, false);
            let apply: Element<'_, Message> =
                if editable { apply.into() } else { text(self.applies_to.to_string()).size(theme::TEXT).into() };
            content = content.push(
                row![
                    container(field("Reference", false, guard(reference, editable), self.error("reference")))
                        .width(Length::FillPortion(2)),
                    container(field("Apply to", false, apply, self.error("applies_to"))).width(Length::FillPortion(3)),
                ]
                .spacing(16),
            );
            let side = if self.kind == VoucherKind::Collection { "Receivable" } else { "Payable" };
            content = content.push(
                text(format!("{side} balance now: {}", format_amount(balance, currency)))
                    .size(theme::TEXT)
                    .style(theme::muted),
            );
        }
        if !self.kind.has_lines() {
            content = content.push(memo());
            content = content.push(container(save_button()).width(Length::Fill).align_right(Length::Fill));
        }
        for error in self.errors.iter().filter(|e| {
            !matches!(
                e.field.as_str(),
                "date" | "due_date" | "amount" | "payable_amount" | "reference" | "applies_to" | "memo" | "line"
            )
        }) {
            content = content.push(text(&error.message).size(theme::SMALL).style(theme::error_text));
        }
        content.into()
    }
}

/// A text input that takes no typing when the voucher may not be changed.
fn guard<'a>(input: iced::widget::TextInput<'a, Message>, editable: bool) -> Element<'a, Message> {
    if editable { input.into() } else { input.on_input_maybe(None::<fn(String) -> Message>).into() }
}

fn figure<'a>(label: &'a str, value: String) -> Element<'a, Message> {
    column![widgets::label(label), text(value).size(theme::SECTION_TITLE).font(theme::BOLD)]
        .spacing(2)
        .align_x(Alignment::End)
        .into()
}
