//! Turning the window to another book (Settings → Book, or the welcome's *Open a book on a
//! server…*): refused while typed work would be lost, opened off the UI thread, then every screen
//! built afresh on it, with the window's claim on the book's name moved along.

use super::{App, Message, Tab};
use crate::ui::import::Import;
use crate::ui::listeners::Handover;
use crate::ui::settings::{self, book};
use crate::ui::theme::Tone;
use iced::Task;

impl App {
    /// Opens the book `request` names on a thread of its own, unless typed work would be lost.
    pub(super) fn open_book(&mut self, request: book::Request) -> Task<Message> {
        if let Some(what) = self.work_in_hand() {
            let refused = book::Message::Opened(Err(book::finish_first(what)));
            return self.update(Message::Settings(settings::Message::Book(refused)));
        }
        request
            .task(&self.db_path, self.handover.is_some())
            .map(|answer| Message::Settings(settings::Message::Book(answer)))
    }

    /// What holds typed work that turning to another book would lose, in the clerk's words.
    fn work_in_hand(&self) -> Option<&'static str> {
        if self.customers.is_dirty() {
            return Some("A customer's profile");
        }
        if self.customers.trading().is_some_and(|trading| trading.has_unsaved_entry()) {
            return Some("A voucher being entered");
        }
        if self.import.as_ref().is_some_and(Import::is_working) || self.loading_sample {
            return Some("An import");
        }
        self.unsaved_elsewhere().map(|unsaved| unsaved.what)
    }

    /// Every screen reads the newly opened book, as at a new start; the window's claim moves to
    /// its name, so a later start on the old book opens a window of its own.
    pub(super) fn switch_book(&mut self, opened: book::Opened) -> Task<Message> {
        let Some((store, listener)) = opened.take() else { return Task::none() };
        let handover = match listener {
            Some(listener) => {
                if let Some(old) = self.handover.take() {
                    old.release();
                }
                Handover::serve(listener)
                    .inspect_err(|e| tracing::warn!("the window could not listen for later starts on its book: {e}"))
                    .ok()
            }
            // The same book, or a window that holds no claim: nothing moves.
            None => self.handover.take(),
        };
        let (fresh, task) = App::new(store, opened.location.clone());
        let checking = self.checking;
        let notice =
            fresh.notice.clone().map_or(opened.said.clone(), |(_, upgraded)| format!("{} {upgraded}", opened.said));
        *self = App { checking, handover, tab: Tab::Settings, notice: Some((Tone::Success, notice)), ..fresh };
        task
    }

    /// The welcome's *Open a book on a server…*: Settings → Book with its form open.
    pub(super) fn welcome_to_server(&mut self) -> Task<Message> {
        self.welcome = None;
        self.tab = Tab::Settings;
        if let Ok(settings) = &mut self.settings {
            settings.open_server_form();
        }
        crate::ui::keys::focus_field(iced::advanced::widget::Id::new(book::HOST_ID))
    }
}
