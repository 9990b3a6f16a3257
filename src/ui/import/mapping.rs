//! The mapping step: one line per column of the file (its header, a few values under it, and
//! what it fills in the book, a new group axis among the offers), the match key, the options,
//! and for vouchers without a kind column the kind of every row.

use super::{Import, KeyChoice, Message};
use crate::domain::import::customers::{Catalog, Target};
use crate::domain::import::fixed::ImportKind;
use crate::domain::voucher::VoucherKind;
use crate::exchange::read::TextEncoding;
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;
use iced::widget::{Column, checkbox, column, container, radio, row, text};
use iced::{Alignment, Element, Length};
use std::fmt;

/// One entry of a column's drop-down: a field by its key, or "Not imported".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub key: Option<String>,
    label: String,
}

/// What the drop-down says for a column left out.
pub const NOT_IMPORTED: &str = "Not imported";

impl Choice {
    pub fn none() -> Choice {
        Choice { key: None, label: NOT_IMPORTED.to_string() }
    }

    /// A group axis the book has not yet, named after a column: the import creates it.
    pub fn new_axis(name: &str) -> Choice {
        Choice { key: Some(format!("group:{name}")), label: format!("New group axis \u{201c}{name}\u{201d}") }
    }

    fn of(target: &Target, label: &str) -> Choice {
        let label = match target {
            Target::Field(_) => label.to_string(),
            Target::Group(axis) => format!("Group: {axis}"),
            Target::Custom(_) => format!("{label} (custom field)"),
        };
        Choice { key: Some(target.key()), label }
    }
}

impl fmt::Display for Choice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

/// "Not imported" and then every target of the book, in the catalog's order.
pub fn choices(catalog: &Catalog) -> Vec<Choice> {
    let mut all = vec![Choice::none()];
    all.extend(catalog.targets().map(|(target, label)| Choice::of(target, label)));
    all
}

/// "Not imported" and then each field of a kind with a fixed list, as (key, label).
pub fn field_choices(fields: &[(&str, &str)]) -> Vec<Choice> {
    let mut all = vec![Choice::none()];
    all.extend(fields.iter().map(|(key, label)| Choice { key: Some(key.to_string()), label: label.to_string() }));
    all
}

/// The choice showing the field `key` among `choices`.
pub fn chosen(choices: &[Choice], key: Option<&str>) -> Choice {
    choices.iter().find(|c| c.key.as_deref() == key).cloned().unwrap_or_else(Choice::none)
}

/// The id of the drop-down of column `index`, for tests and focus.
pub fn column_id(index: usize) -> String {
    format!("import-map-{index}")
}

/// The kinds a whole file of vouchers may be.
pub const FILE_KINDS: [VoucherKind; 4] =
    [VoucherKind::Sale, VoucherKind::Purchase, VoucherKind::Collection, VoucherKind::Payment];

/// The id of the drop-down for the kind of every voucher, for tests and focus.
pub const VOUCHER_KIND_ID: &str = "import-voucher-kind";

const HEADER_WIDTH: f32 = 220.0;
const PICK_WIDTH: f32 = 260.0;
const SAMPLE_CHARS: usize = 22;

impl Import {
    pub(super) fn mapping_view(&self) -> Element<'_, Message> {
        let Some(sheet) = &self.sheet else { return column![].into() };
        let mut top = row![widgets::label("Sheet")].spacing(8).align_y(Alignment::Center);
        top = top.push(
            container(widgets::choice(sheet.sheets.as_slice(), Some(&sheet.sheet), Message::Sheet, false))
                .id("import-sheet")
                .width(Length::Fixed(240.0)),
        );
        if let Some(encoding) = sheet.encoding {
            // A CSV's encoding is a guess from its bytes; the clerk who sees broken names picks another.
            let mut offered = TextEncoding::CHOICES.to_vec();
            if !offered.contains(&encoding) {
                offered.push(encoding);
            }
            top = top.push(widgets::label("Encoding"));
            top = top.push(
                container(widgets::choice(offered, Some(encoding), Message::Encoding, false))
                    .id("import-encoding")
                    .width(Length::Fixed(220.0)),
            );
        }
        let mapped = self.mapping.iter().filter(|t| t.is_some()).count();
        top = top.push(widgets::label(format!(
            "{} columns, {mapped} imported{}",
            sheet.headers.len(),
            if sheet.remembered { " (as you mapped these headers last time)" } else { "" }
        )));

        let heading = row![
            text("Column in the file").size(theme::SMALL).width(Length::Fixed(HEADER_WIDTH)),
            text(format!("First {} values", sheet.samples.len().max(1))).size(theme::SMALL).width(Length::Fill),
            text("Imported into").size(theme::SMALL).width(Length::Fixed(PICK_WIDTH)),
        ]
        .spacing(12);
        let mut lines = Column::new().spacing(2);
        for (index, header) in sheet.headers.iter().enumerate() {
            let target = self.mapping.get(index).and_then(Option::as_deref);
            let shown =
                if header.trim().is_empty() { format!("(column {} has no header)", index + 1) } else { header.clone() };
            let mut name = column![text(shown).size(theme::TEXT).font(theme::BOLD)].spacing(2);
            if target.is_none() {
                name = name.push(widgets::badge(Tone::Warning, "Not imported"));
            }
            let samples: Vec<String> = sheet
                .samples
                .iter()
                .map(|row| row.get(index).map(|v| clip(v.trim(), SAMPLE_CHARS)).unwrap_or_default())
                .map(|v| if v.is_empty() { "–".to_string() } else { v })
                .collect();
            let pick = container(widgets::choice(
                self.choices.as_slice(),
                Some(chosen(&self.choices, target)),
                move |choice| Message::Map(index, choice),
                false,
            ))
            .id(column_id(index))
            .width(Length::Fixed(PICK_WIDTH));
            let line = row![
                container(name).width(Length::Fixed(HEADER_WIDTH)),
                text(samples.join("   ·   ")).size(theme::SMALL).style(theme::muted).width(Length::Fill),
                pick,
            ]
            .spacing(12)
            .align_y(Alignment::Center);
            lines = lines.push(container(line).padding([6, 12]).style(if target.is_none() {
                theme::list_heading
            } else {
                theme::panel
            }));
        }
        let table = column![container(heading).padding([6, 12]).width(Length::Fill).style(theme::list_heading), lines]
            .spacing(0);

        let key = row![
            widgets::label("Match records in the file to the book by"),
            radio("Code", KeyChoice::Code, Some(self.key), Message::Key).text_size(theme::TEXT),
            radio("Tax ID", KeyChoice::TaxId, Some(self.key), Message::Key).text_size(theme::TEXT),
        ]
        .spacing(16)
        .align_y(Alignment::Center);
        let mut options = Column::new().spacing(10);
        // Only customers can be matched by tax ID, and only profiles and items have cells to clear.
        if self.kind == ImportKind::Customers {
            options = options.push(key);
        }
        if matches!(self.kind, ImportKind::Customers | ImportKind::Items | ImportKind::Balances) {
            options = options.push(
                checkbox(self.options.empty_clears)
                    .label("Empty cells clear values (otherwise an empty cell keeps what the book has)")
                    .on_toggle(Message::EmptyClears)
                    .text_size(theme::TEXT),
            );
        }
        // An order export has no kind column: the clerk says what every row is.
        if self.kind == ImportKind::Vouchers && !self.mapping.iter().any(|key| key.as_deref() == Some("kind")) {
            let pick = widgets::choice(&FILE_KINDS[..], self.options.voucher_kind, Message::VoucherKind, false)
                .placeholder("choose a kind");
            options = options.push(
                row![
                    widgets::label("No column gives the kind: every row is a"),
                    container(pick).id(VOUCHER_KIND_ID).width(Length::Fixed(180.0)),
                ]
                .spacing(12)
                .align_y(Alignment::Center),
            );
        }
        options = options.push(
            checkbox(self.options.later_wins)
                .label("Later row wins for a key given twice (otherwise both rows are invalid)")
                .on_toggle(Message::LaterWins)
                .text_size(theme::TEXT),
        );
        let mut page = column![top].spacing(14);
        // A field the import needs that no column gives is said here, before the preview.
        for (key, who) in self.kind.needed_columns() {
            if !self.mapping.iter().any(|mapped| mapped.as_deref() == Some(*key)) {
                let field =
                    self.choices.iter().find(|c| c.key.as_deref() == Some(*key)).map_or(*key, |c| c.label.as_str());
                page = page.push(widgets::notice(
                    Tone::Warning,
                    format!("No column is mapped to {field}, and {who}: choose its column below."),
                ));
            }
        }
        page.push(widgets::section("Columns", table)).push(widgets::section("Options", options)).into()
    }
}

/// A value cut to `max` characters with an ellipsis, so one long cell cannot push the drop-downs away.
pub fn clip(value: &str, max: usize) -> String {
    if value.chars().count() <= max {
        value.to_string()
    } else {
        value.chars().take(max - 1).collect::<String>() + "…"
    }
}
