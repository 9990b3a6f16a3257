//! The book a start opens when `--db` names none: this computer's book (the file Settings → Book
//! writes, here in `CLIENTELE_CONFIG_DIR`) after `CLIENTELE_DB`; and a server book's password
//! taken from the passwords kept on this computer.

use crate::support::{LOG_DIR_ENV, TEST_PANIC_ENV, run, test_server};
use assert_cmd::Command;
use std::path::Path;

/// The program with no `--db`, its configuration, passwords and log in `dir`.
fn program(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("clientele").unwrap();
    cmd.env_remove("CLIENTELE_DB")
        .env_remove("PGPASSWORD")
        .env_remove(TEST_PANIC_ENV)
        .env("LC_ALL", "C.UTF-8")
        .env("CLIENTELE_CONFIG_DIR", dir.join("config"))
        .env("CLIENTELE_SECRETS_DIR", dir.join("secrets"))
        .env(LOG_DIR_ENV, dir.join("logs"));
    cmd
}

fn info_path(cmd: &mut Command) -> String {
    let outcome = run(cmd.args(["info", "--json"]));
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let info: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    info["path"].as_str().unwrap().to_string()
}

#[test]
fn this_computers_book_is_opened_after_clientele_db() {
    let dir = tempfile::tempdir().unwrap();
    let [chosen, named, given] = ["chosen.db", "named.db", "given.db"].map(|name| dir.path().join(name));
    for book in [&chosen, &named, &given] {
        clientele::store::Store::open(book).unwrap();
    }
    clientele::paths::write_book_choice(&dir.path().join("config").join("book.txt"), Some(&chosen)).unwrap();
    assert_eq!(info_path(&mut program(dir.path())), chosen.display().to_string());

    assert_eq!(info_path(program(dir.path()).env("CLIENTELE_DB", &named)), named.display().to_string());
    let mut explicit = program(dir.path());
    explicit.env("CLIENTELE_DB", &named).arg("--db").arg(&given);
    assert_eq!(info_path(&mut explicit), given.display().to_string());
}

/// Runs only where `CLIENTELE_TEST_POSTGRES` names a server whose URL carries the password.
#[test]
fn a_server_book_signs_in_with_the_password_kept_on_this_computer() {
    let Some(url) = test_server() else { return };
    let address = clientele::store::ServerAddress::parse(&url).unwrap();
    let password = url.split("://").nth(1).and_then(|rest| rest.split('@').next()).and_then(|who| who.split_once(':'));
    let Some((_, password)) = password else { return };
    let dir = tempfile::tempdir().unwrap();
    let location = address.location();

    let refused = run(program(dir.path()).arg("--db").arg(&location).arg("info"));
    assert_ne!(refused.code, 0);
    assert!(refused.stderr.contains("none is kept on this computer"), "{}", refused.stderr);

    let kept = dir.path().join("secrets").join(format!(
        "postgres-{}@{}-{}-{}.secret",
        address.user(),
        address.host(),
        address.port(),
        address.database()
    ));
    std::fs::create_dir_all(kept.parent().unwrap()).unwrap();
    std::fs::write(&kept, password).unwrap();
    let opened = run(program(dir.path()).arg("--db").arg(&location).arg("info"));
    assert_eq!(opened.code, 0, "{}", opened.stderr);
    assert!(opened.stdout.contains(&address.describe()), "{}", opened.stdout);
}
