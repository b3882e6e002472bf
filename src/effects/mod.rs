//! What each change does: does it widen or narrow the **scope**, and
//! strengthen or weaken the **safeguards**? With the rule that fired and the
//! very words it fired on, so that a reader who disagrees can check.
//!
//! Owns clause roles, the rules, the lexicon (a data file, overridable) and
//! the aggregation of firings into a verdict. Knows nothing of rendering.
//! Conventions: `docs/EFFECTS.md` (after `shared/guide/EFFECTS.md`).

pub mod lexicon;
pub mod role;
pub mod rules;
pub mod text;

use std::cell::RefCell;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::akn::{Document, Part, ProvisionId};
use crate::align::Alignment;

pub use lexicon::{Lexicon, LexiconError};
pub use role::{Context, Role, RoleOverrides};
pub use rules::Kind;
pub use text::ArticleMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Axis {
    Scope,
    Safeguards,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Widens,
    Narrows,
    Strengthens,
    Weakens,
    Unclear,
}

/// The words an effect fired on, as they stand in the old and new text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub old: Option<String>,
    pub new: Option<String>,
}

/// One rule firing on one axis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Effect {
    pub axis: Axis,
    pub direction: Direction,
    /// A stable rule id, e.g. `modal.weaker`, `qualifier.added`.
    pub rule: String,
    pub explanation: String,
    pub confidence: f64,
    pub evidence: Evidence,
    /// Comes from a change elsewhere (a definition), not this clause's words.
    pub propagated: bool,
    pub needs_review: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScopeVerdict {
    Widens,
    Narrows,
    Mixed,
    None,
    Unclear,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SafeguardsVerdict {
    Strengthens,
    Weakens,
    Mixed,
    None,
    Unclear,
}

/// A change's net reading on each axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub scope: ScopeVerdict,
    pub safeguards: SafeguardsVerdict,
}

impl Default for Verdict {
    fn default() -> Self {
        Verdict {
            scope: ScopeVerdict::None,
            safeguards: SafeguardsVerdict::None,
        }
    }
}

/// Least confidence of the deciding firing for a direction rather than
/// `unclear` (EFFECTS.md §7: a low-confidence decisive firing abstains).
const DECIDING_MIN: f64 = 0.6;

/// Aggregates a change's own (not propagated) effects, per axis: one
/// direction when all agree, mixed when both fire (never netted out), none
/// when nothing fires, unclear when the deciding firing is unsure.
pub fn verdict(effects: &[Effect]) -> Verdict {
    let read = |axis: Axis| -> (bool, bool, bool) {
        let own: Vec<&Effect> = effects
            .iter()
            .filter(|e| e.axis == axis && !e.propagated)
            .collect();
        let best = own.iter().map(|e| e.confidence).fold(0.0, f64::max);
        let up = own
            .iter()
            .any(|e| matches!(e.direction, Direction::Widens | Direction::Strengthens));
        let down = own
            .iter()
            .any(|e| matches!(e.direction, Direction::Narrows | Direction::Weakens));
        let unclear = !own.is_empty() && (best < DECIDING_MIN || !(up || down));
        (up, down, unclear)
    };
    let scope = match read(Axis::Scope) {
        (_, _, true) => ScopeVerdict::Unclear,
        (true, true, _) => ScopeVerdict::Mixed,
        (true, false, _) => ScopeVerdict::Widens,
        (false, true, _) => ScopeVerdict::Narrows,
        (false, false, _) => ScopeVerdict::None,
    };
    let safeguards = match read(Axis::Safeguards) {
        (_, _, true) => SafeguardsVerdict::Unclear,
        (true, true, _) => SafeguardsVerdict::Mixed,
        (true, false, _) => SafeguardsVerdict::Strengthens,
        (false, true, _) => SafeguardsVerdict::Weakens,
        (false, false, _) => SafeguardsVerdict::None,
    };
    Verdict { scope, safeguards }
}

/// Runs the rules with one lexicon and one set of role overrides.
#[derive(Debug, Clone)]
pub struct Classifier {
    lexicon: Lexicon,
    overrides: RoleOverrides,
    aliases: Vec<(String, String)>,
    /// Headings and lead-ins, prepared once: every paragraph of an article
    /// asks for the same ones.
    contexts: RefCell<HashMap<String, text::Prepared>>,
}

/// One side of a change as the classifier sees it.
pub struct Clause<'a> {
    pub doc: &'a Document,
    /// The provision it stands in (the first, for split and merged sides).
    pub id: ProvisionId,
    /// Its text (several provisions' texts joined for split and merged sides).
    pub text: &'a str,
}

/// The role a clause was read in, and why a reader might doubt it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RoleReading {
    pub role: Role,
    pub score: f64,
    pub overridden: bool,
}

impl Default for Classifier {
    fn default() -> Self {
        Classifier::new(Lexicon::default_lexicon(), RoleOverrides::default())
    }
}

impl Classifier {
    pub fn new(lexicon: Lexicon, overrides: RoleOverrides) -> Classifier {
        let aliases = lexicon.aliases();
        Classifier {
            lexicon,
            overrides,
            aliases,
            contexts: RefCell::new(HashMap::new()),
        }
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    pub fn prepare(&self, text: &str, map: Option<&ArticleMap>) -> text::Prepared {
        text::prepare(text, &self.aliases, map)
    }

    /// Where a provision stands: its own and its ancestors' headings, the
    /// lead-in of the list it belongs to.
    pub fn context(doc: &Document, id: ProvisionId) -> Context {
        let p = &doc.provisions[id];
        let mut headings = vec![p.heading.as_deref().unwrap_or_default().to_string()];
        headings.extend(doc.ancestors(id).map(|a| {
            doc.provisions[a]
                .heading
                .as_deref()
                .unwrap_or_default()
                .to_string()
        }));
        // The lead-in: the nearest ancestor's intro (through an unnumbered list).
        let intro = doc
            .ancestors(id)
            .take(2)
            .map(|a| &doc.provisions[a].intro)
            .find(|i| !i.is_empty())
            .map(|i| i.to_string());
        Context {
            headings,
            intro,
            in_preamble: p.part == Part::Preamble,
        }
    }

    /// The role of a clause.
    pub fn role(&self, clause: &Clause<'_>) -> RoleReading {
        self.role_of(clause, &self.prepare(clause.text, None))
    }

    /// The role of a clause whose text is prepared already.
    fn role_of(&self, clause: &Clause<'_>, prepared: &text::Prepared) -> RoleReading {
        let p = &clause.doc.provisions[clause.id];
        if let Some(role) = self.overrides.get(p.ids.citable(), &p.label) {
            return RoleReading {
                role,
                score: 1.0,
                overridden: true,
            };
        }
        let ctx = Classifier::context(clause.doc, clause.id);
        let (role, score) = role::classify(clause.text, prepared, &ctx, &self.lexicon, |s| {
            self.prepare_context(s)
        });
        RoleReading {
            role,
            score,
            overridden: false,
        }
    }

    /// A heading or lead-in, prepared (cached).
    fn prepare_context(&self, text: &str) -> text::Prepared {
        if let Some(p) = self.contexts.borrow().get(text) {
            return p.clone();
        }
        let p = self.prepare(text, None);
        self.contexts
            .borrow_mut()
            .insert(text.to_string(), p.clone());
        p
    }

    fn side<'a>(&self, c: &Clause<'a>, prepared: text::Prepared) -> rules::Side<'a> {
        let reading = self.role_of(c, &prepared);
        let intro = Classifier::context(c.doc, c.id)
            .intro
            .map(|i| self.prepare_context(&i));
        rules::Side {
            original: c.text,
            text: prepared,
            role: reading.role,
            role_score: reading.score,
            intro,
        }
    }

    /// The effects of one change.
    pub fn classify(
        &self,
        kind: Kind,
        old: Option<&Clause<'_>>,
        new: Option<&Clause<'_>>,
        map: &ArticleMap,
    ) -> Vec<Effect> {
        // Most changes of a renumbered draft are editorial (a reference that
        // followed its article): settle that before reading any role.
        let po = old.map(|c| self.prepare(c.text, Some(map)));
        let pn = new.map(|c| self.prepare(c.text, None));
        if let (Kind::Modified | Kind::Restructured, Some(o), Some(n)) = (kind, &po, &pn) {
            // The same words are no change of effect, whatever a renumbering
            // map would make of their references.
            let same = old.zip(new).is_some_and(|(a, b)| a.text == b.text);
            if same || rules::editorial(o, n) {
                return Vec::new();
            }
        }
        let input = rules::Input {
            kind,
            old: old.zip(po).map(|(c, p)| self.side(c, p)),
            new: new.zip(pn).map(|(c, p)| self.side(c, p)),
            map,
        };
        let effects = rules::apply(&input, &self.lexicon);
        if !effects.is_empty() {
            return effects;
        }
        // A sentence added to or taken from a clause whose other sentences
        // stand as they were, that no rule read inside the clause, is read
        // as a clause inserted or deleted in the same place ("... Nothing
        // in this article shall require ...").
        if let (Kind::Modified, Some(o), Some(n)) = (kind, old, new) {
            if let Some((sentence, added)) = extra_sentence(o.text, n.text) {
                let c = if added { n } else { o };
                let part = Clause {
                    doc: c.doc,
                    id: c.id,
                    text: sentence,
                };
                return if added {
                    self.classify(Kind::Inserted, None, Some(&part), map)
                } else {
                    self.classify(Kind::Deleted, Some(&part), None, map)
                };
            }
        }
        effects
    }
}

/// The sentences of a text, each with its full stop.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        // A full stop followed by a space and a capital ends a sentence
        // ("art. 5" and "e.g. the" do not).
        if b == b'.'
            && bytes.get(i + 1) == Some(&b' ')
            && bytes.get(i + 2).is_some_and(u8::is_ascii_uppercase)
        {
            out.push(text[start..=i].trim());
            start = i + 1;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// The one whole sentence the new text adds to the old (`true`), or the
/// old text has that the new lacks (`false`), all others unchanged and in
/// order.
fn extra_sentence<'a>(old: &'a str, new: &'a str) -> Option<(&'a str, bool)> {
    let (so, sn) = (sentences(old), sentences(new));
    let one_more = |short: &[&str], long: &[&'a str]| -> Option<&'a str> {
        if long.len() != short.len() + 1 || short.is_empty() {
            return None;
        }
        let at = (0..long.len()).find(|&i| i >= short.len() || long[i] != short[i])?;
        (long[..at] == short[..at] && long[at + 1..] == short[at..]).then_some(long[at])
    };
    one_more(&so, &sn)
        .map(|s| (s, true))
        .or_else(|| one_more(&sn, &so).map(|s| (s, false)))
}

/// Old article number -> new article number, for every article the
/// alignment paired (used to read renumbered references as the same).
pub fn article_map(old: &Document, new: &Document, alignment: &Alignment) -> ArticleMap {
    let bare = |num: &str| -> Option<String> {
        let digits: String = num.chars().filter(|c| c.is_ascii_digit()).collect();
        (!digits.is_empty()).then_some(digits)
    };
    let mut map = ArticleMap::new();
    for pair in &alignment.pairs {
        let (po, pn) = (&old.provisions[pair.old], &new.provisions[pair.new]);
        if po.element != "article" && po.element != "section" {
            continue;
        }
        if let (Some(a), Some(b)) = (
            po.num.as_deref().and_then(bare),
            pn.num.as_deref().and_then(bare),
        ) {
            map.insert(a, b);
        }
    }
    map
}

/// A defined term: the quoted words a definition opens with ("\"Serious
/// crime\" means ...").
pub fn defined_term(text: &str) -> Option<String> {
    // The term's opening quote comes first, perhaps after a point's number: "(g) \"Term\" means".
    let at = text
        .char_indices()
        .take(12)
        .find(|(_, c)| matches!(c, '"' | '“' | '‘' | '\''))?
        .0;
    let t = &text[at..];
    let open = t.chars().next()?;
    let close = match open {
        '"' => '"',
        '“' => '”',
        '‘' => '’',
        '\'' => '\'',
        _ => return None,
    };
    let rest = &t[open.len_utf8()..];
    let end = rest.find(close)?;
    let term = rest[..end].trim();
    (!term.is_empty() && term.split_whitespace().count() <= 6).then(|| term.to_string())
}

#[cfg(test)]
mod tests;
