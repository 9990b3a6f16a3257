//! Backups as the clerk sees them: what each copy is for, how its file is named, when the daily
//! copy is due, and which automatic copies a rotation keeps. No files here: the store does those.

use chrono::{Datelike, NaiveDateTime};
use std::collections::HashSet;

/// Why a copy of the book was taken. Only [`BackupKind::Daily`] copies are rotated away; the
/// safety copies before an upgrade or a restore, and copies made by hand, stay until deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BackupKind {
    /// The automatic copy: on the first start of a day and when the window closes.
    Daily,
    /// Taken before the program upgraded the book's schema.
    BeforeUpgrade,
    /// The book as it was before another copy was restored over it.
    BeforeRestore,
    /// Asked for: *Back up now* or `clientele backup`.
    Manual,
}

impl BackupKind {
    pub const ALL: [BackupKind; 4] =
        [BackupKind::Daily, BackupKind::BeforeUpgrade, BackupKind::BeforeRestore, BackupKind::Manual];

    /// The word in the file's name.
    pub fn key(self) -> &'static str {
        match self {
            BackupKind::Daily => "daily",
            BackupKind::BeforeUpgrade => "before-upgrade",
            BackupKind::BeforeRestore => "before-restore",
            BackupKind::Manual => "manual",
        }
    }

    pub fn parse(key: &str) -> Option<BackupKind> {
        BackupKind::ALL.into_iter().find(|kind| kind.key() == key)
    }

    /// What the list of backups says of it.
    pub fn label(self) -> &'static str {
        match self {
            BackupKind::Daily => "Daily",
            BackupKind::BeforeUpgrade => "Before an upgrade",
            BackupKind::BeforeRestore => "Before a restore",
            BackupKind::Manual => "Made by hand",
        }
    }
}

/// A backup file's name: `<book>-<YYYY-MM-DD>-<HHMMSS>-<kind>.db`, e.g.
/// `clientele-2026-12-07-183000-daily.db`, so copies of several books can share a folder and
/// sort by time in any file manager.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupName {
    /// The book file's name without its extension.
    pub book: String,
    pub taken_at: NaiveDateTime,
    pub kind: BackupKind,
}

const STAMP: &str = "%Y-%m-%d-%H%M%S";
const STAMP_LEN: usize = "2026-12-07-183000".len();
pub const BACKUP_EXTENSION: &str = "db";

impl BackupName {
    pub fn file_name(&self) -> String {
        format!("{}-{}-{}.{BACKUP_EXTENSION}", self.book, self.taken_at.format(STAMP), self.kind.key())
    }

    /// Reads a name this program gave; any other file in the folder is not one of its backups.
    pub fn parse(file_name: &str) -> Option<BackupName> {
        let rest = file_name.strip_suffix(&format!(".{BACKUP_EXTENSION}"))?;
        let (rest, kind) = BackupKind::ALL
            .into_iter()
            .find_map(|kind| rest.strip_suffix(&format!("-{}", kind.key())).map(|rest| (rest, kind)))?;
        let split = rest.len().checked_sub(STAMP_LEN + 1)?;
        let (book, stamp) = (rest.get(..split)?, rest.get(split + 1..)?);
        if book.is_empty() || !rest.is_char_boundary(split) || rest.as_bytes()[split] != b'-' {
            return None;
        }
        let taken_at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?;
        Some(BackupName { book: book.to_string(), taken_at, kind })
    }
}

/// A copy's size as a clerk reads it: "840 kB", "27.9 MB".
pub fn size_text(bytes: u64) -> String {
    match bytes {
        0..1_000_000 => format!("{} kB", bytes.div_ceil(1_000)),
        _ => format!("{:.1} MB", bytes as f64 / 1_000_000.0),
    }
}

/// Whether the day's automatic copy is still to be taken: none yet, or the newest is from an
/// earlier day.
pub fn daily_backup_due(newest_daily: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    newest_daily.is_none_or(|taken| taken.date() < now.date())
}

/// How many automatic copies are kept: the newest of each of the last `daily` days, of the last
/// `weekly` weeks and of the last `monthly` months that have one (a copy may count for all three).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Rotation {
    pub daily: u32,
    pub weekly: u32,
    pub monthly: u32,
}

impl Default for Rotation {
    fn default() -> Rotation {
        Rotation { daily: 7, weekly: 4, monthly: 12 }
    }
}

/// The most of any one period a rotation keeps (ten years of months).
pub const MAX_KEPT: u32 = 120;

impl Rotation {
    /// What is wrong with these counts, in a sentence, or `None` when they can be used.
    pub fn problem(&self) -> Option<String> {
        if self.daily == 0 {
            return Some("keep at least one daily backup".into());
        }
        [("daily", self.daily), ("weekly", self.weekly), ("monthly", self.monthly)]
            .into_iter()
            .find(|(_, count)| *count > MAX_KEPT)
            .map(|(name, count)| format!("{count} {name} backups is too many to keep; at most {MAX_KEPT}"))
    }

    /// For each automatic copy taken at `taken[i]`, whether the rotation keeps it. The newest
    /// copy is always kept.
    pub fn keeps(&self, taken: &[NaiveDateTime]) -> Vec<bool> {
        let mut order: Vec<usize> = (0..taken.len()).collect();
        order.sort_by(|a, b| taken[*b].cmp(&taken[*a]));
        let mut kept = vec![false; taken.len()];
        let mut periods = [
            Period { limit: self.daily, seen: HashSet::new() },
            Period { limit: self.weekly, seen: HashSet::new() },
            Period { limit: self.monthly, seen: HashSet::new() },
        ];
        for (rank, index) in order.into_iter().enumerate() {
            let at = taken[index].date();
            let week = at.iso_week();
            let keys = [(at.year(), at.ordinal()), (week.year(), week.week()), (at.year(), at.month())];
            // Newest first, so the first copy met in a period is that period's newest.
            for (period, key) in periods.iter_mut().zip(keys) {
                if !period.seen.contains(&key) && (period.seen.len() as u32) < period.limit {
                    period.seen.insert(key);
                    kept[index] = true;
                }
            }
            kept[index] |= rank == 0;
        }
        kept
    }
}

struct Period {
    limit: u32,
    seen: HashSet<(i32, u32)>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, NaiveDate};

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, 0, 0).unwrap()
    }

    #[test]
    fn a_name_is_read_back_as_given_even_when_the_book_has_dashes() {
        let name =
            BackupName { book: "my-book-2".into(), taken_at: at(2026, 12, 7, 18), kind: BackupKind::BeforeUpgrade };
        assert_eq!(name.file_name(), "my-book-2-2026-12-07-180000-before-upgrade.db");
        assert_eq!(BackupName::parse(&name.file_name()), Some(name));
        for other in [
            "clientele.db",
            "clientele-daily.db",
            "x-2026-13-07-180000-daily.db",
            "-2026-12-07-180000-daily.db",
            "clientele-2026-12-07-180000-weekly.db",
            "clientele-2026-12-07-180000-daily.db.partial",
        ] {
            assert_eq!(BackupName::parse(other), None, "{other}");
        }
    }

    #[test]
    fn the_daily_copy_is_due_once_a_day() {
        assert!(daily_backup_due(None, at(2026, 12, 7, 9)));
        assert!(!daily_backup_due(Some(at(2026, 12, 7, 1)), at(2026, 12, 7, 23)));
        assert!(daily_backup_due(Some(at(2026, 12, 6, 23)), at(2026, 12, 7, 0)));
    }

    #[test]
    fn a_year_of_daily_copies_keeps_seven_days_four_weeks_and_twelve_months() {
        let start = at(2026, 1, 1, 18);
        let taken: Vec<NaiveDateTime> = (0..365).map(|day| start + Duration::days(day)).collect();
        let kept = Rotation::default().keeps(&taken);
        let kept_dates: Vec<NaiveDateTime> = taken.iter().zip(&kept).filter(|(_, k)| **k).map(|(t, _)| *t).collect();
        // The last seven days (Dec 25-31, which hold the newest of ISO weeks 53 and 52), the
        // Sundays of weeks 51 and 50, and the last day of each earlier month: 7 + 2 + 11.
        assert_eq!(kept_dates.len(), 20, "{kept_dates:?}");
        for kept in [at(2026, 12, 31, 18), at(2026, 12, 25, 18), at(2026, 12, 20, 18), at(2026, 12, 13, 18)] {
            assert!(kept_dates.contains(&kept), "{kept}");
        }
        assert!(!kept_dates.contains(&at(2026, 12, 24, 18)));
        assert!(!kept_dates.contains(&at(2026, 12, 6, 18)));
        assert!(kept_dates.contains(&at(2026, 1, 31, 18)));
        assert!(!kept_dates.contains(&at(2026, 1, 30, 18)));
    }

    #[test]
    fn two_copies_on_one_day_keep_the_newer_and_the_newest_always_stays() {
        let taken = [at(2026, 12, 7, 9), at(2026, 12, 7, 18)];
        assert_eq!(Rotation::default().keeps(&taken), [false, true]);
        let none = Rotation { daily: 0, weekly: 0, monthly: 0 };
        assert_eq!(none.keeps(&taken), [false, true]);
        assert!(none.problem().is_some());
        assert_eq!(
            Rotation { daily: 7, weekly: 121, monthly: 1 }.problem().unwrap(),
            "121 weekly backups is too many to keep; at most 120"
        );
    }
}
