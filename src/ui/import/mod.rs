//! The customer import wizard: choose a file, map its columns, preview what it would do, apply it
//! as one undoable batch, and save the rows it refused as a spreadsheet to correct.
//!
//! `update` never touches the database or the file system: reading the file, the preview and
//! the apply are [`Action`]s the parent runs off the UI thread on their own connections (see
//! [`worker`]), and their answers come back as messages. Preview and apply share a
//! [`worker::Progress`] with the screen: the timer in `App::subscription` redraws the count
//! while they run, and Cancel sets its flag.

pub mod mapping;
mod preview;
pub mod worker;

use crate::domain::import::customers::Target;
use crate::domain::import::{ImportOptions, MatchKey};
use crate::exchange::read::Format;
use crate::store::ImportCounts;
use crate::ui::customers::{list::thousands, sentence};
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;
use iced::widget::{Column, button, column, container, progress_bar, row, scrollable, space, text};
use iced::{Alignment, Element, Length};
use mapping::Choice;
use std::path::PathBuf;
use std::sync::Arc;
use worker::{Apply, ImportError, Inspect, Inspected, Preview, Previewed, Progress, SaveInvalid, file_name};

pub use preview::{LIST_CAP, ListKind};

/// The match key's choices, as the radio buttons offer them.
pub type KeyChoice = MatchKey;

#[derive(Debug, Clone)]
pub enum Message {
    /// "Choose file…": the parent opens the file dialog and answers with `FilePicked`.
    Browse,
    /// The file the clerk chose (or dropped on the window); `None` when the dialog was closed.
    FilePicked(Option<PathBuf>),
    Inspected(Result<Inspected, ImportError>),
    Sheet(String),
    /// Column `index` is now imported into this choice.
    Map(usize, Choice),
    Key(KeyChoice),
    EmptyClears(bool),
    LaterWins(bool),
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
    /// Remember this mapping for files with these headers (a quick write on the app's store).
    Remember {
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
    Applying { progress: Arc<Progress>, total: u64 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Done {
    batch: i64,
    counts: ImportCounts,
    skipped_invalid: bool,
}

pub struct Import {
    /// The file being opened (its sheet not yet read).
    opening: Option<PathBuf>,
    sheet: Option<Inspected>,
    choices: Vec<Choice>,
    mapping: Vec<Option<Target>>,
    options: ImportOptions,
    key: KeyChoice,
    preview: Option<Previewed>,
    list: ListKind,
    work: Option<Work>,
    done: Option<Done>,
    saving_invalid: bool,
    notice: Option<(Tone, String)>,
}

impl Default for Import {
    fn default() -> Self {
        Import::new()
    }
}

impl Import {
    pub fn new() -> Import {
        Import {
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
        }
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

    pub fn mapping(&self) -> &[Option<Target>] {
        &self.mapping
    }

    pub fn options(&self) -> ImportOptions {
        ImportOptions { key: self.key, ..self.options.clone() }
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
            Message::FilePicked(None) => Action::None,
            Message::FilePicked(Some(path)) => self.open(path),
            Message::Inspected(result) => {
                self.opening = None;
                match result {
                    Ok(inspected) => {
                        self.choices = mapping::choices(&inspected.catalog);
                        self.mapping = inspected.mapping.clone();
                        self.notice = None;
                        if inspected.headers.iter().all(|h| h.trim().is_empty()) {
                            self.notice = Some((Tone::Warning, "The sheet's first row has no column names.".into()));
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
                Action::Inspect(Inspect { path: sheet.path.clone(), sheet: Some(name) })
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
                    headers: sheet.headers.clone(),
                    mapping: self.mapping.clone(),
                    options: self.options(),
                    progress,
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
                    "{} is not a spreadsheet Clientele reads; choose an .xlsx, .xlsm, .xls, .ods or .csv file.",
                    file_name(&path)
                ),
            ));
            return Action::None;
        }
        let key = self.key;
        let options = self.options.clone();
        *self = Import::new();
        // The clerk's options stay for the next file; they are about the book, not the file.
        self.key = key;
        self.options = options;
        self.opening = Some(path.clone());
        Action::Inspect(Inspect { path, sheet: None })
    }

    fn map(&mut self, index: usize, choice: Choice) -> Action {
        let Some(sheet) = &self.sheet else { return Action::None };
        if index >= self.mapping.len() || self.work.is_some() {
            return Action::None;
        }
        if let Some(target) = &choice.target
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
        self.mapping[index] = choice.target;
        self.preview = None;
        Action::Remember {
            headers: sheet.headers.clone(),
            targets: self.mapping.iter().map(|t| t.as_ref().map(Target::key)).collect(),
        }
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
        self.work = Some(Work::Applying { progress: progress.clone(), total: preview.rows });
        self.notice = None;
        Action::Apply(Apply { plan: preview.plan.clone(), file: file_name(&sheet.path), skip_invalid, progress })
    }

    pub fn view(&self) -> Element<'_, Message> {
        let step = self.step();
        let mut steps = row![].spacing(6).align_y(Alignment::Center);
        for (index, (label, of)) in [
            ("Choose file", Step::File),
            ("Map columns", Step::Mapping),
            ("Preview", Step::Preview),
            ("Done", Step::Done),
        ]
        .into_iter()
        .enumerate()
        {
            if index > 0 {
                steps = steps.push(text("›").size(theme::TEXT).style(theme::muted));
            }
            let caption = format!("{}. {label}", index + 1);
            steps = steps.push(if of == step {
                widgets::badge(Tone::Info, caption)
            } else {
                text(caption).size(theme::SMALL).style(theme::muted).into()
            });
        }
        let close = if self.done.is_some() { "Back to customers" } else { "Close" };
        let title = row![
            text("Import customers").size(theme::HEADING).font(theme::BOLD),
            space().width(Length::Fixed(16.0)),
            steps,
            space::horizontal(),
            widgets::text_button(close, Some(Message::Close), theme::secondary_button),
        ]
        .spacing(8)
        .align_y(Alignment::Center);

        let mut page = Column::new().spacing(14).padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO });
        if let Some((tone, message)) = &self.notice {
            page = page.push(widgets::notice(*tone, message.as_str()));
        }
        if let Some(work) = &self.work {
            page = page.push(self.work_view(work));
        }
        let body: Element<'_, Message> = match step {
            Step::File => self.file_view(),
            Step::Mapping => self.mapping_view(),
            Step::Preview => self.preview_view(),
            Step::Done => self.done_view(),
        };
        page = page.push(body);
        let bar = self.bar(step);
        column![title, scrollable(page).id("import-scroll").height(Length::Fill).style(theme::scroller), bar]
            .spacing(12)
            .padding(16)
            .into()
    }

    fn file_view(&self) -> Element<'_, Message> {
        let mut content = column![
            text("Choose a spreadsheet of customers: .xlsx, .xlsm, .xls, .ods or .csv. The first row with column names is taken as the header; each row under it is a customer.")
                .size(theme::TEXT),
            text("Rows whose code is already in the book update that customer; the others are added. Nothing is written until you have seen the preview and pressed Apply, and every import can be undone from Settings.")
                .size(theme::TEXT)
                .style(theme::muted),
        ]
        .spacing(10);
        let choose = match &self.opening {
            Some(path) => row![text(format!("Opening {}…", file_name(path))).size(theme::TEXT)],
            None => row![
                widgets::text_button("Choose file…", Some(Message::Browse), theme::primary_button),
                widgets::label("or drop the file on this window"),
            ]
            .spacing(12)
            .align_y(Alignment::Center),
        };
        content = content.push(choose);
        widgets::section("Spreadsheet", content)
    }

    fn work_view(&self, work: &Work) -> Element<'_, Message> {
        let (title, progress, total) = match work {
            Work::Previewing(progress) => ("Reading and checking the rows…", progress, None),
            Work::Applying { progress, total } => ("Writing the customers…", progress, Some(*total)),
        };
        let rows = progress.rows();
        let rate = progress.rate();
        // A preview knows only what the sheet declares, which can be wrong: past it, just count.
        let expected = progress.expected().filter(|&expected| rows <= expected);
        let counted = match (total, expected) {
            (Some(total), _) => format!("{} of {} rows", thousands(rows as usize), thousands(total as usize)),
            (None, Some(expected)) => {
                format!("{} of about {} rows read", thousands(rows as usize), thousands(expected as usize))
            }
            (None, None) => format!("{} rows read", thousands(rows as usize)),
        };
        let speed = if rate > 0.0 {
            format!("  ·  {} rows a second", thousands(rate.round() as usize))
        } else {
            String::new()
        };
        let mut content = column![text(title).size(theme::TEXT).font(theme::BOLD)].spacing(8);
        if let Some(total) = total.or(expected) {
            content = content.push(progress_bar(0.0..=total.max(1) as f32, rows as f32).girth(10));
        }
        let cancelling = progress.is_cancelled();
        content = content.push(
            row![
                text(format!("{counted}{speed}")).size(theme::TEXT).width(Length::Fill),
                widgets::text_button(
                    if cancelling { "Cancelling…" } else { "Cancel" },
                    (!cancelling).then_some(Message::Cancel),
                    theme::secondary_button,
                ),
            ]
            .align_y(Alignment::Center),
        );
        container(content).padding(16).width(Length::Fill).style(theme::panel).into()
    }

    fn done_view(&self) -> Element<'_, Message> {
        let Some(done) = self.done else { return column![].into() };
        let c = done.counts;
        let mut summary = format!(
            "Imported as batch #{}: {} new, {} changed, {} unchanged",
            done.batch,
            thousands(c.created as usize),
            thousands(c.updated as usize),
            thousands(c.unchanged as usize)
        );
        if c.skipped + c.invalid > 0 {
            summary.push_str(&format!(", {} skipped", thousands((c.skipped + c.invalid) as usize)));
        }
        summary.push('.');
        let mut content = column![widgets::notice(Tone::Success, summary)].spacing(10);
        if done.skipped_invalid {
            let invalid = c.invalid;
            content = content.push(widgets::label(format!(
                "{} invalid {} left out. Save {} as a spreadsheet to correct {} and import {} again.",
                thousands(invalid as usize),
                if invalid == 1 { "row was" } else { "rows were" },
                if invalid == 1 { "it" } else { "them" },
                if invalid == 1 { "it" } else { "them" },
                if invalid == 1 { "it" } else { "them" },
            )));
        }
        content = content.push(widgets::label(
            "The import can be undone in Settings, Import history, as long as the customers have not been changed or used since.",
        ));
        widgets::section("Done", content)
    }

    /// The buttons along the bottom: what the step leads to.
    fn bar(&self, step: Step) -> Element<'_, Message> {
        let idle = self.work.is_none();
        let mut bar = row![].spacing(8).align_y(Alignment::Center);
        match step {
            Step::File => {}
            Step::Mapping => {
                if let Some(sheet) = &self.sheet {
                    bar = bar.push(widgets::label(format!("File: {}", sheet.path.display())));
                }
                bar = bar.push(space::horizontal());
                bar = bar.push(widgets::text_button(
                    "Choose another file…",
                    idle.then_some(Message::Browse),
                    theme::secondary_button,
                ));
                bar = bar.push(widgets::text_button(
                    "Preview import",
                    idle.then_some(Message::Preview),
                    theme::primary_button,
                ));
            }
            Step::Preview => {
                let Some(preview) = &self.preview else { return bar.into() };
                let invalid = preview.counts.invalid;
                let writes = preview.counts.created + preview.counts.updated > 0;
                bar = bar.push(widgets::text_button(
                    "Back to columns",
                    idle.then_some(Message::BackToMapping),
                    theme::secondary_button,
                ));
                if invalid > 0 {
                    bar = bar.push(widgets::text_button(
                        "Save invalid rows as .xlsx…",
                        (!self.saving_invalid).then_some(Message::SaveInvalid),
                        theme::secondary_button,
                    ));
                }
                bar = bar.push(space::horizontal());
                let why = if invalid > 0 {
                    invalid_sentence(invalid)
                } else if !writes {
                    "Nothing to import: no row adds or changes a customer.".to_string()
                } else {
                    String::new()
                };
                if !why.is_empty() {
                    bar = bar.push(container(widgets::label(why)).max_width(420));
                }
                if invalid > 0 && writes {
                    let label = format!("Apply valid rows, skip {} invalid", thousands(invalid as usize));
                    bar = bar.push(
                        button(text(label).size(theme::TEXT))
                            .padding([6, 14])
                            .style(theme::primary_button)
                            .on_press_maybe(idle.then_some(Message::Apply { skip_invalid: true })),
                    );
                }
                let apply = (idle && invalid == 0 && writes).then_some(Message::Apply { skip_invalid: false });
                bar = bar.push(widgets::text_button("Apply", apply, theme::primary_button));
            }
            Step::Done => {
                if self.done.is_some_and(|d| d.skipped_invalid) {
                    bar = bar.push(widgets::text_button(
                        "Save invalid rows as .xlsx…",
                        (!self.saving_invalid).then_some(Message::SaveInvalid),
                        theme::secondary_button,
                    ));
                }
                bar = bar.push(space::horizontal());
                bar = bar.push(widgets::text_button(
                    "Import another file…",
                    Some(Message::Another),
                    theme::secondary_button,
                ));
                bar = bar.push(widgets::text_button(
                    "Go to import history",
                    Some(Message::ShowHistory),
                    theme::primary_button,
                ));
            }
        }
        bar.into()
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
