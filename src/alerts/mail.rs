//! E-mailing a run's report: the mail server settings, where the password is kept, the message
//! with its .xlsx attachment, and sending it over SMTP.
//!
//! The password never goes into the database file. It goes to this computer's keyring (the
//! Windows Credential Manager, the macOS Keychain, the Secret Service on Linux); only where no
//! keyring answers is it kept in a file of its own in this user's configuration folder, readable
//! by this user only. Settings and `clientele alerts mail` say which ([`password_kept`]).

use crate::store::{Delivery, Store};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How the connection to the mail server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Security {
    /// TLS from the first byte (usually port 465).
    Tls,
    /// Plain first, then STARTTLS, which must succeed (usually port 587).
    #[default]
    StartTls,
    /// No encryption: only for a relay on this computer or a trusted office network.
    None,
}

impl Security {
    pub const ALL: [Security; 3] = [Security::StartTls, Security::Tls, Security::None];

    pub fn key(self) -> &'static str {
        match self {
            Security::Tls => "tls",
            Security::StartTls => "starttls",
            Security::None => "none",
        }
    }

    pub fn parse(text: &str) -> Option<Security> {
        Security::ALL.into_iter().find(|s| s.key().eq_ignore_ascii_case(text.trim()))
    }

    pub fn default_port(self) -> u16 {
        match self {
            Security::Tls => 465,
            Security::StartTls => 587,
            Security::None => 25,
        }
    }
}

impl std::fmt::Display for Security {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Security::Tls => "TLS",
            Security::StartTls => "STARTTLS",
            Security::None => "none (unencrypted)",
        })
    }
}

/// The mail server set in Settings. The password is not here; see [`password_kept`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MailSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub user: String,
    /// The sender's address, e.g. "Clientele <office@example.com>".
    pub from: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MailError {
    #[error("the mail server needs a host name, e.g. smtp.example.com")]
    NoHost,
    #[error("the sender \"{0}\" is not an e-mail address; write e.g. office@example.com")]
    BadFrom(String),
    #[error("the recipient \"{0}\" is not an e-mail address")]
    BadTo(String),
    #[error("the password could not be kept in {path}: {reason}")]
    Password { path: PathBuf, reason: String },
    #[error("the password could not be removed from {KEYRING_NAME}: {0}")]
    Keyring(String),
    #[error("the password is now in {KEYRING_NAME}, but its old copy in {path} could not be removed: {reason}")]
    OldCopy { path: PathBuf, reason: String },
    #[error("{0}")]
    Store(String),
    #[error("{0}")]
    Send(String),
}

const KEYS: [&str; 5] = ["smtp_host", "smtp_port", "smtp_security", "smtp_user", "smtp_from"];

impl MailSettings {
    /// What Settings holds, or None when no server is set.
    pub fn load(store: &Store) -> Result<Option<MailSettings>, MailError> {
        let read =
            |key: &str| store.setting(key).map(Option::unwrap_or_default).map_err(|e| MailError::Store(e.to_string()));
        let host = read(KEYS[0])?;
        if host.trim().is_empty() {
            return Ok(None);
        }
        let security = Security::parse(&read(KEYS[2])?).unwrap_or_default();
        let port = read(KEYS[1])?.trim().parse().unwrap_or(security.default_port());
        Ok(Some(MailSettings { host, port, security, user: read(KEYS[3])?, from: read(KEYS[4])? }))
    }

    /// Checks and saves the settings, and the password when one is given (`Some("")` forgets it).
    pub fn save(&self, store: &Store, password: Option<&str>) -> Result<(), MailError> {
        if self.host.trim().is_empty() {
            return Err(MailError::NoHost);
        }
        if self.from.trim().parse::<lettre::message::Mailbox>().is_err() {
            return Err(MailError::BadFrom(self.from.trim().to_string()));
        }
        let values = [
            self.host.trim().to_string(),
            self.port.to_string(),
            self.security.key().to_string(),
            self.user.trim().to_string(),
            self.from.trim().to_string(),
        ];
        for (key, value) in KEYS.iter().zip(values) {
            store.set_setting(key, &value).map_err(|e| MailError::Store(e.to_string()))?;
        }
        if let Some(password) = password {
            save_password(&self.host, &self.user, password)?;
        }
        Ok(())
    }
}

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

/// Where a mail password is kept.
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

/// Where the password of `user` at `host` is kept now, if one is: the keyring is asked first,
/// as when the password is read to send.
pub fn password_kept(host: &str, user: &str) -> Option<KeptIn> {
    kept_in(system_keyring(), &account(host, user), password_file(host, user).as_deref())
}

/// The file the password of `user` at `host` is kept in where no keyring answers: in this user's
/// configuration folder (or in `CLIENTELE_SECRETS_DIR`), named after the server and account.
pub fn password_file(host: &str, user: &str) -> Option<PathBuf> {
    let folder = secrets_dir()
        .or_else(|| directories::ProjectDirs::from("", "", "Clientele").map(|d| d.config_dir().to_path_buf()))?;
    let safe = |text: &str| -> String {
        text.trim().chars().map(|c| if c.is_ascii_alphanumeric() || "._@-".contains(c) { c } else { '_' }).collect()
    };
    Some(folder.join(format!("smtp-{}-{}.secret", safe(host), safe(user))))
}

fn secrets_dir() -> Option<PathBuf> {
    std::env::var_os(SECRETS_DIR_ENV).filter(|v| !v.is_empty()).map(PathBuf::from)
}

/// The keyring entry's user name: one entry per server and account, under the app's id.
fn account(host: &str, user: &str) -> String {
    format!("smtp:{}@{}", user.trim(), host.trim())
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

fn save_password(host: &str, user: &str, password: &str) -> Result<(), MailError> {
    save_in(system_keyring(), &account(host, user), password_file(host, user).as_deref(), password)
}

/// Keeps `password` for `account` in the keyring, else in `file`; an empty one is forgotten from
/// both. Whichever holds it, no other copy is left behind to be read instead of it.
fn save_in(keyring: &dyn Keyring, account: &str, file: Option<&Path>, password: &str) -> Result<(), MailError> {
    if password.is_empty() {
        let forgotten = keyring.delete(account);
        if let Some(file) = file {
            save_password_at(file, "")?;
        }
        // A keyring that could not be reached holds nothing to forget; one that still holds it must say so.
        return match forgotten {
            Err(reason) if matches!(keyring.get(account), Ok(Some(_))) => Err(MailError::Keyring(reason)),
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
            tracing::info!(account, "mail password kept in {KEYRING_NAME}");
            let Some(file) = file.filter(|file| std::fs::symlink_metadata(file).is_ok()) else { return Ok(()) };
            std::fs::remove_file(file)
                .map_err(|e| MailError::OldCopy { path: file.to_path_buf(), reason: e.to_string() })
        }
        Err(reason) => {
            let file = file.ok_or_else(|| MailError::Password {
                path: PathBuf::from("(no configuration folder)"),
                reason: format!(
                    "no keyring took it ({reason}) and this computer has no configuration folder for Clientele"
                ),
            })?;
            save_password_at(file, password)?;
            // An older password in the keyring would be read before this one.
            let _ = keyring.delete(account);
            tracing::info!(account, file = %file.display(), "mail password kept in a file: the keyring did not take it ({reason})");
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
fn save_password_at(path: &std::path::Path, password: &str) -> Result<(), MailError> {
    let path = path.to_path_buf();
    let failed = |reason: std::io::Error| MailError::Password { path: path.clone(), reason: reason.to_string() };
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
        return Err(MailError::Password {
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

fn is_link(path: &std::path::Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// The kept password: the keyring's, else the file's. A link in the file's place is not
/// followed, and a file others could read is made this user's only before it is read.
fn load_password(host: &str, user: &str) -> Option<String> {
    load_from(system_keyring(), &account(host, user), password_file(host, user).as_deref())
}

fn load_password_at(path: &std::path::Path) -> Option<String> {
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

/// One e-mail, ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailMessage {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub attachment_name: String,
    pub attachment: Vec<u8>,
}

/// Something that sends e-mails.
pub trait Mailer: Send {
    fn send(&self, message: &MailMessage) -> Result<(), String>;
}

/// The e-mail a delivery owes: the run's headline as the subject, the matches in the body, and
/// the report as an .xlsx attachment.
pub fn report_mail(store: &Store, delivery: &Delivery) -> Result<MailMessage, String> {
    let report = store.alert_report(delivery.run_id).map_err(|e| e.to_string())?;
    let currency = store.company_settings().map(|s| s.currency).unwrap_or_default();
    let words = crate::domain::alerts::notice(&report.run.rule, &report.matches, &currency);
    let file = std::env::temp_dir().join(format!("clientele-alert-{}-{}.xlsx", delivery.run_id, std::process::id()));
    let exported = crate::exchange::export::export_alert_run(store, delivery.run_id, &file).map_err(|e| e.to_string());
    let attachment = exported.and_then(|_| std::fs::read(&file).map_err(|e| e.to_string()));
    let _ = std::fs::remove_file(&file);
    let period = report.run.period.map(|p| format!("Period: {} to {}\n", p.from, p.to)).unwrap_or_default();
    let body = format!(
        "{}\n\n{}\n\n{period}Ran at {}{}.\nThe attached workbook lists every customer with the figure.\n\n— Clientele",
        words.summary,
        words.body,
        report.run.ran_at.format("%Y-%m-%d %H:%M"),
        if report.run.late { " (late: the program was not running at the scheduled time)" } else { "" },
    );
    Ok(MailMessage {
        to: delivery.email.clone(),
        subject: format!("{} — {}", report.run.rule.name, words.summary),
        body,
        attachment_name: format!("alert-{}.xlsx", delivery.run_id),
        attachment: attachment?,
    })
}

/// Sends through the mail server set in Settings.
pub struct SmtpMailer {
    settings: MailSettings,
    password: Option<String>,
}

impl SmtpMailer {
    pub fn new(settings: MailSettings, password: Option<String>) -> SmtpMailer {
        SmtpMailer { settings, password }
    }

    /// The mailer Settings describe, or None when no server is set.
    pub fn from_settings(store: &Store) -> Result<Option<SmtpMailer>, MailError> {
        Ok(MailSettings::load(store)?.map(|settings| {
            let password = load_password(&settings.host, &settings.user);
            SmtpMailer { settings, password }
        }))
    }
}

impl Mailer for SmtpMailer {
    fn send(&self, message: &MailMessage) -> Result<(), String> {
        use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart, header::ContentType};
        use lettre::transport::smtp::authentication::Credentials;
        use lettre::{SmtpTransport, Transport};
        let from: Mailbox = self
            .settings
            .from
            .trim()
            .parse()
            .map_err(|_| MailError::BadFrom(self.settings.from.clone()).to_string())?;
        let to: Mailbox = message.to.trim().parse().map_err(|_| MailError::BadTo(message.to.clone()).to_string())?;
        let xlsx = ContentType::parse("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            .map_err(|e| e.to_string())?;
        let email =
            lettre::Message::builder()
                .from(from)
                .to(to)
                .subject(&message.subject)
                .multipart(MultiPart::mixed().singlepart(SinglePart::plain(message.body.clone())).singlepart(
                    Attachment::new(message.attachment_name.clone()).body(message.attachment.clone(), xlsx),
                ))
                .map_err(|e| e.to_string())?;
        let host = self.settings.host.trim();
        let builder = match self.settings.security {
            Security::Tls => SmtpTransport::relay(host),
            Security::StartTls => SmtpTransport::starttls_relay(host),
            Security::None => Ok(SmtpTransport::builder_dangerous(host)),
        }
        .map_err(|e| e.to_string())?;
        let mut builder = builder.port(self.settings.port).timeout(Some(Duration::from_secs(30)));
        if !self.settings.user.trim().is_empty() {
            let password = self.password.clone().unwrap_or_default();
            builder = builder.credentials(Credentials::new(self.settings.user.trim().to_string(), password));
        }
        builder.build().send(&email).map(|_| ()).map_err(|e| describe_smtp_error(&e, &self.settings))
    }
}

fn describe_smtp_error(error: &lettre::transport::smtp::Error, settings: &MailSettings) -> String {
    if error.is_permanent() {
        format!("the mail server {} refused it: {error}", settings.host)
    } else if error.is_transient() {
        format!("the mail server {} asked to try later: {error}", settings.host)
    } else {
        format!("cannot reach the mail server {}:{} ({}): {error}", settings.host, settings.port, settings.security)
    }
}

/// Sends a short message to `to` through the server set in Settings of the database at `db`,
/// to check the settings work.
pub fn send_test(db: &std::path::Path, to: &str) -> Result<(), String> {
    let store = Store::open(db).map_err(|e| e.to_string())?;
    let mailer = SmtpMailer::from_settings(&store)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| "no mail server is set; set one in Settings → E-mail".to_string())?;
    let message = MailMessage {
        to: to.trim().to_string(),
        subject: "Clientele test message".into(),
        body: "This message shows that Clientele can send alert reports through this mail server.\n\n— Clientele"
            .into(),
        attachment_name: String::new(),
        attachment: Vec::new(),
    };
    mailer.send(&message)
}

#[cfg(all(test, unix))]
mod secret_file_tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &std::path::Path) -> u32 {
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
        assert_eq!(refused, MailError::Keyring("the keyring is locked".into()));
        assert!(refused.to_string().starts_with("the password could not be removed from "), "{refused}");
    }

    #[test]
    fn no_file_and_no_keyring_is_one_sentence() {
        let error = save_in(&NoKeyring, ACCOUNT, None, "s3cret").unwrap_err().to_string();
        assert!(error.contains("no keyring took it") && error.contains("no configuration folder"), "{error}");
    }
}
