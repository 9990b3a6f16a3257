//! Header matching and row application for customer imports.

use super::*;
use crate::domain::custom_field::{FieldType, FieldValue};
use crate::domain::group::GroupValue;
use rust_decimal_macros::dec;

fn book() -> (Vec<FieldDef>, Vec<GroupAxis>) {
    let fields = vec![FieldDef::new("renewal", "Contract renewal", FieldType::Date)];
    let axes =
        vec![GroupAxis { id: 1, name: "Region".into(), values: vec![GroupValue { id: 1, name: "Seoul".into() }] }];
    (fields, axes)
}

fn headers(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

#[test]
fn headers_are_matched_by_key_label_alias_axis_and_custom_label() {
    let (fields, axes) = book();
    let catalog = Catalog::new(&fields, &axes);
    let mapping = catalog.guess(
        &headers(&["Cust. No", "Company Name", "VAT", "Business Number", "Region", "Contract renewal", "Colour", ""]),
        &[],
    );
    assert_eq!(
        mapping,
        [
            Some(Target::Field(Field::Code)),
            Some(Target::Field(Field::Name)),
            Some(Target::Field(Field::TaxId)),
            None, // a second tax ID column is left for the clerk, not silently dropped into the first
            Some(Target::Group("Region".into())),
            Some(Target::Custom("renewal".into())),
            None,
            None,
        ]
    );
}

#[test]
fn the_clerks_choices_win_over_guesses() {
    let (fields, axes) = book();
    let catalog = Catalog::new(&fields, &axes);
    let fixed = [(0, Some(Target::Field(Field::Memo))), (1, None)];
    let mapping = catalog.guess(&headers(&["Code", "Name", "Customer ID"]), &fixed);
    assert_eq!(mapping, [Some(Target::Field(Field::Memo)), None, Some(Target::Field(Field::Code))]);
    assert_eq!(catalog.parse("tax_id"), Some(Target::Field(Field::TaxId)));
    assert_eq!(catalog.parse("group:region"), Some(Target::Group("Region".into())));
    assert_eq!(catalog.parse("custom:renewal"), Some(Target::Custom("renewal".into())));
    // An axis the book lacks is a new one, created by the import (its preview lists it).
    assert_eq!(catalog.parse("group: Segment "), Some(Target::Group("Segment".into())));
    assert_eq!(catalog.parse("group:"), None);
    assert_eq!(catalog.parse("colour"), None);
}

#[test]
fn a_row_changes_only_its_cells_and_empty_cells_keep_values_unless_asked() {
    let (fields, axes) = book();
    let catalog = Catalog::new(&fields, &axes);
    let mut acme = Customer::new("Acme");
    acme.phone = "02-555-0100".into();
    acme.contacts = vec![
        Contact { name: "Kim".into(), primary: true, ..Contact::default() },
        Contact { name: "Lee".into(), ..Contact::default() },
    ];
    let tax = catalog.parse("tax_id").unwrap();
    let phone = catalog.parse("phone").unwrap();
    let limit = catalog.parse("credit_limit").unwrap();
    let region = catalog.parse("group:Region").unwrap();
    let renewal = catalog.parse("custom:renewal").unwrap();
    let contact = catalog.parse("contact.email").unwrap();
    let cells = [
        ("VAT", &tax, " 00123 "),
        ("Phone", &phone, ""),
        ("Credit", &limit, "1,250.50"),
        ("Region", &region, "Busan"),
        ("Renewal", &renewal, "2027-01-31"),
        ("Contact e-mail", &contact, "kim@acme.example"),
    ];
    let mut kept = acme.clone();
    assert_eq!(apply_row(&mut kept, &cells, &fields, false), []);
    assert_eq!(kept.tax_id, "00123", "leading zeros stay");
    assert_eq!(kept.phone, "02-555-0100", "an empty cell leaves the value");
    assert_eq!(kept.credit_limit, Some(dec!(1250.50)));
    assert_eq!(kept.groups.get("Region").map(String::as_str), Some("Busan"));
    assert!(matches!(kept.custom.get("renewal"), Some(FieldValue::Date(_))));
    assert_eq!(kept.contacts.len(), 2, "other contacts are never deleted");
    assert_eq!(kept.contacts[0].email, "kim@acme.example");

    let mut cleared = acme.clone();
    apply_row(&mut cleared, &cells, &fields, true);
    assert_eq!(cleared.phone, "", "empty cells clear values when the clerk says so");
}

#[test]
fn bad_cells_are_each_named_by_their_column() {
    let (fields, axes) = book();
    let catalog = Catalog::new(&fields, &axes);
    let role = catalog.parse("role").unwrap();
    let limit = catalog.parse("credit_limit").unwrap();
    let terms = catalog.parse("payment_terms_days").unwrap();
    let renewal = catalog.parse("custom:renewal").unwrap();
    let action = catalog.parse("on_exceed").unwrap();
    let cells = [
        ("Type", &role, "partner"),
        ("Credit", &limit, "-5"),
        ("Terms", &terms, "thirty"),
        ("Renewal", &renewal, "soon"),
        ("Action", &action, "maybe"),
    ];
    let mut customer = Customer::new("Acme");
    let problems = apply_row(&mut customer, &cells, &fields, false);
    let columns: Vec<Option<&str>> = problems.iter().map(|p| p.column.as_deref()).collect();
    assert_eq!(columns, [Some("Type"), Some("Credit"), Some("Terms"), Some("Renewal"), Some("Action")]);
    assert!(problems[0].message.contains("not a role"), "{:?}", problems[0]);
    assert!(problems[1].message.contains("must not be negative"), "{:?}", problems[1]);
    let mut vendor = Customer::new("V");
    assert_eq!(apply_row(&mut vendor, &[("Type", &role, "Customer & vendor")], &fields, false), []);
    assert_eq!(vendor.role, Role::Both);
    assert_eq!(apply_row(&mut vendor, &[("Action", &action, "inherit")], &fields, false), []);
    assert_eq!(vendor.on_exceed, None);
}
