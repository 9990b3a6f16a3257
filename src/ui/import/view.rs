//! The import wizard's page: its title and steps, the work in progress, each step's body and
//! the buttons along the bottom.

use super::worker::file_name;
use super::{Import, Message, Step, Work, article, invalid_sentence, kinds};
use crate::domain::import::fixed::ImportKind;
use crate::ui::customers::list::thousands;
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;
use iced::widget::{Column, button, column, container, progress_bar, row, scrollable, space, text};
use iced::{Alignment, Element, Length};

/// The path box beside "Choose file…".
pub const PATH_ID: &str = "import:path";

impl Import {
    pub fn view(&self) -> Element<'_, Message> {
        let step = self.step();
        let mut steps = row![].spacing(6).align_y(Alignment::Center);
        for (index, (label, of)) in [
            ("Choose file", Step::File),
            ("Map columns", Step::Mapping),
            ("Preview", Step::Preview),
            ("Done", Step::Done),
        ]
        .into_iter()
        .enumerate()
        {
            if index > 0 {
                steps = steps.push(text("›").size(theme::TEXT).style(theme::muted));
            }
            let caption = format!("{}. {label}", index + 1);
            steps = steps.push(if of == step {
                widgets::badge(Tone::Info, caption)
            } else {
                text(caption).size(theme::SMALL).style(theme::muted).into()
            });
        }
        let close =
            if self.done.is_some() && self.kind == ImportKind::Customers { "Back to customers" } else { "Close" };
        let title = row![
            text(format!("Import {}", kinds::nouns(self.kind).1)).size(theme::HEADING).font(theme::BOLD),
            space().width(Length::Fixed(16.0)),
            steps,
            space::horizontal(),
            widgets::text_button(close, Some(Message::Close), theme::secondary_button),
        ]
        .spacing(8)
        .align_y(Alignment::Center);

        let mut page = Column::new().spacing(14).padding(iced::Padding { right: 14.0, ..iced::Padding::ZERO });
        if let Some((tone, message)) = &self.notice {
            page = page.push(widgets::notice(*tone, message.as_str()));
        }
        if let Some(work) = &self.work {
            page = page.push(self.work_view(work));
        }
        let body: Element<'_, Message> = match step {
            Step::File => self.file_view(),
            Step::Mapping => self.mapping_view(),
            Step::Preview => self.preview_view(),
            Step::Done => self.done_view(),
        };
        page = page.push(body);
        let bar = self.bar(step);
        column![title, scrollable(page).id("import-scroll").height(Length::Fill).style(theme::scroller), bar]
            .spacing(12)
            .padding(16)
            .into()
    }

    fn file_view(&self) -> Element<'_, Message> {
        let article = article(self.kind);
        let (one, many) = kinds::nouns(self.kind);
        let mut kinds_row = row![widgets::label("The file holds")].spacing(6).align_y(Alignment::Center);
        for kind in
            [ImportKind::Customers, ImportKind::Items, ImportKind::Prices, ImportKind::Balances, ImportKind::Vouchers]
        {
            let label = kinds::nouns(kind).1;
            let label = label[..1].to_uppercase() + &label[1..];
            let style = if kind == self.kind { theme::primary_button } else { theme::secondary_button };
            kinds_row = kinds_row.push(
                button(text(label).size(theme::TEXT))
                    .padding([5, 14])
                    .on_press_maybe(self.takes_files().then_some(Message::Kind(kind)))
                    .style(style),
            );
        }
        let matched = match self.kind {
            ImportKind::Customers => {
                "Rows whose code is already in the book update that customer; the others are added."
            }
            ImportKind::Items => "Rows whose item code is already in the book update that item; the others are added.",
            ImportKind::Prices => {
                "Each row is an item's price at a level, or an item's special price for a customer; a price already set is changed."
            }
            ImportKind::Balances => {
                "Each row is a customer's opening receivable or payable, written as an opening voucher; unknown customers are errors."
            }
            ImportKind::Vouchers => {
                "One line per row; rows with the same voucher key make one voucher. Prices left empty come from the price rules, and credit control applies as in entry."
            }
        };
        let mut content = column![
            kinds_row,
            text(format!(
                "Choose a spreadsheet of {many}: .xlsx, .xlsm, .xlsb, .xls, .ods, .csv or .txt (in any encoding Excel saves). The first row with column names is taken as the header; each row under it is {} {one}{}.",
                article,
                if self.kind == ImportKind::Vouchers { " line" } else { "" },
            ))
            .size(theme::TEXT),
            text(format!(
                "{matched} Nothing is written until you have seen the preview and pressed Apply, and every import can be undone from Settings."
            ))
            .size(theme::TEXT)
            .style(theme::muted),
        ]
        .spacing(10);
        let choose = match &self.opening {
            Some(path) => row![text(format!("Opening {}…", file_name(path))).size(theme::TEXT)],
            None => row![
                widgets::text_button("Choose file…", Some(Message::Browse), theme::primary_button),
                widgets::label("or drop the file on this window, or type its path:"),
                widgets::input(
                    PATH_ID,
                    "e.g. C:\\Users\\me\\Documents\\customers.xlsx",
                    &self.typed_path,
                    Message::PathTyped,
                    false
                )
                .on_submit(Message::OpenTyped)
                .width(Length::Fill),
                widgets::text_button(
                    "Open",
                    (!self.typed_path.trim().is_empty()).then_some(Message::OpenTyped),
                    theme::secondary_button
                ),
            ]
            .spacing(12)
            .align_y(Alignment::Center),
        };
        content = content.push(choose);
        widgets::section("Spreadsheet", content)
    }

    fn work_view(&self, work: &Work) -> Element<'_, Message> {
        let plural = kinds::nouns(self.kind).1;
        let (title, progress, total, cancellable) = match work {
            Work::Previewing(progress) => ("Reading and checking the rows…".to_string(), progress, None, true),
            Work::Applying { progress, total } => (format!("Writing the {plural}…"), progress, *total, total.is_some()),
        };
        let rows = progress.rows();
        let rate = if cancellable { progress.rate() } else { 0.0 };
        // A preview knows only what the sheet declares, which can be wrong: past it, just count.
        let expected = progress.expected().filter(|&expected| rows <= expected);
        let counted = match (total, expected) {
            (Some(total), _) => format!("{} of {} rows", thousands(rows as usize), thousands(total as usize)),
            (None, Some(expected)) => {
                format!("{} of about {} rows read", thousands(rows as usize), thousands(expected as usize))
            }
            (None, None) if !cancellable => "One transaction: all of them or none.".to_string(),
            (None, None) => format!("{} rows read", thousands(rows as usize)),
        };
        let speed = if rate > 0.0 {
            format!("  ·  {} rows a second", thousands(rate.round() as usize))
        } else {
            String::new()
        };
        let mut content = column![text(title).size(theme::TEXT).font(theme::BOLD)].spacing(8);
        if let Some(total) = total.or(expected) {
            content = content.push(progress_bar(0.0..=total.max(1) as f32, rows as f32).girth(10));
        }
        let cancelling = progress.is_cancelled();
        let mut line = row![text(format!("{counted}{speed}")).size(theme::TEXT).width(Length::Fill)];
        if cancellable {
            line = line.push(widgets::text_button(
                if cancelling { "Cancelling…" } else { "Cancel" },
                (!cancelling).then_some(Message::Cancel),
                theme::secondary_button,
            ));
        }
        content = content.push(line.align_y(Alignment::Center));
        container(content).padding(16).width(Length::Fill).style(theme::panel).into()
    }

    fn done_view(&self) -> Element<'_, Message> {
        let Some(done) = self.done else { return column![].into() };
        let c = done.counts;
        let mut summary = format!(
            "Imported as batch #{}: {} new, {} changed, {} unchanged",
            done.batch,
            thousands(c.created as usize),
            thousands(c.updated as usize),
            thousands(c.unchanged as usize)
        );
        if c.skipped + c.invalid > 0 {
            summary.push_str(&format!(", {} skipped", thousands((c.skipped + c.invalid) as usize)));
        }
        summary.push('.');
        let mut content = column![widgets::notice(Tone::Success, summary)].spacing(10);
        if done.skipped_invalid {
            let invalid = c.invalid;
            content = content.push(widgets::label(format!(
                "{} invalid {} left out. Save {} as a spreadsheet to correct {} and import {} again.",
                thousands(invalid as usize),
                if invalid == 1 { "row was" } else { "rows were" },
                if invalid == 1 { "it" } else { "them" },
                if invalid == 1 { "it" } else { "them" },
                if invalid == 1 { "it" } else { "them" },
            )));
        }
        content = content.push(widgets::label(format!(
            "The import can be undone in Settings, Import history, as long as the {} have not been changed or used since.",
            kinds::nouns(self.kind).1
        )));
        widgets::section("Done", content)
    }

    /// The buttons along the bottom: what the step leads to.
    fn bar(&self, step: Step) -> Element<'_, Message> {
        let idle = self.work.is_none();
        let mut bar = row![].spacing(8).align_y(Alignment::Center);
        match step {
            Step::File => {}
            Step::Mapping => {
                if let Some(sheet) = &self.sheet {
                    bar = bar.push(widgets::label(format!("File: {}", sheet.path.display())));
                }
                bar = bar.push(space::horizontal());
                bar = bar.push(widgets::text_button(
                    "Choose another file…",
                    idle.then_some(Message::Browse),
                    theme::secondary_button,
                ));
                bar = bar.push(widgets::text_button(
                    "Preview import",
                    idle.then_some(Message::Preview),
                    theme::primary_button,
                ));
            }
            Step::Preview => {
                let Some(preview) = &self.preview else { return bar.into() };
                let invalid = preview.counts.invalid;
                let writes = preview.counts.created + preview.counts.updated > 0;
                bar = bar.push(widgets::text_button(
                    "Back to columns",
                    idle.then_some(Message::BackToMapping),
                    theme::secondary_button,
                ));
                if invalid > 0 {
                    bar = bar.push(widgets::text_button(
                        "Save invalid rows as .xlsx…",
                        (!self.saving_invalid).then_some(Message::SaveInvalid),
                        theme::secondary_button,
                    ));
                }
                bar = bar.push(space::horizontal());
                let why = if invalid > 0 {
                    invalid_sentence(invalid)
                } else if !writes {
                    format!(
                        "Nothing to import: no row adds or changes {} {}.",
                        article(self.kind),
                        kinds::nouns(self.kind).0
                    )
                } else {
                    String::new()
                };
                if !why.is_empty() {
                    bar = bar.push(container(widgets::label(why)).max_width(420));
                }
                if invalid > 0 && writes {
                    let label = format!("Apply valid rows, skip {} invalid", thousands(invalid as usize));
                    bar = bar.push(
                        button(text(label).size(theme::TEXT))
                            .padding([6, 14])
                            .style(theme::primary_button)
                            .on_press_maybe(idle.then_some(Message::Apply { skip_invalid: true })),
                    );
                }
                let apply = (idle && invalid == 0 && writes).then_some(Message::Apply { skip_invalid: false });
                bar = bar.push(widgets::text_button("Apply", apply, theme::primary_button));
            }
            Step::Done => {
                if self.done.is_some_and(|d| d.skipped_invalid) {
                    bar = bar.push(widgets::text_button(
                        "Save invalid rows as .xlsx…",
                        (!self.saving_invalid).then_some(Message::SaveInvalid),
                        theme::secondary_button,
                    ));
                }
                bar = bar.push(space::horizontal());
                bar = bar.push(widgets::text_button(
                    "Import another file…",
                    Some(Message::Another),
                    theme::secondary_button,
                ));
                bar = bar.push(widgets::text_button(
                    "Go to import history",
                    Some(Message::ShowHistory),
                    theme::primary_button,
                ));
            }
        }
        bar.into()
    }
}
