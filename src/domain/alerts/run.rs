//! What one run of a rule finds and says: which scheduled time is due, the matching customers in
//! the order a report shows them, and the words of the notification that tells the owner.

use super::schedule::slot_instant;
use super::{Comparison, Measure, Rule, Schedule, figure_text};
use crate::domain::money::Currency;
use chrono::{DateTime, Duration, NaiveDateTime, TimeZone};
use rust_decimal::Decimal;

/// One customer a run matched, with its figure.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Match {
    /// None once the customer has been deleted; the run keeps its code and name.
    pub customer_id: Option<i64>,
    pub code: String,
    pub name: String,
    pub value: Decimal,
}

/// A run the checker should make now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    /// The scheduled local time: the run's identity, claimed once.
    pub slot: NaiveDateTime,
    /// It was due a while ago (the program was closed, or the computer asleep).
    pub late: bool,
}

/// How long after its time a run still counts as on time. The checker wakes every 30 seconds, so
/// anything later means it was not running.
pub const LATE_AFTER: Duration = Duration::minutes(5);

/// The slot a rule owes at `now`, if any: the latest one whose instant has come, and not one from
/// before the rule counts (`since`, local: when it was saved or switched on). Missed slots are not replayed one by one; the latest
/// runs once, late. Whether it already ran is the store's to say.
pub fn due<Tz: TimeZone>(schedule: &Schedule, since: NaiveDateTime, now: &DateTime<Tz>) -> Option<Due> {
    let zone = now.timezone();
    let mut slot = schedule.latest_slot_until(now.naive_local())?;
    // In the hour after a spring change, a skipped slot's instant (the same clock time after the
    // jump) can still be ahead: then the owed one is the slot before.
    if slot_instant(&zone, slot) > *now {
        slot = schedule.latest_slot_until(slot - Duration::minutes(1))?;
    }
    if slot < since {
        return None;
    }
    let late = now.clone().signed_duration_since(slot_instant(&zone, slot)) > LATE_AFTER;
    Some(Due { slot, late })
}

/// Orders matches as a report lists them: the most striking first — biggest figures for "over"
/// and "at least", smallest for "under" and "at most" — then by code.
pub fn rank(comparison: Comparison, matches: &mut [Match]) {
    let biggest_first = matches!(comparison, Comparison::Greater | Comparison::AtLeast);
    matches.sort_by(|a, b| {
        let by_value = if biggest_first { b.value.cmp(&a.value) } else { a.value.cmp(&b.value) };
        by_value.then_with(|| a.code.cmp(&b.code))
    });
}

/// A notification's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// "4 customers: sales this week over $10,000.00"
    pub summary: String,
    /// The top three with figures, then how many more.
    pub body: String,
}

/// How many customers a notification names in its body.
pub const NOTICE_TOP: usize = 3;

/// What the notification of a run says. `matches` are ranked.
pub fn notice(rule: &Rule, matches: &[Match], currency: &Currency) -> Notice {
    let count = match matches.len() {
        0 => "No customers".to_string(),
        1 => "1 customer".to_string(),
        n => format!("{n} customers"),
    };
    let summary = format!("{count}: {}", rule.condition(currency));
    let mut lines: Vec<String> = matches
        .iter()
        .take(NOTICE_TOP)
        .map(|m| format!("{} {} — {}", m.code, m.name, figure_text(rule.measure, m.value, currency)))
        .collect();
    if matches.len() > NOTICE_TOP {
        lines.push(format!("and {} more", matches.len() - NOTICE_TOP));
    }
    if matches.is_empty() {
        lines.push(format!("Nothing matched \"{}\".", rule.name));
    }
    Notice { summary, body: lines.join("\n") }
}

/// The heading of a run's report and e-mail: the rule's name and what it looked for.
pub fn headline(rule: &Rule, currency: &Currency) -> String {
    format!("{}: {}", rule.name, rule.condition(currency))
}

/// Rounds a figure as it is stored: money to the cent, days whole, percentages to 0.1.
pub fn stored_figure(measure: Measure, value: Decimal) -> Decimal {
    match measure {
        Measure::OverdueDays | Measure::DaysSinceSale => value.round_dp(0),
        Measure::CreditUsedPct => value.round_dp(1),
        _ => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::alerts::{Period, Recipient, Scope};
    use chrono::NaiveDate;
    use chrono_tz::Europe::Berlin;
    use rust_decimal_macros::dec;

    fn local(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn berlin(text: &str) -> DateTime<chrono_tz::Tz> {
        Berlin.from_local_datetime(&local(text)).earliest().unwrap()
    }

    fn rule() -> Rule {
        Rule {
            id: Some(1),
            name: "Big sellers".into(),
            measure: Measure::Sales,
            comparison: Comparison::Greater,
            threshold: dec!(10000),
            period: Period::ThisWeek,
            scope: Scope::default(),
            schedule: Schedule::parse("weekly:fri@09:00").unwrap(),
            recipients: vec![Recipient::parse("|CEO").unwrap()],
            enabled: true,
            notify_when_empty: false,
        }
    }

    #[test]
    fn a_slot_is_due_from_its_time_and_late_after_five_minutes() {
        let schedule = Schedule::parse("weekly:fri@09:00").unwrap();
        let since = local("2026-11-01 00:00");
        // 2026-11-27 is a Friday.
        assert_eq!(due(&schedule, since, &berlin("2026-11-27 08:59")).map(|d| d.slot), Some(local("2026-11-20 09:00")));
        let on_time = due(&schedule, since, &berlin("2026-11-27 09:00")).unwrap();
        assert_eq!((on_time.slot, on_time.late), (local("2026-11-27 09:00"), false));
        let after_downtime = due(&schedule, since, &berlin("2026-11-30 10:00")).unwrap();
        assert_eq!((after_downtime.slot, after_downtime.late), (local("2026-11-27 09:00"), true));
        assert_eq!(
            due(&schedule, local("2026-11-27 09:00") + Duration::seconds(1), &berlin("2026-11-27 10:00")),
            None,
            "a rule made after the slot does not owe it"
        );
    }

    #[test]
    fn a_slot_in_the_skipped_hour_is_due_after_the_jump_once() {
        // Clocks in Berlin went from 02:00 to 03:00 on 2026-03-29.
        let schedule = Schedule::parse("daily@02:30").unwrap();
        let since = local("2026-03-01 00:00");
        let just_after_jump = Berlin.from_local_datetime(&local("2026-03-29 03:10")).single().unwrap();
        assert_eq!(due(&schedule, since, &just_after_jump).map(|d| d.slot), Some(local("2026-03-28 02:30")));
        let at_half_past = Berlin.from_local_datetime(&local("2026-03-29 03:30")).single().unwrap();
        let owed = due(&schedule, since, &at_half_past).unwrap();
        assert_eq!((owed.slot, owed.late), (local("2026-03-29 02:30"), false));
    }

    #[test]
    fn a_slot_in_the_repeated_hour_is_the_same_slot_both_times_round() {
        // Clocks in Berlin went from 03:00 back to 02:00 on 2026-10-25.
        let schedule = Schedule::parse("daily@02:30").unwrap();
        let since = local("2026-10-01 00:00");
        let (first, second) = match Berlin.from_local_datetime(&local("2026-10-25 02:32")) {
            chrono::LocalResult::Ambiguous(first, second) => (first, second),
            other => panic!("expected a repeated hour, got {other:?}"),
        };
        let once = due(&schedule, since, &first).unwrap();
        let again = due(&schedule, since, &second).unwrap();
        assert_eq!(once.slot, again.slot, "the store's claim on the slot stops the second run");
        assert!(!once.late);
    }

    #[test]
    fn matches_rank_by_the_comparison_and_the_notice_names_the_top_three() {
        let mut matches: Vec<Match> =
            [("C4", dec!(12000)), ("C1", dec!(30000)), ("C3", dec!(12000)), ("C2", dec!(15000))]
                .into_iter()
                .map(|(code, value)| Match {
                    customer_id: None,
                    code: code.into(),
                    name: format!("Name {code}"),
                    value,
                })
                .collect();
        rank(Comparison::Greater, &mut matches);
        let codes: Vec<&str> = matches.iter().map(|m| m.code.as_str()).collect();
        assert_eq!(codes, ["C1", "C2", "C3", "C4"]);
        let told = notice(&rule(), &matches, &Currency::default());
        assert_eq!(told.summary, "4 customers: sales this week over $10,000.00");
        assert_eq!(told.body, "C1 Name C1 — $30,000.00\nC2 Name C2 — $15,000.00\nC3 Name C3 — $12,000.00\nand 1 more");
        rank(Comparison::Less, &mut matches);
        assert_eq!(matches[0].code, "C3");
        assert_eq!(notice(&rule(), &[], &Currency::default()).summary, "No customers: sales this week over $10,000.00");
        assert_eq!(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap().format("%A").to_string(), "Friday");
    }
}
