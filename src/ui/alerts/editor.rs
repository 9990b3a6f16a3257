//! The rule editor: every part of a rule as a form, "Who matches now" before saving, and the
//! reasons a rule cannot be saved shown beside the fields.

use crate::domain::alerts::{
    Comparison, DateRange, Match, Measure, Period, Recipient, Rule, Schedule, Scope, figure_text,
};
use crate::domain::group::GroupAxis;
use crate::domain::money::Currency;
use crate::ui::theme::{self, Tone};
use crate::ui::widgets;
use chrono::{NaiveTime, Weekday};
use iced::widget::{button, checkbox, column, container, row, scrollable, text};
use iced::{Alignment, Element, Length};
use std::collections::BTreeMap;
use std::fmt;

pub const NAME_ID: &str = "alert-rule-name";
pub const THRESHOLD_ID: &str = "alert-rule-threshold";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodChoice {
    ThisWeek,
    LastWeek,
    ThisMonth,
    LastMonth,
    LastDays,
    YearToDate,
}

impl PeriodChoice {
    const ALL: [PeriodChoice; 6] = [
        PeriodChoice::ThisWeek,
        PeriodChoice::LastWeek,
        PeriodChoice::ThisMonth,
        PeriodChoice::LastMonth,
        PeriodChoice::LastDays,
        PeriodChoice::YearToDate,
    ];
}

impl fmt::Display for PeriodChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PeriodChoice::ThisWeek => "this week",
            PeriodChoice::LastWeek => "last week",
            PeriodChoice::ThisMonth => "this month",
            PeriodChoice::LastMonth => "last month",
            PeriodChoice::LastDays => "the last N days",
            PeriodChoice::YearToDate => "year to date",
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    Day,
    Weekdays,
    Month,
}

impl fmt::Display for Every {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Every::Day => "every day",
            Every::Weekdays => "on chosen weekdays",
            Every::Month => "monthly on a day",
        })
    }
}

/// "Any" or one value of a group axis, or any role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice(pub String);

impl fmt::Display for Choice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() { "Any" } else { &self.0 })
    }
}

const WEEKDAYS: [Weekday; 7] =
    [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

#[derive(Debug, Clone)]
pub enum Message {
    Name(String),
    Measure(Measure),
    Comparison(Comparison),
    Threshold(String),
    Period(PeriodChoice),
    LastDays(String),
    Every(Every),
    Weekday(usize, bool),
    MonthDay(String),
    Time(String),
    Group(String, Choice),
    Person(String),
    Role(Choice),
    ActiveOnly(bool),
    RecipientName(usize, String),
    RecipientRole(usize, String),
    RecipientEmail(usize, String),
    AddRecipient,
    RemoveRecipient(usize),
    Enabled(bool),
    NotifyWhenEmpty(bool),
    Preview,
    Previewed(Result<(Option<DateRange>, Vec<Match>), String>),
    Save,
    Cancel,
}

pub enum Action {
    None,
    /// Evaluate this rule off the window's thread and send back `Message::Previewed`.
    Preview(Box<Rule>),
    Save(Box<Rule>),
    Cancel,
}

enum Preview {
    NotAsked,
    Running,
    Found(Option<DateRange>, Vec<Match>),
    Failed(String),
}

/// How many matches the preview lists; the count says how many there are in all.
const PREVIEW_ROWS: usize = 200;

pub struct Editor {
    id: Option<i64>,
    name: String,
    measure: Measure,
    comparison: Comparison,
    threshold: String,
    period: PeriodChoice,
    last_days: String,
    every: Every,
    weekdays: [bool; 7],
    month_day: String,
    time: String,
    groups: BTreeMap<String, String>,
    person: String,
    role: String,
    active_only: bool,
    recipients: Vec<[String; 3]>,
    enabled: bool,
    notify_when_empty: bool,
    problems: Vec<String>,
    preview: Preview,
    /// Whether the clerk changed the form since it was opened (it closes once saved).
    edited: bool,
}

impl Editor {
    /// A new rule, filled in as the example reads: sales this week over 10,000, Fridays at 09:00.
    pub fn new() -> Editor {
        let mut weekdays = [false; 7];
        weekdays[4] = true;
        Editor {
            id: None,
            name: String::new(),
            measure: Measure::Sales,
            comparison: Comparison::Greater,
            threshold: String::new(),
            period: PeriodChoice::ThisWeek,
            last_days: "30".into(),
            every: Every::Weekdays,
            weekdays,
            month_day: "1".into(),
            time: "09:00".into(),
            groups: BTreeMap::new(),
            person: String::new(),
            role: String::new(),
            active_only: false,
            recipients: vec![[String::new(), String::new(), String::new()]],
            enabled: true,
            notify_when_empty: false,
            problems: Vec::new(),
            preview: Preview::NotAsked,
            edited: false,
        }
    }

    /// Whether the form holds changes not saved.
    pub fn is_edited(&self) -> bool {
        self.edited
    }

    pub fn edit(rule: &Rule) -> Editor {
        let mut editor = Editor::new();
        editor.id = rule.id;
        editor.name = rule.name.clone();
        editor.measure = rule.measure;
        editor.comparison = rule.comparison;
        editor.threshold = rule.threshold.normalize().to_string();
        editor.period = match rule.period {
            Period::ThisWeek => PeriodChoice::ThisWeek,
            Period::LastWeek => PeriodChoice::LastWeek,
            Period::ThisMonth => PeriodChoice::ThisMonth,
            Period::LastMonth => PeriodChoice::LastMonth,
            Period::LastDays(n) => {
                editor.last_days = n.to_string();
                PeriodChoice::LastDays
            }
            Period::YearToDate => PeriodChoice::YearToDate,
        };
        editor.time = rule.schedule.at().format("%H:%M").to_string();
        editor.weekdays = [false; 7];
        match &rule.schedule {
            Schedule::Daily { .. } => editor.every = Every::Day,
            Schedule::Weekly { days, .. } => {
                editor.every = Every::Weekdays;
                for day in days {
                    editor.weekdays[day.num_days_from_monday() as usize] = true;
                }
            }
            Schedule::Monthly { day, .. } => {
                editor.every = Every::Month;
                editor.month_day = day.to_string();
            }
        }
        editor.groups = rule.scope.groups.clone();
        editor.person = rule.scope.person_in_charge.clone();
        editor.role = rule.scope.role.clone();
        editor.active_only = rule.scope.active_only;
        editor.recipients = rule.recipients.iter().map(|r| [r.name.clone(), r.role.clone(), r.email.clone()]).collect();
        editor.enabled = rule.enabled;
        editor.notify_when_empty = rule.notify_when_empty;
        editor
    }

    pub fn is_new(&self) -> bool {
        self.id.is_none()
    }

    /// The rule the form describes, or every reason it is not one yet.
    pub fn rule(&self) -> Result<Rule, Vec<String>> {
        let mut problems = Vec::new();
        let threshold = self
            .threshold
            .trim()
            .replace([',', '$', '%'], "")
            .trim()
            .parse()
            .map_err(|_| problems.push("Write the threshold as a number, e.g. 10000.".to_string()))
            .unwrap_or_default();
        let period = match self.period {
            PeriodChoice::ThisWeek => Period::ThisWeek,
            PeriodChoice::LastWeek => Period::LastWeek,
            PeriodChoice::ThisMonth => Period::ThisMonth,
            PeriodChoice::LastMonth => Period::LastMonth,
            PeriodChoice::YearToDate => Period::YearToDate,
            PeriodChoice::LastDays => Period::parse(&format!("last_days:{}", self.last_days.trim()))
                .map_err(|_| problems.push("Write the number of days as a whole number from 1 to 3660.".into()))
                .unwrap_or(Period::ThisWeek),
        };
        let at = NaiveTime::parse_from_str(self.time.trim(), "%H:%M")
            .map_err(|_| {
                problems.push(format!(
                    "\u{201c}{}\u{201d} is not a time of day; write it as HH:MM, e.g. 09:00.",
                    self.time.trim()
                ))
            })
            .unwrap_or(NaiveTime::MIN);
        let schedule = match self.every {
            Every::Day => Schedule::Daily { at },
            Every::Weekdays => Schedule::Weekly {
                days: WEEKDAYS.iter().zip(self.weekdays).filter(|(_, on)| *on).map(|(day, _)| *day).collect(),
                at,
            },
            Every::Month => match self.month_day.trim().parse::<u32>() {
                Ok(day) if (1..=31).contains(&day) => Schedule::Monthly { day, at },
                _ => {
                    problems.push("Write the day of the month as a number from 1 to 31.".into());
                    Schedule::Monthly { day: 1, at }
                }
            },
        };
        let recipients = self
            .recipients
            .iter()
            .filter(|[name, role, email]| {
                !(name.trim().is_empty() && role.trim().is_empty() && email.trim().is_empty())
            })
            .map(|[name, role, email]| Recipient {
                name: name.trim().to_string(),
                role: role.trim().to_string(),
                email: email.trim().to_string(),
            })
            .collect::<Vec<_>>();
        if recipients.iter().any(|r| r.name.is_empty() && r.role.is_empty()) {
            problems.push("Give each recipient a name or a role.".into());
        }
        let rule = Rule {
            id: self.id,
            name: self.name.trim().to_string(),
            measure: self.measure,
            comparison: self.comparison,
            threshold,
            period,
            scope: Scope {
                groups: self
                    .groups
                    .iter()
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(a, v)| (a.clone(), v.clone()))
                    .collect(),
                person_in_charge: self.person.trim().to_string(),
                role: self.role.clone(),
                active_only: self.active_only,
            },
            schedule,
            recipients,
            enabled: self.enabled,
            notify_when_empty: self.notify_when_empty,
        };
        problems.extend(rule.problems().iter().map(|p| crate::ui::customers::sentence(&p.to_string())));
        if problems.is_empty() { Ok(rule) } else { Err(problems) }
    }

    /// Shows why the store refused the rule.
    pub fn refused(&mut self, reason: String) {
        self.problems = vec![reason];
    }

    pub fn update(&mut self, message: Message) -> Action {
        let changes_matches = !matches!(
            message,
            Message::Name(_)
                | Message::Every(_)
                | Message::Weekday(..)
                | Message::MonthDay(_)
                | Message::Time(_)
                | Message::RecipientName(..)
                | Message::RecipientRole(..)
                | Message::RecipientEmail(..)
                | Message::AddRecipient
                | Message::RemoveRecipient(_)
                | Message::Enabled(_)
                | Message::NotifyWhenEmpty(_)
                | Message::Previewed(_)
                | Message::Preview
                | Message::Save
                | Message::Cancel
        );
        if !matches!(message, Message::Previewed(_) | Message::Preview | Message::Save | Message::Cancel) {
            self.edited = true;
        }
        if changes_matches && !matches!(self.preview, Preview::Running) {
            // The list shown no longer answers the form.
            self.preview = Preview::NotAsked;
        }
        match message {
            Message::Name(name) => self.name = name,
            Message::Measure(measure) => self.measure = measure,
            Message::Comparison(comparison) => self.comparison = comparison,
            Message::Threshold(threshold) => self.threshold = threshold,
            Message::Period(period) => self.period = period,
            Message::LastDays(days) => self.last_days = days,
            Message::Every(every) => self.every = every,
            Message::Weekday(index, on) => {
                if let Some(day) = self.weekdays.get_mut(index) {
                    *day = on;
                }
            }
            Message::MonthDay(day) => self.month_day = day,
            Message::Time(time) => self.time = time,
            Message::Group(axis, value) => {
                self.groups.insert(axis, value.0);
            }
            Message::Person(person) => self.person = person,
            Message::Role(role) => self.role = role.0,
            Message::ActiveOnly(on) => self.active_only = on,
            Message::RecipientName(i, value) => self.set_recipient(i, 0, value),
            Message::RecipientRole(i, value) => self.set_recipient(i, 1, value),
            Message::RecipientEmail(i, value) => self.set_recipient(i, 2, value),
            Message::AddRecipient => self.recipients.push([String::new(), String::new(), String::new()]),
            Message::RemoveRecipient(i) => {
                if i < self.recipients.len() {
                    self.recipients.remove(i);
                }
            }
            Message::Enabled(on) => self.enabled = on,
            Message::NotifyWhenEmpty(on) => self.notify_when_empty = on,
            Message::Preview => match self.rule() {
                Ok(rule) => {
                    self.problems.clear();
                    self.preview = Preview::Running;
                    return Action::Preview(Box::new(rule));
                }
                Err(problems) => self.problems = problems,
            },
            Message::Previewed(result) => {
                self.preview = match result {
                    Ok((period, matches)) => Preview::Found(period, matches),
                    Err(error) => Preview::Failed(error),
                }
            }
            Message::Save => match self.rule() {
                Ok(rule) => {
                    self.problems.clear();
                    return Action::Save(Box::new(rule));
                }
                Err(problems) => self.problems = problems,
            },
            Message::Cancel => return Action::Cancel,
        }
        Action::None
    }

    fn set_recipient(&mut self, index: usize, part: usize, value: String) {
        if let Some(recipient) = self.recipients.get_mut(index) {
            recipient[part] = value;
        }
    }

    pub fn view<'a>(&'a self, axes: &'a [GroupAxis], currency: &'a Currency) -> Element<'a, Message> {
        let title = if self.is_new() { "New alert rule" } else { "Edit alert rule" };
        let name = widgets::field(
            "Name",
            true,
            widgets::input(NAME_ID, "e.g. Big sellers this week", &self.name, Message::Name, false),
            None,
        );
        let condition = row![
            widgets::field(
                "Measure",
                true,
                widgets::choice(Measure::ALL, Some(self.measure), Message::Measure, false),
                None
            ),
            widgets::field(
                "Comparison",
                true,
                widgets::choice(Comparison::ALL, Some(self.comparison), Message::Comparison, false),
                None
            ),
            widgets::field(
                "Threshold",
                true,
                widgets::input(THRESHOLD_ID, threshold_hint(self.measure), &self.threshold, Message::Threshold, false),
                None
            ),
        ]
        .spacing(12);
        let mut period = row![widgets::field(
            "Period",
            false,
            widgets::choice(&PeriodChoice::ALL[..], Some(self.period), Message::Period, false),
            None
        )]
        .spacing(12);
        if self.period == PeriodChoice::LastDays {
            period = period.push(widgets::field(
                "Days",
                true,
                widgets::input("alert-rule-days", "30", &self.last_days, Message::LastDays, false),
                None,
            ));
        }
        let period: Element<'a, Message> = if self.measure.uses_period() {
            period.into()
        } else {
            widgets::label("This measure is read as it stands on the day the rule runs; it has no period.").into()
        };
        let mut rule_part = column![name, condition, period].spacing(12);
        if let Some(counts) = self.measure.counts() {
            rule_part = rule_part.push(widgets::label(counts));
        }

        let mut schedule = row![
            widgets::field(
                "Runs",
                true,
                widgets::choice(
                    &[Every::Day, Every::Weekdays, Every::Month][..],
                    Some(self.every),
                    Message::Every,
                    false
                ),
                None
            ),
            widgets::field(
                "At (HH:MM)",
                true,
                widgets::input("alert-rule-time", "09:00", &self.time, Message::Time, false),
                None
            ),
        ]
        .spacing(12);
        if self.every == Every::Month {
            schedule = schedule.push(widgets::field(
                "Day of the month",
                true,
                widgets::input("alert-rule-day", "1", &self.month_day, Message::MonthDay, false),
                None,
            ));
        }
        let mut when = column![schedule].spacing(8);
        if self.every == Every::Weekdays {
            let mut days = row![].spacing(10);
            for (index, day) in WEEKDAYS.iter().enumerate() {
                days = days.push(
                    checkbox(self.weekdays[index])
                        .label(format!("{day}"))
                        .on_toggle(move |on| Message::Weekday(index, on))
                        .text_size(theme::TEXT),
                );
            }
            when = when.push(days);
        }
        when = when.push(widgets::label(
            "Local time of this computer. A time missed while Clientele was closed runs once at the next start, marked late.",
        ));

        let mut scope = column![].spacing(8);
        let mut groups = row![].spacing(12);
        for axis in axes {
            let mut options = vec![Choice(String::new())];
            options.extend(axis.values.iter().map(|v| Choice(v.name.clone())));
            let selected = Choice(self.groups.get(&axis.name).cloned().unwrap_or_default());
            let axis_name = axis.name.clone();
            groups = groups.push(widgets::field(
                &axis.name,
                false,
                widgets::choice(
                    options,
                    Some(selected),
                    move |choice| Message::Group(axis_name.clone(), choice),
                    false,
                ),
                None,
            ));
        }
        scope = scope.push(groups);
        let roles = ["", "customer", "vendor", "both"].map(|r| Choice(r.to_string()));
        scope = scope.push(
            row![
                widgets::field(
                    "Person in charge",
                    false,
                    widgets::input("alert-rule-person", "Anyone", &self.person, Message::Person, false),
                    None
                ),
                widgets::field(
                    "Role",
                    false,
                    widgets::choice(roles, Some(Choice(self.role.clone())), Message::Role, false),
                    None
                ),
                container(
                    checkbox(self.active_only)
                        .label("Active customers only")
                        .on_toggle(Message::ActiveOnly)
                        .text_size(theme::TEXT)
                )
                .padding([22, 0])
                .width(Length::Fill),
            ]
            .spacing(12),
        );

        let mut people = column![].spacing(6);
        for (i, [name, role, email]) in self.recipients.iter().enumerate() {
            people = people.push(
                row![
                    widgets::input(
                        format!("alert-recipient-name-{i}"),
                        "Name",
                        name,
                        move |v| Message::RecipientName(i, v),
                        false
                    ),
                    widgets::input(
                        format!("alert-recipient-role-{i}"),
                        "Role, e.g. CEO",
                        role,
                        move |v| Message::RecipientRole(i, v),
                        false
                    ),
                    widgets::input(
                        format!("alert-recipient-email-{i}"),
                        "E-mail (optional)",
                        email,
                        move |v| Message::RecipientEmail(i, v),
                        false
                    ),
                    button(text("Remove").size(theme::SMALL))
                        .on_press(Message::RemoveRecipient(i))
                        .style(theme::link_button),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            );
        }
        people = people.push(
            row![
                widgets::text_button("Add recipient", Some(Message::AddRecipient), theme::secondary_button),
                widgets::label(
                    "Everyone sees the desktop notification; those with an address also get the report as .xlsx."
                ),
            ]
            .spacing(12)
            .align_y(Alignment::Center),
        );

        let switches = row![
            checkbox(self.enabled).label("On").on_toggle(Message::Enabled).text_size(theme::TEXT),
            checkbox(self.notify_when_empty)
                .label("Notify also when nothing matches")
                .on_toggle(Message::NotifyWhenEmpty)
                .text_size(theme::TEXT),
        ]
        .spacing(24);

        let running = matches!(self.preview, Preview::Running);
        // The buttons stay in view above the form, however far the clerk has scrolled.
        let mut bar = row![
            text(title).size(theme::HEADING).font(theme::BOLD),
            iced::widget::space::horizontal(),
            widgets::text_button("Save", Some(Message::Save), theme::primary_button),
            widgets::text_button(
                if running { "Looking…" } else { "Who matches now" },
                (!running).then_some(Message::Preview),
                theme::secondary_button
            ),
            widgets::text_button("Cancel", Some(Message::Cancel), theme::secondary_button),
        ]
        .spacing(10)
        .align_y(Alignment::Center);
        if let Preview::Found(_, matches) = &self.preview {
            bar = bar.push(widgets::label(format!("{} found; listed under the form", matches.len())));
        }
        let mut form = column![].spacing(14);
        for problem in &self.problems {
            form = form.push(widgets::notice(Tone::Danger, problem.as_str()));
        }
        form = form.push(
            column![
                widgets::section("What to look for", rule_part),
                widgets::section("When", when),
                widgets::section("Which customers", scope),
                widgets::section("Whom to tell", people),
                switches,
                self.preview_view(currency),
            ]
            .spacing(14),
        );
        column![
            container(bar).padding([0, 16]).max_width(980),
            scrollable(container(form).padding(16).max_width(980)).height(Length::Fill).style(theme::scroller),
        ]
        .spacing(4)
        .into()
    }

    fn preview_view<'a>(&'a self, currency: &'a Currency) -> Element<'a, Message> {
        match &self.preview {
            Preview::NotAsked => column![].into(),
            Preview::Running => widgets::label("Looking at every customer in scope…").into(),
            Preview::Failed(error) => widgets::notice(Tone::Danger, error.as_str()),
            Preview::Found(period, matches) => {
                let period = period.map(|p| format!(" ({} to {})", p.from, p.to)).unwrap_or_default();
                let count = match matches.len() {
                    0 => "No customer matches now".to_string(),
                    1 => "1 customer matches now".to_string(),
                    n => format!("{n} customers match now"),
                };
                let mut list =
                    column![text(format!("{count}{period}")).size(theme::SECTION_TITLE).font(theme::BOLD)].spacing(4);
                for found in matches.iter().take(PREVIEW_ROWS) {
                    list = list.push(
                        row![
                            text(&found.code).size(theme::TEXT).width(Length::Fixed(110.0)),
                            text(&found.name).size(theme::TEXT).width(Length::Fill),
                            text(figure_text(self.measure, found.value, currency)).size(theme::TEXT),
                        ]
                        .spacing(10),
                    );
                }
                if matches.len() > PREVIEW_ROWS {
                    list = list.push(widgets::label(format!("and {} more", matches.len() - PREVIEW_ROWS)));
                }
                container(list).padding(12).width(Length::Fill).style(theme::panel).into()
            }
        }
    }
}

impl Default for Editor {
    fn default() -> Editor {
        Editor::new()
    }
}

fn threshold_hint(measure: Measure) -> &'static str {
    match measure {
        Measure::OverdueDays | Measure::DaysSinceSale => "days, e.g. 60",
        Measure::CreditUsedPct => "percent, e.g. 80",
        _ => "amount, e.g. 10000",
    }
}
