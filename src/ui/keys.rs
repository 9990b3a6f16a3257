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

/// Room kept between a revealed field and the edge of what its scrollable shows, so its label
/// and the line under it show too.
const REVEAL_MARGIN: f32 = 36.0;

/// Scrolls every scrollable holding the focused field until the field is in sight: Tab, Enter
/// and a screen's own focus never leave the clerk typing into a field below the window's edge.
pub fn reveal_focused<Message: Send + 'static>() -> iced::Task<Message> {
    iced::advanced::widget::operate(FindFocused(None)).discard()
}

/// Scrolls every scrollable holding the container `id` until it is in sight: the item matches
/// that open under the item field show whole, even when the field sits low in the window.
pub fn reveal<Message: Send + 'static>(id: impl Into<Id>) -> iced::Task<Message> {
    iced::advanced::widget::operate(FindContainer(id.into(), None)).discard()
}

/// First pass: where the container with this id is laid out.
struct FindContainer(Id, Option<Rectangle>);

impl Operation for FindContainer {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
        operate(self);
    }

    fn container(&mut self, id: Option<&Id>, bounds: Rectangle) {
        if id == Some(&self.0) {
            self.1 = Some(bounds);
        }
    }

    fn finish(&self) -> Outcome<()> {
        match self.1 {
            Some(bounds) => Outcome::Chain(Box::new(Reveal(bounds))),
            None => Outcome::None,
        }
    }
}

/// First pass: where the focused field is laid out.
struct FindFocused(Option<Rectangle>);

impl Operation for FindFocused {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
        operate(self);
    }

    fn focusable(&mut self, _id: Option<&Id>, bounds: Rectangle, state: &mut dyn Focusable) {
        if state.is_focused() {
            self.0 = Some(bounds);
        }
    }

    fn finish(&self) -> Outcome<()> {
        match self.0 {
            Some(field) => Outcome::Chain(Box::new(Reveal(field))),
            None => Outcome::None,
        }
    }
}

/// Second pass: each scrollable whose content holds the field scrolls just enough to show it.
struct Reveal(Rectangle);

impl Operation for Reveal {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
        operate(self);
    }

    fn scrollable(
        &mut self,
        _id: Option<&Id>,
        bounds: Rectangle,
        content_bounds: Rectangle,
        translation: iced::Vector,
        state: &mut dyn iced::advanced::widget::operation::Scrollable,
    ) {
        if let Some(y) = revealing_offset(self.0, bounds, content_bounds, translation.y) {
            state.scroll_to(iced::widget::operation::AbsoluteOffset { x: None, y: Some(y) });
        }
    }
}

/// The vertical offset that shows `field` inside a scrollable's `viewport` scrolled by `offset`,
/// or `None` when it shows already or lies outside this scrollable's `content`. Layout bounds
/// are unscrolled: a field at `y` is drawn at `y - offset`.
pub fn revealing_offset(field: Rectangle, viewport: Rectangle, content: Rectangle, offset: f32) -> Option<f32> {
    // Side by side scrollables (the customer list beside the page) share heights, not widths.
    let inside = field.x >= content.x
        && field.x + field.width <= content.x + content.width
        && field.y >= content.y
        && field.y + field.height <= content.y + content.height;
    if !inside || viewport.height <= 0.0 {
        return None;
    }
    let top = field.y - offset;
    let bottom = top + field.height;
    let max_offset = (content.height - viewport.height).max(0.0);
    if bottom + REVEAL_MARGIN > viewport.y + viewport.height {
        let wanted = field.y + field.height + REVEAL_MARGIN - (viewport.y + viewport.height);
        // A field taller than the view shows from its top.
        let wanted = wanted.min(field.y - REVEAL_MARGIN - viewport.y);
        Some(wanted.clamp(0.0, max_offset))
    } else if top - REVEAL_MARGIN < viewport.y {
        Some((field.y - REVEAL_MARGIN - viewport.y).clamp(0.0, max_offset))
    } else {
        None
    }
}

/// Tab: the next field, brought into sight.
pub fn next_field<Message: Send + 'static>() -> iced::Task<Message> {
    iced::widget::operation::focus_next().chain(reveal_focused())
}

/// Shift+Tab: the field before, brought into sight.
pub fn previous_field<Message: Send + 'static>() -> iced::Task<Message> {
    iced::widget::operation::focus_previous().chain(reveal_focused())
}

/// The field a screen asked for, brought into sight.
pub fn focus_field<Message: Send + 'static>(id: impl Into<Id>) -> iced::Task<Message> {
    iced::widget::operation::focus(id.into()).chain(reveal_focused())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(y: f32, height: f32) -> Rectangle {
        Rectangle { x: 0.0, y, width: 100.0, height }
    }

    #[test]
    fn a_field_below_the_view_scrolls_up_into_it() {
        // A 500-px view at y=100 over 2,000 px of content; a field at 900 is out of sight.
        let (view, content) = (rect(100.0, 500.0), rect(100.0, 2000.0));
        let offset = revealing_offset(rect(900.0, 30.0), view, content, 0.0).unwrap();
        assert_eq!(offset, 900.0 + 30.0 + REVEAL_MARGIN - 600.0);
        // Once scrolled there it shows, and nothing moves again.
        assert_eq!(revealing_offset(rect(900.0, 30.0), view, content, offset), None);
    }

    #[test]
    fn a_field_above_the_view_scrolls_down_into_it_and_one_in_sight_stays() {
        let (view, content) = (rect(100.0, 500.0), rect(100.0, 2000.0));
        assert_eq!(revealing_offset(rect(150.0, 30.0), view, content, 400.0), Some(150.0 - REVEAL_MARGIN - 100.0));
        assert_eq!(revealing_offset(rect(300.0, 30.0), view, content, 0.0), None);
        // A field outside this scrollable's content is another scrollable's business.
        assert_eq!(revealing_offset(rect(2500.0, 30.0), view, content, 0.0), None);
        let beside = Rectangle { x: 500.0, ..rect(900.0, 30.0) };
        assert_eq!(revealing_offset(beside, view, content, 0.0), None, "a list beside the form stays put");
    }
}
