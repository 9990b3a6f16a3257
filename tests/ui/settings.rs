//! UI tests of the Settings and Welcome screens: the real views are driven with iced_test and the effects checked in a real database.

use crate::screen_support::{click_text, messages, new_store, replace_in, shows, software_renderer, tall, type_into};
use clientele::domain::money::Currency;
use clientele::domain::{Customer, FieldDef, FieldType, FieldValue};
use clientele::store::{CompanySettings, Store};
use clientele::ui::settings::{Action, Message, Settings, company};
use clientele::ui::welcome::{self, Welcome};
use iced_test::core::keyboard::key::Named;
use iced_test::core::{Event, Point, mouse};
use iced_test::selector::{self, Target};
use iced_test::{Simulator, simulator};
use tempfile::TempDir;

/// A fresh database file and the Settings screen over it.
struct Book {
    _dir: TempDir,
    store: Store,
    settings: Settings,
}

impl Book {
    fn new() -> Book {
        Book::with(|_| {})
    }

    /// Prepares the database with `setup` before the screen reads it.
    fn with(setup: impl FnOnce(&mut Store)) -> Book {
        let (dir, mut store) = new_store();
        setup(&mut store);
        let settings = Settings::new(&store).expect("the settings screen loads");
        Book { _dir: dir, store, settings }
    }

    /// One round of interaction: draw the current view, let `act` click and
    /// type in it, then feed every message it produced back through `update`.
    fn round(&mut self, act: impl FnOnce(&mut Simulator<'_, Message>)) -> Vec<Action> {
        let view = tall(self.settings.view());
        messages(view, act).into_iter().map(|message| self.settings.update(message, &mut self.store)).collect()
    }

    /// Whether the current view shows a text containing `needle`.
    fn shows(&self, needle: &str) -> bool {
        shows(&mut tall(self.settings.view()), needle)
    }
}

fn changed(actions: &[Action]) -> bool {
    actions.contains(&Action::Changed)
}

fn click_id<M>(ui: &mut Simulator<'_, M>, id: impl Into<String>) -> Target {
    let id = id.into();
    ui.click(selector::id(id.clone())).unwrap_or_else(|e| panic!("cannot click #{id}: {e}"))
}

/// Opens the drop-down wrapped in `#id` and clicks its option number `index`,
/// as a clerk would: the menu opens under the box, one option per box height.
fn pick<M>(ui: &mut Simulator<'_, M>, id: &str, index: usize) {
    let bounds = click_id(ui, id).bounds();
    let option = Point::new(bounds.center_x(), bounds.y + bounds.height * (index as f32 + 1.5));
    ui.point_at(option);
    let _ = ui.simulate([Event::Mouse(mouse::Event::CursorMoved { position: option })]);
    let _ = ui.simulate(iced_test::simulator::click());
}

fn type_index(field_type: FieldType) -> usize {
    FieldType::ALL.iter().position(|t| *t == field_type).expect("a known type")
}

fn text_field(key: &str, label: &str) -> FieldDef {
    FieldDef::new(key, label, FieldType::Text)
}

#[test]
fn adds_a_custom_field_of_each_type() {
    let mut book = Book::new();
    let wanted = [
        ("Account manager", FieldType::Text, "account_manager"),
        ("Employees", FieldType::Number, "employees"),
        ("Annual volume", FieldType::Decimal, "annual_volume"),
        ("Renewal date", FieldType::Date, "renewal_date"),
        ("Key account", FieldType::Bool, "key_account"),
        ("Tier", FieldType::Choice, "tier"),
    ];
    for (label, field_type, _) in wanted {
        assert!(!changed(&book.round(|ui| click_text(ui, "Add field"))));
        book.round(|ui| {
            type_into(ui, "new-field-label", label);
            pick(ui, "new-field-type", type_index(field_type));
        });
        if field_type == FieldType::Choice {
            assert!(book.shows("Choices, separated by commas"), "the choices box appears for a choice field");
            book.round(|ui| {
                type_into(ui, "new-field-choices", "Gold, Silver, Bronze");
                click_id(ui, "new-field-required");
                click_id(ui, "new-field-in-list");
            });
        }
        let actions = book.round(|ui| click_text(ui, "Save field"));
        assert!(changed(&actions), "saving {label} reports a change");
    }

    let defs = book.store.field_defs().unwrap();
    let stored: Vec<(&str, &str, FieldType)> =
        defs.iter().map(|d| (d.label.as_str(), d.key.as_str(), d.field_type)).collect();
    let expected: Vec<(&str, &str, FieldType)> = wanted.iter().map(|(l, t, k)| (*l, *k, *t)).collect();
    assert_eq!(stored, expected, "labels, suggested keys and types, in the order added");
    let tier = &defs[5];
    assert_eq!(tier.choices, ["Gold", "Silver", "Bronze"]);
    assert!(tier.required && tier.show_in_list);
    assert!(defs[..5].iter().all(|d| !d.required && !d.show_in_list && d.choices.is_empty()));
    assert!(book.shows("Gold, Silver, Bronze"), "the table lists the choices");
}

#[test]
fn renaming_a_label_keeps_every_customer_value() {
    let mut code = String::new();
    let mut book = Book::with(|store| {
        store.add_field(&text_field("account_manager", "Account manager")).unwrap();
        let mut customer = Customer::new("Acme Trading");
        customer.custom.insert("account_manager".into(), FieldValue::Text("Kim Minji".into()));
        code = store.insert_customer(&customer).unwrap().code;
    });

    book.round(|ui| {
        click_id(ui, "field-account_manager-edit");
    });
    assert!(book.shows("fixed once a field is created"), "the edit form says key and type are fixed");
    let actions = book.round(|ui| {
        replace_in(ui, "edit-field-label", "Sales contact");
        click_text(ui, "Save changes");
    });
    assert!(changed(&actions));

    let defs = book.store.field_defs().unwrap();
    assert_eq!(defs.len(), 1);
    assert_eq!((defs[0].label.as_str(), defs[0].key.as_str()), ("Sales contact", "account_manager"));
    let customer = book.store.customer_by_code(&code).unwrap().expect("the customer is still there");
    assert_eq!(customer.custom.get("account_manager"), Some(&FieldValue::Text("Kim Minji".into())));
    assert!(book.shows("Sales contact") && !book.shows("Account manager"));
}

#[test]
fn a_duplicate_key_is_refused_with_a_sentence_and_nothing_is_written() {
    let mut book = Book::with(|store| {
        store.add_field(&text_field("region", "Region")).unwrap();
    });
    book.round(|ui| click_text(ui, "Add field"));
    let actions = book.round(|ui| {
        type_into(ui, "new-field-label", "Sales region");
        replace_in(ui, "new-field-key", "region");
        click_text(ui, "Save field");
    });

    assert!(!changed(&actions));
    assert!(book.shows(
        "The key \u{201c}region\u{201d} is already used by the field \u{201c}Region\u{201d}; choose another key."
    ));
    assert_eq!(book.store.field_defs().unwrap().len(), 1, "nothing was written");
}

#[test]
fn a_bad_key_or_a_choice_field_without_choices_writes_nothing() {
    let mut book = Book::new();
    book.round(|ui| click_text(ui, "Add field"));
    let actions = book.round(|ui| {
        type_into(ui, "new-field-label", "Payment terms");
        replace_in(ui, "new-field-key", "Payment Terms");
        click_text(ui, "Save field");
    });
    assert!(!changed(&actions));
    assert!(book.shows("Field key \"Payment Terms\" is not valid"), "the key problem is shown");

    let actions = book.round(|ui| {
        replace_in(ui, "new-field-key", "payment_terms");
        pick(ui, "new-field-type", type_index(FieldType::Choice));
        click_text(ui, "Save field");
    });
    assert!(!changed(&actions));
    assert!(book.shows("A choice field needs at least one choice"));
    assert!(book.store.field_defs().unwrap().is_empty(), "nothing was written");
}

#[test]
fn the_suggested_key_follows_the_label_until_the_key_is_typed() {
    let mut book = Book::with(|store| {
        store.add_field(&text_field("region", "Region")).unwrap();
    });
    book.round(|ui| click_text(ui, "Add field"));
    book.round(|ui| type_into(ui, "new-field-label", "Region!"));
    let mut ui = tall(book.settings.view());
    match ui.find(selector::id("new-field-key")).unwrap() {
        Target::TextInput { content, .. } => assert_eq!(content, "region_2", "a free key is suggested"),
        other => panic!("not an input: {other:?}"),
    }
}

#[test]
fn fields_move_and_deleting_one_warns_how_many_customers_hold_a_value() {
    let mut book = Book::with(|store| {
        store.add_field(&text_field("first", "First")).unwrap();
        store.add_field(&text_field("second", "Second")).unwrap();
        let mut customer = Customer::new("Acme Trading");
        customer.custom.insert("first".into(), FieldValue::Text("x".into()));
        store.insert_customer(&customer).unwrap();
    });

    assert!(changed(&book.round(|ui| {
        click_id(ui, "field-second-up");
    })));
    let keys: Vec<String> = book.store.field_defs().unwrap().into_iter().map(|d| d.key).collect();
    assert_eq!(keys, ["second", "first"]);

    let actions = book.round(|ui| {
        click_id(ui, "field-first-delete");
    });
    assert!(!changed(&actions), "asking is not deleting");
    assert_eq!(book.store.field_defs().unwrap().len(), 2);
    assert!(book.shows("Delete the field \u{201c}First\u{201d}?"));
    assert!(book.shows("1 customer holds a value for it; those values will be deleted too."));

    assert!(changed(&book.round(|ui| click_text(ui, "Delete field"))));
    let keys: Vec<String> = book.store.field_defs().unwrap().into_iter().map(|d| d.key).collect();
    assert_eq!(keys, ["second"]);
}

#[test]
fn adds_a_group_axis_and_a_value() {
    let mut book = Book::new();
    let actions = book.round(|ui| {
        type_into(ui, "new-axis", "Region");
        click_text(ui, "Add axis");
    });
    assert!(changed(&actions));
    let axes = book.store.group_axes().unwrap();
    assert_eq!(axes.len(), 1);
    assert_eq!(axes[0].name, "Region");
    let axis = axes[0].id;

    let actions = book.round(|ui| {
        type_into(ui, &format!("axis-{axis}-new-value"), "Seoul");
        let _ = ui.tap_key(Named::Enter);
    });
    assert!(changed(&actions), "Enter adds the value");
    let values: Vec<String> = book.store.group_axes().unwrap()[0].values.iter().map(|v| v.name.clone()).collect();
    assert_eq!(values, ["Seoul"]);

    // The same names again, in another case: refused with sentences, nothing written.
    let actions = book.round(|ui| {
        type_into(ui, "new-axis", "region");
        click_text(ui, "Add axis");
    });
    assert!(!changed(&actions));
    assert!(book.shows("There is already an axis called \u{201c}Region\u{201d}; choose another name."));
    let actions = book.round(|ui| {
        type_into(ui, &format!("axis-{axis}-new-value"), "SEOUL");
        click_id(ui, format!("axis-{axis}-add-value"));
    });
    assert!(!changed(&actions));
    assert!(book.shows("Region already has a value \u{201c}Seoul\u{201d}; choose another name."));
    let axes = book.store.group_axes().unwrap();
    assert_eq!((axes.len(), axes[0].values.len()), (1, 1));
}

#[test]
fn renames_an_axis_and_a_value_but_not_onto_an_existing_name() {
    let mut book = Book::with(|store| {
        store.ensure_group("Region", "Seol").unwrap();
        store.ensure_group("Region", "Busan").unwrap();
    });
    let axis = book.store.group_axes().unwrap()[0].clone();
    let seol = axis.values.iter().find(|v| v.name == "Seol").unwrap().id;

    book.round(|ui| {
        click_id(ui, format!("value-{seol}-rename"));
    });
    let actions = book.round(|ui| {
        replace_in(ui, "rename", "busan");
        let _ = ui.tap_key(Named::Enter);
    });
    assert!(!changed(&actions), "a clash is refused");
    assert!(book.shows("Region already has a value \u{201c}Busan\u{201d}; choose another name."));
    assert!(changed(&book.round(|ui| {
        replace_in(ui, "rename", "Seoul");
        let _ = ui.tap_key(Named::Enter);
    })));

    book.round(|ui| {
        click_id(ui, format!("axis-{}-rename", axis.id));
    });
    assert!(changed(&book.round(|ui| {
        replace_in(ui, "rename", "Sales region");
        click_id(ui, "rename-save");
    })));

    let axes = book.store.group_axes().unwrap();
    assert_eq!(axes[0].name, "Sales region");
    let names: Vec<&str> = axes[0].values.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["Busan", "Seoul"]);
}

#[test]
fn deleting_a_group_value_asks_first_and_says_who_holds_it() {
    let mut code = String::new();
    let mut book = Book::with(|store| {
        store.ensure_group("Region", "Seoul").unwrap();
        store.ensure_group("Region", "Busan").unwrap();
        let mut customer = Customer::new("Acme Trading");
        customer.groups.insert("Region".into(), "Seoul".into());
        code = store.insert_customer(&customer).unwrap().code;
    });
    let seoul = book.store.group_axes().unwrap()[0].values.iter().find(|v| v.name == "Seoul").unwrap().id;

    let actions = book.round(|ui| {
        click_id(ui, format!("value-{seoul}-delete"));
    });
    assert!(!changed(&actions), "asking is not deleting");
    assert_eq!(book.store.group_axes().unwrap()[0].values.len(), 2, "still there");
    assert!(book.shows("Delete \u{201c}Seoul\u{201d} from Region?"));
    assert!(book.shows("1 customer holds it and will have no Region afterwards."));

    // Cancel keeps it; asking again and confirming removes it.
    assert!(!changed(&book.round(|ui| click_text(ui, "Cancel"))));
    assert!(!book.shows("from Region?"));
    assert_eq!(book.store.group_axes().unwrap()[0].values.len(), 2);
    book.round(|ui| {
        click_id(ui, format!("value-{seoul}-delete"));
    });
    assert!(changed(&book.round(|ui| click_text(ui, "Delete value"))));

    let names: Vec<String> = book.store.group_axes().unwrap()[0].values.iter().map(|v| v.name.clone()).collect();
    assert_eq!(names, ["Busan"]);
    let customer = book.store.customer_by_code(&code).unwrap().unwrap();
    assert!(customer.groups.is_empty(), "the customer no longer holds the deleted value");
}

#[test]
fn deleting_an_axis_asks_first() {
    let mut book = Book::with(|store| {
        store.ensure_group("Channel", "Retail").unwrap();
    });
    let axis = book.store.group_axes().unwrap()[0].id;
    assert!(!changed(&book.round(|ui| {
        click_id(ui, format!("axis-{axis}-delete"));
    })));
    assert!(book.shows("Delete the axis \u{201c}Channel\u{201d} and all its values?"));
    assert_eq!(book.store.group_axes().unwrap().len(), 1);
    assert!(changed(&book.round(|ui| click_text(ui, "Delete axis"))));
    assert!(book.store.group_axes().unwrap().is_empty());
}

#[test]
fn company_name_and_currency_are_saved() {
    let mut book = Book::new();
    // Save is offered only once something changed, so it is clicked in a second round.
    assert!(!changed(&book.round(|ui| {
        type_into(ui, "company-name", "Hanbit Trading");
        replace_in(ui, "currency-symbol", "₩");
    })));
    assert!(book.shows("Amounts will look like ₩1,234.50."), "the symbol is previewed before saving");
    let actions = book.round(|ui| click_text(ui, "Save"));
    assert!(changed(&actions));
    assert_eq!(
        book.store.company_settings().unwrap(),
        CompanySettings { company_name: "Hanbit Trading".into(), currency: Currency::new("₩", 2) }
    );
    assert!(book.shows("Company details saved."));

    // The won has no minor unit: the decimals are chosen from the drop-down, previewed, saved.
    let chosen = Message::Company(company::Message::DecimalsChosen(company::Decimals(0)));
    assert!(!changed(&[book.settings.update(chosen, &mut book.store)]), "choosing alone saves nothing");
    assert!(book.shows("Amounts will look like ₩1,235."), "rounded in the preview");
    assert!(book.shows("saved ones keep their amounts"), "the change is explained before it is saved");
    assert!(changed(&book.round(|ui| click_text(ui, "Save"))));
    assert_eq!(book.store.currency().unwrap(), Currency::new("₩", 0));
    assert_eq!(book.store.rounding().unwrap().decimals, 0, "voucher lines round to whole won");

    book.round(|ui| replace_in(ui, "currency-symbol", "EUROS!"));
    let actions = book.round(|ui| click_text(ui, "Save"));
    assert!(!changed(&actions));
    assert!(book.shows("is too long: use at most 5 characters"));
    assert_eq!(book.store.currency().unwrap().symbol, "₩", "the bad symbol was not saved");
}

#[test]
fn an_empty_currency_symbol_is_refused() {
    let mut book = Book::new();
    book.round(|ui| replace_in(ui, "currency-symbol", ""));
    let actions = book.round(|ui| click_text(ui, "Save"));
    assert!(!changed(&actions));
    assert!(book.shows("Enter a currency symbol"));
    assert_eq!(book.store.currency().unwrap().symbol, "$");
}

fn welcome_round(
    welcome: &mut Welcome,
    act: impl FnOnce(&mut Simulator<'_, welcome::Message>),
) -> Vec<welcome::Action> {
    software_renderer();
    messages(simulator(welcome.view()), act).into_iter().map(|message| welcome.update(message)).collect()
}

#[test]
fn welcome_buttons_choose_sample_data_or_an_empty_book() {
    let mut welcome = Welcome::new(Currency::default());
    let actions = welcome_round(&mut welcome, |ui| click_text(ui, "Start empty"));
    assert_eq!(actions, [welcome::Action::StartEmpty(Currency::default())]);
    let actions = welcome_round(&mut welcome, |ui| click_text(ui, "Load sample data"));
    assert_eq!(actions, [welcome::Action::LoadSample]);
}

#[test]
fn an_empty_book_starts_in_the_currency_of_the_computer_or_the_one_chosen() {
    let mut welcome = Welcome::new(Currency::for_locale("ko-KR"));
    let actions = welcome_round(&mut welcome, |ui| click_text(ui, "Start empty"));
    assert_eq!(actions, [welcome::Action::StartEmpty(Currency::new("₩", 0))], "the suggestion is chosen at first");
    let euro =
        welcome::currency_choices(&Currency::default()).into_iter().find(|c| c.to_string() == "€ Euro (2 decimals)");
    let euro = euro.expect("the euro is offered");
    assert_eq!(welcome.update(welcome::Message::CurrencyChosen(euro)), welcome::Action::None);
    let actions = welcome_round(&mut welcome, |ui| click_text(ui, "Start empty"));
    assert_eq!(actions, [welcome::Action::StartEmpty(Currency::new("€", 2))]);

    let mut store = Store::open_in_memory().unwrap();
    store.start_empty(&Currency::new("₩", 0)).unwrap();
    assert_eq!(store.currency().unwrap(), Currency::new("₩", 0));
    assert!(!store.needs_welcome().unwrap(), "the welcome is done");
}

#[test]
fn welcome_buttons_are_disabled_while_loading_and_errors_are_shown() {
    let mut welcome = Welcome::new(Currency::default());
    welcome.set_loading(true);
    software_renderer();
    {
        let mut ui = simulator(welcome.view());
        assert!(shows(&mut ui, "Loading sample data…"));
    }
    let actions = welcome_round(&mut welcome, |ui| {
        click_text(ui, "Load sample data");
        click_text(ui, "Start empty");
    });
    assert!(actions.is_empty(), "disabled buttons send nothing: {actions:?}");

    welcome.set_loading(false);
    welcome.set_error(Some("The sample data could not be loaded: the disk is full.".into()));
    let mut ui = simulator(welcome.view());
    assert!(shows(&mut ui, "the disk is full"));
    assert!(!shows(&mut ui, "Loading sample data…"));
}

#[test]
fn ageing_buckets_are_saved_and_bad_ones_refused() {
    let mut book = Book::new();
    assert!(book.shows("Columns: not due, 1–30, 31–60, 61–90, over 90."));
    book.round(|ui| replace_in(ui, "ageing-edges", "15, 45, 120"));
    assert!(book.shows("Columns: not due, 1–15, 16–45, 46–120, over 120."), "the buckets are previewed");
    let actions = book.round(|ui| click_text(ui, "Save buckets"));
    assert!(changed(&actions));
    assert_eq!(book.store.ageing_edges().unwrap().0, [15, 45, 120]);
    assert!(book.shows("Ageing buckets saved."));

    book.round(|ui| replace_in(ui, "ageing-edges", "60, 30, 90"));
    let actions = book.round(|ui| click_text(ui, "Save buckets"));
    assert!(!changed(&actions));
    assert!(book.shows("Each number must be larger than the one before"));
    assert_eq!(book.store.ageing_edges().unwrap().0, [15, 45, 120], "the bad edges were not saved");
}

#[test]
fn price_levels_and_group_terms_are_set_in_prices_and_credit() {
    use clientele::ui::settings::terms::{self, GroupPick, LevelPick};
    let mut book = Book::with(|store| {
        store.ensure_group("Channel", "Dealers").unwrap();
    });
    assert!(book.shows("No price levels yet."));
    let actions = book.round(|ui| {
        type_into(ui, terms::NEW_LEVEL_ID, "Wholesale");
        let _ = ui.tap_key(Named::Enter);
    });
    assert!(changed(&actions));
    assert_eq!(book.store.price_levels().unwrap()[0].name, "Wholesale");
    assert!(book.shows("Added the price level Wholesale."));

    let dealers = GroupPick { axis: "Channel".into(), value: "Dealers".into() };
    book.settings.update(Message::Terms(terms::Message::Pick(dealers)), &mut book.store);
    book.settings.update(Message::Terms(terms::Message::Level(LevelPick(Some("Wholesale".into())))), &mut book.store);
    book.round(|ui| type_into(ui, terms::DISCOUNT_ID, "120"));
    let actions = book.round(|ui| click_text(ui, "Save terms"));
    assert!(!changed(&actions));
    assert!(book.shows("Discount: "), "the bad discount is named");
    assert!(book.store.group_terms(None).unwrap().is_empty(), "nothing saved");

    book.round(|ui| replace_in(ui, terms::DISCOUNT_ID, "5"));
    book.round(|ui| type_into(ui, terms::CREDIT_LIMIT_ID, "20000"));
    let actions = book.round(|ui| click_text(ui, "Save terms"));
    assert!(changed(&actions));
    let saved = book.store.group_terms(None).unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].terms.price_level.as_deref(), Some("Wholesale"));
    assert_eq!(saved[0].terms.discount_pct, Some(rust_decimal_macros::dec!(5)));
    assert_eq!(saved[0].terms.credit_limit, Some(rust_decimal_macros::dec!(20000)));
    assert!(book.shows("Channel = Dealers: level Wholesale, 5% discount, credit limit 20000"));
}

#[test]
fn the_mail_server_is_saved_checked_and_tested_from_settings() {
    use clientele::alerts::mail::{MailSettings, Security};
    let mut book = Book::new();
    book.round(|ui| {
        type_into(ui, "mail-host", "smtp.example.com");
        replace_in(ui, "mail-port", "58x");
        type_into(ui, "mail-from", "Office <office@example.com>");
    });
    // Several sections have a "Save"; the E-mail section's is sent as its button sends it.
    book.settings.update(Message::Mail(clientele::ui::settings::mail::Message::Save), &mut book.store);
    assert!(book.shows("\u{201c}58x\u{201d} is not a port"), "a bad port is named");
    assert_eq!(MailSettings::load(&book.store).unwrap(), None, "nothing saved");

    book.round(|ui| replace_in(ui, "mail-port", "2525"));
    book.settings.update(Message::Mail(clientele::ui::settings::mail::Message::Save), &mut book.store);
    assert!(book.shows("Mail server saved."));
    let saved = MailSettings::load(&book.store).unwrap().unwrap();
    assert_eq!(
        (saved.host.as_str(), saved.port, saved.security, saved.from.as_str()),
        ("smtp.example.com", 2525, Security::StartTls, "Office <office@example.com>")
    );
    assert!(book.shows("not into the database"), "where a password would go is said");

    let sends = |asked: Vec<Action>| -> Vec<Action> { asked.into_iter().filter(|a| *a != Action::None).collect() };
    let asked = book.round(|ui| click_text(ui, "Send test"));
    assert!(sends(asked).is_empty() && book.shows("Enter the address to send the test to"));
    let asked = book.round(|ui| {
        type_into(ui, "mail-test-to", "me@example.com");
        click_text(ui, "Send test");
    });
    assert_eq!(sends(asked), [Action::SendTestMail("me@example.com".into())]);
}
