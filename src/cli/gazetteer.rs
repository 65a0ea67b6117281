//! `actorgraph gazetteer check|list`.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use actorgraph::{GazetteerBuilder, Severity};

use super::output::Output;
use super::{CliError, GazetteerArgs, Status};

pub const LONG_ABOUT: &str = "\
Check or list gazetteers.

A gazetteer is a tab-separated text file, one actor per line:

    id      type     label          aliases                                  attributes
    ISR     country  Israel         State of Israel | Israeli[demonym]       iso3=ISR
    hamas   group    Hamas          Islamic Resistance Movement
    antony-blinken  person  Antony Blinken  Blinken   role=Secretary of State; affiliation=USA; from=2021-01-26

Alias flags in brackets: exact, cased, nocase, demonym, metonymy, ambiguous, prefer.
Types: country, organization, group, person, any other word; title and ignore are special.
The README documents every column and flag.";

#[derive(Debug, Subcommand)]
pub enum GazetteerCommand {
    /// Report every problem in gazetteer files, with file:line.
    ///
    /// Checks malformed lines, duplicate ids, aliases claimed by two actors (and how each
    /// will resolve), empty aliases, unknown affiliation ids and bad dates. Files are
    /// checked together with the built-in gazetteers (so affiliations may name built-in
    /// actors) unless --no-default-gazetteers is given; with no FILE, the built-in
    /// gazetteers are checked. Exits with 2 when there is an error.
    Check(CheckArgs),
    /// Print the actors, one per line: id, type, label, aliases, attributes.
    List(ListArgs),
    /// Print every spelling the matcher searches for, one per line.
    ///
    /// Columns: alias, actor id, type, kind (name, demonym, metonymy), case policy (exact,
    /// cased, anycase), and flags (ambiguous, prefer). Automatic variants (plurals of
    /// demonyms, accent-free and hyphen-free spellings) are included. Useful to feed other
    /// tools the same dictionary, or to see why a word matched.
    Aliases(ListArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Gazetteer files to check.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Check the files alone, without the built-in gazetteers.
    #[arg(long)]
    pub no_default_gazetteers: bool,

    /// Print errors only, not warnings and notes.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,

    /// Only actors of this type (country, organization, group, person, title, ignore …).
    #[arg(long = "type", short = 't', value_name = "TYPE")]
    pub kind: Option<String>,

    /// Write to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(cmd: GazetteerCommand) -> Result<Status, CliError> {
    match cmd {
        GazetteerCommand::Check(args) => check(args),
        GazetteerCommand::List(args) => list(args),
        GazetteerCommand::Aliases(args) => aliases(args),
    }
}

fn check(args: CheckArgs) -> Result<Status, CliError> {
    let mut builder = GazetteerBuilder::new();
    builder.builtins(!args.no_default_gazetteers);
    for f in &args.files {
        builder.add_file(f);
    }
    let diagnostics = builder.check();
    let only_files = !args.files.is_empty();
    let mut errors = 0;
    let mut warnings = 0;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for d in &diagnostics {
        // When checking user files, built-in notes are noise; built-in errors are not.
        let builtin = d.location.as_ref().is_some_and(|l| l.source.starts_with("builtin:"));
        match d.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
            Severity::Note => {}
        }
        if args.quiet && d.severity != Severity::Error {
            continue;
        }
        if only_files && builtin && d.severity != Severity::Error {
            continue;
        }
        writeln!(out, "{d}").map_err(|e| CliError::Io("writing to stdout".into(), e))?;
    }
    let g = builder.build();
    let summary = match &g {
        Ok(g) => format!(
            "{} actors, {} titles, {} ignore phrases, {} aliases",
            g.actors().len(),
            g.titles().len(),
            g.ignored().len(),
            g.aliases().len()
        ),
        Err(_) => "not usable until the errors are fixed".into(),
    };
    eprintln!("actorgraph: {errors} error(s), {warnings} warning(s); {summary}");
    Ok(if errors > 0 { Status::Error } else { Status::Success })
}

fn list(args: ListArgs) -> Result<Status, CliError> {
    let g = args.gazetteer.build()?;
    let mut out = Output::create(args.output.as_deref())?;
    let io_err = |e| CliError::Io("writing the list".into(), e);
    writeln!(out, "id\ttype\tlabel\taliases\tattributes").map_err(io_err)?;
    let want = args.kind.as_deref();
    for (i, actor) in g.actors().iter().enumerate() {
        if want.is_some_and(|t| t != actor.kind.as_str()) {
            continue;
        }
        let aliases: Vec<&str> = g
            .aliases()
            .iter()
            .filter(|a| {
                a.target == actorgraph::gazetteer::Target::Actor(i as u32) && a.text != actor.label
            })
            .map(|a| a.text.as_str())
            .collect();
        let mut attrs: Vec<String> = vec![];
        if let Some(iso3) = &actor.iso3 {
            attrs.push(format!("iso3={iso3}"));
        }
        for (k, v) in &actor.extra {
            attrs.push(format!("{k}={v}"));
        }
        let roles: Vec<String> = actor
            .roles
            .iter()
            .map(|r| {
                let mut parts = vec![];
                if !r.title.is_empty() {
                    parts.push(format!("role={}", r.title));
                }
                if let Some(a) = &r.affiliation {
                    parts.push(format!("affiliation={a}"));
                }
                if let Some(d) = r.from {
                    parts.push(format!("from={d}"));
                }
                if let Some(d) = r.to {
                    parts.push(format!("to={d}"));
                }
                parts.join("; ")
            })
            .collect();
        let mut attr_cell = attrs.join("; ");
        if !roles.is_empty() {
            if !attr_cell.is_empty() {
                attr_cell.push_str("; ");
            }
            attr_cell.push_str(&roles.join(" | "));
        }
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            actor.id,
            actor.kind,
            actor.label,
            aliases.join(" | "),
            attr_cell
        )
        .map_err(io_err)?;
    }
    if want.is_some_and(|t| t == "title" || t == "ignore") {
        let list = if want == Some("title") { g.titles() } else { g.ignored() };
        for t in list {
            writeln!(out, "{}\t{}\t{}\t\t", t.id, want.unwrap_or(""), t.label).map_err(io_err)?;
        }
    }
    out.finish()?;
    Ok(Status::Success)
}

fn aliases(args: ListArgs) -> Result<Status, CliError> {
    use actorgraph::gazetteer::{CasePolicy, Target};
    let g = args.gazetteer.build()?;
    let mut out = Output::create(args.output.as_deref())?;
    let io_err = |e| CliError::Io("writing the alias list".into(), e);
    writeln!(out, "alias\tactor\ttype\tkind\tcase\tflags").map_err(io_err)?;
    let want = args.kind.as_deref();
    for alias in g.aliases() {
        let (id, kind) = match alias.target {
            Target::Actor(i) => {
                let a = &g.actors()[i as usize];
                (a.id.to_string(), a.kind.to_string())
            }
            Target::Title(i) => (g.titles()[i as usize].id.to_string(), "title".to_string()),
            Target::Ignore(i) => (g.ignored()[i as usize].id.to_string(), "ignore".to_string()),
        };
        if want.is_some_and(|t| t != kind) {
            continue;
        }
        let case = match alias.case {
            CasePolicy::Exact => "exact",
            CasePolicy::Cased => "cased",
            CasePolicy::AnyCase => "anycase",
        };
        let mut flags = vec![];
        if alias.ambiguous {
            flags.push("ambiguous");
        }
        if alias.prefer {
            flags.push("prefer");
        }
        for variant in actorgraph::matcher::alias_variants(alias) {
            writeln!(
                out,
                "{variant}\t{id}\t{kind}\t{}\t{case}\t{}",
                alias.kind.as_str(),
                flags.join(",")
            )
            .map_err(io_err)?;
        }
    }
    out.finish()?;
    Ok(Status::Success)
}
