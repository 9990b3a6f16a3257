//! A year's order export (one row per order line: order, date, customer, segment, region,
//! product, quantity, sales amount, discount) imported as it is: customers once each with a new
//! Segment axis, items once each, and the sales with `--kind sale`, whose total is the sheet's
//! where the sheet keeps cents and explained where it has sub-cent amounts. Also the refusals a
//! clerk can act on: a missing column said once, and a dry run exiting as the import would.

use crate::support::Book;
use rust_decimal::{Decimal, RoundingStrategy};
use rust_xlsxwriter::Workbook;
use serde_json::Value;
use std::path::PathBuf;
use std::str::FromStr;

const HEADERS: [&str; 11] = [
    "Order ID",
    "Order Date",
    "Customer ID",
    "Customer Name",
    "Segment",
    "Region",
    "Product ID",
    "Product Name",
    "Quantity",
    "Sales",
    "Discount",
];

const CUSTOMERS: [(&str, &str, &str, &str); 8] = [
    ("C-01", "Claire Gute", "Consumer", "South"),
    ("C-02", "Darrin Van Huff", "Corporate", "West"),
    ("C-03", "Sean O'Donnell", "Consumer", "South"),
    ("C-04", "Brosina Hoffman", "Consumer", "West"),
    ("C-05", "Andrew Allen", "Home Office", "South"),
    ("C-06", "Irene Maddox", "Corporate", "West"),
    ("C-07", "Harold Pawlan", "Home Office", "Central"),
    ("C-08", "Pete Kriz", "Consumer", "Central"),
];

const PRODUCTS: [(&str, &str); 6] = [
    ("P-01", "Bush Somerset Bookcase"),
    ("P-02", "Hon Stacking Chair"),
    ("P-03", "Self-Adhesive Labels"),
    ("P-04", "Bretford Table"),
    ("P-05", "Mitel Phone"),
    ("P-06", "Ring Binder"),
];

/// Line amounts as such exports have them: cents, and some with sub-cent figures, one with more
/// decimals than the book keeps for a price (1328.94414, after a discount), and one (29.02) that
/// the sheet holds with float noise as 29.020000000000003.
const AMOUNTS: [&str; 16] = [
    "261.96",
    "731.94",
    "29.02",
    "957.5775",
    "1328.94414",
    "48.86",
    "7.28",
    "907.152",
    "18.504",
    "114.9",
    "1706.184",
    "911.424",
    "68.81",
    "2.544",
    "665.88",
    "55.5",
];

const DISCOUNTS: [f64; 5] = [0.0, 0.2, 0.0, 0.45, 0.1];

/// The export: 25 orders of 1 to 3 lines (49 rows), each customer on several orders and each
/// product on many lines. Returns the file and the sheet's line amounts.
fn order_export(book: &Book) -> (PathBuf, Vec<Decimal>) {
    let path = book.dir.path().join("orders-2025.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, header) in HEADERS.iter().enumerate() {
        sheet.write_string(0, c as u16, *header).unwrap();
    }
    let mut amounts = Vec::new();
    let mut row = 1u32;
    for order in 0..25usize {
        let (code, name, segment, region) = CUSTOMERS[order % CUSTOMERS.len()];
        for line in 0..(order % 3 + 1) {
            let (product, product_name) = PRODUCTS[(order + line) % PRODUCTS.len()];
            let amount = AMOUNTS[(row as usize - 1) % AMOUNTS.len()];
            amounts.push(Decimal::from_str(amount).unwrap());
            let texts = [
                format!("CA-2025-{:04}", 100 + order),
                format!("2025-{:02}-{:02}", order % 12 + 1, order % 28 + 1),
                code.to_string(),
                name.to_string(),
                segment.to_string(),
                region.to_string(),
                product.to_string(),
                product_name.to_string(),
            ];
            for (c, text) in texts.iter().enumerate() {
                sheet.write_string(row, c as u16, text).unwrap();
            }
            // Numbers as numbers, as a spreadsheet program writes them.
            sheet.write_number(row, 8, ((order + line) % 5 + 1) as f64).unwrap();
            let number = if amount == "29.02" { 29.020000000000003 } else { f64::from_str(amount).unwrap() };
            sheet.write_number(row, 9, number).unwrap();
            sheet.write_number(row, 10, DISCOUNTS[(row as usize) % DISCOUNTS.len()]).unwrap();
            row += 1;
        }
    }
    workbook.save(&path).unwrap();
    (path, amounts)
}

fn decimal(value: &Value) -> Decimal {
    Decimal::from_str(value.as_str().unwrap_or_else(|| panic!("not a decimal: {value}"))).unwrap()
}

#[test]
fn last_years_order_export_imports_customers_items_and_sales_without_editing_the_file() {
    let book = Book::new();
    let (file, amounts) = order_export(&book);
    let path = file.to_str().unwrap();

    // Customers: one per Customer ID, the repeated rows the same customer; the Segment column
    // starts a new axis; the per-line Discount is not taken for the customer's discount rate.
    let args = ["import", "customers", path, "--map", "Segment=group:Segment"];
    let dry = book.run(&[&args[..], &["--dry-run"]].concat());
    assert_eq!(dry.code, 0, "{}{}", dry.stdout, dry.stderr);
    assert!(dry.stdout.contains("New group axis: Segment"), "{}", dry.stdout);
    assert!(dry.stdout.contains("Column \"Discount\" is not imported"), "{}", dry.stdout);
    let customers = book.json(&args);
    assert_eq!((customers["created"].as_i64(), customers["invalid"].as_i64()), (Some(8), Some(0)), "{customers}");
    assert_eq!(customers["skipped"].as_i64(), Some(41), "the repeated rows are the same customers: {customers}");
    let groups = book.json(&["groups", "list"]);
    let segment = groups.as_array().unwrap().iter().find(|a| a["name"] == "Segment").expect("the Segment axis");
    let values: Vec<&str> = segment["values"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert_eq!(values, ["Consumer", "Corporate", "Home Office"], "{groups}");
    let claire = book.json(&["customers", "show", "C-01"]);
    assert_eq!(claire["name"], "Claire Gute", "{claire}");
    assert!(claire["discount_rate"].is_null(), "a line's discount is not the customer's: {claire}");

    let kinded = book.run(&["import", "customers", path, "--kind", "sale", "--dry-run"]);
    assert!(kinded.code != 0 && kinded.stderr.contains("leave it out"), "--kind is for vouchers: {}", kinded.stderr);

    // Items: one per Product ID.
    let items = book.json(&["import", "items", path]);
    assert_eq!((items["created"].as_i64(), items["invalid"].as_i64()), (Some(6), Some(0)), "{items}");

    // Sales: without a kind the clerk is told what to add, once, and nothing is written.
    let kindless = book.run(&["import", "vouchers", path, "--dry-run"]);
    assert_eq!(kindless.code, 1, "{}", kindless.stdout);
    assert_eq!(kindless.stdout.matches("No column is mapped to kind").count(), 1, "{}", kindless.stdout);
    assert!(kindless.stderr.contains("--kind sale") && kindless.stderr.contains("nothing would be written"));

    let sales = book.json(&["import", "vouchers", path, "--kind", "sale"]);
    assert_eq!((sales["created"].as_i64(), sales["invalid"].as_i64()), (Some(25), Some(0)), "{sales}");
    let first = &sales["records"][0]["detail"]["lines"][0];
    assert_eq!(
        (&first["price_source"], &first["discount_pct"]),
        (&Value::from("amount"), &Value::from("0")),
        "{first}"
    );
    let sheet_total: Decimal = amounts.iter().sum();
    let cents = |a: &Decimal| a.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let book_total: Decimal = amounts.iter().map(cents).sum();
    let rounded = amounts.iter().filter(|a| cents(a) != **a).count();
    let totals = &sales["totals"];
    assert_eq!((decimal(&totals["sheet"]), decimal(&totals["book"])), (sheet_total, book_total), "{totals}");
    assert_eq!(totals["rounded_lines"].as_u64(), Some(rounded as u64));
    let why = totals["explanation"].as_str().unwrap();
    assert!(why.contains("more than 2 decimals") && why.contains(&format!("{rounded} lines were rounded")), "{why}");

    // What the book records is the book total: every line kept its (rounded) amount.
    let balances = book.json(&["balances"]);
    let receivable: Decimal = balances.as_array().unwrap().iter().map(|b| decimal(&b["receivable"])).sum();
    assert_eq!(receivable, book_total);
}

#[test]
fn a_sheet_in_cents_imports_to_the_cent() {
    let book = Book::new();
    book.ok(&["customers", "add", "--code", "C-01", "--name", "Claire"]);
    book.ok(&["items", "add", "--code", "P-01", "--name", "Bookcase", "--price", "1"]);
    let path = book.dir.path().join("cents.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, h) in ["Order ID", "Order Date", "Customer ID", "Product ID", "Quantity", "Sales"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (quantity, amount)) in [(3.0, 10.0), (7.0, 14.62), (2.0, 261.96)].iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, format!("O-{r}")).unwrap();
        sheet.write_string(r, 1, "2025-06-01").unwrap();
        sheet.write_string(r, 2, "C-01").unwrap();
        sheet.write_string(r, 3, "P-01").unwrap();
        sheet.write_number(r, 4, *quantity).unwrap();
        sheet.write_number(r, 5, *amount).unwrap();
    }
    workbook.save(&path).unwrap();
    let report = book.json(&["import", "vouchers", path.to_str().unwrap(), "--kind", "sale"]);
    assert_eq!(report["created"].as_i64(), Some(3), "{report}");
    assert!(report["totals"]["explanation"].is_null(), "{report}");
    let balances = book.json(&["balances"]);
    assert_eq!(decimal(&balances[0]["receivable"]), Decimal::from_str("286.58").unwrap());
}

#[test]
fn a_missing_name_column_is_said_once_and_a_dry_run_exits_as_the_import_would() {
    let book = Book::new();
    let path = book.dir.path().join("no-names.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "Code").unwrap();
    sheet.write_string(0, 1, "Phone").unwrap();
    for r in 1..=40u32 {
        sheet.write_string(r, 0, format!("N-{r}")).unwrap();
        sheet.write_string(r, 1, "02-555-0100").unwrap();
    }
    workbook.save(&path).unwrap();
    let path = path.to_str().unwrap();
    let dry = book.run(&["import", "customers", path, "--dry-run", "--json"]);
    assert_eq!(dry.code, 1, "a dry run stops where the import would: {}", dry.stderr);
    assert!(dry.stderr.contains("nothing would be written"), "{}", dry.stderr);
    assert!(dry.stderr.contains("--map \"HEADER=name\""), "{}", dry.stderr);
    let report: Value = serde_json::from_str(&dry.stdout).unwrap();
    assert_eq!(report["errors"].as_array().map(Vec::len), Some(0), "not one problem per row: {report}");
    assert_eq!(report["unmapped_required"][0]["field"], "name");
    assert_eq!(report["unmapped_required"][0]["records"].as_u64(), Some(40));
    let text = book.run(&["import", "customers", path]);
    assert_eq!(text.code, 1);
    assert_eq!(text.stdout.matches("No column is mapped to name").count(), 1, "{}", text.stdout);
    assert!(book.run(&["customers", "show", "N-1"]).code != 0, "nothing was written");
}
