//! Content similarity between provisions: words weighted by rarity.
//!
//! Every provision is a sparse vector over the words of its whole subtree
//! (own text, heading, and all descendants), each word weighted by tf x idf
//! with document frequencies counted over the provisions of both versions.
//! Boilerplate that every offence article repeats ("Each State Party shall
//! adopt such legislative and other measures...") then weighs almost nothing,
//! and the words that make a provision itself weigh most.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A hash map with a fast, fixed hasher (FxHash's multiply-rotate): keys
/// here are small integers and words, attack-resistant hashing buys
/// nothing, and the maps sit on the aligner's hot path.
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

use crate::akn::Document;

/// A word, interned.
pub type Token = u32;

/// A sparse vector: (token, weight) sorted by token.
#[derive(Debug, Clone, Default)]
pub struct Vector {
    pub entries: Vec<(Token, f32)>,
    pub norm: f32,
}

impl Vector {
    fn from_counts(counts: &FastMap<Token, u32>, idf: &[f32]) -> Vector {
        let mut entries: Vec<(Token, f32)> = counts
            .iter()
            .map(|(&t, &c)| (t, (1.0 + (c as f32).ln()) * idf[t as usize]))
            .collect();
        entries.sort_unstable_by_key(|e| e.0);
        let norm = entries.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
        Vector { entries, norm }
    }

    /// Cosine similarity in [0, 1].
    pub fn cosine(&self, other: &Vector) -> f64 {
        if self.norm == 0.0 || other.norm == 0.0 {
            return 0.0;
        }
        let dot = merge(&self.entries, &other.entries, |a, b| a * b);
        (dot / (self.norm * other.norm)).clamp(0.0, 1.0) as f64
    }

    /// How much of this vector's weight the other covers, in [0, 1]:
    /// sum of min weights over this vector's total weight.
    pub fn contained_in(&self, other: &Vector) -> f64 {
        let total: f32 = self.entries.iter().map(|e| e.1).sum();
        if total == 0.0 {
            return 0.0;
        }
        (merge(&self.entries, &other.entries, f32::min) / total).clamp(0.0, 1.0) as f64
    }

    /// The sum of two vectors: "does A with B cover more of C than A
    /// alone?" (with [`Vector::contained_in`], which caps each word at C's
    /// weight, so shared boilerplate cannot count twice).
    pub fn plus(&self, other: &Vector) -> Vector {
        self.combine(other, |a, b| a + b)
    }

    fn combine(&self, other: &Vector, both: impl Fn(f32, f32) -> f32) -> Vector {
        let (a, b) = (&self.entries, &other.entries);
        let mut entries = Vec::with_capacity(a.len() + b.len());
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) if x.0 == y.0 => {
                    entries.push((x.0, both(x.1, y.1)));
                    i += 1;
                    j += 1;
                }
                (Some(x), Some(y)) if x.0 < y.0 => {
                    entries.push(*x);
                    i += 1;
                }
                (Some(_), Some(y)) | (None, Some(y)) => {
                    entries.push(*y);
                    j += 1;
                }
                (Some(x), None) => {
                    entries.push(*x);
                    i += 1;
                }
                (None, None) => break,
            }
        }
        let norm = entries.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
        Vector { entries, norm }
    }
}

/// Sum of f(a, b) over the tokens both sorted lists share.
fn merge(a: &[(Token, f32)], b: &[(Token, f32)], f: impl Fn(f32, f32) -> f32) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += f(a[i].1, b[j].1);
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// Lower-cased words of a text: runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Interns words of both versions into one token space.
#[derive(Default)]
pub struct Interner {
    ids: FastMap<String, Token>,
}

impl Interner {
    pub fn token(&mut self, word: String) -> Token {
        let next = self.ids.len() as Token;
        *self.ids.entry(word).or_insert(next)
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }
}

/// The words of each provision of one document.
pub struct Profile {
    /// Tokens of the heading alone.
    pub heading: Vec<Vec<Token>>,
    /// Subtree vector (own text, heading and all descendants).
    pub subtree: Vec<Vector>,
    /// Own-text vector.
    pub own_vec: Vec<Vector>,
    /// Hash of the subtree's token sequence, without nums: equal for
    /// identical texts that were merely renumbered.
    pub exact: Vec<u64>,
    /// Number of tokens in the subtree.
    pub size: Vec<usize>,
}

fn tokens_of(doc: &Document, interner: &mut Interner) -> (Vec<Vec<Token>>, Vec<Vec<Token>>) {
    let mut own = Vec::with_capacity(doc.provisions.len());
    let mut heading = Vec::with_capacity(doc.provisions.len());
    for p in &doc.provisions {
        let h: Vec<Token> = p
            .heading
            .as_deref()
            .map(|h| words(h).map(|w| interner.token(w)).collect())
            .unwrap_or_default();
        let mut o = h.clone();
        o.extend(words(&p.text()).map(|w| interner.token(w)));
        own.push(o);
        heading.push(h);
    }
    (own, heading)
}

/// Builds the profiles of both documents with shared rarity weights.
pub fn profiles(old: &Document, new: &Document) -> (Profile, Profile) {
    let mut interner = Interner::default();
    let (own_old, head_old) = tokens_of(old, &mut interner);
    let (own_new, head_new) = tokens_of(new, &mut interner);

    // Document frequency: in how many provisions' own text a word occurs.
    let mut df = vec![0u32; interner.len()];
    let mut seen = vec![u32::MAX; interner.len()];
    let mut n_docs = 0u32;
    for own in own_old.iter().chain(own_new.iter()) {
        n_docs += 1;
        for &t in own {
            if seen[t as usize] != n_docs {
                seen[t as usize] = n_docs;
                df[t as usize] += 1;
            }
        }
    }
    let n = n_docs.max(1) as f32;
    let idf: Vec<f32> = df
        .iter()
        .map(|&d| ((n + 1.0) / (d as f32 + 0.5)).ln().max(0.05))
        .collect();
    (
        profile(old, own_old, head_old, &idf),
        profile(new, own_new, head_new, &idf),
    )
}

fn profile(doc: &Document, own: Vec<Vec<Token>>, heading: Vec<Vec<Token>>, idf: &[f32]) -> Profile {
    let n = doc.provisions.len();
    // Subtree counts bottom-up: children come after parents in document order.
    let mut counts: Vec<FastMap<Token, u32>> = own
        .iter()
        .map(|toks| {
            let mut m = FastMap::default();
            for &t in toks {
                *m.entry(t).or_insert(0) += 1;
            }
            m
        })
        .collect();
    let own_vec: Vec<Vector> = counts.iter().map(|c| Vector::from_counts(c, idf)).collect();
    let mut size: Vec<usize> = own.iter().map(Vec::len).collect();
    let mut exact: Vec<u64> = own.iter().map(|t| hash_tokens(0, t)).collect();
    for id in (0..n).rev() {
        if let Some(parent) = doc.provisions[id].parent {
            let child = std::mem::take(&mut counts[id]);
            for (&t, &c) in &child {
                *counts[parent].entry(t).or_insert(0) += c;
            }
            counts[id] = child;
            size[parent] += size[id];
        }
    }
    // Exact hashes top-down in order: own tokens, then each child's hash.
    for id in (0..n).rev() {
        let p = &doc.provisions[id];
        let mut h = hash_tokens(0x9e37_79b9_7f4a_7c15, &own[id]);
        for &c in &p.children {
            h = mix(h, exact[c]);
        }
        exact[id] = mix(h, hash_str(&p.element));
    }
    let subtree = counts.iter().map(|c| Vector::from_counts(c, idf)).collect();
    Profile {
        heading,
        subtree,
        own_vec,
        exact,
        size,
    }
}

fn mix(h: u64, x: u64) -> u64 {
    (h ^ x
        .wrapping_add(0x9e37_79b9_7f4a_7c15)
        .wrapping_add(h << 6)
        .wrapping_add(h >> 2))
    .wrapping_mul(0x0100_0000_01b3)
}

fn hash_tokens(seed: u64, tokens: &[Token]) -> u64 {
    tokens
        .iter()
        .fold(seed ^ tokens.len() as u64, |h, &t| mix(h, t as u64))
}

fn hash_str(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Jaccard similarity of two token lists as sets.
pub fn jaccard(a: &[Token], b: &[Token]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let mut a: Vec<Token> = a.to_vec();
    let mut b: Vec<Token> = b.to_vec();
    a.sort_unstable();
    a.dedup();
    b.sort_unstable();
    b.dedup();
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f64 / (a.len() + b.len() - common) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vec_of(pairs: &[(Token, f32)]) -> Vector {
        let norm = pairs.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
        Vector {
            entries: pairs.to_vec(),
            norm,
        }
    }

    #[test]
    fn cosine_and_containment() {
        let a = vec_of(&[(1, 1.0), (2, 1.0)]);
        let b = vec_of(&[(1, 1.0), (2, 1.0), (3, 1.0), (4, 1.0)]);
        assert!((a.cosine(&a) - 1.0).abs() < 1e-6);
        assert!((a.contained_in(&b) - 1.0).abs() < 1e-6);
        assert!((b.contained_in(&a) - 0.5).abs() < 1e-6);
        assert_eq!(a.cosine(&Vector::default()), 0.0);
        let u = a.plus(&vec_of(&[(2, 3.0), (3, 1.0)]));
        assert_eq!(u.entries, [(1, 1.0), (2, 4.0), (3, 1.0)]);
    }

    #[test]
    fn words_are_lowercase_alphanumeric_runs() {
        let w: Vec<String> = words("Article 23(2)(c): State-Party’s").collect();
        assert_eq!(w, ["article", "23", "2", "c", "state", "party", "s"]);
    }

    #[test]
    fn jaccard_of_sets() {
        assert_eq!(jaccard(&[1, 2, 2], &[2, 1]), 1.0);
        assert_eq!(jaccard(&[1, 2], &[3]), 0.0);
        assert!((jaccard(&[1, 2], &[2, 3]) - 1.0 / 3.0).abs() < 1e-9);
    }
}
