//! The `clientele` command line end to end: every command, its JSON, exit codes, and bad input that changes nothing.

use crate::support::{Book, LOG_DIR_ENV, run};
use assert_cmd::Command;
use serde_json::{Value, json};

impl Book {
    fn add(&self, args: &[&str]) -> String {
        let mut all = vec!["customers", "add"];
        all.extend_from_slice(args);
        self.ok(&all).trim().to_string()
    }

    fn count(&self) -> u64 {
        self.json(&["info"])["customers"].as_u64().unwrap()
    }

    fn show(&self, code: &str) -> Value {
        self.json(&["customers", "show", code])
    }

    fn search(&self, query: &str) -> Vec<String> {
        let rows = self.json(&["customers", "list", "--search", query]);
        rows.as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap().to_string()).collect()
    }

    /// Everything a command could change, to compare before and after a failure.
    fn state(&self) -> Value {
        let codes: Vec<String> = self
            .json(&["customers", "list", "--limit", "100000"])
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["code"].as_str().unwrap().to_string())
            .collect();
        let profiles: Vec<Value> = codes.iter().map(|c| self.show(c)).collect();
        let histories: Vec<Value> = codes.iter().map(|c| self.json(&["customers", "history", c])).collect();
        json!({
            "count": self.count(),
            "profiles": profiles,
            "histories": histories,
            "fields": self.json(&["fields", "list"]),
            "groups": self.json(&["groups", "list"]),
        })
    }

    /// A small book with a group axis and custom fields of several types.
    fn furnished() -> Book {
        Book::furnish(Book::new())
    }

    /// [`Book::furnished`] in a file, for the tests of the file itself.
    fn furnished_file() -> Book {
        Book::furnish(Book::file())
    }

    fn furnish(book: Book) -> Book {
        book.ok(&["groups", "add", "Region", "Seoul"]);
        book.ok(&["groups", "add", "Region", "Busan"]);
        book.ok(&["fields", "add", "renewal", "--label", "Renewal date", "--type", "date"]);
        book.ok(&["fields", "add", "tier", "--label", "Tier", "--type", "choice", "--choices", "Gold,Silver"]);
        book.ok(&["fields", "add", "staff", "--label", "Employees", "--type", "number"]);
        book.ok(&["fields", "add", "notes", "--label", "Notes", "--type", "text", "--in-list"]);
        book.add(&["--name", "Acme Trading Ltd", "--tax-id", "123-45-67890", "--group", "Region=Seoul"]);
        book.add(&["--name", "Blue Sky Foods", "--role", "vendor", "--phone", "02-555-0100"]);
        book
    }
}

fn assert_unchanged(book: &Book, before: &Value) {
    assert_eq!(&book.state(), before, "a failed command changed the database");
}

// ------------------------------------------------------------------ customers

#[test]
fn add_prints_the_code_and_show_has_every_field() {
    let book = Book::furnished();
    book.ok(&["levels", "add", "B"]);
    let code = book.add(&[
        "--name",
        "Hanbit Trading",
        "--code",
        "HB-01",
        "--role",
        "both",
        "--entity-type",
        "company",
        "--tax-id",
        "220-81-62517",
        "--phone",
        "02-123-4567",
        "--mobile",
        "010-1234-5678",
        "--fax",
        "02-123-4568",
        "--email",
        "sales@hanbit.example",
        "--website",
        "https://hanbit.example",
        "--representative",
        "Kim Minji",
        "--business-type",
        "Wholesale",
        "--business-item",
        "Paper",
        "--person-in-charge",
        "Lee Eunji",
        "--memo",
        "Deliver before 10\nUse the back door",
        "--address",
        "12 Teheran-ro",
        "--city",
        "Seoul",
        "--region",
        "Gangnam-gu",
        "--postal-code",
        "06236",
        "--country",
        "KR",
        "--ship-city",
        "Incheon",
        "--contact",
        "Kim Minji|Buyer|010-1111-2222|minji@hanbit.example",
        "--contact",
        "Park|Accounts||",
        "--group",
        "region=Busan",
        "--field",
        "renewal=2026-03-31",
        "--field",
        "tier=gold",
        "--field",
        "staff=1,200",
        "--price-level",
        "B",
        "--discount",
        "12.5%",
        "--credit-limit",
        "1,000,000",
        "--age-limit",
        "60",
        "--on-exceed",
        "warn",
        "--payment-terms",
        "30",
    ]);
    assert_eq!(code, "HB-01");
    let shown = book.show("HB-01");
    let expected = json!({
        "code": "HB-01", "name": "Hanbit Trading", "role": "both", "entity_type": "company",
        "tax_id": "220-81-62517", "representative": "Kim Minji", "business_type": "Wholesale",
        "business_item": "Paper", "phone": "02-123-4567", "mobile": "010-1234-5678", "fax": "02-123-4568",
        "email": "sales@hanbit.example", "website": "https://hanbit.example",
        "billing_address": {"lines": "12 Teheran-ro", "city": "Seoul", "region": "Gangnam-gu", "postal_code": "06236", "country": "KR"},
        "shipping_address": {"lines": "", "city": "Incheon", "region": "", "postal_code": "", "country": ""},
        "person_in_charge": "Lee Eunji", "memo": "Deliver before 10\nUse the back door", "active": true,
        "price_level": "B", "discount_rate": "12.5", "credit_limit": "1000000", "age_limit_days": 60,
        "on_exceed": "warn", "payment_terms_days": 30,
        "contacts": [
            {"name": "Kim Minji", "title": "Buyer", "phone": "010-1111-2222", "email": "minji@hanbit.example", "primary": true},
            {"name": "Park", "title": "Accounts", "phone": "", "email": "", "primary": false}
        ],
        "groups": {"Region": "Busan"},
        "custom": {"renewal": "2026-03-31", "tier": "Gold", "staff": 1200},
    });
    let mut without_id = shown.clone();
    let id = without_id.as_object_mut().unwrap().remove("id").unwrap();
    assert!(id.as_i64().unwrap() > 0, "{shown}");
    assert_eq!(without_id, expected);

    let text = book.ok(&["customers", "show", "HB-01"]);
    for expected in [
        "Hanbit Trading",
        "220-81-62517",
        "Renewal date:",
        "2026-03-31",
        "Region:",
        "Busan",
        "Use the back door",
        "(primary)",
        "12.5 %",
        "$1,000,000.00",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

#[test]
fn codes_are_automatic_when_left_out() {
    let book = Book::new();
    assert_eq!(book.add(&["--name", "First"]), "C000001");
    assert_eq!(book.add(&["--name", "Second"]), "C000002");
    let saved = book.json(&["customers", "add", "--name", "Third"]);
    assert_eq!(saved["code"], "C000003");
    assert!(saved["duplicates"].as_array().unwrap().is_empty());
    assert_eq!(book.count(), 3);
}

#[test]
fn duplicates_are_warned_about_but_saved() {
    let book = Book::furnished();
    let outcome = book.run(&["customers", "add", "--name", "Acme Trading Inc.", "--tax-id", "1234567890"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert_eq!(outcome.stdout.trim(), "C000003");
    assert!(outcome.stderr.contains("warning: same tax ID as C000001 Acme Trading Ltd"), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("warning: same name as C000001 Acme Trading Ltd"), "{}", outcome.stderr);
    assert_eq!(book.count(), 3);
}

#[test]
fn edit_changes_only_what_is_given() {
    let book = Book::furnished();
    book.ok(&[
        "customers",
        "edit",
        "C000001",
        "--field",
        "renewal=2026-01-31",
        "--field",
        "tier=Silver",
        "--phone",
        "02-000-1111",
        "--credit-limit",
        "500",
    ]);
    let before = book.show("C000001");
    let printed = book.ok(&[
        "customers",
        "edit",
        "C000001",
        "--email",
        "hello@acme.example",
        "--field",
        "tier=",
        "--group",
        "Region=",
    ]);
    assert!(printed.starts_with("C000001: changed"), "{printed}");
    let after = book.show("C000001");
    assert_eq!(after["email"], "hello@acme.example");
    assert_eq!(after["custom"], json!({"renewal": "2026-01-31"}));
    assert_eq!(after["groups"], json!({}));
    for key in ["name", "phone", "tax_id", "credit_limit", "role", "contacts", "memo"] {
        assert_eq!(after[key], before[key], "{key} changed");
    }

    book.ok(&["customers", "edit", "C000001", "--name", "Acme Holdings", "--code", "ACME", "--credit-limit", ""]);
    let renamed = book.show("ACME");
    assert_eq!(renamed["name"], "Acme Holdings");
    assert_eq!(renamed["credit_limit"], Value::Null);
    assert!(book.fails(&["customers", "show", "C000001"]).contains("C000001"));
    assert_eq!(book.ok(&["customers", "edit", "ACME", "--name", "Acme Holdings"]).trim(), "ACME: nothing changed");
}

#[test]
fn history_records_each_change_newest_first() {
    let book = Book::furnished();
    book.ok(&["customers", "edit", "C000001", "--name", "Acme Ltd"]);
    let history = book.json(&["customers", "history", "C000001"]);
    let entries = history.as_array().unwrap();
    assert_eq!(entries.len(), 2, "{history}");
    assert_eq!(entries[0]["field"], "Name");
    assert_eq!(entries[0]["old_value"], "Acme Trading Ltd");
    assert_eq!(entries[0]["new_value"], "Acme Ltd");
    assert!(entries[0]["changed_at"].as_str().unwrap().starts_with("20"));
    assert_eq!(entries[1]["field"], "Created");
    let text = book.ok(&["customers", "history", "C000001"]);
    assert!(text.contains("Name: \"Acme Trading Ltd\" → \"Acme Ltd\""), "{text}");
}

#[test]
fn list_filters_ranks_and_aligns() {
    let book = Book::furnished();
    book.add(&["--name", "한빛상사", "--group", "Region=Busan", "--role", "both", "--field", "notes=VIP"]);
    book.add(&["--name", "Acme Foods", "--code", "AF"]);
    book.ok(&["customers", "deactivate", "AF"]);

    let all = book.json(&["customers", "list"]);
    let rows = all.as_array().unwrap();
    assert_eq!(rows.len(), 4, "inactive customers are listed by default");
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Acme Foods", "Acme Trading Ltd", "Blue Sky Foods", "한빛상사"]);
    assert_eq!(rows[0]["active"], false);
    assert_eq!(rows[1]["active"], true);
    assert_eq!(rows[3]["groups"], json!({"Region": "Busan"}));
    assert_eq!(rows[3]["custom"], json!({"notes": "VIP"}), "in-list fields come with the rows");

    let codes = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["customers", "list"];
        all.extend_from_slice(args);
        book.json(&all).as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(codes(&["--active"]), ["C000001", "C000002", "C000003"]);
    assert_eq!(codes(&["--inactive"]), ["AF"]);
    assert_eq!(codes(&["--all", "--limit", "2"]), ["AF", "C000001"]);
    assert_eq!(codes(&["--group", "Region=Busan"]), ["C000003"]);
    assert_eq!(codes(&["--group", "Region=Daegu"]), Vec::<String>::new());
    assert_eq!(codes(&["--role", "vendor"]), ["C000002", "C000003"]);
    // Exact code first, then names starting with the query, then anything containing it.
    assert_eq!(codes(&["--search", "AF"]), ["AF"]);
    assert_eq!(codes(&["--search", "acme"]), ["AF", "C000001"]);
    let mut foods = codes(&["--search", "foods"]);
    foods.sort();
    assert_eq!(foods, ["AF", "C000002"]);
    assert_eq!(codes(&["--search", "5550100"]), ["C000002"]);

    let text = book.ok(&["customers", "list"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert!(lines[0].starts_with("CODE") && lines[0].contains("NAME"), "{text}");
    assert!(text.contains("inactive"));
    // The ROLE column starts at the same screen column on every line, Hangul included.
    let role_column = |line: &str| {
        let at = line.char_indices().map(|(i, _)| i).find(|&i| {
            let rest = &line[i..];
            (rest.starts_with("ROLE")
                || rest.starts_with("customer")
                || rest.starts_with("vendor")
                || rest.starts_with("both"))
                && line[..i].ends_with("  ")
        });
        let prefix = &line[..at.unwrap()];
        prefix.chars().map(|c| if ('\u{AC00}'..='\u{D7A3}').contains(&c) { 2 } else { 1 }).sum::<usize>()
    };
    let columns: Vec<usize> = lines.iter().map(|l| role_column(l)).collect();
    assert!(columns.windows(2).all(|w| w[0] == w[1]), "misaligned:\n{text}");
}

#[test]
fn deactivate_and_activate() {
    let book = Book::furnished();
    assert_eq!(book.ok(&["customers", "deactivate", "C000002"]).trim(), "C000002 is now inactive");
    assert_eq!(book.show("C000002")["active"], false);
    assert_eq!(book.ok(&["customers", "deactivate", "C000002"]).trim(), "C000002 was already inactive");
    let activated = book.json(&["customers", "activate", "C000002"]);
    assert_eq!(activated["code"], "C000002");
    assert_eq!(activated["active"], true);
    assert_eq!(book.show("C000002")["active"], true);
    assert!(book.fails(&["customers", "deactivate", "NOPE"]).contains("no customer with code \"NOPE\""));
}

#[test]
fn delete_needs_yes() {
    let book = Book::furnished();
    let before = book.state();
    let message = book.fails(&["customers", "delete", "C000002"]);
    assert!(message.contains("--yes") && message.contains("Blue Sky Foods"), "{message}");
    assert_unchanged(&book, &before);
    assert!(book.ok(&["customers", "delete", "C000002", "--yes"]).contains("Deleted C000002"));
    assert_eq!(book.count(), 1);
    assert!(book.fails(&["customers", "show", "C000002"]).contains("no customer"));
    assert!(book.fails(&["customers", "delete", "C000002", "--yes"]).contains("no customer"));
}

// --------------------------------------------------------- fields and groups

#[test]
fn fields_add_list_rename_remove() {
    let book = Book::new();
    assert_eq!(
        book.ok(&[
            "fields",
            "add",
            "tier",
            "--label",
            "Tier",
            "--type",
            "choice",
            "--choices",
            "Gold, Silver,Bronze",
            "--in-list"
        ])
        .trim(),
        "tier"
    );
    let added = book.json(&["fields", "add", "renewal", "--label", "Renewal", "--type", "date", "--required"]);
    assert_eq!(added["key"], "renewal");
    assert_eq!(added["field_type"], "date");
    assert_eq!(added["required"], true);

    let fields = book.json(&["fields", "list"]);
    assert_eq!(fields.as_array().unwrap().len(), 2);
    assert_eq!(fields[0]["key"], "tier");
    assert_eq!(fields[0]["label"], "Tier");
    assert_eq!(fields[0]["choices"], json!(["Gold", "Silver", "Bronze"]));
    assert_eq!(fields[0]["show_in_list"], true);
    assert_eq!(fields[1]["required"], true);

    book.ok(&["fields", "rename", "tier", "--label", "Customer tier"]);
    assert_eq!(book.json(&["fields", "list"])[0]["label"], "Customer tier");
    let text = book.ok(&["fields", "list"]);
    assert!(
        text.contains("Customer tier") && text.contains("choice") && text.contains("Gold, Silver, Bronze"),
        "{text}"
    );

    let code = book.add(&["--name", "Acme", "--field", "tier=bronze", "--field", "renewal=2026-05-01"]);
    let before = book.state();
    let refused = book.fails(&["fields", "remove", "tier"]);
    assert!(refused.contains("--yes") && refused.contains("1 customers"), "{refused}");
    assert_unchanged(&book, &before);
    book.ok(&["fields", "remove", "tier", "--yes"]);
    assert_eq!(book.show(&code)["custom"], json!({"renewal": "2026-05-01"}));
    assert_eq!(book.json(&["fields", "list"]).as_array().unwrap().len(), 1);

    assert!(book.fails(&["fields", "rename", "nope", "--label", "X"]).contains("known fields: renewal"));
    assert!(book.fails(&["fields", "add", "renewal", "--label", "Again", "--type", "text"]).contains("already exists"));
    assert!(book.fails(&["fields", "add", "Bad Key", "--label", "X", "--type", "text"]).contains("not valid"));
    assert!(
        book.fails(&["fields", "add", "level", "--label", "Level", "--type", "choice"]).contains("at least one choice")
    );
    assert!(
        book.fails(&["fields", "add", "level", "--label", "Level", "--type", "text", "--choices", "a,b"])
            .contains("--choices")
    );
}

#[test]
fn groups_add_list_and_axes() {
    let book = Book::new();
    assert_eq!(book.ok(&["groups", "add", "Region", "Seoul"]).trim(), "Region=Seoul");
    assert_eq!(book.ok(&["groups", "add", "region", "Busan"]).trim(), "Region=Busan", "axes match without case");
    book.ok(&["groups", "add", "Region", "Seoul"]);
    assert_eq!(book.ok(&["groups", "add-axis", "Channel"]).trim(), "Channel");
    assert!(book.fails(&["groups", "add-axis", "channel"]).contains("already exists"));
    assert_eq!(
        book.json(&["groups", "list"]),
        json!([{"name": "Region", "values": ["Busan", "Seoul"]}, {"name": "Channel", "values": []}])
    );
    assert_eq!(book.ok(&["groups", "list"]), "Region: Busan, Seoul\nChannel: \n");
    assert!(book.fails(&["groups", "add", "Region", " "]).contains("must not be empty"));
}

// -------------------------------------------------------------- demo and info

#[test]
fn demo_is_deterministic_and_numbers_after_existing_customers() {
    let one = Book::new();
    let two = Book::new();
    let report = one.json(&["demo", "--customers", "60", "--seed", "7"]);
    assert_eq!(report["added"], 60);
    assert_eq!(report["first_code"], "C000001");
    assert_eq!(report["last_code"], "C000060");
    two.ok(&["demo", "--customers", "60", "--seed", "7"]);
    let listing = |book: &Book| book.json(&["customers", "list", "--limit", "1000"]);
    let first = listing(&one);
    assert_eq!(first.as_array().unwrap().len(), 60);
    assert_eq!(first, listing(&two), "the same seed gives the same customers");
    assert_eq!(one.show("C000042"), two.show("C000042"));
    let groups = one.json(&["groups", "list"]);
    assert!(groups.as_array().unwrap().iter().any(|a| a["name"] == "Region"), "{groups}");
    assert!(!one.json(&["fields", "list"]).as_array().unwrap().is_empty());

    let book = Book::new();
    book.add(&["--name", "Mine", "--code", "C000005"]);
    let outcome = book.run(&["demo", "--customers", "20"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert_eq!(
        outcome.stderr.matches("demo: 20 of 20 customers").count(),
        1,
        "progress goes to stderr once: {}",
        outcome.stderr
    );
    assert!(outcome.stdout.contains("C000006 to C000025"), "{}", outcome.stdout);
    assert_eq!(book.count(), 21);
    assert_eq!(book.show("C000005")["name"], "Mine");
    // Running it again adds more after those, with the schema installed only once.
    let again = book.json(&["demo", "--customers", "5"]);
    assert_eq!(again["first_code"], "C000026");
    assert_eq!(book.count(), 26);
    assert_eq!(book.json(&["fields", "list"]), one.json(&["fields", "list"]));
}

#[test]
fn demo_refuses_a_book_whose_fields_it_cannot_fill() {
    let book = Book::furnished();
    book.ok(&["fields", "add", "vat", "--label", "VAT group", "--type", "text", "--required"]);
    let before = book.state();
    let message = book.fails(&["demo", "--customers", "10"]);
    assert!(message.contains("\"vat\"") && message.contains("nothing was changed"), "{message}");
    assert_unchanged(&book, &before);
}

#[test]
fn info_reports_the_database() {
    let book = Book::file();
    let empty = book.json(&["info"]);
    assert_eq!(empty["exists"], false);
    assert_eq!(empty["customers"], 0);
    assert!(!book.db.exists(), "looking must not create the database");
    book.add(&["--name", "Acme"]);
    let info = book.json(&["info"]);
    assert_eq!(info["path"], book.db.to_str().unwrap());
    assert_eq!(info["exists"], true);
    assert_eq!(info["schema_version"], clientele::store::latest_version());
    assert_eq!(info["customers"], 1);
    assert!(info["size_bytes"].as_u64().unwrap() > 0);
    let text = book.ok(&["info"]);
    assert!(
        text.contains(book.db.to_str().unwrap()) && text.contains("Customers:") && text.contains("Schema version:"),
        "{text}"
    );
}

#[test]
fn the_database_can_come_from_the_environment() {
    let book = Book::new();
    let mut cmd = Command::cargo_bin("clientele").unwrap();
    cmd.env(LOG_DIR_ENV, book.logs());
    let outcome = run(cmd.env("CLIENTELE_DB", &book.db).args(["customers", "add", "--name", "From env"]));
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert_eq!(book.search("From env"), ["C000001"]);
    // --db wins over the environment.
    let other = book.dir.path().join("other.db");
    let mut cmd = Command::cargo_bin("clientele").unwrap();
    cmd.env(LOG_DIR_ENV, book.logs());
    let outcome =
        run(cmd.env("CLIENTELE_DB", &book.db).arg("--db").arg(&other).args(["customers", "add", "--name", "Other"]));
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert_eq!(book.count(), 1);
}

// ----------------------------------------------------------------- exit codes

#[test]
fn usage_errors_exit_with_2() {
    let book = Book::new();
    for args in [
        vec!["customers", "add"],
        vec!["customers", "frobnicate"],
        vec!["customers", "add", "--name", "X", "--role", "supplier"],
        vec!["customers", "add", "--name", "X", "--on-exceed", "sometimes"],
        vec!["customers", "list", "--limit", "0"],
        vec!["customers", "list", "--active", "--inactive"],
        vec!["fields", "add", "k", "--label", "K", "--type", "colour"],
        vec!["customers", "show"],
        vec!["--no-such-option"],
    ] {
        let outcome = book.run(&args);
        assert_eq!(outcome.code, 2, "{args:?}: {}", outcome.stderr);
        assert!(!outcome.stderr.is_empty());
    }
    assert!(!book.db.exists(), "usage errors touch nothing");
    assert_eq!(book.run(&["--help"]).code, 0);
    let help = book.ok(&["customers", "list", "--help"]);
    assert!(help.contains("Active and inactive customers are both listed"), "{help}");
}

#[test]
fn errors_exit_with_1_and_leave_no_new_database_behind() {
    let book = Book::file();
    let missing = book.fails(&["customers", "show", "C000001"]);
    assert!(missing.contains("there is no book at") && missing.contains("check the path"), "{missing}");
    assert!(
        book.fails(&["customers", "add", "--name", "X", "--group", "Region=Seoul"])
            .contains("no group axis \"Region\"")
    );
    assert!(
        book.fails(&["customers", "add", "--name", "X", "--email", "not-an-email"]).contains("not an e-mail address")
    );
    assert!(!book.db.exists(), "a failed command must not leave a new database file");
    assert!(!book.dir.path().join("book.db-wal").exists());
}

// ------------------------------------------- bad input: clear error, nothing lost

#[test]
fn duplicate_code_is_refused() {
    let book = Book::furnished();
    let before = book.state();
    let message = book.fails(&["customers", "add", "--name", "Another", "--code", "C000001"]);
    assert!(message.contains("a customer with code \"C000001\" already exists"), "{message}");
    assert_unchanged(&book, &before);
    let message = book.fails(&["customers", "edit", "C000002", "--code", "C000001"]);
    assert!(message.contains("already exists"), "{message}");
    assert_unchanged(&book, &before);
}

#[test]
fn unknown_custom_field_names_the_key_and_the_known_ones() {
    let book = Book::furnished();
    let before = book.state();
    let message = book.fails(&["customers", "add", "--name", "X", "--field", "colour=red"]);
    assert!(message.contains("no custom field \"colour\""), "{message}");
    assert!(message.contains("renewal, tier, staff, notes"), "{message}");
    assert!(book.fails(&["customers", "edit", "C000001", "--field", "colour=red"]).contains("\"colour\""));
    assert!(book.fails(&["customers", "edit", "C000001", "--field", "renewal"]).contains("KEY=VALUE"));
    assert_unchanged(&book, &before);
    let empty = Book::new();
    assert!(empty.fails(&["customers", "add", "--name", "X", "--field", "a=b"]).contains("no custom fields yet"));
}

#[test]
fn a_value_of_the_wrong_type_is_refused() {
    let book = Book::furnished();
    let before = book.state();
    let message = book.fails(&["customers", "add", "--name", "X", "--field", "renewal=2026-02-30"]);
    assert!(
        message.contains("Renewal date") && message.contains("2026-02-30") && message.contains("YYYY-MM-DD"),
        "{message}"
    );
    let message = book.fails(&["customers", "edit", "C000001", "--field", "staff=many"]);
    assert!(message.contains("Employees") && message.contains("whole number"), "{message}");
    let message = book.fails(&["customers", "edit", "C000001", "--field", "tier=Platinum"]);
    assert!(message.contains("Platinum") && message.contains("Gold, Silver"), "{message}");
    let message = book.fails(&["customers", "edit", "C000001", "--credit-limit", "lots"]);
    assert!(message.contains("--credit-limit") && message.contains("\"lots\""), "{message}");
    let message = book.fails(&["customers", "edit", "C000001", "--discount", "150"]);
    assert!(message.contains("--discount") && message.contains("between 0 and 100"), "{message}");
    let message = book.fails(&["customers", "edit", "C000001", "--credit-limit", "-5"]);
    assert!(message.contains("--credit-limit") && message.contains("must not be negative"), "{message}");
    let message = book.fails(&["customers", "edit", "C000001", "--age-limit", "-3"]);
    assert!(message.contains("--age-limit"), "{message}");
    assert_unchanged(&book, &before);
}

#[test]
fn a_price_level_must_be_one_of_the_books_and_an_empty_one_clears_it() {
    let book = Book::furnished();
    let before = book.state();
    let message = book.fails(&["customers", "edit", "C000001", "--price-level", "Retail"]);
    assert!(message.contains("no price level \"Retail\"") && message.contains("no price levels yet"), "{message}");
    book.ok(&["levels", "add", "Retail"]);
    book.ok(&["levels", "add", "Wholesale"]);
    let before_levels = book.state();
    assert_eq!(before_levels["profiles"], before["profiles"]);
    let message = book.fails(&["customers", "edit", "C000001", "--price-level", "Gold"]);
    assert!(message.contains("there is no price level \"Gold\"; the book's levels are Retail, Wholesale"), "{message}");
    let message = book.fails(&["customers", "add", "--name", "X", "--price-level", "Gold"]);
    assert!(message.contains("Retail, Wholesale"), "{message}");
    assert_unchanged(&book, &before_levels);

    // Typed in any case, the book's spelling is kept; an empty value clears it.
    book.ok(&["customers", "edit", "C000001", "--price-level", "wholesale"]);
    assert_eq!(book.show("C000001")["price_level"], "Wholesale");
    book.ok(&["customers", "edit", "C000001", "--price-level", ""]);
    assert_eq!(book.show("C000001")["price_level"], "");
}

#[test]
fn the_action_when_exceeded_is_the_customers_own_or_from_its_groups() {
    let book = Book::furnished();
    let shown = |code: &str| book.show(code)["on_exceed"].clone();
    assert_eq!(shown("C000001"), Value::Null, "a new customer takes the action from its groups");
    let text = book.ok(&["customers", "show", "C000001"]);
    assert!(text.contains("(from group)"), "{text}");
    book.ok(&["customers", "edit", "C000001", "--on-exceed", "off"]);
    assert_eq!(shown("C000001"), "off");
    let text = book.ok(&["customers", "show", "C000001"]);
    assert!(!text.contains("(from group)"), "{text}");
    let history = book.json(&["customers", "history", "C000001"]);
    assert_eq!(history[0]["field"], "When exceeded", "{history}");
    assert_eq!(
        (history[0]["old_value"].as_str(), history[0]["new_value"].as_str()),
        (Some("(from group)"), Some("Off"))
    );
    book.ok(&["customers", "edit", "C000001", "--on-exceed", "inherit"]);
    assert_eq!(shown("C000001"), Value::Null);
    book.ok(&["customers", "edit", "C000001", "--on-exceed", "Block"]);
    assert_eq!(shown("C000001"), "block");
    book.ok(&["customers", "edit", "C000001", "--on-exceed", "group"]);
    assert_eq!(shown("C000001"), Value::Null);
}

#[test]
fn a_required_custom_field_cannot_be_left_empty() {
    let book = Book::furnished();
    book.ok(&["fields", "add", "branch", "--label", "Branch", "--type", "text", "--required"]);
    book.ok(&["customers", "edit", "C000001", "--field", "branch=Main"]);
    let before = book.state();
    let message = book.fails(&["customers", "add", "--name", "No branch"]);
    assert!(message.contains("Branch is required"), "{message}");
    let message = book.fails(&["customers", "add", "--name", "Blank branch", "--field", "branch=  "]);
    assert!(message.contains("Branch is required"), "{message}");
    let message = book.fails(&["customers", "edit", "C000001", "--field", "branch="]);
    assert!(message.contains("Branch is required"), "{message}");
    assert_unchanged(&book, &before);
}

#[test]
fn an_unknown_group_axis_is_refused_but_new_values_are_created() {
    let book = Book::furnished();
    let before = book.state();
    let message = book.fails(&["customers", "add", "--name", "X", "--group", "Channel=Online"]);
    assert!(message.contains("no group axis \"Channel\""), "{message}");
    assert!(book.fails(&["customers", "edit", "C000001", "--group", "Channel=Online"]).contains("\"Channel\""));
    assert!(book.fails(&["customers", "list", "--group", "Channel=Online"]).contains("\"Channel\""));
    assert!(book.fails(&["customers", "add", "--name", "X", "--group", "Seoul"]).contains("AXIS=VALUE"));
    assert_unchanged(&book, &before);

    let code = book.add(&["--name", "Jeju Farms", "--group", "Region=Jeju"]);
    assert_eq!(book.show(&code)["groups"], json!({"Region": "Jeju"}));
    assert_eq!(book.json(&["groups", "list"])[0]["values"], json!(["Busan", "Jeju", "Seoul"]));
}

#[test]
fn tricky_text_round_trips_and_is_found_literally() {
    let book = Book::new();
    book.ok(&["fields", "add", "notes", "--label", "Notes", "--type", "text"]);
    let names = [
        "O'Brien \"Quoted\" & Sons",
        "100% Pure_Water",
        "'; DROP TABLE customers; --",
        "Robert'); DELETE FROM customers WHERE ('1'='1",
        "한빛상사",
        "北京贸易有限公司",
        "🚀 Rocket Parts 🛰️",
        "Slash / and \\backslash\\",
    ];
    let mut codes = Vec::new();
    for name in names {
        let code = book.add(&["--name", name, "--memo", name, "--field", &format!("notes={name}")]);
        let shown = book.show(&code);
        assert_eq!(shown["name"], name);
        assert_eq!(shown["memo"], name);
        assert_eq!(shown["custom"]["notes"], name);
        codes.push(code);
    }
    book.add(&["--name", "Plain Company"]);
    assert_eq!(book.count(), names.len() as u64 + 1, "no statement was injected");
    for (name, code) in names.iter().zip(&codes) {
        let found = book.search(name);
        assert!(found.contains(code), "{name:?} not found: {found:?}");
    }
    assert_eq!(book.search("%"), [codes[1].clone()], "% is not a wildcard");
    assert_eq!(book.search("_"), [codes[1].clone()], "_ is not a wildcard");
    let mut quoted = book.search("'");
    quoted.sort();
    assert_eq!(quoted, [codes[0].clone(), codes[2].clone(), codes[3].clone()]);
    assert_eq!(book.search("DROP TABLE"), [codes[2].clone()]);
    assert_eq!(book.search("한빛"), [codes[4].clone()]);
    assert_eq!(book.search("贸易"), [codes[5].clone()]);
    assert_eq!(book.search("🚀"), [codes[6].clone()]);
    assert_eq!(book.search("\""), [codes[0].clone()]);
    let text = book.ok(&["customers", "list", "--search", "한빛"]);
    assert!(text.contains("한빛상사"), "{text}");

    // A memo may hold tabs and lines; a name is one line, and no field takes an escape or a NUL.
    let code = book.add(&["--name", "Memo Keeper", "--memo", "Tab\tand\nnew line"]);
    assert_eq!(book.show(&code)["memo"], "Tab\tand\nnew line");
    for (args, said) in [
        (vec!["--name", "Tab\tName"], "Name must be one line"),
        (vec!["--name", "\u{1b}[31mRed\u{1b}[0m"], "Name must be one line"),
        (vec!["--name", "Ok", "--memo", "bell\u{7}"], "Memo holds a control character"),
        (vec!["--name", "Ok", "--payment-terms", "2147483647"], "at most 3650 days"),
    ] {
        let mut args = args;
        args.splice(0..0, ["customers", "add"]);
        let message = book.fails(&args);
        assert!(message.contains(said), "{args:?}: {message}");
    }
}

#[test]
fn very_long_text_is_refused_whole() {
    let book = Book::furnished();
    let before = book.state();
    let long_name = "x".repeat(501);
    let message = book.fails(&["customers", "add", "--name", &long_name]);
    assert!(message.contains("Name is too long (501 characters; at most 500)"), "{message}");
    let long_memo = "한".repeat(10_001);
    let message = book.fails(&["customers", "edit", "C000001", "--memo", &long_memo]);
    assert!(message.contains("Memo is too long (10001 characters"), "{message}");
    let message = book.fails(&["customers", "add", "--name", "Notes", "--field", &format!("notes={long_memo}")]);
    assert!(message.contains("Notes is too long"), "{message}");
    assert_unchanged(&book, &before);
    assert_eq!(book.count(), 2);
    // Right at the limits is fine.
    let code = book.add(&["--name", &"y".repeat(500), "--memo", &"한".repeat(10_000)]);
    assert_eq!(book.show(&code)["memo"].as_str().unwrap().chars().count(), 10_000);
}

#[test]
fn an_edit_that_fails_keeps_the_old_profile() {
    let book = Book::furnished();
    let before = book.state();
    let message =
        book.fails(&["customers", "edit", "C000001", "--name", "New name", "--email", "nope", "--contact", "|Buyer"]);
    assert!(message.contains("not an e-mail address") && message.contains("Contact 1 needs a name"), "{message}");
    assert!(book.fails(&["customers", "edit", "C000001", "--name", " "]).contains("Name is required"));
    assert!(book.fails(&["customers", "edit", "C000001", "--contact", "a|b|c|d|e"]).contains("NAME|TITLE|PHONE|EMAIL"));
    assert_unchanged(&book, &before);
}

#[test]
fn a_folder_is_not_a_database() {
    let book = Book::new();
    // A folder of its own, so the log kept beside it is not counted as made in it.
    let folder = book.dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    let outcome = run(Book::at(&folder).args(["customers", "add", "--name", "X"]));
    assert_eq!(outcome.code, 1);
    assert!(outcome.stderr.contains("is a folder"), "{}", outcome.stderr);
    let outcome = run(Book::at(&folder).args(["customers", "list"]));
    assert_eq!(outcome.code, 1);
    assert!(outcome.stderr.contains("is a folder"), "{}", outcome.stderr);
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0, "nothing was created in the folder");
}

#[test]
fn a_read_only_database_is_refused_untouched() {
    let book = Book::furnished_file();
    let before = book.state();
    let bytes = std::fs::read(&book.db).unwrap();
    let writable = std::fs::metadata(&book.db).unwrap().permissions();
    let mut read_only = writable.clone();
    read_only.set_readonly(true);
    std::fs::set_permissions(&book.db, read_only).unwrap();
    let message = book.fails(&["customers", "add", "--name", "X"]);
    assert!(message.contains("read-only"), "{message}");
    assert!(book.fails(&["customers", "edit", "C000001", "--name", "Y"]).contains("read-only"));
    assert!(book.fails(&["demo", "--customers", "5"]).contains("read-only"));
    assert_eq!(std::fs::read(&book.db).unwrap(), bytes, "the file was modified");
    std::fs::set_permissions(&book.db, writable).unwrap();
    assert_unchanged(&book, &before);
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let book = Book::furnished_file();
    {
        let conn = rusqlite::Connection::open(&book.db).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    let bytes = std::fs::read(&book.db).unwrap();
    for args in [
        vec!["customers", "add", "--name", "X"],
        vec!["customers", "list"],
        vec!["info"],
        vec!["demo", "--customers", "5"],
    ] {
        let message = book.fails(&args);
        assert!(message.contains("newer version"), "{args:?}: {message}");
    }
    assert_eq!(std::fs::read(&book.db).unwrap(), bytes, "the newer database was modified");
    let conn = rusqlite::Connection::open(&book.db).unwrap();
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 999);
}

#[test]
fn a_file_that_is_not_a_database_is_refused_untouched() {
    let book = Book::file();
    std::fs::write(&book.db, "my shopping list\n".repeat(200)).unwrap();
    let message = book.fails(&["customers", "add", "--name", "X"]);
    assert!(message.contains("not a Clientele database"), "{message}");
    assert_eq!(std::fs::read_to_string(&book.db).unwrap(), "my shopping list\n".repeat(200));
}

#[test]
fn another_programs_database_and_an_empty_file_are_refused_byte_for_byte_untouched() {
    let book = Book::file();
    // Another program's SQLite file: its own table, no schema version, no application id.
    {
        let conn = rusqlite::Connection::open(&book.db).unwrap();
        conn.execute_batch("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('kimchi');").unwrap();
    }
    let bytes = std::fs::read(&book.db).unwrap();
    for args in [
        &["info"][..],
        &["customers", "list"],
        &["customers", "add", "--name", "X"],
        &["company"],
        &["backup"],
        &["backups"],
        &["check"],
    ] {
        let message = book.fails(args);
        assert!(message.contains("another program's database, not a Clientele book"), "{args:?}: {message}");
        assert_eq!(std::fs::read(&book.db).unwrap(), bytes, "{args:?} changed the other program's file");
    }
    // Even one that uses a schema version of its own and its own application id.
    {
        let conn = rusqlite::Connection::open(&book.db).unwrap();
        conn.execute_batch("PRAGMA user_version = 3; PRAGMA application_id = 42;").unwrap();
    }
    let bytes = std::fs::read(&book.db).unwrap();
    assert!(book.fails(&["customers", "add", "--name", "X"]).contains("not a Clientele book"));
    assert_eq!(std::fs::read(&book.db).unwrap(), bytes);
    assert!(!std::path::Path::new(&format!("{}-wal", book.db.display())).exists(), "no log was started beside it");
    assert!(!book.dir.path().join("backups").exists(), "no copy of another program's file was made");

    // An empty file is not a new book either.
    std::fs::write(&book.db, b"").unwrap();
    let message = book.fails(&["customers", "add", "--name", "X"]);
    assert!(message.contains("is an empty file, not a Clientele book"), "{message}");
    assert_eq!(std::fs::metadata(&book.db).unwrap().len(), 0);
}

#[test]
fn a_new_book_is_marked_as_clientele_and_an_older_one_is_marked_when_opened() {
    let book = Book::file();
    book.ok(&["customers", "add", "--name", "Acme"]);
    let conn = rusqlite::Connection::open(&book.db).unwrap();
    let id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    assert_eq!(id, clientele::store::APPLICATION_ID);
    // A book from before the mark (application id 0) is still a book, and gets it.
    conn.execute_batch("PRAGMA application_id = 0").unwrap();
    drop(conn);
    assert!(book.ok(&["customers", "list"]).contains("Acme"));
    book.ok(&["customers", "add", "--name", "Beta"]);
    let conn = rusqlite::Connection::open(&book.db).unwrap();
    let id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    assert_eq!(id, clientele::store::APPLICATION_ID);
}

/// Linux and the BSDs only: Windows and macOS always have a display to open the window on.
#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn the_window_without_a_display_says_so_and_points_to_the_command_line() {
    let book = Book::new();
    let mut cmd = Book::at(&book.db);
    cmd.env_remove("DISPLAY").env_remove("WAYLAND_DISPLAY");
    let outcome = crate::support::run(&mut cmd);
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    assert!(outcome.stderr.contains("There is no display to open the window on"), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("clientele --help"));
    assert!(!outcome.stderr.contains("panicked"), "{}", outcome.stderr);
    assert!(!book.db.exists(), "no book was created for a window that never opened");
}
