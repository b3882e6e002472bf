//! Which provision is which across two versions.
//!
//! Pairs every provision of the old version with its counterpart in the new
//! one, at every level, or leaves it unpaired (deleted, inserted); names
//! renumbering, moves, splits and merges. Knows nothing of word diffs,
//! effects or output.
//!
//! The method (see `docs/ALIGNMENT.md`): identity first (GUID, wId, then an
//! eId that content confirms), then exact text, then content similarity
//! with words weighted by rarity, pairing top-down inside paired parents with
//! an order-preserving alignment, and offering what is left to the best
//! candidate anywhere (moves). Candidates come from an inverted index of
//! rare words, never from all pairs.

mod matcher;
mod similarity;
#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::akn::{Document, ProvisionId};

pub use matcher::align;

/// How a pair was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Signal {
    /// Equal GUIDs.
    Guid,
    /// Equal wIds.
    Wid,
    /// Equal eIds (or xml:ids) whose content agrees.
    Eid,
    /// The same full text, found once on each side.
    ExactText,
    /// Similar content, heading, number and position.
    Content,
}

/// Where a paired provision went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Move {
    /// Its parent in the new version is not the counterpart of its old parent
    /// (e.g. an article moved to another chapter).
    Parent,
    /// Same parent, but out of order among its siblings.
    Reordered,
}

/// Two provisions taken to be the same.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    pub old: ProvisionId,
    pub new: ProvisionId,
    pub signal: Signal,
    /// Similarity of the two full texts, in [0, 1].
    pub score: f64,
    /// The provision's own num changed.
    pub renumbered: bool,
    pub moved: Option<Move>,
}

/// One old provision whose text now stands in several new ones. The first
/// of `new` is the part paired with `old` (it is also in `pairs`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Split {
    pub old: ProvisionId,
    pub new: Vec<ProvisionId>,
}

/// Several old provisions whose text now stands in one new one. The first
/// of `old` is the part paired with `new` (it is also in `pairs`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Merge {
    pub old: Vec<ProvisionId>,
    pub new: ProvisionId,
}

/// The result of aligning two documents. Every old provision appears exactly
/// once: as the old side of a pair, in `deleted`, or as a secondary part of
/// a merge; every new provision likewise: in a pair, in `inserted`, or as a
/// secondary part of a split.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Alignment {
    /// In the new version's document order.
    pub pairs: Vec<Pair>,
    /// New provisions with no counterpart, in document order.
    pub inserted: Vec<ProvisionId>,
    /// Old provisions with no counterpart, in document order.
    pub deleted: Vec<ProvisionId>,
    pub splits: Vec<Split>,
    pub merges: Vec<Merge>,
}

impl Alignment {
    /// The new counterpart of an old provision, if paired.
    pub fn new_of(&self, old: ProvisionId) -> Option<ProvisionId> {
        self.pairs.iter().find(|p| p.old == old).map(|p| p.new)
    }

    /// The old counterpart of a new provision, if paired.
    pub fn old_of(&self, new: ProvisionId) -> Option<ProvisionId> {
        self.pairs.iter().find(|p| p.new == new).map(|p| p.old)
    }

    /// Lookup tables old -> pair index and new -> pair index, for callers
    /// that ask often (the methods above are linear).
    pub fn index(&self, old: &Document, new: &Document) -> PairIndex {
        let mut by_old = vec![None; old.provisions.len()];
        let mut by_new = vec![None; new.provisions.len()];
        for (i, p) in self.pairs.iter().enumerate() {
            if let Some(slot) = by_old.get_mut(p.old) {
                *slot = Some(i);
            }
            if let Some(slot) = by_new.get_mut(p.new) {
                *slot = Some(i);
            }
        }
        PairIndex { by_old, by_new }
    }
}

/// Constant-time lookups into [`Alignment::pairs`].
#[derive(Debug, Clone)]
pub struct PairIndex {
    pub by_old: Vec<Option<usize>>,
    pub by_new: Vec<Option<usize>>,
}
