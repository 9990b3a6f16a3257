//! The window's frame around the screens: the tab bar at the top, and how the app's messages
//! print in test failures and logs.

use super::{App, Message, Tab};
use crate::ui::alerts::Alerts;
use crate::ui::theme;
use iced::widget::{button, container, row, space, text};
use iced::{Alignment, Element, Length};
use std::fmt;

impl fmt::Debug for Message {
    // Written by hand so the screens' messages need not all be Debug.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Message::Tab(tab) => write!(f, "Tab({tab:?})"),
            Message::Customers(message) => write!(f, "Customers({message:?})"),
            Message::Settings(_) => f.write_str("Settings(..)"),
            Message::Items(message) => write!(f, "Items({message:?})"),
            Message::Prices(message) => write!(f, "Prices({message:?})"),
            Message::Reports(_) => f.write_str("Reports(..)"),
            Message::Alerts(message) => write!(f, "Alerts({message:?})"),
            Message::OpenRun(id) => write!(f, "OpenRun({id})"),
            Message::Raise => f.write_str("Raise"),
            Message::Import(message) => write!(f, "Import({message:?})"),
            Message::FileDropped(path) => write!(f, "FileDropped({path:?})"),
            Message::ExportTo(job, path) => write!(f, "ExportTo({job:?}, {path:?})"),
            Message::Exported(result) => write!(f, "Exported({result:?})"),
            Message::Welcome(_) => f.write_str("Welcome(..)"),
            Message::Safety(message) => write!(f, "Safety({message:?})"),
            Message::SampleLoaded(result) => write!(f, "SampleLoaded({result:?})"),
            Message::Shortcut(shortcut) => write!(f, "Shortcut({shortcut:?})"),
            Message::CloseRequested => f.write_str("CloseRequested"),
            Message::CloseCancelled => f.write_str("CloseCancelled"),
            Message::CloseAnyway => f.write_str("CloseAnyway"),
            Message::Navigate(shortcut, allowed) => write!(f, "Navigate({shortcut:?}, {allowed})"),
            Message::TabFrom(id) => write!(f, "TabFrom({id:?})"),
            Message::DismissError => f.write_str("DismissError"),
        }
    }
}

impl App {
    /// The tab bar: the program's name, one tab per screen (Alerts with its unread count), the office's name.
    pub(super) fn header(&self) -> Element<'_, Message> {
        let alerts_label = match self.alerts.as_ref().map(Alerts::unread) {
            Ok(unread) if unread > 0 => format!("Alerts ({unread})"),
            _ => "Alerts".to_string(),
        };
        let tab = |label: &str, tab: Tab| {
            button(text(label.to_owned()).size(theme::TEXT))
                .padding([6, 14])
                .on_press(Message::Tab(tab))
                .style(theme::tab(self.tab == tab))
        };
        container(
            row![
                text("Clientele").size(17).font(theme::BOLD),
                space().width(Length::Fixed(24.0)),
                tab("Customers", Tab::Customers),
                tab("Items", Tab::Items),
                tab("Prices", Tab::Prices),
                tab("Reports", Tab::Reports),
                tab(&alerts_label, Tab::Alerts),
                tab("Settings", Tab::Settings),
                space::horizontal(),
                text(&self.company).size(theme::SMALL),
            ]
            .spacing(6)
            .align_y(Alignment::Center),
        )
        .padding([8, 16])
        .width(Length::Fill)
        .style(theme::header)
        .into()
    }
}
