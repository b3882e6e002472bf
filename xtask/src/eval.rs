//! `cargo xtask eval`: the effect classifier on the labelled pairs in
//! `tests/effects/` (dev: for tuning; test: held out, never tuned on).
//!
//! Prints per-axis accuracy, confusion matrices, the false-alarm rate on
//! pairs whose truth is none/none (editorial and the deliberate traps), and
//! accuracy by phenomenon. `--write` records the figures in
//! `docs/ACCURACY.md`. `--verbose` lists every miss.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use redline::akn;
use redline::effects::{
    self, ArticleMap, Classifier, Clause, Kind, SafeguardsVerdict, ScopeVerdict,
};
use serde::Deserialize;

#[derive(Deserialize)]
struct Set {
    pair: Vec<Pair>,
}

#[derive(Deserialize)]
struct Pair {
    id: String,
    phenomenon: String,
    heading: String,
    #[serde(default)]
    intro: String,
    old: String,
    new: String,
    #[serde(default)]
    renumbering: BTreeMap<String, String>,
    scope: String,
    safeguards: String,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A one-article document holding the clause (as a point under the list's
/// lead-in when the pair gives one). Returns the document and the clause's id.
fn document(heading: &str, intro: &str, text: &str) -> Result<(akn::Document, usize), String> {
    let body = if intro.is_empty() {
        format!("<paragraph eId=\"art_1__para_1\"><num>1.</num><content><p>{}</p></content></paragraph>", escape(text))
    } else {
        format!(
            "<paragraph eId=\"art_1__para_1\"><num>1.</num><intro><p>{}</p></intro><point eId=\"art_1__para_1__point_a\"><num>(a)</num><content><p>{}</p></content></point></paragraph>",
            escape(intro),
            escape(text)
        )
    };
    let xml = format!(
        "<akomaNtoso><bill><body><article eId=\"art_1\"><num>Article 1</num><heading>{}</heading>{body}</article></body></bill></akomaNtoso>",
        escape(heading)
    );
    let doc = akn::read_bytes(xml.as_bytes(), "eval").map_err(|e| e.to_string())?;
    let id = doc.provisions.len() - 1;
    Ok((doc, id))
}

fn scope_word(v: ScopeVerdict) -> &'static str {
    match v {
        ScopeVerdict::Widens => "widens",
        ScopeVerdict::Narrows => "narrows",
        ScopeVerdict::Mixed => "mixed",
        ScopeVerdict::None => "none",
        ScopeVerdict::Unclear => "unclear",
    }
}

fn safeguards_word(v: SafeguardsVerdict) -> &'static str {
    match v {
        SafeguardsVerdict::Strengthens => "strengthens",
        SafeguardsVerdict::Weakens => "weakens",
        SafeguardsVerdict::Mixed => "mixed",
        SafeguardsVerdict::None => "none",
        SafeguardsVerdict::Unclear => "unclear",
    }
}

struct Outcome {
    id: String,
    phenomenon: String,
    want: (String, String),
    got: (String, String),
    rules: Vec<String>,
    /// Each effect in full, for `--explain`.
    details: Vec<String>,
}

fn classify(classifier: &Classifier, p: &Pair) -> Result<Outcome, String> {
    let map: ArticleMap = p.renumbering.clone();
    let old = (!p.old.is_empty())
        .then(|| document(&p.heading, &p.intro, &p.old))
        .transpose()?;
    let new = (!p.new.is_empty())
        .then(|| document(&p.heading, &p.intro, &p.new))
        .transpose()?;
    let kind = match (&old, &new) {
        (None, Some(_)) => Kind::Inserted,
        (Some(_), None) => Kind::Deleted,
        _ => Kind::Modified,
    };
    let oc = old.as_ref().map(|(d, id)| Clause {
        doc: d,
        id: *id,
        text: &p.old,
    });
    let nc = new.as_ref().map(|(d, id)| Clause {
        doc: d,
        id: *id,
        text: &p.new,
    });
    let found = classifier.classify(kind, oc.as_ref(), nc.as_ref(), &map);
    let v = effects::verdict(&found);
    Ok(Outcome {
        id: p.id.clone(),
        phenomenon: p.phenomenon.clone(),
        want: (p.scope.clone(), p.safeguards.clone()),
        got: (
            scope_word(v.scope).to_string(),
            safeguards_word(v.safeguards).to_string(),
        ),
        rules: found.iter().map(|e| e.rule.clone()).collect(),
        details: found
            .iter()
            .map(|e| {
                format!(
                    "{:?} {:?} {} ({:.2}): {}",
                    e.axis, e.direction, e.rule, e.confidence, e.explanation
                )
            })
            .collect(),
    })
}

fn load(path: &Path) -> Result<Set, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// A report for one set, as Markdown.
fn report(name: &str, outcomes: &[Outcome]) -> String {
    let n = outcomes.len();
    let pct = |k: usize, of: usize| {
        if of == 0 {
            0.0
        } else {
            100.0 * k as f64 / of as f64
        }
    };
    let scope_ok = outcomes.iter().filter(|o| o.got.0 == o.want.0).count();
    let safe_ok = outcomes.iter().filter(|o| o.got.1 == o.want.1).count();
    let both_ok = outcomes.iter().filter(|o| o.got == o.want).count();
    let none_none: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.want.0 == "none" && o.want.1 == "none")
        .collect();
    let alarms = none_none
        .iter()
        .filter(|o| o.got.0 != "none" || o.got.1 != "none")
        .count();
    let editorial: Vec<&&Outcome> = none_none
        .iter()
        .filter(|o| o.phenomenon == "editorial")
        .collect();
    let editorial_alarms = editorial
        .iter()
        .filter(|o| o.got.0 != "none" || o.got.1 != "none")
        .count();
    let mut s = String::new();
    let _ = writeln!(s, "### {name} ({n} pairs)\n");
    let _ = writeln!(s, "| measure | value |\n|---|---:|");
    let _ = writeln!(
        s,
        "| scope accuracy | {:.1}% ({scope_ok}/{n}) |",
        pct(scope_ok, n)
    );
    let _ = writeln!(
        s,
        "| safeguards accuracy | {:.1}% ({safe_ok}/{n}) |",
        pct(safe_ok, n)
    );
    let _ = writeln!(
        s,
        "| both axes right | {:.1}% ({both_ok}/{n}) |",
        pct(both_ok, n)
    );
    let _ = writeln!(
        s,
        "| false alarms on none/none pairs | {:.1}% ({alarms}/{}) |",
        pct(alarms, none_none.len()),
        none_none.len()
    );
    let _ = writeln!(
        s,
        "| false alarms on editorial pairs | {:.1}% ({editorial_alarms}/{}) |",
        pct(editorial_alarms, editorial.len()),
        editorial.len()
    );
    for (axis, labels, pick) in [
        (
            "Scope",
            ["widens", "narrows", "mixed", "none", "unclear"],
            0usize,
        ),
        (
            "Safeguards",
            ["strengthens", "weakens", "mixed", "none", "unclear"],
            1usize,
        ),
    ] {
        let _ = writeln!(s, "\n{axis} confusion (rows: truth, columns: redline)\n");
        let _ = writeln!(s, "| truth \\ got | {} |", labels.join(" | "));
        let _ = writeln!(s, "|---|{}", "---:|".repeat(labels.len()));
        for want in labels.iter().take(4) {
            let row: Vec<String> = labels
                .iter()
                .map(|got| {
                    outcomes
                        .iter()
                        .filter(|o| {
                            let (w, g) = if pick == 0 {
                                (&o.want.0, &o.got.0)
                            } else {
                                (&o.want.1, &o.got.1)
                            };
                            w == want && g == got
                        })
                        .count()
                        .to_string()
                })
                .collect();
            let _ = writeln!(s, "| {want} | {} |", row.join(" | "));
        }
    }
    let mut by: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for o in outcomes {
        let e = by.entry(o.phenomenon.as_str()).or_default();
        e.1 += 1;
        if o.got == o.want {
            e.0 += 1;
        }
    }
    let _ = writeln!(
        s,
        "\nBy phenomenon (both axes right)\n\n| phenomenon | right | of |\n|---|---:|---:|"
    );
    for (p, (ok, of)) in by {
        let _ = writeln!(s, "| {p} | {ok} | {of} |");
    }
    s
}

/// The development files, one per author batch (`tests/effects/README.md`).
const DEV_FILES: &[&str] = &[
    "dev.toml",
    "dev3.toml",
    "dev4.toml",
    "dev5.toml",
    "dev6.toml",
    "dev7.toml",
    "dev8.toml",
];

pub fn run(args: &[String]) -> Result<(), String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let verbose = args.iter().any(|a| a == "--verbose" || a == "-v");
    let write = args.iter().any(|a| a == "--write");
    let classifier = Classifier::default();
    // `--explain ID`: every effect on one development pair.
    if let Some(id) = args
        .iter()
        .position(|a| a == "--explain")
        .and_then(|i| args.get(i + 1))
    {
        for file in DEV_FILES {
            let set = load(&root.join("tests/effects").join(file))?;
            if let Some(p) = set.pair.iter().find(|p| &p.id == id) {
                let o = classify(&classifier, p)?;
                println!(
                    "{id}: want {}/{}, got {}/{}",
                    o.want.0, o.want.1, o.got.0, o.got.1
                );
                for d in &o.details {
                    println!("  {d}");
                }
                return Ok(());
            }
        }
        return Err(format!(
            "no development pair {id} (held-out pairs are not explained)"
        ));
    }
    // `--dev`: the development files only, e.g. while tuning, so that the
    // held-out figures are not looked at between rounds.
    let dev_only = args.iter().any(|a| a == "--dev");
    if dev_only && write {
        return Err("--write needs both sets: leave out --dev".to_string());
    }
    let mut doc = String::new();
    for (name, files) in [
        ("Development set", DEV_FILES),
        ("Test set (held out)", &["test.toml"][..]),
    ] {
        let held_out = files.contains(&"test.toml");
        if held_out && dev_only {
            continue;
        }
        let mut outcomes: Vec<Outcome> = Vec::new();
        for file in files {
            let set = load(&root.join("tests/effects").join(file))?;
            let part: Vec<Outcome> = set
                .pair
                .iter()
                .map(|p| classify(&classifier, p))
                .collect::<Result<_, _>>()?;
            if files.len() > 1 {
                let right = part.iter().filter(|o| o.got == o.want).count();
                println!("{file}: {right} of {} pairs right on both axes", part.len());
            }
            outcomes.extend(part);
        }
        let r = report(name, &outcomes);
        println!("{r}");
        // Misses are listed for the development set only: reading the held-out
        // set's misses is how one ends up tuning on it.
        if verbose && !held_out {
            for o in outcomes.iter().filter(|o| o.got != o.want) {
                println!(
                    "  miss {} [{}]: want {}/{}, got {}/{} {:?}",
                    o.id, o.phenomenon, o.want.0, o.want.1, o.got.0, o.got.1, o.rules
                );
            }
        }
        doc.push_str(&r);
        doc.push('\n');
    }
    if write {
        let path = root.join("docs/ACCURACY.md");
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        let marker = "<!-- figures: cargo xtask eval --write -->";
        let head = match old.find(marker) {
            Some(at) => old[..at].to_string(),
            None => format!("# Accuracy of the effect classifier\n\n{marker}\n"),
        };
        let head = if head.contains(marker) {
            head
        } else {
            format!("{head}{marker}\n")
        };
        let head = head.trim_end_matches(&format!("{marker}\n")).to_string();
        std::fs::write(&path, format!("{head}{marker}\n\n{doc}")).map_err(|e| e.to_string())?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
