//! Partial graphs end to end: a corpus split any way, counted part by part with
//! `graph --format partial` and merged with `merge`, gives byte for byte the files of one
//! `graph` run over the whole, in every format; partials that cannot be merged stop the
//! merge with exit 2 and the files named.

use std::path::{Path, PathBuf};

use assert_cmd::cargo_bin_cmd;

const DATED: &str = "tests/fixtures/dated.jsonl";
const DATED_GAZETTEER: [&str; 3] =
    ["--no-default-gazetteers", "--gazetteer", "tests/fixtures/dated.tsv"];
const SEEDS: [&str; 2] = ["seeds/000_43092d01b0f6bc93.txt", "seeds/004_48fd614a96f1a135.txt"];

/// Every graph output, by file name; `t/` is the CSV folder.
const OUTPUTS: [&str; 7] =
    ["g.json", "g.dot", "g.gexf", "g.graphml", "g.cyjs", "g.graphology.json", "t/"];

/// Runs actorgraph; returns its exit code and stderr.
fn invoke(args: &[&str], stdin: Option<Vec<u8>>) -> (Option<i32>, String) {
    let mut cmd = cargo_bin_cmd!("actorgraph");
    cmd.args(args);
    if let Some(bytes) = stdin {
        cmd.write_stdin(bytes);
    }
    let out = cmd.output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Runs actorgraph, asserting success; returns stderr.
fn run(args: &[&str], stdin: Option<Vec<u8>>) -> String {
    let (code, stderr) = invoke(args, stdin);
    assert_eq!(code, Some(0), "actorgraph {args:?} failed: {stderr}");
    stderr
}

/// Runs actorgraph, asserting exit 2; returns stderr.
fn fails(args: &[&str], stdin: Option<Vec<u8>>) -> String {
    let (code, stderr) = invoke(args, stdin);
    assert_eq!(code, Some(2), "actorgraph {args:?}: {stderr}");
    stderr
}

/// `-o DIR/name` for every output.
fn output_args(dir: &Path) -> Vec<String> {
    OUTPUTS.iter().flat_map(|f| ["-o".to_string(), dir.join(f).display().to_string()]).collect()
}

/// The bytes of every output written into `dir`.
fn outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![];
    for f in OUTPUTS {
        if let Some(folder) = f.strip_suffix('/') {
            for csv in ["nodes.csv", "edges.csv"] {
                let path = dir.join(folder).join(csv);
                files.push((format!("{f}{csv}"), std::fs::read(&path).unwrap()));
            }
        } else {
            files.push((f.to_string(), std::fs::read(dir.join(f)).unwrap()));
        }
    }
    files
}

fn assert_same(want: &Path, got: &Path, what: &str) {
    for ((name, a), (_, b)) in outputs(want).iter().zip(outputs(got)) {
        assert!(*a == b, "{what}: {name} differs from the single run's");
    }
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// The dated corpus cut into `parts` files of consecutive lines, in `dir`.
fn split(dir: &Path, parts: usize) -> Vec<PathBuf> {
    let text = std::fs::read_to_string(DATED).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    (0..parts)
        .map(|i| {
            let chunk = &lines[i * lines.len() / parts..(i + 1) * lines.len() / parts];
            let path = dir.join(format!("part-{i:02}.jsonl"));
            std::fs::write(&path, chunk.iter().map(|l| format!("{l}\n")).collect::<String>())
                .unwrap();
            path
        })
        .collect()
}

#[test]
fn merged_splits_equal_the_single_run_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    for (case, graph_flags, merge_flags) in [
        ("defaults", &[][..], &[][..]),
        ("paragraph", &["--window", "paragraph", "--evidence", "1"][..], &[][..]),
        (
            "filtered",
            &["--window", "document"][..],
            &["--score", "npmi", "--top", "5", "--drop-isolates"][..],
        ),
    ] {
        for parts in [1, 3, 12, 15] {
            let dir = tmp.path().join(format!("{case}-{parts}"));
            std::fs::create_dir_all(dir.join("single")).unwrap();
            std::fs::create_dir_all(dir.join("merged")).unwrap();
            let files = split(&dir, parts);
            // The single run reads the parts, in sorted order (the order merge lists them).
            let mut args: Vec<String> = vec!["graph".into()];
            args.extend(files.iter().map(|f| s(f)));
            args.extend(
                DATED_GAZETTEER.iter().chain(graph_flags).chain(merge_flags).map(|a| a.to_string()),
            );
            args.extend(output_args(&dir.join("single")));
            run(&args.iter().map(String::as_str).collect::<Vec<_>>(), None);
            // One partial per part, merged in reverse order.
            let mut partials = vec![];
            for f in &files {
                let p = f.with_extension("partial.json");
                let mut args = vec!["graph", f.to_str().unwrap(), "-o", p.to_str().unwrap()];
                args.extend(DATED_GAZETTEER);
                args.extend(graph_flags);
                run(&args, None);
                partials.push(s(&p));
            }
            partials.reverse();
            let mut args: Vec<String> = vec!["merge".into()];
            args.extend(partials.iter().cloned());
            args.extend(merge_flags.iter().map(|a| a.to_string()));
            args.extend(output_args(&dir.join("merged")));
            run(&args.iter().map(String::as_str).collect::<Vec<_>>(), None);
            assert_same(
                &dir.join("single"),
                &dir.join("merged"),
                &format!("{case}, {parts} parts"),
            );
        }
    }
}

#[test]
fn merges_of_merges_and_stdin() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let files = split(dir, 5);
    let corpus = std::fs::read(DATED).unwrap();
    // The single run reads the whole corpus from stdin; so do the parts.
    let mut single = vec!["graph", "-", "-o"];
    let want = dir.join("single.json");
    single.push(want.to_str().unwrap());
    single.extend(DATED_GAZETTEER);
    run(&single, Some(corpus));
    let mut partials = vec![];
    for f in &files {
        let p = f.with_extension("partial.json");
        let mut args = vec!["graph", "--format", "partial", "-o", p.to_str().unwrap()];
        args.extend(DATED_GAZETTEER);
        run(&args, Some(std::fs::read(f).unwrap()));
        partials.push(p);
    }
    // A tree: (0 + 1) + ((2 + 3) + 4), the inner merges written as partials.
    let p = |i: usize| partials[i].to_str().unwrap();
    let (left, inner, right) =
        (dir.join("l.partial.json"), dir.join("i.partial.json"), dir.join("r.partial.json"));
    run(&["merge", p(0), p(1), "-o", left.to_str().unwrap()], None);
    run(&["merge", p(3), p(2), "--format", "partial", "-o", inner.to_str().unwrap()], None);
    run(&["merge", inner.to_str().unwrap(), p(4), "-o", right.to_str().unwrap()], None);
    let tree = dir.join("tree.json");
    run(
        &["merge", right.to_str().unwrap(), left.to_str().unwrap(), "-o", tree.to_str().unwrap()],
        None,
    );
    assert!(std::fs::read(&tree).unwrap() == std::fs::read(&want).unwrap(), "tree merge differs");
    // All partials as one stream on stdin, merged to stdout.
    let stream: Vec<u8> = partials.iter().flat_map(|p| std::fs::read(p).unwrap()).collect();
    let out = cargo_bin_cmd!("actorgraph").arg("merge").write_stdin(stream).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout == std::fs::read(&want).unwrap(), "merge of stdin differs");
}

#[test]
fn seeds_as_text_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    run(
        &[
            "graph",
            SEEDS[0],
            SEEDS[1],
            "-o",
            &s(&dir.join("single.json")),
            "-o",
            &s(&dir.join("single.dot")),
        ],
        None,
    );
    for (i, seed) in SEEDS.iter().enumerate() {
        run(&["graph", seed, "-o", &s(&dir.join(format!("{i}.partial.json")))], None);
    }
    let (m1, m0) = (s(&dir.join("1.partial.json")), s(&dir.join("0.partial.json")));
    run(&["merge", &m1, &m0, "-o", &s(&dir.join("m.json")), "-o", &s(&dir.join("m.dot"))], None);
    for ext in ["json", "dot"] {
        let (a, b) = (dir.join(format!("single.{ext}")), dir.join(format!("m.{ext}")));
        assert!(std::fs::read(a).unwrap() == std::fs::read(b).unwrap(), "{ext} differs");
    }
}

/// Two partials of the dated corpus's halves, built with `flags`, in `dir`.
fn halves(dir: &Path, flags: [&[&str]; 2]) -> [String; 2] {
    let files = split(dir, 2);
    let mut out = [String::new(), String::new()];
    for (i, f) in files.iter().enumerate() {
        let p = f.with_extension("partial.json");
        let mut args = vec!["graph", f.to_str().unwrap(), "-o", p.to_str().unwrap()];
        args.extend(DATED_GAZETTEER);
        args.extend(flags[i]);
        run(&args, None);
        out[i] = s(&p);
    }
    out
}

#[test]
fn partials_that_do_not_match_are_refused_with_the_files_named() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let target = dir.join("out.json");
    let o = s(&target);
    for (flags, needle) in [
        ([&["--window", "paragraph"][..], &[][..]], "different windows (paragraph, sentence)"),
        ([&["--evidence", "5"][..], &[][..]], "different evidence limits (5, 3)"),
        ([&[][..], &["--no-metonymy"][..]], ""),
    ] {
        let [a, b] = halves(dir, flags);
        if needle.is_empty() {
            // The same gazetteer files: --no-metonymy changes no source name, so it merges.
            run(&["merge", &a, &b, "-o", &o], None);
            std::fs::remove_file(&target).unwrap();
            continue;
        }
        let err = fails(&["merge", &a, &b, "-o", &o], None);
        assert!(err.contains(&format!("{a} and {b} cannot be merged")), "{err}");
        assert!(err.contains(needle), "{err}");
        assert!(err.contains("build every partial with the same"), "{err}");
        std::fs::remove_file(&target).ok();
    }
    // Different gazetteers.
    let [a, _] = halves(dir, [&[], &[]]);
    let b = s(&dir.join("builtin.partial.json"));
    run(&["graph", SEEDS[0], "-o", &b], None);
    let err = fails(&["merge", &a, &b, "-o", &o], None);
    assert!(
        err.contains("different gazetteers ([tests/fixtures/dated.tsv], [builtin:countries.tsv"),
        "{err}"
    );
    assert!(!target.exists(), "a failed merge wrote its output");
}

#[test]
fn bad_partial_files_are_refused_with_the_file_named() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let [a, _] = halves(dir, [&[], &[]]);
    let good = std::fs::read_to_string(&a).unwrap();
    let target = dir.join("out.json");
    let o = s(&target);
    let write = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        s(&p)
    };
    let cases = [
        (write("truncated.partial.json", &good[..good.len() / 2]), "truncated partial graph"),
        (
            write("version.partial.json", &good.replace("\"version\":1", "\"version\":7")),
            "partial graph format version 7",
        ),
        (
            write("corrupt.partial.json", &good.replace("\"units\":{", "\"units\":[")),
            "corrupt partial graph",
        ),
        (
            write(
                "unknown.partial.json",
                &good.replacen("\"target\":\"", "\"target\":\"nobody-", 1),
            ),
            "which is not in the file's actors",
        ),
        (
            write("graph.json", "{\"directed\": false, \"nodes\": []}\n"),
            "not an actorgraph partial graph",
        ),
        (write("empty.partial.json", ""), "empty: no partial graph in it"),
        (
            write(
                "tool.partial.json",
                &good.replace("\"tool\":\"actorgraph ", "\"tool\":\"actorgraph 0.0.0-"),
            ),
            "merge partials with the version that made them",
        ),
    ];
    for (file, needle) in &cases {
        let err = fails(&["merge", &a, file, "-o", &o], None);
        assert!(err.contains(&format!("actorgraph: {file}")), "{err}");
        assert!(err.contains(needle), "{file}: {err}");
        assert!(!target.exists());
    }
    let err = fails(&["merge", &s(&dir.join("missing.partial.json"))], None);
    assert!(err.contains("cannot read") && err.contains("missing.partial.json"), "{err}");
    let err =
        fails(&["merge"], Some(b"{\"format\": \"actorgraph-partial\", \"version\": 1}".to_vec()));
    assert!(err.contains("<stdin>: corrupt partial graph"), "{err}");
    let err = fails(&["merge", "-", &a, "-"], None);
    assert!(err.contains("stdin (-) can be given only once"), "{err}");
}

#[test]
fn filters_do_not_apply_to_partials_and_help_is_a_manual() {
    let out = cargo_bin_cmd!("actorgraph")
        .args(["graph", SEEDS[0], "--format", "partial", "--top", "3"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--top does not change a partial graph"), "{stderr}");
    let partial: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(partial["format"], "actorgraph-partial");
    assert_eq!(out.stdout.iter().filter(|&&b| b == b'\n').count(), 1);

    let help = cargo_bin_cmd!("actorgraph").args(["merge", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    for needle in [
        "associative",
        "RULES",
        "METADATA",
        "sorted",
        "EXAMPLES",
        "--format partial",
        "SCORES",
        "partial",
    ] {
        assert!(help.contains(needle), "merge --help does not mention {needle}");
    }
    let help = cargo_bin_cmd!("actorgraph").args(["graph", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(help.contains(".partial.json") && help.contains("actorgraph merge"), "{help}");
}
