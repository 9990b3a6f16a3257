//! E-mailing a run's report: the mail server settings, where the password is kept, the message
//! with its .xlsx attachment, and sending it over SMTP.
//!
//! The password never goes into the database file: it is kept on this computer by
//! [`crate::secrets`] (the keyring, else a file readable by this user only). Settings and
//! `clientele alerts mail` say which ([`password_kept`]).

use crate::secrets::{Secret, SecretError};
use crate::store::{Delivery, Store};
use std::path::PathBuf;
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
    #[error(transparent)]
    Password(#[from] SecretError),
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

pub use crate::secrets::{KEYRING_NAME, KeptIn, SECRETS_DIR_ENV};

/// The mail password's place among the kept passwords: the keyring entry `smtp:USER@HOST`, or
/// the file `smtp-HOST-USER.secret` where no keyring answers.
fn secret(host: &str, user: &str) -> Secret {
    Secret::new("smtp", format!("{}@{}", user.trim(), host.trim()), &[host, user])
}

/// Where the password of `user` at `host` is kept now, if one is: the keyring is asked first,
/// as when the password is read to send.
pub fn password_kept(host: &str, user: &str) -> Option<KeptIn> {
    secret(host, user).kept_in()
}

/// The file the password of `user` at `host` is kept in where no keyring answers: in this user's
/// configuration folder (or in `CLIENTELE_SECRETS_DIR`), named after the server and account.
pub fn password_file(host: &str, user: &str) -> Option<PathBuf> {
    secret(host, user).file()
}

fn save_password(host: &str, user: &str, password: &str) -> Result<(), MailError> {
    Ok(secret(host, user).keep(password)?)
}

/// The kept password: the keyring's, else the file's.
fn load_password(host: &str, user: &str) -> Option<String> {
    secret(host, user).load()
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
