//! Alert rules and their runs: saving rules, claiming a scheduled run so it happens once however
//! many checkers share the file, and the inbox of runs with their matches and e-mails.

use super::db::{OptionalExtension, Row, params};
use super::vouchers::date_text;
use super::{Result, Store, StoreError, now_text};
use crate::domain::alerts::{
    Comparison, DateRange, DeliveryStatus, Due, Match, Measure, Period, Recipient, Rule, Schedule, Scope, headline,
};
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

const TIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";
const SLOT_FORMAT: &str = "%Y-%m-%d %H:%M";

/// A saved rule with when it counts from and when it last ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRule {
    pub rule: Rule,
    /// When the rule was last saved or switched on: slots before then are not owed, so a new
    /// schedule, or a rule switched back on, does not run a time the owner did not ask for.
    pub counts_from: NaiveDateTime,
    pub last_ran_at: Option<NaiveDateTime>,
}

/// One run of a rule, as the inbox lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertRun {
    pub id: i64,
    /// None once the rule has been deleted.
    pub rule_id: Option<i64>,
    /// The rule as it was when it ran.
    pub rule: Rule,
    /// "Big sellers: sales this week over $10,000.00"
    pub headline: String,
    /// The scheduled local time; None for a run the clerk asked for.
    pub slot: Option<NaiveDateTime>,
    pub ran_at: NaiveDateTime,
    pub late: bool,
    pub period: Option<DateRange>,
    pub threshold: Decimal,
    pub match_count: usize,
    pub notified_at: Option<String>,
    pub notify_error: Option<String>,
    pub read: bool,
    /// E-mails not yet sent, and the last sending error among them.
    pub mail_waiting: usize,
    pub mail_error: Option<String>,
}

/// A run with every customer it matched and its e-mails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertReport {
    pub run: AlertRun,
    pub matches: Vec<Match>,
    pub deliveries: Vec<Delivery>,
}

/// The report of one run owed to one recipient's e-mail address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub id: i64,
    pub run_id: i64,
    pub recipient: String,
    pub email: String,
    pub status: DeliveryStatus,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub last_attempt_at: Option<NaiveDateTime>,
    pub sent_at: Option<NaiveDateTime>,
}

/// How many times an e-mail is tried before it is left failed.
pub const MAX_MAIL_ATTEMPTS: u32 = 8;

fn time_text(time: NaiveDateTime) -> String {
    time.format(TIME_FORMAT).to_string()
}

fn parse_time(text: &str) -> super::db::Result<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, TIME_FORMAT)
        .or_else(|_| NaiveDateTime::parse_from_str(text, SLOT_FORMAT))
        .map_err(|e| super::db::DbError::Conversion(e.to_string()))
}

fn corrupt(what: &str, text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("stored {what} \"{text}\" cannot be read").into(),
    )
}

fn read_rule(row: &Row<'_>) -> super::db::Result<Rule> {
    let text = |column: &str| -> super::db::Result<String> { row.get(column) };
    let measure = text("measure")?;
    let comparison = text("comparison")?;
    let threshold = text("threshold")?;
    let period = text("period")?;
    let schedule = text("schedule")?;
    let scope = text("scope")?;
    let recipients = text("recipients")?;
    Ok(Rule {
        id: Some(row.get("id")?),
        name: text("name")?,
        measure: Measure::parse(&measure).ok_or_else(|| corrupt("measure", &measure))?,
        comparison: Comparison::parse(&comparison).ok_or_else(|| corrupt("comparison", &comparison))?,
        threshold: threshold.parse().map_err(|_| corrupt("threshold", &threshold))?,
        period: Period::parse(&period).map_err(|_| corrupt("period", &period))?,
        scope: serde_json::from_str::<Scope>(&scope).map_err(|_| corrupt("scope", &scope))?,
        schedule: Schedule::parse(&schedule).map_err(|_| corrupt("schedule", &schedule))?,
        recipients: serde_json::from_str::<Vec<Recipient>>(&recipients)
            .map_err(|_| corrupt("recipients", &recipients))?,
        enabled: row.get("enabled")?,
        notify_when_empty: row.get("notify_when_empty")?,
    })
}

const RUN_COLUMNS: &str = "r.id, r.rule_id, r.rule_name, r.rule_json, r.condition, r.slot, r.ran_at, r.late,
    r.period_from, r.period_to, r.threshold, r.match_count, r.notified_at, r.notify_error, r.read_at,
    (SELECT COUNT(*) FROM alert_deliveries d WHERE d.run_id = r.id AND d.status <> 'sent') AS mail_waiting,
    (SELECT d.last_error FROM alert_deliveries d WHERE d.run_id = r.id AND d.status <> 'sent'
        AND d.last_error IS NOT NULL ORDER BY d.last_attempt_at DESC LIMIT 1) AS mail_error";

fn read_run(row: &Row<'_>) -> super::db::Result<AlertRun> {
    let rule_json: String = row.get("rule_json")?;
    let mut rule: Rule = serde_json::from_str(&rule_json).map_err(|_| corrupt("rule", &rule_json))?;
    rule.name = row.get("rule_name")?;
    let date = |column: &str| -> super::db::Result<Option<NaiveDate>> {
        let text: Option<String> = row.get(column)?;
        text.map(|t| super::vouchers::parse_date_column(&t)).transpose()
    };
    let period = match (date("period_from")?, date("period_to")?) {
        (Some(from), Some(to)) => Some(DateRange { from, to }),
        _ => None,
    };
    let threshold: String = row.get("threshold")?;
    let slot: Option<String> = row.get("slot")?;
    Ok(AlertRun {
        id: row.get("id")?,
        rule_id: row.get("rule_id")?,
        headline: row.get("condition")?,
        rule,
        slot: slot.as_deref().map(parse_time).transpose()?,
        ran_at: parse_time(&row.get::<_, String>("ran_at")?)?,
        late: row.get("late")?,
        period,
        threshold: threshold.parse().map_err(|_| corrupt("threshold", &threshold))?,
        match_count: row.get::<_, i64>("match_count")? as usize,
        notified_at: row.get("notified_at")?,
        notify_error: row.get("notify_error")?,
        read: row.get::<_, Option<String>>("read_at")?.is_some(),
        mail_waiting: row.get::<_, i64>("mail_waiting")? as usize,
        mail_error: row.get("mail_error")?,
    })
}

fn read_delivery(row: &Row<'_>) -> super::db::Result<Delivery> {
    let status: String = row.get("status")?;
    let optional_time = |column: &str| -> super::db::Result<Option<NaiveDateTime>> {
        row.get::<_, Option<String>>(column)?.as_deref().map(parse_time).transpose()
    };
    Ok(Delivery {
        id: row.get("id")?,
        run_id: row.get("run_id")?,
        recipient: row.get("recipient")?,
        email: row.get("email")?,
        status: DeliveryStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        attempts: row.get("attempts")?,
        last_error: row.get("last_error")?,
        last_attempt_at: optional_time("last_attempt_at")?,
        sent_at: optional_time("sent_at")?,
    })
}

impl Store {
    /// Saves a new rule (id None) or changes one; returns its id. A rule with problems, or a
    /// scope naming a group value the book does not have, is refused with the reasons.
    pub fn save_alert_rule(&mut self, rule: &Rule) -> Result<i64> {
        let problems = rule.problems();
        if !problems.is_empty() {
            let reasons: Vec<String> = problems.iter().map(ToString::to_string).collect();
            return Err(StoreError::Rejected(format!("The rule cannot be saved: {}.", reasons.join("; "))));
        }
        for (axis, value) in &rule.scope.groups {
            let axis_id =
                super::groups::axis_id(self.conn(), axis)?.ok_or_else(|| StoreError::UnknownAxis(axis.clone()))?;
            if super::groups::value_id(self.conn(), axis_id, value)?.is_none() {
                return Err(StoreError::UnknownGroupValue { axis: axis.clone(), value: value.clone() });
            }
        }
        let scope = serde_json::to_string(&rule.scope).map_err(|e| StoreError::Sqlite(e.to_string()))?;
        let recipients = serde_json::to_string(&rule.recipients).map_err(|e| StoreError::Sqlite(e.to_string()))?;
        let now = now_text();
        let values = params![
            rule.name.trim(),
            rule.measure.as_str(),
            rule.comparison.as_str(),
            rule.threshold.normalize().to_string(),
            rule.period.key(),
            scope,
            rule.schedule.key(),
            recipients,
            rule.enabled,
            rule.notify_when_empty,
            now,
            rule.id,
        ];
        match rule.id {
            None => {
                self.conn()
                    .prepare_cached(
                        "INSERT INTO alert_rules (name, measure, comparison, threshold, period, scope, schedule,
                             recipients, enabled, notify_when_empty, created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
                    )?
                    .execute(&values[..11])?;
                Ok(self.conn().last_insert_rowid()?)
            }
            Some(id) => {
                let changed = self
                    .conn()
                    .prepare_cached(
                        "UPDATE alert_rules SET name = ?1, measure = ?2, comparison = ?3, threshold = ?4, period = ?5,
                             scope = ?6, schedule = ?7, recipients = ?8, enabled = ?9, notify_when_empty = ?10,
                             updated_at = ?11
                         WHERE id = ?12",
                    )?
                    .execute(values)?;
                if changed == 0 {
                    return Err(StoreError::AlertRuleNotFound(id));
                }
                Ok(id)
            }
        }
    }

    /// Every rule, by name.
    pub fn alert_rules(&self) -> Result<Vec<StoredRule>> {
        let mut statement = self.conn().prepare_cached(
            "SELECT a.*, (SELECT MAX(ran_at) FROM alert_runs r WHERE r.rule_id = a.id) AS last_ran_at
             FROM alert_rules a ORDER BY lower(a.name), a.id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(StoredRule {
                rule: read_rule(row)?,
                counts_from: parse_time(&row.get::<_, String>("updated_at")?)?,
                last_ran_at: row.get::<_, Option<String>>("last_ran_at")?.as_deref().map(parse_time).transpose()?,
            })
        })?;
        Ok(rows.collect::<super::db::Result<_>>()?)
    }

    pub fn alert_rule(&self, id: i64) -> Result<Rule> {
        self.conn()
            .prepare_cached("SELECT * FROM alert_rules WHERE id = ?1")?
            .query_row([id], read_rule)
            .optional()?
            .ok_or(StoreError::AlertRuleNotFound(id))
    }

    pub fn set_alert_rule_enabled(&self, id: i64, enabled: bool) -> Result<()> {
        let changed = self
            .conn()
            .prepare_cached(
                "UPDATE alert_rules SET enabled = ?1, updated_at = CASE WHEN CAST(?1 AS BIGINT) <> 0 AND enabled = 0 THEN ?2 ELSE updated_at END
                 WHERE id = ?3",
            )?
            .execute(params![enabled, now_text(), id])?;
        if changed == 0 {
            return Err(StoreError::AlertRuleNotFound(id));
        }
        Ok(())
    }

    /// Deletes a rule; its past runs stay in the inbox with the rule as it was.
    pub fn delete_alert_rule(&self, id: i64) -> Result<()> {
        let changed = self.conn().prepare_cached("DELETE FROM alert_rules WHERE id = ?1")?.execute([id])?;
        if changed == 0 {
            return Err(StoreError::AlertRuleNotFound(id));
        }
        Ok(())
    }

    /// Whether a scheduled slot of a rule has already run (here or in another copy of the program).
    pub fn alert_slot_taken(&self, rule_id: i64, slot: NaiveDateTime) -> Result<bool> {
        Ok(self
            .conn()
            .prepare_cached("SELECT 1 FROM alert_runs WHERE rule_id = ?1 AND slot = ?2")?
            .query_row(params![rule_id, slot.format(SLOT_FORMAT).to_string()], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Runs rule `rule_id` at `now` (local) and stores the run: for `due`, the scheduled slot it
    /// claims, or None for a run the clerk asked for. Returns None when another checker already
    /// ran that slot. The claim, the evaluation and the stored matches are one write
    /// transaction, so two processes racing for a slot cannot both run it, and a failure leaves
    /// nothing half-written.
    pub fn run_alert(&mut self, rule_id: i64, due: Option<Due>, now: NaiveDateTime) -> Result<Option<AlertRun>> {
        let tx = self.conn().write_tx()?;
        let slot = due.map(|d| d.slot.format(SLOT_FORMAT).to_string());
        if let Some(due) = due
            && self.alert_slot_taken(rule_id, due.slot)?
        {
            return Ok(None);
        }
        let rule = self.alert_rule(rule_id)?;
        let currency = self.currency()?;
        // A late run reports on the day it was due: Friday's "this week", even when run on Monday.
        let day = due.map_or(now.date(), |d| d.slot.date());
        let evaluation = self.evaluate_alert(&rule, day)?;
        let rule_json = serde_json::to_string(&rule).map_err(|e| StoreError::Sqlite(e.to_string()))?;
        tx.prepare_cached(
            "INSERT INTO alert_runs (rule_id, rule_name, rule_json, condition, slot, ran_at, late, period_from,
                 period_to, threshold, match_count, read_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            rule_id,
            rule.name,
            rule_json,
            headline(&rule, &currency),
            slot,
            time_text(now),
            due.is_some_and(|d| d.late),
            evaluation.period.map(|p| date_text(p.from)),
            evaluation.period.map(|p| date_text(p.to)),
            rule.threshold.normalize().to_string(),
            evaluation.matches.len() as i64,
            // A quiet run (nothing found, nobody told) is not news: it does not count as unread.
            (evaluation.matches.is_empty() && !rule.notify_when_empty).then(|| time_text(now)),
        ])?;
        let run_id = tx.last_insert_rowid()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO alert_matches (run_id, position, customer_id, code, name, value)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for (position, found) in evaluation.matches.iter().enumerate() {
                insert.execute(params![
                    run_id,
                    position as i64,
                    found.customer_id,
                    found.code,
                    found.name,
                    found.value.normalize().to_string()
                ])?;
            }
        }
        if !evaluation.matches.is_empty() || rule.notify_when_empty {
            let mut insert =
                tx.prepare_cached("INSERT INTO alert_deliveries (run_id, recipient, email) VALUES (?1, ?2, ?3)")?;
            for recipient in rule.recipients.iter().filter(|r| !r.email.trim().is_empty()) {
                insert.execute(params![run_id, recipient.shown(), recipient.email.trim()])?;
            }
        }
        tx.commit()?;
        self.alert_run(run_id).map(Some)
    }

    pub fn alert_run(&self, id: i64) -> Result<AlertRun> {
        self.conn()
            .prepare_cached(&format!("SELECT {RUN_COLUMNS} FROM alert_runs r WHERE r.id = ?1"))?
            .query_row([id], read_run)
            .optional()?
            .ok_or(StoreError::AlertRunNotFound(id))
    }

    /// The inbox: runs newest first, at most `limit`.
    pub fn alert_runs(&self, limit: usize) -> Result<Vec<AlertRun>> {
        let mut statement = self.conn().prepare_cached(&format!(
            "SELECT {RUN_COLUMNS} FROM alert_runs r ORDER BY r.ran_at DESC, r.id DESC LIMIT ?1"
        ))?;
        let rows = statement.query_map([super::db::sql_limit(limit)], read_run)?;
        Ok(rows.collect::<super::db::Result<_>>()?)
    }

    /// Runs with matches nobody has opened yet: the count on the Alerts tab.
    pub fn unread_alert_runs(&self) -> Result<usize> {
        let count: i64 = self
            .conn()
            .prepare_cached("SELECT COUNT(*) FROM alert_runs WHERE read_at IS NULL")?
            .query_row([], |r| r.get(0))?;
        Ok(count as usize)
    }

    /// Marks every run read: the inbox's "Mark all read", however many runs it lists.
    pub fn mark_all_alert_runs_read(&self) -> Result<()> {
        self.conn()
            .prepare_cached("UPDATE alert_runs SET read_at = ?1 WHERE read_at IS NULL")?
            .execute([now_text()])?;
        Ok(())
    }

    pub fn mark_alert_run_read(&self, id: i64) -> Result<()> {
        self.conn()
            .prepare_cached("UPDATE alert_runs SET read_at = ?1 WHERE id = ?2 AND read_at IS NULL")?
            .execute(params![now_text(), id])?;
        Ok(())
    }

    /// A run with its matches and e-mails.
    pub fn alert_report(&self, id: i64) -> Result<AlertReport> {
        let run = self.alert_run(id)?;
        let mut statement = self.conn().prepare_cached(
            "SELECT customer_id, code, name, value FROM alert_matches WHERE run_id = ?1 ORDER BY position",
        )?;
        let matches = statement
            .query_map([id], |row| {
                let value: String = row.get(3)?;
                Ok(Match {
                    customer_id: row.get(0)?,
                    code: row.get(1)?,
                    name: row.get(2)?,
                    value: value.parse().map_err(|_| corrupt("figure", &value))?,
                })
            })?
            .collect::<super::db::Result<Vec<_>>>()?;
        let deliveries = self.deliveries_of(id)?;
        Ok(AlertReport { run, matches, deliveries })
    }

    fn deliveries_of(&self, run_id: i64) -> Result<Vec<Delivery>> {
        let mut statement =
            self.conn().prepare_cached("SELECT * FROM alert_deliveries WHERE run_id = ?1 ORDER BY id")?;
        let rows = statement.query_map([run_id], read_delivery)?;
        Ok(rows.collect::<super::db::Result<_>>()?)
    }

    /// Runs made since `since` that `computer` has not shown a popup for, oldest first.
    pub fn runs_to_pop_up(&self, computer: &str, since: NaiveDateTime) -> Result<Vec<AlertRun>> {
        let mut statement = self.conn().prepare_cached(&format!(
            "SELECT {RUN_COLUMNS} FROM alert_runs r
             WHERE r.ran_at >= ?1
               AND NOT EXISTS (SELECT 1 FROM alert_popups p WHERE p.run_id = r.id AND p.computer = ?2)
             ORDER BY r.id"
        ))?;
        let rows = statement.query_map(params![time_text(since), computer], read_run)?;
        Ok(rows.collect::<super::db::Result<_>>()?)
    }

    /// Takes the run's popup for `computer`: true for the one checker on it that shows it, false
    /// when another (the window and `clientele watch` on one PC) took it first.
    pub fn claim_popup(&self, run_id: i64, computer: &str) -> Result<bool> {
        let tx = self.write_tx()?;
        let taken = tx
            .prepare_cached(
                "INSERT INTO alert_popups (run_id, computer, shown_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (run_id, computer) DO NOTHING",
            )?
            .execute(params![run_id, computer, now_text()])?;
        tx.commit()?;
        Ok(taken == 1)
    }

    /// Records how the popup went on `computer` (and on the run, the first one shown).
    pub fn record_popup(&self, run_id: i64, computer: &str, outcome: std::result::Result<(), String>) -> Result<()> {
        self.conn()
            .prepare_cached("UPDATE alert_popups SET error = ?3 WHERE run_id = ?1 AND computer = ?2")?
            .execute(params![run_id, computer, outcome.as_ref().err()])?;
        let shown: Option<String> = self
            .conn()
            .query_row("SELECT notified_at FROM alert_runs WHERE id = ?1", [run_id], |r| r.get(0))
            .optional()?
            .flatten();
        if shown.is_none() {
            self.record_alert_notice(run_id, outcome)?;
        }
        Ok(())
    }

    /// Records whether the run's desktop notification was raised.
    pub fn record_alert_notice(&self, run_id: i64, outcome: std::result::Result<(), String>) -> Result<()> {
        let (notified, error) = match outcome {
            Ok(()) => (Some(now_text()), None),
            Err(error) => (None, Some(error)),
        };
        self.conn()
            .prepare_cached("UPDATE alert_runs SET notified_at = ?1, notify_error = ?2 WHERE id = ?3")?
            .execute(params![notified, error, run_id])?;
        Ok(())
    }

    /// E-mails to try now: waiting ones, and failed ones whose back-off has passed (a minute after
    /// the first failure, doubling up to an hour) until they have been tried [`MAX_MAIL_ATTEMPTS`] times.
    pub fn deliveries_to_send(&self, now: NaiveDateTime) -> Result<Vec<Delivery>> {
        let mut statement = self
            .conn()
            .prepare_cached("SELECT * FROM alert_deliveries WHERE status <> 'sent' AND attempts < ?1 ORDER BY id")?;
        let rows = statement.query_map([MAX_MAIL_ATTEMPTS], read_delivery)?;
        let waiting: Vec<Delivery> = rows.collect::<super::db::Result<_>>()?;
        Ok(waiting
            .into_iter()
            .filter(|d| match d.last_attempt_at {
                None => true,
                Some(at) => {
                    let minutes = (1_i64 << d.attempts.saturating_sub(1).min(6)).min(60);
                    now >= at + chrono::Duration::minutes(minutes)
                }
            })
            .collect())
    }

    /// Records one attempt at sending an e-mail.
    pub fn record_delivery(&self, id: i64, now: NaiveDateTime, outcome: std::result::Result<(), String>) -> Result<()> {
        let now = time_text(now);
        let (status, error, sent) = match outcome {
            Ok(()) => (DeliveryStatus::Sent, None, Some(now.clone())),
            Err(error) => (DeliveryStatus::Failed, Some(error), None),
        };
        self.conn()
            .prepare_cached(
                "UPDATE alert_deliveries SET status = ?1, attempts = attempts + 1, last_error = ?2,
                     last_attempt_at = ?3, sent_at = ?4
                 WHERE id = ?5",
            )?
            .execute(params![status.as_str(), error, now, sent, id])?;
        Ok(())
    }

    /// Tries a failed e-mail again at the next chance, with a fresh count of attempts.
    pub fn retry_delivery(&self, id: i64) -> Result<()> {
        self.conn()
            .prepare_cached(
                "UPDATE alert_deliveries SET status = 'pending', attempts = 0, last_attempt_at = NULL
                 WHERE id = ?1 AND status <> 'sent'",
            )?
            .execute([id])?;
        Ok(())
    }
}
