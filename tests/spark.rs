//! The Spark example end to end: `examples/spark/actorgraph_spark.py` run with pyspark in
//! local mode over the news of the shared data (Reuters-21578 and BBC, about 21,000
//! articles, 23 MB of JSON Lines built under target/, never copied into the repository),
//! in at least 8 partitions with a reduce tree of at least two levels, writes the same
//! bytes as one `actorgraph graph` run over the same corpus.
//!
//! CI installs pyspark (`.ci/run`); elsewhere a missing pyspark or Java fails the test
//! with what to install.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn require(program: &str, probe: &[&str], install: &str) {
    let ok =
        Command::new(program).args(probe).output().map(|o| o.status.success()).unwrap_or(false);
    assert!(ok, "{install} is needed for this test (or run .ci/run, which installs it)");
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The news corpus as JSON Lines, built by tests/spark/news_corpus.py from the shared data.
fn corpus(dir: &Path) -> PathBuf {
    let data = root().join("../shared/data");
    assert!(
        data.join("news/reuters21578").is_dir(),
        "the shared data is needed for this test: {} (the news/ folder)",
        data.display()
    );
    let out = dir.join("news.jsonl");
    let status = Command::new("python3")
        .arg(root().join("tests/spark/news_corpus.py"))
        .arg(&out)
        .arg("--data")
        .arg(&data)
        .status()
        .unwrap();
    assert!(status.success(), "tests/spark/news_corpus.py failed");
    out
}

#[test]
fn spark_job_equals_the_single_run() {
    require("python3", &["-c", "import pyspark"], "pyspark (python3 -m pip install pyspark)");
    require("java", &["-version"], "Java 17 (apt-get install openjdk-17-jre-headless)");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("spark");
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    let corpus = corpus(&dir);
    let binary = env!("CARGO_BIN_EXE_actorgraph");

    // One process over the whole corpus, read from stdin as the Spark tasks read theirs.
    let single = Command::new(binary)
        .args(["graph", "-", "-o"])
        .arg(dir.join("single.json"))
        .arg("-o")
        .arg(dir.join("single.gexf"))
        .arg("-o")
        .arg(dir.join("single.partial.json"))
        .stdin(std::fs::File::open(&corpus).unwrap())
        .output()
        .unwrap();
    assert!(single.status.success(), "{}", String::from_utf8_lossy(&single.stderr));

    // Spark: local mode on the loopback interface, no UI, 8 partitions, merged three at a
    // time (8 partials -> 3 on the executors -> the driver's final merge).
    let job = Command::new("python3")
        .arg(root().join("examples/spark/actorgraph_spark.py"))
        .args(["--master", "local[2]"])
        .args(["--conf", "spark.ui.enabled=false"])
        .args(["--conf", "spark.ui.showConsoleProgress=false"])
        .args(["--conf", "spark.driver.host=127.0.0.1"])
        .args(["--conf", "spark.driver.bindAddress=127.0.0.1"])
        .args(["--binary", binary, "--partitions", "8", "--fan-in", "3"])
        .arg(&corpus)
        .arg("-o")
        .arg(dir.join("spark.json"))
        .arg("-o")
        .arg(dir.join("spark.gexf"))
        .arg("-o")
        .arg(dir.join("spark.partial.json"))
        .arg("--save-partial")
        .arg(format!("file://{}", dir.join("saved").display()))
        .env("SPARK_LOCAL_IP", "127.0.0.1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&job.stderr);
    assert!(job.status.success(), "the Spark job failed:\n{stderr}");
    let report = stderr.lines().find(|l| l.starts_with("actorgraph_spark: ")).unwrap_or("");
    eprintln!("{report}");
    let partitions: usize = report
        .strip_prefix("actorgraph_spark: ")
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no partition count in the job's report:\n{stderr}"));
    assert!(partitions >= 8, "{partitions} partitions");

    for ext in ["json", "gexf", "partial.json"] {
        let want = std::fs::read(dir.join(format!("single.{ext}"))).unwrap();
        let got = std::fs::read(dir.join(format!("spark.{ext}"))).unwrap();
        assert!(want == got, "spark.{ext} differs from single.{ext} (in {})", dir.display());
    }
    // The partial saved by Spark (saveAsTextFile: a folder with one line in part-00000).
    let saved = std::fs::read(dir.join("saved/part-00000")).unwrap();
    assert!(
        saved == std::fs::read(dir.join("single.partial.json")).unwrap(),
        "saved partial differs"
    );
    let graph: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("spark.json")).unwrap()).unwrap();
    assert!(graph["graph"]["documents"].as_u64().unwrap() > 20_000);
    assert!(graph["edges"].as_array().unwrap().len() > 1_000);
    assert_eq!(graph["graph"]["inputs"], serde_json::json!(["-"]));
}
