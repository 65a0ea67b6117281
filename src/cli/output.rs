//! Where results go: stdout, or a file replaced atomically.
//!
//! A file output is written to a temporary file in the same folder and renamed over the
//! target only when the run succeeds, so a failed or interrupted run leaves the previous
//! file untouched and never a half-written one.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::CliError;

/// Temporary files being written, removed by [`remove_pending`] when the run is
/// interrupted (Ctrl-C), so an interrupted run leaves neither a half-written target nor
/// litter beside it.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes every temporary output file still being written. Called on Ctrl-C.
pub fn remove_pending() {
    if let Ok(mut pending) = PENDING.lock() {
        for path in pending.drain(..) {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn register(path: &Path) {
    if let Ok(mut pending) = PENDING.lock() {
        pending.push(path.to_path_buf());
    }
}

fn unregister(path: &Path) {
    if let Ok(mut pending) = PENDING.lock() {
        pending.retain(|p| p != path);
    }
}

/// An output being written.
pub struct Output {
    target: Target,
}

enum Target {
    Stdout(BufWriter<io::Stdout>),
    Device(BufWriter<std::fs::File>, PathBuf),
    File {
        writer: BufWriter<tempfile::NamedTempFile>,
        path: PathBuf,
        /// The permissions of the file being replaced, given to the new one.
        replaced: Option<std::fs::Permissions>,
    },
}

impl Output {
    /// Stdout when `path` is `None` or `-`, otherwise a temporary file beside `path`.
    pub fn create(path: Option<&Path>) -> Result<Output, CliError> {
        let target = match path {
            None => Target::Stdout(BufWriter::with_capacity(1 << 16, io::stdout())),
            Some(p) if p == Path::new("-") => {
                Target::Stdout(BufWriter::with_capacity(1 << 16, io::stdout()))
            }
            // A device or pipe (`-o /dev/null`, `-o >(gzip …)`) is written directly: renaming
            // a temporary file over it would replace the device with a regular file.
            Some(p) if std::fs::metadata(p).is_ok_and(|m| !m.is_file() && !m.is_dir()) => {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(p)
                    .map_err(|e| CliError::Io(format!("cannot write to {}", p.display()), e))?;
                Target::Device(BufWriter::with_capacity(1 << 16, file), p.to_path_buf())
            }
            Some(p) => {
                let dir = match p.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d,
                    _ => Path::new("."),
                };
                let mut builder = tempfile::Builder::new();
                builder.prefix(".actorgraph-").suffix(".tmp");
                // A temporary file is private (0600); the output must get the mode any new
                // file gets (0666 less the umask), or keep the mode of the file it replaces.
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    builder.permissions(std::fs::Permissions::from_mode(0o666));
                }
                let replaced = std::fs::metadata(p).ok().map(|m| m.permissions());
                let tmp = builder.tempfile_in(dir).map_err(|e| {
                    CliError::Io(format!("cannot write to folder {}", dir.display()), e)
                })?;
                register(tmp.path());
                Target::File {
                    writer: BufWriter::with_capacity(1 << 16, tmp),
                    path: p.to_path_buf(),
                    replaced,
                }
            }
        };
        Ok(Output { target })
    }

    /// Where output goes, for messages.
    pub fn name(&self) -> String {
        match &self.target {
            Target::Stdout(_) => "<stdout>".into(),
            Target::Device(_, p) => p.display().to_string(),
            Target::File { path, .. } => path.display().to_string(),
        }
    }

    /// Flushes and, for a file, renames it into place.
    pub fn finish(self) -> Result<(), CliError> {
        let name = self.name();
        match self.target {
            Target::Stdout(mut w) => {
                w.flush().map_err(|e| CliError::Io(format!("writing {name}"), e))
            }
            Target::Device(mut w, _) => {
                w.flush().map_err(|e| CliError::Io(format!("writing {name}"), e))
            }
            Target::File { writer, path, replaced } => {
                let tmp = writer
                    .into_inner()
                    .map_err(|e| CliError::Io(format!("writing {name}"), e.into_error()))?;
                unregister(tmp.path());
                tmp.as_file().sync_all().map_err(|e| CliError::Io(format!("writing {name}"), e))?;
                if let Some(permissions) = replaced {
                    tmp.as_file()
                        .set_permissions(permissions)
                        .map_err(|e| CliError::Io(format!("writing {name}"), e))?;
                }
                tmp.persist(&path)
                    .map_err(|e| CliError::Io(format!("cannot create {name}"), e.error))?;
                Ok(())
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.target {
            Target::Stdout(w) => w.write(buf),
            Target::Device(w, _) => w.write(buf),
            Target::File { writer, .. } => writer.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match &mut self.target {
            Target::Stdout(w) => w.write_all(buf),
            Target::Device(w, _) => w.write_all(buf),
            Target::File { writer, .. } => writer.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.target {
            Target::Stdout(w) => w.flush(),
            Target::Device(w, _) => w.flush(),
            Target::File { writer, .. } => writer.flush(),
        }
    }
}
