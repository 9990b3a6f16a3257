//! `clientele-cli`: the same program as `clientele`, built as a console program on every system.
//!
//! On Windows `clientele.exe` is a windowed program: cmd and PowerShell do not wait for it, so a
//! script would lose its exit code. Scripts there run `clientele-cli.exe`, which they wait for.
//! Elsewhere the two behave the same; the .deb installs only `clientele`.

fn main() -> std::process::ExitCode {
    clientele::launch::main()
}
