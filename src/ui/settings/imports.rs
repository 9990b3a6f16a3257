//! The Import history section of Settings: every applied import, newest first, each with an
//! Undo behind a confirmation; when the store refuses (the records were changed or used since),
//! its sentence is shown and nothing changes.
//!
//! Undoing a batch of many thousand records takes a while, so the confirmed undo is handed to
//! the app ([`Event::Undo`]) to run on its own connection off the UI thread ([`undo`]); the
//! answer comes back as [`Message::Undone`].

use super::parts::{self, Col, TEXT};
use crate::store::{ImportBatch, Store, StoreError};
use crate::ui::customers::list::thousands;
use iced::widget::{Column, column, text};
use iced::{Element, Length};
use std::path::Path;

/// How many batches the section lists; older ones are counted under the list.
pub const SHOWN: usize = 50;

#[derive(Debug, Clone)]
pub enum Message {
    /// Asks to undo this batch: the confirmation opens under its line.
    Undo(i64),
    ConfirmUndo,
    CancelUndo,
    /// The answer of [`undo`], run by the app.
    Undone(Result<ImportBatch, StoreError>),
}

/// What the section asks of Settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    None,
    /// The book changed (a batch was undone).
    Changed,
    /// Undo this batch off the UI thread and answer `Message::Undone`.
    Undo(i64),
}

/// Undoes `batch` on a connection of its own to the database at `path`.
pub fn undo(path: &Path, batch: i64) -> Result<ImportBatch, StoreError> {
    Store::open(path)?.undo_import(batch)
}

pub struct Imports {
    batches: Vec<ImportBatch>,
    confirming: Option<i64>,
    /// The batch being undone off the UI thread.
    undoing: Option<i64>,
    /// The last undo's outcome: a success or the store's refusal.
    outcome: Option<Result<String, String>>,
    load_error: Option<String>,
}

const COLS: [Col; 6] = [
    Col::new("Batch", Length::Fixed(60.0)),
    Col::new("File", Length::FillPortion(3)),
    Col::new("Imported", Length::Fixed(150.0)),
    Col::new("Records", Length::FillPortion(4)),
    Col::new("Status", Length::Fixed(150.0)),
    Col::right("", Length::Fixed(70.0)),
];

impl Imports {
    pub fn load(store: &Store) -> Result<Imports, StoreError> {
        Ok(Imports {
            batches: store.import_history()?,
            confirming: None,
            undoing: None,
            outcome: None,
            load_error: None,
        })
    }

    pub fn batches(&self) -> &[ImportBatch] {
        &self.batches
    }

    /// The sentence of the last undo: `Ok` when it was done, `Err` with the refusal.
    pub fn outcome(&self) -> Option<&Result<String, String>> {
        self.outcome.as_ref()
    }

    /// Reads the history again (after an import, or when the tab is shown).
    pub fn refresh(&mut self, store: &Store) {
        match store.import_history() {
            Ok(batches) => {
                self.batches = batches;
                self.load_error = None;
            }
            Err(error) => {
                self.load_error = Some(parts::sentence(format!("The import history could not be read: {error}")))
            }
        }
    }

    pub fn is_undoing(&self) -> bool {
        self.undoing.is_some()
    }

    pub fn update(&mut self, message: Message, store: &Store) -> Event {
        match message {
            Message::Undo(batch) => {
                if self.undoing.is_none() {
                    self.confirming = Some(batch);
                    self.outcome = None;
                }
                Event::None
            }
            Message::CancelUndo => {
                self.confirming = None;
                Event::None
            }
            Message::ConfirmUndo => {
                let Some(batch) = self.confirming.take() else { return Event::None };
                if self.undoing.is_some() {
                    return Event::None;
                }
                self.undoing = Some(batch);
                Event::Undo(batch)
            }
            Message::Undone(result) => {
                self.undoing = None;
                self.refresh(store);
                match result {
                    Ok(undone) => {
                        self.outcome = Some(Ok(format!(
                            "Undid import #{} of {}: {} added {} removed, {} changed {} put back.",
                            undone.id,
                            undone.file,
                            thousands(undone.created as usize),
                            if undone.created == 1 { "customer" } else { "customers" },
                            thousands(undone.updated as usize),
                            if undone.updated == 1 { "customer" } else { "customers" },
                        )));
                        Event::Changed
                    }
                    Err(error) => {
                        self.outcome = Some(Err(parts::sentence(error)));
                        Event::None
                    }
                }
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut body = Column::new().spacing(0);
        if let Some(error) = &self.load_error {
            body = body.push(parts::error_line(error));
        }
        if let Some(batch) = self.undoing {
            body = body.push(parts::hint(format!("Undoing import #{batch}…")));
        }
        match &self.outcome {
            Some(Ok(done)) => body = body.push(text(done.as_str()).size(TEXT).style(crate::ui::theme::success_text)),
            Some(Err(refused)) => body = body.push(parts::error_line(refused)),
            None => {}
        }
        if self.batches.is_empty() {
            body =
                body.push(parts::hint("No imports yet. Customers → Import… brings customers in from a spreadsheet."));
        } else {
            body = body.push(parts::list_header(&COLS));
        }
        for batch in self.batches.iter().take(SHOWN) {
            let status = match &batch.undone_at {
                Some(when) => text(format!("Undone {when}")).size(TEXT).style(iced::widget::text::secondary),
                None => text("Applied").size(TEXT),
            };
            let undo = match (&batch.undone_at, self.confirming) {
                (Some(_), _) => parts::row_button("Undo", None),
                _ if self.undoing.is_some() => parts::row_button("Undo", None),
                (None, Some(asked)) if asked == batch.id => parts::row_button("Undo", None),
                (None, _) => parts::tagged(
                    format!("undo-import-{}", batch.id),
                    parts::row_button("Undo", Some(Message::Undo(batch.id))),
                ),
            };
            body = body.push(parts::list_row(
                &COLS,
                vec![
                    text(format!("#{}", batch.id)).size(TEXT).into(),
                    column![text(batch.file.as_str()).size(TEXT), parts::hint(batch.kind.as_str())].into(),
                    text(batch.created_at.as_str()).size(TEXT).into(),
                    text(counts(batch)).size(TEXT).into(),
                    status.into(),
                    undo,
                ],
            ));
            if self.confirming == Some(batch.id) {
                body = body.push(parts::confirm_box(
                    format!("Undo import #{} of {}?", batch.id, batch.file),
                    consequence(batch),
                    "Undo import",
                    Message::ConfirmUndo,
                    Message::CancelUndo,
                ));
            }
            body = body.push(parts::separator());
        }
        if self.batches.len() > SHOWN {
            body = body.push(parts::hint(format!("…and {} older imports.", thousands(self.batches.len() - SHOWN))));
        }
        parts::section(
            "Import history",
            "Every applied import, newest first; undo one to put the book back as it was.",
            body,
        )
    }
}

fn counts(batch: &ImportBatch) -> String {
    let mut line = format!(
        "{} new, {} changed, {} unchanged",
        thousands(batch.created as usize),
        thousands(batch.updated as usize),
        thousands(batch.unchanged as usize)
    );
    if batch.skipped > 0 {
        line.push_str(&format!(", {} skipped", thousands(batch.skipped as usize)));
    }
    line
}

/// What undoing `batch` does, naming only what it has: "The 2 customers it added are deleted."
fn consequence(batch: &ImportBatch) -> String {
    let mut parts = Vec::new();
    if batch.created > 0 {
        let (n, are) = (plural(batch.created, "customer", "customers"), if batch.created == 1 { "is" } else { "are" });
        parts.push(format!("The {n} it added {are} deleted."));
    }
    if batch.updated > 0 {
        let (n, go) = (plural(batch.updated, "customer", "customers"), if batch.updated == 1 { "goes" } else { "go" });
        parts.push(format!(
            "The {n} it changed {go} back to what {} before.",
            if batch.updated == 1 { "it was" } else { "they were" }
        ));
    }
    if parts.is_empty() {
        parts.push("It added and changed nothing; only its record is marked undone.".to_string());
    }
    parts.push("If any of them was changed or used since, nothing is undone and you are told which.".to_string());
    parts.join(" ")
}

fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{} {many}", thousands(n as usize)) }
}
