//! What the window hears from outside itself: the background alert checker, and later starts of
//! Clientele on the same book (see `crate::instance`) asking it to come to the front or to open an
//! alert run's report.

use crate::instance::{Listener, Request, Serving};
use crate::ui::alerts;
use crate::ui::app::Message;
use iced::futures::channel::mpsc::{UnboundedReceiver, unbounded};
use iced::futures::{Stream, StreamExt, stream};
use iced::{Task, window};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// The window's end of the single-instance socket: the requests it has heard, waiting for the
/// window's subscription to take them.
#[derive(Clone)]
pub struct Handover {
    requests: Arc<Mutex<Option<UnboundedReceiver<Request>>>>,
    serving: Arc<Serving>,
    /// Tells this hand-over's subscription from an earlier book's.
    id: u64,
}

impl Handover {
    /// Starts hearing later starts on `listener`; they queue until the window reads them.
    pub fn serve(listener: Listener) -> std::io::Result<Handover> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let (sender, receiver) = unbounded();
        // Once the window is gone the queue closes, the sender fails, and the listener stops.
        let serving = listener.serve(move |request| sender.unbounded_send(request).is_ok())?;
        Ok(Handover {
            requests: Arc::new(Mutex::new(Some(receiver))),
            serving: Arc::new(serving),
            id: NEXT.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// Gives up the book's name: the window now shows another book (see [`Serving::release`]).
    pub fn release(&self) {
        self.serving.release();
    }

    /// The requests as a stream, once: a second subscriber (there is none) would get nothing.
    pub fn requests(&self) -> impl Stream<Item = Request> + use<> {
        let receiver = self.requests.lock().ok().and_then(|mut slot| slot.take());
        match receiver {
            Some(receiver) => receiver.boxed(),
            None => stream::pending().boxed(),
        }
    }
}

// A subscription is known by the hash of its data: the window has one hand-over at a time, and
// a new one (after the window turned to another book) must start a new subscription.
impl Hash for Handover {
    fn hash<H: Hasher>(&self, state: &mut H) {
        "single-instance handover".hash(state);
        self.id.hash(state);
    }
}

/// Brings the window to the front, from the taskbar or dock if it was minimized. Where the system
/// will not hand it the focus (focus-stealing prevention), its taskbar button or dock icon asks
/// for attention instead; a window that has the focus is not flashed.
pub fn raise<T: Send + 'static>() -> Task<T> {
    window::latest().and_then(|id| {
        window::minimize(id, false)
            .chain(window::gain_focus(id))
            .chain(window::request_user_attention(id, Some(window::UserAttention::Informational)))
    })
}

/// What later starts of Clientele on this book ask of the window.
pub fn later_starts(handover: &Handover) -> impl Stream<Item = Message> + use<> {
    handover.requests().map(|request| match request {
        Request::Show => Message::Raise,
        Request::OpenRun(run) => Message::OpenRun(run),
    })
}

/// The background checker while the window is open: runs and problems come back as messages, and
/// a notification's "Open report" brings the window forward on that run. The checker stops when
/// the subscription ends.
// `Subscription::run_with` hands its data back by reference to a plain fn, so `&PathBuf` it is.
#[allow(clippy::ptr_arg)]
pub fn checker_events(db: &PathBuf) -> impl iced::futures::Stream<Item = Message> + use<> {
    let db = db.clone();
    iced::stream::channel(64, async move |output: iced::futures::channel::mpsc::Sender<Message>| {
        let opened = output.clone();
        let notifier = crate::alerts::DesktopNotifier {
            opened: Some(std::sync::Arc::new(move |run| opened.clone().try_send(Message::OpenRun(run)).is_ok())),
            open_in_window: None,
        };
        let mut events = output.clone();
        let tell = move |event| {
            // A full queue drops the event (the screen reads the store again at the next one);
            // only a closed one means the window is gone.
            match events.try_send(Message::Alerts(alerts::Message::Checker(event))) {
                Ok(()) => true,
                Err(error) => !error.is_disconnected(),
            }
        };
        let checker = crate::alerts::spawn_checker(db, Box::new(notifier), false, tell);
        match checker {
            Ok(_running) => std::future::pending::<()>().await,
            Err(error) => {
                let problem = format!("The alert checker could not start: {error}");
                let _ = output
                    .clone()
                    .try_send(Message::Alerts(alerts::Message::Checker(crate::alerts::CheckerEvent::Problem(problem))));
            }
        }
    })
}
