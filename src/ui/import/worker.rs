//! The import's slow work, each run on a thread of its own with its own `Store` connection:
//! reading a sheet's headers, previewing (read + plan), applying, and saving the invalid rows.
//!
//! The screen never waits for these: the parent runs them off the UI thread and sends the
//! result back as a message. Preview and apply share a [`Progress`] with the screen, which reads
//! the row count on a timer and sets its cancel flag.

use super::kinds::{self, KindPreview};
use super::mapping::Choice;
use crate::domain::import::customers::{Catalog, Field, Target};
use crate::domain::import::fixed::ImportKind;
use crate::domain::import::{CellProblem, GUESS_ROWS, ImportOptions, drop_per_line_guesses, groups_like};
use crate::exchange::export::{InvalidRow, export_invalid_rows};
use crate::exchange::read::{Limits, ReadError, ReadOptions, TextEncoding, Workbook};
use crate::store::{ImportCounts, ImportPlan, ImportRow, RowOutcome, Store, StoreError};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

/// How many data rows the mapping step shows under each header.
pub const SAMPLE_ROWS: usize = 3;

/// Why a step of the import could not be done; the clerk sees the sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Read(#[from] ReadError),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0} has no sheets")]
    NoSheets(String),
    #[error("the columns of sheet \"{0}\" changed since the file was opened; open the file again")]
    Changed(String),
    #[error("sheet \"{0}\" changed since the preview; preview it again")]
    RowsChanged(String),
    #[error("{0}")]
    Export(String),
    #[error("the work stopped unexpectedly; try again")]
    Stopped,
}

impl ImportError {
    /// Whether the clerk cancelled: nothing was written and there is nothing to report.
    pub fn is_cancelled(&self) -> bool {
        matches!(self, ImportError::Store(StoreError::Cancelled))
    }
}

/// Rows done so far and the clerk's cancel, shared between a worker and the screen.
#[derive(Debug)]
pub struct Progress {
    rows: AtomicU64,
    /// About how many rows there are to read (0: not known); a preview learns it from the sheet.
    expected: AtomicU64,
    cancel: AtomicBool,
    started: Instant,
}

impl Progress {
    pub fn new() -> Arc<Progress> {
        Arc::new(Progress {
            rows: AtomicU64::new(0),
            expected: AtomicU64::new(0),
            cancel: AtomicBool::new(false),
            started: Instant::now(),
        })
    }

    pub fn rows(&self) -> u64 {
        self.rows.load(Ordering::Relaxed)
    }

    fn set_rows(&self, rows: u64) {
        self.rows.store(rows, Ordering::Relaxed);
    }

    /// About how many rows the work will read, when the sheet says.
    pub fn expected(&self) -> Option<u64> {
        Some(self.expected.load(Ordering::Relaxed)).filter(|&n| n > 0)
    }

    /// Says about how many rows the work will read (0: not known).
    pub fn set_expected(&self, rows: u64) {
        self.expected.store(rows, Ordering::Relaxed);
    }

    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Rows per second since the work started (0 in its first instant).
    pub fn rate(&self) -> f64 {
        let seconds = self.started.elapsed().as_secs_f64();
        if seconds < 0.05 { 0.0 } else { self.rows() as f64 / seconds }
    }
}

/// Open a file and read one sheet's headers and first rows (when `sheet` is None, the first
/// sheet that holds a table, as the command line chooses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspect {
    pub path: PathBuf,
    pub sheet: Option<String>,
    /// What the file holds, which decides the fields its columns can fill.
    pub kind: ImportKind,
    /// The clerk's encoding for a CSV or text file; None detects it.
    pub encoding: Option<TextEncoding>,
}

/// A sheet ready to be mapped: its headers, a few rows under them, what the book offers as
/// targets, and the mapping to start from (remembered for these headers, else guessed).
#[derive(Debug, Clone, PartialEq)]
pub struct Inspected {
    pub path: PathBuf,
    pub sheets: Vec<String>,
    pub sheet: String,
    pub headers: Vec<String>,
    /// Up to [`SAMPLE_ROWS`] rows, as text, aligned with the headers.
    pub samples: Vec<Vec<String>>,
    pub kind: ImportKind,
    /// What a column can fill, "Not imported" first.
    pub choices: Vec<Choice>,
    /// Each column's field, by its key (as `clientele import fields KIND` lists them).
    pub mapping: Vec<Option<String>>,
    /// The mapping came (at least in part) from the clerk's earlier choice for these headers.
    pub remembered: bool,
    /// The encoding a CSV or text file was read in; None for a workbook.
    pub encoding: Option<TextEncoding>,
    /// The first sheet, when it was passed over for holding no table.
    pub passed_over: Option<String>,
}

impl Inspect {
    pub fn run(self, db: &Path) -> Result<Inspected, ImportError> {
        let mut workbook = Workbook::open_with(&self.path, ReadOptions { encoding: self.encoding })?;
        let sheets = workbook.sheet_names();
        let (sheet, passed_over) = match self.sheet {
            Some(sheet) => (sheet, None),
            None => {
                let sheet = workbook.default_sheet().ok_or_else(|| ImportError::NoSheets(file_name(&self.path)))?;
                let passed_over = sheets.first().filter(|first| **first != sheet).cloned();
                (sheet, passed_over)
            }
        };
        let mut reader = workbook.sheet(&sheet, Limits::default())?;
        let encoding = reader.text_encoding();
        let headers = reader.header().names.clone();
        // The first rows are read ahead to see whether a record spans rows (an order export);
        // the first few of them are shown under the headers.
        let mut ahead: Vec<Vec<String>> = Vec::new();
        while ahead.len() < GUESS_ROWS {
            match reader.next_row() {
                Some(row) => ahead.push(row?.texts()),
                None => break,
            }
        }
        let samples: Vec<Vec<String>> = ahead.iter().take(SAMPLE_ROWS).cloned().collect();
        let store = Store::open(db)?;
        let kind = self.kind;
        // The clerk's remembered choices for these headers, by column; a key no longer known is dropped.
        let (choices, mapping, remembered) = match kinds::fields(kind) {
            None => {
                let catalog = Catalog::new(&store.field_defs()?, &store.group_axes()?);
                let fixed = store.remembered_targets(kind.as_str(), &headers, |key| catalog.parse(key))?;
                let mut mapping = catalog.guess(&headers, &fixed);
                let key_column = mapping.iter().position(|t| *t == Some(Target::Field(Field::Code)));
                drop_per_line_guesses(&mut mapping, key_column, &ahead, &fixed);
                let keys: Vec<Option<String>> = mapping.iter().map(|t| t.as_ref().map(Target::key)).collect();
                let mut choices = super::mapping::choices(&catalog);
                // A column no target takes, whose values read like groups, may start a group axis
                // of its own ("Segment").
                for (column, (header, key)) in headers.iter().zip(&keys).enumerate() {
                    let values = ahead.iter().map(|row| row.get(column).map_or("", String::as_str));
                    if key.is_none()
                        && !header.trim().is_empty()
                        && catalog.find(header).is_none()
                        && groups_like(values)
                    {
                        choices.push(Choice::new_axis(header.trim()));
                    }
                }
                for key in keys.iter().flatten() {
                    if !choices.iter().any(|c| c.key.as_deref() == Some(key.as_str()))
                        && let Some(axis) = key.strip_prefix("group:")
                    {
                        choices.push(Choice::new_axis(axis));
                    }
                }
                (choices, keys, !fixed.is_empty())
            }
            Some(fields) => {
                let known =
                    |key: &str| fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(k, _)| k.to_string());
                let fixed = store.remembered_targets(kind.as_str(), &headers, known)?;
                let mut mapping = kinds::guess_keys(kind, &headers, &fixed);
                let key_column =
                    kinds::record_key(kind).and_then(|key| mapping.iter().position(|k| k.as_deref() == Some(key)));
                drop_per_line_guesses(&mut mapping, key_column, &ahead, &fixed);
                (super::mapping::field_choices(&fields), mapping, !fixed.is_empty())
            }
        };
        Ok(Inspected {
            path: self.path,
            sheets,
            sheet,
            headers,
            samples,
            kind,
            choices,
            mapping,
            remembered,
            encoding,
            passed_over,
        })
    }
}

/// A preview as the store planned it: customers by their own planner, the other kinds by theirs.
#[derive(Debug, Clone)]
pub enum Planned {
    Customers(Arc<ImportPlan>),
    Kind(Arc<KindPreview>),
}

impl Planned {
    pub fn counts(&self) -> ImportCounts {
        match self {
            Planned::Customers(plan) => plan.counts(),
            Planned::Kind(plan) => plan.counts(),
        }
    }

    /// The problems of the refused rows, by the sheet row each names.
    fn invalid_rows(&self) -> HashMap<usize, Vec<CellProblem>> {
        match self {
            Planned::Customers(plan) => plan
                .rows
                .iter()
                .filter_map(|planned| match &planned.outcome {
                    // A row invalid only for a field no column gives: the saved row says which.
                    RowOutcome::Invalid(problems) if problems.is_empty() => Some((
                        planned.row,
                        plan.unmapped_required.iter().map(|u| CellProblem::new(None, u.message("customer"))).collect(),
                    )),
                    RowOutcome::Invalid(problems) => Some((planned.row, problems.clone())),
                    _ => None,
                })
                .collect(),
            Planned::Kind(plan) => plan.invalid_rows(),
        }
    }
}

/// Read every row of the sheet and work out what importing it would do, writing nothing.
#[derive(Debug, Clone)]
pub struct Preview {
    pub path: PathBuf,
    pub sheet: String,
    pub kind: ImportKind,
    pub headers: Vec<String>,
    /// Each column's field by key.
    pub mapping: Vec<Option<String>>,
    pub options: ImportOptions,
    pub progress: Arc<Progress>,
    /// The encoding the mapping step read a CSV or text file in.
    pub encoding: Option<TextEncoding>,
}

/// What a preview found.
#[derive(Debug, Clone)]
pub struct Previewed {
    pub plan: Planned,
    pub counts: ImportCounts,
    pub rows: u64,
    pub seconds: f64,
}

impl Preview {
    /// Streams the rows into the plan, counting them in `progress`; a cancel ends it with
    /// `StoreError::Cancelled`. Nothing is written either way.
    pub fn run(self, db: &Path) -> Result<Previewed, ImportError> {
        let started = Instant::now();
        let mut workbook = Workbook::open_with(&self.path, ReadOptions { encoding: self.encoding })?;
        let mut reader = workbook.sheet(&self.sheet, Limits::default())?;
        if reader.header().names != self.headers {
            return Err(ImportError::Changed(self.sheet));
        }
        let mut store = Store::open(db)?;
        let progress = &self.progress;
        progress.set_expected(reader.expected_rows().unwrap_or(0));
        let mut failure: Option<ReadError> = None;
        // No row's cells are kept beyond the plan: "Save invalid rows" reads the file again.
        let mut read: u64 = 0;
        let rows = std::iter::from_fn(|| {
            if progress.is_cancelled() || failure.is_some() {
                return None;
            }
            match reader.next_row()? {
                Ok(row) => {
                    read += 1;
                    progress.set_rows(read);
                    Some(ImportRow { number: row.number, cells: row.texts() })
                }
                Err(error) => {
                    failure = Some(error);
                    None
                }
            }
        });
        let plan = if self.kind == ImportKind::Customers {
            let catalog = Catalog::new(&store.field_defs()?, &store.group_axes()?);
            let mapping: Vec<Option<Target>> =
                self.mapping.iter().map(|key| key.as_deref().and_then(|key| catalog.parse(key))).collect();
            Planned::Customers(Arc::new(store.plan_customer_import(&self.headers, &mapping, rows, &self.options)?))
        } else {
            let plan = KindPreview::plan(self.kind, &mut store, &self.headers, &self.mapping, rows, &self.options)?;
            Planned::Kind(Arc::new(plan))
        };
        if let Some(error) = failure {
            return Err(error.into());
        }
        if progress.is_cancelled() {
            return Err(StoreError::Cancelled.into());
        }
        Ok(Previewed { counts: plan.counts(), rows: read, plan, seconds: started.elapsed().as_secs_f64() })
    }
}

/// Write a previewed import as one batch.
#[derive(Debug, Clone)]
pub struct Apply {
    pub plan: Planned,
    /// The file's name, as the history shows it.
    pub file: String,
    pub skip_invalid: bool,
    pub progress: Arc<Progress>,
}

impl Apply {
    /// The batch number; a cancel rolls everything back (`StoreError::Cancelled`).
    pub fn run(self, db: &Path) -> Result<i64, ImportError> {
        let mut store = Store::open(db)?;
        let progress = &self.progress;
        let batch = match &self.plan {
            Planned::Customers(plan) => {
                let batch = store.apply_customer_import_with(plan, &self.file, self.skip_invalid, &mut |done| {
                    progress.set_rows(done as u64);
                    !progress.is_cancelled()
                })?;
                crate::logging::import_applied(ImportKind::Customers.as_str(), &self.file, batch, &plan.counts());
                batch
            }
            // These kinds write in one short transaction without progress; the screen offers no Cancel.
            Planned::Kind(plan) => plan.apply(&mut store, &self.file, self.skip_invalid)?,
        };
        Ok(batch)
    }
}

/// Write the invalid rows of a preview to an .xlsx file: the sheet is read again and the rows
/// the preview refused are written out as they are, with the reasons beside them. (The preview
/// keeps no row's cells, so a million-row preview does not hold the whole file.)
#[derive(Debug, Clone)]
pub struct SaveInvalid {
    /// Where to write.
    pub path: PathBuf,
    /// The file and sheet previewed, and the headers the preview read.
    pub source: PathBuf,
    pub sheet: String,
    pub headers: Vec<String>,
    pub plan: Planned,
    /// The encoding the preview read a CSV or text file in.
    pub encoding: Option<TextEncoding>,
}

impl SaveInvalid {
    /// The file written and how many rows it holds.
    pub fn run(self) -> Result<(PathBuf, u64), ImportError> {
        let problems = self.plan.invalid_rows();
        let mut workbook = Workbook::open_with(&self.source, ReadOptions { encoding: self.encoding })?;
        let mut reader = workbook.sheet(&self.sheet, Limits::default())?;
        if reader.header().names != self.headers {
            return Err(ImportError::Changed(self.sheet));
        }
        let mut rows = Vec::with_capacity(problems.len());
        while rows.len() < problems.len() {
            let Some(row) = reader.next_row() else { break };
            let row = row?;
            if let Some(found) = problems.get(&row.number) {
                let cells = row.texts();
                rows.push(InvalidRow { number: row.number, cells, problems: found.clone() });
            }
        }
        if rows.len() < problems.len() {
            return Err(ImportError::RowsChanged(self.sheet));
        }
        let written =
            export_invalid_rows(&self.path, &self.headers, &rows).map_err(|e| ImportError::Export(e.to_string()))?;
        Ok((self.path, written))
    }
}

/// The file's name without its folder, as the history and the messages show it.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Each step of an import runs on a thread and connection of its own (reading a workbook and
/// writing thousands of rows take long; the window's worker stays free for the list), and
/// answers the wizard with its message.
fn on_own_thread<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ImportError> + Send + 'static,
    answer: fn(Result<T, ImportError>) -> super::Message,
) -> iced::Task<super::Message> {
    iced::Task::perform(crate::ui::work::off_thread(work), move |done| {
        answer(done.unwrap_or(Err(ImportError::Stopped)))
    })
}

impl Inspect {
    pub fn task(self, db: PathBuf) -> iced::Task<super::Message> {
        on_own_thread(move || self.run(&db), super::Message::Inspected)
    }
}

impl Preview {
    pub fn task(self, db: PathBuf) -> iced::Task<super::Message> {
        on_own_thread(move || self.run(&db), super::Message::Previewed)
    }
}

impl Apply {
    pub fn task(self, db: PathBuf) -> iced::Task<super::Message> {
        on_own_thread(move || self.run(&db), super::Message::Applied)
    }
}

impl SaveInvalid {
    pub fn task(self) -> iced::Task<super::Message> {
        on_own_thread(move || self.run(), super::Message::SavedInvalid)
    }
}
