//! The window's store worker: one long-lived thread with one connection that answers the
//! screens' reads (list pages, searches, reports, suggestions, previews) in turn, off the UI
//! thread, so a keystroke costs a query rather than a new thread and a new connection.
//!
//! Long writes (an import, the sample data, an undo) and file work (exports) keep threads and
//! connections of their own: minutes of writing must not queue the customer list behind them.

use crate::store::{Store, StoreError};
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::mpsc;

type Job = Box<dyn FnOnce(Result<&mut Store, StoreError>) + Send>;

/// A handle on the worker; clones share the one thread and connection.
#[derive(Clone)]
pub struct Worker {
    jobs: mpsc::Sender<Job>,
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Worker")
    }
}

impl Worker {
    /// Starts the worker for the book at `path`. The connection opens with the first job, so a
    /// window never waits for it; one that fails to open is tried again with the next job.
    pub fn start(path: PathBuf) -> Worker {
        let (jobs, queue) = mpsc::channel::<Job>();
        let spawned = std::thread::Builder::new().name("store-worker".into()).spawn(move || {
            let mut store: Option<Store> = None;
            for job in queue {
                if store.is_none() {
                    match Store::open(&path) {
                        Ok(opened) => store = Some(opened),
                        Err(error) => {
                            job(Err(error));
                            continue;
                        }
                    }
                }
                let Some(open) = store.as_mut() else { continue };
                // A job that panics loses its own answer, not the worker: the connection is
                // dropped (it may hold a half-done statement) and opened afresh for the next job.
                if catch_unwind(AssertUnwindSafe(|| job(Ok(open)))).is_err() {
                    store = None;
                }
            }
        });
        if let Err(error) = spawned {
            // Without a thread every job answers that it stopped (its sender is dropped at once).
            eprintln!("clientele: the store worker could not start: {error}");
        }
        Worker { jobs }
    }

    /// Runs `work` on the worker's connection; the future gives its answer, or the reason the
    /// connection could not be opened, or that the work stopped (it panicked).
    pub fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Store) -> T + Send + 'static,
    ) -> impl Future<Output = Result<T, StoreError>> + Send + 'static {
        let (answer, answered) = iced::futures::channel::oneshot::channel();
        let job: Job = Box::new(move |store| {
            let _ = answer.send(store.map(work));
        });
        // A send fails only when the worker is gone; the dropped sender then answers "stopped".
        let _ = self.jobs.send(job);
        async move { answered.await.unwrap_or_else(|_| Err(crate::ui::work::stopped("reading the book"))) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_connection_answers_in_turn_and_survives_a_panicking_job() {
        let dir = tempfile::tempdir().unwrap();
        let worker = Worker::start(dir.path().join("book.db"));
        let count = iced::futures::executor::block_on(worker.run(|store| store.customer_count()));
        assert_eq!(count.unwrap().unwrap(), 0);
        let panicked = iced::futures::executor::block_on(worker.run(|_store| -> u8 { panic!("a bad job") }));
        assert!(panicked.unwrap_err().to_string().contains("stopped unexpectedly"));
        let again = iced::futures::executor::block_on(worker.run(|store| store.customer_count()));
        assert_eq!(again.unwrap().unwrap(), 0, "the worker lives on");
    }

    #[test]
    fn a_book_that_cannot_be_opened_is_said_by_each_job() {
        let dir = tempfile::tempdir().unwrap();
        let worker = Worker::start(dir.path().to_path_buf());
        let answer = iced::futures::executor::block_on(worker.run(|store| store.customer_count()));
        assert!(answer.unwrap_err().to_string().contains("is a folder"));
    }
}
