//! The `clientele` program: the window when run without a command, the command-line interface otherwise.
//!
//! On Windows it is a windowed program, so no console window opens behind the app when it is
//! started from the Start menu; `clientele-cli.exe` is the same program for consoles and scripts.
#![cfg_attr(windows, windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    clientele::launch::main()
}
