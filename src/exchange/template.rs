//! Import templates: an empty .xlsx per importable kind whose headers the importer maps at once, with a hint and a drop-down list or a check per column.
//!
//! The hints live in notes on the header cells and in the input message Excel shows
//! when a cell below is selected, never in a row of their own: the importer takes
//! every non-empty row under the header as data (and would take a row of hints above
//! it for the header), so an untouched template must import as nothing at all. The
//! only other cell is a one-cell title above the header, which the header search
//! passes over.
//!
//! Drop-down lists go inline where Excel allows it (at most 255 characters and no
//! commas or quotes in a value); the book's own longer lists go to a hidden "Lists"
//! sheet and are referenced by range.

use super::export::{CUSTOMER_LABELS, ColumnKind, ExportError, check_target, currency_format, save_workbook};
use crate::domain::custom_field::{FieldDef, FieldType};
use crate::domain::customer::{EntityType, FROM_GROUP, OnExceed, Role};
use crate::domain::group::GroupAxis;
use crate::domain::import::customers::{Catalog, Field, Target};
use crate::domain::import::normalize_header;
use crate::domain::money::Currency;
use crate::store::Store;
use rust_xlsxwriter::utility::column_number_to_name;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign, Formula, Note, Workbook,
    XlsxError,
};
use std::path::Path;

/// The sheet the importer reads first; the lists sheet comes after it.
pub const CUSTOMER_SHEET: &str = "Customers";
/// The hidden sheet holding drop-down lists too long to write inline.
pub const LISTS_SHEET: &str = "Lists";

/// Row 1 (0-based 0) is the title, row 2 the header; data starts on row 3.
const TITLE_ROW: u32 = 0;
const HEADER_ROW: u32 = 1;
const FIRST_DATA_ROW: u32 = 2;
/// Checks and lists reach the last row a sheet has: a range costs the same whatever its length,
/// and a clerk who pastes a long list still gets them.
const LAST_ROW: u32 = 1_048_575;

/// Excel's limits on a data validation's texts (UTF-16 units) and on an inline list.
const MAX_TITLE: usize = 32;
const MAX_MESSAGE: usize = 255;
const MAX_INLINE_LIST: usize = 255;

const YES_NO: [&str; 2] = ["Yes", "No"];

/// What a column accepts, as Excel is told to check it.
#[derive(Debug, Clone, PartialEq)]
pub enum Allowed {
    /// Anything: the column only shows its hint.
    Any,
    /// A pick from the list. `strict` refuses other values; otherwise Excel only mentions that a
    /// new value will be created (group axes).
    List { values: Vec<String>, strict: bool },
    /// A number from `min`, up to `max` when given.
    Decimal { min: f64, max: Option<f64> },
    /// A whole number from `min`.
    Whole { min: i32 },
}

/// One column of a template; `T` is what the column fills (a customer target, an item field, …).
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateColumn<T = Target> {
    /// The header, which the importer maps back to `target` without help.
    pub header: String,
    pub target: T,
    pub kind: ColumnKind,
    /// In characters.
    pub width: f64,
    /// What to write, as one short sentence or two.
    pub hint: String,
    pub allowed: Allowed,
}

/// What a written template holds, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSummary {
    pub columns: usize,
    /// Columns with a drop-down list.
    pub lists: usize,
}

/// The columns of a customer template for this book: every target of the import catalog in its
/// order (profile fields, group axes, custom fields), each under a header that maps back to it.
pub fn customer_template_columns(defs: &[FieldDef], axes: &[GroupAxis], levels: &[String]) -> Vec<TemplateColumn> {
    let catalog = Catalog::new(defs, axes);
    let mut taken: Vec<String> = Vec::new();
    let mut columns = Vec::new();
    for (target, label) in catalog.targets() {
        let header = catalog.header_for(target, label, &taken);
        taken.push(normalize_header(&header));
        let column = match target {
            Target::Field(field) => field_column(*field, header, levels),
            Target::Group(axis) => {
                let values: Vec<String> = axes
                    .iter()
                    .find(|a| &a.name == axis)
                    .map(|a| a.values.iter().map(|v| v.name.clone()).collect())
                    .unwrap_or_default();
                let hint = match values.first() {
                    Some(first) => {
                        format!("A value of {axis}, e.g. {first}; a value not in the book yet is created.")
                    }
                    None => format!("A value of {axis}; a new one is created."),
                };
                let allowed = if values.is_empty() { Allowed::Any } else { Allowed::List { values, strict: false } };
                TemplateColumn { header, target: target.clone(), kind: ColumnKind::Text, width: 16.0, hint, allowed }
            }
            Target::Custom(key) => match defs.iter().find(|d| &d.key == key) {
                Some(def) => custom_column(def, header, target.clone()),
                None => TemplateColumn {
                    header,
                    target: target.clone(),
                    kind: ColumnKind::Text,
                    width: 16.0,
                    hint: "Text.".into(),
                    allowed: Allowed::Any,
                },
            },
        };
        columns.push(column);
    }
    columns
}

fn field_column(field: Field, header: String, levels: &[String]) -> TemplateColumn {
    let label = field.label();
    let (kind, width) = CUSTOMER_LABELS
        .iter()
        .find(|(l, _, _)| *l == label)
        .map(|&(_, kind, width)| (kind, width))
        .unwrap_or((ColumnKind::Text, if field == Field::Memo { 40.0 } else { 16.0 }));
    let list = |values: Vec<String>| Allowed::List { values, strict: true };
    let (hint, allowed): (String, Allowed) = match field {
        Field::Code => (
            "Text. Leave empty for a new customer; a code already in the book updates that customer.".into(),
            Allowed::Any,
        ),
        Field::Name => ("Text; needed for a new customer.".into(), Allowed::Any),
        Field::Role => {
            ("customer, vendor or both.".into(), list(Role::ALL.iter().map(|r| r.as_str().to_string()).collect()))
        }
        Field::EntityType => {
            ("company or individual.".into(), list(EntityType::ALL.iter().map(|e| e.as_str().to_string()).collect()))
        }
        Field::TaxId => ("Text; leading zeros are kept.".into(), Allowed::Any),
        Field::Phone | Field::Mobile | Field::Fax | Field::ContactPhone => {
            ("Text; leading zeros and + are kept.".into(), Allowed::Any)
        }
        Field::BillingPostalCode | Field::ShippingPostalCode => ("Text; leading zeros are kept.".into(), Allowed::Any),
        Field::Email | Field::ContactEmail => ("An e-mail address, e.g. name@example.com.".into(), Allowed::Any),
        Field::Active => ("Yes or No.".into(), list(YES_NO.map(String::from).to_vec())),
        Field::PriceLevel if levels.is_empty() => {
            ("The book has no price levels yet: leave empty, or add them first (Prices, Levels).".into(), Allowed::Any)
        }
        Field::PriceLevel => ("One of the book's price levels.".into(), list(levels.to_vec())),
        Field::DiscountRate => {
            ("A number from 0 to 100: 12.5 means 12.5 %.".into(), Allowed::Decimal { min: 0.0, max: Some(100.0) })
        }
        Field::CreditLimit => ("An amount, e.g. 1250.50.".into(), Allowed::Decimal { min: 0.0, max: None }),
        Field::AgeLimitDays => ("Whole days, e.g. 60.".into(), Allowed::Whole { min: 0 }),
        Field::PaymentTermsDays => ("Whole days, e.g. 30.".into(), Allowed::Whole { min: 0 }),
        Field::OnExceed => {
            let mut values: Vec<String> = OnExceed::ALL.iter().map(|a| a.as_str().to_string()).collect();
            values.push(FROM_GROUP.to_string());
            ("What a sale over the credit limits does: off, warn, block or (from group).".into(), list(values))
        }
        Field::Memo => ("Text; several lines are fine.".into(), Allowed::Any),
        _ => ("Text.".into(), Allowed::Any),
    };
    TemplateColumn { header, target: Target::Field(field), kind, width, hint, allowed }
}

fn custom_column(def: &FieldDef, header: String, target: Target) -> TemplateColumn {
    let (kind, hint, allowed) = match def.field_type {
        FieldType::Text => (ColumnKind::Text, "Text.".to_string(), Allowed::Any),
        FieldType::Number => (ColumnKind::Integer, "A whole number.".to_string(), Allowed::Any),
        FieldType::Decimal => (ColumnKind::Number, "A number, e.g. 12.5.".to_string(), Allowed::Any),
        FieldType::Date => (ColumnKind::Date, "A date, YYYY-MM-DD.".to_string(), Allowed::Any),
        FieldType::Bool => (
            ColumnKind::Text,
            "Yes or No.".to_string(),
            Allowed::List { values: YES_NO.map(String::from).to_vec(), strict: true },
        ),
        FieldType::Choice if def.choices.is_empty() => {
            (ColumnKind::Text, "The field has no choices yet: leave empty.".to_string(), Allowed::Any)
        }
        FieldType::Choice => (
            ColumnKind::Text,
            format!("One of: {}.", def.choices.join(", ")),
            Allowed::List { values: def.choices.clone(), strict: true },
        ),
    };
    let hint = if def.required { format!("{hint} Needed for a new customer.") } else { hint };
    let width = if def.field_type == FieldType::Text { 22.0 } else { 14.0 };
    TemplateColumn { header, target, kind, width, hint, allowed }
}

/// Writes the customer template for this book to `path`; an existing file is replaced.
pub fn write_customer_template(store: &Store, path: &Path) -> Result<TemplateSummary, ExportError> {
    check_target(path)?;
    let symbol = store.currency()?;
    let levels: Vec<String> = store.price_levels()?.into_iter().map(|l| l.name).collect();
    let columns = customer_template_columns(&store.field_defs()?, &store.group_axes()?, &levels);
    let title = "Customers: one row per customer, below the headers. Point at a header, or select a cell, \
                 to see what it takes. Then: clientele import customers FILE --dry-run";
    let mut workbook = Workbook::new();
    let summary = fill(&mut workbook, CUSTOMER_SHEET, title, &columns, &symbol)
        .map_err(|e| ExportError::Sheet { path: path.to_path_buf(), reason: e.to_string() })?;
    save_workbook(workbook, path)?;
    Ok(summary)
}

pub(super) fn fill<T>(
    workbook: &mut Workbook,
    sheet_name: &str,
    title: &str,
    columns: &[TemplateColumn<T>],
    currency: &Currency,
) -> Result<TemplateSummary, XlsxError> {
    let header_format = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_background_color(Color::RGB(0xE8EEF4));
    let title_format = Format::new().set_bold().set_font_size(12);
    let text = Format::new().set_num_format("@");
    let amount = Format::new().set_num_format(currency_format(currency));
    let percent = Format::new().set_num_format("0.00##\" %\"");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let integer = Format::new().set_num_format("0");

    // Lists too long to write inline, one column each on the hidden sheet, headed by the column
    // they serve so a curious clerk can read them.
    let mut stored: Vec<(&str, &[String])> = Vec::new();
    let mut lists = 0;
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name)?;
    sheet.write_string_with_format(TITLE_ROW, 0, title, &title_format)?;
    let mut header_lines = 1.0_f64;
    for (col, column) in (0u16..).zip(columns) {
        let format = match column.kind {
            ColumnKind::Text => Some(&text),
            ColumnKind::Amount => Some(&amount),
            ColumnKind::Percent => Some(&percent),
            ColumnKind::Date => Some(&date),
            ColumnKind::Integer => Some(&integer),
            ColumnKind::Number => None,
        };
        if let Some(format) = format {
            // A column format, not cell formats: the rows stay empty for the importer.
            sheet.set_column_format(col, format)?;
        }
        sheet.set_column_width(col, column.width)?;
        sheet.write_string_with_format(HEADER_ROW, col, &column.header, &header_format)?;
        header_lines = header_lines.max((column.header.chars().count() as f64 / column.width.max(1.0)).ceil());
        let note =
            Note::new(&column.hint).set_author("Clientele").add_author_prefix(false).set_width(240).set_height(60);
        sheet.insert_note(HEADER_ROW, col, &note)?;

        let validation = match &column.allowed {
            Allowed::Any => DataValidation::new().allow_any_value(),
            Allowed::List { values, strict } => {
                lists += 1;
                let listed = if fits_inline(values) {
                    DataValidation::new().allow_list_strings(values)?
                } else {
                    let list_col = u16::try_from(stored.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
                    stored.push((&column.header, values));
                    let letter = column_number_to_name(list_col);
                    let last = values.len() + 1;
                    DataValidation::new()
                        .allow_list_formula(Formula::new(format!("={LISTS_SHEET}!${letter}$2:${letter}${last}")))
                };
                if *strict {
                    listed
                        .set_error_title(fit(&column.header, MAX_TITLE))?
                        .set_error_message(fit(&format!("Pick a value from the list. {}", column.hint), MAX_MESSAGE))?
                } else {
                    listed
                        .set_error_style(DataValidationErrorStyle::Information)
                        .set_error_title(fit(&column.header, MAX_TITLE))?
                        .set_error_message(fit(
                            "This value is not in the book yet; the import will create it.",
                            MAX_MESSAGE,
                        ))?
                }
            }
            Allowed::Decimal { min, max } => {
                let rule = match max {
                    Some(max) => DataValidationRule::Between(*min, *max),
                    None => DataValidationRule::GreaterThanOrEqualTo(*min),
                };
                DataValidation::new()
                    .allow_decimal_number(rule)
                    .set_error_title(fit(&column.header, MAX_TITLE))?
                    .set_error_message(fit(&column.hint, MAX_MESSAGE))?
            }
            Allowed::Whole { min } => DataValidation::new()
                .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(*min))
                .set_error_title(fit(&column.header, MAX_TITLE))?
                .set_error_message(fit(&column.hint, MAX_MESSAGE))?,
        };
        let validation = validation
            .set_input_title(fit(&column.header, MAX_TITLE))?
            .set_input_message(fit(&column.hint, MAX_MESSAGE))?;
        sheet.add_data_validation(FIRST_DATA_ROW, col, LAST_ROW, col, &validation)?;
    }
    sheet.set_row_height(HEADER_ROW, 15.0 * header_lines.min(4.0))?;
    // Code and Name stay in view while the clerk scrolls right through forty-odd columns.
    sheet.set_freeze_panes(FIRST_DATA_ROW, 2)?;

    if !stored.is_empty() {
        let lists_sheet = workbook.add_worksheet();
        lists_sheet.set_name(LISTS_SHEET)?;
        for (col, (header, values)) in (0u16..).zip(&stored) {
            lists_sheet.write_string(0, col, *header)?;
            for (row, value) in (1u32..).zip(values.iter()) {
                lists_sheet.write_string(row, col, value)?;
            }
            lists_sheet.set_column_width(col, 20)?;
        }
        lists_sheet.set_hidden(true);
    }
    Ok(TemplateSummary { columns: columns.len(), lists })
}

/// Whether Excel takes the list inline: values are separated by commas there, so a value with a
/// comma (or a quote) must be read from cells instead.
fn fits_inline(values: &[String]) -> bool {
    let length: usize = values.iter().map(|v| v.encode_utf16().count()).sum::<usize>() + values.len().saturating_sub(1);
    length <= MAX_INLINE_LIST && values.iter().all(|v| !v.contains(',') && !v.contains('"'))
}

/// `text` cut to `max` UTF-16 units, as Excel counts, ending in "…" when cut.
fn fit(text: &str, max: usize) -> String {
    if text.encode_utf16().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 1; // the ellipsis
    for c in text.chars() {
        used += c.len_utf16();
        if used > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::group::GroupValue;

    fn axis(name: &str, values: &[&str]) -> GroupAxis {
        let values = (1..).zip(values).map(|(id, v)| GroupValue { id, name: v.to_string() }).collect();
        GroupAxis { id: 1, name: name.into(), values }
    }

    #[test]
    fn every_header_maps_back_to_its_own_target() {
        // An axis and a custom field named like profile fields must not steal their columns.
        let axes = vec![axis("Region", &["Seoul", "Busan"]), axis("Name", &[])];
        let mut phone = FieldDef::new("phone2", "Phone", FieldType::Text);
        phone.required = true;
        let defs = vec![phone, FieldDef::new("renewal", "Renewal", FieldType::Date)];
        let columns = customer_template_columns(&defs, &axes, &["Retail".into()]);
        let catalog = Catalog::new(&defs, &axes);
        let headers: Vec<String> = columns.iter().map(|c| c.header.clone()).collect();
        let mapped = catalog.guess(&headers, &[]);
        let expected: Vec<Option<Target>> = columns.iter().map(|c| Some(c.target.clone())).collect();
        assert_eq!(mapped, expected, "{headers:?}");
        assert_eq!(columns.len(), catalog.targets().count());
        assert!(headers.contains(&"Group Name".to_string()), "{headers:?}");
        assert!(headers.contains(&"phone2".to_string()), "{headers:?}");
        let region = columns.iter().find(|c| c.header == "Region").unwrap();
        assert_eq!(region.allowed, Allowed::List { values: vec!["Seoul".into(), "Busan".into()], strict: false });
        let phone = columns.iter().find(|c| c.header == "phone2").unwrap();
        assert!(phone.hint.contains("Needed"), "{}", phone.hint);
    }

    #[test]
    fn keyword_columns_offer_their_keywords() {
        let columns = customer_template_columns(&[], &[], &[]);
        let allowed = |header: &str| columns.iter().find(|c| c.header == header).unwrap().allowed.clone();
        let strict =
            |values: &[&str]| Allowed::List { values: values.iter().map(|v| v.to_string()).collect(), strict: true };
        assert_eq!(allowed("Role"), strict(&["customer", "vendor", "both"]));
        assert_eq!(allowed("Entity type"), strict(&["company", "individual"]));
        assert_eq!(allowed("Active"), strict(&["Yes", "No"]));
        assert_eq!(allowed("When exceeded"), strict(&["off", "warn", "block", "(from group)"]));
        // No levels yet: any value, with a hint saying why.
        assert_eq!(allowed("Price level"), Allowed::Any);
        assert_eq!(allowed("Discount %"), Allowed::Decimal { min: 0.0, max: Some(100.0) });
        let code = columns.iter().find(|c| c.header == "Code").unwrap();
        assert_eq!(code.kind, ColumnKind::Text);
    }

    #[test]
    fn long_or_comma_lists_are_not_inline() {
        assert!(fits_inline(&["a".into(), "b".into()]));
        assert!(!fits_inline(&["Seoul, North".into()]));
        let many: Vec<String> = (0..60).map(|n| format!("Choice {n}")).collect();
        assert!(!fits_inline(&many));
    }

    #[test]
    fn texts_are_cut_to_excels_limits() {
        assert_eq!(fit("Receivables age limit (days) and more", 32).encode_utf16().count(), 32);
        assert_eq!(fit("short", 32), "short");
    }
}
