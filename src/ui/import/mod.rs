//! The import wizard for customers, items, prices, opening balances and vouchers: choose what
//! the file holds and the file, map its columns, preview what it would do, apply it as one
//! undoable batch, and save the rows it refused as a spreadsheet to correct.
//!
//! `update` never touches the database or the file system: reading the file, the preview and
//! the apply are [`Action`]s the parent runs off the UI thread on their own connections (see
//! [`worker`]), and their answers come back as messages. Preview and apply share a
//! [`worker::Progress`] with the screen: the timer in `App::subscription` redraws the count
//! while they run, and Cancel sets its flag.

pub mod kinds;
pub mod mapping;
mod preview;
mod view;
pub mod worker;

use crate::domain::import::customers::{Catalog, Target};
use crate::domain::import::fixed::ImportKind;
use crate::domain::import::{ImportOptions, MatchKey};
use crate::domain::voucher::VoucherKind;
use crate::exchange::read::{Format, TextEncoding};
use crate::store::ImportCounts;
use crate::ui::customers::{list::thousands, sentence};
use crate::ui::theme::Tone;
use mapping::Choice;
use std::path::PathBuf;
use std::sync::Arc;
use worker::{Apply, ImportError, Inspect, Inspected, Preview, Previewed, Progress, SaveInvalid, file_name};

pub use preview::{LIST_CAP, ListKind};
pub use view::PATH_ID;

/// The match key's choices, as the radio buttons offer them.
pub type KeyChoice = MatchKey;

#[derive(Debug, Clone)]
pub enum Message {
    /// "Choose file…": the parent opens the file dialog and answers with `FilePicked`.
    Browse,
    /// What the file holds: customers, items, prices, opening balances or vouchers.
    Kind(ImportKind),
    /// The file the clerk chose (or dropped on the window); `None` when the dialog was closed.
    FilePicked(Option<PathBuf>),
    /// The path box beside "Choose file…".
    PathTyped(String),
    /// Enter or Open in the path box.
    OpenTyped,
    Inspected(Result<Inspected, ImportError>),
    Sheet(String),
    /// Read a CSV or text file again in this encoding.
    Encoding(TextEncoding),
    /// Column `index` is now imported into this choice.
    Map(usize, Choice),
    Key(KeyChoice),
    EmptyClears(bool),
    LaterWins(bool),
    /// Vouchers without a kind column: the kind of every row.
    VoucherKind(VoucherKind),
    Preview,
    /// The progress timer: the view reads the shared count again.
    Tick,
    Cancel,
    Previewed(Result<Previewed, ImportError>),
    List(ListKind),
    BackToMapping,
    Apply {
        skip_invalid: bool,
    },
    Applied(Result<i64, ImportError>),
    SaveInvalid,
    /// Where to save the invalid rows; `None` when the dialog was closed.
    InvalidTarget(Option<PathBuf>),
    SavedInvalid(Result<(PathBuf, u64), ImportError>),
    ShowHistory,
    /// Start again with another file.
    Another,
    Close,
}

/// Work the parent does for the wizard.
#[derive(Debug, Clone)]
pub enum Action {
    None,
    /// Open the file dialog (spreadsheets) and answer `Message::FilePicked`.
    PickFile,
    /// Run off the UI thread and answer `Message::Inspected`.
    Inspect(Inspect),
    /// Remember this mapping for files of this kind with these headers (a quick write on the app's store).
    Remember {
        kind: ImportKind,
        headers: Vec<String>,
        targets: Vec<Option<String>>,
    },
    /// Run off the UI thread and answer `Message::Previewed`.
    Preview(Preview),
    /// Run off the UI thread and answer `Message::Applied`.
    Apply(Apply),
    /// A batch was written: the parent refreshes the customer list and the history.
    Imported(i64),
    /// Open a save dialog with this file name and answer `Message::InvalidTarget`.
    PickInvalidTarget(String),
    /// Run off the UI thread and answer `Message::SavedInvalid`.
    SaveInvalid(SaveInvalid),
    ShowHistory,
    Close,
}

/// Where the wizard is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    File,
    Mapping,
    Preview,
    Done,
}

/// What is running off the UI thread.
#[derive(Debug, Clone)]
enum Work {
    Previewing(Arc<Progress>),
    /// `total` is the rows to write when the apply reports progress and can be cancelled (a
    /// customer import); the other kinds write in one short step without either.
    Applying {
        progress: Arc<Progress>,
        total: Option<u64>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Done {
    batch: i64,
    counts: ImportCounts,
    skipped_invalid: bool,
}

pub struct Import {
    kind: ImportKind,
    /// The file being opened (its sheet not yet read).
    opening: Option<PathBuf>,
    sheet: Option<Inspected>,
    choices: Vec<Choice>,
    /// Each column's field by key, as `clientele import fields KIND` lists them.
    mapping: Vec<Option<String>>,
    options: ImportOptions,
    key: KeyChoice,
    preview: Option<Previewed>,
    list: ListKind,
    work: Option<Work>,
    done: Option<Done>,
    saving_invalid: bool,
    notice: Option<(Tone, String)>,
    /// A path typed instead of chosen: where the OS has no file chooser (a Linux PC without a
    /// portal or zenity), "Choose file…" shows nothing.
    typed_path: String,
}

impl Default for Import {
    fn default() -> Self {
        Import::new()
    }
}

impl Import {
    pub fn new() -> Import {
        Import {
            kind: ImportKind::Customers,
            opening: None,
            sheet: None,
            choices: Vec::new(),
            mapping: Vec::new(),
            options: ImportOptions::default(),
            key: KeyChoice::Code,
            preview: None,
            list: ListKind::New,
            work: None,
            done: None,
            saving_invalid: false,
            notice: None,
            typed_path: String::new(),
        }
    }

    /// The wizard with `kind` chosen, as the Items and Prices screens open it.
    pub fn for_kind(kind: ImportKind) -> Import {
        Import { kind, ..Import::new() }
    }

    pub fn step(&self) -> Step {
        if self.done.is_some() {
            Step::Done
        } else if self.preview.is_some() {
            Step::Preview
        } else if self.sheet.is_some() {
            Step::Mapping
        } else {
            Step::File
        }
    }

    /// Whether a preview or an apply is running (the parent then ticks the progress).
    pub fn is_working(&self) -> bool {
        self.work.is_some()
    }

    /// Whether the wizard would take a file dropped on the window now.
    pub fn takes_files(&self) -> bool {
        self.work.is_none() && self.opening.is_none()
    }

    pub fn headers(&self) -> &[String] {
        self.sheet.as_ref().map_or(&[], |s| s.headers.as_slice())
    }

    pub fn kind(&self) -> ImportKind {
        self.kind
    }

    /// What each column's drop-down offers, in order.
    pub fn choices(&self) -> &[Choice] {
        &self.choices
    }

    /// Each column's field by key, as `clientele import fields KIND` lists them.
    pub fn mapping_keys(&self) -> &[Option<String>] {
        &self.mapping
    }

    /// Each column's customer field (for a customer import), as the book's catalog reads the keys.
    pub fn mapping(&self, catalog: &Catalog) -> Vec<Option<Target>> {
        self.mapping.iter().map(|key| key.as_deref().and_then(|key| catalog.parse(key))).collect()
    }

    /// The options as the preview takes them; only customers can be matched by tax ID.
    pub fn options(&self) -> ImportOptions {
        let key = if self.kind == ImportKind::Customers { self.key } else { MatchKey::Code };
        // The file's kind counts only for vouchers, and only while no column gives each row's.
        let kind_column = self.mapping.iter().any(|key| key.as_deref() == Some("kind"));
        let voucher_kind = self.options.voucher_kind.filter(|_| self.kind == ImportKind::Vouchers && !kind_column);
        ImportOptions { key, voucher_kind, ..self.options.clone() }
    }

    pub fn preview(&self) -> Option<&Previewed> {
        self.preview.as_ref()
    }

    pub fn notice(&self) -> Option<&(Tone, String)> {
        self.notice.as_ref()
    }

    /// The batch the last apply wrote.
    pub fn batch(&self) -> Option<i64> {
        self.done.map(|d| d.batch)
    }

    /// The progress of the running preview or apply, for tests that drive the worker themselves.
    pub fn progress(&self) -> Option<Arc<Progress>> {
        self.work.as_ref().map(|work| match work {
            Work::Previewing(progress) | Work::Applying { progress, .. } => progress.clone(),
        })
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Browse => {
                if self.takes_files() {
                    Action::PickFile
                } else {
                    Action::None
                }
            }
            Message::Kind(kind) => {
                if kind == self.kind || !self.takes_files() {
                    return Action::None;
                }
                self.kind = kind;
                self.preview = None;
                self.done = None;
                // The columns are mapped again, to this kind's fields.
                match &self.sheet {
                    Some(sheet) => {
                        self.opening = Some(sheet.path.clone());
                        Action::Inspect(Inspect {
                            path: sheet.path.clone(),
                            sheet: Some(sheet.sheet.clone()),
                            kind,
                            encoding: sheet.encoding,
                        })
                    }
                    None => Action::None,
                }
            }
            Message::FilePicked(None) => Action::None,
            Message::PathTyped(path) => {
                self.typed_path = path;
                Action::None
            }
            Message::OpenTyped => {
                // A path pasted from a file manager may come quoted.
                let typed = self.typed_path.trim().trim_matches(|c| c == '"' || c == '\'');
                if typed.is_empty() {
                    return Action::None;
                }
                let path = PathBuf::from(typed);
                if !path.is_file() {
                    self.notice = Some((Tone::Danger, format!("There is no file at {typed}; check the path.")));
                    return Action::None;
                }
                self.open(path)
            }
            Message::FilePicked(Some(path)) => self.open(path),
            Message::Inspected(result) => {
                self.opening = None;
                match result {
                    Ok(inspected) => {
                        self.choices = inspected.choices.clone();
                        self.mapping = inspected.mapping.clone();
                        self.notice = None;
                        if inspected.headers.iter().all(|h| h.trim().is_empty()) {
                            self.notice = Some((Tone::Warning, "The sheet's first row has no column names.".into()));
                        } else if let Some(first) = &inspected.passed_over {
                            self.notice = Some((
                                Tone::Info,
                                format!(
                                    "Sheet \u{201c}{first}\u{201d} holds no table, so sheet \u{201c}{}\u{201d} is shown.",
                                    inspected.sheet
                                ),
                            ));
                        }
                        self.sheet = Some(inspected);
                        self.preview = None;
                        self.done = None;
                    }
                    Err(error) => {
                        self.notice = Some((Tone::Danger, sentence(&format!("The file could not be read: {error}"))));
                    }
                }
                Action::None
            }
            Message::Sheet(name) => {
                let Some(sheet) = &self.sheet else { return Action::None };
                if sheet.sheet == name || !self.takes_files() {
                    return Action::None;
                }
                self.opening = Some(sheet.path.clone());
                Action::Inspect(Inspect {
                    path: sheet.path.clone(),
                    sheet: Some(name),
                    kind: self.kind,
                    encoding: sheet.encoding,
                })
            }
            Message::Encoding(encoding) => {
                let Some(sheet) = &self.sheet else { return Action::None };
                if sheet.encoding.is_none() || sheet.encoding == Some(encoding) || !self.takes_files() {
                    return Action::None;
                }
                // Read again, as a change of sheet is: the headers and samples come out anew.
                self.opening = Some(sheet.path.clone());
                Action::Inspect(Inspect {
                    path: sheet.path.clone(),
                    sheet: Some(sheet.sheet.clone()),
                    kind: self.kind,
                    encoding: Some(encoding),
                })
            }
            Message::Map(index, choice) => self.map(index, choice),
            Message::Key(key) => {
                self.key = key;
                self.stale()
            }
            Message::EmptyClears(on) => {
                self.options.empty_clears = on;
                self.stale()
            }
            Message::LaterWins(on) => {
                self.options.later_wins = on;
                self.stale()
            }
            Message::VoucherKind(kind) => {
                self.options.voucher_kind = Some(kind);
                self.stale()
            }
            Message::Preview => {
                let Some(sheet) = &self.sheet else { return Action::None };
                if self.work.is_some() {
                    return Action::None;
                }
                if self.mapping.iter().all(Option::is_none) {
                    self.notice =
                        Some((Tone::Warning, "No column is imported; choose what at least one column fills.".into()));
                    return Action::None;
                }
                let progress = Progress::new();
                self.work = Some(Work::Previewing(progress.clone()));
                self.notice = None;
                Action::Preview(Preview {
                    path: sheet.path.clone(),
                    sheet: sheet.sheet.clone(),
                    kind: self.kind,
                    headers: sheet.headers.clone(),
                    mapping: self.mapping.clone(),
                    options: self.options(),
                    progress,
                    encoding: sheet.encoding,
                })
            }
            Message::Tick => Action::None,
            Message::Cancel => {
                if let Some(progress) = self.progress() {
                    progress.cancel();
                }
                Action::None
            }
            Message::Previewed(result) => {
                if !matches!(self.work, Some(Work::Previewing(_))) {
                    return Action::None;
                }
                self.work = None;
                match result {
                    Ok(previewed) => {
                        self.list = ListKind::first_with_rows(&previewed.counts);
                        self.preview = Some(previewed);
                    }
                    Err(error) if error.is_cancelled() => {
                        self.notice = Some((Tone::Info, "The preview was cancelled; nothing was written.".into()));
                    }
                    Err(error) => {
                        self.notice =
                            Some((Tone::Danger, sentence(&format!("The preview could not be made: {error}"))));
                    }
                }
                Action::None
            }
            Message::List(kind) => {
                self.list = kind;
                Action::None
            }
            Message::BackToMapping => {
                if self.work.is_none() {
                    self.preview = None;
                    self.notice = None;
                }
                Action::None
            }
            Message::Apply { skip_invalid } => self.apply(skip_invalid),
            Message::Applied(result) => {
                if !matches!(self.work, Some(Work::Applying { .. })) {
                    return Action::None;
                }
                self.work = None;
                match result {
                    Ok(batch) => {
                        let counts = self.preview.as_ref().map(|p| p.counts).unwrap_or_default();
                        let skipped_invalid = counts.invalid > 0;
                        self.done = Some(Done { batch, counts, skipped_invalid });
                        self.notice = None;
                        Action::Imported(batch)
                    }
                    Err(error) if error.is_cancelled() => {
                        self.notice = Some((Tone::Info, "The import was cancelled; nothing was written.".into()));
                        Action::None
                    }
                    Err(error) => {
                        self.notice = Some((Tone::Danger, sentence(&format!("Nothing was imported: {error}"))));
                        Action::None
                    }
                }
            }
            Message::SaveInvalid => {
                let Some(sheet) = &self.sheet else { return Action::None };
                if self.saving_invalid || self.preview.as_ref().is_none_or(|p| p.counts.invalid == 0) {
                    return Action::None;
                }
                let stem = sheet.path.file_stem().map_or_else(|| "import".into(), |s| s.to_string_lossy().into_owned());
                Action::PickInvalidTarget(format!("{stem}-invalid-rows.xlsx"))
            }
            Message::InvalidTarget(None) => Action::None,
            Message::InvalidTarget(Some(mut path)) => {
                let (Some(sheet), Some(preview)) = (&self.sheet, &self.preview) else { return Action::None };
                if !path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) {
                    // Save dialogs do not always add the extension the filter names.
                    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
                    name.push(".xlsx");
                    path.set_file_name(name);
                }
                self.saving_invalid = true;
                Action::SaveInvalid(SaveInvalid {
                    path,
                    source: sheet.path.clone(),
                    sheet: sheet.sheet.clone(),
                    headers: sheet.headers.clone(),
                    plan: preview.plan.clone(),
                    encoding: sheet.encoding,
                })
            }
            Message::SavedInvalid(result) => {
                self.saving_invalid = false;
                self.notice = Some(match result {
                    Ok((path, rows)) => (
                        Tone::Success,
                        format!(
                            "Saved {} invalid {} to {}.",
                            thousands(rows as usize),
                            if rows == 1 { "row" } else { "rows" },
                            path.display()
                        ),
                    ),
                    Err(error) => (Tone::Danger, sentence(&format!("The invalid rows were not saved: {error}"))),
                });
                Action::None
            }
            Message::ShowHistory => Action::ShowHistory,
            Message::Another => {
                if self.work.is_some() {
                    return Action::None;
                }
                *self = Import::new();
                Action::PickFile
            }
            Message::Close => {
                if let Some(progress) = self.progress() {
                    // Closing mid-way gives the work up; a cancelled apply writes nothing.
                    progress.cancel();
                }
                Action::Close
            }
        }
    }

    fn open(&mut self, path: PathBuf) -> Action {
        if !self.takes_files() {
            return Action::None;
        }
        if Format::from_path(&path).is_none() {
            self.notice = Some((
                Tone::Danger,
                format!(
                    "{} is not a spreadsheet Clientele reads; choose an .xlsx, .xlsm, .xlsb, .xls, .ods, .csv or .txt file.",
                    file_name(&path)
                ),
            ));
            return Action::None;
        }
        let (kind, key, options) = (self.kind, self.key, self.options.clone());
        *self = Import::new();
        // The clerk's kind and options stay for the next file; they are about the book, not the file.
        self.kind = kind;
        self.key = key;
        self.options = options;
        self.opening = Some(path.clone());
        Action::Inspect(Inspect { path, sheet: None, kind, encoding: None })
    }

    fn map(&mut self, index: usize, choice: Choice) -> Action {
        let Some(sheet) = &self.sheet else { return Action::None };
        if index >= self.mapping.len() || self.work.is_some() {
            return Action::None;
        }
        if let Some(target) = &choice.key
            && let Some(other) = self.mapping.iter().position(|t| t.as_ref() == Some(target))
            && other != index
        {
            // A field is filled from one column; the column that had it is left out now.
            self.mapping[other] = None;
            let header = sheet.headers.get(other).cloned().unwrap_or_default();
            self.notice = Some((
                Tone::Info,
                format!("\u{201c}{header}\u{201d} is no longer imported: {choice} comes from one column."),
            ));
        }
        self.mapping[index] = choice.key;
        self.preview = None;
        Action::Remember { kind: self.kind, headers: sheet.headers.clone(), targets: self.mapping.clone() }
    }

    /// An option changed: a preview made with the old one no longer holds.
    fn stale(&mut self) -> Action {
        if self.work.is_none() {
            self.preview = None;
        }
        Action::None
    }

    fn apply(&mut self, skip_invalid: bool) -> Action {
        let (Some(sheet), Some(preview)) = (&self.sheet, &self.preview) else { return Action::None };
        if self.work.is_some() || self.done.is_some() {
            return Action::None;
        }
        if preview.counts.invalid > 0 && !skip_invalid {
            self.notice = Some((Tone::Danger, invalid_sentence(preview.counts.invalid)));
            return Action::None;
        }
        let progress = Progress::new();
        let total = match &preview.plan {
            worker::Planned::Customers(plan) => Some(plan.rows.len() as u64),
            worker::Planned::Kind(_) => None,
        };
        self.work = Some(Work::Applying { progress: progress.clone(), total });
        self.notice = None;
        Action::Apply(Apply { plan: preview.plan.clone(), file: file_name(&sheet.path), skip_invalid, progress })
    }
}

/// Why Apply is refused: the invalid rows and what to do about them.
fn invalid_sentence(invalid: u64) -> String {
    format!(
        "{} {} cannot be imported, so Apply would write nothing. Correct {} in the file and preview again, or skip {}.",
        thousands(invalid as usize),
        if invalid == 1 { "row" } else { "rows" },
        if invalid == 1 { "it" } else { "them" },
        if invalid == 1 { "it" } else { "them" },
    )
}

/// "a" or "an" before the singular noun of `kind`.
fn article(kind: ImportKind) -> &'static str {
    if kinds::nouns(kind).0.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }
}
