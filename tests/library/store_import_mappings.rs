//! Remembered import mappings: found again by the file's headers (however they are spelt),
//! replaced by a later choice, kept apart by kind, and refused when they do not fit the headers.

use clientele::store::StoreError;

fn headers(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

fn keys(keys: &[Option<&str>]) -> Vec<Option<String>> {
    keys.iter().map(|k| k.map(str::to_string)).collect()
}

#[test]
fn a_mapping_is_found_again_for_the_same_headers_however_they_are_spelt() {
    let store = crate::test_book().unwrap();
    let file = headers(&["Cust No", "Company", "Tax No.", "Notes"]);
    assert_eq!(store.remembered_mapping("customers", &file).unwrap(), None, "nothing is remembered yet");
    let chosen = keys(&[Some("code"), Some("name"), Some("tax_id"), None]);
    store.remember_mapping("customers", &file, &chosen).unwrap();
    assert_eq!(store.remembered_mapping("customers", &file).unwrap(), Some(chosen.clone()));
    let respelt = headers(&["cust_no", "COMPANY", "tax no", " notes "]);
    assert_eq!(store.remembered_mapping("customers", &respelt).unwrap(), Some(chosen));
}

#[test]
fn other_headers_or_another_kind_find_nothing() {
    let store = crate::test_book().unwrap();
    let file = headers(&["Cust No", "Company"]);
    store.remember_mapping("customers", &file, &keys(&[Some("code"), Some("name")])).unwrap();
    assert_eq!(store.remembered_mapping("customers", &headers(&["Cust No", "Company", "Phone"])).unwrap(), None);
    assert_eq!(store.remembered_mapping("customers", &headers(&["Company", "Cust No"])).unwrap(), None);
    assert_eq!(store.remembered_mapping("items", &file).unwrap(), None);
}

#[test]
fn a_later_choice_replaces_the_earlier_one() {
    let store = crate::test_book().unwrap();
    let file = headers(&["Cust No", "Company"]);
    store.remember_mapping("customers", &file, &keys(&[Some("code"), Some("name")])).unwrap();
    store.remember_mapping("customers", &file, &keys(&[Some("code"), Some("custom:trade_name")])).unwrap();
    assert_eq!(
        store.remembered_mapping("customers", &file).unwrap(),
        Some(keys(&[Some("code"), Some("custom:trade_name")]))
    );
}

#[test]
fn a_mapping_that_does_not_fit_the_headers_is_refused() {
    let store = crate::test_book().unwrap();
    let file = headers(&["Cust No", "Company"]);
    let refused = store.remember_mapping("customers", &file, &keys(&[Some("code")]));
    assert!(matches!(refused, Err(StoreError::Rejected(_))), "{refused:?}");
    assert_eq!(store.remembered_mapping("customers", &file).unwrap(), None);
}
