//! The comparison of two versions of a work: what changed, provision by
//! provision, in one serde model that every renderer reads.
//!
//! Owns [`Comparison`] (which mirrors `schema/comparison.schema.json`, the
//! public contract of `--format json`) and [`compare`], which decides from an
//! [`Alignment`] which aligned pairs changed and how, where each change stands
//! in reading order, and what its word diff is. It does not find pairs (that
//! is `align`), does not diff words itself (that is `diff`), does not judge
//! effects (a later stage fills [`Change::effects`]) and knows no output
//! format (that is `render`).
//!
//! # What counts as a change
//!
//! * An aligned pair is changed when its own text (`Provision::text`:
//!   intro, content, wrap-up, never the children's) differs, or its heading,
//!   or its number (the aligner's `renumbered`), or when it moved. Its kind is
//!   `moved` if it moved, else `modified` if text or heading changed, else
//!   `renumbered`; the `renumbered` flag is set whenever the number changed.
//!   A container whose own text, heading and number are unchanged is not
//!   listed even when its children changed: they are.
//! * A split (one old provision now standing in several new ones) is one
//!   change of kind `split`; a merge one change of kind `merged`. Their
//!   several texts are joined by a newline before diffing.
//! * An inserted provision whose whole subtree is inserted is one change,
//!   whose text is the text of the whole subtree, each subdivision's line led
//!   by its number (see [`Clause::includes_subdivisions`]); its subdivisions
//!   are not listed again. Deletions likewise.
//!
//! Changes come in the new version's reading order; a deleted unit stands
//! after the new counterpart (and its subdivisions) of its nearest preceding
//! old sibling that has one, else just after its nearest paired ancestor's
//! counterpart, else at the start.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::akn::{text::display_name, Document, Provision, ProvisionId};
use crate::align::{Alignment, Move, PairIndex};
use crate::diff::{self, Op, Segment};
use crate::effects::{self, article_map, ArticleMap, Classifier, Kind};

/// The `schema_version` this model writes.
pub const SCHEMA_VERSION: u32 = 1;

/// Similarities are rounded to this many decimal places, so that the JSON
/// stays readable and does not change on the last bit of a float.
const SIMILARITY_DECIMALS: i32 = 4;

/// The result of comparing two versions (expressions) of one work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    pub old: Version,
    pub new: Version,
    pub summary: Summary,
    /// Every aligned pair, changed or not, in the new version's reading order.
    pub alignment: Vec<AlignedPair>,
    /// Every changed unit, in the new version's reading order.
    pub changes: Vec<Change>,
}

impl Comparison {
    /// Whether the two versions differ at all.
    pub fn has_changes(&self) -> bool {
        !self.changes.is_empty()
    }
}

/// Identification of one of the two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    /// The path or name the version was read from.
    pub source: String,
    /// FRBRWork FRBRthis or FRBRuri.
    pub work: Option<String>,
    /// FRBRExpression FRBRthis or FRBRuri.
    pub expression: Option<String>,
    /// Expression date, ISO 8601.
    pub date: Option<String>,
    pub title: Option<String>,
    /// The draft round's name, where the document gives one.
    pub version_label: Option<String>,
}

impl Version {
    fn of(doc: &Document) -> Version {
        let m = &doc.meta;
        Version {
            source: doc.source.clone(),
            work: m.work_id().map(str::to_string),
            expression: m.expression_id().map(str::to_string),
            date: m.date.clone(),
            title: m.title.clone(),
            version_label: m.version_label().map(str::to_string),
        }
    }
}

/// Counts over the whole comparison.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Aligned pairs that are not part of any change.
    pub unchanged: usize,
    pub modified: usize,
    pub inserted: usize,
    pub deleted: usize,
    pub moved: usize,
    pub split: usize,
    pub merged: usize,
    /// Changes whose `renumbered` flag is set (of any kind).
    pub renumbered: usize,
    pub effects: EffectTally,
    /// Beyond the schema: the number of changes (of every kind).
    pub changes: usize,
}

/// Effect annotations counted per axis.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EffectTally {
    pub scope: ScopeTally,
    pub safeguards: SafeguardsTally,
}

impl EffectTally {
    /// Counts one effect. A direction that does not belong to the effect's
    /// axis (scope cannot strengthen) counts as unclear.
    fn add(&mut self, e: &Effect) {
        match (e.axis, e.direction) {
            (Axis::Scope, Direction::Widens) => self.scope.widens += 1,
            (Axis::Scope, Direction::Narrows) => self.scope.narrows += 1,
            (Axis::Scope, _) => self.scope.unclear += 1,
            (Axis::Safeguards, Direction::Strengthens) => self.safeguards.strengthens += 1,
            (Axis::Safeguards, Direction::Weakens) => self.safeguards.weakens += 1,
            (Axis::Safeguards, _) => self.safeguards.unclear += 1,
        }
    }
}

/// How many effect annotations point each way on the scope axis.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeTally {
    pub widens: usize,
    pub narrows: usize,
    pub unclear: usize,
}

/// How many effect annotations point each way on the safeguards axis.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafeguardsTally {
    pub strengthens: usize,
    pub weakens: usize,
    pub unclear: usize,
}

/// One aligned pair, each side named by its eId (or id), else its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlignedPair {
    pub old: String,
    pub new: String,
    /// The new provision's element name.
    pub element: String,
}

/// What happened to a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Modified,
    Inserted,
    Deleted,
    Moved,
    Split,
    Merged,
    /// Only the number changed.
    Renumbered,
}

impl ChangeKind {
    /// The name used in the JSON and in human output.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Modified => "modified",
            ChangeKind::Inserted => "inserted",
            ChangeKind::Deleted => "deleted",
            ChangeKind::Moved => "moved",
            ChangeKind::Split => "split",
            ChangeKind::Merged => "merged",
            ChangeKind::Renumbered => "renumbered",
        }
    }
}

/// One changed unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Stable within a comparison: the new eId (or label), or `del:` and
    /// the old one for deletions; `~2`, `~3`... added if ever repeated.
    pub id: String,
    pub kind: ChangeKind,
    /// The clause kept its identity but changed its number.
    pub renumbered: bool,
    /// Share of the text kept, from [`diff::similarity`] of `diff`, rounded
    /// to four decimals (0 for insertions and deletions).
    pub similarity: f64,
    /// Empty for inserted; one for modified, moved, renumbered, split,
    /// deleted; several for merged.
    pub old: Vec<Clause>,
    /// Empty for deleted; one for modified, moved, renumbered, merged,
    /// inserted; several for split.
    pub new: Vec<Clause>,
    /// Word-level edit script from the old clauses' texts to the new ones'
    /// (several texts joined by `\n`).
    pub diff: Vec<Segment>,
    pub effects: Vec<Effect>,
    pub verdict: Verdict,
    /// Beyond the schema: word-level edit script of the heading(s), empty
    /// when the headings are the same.
    pub heading_diff: Vec<Segment>,
    /// Beyond the schema: remarks for a reader that the clauses do not
    /// say themselves, e.g. "moved from Chapter IV (Procedural measures) to
    /// Chapter V (International cooperation)", "includes its 2 paragraphs".
    pub notes: Vec<String>,
}

/// One side of a change: a provision as it stands in one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clause {
    /// eId (AKN 3.0) or id / xml:id (AKN 2.0, LEOS).
    pub eid: Option<String>,
    pub wid: Option<String>,
    pub element: String,
    /// The number as printed.
    pub num: Option<String>,
    /// A human citation: "Article 23(2)(c)".
    pub label: String,
    pub heading: Option<String>,
    /// The clause's own text, or for a unit inserted or deleted whole, the
    /// text of its whole subtree (see `includes_subdivisions`).
    pub text: String,
    /// Beyond the schema: `text` holds the subdivisions too, one line each,
    /// led by their number (and heading, on a line of its own).
    pub includes_subdivisions: bool,
}

pub use crate::effects::{
    Axis, Direction, Effect, Evidence, SafeguardsVerdict, ScopeVerdict, Verdict,
};

/// Compares two versions given their alignment. Pure: the same inputs give
/// the same `Comparison`. Alignment entries that name provisions the
/// documents do not have are ignored.
pub fn compare(old: &Document, new: &Document, alignment: &Alignment) -> Comparison {
    compare_with(old, new, alignment, &Classifier::default())
}

/// [`compare`] with a classifier of one's own (another lexicon, role
/// overrides).
pub fn compare_with(
    old: &Document,
    new: &Document,
    alignment: &Alignment,
    classifier: &Classifier,
) -> Comparison {
    let alignment = within_bounds(alignment, old.provisions.len(), new.provisions.len());
    Builder::new(old, new, &alignment, classifier).run()
}

/// A copy of the alignment without ids out of range of the documents, so
/// that the builder can index freely.
fn within_bounds(a: &Alignment, n_old: usize, n_new: usize) -> Alignment {
    let (o, n) = (|id: &usize| *id < n_old, |id: &usize| *id < n_new);
    Alignment {
        pairs: a
            .pairs
            .iter()
            .filter(|p| o(&p.old) && n(&p.new))
            .cloned()
            .collect(),
        inserted: a.inserted.iter().copied().filter(n).collect(),
        deleted: a.deleted.iter().copied().filter(o).collect(),
        splits: a
            .splits
            .iter()
            .filter(|s| o(&s.old) && !s.new.is_empty() && s.new.iter().all(n))
            .cloned()
            .collect(),
        merges: a
            .merges
            .iter()
            .filter(|m| n(&m.new) && !m.old.is_empty() && m.old.iter().all(o))
            .cloned()
            .collect(),
    }
}

/// Where a change stands: sorted by `slot`, then `tie`. The change at new
/// provision `n` has slot `2n + 1`; a deletion placed after new provision `n`
/// has slot `2n + 2` and its old id as tie, so deletions keep their old order.
type Key = (usize, usize);

struct Builder<'a> {
    old: &'a Document,
    new: &'a Document,
    alignment: &'a Alignment,
    classifier: &'a Classifier,
    /// Old article number -> new, for reading renumbered references.
    map: ArticleMap,
    index: PairIndex,
    /// Old provision -> index of the split it is the source of.
    split_of: HashMap<ProvisionId, usize>,
    /// New provision -> index of the merge it is the target of.
    merge_of: HashMap<ProvisionId, usize>,
    /// Old provision -> the new provision its text went into, for the
    /// secondary old parts of merges (they are in no pair).
    merged_into: HashMap<ProvisionId, ProvisionId>,
    /// New provisions that are inserted with their whole subtree.
    whole_inserted: Vec<bool>,
    /// Old provisions that are deleted with their whole subtree.
    whole_deleted: Vec<bool>,
    /// Last provision (in document order) of each new provision's subtree.
    new_subtree_end: Vec<ProvisionId>,
}

impl<'a> Builder<'a> {
    fn new(
        old: &'a Document,
        new: &'a Document,
        alignment: &'a Alignment,
        classifier: &'a Classifier,
    ) -> Self {
        let mut inserted = vec![false; new.provisions.len()];
        for &n in &alignment.inserted {
            inserted[n] = true;
        }
        let mut deleted = vec![false; old.provisions.len()];
        for &o in &alignment.deleted {
            deleted[o] = true;
        }
        let mut merged_into = HashMap::new();
        for m in &alignment.merges {
            for &o in &m.old {
                merged_into.insert(o, m.new);
            }
        }
        Builder {
            old,
            new,
            alignment,
            classifier,
            map: article_map(old, new, alignment),
            index: alignment.index(old, new),
            split_of: alignment
                .splits
                .iter()
                .enumerate()
                .map(|(i, s)| (s.old, i))
                .collect(),
            merge_of: alignment
                .merges
                .iter()
                .enumerate()
                .map(|(i, m)| (m.new, i))
                .collect(),
            merged_into,
            whole_inserted: whole_subtrees(new, &inserted),
            whole_deleted: whole_subtrees(old, &deleted),
            new_subtree_end: new.subtree_ends(),
        }
    }

    fn run(self) -> Comparison {
        let mut summary = Summary::default();
        let mut changes: Vec<(Key, Change)> = Vec::new();

        let mut pairs: Vec<_> = self.alignment.pairs.iter().collect();
        pairs.sort_by_key(|p| p.new);
        let alignment = pairs
            .iter()
            .map(|p| AlignedPair {
                old: name(&self.old.provisions[p.old]),
                new: name(&self.new.provisions[p.new]),
                element: self.new.provisions[p.new].element.to_string(),
            })
            .collect();

        for pair in &pairs {
            if self.split_of.contains_key(&pair.old) || self.merge_of.contains_key(&pair.new) {
                continue; // Listed below, once per split or merge.
            }
            match self.pair_change(pair) {
                Some(change) => changes.push(((2 * pair.new + 1, 0), change)),
                None => summary.unchanged += 1,
            }
        }
        for split in &self.alignment.splits {
            let first = split.new.iter().copied().min().unwrap_or(0);
            changes.push(((2 * first + 1, 0), self.split_change(split)));
        }
        for merge in &self.alignment.merges {
            changes.push(((2 * merge.new + 1, 0), self.merge_change(merge)));
        }
        // Parts of splits and merges are listed with them, even if an
        // alignment also calls them inserted or deleted.
        let split_parts: HashSet<ProvisionId> = self
            .alignment
            .splits
            .iter()
            .flat_map(|s| s.new.iter().copied())
            .collect();
        let merge_parts: HashSet<ProvisionId> = self
            .alignment
            .merges
            .iter()
            .flat_map(|m| m.old.iter().copied())
            .collect();
        for &n in &self.alignment.inserted {
            let covered = split_parts.contains(&n)
                || self.new.provisions[n]
                    .parent
                    .is_some_and(|p| self.whole_inserted[p]);
            if !covered {
                changes.push(((2 * n + 1, 0), self.inserted_change(n)));
            }
        }
        for &o in &self.alignment.deleted {
            let covered = merge_parts.contains(&o)
                || self.old.provisions[o]
                    .parent
                    .is_some_and(|p| self.whole_deleted[p]);
            if !covered {
                changes.push((self.deletion_key(o), self.deleted_change(o)));
            }
        }

        changes.sort_by_key(|(key, _)| *key);
        self.propagate_definitions(&mut changes);
        let mut used = HashSet::new();
        let changes: Vec<Change> = changes
            .into_iter()
            .map(|(_, mut c)| {
                c.id = unique_id(&mut used, &c.id);
                c
            })
            .collect();

        for c in &changes {
            match c.kind {
                ChangeKind::Modified => summary.modified += 1,
                ChangeKind::Inserted => summary.inserted += 1,
                ChangeKind::Deleted => summary.deleted += 1,
                ChangeKind::Moved => summary.moved += 1,
                ChangeKind::Split => summary.split += 1,
                ChangeKind::Merged => summary.merged += 1,
                ChangeKind::Renumbered => {}
            }
            if c.renumbered {
                summary.renumbered += 1;
            }
            // Propagated notes repeat a definition's effect at its use
            // sites; counting them would weigh one change many times.
            for e in c.effects.iter().filter(|e| !e.propagated) {
                summary.effects.add(e);
            }
        }
        summary.changes = changes.len();

        Comparison {
            schema_version: SCHEMA_VERSION,
            old: Version::of(self.old),
            new: Version::of(self.new),
            summary,
            alignment,
            changes,
        }
    }

    /// The change of one aligned pair, if it changed.
    fn pair_change(&self, pair: &crate::align::Pair) -> Option<Change> {
        let (op, np) = (
            &self.old.provisions[pair.old],
            &self.new.provisions[pair.new],
        );
        let (old_text, new_text) = (op.text(), np.text());
        let footnotes = footnote_notes(op, np);
        let reworded = old_text != new_text || op.heading != np.heading || !footnotes.is_empty();
        let kind = if pair.moved.is_some() {
            ChangeKind::Moved
        } else if reworded {
            ChangeKind::Modified
        } else if pair.renumbered {
            ChangeKind::Renumbered
        } else {
            return None;
        };
        let mut notes = footnotes;
        if let Some(m) = pair.moved {
            notes.push(self.move_note(pair.old, pair.new, m));
        }
        let (segments, fell_back) = word_diff(&old_text, &new_text);
        if fell_back {
            notes.push(fallback_note());
        }
        let effects = self.effects(
            Kind::Modified,
            Some((pair.old, old_text.as_str())),
            Some((pair.new, new_text.as_str())),
        );
        Some(Change {
            id: name(np),
            kind,
            renumbered: pair.renumbered,
            similarity: round(diff::similarity(&segments)),
            old: vec![clause(op, old_text, false)],
            new: vec![clause(np, new_text, false)],
            heading_diff: heading_diff(&[op], &[np]),
            diff: segments,
            verdict: effects::verdict(&effects),
            effects,
            notes,
        })
    }

    fn split_change(&self, split: &crate::align::Split) -> Change {
        let op = &self.old.provisions[split.old];
        let nps: Vec<&Provision> = split.new.iter().map(|&n| &self.new.provisions[n]).collect();
        let pair = self.index.by_old[split.old].map(|i| &self.alignment.pairs[i]);
        let mut notes = Vec::new();
        if let Some(m) = pair.and_then(|p| p.moved) {
            notes.push(self.move_note(split.old, split.new[0], m));
        }
        self.several(
            ChangeKind::Split,
            &[op],
            &nps,
            pair.is_some_and(|p| p.renumbered),
            notes,
        )
    }

    fn merge_change(&self, merge: &crate::align::Merge) -> Change {
        let np = &self.new.provisions[merge.new];
        let ops: Vec<&Provision> = merge.old.iter().map(|&o| &self.old.provisions[o]).collect();
        let pair = self.index.by_new[merge.new].map(|i| &self.alignment.pairs[i]);
        let mut notes = Vec::new();
        if let Some(m) = pair.and_then(|p| p.moved) {
            notes.push(self.move_note(merge.old[0], merge.new, m));
        }
        self.several(
            ChangeKind::Merged,
            &ops,
            &[np],
            pair.is_some_and(|p| p.renumbered),
            notes,
        )
    }

    /// A split or merge: several clauses on one side, texts joined by `\n`.
    fn several(
        &self,
        kind: ChangeKind,
        ops: &[&Provision],
        nps: &[&Provision],
        renumbered: bool,
        mut notes: Vec<String>,
    ) -> Change {
        let old: Vec<Clause> = ops.iter().map(|p| clause(p, p.text(), false)).collect();
        let new: Vec<Clause> = nps.iter().map(|p| clause(p, p.text(), false)).collect();
        let (segments, fell_back) = word_diff(&joined(&old), &joined(&new));
        if fell_back {
            notes.push(fallback_note());
        }
        let id = nps.first().map(|p| name(p)).unwrap_or_default();
        let (old_text, new_text) = (joined(&old), joined(&new));
        let effects = match (first_id(self.old, ops), first_id(self.new, nps)) {
            (Some(o), Some(n)) => self.effects(
                Kind::Restructured,
                Some((o, old_text.as_str())),
                Some((n, new_text.as_str())),
            ),
            _ => Vec::new(),
        };
        Change {
            id,
            kind,
            renumbered,
            similarity: round(diff::similarity(&segments)),
            heading_diff: heading_diff(ops, nps),
            old,
            new,
            diff: segments,
            verdict: effects::verdict(&effects),
            effects,
            notes,
        }
    }

    /// A definition whose term now reaches further (or less far) changes
    /// every clause that uses the term (EFFECTS.md §6.5): the definition's
    /// change gets a note naming the use sites, and each use site that
    /// changed itself gets a propagated effect (which does not change its
    /// own verdict).
    fn propagate_definitions(&self, changes: &mut [(Key, Change)]) {
        let mut notes: Vec<(usize, String)> = Vec::new();
        let mut propagated: Vec<(usize, Effect)> = Vec::new();
        for (i, (key, c)) in changes.iter().enumerate() {
            let direction = match c.verdict.scope {
                ScopeVerdict::Widens => Direction::Widens,
                ScopeVerdict::Narrows => Direction::Narrows,
                _ => continue,
            };
            let Some(def) = c.new.first().or(c.old.first()) else {
                continue;
            };
            let Some(term) = effects::defined_term(&def.text) else {
                continue;
            };
            if key.0 % 2 == 0 {
                continue; // A deleted definition has no use sites in the new text.
            }
            let def_id = (key.0 - 1) / 2;
            let needle = term.to_lowercase();
            let sites: Vec<ProvisionId> = self
                .new
                .provisions
                .iter()
                .enumerate()
                .filter(|&(id, p)| id != def_id && p.text().to_lowercase().contains(&needle))
                .map(|(id, _)| id)
                .collect();
            if sites.is_empty() {
                continue;
            }
            let labels: Vec<&str> = sites
                .iter()
                .take(12)
                .map(|&id| self.new.provisions[id].label.as_str())
                .collect();
            let more = sites.len().saturating_sub(labels.len());
            let verb = if direction == Direction::Widens {
                "widens"
            } else {
                "narrows"
            };
            notes.push((
                i,
                format!(
                    "the change to \u{201c}{term}\u{201d} {verb} every clause that uses it: {}{}",
                    labels.join(", "),
                    if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    }
                ),
            ));
            for (j, (k, site)) in changes.iter().enumerate() {
                let Some(new_clause) = site.new.first() else {
                    continue;
                };
                if j == i || k.0 % 2 == 0 || !sites.contains(&((k.0 - 1) / 2)) {
                    continue;
                }
                let Some(words) = effects::text::quote(
                    &new_clause.text,
                    &effects::text::normalise_phrase(&term, &[]),
                ) else {
                    continue;
                };
                propagated.push((
                    j,
                    Effect {
                        axis: Axis::Scope,
                        direction,
                        rule: "definition.propagated".to_string(),
                        explanation: format!(
                            "Uses \u{2018}{words}\u{2019}, whose definition ({}) changed: this clause {verb} with it.",
                            def.label
                        ),
                        confidence: effects::rules::MEDIUM,
                        evidence: Evidence {
                            old: None,
                            new: Some(words),
                        },
                        propagated: true,
                        needs_review: false,
                    },
                ));
            }
        }
        for (i, note) in notes {
            changes[i].1.notes.push(note);
        }
        for (j, effect) in propagated {
            changes[j].1.effects.push(effect);
        }
    }

    /// What a change does, by the classifier: each side is a provision and
    /// the text that stands for it.
    fn effects(
        &self,
        kind: Kind,
        old: Option<(ProvisionId, &str)>,
        new: Option<(ProvisionId, &str)>,
    ) -> Vec<Effect> {
        let o = old.map(|(id, text)| effects::Clause {
            doc: self.old,
            id,
            text,
        });
        let n = new.map(|(id, text)| effects::Clause {
            doc: self.new,
            id,
            text,
        });
        self.classifier
            .classify(kind, o.as_ref(), n.as_ref(), &self.map)
    }

    fn inserted_change(&self, n: ProvisionId) -> Change {
        let np = &self.new.provisions[n];
        let whole = self.whole_inserted[n];
        let text = if whole {
            subtree_text(self.new, n)
        } else {
            np.text()
        };
        let mut notes = Vec::new();
        if whole {
            notes.extend(subdivisions_note(self.new, n, "includes"));
        }
        let effects = self.effects(Kind::Inserted, None, Some((n, text.as_str())));
        Change {
            id: name(np),
            kind: ChangeKind::Inserted,
            renumbered: false,
            similarity: 0.0,
            old: Vec::new(),
            heading_diff: heading_diff(&[], &[np]),
            diff: single(Op::Insert, &text),
            new: vec![clause(np, text, whole)],
            verdict: effects::verdict(&effects),
            effects,
            notes,
        }
    }

    fn deleted_change(&self, o: ProvisionId) -> Change {
        let op = &self.old.provisions[o];
        let whole = self.whole_deleted[o];
        let text = if whole {
            subtree_text(self.old, o)
        } else {
            op.text()
        };
        let mut notes = Vec::new();
        if whole {
            notes.extend(subdivisions_note(self.old, o, "included"));
        }
        let effects = self.effects(Kind::Deleted, Some((o, text.as_str())), None);
        Change {
            id: format!("del:{}", name(op)),
            kind: ChangeKind::Deleted,
            renumbered: false,
            similarity: 0.0,
            new: Vec::new(),
            heading_diff: heading_diff(&[op], &[]),
            diff: single(Op::Delete, &text),
            old: vec![clause(op, text, whole)],
            verdict: effects::verdict(&effects),
            effects,
            notes,
        }
    }

    /// The new provision an old one's text went to: its pair's, or the
    /// target of the merge it is part of.
    fn counterpart(&self, o: ProvisionId) -> Option<ProvisionId> {
        self.index.by_old[o]
            .map(|i| self.alignment.pairs[i].new)
            .or_else(|| self.merged_into.get(&o).copied())
    }

    /// Where a deleted unit stands in the new reading order
    /// ([`deletion_anchor`]), as a sort key among the changes.
    fn deletion_key(&self, o: ProvisionId) -> Key {
        let slot =
            deletion_anchor(self.old, o, |s| self.counterpart(s)).slot(&self.new_subtree_end);
        (2 * slot, o)
    }

    fn move_note(&self, o: ProvisionId, n: ProvisionId, m: Move) -> String {
        let old_parent = self.old.provisions[o]
            .parent
            .map(|p| &self.old.provisions[p]);
        let new_parent = self.new.provisions[n]
            .parent
            .map(|p| &self.new.provisions[p]);
        match m {
            Move::Parent => format!(
                "moved from {} to {}",
                describe(old_parent),
                describe(new_parent)
            ),
            Move::Reordered => {
                let siblings = match self.new.provisions[n].parent {
                    Some(p) => &self.new.provisions[p].children,
                    None => &self.new.roots,
                };
                let prev = siblings
                    .iter()
                    .take_while(|&&s| s != n)
                    .last()
                    .map(|&s| &self.new.provisions[s]);
                let place = match prev {
                    Some(p) => format!("now after {}", p.label),
                    None => "now first".to_string(),
                };
                format!("moved within {}: {place}", describe(new_parent))
            }
        }
    }
}

/// For each provision, whether it and all its descendants are flagged.
/// Children come after their parent in the arena, so one backward pass does.
fn whole_subtrees(doc: &Document, flagged: &[bool]) -> Vec<bool> {
    let mut whole = flagged.to_vec();
    for id in (0..doc.provisions.len()).rev() {
        if whole[id] {
            whole[id] = doc.provisions[id]
                .children
                .iter()
                .all(|&c| whole.get(c).copied().unwrap_or(false));
        }
    }
    whole
}

/// For each provision, the last provision of its subtree in document order.
/// Where a deleted provision stands in the new reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// Before everything.
    Start,
    /// After the new provision's own text, before its subdivisions.
    AfterOwn(ProvisionId),
    /// After the new provision and everything under it.
    AfterSubtree(ProvisionId),
}

impl Anchor {
    /// The place as a slot in the new document order: the deleted provision
    /// stands before new provision `slot` (`subtree_end` from
    /// [`Document::subtree_ends`] of the new version).
    pub fn slot(self, subtree_end: &[ProvisionId]) -> usize {
        match self {
            Anchor::Start => 0,
            Anchor::AfterOwn(n) => n + 1,
            Anchor::AfterSubtree(n) => subtree_end.get(n).copied().unwrap_or(n) + 1,
        }
    }
}

/// Where a deleted old provision stands, the one rule every output follows:
/// after the new counterpart of its nearest preceding sibling that has one,
/// with that counterpart's subtree; failing that, just after its nearest
/// ancestor's counterpart (looking at that ancestor's preceding siblings
/// first); failing all, first.
pub fn deletion_anchor(
    old: &Document,
    o: ProvisionId,
    counterpart: impl Fn(ProvisionId) -> Option<ProvisionId>,
) -> Anchor {
    let mut cur = o;
    loop {
        let parent = old.provisions[cur].parent;
        let siblings = match parent {
            Some(p) => &old.provisions[p].children,
            None => &old.roots,
        };
        let at = siblings.iter().position(|&s| s == cur).unwrap_or(0);
        if let Some(n) = siblings[..at].iter().rev().find_map(|&s| counterpart(s)) {
            return Anchor::AfterSubtree(n);
        }
        match parent {
            Some(p) => match counterpart(p) {
                Some(n) => return Anchor::AfterOwn(n),
                None => cur = p,
            },
            None => return Anchor::Start,
        }
    }
}

/// The text of a provision and everything under it, in reading order (own
/// intro and content, the subdivisions, own wrap-up), one block per line.
/// Each subdivision's first line is led by its number; a subdivision with a
/// heading gets a line of its own ("Article 5 Scope") before its text. The
/// provision's own number and heading are not repeated: its clause has them.
fn subtree_text(doc: &Document, id: ProvisionId) -> String {
    enum Step {
        Enter(ProvisionId),
        WrapUp(ProvisionId),
    }
    let mut lines: Vec<String> = Vec::new();
    let mut stack = vec![Step::Enter(id)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Enter(cur) => {
                let p = &doc.provisions[cur];
                let mut lead = String::new();
                if cur != id {
                    let parts = [p.num.as_deref(), p.heading.as_deref()];
                    lead = parts.into_iter().flatten().collect::<Vec<_>>().join(" ");
                    if p.heading.is_some() && !lead.is_empty() {
                        lines.push(std::mem::take(&mut lead));
                    }
                }
                for block in [&p.intro, &p.content].into_iter().filter(|b| !b.is_empty()) {
                    if lead.is_empty() {
                        lines.push(block.to_string());
                    } else {
                        lines.push(format!("{} {block}", std::mem::take(&mut lead)));
                    }
                }
                if !lead.is_empty() {
                    lines.push(lead);
                }
                stack.push(Step::WrapUp(cur));
                stack.extend(p.children.iter().rev().map(|&c| Step::Enter(c)));
            }
            Step::WrapUp(cur) => {
                let w = &doc.provisions[cur].wrap_up;
                if !w.is_empty() {
                    lines.push(w.to_string());
                }
            }
        }
    }
    lines.join("\n")
}

/// "includes 2 paragraphs and 3 points", counting every subdivision below
/// the provision by element, in order of first appearance.
fn subdivisions_note(doc: &Document, id: ProvisionId, verb: &str) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut stack: Vec<ProvisionId> = doc.provisions[id].children.iter().rev().copied().collect();
    while let Some(cur) = stack.pop() {
        let p = &doc.provisions[cur];
        match counts.iter_mut().find(|(e, _)| *e == p.element) {
            Some((_, n)) => *n += 1,
            None => counts.push((p.element.to_string(), 1)),
        }
        stack.extend(p.children.iter().rev().copied());
    }
    if counts.is_empty() {
        return None;
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(element, n)| {
            let word = display_name(element).to_lowercase();
            if *n == 1 {
                format!("1 {word}")
            } else {
                format!("{n} {}", plural(&word))
            }
        })
        .collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    Some(format!("{verb} its {}", join_and(&parts)))
}

fn plural(word: &str) -> String {
    if word.ends_with('s') || word.ends_with('x') {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

/// "A", "A and B", "A, B and C".
fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// "Chapter IV (Procedural measures)", or "the top level" for no parent.
fn describe(p: Option<&Provision>) -> String {
    match p {
        None => "the top level".to_string(),
        Some(p) => match &p.heading {
            Some(h) => format!("{} ({h})", p.label),
            None => p.label.to_string(),
        },
    }
}

/// A provision's name in `alignment` and change ids: its eId (or id), else
/// its label.
fn name(p: &Provision) -> String {
    p.ids.citable().unwrap_or(&p.label).to_string()
}

fn unique_id(used: &mut HashSet<String>, base: &str) -> String {
    let mut id = base.to_string();
    let mut k = 1;
    while !used.insert(id.clone()) {
        k += 1;
        id = format!("{base}~{k}");
    }
    id
}

fn clause(p: &Provision, text: String, includes_subdivisions: bool) -> Clause {
    Clause {
        eid: p.ids.citable().map(str::to_string),
        wid: p.ids.wid.as_deref().map(str::to_string),
        element: p.element.to_string(),
        num: p.num.as_deref().map(str::to_string),
        label: p.label.to_string(),
        heading: p.heading.as_deref().map(str::to_string),
        text,
        includes_subdivisions,
    }
}

/// Footnotes (authorial notes) are kept apart from the clause text, so
/// their changes are told as notes: "footnote 5 changed: ‘p. 13 - 18’ →
/// ‘p. 13’", "footnote 2 added: ...", "footnote 3 removed: ...".
fn footnote_notes(op: &Provision, np: &Provision) -> Vec<String> {
    let key =
        |n: &crate::akn::Note, i: usize| n.marker.clone().unwrap_or_else(|| (i + 1).to_string());
    let olds: Vec<(String, &str)> = op
        .notes()
        .iter()
        .enumerate()
        .map(|(i, n)| (key(n, i), n.text.as_str()))
        .collect();
    let news: Vec<(String, &str)> = np
        .notes()
        .iter()
        .enumerate()
        .map(|(i, n)| (key(n, i), n.text.as_str()))
        .collect();
    let same_texts = olds.iter().map(|n| n.1).eq(news.iter().map(|n| n.1));
    if same_texts {
        // Renumbered footnote markers alone are no change of the clause.
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, (marker, text)) in news.iter().enumerate() {
        match olds.get(i) {
            Some((_, old)) if old == text => {}
            Some((_, old)) => out.push(format!(
                "footnote {marker} changed: \u{2018}{old}\u{2019} \u{2192} \u{2018}{text}\u{2019}"
            )),
            None => out.push(format!("footnote {marker} added: \u{2018}{text}\u{2019}")),
        }
    }
    for (marker, old) in olds.iter().skip(news.len()) {
        out.push(format!("footnote {marker} removed: \u{2018}{old}\u{2019}"));
    }
    out
}

/// The id of the first of several provisions, found by identity.
fn first_id(doc: &Document, ps: &[&Provision]) -> Option<ProvisionId> {
    let first = ps.first()?;
    doc.provisions.iter().position(|p| std::ptr::eq(p, *first))
}

fn joined(clauses: &[Clause]) -> String {
    let texts: Vec<&str> = clauses.iter().map(|c| c.text.as_str()).collect();
    texts.join("\n")
}

/// The word diff of two texts and whether it fell back to a coarser script.
fn word_diff(old: &str, new: &str) -> (Vec<Segment>, bool) {
    let r = diff::words_with_budget(old, new, diff::DEFAULT_BUDGET);
    (r.segments, r.fell_back)
}

fn fallback_note() -> String {
    format!(
        "the word diff took longer than {} ms; changed lines are shown as replaced",
        diff::DEFAULT_BUDGET.as_millis()
    )
}

/// Word diff of the headings (several joined by `\n`); empty when equal.
fn heading_diff(old: &[&Provision], new: &[&Provision]) -> Vec<Segment> {
    let text = |ps: &[&Provision]| {
        let hs: Vec<&str> = ps.iter().filter_map(|p| p.heading.as_deref()).collect();
        hs.join("\n")
    };
    let (o, n) = (text(old), text(new));
    if o == n {
        Vec::new()
    } else {
        diff::words(&o, &n)
    }
}

fn single(op: Op, text: &str) -> Vec<Segment> {
    if text.is_empty() {
        Vec::new()
    } else {
        vec![Segment {
            op,
            text: text.to_string(),
        }]
    }
}

fn round(x: f64) -> f64 {
    let scale = 10f64.powi(SIMILARITY_DECIMALS);
    ((x * scale).round() / scale).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::akn::read_bytes;
    use crate::align::{Merge, Pair, Signal, Split};

    fn doc(body: &str) -> Document {
        let xml = format!(
            r##"<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><bill>
<meta><identification source="#t"><FRBRWork><FRBRthis value="/akn/t/bill/1/!main"/></FRBRWork>
<FRBRExpression><FRBRthis value="/akn/t/bill/1/eng@2024/!main"/><FRBRdate date="2024-01-01" name="draft"/></FRBRExpression></identification></meta>
<preface><p><docTitle>Test convention</docTitle></p></preface>
<body>{body}</body></bill></akomaNtoso>"##
        );
        match read_bytes(xml.as_bytes(), "t.xml") {
            Ok(d) => d,
            Err(e) => panic!("test document does not read: {e}"),
        }
    }

    fn id(d: &Document, eid: &str) -> ProvisionId {
        match d.by_eid(eid) {
            Some(i) => i,
            None => panic!("no {eid}"),
        }
    }

    /// An alignment pairing equal eIds, with the given exceptions: `renames`
    /// pairs old eId -> new eId, `moved` marks pairs (by new eId) as moved.
    /// Everything else unpaired is inserted or deleted.
    fn align_by_eid(
        old: &Document,
        new: &Document,
        renames: &[(&str, &str)],
        moved: &[(&str, Move)],
    ) -> Alignment {
        let mut a = Alignment::default();
        let mut old_used = vec![false; old.provisions.len()];
        for (n, np) in new.iter() {
            let neid = name(np);
            let neid = neid.as_str();
            let oeid = renames
                .iter()
                .find(|(_, to)| *to == neid)
                .map(|(from, _)| *from)
                .unwrap_or(neid);
            let found = old.iter().find(|(o, op)| !old_used[*o] && name(op) == oeid);
            match found.map(|(o, _)| o) {
                Some(o)
                    if !renames
                        .iter()
                        .any(|(from, to)| *from == oeid && *to != neid) =>
                {
                    old_used[o] = true;
                    let op = &old.provisions[o];
                    a.pairs.push(Pair {
                        old: o,
                        new: n,
                        signal: Signal::Eid,
                        score: 1.0,
                        renumbered: op.num != np.num,
                        moved: moved.iter().find(|(e, _)| *e == neid).map(|(_, m)| *m),
                    });
                }
                _ => a.inserted.push(n),
            }
        }
        a.deleted = (0..old.provisions.len())
            .filter(|&o| !old_used[o])
            .collect();
        a
    }

    /// The schema's invariant: equal + delete rebuild the old side, equal +
    /// insert the new; and the shape every change must have.
    fn check(c: &Comparison) {
        for ch in &c.changes {
            assert_eq!(diff::old_text(&ch.diff), joined(&ch.old), "{ch:#?}");
            assert_eq!(diff::new_text(&ch.diff), joined(&ch.new), "{ch:#?}");
            assert!((0.0..=1.0).contains(&ch.similarity));
            assert_eq!(ch.verdict, effects::verdict(&ch.effects));
            match ch.kind {
                ChangeKind::Inserted => assert!(ch.old.is_empty() && ch.new.len() == 1),
                ChangeKind::Deleted => assert!(ch.new.is_empty() && ch.old.len() == 1),
                ChangeKind::Split => assert!(ch.old.len() == 1 && ch.new.len() > 1),
                ChangeKind::Merged => assert!(ch.old.len() > 1 && ch.new.len() == 1),
                _ => assert!(ch.old.len() == 1 && ch.new.len() == 1),
            }
        }
        let ids: HashSet<&str> = c.changes.iter().map(|ch| ch.id.as_str()).collect();
        assert_eq!(ids.len(), c.changes.len(), "change ids repeat");
        assert_eq!(c.summary.changes, c.changes.len());
        let json = serde_json::to_string(c).unwrap_or_default();
        let back: Option<Comparison> = serde_json::from_str(&json).ok();
        assert_eq!(back.as_ref(), Some(c), "JSON round trip");
    }

    fn ids(c: &Comparison) -> Vec<(&str, ChangeKind)> {
        c.changes
            .iter()
            .map(|ch| (ch.id.as_str(), ch.kind))
            .collect()
    }

    const BASE: &str = r#"
<chapter eId="chp_1"><num>Chapter I</num><heading>General provisions</heading>
  <article eId="art_1"><num>Article 1</num><heading>Purpose</heading>
    <paragraph eId="art_1__para_1"><num>1.</num><content><p>The purpose of this Convention is to promote cooperation.</p></content></paragraph>
    <paragraph eId="art_1__para_2"><num>2.</num><content><p>Each State Party shall respect human rights.</p></content></paragraph>
  </article>
  <article eId="art_2"><num>Article 2</num><heading>Use of terms</heading>
    <paragraph eId="art_2__para_1"><num>1.</num><content><p>"Data" means any representation of facts.</p></content></paragraph>
  </article>
</chapter>
<chapter eId="chp_2"><num>Chapter II</num><heading>Criminalization</heading>
  <article eId="art_3"><num>Article 3</num><heading>Illegal access</heading>
    <paragraph eId="art_3__para_1"><num>1.</num><intro><p>Each State Party shall establish as offences:</p></intro>
      <point eId="art_3__para_1__point_a"><num>(a)</num><content><p>access without right;</p></content></point>
      <point eId="art_3__para_1__point_b"><num>(b)</num><content><p>interception without right.</p></content></point>
    </paragraph>
  </article>
</chapter>"#;

    #[test]
    fn footnote_changes_are_told() {
        let with_note = |note: &str| {
            doc(&format!(
                "<article eId=\"art_1\"><num>Article 1</num><paragraph eId=\"art_1__para_1\"><num>1.</num><content><p>Text<authorialNote marker=\"1\"><p>{note}</p></authorialNote>.</p></content></paragraph></article>"
            ))
        };
        let (old, new) = (with_note("p. 13 - 18"), with_note("p. 13"));
        let c = compare(&old, &new, &crate::align::align(&old, &new));
        assert_eq!(c.changes.len(), 1, "{c:#?}");
        assert_eq!(c.changes[0].kind, ChangeKind::Modified);
        assert_eq!(
            c.changes[0].notes,
            ["footnote 1 changed: \u{2018}p. 13 - 18\u{2019} \u{2192} \u{2018}p. 13\u{2019}"]
        );
        let same = compare(&old, &old, &crate::align::align(&old, &old));
        assert!(same.changes.is_empty());
    }

    #[test]
    fn identical_documents_have_no_changes() {
        let (old, new) = (doc(BASE), doc(BASE));
        let a = align_by_eid(&old, &new, &[], &[]);
        let c = compare(&old, &new, &a);
        check(&c);
        assert!(!c.has_changes());
        assert_eq!(c.summary.unchanged, new.provisions.len());
        assert_eq!(c.alignment.len(), new.provisions.len());
        assert_eq!(c.alignment[0].old, c.alignment[0].new);
        assert_eq!(c.schema_version, 1);
        assert_eq!(c.old.title.as_deref(), Some("Test convention"));
        assert_eq!(c.old.date.as_deref(), Some("2024-01-01"));
        assert_eq!(c.old.version_label.as_deref(), Some("draft"));
        assert_eq!(c.old.work.as_deref(), Some("/akn/t/bill/1/!main"));
        assert_eq!(c.old.source, "t.xml");
    }

    #[test]
    fn modified_text_lists_only_the_clause_not_its_containers() {
        let old = doc(BASE);
        let new = doc(&BASE.replace("access without right", "intentional access without right"));
        let c = compare(&old, &new, &align_by_eid(&old, &new, &[], &[]));
        check(&c);
        assert_eq!(ids(&c), [("art_3__para_1__point_a", ChangeKind::Modified)]);
        let ch = &c.changes[0];
        assert_eq!(ch.old[0].label, "Article 3(1)(a)");
        assert_eq!(ch.new[0].text, "intentional access without right;");
        assert!(!ch.renumbered && ch.notes.is_empty() && ch.heading_diff.is_empty());
        assert!(ch.similarity > 0.5 && ch.similarity < 1.0);
        assert_eq!(c.summary.modified, 1);
        assert_eq!(c.summary.unchanged, new.provisions.len() - 1);
    }

    #[test]
    fn intro_change_is_the_paragraphs_own_change() {
        let old = doc(BASE);
        let new = doc(&BASE.replace("shall establish as offences", "may establish as offences"));
        let c = compare(&old, &new, &align_by_eid(&old, &new, &[], &[]));
        check(&c);
        assert_eq!(ids(&c), [("art_3__para_1", ChangeKind::Modified)]);
        assert_eq!(
            c.changes[0].old[0].text,
            "Each State Party shall establish as offences:"
        );
    }

    #[test]
    fn heading_change_is_a_modification_with_a_heading_diff() {
        let old = doc(BASE);
        let new = doc(&BASE.replace("Use of terms", "Definitions"));
        let c = compare(&old, &new, &align_by_eid(&old, &new, &[], &[]));
        check(&c);
        assert_eq!(ids(&c), [("art_2", ChangeKind::Modified)]);
        let ch = &c.changes[0];
        assert_eq!(diff::old_text(&ch.heading_diff), "Use of terms");
        assert_eq!(diff::new_text(&ch.heading_diff), "Definitions");
        assert!(ch.diff.is_empty(), "no own text: {:?}", ch.diff);
    }

    #[test]
    fn renumbering_alone_and_with_rewording() {
        let old = doc(BASE);
        let new = doc(&BASE
            .replace("<num>Article 2</num>", "<num>Article 3</num>")
            .replace(
                "<num>Article 3</num><heading>Illegal",
                "<num>Article 4</num><heading>Illegal",
            )
            .replace(
                "any representation of facts",
                "any representation of facts or concepts",
            ));
        // Article 3 became Article 4 and Article 2 became 3 (the first
        // replace also hit Article 3's num, undone by the second).
        let c = compare(&old, &new, &align_by_eid(&old, &new, &[], &[]));
        check(&c);
        assert_eq!(
            ids(&c),
            [
                ("art_2", ChangeKind::Renumbered),
                ("art_2__para_1", ChangeKind::Modified),
                ("art_3", ChangeKind::Renumbered),
            ]
        );
        assert!(c.changes[0].renumbered && (c.changes[0].similarity - 1.0).abs() < 1e-9);
        assert!(!c.changes[1].renumbered);
        assert_eq!(c.changes[1].old[0].label, "Article 2(1)");
        assert_eq!(c.changes[1].new[0].label, "Article 3(1)");
        assert_eq!(c.summary.renumbered, 2);
        assert_eq!(c.summary.modified, 1);
        assert_eq!(c.summary.changes, 3);
    }

    #[test]
    fn renumbered_and_reworded_is_modified_with_the_flag() {
        let old = doc(BASE);
        let new = doc(&BASE.replace(
            r#"<num>2.</num><content><p>Each State Party shall respect"#,
            r#"<num>3.</num><content><p>Each State Party shall fully respect"#,
        ));
        let c = compare(&old, &new, &align_by_eid(&old, &new, &[], &[]));
        check(&c);
        assert_eq!(ids(&c), [("art_1__para_2", ChangeKind::Modified)]);
        assert!(c.changes[0].renumbered);
        assert_eq!(c.summary.renumbered, 1);
    }

    #[test]
    fn whole_inserted_article_is_one_change_with_its_subtree() {
        let old = doc(BASE);
        let new = doc(&BASE.replace(
            "</chapter>\n<chapter",
            r#"<article eId="art_2a"><num>Article 2 bis</num><heading>Sovereignty</heading>
    <paragraph eId="art_2a__para_1"><num>1.</num><intro><p>States shall respect:</p></intro>
      <point eId="art_2a__para_1__point_a"><num>(a)</num><content><p>sovereign equality;</p></content></point>
      <point eId="art_2a__para_1__point_b"><num>(b)</num><content><p>territorial integrity.</p></content></point>
      <wrapUp><p>in carrying out their obligations.</p></wrapUp>
    </paragraph>
  </article></chapter>
<chapter"#,
        ));
        let c = compare(&old, &new, &align_by_eid(&old, &new, &[], &[]));
        check(&c);
        assert_eq!(ids(&c), [("art_2a", ChangeKind::Inserted)]);
        let ch = &c.changes[0];
        let clause = &ch.new[0];
        assert!(clause.includes_subdivisions);
        assert_eq!(clause.heading.as_deref(), Some("Sovereignty"));
        assert_eq!(
            clause.text,
            "1. States shall respect:\n(a) sovereign equality;\n(b) territorial integrity.\nin carrying out their obligations."
        );
        assert_eq!(ch.notes, ["includes its 1 paragraph and 2 points"]);
        assert_eq!(ch.similarity, 0.0);
        assert_eq!(diff::new_text(&ch.heading_diff), "Sovereignty");
        assert_eq!(c.summary.inserted, 1);
    }

    #[test]
    fn inserted_container_of_a_paired_provision_is_listed_alone() {
        let old = doc(BASE);
        // A new chapter takes Article 3 (moved) and a new Article 4.
        let new = doc(&format!(
            "{}{}",
            BASE.replace(
                "</chapter>\n<chapter eId=\"chp_2\"",
                "</chapter>\n<chapter eId=\"chp_x\""
            ),
            r#"<chapter eId="chp_3"><num>Chapter III</num><heading>Final provisions</heading>
  <article eId="art_4"><num>Article 4</num><heading>Signature</heading><content><p>Open for signature.</p></content></article>
</chapter>"#
        ));
        let renames = [("chp_2", "chp_x")];
        let a = align_by_eid(&old, &new, &renames, &[]);
        let c = compare(&old, &new, &a);
        check(&c);
        assert_eq!(
            ids(&c),
            [("chp_3", ChangeKind::Inserted)],
            "whole chapter with its article: one change"
        );
        assert_eq!(
            c.changes[0].new[0].text,
            "Article 4 Signature\nOpen for signature."
        );

        // Now the new chapter holds a paired article: it is listed with its
        // own (empty) text, and the inserted article beside it separately.
        let new2 = doc(&BASE.replace(
            r#"<chapter eId="chp_2"><num>Chapter II</num><heading>Criminalization</heading>"#,
            r#"<chapter eId="chp_9"><num>Chapter II</num><heading>Offences</heading>
  <article eId="art_9"><num>Article 9</num><content><p>New text.</p></content></article>"#,
        ));
        let mut a2 = align_by_eid(&old, &new2, &[], &[("art_3", Move::Parent)]);
        a2.deleted
            .retain(|&o| old.provisions[o].ids.citable() != Some("chp_2"));
        // Treat old chp_2 as deleted on its own (its article moved out).
        a2.deleted.push(id(&old, "chp_2"));
        a2.deleted.sort();
        let c2 = compare(&old, &new2, &a2);
        check(&c2);
        assert_eq!(
            ids(&c2),
            [
                ("del:chp_2", ChangeKind::Deleted),
                ("chp_9", ChangeKind::Inserted),
                ("art_9", ChangeKind::Inserted),
                ("art_3", ChangeKind::Moved),
            ]
        );
        assert!(!c2.changes[1].new[0].includes_subdivisions);
        assert_eq!(c2.changes[1].new[0].text, "");
        assert!(c2.changes[2].new[0].includes_subdivisions);
        assert_eq!(
            c2.changes[3].notes,
            ["moved from Chapter II (Criminalization) to Chapter II (Offences)"]
        );
        assert!(c2.changes[3].diff.iter().all(|s| s.op == Op::Equal));
        assert_eq!(c2.summary.moved, 1);
    }

    #[test]
    fn deletions_stand_where_they_stood() {
        let old = doc(BASE);
        // Delete Article 2 whole, Article 1(1) (a first child) and point (b)
        // (a last child).
        let new = doc(
            &BASE
                .replace(
                    r#"<paragraph eId="art_1__para_1"><num>1.</num><content><p>The purpose of this Convention is to promote cooperation.</p></content></paragraph>"#,
                    "",
                )
                .replace(
                    r#"<article eId="art_2"><num>Article 2</num><heading>Use of terms</heading>
    <paragraph eId="art_2__para_1"><num>1.</num><content><p>"Data" means any representation of facts.</p></content></paragraph>
  </article>"#,
                    "",
                )
                .replace(
                    r#"<point eId="art_3__para_1__point_b"><num>(b)</num><content><p>interception without right.</p></content></point>"#,
                    "",
                ),
        );
        let c = compare(&old, &new, &align_by_eid(&old, &new, &[], &[]));
        check(&c);
        assert_eq!(
            ids(&c),
            [
                ("del:art_1__para_1", ChangeKind::Deleted),
                ("del:art_2", ChangeKind::Deleted),
                ("del:art_3__para_1__point_b", ChangeKind::Deleted),
            ]
        );
        let art2 = &c.changes[1];
        assert_eq!(
            art2.old[0].text,
            "1. \"Data\" means any representation of facts."
        );
        assert!(art2.old[0].includes_subdivisions);
        assert_eq!(art2.notes, ["included its 1 paragraph"]);
        assert_eq!(c.summary.deleted, 3);

        // Placement relative to the other changes: a change in Article 1(2)
        // comes after the deletion of Article 1(1), before Article 2's.
        let new3 = doc(
            &BASE
                .replace(
                    r#"<paragraph eId="art_1__para_1"><num>1.</num><content><p>The purpose of this Convention is to promote cooperation.</p></content></paragraph>"#,
                    "",
                )
                .replace("shall respect human rights", "shall respect human rights law")
                .replace("access without right;", "access without right; and"),
        );
        let c3 = compare(&old, &new3, &align_by_eid(&old, &new3, &[], &[]));
        check(&c3);
        assert_eq!(
            ids(&c3),
            [
                ("del:art_1__para_1", ChangeKind::Deleted),
                ("art_1__para_2", ChangeKind::Modified),
                ("art_3__para_1__point_a", ChangeKind::Modified),
            ]
        );
    }

    #[test]
    fn deletion_after_a_sibling_goes_after_that_siblings_subtree() {
        let old = doc(BASE);
        let new = doc(
            &BASE
                .replace(
                    r#"<article eId="art_2"><num>Article 2</num><heading>Use of terms</heading>
    <paragraph eId="art_2__para_1"><num>1.</num><content><p>"Data" means any representation of facts.</p></content></paragraph>
  </article>"#,
                    "",
                )
                .replace("shall respect human rights", "shall respect human rights law")
                .replace("Illegal access", "Unlawful access"),
        );
        let c = compare(&old, &new, &align_by_eid(&old, &new, &[], &[]));
        check(&c);
        assert_eq!(
            ids(&c),
            [
                ("art_1__para_2", ChangeKind::Modified),
                ("del:art_2", ChangeKind::Deleted),
                ("art_3", ChangeKind::Modified),
            ]
        );
    }

    #[test]
    fn split_is_one_change() {
        let old = doc(BASE);
        let new = doc(&BASE.replace(
            r#"<paragraph eId="art_1__para_2"><num>2.</num><content><p>Each State Party shall respect human rights.</p></content></paragraph>"#,
            r#"<paragraph eId="art_1__para_2"><num>2.</num><content><p>Each State Party shall respect</p></content></paragraph>
    <paragraph eId="art_1__para_3"><num>3.</num><content><p>human rights.</p></content></paragraph>"#,
        ));
        let mut a = align_by_eid(&old, &new, &[], &[]);
        let (o, n2, n3) = (
            id(&old, "art_1__para_2"),
            id(&new, "art_1__para_2"),
            id(&new, "art_1__para_3"),
        );
        a.inserted.retain(|&n| n != n3);
        a.splits.push(Split {
            old: o,
            new: vec![n2, n3],
        });
        let c = compare(&old, &new, &a);
        check(&c);
        assert_eq!(ids(&c), [("art_1__para_2", ChangeKind::Split)]);
        let ch = &c.changes[0];
        assert_eq!(ch.new.len(), 2);
        assert_eq!(
            diff::new_text(&ch.diff),
            "Each State Party shall respect\nhuman rights."
        );
        assert_eq!(ch.new[1].label, "Article 1(3)");
        assert!(ch.notes.is_empty());
        assert_eq!(c.summary.split, 1);
        assert_eq!(c.summary.unchanged, a.pairs.len() - 1);
    }

    #[test]
    fn merge_is_one_change() {
        let old = doc(BASE);
        let new = doc(&BASE.replace(
            r#"<paragraph eId="art_1__para_1"><num>1.</num><content><p>The purpose of this Convention is to promote cooperation.</p></content></paragraph>
    <paragraph eId="art_1__para_2"><num>2.</num><content><p>Each State Party shall respect human rights.</p></content></paragraph>"#,
            r#"<paragraph eId="art_1__para_1"><num>1.</num><content><p>The purpose of this Convention is to promote cooperation; each State Party shall respect human rights.</p></content></paragraph>"#,
        ));
        let mut a = align_by_eid(&old, &new, &[], &[]);
        let (o1, o2, n1) = (
            id(&old, "art_1__para_1"),
            id(&old, "art_1__para_2"),
            id(&new, "art_1__para_1"),
        );
        a.deleted.retain(|&o| o != o2);
        a.merges.push(Merge {
            old: vec![o1, o2],
            new: n1,
        });
        let c = compare(&old, &new, &a);
        check(&c);
        assert_eq!(ids(&c), [("art_1__para_1", ChangeKind::Merged)]);
        assert_eq!(c.changes[0].old[1].label, "Article 1(2)");
        assert_eq!(c.summary.merged, 1);
    }

    #[test]
    fn reordered_note_names_the_new_neighbour() {
        let old = doc(BASE);
        let swapped = BASE.replace(
            r#"<paragraph eId="art_1__para_1"><num>1.</num><content><p>The purpose of this Convention is to promote cooperation.</p></content></paragraph>
    <paragraph eId="art_1__para_2"><num>2.</num><content><p>Each State Party shall respect human rights.</p></content></paragraph>"#,
            r#"<paragraph eId="art_1__para_2"><num>2.</num><content><p>Each State Party shall respect human rights.</p></content></paragraph>
    <paragraph eId="art_1__para_1"><num>1.</num><content><p>The purpose of this Convention is to promote cooperation.</p></content></paragraph>"#,
        );
        let new = doc(&swapped);
        let a = align_by_eid(&old, &new, &[], &[("art_1__para_1", Move::Reordered)]);
        let c = compare(&old, &new, &a);
        check(&c);
        assert_eq!(ids(&c), [("art_1__para_1", ChangeKind::Moved)]);
        assert_eq!(
            c.changes[0].notes,
            ["moved within Article 1 (Purpose): now after Article 1(2)"]
        );
    }

    #[test]
    fn change_ids_stay_unique_without_eids() {
        let body = r#"<article><num>Article 1</num><content><p>One.</p></content></article>
<article><num>Article 1</num><content><p>Two.</p></content></article>"#;
        let old = doc("");
        let new = doc(body);
        let a = align_by_eid(&old, &new, &[], &[]);
        let c = compare(&old, &new, &a);
        check(&c);
        assert_eq!(
            ids(&c),
            [
                ("Article 1", ChangeKind::Inserted),
                ("Article 1~2", ChangeKind::Inserted)
            ]
        );
    }

    #[test]
    fn out_of_range_alignment_entries_are_ignored() {
        let (old, new) = (doc(BASE), doc(BASE));
        let mut a = align_by_eid(&old, &new, &[], &[]);
        a.inserted.push(10_000);
        a.deleted.push(10_000);
        a.splits.push(Split {
            old: 0,
            new: vec![0, 10_000],
        });
        let c = compare(&old, &new, &a);
        check(&c);
        assert!(!c.has_changes());
    }

    fn effect(axis: Axis, direction: Direction) -> Effect {
        Effect {
            axis,
            direction,
            rule: "test.rule".into(),
            explanation: "because".into(),
            confidence: 0.9,
            evidence: Evidence::default(),
            propagated: false,
            needs_review: false,
        }
    }

    #[test]
    fn verdicts_from_effects() {
        use Direction::*;
        let v = |es: &[(Axis, Direction)]| {
            let es: Vec<Effect> = es.iter().map(|&(a, d)| effect(a, d)).collect();
            effects::verdict(&es)
        };
        assert_eq!(v(&[]).scope, ScopeVerdict::None);
        assert_eq!(v(&[]).safeguards, SafeguardsVerdict::None);
        assert_eq!(v(&[(Axis::Scope, Widens)]).scope, ScopeVerdict::Widens);
        assert_eq!(
            v(&[(Axis::Scope, Widens)]).safeguards,
            SafeguardsVerdict::None
        );
        assert_eq!(
            v(&[(Axis::Scope, Widens), (Axis::Scope, Narrows)]).scope,
            ScopeVerdict::Mixed
        );
        assert_eq!(
            v(&[(Axis::Scope, Narrows), (Axis::Scope, Unclear)]).scope,
            ScopeVerdict::Narrows
        );
        assert_eq!(v(&[(Axis::Scope, Unclear)]).scope, ScopeVerdict::Unclear);
        assert_eq!(
            v(&[(Axis::Safeguards, Weakens)]).safeguards,
            SafeguardsVerdict::Weakens
        );
        let json =
            serde_json::to_string(&v(&[(Axis::Safeguards, Strengthens)])).unwrap_or_default();
        assert_eq!(json, r#"{"scope":"none","safeguards":"strengthens"}"#);
    }

    #[test]
    fn subtree_text_leads_with_numbers_and_headings() {
        let d = doc(BASE);
        assert_eq!(
            subtree_text(&d, id(&d, "chp_2")),
            "Article 3 Illegal access\n1. Each State Party shall establish as offences:\n(a) access without right;\n(b) interception without right."
        );
    }

    #[test]
    fn helpers() {
        assert_eq!(join_and(&[]), "");
        assert_eq!(join_and(&["A"]), "A");
        assert_eq!(join_and(&["A", "B", "C"]), "A, B and C");
        assert_eq!(plural("indent"), "indents");
        assert_eq!(plural("clause"), "clauses");
        assert_eq!(round(0.123456), 0.1235);
    }
}
