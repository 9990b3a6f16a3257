//! One window per book: the first start on a book listens on a local socket named after it, and a
//! later start on the same book hands its request ("show yourself", or "open alert run N") to that
//! window and exits instead of opening a second window on the same file.
//!
//! The socket is a Unix socket (in the abstract namespace on Linux, a file in the per-user
//! temporary folder on macOS) or a named pipe on Windows, through the `interprocess` crate. Its
//! name is derived from the book's full path and the user, so two books, or two users on one
//! machine, never meet. Binding the name is the claim: on Linux and Windows the system refuses a
//! second listener on a name, so two starts at the same moment cannot both become the window.

use interprocess::local_socket::prelude::*;
use interprocess::local_socket::{GenericFilePath, GenericNamespaced, ListenerOptions, Name, Stream};
use std::io::{BufRead, BufReader, ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// What a later start asks of the window already open on the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// Come to the front (a plain second start from the Start menu or app grid).
    Show,
    /// Open this alert run's report (a notification's "Open report").
    OpenRun(i64),
}

impl Request {
    /// One line on the wire; the first word names the protocol so that a stranger's line is refused.
    fn line(self) -> String {
        match self {
            Request::Show => format!("{PROTOCOL} show\n"),
            Request::OpenRun(run) => format!("{PROTOCOL} open-run {run}\n"),
        }
    }

    fn parse(line: &str) -> Option<Request> {
        let mut words = line.split_whitespace();
        if words.next()? != PROTOCOL {
            return None;
        }
        let request = match (words.next()?, words.next()) {
            ("show", None) => Request::Show,
            ("open-run", Some(run)) => Request::OpenRun(run.parse().ok()?),
            _ => return None,
        };
        words.next().is_none().then_some(request)
    }
}

const PROTOCOL: &str = "clientele-window/1";
const TAKEN: &str = "ok";

/// How long a later start waits for the open window's answer before it gives up on it.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum InstanceError {
    #[error("Clientele could not check whether it is already open on this book: {0}")]
    Socket(#[source] std::io::Error),
    #[error("Clientele seems to be open on this book already, but that window did not answer")]
    NoAnswer,
}

/// The outcome of [`claim`].
pub enum Claim {
    /// No window was open on the book: this start is the window, and hears later starts here.
    First(Listener),
    /// A window was open on the book and took the request: this start should exit.
    HandedOver,
}

/// The claim on a book's name, held by the window for as long as it is open on that book.
pub struct Listener {
    inner: interprocess::local_socket::Listener,
    name: SocketName,
}

/// A listener serving on its thread: [`Serving::release`] gives the book's name up.
pub struct Serving {
    name: SocketName,
    released: Arc<AtomicBool>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl Serving {
    /// Stops hearing later starts on this book and frees its name, once the window shows another
    /// book: a later start on this one then opens a window of its own. The listening thread is
    /// woken by a connection that says nothing, sees the flag and ends, closing the name before
    /// this returns (at most one answer's wait, [`ANSWER_TIMEOUT`], when a start is being heard).
    pub fn release(&self) {
        if self.released.swap(true, Ordering::SeqCst) {
            return;
        }
        let woken = self.name.name().and_then(Stream::connect);
        let thread = self.thread.lock().ok().and_then(|mut slot| slot.take());
        if let (Ok(_), Some(thread)) = (woken, thread) {
            let _ = thread.join();
        }
    }
}

impl Listener {
    /// Serves later starts on a thread of its own until `deliver` says the window is gone, or
    /// the returned [`Serving`] is released. `deliver` gets each request and answers whether the
    /// window took it.
    pub fn serve(self, deliver: impl Fn(Request) -> bool + Send + 'static) -> std::io::Result<Serving> {
        let released = Arc::new(AtomicBool::new(false));
        let name = self.name.clone();
        let stop = released.clone();
        let thread = std::thread::Builder::new().name("single-instance".into()).spawn(move || {
            for connection in self.inner.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(connection) = connection else { continue };
                if !answer(connection, &deliver) {
                    break;
                }
            }
        })?;
        Ok(Serving { name, released, thread: Mutex::new(Some(thread)) })
    }

    /// Waits for one later start and answers it; for tests, which have no window.
    pub fn serve_one(&self, deliver: impl Fn(Request) -> bool) -> std::io::Result<bool> {
        let connection = self.inner.accept()?;
        Ok(answer(connection, &deliver))
    }
}

/// Reads one request and answers it. Returns false once the window no longer takes requests.
fn answer(connection: Stream, deliver: &impl Fn(Request) -> bool) -> bool {
    // A caller that connects and then says nothing must not keep the next start waiting.
    let _ = connection.set_recv_timeout(Some(ANSWER_TIMEOUT));
    let mut reader = BufReader::new(connection);
    let mut line = String::new();
    // A line that is not ours, or none at all, is not a start of Clientele: ignore it.
    if reader.read_line(&mut line).is_err() || line.len() > 200 {
        return true;
    }
    let Some(request) = Request::parse(&line) else { return true };
    let taken = deliver(request);
    if taken {
        let _ = reader.get_mut().write_all(format!("{TAKEN}\n").as_bytes());
    }
    taken
}

/// Whether two locations name one book, as the claim on a book's name sees it.
pub fn same_book(a: &Path, b: &Path) -> bool {
    full_path(a) == full_path(b)
}

/// Claims the book for this start's window, or hands `request` to the window already open on it.
pub fn claim(db: &Path, request: Request) -> Result<Claim, InstanceError> {
    claim_name(&socket_name(db), request)
}

fn claim_name(name: &SocketName, request: Request) -> Result<Claim, InstanceError> {
    // A window that is closing, or a socket file left by one that crashed, can stand in the way
    // for a moment; a few tries settle it.
    for _ in 0..3 {
        match bind(name, false) {
            Ok(listener) => return Ok(Claim::First(listener)),
            Err(error) if error.kind() == ErrorKind::AddrInUse => {}
            Err(error) => return Err(InstanceError::Socket(error)),
        }
        match hand_over(name, request) {
            Ok(true) => return Ok(Claim::HandedOver),
            Ok(false) => return Err(InstanceError::NoAnswer),
            Err(error) if matches!(error.kind(), ErrorKind::ConnectionRefused | ErrorKind::NotFound) => {
                // Nobody listens behind the name: a file left by a crash (macOS), which may go.
                if name.is_file {
                    match bind(name, true) {
                        Ok(listener) => return Ok(Claim::First(listener)),
                        Err(error) if error.kind() == ErrorKind::AddrInUse => {}
                        Err(error) => return Err(InstanceError::Socket(error)),
                    }
                }
            }
            Err(error) => return Err(InstanceError::Socket(error)),
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err(InstanceError::NoAnswer)
}

/// The socket's name for a book, and whether it is a file (macOS) rather than a namespace name.
#[derive(Clone)]
struct SocketName {
    text: String,
    is_file: bool,
}

impl SocketName {
    fn name(&self) -> std::io::Result<Name<'_>> {
        if self.is_file {
            self.text.as_str().to_fs_name::<GenericFilePath>()
        } else {
            self.text.as_str().to_ns_name::<GenericNamespaced>()
        }
    }
}

fn socket_name(db: &Path) -> SocketName {
    let full = full_path(db);
    let user = std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_default();
    let key = format!("{user}\0{}", full.to_string_lossy());
    // The path goes in as a hash: socket names are short.
    let hash = fnv1a(key.as_bytes());
    if GenericNamespaced::is_supported() {
        SocketName { text: format!("{}-{hash:016x}.sock", crate::identity::APP_ID), is_file: false }
    } else {
        // A file socket's whole path must fit in 104 bytes (macOS), and the per-user temporary
        // folder there is already about 50: a short leaf.
        let dir: PathBuf = std::env::temp_dir();
        SocketName {
            text: dir.join(format!("clientele-{hash:016x}.sock")).to_string_lossy().into_owned(),
            is_file: true,
        }
    }
}

/// The book's path as the file system knows it, so that two spellings of one book (relative,
/// through a link, in another letter case on Windows and macOS) are one book. The folder is
/// resolved rather than the file, because at a window's first start the file does not exist yet
/// and a later start must still arrive at the same name.
fn full_path(db: &Path) -> PathBuf {
    if crate::store::is_server_location(db) {
        // One book however its address is written (with or without the port, a password or TLS).
        return match crate::store::ServerAddress::from_location(db) {
            Ok(Some(address)) => PathBuf::from(address.identity()),
            _ => db.to_path_buf(),
        };
    }
    let absolute = std::path::absolute(db).unwrap_or_else(|_| db.to_path_buf());
    match (absolute.parent().map(std::fs::canonicalize), absolute.file_name()) {
        (Some(Ok(folder)), Some(file)) => folder.join(file),
        _ => absolute,
    }
}

/// FNV-1a, 64 bits: stable across builds and versions, unlike std's hasher, so an older and a
/// newer Clientele agree on a book's name.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3))
}

fn bind(name: &SocketName, overwrite: bool) -> std::io::Result<Listener> {
    let inner = ListenerOptions::new()
        .name(name.name()?)
        .try_overwrite(overwrite)
        .max_spin_time(Duration::from_millis(500))
        .create_sync()?;
    Ok(Listener { inner, name: name.clone() })
}

/// Sends the request to the listener behind `name`; true when the window took it.
fn hand_over(name: &SocketName, request: Request) -> std::io::Result<bool> {
    let stream = Stream::connect(name.name()?)?;
    // A window that hangs must not hang this start too.
    stream.set_recv_timeout(Some(ANSWER_TIMEOUT))?;
    let mut reader = BufReader::new(stream);
    reader.get_mut().write_all(request.line().as_bytes())?;
    let mut reply = String::new();
    match reader.read_line(&mut reply) {
        Ok(_) => Ok(reply.trim_end() == TAKEN),
        Err(error) if matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => Ok(false),
        Err(error) => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_cross_the_wire_and_strangers_are_refused() {
        for request in [Request::Show, Request::OpenRun(0), Request::OpenRun(i64::MAX)] {
            assert_eq!(Request::parse(&request.line()), Some(request));
        }
        for stranger in [
            "",
            "show\n",
            "clientele-window/1\n",
            "clientele-window/1 open-run x\n",
            "clientele-window/1 show now\n",
            "clientele-window/2 show\n",
        ] {
            assert_eq!(Request::parse(stranger), None, "{stranger:?}");
        }
    }

    #[test]
    fn a_book_has_one_name_however_its_path_is_spelled() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("book.db");
        std::fs::write(&db, b"").unwrap();
        let roundabout = dir.path().join(".").join("book.db");
        assert_eq!(socket_name(&db).text, socket_name(&roundabout).text);
        assert_ne!(socket_name(&db).text, socket_name(&dir.path().join("other.db")).text);
    }

    #[cfg(unix)]
    #[test]
    fn a_book_not_yet_made_has_the_name_it_will_have_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let before = socket_name(&link.join("book.db")).text;
        std::fs::write(real.join("book.db"), b"").unwrap();
        assert_eq!(before, socket_name(&link.join("book.db")).text);
        assert_eq!(before, socket_name(&real.join("book.db")).text);
    }

    #[test]
    fn a_server_book_has_one_name_however_its_address_is_written() {
        let book = socket_name(Path::new("postgres://clerk@office.lan/book")).text;
        let spelled = socket_name(Path::new("postgres://clerk:secret@office.lan:5432/book?sslmode=require")).text;
        assert_eq!(book, spelled);
        assert_ne!(book, socket_name(Path::new("postgres://clerk@office.lan/other")).text);
    }

    /// A window that turns to another book gives this one's name up: the next start on it
    /// becomes a window of its own instead of being handed to a window showing another book.
    #[cfg(unix)]
    #[test]
    fn a_released_name_is_free_for_the_next_start() {
        let dir = tempfile::tempdir().unwrap();
        let name = SocketName { text: dir.path().join("book.sock").to_string_lossy().into_owned(), is_file: true };
        let Ok(Claim::First(window)) = claim_name(&name, Request::Show) else { panic!("the name was free") };
        let serving = window.serve(|_| true).unwrap();
        serving.release();
        assert!(!Path::new(&name.text).exists(), "the socket file went with the listener");
        assert!(matches!(claim_name(&name, Request::Show), Ok(Claim::First(_))), "the next start claims it");
    }

    /// macOS's kind of name, a socket file, tried on this system: a file left by a window that
    /// crashed is taken over, and a live window is still handed the request.
    #[cfg(unix)]
    #[test]
    fn a_socket_file_left_by_a_crash_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let name = SocketName { text: dir.path().join("book.sock").to_string_lossy().into_owned(), is_file: true };
        let crashed = ListenerOptions::new().name(name.name().unwrap()).reclaim_name(false).create_sync().unwrap();
        drop(crashed);
        assert!(Path::new(&name.text).exists(), "the stale socket file stays behind");

        let Ok(Claim::First(window)) = claim_name(&name, Request::Show) else {
            panic!("the stale file was not taken over")
        };
        let later = std::thread::spawn({
            let text = name.text.clone();
            move || claim_name(&SocketName { text, is_file: true }, Request::OpenRun(3))
        });
        let heard = std::cell::Cell::new(None);
        assert!(window.serve_one(|request| heard.replace(Some(request)).is_none()).unwrap());
        assert_eq!(heard.get(), Some(Request::OpenRun(3)));
        assert!(matches!(later.join().unwrap(), Ok(Claim::HandedOver)));
    }
}
