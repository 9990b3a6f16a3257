//! Saving lists and reports as .xlsx from the window, and the file dialogs (rfd): the name a save
//! dialog offers, and the export itself, run off the UI thread on its own connection with the
//! same `exchange::export` functions `clientele export` uses.

use crate::domain::search::SearchQuery;
use crate::exchange::export;
use crate::store::{ReportFilter, Side, Store};
use crate::ui::customers::{list::thousands, sentence};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// What to export, with the filters of the screen it was asked from.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    /// The customers the list shows (its search and filters), every profile field.
    Customers(SearchQuery),
    Items,
    /// Level prices, and special prices on a second sheet.
    Prices,
    Balances(ReportFilter),
    Ageing {
        side: Side,
        as_of: NaiveDate,
        filter: ReportFilter,
    },
    Ledger {
        code: String,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    },
    /// One alert run's report.
    AlertRun(i64),
}

impl Job {
    /// The file name the save dialog offers: what it is and today's date.
    pub fn file_name(&self, today: NaiveDate) -> String {
        let what = match self {
            Job::Customers(_) => "customers".to_string(),
            Job::Items => "items".to_string(),
            Job::Prices => "prices".to_string(),
            Job::Balances(_) => "balances".to_string(),
            Job::Ageing { side: Side::Receivable, .. } => "ageing".to_string(),
            Job::Ageing { side: Side::Payable, .. } => "ageing-payables".to_string(),
            Job::Ledger { code, .. } => format!("ledger-{}", safe_name(code)),
            Job::AlertRun(run) => format!("alert-{run}"),
        };
        format!("{what}-{}.xlsx", today.format("%Y-%m-%d"))
    }

    /// Writes the file on a connection of its own; the sentence says what was saved, or why not.
    pub fn run(self, db: &Path, target: &Path) -> Result<String, String> {
        let target = with_xlsx(target);
        let failed = |e: &dyn std::fmt::Display| sentence(&format!("Nothing was saved: {e}"));
        let store = Store::open(db).map_err(|e| failed(&e))?;
        let what = match self {
            Job::Customers(query) => {
                let ids = store.matching_ids(&query).map_err(|e| failed(&e))?;
                let rows = export::export_customers(&store, &ids, &target, None).map_err(|e| failed(&e))?;
                counted(rows, "customer", "customers")
            }
            Job::Items => counted(export::export_items(&store, &target).map_err(|e| failed(&e))?, "item", "items"),
            Job::Prices => {
                let (levels, specials) = export::export_prices(&store, &target).map_err(|e| failed(&e))?;
                format!(
                    "{} and {}",
                    counted(levels, "level price", "level prices"),
                    counted(specials, "special price", "special prices")
                )
            }
            Job::Balances(filter) => {
                let rows = export::export_balances(&store, &filter, &target).map_err(|e| failed(&e))?;
                format!("the balances of {}", counted(rows, "customer", "customers"))
            }
            Job::Ageing { side, as_of, filter } => {
                let rows = export::export_ageing(&store, side, as_of, &filter, &target).map_err(|e| failed(&e))?;
                format!("the ageing of {}", counted(rows, "customer", "customers"))
            }
            Job::Ledger { code, from, to } => {
                let customer = store.require_customer(&code).map_err(|e| failed(&e))?;
                let rows = export::export_ledger(&store, &customer, from, to, &target).map_err(|e| failed(&e))?;
                format!("the ledger of {} ({})", customer.code, counted(rows, "voucher", "vouchers"))
            }
            Job::AlertRun(run) => {
                let rows = export::export_alert_run(&store, run, &target).map_err(|e| failed(&e))?;
                format!("alert run {run} ({})", counted(rows, "customer", "customers"))
            }
        };
        Ok(format!("Saved {what} to {}.", target.display()))
    }
}

/// `target`, with ".xlsx" added when the save dialog left it off.
/// Writes the export on a thread and connection of its own (a million-row list takes a while;
/// the window's worker stays free), answering the sentence to show.
pub fn export_task(job: Job, db: PathBuf, target: PathBuf) -> iced::Task<Result<String, String>> {
    iced::Task::perform(crate::ui::work::off_thread(move || job.run(&db, &target)), |result| {
        result.unwrap_or_else(|| Err("The export stopped unexpectedly; nothing was saved.".into()))
    })
}

pub fn with_xlsx(target: &Path) -> PathBuf {
    if target.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) {
        return target.to_path_buf();
    }
    let mut name = target.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".xlsx");
    target.with_file_name(name)
}

fn counted(n: u64, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{} {many}", thousands(n as usize)) }
}

/// A code as part of a file name: characters file systems refuse become "-".
fn safe_name(code: &str) -> String {
    code.trim().chars().map(|c| if c.is_alphanumeric() || "-_.".contains(c) { c } else { '-' }).collect()
}

/// The save dialog for an .xlsx file, offering `file_name`; `None` when the clerk closes it.
pub async fn save_dialog(file_name: String) -> Option<PathBuf> {
    let mut dialog = rfd::AsyncFileDialog::new()
        .set_title("Save as")
        .set_file_name(file_name)
        .add_filter("Excel workbook", &["xlsx"]);
    if let Some(folder) = documents() {
        dialog = dialog.set_directory(folder);
    }
    dialog.save_file().await.map(|handle| handle.path().to_path_buf())
}

/// The open dialog for a spreadsheet to import; `None` when the clerk closes it.
pub async fn open_spreadsheet() -> Option<PathBuf> {
    let mut dialog = rfd::AsyncFileDialog::new()
        .set_title("Import customers from")
        .add_filter("Spreadsheets", &crate::exchange::read::EXTENSIONS)
        .add_filter("All files", &["*"]);
    if let Some(folder) = documents() {
        dialog = dialog.set_directory(folder);
    }
    dialog.pick_file().await.map(|handle| handle.path().to_path_buf())
}

/// Where a clerk keeps files: the Documents folder, when the system names one.
fn documents() -> Option<PathBuf> {
    directories::UserDirs::new().and_then(|dirs| dirs.document_dir().map(Path::to_path_buf))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offered_name_says_what_and_when() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert_eq!(Job::Customers(SearchQuery::default()).file_name(today), "customers-2026-11-29.xlsx");
        assert_eq!(
            Job::Ledger { code: "C/01 ".into(), from: None, to: None }.file_name(today),
            "ledger-C-01-2026-11-29.xlsx"
        );
        let payables = Job::Ageing { side: Side::Payable, as_of: today, filter: ReportFilter::default() };
        assert_eq!(payables.file_name(today), "ageing-payables-2026-11-29.xlsx");
    }

    #[test]
    fn a_name_without_the_extension_gets_it() {
        assert_eq!(with_xlsx(Path::new("/tmp/list")), PathBuf::from("/tmp/list.xlsx"));
        assert_eq!(with_xlsx(Path::new("/tmp/list.XLSX")), PathBuf::from("/tmp/list.XLSX"));
        assert_eq!(with_xlsx(Path::new("/tmp/list.csv")), PathBuf::from("/tmp/list.csv.xlsx"));
    }
}
