//! The command line: inputs, errors, exit codes, gazetteer commands.

use std::io::Write;

use assert_cmd::cargo_bin_cmd;
use predicates::prelude::*;

fn write(dir: &tempfile::TempDir, name: &str, content: &str) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, content).unwrap();
    p.display().to_string()
}

#[test]
fn extract_reads_jsonl_with_ids_and_dates() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        &dir,
        "c.jsonl",
        "{\"id\": \"a1\", \"text\": \"Donald Trump met Qatar's emir.\", \"date\": \"2019-03-01\"}\n\
         {\"text\": \"Hamas and Israel.\"}\n",
    );
    let out = cargo_bin_cmd!("actorgraph").args(["extract", &p]).output().unwrap();
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["doc"], "a1");
    assert_eq!(lines[0]["actor"], "donald-trump");
    assert_eq!(lines[0]["role"], "President");
    assert_eq!(lines[1]["actor"], "QAT");
    assert_eq!(lines[2]["doc"], format!("{p}:2"));
}

#[test]
fn extract_reads_stdin_as_text_or_jsonl() {
    cargo_bin_cmd!("actorgraph")
        .arg("extract")
        .write_stdin("The European Union and Egypt.")
        .assert()
        .success()
        .stdout(
            predicate::str::contains("\"doc\":\"<stdin>\"")
                .and(predicate::str::contains("\"actor\":\"EGY\"")),
        );
    cargo_bin_cmd!("actorgraph")
        .args(["extract", "-"])
        .write_stdin("{\"id\":\"x\",\"text\":\"Hamas\"}\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("\"doc\":\"x\",\"actor\":\"hamas\""));
}

#[test]
fn bad_jsonl_stops_with_file_and_line_unless_keep_going() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "bad.jsonl", "{\"id\":\"1\",\"text\":\"Hamas\"}\n{\"id\":\"2\",\"text\":\n{\"id\":\"3\",\"text\":\"Israel\"}\n");
    let out_file = dir.path().join("out.jsonl");
    std::fs::write(&out_file, "previous contents\n").unwrap();
    cargo_bin_cmd!("actorgraph")
        .args(["extract", &p, "-o", out_file.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("{p}:2: not valid JSON")));
    // The failed run left the previous output untouched.
    assert_eq!(std::fs::read_to_string(&out_file).unwrap(), "previous contents\n");
    cargo_bin_cmd!("actorgraph")
        .args(["extract", "--keep-going", &p, "-o", out_file.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("1 input(s) skipped"));
    let written = std::fs::read_to_string(&out_file).unwrap();
    assert!(written.contains("\"actor\":\"hamas\"") && written.contains("\"actor\":\"ISR\""));
}

#[test]
fn missing_inputs_are_errors() {
    cargo_bin_cmd!("actorgraph")
        .args(["extract", "/no/such/file.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/no/such/file.txt: no such file or folder"));
    let dir = tempfile::tempdir().unwrap();
    cargo_bin_cmd!("actorgraph")
        .args(["extract", dir.path().to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("folder holds no documents"));
}

#[test]
fn gazetteer_errors_are_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "mine.tsv", "id\ttype\tlabel\taliases\tattributes\nacme\torganization\tAcme\nacme\torganization\tAcme again\nbob\tperson\tBob Smith\t\trole=CEO; affiliation=nowhere\n");
    cargo_bin_cmd!("actorgraph")
        .args(["gazetteer", "check", &p])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(format!(
            "{p}:3: error: duplicate id acme: already defined at {p}:2"
        )))
        .stdout(predicate::str::contains(format!(
            "{p}:4: error: actor bob: unknown affiliation id nowhere"
        )));
    // A run that loads the file fails the same way, before reading anything.
    cargo_bin_cmd!("actorgraph")
        .args(["extract", "--gazetteer", &p, "seeds/"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(format!("{p}:3: error: duplicate id acme")));
}

#[test]
fn user_gazetteer_alone() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "mine.tsv", "acme\torganization\tAcme Corporation\tAcme\n");
    cargo_bin_cmd!("actorgraph")
        .args(["extract", "--no-default-gazetteers", "--gazetteer", &p])
        .write_stdin("Acme and Hamas.")
        .assert()
        .success()
        .stdout(
            predicate::str::contains("\"actor\":\"acme\"")
                .and(predicate::str::contains("hamas").not()),
        );
}

#[test]
fn builtin_gazetteers_check_clean_and_list_by_type() {
    cargo_bin_cmd!("actorgraph").args(["gazetteer", "check", "-q"]).assert().success();
    let out = cargo_bin_cmd!("actorgraph")
        .args(["gazetteer", "list", "--type", "country"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().skip(1).all(|l| l.split('\t').nth(1) == Some("country")));
    assert!(text.contains("\nUSA\tcountry\tUnited States\t"));
}

#[test]
fn closed_stdout_is_a_normal_end() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_actorgraph"))
        .args(["gazetteer", "aliases"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?} {}", out.status, String::from_utf8_lossy(&out.stderr));
    let _ = std::io::stderr().flush();
}

#[test]
fn help_is_a_manual() {
    cargo_bin_cmd!("actorgraph")
        .args(["extract", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("byte offsets").and(predicate::str::contains("EXAMPLES")));
}
