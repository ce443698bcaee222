//! Listing sessions by their headers: the first part of a session file
//! (format, id, title, organisation, facilitator...), read from a bounded
//! prefix, so that listing a directory never reads or parses whole files.
//!
//! safestep writes the header fields first and `answers` after them, so the
//! text before the `answers` field, closed with `)`, is a session with no
//! answers that the ordinary reader parses. A file written differently (a
//! hand edit that moved `answers` up, a header longer than the prefix, a cut
//! that lands inside a string) falls back to a full read, which is capped at
//! [`super::MAX_SESSION_BYTES`] like every other read.

use super::fsio::open_regular;
use super::{StoreError, io_err, parse_bytes};
use crate::doc::Session;
use jiff::Timestamp;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// How much of a session file is read for its header.
pub const HEADER_PREFIX_BYTES: u64 = 64 * 1024;

/// What a listing shows of a session, read from its header.
#[derive(Debug, Clone)]
pub struct Header {
    /// The session, with every header field and no answers, items, positions
    /// or meeting (those are after the header; only a full read has them).
    pub session: Session,
    /// The format the file was written in.
    pub written_format: u32,
    /// Written by a newer safestep.
    pub read_only: bool,
    /// When the file was last saved (its modification time).
    pub saved: Option<Timestamp>,
    /// Whether the whole file was read (the header could not be cut out).
    pub full_read: bool,
}

/// One entry of a header listing.
#[derive(Debug)]
pub struct ListedHeader {
    /// The file.
    pub path: PathBuf,
    /// Its header, or why it could not be read.
    pub header: Result<Header, StoreError>,
}

/// Where the `answers` field starts: a line whose first word is `answers`
/// followed by `:`.
fn header_end(prefix: &[u8]) -> Option<usize> {
    let mut start = 0;
    for line in prefix.split(|&b| b == b'\n') {
        let trimmed = line.trim_ascii_start();
        if let Some(rest) = trimmed.strip_prefix(b"answers")
            && rest.trim_ascii_start().starts_with(b":")
        {
            return Some(start);
        }
        start += line.len() + 1;
    }
    None
}

/// Read a session file's header from at most [`HEADER_PREFIX_BYTES`]
/// (or the whole file, capped, when the header cannot be cut out).
///
/// # Errors
/// The file cannot be opened, is not a regular file, is larger than the
/// size cap, or does not parse.
pub fn read_header(path: &Path) -> Result<Header, StoreError> {
    let f = open_regular(path, true)?;
    let saved = f
        .metadata()
        .ok()
        .and_then(|m| m.modified().ok())
        .and_then(|t| Timestamp::try_from(t).ok());
    let mut prefix = Vec::new();
    (&f).take(HEADER_PREFIX_BYTES)
        .read_to_end(&mut prefix)
        .map_err(io_err(path, "read the session file"))?;
    if let Some(end) = header_end(&prefix) {
        let mut text = prefix[..end].to_vec();
        text.extend_from_slice(b")\n");
        if let Ok(parsed) = parse_bytes(path, &text) {
            return Ok(Header {
                session: parsed.session,
                written_format: parsed.written_format,
                read_only: parsed.read_only,
                saved,
                full_read: false,
            });
        }
    }
    drop(prefix);
    let loaded = super::load(path)?;
    Ok(Header {
        session: loaded.session,
        written_format: loaded.written_format,
        read_only: loaded.read_only,
        saved,
        full_read: true,
    })
}

/// The session files (`*.ron`) in a directory with their headers, most
/// recently saved first. Memory is bounded by one header (or one capped
/// session) at a time plus the headers kept.
///
/// # Errors
/// The directory exists but cannot be read (a missing one is an empty list).
pub fn list_headers(dir: &Path) -> Result<Vec<ListedHeader>, StoreError> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_err(dir, "list the sessions in the directory")(e)),
    };
    let mut out: Vec<ListedHeader> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron") && p.is_file())
        .map(|path| ListedHeader {
            header: read_header(&path).map(|mut h| {
                // Only the header is listed; drop what a full read brought.
                h.session.answers.clear();
                h.session.items.clear();
                h.session.positions.clear();
                h.session.meeting = crate::doc::Meeting::default();
                h
            }),
            path,
        })
        .collect();
    out.sort_by(|a, b| {
        let key = |l: &ListedHeader| l.header.as_ref().ok().and_then(|h| h.saved);
        key(b).cmp(&key(a)).then_with(|| a.path.cmp(&b.path))
    });
    Ok(out)
}
