//! The list of special prices: who and what each is for, its price, quantity and dates, and
//! whether it applies today.

use super::Message;
use super::form::side_word;
use super::picker::Choice;
use crate::domain::money::Currency;
use crate::domain::money::format_amount;
use crate::domain::pricing::SpecialPrice;
use crate::store::{SpecialPriceRow, Store, StoreError};
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;
use chrono::NaiveDate;
use iced::widget::{button, column, container, row, text};
use iced::{Alignment, Element, Length};
use std::collections::BTreeMap;

/// How many special prices the list shows at most; the note under it says when more match.
pub const LIST_LIMIT: usize = 300;

/// One special price with the names of its customer and item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub row: SpecialPriceRow,
    pub customer_name: String,
    pub item_name: String,
}

impl Line {
    pub fn id(&self) -> i64 {
        self.row.price.special.id
    }

    pub fn customer(&self) -> Choice {
        Choice {
            id: self.row.price.customer_id,
            code: self.row.customer_code.clone(),
            name: self.customer_name.clone(),
            detail: String::new(),
            // Whether it is a vendor only matters for a new price; this one has its side already.
            vendor: false,
        }
    }

    pub fn item(&self) -> Choice {
        Choice {
            id: self.row.price.item_id,
            code: self.row.item_code.clone(),
            name: self.item_name.clone(),
            detail: String::new(),
            vendor: false,
        }
    }
}

/// Whether a special price applies on `today` by its dates: "Expired", "Not yet valid", or nothing.
pub fn validity(special: &SpecialPrice, today: NaiveDate) -> Option<&'static str> {
    if special.valid_to.is_some_and(|to| to < today) {
        Some("Expired")
    } else if special.valid_from.is_some_and(|from| from > today) {
        Some("Not yet valid")
    } else {
        None
    }
}

/// The special prices of the customer and the item (either, both, or neither), at most
/// `LIST_LIMIT`, with their names; and whether more matched.
pub fn read(store: &Store, customer_id: Option<i64>, item_id: Option<i64>) -> Result<(Vec<Line>, bool), StoreError> {
    let mut rows = store.special_prices_up_to(customer_id, item_id, Some(LIST_LIMIT + 1))?;
    let truncated = rows.len() > LIST_LIMIT;
    rows.truncate(LIST_LIMIT);
    let mut customer_ids: Vec<i64> = rows.iter().map(|r| r.price.customer_id).collect();
    customer_ids.sort_unstable();
    customer_ids.dedup();
    let customers: BTreeMap<i64, String> =
        store.list_rows(&customer_ids)?.into_iter().map(|row| (row.id, row.name)).collect();
    let mut items: BTreeMap<i64, String> = BTreeMap::new();
    for row in &rows {
        if let std::collections::btree_map::Entry::Vacant(slot) = items.entry(row.price.item_id) {
            slot.insert(store.item(row.price.item_id)?.map(|item| item.name).unwrap_or_default());
        }
    }
    let lines = rows
        .into_iter()
        .map(|row| Line {
            customer_name: customers.get(&row.price.customer_id).cloned().unwrap_or_default(),
            item_name: items.get(&row.price.item_id).cloned().unwrap_or_default(),
            row,
        })
        .collect();
    Ok((lines, truncated))
}

// The columns share the list's width by portions: fixed widths for the figures and dates left
// the customer and item none beside the form on a 1024-px window.
const PARTY_W: Length = Length::FillPortion(4);
const SIDE_W: Length = Length::FillPortion(3);
const PRICE_W: Length = Length::FillPortion(3);
const QTY_W: Length = Length::FillPortion(2);
const DATE_W: Length = Length::FillPortion(4);
const STATUS_W: Length = Length::FillPortion(3);

/// The column titles, lined up with `line`.
pub fn heading<'a>() -> Element<'a, Message> {
    let head = |label: &'a str| text(label).size(theme::SMALL).font(theme::BOLD).style(theme::muted);
    row![
        cell(head("Customer"), PARTY_W, false),
        cell(head("Item"), PARTY_W, false),
        cell(head("Side"), SIDE_W, false),
        cell(head("Price"), PRICE_W, true),
        cell(head("From qty"), QTY_W, true),
        cell(head("Valid from"), DATE_W, false),
        cell(head("Valid to"), DATE_W, false),
        cell(head("Status"), STATUS_W, false),
    ]
    .spacing(8)
    .into()
}

/// One special price as a row; clicking it opens it in the form.
pub fn line<'a>(line: &'a Line, symbol: &Currency, today: NaiveDate, selected: bool) -> Element<'a, Message> {
    let special = &line.row.price.special;
    let status = validity(special, today);
    let ink = if status.is_some() { theme::FAINT } else { theme::INK };
    let styled = move |content: String| {
        text(content)
            .size(theme::TEXT)
            .wrapping(text::Wrapping::None)
            .style(move |_: &iced::Theme| text::Style { color: Some(ink) })
    };
    let party = |code: &'a str, name: &'a str| {
        container(
            column![
                text(code).size(theme::TEXT).font(theme::BOLD).wrapping(text::Wrapping::None),
                text(name).size(theme::SMALL).style(theme::muted).wrapping(text::Wrapping::None),
            ]
            .spacing(1),
        )
        .clip(true)
    };
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
    let badge: Element<'a, Message> = match status {
        Some(label) => widgets::badge(if label == "Expired" { Tone::Danger } else { Tone::Info }, label),
        None => text("").into(),
    };
    let content = row![
        cell(party(&line.row.customer_code, &line.customer_name), PARTY_W, false),
        cell(party(&line.row.item_code, &line.item_name), PARTY_W, false),
        cell(styled(side_word(line.row.price.side).to_string()), SIDE_W, false),
        cell(styled(format_amount(special.price, symbol)), PRICE_W, true),
        cell(
            styled(special.min_quantity.map(|q| q.normalize().to_string()).unwrap_or_else(|| "—".into())),
            QTY_W,
            true
        ),
        cell(styled(date(special.valid_from)), DATE_W, false),
        cell(styled(date(special.valid_to)), DATE_W, false),
        cell(badge, STATUS_W, false),
    ]
    .spacing(8)
    .align_y(Alignment::Center);
    button(content)
        .padding([6, 12])
        .width(Length::Fill)
        .style(theme::list_row(selected, false))
        .on_press(Message::Select(line.id()))
        .into()
}

fn cell<'a>(content: impl Into<Element<'a, Message>>, width: Length, right: bool) -> Element<'a, Message> {
    let align = if right { Alignment::End } else { Alignment::Start };
    // A value wider than its share is cut at its edge rather than drawn over its neighbour.
    container(content).width(width).align_x(align).clip(true).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    #[test]
    fn validity_is_judged_against_today_with_both_ends_included() {
        let special =
            |from, to| SpecialPrice { id: 1, price: Decimal::ONE, min_quantity: None, valid_from: from, valid_to: to };
        assert_eq!(validity(&special(None, None), day(10)), None);
        assert_eq!(validity(&special(Some(day(10)), Some(day(10))), day(10)), None, "a one-day price applies that day");
        assert_eq!(validity(&special(None, Some(day(9))), day(10)), Some("Expired"));
        assert_eq!(validity(&special(Some(day(11)), None), day(10)), Some("Not yet valid"));
    }
}
