//! Drives the Customers screen in tests: a database on a temporary file, the real view in
//! iced_test's simulator, and the screen's actions (list loads) run synchronously in between.

#![allow(dead_code)]

use clientele::domain::customer::Customer;
use clientele::store::Store;
use clientele::ui::customers::{Action, Customers, Message};
use iced_test::Simulator;
use iced_test::core::{Event, Point, Rectangle, mouse};
use iced_test::selector::Candidate;
use std::path::PathBuf;
use std::sync::Once;

/// The window size the app opens with; layouts (and so what is visible) match the real window.
pub const WINDOW: (f32, f32) = (1280.0, 800.0);

pub struct Harness {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
    pub store: Store,
    pub screen: Customers,
    /// Simulate a window tall enough to show the whole profile without scrolling it.
    pub tall: bool,
}

impl Harness {
    /// A screen over a fresh database that `setup` fills first.
    pub fn new(setup: impl FnOnce(&mut Store)) -> Harness {
        use_software_renderer();
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("book.db");
        let mut store = Store::open(&path).expect("a new database opens");
        setup(&mut store);
        let (screen, action) = Customers::new(&store).expect("the screen loads its settings");
        let mut harness = Harness { _dir: dir, path, store, screen, tall: false };
        harness.drive(action);
        harness
    }

    /// Does what the parent app would do with an action; loads run here and now,
    /// on their own connection as in the app. Focus and scrolling need a window and are skipped.
    pub fn drive(&mut self, action: Action) {
        match action {
            Action::Load(request) => {
                let loaded = request.run(&self.store);
                let next = self.screen.update(Message::Loaded(loaded), &mut self.store);
                self.drive(next);
            }
            Action::Batch(actions) => actions.into_iter().for_each(|a| self.drive(a)),
            Action::None
            | Action::Focus(_)
            | Action::Reveal(_)
            | Action::ScrollList(_)
            | Action::ShowTop
            | Action::Quit
            | Action::Import
            | Action::Export(_)
            // The retry waits for the app's timer; tests send `RetrySave` themselves.
            | Action::RetrySaveLater(_) => {}
        }
    }

    pub fn send(&mut self, message: Message) {
        let action = self.screen.update(message, &mut self.store);
        self.drive(action);
    }

    /// Builds the current view in a simulator, lets `interact` click and type in it,
    /// then feeds every message it produced back to the screen, in order.
    pub fn interact<T>(&mut self, interact: impl FnOnce(&mut Simulator<'_, Message>) -> T) -> T {
        let (result, messages): (T, Vec<Message>) = {
            let mut ui = simulator(self.screen.view(), self.size());
            let result = interact(&mut ui);
            (result, ui.into_messages().collect())
        };
        for message in messages {
            self.send(message);
        }
        result
    }

    /// Runs `inspect` on a fresh simulator of the current view, without sending anything.
    pub fn look<T>(&self, inspect: impl FnOnce(&mut Simulator<'_, Message>) -> T) -> T {
        let mut ui = simulator(self.screen.view(), self.size());
        inspect(&mut ui)
    }

    fn size(&self) -> (f32, f32) {
        if self.tall { (WINDOW.0, 3_600.0) } else { WINDOW }
    }

    pub fn customer_named(&self, name: &str) -> Option<Customer> {
        let ids = self.store.search_ids(&clientele::domain::SearchQuery::text(name)).expect("search works");
        ids.into_iter().filter_map(|id| self.store.customer(id).ok().flatten()).find(|c| c.name == name)
    }
}

pub fn simulator<'a, M>(view: iced::Element<'a, M>, size: (f32, f32)) -> Simulator<'a, M> {
    Simulator::with_size(clientele::ui::theme::text_settings(), size, view)
}

/// No GPU on CI machines or here: the simulator renders with the software backend.
pub fn use_software_renderer() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: set once, before any simulator reads it, to the value every test wants.
        unsafe { std::env::set_var("ICED_TEST_BACKEND", "tiny-skia") };
    });
}

/// Every text on screen for which `wanted` holds, with where it is.
pub fn texts<M>(ui: &mut Simulator<'_, M>, mut wanted: impl FnMut(&str) -> bool + Send) -> Vec<(String, Rectangle)> {
    let mut found = Vec::new();
    let _ = ui.find(|candidate: Candidate<'_>| {
        if let Candidate::Text { content, bounds, .. } = candidate
            && wanted(content)
        {
            found.push((content.to_string(), bounds));
        }
        None::<()>
    });
    found
}

/// Clicks the last widget showing exactly `label` (a dialog's button drawn over the screen's).
pub fn click_last<M>(ui: &mut Simulator<'_, M>, label: &str) {
    let (_, bounds) = texts(ui, |t| t == label).pop().unwrap_or_else(|| panic!("no \"{label}\" on screen"));
    click_at(ui, bounds.center());
}

/// Moves the mouse to `point` (menus highlight on movement) and clicks there.
pub fn click_at<M>(ui: &mut Simulator<'_, M>, point: Point) {
    ui.point_at(point);
    let moved = Event::Mouse(mouse::Event::CursorMoved { position: point });
    let _ = ui.simulate(std::iter::once(moved).chain(iced_test::simulator::click()));
}

/// Clicks a text input by its widget id and types into it.
pub fn type_into<M>(ui: &mut Simulator<'_, M>, id: &str, text: &str) {
    ui.click(iced_test::selector::id(id.to_string())).unwrap_or_else(|e| panic!("no input {id}: {e}"));
    let _ = ui.typewrite(text);
}

/// A key press as the window would report it, for testing the app's shortcut mapping.
pub fn key_press(key: iced::keyboard::Key, modifiers: iced::keyboard::Modifiers) -> iced::keyboard::Event {
    use iced::keyboard::{self, key};
    keyboard::Event::KeyPressed {
        key: key.clone(),
        modified_key: key,
        physical_key: key::Physical::Unidentified(key::NativeCode::Unidentified),
        location: keyboard::Location::Standard,
        modifiers,
        text: None,
        repeat: false,
    }
}

/// The whole window's App over a fresh book that `setup` fills (welcome done), with customer
/// C000001 opened as a click in the list would; the folder holds the book as long as it lives.
pub fn app_with_first_customer(setup: impl FnOnce(&mut Store)) -> (tempfile::TempDir, clientele::ui::app::App, i64) {
    use clientele::ui::app::{self, App};
    use_software_renderer();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.db");
    let mut store = Store::open(&path).unwrap();
    setup(&mut store);
    store.mark_welcome_done().unwrap();
    let first = store.customer_by_code("C000001").unwrap().unwrap().id.unwrap();
    let (mut app, _task) = App::new(store, path);
    let _ =
        app.update(app::Message::Customers(Message::List(clientele::ui::customers::list::Message::RowClicked(first))));
    (dir, app, first)
}
