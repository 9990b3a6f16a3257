//! What the kinds with a fixed list of fields (items, prices, balances, vouchers) share: the
//! field list a column maps to, guessing the mapping from headers, one row's cells by field, and
//! reading a cell as a number, a date or a keyword with the problem named by its column.

use super::{CellProblem, excel_error, normalize_header};
use crate::domain::date::read_date;
use crate::domain::money::{parse_amount, parse_amount_any_decimals, parse_non_negative_amount, parse_percent};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::fmt;

/// What `clientele import KIND` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImportKind {
    Customers,
    Items,
    Prices,
    Balances,
    Vouchers,
}

impl ImportKind {
    /// The keyword kept with a batch and typed on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Customers => "customers",
            ImportKind::Items => "items",
            ImportKind::Prices => "prices",
            ImportKind::Balances => "balances",
            ImportKind::Vouchers => "vouchers",
        }
    }

    pub fn parse(text: &str) -> Option<ImportKind> {
        [ImportKind::Customers, ImportKind::Items, ImportKind::Prices, ImportKind::Balances, ImportKind::Vouchers]
            .into_iter()
            .find(|kind| kind.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// The fields (by `--map` key) an import of this kind wants a column for, each with who needs
    /// it: said at the mapping, before a preview finds every row without it. A voucher's kind is
    /// left out: a sheet without a kind column takes one kind for the whole file.
    pub fn needed_columns(self) -> &'static [(&'static str, &'static str)] {
        match self {
            ImportKind::Customers => &[("name", "new customers need a name")],
            ImportKind::Items => &[("code", "items are matched by their code"), ("name", "new items need a name")],
            ImportKind::Prices => &[("item", "every price is for an item"), ("price", "every row sets a price")],
            ImportKind::Balances => &[("customer", "every balance is a customer's")],
            ImportKind::Vouchers => {
                &[("customer", "every voucher is a customer's"), ("date", "every voucher has a date")]
            }
        }
    }
}

impl fmt::Display for ImportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A field of a kind with a fixed list of them.
pub trait ImportField: Copy + Eq + fmt::Debug + 'static {
    /// Every field, in the order a template lays them out.
    const ALL: &'static [Self];

    /// (key for `--map`, label for headers, other names a column may carry).
    fn names(self) -> (&'static str, &'static str, &'static [&'static str]);

    fn key(self) -> &'static str {
        self.names().0
    }

    fn label(self) -> &'static str {
        self.names().1
    }
}

/// The field a header names: its key or label first, then an alias (case, spaces and punctuation aside).
pub fn find<F: ImportField>(header: &str) -> Option<F> {
    let wanted = normalize_header(header);
    if wanted.is_empty() {
        return None;
    }
    let own = |f: &F| {
        let (key, label, _) = f.names();
        normalize_header(key) == wanted || normalize_header(label) == wanted
    };
    F::ALL
        .iter()
        .copied()
        .find(own)
        .or_else(|| F::ALL.iter().copied().find(|f| f.names().2.iter().any(|alias| normalize_header(alias) == wanted)))
}

/// A `--map` target as typed: a field's key.
pub fn parse_key<F: ImportField>(text: &str) -> Option<F> {
    F::ALL.iter().copied().find(|f| f.key().eq_ignore_ascii_case(text.trim()))
}

/// Guesses what each header fills; a field goes to the first column naming it. `fixed` holds the
/// clerk's choices by column, which win and are never guessed over.
pub fn guess<F: ImportField>(headers: &[String], fixed: &[(usize, Option<F>)]) -> Vec<Option<F>> {
    let mut mapping: Vec<Option<F>> = vec![None; headers.len()];
    for (column, field) in fixed {
        if let Some(slot) = mapping.get_mut(*column) {
            *slot = *field;
        }
    }
    for (column, header) in headers.iter().enumerate() {
        if fixed.iter().any(|(c, _)| *c == column) {
            continue;
        }
        if let Some(field) = find::<F>(header)
            && !mapping.contains(&Some(field))
        {
            mapping[column] = Some(field);
        }
    }
    mapping
}

/// One row's mapped cells, found by field: (header, trimmed text).
#[derive(Debug, Clone)]
pub struct RowCells<'a, F> {
    cells: Vec<(F, &'a str, &'a str)>,
}

impl<'a, F: ImportField> RowCells<'a, F> {
    pub fn new(headers: &'a [String], mapping: &[Option<F>], cells: &'a [String]) -> RowCells<'a, F> {
        let cells = headers
            .iter()
            .zip(mapping)
            .enumerate()
            .filter_map(|(column, (header, field))| {
                Some((*field.as_ref()?, header.as_str(), cells.get(column).map_or("", |c| c.trim())))
            })
            .collect();
        RowCells { cells }
    }

    /// The mapped cells that hold an Excel error (`#N/A`, `#DIV/0!`...) instead of a value, each
    /// named by its column: such a row is refused whatever its fields would make of the text.
    pub fn excel_errors(&self) -> Vec<CellProblem> {
        self.cells
            .iter()
            .filter_map(|(_, header, text)| Some(CellProblem::excel_error(Some(header), excel_error(text)?)))
            .collect()
    }

    /// Whether a column is mapped to `field`.
    pub fn has(&self, field: F) -> bool {
        self.cells.iter().any(|(f, _, _)| *f == field)
    }

    /// The cell's text, empty when the column is missing or the cell empty.
    pub fn text(&self, field: F) -> &'a str {
        self.cells.iter().find(|(f, _, _)| *f == field).map_or("", |(_, _, text)| text)
    }

    /// The header of the column mapped to `field`, for naming a problem.
    pub fn column(&self, field: F) -> Option<&'a str> {
        self.cells.iter().find(|(f, _, _)| *f == field).map(|(_, header, _)| *header)
    }

    /// A problem with the cell of `field` (or with the row, when no column is mapped to it).
    pub fn problem(&self, field: F, message: impl Into<String>) -> CellProblem {
        CellProblem::new(self.column(field), message)
    }

    /// A needed cell that is empty: named by its column, or, when no column is mapped to the
    /// field, marked as unmapped so the planner says it once for the file.
    pub fn missing(&self, field: F, message: impl Into<String>) -> CellProblem {
        match self.column(field) {
            Some(column) => CellProblem::new(Some(column), message),
            None => CellProblem::unmapped(field.key(), message),
        }
    }

    /// The text as is; `Err` when it is needed and empty.
    pub fn required(&self, field: F, what: &str) -> Result<&'a str, CellProblem> {
        let text = self.text(field);
        if text.is_empty() {
            return Err(self.missing(field, format!("{what} is missing")));
        }
        Ok(text)
    }

    /// An amount (may be negative); `None` for an empty cell.
    pub fn amount(&self, field: F) -> Result<Option<Decimal>, CellProblem> {
        self.parsed(field, |t| parse_amount(t).map_err(|e| e.to_string()))
    }

    /// An amount with as many decimals as the sheet gives (a line amount, rounded where it is
    /// charged); `None` for an empty cell.
    pub fn sheet_amount(&self, field: F) -> Result<Option<Decimal>, CellProblem> {
        self.parsed(field, |t| parse_amount_any_decimals(t).map_err(|e| e.to_string()))
    }

    /// An amount of 0 or more; `None` for an empty cell.
    pub fn non_negative(&self, field: F) -> Result<Option<Decimal>, CellProblem> {
        self.parsed(field, |t| parse_non_negative_amount(t).map_err(|e| e.to_string()))
    }

    /// A percentage from 0 to 100; `None` for an empty cell.
    pub fn percent(&self, field: F) -> Result<Option<Decimal>, CellProblem> {
        self.parsed(field, |t| parse_percent(t).map_err(|e| e.to_string()))
    }

    /// A date in the forms clerks type ([`read_date`]; a time after it is ignored); `None` for an empty cell.
    pub fn date(&self, field: F) -> Result<Option<NaiveDate>, CellProblem> {
        self.parsed(field, |t| {
            let day: Vec<&str> = t.split_whitespace().filter(|part| !part.contains(':')).collect();
            read_date(&day.join(" ")).map_err(|problem| problem.to_string())
        })
    }

    fn parsed<T>(&self, field: F, parse: impl Fn(&str) -> Result<T, String>) -> Result<Option<T>, CellProblem> {
        let text = self.text(field);
        if text.is_empty() {
            return Ok(None);
        }
        parse(text).map(Some).map_err(|message| self.problem(field, message))
    }
}

/// A problem on one row of the sheet: for kinds where one record spans rows (vouchers), or the
/// row a problem is on is not the record's first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub row: usize,
    pub problem: CellProblem,
}

impl RowProblem {
    pub fn new(row: usize, column: Option<&str>, message: impl Into<String>) -> RowProblem {
        RowProblem { row, problem: CellProblem::new(column, message) }
    }
}

/// Yes/no as a clerk writes it in a sheet (empty is yes: a new record is active).
pub fn yes_no(text: &str) -> Option<bool> {
    match normalize_header(text).as_str() {
        "" | "yes" | "y" | "true" | "1" | "active" => Some(true),
        "no" | "n" | "false" | "0" | "inactive" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Probe {
        Code,
        Price,
    }

    impl ImportField for Probe {
        const ALL: &'static [Probe] = &[Probe::Code, Probe::Price];
        fn names(self) -> (&'static str, &'static str, &'static [&'static str]) {
            match self {
                Probe::Code => ("code", "Code", &["item no"]),
                Probe::Price => ("price", "Price", &["unit price", "code price"]),
            }
        }
    }

    #[test]
    fn headers_find_their_field_by_key_label_or_alias_and_the_clerk_wins() {
        let headers: Vec<String> = ["Item No.", "Unit price", "Code"].iter().map(|h| h.to_string()).collect();
        assert_eq!(guess::<Probe>(&headers, &[]), [Some(Probe::Code), Some(Probe::Price), None]);
        assert_eq!(guess(&headers, &[(0, None)]), [None, Some(Probe::Price), Some(Probe::Code)]);
        assert_eq!(parse_key::<Probe>("PRICE"), Some(Probe::Price));
        assert_eq!(find::<Probe>(""), None);
    }

    #[test]
    fn cells_are_read_by_field_with_problems_named_by_column() {
        let headers: Vec<String> = ["Code", "Unit price"].iter().map(|h| h.to_string()).collect();
        let cells: Vec<String> = [" A-1 ", "12,5x"].iter().map(|c| c.to_string()).collect();
        let row = RowCells::new(&headers, &[Some(Probe::Code), Some(Probe::Price)], &cells);
        assert_eq!(row.text(Probe::Code), "A-1");
        let problem = row.amount(Probe::Price).unwrap_err();
        assert_eq!(problem.column.as_deref(), Some("Unit price"));
        assert!(row.date(Probe::Code).is_err());
        assert_eq!(ImportKind::parse("Vouchers"), Some(ImportKind::Vouchers));
    }
}
