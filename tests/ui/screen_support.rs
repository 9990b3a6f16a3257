//! What the screen tests share: the software renderer, a simulated window over a view, typing and
//! clicking in it, and reading the texts it shows.

#![allow(dead_code)]

use chrono::NaiveDate;
use clientele::store::Store;
use iced_test::Simulator;
use iced_test::core::keyboard::key::Named;
use iced_test::selector::{self, Candidate};
use std::sync::Once;
use tempfile::TempDir;

/// The window size the app opens with, so layouts (and what is visible) match the real window.
pub const WINDOW: (f32, f32) = (1280.0, 800.0);

/// There is no GPU on the machines these run on; the software renderer draws the same widgets.
pub fn software_renderer() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: set once, before any simulator (the only reader) is created;
        // every simulator is made through here first.
        unsafe { std::env::set_var("ICED_TEST_BACKEND", "tiny-skia") };
    });
}

/// `view` in a window of the app's size.
pub fn window<'a, M>(view: iced::Element<'a, M>) -> Simulator<'a, M> {
    sized(view, WINDOW)
}

/// `view` in a window of `size` (a tall one shows a whole scrollable page).
pub fn sized<'a, M>(view: iced::Element<'a, M>, size: (f32, f32)) -> Simulator<'a, M> {
    software_renderer();
    Simulator::with_size(clientele::ui::theme::text_settings(), size, view)
}

/// `view` in a window tall enough that a whole scrollable page is on screen and every widget can
/// be clicked.
pub fn tall<'a, M>(view: iced::Element<'a, M>) -> Simulator<'a, M> {
    sized(view, (1280.0, 4000.0))
}

/// Focuses the input with widget id `id`, deletes what it holds with Backspace, and types `text`.
pub fn replace_in<M>(ui: &mut Simulator<'_, M>, id: &str, text: &str) {
    let held = match ui.click(selector::id(id.to_string())).unwrap_or_else(|e| panic!("cannot click #{id}: {e}")) {
        selector::Target::TextInput { content, .. } => content.chars().count(),
        other => panic!("#{id} is not a text input: {other:?}"),
    };
    let _ = ui.tap_key(Named::End);
    for _ in 0..held {
        let _ = ui.tap_key(Named::Backspace);
    }
    let _ = ui.typewrite(text);
}

/// A date, written as the tests think of it.
pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

/// A new, empty database in a temporary folder; the folder goes when the `TempDir` is dropped.
pub fn new_store() -> (TempDir, Store) {
    let dir = TempDir::new().expect("a temporary folder");
    let store = Store::open(&dir.path().join("clientele.db")).expect("a new database");
    (dir, store)
}

/// Lets `act` click and type in `ui`, then gives back every message that produced, in order, for
/// the test to feed through the screen's `update`.
pub fn messages<M>(mut ui: Simulator<'_, M>, act: impl FnOnce(&mut Simulator<'_, M>)) -> Vec<M> {
    act(&mut ui);
    ui.into_messages().collect()
}

/// Focuses the input with widget id `id`, puts the cursor at its end and types `text`.
pub fn type_into<M>(ui: &mut Simulator<'_, M>, id: &str, text: &str) {
    ui.click(selector::id(id.to_string())).unwrap_or_else(|e| panic!("no input #{id}: {e}"));
    let _ = ui.tap_key(Named::End);
    let _ = ui.typewrite(text);
}

/// Clicks the widget showing `text`.
pub fn click_text<M>(ui: &mut Simulator<'_, M>, text: &str) {
    ui.click(text).unwrap_or_else(|e| panic!("cannot click \"{text}\": {e}"));
}

/// Whether a text on screen contains `needle`.
pub fn shows<M>(ui: &mut Simulator<'_, M>, needle: &str) -> bool {
    ui.find(|candidate: Candidate<'_>| match candidate {
        Candidate::Text { content, .. } if content.contains(needle) => Some(()),
        _ => None,
    })
    .is_ok()
}

/// How many texts on screen contain `needle`.
pub fn count<M>(ui: &mut Simulator<'_, M>, needle: &str) -> usize {
    texts(ui).iter().filter(|text| text.contains(needle)).count()
}

/// Every text on screen, in the order the simulator meets them.
pub fn texts<M>(ui: &mut Simulator<'_, M>) -> Vec<String> {
    let mut found = Vec::new();
    let _ = ui.find(|candidate: Candidate<'_>| {
        if let Candidate::Text { content, .. } = candidate {
            found.push(content.to_string());
        }
        None::<()>
    });
    found
}
