//! `clientele alerts mail`: where the mail password goes (the keyring, else a file readable by
//! this user only) and that what the command says about it is true. No test here reaches a real
//! keyring: they either ask for files (`CLIENTELE_SECRETS_DIR`) or point D-Bus nowhere.

use crate::support::{Book, run};

const SERVER: [&str; 8] =
    ["alerts", "mail", "--host", "smtp.example.com", "--user", "clerk", "--from", "Office <office@example.com>"];

fn log_text(book: &Book) -> String {
    std::fs::read_dir(book.logs())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "log"))
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect()
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn with_a_secrets_folder_the_password_round_trips_through_its_file_and_is_forgotten() {
    let book = Book::new();
    let secrets = book.dir.path().join("secrets");
    let set = run(Book::at(&book.db)
        .env("CLIENTELE_SECRETS_DIR", &secrets)
        .args(SERVER)
        .arg("--password-stdin")
        .write_stdin("s3cret\n"));
    assert_eq!(set.code, 0, "{}", set.stderr);
    let file = secrets.join("smtp-smtp.example.com-clerk.secret");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "s3cret");
    #[cfg(unix)]
    assert_eq!(mode(&file), 0o600);
    assert!(
        set.stdout.contains(&format!(
            "Password: kept in {}, readable only by your user account; not in the database",
            file.display()
        )),
        "{}",
        set.stdout
    );

    let shown = run(Book::at(&book.db).env("CLIENTELE_SECRETS_DIR", &secrets).args(["alerts", "mail", "--json"]));
    let shown: serde_json::Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(shown["password_kept"], "file");
    assert_eq!(shown["password_file"].as_str(), file.to_str());

    let forgot = run(Book::at(&book.db).env("CLIENTELE_SECRETS_DIR", &secrets).args(SERVER).arg("--forget-password"));
    assert_eq!(forgot.code, 0, "{}", forgot.stderr);
    assert!(forgot.stdout.contains("Password: none kept"), "{}", forgot.stdout);
    assert!(!file.exists());
    assert!(!log_text(&book).contains("s3cret"), "the log never has the password");
}

/// Linux: the real keyring is tried (the Secret Service over D-Bus), finds no bus, and the
/// password goes to the file in the configuration folder at once; the command says so.
#[cfg(target_os = "linux")]
#[test]
fn where_no_keyring_answers_the_password_goes_to_a_file_for_this_user_only() {
    let book = Book::new();
    let home = book.dir.path().join("home");
    let set = run(Book::at(&book.db)
        .env_remove("CLIENTELE_SECRETS_DIR")
        .env_remove("CLIENTELE_CONFIG_DIR")
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("DBUS_SESSION_BUS_ADDRESS", format!("unix:path={}", book.dir.path().join("no-bus").display()))
        .args(SERVER)
        .arg("--password-stdin")
        .write_stdin("s3cret\n"));
    assert_eq!(set.code, 0, "{}", set.stderr);
    let file = home.join(".config/clientele/smtp-smtp.example.com-clerk.secret");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "s3cret");
    assert_eq!(mode(&file), 0o600);
    assert!(set.stdout.contains(&format!("Password: kept in {}, readable only", file.display())), "{}", set.stdout);
    let log = log_text(&book);
    assert!(log.contains("the keyring did not take it"), "the fallback is recorded: {log}");
    assert!(!log.contains("s3cret"), "the log never has the password");
}
