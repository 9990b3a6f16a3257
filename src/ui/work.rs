//! Work done off the window's thread: running a closure on a thread of its own, and loading the
//! sample data on a connection of its own.

use crate::domain::sample::{Generator, sample_alert_rule, sample_schema};
use crate::store::{Store, StoreError, sample_customer};
use std::future::Future;
use std::path::Path;

/// What "Load sample data" puts in the book: enough that every tab shows real work on the first
/// start (a sale prices itself, Reports and Alerts have something to say).
pub const SAMPLE_CUSTOMERS: u64 = 200;
const SAMPLE_ITEMS: u64 = 40;
const SAMPLE_LEVELS: u64 = 3;
const SAMPLE_SPECIAL_PRICES: u64 = 150;
/// A year of a small office's trading.
const SAMPLE_VOUCHERS: u64 = 2_000;
const SAMPLE_DAYS: u64 = 365;
const SAMPLE_SEED: u64 = 42;

/// Runs blocking work on its own thread so the window keeps drawing; `None` if the work panicked.
pub fn off_thread<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> impl Future<Output = Option<T>> {
    let (sender, receiver) = iced::futures::channel::oneshot::channel();
    std::thread::spawn(move || {
        let _ = sender.send(work());
    });
    async move { receiver.await.ok() }
}

/// "Load sample data" on a thread and connection of its own: thousands of rows are written.
pub fn load_sample_task(path: std::path::PathBuf) -> iced::Task<Result<u64, StoreError>> {
    iced::Task::perform(off_thread(move || load_sample(&path)), |result| {
        result.unwrap_or_else(|| Err(stopped("loading the sample data")))
    })
}

pub fn stopped(what: &str) -> StoreError {
    StoreError::Sqlite(format!("{what} stopped unexpectedly"))
}

/// What "Load sample data" does, on its own connection: the sample axes and fields, 200
/// customers, 40 items, three price levels with their prices, special prices, a year of sales,
/// purchases, collections and payments, the Friday alert rule, and the welcome marked as done.
pub fn load_sample(path: &Path) -> Result<u64, StoreError> {
    let mut store = Store::open(path)?;
    store.install_sample_schema(&sample_schema())?;
    let levels = store.new_sample_levels(SAMPLE_LEVELS)?;
    let mut level_names: Vec<String> = store.price_levels()?.into_iter().map(|l| l.name).collect();
    level_names.extend(levels.iter().map(|(_, name)| name.clone()));
    let generator = Generator::new(SAMPLE_SEED);
    let customers = (0..SAMPLE_CUSTOMERS).map(|n| sample_customer(&generator, SAMPLE_SEED, n, &level_names).1);
    let count = store.insert_many(customers, |_| {})?;
    store.add_sample_items(SAMPLE_SEED, SAMPLE_ITEMS)?;
    let today = chrono::Local::now().date_naive();
    store.add_sample_prices(SAMPLE_SEED, &levels, SAMPLE_SPECIAL_PRICES, today, |_| {})?;
    let start = today.checked_sub_days(chrono::Days::new(SAMPLE_DAYS)).unwrap_or(today);
    store.add_sample_vouchers(SAMPLE_SEED, SAMPLE_VOUCHERS, (start, today), |_| {})?;
    store.save_alert_rule(&sample_alert_rule())?;
    store.mark_welcome_done()?;
    Ok(count)
}
