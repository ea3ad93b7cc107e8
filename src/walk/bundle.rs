//! Bundles: zip and tar archives walked like folders.
//!
//! Owns telling a bundle by its magic bytes (zip's `PK\x03\x04`, tar's
//! `ustar` at offset 257 once decompressed: `.tar`, `.tar.gz`/`.tgz`,
//! `.tar.zst`, `.tar.bz2`, `.tar.xz`, through `read`'s decompressors) and
//! handing out its members one at a time as byte streams, never unpacking
//! to disk nor holding the bundle in memory: a zip through the `zip`
//! crate's central directory (its local headers in order when a truncated
//! zip has none), a tar through the `tar` crate streaming over the
//! decompressor. Members are named as the walk would name files,
//! `bundle.zip/inner/path.html`; members set aside by their header or name
//! (links, documentation, images, bundles inside the bundle) come with the
//! walk's reasons. Whether a member is a dump is decided later, by
//! sniffing, as for files; this module knows nothing of formats.
//!
//! The archive crates lend each member's reader only while they are
//! borrowed, and a dump's line reader must own its stream; so one thread
//! per bundle reads the archive and passes each member's bytes down a
//! bounded channel, one member at a time, in blocks. That bounds memory
//! whatever the bundle's size, and a member the reader stops reading early
//! (not a dump, say) is skipped without reading the rest of it into memory.
//! A panic inside an archive crate ends that bundle with a warning, never
//! the run.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use crossbeam_channel::{bounded, Receiver, Sender};

use super::{is_hidden, not_a_dump, SkipReason};
use crate::read::{self, ReadError};

/// Bytes passed down the channel at a time.
const BLOCK: usize = 64 << 10;
/// Blocks of a member in flight between the archive's thread and its reader.
const BLOCKS_IN_FLIGHT: usize = 4;
/// Bytes looked at to tell a bundle: a tar header's magic ends at 262.
const MAGIC_BYTES: usize = 512;

/// The two kinds of bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A zip file (read through its central directory).
    Zip,
    /// A tar file, plain or compressed with any codec `read` knows.
    Tar,
}

/// What the head of a (decompressed) stream says it is, if a bundle.
pub fn kind_of(head: &[u8]) -> Option<Kind> {
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Some(Kind::Zip);
    }
    (head.get(257..262) == Some(b"ustar")).then_some(Kind::Tar)
}

/// True when a member's name says it is a bundle (which is not opened).
fn named_like_a_bundle(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [
        ".zip", ".tar", ".tgz", ".tbz", ".tbz2", ".txz", ".tzst", ".tar.gz", ".tar.zst",
        ".tar.bz2", ".tar.xz",
    ]
    .iter()
    .any(|ext| name.ends_with(ext))
}

/// A bundle found at a path, not yet read.
#[derive(Debug)]
pub struct Bundle {
    path: PathBuf,
    /// Zip or tar.
    pub kind: Kind,
}

/// What the file at a path is, as [`open`] tells it.
pub enum Probed {
    /// A zip or tar bundle.
    Bundle(Bundle),
    /// No bundle: the file's decompressed stream, as `read::decompressed`
    /// gives it, none of it consumed. The bytes told it apart without a
    /// read past its first buffer, so reading the file goes on from this
    /// stream rather than decompressing its head a second time.
    Stream(Box<dyn io::BufRead>),
    /// No bundle, and no stream to hand on (a damaged or unknown
    /// compression, a head shorter than a tar header): the file is opened
    /// again to be read, and that open reports what is wrong.
    NotBundle,
}

impl Probed {
    /// The bundle, if the file is one.
    pub fn bundle(self) -> Option<Bundle> {
        match self {
            Probed::Bundle(bundle) => Some(bundle),
            Probed::Stream(_) | Probed::NotBundle => None,
        }
    }
}

/// Tells whether the file at `path` is a bundle, by its magic bytes: a zip
/// as it is on disk (it must be seekable), a tar once decompressed.
/// Anything else is no bundle, a compressed file whose codec this build
/// lacks included (`read` names that).
pub fn open(path: &Path) -> io::Result<Probed> {
    let mut file = File::open(path)?;
    let mut head = [0u8; 4];
    let n = read_up_to(&mut file, &mut head)?;
    if kind_of(&head[..n]) == Some(Kind::Zip) {
        return Ok(bundle(path, Kind::Zip));
    }
    let mut stream = match read::decompressed(File::open(path)?) {
        Ok(stream) => stream,
        Err(ReadError::Io(err)) => return Err(err),
        Err(_) => return Ok(Probed::NotBundle),
    };
    // The stream's first buffer (64 KiB when decompressed) nearly always
    // holds the magic bytes: told from it, nothing is consumed and the
    // stream is handed on. Reading on into a second buffer would consume,
    // so a shorter first buffer is told by reading as much as the magic
    // needs, and the file is opened again to be read.
    if let Ok(buffered) = stream.fill_buf() {
        if buffered.len() >= MAGIC_BYTES {
            return Ok(match kind_of(&buffered[..MAGIC_BYTES]) {
                Some(Kind::Tar) => bundle(path, Kind::Tar),
                _ => Probed::Stream(stream),
            });
        }
    }
    let mut head = Vec::with_capacity(MAGIC_BYTES);
    // A damaged compressed stream is no bundle; `read` reports it as a file.
    if stream
        .take(MAGIC_BYTES as u64)
        .read_to_end(&mut head)
        .is_err()
    {
        return Ok(Probed::NotBundle);
    }
    Ok(match kind_of(&head) {
        Some(Kind::Tar) => bundle(path, Kind::Tar),
        _ => Probed::NotBundle,
    })
}

fn bundle(path: &Path, kind: Kind) -> Probed {
    Probed::Bundle(Bundle {
        path: path.to_path_buf(),
        kind,
    })
}

/// Reads into `buf` until it is full or the stream ends.
fn read_up_to(reader: &mut (impl Read + ?Sized), buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    Ok(filled)
}

/// One thing found in a bundle, in the bundle's order.
pub enum Entry {
    /// A member to read as a dump file.
    Member(Member),
    /// A member set aside by its header or name.
    Skipped {
        /// Its path inside the bundle.
        name: String,
        /// Why.
        reason: MemberSkip,
    },
    /// Something could not be read: a member (named), or the bundle from
    /// here on (`name` is `None`; nothing follows).
    Damaged {
        /// The member's path inside the bundle, when known.
        name: Option<String>,
        /// What went wrong, and what it cost.
        reason: String,
    },
}

/// Why a member was set aside without being read as a dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberSkip {
    /// Its name is no dump's, as the walk tells files (documentation, an
    /// image).
    Walk(SkipReason),
    /// A bundle inside the bundle: not opened.
    Nested,
    /// A link, device or FIFO entry: no bytes of its own.
    NotRegularFile,
}

impl std::fmt::Display for MemberSkip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MemberSkip::Walk(reason) => reason.fmt(f),
            MemberSkip::Nested => f.write_str("a bundle inside a bundle (not opened)"),
            MemberSkip::NotRegularFile => f.write_str("not a regular file (a link in a bundle)"),
        }
    }
}

/// Why a member's bytes cannot be read as text.
#[derive(Debug, thiserror::Error)]
pub enum MemberError {
    /// Set aside by its content (a bundle inside the bundle).
    #[error("{0}")]
    Skip(MemberSkip),
    /// Unreadable, empty, binary or compressed with a codec left out.
    #[error(transparent)]
    Read(#[from] ReadError),
}

/// A member of a bundle, its bytes streaming from the bundle.
pub struct Member {
    /// Its path inside the bundle, `/`-separated, without a leading `/`
    /// or `./`.
    pub name: String,
    /// Its size, uncompressed, as the bundle states it.
    pub size: u64,
    body: ChannelReader,
}

impl Member {
    /// The member's decoded lines, decompressed as a file's are; a bundle
    /// inside it is refused (by its magic bytes) rather than opened.
    pub fn open(self) -> Result<read::LineReader<Box<dyn io::BufRead>>, MemberError> {
        let mut stream = read::decompressed(self.body)?;
        let mut head = Vec::with_capacity(MAGIC_BYTES);
        (&mut stream)
            .take(MAGIC_BYTES as u64)
            .read_to_end(&mut head)
            .map_err(ReadError::from)?;
        if kind_of(&head).is_some() {
            return Err(MemberError::Skip(MemberSkip::Nested));
        }
        let whole = io::Cursor::new(head).chain(stream);
        Ok(read::open_stream(Box::new(BufReader::with_capacity(
            1 << 16,
            whole,
        )))?)
    }
}

impl Bundle {
    /// The bundle's entries, read by a thread of their own as they are
    /// asked for.
    pub fn members(self) -> Members {
        let (sender, events) = bounded(0);
        let Bundle { path, kind } = self;
        let spawned = std::thread::Builder::new()
            .name("bundle".into())
            .spawn(move || match kind {
                Kind::Zip => zip_members(&path, &sender),
                Kind::Tar => tar_members(&path, &sender),
            });
        match spawned {
            Ok(thread) => Members {
                events,
                thread: Some(thread),
                failed: None,
            },
            Err(err) => Members {
                events,
                thread: None,
                failed: Some(format!("cannot start its reader: {err}")),
            },
        }
    }
}

/// The entries of one bundle, in order. A member must be read, or
/// dropped, before the next entry is asked for: its bytes come through the
/// same thread, one member at a time. Dropping `Members` part-way ends the
/// thread.
pub struct Members {
    events: Receiver<Entry>,
    thread: Option<JoinHandle<()>>,
    failed: Option<String>,
}

impl Iterator for Members {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        if let Ok(entry) = self.events.recv() {
            return Some(entry);
        }
        // The archive's thread is done; it ended well unless it panicked.
        if let Some(thread) = self.thread.take() {
            if thread.join().is_err() {
                self.failed = Some("its reader failed on damaged bytes".into());
            }
        }
        self.failed.take().map(|reason| Entry::Damaged {
            name: None,
            reason: format!("{reason}; the rest of the bundle is lost"),
        })
    }
}

/// One block of a member, down the channel.
enum Block {
    Bytes(Vec<u8>),
    End,
    Failed(io::Error),
}

/// A member's bytes as its thread sends them.
struct ChannelReader {
    blocks: Receiver<Block>,
    block: Vec<u8>,
    at: usize,
    done: bool,
}

impl Read for ChannelReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.block.len() {
            if self.done {
                return Ok(0);
            }
            match self.blocks.recv() {
                Ok(Block::Bytes(block)) => {
                    self.block = block;
                    self.at = 0;
                }
                Ok(Block::End) => self.done = true,
                Ok(Block::Failed(err)) => {
                    self.done = true;
                    return Err(err);
                }
                Err(_) => {
                    self.done = true;
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the bundle's reader stopped in this member",
                    ));
                }
            }
        }
        let n = buf.len().min(self.block.len() - self.at);
        buf[..n].copy_from_slice(&self.block[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// What became of a member's bytes sent down the channel.
enum Sent {
    /// All of them, or as many as the reader wanted.
    Done,
    /// Reading them failed part-way (the reader was told).
    Failed,
    /// Nobody reads the bundle any more: stop.
    Gone,
}

/// `text` on one line: control characters (a line break in a member's
/// name, or in an archive crate's message quoting damaged bytes) escaped,
/// so every warning stays one line.
fn one_line(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| match c {
            c if c.is_control() => c.escape_default().to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// The member's name as shown: `/`-separated, no leading `/`, no `.` or
/// empty parts, control characters escaped. `None` when nothing is left
/// (the bundle's root).
fn clean_name(raw: &str) -> Option<String> {
    let raw = one_line(&raw.replace('\\', "/"));
    let parts: Vec<&str> = raw
        .split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Sends what the walk would make of a regular member named `raw`: nothing
/// (hidden, or no name), a skip by its name, or the member and its bytes.
fn send_member(raw: &str, size: u64, body: &mut dyn Read, sender: &Sender<Entry>) -> Sent {
    let Some(name) = clean_name(raw) else {
        return Sent::Done;
    };
    // Hidden files and folders are left out as the walk leaves them out
    // (`.DS_Store`; macOS's `__MACOSX/` resource forks too).
    if name
        .split('/')
        .any(|part| is_hidden(part.as_ref()) || part == "__MACOSX")
    {
        return Sent::Done;
    }
    let reason = if named_like_a_bundle(&name) {
        Some(MemberSkip::Nested)
    } else {
        not_a_dump(Path::new(&name)).map(MemberSkip::Walk)
    };
    if let Some(reason) = reason {
        return match sender.send(Entry::Skipped { name, reason }) {
            Ok(()) => Sent::Done,
            Err(_) => Sent::Gone,
        };
    }
    let (blocks, received) = bounded(BLOCKS_IN_FLIGHT);
    let member = Member {
        name,
        size,
        body: ChannelReader {
            blocks: received,
            block: Vec::new(),
            at: 0,
            done: false,
        },
    };
    if sender.send(Entry::Member(member)).is_err() {
        return Sent::Gone;
    }
    loop {
        let mut block = vec![0u8; BLOCK];
        match read_up_to(body, &mut block) {
            Ok(0) => {
                let _ = blocks.send(Block::End);
                return Sent::Done;
            }
            Ok(n) => {
                block.truncate(n);
                // The reader has what it wanted of this member.
                if blocks.send(Block::Bytes(block)).is_err() {
                    return Sent::Done;
                }
            }
            Err(err) => {
                let err = io::Error::new(err.kind(), one_line(&err.to_string()));
                let _ = blocks.send(Block::Failed(err));
                return Sent::Failed;
            }
        }
    }
}

fn damaged(sender: &Sender<Entry>, name: Option<String>, reason: String) {
    let reason = one_line(&reason);
    let _ = sender.send(Entry::Damaged { name, reason });
}

/// A zip's members through its central directory; a zip without one (cut
/// short) through its local headers, in order, as far as they go.
fn zip_members(path: &Path, sender: &Sender<Entry>) {
    let opened = File::open(path)
        .map_err(zip::result::ZipError::from)
        .and_then(|file| zip::ZipArchive::new(BufReader::new(file)));
    let mut archive = match opened {
        Ok(archive) => archive,
        Err(err) => return zip_stream(path, &err.to_string(), sender),
    };
    // In the walk's order: by name, folder by folder, as a folder of the
    // same files is walked (a tar can only be read in its own order).
    let mut order: Vec<(Vec<String>, usize)> = (0..archive.len())
        .map(|i| {
            let name = archive
                .name_for_index(i)
                .and_then(|name| name.ok())
                .and_then(|name| clean_name(&name))
                .unwrap_or_default();
            (name.split('/').map(str::to_string).collect(), i)
        })
        .collect();
    order.sort();
    for (_, i) in order {
        let name = archive
            .name_for_index(i)
            .and_then(|name| name.ok())
            .and_then(|name| clean_name(&name));
        let mut member = match archive.by_index(i) {
            Ok(member) => member,
            Err(err) => {
                damaged(sender, name, format!("cannot read: {err}"));
                continue;
            }
        };
        if member.is_dir() {
            continue;
        }
        let raw = String::from_utf8_lossy(member.name_raw()).into_owned();
        let raw = member.name().map(|n| n.into_owned()).unwrap_or(raw);
        if member.is_symlink() {
            if let Some(name) = clean_name(&raw) {
                let skipped = Entry::Skipped {
                    name,
                    reason: MemberSkip::NotRegularFile,
                };
                if sender.send(skipped).is_err() {
                    return;
                }
            }
            continue;
        }
        let size = member.size();
        // Each member is found through the central directory: one that
        // fails part-way costs only itself.
        if let Sent::Gone = send_member(&raw, size, &mut member, sender) {
            return;
        }
    }
}

/// A zip whose central directory cannot be read (`why`), read from its
/// local headers until they end or break.
fn zip_stream(path: &Path, why: &str, sender: &Sender<Entry>) {
    let mut file = match File::open(path) {
        Ok(file) => BufReader::new(file),
        Err(err) => return damaged(sender, None, format!("cannot read: {err}")),
    };
    let mut members = 0;
    loop {
        let mut member = match zip::read::read_zipfile_from_stream(&mut file) {
            Ok(Some(member)) => member,
            Ok(None) => return,
            Err(err) => {
                let reason = if members == 0 {
                    format!("not a readable zip ({why}; {err})")
                } else {
                    format!(
                        "no central directory ({why}), and the local headers break after {members} member(s): {err}"
                    )
                };
                return damaged(sender, None, reason);
            }
        };
        members += 1;
        if member.is_dir() {
            continue;
        }
        let raw = String::from_utf8_lossy(member.name_raw()).into_owned();
        let size = member.size();
        let mut sent = send_member(&raw, size, &mut member, sender);
        // The next header follows this member's data: what its reader left
        // unread (or all of it, when skipped) is read past.
        if let Sent::Done = sent {
            if io::copy(&mut member, &mut io::sink()).is_err() {
                sent = Sent::Failed;
            }
        }
        match sent {
            Sent::Done => {}
            // Without a central directory nothing tells where the next
            // member starts once one is broken.
            Sent::Failed => {
                let reason = format!(
                    "no central directory ({why}); the rest of the bundle is lost after a broken member"
                );
                return damaged(sender, None, reason);
            }
            Sent::Gone => return,
        }
    }
}

/// A tar's members, streaming through its decompressor.
fn tar_members(path: &Path, sender: &Sender<Entry>) {
    let stream = match File::open(path)
        .map_err(ReadError::from)
        .and_then(read::decompressed)
    {
        Ok(stream) => stream,
        Err(err) => return damaged(sender, None, err.to_string()),
    };
    let mut archive = tar::Archive::new(stream);
    let entries = match archive.entries() {
        Ok(entries) => entries,
        Err(err) => return damaged(sender, None, format!("cannot read: {err}")),
    };
    let mut members = 0;
    for entry in entries {
        let mut entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                // A tar has no index: nothing tells where the next member
                // starts once a header is broken.
                let reason = format!("cannot read past member {members}: {err}");
                return damaged(sender, None, reason);
            }
        };
        members += 1;
        let kind = entry.header().entry_type();
        let raw = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        if kind.is_file() || kind.is_contiguous() || kind.is_gnu_sparse() {
            let size = entry.size();
            match send_member(&raw, size, &mut entry, sender) {
                Sent::Done => {}
                Sent::Failed => {
                    let reason = format!("cannot read past member {members}");
                    return damaged(sender, None, reason);
                }
                Sent::Gone => return,
            }
        } else if kind.is_symlink()
            || kind.is_hard_link()
            || kind.is_character_special()
            || kind.is_block_special()
            || kind.is_fifo()
        {
            let Some(name) = clean_name(&raw) else {
                continue;
            };
            let skipped = Entry::Skipped {
                name,
                reason: MemberSkip::NotRegularFile,
            };
            if sender.send(skipped).is_err() {
                return;
            }
        }
        // Folders and the archive's own headers are no members.
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_bundles_by_their_magic() {
        let mut tar = vec![0u8; 512];
        tar[..5].copy_from_slice(b"a.txt");
        tar[257..262].copy_from_slice(b"ustar");
        let cases: &[(&[u8], Option<Kind>)] = &[
            (b"PK\x03\x04rest", Some(Kind::Zip)),
            (b"PK\x05\x06", Some(Kind::Zip)),
            (&tar, Some(Kind::Tar)),
            (&tar[..261], None),
            (b"<html><head>", None),
            (b"PK", None),
        ];
        for (head, want) in cases {
            assert_eq!(kind_of(head), *want, "{:?}", &head[..head.len().min(8)]);
        }
    }

    #[test]
    fn names_members_as_paths() {
        let cases = [
            ("inner/a.html", Some("inner/a.html")),
            ("/abs/./b.html", Some("abs/b.html")),
            ("win\\dir\\c.txt", Some("win/dir/c.txt")),
            ("./", None),
            ("two\nlines.txt", Some("two\\nlines.txt")),
            ("", None),
        ];
        for (raw, want) in cases {
            assert_eq!(clean_name(raw).as_deref(), want, "{raw}");
        }
        assert!(named_like_a_bundle("x/inner.TAR.GZ"));
        assert!(named_like_a_bundle("pages.zip"));
        assert!(!named_like_a_bundle("story.txt.gz"));
        assert_eq!(
            MemberSkip::Nested.to_string(),
            "a bundle inside a bundle (not opened)"
        );
    }
}
