//! The order of articles that score the same, as one number each.
//!
//! Hits of equal score come newer first (the undated last), then by the
//! story's fingerprint. Looked up from the `date` and `fingerprint` fast
//! fields, that took two columns for every tied hit, and opening the date
//! column alone read every block header of it: tantivy stores a column of
//! dates, which grow along a dump, with its block-wise linear codec, whose
//! opening decodes each 512-document block's header (4.8 M instructions on
//! an index of 8.6 million articles, over a quarter of a one-word search
//! there).
//!
//! The `tie_key` fast field holds both in one value: 36 bits of the date
//! (seconds, newer smaller, about 1,088 years either side of 1970; dates
//! beyond are held at the ends) above the fingerprint's top 28 bits, so
//! that ascending order is the tie order. Two tied hits of one date whose
//! fingerprints share their top 28 bits are told apart by the whole
//! fingerprint (`search::ties`). Stored multiplied by an odd constant (an
//! invertible scramble), the values look uniform, so tantivy picks a
//! codec that opens at once (bit-packed) over the block-wise one.
//!
//! The `tie_order` fast field holds the whole order as 16 bytes (the key's
//! order, then the whole fingerprint, big-endian, so that byte order is
//! the tie order with no two stories alike): the index sorts each segment
//! by it, and it is never read at search time.

/// Bits of the date part, above the fingerprint's.
const DATE_BITS: u32 = 36;
/// Bits of the fingerprint kept below the date.
const FINGERPRINT_BITS: u32 = 64 - DATE_BITS;
/// The date part of an undated article: after every date.
const UNDATED: u64 = (1 << DATE_BITS) - 1;
/// Seconds since 1970 that map to the middle of the date part.
const MIDDLE: i64 = 1 << (DATE_BITS - 1);

/// The odd multiplier that scrambles stored keys.
const SCRAMBLE: u64 = 0x9E37_79B9_7F4A_7C15;
/// Its inverse modulo 2^64: `SCRAMBLE * UNSCRAMBLE == 1`.
const UNSCRAMBLE: u64 = inverse(SCRAMBLE);

/// The inverse of odd `a` modulo 2^64, by Newton's iteration (each step
/// doubles the bits that are right; an odd `a` is its own inverse modulo
/// 8, so five steps give 96).
const fn inverse(a: u64) -> u64 {
    let mut x = a;
    let mut step = 0;
    while step < 5 {
        x = x.wrapping_mul(2u64.wrapping_sub(a.wrapping_mul(x)));
        step += 1;
    }
    x
}

/// The order of an article dated `date_secs` (seconds since 1970) with
/// this fingerprint among others of its score: smaller first.
fn order(date_secs: Option<i64>, fingerprint: u64) -> u64 {
    let date_part = match date_secs {
        Some(secs) => {
            let at = secs.saturating_add(MIDDLE).clamp(0, UNDATED as i64 - 1) as u64;
            UNDATED - 1 - at
        }
        None => UNDATED,
    };
    (date_part << FINGERPRINT_BITS) | (fingerprint >> DATE_BITS)
}

/// The value the `tie_key` field stores for an article.
pub fn stored(date_secs: Option<i64>, fingerprint: u64) -> u64 {
    order(date_secs, fingerprint).wrapping_mul(SCRAMBLE)
}

/// The value the `tie_order` field stores for an article: its whole place
/// in the tie order, as bytes that sort as it does (the order of its key,
/// then the whole fingerprint, both big-endian).
pub fn sorted(date_secs: Option<i64>, fingerprint: u64) -> [u8; 16] {
    let mut bytes = [0; 16];
    bytes[..8].copy_from_slice(&order(date_secs, fingerprint).to_be_bytes());
    bytes[8..].copy_from_slice(&fingerprint.to_be_bytes());
    bytes
}

/// The order a stored `tie_key` value stands for: smaller first.
pub fn order_of(stored: u64) -> u64 {
    stored.wrapping_mul(UNSCRAMBLE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

    /// The tie order as written out: newer first, the undated last, then
    /// the lower fingerprint.
    fn by_hand(a: (Option<i64>, u64), b: (Option<i64>, u64)) -> Ordering {
        match (a.0, b.0) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
        .then(a.1.cmp(&b.1))
    }

    #[test]
    fn the_scramble_is_undone() {
        assert_eq!(SCRAMBLE.wrapping_mul(UNSCRAMBLE), 1);
        let mut next = crate::formats::xorshift(0x0DDB_A11C_0FFE_E000);
        for _ in 0..1000 {
            let (secs, fingerprint) = (next() as i64 >> 30, next());
            let key = order(Some(secs), fingerprint);
            assert_eq!(order_of(stored(Some(secs), fingerprint)), key);
        }
    }

    #[test]
    fn keys_sort_as_the_tie_order_does() {
        let mut next = crate::formats::xorshift(0x5EED_0F71_3500);
        // Dates from 1900 to 2100 (a few repeated, some absent), and
        // fingerprints sharing their top bits now and then.
        let days = |n: u64| (n % 73_000) as i64 * 86_400 - 70 * 365 * 86_400;
        let articles: Vec<(Option<i64>, u64)> = (0..2000)
            .map(|i| {
                let date = match i % 10 {
                    0 => None,
                    1..=3 => Some(days(i % 5) + 3_600 * (i % 3) as i64),
                    _ => Some(days(next())),
                };
                let fingerprint = if i % 7 == 0 { next() >> 40 } else { next() };
                (date, fingerprint)
            })
            .collect();
        for pair in articles.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let want = by_hand(a, b);
            // The sort bytes hold the whole order, the key its top bits.
            let bytes = sorted(a.0, a.1).cmp(&sorted(b.0, b.1));
            assert_eq!(bytes, want, "{a:?} against {b:?}, as bytes");
            let got = order(a.0, a.1).cmp(&order(b.0, b.1));
            // Equal keys only where the fingerprints agree in their top
            // bits: the whole fingerprint decides those.
            if got == Ordering::Equal {
                assert_eq!(a.0, b.0);
                assert_eq!(a.1 >> DATE_BITS, b.1 >> DATE_BITS);
            } else {
                assert_eq!(got, want, "{a:?} against {b:?}");
            }
        }
    }

    #[test]
    fn dates_beyond_the_range_are_held_at_its_ends() {
        let year = 365 * 86_400;
        let far_past = order(Some(-2_000 * year), 0);
        let far_future = order(Some(3_000 * year), 0);
        assert!(order(Some(0), 0) < far_past);
        assert!(far_future < order(Some(0), 0));
        assert!(far_past < order(None, 0));
        assert_eq!(order(Some(i64::MIN), 0), far_past);
    }
}
