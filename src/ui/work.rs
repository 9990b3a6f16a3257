//! Work done off the window's thread: running a closure on a thread of its own, and loading the
//! sample data on a connection of its own.

use crate::domain::sample::{Generator, SAMPLE_PRICE_LEVELS, sample_schema};
use crate::store::{Store, StoreError};
use std::future::Future;
use std::path::Path;

/// How many customers "Load sample data" creates.
pub const SAMPLE_CUSTOMERS: u64 = 200;
const SAMPLE_SEED: u64 = 42;

/// Runs blocking work on its own thread so the window keeps drawing; `None` if the work panicked.
pub fn off_thread<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> impl Future<Output = Option<T>> {
    let (sender, receiver) = iced::futures::channel::oneshot::channel();
    std::thread::spawn(move || {
        let _ = sender.send(work());
    });
    async move { receiver.await.ok() }
}

pub fn stopped(what: &str) -> StoreError {
    StoreError::Sqlite(format!("{what} stopped unexpectedly"))
}

/// What "Load sample data" does, on its own connection: the sample axes and
/// fields, 200 generated customers, and the welcome marked as done.
pub fn load_sample(path: &Path) -> Result<u64, StoreError> {
    let mut store = Store::open(path)?;
    store.install_sample_schema(&sample_schema())?;
    let generator = Generator::new(SAMPLE_SEED);
    let count = store.insert_many((0..SAMPLE_CUSTOMERS).map(|n| generator.customer(n)), |_| {})?;
    store.ensure_price_levels(&SAMPLE_PRICE_LEVELS)?;
    store.mark_welcome_done()?;
    Ok(count)
}
