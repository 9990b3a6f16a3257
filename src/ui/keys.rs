//! The keys the whole window answers to: Ctrl (Cmd on macOS) shortcuts, list navigation and Tab
//! between fields, and which widget has focus when one is pressed.

use crate::ui::customers::list;
use iced::Rectangle;
use iced::advanced::widget::operation::{Focusable, Outcome};
use iced::advanced::widget::{Id, Operation};
use iced::keyboard::{self, Key, key::Named};

/// A key combination the whole window answers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    Find,
    New,
    Save,
    /// Ctrl+Enter: save the voucher in the customer's entry pane.
    SaveVoucher,
    Up,
    Down,
    Enter,
    Escape,
    /// Tab: the next field; Shift+Tab: the one before.
    NextField,
    PreviousField,
}

/// The global shortcut for a key press, if any. Ctrl on Windows and Linux, Cmd on macOS.
pub fn shortcut(event: &keyboard::Event) -> Option<Shortcut> {
    let keyboard::Event::KeyPressed { key, modifiers, .. } = event else { return None };
    if modifiers.command() {
        return match key.as_ref() {
            Key::Character(c) if c.eq_ignore_ascii_case("f") => Some(Shortcut::Find),
            Key::Character(c) if c.eq_ignore_ascii_case("n") => Some(Shortcut::New),
            Key::Character(c) if c.eq_ignore_ascii_case("s") => Some(Shortcut::Save),
            Key::Named(Named::Enter) => Some(Shortcut::SaveVoucher),
            _ => None,
        };
    }
    if let Key::Named(Named::Tab) = key.as_ref()
        && !modifiers.alt()
    {
        return Some(if modifiers.shift() { Shortcut::PreviousField } else { Shortcut::NextField });
    }
    if modifiers.alt() || modifiers.shift() {
        return None;
    }
    match key.as_ref() {
        Key::Named(Named::ArrowUp) => Some(Shortcut::Up),
        Key::Named(Named::ArrowDown) => Some(Shortcut::Down),
        Key::Named(Named::Enter) => Some(Shortcut::Enter),
        Key::Named(Named::Escape) => Some(Shortcut::Escape),
        _ => None,
    }
}

/// The shortcut a key press means to the window. A key a widget took (Enter submits a field) is
/// the widget's, except Ctrl+Enter: it saves the voucher from whichever field has focus, the
/// empty item field too, where Enter after the last line leaves the clerk.
pub fn window_shortcut(event: &keyboard::Event, status: iced::event::Status) -> Option<Shortcut> {
    match (shortcut(event), status) {
        (found, iced::event::Status::Ignored) => found,
        (Some(Shortcut::SaveVoucher), iced::event::Status::Captured) => Some(Shortcut::SaveVoucher),
        _ => None,
    }
}

/// The list takes arrow keys when nothing has focus or the search box has it.
pub fn list_may_take_keys(focused: Option<&Id>) -> bool {
    focused.is_none_or(|id| *id == Id::new(list::SEARCH_ID))
}

/// An operation that reports the focused widget's id, or `None` when no widget with an id has focus.
pub fn focused_widget() -> impl Operation<Option<Id>> {
    struct Focused(Option<Id>);

    impl Operation<Option<Id>> for Focused {
        fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation<Option<Id>>)) {
            operate(self);
        }

        fn focusable(&mut self, id: Option<&Id>, _bounds: Rectangle, state: &mut dyn Focusable) {
            if state.is_focused() {
                // A focused widget without an id is still a field being typed in.
                self.0 = Some(id.cloned().unwrap_or_else(|| Id::new("unnamed")));
            }
        }

        fn finish(&self) -> Outcome<Option<Id>> {
            Outcome::Some(self.0.clone())
        }
    }

    Focused(None)
}
