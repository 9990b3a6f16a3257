//! When an alert rule runs: every day, on chosen weekdays, or monthly on a day, at a local time of
//! day. A run is identified by its *slot*, the local date and time it is due ("2026-03-08 02:30"),
//! so a daylight-saving change can neither skip nor double it: a slot that falls in the hour the
//! clocks skip is due at the same clock time after the jump, and one that falls in the hour they
//! repeat is due the first time round.

use chrono::{Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Weekday};
use std::fmt;

/// A rule's schedule.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Schedule {
    Daily {
        at: NaiveTime,
    },
    /// On each of `days` (at least one), at `at`.
    Weekly {
        days: Vec<Weekday>,
        at: NaiveTime,
    },
    /// On day `day` (1–31) of each month; a month without that day runs on its last day.
    Monthly {
        day: u32,
        at: NaiveTime,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error(
        "\"{0}\" is not a schedule; write daily@HH:MM, weekly:DAYS@HH:MM (e.g. weekly:fri@09:00 or weekly:mon,thu@08:30) or monthly:DAY@HH:MM (e.g. monthly:1@09:00)"
    )]
    Form(String),
    #[error("\"{0}\" is not a time of day; write it as HH:MM, e.g. 09:00")]
    Time(String),
    #[error("\"{0}\" is not a weekday; write mon, tue, wed, thu, fri, sat or sun")]
    Weekday(String),
    #[error("\"{0}\" is not a day of the month; write a number from 1 to 31")]
    Day(String),
}

impl Schedule {
    /// Reads the CLI's form: `daily@08:30`, `weekly:fri@09:00`, `weekly:mon,thu@08:30`, `monthly:1@09:00`.
    pub fn parse(text: &str) -> Result<Schedule, ScheduleError> {
        let text = text.trim();
        let form = || ScheduleError::Form(text.to_string());
        let (when, time) = text.rsplit_once('@').ok_or_else(form)?;
        let at = parse_time(time)?;
        let (kind, detail) = match when.split_once(':') {
            Some((kind, detail)) => (kind.trim().to_ascii_lowercase(), Some(detail.trim())),
            None => (when.trim().to_ascii_lowercase(), None),
        };
        match (kind.as_str(), detail) {
            ("daily", None) => Ok(Schedule::Daily { at }),
            ("weekly", Some(days)) => {
                let mut parsed = Vec::new();
                for day in days.split(',') {
                    let day = day.trim();
                    let weekday: Weekday = day.parse().map_err(|_| ScheduleError::Weekday(day.to_string()))?;
                    if !parsed.contains(&weekday) {
                        parsed.push(weekday);
                    }
                }
                parsed.sort_by_key(|d| d.num_days_from_monday());
                Ok(Schedule::Weekly { days: parsed, at })
            }
            ("monthly", Some(day)) => match day.parse::<u32>() {
                Ok(n) if (1..=31).contains(&n) => Ok(Schedule::Monthly { day: n, at }),
                _ => Err(ScheduleError::Day(day.to_string())),
            },
            _ => Err(form()),
        }
    }

    /// The local time of day it runs at.
    pub fn at(&self) -> NaiveTime {
        match self {
            Schedule::Daily { at } | Schedule::Weekly { at, .. } | Schedule::Monthly { at, .. } => *at,
        }
    }

    /// Whether it runs on `date` (at its time of day).
    pub fn runs_on(&self, date: NaiveDate) -> bool {
        match self {
            Schedule::Daily { .. } => true,
            Schedule::Weekly { days, .. } => days.contains(&date.weekday()),
            Schedule::Monthly { day, .. } => date.day() == (*day).min(last_day_of_month(date)),
        }
    }

    /// The latest slot at or before `now` (local), looking back at most a year: the one a
    /// checker that has been away runs once, however many it missed.
    pub fn latest_slot_until(&self, now: NaiveDateTime) -> Option<NaiveDateTime> {
        let mut date = now.date();
        for _ in 0..=366 {
            let slot = date.and_time(self.at());
            if slot <= now && self.runs_on(date) {
                return Some(slot);
            }
            date = date.pred_opt()?;
        }
        None
    }

    /// The first slot strictly after `after` (local), looking ahead at most a year.
    pub fn next_slot_after(&self, after: NaiveDateTime) -> Option<NaiveDateTime> {
        let mut date = after.date();
        for _ in 0..=366 {
            let slot = date.and_time(self.at());
            if slot > after && self.runs_on(date) {
                return Some(slot);
            }
            date = date.succ_opt()?;
        }
        None
    }
}

/// The instant a local slot is due in `zone`: in a skipped hour, the same clock time after the
/// jump (02:30 on the spring change is 03:30); in a repeated hour, the first time round.
pub fn slot_instant<Tz: TimeZone>(zone: &Tz, slot: NaiveDateTime) -> chrono::DateTime<Tz> {
    match zone.from_local_datetime(&slot) {
        LocalResult::Single(instant) => instant,
        LocalResult::Ambiguous(first, _) => first,
        LocalResult::None => {
            // Read the slot with the offset in force before the jump: the instant that gives is
            // after the jump, at the slot's clock time moved on by the hour skipped.
            let before = slot - Duration::hours(6);
            let offset = zone.offset_from_local_datetime(&before).earliest().map_or(0, |o| o.fix().local_minus_utc());
            zone.from_utc_datetime(&(slot - Duration::seconds(i64::from(offset))))
        }
    }
}

fn last_day_of_month(date: NaiveDate) -> u32 {
    let (year, month) = if date.month() == 12 { (date.year() + 1, 1) } else { (date.year(), date.month() + 1) };
    NaiveDate::from_ymd_opt(year, month, 1).and_then(|first| first.pred_opt()).map_or(28, |last| last.day())
}

fn parse_time(text: &str) -> Result<NaiveTime, ScheduleError> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").map_err(|_| ScheduleError::Time(text.trim().to_string()))
}

fn weekday_key(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

impl Schedule {
    /// The CLI's form, which [`Schedule::parse`] reads back.
    pub fn key(&self) -> String {
        match self {
            Schedule::Daily { at } => format!("daily@{}", at.format("%H:%M")),
            Schedule::Weekly { days, at } => {
                let days: Vec<&str> = days.iter().map(|d| weekday_key(*d)).collect();
                format!("weekly:{}@{}", days.join(","), at.format("%H:%M"))
            }
            Schedule::Monthly { day, at } => format!("monthly:{day}@{}", at.format("%H:%M")),
        }
    }
}

/// As a person says it: "every Friday at 09:00", "every day at 08:30", "monthly on day 1 at 09:00".
impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Schedule::Daily { at } => write!(f, "every day at {}", at.format("%H:%M")),
            Schedule::Weekly { days, at } => {
                let names: Vec<&str> = days.iter().map(|d| weekday_name(*d)).collect();
                let list = match names.split_last() {
                    Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
                    _ => names.join(""),
                };
                write!(f, "every {list} at {}", at.format("%H:%M"))
            }
            Schedule::Monthly { day, at } => write!(f, "monthly on day {day} at {}", at.format("%H:%M")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, min, 0).unwrap()
    }

    #[test]
    fn the_cli_forms_read_back_and_bad_ones_are_named() {
        for text in ["daily@08:30", "weekly:fri@09:00", "weekly:mon,thu@08:30", "monthly:1@09:00", "monthly:31@18:05"] {
            assert_eq!(Schedule::parse(text).unwrap().key(), text);
        }
        assert_eq!(Schedule::parse("Weekly:FRI,mon,fri @ 9:00").unwrap().key(), "weekly:mon,fri@09:00");
        assert_eq!(Schedule::parse("weekly:fri@09:00").unwrap().to_string(), "every Friday at 09:00");
        assert_eq!(
            Schedule::parse("weekly:mon,wed,fri@07:15").unwrap().to_string(),
            "every Monday, Wednesday and Friday at 07:15"
        );
        assert_eq!(Schedule::parse("weekly:fry@09:00"), Err(ScheduleError::Weekday("fry".into())));
        assert_eq!(Schedule::parse("monthly:32@09:00"), Err(ScheduleError::Day("32".into())));
        assert_eq!(Schedule::parse("daily@25:00"), Err(ScheduleError::Time("25:00".into())));
        assert!(matches!(Schedule::parse("hourly"), Err(ScheduleError::Form(_))));
        assert!(matches!(Schedule::parse("weekly@09:00"), Err(ScheduleError::Form(_))));
    }

    #[test]
    fn weekly_slots_fall_on_the_chosen_days() {
        let fridays = Schedule::parse("weekly:fri@09:00").unwrap();
        // 2026-11-25 is a Wednesday.
        assert_eq!(fridays.next_slot_after(at(2026, 11, 25, 12, 0)), Some(at(2026, 11, 27, 9, 0)));
        assert_eq!(fridays.next_slot_after(at(2026, 11, 27, 9, 0)), Some(at(2026, 12, 4, 9, 0)), "strictly after");
        assert_eq!(fridays.latest_slot_until(at(2026, 11, 27, 9, 0)), Some(at(2026, 11, 27, 9, 0)));
        assert_eq!(fridays.latest_slot_until(at(2026, 11, 27, 8, 59)), Some(at(2026, 11, 20, 9, 0)));
    }

    #[test]
    fn a_monthly_day_the_month_lacks_runs_on_its_last_day() {
        let day31 = Schedule::parse("monthly:31@09:00").unwrap();
        assert_eq!(day31.next_slot_after(at(2026, 1, 31, 10, 0)), Some(at(2026, 2, 28, 9, 0)));
        assert_eq!(day31.next_slot_after(at(2028, 1, 31, 10, 0)), Some(at(2028, 2, 29, 9, 0)), "a leap year");
        assert_eq!(day31.next_slot_after(at(2026, 4, 1, 0, 0)), Some(at(2026, 4, 30, 9, 0)));
        assert_eq!(day31.next_slot_after(at(2026, 12, 31, 9, 0)), Some(at(2027, 1, 31, 9, 0)));
        let first = Schedule::parse("monthly:1@09:00").unwrap();
        assert_eq!(first.latest_slot_until(at(2026, 3, 15, 0, 0)), Some(at(2026, 3, 1, 9, 0)));
    }

    #[test]
    fn a_slot_in_the_skipped_hour_runs_once_after_the_jump() {
        use chrono_tz::America::New_York;
        // 2026-03-08: New York's clocks go from 02:00 straight to 03:00.
        let daily = Schedule::parse("daily@02:30").unwrap();
        let slot = daily.next_slot_after(at(2026, 3, 7, 12, 0)).unwrap();
        assert_eq!(slot, at(2026, 3, 8, 2, 30));
        let due = slot_instant(&New_York, slot);
        assert_eq!(due.naive_local(), at(2026, 3, 8, 3, 30), "the same clock time, an hour on");
        assert_eq!(due.naive_utc(), at(2026, 3, 8, 7, 30));
        // The days around it keep their 02:30, each once.
        let next = daily.next_slot_after(slot).unwrap();
        assert_eq!(slot_instant(&New_York, next).naive_local(), at(2026, 3, 9, 2, 30));
    }

    #[test]
    fn a_slot_in_the_repeated_hour_runs_the_first_time_round() {
        use chrono_tz::America::New_York;
        // 2026-11-01: New York's clocks go back from 02:00 to 01:00, so 01:30 happens twice.
        let daily = Schedule::parse("daily@01:30").unwrap();
        let slot = daily.next_slot_after(at(2026, 10, 31, 12, 0)).unwrap();
        let due = slot_instant(&New_York, slot);
        assert_eq!(due.naive_utc(), at(2026, 11, 1, 5, 30), "01:30 daylight time, not standard");
        assert_eq!(daily.next_slot_after(slot), Some(at(2026, 11, 2, 1, 30)), "and not again that day");
    }

    #[test]
    fn across_a_year_of_changes_every_daily_slot_is_due_once_and_in_order() {
        use chrono_tz::Europe::Berlin;
        let daily = Schedule::parse("daily@02:30").unwrap();
        let mut slot = at(2026, 1, 1, 0, 0);
        let mut previous = None;
        let mut count = 0;
        while let Some(next) =
            daily.next_slot_after(slot).filter(|s| s.date() < NaiveDate::from_ymd_opt(2027, 1, 1).unwrap())
        {
            let due = slot_instant(&Berlin, next);
            if let Some(before) = previous {
                assert!(due > before, "{next} is due after the slot before it");
            }
            previous = Some(due);
            slot = next;
            count += 1;
        }
        assert_eq!(count, 365, "one run a day, none skipped or doubled");
    }

    #[test]
    fn a_checker_back_after_days_away_finds_only_the_latest_missed_slot() {
        let daily = Schedule::parse("daily@08:30").unwrap();
        assert_eq!(daily.latest_slot_until(at(2026, 11, 29, 7, 0)), Some(at(2026, 11, 28, 8, 30)));
    }
}
