//! The light office look: one palette, text sizes, and the style functions every screen shares.

use iced::border::{self, Border};
use iced::widget::{button, container, pick_list, scrollable, text_input};
use iced::{Background, Color, Font, Shadow, Theme, color, font};

/// Body text: readable at arm's length on an office monitor.
pub const TEXT: f32 = 14.0;
pub const SMALL: f32 = 12.5;
pub const HEADING: f32 = 20.0;
pub const SECTION_TITLE: f32 = 15.0;

pub const INK: Color = color!(0x1f2933);
pub const MUTED: Color = color!(0x66707c);
pub const FAINT: Color = color!(0x9aa3ad);
pub const LINE: Color = color!(0xd9dee4);
pub const LINE_SOFT: Color = color!(0xe8ebef);
pub const CANVAS: Color = color!(0xf2f4f7);
pub const SURFACE: Color = Color::WHITE;
pub const HEADER: Color = color!(0x1e3a5f);
pub const ACCENT: Color = color!(0x2563eb);
pub const ACCENT_SOFT: Color = color!(0xe3ecfd);
pub const ACCENT_HOVER: Color = color!(0xf1f5fd);
pub const DANGER: Color = color!(0xb42318);
pub const DANGER_SOFT: Color = color!(0xfdecea);
pub const WARNING: Color = color!(0x8a5a00);
pub const WARNING_SOFT: Color = color!(0xfff5dc);
pub const SUCCESS: Color = color!(0x1b6e3a);
pub const SUCCESS_SOFT: Color = color!(0xe6f4ea);

/// The face every screen writes in: a subset of Noto Sans CJK KR that the program carries
/// (`assets/fonts`, made by `packaging/fonts/subset.py`), so Hangul, Han, Kana and Latin render
/// whole whatever fonts the PC has. Characters it lacks fall back to the OS fonts.
pub const FONT: Font = Font::with_name("Clientele Sans");
pub const BOLD: Font = Font { weight: font::Weight::Bold, ..FONT };

/// The font files behind [`FONT`] and [`BOLD`] (SIL Open Font License 1.1, see `assets/fonts`).
pub const FONT_FILES: [&[u8]; 2] = [
    include_bytes!("../../assets/fonts/ClienteleSans-Regular.otf"),
    include_bytes!("../../assets/fonts/ClienteleSans-Bold.otf"),
];

/// The text settings of the window and of the tests that drive it: the carried font loaded
/// and made the default, at the body size.
pub fn text_settings() -> iced::Settings {
    iced::Settings {
        default_text_size: TEXT.into(),
        default_font: FONT,
        fonts: FONT_FILES.iter().map(|file| std::borrow::Cow::Borrowed(*file)).collect(),
        ..iced::Settings::default()
    }
}

pub fn theme() -> Theme {
    Theme::custom(
        "Clientele Light",
        iced::theme::Palette {
            background: SURFACE,
            text: INK,
            primary: ACCENT,
            success: SUCCESS,
            warning: WARNING,
            danger: DANGER,
        },
    )
}

/// The grey canvas behind the panels.
pub fn canvas(_theme: &Theme) -> container::Style {
    container::Style { background: Some(CANVAS.into()), text_color: Some(INK), ..container::Style::default() }
}

/// A white panel with a hairline border: the list, the glance card, each profile section.
pub fn panel(_theme: &Theme) -> container::Style {
    container::Style {
        background: Some(SURFACE.into()),
        border: Border { color: LINE, width: 1.0, radius: 6.0.into() },
        text_color: Some(INK),
        ..container::Style::default()
    }
}

/// The dark band at the top that holds the product name and the tabs.
pub fn header(_theme: &Theme) -> container::Style {
    container::Style { background: Some(HEADER.into()), text_color: Some(Color::WHITE), ..container::Style::default() }
}

pub fn status_bar(_theme: &Theme) -> container::Style {
    container::Style {
        background: Some(color!(0xf7f8fa).into()),
        border: Border { color: LINE_SOFT, width: 1.0, radius: border::Radius::default().bottom(6.0) },
        text_color: Some(MUTED),
        ..container::Style::default()
    }
}

pub fn list_heading(_theme: &Theme) -> container::Style {
    container::Style {
        background: Some(color!(0xf7f8fa).into()),
        text_color: Some(MUTED),
        ..container::Style::default()
    }
}

pub fn tab(active: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |_theme, status| {
        let hovered = matches!(status, button::Status::Hovered | button::Status::Pressed);
        let background = if active {
            Some(Background::Color(color!(0x2f5280)))
        } else if hovered {
            Some(Background::Color(color!(0x27466e)))
        } else {
            None
        };
        button::Style {
            background,
            text_color: if active { Color::WHITE } else { color!(0xc9d6e6) },
            border: Border { radius: 4.0.into(), ..Border::default() },
            ..button::Style::default()
        }
    }
}

/// One customer row; the selected one is tinted, the keyboard cursor outlined.
pub fn list_row(selected: bool, cursor: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |_theme, status| {
        let hovered = matches!(status, button::Status::Hovered | button::Status::Pressed);
        let background = if selected {
            ACCENT_SOFT
        } else if hovered {
            ACCENT_HOVER
        } else {
            SURFACE
        };
        button::Style {
            background: Some(background.into()),
            text_color: INK,
            border: Border {
                color: if cursor && !selected { ACCENT } else { LINE_SOFT },
                width: if cursor && !selected { 1.0 } else { 0.0 },
                radius: 0.0.into(),
            },
            ..button::Style::default()
        }
    }
}

/// The main action of a screen (Save).
pub fn primary_button(_theme: &Theme, status: button::Status) -> button::Style {
    let background = match status {
        button::Status::Hovered | button::Status::Pressed => color!(0x1d4ed8),
        button::Status::Disabled => color!(0x9db7f0),
        button::Status::Active => ACCENT,
    };
    button::Style {
        background: Some(background.into()),
        text_color: Color::WHITE,
        border: Border { radius: 4.0.into(), ..Border::default() },
        ..button::Style::default()
    }
}

/// Every other action: white with a border, like a form's secondary buttons.
pub fn secondary_button(_theme: &Theme, status: button::Status) -> button::Style {
    let (background, text) = match status {
        button::Status::Hovered | button::Status::Pressed => (color!(0xf3f5f8), INK),
        button::Status::Disabled => (SURFACE, FAINT),
        button::Status::Active => (SURFACE, INK),
    };
    button::Style {
        background: Some(background.into()),
        text_color: text,
        border: Border { color: LINE, width: 1.0, radius: 4.0.into() },
        ..button::Style::default()
    }
}

pub fn danger_button(_theme: &Theme, status: button::Status) -> button::Style {
    let (background, text) = match status {
        button::Status::Hovered | button::Status::Pressed => (DANGER, Color::WHITE),
        button::Status::Disabled => (SURFACE, FAINT),
        button::Status::Active => (SURFACE, DANGER),
    };
    button::Style {
        background: Some(background.into()),
        text_color: text,
        border: Border {
            color: if status == button::Status::Disabled { LINE } else { DANGER },
            width: 1.0,
            radius: 4.0.into(),
        },
        ..button::Style::default()
    }
}

/// A button that looks like a link (Remove, Add contact).
pub fn link_button(_theme: &Theme, status: button::Status) -> button::Style {
    let text_color = match status {
        button::Status::Hovered | button::Status::Pressed => color!(0x1d4ed8),
        button::Status::Disabled => FAINT,
        button::Status::Active => ACCENT,
    };
    button::Style { background: None, text_color, ..button::Style::default() }
}

pub fn input(invalid: bool) -> impl Fn(&Theme, text_input::Status) -> text_input::Style {
    move |_theme, status| {
        let border_color = match status {
            _ if invalid => DANGER,
            text_input::Status::Focused { .. } => ACCENT,
            text_input::Status::Hovered => color!(0xaab3be),
            _ => LINE,
        };
        text_input::Style {
            background: Background::Color(if status == text_input::Status::Disabled {
                color!(0xf5f6f8)
            } else {
                SURFACE
            }),
            border: Border { color: border_color, width: 1.0, radius: 4.0.into() },
            icon: MUTED,
            placeholder: FAINT,
            value: INK,
            selection: color!(0xbfd3fb),
        }
    }
}

/// A grid cell typed into but not saved yet: tinted, so the clerk sees what Save will write.
pub fn changed_input(_theme: &Theme, status: text_input::Status) -> text_input::Style {
    let base = input(false)(_theme, status);
    text_input::Style {
        background: Background::Color(WARNING_SOFT),
        border: Border {
            color: if matches!(status, text_input::Status::Focused { .. }) { ACCENT } else { color!(0xe0b44a) },
            ..base.border
        },
        ..base
    }
}

pub fn pick(invalid: bool) -> impl Fn(&Theme, pick_list::Status) -> pick_list::Style {
    move |_theme, status| {
        let border_color = match status {
            _ if invalid => DANGER,
            pick_list::Status::Opened { .. } => ACCENT,
            pick_list::Status::Hovered => color!(0xaab3be),
            pick_list::Status::Active => LINE,
        };
        pick_list::Style {
            text_color: INK,
            placeholder_color: MUTED,
            handle_color: MUTED,
            background: SURFACE.into(),
            border: Border { color: border_color, width: 1.0, radius: 4.0.into() },
        }
    }
}

pub fn editor(invalid: bool) -> impl Fn(&Theme, iced::widget::text_editor::Status) -> iced::widget::text_editor::Style {
    use iced::widget::text_editor::Status;
    move |_theme, status| {
        let border_color = match status {
            _ if invalid => DANGER,
            Status::Focused { .. } => ACCENT,
            Status::Hovered => color!(0xaab3be),
            _ => LINE,
        };
        iced::widget::text_editor::Style {
            background: SURFACE.into(),
            border: Border { color: border_color, width: 1.0, radius: 4.0.into() },
            placeholder: FAINT,
            value: INK,
            selection: color!(0xbfd3fb),
        }
    }
}

/// A coloured notice strip: errors, warnings, confirmations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Danger,
    Warning,
    Success,
    Info,
}

pub fn notice(tone: Tone) -> impl Fn(&Theme) -> container::Style {
    move |_theme| {
        let (background, border_color, text) = match tone {
            Tone::Danger => (DANGER_SOFT, color!(0xf3b8b2), DANGER),
            Tone::Warning => (WARNING_SOFT, color!(0xf0d48a), WARNING),
            Tone::Success => (SUCCESS_SOFT, color!(0xa9d8b8), SUCCESS),
            Tone::Info => (ACCENT_SOFT, color!(0xb6cbf5), color!(0x1e40af)),
        };
        container::Style {
            background: Some(background.into()),
            border: Border { color: border_color, width: 1.0, radius: 4.0.into() },
            text_color: Some(text),
            ..container::Style::default()
        }
    }
}

/// A small rounded label, e.g. the role or "Inactive" next to a name.
pub fn badge(tone: Tone) -> impl Fn(&Theme) -> container::Style {
    move |_theme| {
        let (background, text) = match tone {
            Tone::Danger => (DANGER_SOFT, DANGER),
            Tone::Warning => (WARNING_SOFT, WARNING),
            Tone::Success => (SUCCESS_SOFT, SUCCESS),
            Tone::Info => (ACCENT_SOFT, color!(0x1e40af)),
        };
        container::Style {
            background: Some(background.into()),
            border: Border { radius: 9.0.into(), ..Border::default() },
            text_color: Some(text),
            ..container::Style::default()
        }
    }
}

/// The dialog box of a confirmation.
pub fn dialog(_theme: &Theme) -> container::Style {
    container::Style {
        background: Some(SURFACE.into()),
        border: Border { color: LINE, width: 1.0, radius: 8.0.into() },
        shadow: Shadow {
            color: Color { a: 0.25, ..Color::BLACK },
            offset: iced::Vector::new(0.0, 8.0),
            blur_radius: 24.0,
        },
        text_color: Some(INK),
        ..container::Style::default()
    }
}

/// Dims the screen behind a dialog so it reads as modal.
pub fn backdrop(_theme: &Theme) -> container::Style {
    container::Style { background: Some(Color { a: 0.35, ..color!(0x0f172a) }.into()), ..container::Style::default() }
}

pub fn scroller(theme: &Theme, status: scrollable::Status) -> scrollable::Style {
    let mut style = scrollable::default(theme, status);
    style.vertical_rail.background = None;
    style.vertical_rail.scroller.background = Background::Color(color!(0xc3cad3));
    style.vertical_rail.scroller.border = Border { radius: 4.0.into(), ..Border::default() };
    style
}

pub fn muted(_theme: &Theme) -> iced::widget::text::Style {
    iced::widget::text::Style { color: Some(MUTED) }
}

pub fn faint(_theme: &Theme) -> iced::widget::text::Style {
    iced::widget::text::Style { color: Some(FAINT) }
}

pub fn error_text(_theme: &Theme) -> iced::widget::text::Style {
    iced::widget::text::Style { color: Some(DANGER) }
}

pub fn success_text(_theme: &Theme) -> iced::widget::text::Style {
    iced::widget::text::Style { color: Some(SUCCESS) }
}

pub fn section_rule(_theme: &Theme) -> iced::widget::rule::Style {
    iced::widget::rule::Style {
        color: LINE_SOFT,
        radius: 0.0.into(),
        fill_mode: iced::widget::rule::FillMode::Full,
        snap: true,
    }
}
