//! Bad input, hostile text, interruptions: every row of the robustness table, with a real
//! file or stream.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use assert_cmd::cargo_bin_cmd;
use predicates::prelude::*;

fn write(dir: &tempfile::TempDir, name: &str, content: &[u8]) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, content).unwrap();
    p.display().to_string()
}

fn extract(args: &[&str]) -> (i32, Vec<serde_json::Value>, String) {
    let out = cargo_bin_cmd!("actorgraph").arg("extract").args(args).output().unwrap();
    let mentions = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (out.status.code().unwrap_or(-1), mentions, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn invalid_utf8_is_replaced_and_offsets_stay_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "bad.txt", b"Hamas \xff\xfe met Israel\xc3 in Qatar.");
    let (code, mentions, stderr) = extract(&[&p]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains(&format!("{p}: not valid UTF-8: 3 invalid byte sequence(s)")),
        "{stderr}"
    );
    // Offsets index the text as decoded (with U+FFFD), which is what `text` shows.
    let decoded = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
    let ids: Vec<&str> = mentions.iter().map(|m| m["actor"].as_str().unwrap()).collect();
    assert_eq!(ids, ["hamas", "ISR", "QAT"]);
    for m in &mentions {
        let (s, e) = (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
        assert_eq!(&decoded[s..e], m["text"].as_str().unwrap());
    }
}

#[test]
fn binary_files_in_folders_are_skipped_unless_named() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "a.txt", b"Hamas and Israel.");
    let bin = write(&dir, "b.txt", b"Egypt\x00\x00\x01\x02binary");
    let (code, mentions, stderr) = extract(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(stderr.contains(&format!("{bin}: binary file")), "{stderr}");
    assert!(mentions.iter().all(|m| m["actor"] != "EGY"));
    let (code, mentions, _) = extract(&[&bin]);
    assert_eq!(code, 0);
    assert!(mentions.iter().any(|m| m["actor"] == "EGY"));
}

#[test]
fn empty_blank_crlf_bom_and_no_final_newline() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(&dir, "empty.txt", b"");
    let blank = write(&dir, "blank.txt", b" \n\t\n  \n");
    let crlf = write(&dir, "crlf.txt", b"\xEF\xBB\xBFHamas met Israel.\r\nQatar mediated.\r\n");
    let nofinal = write(&dir, "nofinal.txt", b"Egypt and Jordan signed the accord");
    for p in [&empty, &blank] {
        let (code, mentions, stderr) = extract(&[p]);
        assert_eq!(code, 0, "{stderr}");
        assert!(mentions.is_empty());
    }
    let (_, mentions, _) = extract(&[&crlf]);
    let got: Vec<(&str, u64)> = mentions
        .iter()
        .map(|m| (m["text"].as_str().unwrap(), m["sentence"].as_u64().unwrap()))
        .collect();
    assert_eq!(got, [("Hamas", 0), ("Israel", 0), ("Qatar", 1)]);
    let text = String::from_utf8(std::fs::read(&crlf).unwrap()[3..].to_vec()).unwrap();
    for m in &mentions {
        let (s, e) = (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
        assert_eq!(&text[s..e], m["text"].as_str().unwrap());
    }
    let (_, mentions, _) = extract(&[&nofinal]);
    assert_eq!(mentions.len(), 2);
    // Empty documents count as documents, not errors.
    cargo_bin_cmd!("actorgraph")
        .args(["graph", &empty, &blank, &nofinal])
        .assert()
        .success()
        .stderr(predicate::str::contains("3 documents"));
}

#[test]
fn a_huge_single_line_is_read_in_parts() {
    // 6 MB on one line (the 200 MB case is measured by bench/robustness.sh).
    let dir = tempfile::tempdir().unwrap();
    let sentence = "Hamas and Israel met in Cairo while Qatar mediated. ";
    let line = sentence.repeat(6 * 1024 * 1024 / sentence.len());
    let p = write(&dir, "line.txt", line.as_bytes());
    let out =
        cargo_bin_cmd!("actorgraph").args(["graph", &p, "--window", "document"]).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("read as documents of about 1 MB"), "{stderr}");
    let g: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(g["graph"]["documents"].as_u64().unwrap() >= 6);
}

#[test]
fn bad_jsonl_lines_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        &dir,
        "c.jsonl",
        b"{\"id\":\"1\",\"text\":\"Hamas\"}\n{\"id\":\"2\"}\n{\"id\":\"3\",\"text\":42}\n{broken\n{\"id\":\"5\",\"text\":\"Israel\"}\n",
    );
    let out_file = dir.path().join("g.json");
    std::fs::write(&out_file, b"keep me").unwrap();
    cargo_bin_cmd!("actorgraph")
        .args(["graph", &p, "-o", out_file.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("{p}:2: no \"text\" field")));
    assert_eq!(std::fs::read(&out_file).unwrap(), b"keep me");
    let assert = cargo_bin_cmd!("actorgraph")
        .args(["graph", "--keep-going", &p, "-o", out_file.to_str().unwrap()])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains(&format!("skipped: {p}:2: no \"text\" field")), "{stderr}");
    assert!(stderr.contains(&format!("skipped: {p}:3: field \"text\" is a number")), "{stderr}");
    assert!(stderr.contains(&format!("skipped: {p}:4: not valid JSON")), "{stderr}");
    assert!(stderr.contains("3 input(s) skipped"), "{stderr}");
    let g: serde_json::Value = serde_json::from_slice(&std::fs::read(&out_file).unwrap()).unwrap();
    assert_eq!(g["graph"]["documents"], 2);
}

#[test]
fn missing_unreadable_and_empty_inputs() {
    let dir = tempfile::tempdir().unwrap();
    cargo_bin_cmd!("actorgraph")
        .args(["graph", "/no/such/path"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/no/such/path: no such file or folder"));
    cargo_bin_cmd!("actorgraph")
        .args(["graph", dir.path().to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("folder holds no documents"));
    // A file that cannot be read: a folder given where a file is expected by name.
    let sub = dir.path().join("x.txt");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("inner.txt"), "Hamas").unwrap();
    if unsafe_is_root() {
        return; // root can read anything; the permission case cannot be set up
    }
    let locked = write(&dir, "locked.txt", b"Hamas");
    let mut perms = std::fs::metadata(&locked).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o000);
    std::fs::set_permissions(&locked, perms).unwrap();
    cargo_bin_cmd!("actorgraph")
        .args(["graph", &locked])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("{locked}: cannot read")));
}

fn unsafe_is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| o.stdout.starts_with(b"0")).unwrap_or(false)
}

#[test]
fn hostile_gazetteer_aliases_are_rejected_with_messages() {
    let dir = tempfile::tempdir().unwrap();
    let long = "A".repeat(10_000);
    let p = write(
        &dir,
        "g.tsv",
        format!("a\tcountry\tA\t | \nb\tcountry\tB\t...\nc\tcountry\tC\t{long}\n").as_bytes(),
    );
    cargo_bin_cmd!("actorgraph")
        .args(["graph", "--gazetteer", &p, "seeds/"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("{p}:1: error: actor a: empty alias")))
        .stderr(predicate::str::contains(format!(
            "{p}:2: error: actor b: alias \"...\" has no letter or digit"
        )))
        .stderr(predicate::str::contains(format!(
            "{p}:3: error: actor c: alias of 10000 bytes is longer than the limit"
        )));
}

#[test]
fn closed_stdout_exits_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_actorgraph"))
        .args(["extract", "seeds/"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, then close the pipe, like `| head -c 1`.
    let mut stdout = child.stdout.take().unwrap();
    let mut one = [0u8; 1];
    std::io::Read::read_exact(&mut stdout, &mut one).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("Broken pipe"));
}

#[test]
fn interrupted_run_leaves_the_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("graph.json");
    std::fs::write(&target, b"previous graph").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_actorgraph"))
        .args(["graph", "-", "-o"])
        .arg(&target)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Feed some documents, keep stdin open so the run is still going.
    let mut stdin = child.stdin.take().unwrap();
    for i in 0..50 {
        writeln!(stdin, "{{\"id\":\"{i}\",\"text\":\"Hamas and Israel met in Cairo.\"}}").unwrap();
    }
    stdin.flush().unwrap();
    // Wait until the temporary output exists, then interrupt.
    let tmp_exists = || {
        std::fs::read_dir(dir.path())
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().starts_with(".actorgraph-"))
    };
    for _ in 0..100 {
        if tmp_exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    let out = child.wait_with_output().unwrap();
    drop(stdin);
    assert_eq!(out.status.code(), Some(130), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read(&target).unwrap(), b"previous graph");
    assert!(!tmp_exists(), "temporary file left behind");
}

#[cfg(unix)]
#[test]
fn outputs_get_the_mode_of_a_new_file_or_keep_the_replaced_one() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    // What any new file gets here (0666 less the umask), not a temporary file's 0600.
    let reference = dir.path().join("reference");
    std::fs::File::create(&reference).unwrap();
    let graph = dir.path().join("graph.json");
    let run = |args: &[&str]| {
        cargo_bin_cmd!("actorgraph")
            .args(["graph", "seeds/", "--quiet"])
            .args(args)
            .assert()
            .success();
    };
    run(&["-o", graph.to_str().unwrap()]);
    assert_eq!(mode(&graph), mode(&reference));
    let tables = dir.path().join("tables");
    run(&["--format", "csv", "-o", tables.to_str().unwrap()]);
    assert_eq!(mode(&tables.join("nodes.csv")), mode(&reference));
    // Replacing a file keeps its mode.
    std::fs::set_permissions(&graph, std::fs::Permissions::from_mode(0o640)).unwrap();
    run(&["-o", graph.to_str().unwrap()]);
    assert_eq!(mode(&graph), 0o640);
}

#[test]
fn devices_are_written_directly_not_replaced() {
    // Renaming a temporary file over /dev/null would turn the device into a file.
    cargo_bin_cmd!("actorgraph")
        .args(["graph", "seeds/", "--format", "json", "-o", "/dev/null", "--quiet"])
        .assert()
        .success();
    let meta = std::fs::metadata("/dev/null").unwrap();
    assert!(!meta.is_file(), "/dev/null became a regular file");
}
