//! Which customers a report covers: one drop-down per group axis, and the customers suggested under the Ledger's customer box.
//!
//! Both hold state only; the reading is done by `Request::run` off the UI thread, like the reports themselves.

use super::{Answer, Message};
use crate::domain::group::GroupAxis;
use crate::domain::search::{ActiveFilter, SearchQuery};
use crate::store::ListRow;
use crate::ui::customers::GroupChoice;
use crate::ui::theme;
use crate::ui::widgets;
use iced::widget::{Column, button, column, container, text};
use iced::{Element, Length};
use std::collections::BTreeMap;

/// How many customers are suggested: enough to pick from, few enough to read at a glance.
pub const SUGGESTIONS: usize = 8;

/// The group filters: the axes as Settings last defined them, and the value chosen on each (if any).
#[derive(Debug, Default)]
pub(super) struct Groups {
    axes: Vec<GroupAxis>,
    /// Axis name -> value name; an axis left at "All" has no entry.
    chosen: BTreeMap<String, String>,
}

impl Groups {
    /// Takes the current axes and forgets a choice whose axis or value is gone (renamed or deleted
    /// in Settings), so a report never filters by a group nobody can see.
    pub fn set_axes(&mut self, axes: Vec<GroupAxis>) {
        self.chosen
            .retain(|axis, value| axes.iter().any(|a| &a.name == axis && a.values.iter().any(|v| &v.name == value)));
        self.axes = axes;
    }

    pub fn choose(&mut self, choice: GroupChoice) {
        match choice.value {
            Some(value) => self.chosen.insert(choice.axis, value),
            None => self.chosen.remove(&choice.axis),
        };
    }

    /// The chosen (axis, value) pairs, as `ReportFilter` and `SearchQuery` take them.
    pub fn pairs(&self) -> Vec<(String, String)> {
        self.chosen.iter().map(|(axis, value)| (axis.clone(), value.clone())).collect()
    }

    pub fn is_filtering(&self) -> bool {
        !self.chosen.is_empty()
    }

    /// One labelled drop-down per axis ("All Region", "Busan", …), each with the id `report-group:<axis>`.
    pub fn fields(&self) -> Vec<Element<'_, Message>> {
        self.axes
            .iter()
            .map(|axis| {
                let mut options = vec![GroupChoice { axis: axis.name.clone(), value: None }];
                options.extend(
                    axis.values.iter().map(|v| GroupChoice { axis: axis.name.clone(), value: Some(v.name.clone()) }),
                );
                let selected = GroupChoice { axis: axis.name.clone(), value: self.chosen.get(&axis.name).cloned() };
                let pick = container(widgets::choice(options, Some(selected), Message::Group, false))
                    .id(format!("report-group:{}", axis.name));
                container(widgets::field(&axis.name, false, pick, None)).width(150).into()
            })
            .collect()
    }
}

/// The customers offered under the Ledger's customer box while the clerk types. They are kept
/// apart from the report on screen: a suggestion never replaces it, only a pick does.
#[derive(Debug, Default)]
pub(super) struct Suggestions {
    /// The clerk is typing a customer and has not picked one or run the report since.
    open: bool,
    /// The request whose answer is wanted; older answers are dropped.
    awaited: Option<u64>,
    rows: Vec<ListRow>,
    error: Option<String>,
}

impl Suggestions {
    /// The search for `text` within the chosen groups: any role and inactive customers too,
    /// since an old customer's ledger is still worth reading.
    pub fn query(text: &str, groups: &Groups) -> SearchQuery {
        SearchQuery {
            text: text.to_string(),
            groups: groups.pairs(),
            role: None,
            active: ActiveFilter::All,
            limit: SUGGESTIONS,
        }
    }

    /// Waits for the answer to request `generation`; the rows shown so far stay until it comes, so the box does not flicker.
    pub fn expect(&mut self, generation: u64) {
        self.open = true;
        self.awaited = Some(generation);
    }

    pub fn close(&mut self) {
        *self = Suggestions::default();
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    pub fn awaits(&self, generation: u64) -> bool {
        self.awaited == Some(generation)
    }

    pub fn rows(&self) -> &[ListRow] {
        &self.rows
    }

    /// The first suggestion, when the rows answer what is typed now (no newer search pending): what Enter and Run take.
    pub fn first(&self) -> Option<&ListRow> {
        if self.open && self.awaited.is_none() { self.rows.first() } else { None }
    }

    pub fn take(&mut self, result: Result<Answer, String>) {
        self.awaited = None;
        match result {
            Ok(Answer::Suggestions(rows)) => {
                self.rows = rows;
                self.error = None;
            }
            // Only a report request is answered with a report, and its number is never awaited here.
            Ok(Answer::Report(_)) => {}
            Err(error) => {
                self.rows.clear();
                self.error = Some(error);
            }
        }
    }

    /// The box under the customer field: one button per customer, the one Enter takes outlined.
    pub fn view(&self, typed: &str, filtering: bool) -> Option<Element<'_, Message>> {
        if !self.open {
            return None;
        }
        let outlined = self.first().map(|row| row.id);
        let note: Element<'_, Message> = if let Some(error) = &self.error {
            text(error.as_str()).size(theme::SMALL).style(theme::error_text).into()
        } else if self.rows.is_empty() && self.awaited.is_some() {
            widgets::label("Searching…").into()
        } else if self.rows.is_empty() {
            let hint = if filtering { " Check the spelling or clear a group filter." } else { " Check the spelling." };
            widgets::label(format!("No customer matches \u{201c}{}\u{201d}.{hint}", typed.trim())).into()
        } else {
            widgets::label("Enter or Run report takes the outlined customer; click another to pick it.").into()
        };
        let mut list = Column::new();
        for suggestion in &self.rows {
            let mut detail = suggestion.role.to_string();
            if !suggestion.city.trim().is_empty() {
                detail = format!("{detail} · {}", suggestion.city.trim());
            }
            if !suggestion.active {
                detail.push_str(" · inactive");
            }
            let label = widgets::suggestion_line(suggestion.code.as_str(), 110.0, suggestion.name.as_str(), detail);
            list = list.push(
                button(container(label).clip(true))
                    .width(Length::Fill)
                    .padding([4, 8])
                    .on_press(Message::Pick(suggestion.code.clone()))
                    .style(theme::list_row(false, outlined == Some(suggestion.id))),
            );
        }
        let mut content = column![note].spacing(4);
        if !self.rows.is_empty() {
            content = content.push(container(list).style(theme::panel));
        }
        Some(container(content).width(Length::Fixed(480.0)).into())
    }
}
