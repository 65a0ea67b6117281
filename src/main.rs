//! The `actorgraph` command. Everything here is argument handling; the work is done by
//! the library (`actorgraph::…`) and the command modules under `cli/`.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

use std::process::ExitCode;

mod cli;

fn main() -> ExitCode {
    // Ctrl-C: remove the temporary files of outputs being written (the targets are only
    // replaced at the end of a successful run, so they are untouched) and exit with 130,
    // the shell's code for an interrupted command.
    let _ = ctrlc::set_handler(|| {
        cli::remove_pending_outputs();
        eprintln!("actorgraph: interrupted; no output was written");
        std::process::exit(130);
    });
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
