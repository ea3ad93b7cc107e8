//! Gzip, member by member, reading on past a damaged member.
//!
//! Owns decoding a gzip stream of any number of members as
//! `flate2::bufread::MultiGzDecoder` does, except after a damaged member:
//! its error is returned once, marked [`DamagedMember`], and the next read
//! goes on at the next gzip header in the compressed bytes. A web archive
//! keeps one member per record (CC-NEWS), so a damaged member costs only the
//! records in it; a format that stops at its first read error (all but
//! WARC) sees what `MultiGzDecoder` gave, the same error message included.

use std::fmt;
use std::io::{self, BufRead, Read};

use flate2::bufread::GzDecoder;

/// The error of a damaged gzip member; reading goes on at the next member.
#[derive(Debug)]
pub struct DamagedMember {
    /// Offset of the damaged member's first byte in the compressed file.
    pub at: u64,
    source: io::Error,
}

impl fmt::Display for DamagedMember {
    // The decoder's own message, as MultiGzDecoder's error said it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.source.fmt(f)
    }
}

impl std::error::Error for DamagedMember {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// The damaged member `err` tells of, if it tells of one.
pub fn damaged_member(err: &io::Error) -> Option<&DamagedMember> {
    err.get_ref()?.downcast_ref::<DamagedMember>()
}

/// Most compressed bytes of one member kept to look for the next member
/// inside them after damage; a larger member is passed over from where the
/// damage was found.
const MAX_KEPT: usize = 64 << 20;
/// A gzip member's first bytes: its magic and the deflate method.
const MAGIC: [u8; 3] = [0x1F, 0x8B, 0x08];

/// The compressed bytes, counted. Those of the member being decoded are
/// kept (up to `MAX_KEPT`): a damaged member's decoder may have read past
/// the next member's header, and `replay` gives those bytes again.
struct Input<R> {
    inner: R,
    replay: Vec<u8>,
    replay_at: usize,
    kept: Vec<u8>,
    /// The kept bytes are all the member's (none were dropped at the cap).
    whole: bool,
    consumed: u64,
}

impl<R: BufRead> Read for Input<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        super::read_through(self, out)
    }
}

impl<R: BufRead> BufRead for Input<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.replay_at < self.replay.len() {
            Ok(&self.replay[self.replay_at..])
        } else {
            self.inner.fill_buf()
        }
    }

    fn consume(&mut self, n: usize) {
        self.consumed += n as u64;
        if self.replay_at < self.replay.len() {
            let end = (self.replay_at + n).min(self.replay.len());
            if self.whole {
                self.kept
                    .extend_from_slice(&self.replay[self.replay_at..end]);
            }
            self.replay_at = end;
            if end == self.replay.len() {
                self.replay = Vec::new();
                self.replay_at = 0;
            }
        } else {
            if self.whole && n > 0 {
                // What `fill_buf` returned (a buffered reader gives the
                // same bytes again without reading).
                match self.inner.fill_buf() {
                    Ok(chunk) => self.kept.extend_from_slice(&chunk[..n.min(chunk.len())]),
                    Err(_) => self.whole = false,
                }
            }
            self.inner.consume(n);
        }
        if self.kept.len() > MAX_KEPT {
            self.kept = Vec::new();
            self.whole = false;
        }
    }
}

impl<R> Input<R> {
    /// A member starts here: keep its bytes from now on.
    fn start_member(&mut self) -> u64 {
        self.kept.clear();
        self.whole = true;
        self.consumed
    }

    /// After a damaged member that started at `start`: give again, from
    /// the first gzip magic after the member's own, the bytes its decoder
    /// read. `false` when there is none in them (or they were not all
    /// kept): the next member is then looked for from here on.
    fn rewind_to_next_magic(&mut self, start: u64) -> bool {
        if !self.whole || self.kept.len() < 2 {
            return false;
        }
        let kept = std::mem::take(&mut self.kept);
        let Some(p) = kept[1..].windows(3).position(|w| w == MAGIC).map(|p| p + 1) else {
            // The start of a magic last: the rest may be the next read.
            let partial = (1..MAGIC.len())
                .rev()
                .find(|&n| kept.len() > n && kept.ends_with(&MAGIC[..n]));
            if let Some(n) = partial {
                self.put_back(&kept[kept.len() - n..]);
            }
            return false;
        };
        // Given again, they count again: the position is `start + p`.
        self.put_back(&kept[p..]);
        debug_assert_eq!(self.consumed, start + p as u64);
        true
    }

    /// Makes `bytes` the next read, before what was to come.
    fn put_back(&mut self, bytes: &[u8]) {
        let mut replay = bytes.to_vec();
        replay.extend_from_slice(&self.replay[self.replay_at..]);
        self.consumed -= bytes.len() as u64;
        self.replay = replay;
        self.replay_at = 0;
        self.whole = false;
    }
}

enum State<R> {
    /// Decoding the member that starts at `start` (boxed: a decoder is
    /// hundreds of bytes, moved at every read).
    Member {
        decoder: Box<GzDecoder<Input<R>>>,
        start: u64,
    },
    /// After the error of the member that started at `start`.
    Damaged {
        input: Input<R>,
        start: u64,
    },
    Done,
}

/// A gzip stream's decoded bytes (see the module doc).
pub struct Members<R> {
    state: State<R>,
}

impl<R: BufRead> Members<R> {
    /// Decodes `inner`, which starts with a gzip member.
    pub fn new(inner: R) -> Self {
        let mut input = Input {
            inner,
            replay: Vec::new(),
            replay_at: 0,
            kept: Vec::new(),
            whole: true,
            consumed: 0,
        };
        let start = input.start_member();
        Members {
            state: State::Member {
                decoder: Box::new(GzDecoder::new(input)),
                start,
            },
        }
    }
}

impl<R: BufRead> Read for Members<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return Ok(0),
                State::Member { mut decoder, start } => match decoder.read(out) {
                    Ok(0) => {
                        // The member ended; another may follow.
                        let mut input = decoder.into_inner();
                        if input.fill_buf()?.is_empty() {
                            return Ok(0);
                        }
                        let start = input.start_member();
                        self.state = State::Member {
                            decoder: Box::new(GzDecoder::new(input)),
                            start,
                        };
                    }
                    Ok(n) => {
                        self.state = State::Member { decoder, start };
                        return Ok(n);
                    }
                    Err(err) if err.kind() == io::ErrorKind::Interrupted => {
                        self.state = State::Member { decoder, start };
                    }
                    Err(source) => {
                        self.state = State::Damaged {
                            input: decoder.into_inner(),
                            start,
                        };
                        let kind = source.kind();
                        return Err(io::Error::new(kind, DamagedMember { at: start, source }));
                    }
                },
                State::Damaged { mut input, start } => {
                    // A member whose checksum or length is wrong was read to
                    // its end: the next one starts here.
                    let next_here = input.consumed > start && input.fill_buf()?.starts_with(&MAGIC);
                    if !next_here && !input.rewind_to_next_magic(start) && input.consumed == start {
                        // Nothing of it was read: never its own header again.
                        if input.fill_buf()?.is_empty() {
                            return Ok(0);
                        }
                        input.consume(1);
                    }
                    match next_member(input)? {
                        Some(mut input) => {
                            let start = input.start_member();
                            self.state = State::Member {
                                decoder: Box::new(GzDecoder::new(input)),
                                start,
                            };
                        }
                        None => return Ok(0),
                    }
                }
            }
        }
    }
}

/// `input` from the next gzip magic (`1F 8B`) on; `None` when there is none.
fn next_member<R: BufRead>(mut input: Input<R>) -> io::Result<Option<Input<R>>> {
    input.whole = false;
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            return Ok(None);
        }
        if let Some(i) = chunk.windows(2).position(|w| w == [0x1F, 0x8B]) {
            input.consume(i);
            return Ok(Some(input));
        }
        let n = chunk.len();
        let straddles = chunk.last() == Some(&0x1F);
        input.consume(n);
        if straddles && input.fill_buf()?.first() == Some(&0x8B) {
            // A magic across two buffers: its first byte back in front.
            input.put_back(&[0x1F]);
            return Ok(Some(input));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    /// Everything read, with the damaged members' offsets.
    fn read_all(bytes: &[u8], buffer: usize) -> (Vec<u8>, Vec<u64>) {
        let mut members = Members::new(io::BufReader::with_capacity(buffer, bytes));
        let (mut out, mut damaged) = (Vec::new(), Vec::new());
        let mut buf = [0u8; 7];
        loop {
            match members.read(&mut buf) {
                Ok(0) => return (out, damaged),
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => damaged.push(damaged_member(&e).expect("marked").at),
            }
        }
    }

    #[test]
    fn a_damaged_member_costs_only_itself() {
        let (a, b, c) = (
            gzip(b"first record\n"),
            gzip(b"second record\n"),
            gzip(b"third\n"),
        );
        let whole = [a.clone(), b.clone(), c.clone()].concat();
        for buffer in [1, 2, 3, 64, 1 << 16] {
            assert_eq!(
                read_all(&whole, buffer),
                (b"first record\nsecond record\nthird\n".to_vec(), vec![])
            );
            // A flipped byte in the second member's deflate data.
            let mut flipped = whole.clone();
            flipped[a.len() + 12] ^= 0x55;
            let (out, damaged) = read_all(&flipped, buffer);
            assert!(out.starts_with(b"first record\n"), "{buffer}: {out:?}");
            assert!(out.ends_with(b"third\n"), "{buffer}: {out:?}");
            assert_eq!(damaged, vec![a.len() as u64], "{buffer}");
            // The second member cut short.
            let cut = [a.clone(), b[..b.len() / 2].to_vec(), c.clone()].concat();
            // What decoded before the damage is passed on, as
            // MultiGzDecoder passes it; the next member is whole.
            let (out, damaged) = read_all(&cut, buffer);
            assert!(out.starts_with(b"first record\n"), "{buffer}: {out:?}");
            assert!(out.ends_with(b"third\n"), "{buffer}: {out:?}");
            assert_eq!(damaged, vec![a.len() as u64], "{buffer}");
            // A bad header, then garbage with no member after it.
            let garbage = [a.clone(), b"\x1F\x8Bxx".to_vec()].concat();
            let (out, damaged) = read_all(&garbage, buffer);
            assert_eq!(
                (out.as_slice(), damaged),
                (&b"first record\n"[..], vec![a.len() as u64])
            );
        }
    }
}
