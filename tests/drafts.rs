//! The bundled draft series against its ground truth
//! (`drafts/cybercrime-convention/expected.toml`): every provision the
//! expected file names exists in the draft it names, and the alignment finds
//! every renumbering, move, split, merge, insertion and deletion listed there.
//! (Validation against the AKN XSD needs ../shared: `cargo xtask corpus`.)

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use redline::akn::{self, Document};
use redline::align::{self, Alignment};
use redline::compare;
use serde::Deserialize;

#[derive(Deserialize)]
struct Expected {
    work: String,
    round: Vec<Round>,
}

#[derive(Deserialize)]
struct Round {
    old: String,
    new: String,
    change: Vec<Change>,
}

#[derive(Deserialize)]
struct Change {
    kind: String,
    old: Vec<String>,
    new: Vec<String>,
    renumbered: bool,
    scope: String,
    safeguards: String,
    why: String,
}

fn series() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("drafts/cybercrime-convention")
}

fn expected() -> Expected {
    let text = match std::fs::read_to_string(series().join("expected.toml")) {
        Ok(t) => t,
        Err(e) => panic!("expected.toml: {e}"),
    };
    match toml::from_str(&text) {
        Ok(e) => e,
        Err(e) => panic!("expected.toml: {e}"),
    }
}

fn read(name: &str) -> Document {
    match akn::read(&series().join(name)) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    }
}

fn drafts() -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(series()) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".xml"))
            .collect(),
        Err(e) => panic!("{e}"),
    };
    names.sort();
    names
}

#[test]
fn five_rounds_of_one_work_in_order() {
    let names = drafts();
    assert_eq!(names.len(), 5, "{names:?}");
    let exp = expected();
    let docs: Vec<Document> = names.iter().map(|n| read(n)).collect();
    let mut dates = Vec::new();
    for d in &docs {
        assert_eq!(
            d.meta.work_uri.as_deref(),
            Some(exp.work.as_str()),
            "{}",
            d.source
        );
        assert!(
            d.meta.expression.is_some() && d.meta.version_label().is_some(),
            "{}",
            d.source
        );
        assert!(d.warnings.is_empty(), "{}: {:?}", d.source, d.warnings);
        dates.push(d.meta.date.clone().unwrap_or_default());
    }
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "rounds in date order");
    let expressions: HashSet<_> = docs.iter().map(|d| d.meta.expression.clone()).collect();
    assert_eq!(expressions.len(), 5, "one expression per round");
    let articles = docs[4]
        .provisions
        .iter()
        .filter(|p| p.element == "article")
        .count();
    assert!(articles >= 45, "final round has {articles} articles");
}

#[test]
fn every_named_provision_exists_in_its_draft() {
    let exp = expected();
    let names = drafts();
    assert_eq!(exp.round.len(), names.len() - 1);
    for (i, round) in exp.round.iter().enumerate() {
        assert_eq!(
            (&round.old, &round.new),
            (&names[i], &names[i + 1]),
            "rounds are successive"
        );
        let old = read(&round.old);
        let new = read(&round.new);
        for c in &round.change {
            for e in &c.old {
                assert!(old.by_eid(e).is_some(), "{}: no {e} ({})", round.old, c.why);
            }
            for e in &c.new {
                assert!(new.by_eid(e).is_some(), "{}: no {e} ({})", round.new, c.why);
            }
            let sides_fit = match c.kind.as_str() {
                "inserted" => c.old.is_empty() && c.new.len() == 1,
                "deleted" => c.old.len() == 1 && c.new.is_empty(),
                "split" => c.old.len() == 1 && c.new.len() >= 2,
                "merged" => c.old.len() >= 2 && c.new.len() == 1,
                "modified" | "moved" | "renumbered" => c.old.len() == 1 && c.new.len() == 1,
                other => panic!("unknown kind {other}"),
            };
            assert!(
                sides_fit,
                "{}: {} with {:?} -> {:?}",
                round.new, c.kind, c.old, c.new
            );
            let scope = ["widens", "narrows", "none", "mixed"];
            let safeguards = ["strengthens", "weakens", "none", "mixed"];
            assert!(
                scope.contains(&c.scope.as_str()) && safeguards.contains(&c.safeguards.as_str())
            );
            let _ = c.renumbered;
        }
    }
}

/// Whether two lists hold the same provisions, in any order.
fn same_set(a: &[usize], b: &[usize]) -> bool {
    let (mut a, mut b) = (a.to_vec(), b.to_vec());
    a.sort_unstable();
    b.sort_unstable();
    a == b
}

/// What the alignment says of one expected change, or why it disagrees.
fn check(c: &Change, old: &Document, new: &Document, a: &Alignment) -> Result<(), String> {
    let o = |e: &String| old.by_eid(e).unwrap_or(usize::MAX);
    let n = |e: &String| new.by_eid(e).unwrap_or(usize::MAX);
    let pair = |oe: &String, ne: &String| a.pairs.iter().find(|p| p.old == o(oe) && p.new == n(ne));
    match c.kind.as_str() {
        "inserted" => a
            .inserted
            .contains(&n(&c.new[0]))
            .then_some(())
            .ok_or_else(|| {
                format!(
                    "{} not inserted (paired with {:?})",
                    c.new[0],
                    a.old_of(n(&c.new[0])).map(|x| &old.provisions[x].label)
                )
            }),
        "deleted" => a
            .deleted
            .contains(&o(&c.old[0]))
            .then_some(())
            .ok_or_else(|| {
                format!(
                    "{} not deleted (paired with {:?})",
                    c.old[0],
                    a.new_of(o(&c.old[0])).map(|x| &new.provisions[x].label)
                )
            }),
        "modified" | "renumbered" | "moved" => {
            let p = pair(&c.old[0], &c.new[0]).ok_or_else(|| {
                format!(
                    "{} -> {} not paired (old paired with {:?})",
                    c.old[0],
                    c.new[0],
                    a.new_of(o(&c.old[0])).map(|x| &new.provisions[x].label)
                )
            })?;
            if c.kind == "moved" && p.moved.is_none() {
                return Err(format!("{} -> {} paired but not moved", c.old[0], c.new[0]));
            }
            if c.renumbered != p.renumbered && c.kind == "renumbered" {
                return Err(format!(
                    "{} -> {} renumbered {}",
                    c.old[0], c.new[0], p.renumbered
                ));
            }
            Ok(())
        }
        "split" => {
            let want: Vec<usize> = c.new.iter().map(n).collect();
            a.splits
                .iter()
                .find(|s| s.old == o(&c.old[0]))
                .filter(|s| same_set(&s.new, &want))
                .map(|_| ())
                .ok_or_else(|| format!("split of {} into {:?} not found", c.old[0], c.new))
        }
        "merged" => {
            let want: Vec<usize> = c.old.iter().map(o).collect();
            a.merges
                .iter()
                .find(|m| m.new == n(&c.new[0]))
                .filter(|m| same_set(&m.old, &want))
                .map(|_| ())
                .ok_or_else(|| format!("merge of {:?} into {} not found", c.old, c.new[0]))
        }
        other => Err(format!("unknown kind {other}")),
    }
}

#[test]
fn the_alignment_finds_every_structural_change() {
    let exp = expected();
    let mut failures = Vec::new();
    let mut total = 0;
    for round in &exp.round {
        let old = read(&round.old);
        let new = read(&round.new);
        let a = align::align(&old, &new);
        for c in &round.change {
            total += 1;
            if let Err(e) = check(c, &old, &new, &a) {
                failures.push(format!(
                    "{} -> {}: {} ({})",
                    round.old, round.new, e, c.kind
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} expected changes not found:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The verdict the comparison gives the change the expected file names,
/// found by the new eId (or the old one for deletions).
fn verdict_of(cmp: &compare::Comparison, c: &Change) -> (String, String) {
    let found = cmp.changes.iter().find(|ch| match c.new.first() {
        Some(e) => ch
            .new
            .iter()
            .any(|cl| cl.eid.as_deref() == Some(e.as_str())),
        None => {
            ch.new.is_empty()
                && ch.old.iter().any(|cl| {
                    Some(cl.eid.as_deref().unwrap_or("")) == c.old.first().map(String::as_str)
                })
        }
    });
    match found {
        Some(ch) => {
            let v = serde_json::to_value(ch.verdict).unwrap_or_default();
            (
                v["scope"].as_str().unwrap_or("?").to_string(),
                v["safeguards"].as_str().unwrap_or("?").to_string(),
            )
        }
        None => ("none".to_string(), "none".to_string()),
    }
}

/// End to end: every change of the series gets the scope and safeguards
/// reading the ground truth gives it, editorial changes none at all. (The
/// rules were developed with this series in view, so this is a regression
/// check, not a held-out measurement: that is `cargo xtask eval`.)
#[test]
fn the_effects_match_the_ground_truth() {
    let exp = expected();
    let mut failures = Vec::new();
    let mut total = 0;
    for round in &exp.round {
        let old = read(&round.old);
        let new = read(&round.new);
        let a = align::align(&old, &new);
        let cmp = compare::compare(&old, &new, &a);
        for c in &round.change {
            total += 1;
            let got = verdict_of(&cmp, c);
            if got != (c.scope.clone(), c.safeguards.clone()) {
                failures.push(format!(
                    "{} -> {} {:?}: expected {}/{}, got {}/{} ({})",
                    round.old,
                    round.new,
                    c.new.first().or(c.old.first()),
                    c.scope,
                    c.safeguards,
                    got.0,
                    got.1,
                    c.why
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} verdicts differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Editorial changes raise no effect at all: a false alarm costs more trust
/// than a missed effect.
#[test]
fn editorial_changes_raise_no_effect() {
    let exp = expected();
    for round in &exp.round {
        let old = read(&round.old);
        let new = read(&round.new);
        let cmp = compare::compare(&old, &new, &align::align(&old, &new));
        for c in round
            .change
            .iter()
            .filter(|c| c.why.starts_with("editorial"))
        {
            let found = cmp.changes.iter().find(|ch| {
                ch.new
                    .iter()
                    .any(|cl| cl.eid.as_deref() == c.new.first().map(String::as_str))
            });
            if let Some(ch) = found {
                assert!(
                    ch.effects.iter().all(|e| e.propagated),
                    "{}: {:?} fired on an editorial change: {:#?}",
                    round.new,
                    c.new,
                    ch.effects
                );
            }
        }
    }
}

/// The words between ‘ and ’ in an explanation.
fn quoted(explanation: &str) -> Vec<&str> {
    explanation
        .split('\u{2018}')
        .skip(1)
        .filter_map(|rest| rest.split_once('\u{2019}').map(|(q, _)| q))
        .collect()
}

/// Every explanation quotes words that really occur in the old or new text
/// of its change, and every effect's evidence does too: a reader can find
/// what a rule fired on.
#[test]
fn explanations_quote_the_texts() {
    let names = drafts();
    let mut checked = 0;
    for pair in names
        .windows(2)
        .chain(std::iter::once(&[names[0].clone(), names[4].clone()][..]))
    {
        let (old, new) = (read(&pair[0]), read(&pair[1]));
        let cmp = compare::compare(&old, &new, &align::align(&old, &new));
        for ch in &cmp.changes {
            let texts: Vec<&str> = ch
                .old
                .iter()
                .chain(ch.new.iter())
                .map(|c| c.text.as_str())
                .collect();
            let occurs = |q: &str| texts.iter().any(|t| t.contains(q));
            for e in &ch.effects {
                for q in quoted(&e.explanation) {
                    assert!(
                        occurs(q),
                        "{}: {} quotes {q:?}, not in the texts",
                        ch.id,
                        e.rule
                    );
                    checked += 1;
                }
                for q in [&e.evidence.old, &e.evidence.new].into_iter().flatten() {
                    assert!(
                        occurs(q),
                        "{}: {} evidence {q:?} not in the texts",
                        ch.id,
                        e.rule
                    );
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} quotations checked");
}
