//! Passwords kept on this computer, never in a book: the mail server's and the book servers'.
//!
//! A password goes to this computer's keyring (the Windows Credential Manager, the macOS
//! Keychain, the Secret Service on Linux); only where no keyring answers is it kept in a file of
//! its own in this user's configuration folder, readable by this user only. Each is kept by its
//! kind ("smtp", "postgres") and an account within that kind ([`Secret`]).

use std::path::{Path, PathBuf};

/// Names a folder to keep passwords in as files, instead of the keyring. Tests set it, so they
/// never write into the real keyring or home; so may someone who wants the file.
pub const SECRETS_DIR_ENV: &str = "CLIENTELE_SECRETS_DIR";

/// The keyring of this system, as its users know it.
pub const KEYRING_NAME: &str = if cfg!(windows) {
    "the Windows Credential Manager"
} else if cfg!(target_os = "macos") {
    "the macOS Keychain"
} else {
    "the system keyring (Secret Service)"
};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("the password could not be kept in {path}: {reason}")]
    File { path: PathBuf, reason: String },
    #[error("the password could not be removed from {KEYRING_NAME}: {0}")]
    Keyring(String),
    #[error("the password is now in {KEYRING_NAME}, but its old copy in {path} could not be removed: {reason}")]
    OldCopy { path: PathBuf, reason: String },
}

/// Where a password is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeptIn {
    /// This computer's keyring ([`KEYRING_NAME`]).
    Keyring,
    /// A file readable by this user only, where no keyring answered.
    File(PathBuf),
}

impl KeptIn {
    /// Where, in words for Settings and the command line.
    pub fn describe(&self) -> String {
        match self {
            KeptIn::Keyring => KEYRING_NAME.to_string(),
            KeptIn::File(path) => format!("{}, readable only by your user account", path.display()),
        }
    }
}

/// One password's place: the keyring entry `KIND:ACCOUNT` under the app's id, and, where no
/// keyring answers, the file `KIND-PART-PART….secret` in the configuration folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secret {
    kind: &'static str,
    account: String,
    file_name: String,
}

impl Secret {
    /// `kind` says what the password is for ("smtp", "postgres"); `account` tells it from the
    /// others of its kind (e.g. `clerk@smtp.example.com`); `file_parts` name its file, joined by
    /// dashes with anything but letters, digits and `._@-` made `_`.
    pub fn new(kind: &'static str, account: impl Into<String>, file_parts: &[&str]) -> Secret {
        let safe = |text: &str| -> String {
            text.trim().chars().map(|c| if c.is_ascii_alphanumeric() || "._@-".contains(c) { c } else { '_' }).collect()
        };
        let mut file_name = kind.to_string();
        for part in file_parts {
            file_name.push('-');
            file_name.push_str(&safe(part));
        }
        file_name.push_str(".secret");
        Secret { kind, account: account.into(), file_name }
    }

    /// The keyring entry's user name.
    pub fn keyring_account(&self) -> String {
        format!("{}:{}", self.kind, self.account)
    }

    /// The file the password is kept in where no keyring answers: in this user's configuration
    /// folder (or in `CLIENTELE_SECRETS_DIR`); `None` where this computer has no such folder.
    pub fn file(&self) -> Option<PathBuf> {
        let folder = secrets_dir().or_else(crate::paths::config_dir)?;
        Some(folder.join(&self.file_name))
    }

    /// Keeps `password` (an empty one forgets it), in the keyring, else in the file.
    pub fn keep(&self, password: &str) -> Result<(), SecretError> {
        save_in(system_keyring(), &self.keyring_account(), self.file().as_deref(), password)
    }

    /// The kept password: the keyring's, else the file's. A link in the file's place is not
    /// followed, and a file others could read is made this user's only before it is read.
    pub fn load(&self) -> Option<String> {
        load_from(system_keyring(), &self.keyring_account(), self.file().as_deref())
    }

    /// Where the password is kept now, if one is: the keyring is asked first, as when it is read.
    pub fn kept_in(&self) -> Option<KeptIn> {
        kept_in(system_keyring(), &self.keyring_account(), self.file().as_deref())
    }
}

fn secrets_dir() -> Option<PathBuf> {
    std::env::var_os(SECRETS_DIR_ENV).filter(|v| !v.is_empty()).map(PathBuf::from)
}

/// The OS keyring as the password rules use it: behind a trait, so those rules are tested with
/// stand-ins and the tests never touch a real keyring.
trait Keyring {
    /// Keeps `password` for `account`.
    fn set(&self, account: &str, password: &str) -> Result<(), String>;
    /// The password kept for `account`; `Ok(None)` when there is none.
    fn get(&self, account: &str) -> Result<Option<String>, String>;
    /// Forgets `account`'s password; `Ok` when there was none.
    fn delete(&self, account: &str) -> Result<(), String>;
}

/// The `keyring` crate's store for this system, under the service name [`crate::identity::APP_ID`].
struct OsKeyring;

impl OsKeyring {
    fn entry(account: &str) -> Result<keyring::Entry, String> {
        keyring::Entry::new(crate::identity::APP_ID, account).map_err(|e| e.to_string())
    }
}

impl Keyring for OsKeyring {
    fn set(&self, account: &str, password: &str) -> Result<(), String> {
        OsKeyring::entry(account)?.set_password(password).map_err(|e| e.to_string())
    }

    fn get(&self, account: &str) -> Result<Option<String>, String> {
        match OsKeyring::entry(account)?.get_password() {
            Ok(password) => Ok(Some(password)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(error.to_string()),
        }
    }

    fn delete(&self, account: &str) -> Result<(), String> {
        match OsKeyring::entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(error.to_string()),
        }
    }
}

/// No keyring: passwords are kept in files only.
struct NoKeyring;

impl Keyring for NoKeyring {
    fn set(&self, _account: &str, _password: &str) -> Result<(), String> {
        Err("no keyring is used here".into())
    }

    fn get(&self, _account: &str) -> Result<Option<String>, String> {
        Ok(None)
    }

    fn delete(&self, _account: &str) -> Result<(), String> {
        Ok(())
    }
}

/// The keyring to use: none when `CLIENTELE_SECRETS_DIR` asks for files, nor on a system the
/// `keyring` crate has no real store for (there it would answer from memory and lose the
/// password at exit).
fn system_keyring() -> &'static dyn Keyring {
    const HAS_KEYRING: bool = cfg!(any(
        target_os = "windows",
        target_os = "macos",
        target_os = "linux",
        target_os = "freebsd",
        target_os = "openbsd"
    ));
    if HAS_KEYRING && secrets_dir().is_none() { &OsKeyring } else { &NoKeyring }
}

/// Keeps `password` for `account` in the keyring, else in `file`; an empty one is forgotten from
/// both. Whichever holds it, no other copy is left behind to be read instead of it.
fn save_in(keyring: &dyn Keyring, account: &str, file: Option<&Path>, password: &str) -> Result<(), SecretError> {
    if password.is_empty() {
        let forgotten = keyring.delete(account);
        if let Some(file) = file {
            save_password_at(file, "")?;
        }
        // A keyring that could not be reached holds nothing to forget; one that still holds it must say so.
        return match forgotten {
            Err(reason) if matches!(keyring.get(account), Ok(Some(_))) => Err(SecretError::Keyring(reason)),
            _ => Ok(()),
        };
    }
    // Read back before trusting it: the old copy is removed only once the new one is there.
    let in_keyring = keyring.set(account, password).and_then(|()| match keyring.get(account)? {
        Some(kept) if kept == password => Ok(()),
        _ => Err("it did not give the password back".to_string()),
    });
    match in_keyring {
        Ok(()) => {
            tracing::info!(account, "password kept in {KEYRING_NAME}");
            let Some(file) = file.filter(|file| std::fs::symlink_metadata(file).is_ok()) else { return Ok(()) };
            std::fs::remove_file(file)
                .map_err(|e| SecretError::OldCopy { path: file.to_path_buf(), reason: e.to_string() })
        }
        Err(reason) => {
            let file = file.ok_or_else(|| SecretError::File {
                path: PathBuf::from("(no configuration folder)"),
                reason: format!(
                    "no keyring took it ({reason}) and this computer has no configuration folder for Clientele"
                ),
            })?;
            save_password_at(file, password)?;
            // An older password in the keyring would be read before this one.
            let _ = keyring.delete(account);
            tracing::info!(account, file = %file.display(), "password kept in a file: the keyring did not take it ({reason})");
            Ok(())
        }
    }
}

/// The password kept for `account`: the keyring's, else the file's.
fn load_from(keyring: &dyn Keyring, account: &str, file: Option<&Path>) -> Option<String> {
    match keyring.get(account) {
        Ok(Some(password)) => Some(password),
        _ => load_password_at(file?),
    }
}

fn kept_in(keyring: &dyn Keyring, account: &str, file: Option<&Path>) -> Option<KeptIn> {
    if matches!(keyring.get(account), Ok(Some(_))) {
        return Some(KeptIn::Keyring);
    }
    file.filter(|file| file.exists()).map(|file| KeptIn::File(file.to_path_buf()))
}

/// Keeps `password` in the file at `path` (an empty one forgets it).
fn save_password_at(path: &Path, password: &str) -> Result<(), SecretError> {
    let path = path.to_path_buf();
    let failed = |reason: std::io::Error| SecretError::File { path: path.clone(), reason: reason.to_string() };
    if password.is_empty() {
        return match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(failed(e)),
            _ => Ok(()),
        };
    }
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(failed)?;
    }
    if is_link(&path) {
        return Err(SecretError::File {
            path: path.clone(),
            reason: "it is a link to another file; the password is not written through it".into(),
        });
    }
    // Written whole to a new file readable by this user only, then put in place: a file that
    // stood there with looser permissions is replaced, not reused, and a crash leaves the old one.
    let fresh = path.with_extension("secret.new");
    let _ = std::fs::remove_file(&fresh);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&fresh).and_then(|mut file| {
        std::io::Write::write_all(&mut file, password.as_bytes())?;
        file.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&fresh, &path)) {
        let _ = std::fs::remove_file(&fresh);
        return Err(failed(e));
    }
    Ok(())
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

fn load_password_at(path: &Path) -> Option<String> {
    if is_link(path) {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).ok()?;
        }
    }
    std::fs::read_to_string(path).ok()
}

#[cfg(all(test, unix))]
mod secret_file_tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_loose_file_is_replaced_by_one_for_this_user_only_and_a_link_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("smtp-host-user.secret");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
        save_password_at(&path, "s3cret").unwrap();
        assert_eq!(mode(&path), 0o600, "the world-readable file was replaced");
        assert_eq!(load_password_at(&path).as_deref(), Some("s3cret"));

        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(load_password_at(&path).as_deref(), Some("s3cret"));
        assert_eq!(mode(&path), 0o600, "reading it tightened it first");

        let elsewhere = dir.path().join("elsewhere.txt");
        std::fs::write(&elsewhere, "not a password").unwrap();
        std::fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &path).unwrap();
        let refused = save_password_at(&path, "s3cret").unwrap_err().to_string();
        assert!(refused.contains("is a link"), "{refused}");
        assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "not a password", "nothing written through the link");
        assert_eq!(load_password_at(&path), None, "a link is not read either");
    }
}

#[cfg(test)]
mod keyring_tests {
    use super::*;
    use std::cell::RefCell;
    use std::collections::HashMap;

    /// A keyring in memory; each of its doors can be shut to play a keyring that fails.
    #[derive(Default)]
    struct Stand {
        kept: RefCell<HashMap<String, String>>,
        refuses_set: bool,
        refuses_delete: bool,
    }

    impl Keyring for Stand {
        fn set(&self, account: &str, password: &str) -> Result<(), String> {
            if self.refuses_set {
                return Err("the keyring is locked".into());
            }
            self.kept.borrow_mut().insert(account.into(), password.into());
            Ok(())
        }

        fn get(&self, account: &str) -> Result<Option<String>, String> {
            Ok(self.kept.borrow().get(account).cloned())
        }

        fn delete(&self, account: &str) -> Result<(), String> {
            if self.refuses_delete {
                return Err("the keyring is locked".into());
            }
            self.kept.borrow_mut().remove(account);
            Ok(())
        }
    }

    const ACCOUNT: &str = "smtp:clerk@smtp.example.com";

    #[test]
    fn a_secret_is_named_by_its_kind_and_account() {
        let mail = Secret::new("smtp", "clerk@smtp.example.com", &["smtp.example.com", "clerk"]);
        assert_eq!(mail.keyring_account(), ACCOUNT);
        assert_eq!(mail.file_name, "smtp-smtp.example.com-clerk.secret", "the mail password's file keeps its name");
        let book = Secret::new("postgres", "clerk@office.lan:5432/office", &["clerk@office.lan", "5432", "office"]);
        assert_eq!(book.keyring_account(), "postgres:clerk@office.lan:5432/office");
        assert_eq!(book.file_name, "postgres-clerk@office.lan-5432-office.secret");
        let odd = Secret::new("postgres", "x", &["a/b\\c d", "../e"]);
        assert_eq!(odd.file_name, "postgres-a_b_c_d-.._e.secret", "no folder can be named through a part");
    }

    #[test]
    fn the_keyring_takes_the_password_and_an_old_file_copy_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("smtp-smtp.example.com-clerk.secret");
        save_in(&NoKeyring, ACCOUNT, Some(&file), "old").unwrap();
        assert_eq!(kept_in(&NoKeyring, ACCOUNT, Some(&file)), Some(KeptIn::File(file.clone())));

        let keyring = Stand::default();
        save_in(&keyring, ACCOUNT, Some(&file), "new").unwrap();
        assert_eq!(keyring.get(ACCOUNT).unwrap().as_deref(), Some("new"));
        assert!(!file.exists(), "the file's older password is gone");
        assert_eq!(load_from(&keyring, ACCOUNT, Some(&file)).as_deref(), Some("new"));
        assert_eq!(kept_in(&keyring, ACCOUNT, Some(&file)), Some(KeptIn::Keyring));
    }

    #[test]
    fn without_a_keyring_the_file_keeps_it_and_gives_it_back() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("secrets").join("smtp.secret");
        save_in(&NoKeyring, ACCOUNT, Some(&file), "s3cret").unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "s3cret");
        assert_eq!(load_from(&NoKeyring, ACCOUNT, Some(&file)).as_deref(), Some("s3cret"));
        assert_eq!(kept_in(&NoKeyring, ACCOUNT, Some(&file)), Some(KeptIn::File(file.clone())));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
        }

        save_in(&NoKeyring, ACCOUNT, Some(&file), "").unwrap();
        assert!(!file.exists());
        assert_eq!(kept_in(&NoKeyring, ACCOUNT, Some(&file)), None);
        assert_eq!(load_from(&NoKeyring, ACCOUNT, Some(&file)), None);
    }

    #[test]
    fn a_keyring_that_refuses_leaves_the_password_in_the_file_and_no_older_copy_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("smtp.secret");
        let keyring = Stand::default();
        save_in(&keyring, ACCOUNT, Some(&file), "first").unwrap();
        let keyring = Stand { refuses_set: true, ..keyring };
        save_in(&keyring, ACCOUNT, Some(&file), "second").unwrap();
        assert_eq!(keyring.get(ACCOUNT).unwrap(), None, "the keyring's older password was taken out");
        assert_eq!(load_from(&keyring, ACCOUNT, Some(&file)).as_deref(), Some("second"));
        assert_eq!(kept_in(&keyring, ACCOUNT, Some(&file)), Some(KeptIn::File(file.clone())));
    }

    #[test]
    fn forgetting_clears_both_and_a_keyring_that_keeps_it_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("smtp.secret");
        let keyring = Stand::default();
        save_in(&keyring, ACCOUNT, Some(&file), "kept").unwrap();
        std::fs::write(&file, "a stray copy").unwrap();
        save_in(&keyring, ACCOUNT, Some(&file), "").unwrap();
        assert_eq!((keyring.get(ACCOUNT).unwrap(), file.exists()), (None, false));

        let keyring = Stand { refuses_delete: true, ..Stand::default() };
        save_in(&keyring, ACCOUNT, Some(&file), "kept").unwrap();
        let refused = save_in(&keyring, ACCOUNT, Some(&file), "").unwrap_err();
        assert_eq!(refused, SecretError::Keyring("the keyring is locked".into()));
        assert!(refused.to_string().starts_with("the password could not be removed from "), "{refused}");
    }

    #[test]
    fn no_file_and_no_keyring_is_one_sentence() {
        let error = save_in(&NoKeyring, ACCOUNT, None, "s3cret").unwrap_err().to_string();
        assert!(error.contains("no keyring took it") && error.contains("no configuration folder"), "{error}");
    }
}
