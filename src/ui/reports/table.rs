//! How the Reports screen looks: the switch and inputs on top, then a table that builds only the rows in view.

use super::{Kind, Message, Report, Reports, RoleChoice};
use crate::domain::money::Currency;
use crate::domain::money::format_amount;
use crate::store::Side;
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;
use iced::widget::{Column, Row, button, column, container, row, scrollable, space, text};
use iced::{Alignment, Element, Length};
use rust_decimal::Decimal;
use std::ops::Range;

/// Every table line is this tall, so the visible window can be worked out from the scroll offset.
pub const ROW_HEIGHT: f32 = 30.0;
/// Rows built above and below the visible ones, so a fast wheel never shows a gap.
const OVERSCAN: usize = 8;
pub const TABLE_ID: &str = "report-table";

/// A column: its title, width and whether its figures sit at the right.
struct Col {
    title: String,
    width: Length,
    right: bool,
}

fn left(title: &str, width: Length) -> Col {
    Col { title: title.to_string(), width, right: false }
}

/// A figure column. Figures and the name share the width by portions rather than the figures
/// taking fixed room first: on a 1024-px window six figure columns left the name none.
fn right(title: &str) -> Col {
    Col { title: title.to_string(), width: Length::FillPortion(FIGURE_PORTION), right: true }
}

const FIGURE_PORTION: u16 = 2;
/// The name gets one and a half figure columns.
const NAME: Length = Length::FillPortion(3);

/// The scrollbar's width plus its gap: the scrollbar sits beside the rows, never over the last column.
pub const GUTTER: f32 = 14.0;

pub fn gutter() -> scrollable::Direction {
    scrollable::Direction::Vertical(scrollable::Scrollbar::new().width(10).scroller_width(10).spacing(4))
}

const CODE: Length = Length::Fixed(90.0);

impl Reports {
    pub fn view(&self) -> Element<'_, Message> {
        let switch = row(Kind::ALL.iter().map(|&kind| {
            button(text(kind.label()).size(theme::TEXT))
                .padding([6, 16])
                .on_press(Message::Kind(kind))
                .style(segment(self.kind == kind))
                .into()
        }))
        .spacing(4);
        let top = row![text("Reports").size(theme::HEADING).font(theme::BOLD), space().width(16), switch]
            .spacing(8)
            .align_y(Alignment::Center);
        let mut page = column![top, self.inputs()].spacing(12);
        if self.is_working() {
            page = page.push(widgets::notice(Tone::Info, "Working…"));
        }
        if let Some(error) = &self.error {
            page = page.push(widgets::notice(Tone::Danger, error.as_str()));
        }
        page = page.push(self.table());
        container(page.height(Length::Fill)).padding(16).height(Length::Fill).into()
    }

    /// The inputs of the chosen report in one line (wrapping in a narrow window), then the suggestions under the customer box.
    fn inputs(&self) -> Element<'_, Message> {
        let run = button(text("Run report").size(theme::TEXT))
            .padding([6, 14])
            .style(theme::primary_button)
            .on_press_maybe((!self.is_working()).then_some(Message::Run));
        let role = || {
            container(widgets::field(
                "Role",
                false,
                widgets::choice(&RoleChoice::ALL[..], Some(self.role), Message::Role, false),
                None,
            ))
            .width(180)
            .into()
        };
        let person = || {
            container(widgets::field(
                "Person in charge",
                false,
                widgets::input("report-person", "Anyone", &self.person, Message::Person, false).on_submit(Message::Run),
                None,
            ))
            .width(220)
            .into()
        };
        let mut fields: Vec<Element<'_, Message>> = match self.kind {
            Kind::Balances => vec![role(), person()],
            Kind::Ageing => {
                let side = row([(Side::Receivable, "Receivable"), (Side::Payable, "Payable")].map(|(side, label)| {
                    button(text(label).size(theme::TEXT))
                        .padding([6, 12])
                        .on_press(Message::Side(side))
                        .style(segment(self.side == side))
                        .into()
                }))
                .spacing(4);
                let as_of = widgets::input("report-as-of", "YYYY-MM-DD", &self.as_of, Message::AsOf, false)
                    .on_submit(Message::Run);
                vec![
                    container(widgets::field("As of", true, as_of, None)).width(140).into(),
                    container(widgets::field("Side", false, side, None)).width(200).into(),
                    role(),
                    person(),
                ]
            }
            Kind::Ledger => vec![
                container(widgets::field(
                    "Customer",
                    true,
                    widgets::input("report-customer", "Code or name", &self.customer, Message::Customer, false)
                        .on_submit(Message::Run),
                    None,
                ))
                .width(260)
                .into(),
                container(widgets::field(
                    "From",
                    false,
                    widgets::input("report-from", "YYYY-MM-DD", &self.from, Message::From, false)
                        .on_submit(Message::Run),
                    None,
                ))
                .width(140)
                .into(),
                container(widgets::field(
                    "To",
                    false,
                    widgets::input("report-to", "YYYY-MM-DD", &self.to, Message::To, false).on_submit(Message::Run),
                    None,
                ))
                .width(140)
                .into(),
            ],
        };
        // On the Ledger the groups narrow the suggested customers; elsewhere, the report's lines.
        fields.extend(self.groups.fields());
        let export = button(text("Export…").size(theme::TEXT))
            .padding([6, 14])
            .style(theme::secondary_button)
            .on_press_maybe((!self.is_working()).then_some(Message::Export));
        fields.push(
            container(row![run, export].spacing(8)).padding(iced::Padding { left: 4.0, ..iced::Padding::ZERO }).into(),
        );
        let line = Row::with_children(fields).spacing(12).align_y(Alignment::End).wrap().vertical_spacing(8);
        let mut content = column![line].spacing(8);
        if self.kind == Kind::Ledger
            && let Some(suggestions) = self.suggestions.view(&self.customer, self.groups.is_filtering())
        {
            content = content.push(suggestions);
        }
        container(content).padding(12).width(Length::Fill).style(theme::panel).into()
    }

    /// The visible rows plus a margin: only these are built.
    fn window(&self, len: usize) -> Range<usize> {
        let first = ((self.offset / ROW_HEIGHT).floor().max(0.0) as usize).saturating_sub(OVERSCAN);
        let last = (((self.offset + self.viewport) / ROW_HEIGHT).ceil().max(0.0) as usize + OVERSCAN).min(len);
        first.min(last)..last
    }

    fn table(&self) -> Element<'_, Message> {
        let Some(report) = &self.report else {
            let hint = match (self.is_working(), self.kind) {
                (true, _) => "",
                (false, Kind::Ledger) => {
                    "Type a customer\u{2019}s code or name, then pick the customer or press Run report."
                }
                (false, _) => "Press Run report to read the figures.",
            };
            return container(text(hint).size(theme::TEXT).style(theme::muted)).padding(8).into();
        };
        let (cols, title, totals, note) = match report {
            Report::Balances { symbol, rows } => {
                let (r, p) = rows.iter().fold((Decimal::ZERO, Decimal::ZERO), |(r, p), row| {
                    (r + row.balance.receivable, p + row.balance.payable)
                });
                let cols =
                    vec![left("Code", CODE), left("Name", NAME), right("Receivable"), right("Payable"), right("Net")];
                let totals = vec![
                    String::new(),
                    total_label(rows.len()),
                    money(r, symbol),
                    money(p, symbol),
                    money(r - p, symbol),
                ];
                (cols, "Balances of every customer with vouchers".to_string(), Some(totals), None)
            }
            Report::Ageing { symbol, side, as_of, labels, rows, totals } => {
                let mut cols = vec![left("Code", CODE), left("Name", NAME), right("Not due")];
                cols.extend(labels.iter().map(|l| right(l)));
                cols.push(right("Total"));
                cols.push(Col { title: "Oldest overdue".into(), width: Length::Fixed(120.0), right: true });
                let mut sums = vec![String::new(), total_label(rows.len()), money(totals.not_due, symbol)];
                sums.extend(totals.overdue.iter().map(|v| money(*v, symbol)));
                sums.push(money(totals.total, symbol));
                sums.push(days(totals.oldest_overdue_days));
                let side = if *side == Side::Receivable { "Receivables" } else { "Payables" };
                let unapplied = (!totals.unapplied.is_zero()).then(|| {
                    format!(
                        "Totals are after {} paid ahead and not yet applied to an invoice.",
                        money(totals.unapplied, symbol)
                    )
                });
                (cols, format!("{side} by age on {}", as_of.format("%Y-%m-%d")), Some(sums), unapplied)
            }
            Report::Ledger { symbol, code, name, ledger } => {
                let cols = vec![
                    left("Date", Length::Fixed(96.0)),
                    left("Kind", Length::Fixed(120.0)),
                    left("Number", Length::Fixed(130.0)),
                    left("Memo", Length::Fill),
                    right("Debit"),
                    right("Credit"),
                    right("Balance"),
                ];
                let note = format!(
                    "Opening balance {} · closing balance {} · {} entries",
                    money(ledger.opening, symbol),
                    money(ledger.closing, symbol),
                    ledger.entries.len()
                );
                (cols, format!("Ledger of {code} {name}"), None, Some(note))
            }
        };
        let window = self.window(report.len());
        let mut rows = Column::new().push(space().height(window.start as f32 * ROW_HEIGHT));
        for index in window.clone() {
            rows = rows.push(line(&cols, self.cells(report, index), index % 2 == 1, 12.0));
        }
        let below = (report.len() - window.end) as f32 * ROW_HEIGHT;
        rows = rows.push(space().height(below));
        let body: Element<'_, Message> = if report.is_empty() {
            container(text("Nothing to show: no customer matches, or there are no vouchers yet.").style(theme::muted))
                .padding(12)
                .into()
        } else {
            scrollable(rows.width(Length::Fill))
                .id(TABLE_ID)
                .on_scroll(|viewport| Message::Scrolled {
                    offset: viewport.absolute_offset().y,
                    height: viewport.bounds().height,
                })
                .direction(gutter())
                .height(Length::Fill)
                .style(theme::scroller)
                .into()
        };
        let heads = cols
            .iter()
            .map(|c| text(c.title.clone()).size(theme::SMALL).font(theme::BOLD).style(theme::muted).into())
            .collect();
        let mut table = column![
            container(
                row![
                    text(title).size(theme::SECTION_TITLE).font(theme::BOLD),
                    space::horizontal(),
                    widgets::label(count(report.len()))
                ]
                .align_y(Alignment::Center)
            )
            .padding([8, 12]),
            container(line(&cols, heads, false, 12.0 + GUTTER)).style(theme::list_heading),
            body,
        ];
        if let Some(totals) = totals {
            let cells = totals.into_iter().map(|t| text(t).size(theme::TEXT).font(theme::BOLD).into()).collect();
            table = table.push(container(line(&cols, cells, false, 12.0 + GUTTER)).style(totals_row));
        }
        if let Some(note) = note {
            table = table
                .push(container(widgets::label(note)).padding([6, 12]).width(Length::Fill).style(theme::status_bar));
        }
        container(table.height(Length::Fill)).style(theme::panel).height(Length::Fill).into()
    }

    /// The cells of one table line, formatted only when the line is in view.
    fn cells<'a>(&self, report: &'a Report, index: usize) -> Vec<Element<'a, Message>> {
        let plain = |s: String| text(s).size(theme::TEXT).wrapping(text::Wrapping::None).into();
        match report {
            Report::Balances { symbol, rows } => {
                let row = &rows[index];
                vec![
                    plain(row.code.clone()),
                    plain(row.name.clone()),
                    plain(money(row.balance.receivable, symbol)),
                    plain(money(row.balance.payable, symbol)),
                    plain(money(row.balance.net(), symbol)),
                ]
            }
            Report::Ageing { symbol, rows, .. } => {
                let a = &rows[index].ageing;
                let mut cells = vec![
                    plain(rows[index].code.clone()),
                    plain(rows[index].name.clone()),
                    plain(money(a.not_due, symbol)),
                ];
                cells.extend(a.overdue.iter().map(|v| plain(money(*v, symbol))));
                cells.push(plain(money(a.total, symbol)));
                cells.push(plain(days(a.oldest_overdue_days)));
                cells
            }
            Report::Ledger { symbol, ledger, .. } => {
                let e = &ledger.entries[index];
                let amount = |v: Decimal| if v.is_zero() { String::new() } else { money(v, symbol) };
                let mut kind = row![text(e.kind.to_string()).size(theme::TEXT)].spacing(6).align_y(Alignment::Center);
                if e.voided {
                    kind = kind.push(widgets::badge(Tone::Danger, "VOID"));
                }
                vec![
                    plain(e.date.format("%Y-%m-%d").to_string()),
                    kind.into(),
                    plain(e.number.clone()),
                    plain(e.memo.clone()),
                    plain(amount(e.debit)),
                    plain(amount(e.credit)),
                    plain(money(e.balance, symbol)),
                ]
            }
        }
    }
}

/// `right` is the padding after the last column: lines outside the scroller add the scrollbar's gutter so columns line up.
fn line<'a>(cols: &[Col], cells: Vec<Element<'a, Message>>, shaded: bool, right: f32) -> Element<'a, Message> {
    let cells = cols.iter().zip(cells).map(|(col, cell)| {
        let align = if col.right { Alignment::End } else { Alignment::Start };
        container(cell).width(col.width).align_x(align).clip(true).into()
    });
    let content = row(cells)
        .spacing(12)
        .padding(iced::Padding { top: 0.0, bottom: 0.0, left: 12.0, right })
        .height(ROW_HEIGHT)
        .align_y(Alignment::Center);
    let style = if shaded { stripe } else { plain_row };
    container(content).width(Length::Fill).style(style).into()
}

fn money(value: Decimal, symbol: &Currency) -> String {
    format_amount(value, symbol)
}

fn days(value: Option<i64>) -> String {
    match value {
        Some(1) => "1 day".into(),
        Some(n) => format!("{n} days"),
        None => String::new(),
    }
}

fn total_label(count: usize) -> String {
    format!("Total of {}", count_word(count))
}

fn count(count: usize) -> String {
    count_word(count)
}

fn count_word(count: usize) -> String {
    match count {
        1 => "1 line".into(),
        n => format!("{n} lines"),
    }
}

/// One choice of a segmented switch: the chosen one filled with the accent colour.
fn segment(active: bool) -> impl Fn(&iced::Theme, button::Status) -> button::Style {
    move |theme, status| {
        if active {
            button::Style {
                background: Some(theme::ACCENT.into()),
                text_color: iced::Color::WHITE,
                border: iced::Border { color: theme::ACCENT, width: 1.0, radius: 4.0.into() },
                ..button::Style::default()
            }
        } else {
            theme::secondary_button(theme, status)
        }
    }
}

fn plain_row(_theme: &iced::Theme) -> container::Style {
    container::Style { background: Some(theme::SURFACE.into()), ..container::Style::default() }
}

/// Every other line faintly tinted, so a wide row can be followed across.
fn stripe(_theme: &iced::Theme) -> container::Style {
    container::Style { background: Some(iced::color!(0xf7f8fa).into()), ..container::Style::default() }
}

/// The totals line: tinted like the heading, but in full ink so the sums read as figures.
fn totals_row(theme: &iced::Theme) -> container::Style {
    container::Style { text_color: Some(theme::INK), ..theme::list_heading(theme) }
}
