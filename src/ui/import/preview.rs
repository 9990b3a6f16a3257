//! The preview step: what the import would do (counts, new group values, columns left out) and
//! the rows behind each count, capped so a file of 100,000 rows draws as fast as one of ten.

use super::{Import, Message};
use crate::domain::customer::Customer;
use crate::store::{ImportCounts, ImportPlan, PlannedRow, RowOutcome};
use crate::ui::customers::list::thousands;
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;
use iced::widget::{Column, button, column, container, row, text};
use iced::{Alignment, Element, Length};

/// How many rows a list shows; the rest are counted in an "and N more" line.
pub const LIST_CAP: usize = 200;

/// Which rows the list under the counts shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    New,
    Changed,
    Unchanged,
    Skipped,
    Invalid,
}

impl ListKind {
    pub const ALL: [ListKind; 5] =
        [ListKind::Invalid, ListKind::New, ListKind::Changed, ListKind::Unchanged, ListKind::Skipped];

    fn label(self) -> &'static str {
        match self {
            ListKind::New => "New",
            ListKind::Changed => "Changed",
            ListKind::Unchanged => "Unchanged",
            ListKind::Skipped => "Skipped",
            ListKind::Invalid => "Invalid",
        }
    }

    fn count(self, counts: &ImportCounts) -> u64 {
        match self {
            ListKind::New => counts.created,
            ListKind::Changed => counts.updated,
            ListKind::Unchanged => counts.unchanged,
            ListKind::Skipped => counts.skipped,
            ListKind::Invalid => counts.invalid,
        }
    }

    fn holds(self, outcome: &RowOutcome) -> bool {
        matches!(
            (self, outcome),
            (ListKind::New, RowOutcome::New(_))
                | (ListKind::Changed, RowOutcome::Changed { .. })
                | (ListKind::Unchanged, RowOutcome::Unchanged { .. })
                | (ListKind::Skipped, RowOutcome::Skipped(_))
                | (ListKind::Invalid, RowOutcome::Invalid(_))
        )
    }

    /// The list to open on: the invalid rows when there are any (they stop the import), else
    /// the first kind with rows.
    pub fn first_with_rows(counts: &ImportCounts) -> ListKind {
        ListKind::ALL.into_iter().find(|kind| kind.count(counts) > 0).unwrap_or(ListKind::New)
    }
}

impl Import {
    pub(super) fn preview_view(&self) -> Element<'_, Message> {
        let Some(preview) = &self.preview else { return column![].into() };
        let counts = &preview.counts;
        let mut summary = row![].spacing(10);
        for (label, value, tone) in [
            ("new", counts.created, Tone::Success),
            ("changed", counts.updated, Tone::Info),
            ("unchanged", counts.unchanged, Tone::Info),
            ("skipped", counts.skipped, Tone::Warning),
            ("invalid", counts.invalid, Tone::Danger),
        ] {
            let tone = if value == 0 { Tone::Info } else { tone };
            summary = summary.push(
                container(
                    column![
                        text(thousands(value as usize)).size(theme::HEADING).font(theme::BOLD),
                        text(label).size(theme::SMALL),
                    ]
                    .align_x(Alignment::Center),
                )
                .padding([8, 18])
                .style(theme::notice(tone)),
            );
        }
        let mut facts = Column::new().spacing(6).push(summary);
        facts = facts.push(widgets::label(format!(
            "{} rows read in {:.1} s. Nothing has been written yet.",
            thousands(preview.rows as usize),
            preview.seconds
        )));
        let plan = &preview.plan;
        if !plan.new_group_values.is_empty() {
            let values: Vec<String> =
                plan.new_group_values.iter().map(|(axis, value)| format!("{axis}: {value}")).collect();
            facts = facts
                .push(widgets::notice(Tone::Info, format!("New group values will be created: {}.", values.join(", "))));
        }
        if !plan.unmapped.is_empty() {
            let columns: Vec<String> = plan.unmapped.iter().map(|c| format!("\u{201c}{c}\u{201d}")).collect();
            facts = facts.push(widgets::notice(
                Tone::Warning,
                format!("Not imported (no field chosen): {}.", columns.join(", ")),
            ));
        }

        let mut tabs = row![].spacing(6);
        for kind in ListKind::ALL {
            let count = kind.count(counts);
            if count == 0 && kind != self.list {
                continue;
            }
            let style = if kind == self.list { theme::primary_button } else { theme::secondary_button };
            tabs = tabs.push(
                button(text(format!("{} ({})", kind.label(), thousands(count as usize))).size(theme::TEXT))
                    .padding([5, 14])
                    .on_press(Message::List(kind))
                    .style(style),
            );
        }
        let total = kind_total(self.list, counts);
        let mut lines = Column::new().spacing(4);
        for planned in plan.rows.iter().filter(|r| self.list.holds(&r.outcome)).take(LIST_CAP) {
            lines = lines.push(row_view(plan, planned));
        }
        if total > LIST_CAP {
            lines = lines.push(widgets::label(format!(
                "…and {} more not shown.{}",
                thousands(total - LIST_CAP),
                if self.list == ListKind::Invalid { " Save the invalid rows as .xlsx to see them all." } else { "" }
            )));
        }
        if total == 0 {
            lines = lines.push(widgets::label("No rows."));
        }
        column![
            widgets::section("What the import would do", facts),
            container(column![tabs, lines].spacing(10)).padding(16).width(Length::Fill).style(theme::panel),
        ]
        .spacing(14)
        .into()
    }
}

fn kind_total(kind: ListKind, counts: &ImportCounts) -> usize {
    kind.count(counts) as usize
}

fn who(customer: &Customer) -> String {
    let code = if customer.code.trim().is_empty() { "(code given on import)" } else { customer.code.trim() };
    format!("{code}  {}", customer.name.trim())
}

/// One row of the list: the file's row number, whom it concerns, and the details of its kind.
fn row_view<'a>(plan: &ImportPlan, planned: &'a PlannedRow) -> Element<'a, Message> {
    let number = text(format!("Row {}", planned.row)).size(theme::SMALL).style(theme::muted).width(Length::Fixed(80.0));
    let detail: Element<'_, Message> = match &planned.outcome {
        RowOutcome::New(record) => text(who(&plan.new_customer(record))).size(theme::TEXT).into(),
        RowOutcome::Unchanged { code } => text(code.as_str()).size(theme::TEXT).into(),
        RowOutcome::Skipped(why) => text(why.as_str()).size(theme::TEXT).into(),
        RowOutcome::Changed { after, changes, .. } => {
            let mut lines = column![text(who(after)).size(theme::TEXT).font(theme::BOLD)].spacing(2);
            for change in changes {
                lines = lines.push(
                    text(format!(
                        "{}: {} \u{2192} {}",
                        change.field,
                        shown(&change.old_value),
                        shown(&change.new_value)
                    ))
                    .size(theme::SMALL),
                );
            }
            lines.into()
        }
        RowOutcome::Invalid(problems) => {
            let mut lines = Column::new().spacing(2);
            for problem in problems {
                let line = match &problem.column {
                    Some(column) => format!("Column \u{201c}{column}\u{201d}: {}", problem.message),
                    None => problem.message.clone(),
                };
                lines = lines.push(text(line).size(theme::TEXT).style(theme::error_text));
            }
            lines.into()
        }
    };
    container(row![number, container(detail).width(Length::Fill)].spacing(8).align_y(Alignment::Start))
        .padding([6, 10])
        .width(Length::Fill)
        .style(theme::list_heading)
        .into()
}

/// A value in a before → after line; an empty one is said, not left blank.
fn shown(value: &str) -> String {
    if value.trim().is_empty() { "(empty)".to_string() } else { format!("\u{201c}{}\u{201d}", value.trim()) }
}
