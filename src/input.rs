//! Reading documents: text files, JSON Lines, CSV, gzip, folders and stdin, streamed.
//!
//! Inputs are streamed one document at a time so memory never grows with the corpus.
//! Problems are reported with the place they occur: `file` for a file, `file:line` for a
//! JSON Lines or CSV record. Some problems are only warnings (a file with invalid UTF-8 is
//! read with U+FFFD replacement characters and its name reported; a binary file met in a
//! folder is skipped); others are [`InputError`]s that the caller may stop on or skip.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::actor::Date;
use crate::document::Document;

/// How to read an input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InputFormat {
    /// By extension (after a `.gz`): `.jsonl`/`.ndjson` are JSON Lines, `.csv` is CSV,
    /// anything else is text. Stdin is JSON Lines when its first non-blank character is
    /// `{`, text otherwise.
    #[default]
    Auto,
    /// The whole file is one document.
    Text,
    /// One JSON object per line, each a document.
    Jsonl,
    /// CSV with a header row, one document per record.
    Csv,
}

/// Options for reading inputs.
#[derive(Clone, Debug)]
pub struct InputOptions {
    /// How to read inputs.
    pub format: InputFormat,
    /// JSON Lines field or CSV column holding the document id (default `id`).
    pub id_field: String,
    /// JSON Lines field or CSV column holding the text (default `text`).
    pub text_field: String,
    /// JSON Lines field or CSV column holding the date (default `date`).
    pub date_field: String,
    /// JSON Lines field or CSV column holding the headline (default `title`).
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
    /// A file named on the command line: read whatever it holds.
    File(PathBuf),
    /// A file found by walking a folder: skipped, with a warning, if it looks binary.
    FolderFile(PathBuf),
    /// Standard input.
    Stdin,
}

impl InputSource {
    /// The path, for files.
    pub fn path(&self) -> Option<&Path> {
        match self {
            InputSource::File(p) | InputSource::FolderFile(p) => Some(p),
            InputSource::Stdin => None,
        }
    }
}

impl fmt::Display for InputSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path() {
            Some(p) => write!(f, "{}", p.display()),
            None => f.write_str("<stdin>"),
        }
    }
}

/// Extensions read when walking a folder, each also with `.gz` appended.
pub const DOCUMENT_EXTENSIONS: &[&str] = &["txt", "text", "md", "jsonl", "ndjson", "csv"];

/// The format a path implies, and whether it is gzip-compressed.
fn format_of(path: &Path) -> (InputFormat, bool) {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
    let (name, gz) = match name.strip_suffix(".gz") {
        Some(n) => (n.to_string(), true),
        None => (name, false),
    };
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    let format = match ext {
        "jsonl" | "ndjson" => InputFormat::Jsonl,
        "csv" => InputFormat::Csv,
        _ => InputFormat::Text,
    };
    (format, gz)
}

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
                        "folder holds no documents (looked for files ending in .{}, each \
                         optionally .gz)",
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
            warnings.push(format!("{}: cannot list folder: {e}; skipped", dir.display()));
            return;
        }
    };
    entries.sort();
    for path in entries {
        let hidden = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
        if hidden {
            if has_document_extension(&path) || path.is_dir() {
                warnings.push(format!("{}: hidden, skipped", path.display()));
            }
            continue;
        }
        if path.is_dir() {
            walk_folder(&path, out, warnings);
        } else if has_document_extension(&path) {
            out.push(InputSource::FolderFile(path));
        }
    }
}

fn has_document_extension(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.rsplit_once('.').is_some_and(|(_, e)| DOCUMENT_EXTENSIONS.contains(&e))
}

/// Counts the bytes read from a file (before decompression), for progress reports.
struct Counting<R> {
    inner: R,
    counter: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Reads the documents of one input, one at a time.
pub struct DocumentReader {
    source: InputSource,
    options: InputOptions,
    state: ReaderState,
    warnings: Vec<String>,
    counter: Arc<AtomicU64>,
}

enum ReaderState {
    Start,
    Lines { reader: Box<dyn BufRead + Send>, line: u64 },
    Csv { reader: Box<csv::Reader<Box<dyn BufRead + Send>>>, columns: CsvColumns },
    TextParts { reader: Box<dyn BufRead + Send>, buffer: Vec<u8>, part: usize },
    Done,
}

/// A text file larger than this is not one article (a concatenated dump, a log): it is
/// read in parts, so memory stays bounded and co-mentions stay local.
pub const LARGE_TEXT: usize = 4 << 20;
/// The size of each part of a large text file.
pub const PART_SIZE: usize = 1 << 20;
/// How far past [`PART_SIZE`] a part may run to end at a good break.
const PART_SLACK: usize = 64 << 10;

/// Where to cut a part: the last paragraph break before the limit, else the last line
/// break, sentence end or space in the slack window around it, else a character boundary.
fn part_cut(buffer: &[u8]) -> usize {
    let limit = PART_SIZE.min(buffer.len());
    let window_start = limit.saturating_sub(PART_SLACK);
    let window = &buffer[window_start..limit];
    if let Some(i) = memchr::memmem::rfind(window, b"\n\n") {
        return window_start + i + 2;
    }
    if let Some(i) = memchr::memrchr(b'\n', window) {
        return window_start + i + 1;
    }
    if let Some(i) = memchr::memmem::rfind(window, b". ") {
        return window_start + i + 2;
    }
    if let Some(i) = memchr::memrchr(b' ', window) {
        return window_start + i + 1;
    }
    // No break at all: back off to the start of a UTF-8 character.
    let mut cut = limit;
    while cut > 0 && buffer[cut] & 0xC0 == 0x80 {
        cut -= 1;
    }
    if cut == 0 {
        limit
    } else {
        cut
    }
}

/// Where the wanted fields are in a CSV file's records.
struct CsvColumns {
    text: usize,
    id: Option<usize>,
    date: Option<usize>,
    title: Option<usize>,
}

impl DocumentReader {
    /// Opens nothing yet: the file is opened on the first call to `next`.
    pub fn new(source: InputSource, options: InputOptions) -> DocumentReader {
        DocumentReader {
            source,
            options,
            state: ReaderState::Start,
            warnings: vec![],
            counter: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Counts the bytes read from this input (compressed bytes for `.gz`) into
    /// `counter`, so a progress bar can follow several readers.
    pub fn with_counter(mut self, counter: Arc<AtomicU64>) -> DocumentReader {
        self.counter = counter;
        self
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
        let (by_name, gz) = match self.source.path() {
            Some(p) => format_of(p),
            None => (InputFormat::Auto, false),
        };
        let raw: Box<dyn Read + Send> = match self.source.path() {
            Some(p) => Box::new(File::open(p).map_err(err)?),
            None => Box::new(io::stdin()),
        };
        let counted = Counting { inner: raw, counter: self.counter.clone() };
        let mut reader: Box<dyn BufRead + Send> = if gz {
            // MultiGzDecoder: files made by concatenating gzip members are common.
            Box::new(BufReader::with_capacity(1 << 16, flate2::read::MultiGzDecoder::new(counted)))
        } else {
            Box::new(BufReader::with_capacity(1 << 16, counted))
        };
        let format = match (self.options.format, by_name) {
            (InputFormat::Auto, InputFormat::Auto) => {
                let buf = reader.fill_buf().map_err(err)?;
                if buf.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
                    InputFormat::Jsonl
                } else {
                    InputFormat::Text
                }
            }
            (InputFormat::Auto, by_name) => by_name,
            (given, _) => given,
        };
        match format {
            InputFormat::Jsonl => {
                self.state = ReaderState::Lines { reader, line: 0 };
                Ok(None)
            }
            InputFormat::Csv => {
                let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
                let headers = csv.byte_headers().map_err(|e| InputError {
                    location: location.clone(),
                    message: format!("cannot read the CSV header row: {e}"),
                    recoverable: false,
                })?;
                let find = |name: &str| headers.iter().position(|h| h == name.as_bytes());
                let o = &self.options;
                let Some(text) = find(&o.text_field) else {
                    let names: Vec<String> =
                        headers.iter().map(|h| String::from_utf8_lossy(h).into_owned()).collect();
                    return Err(InputError {
                        location,
                        message: format!(
                            "no column named {:?} in the header row ({}); use --text-field to \
                             name the column that holds the text",
                            o.text_field,
                            names.join(", ")
                        ),
                        recoverable: false,
                    });
                };
                let columns = CsvColumns {
                    text,
                    id: find(&o.id_field),
                    date: find(&o.date_field),
                    title: find(&o.title_field),
                };
                self.state = ReaderState::Csv { reader: Box::new(csv), columns };
                Ok(None)
            }
            InputFormat::Text | InputFormat::Auto => {
                let mut bytes = vec![];
                (&mut reader).take(LARGE_TEXT as u64 + 1).read_to_end(&mut bytes).map_err(err)?;
                if matches!(self.source, InputSource::FolderFile(_))
                    && memchr::memchr(0, &bytes).is_some()
                {
                    self.state = ReaderState::Done;
                    self.warnings.push(format!(
                        "{location}: binary file (holds NUL bytes), skipped; name it on the \
                         command line to read it anyway"
                    ));
                    return Ok(None);
                }
                if bytes.len() > LARGE_TEXT {
                    // Too large to be one article: read it as parts, in bounded memory.
                    self.warnings.push(format!(
                        "{location}: more than {} MB of text in one file; read as documents of \
                         about {} MB each ({location}#1, #2 …), cut at paragraph breaks",
                        LARGE_TEXT >> 20,
                        PART_SIZE >> 20
                    ));
                    self.state = ReaderState::TextParts { reader, buffer: bytes, part: 0 };
                    return Ok(None);
                }
                self.state = ReaderState::Done;
                let text = self.decode(bytes, &location);
                Ok(Some(Document::new(location, text)))
            }
        }
    }

    /// The next part of a text file too large to be one document.
    fn next_part(&mut self) -> Option<Result<Document, InputError>> {
        let location = self.location();
        let ReaderState::TextParts { reader, buffer, part } = &mut self.state else {
            return None;
        };
        if buffer.len() < PART_SIZE + PART_SLACK {
            let want = (PART_SIZE + PART_SLACK - buffer.len()) as u64;
            if let Err(e) = reader.take(want).read_to_end(buffer) {
                self.state = ReaderState::Done;
                return Some(Err(InputError {
                    location,
                    message: format!("cannot read: {e}"),
                    recoverable: false,
                }));
            }
        }
        if buffer.is_empty() {
            self.state = ReaderState::Done;
            return None;
        }
        let cut = if buffer.len() <= PART_SIZE { buffer.len() } else { part_cut(buffer) };
        let rest = buffer.split_off(cut);
        let bytes = std::mem::replace(buffer, rest);
        *part += 1;
        let id = format!("{location}#{part}");
        let text = self.decode(bytes, &id);
        Some(Ok(Document::new(id, text)))
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
            if std::str::from_utf8(&buf).is_err() {
                let location = format!("{}:{lineno}", self.source);
                let lossy = self.decode(buf, &location);
                return Some(self.parse_record(lossy.as_bytes(), lineno));
            }
            return Some(self.parse_record(&buf, lineno));
        }
    }

    fn next_csv(&mut self) -> Option<Result<Document, InputError>> {
        let ReaderState::Csv { reader, columns } = &mut self.state else {
            return None;
        };
        let mut record = csv::ByteRecord::new();
        let result = reader.read_byte_record(&mut record);
        let lineno = record.position().map_or(0, |p| p.line());
        let location = format!("{}:{lineno}", self.source);
        match result {
            Ok(false) => {
                self.state = ReaderState::Done;
                None
            }
            Err(e) => {
                // A CSV syntax error leaves the reader in a usable state: the record is skipped.
                let line = e.position().map_or(lineno, |p| p.line());
                Some(Err(InputError {
                    location: format!("{}:{line}", self.source),
                    message: format!("bad CSV record: {e}"),
                    recoverable: true,
                }))
            }
            Ok(true) => {
                let field = |i: Option<usize>| i.and_then(|i| record.get(i));
                let Some(text) = field(Some(columns.text)) else {
                    return Some(Err(InputError {
                        location,
                        message: format!(
                            "record has no {:?} column (it has {} fields)",
                            self.options.text_field,
                            record.len()
                        ),
                        recoverable: true,
                    }));
                };
                let text = text.to_vec();
                let id = field(columns.id).map(|b| String::from_utf8_lossy(b).into_owned());
                let date = field(columns.date).map(|b| String::from_utf8_lossy(b).into_owned());
                let title = field(columns.title).map(|b| String::from_utf8_lossy(b).into_owned());
                let text = self.decode(text, &location);
                let date = match date {
                    Some(d) if !d.trim().is_empty() => match Date::parse(&d) {
                        Some(d) => Some(d),
                        None => {
                            self.warnings.push(format!(
                                "{location}: date {d:?} is not an ISO 8601 date; ignored"
                            ));
                            None
                        }
                    },
                    _ => None,
                };
                let id = id.filter(|i| !i.is_empty()).unwrap_or_else(|| location.clone());
                Some(Ok(Document { id, text, date, title }))
            }
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
                Ok(None) => match self.state {
                    ReaderState::Lines { .. } => self.next_line(),
                    ReaderState::Csv { .. } => self.next_csv(),
                    ReaderState::TextParts { .. } => self.next_part(),
                    _ => None,
                },
                Err(e) => {
                    self.state = ReaderState::Done;
                    Some(Err(e))
                }
            },
            ReaderState::Lines { .. } => self.next_line(),
            ReaderState::Csv { .. } => self.next_csv(),
            ReaderState::TextParts { .. } => self.next_part(),
            ReaderState::Done => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read(path: &Path, format: InputFormat) -> (Vec<Result<Document, InputError>>, Vec<String>) {
        read_all(
            InputSource::File(path.to_path_buf()),
            InputOptions { format, ..Default::default() },
        )
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
            .map(|s| match s.path() {
                Some(p) => p.strip_prefix(dir.path()).unwrap().display().to_string(),
                None => "-".into(),
            })
            .collect();
        assert_eq!(names, ["a.jsonl", "b.txt", "sub/c.md"]);
        assert!(got.iter().all(|s| matches!(s, InputSource::FolderFile(_))));
        assert!(w.iter().any(|w| w.contains(".hidden.txt: hidden, skipped")), "{w:?}");
        let empty = tempfile::tempdir().unwrap();
        let err = expand_inputs(&[empty.path().display().to_string()], &mut w).unwrap_err();
        assert!(err.message.contains("holds no documents"));
        let err = expand_inputs(&["/no/such/path".into()], &mut w).unwrap_err();
        assert_eq!(err.to_string(), "/no/such/path: no such file or folder");
    }

    fn read_all(
        source: InputSource,
        options: InputOptions,
    ) -> (Vec<Result<Document, InputError>>, Vec<String>) {
        let mut r = DocumentReader::new(source, options);
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
    fn gzip_is_read_transparently() {
        use flate2::write::GzEncoder;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.jsonl.gz");
        // Two gzip members concatenated, as `cat a.gz b.gz` makes.
        let mut bytes = vec![];
        for line in ["{\"id\":\"a\",\"text\":\"Hamas\"}\n", "{\"id\":\"b\",\"text\":\"Israel\"}\n"]
        {
            let mut e = GzEncoder::new(vec![], flate2::Compression::default());
            e.write_all(line.as_bytes()).unwrap();
            bytes.extend(e.finish().unwrap());
        }
        std::fs::write(&p, bytes).unwrap();
        let (docs, _) = read_all(InputSource::File(p), InputOptions::default());
        let ids: Vec<String> = docs.into_iter().map(|d| d.unwrap().id).collect();
        assert_eq!(ids, ["a", "b"]);
        let t = dir.path().join("a.txt.gz");
        let mut e = GzEncoder::new(vec![], flate2::Compression::default());
        e.write_all(b"Qatar and Egypt").unwrap();
        std::fs::write(&t, e.finish().unwrap()).unwrap();
        let (docs, _) = read_all(InputSource::File(t), InputOptions::default());
        assert_eq!(docs[0].as_ref().unwrap().text, "Qatar and Egypt");
    }

    #[test]
    fn csv_with_header_and_field_options() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.csv");
        std::fs::write(
            &p,
            "id,published,body\nx1,2024-01-02,\"Hamas, and \"\"Israel\"\"\"\n,not-a-date,Egypt\nx3,2024-02-03\n",
        )
        .unwrap();
        let options = InputOptions {
            text_field: "body".into(),
            date_field: "published".into(),
            ..Default::default()
        };
        let (docs, warnings) = read_all(InputSource::File(p.clone()), options);
        let d0 = docs[0].as_ref().unwrap();
        assert_eq!((d0.id.as_str(), d0.text.as_str()), ("x1", "Hamas, and \"Israel\""));
        assert_eq!(d0.date.unwrap().to_string(), "2024-01-02");
        assert_eq!(docs[1].as_ref().unwrap().id, format!("{}:3", p.display()));
        assert!(warnings.iter().any(|w| w.contains(":3: date \"not-a-date\"")), "{warnings:?}");
        let e = docs[2].as_ref().unwrap_err();
        assert!(e.to_string().contains(":4: record has no \"body\" column"), "{e}");
        // A missing text column is an error for the whole file.
        let (docs, _) = read_all(InputSource::File(p), InputOptions::default());
        let e = docs[0].as_ref().unwrap_err();
        assert!(
            e.message.contains("no column named \"text\"")
                && e.message.contains("id, published, body"),
            "{e}"
        );
    }

    #[test]
    fn binary_files_in_folders_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("junk.txt");
        std::fs::write(&p, b"Hamas\x00\x01\x02").unwrap();
        let (docs, warnings) =
            read_all(InputSource::FolderFile(p.clone()), InputOptions::default());
        assert!(docs.is_empty());
        assert!(warnings[0].contains("binary file"), "{warnings:?}");
        let (docs, _) = read_all(InputSource::File(p), InputOptions::default());
        assert_eq!(docs.len(), 1);
    }

    #[test]
    fn invalid_utf8_in_jsonl_is_replaced_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.jsonl");
        std::fs::write(&p, b"{\"text\": \"Hamas \xff said\"}\n").unwrap();
        let (docs, warnings) = read_all(InputSource::File(p), InputOptions::default());
        assert_eq!(docs[0].as_ref().unwrap().text, "Hamas \u{FFFD} said");
        assert!(warnings[0].contains(":1: not valid UTF-8: 1 invalid"), "{warnings:?}");
    }

    #[test]
    fn large_text_files_are_read_in_parts() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.txt");
        let paragraph = "Hamas and Israel met in Cairo. Qatar mediated.\n\n";
        let text = paragraph.repeat(LARGE_TEXT / paragraph.len() + 1000);
        std::fs::write(&p, &text).unwrap();
        let (docs, warnings) = read_all(InputSource::File(p.clone()), InputOptions::default());
        assert!(warnings[0].contains("read as documents of about 1 MB"), "{warnings:?}");
        let docs: Vec<Document> = docs.into_iter().map(Result::unwrap).collect();
        assert!(docs.len() >= 5);
        assert_eq!(docs[0].id, format!("{}#1", p.display()));
        // Cut at paragraph breaks, nothing lost.
        assert!(docs.iter().all(|d| d.text.starts_with("Hamas") && d.text.len() <= PART_SIZE));
        let joined: String = docs.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(joined, text);
        // A single line without any break is cut on character boundaries.
        let line = "é".repeat(LARGE_TEXT);
        std::fs::write(&p, &line).unwrap();
        let (docs, _) = read_all(InputSource::File(p), InputOptions::default());
        let joined: String = docs.into_iter().map(|d| d.unwrap().text).collect();
        assert_eq!(joined, line);
    }
}
