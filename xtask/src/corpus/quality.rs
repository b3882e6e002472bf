//! Alignment quality on real series.
//!
//! * The UK bills carry a stable GUID on every element. Each consecutive
//!   pair is aligned as it is (GUIDs used): that is the truth. Then every
//!   identifier is stripped and the pair aligned again by content alone;
//!   the id-free pairs are scored against the truth. Below 0.99 precision
//!   or recall fails the check.
//! * The LEOS 3.2 compare series, where the expected outcome is
//!   unambiguous: what is inserted, deleted, kept in place, split, merged.
//!   Provisions are named by the labels `redline inspect` prints.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

use redline::akn::{Document, ProvisionId};
use redline::align::{Alignment, Signal};

use super::Checks;

/// Least precision and recall of the id-free alignment against the GUIDs.
const MIN_SCORE: f64 = 0.99;

const UK_PAIRS: &[(&str, &str, &str)] = &[
    (
        "Social Housing, lords committee -> lords report",
        "Social Housing (Regulation) Bill - lords committee",
        "Social Housing (Regulation) Bill - lords report",
    ),
    (
        "Social Housing, lords report -> commons brl",
        "Social Housing (Regulation) Bill - lords report",
        "Social Housing (Regulation) Bill - commons brl",
    ),
    (
        "Social Housing, commons brl -> commons committee",
        "Social Housing (Regulation) Bill - commons brl",
        "Social Housing (Regulation) Bill - commons committee",
    ),
    (
        "Data Protection, introduced -> committee",
        "Data Protection and Digital Information Bill - commons introduced",
        "Data Protection and Digital Information Bill - commons committee",
    ),
];

/// One UK pair's figures.
pub struct UkRow {
    pub name: &'static str,
    pub old: usize,
    pub new: usize,
    /// Pairs of the alignment with identifiers...
    pub truth: usize,
    /// ... of which on equal GUIDs.
    pub by_guid: usize,
    /// Pairs of the id-free alignment...
    pub found: usize,
    /// ... that the truth has too.
    pub correct: usize,
    /// The first few disagreements, by label, for the check's line.
    pub misses: Vec<String>,
}

impl UkRow {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.found)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.truth)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// A copy of the document without any identifier.
fn strip_ids(doc: &Document) -> Document {
    let mut out = doc.clone();
    for p in &mut out.provisions {
        p.ids = Default::default();
    }
    out
}

fn pair_set(a: &Alignment) -> HashSet<(ProvisionId, ProvisionId)> {
    a.pairs.iter().map(|p| (p.old, p.new)).collect()
}

pub fn uk(corpus: &Path, checks: &mut Checks) -> Vec<UkRow> {
    let bills = corpus.join("uk-parliament-lawmaker/bills");
    let mut rows = Vec::new();
    for &(name, old, new) in UK_PAIRS {
        let read = |f: &str| {
            let path = bills.join(format!("{f}.xml"));
            redline::akn::read(&path).map_err(|e| e.to_string())
        };
        let result = read(old).and_then(|o| Ok((o, read(new)?))).map(|(o, n)| {
            let truth = redline::align::align(&o, &n);
            let (so, sn) = (strip_ids(&o), strip_ids(&n));
            let found = redline::align::align(&so, &sn);
            let truth_set = pair_set(&truth);
            let found_set = pair_set(&found);
            let show = |&(a, b): &(ProvisionId, ProvisionId)| {
                format!("{} -> {}", o.provisions[a].label, n.provisions[b].label)
            };
            let mut misses: Vec<String> = truth
                .pairs
                .iter()
                .map(|p| (p.old, p.new))
                .filter(|k| !found_set.contains(k))
                .map(|k| format!("missed {}", show(&k)))
                .collect();
            misses.extend(
                found
                    .pairs
                    .iter()
                    .map(|p| (p.old, p.new))
                    .filter(|k| !truth_set.contains(k))
                    .map(|k| format!("wrong {}", show(&k))),
            );
            misses.truncate(3);
            UkRow {
                name,
                old: o.provisions.len(),
                new: n.provisions.len(),
                truth: truth.pairs.len(),
                by_guid: truth
                    .pairs
                    .iter()
                    .filter(|p| p.signal == Signal::Guid)
                    .count(),
                found: found.pairs.len(),
                correct: found
                    .pairs
                    .iter()
                    .filter(|p| truth_set.contains(&(p.old, p.new)))
                    .count(),
                misses,
            }
        });
        let result = match result {
            Ok(row) => {
                let mut detail = format!(
                    "precision {:.2}%, recall {:.2}% ({} of {} id-free pairs right; truth {} pairs, {} on GUIDs)",
                    row.precision() * 100.0,
                    row.recall() * 100.0,
                    row.correct,
                    row.found,
                    row.truth,
                    row.by_guid
                );
                if !row.misses.is_empty() {
                    detail.push_str(&format!("; {}", row.misses.join(", ")));
                }
                let ok = row.precision() >= MIN_SCORE && row.recall() >= MIN_SCORE;
                rows.push(row);
                if ok {
                    Ok(detail)
                } else {
                    Err(format!("{detail}: below {MIN_SCORE}"))
                }
            }
            Err(e) => Err(e),
        };
        checks.check(&format!("id-free alignment, {name}"), result);
    }
    rows
}

/// What a LEOS series step must give.
enum Expect {
    /// These new provisions (and their subdivisions) inserted, nothing else
    /// inserted or deleted.
    Inserted(&'static str),
    /// These old provisions (and their subdivisions) deleted, nothing else
    /// inserted or deleted.
    Deleted(&'static str),
    /// Paired with the provision of the same label, nothing inserted or
    /// deleted.
    Paired(&'static str),
    /// The old provision split into several new ones, the first of the
    /// same label.
    Split(&'static str),
    /// Several old provisions merged into the new one of this label.
    Merged(&'static str),
}

const ADD_DELETE: &str = "leos-ec-3.2/compare/addDelete";
const SPLIT_MERGE: &str = "leos-ec-3.2/compare/splitMerge";

/// (folder, old, new, expectation, what it says).
const LEOS: &[(&str, &str, &str, Expect, &str)] = &[
    (
        ADD_DELETE,
        "addDelete__v0_twoArticles_start",
        "addDelete__v1_addNewArticle",
        Expect::Inserted("Article 1a"),
        "v0 -> v1 inserts Article 1a",
    ),
    (
        ADD_DELETE,
        "addDelete__v2_addPoint",
        "addDelete__v3_addSecondPoint",
        Expect::Inserted("Article 1a(1)(b)"),
        "v2 -> v3 inserts point (b) of Article 1a(1)",
    ),
    (
        ADD_DELETE,
        "addDelete__v3_addSecondPoint",
        "addDelete__v4_updateContents",
        Expect::Paired("Article 1a"),
        "v3 -> v4 keeps Article 1a paired, modified in place",
    ),
    (
        ADD_DELETE,
        "addDelete__v4_updateContents",
        "addDelete__v5_deleteSecondPoint",
        Expect::Deleted("Article 1a(1)(b)"),
        "v4 -> v5 deletes point (b) of Article 1a(1)",
    ),
    (
        ADD_DELETE,
        "addDelete__v5_deleteSecondPoint",
        "addDelete__v6_deleteArticle",
        Expect::Deleted("Article 1a"),
        "v5 -> v6 deletes Article 1a",
    ),
    (
        SPLIT_MERGE,
        "splitMerge__v0_levelWithContent",
        "splitMerge__v1_splitInTwoSubparagraphs",
        Expect::Split("Level 3"),
        "v0 -> v1 splits Level 3",
    ),
    (
        SPLIT_MERGE,
        "splitMerge__v1_splitInTwoSubparagraphs",
        "splitMerge__v2_mergeBack",
        Expect::Merged("Level 3"),
        "v1 -> v2 merges Level 3 back",
    ),
];

/// Whether `id` is `root` or below it.
fn within(doc: &Document, id: ProvisionId, root: ProvisionId) -> bool {
    id == root || doc.ancestors(id).any(|a| a == root)
}

fn labels(doc: &Document, ids: &[ProvisionId]) -> String {
    let l: Vec<&str> = ids
        .iter()
        .map(|&i| doc.provisions[i].label.as_str())
        .collect();
    format!("[{}]", l.join(", "))
}

fn judge(old: &Document, new: &Document, a: &Alignment, expect: &Expect) -> Result<String, String> {
    let find = |doc: &Document, label: &str, side: &str| {
        doc.by_label(label)
            .ok_or_else(|| format!("no {label} in the {side} version"))
    };
    match *expect {
        Expect::Inserted(label) => {
            let n = find(new, label, "new")?;
            if !a.inserted.contains(&n) {
                return Err(format!(
                    "{label} is not inserted (paired with {:?})",
                    a.old_of(n).map(|o| &old.provisions[o].label)
                ));
            }
            let stray: Vec<ProvisionId> = a
                .inserted
                .iter()
                .copied()
                .filter(|&i| !within(new, i, n))
                .collect();
            if !stray.is_empty() || !a.deleted.is_empty() {
                return Err(format!(
                    "also inserted {}, deleted {}",
                    labels(new, &stray),
                    labels(old, &a.deleted)
                ));
            }
            Ok(format!("inserted {}", labels(new, &a.inserted)))
        }
        Expect::Deleted(label) => {
            let o = find(old, label, "old")?;
            if !a.deleted.contains(&o) {
                return Err(format!(
                    "{label} is not deleted (paired with {:?})",
                    a.new_of(o).map(|n| &new.provisions[n].label)
                ));
            }
            let stray: Vec<ProvisionId> = a
                .deleted
                .iter()
                .copied()
                .filter(|&i| !within(old, i, o))
                .collect();
            if !stray.is_empty() || !a.inserted.is_empty() {
                return Err(format!(
                    "also deleted {}, inserted {}",
                    labels(old, &stray),
                    labels(new, &a.inserted)
                ));
            }
            Ok(format!("deleted {}", labels(old, &a.deleted)))
        }
        Expect::Paired(label) => {
            let (o, n) = (find(old, label, "old")?, find(new, label, "new")?);
            if a.new_of(o) != Some(n) {
                return Err(format!(
                    "{label} paired with {:?}",
                    a.new_of(o).map(|n| &new.provisions[n].label)
                ));
            }
            if !a.inserted.is_empty() || !a.deleted.is_empty() {
                return Err(format!(
                    "inserted {}, deleted {}",
                    labels(new, &a.inserted),
                    labels(old, &a.deleted)
                ));
            }
            Ok(format!("{label} paired, {} pairs in all", a.pairs.len()))
        }
        Expect::Split(label) => {
            let (o, n) = (find(old, label, "old")?, find(new, label, "new")?);
            match a.splits.iter().find(|s| s.old == o) {
                Some(s) if s.new.first() == Some(&n) && s.new.len() >= 2 => {
                    Ok(format!("{label} split into {}", labels(new, &s.new)))
                }
                Some(s) => Err(format!("{label} split into {}", labels(new, &s.new))),
                None => Err(format!("no split of {label}")),
            }
        }
        Expect::Merged(label) => {
            let (o, n) = (find(old, label, "old")?, find(new, label, "new")?);
            match a.merges.iter().find(|m| m.new == n) {
                Some(m) if m.old.first() == Some(&o) && m.old.len() >= 2 => {
                    Ok(format!("{} merged into {label}", labels(old, &m.old)))
                }
                Some(m) => Err(format!("{} merged into {label}", labels(old, &m.old))),
                None => Err(format!("no merge into {label}")),
            }
        }
    }
}

/// The LEOS expectations, in the cn and ec variants of addDelete alike.
/// Returns (what, folder, verdict) for the record.
pub fn leos(corpus: &Path, checks: &mut Checks) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for (folder, old, new, expect, what) in LEOS {
        let variants: &[&str] = if *folder == ADD_DELETE {
            &["cn", "ec"]
        } else {
            &[""]
        };
        for variant in variants {
            let dir = corpus.join(folder).join(variant);
            let read = |f: &str| {
                redline::akn::read(&dir.join(format!("{f}.xml"))).map_err(|e| e.to_string())
            };
            let result = read(old).and_then(|o| {
                let n = read(new)?;
                judge(&o, &n, &redline::align::align(&o, &n), expect)
            });
            let name = match *variant {
                "" => format!("LEOS 3.2 {}: {what}", short(folder)),
                v => format!("LEOS 3.2 {}/{v}: {what}", short(folder)),
            };
            out.push((name.clone(), result.is_ok()));
            checks.check(&name, result);
        }
    }
    out
}

fn short(folder: &str) -> &str {
    folder.rsplit('/').next().unwrap_or(folder)
}

/// The figures section of docs/ALIGNMENT.md.
pub fn section(uk: &[UkRow], leos: &[(String, bool)], date: &str) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "Measured {date} by `cargo xtask corpus --write`.\n");
    let _ = writeln!(
        t,
        "| UK pair | provisions (old / new) | truth pairs (on GUIDs) | id-free pairs | right | precision | recall |"
    );
    let _ = writeln!(t, "|---|--:|--:|--:|--:|--:|--:|");
    for r in uk {
        let _ = writeln!(
            t,
            "| {} | {} / {} | {} ({}) | {} | {} | {:.2}% | {:.2}% |",
            r.name,
            r.old,
            r.new,
            r.truth,
            r.by_guid,
            r.found,
            r.correct,
            r.precision() * 100.0,
            r.recall() * 100.0,
        );
    }
    let _ = writeln!(
        t,
        "\nTruth: the alignment of the pair as it is, GUIDs used. Id-free: every `eId`, `wId`, `GUID` and `xml:id` removed, aligned again. \
         The check fails below {:.0}% on either figure.\n",
        MIN_SCORE * 100.0
    );
    for (name, ok) in leos {
        let _ = writeln!(t, "- {} {name}", if *ok { "✓" } else { "✗" });
    }
    t
}
