//! The preview step: what the import would do (counts, new group values, columns left out) and
//! the rows behind each count, capped so a file of 100,000 rows draws as fast as one of ten.

use super::kinds::{Listed, ListedOutcome, nouns};
use super::worker::Planned;
use super::{Import, Message};
use crate::domain::customer::Change;
use crate::domain::customer::Customer;
use crate::domain::import::{CellProblem, UnmappedField};
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

    fn lists(self, outcome: &ListedOutcome<'_>) -> bool {
        matches!(
            (self, outcome),
            (ListKind::New, ListedOutcome::New)
                | (ListKind::Changed, ListedOutcome::Changed(_))
                | (ListKind::Unchanged, ListedOutcome::Unchanged)
                | (ListKind::Skipped, ListedOutcome::Skipped(_))
                | (ListKind::Invalid, ListedOutcome::Invalid(_))
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
        let (required, noun) = match &preview.plan {
            Planned::Customers(plan) => (plan.unmapped_required.as_slice(), "customer"),
            Planned::Kind(plan) => (plan.unmapped_required(), nouns(self.kind).0),
        };
        for unmapped in required {
            facts = facts.push(widgets::notice(Tone::Danger, unmapped_sentence(unmapped, noun)));
        }
        if let Planned::Kind(plan) = &preview.plan
            && let Some(totals) = plan.totals()
        {
            let said = match totals.explanation() {
                Some(why) => format!("The totals differ: {why}."),
                None => format!("Sheet total {}; the book's total is the same.", totals.sheet.normalize()),
            };
            let tone = if totals.explanation().is_some() { Tone::Warning } else { Tone::Info };
            facts = facts.push(widgets::notice(tone, said));
        }
        let unmapped = match &preview.plan {
            Planned::Customers(plan) => {
                if !plan.new_group_axes.is_empty() {
                    facts = facts.push(widgets::notice(
                        Tone::Info,
                        format!("New group axes will be created: {}.", plan.new_group_axes.join(", ")),
                    ));
                }
                if !plan.new_group_values.is_empty() {
                    let values: Vec<String> =
                        plan.new_group_values.iter().map(|(axis, value)| format!("{axis}: {value}")).collect();
                    facts = facts.push(widgets::notice(
                        Tone::Info,
                        format!("New group values will be created: {}.", values.join(", ")),
                    ));
                }
                plan.unmapped.as_slice()
            }
            Planned::Kind(plan) => plan.unmapped(),
        };
        if !unmapped.is_empty() {
            let columns: Vec<String> = unmapped.iter().map(|c| format!("\u{201c}{c}\u{201d}")).collect();
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
        match &preview.plan {
            Planned::Customers(plan) => {
                for planned in plan.rows.iter().filter(|r| self.list.holds(&r.outcome)).take(LIST_CAP) {
                    lines = lines.push(row_view(plan, planned));
                }
            }
            Planned::Kind(plan) => {
                for listed in plan.listed().into_iter().filter(|r| self.list.lists(&r.outcome)).take(LIST_CAP) {
                    lines = lines.push(listed_view(listed));
                }
            }
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

/// A field no column is mapped to, said once with what to do in the wizard.
fn unmapped_sentence(unmapped: &UnmappedField, noun: &str) -> String {
    let also = if unmapped.field == "kind" { ", or choose the kind of every row under Options" } else { "" };
    format!("{}: go back to the columns and choose the one that holds it{also}.", unmapped.message(noun))
}

fn kind_total(kind: ListKind, counts: &ImportCounts) -> usize {
    kind.count(counts) as usize
}

fn who(customer: &Customer) -> String {
    let code = if customer.code.trim().is_empty() { "(code given on import)" } else { customer.code.trim() };
    format!("{code}  {}", customer.name.trim())
}

/// The lines of a refused record: each problem with its column (and its row, when a record spans rows).
fn problem_lines<'a>(problems: impl Iterator<Item = (Option<usize>, &'a CellProblem)>) -> Element<'a, Message> {
    let mut lines = Column::new().spacing(2);
    for (row, problem) in problems {
        let at_row = row.map(|row| format!("Row {row}, ")).unwrap_or_default();
        let line = match &problem.column {
            Some(column) => format!("{at_row}Column \u{201c}{column}\u{201d}: {}", problem.message),
            None if at_row.is_empty() => problem.message.clone(),
            None => format!("{at_row}{}", problem.message),
        };
        lines = lines.push(text(line).size(theme::TEXT).style(theme::error_text));
    }
    lines.into()
}

fn change_lines<'a>(title: String, changes: &'a [Change]) -> Element<'a, Message> {
    let mut lines = column![text(title).size(theme::TEXT).font(theme::BOLD)].spacing(2);
    for change in changes {
        lines = lines.push(
            text(format!("{}: {} \u{2192} {}", change.field, shown(&change.old_value), shown(&change.new_value)))
                .size(theme::SMALL),
        );
    }
    lines.into()
}

fn numbered_line<'a>(row: usize, detail: Element<'a, Message>) -> Element<'a, Message> {
    let number = text(format!("Row {row}")).size(theme::SMALL).style(theme::muted).width(Length::Fixed(80.0));
    container(row![number, container(detail).width(Length::Fill)].spacing(8).align_y(Alignment::Start))
        .padding([6, 10])
        .width(Length::Fill)
        .style(theme::list_heading)
        .into()
}

/// One record of an items, prices, balances or vouchers preview: its row, its key and what it does.
fn listed_view(listed: Listed<'_>) -> Element<'_, Message> {
    let key = listed.key.to_string();
    let mut detail = match listed.outcome {
        ListedOutcome::New | ListedOutcome::Unchanged => column![text(key).size(theme::TEXT).font(theme::BOLD)],
        ListedOutcome::Skipped(why) => column![text(format!("{key}: {why}")).size(theme::TEXT)],
        ListedOutcome::Changed(changes) => column![change_lines(key, changes)],
        ListedOutcome::Invalid(problems) => {
            // A voucher spans rows: name the row of each problem when it is not the record's first.
            let first = listed.row;
            column![
                text(key).size(theme::TEXT).font(theme::BOLD),
                problem_lines(problems.iter().map(|p| ((p.row != first).then_some(p.row), &p.problem))),
            ]
        }
    }
    .spacing(2);
    for line in listed.detail {
        detail = detail.push(text(line).size(theme::SMALL));
    }
    for note in listed.notes {
        detail = detail.push(text(note.as_str()).size(theme::SMALL).style(theme::muted));
    }
    numbered_line(listed.row, detail.into())
}

/// One row of the list: the file's row number, whom it concerns, and the details of its kind.
fn row_view<'a>(plan: &ImportPlan, planned: &'a PlannedRow) -> Element<'a, Message> {
    let detail: Element<'_, Message> = match &planned.outcome {
        RowOutcome::New(record) => text(who(&plan.new_customer(record))).size(theme::TEXT).into(),
        RowOutcome::Unchanged { code } => text(code.as_str()).size(theme::TEXT).into(),
        RowOutcome::Skipped(why) => text(why.as_str()).size(theme::TEXT).into(),
        RowOutcome::Changed { after, changes, .. } => change_lines(who(after), changes),
        RowOutcome::Invalid(problems) => problem_lines(problems.iter().map(|p| (None, p))),
    };
    numbered_line(planned.row, detail)
}

/// A value in a before → after line; an empty one is said, not left blank.
fn shown(value: &str) -> String {
    if value.trim().is_empty() { "(empty)".to_string() } else { format!("\u{201c}{}\u{201d}", value.trim()) }
}
