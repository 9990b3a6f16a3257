//! The `clientele` program: the window when run without a command, the command-line interface otherwise.

use clap::Parser;
use clientele::cli::{self, Cli, CliError, Context};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Usage errors exit with 2 and --help/--version with 0, as clap decides.
    let args = Cli::parse();
    let Some(db) = clientele::paths::resolve_database(args.db) else {
        return fail(&CliError::NoDatabase);
    };
    match args.command {
        None => open_window(db, args.open_run),
        Some(command) => {
            let stdout = std::io::stdout();
            let stderr = std::io::stderr();
            let mut out = stdout.lock();
            let mut err = stderr.lock();
            let mut ctx = Context {
                db,
                json: args.json,
                err_is_terminal: std::io::stderr().is_terminal(),
                out: &mut out,
                err: &mut err,
            };
            let result = cli::run(command, &mut ctx).and_then(|()| Ok(out.flush()?));
            drop(err);
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) if error.is_broken_pipe() => ExitCode::SUCCESS,
                Err(error) => fail(&error),
            }
        }
    }
}

fn fail(error: &CliError) -> ExitCode {
    eprintln!("error: {error}");
    ExitCode::from(error.exit_code())
}

fn open_window(db: PathBuf, open_run: Option<i64>) -> ExitCode {
    match clientele::ui::run(db, open_run) {
        Ok(()) => ExitCode::SUCCESS,
        // ui::run has already told the user on stderr; saying it twice would only confuse.
        Err(_) => ExitCode::FAILURE,
    }
}
