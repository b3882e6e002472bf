//! Duplicate identifiers: every id the reader meets is recorded as a hash,
//! and the record is checked once, at the end of the read.
//!
//! Checking each id as it arrives meant a hash-set insert per id, a cache
//! miss each on large files (an eighth of the read on LegalDocML.de, where
//! every element has an eId and a GUID). Appending to a vector is
//! sequential, and a pass over a bitmap that fits the cache at the end
//! finds repeats with far fewer misses. Documents with duplicates are rare:
//! for them alone the record is replayed in order to find the first repeat.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;

/// Which kind of identifier an id is. Each kind is unique on its own: an
/// element's wId often equals its eId.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdKind {
    EId = 1,
    WId = 2,
    Guid = 3,
    XmlId = 4,
}

impl IdKind {
    /// The kind an attribute name gives, if it is an identifier.
    pub(crate) fn of_attribute(key: &str) -> Option<IdKind> {
        match key {
            "eId" => Some(IdKind::EId),
            "wId" => Some(IdKind::WId),
            "GUID" => Some(IdKind::Guid),
            "xml:id" | "id" => Some(IdKind::XmlId),
            _ => None,
        }
    }
}

/// The ids of a document, hashed, in document order.
#[derive(Default)]
pub(crate) struct IdLedger {
    hashes: Vec<u64>,
    /// Byte offset of the start tag that carries each id.
    offsets: Vec<usize>,
}

/// The first id that repeats an earlier one, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Repeat {
    /// Byte offset of the start tag that repeats it.
    pub offset: usize,
    /// The id's hash, to find its text again in that tag.
    pub hash: u64,
    /// How many ids repeat an earlier one, in all.
    pub count: usize,
}

impl IdLedger {
    pub(crate) fn record(&mut self, kind: IdKind, id: &str, offset: usize) {
        self.hashes.push(id_hash(kind, id));
        self.offsets.push(offset);
    }

    /// The first repeated id, if any. A hash collision (about one chance
    /// in 10^9 for a document of 100,000 ids) would only cost a spurious
    /// warning.
    pub(crate) fn first_repeat(&self) -> Option<Repeat> {
        if !has_repeat(&self.hashes) {
            return None;
        }
        let mut seen: HashSet<u64, BuildHasherDefault<PassThrough>> =
            HashSet::with_capacity_and_hasher(self.hashes.len(), Default::default());
        let mut first = None;
        let mut count = 0;
        for (i, &h) in self.hashes.iter().enumerate() {
            if !seen.insert(h) {
                count += 1;
                first.get_or_insert(i);
            }
        }
        first.map(|i| Repeat {
            offset: self.offsets[i],
            hash: self.hashes[i],
            count,
        })
    }
}

/// Whether any value occurs twice. The hashes are spread evenly over their
/// range, so their top bits index a bitmap of about 32 bits per hash: a
/// value whose bit is already set is a candidate (every repeat is one,
/// and about one hash in 64 besides). A second pass counts the candidates'
/// values among all the hashes, behind a small bitmap of their own that
/// turns most hashes away at once. Placing each hash in a bucket of about
/// eight instead took four times as long, a twentieth of a read of
/// LegalDocML.de (44,000 ids).
fn has_repeat(hashes: &[u64]) -> bool {
    let mut candidates: Vec<u64> = {
        let mut bitmap = Bitmap::new(hashes.len() * 32);
        hashes
            .iter()
            .copied()
            .filter(|&h| bitmap.test_and_set(h))
            .collect()
    };
    if candidates.is_empty() {
        return false;
    }
    candidates.sort_unstable();
    candidates.dedup();
    let mut filter = Bitmap::new(candidates.len() * 64);
    for &h in &candidates {
        filter.test_and_set(h);
    }
    let mut seen = vec![false; candidates.len()];
    for &h in hashes {
        if !filter.test(h) {
            continue;
        }
        if let Ok(i) = candidates.binary_search(&h) {
            if seen[i] {
                return true;
            }
            seen[i] = true;
        }
    }
    false
}

/// A set of bits indexed by the top bits of a hash.
struct Bitmap {
    words: Vec<u64>,
    shift: u32,
}

impl Bitmap {
    /// At least `bits` bits, a power of two, 64 at the least.
    fn new(bits: usize) -> Bitmap {
        let log = bits.next_power_of_two().trailing_zeros().clamp(6, 40);
        Bitmap {
            words: vec![0; 1 << (log - 6)],
            shift: 64 - log,
        }
    }

    fn place(&self, h: u64) -> (usize, u64) {
        let bit = (h >> self.shift) as usize;
        (bit >> 6, 1 << (bit & 63))
    }

    fn test(&self, h: u64) -> bool {
        let (word, mask) = self.place(h);
        self.words[word] & mask != 0
    }

    /// Sets the bit of `h`; whether it was set already.
    fn test_and_set(&mut self, h: u64) -> bool {
        let (word, mask) = self.place(h);
        let was = self.words[word] & mask != 0;
        self.words[word] |= mask;
        was
    }
}

/// A 64-bit hash of an id and its kind, sixteen bytes a step. Each step is
/// one 64 x 64 -> 128-bit multiply folded to 64 bits, as in wyhash and
/// foldhash: ids run to tens of bytes (LegalDocML.de's eIds to 80), and a
/// step of eight bytes through a rotate, a xor and a multiply was a tenth of
/// the work on a start tag. The last step reads the last sixteen bytes,
/// overlapping the one before, and a short id is read in two overlapping
/// words: copying the tail into a zeroed block cost a call to `memcpy` per id.
pub(crate) fn id_hash(kind: IdKind, id: &str) -> u64 {
    const P0: u64 = 0xa076_1d64_78bd_642f;
    const P1: u64 = 0xe703_7ed1_a0b4_28db;
    const P2: u64 = 0x8ebc_6af0_9c88_c6e3;
    let fold = |a: u64, b: u64| {
        let m = u128::from(a) * u128::from(b);
        (m as u64) ^ ((m >> 64) as u64)
    };
    let word = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or([0; 8]));
    let half = |b: &[u8]| u64::from(u32::from_le_bytes(b.try_into().unwrap_or([0; 4])));
    let bytes = id.as_bytes();
    let n = bytes.len();
    // The length, mixed in first, tells apart ids whose words overlap
    // differently ("abcdefgh" and "abcdefghh").
    let mut h = P0 ^ ((kind as u64) << 56) ^ n as u64;
    let (a, b) = match n {
        0 => (0, 0),
        1..=3 => (
            u64::from(bytes[0]) << 16 | u64::from(bytes[n / 2]) << 8 | u64::from(bytes[n - 1]),
            0,
        ),
        4..=7 => (half(&bytes[..4]), half(&bytes[n - 4..])),
        8..=16 => (word(&bytes[..8]), word(&bytes[n - 8..])),
        _ => {
            let mut at = 0;
            while n - at > 16 {
                h = fold(
                    word(&bytes[at..at + 8]) ^ P1,
                    word(&bytes[at + 8..at + 16]) ^ h,
                );
                at += 16;
            }
            (word(&bytes[n - 16..n - 8]), word(&bytes[n - 8..]))
        }
    };
    h = fold(a ^ P1, b ^ h);
    // The bitmaps in `has_repeat` read the top bits: a last multiply
    // spreads every input bit over them.
    fold(h ^ P2, P1 ^ n as u64)
}

/// A hasher for keys that are hashes already.
#[derive(Default)]
struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ledger(ids: &[(IdKind, &str)]) -> IdLedger {
        let mut l = IdLedger::default();
        for (i, (k, id)) in ids.iter().enumerate() {
            l.record(*k, id, i * 10);
        }
        l
    }

    #[test]
    fn id_hashes_tell_kinds_and_lengths_apart() {
        assert_ne!(id_hash(IdKind::EId, "art_1"), id_hash(IdKind::WId, "art_1"));
        assert_ne!(
            id_hash(IdKind::EId, "abcdefgh"),
            id_hash(IdKind::EId, "abcdefgh\0")
        );
        assert_eq!(
            id_hash(IdKind::Guid, "a-long-guid-0000-1111"),
            id_hash(IdKind::Guid, "a-long-guid-0000-1111")
        );
    }

    /// Every byte counts, at every length and position: changing any one
    /// byte of an id changes its hash.
    #[test]
    fn every_byte_of_an_id_is_hashed() {
        for n in 0..=70 {
            let id: String = (0..n).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
            let h = id_hash(IdKind::EId, &id);
            for at in 0..n {
                let mut other = id.clone().into_bytes();
                other[at] = b'_';
                let other = String::from_utf8(other).unwrap_or_default();
                assert_ne!(h, id_hash(IdKind::EId, &other), "length {n}, byte {at}");
            }
        }
    }

    #[test]
    fn no_repeat_among_distinct_ids() {
        let ids: Vec<String> = (0..5000).map(|i| format!("art_{i}")).collect();
        let mut l = IdLedger::default();
        for (i, id) in ids.iter().enumerate() {
            l.record(IdKind::EId, id, i);
        }
        assert_eq!(l.first_repeat(), None);
    }

    #[test]
    fn the_same_text_in_two_kinds_is_no_repeat() {
        let l = ledger(&[(IdKind::EId, "art_1"), (IdKind::WId, "art_1")]);
        assert_eq!(l.first_repeat(), None);
    }

    #[test]
    fn first_repeat_in_document_order_and_count() {
        let mut ids: Vec<String> = (0..3000).map(|i| format!("art_{i}")).collect();
        ids.push("art_2000".into()); // index 3000: the first repeat
        ids.push("art_7".into());
        ids.push("art_2000".into());
        let mut l = IdLedger::default();
        for (i, id) in ids.iter().enumerate() {
            l.record(IdKind::EId, id, i);
        }
        let r = l.first_repeat().expect("repeats");
        assert_eq!(r.offset, 3000);
        assert_eq!(r.hash, id_hash(IdKind::EId, "art_2000"));
        assert_eq!(r.count, 3);
    }

    /// Values that share their top bits all land on one bit: every one is
    /// a candidate, and only a true repeat counts.
    #[test]
    fn has_repeat_with_every_value_a_candidate() {
        let mut v: Vec<u64> = (0..5000).collect();
        assert!(!has_repeat(&v));
        v.push(4321);
        assert!(has_repeat(&v));
        assert!(!has_repeat(&[]));
    }

    proptest! {
        /// The bitmap check agrees with a plain sort, small and large.
        #[test]
        fn has_repeat_agrees_with_sorting(mut v in prop::collection::vec(any::<u64>(), 0..2000), dup in any::<bool>(), at in any::<prop::sample::Index>()) {
            if dup && !v.is_empty() {
                let x = v[at.index(v.len())];
                v.push(x);
            }
            let mut sorted = v.clone();
            sorted.sort_unstable();
            let expected = sorted.windows(2).any(|w| w[0] == w[1]);
            prop_assert_eq!(has_repeat(&v), expected);
        }
    }
}
