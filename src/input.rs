//! Reading documents: text files, JSON Lines, folders and stdin, streamed.
//!
//! Inputs are streamed one document at a time so memory never grows with the corpus.
//! Problems are reported with the place they occur: `file` for a file, `file:line` for a
//! JSON Lines record. Some problems are only warnings (a file with invalid UTF-8 is read
//! with U+FFFD replacement characters and its name reported); others are [`InputError`]s
//! that the caller may stop on or skip.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::actor::Date;
use crate::document::Document;

/// How to read an input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InputFormat {
    /// By extension: `.jsonl`/`.ndjson` are JSON Lines, anything else is text. Stdin is
    /// JSON Lines when its first non-blank character is `{`, text otherwise.
    #[default]
    Auto,
    /// The whole file is one document.
    Text,
    /// One JSON object per line, each a document.
    Jsonl,
}

/// Options for reading inputs.
#[derive(Clone, Debug)]
pub struct InputOptions {
    /// How to read inputs.
    pub format: InputFormat,
    /// JSON Lines field holding the document id (default `id`).
    pub id_field: String,
    /// JSON Lines field holding the text (default `text`).
    pub text_field: String,
    /// JSON Lines field holding the date (default `date`).
    pub date_field: String,
    /// JSON Lines field holding the headline (default `title`).
    pub title_field: String,
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            format: InputFormat::Auto,
            id_field: "id".into(),
            text_field: "text".into(),
            date_field: "date".into(),
            title_field: "title".into(),
        }
    }
}

/// A problem with an input that makes a document (or a whole file) unusable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// Where: `path`, `path:line`, or `<stdin>:line`.
    pub location: String,
    /// What went wrong.
    pub message: String,
    /// Whether the rest of the input can still be read (a bad JSON line) or not (a
    /// missing file).
    pub recoverable: bool,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl std::error::Error for InputError {}

/// One input to read: a file, or stdin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputSource {
    /// A file.
    File(PathBuf),
    /// Standard input.
    Stdin,
}

impl fmt::Display for InputSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputSource::File(p) => write!(f, "{}", p.display()),
            InputSource::Stdin => f.write_str("<stdin>"),
        }
    }
}

/// Extensions read when walking a folder.
pub const DOCUMENT_EXTENSIONS: &[&str] = &["txt", "text", "md", "jsonl", "ndjson"];

/// Expands the paths given on the command line: `-` is stdin, a file is itself, a
/// folder is every document file below it (by extension, sorted by path, hidden entries
/// skipped). Warnings (skipped entries) are appended to `warnings`.
pub fn expand_inputs(
    paths: &[String],
    warnings: &mut Vec<String>,
) -> Result<Vec<InputSource>, InputError> {
    let mut out = vec![];
    for p in paths {
        if p == "-" {
            out.push(InputSource::Stdin);
            continue;
        }
        let path = Path::new(p);
        let meta = std::fs::metadata(path).map_err(|e| InputError {
            location: p.clone(),
            message: match e.kind() {
                io::ErrorKind::NotFound => "no such file or folder".into(),
                _ => format!("cannot read: {e}"),
            },
            recoverable: false,
        })?;
        if meta.is_dir() {
            let before = out.len();
            walk_folder(path, &mut out, warnings);
            if out.len() == before {
                return Err(InputError {
                    location: p.clone(),
                    message: format!(
                        "folder holds no documents (looked for files ending in .{})",
                        DOCUMENT_EXTENSIONS.join(", .")
                    ),
                    recoverable: false,
                });
            }
        } else {
            out.push(InputSource::File(path.to_path_buf()));
        }
    }
    Ok(out)
}

fn walk_folder(dir: &Path, out: &mut Vec<InputSource>, warnings: &mut Vec<String>) {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| match e {
                Ok(e) => Some(e.path()),
                Err(e) => {
                    warnings.push(format!("{}: cannot list an entry: {e}", dir.display()));
                    None
                }
            })
            .collect(),
        Err(e) => {
            warnings.push(format!("{}: cannot list folder: {e}", dir.display()));
            return;
        }
    };
    entries.sort();
    for path in entries {
        let hidden = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk_folder(&path, out, warnings);
        } else if has_document_extension(&path) {
            out.push(InputSource::File(path));
        }
    }
}

fn has_document_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DOCUMENT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn is_jsonl_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "jsonl" | "ndjson"))
}

/// Reads the documents of one input, one at a time.
pub struct DocumentReader {
    source: InputSource,
    options: InputOptions,
    state: ReaderState,
    warnings: Vec<String>,
}

enum ReaderState {
    Start,
    Lines { reader: Box<dyn BufRead + Send>, line: u64 },
    Done,
}

impl DocumentReader {
    /// Opens nothing yet: the file is opened on the first call to `next`.
    pub fn new(source: InputSource, options: InputOptions) -> DocumentReader {
        DocumentReader { source, options, state: ReaderState::Start, warnings: vec![] }
    }

    /// Warnings produced since the last call (invalid UTF-8 replaced, and so on).
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }

    fn location(&self) -> String {
        self.source.to_string()
    }

    fn open(&mut self) -> Result<Option<Document>, InputError> {
        let location = self.location();
        let err = |e: io::Error| InputError {
            location: location.clone(),
            message: format!("cannot read: {e}"),
            recoverable: false,
        };
        let mut reader: Box<dyn BufRead + Send> = match &self.source {
            InputSource::File(p) => {
                Box::new(BufReader::with_capacity(1 << 16, File::open(p).map_err(err)?))
            }
            InputSource::Stdin => Box::new(BufReader::with_capacity(1 << 16, io::stdin())),
        };
        let jsonl = match self.options.format {
            InputFormat::Jsonl => true,
            InputFormat::Text => false,
            InputFormat::Auto => match &self.source {
                InputSource::File(p) => is_jsonl_path(p),
                InputSource::Stdin => {
                    let buf = reader.fill_buf().map_err(err)?;
                    buf.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
                }
            },
        };
        if jsonl {
            self.state = ReaderState::Lines { reader, line: 0 };
            return Ok(None);
        }
        let mut bytes = vec![];
        reader.read_to_end(&mut bytes).map_err(err)?;
        self.state = ReaderState::Done;
        let text = self.decode(bytes, &location);
        Ok(Some(Document::new(location, text)))
    }

    /// Decodes bytes as UTF-8, replacing invalid sequences and warning about them.
    fn decode(&mut self, bytes: Vec<u8>, location: &str) -> String {
        let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
            Some(_) => bytes[3..].to_vec(),
            None => bytes,
        };
        match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let count = lossy.matches('\u{FFFD}').count();
                self.warnings.push(format!(
                    "{location}: not valid UTF-8: {count} invalid byte sequence(s) replaced by U+FFFD"
                ));
                lossy
            }
        }
    }

    fn next_line(&mut self) -> Option<Result<Document, InputError>> {
        let ReaderState::Lines { reader, line } = &mut self.state else {
            return None;
        };
        loop {
            let mut buf = vec![];
            *line += 1;
            let lineno = *line;
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) => {
                    self.state = ReaderState::Done;
                    return None;
                }
                Ok(_) => {}
                Err(e) => {
                    self.state = ReaderState::Done;
                    return Some(Err(InputError {
                        location: format!("{}:{lineno}", self.source),
                        message: format!("cannot read: {e}"),
                        recoverable: false,
                    }));
                }
            }
            if buf.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            return Some(self.parse_record(&buf, lineno));
        }
    }

    fn parse_record(&mut self, buf: &[u8], lineno: u64) -> Result<Document, InputError> {
        let location = format!("{}:{lineno}", self.source);
        let bad =
            |message: String| InputError { location: location.clone(), message, recoverable: true };
        if buf.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            // Valid JSON of another kind, or not JSON at all: say which.
            return Err(match serde_json::from_slice::<serde::de::IgnoredAny>(buf) {
                Ok(_) => bad("not a JSON object; each line must be one object such as \
                              {\"id\": …, \"text\": …}"
                    .into()),
                Err(e) => bad(format!("not valid JSON ({e}); each line must be one JSON object")),
            });
        }
        let o = &self.options;
        let mut de = serde_json::Deserializer::from_slice(buf);
        let record = serde::de::DeserializeSeed::deserialize(RecordSeed(o), &mut de)
            .and_then(|r| de.end().map(|()| r))
            .map_err(|e| bad(format!("not valid JSON ({e}); each line must be one JSON object")))?;
        let text = match record.text {
            Field::String(s) => s,
            Field::Number(_) => {
                return Err(bad(format!("field {:?} is a number, not a string", o.text_field)))
            }
            Field::Other(kind) => {
                return Err(bad(format!("field {:?} is {kind}, not a string", o.text_field)))
            }
            Field::Missing => {
                return Err(bad(format!(
                    "no {:?} field (use --text-field to name the field that holds the text)",
                    o.text_field
                )))
            }
        };
        let id = match record.id {
            Field::String(s) | Field::Number(s) if !s.is_empty() => s,
            _ => location.clone(),
        };
        let date = match record.date {
            Field::String(s) if !s.trim().is_empty() => match Date::parse(&s) {
                Some(d) => Some(d),
                None => {
                    self.warnings
                        .push(format!("{location}: date {s:?} is not an ISO 8601 date; ignored"));
                    None
                }
            },
            _ => None,
        };
        let title = match record.title {
            Field::String(s) => Some(s),
            _ => None,
        };
        Ok(Document { id, text, date, title })
    }
}

/// A field of a JSON Lines record: a string (numbers are kept as their text), another
/// kind of value, or absent.
enum Field {
    Missing,
    String(String),
    Number(String),
    Other(&'static str),
}

/// The fields a document needs, read without building the whole JSON value: other
/// fields are skipped, which matters when records carry large metadata.
struct Record {
    text: Field,
    id: Field,
    date: Field,
    title: Field,
}

struct RecordSeed<'a>(&'a InputOptions);

impl<'de> serde::de::DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = Record;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Record, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for RecordSeed<'_> {
    type Value = Record;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Record, A::Error> {
        let o = self.0;
        let mut r = Record {
            text: Field::Missing,
            id: Field::Missing,
            date: Field::Missing,
            title: Field::Missing,
        };
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let slot = if key == o.text_field {
                &mut r.text
            } else if key == o.id_field {
                &mut r.id
            } else if key == o.date_field {
                &mut r.date
            } else if key == o.title_field {
                &mut r.title
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
                continue;
            };
            *slot = map.next_value::<FieldValue>()?.0;
        }
        Ok(r)
    }
}

/// Deserializes any JSON value into a [`Field`], keeping only strings and numbers.
struct FieldValue(Field);

impl<'de> serde::Deserialize<'de> for FieldValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<FieldValue, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = FieldValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E>(self, v: &str) -> Result<FieldValue, E> {
                Ok(FieldValue(Field::String(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<FieldValue, E> {
                Ok(FieldValue(Field::String(v)))
            }
            fn visit_u64<E>(self, v: u64) -> Result<FieldValue, E> {
                Ok(FieldValue(Field::Number(v.to_string())))
            }
            fn visit_i64<E>(self, v: i64) -> Result<FieldValue, E> {
                Ok(FieldValue(Field::Number(v.to_string())))
            }
            fn visit_f64<E>(self, v: f64) -> Result<FieldValue, E> {
                Ok(FieldValue(Field::Number(v.to_string())))
            }
            fn visit_bool<E>(self, _: bool) -> Result<FieldValue, E> {
                Ok(FieldValue(Field::Other("a boolean")))
            }
            fn visit_unit<E>(self) -> Result<FieldValue, E> {
                Ok(FieldValue(Field::Other("null")))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<FieldValue, A::Error> {
                while a.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(FieldValue(Field::Other("an array")))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<FieldValue, A::Error> {
                while a.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
                Ok(FieldValue(Field::Other("an object")))
            }
        }
        d.deserialize_any(V)
    }
}

impl Iterator for DocumentReader {
    type Item = Result<Document, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.state {
            ReaderState::Start => match self.open() {
                Ok(Some(doc)) => Some(Ok(doc)),
                Ok(None) => self.next_line(),
                Err(e) => {
                    self.state = ReaderState::Done;
                    Some(Err(e))
                }
            },
            ReaderState::Lines { .. } => self.next_line(),
            ReaderState::Done => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read(path: &Path, format: InputFormat) -> (Vec<Result<Document, InputError>>, Vec<String>) {
        let mut r = DocumentReader::new(
            InputSource::File(path.to_path_buf()),
            InputOptions { format, ..Default::default() },
        );
        let mut docs = vec![];
        let mut warnings = vec![];
        while let Some(d) = r.next() {
            docs.push(d);
            warnings.extend(r.take_warnings());
        }
        warnings.extend(r.take_warnings());
        (docs, warnings)
    }

    #[test]
    fn jsonl_records_and_errors() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.jsonl");
        let mut f = File::create(&p).unwrap();
        writeln!(f, r#"{{"id": "a", "text": "Hamas", "date": "2024-01-02"}}"#).unwrap();
        writeln!(f).unwrap();
        writeln!(f, r#"{{"text": "no id", "date": "yesterday"}}"#).unwrap();
        writeln!(f, r#"{{"id": 7, "text": 5}}"#).unwrap();
        writeln!(f, r#"{{"id": 8}}"#).unwrap();
        writeln!(f, r#"{{"id": 9, "text": "cut"#).unwrap();
        write!(f, r#"[1]"#).unwrap();
        drop(f);
        let (docs, warnings) = read(&p, InputFormat::Auto);
        assert_eq!(docs.len(), 6);
        let d0 = docs[0].as_ref().unwrap();
        assert_eq!((d0.id.as_str(), d0.text.as_str()), ("a", "Hamas"));
        assert_eq!(d0.date.unwrap().to_string(), "2024-01-02");
        let d1 = docs[1].as_ref().unwrap();
        assert_eq!(d1.id, format!("{}:3", p.display()));
        assert!(warnings[0].contains(":3: date \"yesterday\""), "{warnings:?}");
        let e = |i: usize| docs[i].as_ref().unwrap_err().to_string();
        assert!(e(2).ends_with(":4: field \"text\" is a number, not a string"), "{}", e(2));
        assert!(e(3).contains(":5: no \"text\" field"), "{}", e(3));
        assert!(e(4).contains(":6: not valid JSON"), "{}", e(4));
        assert!(e(5).contains(":7: not a JSON object"), "{}", e(5));
    }

    #[test]
    fn text_with_invalid_utf8_and_bom() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, b"\xEF\xBB\xBFIsrael \xFF\xFE and Egypt").unwrap();
        let (docs, warnings) = read(&p, InputFormat::Auto);
        let d = docs[0].as_ref().unwrap();
        assert_eq!(d.text, "Israel \u{FFFD}\u{FFFD} and Egypt");
        assert!(warnings[0].contains("2 invalid byte sequence(s)"), "{warnings:?}");
    }

    #[test]
    fn folders_expand_sorted_and_skip_hidden() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        for name in ["b.txt", "a.jsonl", ".hidden.txt", "sub/c.md", "skip.pdf"] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        let mut w = vec![];
        let got = expand_inputs(&[dir.path().display().to_string()], &mut w).unwrap();
        let names: Vec<String> = got
            .iter()
            .map(|s| match s {
                InputSource::File(p) => p.strip_prefix(dir.path()).unwrap().display().to_string(),
                InputSource::Stdin => "-".into(),
            })
            .collect();
        assert_eq!(names, ["a.jsonl", "b.txt", "sub/c.md"]);
        let empty = tempfile::tempdir().unwrap();
        let err = expand_inputs(&[empty.path().display().to_string()], &mut w).unwrap_err();
        assert!(err.message.contains("holds no documents"));
        let err = expand_inputs(&["/no/such/path".into()], &mut w).unwrap_err();
        assert_eq!(err.to_string(), "/no/such/path: no such file or folder");
    }
}
