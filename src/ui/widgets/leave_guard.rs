//! The question a list-and-form screen asks before leaving a form with unsaved changes:
//! discard them and go where the clerk asked, or keep editing.

use crate::ui::theme::{self, Tone};
use iced::Element;
use iced::widget::{column, row};

/// Where the clerk asked to go (another row, a new form) while the form had unsaved changes.
/// Nothing is asked while it holds no target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaveGuard<T> {
    asked: Option<T>,
}

impl<T> Default for LeaveGuard<T> {
    fn default() -> Self {
        LeaveGuard { asked: None }
    }
}

impl<T> LeaveGuard<T> {
    /// Holds `target` and asks first, because going there would lose the unsaved changes.
    pub fn ask(&mut self, target: T) {
        self.asked = Some(target);
    }

    /// The clerk stays on the form: the question closes and the target is forgotten.
    pub fn keep_editing(&mut self) {
        self.asked = None;
    }

    /// Closes the question and gives back where the clerk asked to go, if anywhere.
    pub fn take(&mut self) -> Option<T> {
        self.asked.take()
    }

    pub fn is_open(&self) -> bool {
        self.asked.is_some()
    }

    /// While the question is open: `sentence` in a warning strip, and the Discard changes and
    /// Keep editing buttons under it.
    pub fn view<'a, M: Clone + 'a>(&self, discard: M, keep: M, sentence: &'a str) -> Option<Element<'a, M>> {
        self.is_open().then(|| {
            column![
                super::notice(Tone::Warning, sentence),
                row![
                    super::text_button("Discard changes", Some(discard), theme::danger_button),
                    super::text_button("Keep editing", Some(keep), theme::secondary_button),
                ]
                .spacing(8),
            ]
            .spacing(12)
            .into()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_is_held_until_taken_or_forgotten() {
        let mut guard = LeaveGuard::default();
        assert!(!guard.is_open());
        guard.ask(Some(7));
        assert!(guard.is_open());
        assert_eq!(guard.take(), Some(Some(7)));
        assert!(!guard.is_open(), "taking closes the question");
        guard.ask(None);
        guard.keep_editing();
        assert_eq!(guard.take(), None, "keep editing forgets where the clerk was going");
    }
}
