//! What the benchmarks share: where their generated databases are kept, and
//! clearing one away to generate it again.

#![allow(dead_code)]

use chrono::NaiveDate;
use std::path::PathBuf;

/// The path of a generated database in target/bench-data, kept between runs.
pub fn bench_database(file_name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("create target/bench-data");
    dir.join(file_name)
}

/// Removes an incomplete database (and its journal files) before generating it again.
pub fn clear_away(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}
