//! Unix `compress` (`.Z`) streams: the LZW decoder, as a `Read`.
//!
//! The format is the one `compress`/`ncompress` write and TREC's disks ship
//! (`.Z`, `.0Z`): the magic `1f 9d`, a flags byte (the low five bits the
//! largest code width, 9 to 16; bit 7 "block mode"), then LZW codes packed
//! least significant bit first, 9 bits wide at first and one bit wider each
//! time the table outgrows the width. In block mode code 256 clears the
//! table and starts again at 9 bits. The quirk every decoder must copy:
//! codes are written in groups of eight (a group is as many bytes as the
//! width has bits), and when the width changes or after a clear the rest of
//! the current group is padding, skipped.
//!
//! The stream has no end marker and no checksum, so a cut file is seen
//! only when it stops inside a code: then the bytes decoded before it are
//! handed out and the next read fails with `UnexpectedEof`, as a cut gzip
//! member does. A code that points past the table fails with `InvalidData`.
//! Memory is bounded by the table (64 Ki entries) and one decoded string.

use std::io::{self, BufRead, Read};

/// The magic bytes that open a `.Z` stream.
pub const MAGIC: [u8; 2] = [0x1F, 0x9D];
/// In block mode, the code that clears the table.
const CLEAR: u32 = 256;
const BLOCK_MODE: u8 = 0x80;
const BITS_MASK: u8 = 0x1F;
const INIT_BITS: u32 = 9;
const MAX_BITS: u32 = 16;

/// Decodes a `.Z` stream read from `inner` (which starts at the magic).
pub struct Decoder<R> {
    inner: R,
    /// The header is read on the first `read`, so that `new` cannot fail.
    started: bool,
    max_bits: u32,
    block_mode: bool,
    /// Bits read from `inner` and not yet used, the oldest lowest.
    bits: u64,
    bit_count: u32,
    /// The current code width, and the largest code it can hold before it
    /// grows.
    width: u32,
    max_code: u32,
    /// Codes read at this width since the group boundary the width started
    /// at (only its remainder by 8 matters).
    group_codes: u32,
    /// The next free table entry.
    free: u32,
    prefix: Vec<u16>,
    suffix: Vec<u8>,
    /// The previous code and the first byte of its string.
    previous: Option<u32>,
    first_byte: u8,
    /// Decoded bytes not handed out yet: `out[at..]`.
    out: Vec<u8>,
    at: usize,
    /// The stream is decoded to its end or its damage.
    done: bool,
    /// The damage, reported once `out` is handed out.
    error: Option<io::Error>,
}

impl<R: BufRead> Decoder<R> {
    pub fn new(inner: R) -> Self {
        Decoder {
            inner,
            started: false,
            max_bits: MAX_BITS,
            block_mode: true,
            bits: 0,
            bit_count: 0,
            width: INIT_BITS,
            max_code: (1 << INIT_BITS) - 1,
            group_codes: 0,
            free: 256,
            prefix: Vec::new(),
            suffix: Vec::new(),
            previous: None,
            first_byte: 0,
            out: Vec::new(),
            at: 0,
            done: false,
            error: None,
        }
    }

    fn header(&mut self) -> io::Result<()> {
        let mut head = [0u8; 3];
        self.inner
            .read_exact(&mut head)
            .map_err(|e| match e.kind() {
                io::ErrorKind::UnexpectedEof => cut("the header"),
                _ => e,
            })?;
        if head[..2] != MAGIC {
            return Err(invalid("not a compress (.Z) stream"));
        }
        let max_bits = u32::from(head[2] & BITS_MASK);
        if !(INIT_BITS..=MAX_BITS).contains(&max_bits) {
            return Err(invalid(format!(
                "compress (.Z) codes of up to {max_bits} bits; 9 to 16 are read"
            )));
        }
        self.max_bits = max_bits;
        self.block_mode = head[2] & BLOCK_MODE != 0;
        // Block mode reserves code 256 for CLEAR.
        self.free = if self.block_mode { 257 } else { 256 };
        let entries = 1usize << max_bits;
        self.prefix = vec![0; entries];
        self.suffix = (0..entries).map(|i| i as u8).collect();
        self.started = true;
        Ok(())
    }

    /// Tops the bit buffer up to at least `want` bits; false when the input
    /// ends first.
    fn fill(&mut self, want: u32) -> io::Result<bool> {
        while self.bit_count < want {
            let byte = loop {
                match self.inner.fill_buf() {
                    Ok(chunk) => break chunk.first().copied(),
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            let Some(byte) = byte else {
                return Ok(false);
            };
            self.inner.consume(1);
            self.bits |= u64::from(byte) << self.bit_count;
            self.bit_count += 8;
        }
        Ok(true)
    }

    /// The next code, `None` at a clean end of the stream.
    fn code(&mut self) -> io::Result<Option<u32>> {
        if !self.fill(self.width)? {
            // A whole last byte left over, or padding that is not zero, is
            // part of a code the file lost: the encoder pads its last byte
            // with zero bits and nothing else.
            if self.bit_count >= 8 || self.bits != 0 {
                return Err(cut("a code"));
            }
            return Ok(None);
        }
        let code = (self.bits & ((1 << self.width) - 1)) as u32;
        self.bits >>= self.width;
        self.bit_count -= self.width;
        self.group_codes += 1;
        Ok(Some(code))
    }

    /// Skips the rest of the current group of eight codes: the encoder
    /// pads to it when the width changes or after a clear.
    fn skip_to_group_end(&mut self) -> io::Result<()> {
        let rest = (8 - self.group_codes % 8) % 8;
        for _ in 0..rest {
            if !self.fill(self.width)? {
                // Padding cut short at the end: nothing is lost.
                self.bits = 0;
                self.bit_count = 0;
                break;
            }
            self.bits >>= self.width;
            self.bit_count -= self.width;
        }
        self.group_codes = 0;
        Ok(())
    }

    /// Decodes the next code's string into `out`; false at the end.
    fn step(&mut self) -> io::Result<bool> {
        if self.free > self.max_code && self.width < self.max_bits {
            self.skip_to_group_end()?;
            self.width += 1;
            self.max_code = if self.width == self.max_bits {
                1 << self.max_bits
            } else {
                (1 << self.width) - 1
            };
        }
        let Some(code) = self.code()? else {
            return Ok(false);
        };
        let Some(previous) = self.previous else {
            // The first code is a literal byte.
            if code >= 256 {
                return Err(invalid("compress (.Z) stream starts with a table code"));
            }
            self.previous = Some(code);
            self.first_byte = code as u8;
            self.out.push(code as u8);
            return Ok(true);
        };
        if code == CLEAR && self.block_mode {
            self.skip_to_group_end()?;
            self.width = INIT_BITS;
            self.max_code = (1 << INIT_BITS) - 1;
            // The code after a clear fills entry 256, which no code reads
            // (256 is CLEAR): so the table restarts at 257.
            self.free = 256;
            return Ok(true);
        }
        let start = self.out.len();
        let mut walk = code;
        if code >= self.free {
            if code > self.free {
                return Err(invalid("corrupt compress (.Z) stream: unknown code"));
            }
            // The string being defined: the previous one and its own
            // first byte (the "KwKwK" case).
            self.out.push(self.first_byte);
            walk = previous;
        }
        while walk >= 256 {
            let i = walk as usize;
            self.out.push(self.suffix[i]);
            walk = u32::from(self.prefix[i]);
        }
        self.first_byte = walk as u8;
        self.out.push(self.first_byte);
        self.out[start..].reverse();
        if self.free < 1 << self.max_bits {
            let i = self.free as usize;
            self.prefix[i] = previous as u16;
            self.suffix[i] = self.first_byte;
            self.free += 1;
        }
        self.previous = Some(code);
        Ok(true)
    }
}

impl<R: BufRead> Read for Decoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.at == self.out.len() {
            if let Some(e) = self.error.take() {
                return Err(e);
            }
            if self.done {
                return Ok(0);
            }
            if !self.started {
                self.done = true;
                self.header()?;
                self.done = false;
            }
            // Whole strings until `buf` can be filled; a string is at most
            // 64 KiB, so `out` stays small.
            self.out.clear();
            self.at = 0;
            while self.out.len() < buf.len().max(1) && !self.done {
                match self.step() {
                    Ok(true) => {}
                    Ok(false) => self.done = true,
                    Err(e) => {
                        self.done = true;
                        if self.out.is_empty() {
                            return Err(e);
                        }
                        // What was decoded before the damage goes first.
                        self.error = Some(e);
                    }
                }
            }
        }
        let n = (self.out.len() - self.at).min(buf.len());
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

fn invalid(message: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.into())
}

fn cut(inside: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::UnexpectedEof,
        format!("compress (.Z) stream cut inside {inside} (truncated file?)"),
    )
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    /// Decodes `z` whole, in reads of `chunk` bytes: the bytes, and the
    /// error that ended them if one did.
    fn decode_in(z: &[u8], chunk: usize) -> (Vec<u8>, Option<io::Error>) {
        let mut decoder = Decoder::new(z);
        let mut out = Vec::new();
        let mut buf = vec![0; chunk];
        loop {
            match decoder.read(&mut buf) {
                Ok(0) => return (out, None),
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => return (out, Some(e)),
            }
        }
    }

    /// `got == want`, or where they part.
    fn same(got: &[u8], want: &[u8]) {
        let at = got.iter().zip(want).position(|(a, b)| a != b);
        assert!(
            got == want,
            "{} bytes for {}, first difference at {at:?}",
            got.len(),
            want.len()
        );
    }

    fn decode(z: &[u8]) -> (Vec<u8>, Option<io::Error>) {
        decode_in(z, 1 << 16)
    }

    /// An LZW encoder of the same format, for round trips through widths
    /// and modes the fixtures do not reach: codes LSB first, the width
    /// grown where the decoder grows it, each group of eight codes padded
    /// out when the width changes or after a clear. `clear_when_full`
    /// sends CLEAR each time the table fills (block mode only).
    fn encode(data: &[u8], max_bits: u32, block_mode: bool, clear_when_full: bool) -> Vec<u8> {
        struct Writer {
            out: Vec<u8>,
            bits: u64,
            count: u32,
            width: u32,
            group: u32,
        }
        impl Writer {
            fn put(&mut self, code: u32, width: u32) {
                self.bits |= u64::from(code) << self.count;
                self.count += width;
                while self.count >= 8 {
                    self.out.push(self.bits as u8);
                    self.bits >>= 8;
                    self.count -= 8;
                }
            }
            fn code(&mut self, code: u32) {
                self.put(code, self.width);
                self.group += 1;
            }
            fn pad_group(&mut self) {
                for _ in 0..(8 - self.group % 8) % 8 {
                    self.put(0, self.width);
                }
                self.group = 0;
            }
        }
        let first_free = if block_mode { 257 } else { 256 };
        let limit = 1u32 << max_bits;
        let mut w = Writer {
            out: vec![
                0x1F,
                0x9D,
                max_bits as u8 | if block_mode { 0x80 } else { 0 },
            ],
            bits: 0,
            count: 0,
            width: 9,
            group: 0,
        };
        // The decoder's own table size, which decides its width.
        let mut decoder_free = first_free;
        let mut first = true;
        let mut emit = |w: &mut Writer, code: u32, decoder_free: &mut u32| {
            let max_code = if w.width == max_bits {
                limit
            } else {
                (1 << w.width) - 1
            };
            if *decoder_free > max_code && w.width < max_bits {
                w.pad_group();
                w.width += 1;
            }
            w.code(code);
            if code == CLEAR && block_mode && !first {
                w.pad_group();
                w.width = 9;
                *decoder_free = 256;
            } else {
                if !first && *decoder_free < limit {
                    *decoder_free += 1;
                }
                first = false;
            }
        };
        let mut table: HashMap<(u32, u8), u32> = HashMap::new();
        let mut free = first_free;
        let Some((&head, rest)) = data.split_first() else {
            return w.out;
        };
        let mut ent = u32::from(head);
        for &byte in rest {
            if let Some(&code) = table.get(&(ent, byte)) {
                ent = code;
                continue;
            }
            emit(&mut w, ent, &mut decoder_free);
            if free < limit {
                table.insert((ent, byte), free);
                free += 1;
            } else if clear_when_full && block_mode {
                emit(&mut w, CLEAR, &mut decoder_free);
                table.clear();
                free = first_free;
            }
            ent = u32::from(byte);
        }
        emit(&mut w, ent, &mut decoder_free);
        if w.count > 0 {
            w.out.push(w.bits as u8);
        }
        w.out
    }

    /// Words in a random order, so tables fill and strings grow.
    fn text(len: usize, seed: u64) -> Vec<u8> {
        const WORDS: &[&str] = &[
            "oil",
            "prices",
            "rose",
            " ",
            "\n",
            "in",
            "Tokyo",
            "the",
            "cocoa",
            "Bahia",
            ".",
            "zone",
            "said",
            "1987",
            "&amp;",
            "<DOC>",
            "\u{e9}t\u{e9}",
            "temporao",
            ", ",
        ];
        let mut next = crate::formats::xorshift(seed);
        let mut out = Vec::with_capacity(len + 16);
        while out.len() < len {
            if next().is_multiple_of(5) {
                // A random byte now and then keeps the table growing.
                out.push(next() as u8);
            } else {
                out.extend_from_slice(WORDS[(next() % WORDS.len() as u64) as usize].as_bytes());
            }
        }
        out.truncate(len);
        out
    }

    /// What `compress` (ncompress 4.2.4.6, `-b12`) wrote: the first 10,000
    /// bytes of `corpus/reuters/reut2-000-sample.sgm` then `text(12_000,
    /// 42)`, whose change of statistics makes it clear the table once, so
    /// the stream has every width from 9 to 12 and a clear (see
    /// `tests/fixtures/compress/README.md`); and a TREC document file of
    /// ir_datasets' tests, as TREC's disks ship them (16-bit header).
    #[test]
    fn reads_what_compress_wrote() {
        let reuters = include_bytes!("../../corpus/reuters/reut2-000-sample.sgm");
        let plain = [&reuters[..10_000], &text(12_000, 42)].concat();
        let z = include_bytes!("../../tests/fixtures/compress/mixed.b12.Z");
        for chunk in [1 << 16, 7, 1] {
            let (got, err) = decode_in(z, chunk);
            assert!(err.is_none(), "{err:?}");
            same(&got, &plain);
        }
        let (got, err) = decode(include_bytes!("../../corpus/trec/F01.Z"));
        assert!(err.is_none(), "{err:?}");
        let f01 = "<DOC>\n<DOCNO>  D102   </DOCNO>\n<HT> more text  </HT>\n\n<TEXT>\nsome very <F P=102> fun text\n<!-- commented out --> markup &AMP;\n\n</TEXT>\n\n</DOC>\n";
        assert_eq!(String::from_utf8(got).unwrap(), f01);
    }

    /// The fixture reaches what it is said to: a clear, 12-bit codes.
    #[test]
    fn the_fixture_clears_and_widens() {
        let mut decoder =
            Decoder::new(&include_bytes!("../../tests/fixtures/compress/mixed.b12.Z")[..]);
        decoder.header().unwrap();
        let (mut clears, mut widest) = (0, 0);
        loop {
            let before = decoder.free;
            if !decoder.step().unwrap() {
                break;
            }
            if decoder.free == 256 && before != 256 {
                clears += 1;
            }
            widest = widest.max(decoder.width);
        }
        assert_eq!((clears, widest), (1, 12));
    }

    #[test]
    fn round_trips_every_width_and_mode() {
        for (len, max_bits, block_mode, clear) in [
            (0, 16, true, false),
            (1, 16, true, false),
            (2, 9, false, false),
            (5_000, 9, true, true),
            (5_000, 9, false, false),
            (30_000, 10, true, true),
            (30_000, 11, false, false),
            (60_000, 12, true, true),
            (200_000, 13, true, true),
            (200_000, 14, false, false),
            (400_000, 15, true, false),
            (300_000, 16, true, true),
            (300_000, 16, false, false),
        ] {
            let plain = text(len, len as u64 + u64::from(max_bits));
            let z = encode(&plain, max_bits, block_mode, clear);
            let (got, err) = decode(&z);
            assert!(err.is_none(), "{len} {max_bits} {block_mode}: {err:?}");
            assert!(got == plain, "{len} {max_bits} {block_mode} {clear}");
        }
        // The encoder really reaches 16-bit codes on the largest input.
        let z = encode(&text(300_000, 316), 16, true, false);
        let mut decoder = Decoder::new(&z[..]);
        decoder.header().unwrap();
        while decoder.step().unwrap() {}
        assert_eq!(decoder.width, 16);
    }

    /// A cut stream gives a prefix of its text, then `UnexpectedEof` when
    /// the cut falls inside a code; a cut at a code boundary is
    /// indistinguishable from the end.
    #[test]
    fn a_cut_stream_gives_what_came_before() {
        let plain = text(20_000, 7);
        let z = encode(&plain, 12, true, true);
        let mut reported = 0;
        let cuts: Vec<usize> = (0..z.len()).step_by(5).collect();
        for &cut in &cuts {
            let (got, err) = decode(&z[..cut]);
            assert!(plain.starts_with(&got), "cut at {cut}");
            if let Some(err) = err {
                assert_eq!(
                    err.kind(),
                    io::ErrorKind::UnexpectedEof,
                    "cut at {cut}: {err}"
                );
                reported += 1;
            }
        }
        // 12-bit codes: a cut a multiple of 3 bytes into a group of 12
        // leaves no part of a code, so about a third pass unseen.
        assert!(
            reported > cuts.len() / 2,
            "{reported} of {} cuts seen",
            cuts.len()
        );
        // What came before the damage is handed out before the error.
        let cut = (z.len() / 2..z.len())
            .find(|&cut| decode(&z[..cut]).1.is_some())
            .unwrap();
        let mut decoder = Decoder::new(&z[..cut]);
        let mut got = Vec::new();
        let err = decoder.read_to_end(&mut got).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
        assert!(got.len() > plain.len() / 3 && plain.starts_with(&got));
        assert!(err.to_string().contains("truncated"), "{err}");
    }

    #[test]
    fn bad_headers_and_codes_are_errors() {
        let cases: &[(&[u8], io::ErrorKind)] = &[
            (b"\x1f\x9d", io::ErrorKind::UnexpectedEof),
            (b"\x1f\x9d\x88abc", io::ErrorKind::InvalidData),
            (b"\x1f\x9d\x91abc", io::ErrorKind::InvalidData),
            (b"\x1f\x8babc", io::ErrorKind::InvalidData),
            // First code 256: no string to start from.
            (b"\x1f\x9d\x90\x00\x01", io::ErrorKind::InvalidData),
            // 'a' then code 300, far past the table.
            (b"\x1f\x9d\x90\x61\x58\x02", io::ErrorKind::InvalidData),
        ];
        for (z, kind) in cases {
            let (_, err) = decode(z);
            assert_eq!(err.map(|e| e.kind()), Some(*kind), "{z:?}");
        }
        // Noise after a good header: errors or text, never a panic.
        let mut next = crate::formats::xorshift(0x5EED);
        for _ in 0..2000 {
            let len = (next() % 600) as usize;
            let mut z = vec![0x1F, 0x9D, 0x89 + (next() % 8) as u8];
            z.extend((0..len).map(|_| next() as u8));
            let _ = decode(&z);
        }
    }
}
