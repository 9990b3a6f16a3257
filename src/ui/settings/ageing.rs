//! The Ageing section of Settings: where the overdue buckets of the ageing reports end.

use super::parts::{self, TEXT};
use crate::domain::ledger::AgeingEdges;
use crate::store::{Store, StoreError};
use crate::ui::widgets;
use iced::widget::{column, container, row, text};
use iced::{Alignment, Element, Length};

#[derive(Debug, Clone)]
pub enum Message {
    EdgesChanged(String),
    Save,
}

pub struct Ageing {
    typed: String,
    saved: AgeingEdges,
    error: Option<String>,
    just_saved: bool,
}

impl Ageing {
    pub fn load(store: &Store) -> Result<Ageing, StoreError> {
        let saved = store.ageing_edges()?;
        Ok(Ageing { typed: show(saved), saved, error: None, just_saved: false })
    }

    /// Returns whether the database changed.
    pub fn update(&mut self, message: Message, store: &mut Store) -> bool {
        match message {
            Message::EdgesChanged(typed) => {
                self.typed = typed;
                self.just_saved = false;
                false
            }
            Message::Save => {
                self.just_saved = false;
                let edges = match parse(&self.typed) {
                    Ok(edges) => edges,
                    Err(problem) => {
                        self.error = Some(problem);
                        return false;
                    }
                };
                match store.set_ageing_edges(edges) {
                    Ok(()) => {
                        self.saved = edges;
                        self.typed = show(edges);
                        self.error = None;
                        self.just_saved = true;
                        true
                    }
                    Err(error) => {
                        self.error = Some(parts::sentence(error));
                        false
                    }
                }
            }
        }
    }

    /// Typed bucket edges that differ from the saved ones.
    pub fn is_dirty(&self) -> bool {
        !self.typed.trim().is_empty() && !parse(&self.typed).is_ok_and(|edges| edges == self.saved)
    }

    pub fn view(&self) -> Element<'_, Message> {
        let input =
            widgets::input("ageing-edges", "30, 60, 90", &self.typed, Message::EdgesChanged, self.error.is_some())
                .on_submit(Message::Save);
        let status: Element<'_, Message> = match (&self.error, self.just_saved, parse(&self.typed)) {
            (Some(error), _, _) => parts::error_line(error),
            (None, true, _) => text("Ageing buckets saved.").size(TEXT).style(crate::ui::theme::success_text).into(),
            (None, false, Ok(edges)) => parts::hint(format!("Columns: not due, {}.", edges.labels().join(", "))),
            (None, false, Err(_)) => parts::hint("Three numbers of days, each larger than the one before."),
        };
        let dirty = !parse(&self.typed).is_ok_and(|edges| edges == self.saved);
        let save = parts::primary_button("Save buckets", dirty.then_some(Message::Save));
        parts::section(
            "Ageing",
            "Where the overdue columns of the ageing reports end, in days past the due date.",
            column![
                container(widgets::field("Bucket edges (days)", true, input, None)).width(Length::Fixed(320.0)),
                row![save, status].spacing(16).align_y(Alignment::Center),
            ]
            .spacing(16),
        )
    }
}

fn show(edges: AgeingEdges) -> String {
    let [a, b, c] = edges.0;
    format!("{a}, {b}, {c}")
}

/// "30, 60, 90" (commas or spaces) as bucket edges, or a sentence saying what is wrong.
fn parse(typed: &str) -> Result<AgeingEdges, String> {
    let parts: Vec<&str> = typed.split([',', ' ']).map(str::trim).filter(|p| !p.is_empty()).collect();
    let numbers: Vec<u32> = parts.iter().map(|p| p.parse::<u32>()).collect::<Result<_, _>>().map_err(|_| {
        format!("\u{201c}{}\u{201d} is not three whole numbers of days, e.g. 30, 60, 90.", typed.trim())
    })?;
    let edges = <[u32; 3]>::try_from(numbers)
        .map_err(|numbers| format!("Give three numbers of days, e.g. 30, 60, 90 (got {}).", numbers.len()))?;
    AgeingEdges::new(edges).map_err(|_| {
        "Each number must be larger than the one before, starting from 1 day, e.g. 30, 60, 90.".to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn edges_are_three_rising_numbers() {
        assert_eq!(parse("15, 45 120").unwrap().0, [15, 45, 120]);
        assert!(parse("30, 60").unwrap_err().contains("got 2"));
        assert!(parse("60, 30, 90").unwrap_err().contains("larger than the one before"));
        assert!(parse("a, b, c").unwrap_err().contains("not three whole numbers"));
        assert!(parse("0, 30, 60").is_err());
    }
}
