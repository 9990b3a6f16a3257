//! The E-mail section of Settings: the mail server alert reports are sent through, where its
//! password is kept, and a test message to check it all works.

use super::parts::{self, TEXT};
use crate::alerts::mail::{KEYRING_NAME, KeptIn, MailSettings, Security, password_kept};
use crate::store::Store;
use crate::ui::widgets;
use iced::widget::{column, container, row, text};
use iced::{Alignment, Element, Length};

#[derive(Debug, Clone)]
pub enum Message {
    Host(String),
    Port(String),
    Security(Security),
    User(String),
    Password(String),
    From(String),
    Save,
    ForgetPassword,
    TestTo(String),
    SendTest,
    /// The test message's outcome.
    TestSent(Result<String, String>),
}

pub enum Event {
    None,
    /// Send a test message to this address off the window's thread and answer `TestSent`.
    SendTest(String),
}

pub struct Mail {
    host: String,
    port: String,
    security: Security,
    user: String,
    password: String,
    from: String,
    test_to: String,
    saved: Option<MailSettings>,
    /// Where the password of the saved host and user is kept, when one is (read when the
    /// section opens and after a save, not at every keystroke: the keyring may ask to unlock).
    kept: Option<KeptIn>,
    status: Option<Result<String, String>>,
    sending: bool,
}

impl Mail {
    pub fn load(store: &Store) -> Mail {
        let saved = MailSettings::load(store).ok().flatten();
        let shown = saved
            .clone()
            .unwrap_or(MailSettings { port: Security::StartTls.default_port(), ..MailSettings::default() });
        Mail {
            kept: password_kept(&shown.host, &shown.user),
            host: shown.host,
            port: shown.port.to_string(),
            security: shown.security,
            user: shown.user,
            password: String::new(),
            from: shown.from,
            test_to: String::new(),
            saved,
            status: None,
            sending: false,
        }
    }

    fn settings(&self) -> Result<MailSettings, String> {
        let port = self.port.trim().parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| {
            format!("\u{201c}{}\u{201d} is not a port; write a number such as 587.", self.port.trim())
        })?;
        Ok(MailSettings {
            host: self.host.trim().to_string(),
            port,
            security: self.security,
            user: self.user.trim().to_string(),
            from: self.from.trim().to_string(),
        })
    }

    pub fn update(&mut self, message: Message, store: &mut Store) -> Event {
        let saving = matches!(message, Message::Save | Message::ForgetPassword);
        let event = self.apply(message, store);
        if saving {
            self.kept = password_kept(self.host.trim(), self.user.trim());
        }
        event
    }

    fn apply(&mut self, message: Message, store: &mut Store) -> Event {
        match message {
            Message::Host(value) => self.host = value,
            Message::Port(value) => self.port = value,
            Message::Security(security) => {
                // Follow the usual port for the protection unless the clerk set another.
                if self.port.trim() == self.security.default_port().to_string() {
                    self.port = security.default_port().to_string();
                }
                self.security = security;
            }
            Message::User(value) => self.user = value,
            Message::Password(value) => self.password = value,
            Message::From(value) => self.from = value,
            Message::TestTo(value) => self.test_to = value,
            Message::Save => {
                let saved = self.settings().and_then(|settings| {
                    let password = (!self.password.is_empty()).then_some(self.password.as_str());
                    settings.save(store, password).map(|()| settings).map_err(parts::sentence)
                });
                self.status = Some(match saved {
                    Ok(settings) => {
                        self.saved = Some(settings);
                        self.password.clear();
                        Ok("Mail server saved.".to_string())
                    }
                    Err(problem) => Err(problem),
                });
            }
            Message::ForgetPassword => {
                let forgotten = self.settings().and_then(|s| s.save(store, Some("")).map_err(parts::sentence));
                self.status = Some(forgotten.map(|()| "The password was forgotten.".to_string()));
            }
            Message::SendTest => {
                let to = self.test_to.trim().to_string();
                if !crate::domain::customer::looks_like_email(&to) {
                    self.status = Some(Err("Enter the address to send the test to, e.g. you@example.com.".into()));
                } else if self.saved.is_none() {
                    self.status = Some(Err("Save the mail server first.".into()));
                } else {
                    self.sending = true;
                    self.status = Some(Ok(format!("Sending a test message to {to}…")));
                    return Event::SendTest(to);
                }
            }
            Message::TestSent(outcome) => {
                self.sending = false;
                self.status = Some(outcome);
            }
        }
        Event::None
    }

    pub fn view(&self) -> Element<'_, Message> {
        let host = widgets::input("mail-host", "e.g. smtp.example.com", &self.host, Message::Host, false);
        let port = widgets::input("mail-port", "587", &self.port, Message::Port, false);
        let security = widgets::choice(&Security::ALL[..], Some(self.security), Message::Security, false);
        let user = widgets::input("mail-user", "often your e-mail address", &self.user, Message::User, false);
        let password_hint = if self.user.trim().is_empty() { "no sign-in" } else { "type to set or change" };
        let password =
            widgets::input("mail-password", password_hint, &self.password, Message::Password, false).secure(true);
        let from = widgets::input("mail-from", "e.g. Office <office@example.com>", &self.from, Message::From, false);
        let kept = match &self.kept {
            Some(KeptIn::Keyring) => format!("The password is kept in {KEYRING_NAME}; not in the database."),
            Some(file @ KeptIn::File(_)) => format!(
                "The password is kept in {}; not in the database. No keyring took it on this computer.",
                file.describe()
            ),
            None => format!(
                "No password is kept. When one is typed it goes to {KEYRING_NAME}, or where none answers to a file readable only by your user account; not into the database."
            ),
        };
        let status: Element<'_, Message> = match &self.status {
            Some(Ok(done)) => text(done).size(TEXT).style(crate::ui::theme::success_text).into(),
            Some(Err(problem)) => parts::error_line(problem),
            None => parts::hint("Alert reports go to recipients with an e-mail address as an .xlsx attachment."),
        };
        let test_to = widgets::input("mail-test-to", "send a test to…", &self.test_to, Message::TestTo, false)
            .on_submit(Message::SendTest);
        parts::section(
            "E-mail",
            "The mail server alert reports are sent through. A message that cannot be sent is shown on its run and tried again later.",
            column![
                row![
                    container(widgets::field("Server", true, host, None)).width(Length::FillPortion(3)),
                    container(widgets::field("Port", true, port, None)).width(Length::FillPortion(1)),
                    container(widgets::field("Protection", true, security, None)).width(Length::FillPortion(2)),
                ]
                .spacing(16),
                row![
                    container(widgets::field("User name", false, user, None)).width(Length::Fill),
                    container(widgets::field("Password", false, password, None)).width(Length::Fill),
                    container(widgets::field("Sender", true, from, None)).width(Length::Fill),
                ]
                .spacing(16),
                parts::hint(kept),
                row![
                    parts::primary_button("Save", Some(Message::Save)),
                    parts::secondary_button("Forget password", self.saved.is_some().then_some(Message::ForgetPassword)),
                    container(test_to).width(Length::Fixed(260.0)),
                    parts::secondary_button(
                        if self.sending { "Sending…" } else { "Send test" },
                        (!self.sending).then_some(Message::SendTest)
                    ),
                ]
                .spacing(12)
                .align_y(Alignment::Center),
                status,
            ]
            .spacing(14),
        )
    }
}
