//! `clientele server init` and `add-clerk` on the test server (CLIENTELE_TEST_POSTGRES): the book
//! is made in a new database, a clerk's login can work in it and can do nothing else.

use crate::support::{Book, run, test_server};
use assert_cmd::Command;

/// The test server's address with another database in it.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let (server, _) = base.rsplit_once('/').unwrap();
    match query {
        Some(query) => format!("{server}/{database}?{query}"),
        None => format!("{server}/{database}"),
    }
}

fn clientele(args: &[&str], stdin: &str) -> crate::support::Outcome {
    let mut cmd = Command::cargo_bin("clientele").unwrap();
    cmd.env_remove("CLIENTELE_DB").env("LC_ALL", "C.UTF-8").args(args).write_stdin(stdin.to_string());
    run(&mut cmd)
}

#[test]
fn init_makes_the_database_and_the_book_and_a_clerk_can_work_in_it_but_not_change_its_tables() {
    let Some(admin_url) = test_server() else { return };
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let database = format!("init_{}_{stamp}", std::process::id());
    let admin = with_database(&admin_url, &database);

    let made = clientele(&["server", "init", &admin, "--json"], "");
    assert_eq!(made.code, 0, "{}", made.stderr);
    let made: serde_json::Value = serde_json::from_str(&made.stdout).unwrap();
    assert_eq!(made["database_created"], true);
    let latest = clientele::store::server_latest_version();
    assert_eq!((made["schema_from"].as_i64(), made["schema_to"].as_i64()), (Some(0), Some(latest)));
    let again = clientele(&["server", "init", &admin, "--json"], "");
    let again: serde_json::Value = serde_json::from_str(&again.stdout).unwrap();
    assert_eq!((again["database_created"].as_bool(), again["schema_from"].as_i64()), (Some(false), Some(latest)));

    let clerk = format!("clerk_{stamp}");
    let added = clientele(&["server", "add-clerk", &admin, &clerk], "s3cret pass\n");
    assert_eq!(added.code, 0, "{}", added.stderr);

    // The clerk's own address: the admin's with the clerk's name and password.
    let (scheme, rest) = admin.split_once("://").unwrap();
    let host_and_db = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
    let clerk_url = format!("{scheme}://{clerk}:s3cret%20pass@{host_and_db}");
    let book = Book { dir: tempfile::TempDir::new().unwrap(), db: clerk_url.clone().into() };
    book.ok(&["customers", "add", "--name", "한빛상사"]);
    assert!(book.ok(&["customers", "list"]).contains("한빛상사"));
    // A clerk's large load keeps the indexes it may not drop (the owner's drops and rebuilds them).
    let loaded = book.ok(&["demo", "--customers", "10000"]);
    assert!(loaded.contains("Added 10000 sample customers"), "{loaded}");
    let customers = book.json(&["customers", "list", "--limit", "20000"]);
    assert_eq!(customers.as_array().map(Vec::len), Some(10_001), "{customers}");
    let mut as_admin = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    let indexes: i64 = as_admin
        .query_one("SELECT count(*) FROM pg_indexes WHERE tablename = 'customer_search' AND indexdef LIKE '%gin%'", &[])
        .unwrap()
        .get(0);
    assert_eq!(indexes, 1, "the word index is still there");
    assert!(book.ok(&["customers", "list", "--search", "한빛"]).contains("한빛상사"));
    drop(as_admin);
    let refused = clientele(&["server", "add-clerk", &clerk_url, "another"], "pw\n");
    assert_eq!(refused.code, 1, "a clerk adds no clerks: {}", refused.stdout);
    assert!(refused.stderr.contains(&format!("user {clerk} may not add the clerk")), "{}", refused.stderr);
    let info = book.json(&["info"]);
    assert_eq!(info["engine"], "postgres");
    assert!(!info["path"].as_str().unwrap().contains("s3cret"), "no password shown: {info}");

    let mut as_clerk = postgres::Client::connect(&clerk_url, postgres::NoTls).unwrap();
    let refused = as_clerk.batch_execute("DROP TABLE vouchers").unwrap_err();
    let why = refused.as_db_error().map(|e| e.message().to_string()).unwrap_or_default();
    assert!(why.contains("must be owner"), "{why}");
    assert!(as_clerk.batch_execute("CREATE TABLE mine (x int)").is_err(), "a clerk makes no tables");
    assert!(
        as_clerk.batch_execute("UPDATE clientele_book SET value = '99'").is_err(),
        "nor changes the schema version"
    );

    let wrong = Book { dir: tempfile::TempDir::new().unwrap(), db: clerk_url.replace("s3cret%20pass", "wrong").into() };
    let said = wrong.fails(&["customers", "list"]);
    assert!(said.contains("did not accept user") && said.contains("password"), "{said}");
    assert!(!said.contains("wrong"), "the password typed is not repeated: {said}");

    drop(as_clerk);
    let _ = postgres::Client::connect(&admin_url, postgres::NoTls)
        .and_then(|mut c| c.batch_execute(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)")));
}
