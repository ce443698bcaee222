//! Where `safestep answer` gets its value: the command line, standard input
//! (`-`) or a file (`--value-file`). The last two keep a sensitive answer out
//! of the process table, where any user on the machine can read the command
//! line of any process.

use color_eyre::eyre::{Result, WrapErr, bail};
use std::io::Read;
use std::path::Path;

/// The largest value read from standard input or a file: 1 MiB, far more
/// than any answer typed by a person.
pub const VALUE_CAP: u64 = 1 << 20;

/// Where a value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The command line: visible to every user in the process table.
    CommandLine,
    /// Standard input (`-`).
    Stdin,
    /// A file named by `--value-file`.
    File,
}

/// Read the value: `-` reads standard input to its end, `--value-file` reads
/// a regular file; either way one trailing line break is removed.
///
/// # Errors
/// Neither given, input above [`VALUE_CAP`], text that is not UTF-8, or a
/// value file that is not a readable regular file.
pub fn read_value(arg: Option<&str>, file: Option<&Path>) -> Result<(String, Source)> {
    match (arg, file) {
        (Some(_), Some(_)) => bail!("give the value or --value-file, not both"),
        (None, None) => {
            bail!("no value given: add it, `-` to read standard input, or --value-file PATH")
        }
        (Some("-"), None) => {
            let text = read_capped(std::io::stdin().lock(), "standard input")?;
            Ok((text, Source::Stdin))
        }
        (Some(v), None) => Ok((v.to_owned(), Source::CommandLine)),
        (None, Some(path)) => Ok((read_value_file(path)?, Source::File)),
    }
}

fn read_value_file(path: &Path) -> Result<String> {
    use std::os::unix::fs::OpenOptionsExt;
    let shown = crate::text::clean_path(path);
    // Non-blocking, so a FIFO planted at the path cannot hang the open.
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .wrap_err_with(|| format!("{shown}: cannot open the value file"))?;
    let meta = file
        .metadata()
        .wrap_err_with(|| format!("{shown}: cannot read the value file"))?;
    if !meta.is_file() {
        bail!("{shown}: the value file is not a regular file");
    }
    if meta.len() > VALUE_CAP {
        bail!(
            "{shown}: the value file is larger than {} KiB",
            VALUE_CAP / 1024
        );
    }
    read_capped(file, &shown)
}

fn read_capped(input: impl Read, what: &str) -> Result<String> {
    let mut bytes = Vec::new();
    input
        .take(VALUE_CAP + 1)
        .read_to_end(&mut bytes)
        .wrap_err_with(|| format!("cannot read {what}"))?;
    if bytes.len() as u64 > VALUE_CAP {
        bail!("{what}: the value is larger than {} KiB", VALUE_CAP / 1024);
    }
    let mut text = String::from_utf8(bytes)
        .map_err(|_| color_eyre::eyre::eyre!("{what}: the value is not UTF-8 text"))?;
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_trailing_newline_is_removed() {
        let t = read_capped(&b"two\nlines\n\n"[..], "input").expect("reads");
        assert_eq!(t, "two\nlines\n");
        let t = read_capped(&b"crlf\r\n"[..], "input").expect("reads");
        assert_eq!(t, "crlf");
        assert_eq!(read_capped(&b"-"[..], "input").expect("reads"), "-");
    }

    #[test]
    fn too_large_or_not_text_is_refused() {
        let big = vec![b'a'; usize::try_from(VALUE_CAP).expect("fits") + 1];
        assert!(read_capped(&big[..], "input").is_err());
        assert!(read_capped(&[0xff, 0xfe][..], "input").is_err());
    }

    #[test]
    fn value_file_must_be_a_regular_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(read_value(None, Some(dir.path())).is_err());
        let f = dir.path().join("v.txt");
        std::fs::write(&f, "secret\n").expect("write");
        let (v, s) = read_value(None, Some(&f)).expect("reads");
        assert_eq!((v.as_str(), s), ("secret", Source::File));
        assert!(read_value(Some("x"), Some(&f)).is_err());
        assert!(read_value(None, None).is_err());
    }
}
