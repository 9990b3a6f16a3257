//! `clientele alerts …` and `clientele watch`: ledger alert rules, running them as the checker
//! would, the history of runs and each run's report.

use super::error::{CliError, Result};
use super::output;
use super::{Access, Context, parse};
use crate::alerts::{Checker, DesktopNotifier, Notifier, RecordingNotifier};
use crate::domain::alerts::{
    Comparison, Match, Measure, Period, Recipient, Rule, Schedule, Scope, figure_text, slot_instant,
};
use crate::domain::money::Currency;
use crate::store::{AlertRun, Store, StoredRule};
use chrono::{Local, NaiveDateTime};
use clap::{Args, Subcommand};
use serde_json::{Value, json};
use std::collections::BTreeMap;

#[derive(Debug, Subcommand)]
pub enum AlertsCommand {
    /// Add a rule, e.g. --name "Big sellers" --measure sales --op gt --threshold 10000
    /// --period this_week --schedule "weekly:fri@09:00" --recipient "Kim|CEO|kim@example.com".
    Add(RuleArgs),
    /// Change a rule: give only what changes.
    Edit {
        /// The rule's number, as `alerts list` shows it.
        id: i64,
        #[command(flatten)]
        change: EditArgs,
    },
    /// List the rules with their schedules and when each last ran.
    List,
    /// Show who matches a rule now (or on --on), without storing a run.
    Preview {
        id: i64,
        /// The day to look at (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<String>,
    },
    /// Run every enabled rule whose scheduled time has come by --at (default: now) and has not run
    /// yet, as the background checker would; or with --rule, that one rule at once.
    Run {
        /// The local time to run as, "YYYY-MM-DD HH:MM".
        #[arg(long, value_name = "YYYY-MM-DD HH:MM")]
        at: Option<String>,
        /// Store the runs without raising desktop notifications.
        #[arg(long)]
        no_notify: bool,
        /// Run this rule now, whatever its schedule.
        #[arg(long, value_name = "ID")]
        rule: Option<i64>,
    },
    /// The runs, newest first.
    History {
        /// How many runs to show.
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// One run's report: every matching customer with the figure.
    Report { run_id: i64 },
    /// Turn a rule on.
    Enable { id: i64 },
    /// Turn a rule off: it keeps its history but stops running.
    Disable { id: i64 },
    /// Delete a rule; its past runs stay in the history.
    Delete { id: i64 },
    /// Show or set the mail server reports are sent through; --test sends a test message.
    Mail(MailArgs),
}

#[derive(Debug, Args)]
pub struct MailArgs {
    /// The server's host name, e.g. smtp.example.com.
    #[arg(long)]
    pub host: Option<String>,
    #[arg(long)]
    pub port: Option<u16>,
    /// starttls (usually port 587), tls (usually 465) or none (a trusted relay only).
    #[arg(long)]
    pub security: Option<String>,
    /// The user name to sign in with; leave empty for a server that needs none.
    #[arg(long)]
    pub user: Option<String>,
    /// The sender, e.g. "Office <office@example.com>".
    #[arg(long)]
    pub from: Option<String>,
    /// Read the password from the first line of standard input (it is kept outside the database).
    #[arg(long)]
    pub password_stdin: bool,
    /// Forget the kept password.
    #[arg(long, conflicts_with = "password_stdin")]
    pub forget_password: bool,
    /// Send a test message to this address after saving.
    #[arg(long, value_name = "EMAIL")]
    pub test: Option<String>,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    #[arg(long)]
    pub name: String,
    /// sales, purchases, collections, payments, receivable, payable, overdue_amount, overdue_days,
    /// credit_used_pct or days_since_sale. Sales and purchases count voucher totals including tax.
    #[arg(long)]
    pub measure: String,
    /// gt (over), ge (at least), lt (under) or le (at most).
    #[arg(long)]
    pub op: String,
    /// The figure to compare with: money, days or a percentage, by the measure (e.g. 10000, 60, 80).
    // "-5" is read as a value, so it is refused with a reason rather than taken for an option.
    #[arg(long, allow_negative_numbers = true)]
    pub threshold: String,
    /// this_week, last_week, this_month, last_month, ytd or last_days:N (for sums of vouchers).
    #[arg(long, default_value = "this_week")]
    pub period: String,
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// daily@HH:MM, weekly:DAYS@HH:MM (e.g. weekly:fri@09:00) or monthly:DAY@HH:MM.
    #[arg(long)]
    pub schedule: String,
    /// Whom to tell, "NAME|ROLE|EMAIL" (role and e-mail may be left out); repeat for several.
    #[arg(long, value_name = "NAME|ROLE|EMAIL")]
    pub recipient: Vec<String>,
    /// Raise a notification even when nobody matches.
    #[arg(long)]
    pub notify_when_empty: bool,
    /// Save the rule switched off.
    #[arg(long)]
    pub disabled: bool,
}

#[derive(Debug, Args)]
pub struct ScopeArgs {
    /// Only customers in this group, e.g. Region=Seoul; repeat to require several.
    #[arg(long, value_name = "AXIS=VALUE")]
    pub group: Vec<String>,
    /// Only customers this person is in charge of.
    #[arg(long, value_name = "NAME")]
    pub person: Option<String>,
    /// Only customers with this role (customer, vendor or both).
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// Only active customers.
    #[arg(long)]
    pub active_only: bool,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub measure: Option<String>,
    #[arg(long)]
    pub op: Option<String>,
    #[arg(long, allow_negative_numbers = true)]
    pub threshold: Option<String>,
    #[arg(long)]
    pub period: Option<String>,
    #[arg(long)]
    pub schedule: Option<String>,
    /// Replaces the recipients; repeat for several.
    #[arg(long, value_name = "NAME|ROLE|EMAIL")]
    pub recipient: Vec<String>,
    /// Replaces the group scope; repeat to require several.
    #[arg(long, value_name = "AXIS=VALUE")]
    pub group: Vec<String>,
}

pub fn run(command: AlertsCommand, ctx: &mut Context<'_>) -> Result<()> {
    match command {
        AlertsCommand::Add(args) => add(args, ctx),
        AlertsCommand::Edit { id, change } => edit(id, change, ctx),
        AlertsCommand::List => list(ctx),
        AlertsCommand::Preview { id, on } => preview(id, on.as_deref(), ctx),
        AlertsCommand::Run { at, no_notify, rule } => run_due(at.as_deref(), no_notify, rule, ctx),
        AlertsCommand::History { limit } => history(limit, ctx),
        AlertsCommand::Report { run_id } => report(run_id, ctx),
        AlertsCommand::Enable { id } => switch(id, true, ctx),
        AlertsCommand::Disable { id } => switch(id, false, ctx),
        AlertsCommand::Mail(args) => mail(args, ctx),
        AlertsCommand::Delete { id } => {
            let store = ctx.open(Access::Write)?;
            let rule = store.alert_rule(id)?;
            store.delete_alert_rule(id)?;
            done(
                ctx,
                json!({ "deleted": id }),
                &format!("Deleted rule {id} \"{}\"; its runs stay in the history", rule.name),
            )
        }
    }
}

fn bad(text: String) -> CliError {
    CliError::BadImport(text)
}

fn measure(text: &str) -> Result<Measure> {
    Measure::parse(text.trim()).ok_or_else(|| {
        let known: Vec<&str> = Measure::ALL.iter().map(|m| m.as_str()).collect();
        bad(format!("--measure: \"{}\" is not a measure; write one of {}", text.trim(), known.join(", ")))
    })
}

fn comparison(text: &str) -> Result<Comparison> {
    Comparison::parse(text.trim())
        .ok_or_else(|| bad(format!("--op: \"{}\" is not a comparison; write gt, ge, lt or le", text.trim())))
}

fn threshold(text: &str) -> Result<rust_decimal::Decimal> {
    let cleaned: String = text.trim().chars().filter(|c| !matches!(c, ',' | '$' | '%' | ' ')).collect();
    cleaned
        .parse()
        .map_err(|_| bad(format!("--threshold: \"{}\" is not a number; write e.g. 10000 or 12.5", text.trim())))
}

fn scope(
    store: &Store,
    groups: &[String],
    person: Option<String>,
    role: Option<String>,
    active_only: bool,
) -> Result<Scope> {
    let filter = parse::report_filter(groups, None, person, &store.group_axes()?)?;
    Ok(Scope {
        groups: filter.groups.into_iter().collect::<BTreeMap<_, _>>(),
        person_in_charge: filter.person_in_charge.unwrap_or_default(),
        role: role.map(|r| r.trim().to_ascii_lowercase()).unwrap_or_default(),
        active_only,
    })
}

fn recipients(texts: &[String]) -> Result<Vec<Recipient>> {
    texts.iter().map(|t| Recipient::parse(t).map_err(|e| bad(format!("--recipient: {e}")))).collect()
}

fn add(args: RuleArgs, ctx: &mut Context<'_>) -> Result<()> {
    let mut store = ctx.open(Access::Write)?;
    let rule = Rule {
        id: None,
        name: args.name.trim().to_string(),
        measure: measure(&args.measure)?,
        comparison: comparison(&args.op)?,
        threshold: threshold(&args.threshold)?,
        period: Period::parse(&args.period).map_err(|e| bad(format!("--period: {e}")))?,
        scope: scope(&store, &args.scope.group, args.scope.person, args.scope.role, args.scope.active_only)?,
        schedule: Schedule::parse(&args.schedule).map_err(|e| bad(format!("--schedule: {e}")))?,
        recipients: recipients(&args.recipient)?,
        enabled: !args.disabled,
        notify_when_empty: args.notify_when_empty,
    };
    let id = store.save_alert_rule(&rule)?;
    let saved = store.alert_rule(id)?;
    let currency = store.currency()?;
    done(ctx, rule_json(&saved, None, &currency), &format!("Added rule {id}: {}", describe(&saved, &currency)))
}

fn edit(id: i64, change: EditArgs, ctx: &mut Context<'_>) -> Result<()> {
    let mut store = ctx.open(Access::Write)?;
    let mut rule = store.alert_rule(id)?;
    if let Some(name) = change.name {
        rule.name = name.trim().to_string();
    }
    if let Some(text) = change.measure {
        rule.measure = measure(&text)?;
    }
    if let Some(text) = change.op {
        rule.comparison = comparison(&text)?;
    }
    if let Some(text) = change.threshold {
        rule.threshold = threshold(&text)?;
    }
    if let Some(text) = change.period {
        rule.period = Period::parse(&text).map_err(|e| bad(format!("--period: {e}")))?;
    }
    if let Some(text) = change.schedule {
        rule.schedule = Schedule::parse(&text).map_err(|e| bad(format!("--schedule: {e}")))?;
    }
    if !change.recipient.is_empty() {
        rule.recipients = recipients(&change.recipient)?;
    }
    if !change.group.is_empty() {
        let person = Some(rule.scope.person_in_charge.clone());
        let role = Some(rule.scope.role.clone());
        rule.scope = scope(&store, &change.group, person, role, rule.scope.active_only)?;
    }
    store.save_alert_rule(&rule)?;
    let currency = store.currency()?;
    done(ctx, rule_json(&rule, None, &currency), &format!("Changed rule {id}: {}", describe(&rule, &currency)))
}

fn switch(id: i64, enabled: bool, ctx: &mut Context<'_>) -> Result<()> {
    let store = ctx.open(Access::Write)?;
    store.set_alert_rule_enabled(id, enabled)?;
    let rule = store.alert_rule(id)?;
    let state = if enabled { "on" } else { "off" };
    done(ctx, json!({ "id": id, "enabled": enabled }), &format!("Rule {id} \"{}\" is {state}", rule.name))
}

fn done(ctx: &mut Context<'_>, value: Value, text: &str) -> Result<()> {
    if ctx.json {
        return output::json(ctx.out, &value);
    }
    writeln!(ctx.out, "{text}")?;
    Ok(())
}

fn describe(rule: &Rule, currency: &Currency) -> String {
    let told: Vec<String> = rule.recipients.iter().map(Recipient::shown).collect();
    let told = if told.is_empty() { String::new() } else { format!(", tell {}", told.join(", ")) };
    format!("{}: {}, {}{told}", rule.name, rule.condition(currency), rule.schedule)
}

fn rule_json(rule: &Rule, stored: Option<&StoredRule>, currency: &Currency) -> Value {
    json!({
        "id": rule.id,
        "name": rule.name,
        "measure": rule.measure.as_str(),
        "op": rule.comparison.as_str(),
        "threshold": rule.threshold.normalize().to_string(),
        "period": rule.period.key(),
        "condition": rule.condition(currency),
        "schedule": rule.schedule.key(),
        "schedule_text": rule.schedule.to_string(),
        "scope": {
            "groups": rule.scope.groups,
            "person_in_charge": rule.scope.person_in_charge,
            "role": rule.scope.role,
            "active_only": rule.scope.active_only,
        },
        "recipients": rule.recipients.iter().map(|r| json!({ "name": r.name, "role": r.role, "email": r.email })).collect::<Vec<_>>(),
        "enabled": rule.enabled,
        "notify_when_empty": rule.notify_when_empty,
        "last_ran_at": stored.and_then(|s| s.last_ran_at).map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()),
    })
}

fn list(ctx: &mut Context<'_>) -> Result<()> {
    let store = ctx.open(Access::Read)?;
    let rules = store.alert_rules()?;
    let currency = store.currency()?;
    if ctx.json {
        let all: Vec<Value> = rules.iter().map(|s| rule_json(&s.rule, Some(s), &currency)).collect();
        return output::json(ctx.out, &all);
    }
    if rules.is_empty() {
        writeln!(ctx.out, "No alert rules yet; add one with: clientele alerts add --help")?;
        return Ok(());
    }
    let rows: Vec<Vec<String>> = rules
        .iter()
        .map(|s| {
            let told: Vec<String> = s.rule.recipients.iter().map(Recipient::shown).collect();
            vec![
                s.rule.id.unwrap_or_default().to_string(),
                if s.rule.enabled { "on".into() } else { "off".into() },
                output::clip(&s.rule.name, 30),
                s.rule.condition(&currency),
                s.rule.schedule.to_string(),
                output::clip(&told.join(", "), 30),
                s.last_ran_at.map(|t| t.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| "never".into()),
            ]
        })
        .collect();
    output::table(ctx.out, &["ID", "On", "Name", "Looks for", "When", "Tells", "Last ran"], &rows)
}

fn match_json(found: &Match) -> Value {
    json!({ "code": found.code, "name": found.name, "value": found.value.normalize().to_string() })
}

fn print_matches(ctx: &mut Context<'_>, measure: Measure, matches: &[Match], currency: &Currency) -> Result<()> {
    let rows: Vec<Vec<String>> = matches
        .iter()
        .map(|m| vec![m.code.clone(), output::clip(&m.name, 40), figure_text(measure, m.value, currency)])
        .collect();
    output::table_right(ctx.out, &["Code", "Name", "Figure"], &rows, &[2])
}

fn preview(id: i64, on: Option<&str>, ctx: &mut Context<'_>) -> Result<()> {
    let on = parse::optional_date("--on", on)?.unwrap_or_else(parse::today);
    let store = ctx.open(Access::Read)?;
    let rule = store.alert_rule(id)?;
    let evaluation = store.evaluate_alert(&rule, on)?;
    let currency = store.currency()?;
    if ctx.json {
        return output::json(
            ctx.out,
            &json!({
                "rule": rule.name,
                "on": on.to_string(),
                "condition": rule.condition(&currency),
                "period": evaluation.period.map(|p| json!({ "from": p.from.to_string(), "to": p.to.to_string() })),
                "matches": evaluation.matches.iter().map(match_json).collect::<Vec<_>>(),
            }),
        );
    }
    let period = evaluation.period.map(|p| format!(" ({} to {})", p.from, p.to)).unwrap_or_default();
    let count = evaluation.matches.len();
    writeln!(ctx.out, "{}: {count} matching on {on}{period}", crate::domain::alerts::headline(&rule, &currency))?;
    print_matches(ctx, rule.measure, &evaluation.matches, &currency)
}

/// "YYYY-MM-DD HH:MM" as this computer's local time.
fn local_time(text: &str) -> Result<chrono::DateTime<Local>> {
    let naive = NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M")
        .map_err(|_| bad(format!("--at: \"{}\" is not a local time; write \"YYYY-MM-DD HH:MM\"", text.trim())))?;
    Ok(slot_instant(&Local, naive))
}

fn run_json(store: &Store, run: &AlertRun, currency: &Currency) -> Result<Value> {
    let report = store.alert_report(run.id)?;
    Ok(json!({
        "id": run.id,
        "rule": run.rule.name,
        "rule_id": run.rule_id,
        "condition": run.rule.condition(currency),
        "scheduled_for": run.slot.map(|s| s.format("%Y-%m-%d %H:%M").to_string()),
        "ran_at": run.ran_at.format("%Y-%m-%d %H:%M:%S").to_string(),
        "late": run.late,
        "period": run.period.map(|p| json!({ "from": p.from.to_string(), "to": p.to.to_string() })),
        "threshold": run.threshold.normalize().to_string(),
        "match_count": run.match_count,
        "matches": report.matches.iter().map(match_json).collect::<Vec<_>>(),
        "notified": run.notified_at.is_some(),
        "notify_error": run.notify_error,
        "mail": report.deliveries.iter().map(|d| json!({
            "to": d.email, "status": d.status.as_str(), "attempts": d.attempts, "error": d.last_error,
        })).collect::<Vec<_>>(),
        "read": run.read,
    }))
}

fn run_due(at: Option<&str>, no_notify: bool, rule: Option<i64>, ctx: &mut Context<'_>) -> Result<()> {
    let now = match at {
        Some(text) => local_time(text)?,
        None => Local::now(),
    };
    let store = ctx.open(Access::Write)?;
    let notifier: Box<dyn Notifier> = if no_notify {
        Box::new(RecordingNotifier::default())
    } else {
        Box::new(DesktopNotifier { opened: None, open_in_window: window_opener(&ctx.db) })
    };
    let mut checker = Checker::here(store, notifier);
    if no_notify {
        checker = checker.without_notifications();
    }
    let (runs, problems) = match rule {
        Some(id) => {
            let (run, problems) = checker.run_now(id, now.naive_local()).map_err(|e| bad(e.to_string()))?;
            (vec![run], problems)
        }
        None => checker.tick(&now),
    };
    for problem in &problems {
        writeln!(ctx.err, "warning: {problem}")?;
    }
    let store = checker.store();
    let currency = store.currency()?;
    if ctx.json {
        let all = runs.iter().map(|run| run_json(store, run, &currency)).collect::<Result<Vec<_>>>()?;
        return output::json(ctx.out, &all);
    }
    if runs.is_empty() {
        writeln!(ctx.out, "Nothing was due by {}", now.format("%Y-%m-%d %H:%M"))?;
        return Ok(());
    }
    for run in &runs {
        print_run(ctx, store, run, &currency)?;
    }
    Ok(())
}

fn print_run(ctx: &mut Context<'_>, store: &Store, run: &AlertRun, currency: &Currency) -> Result<()> {
    let report = store.alert_report(run.id)?;
    let when = run.slot.map_or_else(|| "run by hand".to_string(), |s| format!("due {}", s.format("%Y-%m-%d %H:%M")));
    let late = if run.late { ", late" } else { "" };
    writeln!(ctx.out, "Run {} ({when}{late}, ran {}): {}", run.id, run.ran_at.format("%Y-%m-%d %H:%M"), run.headline)?;
    if let Some(period) = run.period {
        writeln!(ctx.out, "Period: {} to {}", period.from, period.to)?;
    }
    writeln!(ctx.out, "{} matching", report.matches.len())?;
    if !report.matches.is_empty() {
        print_matches(ctx, run.rule.measure, &report.matches, currency)?;
    }
    if let Some(error) = &run.notify_error {
        writeln!(ctx.out, "Notification failed: {error}")?;
    }
    for delivery in &report.deliveries {
        let error = delivery.last_error.as_deref().map(|e| format!(" ({e})")).unwrap_or_default();
        writeln!(ctx.out, "E-mail to {}: {}{error}", delivery.email, delivery.status)?;
    }
    Ok(())
}

fn history(limit: usize, ctx: &mut Context<'_>) -> Result<()> {
    let store = ctx.open(Access::Read)?;
    let runs = store.alert_runs(limit)?;
    let currency = store.currency()?;
    if ctx.json {
        let all: Vec<Value> = runs
            .iter()
            .map(|run| {
                json!({
                    "id": run.id,
                    "rule": run.rule.name,
                    "condition": run.rule.condition(&currency),
                    "scheduled_for": run.slot.map(|s| s.format("%Y-%m-%d %H:%M").to_string()),
                    "ran_at": run.ran_at.format("%Y-%m-%d %H:%M:%S").to_string(),
                    "late": run.late,
                    "match_count": run.match_count,
                    "read": run.read,
                    "mail_waiting": run.mail_waiting,
                })
            })
            .collect();
        return output::json(ctx.out, &all);
    }
    if runs.is_empty() {
        writeln!(ctx.out, "No rule has run yet")?;
        return Ok(());
    }
    let rows: Vec<Vec<String>> = runs
        .iter()
        .map(|run| {
            vec![
                run.id.to_string(),
                run.ran_at.format("%Y-%m-%d %H:%M").to_string(),
                run.slot.map_or_else(|| "by hand".to_string(), |s| s.format("%Y-%m-%d %H:%M").to_string())
                    + if run.late { " (late)" } else { "" },
                output::clip(&run.rule.name, 30),
                run.match_count.to_string(),
                if run.read { String::new() } else { "new".into() },
            ]
        })
        .collect();
    output::table(ctx.out, &["Run", "Ran at", "Due", "Rule", "Matches", ""], &rows)
}

fn report(run_id: i64, ctx: &mut Context<'_>) -> Result<()> {
    let store = ctx.open(Access::Read)?;
    let run = store.alert_run(run_id)?;
    let currency = store.currency()?;
    if ctx.json {
        let value = run_json(&store, &run, &currency)?;
        return output::json(ctx.out, &value);
    }
    print_run(ctx, &store, &run, &currency)
}

/// How a notification's "Open report" starts a window when none is listening.
pub fn window_opener(db: &std::path::Path) -> Option<(std::path::PathBuf, std::path::PathBuf)> {
    let program = window_program(std::env::current_exe().ok()?);
    let db = std::path::absolute(db).ok()?;
    Some((program, db))
}

/// The program that opens windows: run from `clientele-cli`, its sibling `clientele`, so that a
/// report opened from a notification does not bring a console window with it on Windows.
fn window_program(current: std::path::PathBuf) -> std::path::PathBuf {
    let Some(stem) = current.file_stem().and_then(|stem| stem.to_str()) else { return current };
    let Some(windowed) = stem.strip_suffix("-cli") else { return current };
    let sibling = current.with_file_name(format!("{windowed}{}", std::env::consts::EXE_SUFFIX));
    if sibling.is_file() { sibling } else { current }
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Store runs without raising desktop notifications.
    #[arg(long)]
    pub no_notify: bool,
}

/// `clientele watch`: the checker without a window, until stopped (Ctrl+C).
pub fn watch(args: WatchArgs, ctx: &mut Context<'_>) -> Result<()> {
    let store = ctx.open(Access::Write)?;
    drop(store);
    let notifier: Box<dyn Notifier> = if args.no_notify {
        Box::new(RecordingNotifier::default())
    } else {
        Box::new(DesktopNotifier { opened: None, open_in_window: window_opener(&ctx.db) })
    };
    let (events, heard) = std::sync::mpsc::channel();
    let _checker =
        crate::alerts::spawn_checker(ctx.db.clone(), notifier, true, move |event| events.send(event).is_ok())
            .map_err(|e| bad(e.to_string()))?;
    writeln!(
        ctx.err,
        "Watching {} for due alert rules every {} seconds; stop with Ctrl+C",
        ctx.db.display(),
        crate::alerts::WAKE_EVERY.as_secs()
    )?;
    ctx.err.flush()?;
    let store = Store::open(&ctx.db)?;
    let currency = store.currency()?;
    for event in heard {
        match event {
            crate::alerts::CheckerEvent::Ran(run) => {
                if ctx.json {
                    let value = run_json(&store, &run, &currency)?;
                    serde_json::to_writer(&mut *ctx.out, &value)?;
                    writeln!(ctx.out)?;
                } else {
                    writeln!(
                        ctx.out,
                        "{} run {}: {} matching — {}",
                        run.ran_at.format("%Y-%m-%d %H:%M"),
                        run.id,
                        run.match_count,
                        run.headline
                    )?;
                }
                ctx.out.flush()?;
            }
            crate::alerts::CheckerEvent::Problem(problem) => {
                writeln!(ctx.err, "warning: {problem}")?;
            }
        }
    }
    Ok(())
}

fn mail(args: MailArgs, ctx: &mut Context<'_>) -> Result<()> {
    use crate::alerts::mail::{KeptIn, MailSettings, Security, password_kept};
    let changing = args.host.is_some()
        || args.port.is_some()
        || args.security.is_some()
        || args.user.is_some()
        || args.from.is_some()
        || args.password_stdin
        || args.forget_password;
    let store = ctx.open(if changing || args.test.is_some() { Access::Write } else { Access::Read })?;
    let mut settings = MailSettings::load(&store).map_err(|e| bad(e.to_string()))?.unwrap_or_default();
    if changing {
        if let Some(text) = &args.security {
            let security = Security::parse(text)
                .ok_or_else(|| bad(format!("--security: \"{text}\" is not one of starttls, tls or none")))?;
            if args.port.is_none() && (settings.port == 0 || settings.port == settings.security.default_port()) {
                settings.port = security.default_port();
            }
            settings.security = security;
        }
        if settings.port == 0 {
            settings.port = settings.security.default_port();
        }
        settings.host = args.host.unwrap_or(settings.host);
        settings.port = args.port.unwrap_or(settings.port);
        settings.user = args.user.unwrap_or(settings.user);
        settings.from = args.from.unwrap_or(settings.from);
        let password = if args.password_stdin {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            Some(line.trim_end_matches(['\r', '\n']).to_string())
        } else if args.forget_password {
            Some(String::new())
        } else {
            None
        };
        settings.save(&store, password.as_deref()).map_err(|e| bad(e.to_string()))?;
    }
    if let Some(to) = &args.test {
        crate::alerts::mail::send_test(&ctx.db, to).map_err(|e| bad(format!("the test message was not sent: {e}")))?;
    }
    let kept = password_kept(&settings.host, &settings.user);
    if ctx.json {
        return output::json(
            ctx.out,
            &json!({
                "host": settings.host,
                "port": settings.port,
                "security": settings.security.key(),
                "user": settings.user,
                "from": settings.from,
                "password_kept": kept.as_ref().map(|k| match k { KeptIn::Keyring => "keyring", KeptIn::File(_) => "file" }),
                "password_file": match &kept { Some(KeptIn::File(file)) => Some(file.display().to_string()), _ => None },
                "test_sent_to": args.test,
            }),
        );
    }
    if settings.host.is_empty() {
        writeln!(ctx.out, "No mail server is set; set one with: clientele alerts mail --host HOST --from ADDRESS")?;
        return Ok(());
    }
    writeln!(ctx.out, "Mail server: {}:{} ({})", settings.host, settings.port, settings.security)?;
    writeln!(ctx.out, "Sender: {}", settings.from)?;
    let user = if settings.user.is_empty() { "no sign-in".to_string() } else { settings.user.clone() };
    writeln!(ctx.out, "User: {user}")?;
    match kept {
        Some(kept) => writeln!(ctx.out, "Password: kept in {}; not in the database", kept.describe())?,
        None => writeln!(ctx.out, "Password: none kept")?,
    }
    if let Some(to) = &args.test {
        writeln!(ctx.out, "A test message was sent to {to}")?;
    }
    Ok(())
}
