//! The `actorgraph` command. Everything here is argument handling; the work is done by
//! the library (`actorgraph::…`) and the command modules under `cli/`.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

use std::process::ExitCode;

mod cli;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code.into(),
        Err(err) => {
            // A closed stdout (`actorgraph extract … | head`) is a normal way to stop.
            if err.is_broken_pipe() {
                return ExitCode::SUCCESS;
            }
            eprintln!("actorgraph: {err}");
            cli::Status::Error.into()
        }
    }
}
