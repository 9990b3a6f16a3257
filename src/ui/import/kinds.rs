//! The wizard's work for the kinds with a fixed list of fields (items, prices, opening balances,
//! vouchers): their column choices and guesses by key, their preview made by the store's own
//! planner for the kind, what the preview lists, and applying it as one batch.

use crate::domain::customer::Change;
use crate::domain::import::CellProblem;
use crate::domain::import::ImportOptions;
use crate::domain::import::UnmappedField;
use crate::domain::import::balances::BalanceField;
use crate::domain::import::fixed::{ImportField, ImportKind, RowProblem, guess, parse_key};
use crate::domain::import::items::ItemField;
use crate::domain::import::prices::PriceField;
use crate::domain::import::vouchers::{SheetTotals, VoucherField};
use crate::store::{
    ImportCounts, ImportRow, ItemAction, KindOutcome, KindPlan, PriceAction, Result, Store, StoreError, VoucherAction,
};
use std::collections::HashMap;

/// A preview of one of the fixed-field kinds, as the store planned it.
#[derive(Debug, Clone)]
pub enum KindPreview {
    Items(KindPlan<ItemAction>),
    Prices(KindPlan<PriceAction>),
    Balances(KindPlan<VoucherAction>),
    Vouchers(KindPlan<VoucherAction>),
}

/// What the preview lists for one record, whatever its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed<'a> {
    pub row: usize,
    pub key: &'a str,
    pub outcome: ListedOutcome<'a>,
    /// What a new or changed record holds, a line each (a voucher's lines with their prices).
    pub detail: Vec<String>,
    pub notes: &'a [String],
}

/// What the preview says of a record it would write, beyond its key.
trait Describe {
    fn describe(&self) -> Vec<String>;
}

impl Describe for ItemAction {
    fn describe(&self) -> Vec<String> {
        let item = &self.after;
        let unit = if item.unit.trim().is_empty() { String::new() } else { format!(" · per {}", item.unit.trim()) };
        vec![format!("{} · sales price {}{unit}", item.name, item.sales_price.normalize())]
    }
}

impl Describe for PriceAction {
    fn describe(&self) -> Vec<String> {
        match self {
            PriceAction::Level { level, after, .. } => vec![format!("{level} price {}", after.normalize())],
            PriceAction::Special { after, .. } => {
                let special = &after.special;
                vec![format!("special price {}{}", special.price.normalize(), special.terms())]
            }
        }
    }
}

/// A voucher's kind, date and amount, then each line with its price and where the price came
/// from, so the clerk sees what the price resolver decided for the prices the file left empty.
impl Describe for VoucherAction {
    fn describe(&self) -> Vec<String> {
        let v = &self.voucher;
        // Shown with the currency's decimals at least (993.90, not 993.9), as amounts are elsewhere.
        let mut total = self.amount().normalize();
        if total.scale() < self.rounding.decimals {
            total.rescale(self.rounding.decimals);
        }
        let mut lines = vec![format!("{} of {} · amount {}", v.kind.as_str(), v.date, total)];
        for (index, line) in v.lines.iter().enumerate() {
            let source = match self.price_source(index) {
                "amount" => "from the line amount",
                source => source,
            };
            lines.push(format!(
                "{} \u{00d7} {} at {} ({source})",
                line.item_code,
                line.quantity.normalize(),
                line.unit_price.normalize()
            ));
        }
        lines
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListedOutcome<'a> {
    New,
    Changed(&'a [Change]),
    Unchanged,
    Skipped(&'a str),
    Invalid(&'a [RowProblem]),
}

/// What the wizard calls the records of `kind`: (one, many).
pub fn nouns(kind: ImportKind) -> (&'static str, &'static str) {
    match kind {
        ImportKind::Customers => ("customer", "customers"),
        ImportKind::Items => ("item", "items"),
        ImportKind::Prices => ("price", "prices"),
        ImportKind::Balances => ("opening balance", "opening balances"),
        ImportKind::Vouchers => ("voucher", "vouchers"),
    }
}

/// (key, label) of every field of `kind`, in template order; None for customers.
pub fn fields(kind: ImportKind) -> Option<Vec<(&'static str, &'static str)>> {
    fn of<F: ImportField>() -> Vec<(&'static str, &'static str)> {
        F::ALL.iter().map(|f| (f.key(), f.label())).collect()
    }
    match kind {
        ImportKind::Customers => None,
        ImportKind::Items => Some(of::<ItemField>()),
        ImportKind::Prices => Some(of::<PriceField>()),
        ImportKind::Balances => Some(of::<BalanceField>()),
        ImportKind::Vouchers => Some(of::<VoucherField>()),
    }
}

/// Each column's field key for `kind`, guessed from the headers; `fixed` (the clerk's
/// remembered choices by column, as keys) wins.
pub fn guess_keys(kind: ImportKind, headers: &[String], fixed: &[(usize, Option<String>)]) -> Vec<Option<String>> {
    fn of<F: ImportField>(headers: &[String], fixed: &[(usize, Option<String>)]) -> Vec<Option<String>> {
        let fixed: Vec<(usize, Option<F>)> =
            fixed.iter().map(|(column, key)| (*column, key.as_deref().and_then(parse_key::<F>))).collect();
        guess::<F>(headers, &fixed).into_iter().map(|f| f.map(|f| f.key().to_string())).collect()
    }
    match kind {
        ImportKind::Customers => vec![None; headers.len()],
        ImportKind::Items => of::<ItemField>(headers, fixed),
        ImportKind::Prices => of::<PriceField>(headers, fixed),
        ImportKind::Balances => of::<BalanceField>(headers, fixed),
        ImportKind::Vouchers => of::<VoucherField>(headers, fixed),
    }
}

/// The field a record of `kind` is matched by when one record may span rows (an item repeated
/// on every order line); vouchers span rows by design, prices have no single key column, and
/// a customer's opening balance is one row.
pub fn record_key(kind: ImportKind) -> Option<&'static str> {
    match kind {
        ImportKind::Items => Some(ItemField::Code.key()),
        ImportKind::Customers | ImportKind::Prices | ImportKind::Balances | ImportKind::Vouchers => None,
    }
}

fn typed<F: ImportField>(mapping: &[Option<String>]) -> Vec<Option<F>> {
    mapping.iter().map(|key| key.as_deref().and_then(parse_key::<F>)).collect()
}

impl KindPreview {
    /// Works out what importing `rows` as `kind` would do, writing nothing. Customers have a
    /// planner of their own ([`Store::plan_customer_import`]) and are refused here.
    pub fn plan(
        kind: ImportKind,
        store: &mut Store,
        headers: &[String],
        mapping: &[Option<String>],
        rows: impl IntoIterator<Item = ImportRow>,
        options: &ImportOptions,
    ) -> Result<KindPreview> {
        Ok(match kind {
            ImportKind::Customers => {
                return Err(StoreError::Rejected("customers are previewed by the customer import".into()));
            }
            ImportKind::Items => KindPreview::Items(store.plan_item_import(headers, &typed(mapping), rows, options)?),
            ImportKind::Prices => {
                KindPreview::Prices(store.plan_price_import(headers, &typed(mapping), rows, options)?)
            }
            ImportKind::Balances => {
                KindPreview::Balances(store.plan_balance_import(headers, &typed(mapping), rows, options)?)
            }
            ImportKind::Vouchers => {
                KindPreview::Vouchers(store.plan_voucher_import(headers, &typed(mapping), rows, options)?)
            }
        })
    }

    pub fn kind(&self) -> ImportKind {
        match self {
            KindPreview::Items(plan) => plan.kind,
            KindPreview::Prices(plan) => plan.kind,
            KindPreview::Balances(plan) | KindPreview::Vouchers(plan) => plan.kind,
        }
    }

    pub fn counts(&self) -> ImportCounts {
        match self {
            KindPreview::Items(plan) => plan.counts(),
            KindPreview::Prices(plan) => plan.counts(),
            KindPreview::Balances(plan) | KindPreview::Vouchers(plan) => plan.counts(),
        }
    }

    /// The file's headers no field took.
    pub fn unmapped(&self) -> &[String] {
        match self {
            KindPreview::Items(plan) => &plan.unmapped,
            KindPreview::Prices(plan) => &plan.unmapped,
            KindPreview::Balances(plan) | KindPreview::Vouchers(plan) => &plan.unmapped,
        }
    }

    /// Fields records need that no column is mapped to.
    pub fn unmapped_required(&self) -> &[UnmappedField] {
        match self {
            KindPreview::Items(plan) => &plan.unmapped_required,
            KindPreview::Prices(plan) => &plan.unmapped_required,
            KindPreview::Balances(plan) | KindPreview::Vouchers(plan) => &plan.unmapped_required,
        }
    }

    /// Vouchers with a line amount column: the sheet's total beside the book's.
    pub fn totals(&self) -> Option<&SheetTotals> {
        match self {
            KindPreview::Vouchers(plan) => plan.totals.as_ref(),
            _ => None,
        }
    }

    /// Every record as the preview lists it, in file order.
    pub fn listed(&self) -> Vec<Listed<'_>> {
        fn of<A: Describe>(plan: &KindPlan<A>) -> Vec<Listed<'_>> {
            plan.rows
                .iter()
                .map(|row| Listed {
                    row: row.row,
                    key: &row.key,
                    notes: &row.notes,
                    detail: match &row.outcome {
                        KindOutcome::New(action) | KindOutcome::Changed(action, _) => action.describe(),
                        _ => Vec::new(),
                    },
                    outcome: match &row.outcome {
                        KindOutcome::New(_) => ListedOutcome::New,
                        KindOutcome::Changed(_, changes) => ListedOutcome::Changed(changes),
                        KindOutcome::Unchanged => ListedOutcome::Unchanged,
                        KindOutcome::Skipped(why) => ListedOutcome::Skipped(why),
                        KindOutcome::Invalid(problems) => ListedOutcome::Invalid(problems),
                    },
                })
                .collect()
        }
        match self {
            KindPreview::Items(plan) => of(plan),
            KindPreview::Prices(plan) => of(plan),
            KindPreview::Balances(plan) | KindPreview::Vouchers(plan) => of(plan),
        }
    }

    /// The problems of the refused records by the sheet row each names, for saving those rows.
    pub fn invalid_rows(&self) -> HashMap<usize, Vec<CellProblem>> {
        let mut rows: HashMap<usize, Vec<CellProblem>> = HashMap::new();
        let (noun, _) = nouns(self.kind());
        for listed in self.listed() {
            if let ListedOutcome::Invalid(problems) = listed.outcome {
                for problem in problems {
                    rows.entry(problem.row).or_default().push(problem.problem.clone());
                }
                // A record invalid only for a field no column gives: the saved row says which.
                if problems.is_empty() {
                    let unmapped = self.unmapped_required().iter();
                    rows.entry(listed.row)
                        .or_default()
                        .extend(unmapped.map(|u| CellProblem::new(None, u.message(noun))));
                }
            }
        }
        rows
    }

    /// Writes the preview as one batch; returns the batch number.
    pub fn apply(&self, store: &mut Store, file: &str, skip_invalid: bool) -> Result<i64> {
        let (kind, batch) = match self {
            KindPreview::Items(plan) => (plan.kind, store.apply_item_import(plan, file, skip_invalid)?),
            KindPreview::Prices(plan) => (plan.kind, store.apply_price_import(plan, file, skip_invalid)?),
            KindPreview::Balances(plan) | KindPreview::Vouchers(plan) => {
                (plan.kind, store.apply_voucher_import(plan, file, skip_invalid)?)
            }
        };
        crate::logging::import_applied(kind.as_str(), file, batch, &self.counts());
        Ok(batch)
    }
}
