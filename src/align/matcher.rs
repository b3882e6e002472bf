//! The alignment itself: anchors, top-down pairing, moves, splits, merges.

use std::collections::{HashMap, VecDeque};

use super::similarity::{jaccard, profiles, FastMap, Profile, Token, Vector};
use super::{Alignment, Merge, Move, Pair, Signal, Split};
use crate::akn::label::{self, Rank};
use crate::akn::{Document, ProvisionId};

// Thresholds, chosen on the hand-made cases in src/align/tests.rs and the
// corpus series (see docs/ALIGNMENT.md for the measurements).

/// Least score for pairing siblings in order inside paired parents. The
/// hard case that sets it: an offence deleted and another inserted in its
/// place with the same boilerplate scores about 0.25-0.30; heavy rewording
/// in place with the same heading scores above 0.45.
const SIBLING_MIN: f64 = 0.40;
/// Least score for pairing siblings out of order (reordered) and for pairing
/// provisions anywhere in the document (moved to another parent): a move is
/// a stronger claim and needs stronger evidence.
const MOVE_MIN: f64 = 0.55;
/// Below this many words, a provision paired anywhere in the document must
/// be nearly the same text (`SHORT_MOVE_MIN`): short points drawn from a
/// small vocabulary otherwise pair a deleted point with an unrelated
/// inserted one far away, a false move (docs/ALIGNMENT.md).
const SHORT_WORDS: usize = 40;
const SHORT_MOVE_MIN: f64 = 0.8;

/// The least similarity for pairing two provisions anywhere in the
/// document, by the shorter one's length in words.
fn move_min(words: usize) -> f64 {
    if words < SHORT_WORDS {
        SHORT_MOVE_MIN
    } else {
        MOVE_MIN
    }
}
/// Least cosine for an equal eId to count as the same provision before the
/// content phase. eIds are positional in most producers and shift when
/// something is inserted: with 0.5, old Article 3 anchored to the new
/// Article 3 in a renumbering cascade because offence articles share their
/// boilerplate (tests::renumbering_cascade_after_an_inserted_article).
const EID_MIN: f64 = 0.9;
/// Least share of a new provision's weight found in an old one for a split
/// (and the other way round for a merge).
const PART_MIN: f64 = 0.7;
/// Least share of the whole that a split piece (or merged piece) must cover
/// beyond what its paired sibling covers. The drafts' jurisdiction split
/// (a "shall ... and may ..." paragraph into two) gains 0.12.
const PART_GAIN: f64 = 0.05;
/// Sibling lists up to this many candidate pairs are scored exhaustively;
/// longer ones through the inverted index and a band around the diagonal.
const EXHAUSTIVE_MAX: usize = 4096;
/// Rarest words per provision used to look up candidates.
const KEY_WORDS: usize = 8;
/// Candidates scored per provision in the document-wide search.
const CANDIDATES: usize = 12;

struct Side<'a> {
    doc: &'a Document,
    prof: Profile,
    paired: Vec<Option<ProvisionId>>,
    signal: Vec<Option<Signal>>,
}

impl<'a> Side<'a> {
    fn new(doc: &'a Document, prof: Profile) -> Self {
        let n = doc.provisions.len();
        Side {
            doc,
            prof,
            paired: vec![None; n],
            signal: vec![None; n],
        }
    }

    fn children(&self, parent: Option<ProvisionId>) -> &[ProvisionId] {
        match parent {
            Some(p) => &self.doc.provisions[p].children,
            None => &self.doc.roots,
        }
    }
}

struct Matcher<'a> {
    old: Side<'a>,
    new: Side<'a>,
    /// Parent pairs whose children are still to be paired; None = the roots.
    queue: VecDeque<(Option<ProvisionId>, Option<ProvisionId>)>,
    /// Word rarity (lower df = rarer), shared token space.
    df: FastMap<Token, u32>,
}

/// Aligns two versions of a document. Deterministic: ties are broken by
/// document order.
pub fn align(old: &Document, new: &Document) -> Alignment {
    let (po, pn) = profiles(old, new);
    let mut df: FastMap<Token, u32> = FastMap::default();
    for v in po.own_vec.iter().chain(pn.own_vec.iter()) {
        for &(t, _) in &v.entries {
            *df.entry(t).or_insert(0) += 1;
        }
    }
    let mut m = Matcher {
        old: Side::new(old, po),
        new: Side::new(new, pn),
        queue: VecDeque::new(),
        df,
    };
    m.anchor_identity();
    m.anchor_exact();
    m.queue.push_back((None, None));
    for (o, n) in m.pairs_in_order() {
        m.queue.push_back((Some(o), Some(n)));
    }
    loop {
        while let Some((po, pn)) = m.queue.pop_front() {
            m.pair_children(po, pn);
        }
        if !m.pair_anywhere() {
            break;
        }
    }
    m.finish()
}

impl Matcher<'_> {
    fn link(&mut self, o: ProvisionId, n: ProvisionId, signal: Signal) {
        self.old.paired[o] = Some(n);
        self.new.paired[n] = Some(o);
        self.old.signal[o] = Some(signal);
        self.new.signal[n] = Some(signal);
    }

    fn pairs_in_order(&self) -> Vec<(ProvisionId, ProvisionId)> {
        self.new
            .paired
            .iter()
            .enumerate()
            .filter_map(|(n, o)| o.map(|o| (o, n)))
            .collect()
    }

    fn same_kind(&self, o: ProvisionId, n: ProvisionId) -> bool {
        self.old.doc.provisions[o].element == self.new.doc.provisions[n].element
    }

    /// Equal GUIDs, then wIds, then eIds (or xml:ids) that content confirms.
    /// Only identifiers that occur once on each side count.
    fn anchor_identity(&mut self) {
        type Key = fn(&crate::akn::Ids) -> Option<&str>;
        let keys: [(Key, Signal); 3] = [
            (|ids| ids.guid.as_deref(), Signal::Guid),
            (|ids| ids.wid.as_deref(), Signal::Wid),
            (|ids| ids.citable(), Signal::Eid),
        ];
        for (key, signal) in keys {
            let unique = |doc: &Document| -> HashMap<String, Option<ProvisionId>> {
                let mut m: HashMap<String, Option<ProvisionId>> = HashMap::new();
                for (id, p) in doc.iter() {
                    if let Some(k) = key(&p.ids) {
                        m.entry(k.to_string())
                            .and_modify(|v| *v = None)
                            .or_insert(Some(id));
                    }
                }
                m
            };
            let old_ids = unique(self.old.doc);
            let new_ids = unique(self.new.doc);
            for (id, p) in self.new.doc.iter() {
                let Some(k) = key(&p.ids) else { continue };
                let (Some(Some(o)), Some(Some(n))) = (old_ids.get(k), new_ids.get(k)) else {
                    continue;
                };
                let (o, n) = (*o, *n);
                debug_assert_eq!(n, id);
                if self.old.paired[o].is_some() || self.new.paired[n].is_some() {
                    continue;
                }
                if !self.same_kind(o, n) {
                    continue;
                }
                if signal == Signal::Eid
                    && self.text_score(o, n) < EID_MIN
                    && !self.both_empty(o, n)
                {
                    continue;
                }
                self.link(o, n, signal);
            }
        }
    }

    fn both_empty(&self, o: ProvisionId, n: ProvisionId) -> bool {
        self.old.prof.size[o] == 0 && self.new.prof.size[n] == 0
    }

    /// Subtrees with the same text (nums aside), once on each side.
    fn anchor_exact(&mut self) {
        let count = |prof: &Profile| -> HashMap<u64, (usize, ProvisionId)> {
            let mut m = HashMap::new();
            for (id, &h) in prof.exact.iter().enumerate() {
                // Short texts ("(a) deleted", empty containers) repeat by chance.
                if prof.size[id] >= 4 {
                    m.entry(h)
                        .and_modify(|e: &mut (usize, ProvisionId)| e.0 += 1)
                        .or_insert((1, id));
                }
            }
            m
        };
        let old_h = count(&self.old.prof);
        let new_h = count(&self.new.prof);
        for n in 0..self.new.doc.provisions.len() {
            let h = self.new.prof.exact[n];
            let (Some(&(1, o)), Some(&(1, _))) = (old_h.get(&h), new_h.get(&h)) else {
                continue;
            };
            if self.old.paired[o].is_none() && self.new.paired[n].is_none() && self.same_kind(o, n)
            {
                self.link(o, n, Signal::ExactText);
            }
        }
    }

    fn text_score(&self, o: ProvisionId, n: ProvisionId) -> f64 {
        self.old.prof.subtree[o].cosine(&self.new.prof.subtree[n])
    }

    /// How alike two provisions are, in [0, 1]: content, heading and number.
    fn score(&self, o: ProvisionId, n: ProvisionId) -> f64 {
        if !self.same_kind(o, n) {
            return 0.0;
        }
        let po = &self.old.doc.provisions[o];
        let pn = &self.new.doc.provisions[n];
        let text = if self.both_empty(o, n) {
            // Empty containers: only heading and number can tell.
            0.5
        } else {
            self.text_score(o, n)
        };
        // Two headings are strong evidence either way (an article keeps its
        // title through rewording; a replaced offence gets a new one), so
        // they weigh more when both sides have one.
        let (text_weight, heading) = match (&po.heading, &pn.heading) {
            (Some(_), Some(_)) => (
                0.60,
                jaccard(&self.old.prof.heading[o], &self.new.prof.heading[n]) * 0.25 / 0.15,
            ),
            (None, None) => (0.70, text),
            _ => (0.70, text * 0.5),
        };
        let num = match (&po.num, &pn.num) {
            (Some(a), Some(b)) if a.trim() == b.trim() => 1.0,
            (None, None) => 0.5,
            _ => 0.0,
        };
        let parents = match (po.parent, pn.parent) {
            (Some(a), Some(b)) if self.old.paired[a] == Some(b) => 1.0,
            (None, None) => 1.0,
            _ => 0.0,
        };
        (text_weight * text + 0.15 * heading + 0.08 * num + 0.07 * parents).min(1.0)
    }

    /// Pairs the unpaired children of a parent pair: in order first (a
    /// maximum-weight chain), then out of order (reordered).
    fn pair_children(&mut self, po: Option<ProvisionId>, pn: Option<ProvisionId>) {
        let olds: Vec<ProvisionId> = self
            .old
            .children(po)
            .iter()
            .copied()
            .filter(|&c| self.old.paired[c].is_none())
            .collect();
        let news: Vec<ProvisionId> = self
            .new
            .children(pn)
            .iter()
            .copied()
            .filter(|&c| self.new.paired[c].is_none())
            .collect();
        if olds.is_empty() || news.is_empty() {
            return;
        }
        let candidates = self.sibling_candidates(&olds, &news);
        let chain = best_chain(&candidates, SIBLING_MIN);
        for &(i, j, _) in &chain {
            self.link(olds[i], news[j], Signal::Content);
            self.queue.push_back((Some(olds[i]), Some(news[j])));
        }
        self.fill_gaps(&olds, &news, &chain);
        // Out-of-order leftovers among the same siblings.
        let mut rest: Vec<(f64, usize, usize)> = candidates
            .into_iter()
            .filter(|&(i, j, s)| {
                s >= MOVE_MIN
                    && self.old.paired[olds[i]].is_none()
                    && self.new.paired[news[j]].is_none()
            })
            .map(|(i, j, s)| (s, i, j))
            .collect();
        rest.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        for (_, i, j) in rest {
            if self.old.paired[olds[i]].is_none() && self.new.paired[news[j]].is_none() {
                self.link(olds[i], news[j], Signal::Content);
                self.queue.push_back((Some(olds[i]), Some(news[j])));
            }
        }
    }

    /// Pairs what is left between two consecutive in-order pairs when both
    /// sides hold the same number of subdivisions of the same kinds and
    /// numbers: a paragraph rewritten in place is still that paragraph.
    /// Units (articles, sections) are not paired this way: a different
    /// offence in the place of a deleted one is a deletion and an insertion.
    fn fill_gaps(
        &mut self,
        olds: &[ProvisionId],
        news: &[ProvisionId],
        chain: &[(usize, usize, f64)],
    ) {
        let mut bounds: Vec<(usize, usize)> = vec![(0, 0)];
        bounds.extend(chain.iter().map(|&(i, j, _)| (i + 1, j + 1)));
        let mut ends: Vec<(usize, usize)> = chain.iter().map(|&(i, j, _)| (i, j)).collect();
        ends.push((olds.len(), news.len()));
        for (&(oi, nj), &(oe, ne)) in bounds.iter().zip(ends.iter()) {
            let gap_old: Vec<ProvisionId> = olds[oi..oe.max(oi)]
                .iter()
                .copied()
                .filter(|&o| self.old.paired[o].is_none())
                .collect();
            let gap_new: Vec<ProvisionId> = news[nj..ne.max(nj)]
                .iter()
                .copied()
                .filter(|&n| self.new.paired[n].is_none())
                .collect();
            if gap_old.is_empty() || gap_old.len() != gap_new.len() {
                continue;
            }
            let fits = gap_old.iter().zip(&gap_new).all(|(&o, &n)| {
                let (po, pn) = (&self.old.doc.provisions[o], &self.new.doc.provisions[n]);
                po.element == pn.element
                    && po.num.as_deref().map(str::trim) == pn.num.as_deref().map(str::trim)
                    && label::rank(&self.old.doc.provisions, o) == Rank::Sub
            });
            if fits {
                for (&o, &n) in gap_old.iter().zip(&gap_new) {
                    self.link(o, n, Signal::Content);
                    self.queue.push_back((Some(o), Some(n)));
                }
            }
        }
    }

    /// Scored candidate pairs (old index, new index, score) among siblings.
    fn sibling_candidates(
        &self,
        olds: &[ProvisionId],
        news: &[ProvisionId],
    ) -> Vec<(usize, usize, f64)> {
        let mut out = Vec::new();
        if olds.len() * news.len() <= EXHAUSTIVE_MAX {
            for (i, &o) in olds.iter().enumerate() {
                for (j, &n) in news.iter().enumerate() {
                    let s = self.score(o, n);
                    if s >= SIBLING_MIN.min(MOVE_MIN) {
                        out.push((i, j, s));
                    }
                }
            }
            return out;
        }
        // Long lists: candidates share a rare word, or sit near the diagonal.
        let mut index: FastMap<Token, Vec<usize>> = FastMap::default();
        for (j, &n) in news.iter().enumerate() {
            for t in self.key_words(&self.new.prof, n) {
                index.entry(t).or_default().push(j);
            }
        }
        let ratio = news.len() as f64 / olds.len() as f64;
        for (i, &o) in olds.iter().enumerate() {
            let mut js: Vec<usize> = Vec::new();
            for t in self.key_words(&self.old.prof, o) {
                if let Some(list) = index.get(&t) {
                    if list.len() <= 64 {
                        js.extend(list);
                    }
                }
            }
            let centre = (i as f64 * ratio) as isize;
            for d in -3..=3 {
                let j = centre + d;
                if j >= 0 && (j as usize) < news.len() {
                    js.push(j as usize);
                }
            }
            js.sort_unstable();
            js.dedup();
            for j in js {
                let s = self.score(o, news[j]);
                if s >= SIBLING_MIN.min(MOVE_MIN) {
                    out.push((i, j, s));
                }
            }
        }
        out
    }

    /// The rarest words of a provision's subtree.
    fn key_words(&self, prof: &Profile, id: ProvisionId) -> Vec<Token> {
        let mut toks: Vec<(u32, Token)> = prof.subtree[id]
            .entries
            .iter()
            .map(|&(t, _)| (self.df.get(&t).copied().unwrap_or(0), t))
            .collect();
        toks.sort_unstable();
        toks.into_iter().take(KEY_WORDS).map(|(_, t)| t).collect()
    }

    /// Pairs provisions left over anywhere (moves to another parent).
    /// Returns whether anything was paired.
    fn pair_anywhere(&mut self) -> bool {
        let mut index: FastMap<Token, Vec<ProvisionId>> = FastMap::default();
        for n in 0..self.new.doc.provisions.len() {
            if self.new.paired[n].is_none() && self.new.prof.size[n] > 0 {
                for t in self.key_words(&self.new.prof, n) {
                    index.entry(t).or_default().push(n);
                }
            }
        }
        if index.is_empty() {
            return false;
        }
        let mut found: Vec<(f64, ProvisionId, ProvisionId)> = Vec::new();
        for o in 0..self.old.doc.provisions.len() {
            if self.old.paired[o].is_some() || self.old.prof.size[o] == 0 {
                continue;
            }
            let mut hits: FastMap<ProvisionId, u32> = FastMap::default();
            for t in self.key_words(&self.old.prof, o) {
                if let Some(list) = index.get(&t) {
                    if list.len() <= 256 {
                        for &n in list {
                            *hits.entry(n).or_insert(0) += 1;
                        }
                    }
                }
            }
            let mut cands: Vec<(u32, ProvisionId)> =
                hits.into_iter().map(|(n, h)| (h, n)).collect();
            cands.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            for &(_, n) in cands.iter().take(CANDIDATES) {
                let s = self.score(o, n);
                let words = self.old.prof.size[o].min(self.new.prof.size[n]);
                if s >= move_min(words) {
                    found.push((s, o, n));
                }
            }
        }
        found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)).then(a.1.cmp(&b.1)));
        let mut any = false;
        for (_, o, n) in found {
            if self.old.paired[o].is_none() && self.new.paired[n].is_none() {
                self.link(o, n, Signal::Content);
                self.queue.push_back((Some(o), Some(n)));
                any = true;
            }
        }
        any
    }

    fn finish(self) -> Alignment {
        let old = self.old.doc;
        let new = self.new.doc;
        let mut alignment = Alignment::default();

        // Splits: an unpaired new provision whose words stand in an old one
        // that is paired with one of its siblings.
        let mut split_of: HashMap<ProvisionId, Vec<ProvisionId>> = HashMap::new();
        let mut split_part = vec![false; new.provisions.len()];
        for (n, part) in split_part.iter_mut().enumerate() {
            if self.new.paired[n].is_some() || self.new.prof.size[n] == 0 {
                continue;
            }
            if let Some(o) = self.part_of(n, Direction::Split) {
                split_of.entry(o).or_default().push(n);
                *part = true;
            }
        }
        let mut merge_of: HashMap<ProvisionId, Vec<ProvisionId>> = HashMap::new();
        let mut merge_part = vec![false; old.provisions.len()];
        for (o, part) in merge_part.iter_mut().enumerate() {
            if self.old.paired[o].is_some() || self.old.prof.size[o] == 0 {
                continue;
            }
            if let Some(n) = self.part_of(o, Direction::Merge) {
                merge_of.entry(n).or_default().push(o);
                *part = true;
            }
        }
        // A part inside another part (a point inside a split paragraph) is
        // carried by its ancestor: only the outermost part counts.
        let outermost =
            |doc: &Document, parts: &[bool], id: ProvisionId| !doc.ancestors(id).any(|a| parts[a]);

        for n in 0..new.provisions.len() {
            match self.new.paired[n] {
                Some(o) => {
                    let po = &old.provisions[o];
                    let pn = &new.provisions[n];
                    let renumbered =
                        po.num.as_deref().map(str::trim) != pn.num.as_deref().map(str::trim);
                    alignment.pairs.push(Pair {
                        old: o,
                        new: n,
                        signal: self.new.signal[n].unwrap_or(Signal::Content),
                        score: self.text_score(o, n),
                        renumbered,
                        moved: None,
                    });
                    if let Some(parts) = split_of.get(&o) {
                        let mut new_parts = vec![n];
                        new_parts.extend(
                            parts
                                .iter()
                                .copied()
                                .filter(|&p| outermost(new, &split_part, p)),
                        );
                        if new_parts.len() > 1 {
                            alignment.splits.push(Split {
                                old: o,
                                new: new_parts,
                            });
                        }
                    }
                    if let Some(parts) = merge_of.get(&n) {
                        let mut old_parts = vec![o];
                        old_parts.extend(
                            parts
                                .iter()
                                .copied()
                                .filter(|&p| outermost(old, &merge_part, p)),
                        );
                        if old_parts.len() > 1 {
                            alignment.merges.push(Merge {
                                old: old_parts,
                                new: n,
                            });
                        }
                    }
                }
                None if split_part[n] && outermost(new, &split_part, n) => {}
                None => alignment.inserted.push(n),
            }
        }
        for o in 0..old.provisions.len() {
            if self.old.paired[o].is_none() && !(merge_part[o] && outermost(old, &merge_part, o)) {
                alignment.deleted.push(o);
            }
        }
        mark_moves(&mut alignment, old, new, &self.old.paired);
        alignment
    }

    /// For an unpaired provision, the counterpart (on the other side) of
    /// which it is a part: a split piece of an old provision, or a merged-in
    /// piece of a new one.
    fn part_of(&self, id: ProvisionId, dir: Direction) -> Option<ProvisionId> {
        let (this, other) = match dir {
            Direction::Split => (&self.new, &self.old),
            Direction::Merge => (&self.old, &self.new),
        };
        let p = &this.doc.provisions[id];
        // The candidates: the counterparts of its paired siblings.
        let siblings = this.children(p.parent);
        let pos = siblings.iter().position(|&s| s == id)?;
        let mut best: Option<(f64, ProvisionId)> = None;
        // Nearest siblings first: a split piece sits beside its origin.
        let mut order: Vec<ProvisionId> = siblings.to_vec();
        order.sort_by_key(|&s| {
            let sp = siblings.iter().position(|&x| x == s).unwrap_or(0);
            sp.abs_diff(pos)
        });
        for s in order {
            if s == id {
                continue;
            }
            let Some(counterpart) = this.paired[s] else {
                continue;
            };
            if other.doc.provisions[counterpart].element != p.element {
                continue;
            }
            let found = explains(
                &this.prof.subtree[id],
                &other.prof.subtree[counterpart],
                &this.prof.subtree[s],
            );
            if let Some(with) = found.filter(|&w| best.is_none_or(|(b, _)| w > b)) {
                best = Some((with, counterpart));
            }
        }
        // A clause's own text split into new subdivisions of it (LEOS
        // "split in two subparagraphs"): the piece stands in the old own
        // text of its parent's counterpart.
        if best.is_none() {
            if let Some(counterpart) = p.parent.and_then(|par| this.paired[par]) {
                let parent = p.parent.unwrap_or(id);
                let found = explains(
                    &this.prof.subtree[id],
                    &other.prof.own_vec[counterpart],
                    &this.prof.own_vec[parent],
                );
                best = found.map(|w| (w, counterpart));
            }
        }
        best.map(|(_, c)| c)
    }
}

/// Whether `piece` is a part of `whole` that `kept` (what stayed paired
/// with the whole) does not already account for: most of the piece stands
/// in the whole, and it covers words of the whole that kept does not. The
/// share of the whole that kept and piece together cover, when it is.
fn explains(piece: &Vector, whole: &Vector, kept: &Vector) -> Option<f64> {
    if piece.contained_in(whole) < PART_MIN {
        return None;
    }
    let with = whole.contained_in(&kept.plus(piece));
    let without = whole.contained_in(kept);
    (with >= without + PART_GAIN).then_some(with)
}

#[derive(Clone, Copy)]
enum Direction {
    Split,
    Merge,
}

/// Maximum-weight chain of candidate pairs increasing on both sides (an
/// order-preserving alignment over sparse candidates), by dynamic
/// programming over the pairs sorted by old index. Only pairs at or above
/// `min` take part.
fn best_chain(candidates: &[(usize, usize, f64)], min: f64) -> Vec<(usize, usize, f64)> {
    let mut c: Vec<(usize, usize, f64)> =
        candidates.iter().copied().filter(|x| x.2 >= min).collect();
    if c.is_empty() {
        return c;
    }
    c.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let max_j = c.iter().map(|x| x.1).max().unwrap_or(0) + 1;
    // Fenwick tree over new indices: best (weight, candidate index) with j' < j.
    let mut tree: Vec<(f64, usize)> = vec![(0.0, usize::MAX); max_j + 1];
    let query = |tree: &Vec<(f64, usize)>, mut j: usize| {
        let mut best = (0.0, usize::MAX);
        while j > 0 {
            if tree[j].0 > best.0 {
                best = tree[j];
            }
            j &= j - 1;
        }
        best
    };
    let mut score = vec![0.0; c.len()];
    let mut prev = vec![usize::MAX; c.len()];
    let mut start = 0;
    while start < c.len() {
        // Pairs with the same old index must not chain to each other.
        let mut end = start;
        while end < c.len() && c[end].0 == c[start].0 {
            end += 1;
        }
        for k in start..end {
            let (w, p) = query(&tree, c[k].1);
            score[k] = w + c[k].2;
            prev[k] = p;
        }
        for k in start..end {
            let mut j = c[k].1 + 1;
            while j <= max_j {
                if score[k] > tree[j].0 {
                    tree[j] = (score[k], k);
                }
                j += j & j.wrapping_neg();
            }
        }
        start = end;
    }
    let mut best = 0;
    for k in 1..c.len() {
        if score[k] > score[best] {
            best = k;
        }
    }
    let mut chain = Vec::new();
    let mut k = best;
    while k != usize::MAX {
        chain.push(c[k]);
        k = prev[k];
    }
    chain.reverse();
    chain
}

/// Names moves: a pair whose parents are not paired with each other moved
/// to another parent; a pair off the longest increasing run of positions
/// among its siblings was reordered.
fn mark_moves(
    alignment: &mut Alignment,
    old: &Document,
    new: &Document,
    old_paired: &[Option<ProvisionId>],
) {
    for pair in &mut alignment.pairs {
        let po = old.provisions[pair.old].parent;
        let pn = new.provisions[pair.new].parent;
        let same_parent = match (po, pn) {
            (None, None) => true,
            (Some(a), Some(b)) => old_paired[a] == Some(b),
            _ => false,
        };
        if !same_parent {
            pair.moved = Some(Move::Parent);
        }
    }
    // Reordering among siblings that stayed under the same parent.
    let mut groups: HashMap<Option<ProvisionId>, Vec<usize>> = HashMap::new();
    for (i, pair) in alignment.pairs.iter().enumerate() {
        if pair.moved.is_none() {
            groups
                .entry(new.provisions[pair.new].parent)
                .or_default()
                .push(i);
        }
    }
    let mut keys: Vec<_> = groups.keys().copied().collect();
    keys.sort();
    for key in keys {
        let Some(members) = groups.get(&key) else {
            continue;
        };
        // members are in new order; their old positions should increase.
        let old_pos: Vec<usize> = members.iter().map(|&i| alignment.pairs[i].old).collect();
        let keep = longest_increasing(&old_pos);
        for (k, &i) in members.iter().enumerate() {
            if !keep[k] {
                alignment.pairs[i].moved = Some(Move::Reordered);
            }
        }
    }
}

/// Marks the members of one longest strictly increasing subsequence.
fn longest_increasing(xs: &[usize]) -> Vec<bool> {
    let mut tails: Vec<usize> = Vec::new(); // indices into xs
    let mut prev = vec![usize::MAX; xs.len()];
    for i in 0..xs.len() {
        let pos = tails.partition_point(|&t| xs[t] < xs[i]);
        if pos > 0 {
            prev[i] = tails[pos - 1];
        }
        if pos == tails.len() {
            tails.push(i);
        } else {
            tails[pos] = i;
        }
    }
    let mut keep = vec![false; xs.len()];
    let mut k = tails.last().copied().unwrap_or(usize::MAX);
    while k != usize::MAX {
        keep[k] = true;
        k = prev[k];
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_prefers_order() {
        let c = [(0, 0, 0.9), (1, 1, 0.8), (0, 1, 0.95), (2, 2, 0.7)];
        let chain: Vec<(usize, usize)> = best_chain(&c, 0.4)
            .into_iter()
            .map(|x| (x.0, x.1))
            .collect();
        assert_eq!(chain, [(0, 0), (1, 1), (2, 2)]);
    }

    #[test]
    fn chain_skips_weak_pairs() {
        let c = [(0, 0, 0.3), (1, 0, 0.9)];
        let chain: Vec<(usize, usize)> = best_chain(&c, 0.4)
            .into_iter()
            .map(|x| (x.0, x.1))
            .collect();
        assert_eq!(chain, [(1, 0)]);
    }

    #[test]
    fn lis_marks_the_run() {
        assert_eq!(longest_increasing(&[0, 2, 1, 3]), [true, false, true, true]);
        assert_eq!(longest_increasing(&[3, 0, 1, 2]), [false, true, true, true]);
        assert_eq!(longest_increasing(&[]), Vec::<bool>::new());
    }
}
