//! The rules: each looks at the old and new clause (normalised) and says
//! what moved, with the words it fired on. Rule ids are stable: reports and
//! analysts refer to them.
//!
//! A rule reports an *event* with a polarity (more or less of something);
//! the projection table turns it into directions on the axes, by the
//! clause's role (EFFECTS.md §4) or, for rules tied to one axis, directly.

use super::lexicon::Lexicon;
use super::role::Role;
use super::text::{quote, ArticleMap, Prepared};
use super::{Axis, Direction, Effect, Evidence};

/// Confidence levels (EFFECTS.md §5): high, medium, low.
pub const HIGH: f64 = 0.9;
pub const MEDIUM: f64 = 0.75;
pub const LOW: f64 = 0.5;

/// What kind of change a clause went through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Changed in place (also moved, renumbered, split or merged).
    Modified,
    Inserted,
    Deleted,
    /// Split or merged: the same words laid out in more or fewer clauses
    /// (CL-04); read like a modification, without the list rule that a
    /// re-laid enumeration would trip.
    Restructured,
}

/// One side of a change, prepared.
pub struct Side<'a> {
    pub original: &'a str,
    pub text: Prepared,
    pub role: Role,
    pub role_score: f64,
    /// The lead-in of the list the clause is an item of, prepared.
    pub intro: Option<Prepared>,
}

pub struct Input<'a> {
    pub kind: Kind,
    pub old: Option<Side<'a>>,
    pub new: Option<Side<'a>>,
    pub map: &'a ArticleMap,
}

/// How an event's polarity maps onto the axes.
#[derive(Clone, Copy)]
enum Projection {
    /// By the clause's role (more force of a power widens scope; of a
    /// safeguard, strengthens safeguards).
    ByRole,
    /// Scope only, with this sign for "more".
    Scope(i8),
    /// Safeguards only, with this sign for "more".
    Safeguards(i8),
    /// Both axes with fixed signs.
    Both(i8, i8),
}

struct Event {
    rule: &'static str,
    /// +1: more of the thing the rule measures; -1: less.
    polarity: i8,
    projection: Projection,
    confidence: f64,
    old: Option<String>,
    new: Option<String>,
    explanation: String,
}

struct Rules<'a, 'b> {
    input: &'b Input<'a>,
    lex: &'b Lexicon,
    role: Role,
    events: Vec<Event>,
}

/// Applies every rule to a change. Returns no effect for editorial changes.
pub fn apply(input: &Input<'_>, lex: &Lexicon) -> Vec<Effect> {
    // A modified clause is read in the role it had: a power that gains a
    // judge's authorisation is still a power (whose safeguards grew).
    let reading = match (&input.old, &input.new) {
        (Some(o), Some(n)) if o.role == Role::Other => n,
        (Some(o), _) => o,
        (None, Some(n)) => n,
        (None, None) => return Vec::new(),
    };
    // "Nothing in this Convention shall oblige a State ...", "A State Party
    // may reserve the right not to apply ...": the more such a clause
    // says, the less the instrument requires (SAVE-02, SAVE-03).
    let relieves = |s: &Option<Side<'_>>| s.as_ref().is_some_and(|s| non_obligation(&s.text));
    let role = if relieves(&input.old) || relieves(&input.new) {
        Role::NonObligation
    } else {
        reading.role
    };
    let role_score = reading.role_score;
    let mut r = Rules {
        input,
        lex,
        role,
        events: Vec::new(),
    };
    match input.kind {
        Kind::Inserted | Kind::Deleted => r.whole_clause(),
        Kind::Modified | Kind::Restructured => {
            let (Some(old), Some(new)) = (&input.old, &input.new) else {
                return Vec::new();
            };
            if editorial(&old.text, &new.text) {
                return Vec::new();
            }
            // Read both in one canonical form of double negatives, so that a
            // rephrasing alone fires nothing and a real change still does.
            // (Both prohibitions with an exception, "shall not X unless C"
            // -> "should not X unless C": compared as written, on the
            // prohibition ladder.)
            let excepted_prohibition =
                |t: &Prepared| t.has("not") && (t.has("unless") || t.has("except"));
            let (old, new) = if excepted_prohibition(&old.text) && excepted_prohibition(&new.text) {
                (&clone_side(old), &clone_side(new))
            } else {
                (&canonical(old), &canonical(new))
            };
            // The same words in another order or voice, with no qualifier
            // now governing other words: the same frame (ED-05).
            if same_words(&old.text, &new.text) && !r.attachment_moved(old, new) {
                // ...unless items moved between lists of different force
                // ("shall include A and B, and may include C" -> "shall
                // include A, and may include B and C"): a move between
                // lists is a removal from one and an addition to the other.
                r.rearrangement(old, new);
                if r.events.is_empty() {
                    return Vec::new();
                }
                return project(r.events, role, role_score);
            }
            // Opt-out became opt-in, or the reverse: that is the change.
            if r.opting(old, new) {
                return project(r.events, role, role_score);
            }
            r.modal(old, new);
            r.only(old, new);
            r.definition(old, new);
            r.qualifiers(old, new);
            r.safeguard_vocabulary(old, new);
            r.scope_terms(old, new);
            r.restrictors(old, new);
            r.exceptions(old, new);
            r.offence_elements(old, new);
            r.channels(old, new);
            r.refusal_grounds(old, new);
            r.thresholds(old, new);
            r.connectives(old, new);
            r.references(old, new);
            r.ontologies(old, new);
            r.hardeners(old, new);
            r.list_openness(old, new);
            if input.kind == Kind::Modified {
                r.list_items(old, new);
            }
            // Items moved between lists of different force, when nothing
            // else explains the change ("shall establish A, B and C, and may
            // establish D" -> "shall establish A and B, and may establish C
            // and D", worded a little differently).
            if r.events.is_empty() {
                r.rearrangement(old, new);
            }
            // A channel outside mutual legal assistance that opened or
            // closed is what the clause now does (C7); the modal that came
            // with it ("shall be transmitted through the central authority"
            // -> "may address an order directly") describes the channel,
            // not a duty made softer or firmer.
            if r.events.iter().any(|e| e.rule.starts_with("channel.")) {
                r.events.retain(|e| !e.rule.starts_with("modal."));
            }
        }
    }
    let mut effects = project(r.events, role, role_score);
    // C7: through a channel that bypasses mutual legal assistance, more
    // reach also means less protection (and less, more).
    // The same holds for a use limitation (speciality, C4): what may be used
    // for more purposes is less protected.
    const USE_LIMITS: &[&str] = &[
        "only for the purposes",
        "shall not be used",
        "may not be used",
        "without the prior consent",
        "speciality",
        "specialty",
        "limitation on use",
        "limitations on use",
    ];
    let channel = |s: &Option<Side<'_>>| {
        s.as_ref().is_some_and(|s| {
            channel_in(lex, &s.text).is_some() || USE_LIMITS.iter().any(|u| s.text.has(u))
        })
    };
    if input.kind != Kind::Inserted
        && input.kind != Kind::Deleted
        && channel(&input.old)
        && channel(&input.new)
    {
        let mirrored: Vec<Effect> = effects
            .iter()
            .filter(|e| e.axis == Axis::Scope && matches!(e.direction, Direction::Widens | Direction::Narrows))
            // What flows through the channel, not how binding it is.
            .filter(|e| ["ontology.", "scope-term.", "restrictor.", "list.item"].iter().any(|r| e.rule.starts_with(r)))
            .filter(|e| !effects.iter().any(|f| f.axis == Axis::Safeguards && f.rule == e.rule))
            .map(|e| Effect {
                axis: Axis::Safeguards,
                direction: if e.direction == Direction::Widens { Direction::Weakens } else { Direction::Strengthens },
                explanation: format!("{} Through a channel outside mutual legal assistance, this also changes what its refusal grounds filter.", e.explanation),
                ..e.clone()
            })
            .collect();
        effects.extend(mirrored);
    }
    effects
}

/// Function words that voice and word order move around without changing
/// what a clause says.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "be", "by", "is", "are", "was", "were", "been", "it", "its",
    "their", "his", "her", "that", "which", "who", "this", "these", "those", "in", "on", "at",
    "for", "with", "from", "as",
];

/// Whether a clause reaches across a border: there, "directly" names a
/// channel that bypasses mutual legal assistance ("order a service provider
/// in the territory of another State Party to disclose directly"); elsewhere
/// it is an ordinary word ("directly or indirectly provides funds").
fn cross_border(t: &Prepared) -> bool {
    [
        "another state party",
        "another party",
        "other state party",
        "another member state",
        "territory of another",
        "foreign",
    ]
    .iter()
    .any(|c| t.has(c))
}

/// The channel outside mutual legal assistance a clause uses, if any.
fn channel_in(lex: &Lexicon, t: &Prepared) -> Option<String> {
    lex.channels
        .iter()
        .find(|c| t.has(c))
        .cloned()
        .or_else(|| (t.has("directly") && cross_border(t)).then(|| "directly".to_string()))
}

/// Phrases whose reach depends on where they stand: the qualifiers, the
/// conditions an offence element is introduced by ("where committed for
/// financial gain" governs the conduct after it), and urgency derogations
/// ("save in cases of urgency" before a list of safeguards governs them all).
fn attachable(qualifiers: &[String]) -> Vec<String> {
    let mut out = qualifiers.to_vec();
    out.extend(
        [
            "where committed",
            "when committed",
            "if committed",
            "in cases of urgency",
            "in urgent cases",
            "in exceptional cases",
            "in exceptional circumstances",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    out
}

/// A crude stem: enough to see "inform" and "informed", "notify" and
/// "notified", "delete" and "deleted" as one word when voice changes.
fn stem(w: &str) -> &str {
    // Irregular participles that voice changes bring ("shall keep" -> "shall
    // be kept"), as their base form, then stemmed like it.
    let w = match w {
        "kept" => "keep",
        "made" => "make",
        "given" => "give",
        "taken" => "take",
        "held" => "hold",
        "sent" => "send",
        "sought" => "seek",
        "brought" => "bring",
        "found" => "find",
        "laid" => "lay",
        "done" => "do",
        _ => w,
    };
    for suffix in [
        "ation", "ions", "ion", "ied", "ies", "ing", "ed", "es", "s", "y",
    ] {
        if w.len() > suffix.len() + 3 {
            if let Some(s) = w.strip_suffix(suffix) {
                return s;
            }
        }
    }
    match w.strip_suffix('e') {
        Some(s) if s.len() > 3 => s,
        _ => w,
    }
}

/// A list marker: "(b)", "(iii)" read as the words "b", "iii".
fn list_marker(w: &str) -> bool {
    w.len() == 1 && w.bytes().all(|b| b.is_ascii_lowercase())
        || matches!(
            w,
            "ii" | "iii" | "iv" | "vi" | "vii" | "viii" | "ix" | "xi" | "xii"
        )
}

/// Whether two clauses use the same content words, counted, in any order.
fn same_words(a: &Prepared, b: &Prepared) -> bool {
    fn bag(t: &Prepared) -> Vec<&str> {
        let mut v: Vec<&str> = t
            .words
            .iter()
            .map(String::as_str)
            .filter(|w| !FUNCTION_WORDS.contains(w) && !list_marker(w))
            .map(stem)
            .collect();
        v.sort_unstable();
        v
    }
    bag(a) == bag(b)
}

/// Whether a clause relieves States of a duty: "nothing in this ... shall
/// require/oblige", "is not required to", "may reserve the right not to".
fn non_obligation(t: &Prepared) -> bool {
    // "Nothing in this Convention / Protocol / Part / article ..."
    let nothing = t.has("nothing in this") || t.has("nothing in the present");
    // "Nothing ... shall require or authorize the disclosure of privileged
    // communications" protects: a savings clause, not a relief.
    let protective = [
        "authorize",
        "authorizing",
        "permit",
        "permitting",
        "privilege",
        "human rights",
        "confidential",
        "fundamental freedoms",
        "fundamental rights",
    ]
    .iter()
    .any(|p| t.has(p));
    if protective {
        return false;
    }
    (nothing
        && [
            "shall require",
            "shall oblige",
            "requires",
            "obliges",
            "shall be construed as requiring",
            "shall be interpreted as requiring",
            "shall be construed as obliging",
            "shall be interpreted as obliging",
            "shall be construed as obligating",
            "shall be interpreted as obligating",
        ]
        .iter()
        .any(|p| t.has(p)))
        || t.has("reserve the right not to")
        || t.has("reserves the right not to")
        || t.has("may decide not to apply")
        || t.has("may choose not to apply")
        || t.has("shall not be interpreted as imposing")
}

/// A side as it is.
fn clone_side<'a>(side: &Side<'a>) -> Side<'a> {
    Side {
        original: side.original,
        text: side.text.clone(),
        role: side.role,
        role_score: side.role_score,
        intro: side.intro.clone(),
    }
}

/// A side with its text in the canonical double-negative form.
fn canonical<'a>(side: &Side<'a>) -> Side<'a> {
    let joined = format!(" {} ", double_negative(&side.text.joined));
    let words: Vec<String> = joined.split_whitespace().map(str::to_string).collect();
    let breaks = side
        .text
        .breaks
        .iter()
        .map(|&b| b.min(words.len()))
        .collect();
    Side {
        original: side.original,
        text: Prepared {
            words,
            joined,
            breaks,
        },
        role: side.role,
        role_score: side.role_score,
        intro: side.intro.clone(),
    }
}

/// Equal after normalisation, or equal but for an equivalent double
/// negative (ED-01..ED-08).
pub fn editorial(old: &Prepared, new: &Prepared) -> bool {
    // Articles are compared apart: "no X shall" reads "a X may".
    let bare = |t: String| {
        t.split_whitespace()
            .filter(|w| !matches!(*w, "a" | "an" | "the"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    old.joined == new.joined
        || bare(double_negative(&old.joined)) == bare(double_negative(&new.joined))
        || double_negative(&conditions_flipped(&old.joined))
            == double_negative(&conditions_flipped(&new.joined))
        || sentences_joined(&old.joined) == sentences_joined(&new.joined)
        || quantities_alike(old, new)
}

/// The same texts but for how their quantities are worded: "not less than
/// four years" and "four years or more" are one interval (§6.2).
fn quantities_alike(old: &Prepared, new: &Prepared) -> bool {
    let canonical = |t: &Prepared| {
        let mut joined = t.joined.clone();
        for q in quantities(t) {
            let token = format!(
                " \u{27e8}{}{}{}{}{:?}\u{27e9} ",
                if q.at_least { "min" } else { "" },
                if q.at_most { "max" } else { "" },
                if q.strict { "strict" } else { "" },
                q.value,
                q.unit
            );
            joined = joined.replacen(&format!(" {} ", q.words), &token, 1);
        }
        joined
    };
    let (a, b) = (quantities(old), quantities(new));
    !a.is_empty() && a.len() == b.len() && canonical(old) == canonical(new)
}

/// Two duties in two sentences, or joined by "and" ("... transferred. The
/// receiving State shall keep a record" / "..., and the receiving State
/// shall keep a record"): punctuation is gone from the normalised text, so
/// an "and" that opens a clause with its own operator is all that differs.
fn sentences_joined(joined: &str) -> String {
    let words: Vec<&str> = joined.split_whitespace().collect();
    let operator = |w: &str| matches!(w, "shall" | "may" | "must");
    let kept: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|&(i, w)| {
            let opens_clause = *w == "and"
                && words[i + 1..]
                    .iter()
                    .take(8)
                    .take_while(|x| !matches!(**x, "and" | "or"))
                    .any(|x| operator(x))
                && !words.get(i + 1).is_some_and(|x| operator(x));
            !opens_clause
        })
        .map(|(_, w)| *w)
        .collect();
    kept.join(" ")
}

/// Whether a defined term names a safeguard ("independent authority",
/// "judicial review"): its extension counts on safeguards, and a broader
/// one protects less (C9, DEF-03).
fn safeguard_concept(term: &str) -> bool {
    let t = term.to_lowercase();
    [
        "independent",
        "judicial",
        "judge",
        "authorization",
        "oversight",
        "remedy",
    ]
    .iter()
    .any(|w| t.contains(w))
}

/// Evidence of words that came (`added`) or went.
fn came_or_went(added: bool, words: &str) -> (Option<String>, Option<String>) {
    if added {
        (None, Some(words.to_string()))
    } else {
        (Some(words.to_string()), None)
    }
}

/// Appends a rewritten run: lead words, the words kept, tail words.
fn rewrite(out: &mut Vec<String>, lead: &[&str], kept: &[&str], tail: &[&str]) {
    out.extend(lead.iter().chain(kept).chain(tail).map(|w| w.to_string()));
}

/// Two more equivalences, for the editorial test only: the rules read the
/// operators of each side as written, and these rewrite them.
fn conditions_flipped(joined: &str) -> String {
    let words: Vec<&str> = joined.split_whitespace().collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        // "shall execute the request unless G" = "shall not refuse the
        // request unless G" = "may refuse the request only if G".
        if words[i] == "shall"
            && matches!(
                words.get(i + 1),
                Some(&("execute" | "grant" | "accept" | "honor"))
            )
        {
            let window = &words[i + 2..words.len().min(i + 32)];
            if let Some(u) = window.iter().position(|w| *w == "unless") {
                if !window[..u].iter().any(|w| matches!(*w, "shall" | "may")) {
                    rewrite(&mut out, &["may", "refuse"], &window[..u], &["only", "if"]);
                    i = i + 2 + u + 1;
                    continue;
                }
            }
        }
        if words[i] == "shall" && words.get(i + 1) == Some(&"not") {
            // "shall not be used ... without the consent of" = "may be used
            // ... only with the consent of" ("without delay" is no condition).
            let window = &words[i + 2..words.len().min(i + 32)];
            if let Some(w) = window.iter().position(|w| *w == "without") {
                let condition = matches!(
                    window.get(w + 1),
                    Some(&("the" | "its" | "their" | "his" | "a" | "an" | "prior"))
                );
                if condition
                    && !window[..w]
                        .iter()
                        .any(|w| matches!(*w, "shall" | "may" | "unless" | "except"))
                {
                    rewrite(&mut out, &["may"], &window[..w], &["only", "with"]);
                    i = i + 2 + w + 1;
                    continue;
                }
            }
            // "shall not be kept after the proceedings have concluded" =
            // "may be kept only until the proceedings have concluded".
            if let Some(a) = window.iter().position(|w| *w == "after") {
                if a > 0
                    && !window[..a]
                        .iter()
                        .any(|w| matches!(*w, "shall" | "may" | "unless" | "except"))
                {
                    rewrite(&mut out, &["may"], &window[..a], &["only", "until"]);
                    i = i + 2 + a + 1;
                    continue;
                }
            }
        }
        out.push(words[i].to_string());
        i += 1;
    }
    out.join(" ")
}

/// "shall not X unless C" and "may X only if C" read the same (ED-08).
fn double_negative(joined: &str) -> String {
    // "shall not X. That prohibition shall not apply where C" is "shall
    // not X unless C", split in two sentences.
    let mut joined = joined.to_string();
    for subject in ["that", "this", "the", "such"] {
        for noun in ["prohibition", "restriction", "obligation", "requirement"] {
            for when in ["where", "if", "when"] {
                let split = format!(" {subject} {noun} shall not apply {when} ");
                if joined.contains(&split) {
                    joined = joined.replace(&split, " unless ");
                }
            }
        }
    }
    let words: Vec<&str> = joined.split_whitespace().collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        // shall not VERB ... unless -> may VERB ... only if
        // "no search shall take place unless C" -> "a search may take place only if C"
        if words[i] == "no" {
            let shall = words[i + 1..]
                .iter()
                .take(10)
                .position(|w| *w == "shall")
                .map(|p| i + 1 + p);
            if let Some(sh) = shall.filter(|&sh| words.get(sh + 1) != Some(&"not")) {
                // "no interception shall be carried out except on the basis
                // of a warrant" = "an interception may be carried out only
                // on the basis of a warrant".
                if let Some(e) = words[sh..].iter().position(|w| *w == "except") {
                    if !words[sh..sh + e].contains(&"unless") {
                        rewrite(&mut out, &["a"], &words[i + 1..sh], &["may"]);
                        rewrite(&mut out, &[], &words[sh + 1..sh + e], &["only"]);
                        i = sh + e + 1;
                        continue;
                    }
                }
                if let Some(u) = words[sh..].iter().position(|w| *w == "unless") {
                    rewrite(&mut out, &["a"], &words[i + 1..sh], &["may"]);
                    rewrite(&mut out, &[], &words[sh + 1..sh + u], &["only", "if"]);
                    i = sh + u + 1;
                    continue;
                }
            }
        }
        if (words[i] == "shall" || words[i] == "may") && words.get(i + 1) == Some(&"not") {
            // "shall not refuse ... except on G" = "may refuse ... only on G"
            if let Some(e) = words[i + 2..].iter().position(|w| *w == "except") {
                if !words[i + 2..i + 2 + e].contains(&"unless") {
                    rewrite(&mut out, &["may"], &words[i + 2..i + 2 + e], &["only"]);
                    i = i + 2 + e + 1;
                    continue;
                }
            }
            if let Some(u) = words[i + 2..].iter().position(|w| *w == "unless") {
                // "shall not be used for any purpose other than A unless C" =
                // "may be used for a purpose other than A only if C".
                let kept: Vec<&str> = words[i + 2..i + 2 + u]
                    .iter()
                    .map(|w| if *w == "any" { "a" } else { *w })
                    .collect();
                rewrite(&mut out, &["may"], &kept, &["only", "if"]);
                i = i + 2 + u + 1;
                continue;
            }
        }
        if words[i] == "shall" && words.get(i + 1) == Some(&"only") {
            // "shall only X if" -> "may X only if"
            if let Some(f) = words[i + 2..].iter().position(|w| *w == "if") {
                rewrite(
                    &mut out,
                    &["may"],
                    &words[i + 2..i + 2 + f],
                    &["only", "if"],
                );
                i = i + 2 + f + 1;
                continue;
            }
        }
        out.push(words[i].to_string());
        i += 1;
    }
    out.join(" ")
}

/// Polarity -> (axis, direction) pairs by the projection table.
fn directions(polarity: i8, projection: Projection, role: Role) -> Vec<(Axis, Direction)> {
    let (scope, safe) = match projection {
        Projection::ByRole => (role.scope_sign(), role.safeguard_sign()),
        Projection::Scope(s) => (s, 0),
        Projection::Safeguards(s) => (0, s),
        Projection::Both(a, b) => (a, b),
    };
    let mut out = Vec::new();
    match polarity * scope {
        1 => out.push((Axis::Scope, Direction::Widens)),
        -1 => out.push((Axis::Scope, Direction::Narrows)),
        _ => {}
    }
    match polarity * safe {
        1 => out.push((Axis::Safeguards, Direction::Strengthens)),
        -1 => out.push((Axis::Safeguards, Direction::Weakens)),
        _ => {}
    }
    out
}

fn project(events: Vec<Event>, role: Role, role_score: f64) -> Vec<Effect> {
    let mut out = Vec::new();
    for e in events {
        for (axis, direction) in directions(e.polarity, e.projection, role) {
            // An unsure role makes every role-projected reading unsure.
            let confidence = match e.projection {
                Projection::ByRole => e.confidence.min(0.5 + role_score / 2.0),
                _ => e.confidence,
            };
            out.push(Effect {
                axis,
                direction,
                rule: e.rule.to_string(),
                explanation: e.explanation.clone(),
                confidence,
                evidence: Evidence {
                    old: e.old.clone(),
                    new: e.new.clone(),
                },
                propagated: false,
                needs_review: confidence < 0.6,
            });
        }
    }
    out
}

/// The counts of a phrase list on both sides, where they differ: (phrase,
/// old count, new count).
/// With `presence`, a phrase counts once however often it occurs: a split
/// or merged clause repeats its boilerplate in each part, which is no
/// change of meaning.
fn count(t: &Prepared, phrase: &str, presence: bool) -> usize {
    let n = t.count(phrase);
    if presence {
        n.min(1)
    } else {
        n
    }
}

fn count_changes<'p>(
    phrases: &'p [String],
    old: &Prepared,
    new: &Prepared,
    presence: bool,
) -> Vec<(&'p str, usize, usize)> {
    let mut out: Vec<(&str, usize, usize)> = Vec::new();
    for p in phrases {
        let (a, b) = (count(old, p, presence), count(new, p, presence));
        // A phrase inside a longer listed phrase counts once, as the longer.
        if a != b && !out.iter().any(|(q, _, _)| q.contains(p.as_str())) {
            out.push((p, a, b));
        }
    }
    out
}

impl<'a> Rules<'a, '_> {
    fn presence(&self) -> bool {
        self.input.kind == Kind::Restructured
    }

    /// The original words a normalised phrase stands for in a side's text:
    /// as written, or through an alias ("in accordance with its domestic
    /// law" found as "... their domestic law"), or, for a canonical double
    /// negative, the words it was rewritten from ("only if" from "unless").
    fn q(&self, side: &Side<'_>, phrase: &str) -> Option<String> {
        if let Some(w) = quote(side.original, phrase) {
            return Some(w);
        }
        for a in &self.lex.alias {
            if phrase.contains(a.to.as_str()) {
                if let Some(w) = quote(side.original, &phrase.replacen(a.to.as_str(), &a.from, 1)) {
                    return Some(w);
                }
            }
        }
        match phrase {
            "only" | "only if" => quote(side.original, "unless"),
            "may" => quote(side.original, "shall not"),
            _ => None,
        }
    }

    fn push(
        &mut self,
        rule: &'static str,
        polarity: i8,
        projection: Projection,
        confidence: f64,
        (old, new): (Option<String>, Option<String>),
        explanation: String,
    ) {
        self.events.push(Event {
            rule,
            polarity,
            projection,
            confidence,
            old,
            new,
            explanation,
        });
    }

    /// Added or removed phrases of one list, as events.
    fn phrase_events(
        &mut self,
        old: &Side<'_>,
        new: &Side<'_>,
        phrases: &[String],
        (rules, more): ((&'static str, &'static str), i8),
        (projection, confidence): (Projection, f64),
        what: &str,
    ) {
        for (p, a, b) in count_changes(phrases, &old.text, &new.text, self.presence()) {
            if b > a {
                let q = self.q(new, p);
                let Some(words) = q.clone() else { continue };
                self.push(
                    rules.0,
                    more,
                    projection,
                    confidence,
                    (None, q),
                    format!("{what} \u{2018}{words}\u{2019} added."),
                );
            } else {
                let q = self.q(old, p);
                let Some(words) = q.clone() else { continue };
                self.push(
                    rules.1,
                    -more,
                    projection,
                    confidence,
                    (q, None),
                    format!("{what} \u{2018}{words}\u{2019} removed."),
                );
            }
        }
    }

    /// The deontic operator of a clause: the first modal outside fixed
    /// phrases, with its strength.
    fn operator(&self, text: &Prepared) -> Option<(String, f64)> {
        let mut joined = text.joined.clone();
        for p in &self.lex.not_deontic {
            joined = joined.replace(&format!(" {p} "), " \u{2027} ");
        }
        let mut best: Option<(usize, &str, f64)> = None;
        for m in &self.lex.modal {
            if let Some(at) = joined.find(&format!(" {} ", m.phrase)) {
                // Earliest wins; at the same place the longer phrase (listed first).
                if best.is_none_or(|(b, _, _)| at < b) {
                    best = Some((at, &m.phrase, m.strength));
                }
            }
        }
        best.map(|(_, p, s)| (p.to_string(), s))
    }

    /// MOD: the duty got stronger or weaker (shall -> may, may -> shall),
    /// or a prohibition was lifted or imposed.
    fn modal(&mut self, old: &Side<'_>, new: &Side<'_>) {
        // Operators in order: "shall X, and may Y" -> "shall X and shall Y"
        // changes the second. With as many on each side they are compared
        // pairwise; otherwise the first decides.
        let (so, sn) = (self.operators(&old.text), self.operators(&new.text));
        // One side's operators all kept, in order, by the other: a sentence
        // or duty was added or removed, and no operator changed.
        let subsequence = |short: &[(String, f64)], long: &[(String, f64)]| {
            let mut it = long.iter();
            short.iter().all(|x| it.any(|y| y.0 == x.0))
        };
        let pairs: Vec<((String, f64), (String, f64))> = if so.len() == sn.len() {
            so.into_iter().zip(sn).filter(|(a, b)| a.0 != b.0).collect()
        } else if !so.is_empty()
            && !sn.is_empty()
            && (subsequence(&so, &sn) || subsequence(&sn, &so))
        {
            Vec::new()
        } else {
            so.into_iter()
                .zip(sn)
                .take(1)
                .filter(|(a, b)| a.0 != b.0)
                .collect()
        };
        for ((op_old, s_old), (op_new, s_new)) in pairs {
            self.modal_step(old, new, (op_old, s_old), (op_new, s_new));
        }
    }

    /// Every deontic operator of a clause, in order.
    fn operators(&self, text: &Prepared) -> Vec<(String, f64)> {
        let mut joined = text.joined.clone();
        for p in &self.lex.not_deontic {
            joined = joined.replace(&format!(" {p} "), " \u{2027} ");
        }
        // A qualifier between the modal and its verb ("shall, where
        // appropriate, consider") leaves the operator what it is: "shall
        // consider".
        for q in &self.lex.qualifiers {
            let pat = format!(" {q} ");
            if joined.contains(&pat) {
                joined = joined.replace(&pat, " ");
            }
        }
        let mut found: Vec<(usize, usize, &str, f64)> = Vec::new();
        // Longest phrases first (the lexicon is sorted so): "shall not"
        // claims its place before "shall" can.
        for m in &self.lex.modal {
            let pat = format!(" {} ", m.phrase);
            let mut from = 0;
            while let Some(at) = joined[from..].find(&pat) {
                let start = from + at;
                let end = start + pat.len() - 1;
                if !found.iter().any(|&(s, e, _, _)| start < e && s < end) {
                    found.push((start, end, &m.phrase, m.strength));
                }
                from = start + 1;
            }
        }
        found.sort_by_key(|f| f.0);
        found
            .into_iter()
            .map(|(_, _, p, st)| (p.to_string(), st))
            .collect()
    }

    fn modal_step(
        &mut self,
        old: &Side<'_>,
        new: &Side<'_>,
        (op_old, mut s_old): (String, f64),
        (op_new, mut s_new): (String, f64),
    ) {
        if op_old == op_new || (s_old - s_new).abs() < f64::EPSILON {
            return;
        }
        let (Some(wo), Some(wn)) = (self.q(old, &op_old), self.q(new, &op_new)) else {
            return;
        };
        let evidence = (Some(wo.clone()), Some(wn.clone()));
        // A prohibition on refusing is a duty to assist: on the refusal
        // ladder it sits below "may refuse".
        if self.role == Role::RefusalGrounds {
            s_old = s_old.max(0.0);
            s_new = s_new.max(0.0);
        }
        if s_old < 0.0 || s_new < 0.0 {
            // A prohibition restricts what may be done: more restriction
            // narrows what the clause allows and protects more (C4, C5).
            let more = if s_new < s_old { 1 } else { -1 };
            let projection = self.restriction_projection();
            let how = if more > 0 {
                "restricts more"
            } else {
                "restricts less"
            };
            self.push(
                if more > 0 {
                    "modal.prohibition-stronger"
                } else {
                    "modal.prohibition-weaker"
                },
                more,
                projection,
                HIGH,
                evidence,
                format!("\u{2018}{wo}\u{2019} became \u{2018}{wn}\u{2019}: the prohibition {how}."),
            );
            return;
        }
        let mut polarity: i8 = if s_new < s_old { -1 } else { 1 };
        // "shall be exchanged only upon a request" is a restriction, like a
        // prohibition: loosening its modal loosens the restriction (EFFECTS
        // §4: flip once inside a restrictive frame).
        if restrictive(&old.text, &op_old) {
            polarity = -polarity;
        }
        let (rule, how) = if polarity > 0 {
            ("modal.stronger", "binds more")
        } else {
            ("modal.weaker", "binds less")
        };
        let role = self.role.noun();
        self.push(
            rule,
            polarity,
            Projection::ByRole,
            HIGH,
            evidence,
            format!("\u{2018}{wo}\u{2019} became \u{2018}{wn}\u{2019}: the {role} {how}."),
        );
    }

    /// Where more restriction of what may be done (a prohibition, an
    /// "only") points: on a safeguard, more protection; on a power or
    /// cooperation, less reach and more protection (C4); on an offence, less
    /// reach; on a refusal ground, less refusal.
    fn restriction_projection(&self) -> Projection {
        match self.role {
            Role::Safeguard | Role::DataProtection | Role::SavingsClause => {
                Projection::Safeguards(1)
            }
            // Conditions on the exercise of a power are its safeguards (§4);
            // a restriction on cooperation (speciality) counts on both (C4).
            Role::ProceduralPower => Projection::Safeguards(1),
            Role::Cooperation => Projection::Both(-1, 1),
            Role::RefusalGrounds => Projection::Both(1, -1),
            Role::Criminalization
            | Role::ScopeOfApplication
            | Role::Definition
            | Role::Jurisdiction => Projection::Scope(-1),
            _ => Projection::Safeguards(0),
        }
    }

    /// A clause that binds every State unless it declares otherwise (opt
    /// out) made to bind only the States that declare they accept it (opt
    /// in), or the reverse: silent States are no longer bound, or now are.
    /// Returns whether it fired.
    fn opting(&mut self, old: &Side<'_>, new: &Side<'_>) -> bool {
        let declares = |t: &Prepared| {
            t.words
                .iter()
                .any(|w| w.starts_with("declar") || w.starts_with("notif") || w == "reservation")
        };
        // "shall not apply to a State unless it has declared that it
        // accepts" is an opt in too.
        let applies_not = |t: &Prepared| t.has("not apply") || t.has("shall not bind");
        let opt_out =
            |t: &Prepared| declares(t) && (t.has("unless") || t.has("except")) && !applies_not(t);
        let only = [
            "only if",
            "only to",
            "only between",
            "only where",
            "only in respect of",
            "only for",
        ];
        let opt_in = |t: &Prepared| {
            declares(t)
                && ((applies_not(t) && t.has("unless"))
                    || (!t.has("unless") && !t.has("except") && only.iter().any(|p| t.has(p))))
        };
        let (polarity, how, from, to) = if opt_out(&old.text) && opt_in(&new.text) {
            (
                -1,
                "only States that declare they accept it are bound",
                "unless",
                "only",
            )
        } else if opt_in(&old.text) && opt_out(&new.text) {
            (
                1,
                "every State is bound unless it declares otherwise",
                "only",
                "unless",
            )
        } else {
            return false;
        };
        let marker = |t: &str, m: &str| {
            [m, "unless", "except", "only"]
                .into_iter()
                .find_map(|w| quote(t, w))
        };
        let (Some(wo), Some(wn)) = (marker(old.original, from), marker(new.original, to)) else {
            return false;
        };
        // Which States are bound is the reach of the duty (C1), whatever
        // article the clause stands in (reservations, final provisions).
        self.push(
            if polarity > 0 {
                "obligation.opt-out"
            } else {
                "obligation.opt-in"
            },
            polarity,
            Projection::Scope(1),
            MEDIUM,
            (Some(wo.clone()), Some(wn.clone())),
            format!("\u{2018}{wo}\u{2019} became \u{2018}{wn}\u{2019}: {how}."),
        );
        true
    }

    /// "only" added or removed next to the operator: the clause now allows
    /// (or requires) something in fewer cases.
    fn only(&mut self, old: &Side<'_>, new: &Side<'_>) {
        let has_only = |t: &Prepared| -> Option<String> {
            let (op, _) = self.operator(t)?;
            restrictive(t, &op).then_some(op)
        };
        let (a, b) = (has_only(&old.text), has_only(&new.text));
        if a.is_some() == b.is_some() {
            return;
        }
        // "shall not X" -> "shall not X unless C" reads "may X only if C":
        // the prohibition's change is the whole event, and its "only" the
        // exception's condition, not a restriction of its own.
        if self
            .events
            .iter()
            .any(|e| e.rule.starts_with("modal.prohibition-"))
        {
            return;
        }
        let added = b.is_some();
        // "No order shall require X" -> "No order shall require X, unless
        // C": the canonical form reads "may ... only if C", but what came is
        // an exception to the prohibition: it restricts less (EXC-03).
        let exception = |t: &str| {
            let t = format!(" {} ", t.to_lowercase());
            [" unless ", " except "].iter().any(|m| t.contains(m))
        };
        let prohibition = |t: &str| {
            let t = format!(" {} ", t.to_lowercase());
            [" shall not ", " may not ", " must not "]
                .iter()
                .any(|m| t.contains(m))
                || (t.trim_start().starts_with("no ") && t.contains(" shall "))
        };
        let (excepted_old, excepted_new) = (exception(old.original), exception(new.original));
        if excepted_old != excepted_new
            && added == excepted_new
            && prohibition(old.original)
            && prohibition(new.original)
        {
            let side = if added { new } else { old };
            let marker = ["unless", "except"]
                .into_iter()
                .find_map(|m| quote(side.original, m));
            if let Some(w) = marker {
                let evidence = came_or_went(added, &w);
                self.push(
                    if added {
                        "restriction.exception-added"
                    } else {
                        "restriction.exception-removed"
                    },
                    if added { -1 } else { 1 },
                    self.restriction_projection(),
                    MEDIUM,
                    evidence,
                    format!(
                        "Exception \u{2018}{w}\u{2019} {} the prohibition: it now forbids {} cases.",
                        if added { "added to" } else { "removed from" },
                        if added { "fewer" } else { "more" }
                    ),
                );
                return;
            }
        }
        let side = if added { new } else { old };
        let Some(w) = self.q(side, "only") else {
            return;
        };
        // A duty that applies "only" in some cases binds less: that is
        // less of the clause, read by its role; a permission or power that
        // applies "only" in some cases is restricted.
        let duty = self
            .operator(&side.text)
            .is_some_and(|(_, strength)| strength >= 0.9);
        // (In a data-protection rule "only" limits the processing: purpose
        // limitation, a restriction like any other.)
        let protective_duty = duty && self.role == Role::Safeguard;
        let (polarity, projection) = if protective_duty {
            (if added { -1 } else { 1 }, Projection::Safeguards(1))
        } else {
            (if added { 1 } else { -1 }, self.restriction_projection())
        };
        let evidence = came_or_went(added, &w);
        self.push(
            if added {
                "restriction.only-added"
            } else {
                "restriction.only-removed"
            },
            polarity,
            projection,
            MEDIUM,
            evidence,
            format!(
                "\u{2018}{w}\u{2019} {}: the clause now applies {} cases.",
                if added { "added" } else { "removed" },
                if added { "in fewer" } else { "in more" }
            ),
        );
    }

    /// DEF-01/02/03: a definition's extension, read from the shape of the
    /// edit: an alternative or item added broadens it, a restrictive clause
    /// ("that ...", "which ...", "only") added narrows it, and the reverse.
    /// A safeguard concept ("independent authority") that broadens protects
    /// less.
    fn definition(&mut self, old: &Side<'_>, new: &Side<'_>) {
        if self.role != Role::Definition {
            return;
        }
        let segments = crate::diff::words(old.original, new.original);
        let (mut broader, mut narrower) = (None, None);
        for seg in &segments {
            let t = seg.text.trim().trim_start_matches([',', ';']).trim();
            let mut lead = t.split_whitespace().map(str::to_lowercase);
            let first = lead.next().unwrap_or_default();
            let second = lead.next().unwrap_or_default();
            let restricts = |w: &str| {
                matches!(
                    w,
                    "that" | "which" | "who" | "whose" | "only" | "provided" | "where" | "when"
                )
            };
            // "... and whose members enjoy security of tenure": a second
            // condition joined to the first ("or who has been": another way
            // in, an alternative).
            let restrictive = restricts(&first) || (first == "and" && restricts(&second));
            let alternative = matches!(first.as_str(), "or" | "any" | "and")
                || seg.text.trim_start().starts_with(',');
            if t.split_whitespace().count() < 2 {
                continue;
            }
            match seg.op {
                crate::diff::Op::Insert if restrictive => {
                    narrower = Some((None, Some(t.to_string())))
                }
                crate::diff::Op::Insert if alternative => {
                    broader = Some((None, Some(t.to_string())))
                }
                crate::diff::Op::Delete if restrictive => {
                    broader = Some((Some(t.to_string()), None))
                }
                crate::diff::Op::Delete if alternative => {
                    narrower = Some((Some(t.to_string()), None))
                }
                _ => {}
            }
        }
        let term = super::defined_term(new.original).unwrap_or_default();
        let projection = if safeguard_concept(&term) {
            Projection::Safeguards(-1)
        } else {
            Projection::Scope(1)
        };
        for (found, more, rule) in [
            (broader, 1, "definition.broader"),
            (narrower, -1, "definition.narrower"),
        ] {
            let Some(evidence) = found else { continue };
            let words = evidence
                .0
                .clone()
                .or(evidence.1.clone())
                .unwrap_or_default();
            let verb = if evidence.1.is_some() {
                "added"
            } else {
                "removed"
            };
            self.push(
                rule,
                more,
                projection,
                MEDIUM,
                evidence,
                format!(
                    "\u{2018}{words}\u{2019} {verb}: the defined term \u{2018}{term}\u{2019} now reaches {}.",
                    if more > 0 { "further" } else { "less far" }
                ),
            );
        }
    }

    /// QUAL: discretion qualifiers added or removed, or moved so that they
    /// govern more or less of the sentence.
    fn qualifiers(&mut self, old: &Side<'_>, new: &Side<'_>) {
        let role = self.role.noun();
        let quals = self.lex.qualifiers.clone();
        for (p, a, b) in count_changes(&quals, &old.text, &new.text, self.presence()) {
            // A qualifier on a duty to state reasons, record or inform
            // inside a power's article qualifies that safeguard (§4).
            let side = if b > a { new } else { old };
            let on_safeguard = matches!(self.role, Role::ProceduralPower | Role::Cooperation)
                && self.governed(&side.text, p).is_some_and(|g| {
                    g.iter().any(|w| {
                        matches!(w.as_str(), "reasons" | "grounds" | "record" | "writing")
                            || self.safeguard_terms().any(|t| t == w)
                    })
                });
            let projection = if on_safeguard {
                Projection::Safeguards(1)
            } else {
                Projection::ByRole
            };
            let what = if on_safeguard { "safeguard" } else { role };
            if b > a {
                let q = self.q(new, p);
                let Some(w) = q.clone() else { continue };
                self.push("qualifier.added", -1, projection, HIGH, (None, q), format!("\u{2018}{w}\u{2019} added: the {what} now applies only at the State's discretion."));
            } else {
                let q = self.q(old, p);
                let Some(w) = q.clone() else { continue };
                self.push("qualifier.removed", 1, projection, HIGH, (q, None), format!("\u{2018}{w}\u{2019} removed: the {what} no longer depends on the State's discretion."));
            }
        }
        // Attachment: the same qualifier, now governing other words
        // ("shall include X and, where appropriate, Y" -> "shall include,
        // where appropriate, X and Y": it now governs X too). What it
        // governs: the words after it, up to the end of the sentence or the
        // next operator.
        for p in &attachable(&quals) {
            if old.text.count(p) != 1 || new.text.count(p) != 1 {
                continue;
            }
            let (Some(mut go), Some(mut gn)) = (
                self.governed_common(old, new, &old.text, p),
                self.governed_common(old, new, &new.text, p),
            ) else {
                continue;
            };
            // The qualifier's own complement ("to the extent consistent
            // with | its domestic law |") is governed by it, not by the
            // duty: it moves with the qualifier.
            let (co, cn) = (complement(old.original, p), complement(new.original, p));
            if co.is_some() && co == cn {
                for w in co.iter().flatten() {
                    go.remove(w);
                    gn.remove(w);
                }
            }
            if go == gn {
                continue;
            }
            let (Some(wo), Some(wn)) = (self.q(old, p), self.q(new, p)) else {
                continue;
            };
            let taken: Vec<String> = gn.difference(&go).cloned().collect();
            let released: Vec<String> = go.difference(&gn).cloned().collect();
            let moves: Vec<(i8, &str, &[String])> = if go.is_subset(&gn) {
                vec![(-1, "now also governs words it did not", &taken)]
            } else if gn.is_subset(&go) {
                vec![(1, "no longer governs some of the words it did", &released)]
            } else {
                // It left some words and took others: both, never netted out.
                vec![
                    (1, "released the words it governed", &released),
                    (-1, "now governs other words", &taken),
                ]
            };
            for (polarity, how, words) in moves {
                // What the qualifier now governs (or no longer does) decides
                // the axis: a duty to state grounds inside a power is its
                // safeguard (EFFECTS.md §4).
                // (The governed words are a set, so single words are cues.)
                let cue = |w: &String| {
                    matches!(
                        w.as_str(),
                        "grounds" | "reasons" | "authorization" | "judge" | "court" | "warrant"
                    ) || self.safeguard_terms().any(|p| p == w)
                };
                let projection = if self.role.scope_sign() != 0 && words.iter().any(cue) {
                    Projection::Safeguards(1)
                } else {
                    Projection::ByRole
                };
                self.push(
                    "qualifier.attachment",
                    polarity,
                    projection,
                    MEDIUM,
                    (Some(wo.clone()), Some(wn.clone())),
                    format!("\u{2018}{wn}\u{2019} moved: it {how}."),
                );
            }
        }
    }

    /// For each content word, the force of the list it stands in: the
    /// strength of its segment's operator and the rank of the authorisation
    /// its segment requires (lower is stronger). Segments end at a sentence
    /// break or at the next operator.
    fn placements(&self, t: &Prepared) -> Vec<Placement> {
        let ladder = self
            .lex
            .safeguards
            .get("authorisation")
            .cloned()
            .unwrap_or_default();
        let words = &t.words;
        // "will" and "would" are deontic in a treaty's own voice ("States
        // will ...") but, inside a list, mostly predict ("grounds to believe
        // that the data will provide evidence"): they cut no list.
        let is_modal = |w: &String| {
            !matches!(w.as_str(), "will" | "would") && self.lex.modal.iter().any(|m| m.phrase == *w)
        };
        let segment = |from: usize, to: usize| Prepared {
            words: words[from..to].to_vec(),
            joined: format!(" {} ", words[from..to].join(" ")),
            breaks: Vec::new(),
        };
        // The authorisation that governs a word is its clause's: a clause
        // runs from one sentence or list piece with an operator to the next,
        // so its subject ("A court shall review X" and "X shall be reviewed
        // by a court" place X alike) and the items of a list laid out after
        // its head ("shall include: (a) ...; (b) ...") belong to it.
        let mut pieces: Vec<usize> = t.breaks.clone();
        pieces.push(0);
        pieces.push(words.len());
        pieces.sort_unstable();
        pieces.dedup();
        let mut clause_starts = vec![0];
        for w in pieces.windows(2) {
            if w[0] > 0 && words[w[0]..w[1]].iter().any(is_modal) {
                clause_starts.push(w[0]);
            }
        }
        clause_starts.push(words.len());
        // Ranked on stems: voice changes "review" to "be reviewed".
        let stems = |t: &str| t.split_whitespace().map(stem).collect::<Vec<_>>().join(" ");
        let ladder: Vec<String> = ladder
            .iter()
            .map(|level| {
                level
                    .split(" | ")
                    .map(stems)
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .collect();
        let rank_of = |from: usize, to: usize| {
            let stemmed = Prepared {
                words: Vec::new(),
                joined: format!(" {} ", stems(&segment(from, to).joined)),
                breaks: Vec::new(),
            };
            terms_used(&ladder, &stemmed)
                .first()
                .map_or(usize::MAX, |r| r.0)
        };
        let mut rank_at = vec![usize::MAX; words.len()];
        // Whether the word's clause is a channel outside mutual legal
        // assistance ("may, without prior request, transmit X").
        let mut channel_at = vec![false; words.len()];
        for c in clause_starts.windows(2) {
            let rank = rank_of(c[0], c[1]);
            rank_at[c[0]..c[1]].fill(rank);
            channel_at[c[0]..c[1]].fill(channel_in(self.lex, &segment(c[0], c[1])).is_some());
        }
        // The force that governs a word is its list's: lists are cut at
        // every operator ("shall include A, and may include B").
        let mut cuts: Vec<usize> = t.breaks.clone();
        // A relative clause's subject belongs to its own operator: "which
        // the issuing authority may extend" and "which may be extended by
        // the issuing authority" place "issuing authority" alike.
        cuts.extend((0..words.len()).filter(|&i| is_modal(&words[i])).map(|i| {
            (i.saturating_sub(6)..i)
                .rev()
                .take_while(|&r| !is_modal(&words[r]) && !t.breaks.contains(&r))
                .find(|&r| matches!(words[r].as_str(), "which" | "who" | "whom"))
                .unwrap_or(i)
        }));
        cuts.push(words.len());
        cuts.sort_unstable();
        cuts.dedup();
        let mut out = Vec::new();
        let mut start = 0;
        for &end in &cuts {
            if end <= start {
                continue;
            }
            let strength = self
                .operators(&segment(start, end))
                .into_iter()
                .find(|(op, _)| !matches!(op.as_str(), "will" | "would"))
                .map_or(f64::NAN, |(_, s)| s);
            // "submit A and B, but not C": C stands outside the list.
            let mut excluded = false;
            for (i, w) in words.iter().enumerate().take(end).skip(start) {
                let next = words.get(i + 1).map_or("", String::as_str);
                excluded |= (w == "but" && next == "not")
                    || (w == "other" && next == "than")
                    || w == "excluding"
                    || w == "except";
                if !FUNCTION_WORDS.contains(&w.as_str()) && w.len() > 3 {
                    out.push(Placement {
                        word: w.clone(),
                        strength,
                        rank: rank_at[i],
                        channel: channel_at[i],
                        excluded,
                    });
                }
            }
            start = end;
        }
        out
    }

    /// Items moved between lists of different force (see `apply`).
    fn rearrangement(&mut self, old: &Side<'_>, new: &Side<'_>) {
        let (po, pn) = (self.placements(&old.text), self.placements(&new.text));
        let once = |v: &[Placement], w: &str| v.iter().filter(|x| x.word == w).count() == 1;
        let (mut weaker, mut stronger, mut less_checked, mut more_checked) =
            (None, None, None, None);
        let (mut into_channel, mut out_of_channel) = (None, None);
        let (mut included, mut excluded) = (None, None);
        for o in &po {
            let w = &o.word;
            if !once(&po, w) || !once(&pn, w) {
                continue;
            }
            let Some(n) = pn.iter().find(|x| &x.word == w) else {
                continue;
            };
            let (so, ro, co) = (&o.strength, &o.rank, &o.channel);
            let (sn, rn, cn) = (&n.strength, &n.rank, &n.channel);
            // Out of or into an exclusion ("but not content data"): the
            // object is now in the clause's reach, or out of it.
            if o.excluded != n.excluded {
                let slot = if n.excluded {
                    &mut excluded
                } else {
                    &mut included
                };
                slot.get_or_insert(w.clone());
                continue;
            }
            // Into or out of a channel outside mutual legal assistance: that
            // is the move's effect (C7), whatever the lists' force.
            if co != cn {
                let slot = if *cn {
                    &mut into_channel
                } else {
                    &mut out_of_channel
                };
                slot.get_or_insert(w.clone());
                continue;
            }
            if so.is_finite() && sn.is_finite() && (so - sn).abs() > f64::EPSILON {
                let slot = if sn < so { &mut weaker } else { &mut stronger };
                // A safeguard among the moved words names the move best.
                let better = slot.as_ref().is_none_or(|found: &String| {
                    !self.safeguard_word(found) && self.safeguard_word(w)
                });
                if better {
                    *slot = Some(w.clone());
                }
            }
            if ro != rn {
                if rn > ro {
                    less_checked.get_or_insert(w.clone());
                } else {
                    more_checked.get_or_insert(w.clone());
                }
            }
        }
        let role = self.role.noun();
        for (found, polarity, projection, rule, how) in [
            (
                included,
                1,
                Projection::ByRole,
                "list.moved-out-of-exclusion",
                format!("no longer excluded from the {role}"),
            ),
            (
                excluded,
                -1,
                Projection::ByRole,
                "list.moved-into-exclusion",
                format!("now excluded from the {role}"),
            ),
            (
                into_channel,
                1,
                Projection::Both(1, -1),
                "list.moved-into-channel",
                "now in the channel outside mutual legal assistance".to_string(),
            ),
            (
                out_of_channel,
                -1,
                Projection::Both(1, -1),
                "list.moved-out-of-channel",
                "now only through mutual legal assistance".to_string(),
            ),
            (
                weaker,
                -1,
                Projection::ByRole,
                "list.moved-to-weaker",
                format!("now in a weaker list of the {role}"),
            ),
            (
                stronger,
                1,
                Projection::ByRole,
                "list.moved-to-stronger",
                format!("now in a stronger list of the {role}"),
            ),
            (
                less_checked,
                -1,
                Projection::Safeguards(1),
                "list.moved-to-weaker-check",
                "now under a weaker authorisation".to_string(),
            ),
            (
                more_checked,
                1,
                Projection::Safeguards(1),
                "list.moved-to-stronger-check",
                "now under a stronger authorisation".to_string(),
            ),
        ] {
            let Some(word) = found else { continue };
            let Some(w) = self.q(new, &word) else {
                continue;
            };
            // A safeguard ("review by a court") moved to a weaker list of a
            // power's article weakens the safeguards, not the power.
            let scope_only = matches!(
                self.role,
                Role::ProceduralPower
                    | Role::Cooperation
                    | Role::Criminalization
                    | Role::ScopeOfApplication
                    | Role::Jurisdiction
            );
            let projection = match projection {
                Projection::ByRole if scope_only && self.safeguard_word(&word) => {
                    Projection::Safeguards(1)
                }
                p => p,
            };
            self.push(
                rule,
                polarity,
                projection,
                MEDIUM,
                (self.q(old, &word), Some(w.clone())),
                format!("\u{2018}{w}\u{2019} moved: {how}."),
            );
        }
    }

    /// Whether a qualifier present once on each side governs other words.
    fn attachment_moved(&self, old: &Side<'_>, new: &Side<'_>) -> bool {
        attachable(&self.lex.qualifiers).iter().any(|p| {
            old.text.count(p) == 1
                && new.text.count(p) == 1
                && self.governed_common(old, new, &old.text, p)
                    != self.governed_common(old, new, &new.text, p)
        })
    }

    /// What a phrase governs, among the words both versions have: a word
    /// only one version has was added or removed, not moved.
    fn governed_common(
        &self,
        old: &Side<'_>,
        new: &Side<'_>,
        text: &Prepared,
        phrase: &str,
    ) -> Option<std::collections::BTreeSet<String>> {
        let mut g = self.governed(text, phrase)?;
        g.retain(|w| old.text.words.contains(w) && new.text.words.contains(w));
        Some(g)
    }

    /// The content words a phrase governs: from after it to the end of its
    /// sentence or the next deontic operator.
    fn governed(
        &self,
        text: &Prepared,
        phrase: &str,
    ) -> Option<std::collections::BTreeSet<String>> {
        let at = text.position(phrase)?;
        let mut start = at + phrase.split_whitespace().count();
        // Before its sentence's operator ("In accordance with its domestic
        // law, each State Party shall ...") a qualifier governs the whole
        // duty, as it does right after it ("shall, as appropriate, ...").
        let sentence_start = text
            .breaks
            .iter()
            .copied()
            .filter(|&b| b <= at)
            .max()
            .unwrap_or(0);
        let operators = ["shall", "may", "must"];
        let op = (sentence_start..text.words.len())
            .take_while(|&i| !text.breaks.contains(&i) || i == sentence_start)
            .find(|&i| operators.contains(&text.words[i].as_str()) && !(at..start).contains(&i));
        let initial = op.is_some_and(|op| at < op);
        if let Some(op) = op.filter(|_| initial) {
            start = op + 1;
        }
        let end = text
            .breaks
            .iter()
            .copied()
            .find(|&b| b >= start && b > 0)
            .unwrap_or(text.words.len());
        let span = &text.words[start.min(text.words.len())..end.min(text.words.len())];
        let mut until = span
            .iter()
            .position(|w| operators.contains(&w.as_str()))
            .unwrap_or(span.len());
        // The next duty's subject is not governed by a qualifier inside
        // the first duty: "..., and the requesting State Party shall be
        // informed" stops at its "and". (One that opens the sentence
        // governs it all.)
        if until < span.len() && !initial {
            if let Some(c) = span[..until]
                .iter()
                .rposition(|w| matches!(w.as_str(), "and" | "or"))
                .filter(|&c| until - c <= 8)
            {
                until = c;
            }
        }
        let words: std::collections::BTreeSet<String> = span[..until]
            .iter()
            .filter(|w| w.len() > 3)
            .cloned()
            .collect();
        Some(words)
    }

    /// SAFE: safeguard vocabulary gained or lost; the authorisation ladder
    /// stepped up or down.
    fn safeguard_vocabulary(&mut self, old: &Side<'_>, new: &Side<'_>) {
        if matches!(
            self.role,
            Role::Definition | Role::Preamble | Role::FinalProvision | Role::Institutional
        ) {
            return;
        }
        let families = self.lex.safeguards.clone();
        if let Some(ladder) = families.get("authorisation") {
            // The strongest rank of authorisation each side requires.
            let rank = |t: &Prepared| terms_used(ladder, t).into_iter().next();
            match (rank(&old.text), rank(&new.text)) {
                (Some((a, pa)), Some((b, pb))) if a != b => {
                    let (wo, wn) = (self.q(old, &pa), self.q(new, &pb));
                    if let (Some(o), Some(n)) = (wo.clone(), wn.clone()) {
                        let (rule, pol, how) = if b > a {
                            ("safeguard.authorisation-weaker", -1, "a weaker check")
                        } else {
                            ("safeguard.authorisation-stronger", 1, "a stronger check")
                        };
                        self.push(
                            rule,
                            pol,
                            Projection::Safeguards(1),
                            HIGH,
                            (wo, wn),
                            format!("\u{2018}{o}\u{2019} became \u{2018}{n}\u{2019}: {how} on the exercise of the power."),
                        );
                    }
                }
                (Some((_, pa)), None) => {
                    let w = self.q(old, &pa);
                    if let Some(o) = w.clone() {
                        self.push(
                            "safeguard.authorisation-removed",
                            -1,
                            Projection::Safeguards(1),
                            HIGH,
                            (w, None),
                            format!("\u{2018}{o}\u{2019} removed: no authorisation or review is required any more."),
                        );
                    }
                }
                (None, Some((_, pb))) => {
                    let w = self.q(new, &pb);
                    if let Some(n) = w.clone() {
                        self.push(
                            "safeguard.authorisation-added",
                            1,
                            Projection::Safeguards(1),
                            HIGH,
                            (None, w),
                            format!("\u{2018}{n}\u{2019} now required."),
                        );
                    }
                }
                _ => {}
            }
        }
        for (family, phrases) in &families {
            if family == "authorisation" {
                continue;
            }
            // "convicted in a third State" in a refusal ground is the
            // ground's reach, not an onward transfer.
            if family == "data_protection" && self.role == Role::RefusalGrounds {
                continue;
            }
            // Whole-family counts: "notify" -> "notification" is no change.
            // Sentences joined or split ("shall notify the person. The
            // notification shall state ..." -> "shall notify the person of
            // ...") name a duty more or fewer times: then only whether the
            // family is there at all counts.
            let regrouped = old.text.breaks.len() != new.text.breaks.len();
            let presence = self.presence();
            let total = |t: &Prepared| {
                let n = phrases.iter().map(|p| count(t, p, presence)).sum::<usize>();
                if regrouped {
                    n.min(1)
                } else {
                    n
                }
            };
            let (a, b) = (total(&old.text), total(&new.text));
            if a == b {
                continue;
            }
            let changes = count_changes(phrases, &old.text, &new.text, self.presence());
            let added = b > a;
            // An authority that used to authorise and is now only told
            // afterwards ("who shall inform the judge within 24 hours"):
            // the notice is what is left of the check, not a new safeguard.
            let demoted = self
                .events
                .iter()
                .any(|e| e.rule == "safeguard.authorisation-weaker");
            let informs_authority = ["judge", "court", "authority", "prosecutor"]
                .iter()
                .any(|a| {
                    ["inform the", "notify the", "informed the", "notified the"]
                        .iter()
                        .any(|v| new.text.has(&format!("{v} {a}")))
                });
            if family == "notification" && added && demoted && informs_authority {
                continue;
            }
            let side = if added { new } else { old };
            // Every term of the family that moved the same way, quoted.
            let words: Vec<String> = changes
                .iter()
                .filter(|(_, x, y)| (y > x) == added)
                .filter_map(|(p, _, _)| self.q(side, p))
                .take(4)
                .collect();
            let Some(first) = words.first().cloned() else {
                continue;
            };
            let what = family.replace('_', " ");
            let quoted: Vec<String> = words
                .iter()
                .map(|w| format!("\u{2018}{w}\u{2019}"))
                .collect();
            let verb = if added { "added" } else { "removed" };
            let evidence = if added {
                (None, Some(first))
            } else {
                (Some(first), None)
            };
            self.push(
                safeguard_rule(family, added),
                if added { 1 } else { -1 },
                Projection::Safeguards(1),
                HIGH,
                evidence,
                format!("Safeguard ({what}) {} {verb}.", quoted.join(", ")),
            );
        }
    }

    /// Scope terms ("serious crime", "any criminal offence") gained or lost
    /// where scope is at stake.
    fn scope_terms(&mut self, old: &Side<'_>, new: &Side<'_>) {
        if self.role.scope_sign() == 0 {
            return;
        }
        let terms = self.lex.scope_terms.clone();
        self.phrase_events(
            old,
            new,
            &terms,
            (("scope-term.added", "scope-term.removed"), 1),
            (Projection::Scope(1), HIGH),
            "Reach",
        );
    }

    /// QUANT: restrictors of objects ("specified", "in its territory").
    fn restrictors(&mut self, old: &Side<'_>, new: &Side<'_>) {
        // A refusal ground restricted ("solely for the purpose of") is a
        // narrower ground: read by its role (C4).
        let projection = match self.role {
            Role::RefusalGrounds => Projection::ByRole,
            _ if self.role.scope_sign() > 0 => Projection::Scope(1),
            _ => return,
        };
        let mut terms = self.lex.restrictors.clone();
        // "in particular" introduces examples; it restricts nothing.
        if old.text.has("in particular") || new.text.has("in particular") {
            terms.retain(|t| t != "particular");
        }
        self.phrase_events(
            old,
            new,
            &terms,
            (("restrictor.added", "restrictor.removed"), -1),
            (projection, HIGH),
            "Restriction",
        );
    }

    /// EXC: exceptions and derogations; they subtract from the clause.
    fn exceptions(&mut self, old: &Side<'_>, new: &Side<'_>) {
        let terms = self.lex.exceptions.clone();
        // Protected categories (privilege, sources) count on safeguards only,
        // even when drafted as an exclusion (C5): an exclusion that brings
        // the protection with it is that protection, already counted; an
        // exception to a protection that stays weakens it.
        let protected = self
            .lex
            .safeguards
            .get("protected")
            .cloned()
            .unwrap_or_default();
        let has_protected = |t: &Prepared| protected.iter().any(|p| t.has(p));
        let (po, pn) = (has_protected(&old.text), has_protected(&new.text));
        if po != pn {
            return;
        }
        // An exception that follows a duty to inform, review or limit in a
        // power's article ("shall be informed ..., unless the prosecutor
        // decides ...") is an exception to that safeguard.
        let after_safeguard = |t: &Prepared| {
            terms.iter().any(|p| {
                t.position(p).is_some_and(|at| {
                    let from = at.saturating_sub(12);
                    let before = Prepared {
                        words: Vec::new(),
                        joined: format!(" {} ", t.words[from..at].join(" ")),
                        breaks: Vec::new(),
                    };
                    self.mentions_safeguard(&before)
                })
            })
        };
        let projection = if (po && pn)
            || (matches!(self.role, Role::ProceduralPower | Role::Cooperation)
                && (after_safeguard(&old.text) || after_safeguard(&new.text)))
        {
            Projection::Safeguards(1)
        } else {
            Projection::ByRole
        };
        self.phrase_events(
            old,
            new,
            &terms,
            (("exception.added", "exception.removed"), -1),
            (projection, MEDIUM),
            "Exception",
        );
        // An urgency derogation beside an authorisation ("issued by a judge
        // or, in urgent cases, by a senior police officer"): the check can
        // be skipped (EXC-03).
        if self.mentions_authorisation(&old.text) && self.mentions_authorisation(&new.text) {
            let urgency: Vec<String> = [
                "in urgent cases",
                "in cases of urgency",
                "in case of urgency",
                "in exceptional cases",
                "in exceptional circumstances",
                "in cases of emergency",
                "in an emergency",
            ]
            .iter()
            .filter(|p| !terms.iter().any(|t| t == *p))
            .map(|p| p.to_string())
            .collect();
            self.phrase_events(
                old,
                new,
                &urgency,
                (("exception.urgency-added", "exception.urgency-removed"), -1),
                (Projection::Safeguards(1), MEDIUM),
                "Urgency derogation",
            );
        }
        if self.role == Role::Criminalization {
            let carve = self.lex.carve_outs.clone();
            self.phrase_events(
                old,
                new,
                &carve,
                (("carve-out.added", "carve-out.removed"), -1),
                (Projection::Scope(1), MEDIUM),
                "Carve-out",
            );
        }
    }

    /// INT: elements of an offence (C3): scope only, criminalisation only.
    /// An element replaced by a weaker one on the intent or harm scale
    /// widens (INT-04); an alternative mental element ("or recklessly")
    /// added widens.
    fn offence_elements(&mut self, old: &Side<'_>, new: &Side<'_>) {
        if self.role != Role::Criminalization {
            return;
        }
        let mut terms = self.lex.offence_elements.clone();
        let scales = [
            self.lex.ontology.intent.clone(),
            self.lex.ontology.harm.clone(),
        ];
        for scale in &scales {
            let scale: Vec<String> = scale.iter().filter(|p| !p.is_empty()).cloned().collect();
            // The strongest element of the scale each side requires (the
            // first level listed is the strongest); none = no requirement.
            let (Some((a, ta)), Some((b, tb))) = (
                terms_used(&scale, &old.text).into_iter().next(),
                terms_used(&scale, &new.text).into_iter().next(),
            ) else {
                continue;
            };
            let members: Vec<&str> = scale.iter().flat_map(|l| l.split(" | ")).collect();
            let unscaled = |terms: &mut Vec<String>| {
                terms.retain(|t| {
                    !members
                        .iter()
                        .any(|p| p.contains(t.as_str()) || t.contains(p))
                })
            };
            if a == b {
                // One level ("intentional" / "intentionally"): no change,
                // and not an element added and one removed.
                unscaled(&mut terms);
                continue;
            }
            let (Some(wo), Some(wn)) = (self.q(old, &ta), self.q(new, &tb)) else {
                continue;
            };
            let weaker = b > a;
            self.push(
                if weaker { "offence-element.weaker" } else { "offence-element.stronger" },
                if weaker { 1 } else { -1 },
                Projection::Scope(1),
                HIGH,
                (Some(wo.clone()), Some(wn.clone())),
                format!("\u{2018}{wo}\u{2019} became \u{2018}{wn}\u{2019}: a {} element, so {} conduct is criminalised.", if weaker { "weaker" } else { "stronger" }, if weaker { "more" } else { "less" }),
            );
            // Counted here: not again as an element added and one removed.
            unscaled(&mut terms);
        }
        self.phrase_events(
            old,
            new,
            &terms,
            (("offence-element.added", "offence-element.removed"), -1),
            (Projection::Scope(1), HIGH),
            "Element of the offence",
        );
        let alternatives = self.lex.element_alternatives.clone();
        self.phrase_events(
            old,
            new,
            &alternatives,
            (
                (
                    "offence-element.alternative-added",
                    "offence-element.alternative-removed",
                ),
                1,
            ),
            (Projection::Scope(1), HIGH),
            "Alternative element",
        );
    }

    /// COOP-01: channels that bypass mutual legal assistance (C7): widen
    /// scope and weaken safeguards.
    fn channels(&mut self, old: &Side<'_>, new: &Side<'_>) {
        if !matches!(
            self.role,
            Role::Cooperation
                | Role::ProceduralPower
                | Role::DataProtection
                | Role::ScopeOfApplication
        ) {
            return;
        }
        let mut terms = self.lex.channels.clone();
        if cross_border(&old.text) && cross_border(&new.text) {
            terms.push("directly".to_string());
        }
        self.phrase_events(
            old,
            new,
            &terms,
            (("channel.added", "channel.removed"), 1),
            (Projection::Both(1, -1), MEDIUM),
            "Channel outside mutual legal assistance",
        );
    }

    /// C4: refusal grounds count on both axes.
    fn refusal_grounds(&mut self, old: &Side<'_>, new: &Side<'_>) {
        // Protected characteristics in a non-discrimination ground count
        // wherever the ground stands (often inside an extradition or
        // assistance article rather than a "grounds for refusal" one).
        let ground_frame = |t: &Prepared| {
            [
                "on account of",
                "because of",
                "on the grounds of",
                "on grounds of",
            ]
            .iter()
            .any(|f| t.has(f))
                || self.lex.refusal.iter().any(|r| t.has(r))
        };
        let in_frame = ground_frame(&old.text) || ground_frame(&new.text);
        // A relief from extraditing "where ... because of his or her sex,
        // race ..." is a refusal ground drafted as a non-obligation (C4).
        let role_fits = matches!(self.role, Role::RefusalGrounds | Role::NonObligation)
            || (in_frame && matches!(self.role, Role::Cooperation | Role::Safeguard | Role::Other));
        if !role_fits {
            return;
        }
        let mut terms = self.lex.protected_grounds.clone();
        terms.extend(
            self.lex
                .refusal
                .iter()
                .filter(|t| !t.starts_with("refus") && *t != "decline")
                .cloned(),
        );
        self.phrase_events(
            old,
            new,
            &terms,
            (("refusal.ground-added", "refusal.ground-removed"), 1),
            (Projection::Both(-1, 1), HIGH),
            "Ground for refusal",
        );
    }

    /// NUM: numeric thresholds compared as intervals.
    fn thresholds(&mut self, old: &Side<'_>, new: &Side<'_>) {
        let qo = quantities(&old.text);
        let qn = quantities(&new.text);
        // The same minimum, now excluded ("at least five years" -> "more
        // than five years"): [5, inf) became (5, inf), a narrower set.
        for a in qo.iter().filter(|a| a.at_least && a.unit == Unit::Years) {
            let Some(b) = qn.iter().find(|b| {
                b.unit == a.unit && b.value == a.value && b.at_least && b.strict != a.strict
            }) else {
                continue;
            };
            if self.role.scope_sign() == 0 && self.role != Role::Definition {
                continue;
            }
            let (Some(wo), Some(wn)) =
                (quote(old.original, &a.words), quote(new.original, &b.words))
            else {
                continue;
            };
            let narrower = b.strict;
            self.push(
                "threshold.penalty",
                if narrower { -1 } else { 1 },
                Projection::Scope(1),
                HIGH,
                (Some(wo.clone()), Some(wn.clone())),
                format!("Threshold \u{2018}{wo}\u{2019} became \u{2018}{wn}\u{2019}: {} offences qualify.", if narrower { "fewer" } else { "more" }),
            );
        }
        // An age or amount bound that came or went ("conduct by children"
        // -> "conduct by children under the age of fourteen years"): the
        // clause now covers fewer persons or cases, read by its role.
        for (side_q, other_q, added) in [(&qn, &qo, true), (&qo, &qn, false)] {
            for x in side_q
                .iter()
                .filter(|x| matches!(x.unit, Unit::Age | Unit::Money) && (x.at_most || x.at_least))
            {
                if other_q.iter().any(|y| y.unit == x.unit) || self.role.scope_sign() == 0 {
                    continue;
                }
                let side = if added { new } else { old };
                let Some(w) = quote(side.original, &x.words) else {
                    continue;
                };
                let what = if x.unit == Unit::Age {
                    "persons"
                } else {
                    "cases"
                };
                self.push(
                    if added {
                        "threshold.bound-added"
                    } else {
                        "threshold.bound-removed"
                    },
                    if added { -1 } else { 1 },
                    Projection::ByRole,
                    MEDIUM,
                    if added {
                        (None, Some(w.clone()))
                    } else {
                        (Some(w.clone()), None)
                    },
                    format!(
                        "Bound \u{2018}{w}\u{2019} {}: the {} covers {} {what}.",
                        if added { "added" } else { "removed" },
                        self.role.noun(),
                        if added { "fewer" } else { "more" }
                    ),
                );
            }
        }
        // A time limit restated in another unit ("six months" -> "two
        // years"): compared in days, unless either is a penalty.
        if qo.len() == 1
            && qn.len() == 1
            && !matches!(self.role, Role::FinalProvision | Role::Institutional)
        {
            let (a, b) = (&qo[0], &qn[0]);
            let days = |q: &Quantity| match q.unit {
                Unit::Days => Some(q.value),
                Unit::Years if !q.at_least => Some(q.value * 365.0),
                _ => None,
            };
            if a.unit != b.unit {
                // (Twelve months of thirty days are a year.)
                let differ = |x: f64, y: f64| (x - y).abs() > 0.03 * x.max(y);
                if let (Some(da), Some(db)) = (days(a), days(b)) {
                    if !differ(da, db) {
                        return;
                    }
                    if let (Some(wo), Some(wn)) =
                        (quote(old.original, &a.words), quote(new.original, &b.words))
                    {
                        let larger = db > da;
                        self.push("threshold.duration", if larger { -1 } else { 1 }, Projection::Safeguards(1), HIGH, (Some(wo.clone()), Some(wn.clone())), format!("Time limit \u{2018}{wo}\u{2019} became \u{2018}{wn}\u{2019}: a {} limit.", if larger { "looser" } else { "tighter" }));
                    }
                }
            }
        }
        for a in &qo {
            let Some(b) = qn.iter().find(|b| b.unit == a.unit && b.value != a.value) else {
                continue;
            };
            if qn.iter().any(|x| x.unit == a.unit && x.value == a.value) {
                continue;
            }
            // The new value was there already, as another quantity: a
            // limit dropped, not this one changed.
            if qo.iter().any(|x| x.unit == b.unit && x.value == b.value) {
                continue;
            }
            let (Some(wo), Some(wn)) =
                (quote(old.original, &a.words), quote(new.original, &b.words))
            else {
                continue;
            };
            let larger = b.value > a.value;
            match a.unit {
                Unit::Years if a.at_least => {
                    // A penalty threshold: a lower minimum takes in more offences.
                    if self.role.scope_sign() != 0 || self.role == Role::Definition {
                        let pol = if larger { -1 } else { 1 };
                        self.push("threshold.penalty", pol, Projection::Scope(1), HIGH, (Some(wo.clone()), Some(wn.clone())), format!("Threshold \u{2018}{wo}\u{2019} became \u{2018}{wn}\u{2019}: {} offences qualify.", if larger { "fewer" } else { "more" }));
                    }
                }
                Unit::Age | Unit::Money => {
                    // The bound of who or what is covered: a lower minimum
                    // or a higher maximum takes in more.
                    let broader = if b.at_most == a.at_most && (a.at_most || a.at_least) {
                        if a.at_most {
                            larger
                        } else {
                            !larger
                        }
                    } else {
                        continue;
                    };
                    if self.role.scope_sign() == 0 && self.role != Role::Definition {
                        continue;
                    }
                    let what = if a.unit == Unit::Age {
                        "persons"
                    } else {
                        "cases"
                    };
                    self.push(
                        "threshold.bound",
                        if broader { 1 } else { -1 },
                        Projection::Scope(1),
                        HIGH,
                        (Some(wo.clone()), Some(wn.clone())),
                        format!("Threshold \u{2018}{wo}\u{2019} became \u{2018}{wn}\u{2019}: {} {what} are covered.", if broader { "more" } else { "fewer" }),
                    );
                }
                Unit::Years | Unit::Days => {
                    if matches!(self.role, Role::FinalProvision | Role::Institutional) {
                        continue;
                    }
                    // A duration cap or time limit: longer is a looser limit.
                    let pol = if larger { -1 } else { 1 };
                    self.push("threshold.duration", pol, Projection::Safeguards(1), HIGH, (Some(wo.clone()), Some(wn.clone())), format!("Time limit \u{2018}{wo}\u{2019} became \u{2018}{wn}\u{2019}: a {} limit.", if larger { "looser" } else { "tighter" }));
                }
            }
        }
    }

    /// LIST-11: a closed enumeration ("namely") became illustrative ("such
    /// as"): the clause reaches what the list does not name. Or the reverse.
    fn list_openness(&mut self, old: &Side<'_>, new: &Side<'_>) {
        let first = |t: &Prepared, list: &[String]| list.iter().find(|p| t.has(p)).cloned();
        let (closed_old, closed_new) = (
            first(&old.text, &self.lex.closed_lists),
            first(&new.text, &self.lex.closed_lists),
        );
        let (open_old, open_new) = (
            first(&old.text, &self.lex.open_lists),
            first(&new.text, &self.lex.open_lists),
        );
        let (rule, polarity, gone, came, how) = match (closed_old, closed_new, open_old, open_new) {
            (Some(c), None, None, Some(o)) => (
                "list.opened",
                1,
                c,
                o,
                "now only illustrates what the clause reaches",
            ),
            (None, Some(c), Some(o), None) => (
                "list.closed",
                -1,
                o,
                c,
                "now closes what the clause reaches",
            ),
            _ => return,
        };
        let (Some(wo), Some(wn)) = (self.q(old, &gone), self.q(new, &came)) else {
            return;
        };
        let role = self.role.noun();
        // A safeguard concept whose definition now only illustrates reaches
        // bodies that do not protect as much (DEF-03).
        let projection = if self.role == Role::Definition
            && super::defined_term(new.original).is_some_and(|t| safeguard_concept(&t))
        {
            Projection::Safeguards(-1)
        } else {
            Projection::ByRole
        };
        self.push(
            rule,
            polarity,
            projection,
            MEDIUM,
            (Some(wo.clone()), Some(wn.clone())),
            format!(
                "\u{2018}{wo}\u{2019} became \u{2018}{wn}\u{2019}: the list of the {role} {how}."
            ),
        );
    }

    /// LIST: "and" between conditions became "or" (alternatives weaken a
    /// safeguard; in an offence they widen it), or "or other" was added.
    fn connectives(&mut self, old: &Side<'_>, new: &Side<'_>) {
        let (ao, an) = (old.text.count("and"), new.text.count("and"));
        let (oo, on) = (old.text.count("or"), new.text.count("or"));
        let swapped = ao > an && on > oo;
        let unswapped = an > ao && oo > on;
        if !(swapped || unswapped) {
            return;
        }
        // Only a swap of connectives between the same items: a rewording
        // that also drops "judicial or other independent" and adds "at such
        // intervals and by such authority" is no swap.
        fn content(t: &Prepared) -> Vec<&str> {
            let mut v: Vec<&str> = t
                .words
                .iter()
                .map(String::as_str)
                .filter(|w| !matches!(*w, "and" | "or") && !FUNCTION_WORDS.contains(w))
                .collect();
            v.sort_unstable();
            v
        }
        let (co, cn) = (content(&old.text), content(&new.text));
        let common = co.iter().filter(|w| cn.contains(w)).count();
        if common * 10 < co.len().max(cn.len()) * 8 {
            return;
        }
        // More alternatives: each condition is easier to meet.
        let polarity: i8 = if swapped { 1 } else { -1 };
        let (wo, wn) = if swapped {
            (self.q(old, "and"), self.q(new, "or"))
        } else {
            (self.q(old, "or"), self.q(new, "and"))
        };
        let (Some(o), Some(n)) = (wo.clone(), wn.clone()) else {
            return;
        };
        // Conditions on the exercise of a power ("only where X and Y") are
        // safeguards of that power (EFFECTS.md §4).
        let conditions = |t: &Prepared| {
            [
                "only where",
                "only if",
                "where",
                "if",
                "provided that",
                "unless",
            ]
            .iter()
            .any(|c| t.has(c))
        };
        // An item of a list of conditions is a condition whatever its role.
        let conditions_head = old
            .intro
            .as_ref()
            .and_then(|i| self.list_head(i))
            .is_some_and(|(_, kind)| kind == "conditions");
        let projection = match self.role {
            _ if conditions_head => Projection::Safeguards(-1),
            Role::Safeguard | Role::DataProtection => Projection::Safeguards(-1),
            Role::Criminalization | Role::Definition => Projection::Scope(1),
            Role::ProceduralPower | Role::Cooperation
                if conditions(&old.text) || conditions(&new.text) =>
            {
                Projection::Safeguards(-1)
            }
            _ => return,
        };
        self.push(
            "list.connective",
            polarity,
            projection,
            MEDIUM,
            (wo, wn),
            format!(
                "\u{2018}{o}\u{2019} between the items became \u{2018}{n}\u{2019}: {}.",
                if swapped {
                    "alternatives instead of cumulative conditions"
                } else {
                    "cumulative conditions instead of alternatives"
                }
            ),
        );
    }

    /// REF: the set of referenced articles grew, shrank or changed (after
    /// mapping the old numbers through the renumbering); an express
    /// "subject to article N" on a power came or went (REF-07).
    fn references(&mut self, old: &Side<'_>, new: &Side<'_>) {
        let subject_to = |t: &Prepared| {
            ["subject to article", "subject to articles"]
                .into_iter()
                .find(|p| t.has(p))
        };
        let (ho, hn) = (
            subject_to(&old.text).is_some(),
            subject_to(&new.text).is_some(),
        );
        if ho != hn && matches!(self.role, Role::ProceduralPower | Role::Cooperation) {
            let side = if hn { new } else { old };
            let phrase = subject_to(&side.text).unwrap_or("subject to article");
            if let Some(w) = self.q(side, phrase) {
                let ev = came_or_went(hn, &w);
                self.push(
                    if hn {
                        "reference.condition-added"
                    } else {
                        "reference.condition-removed"
                    },
                    if hn { 1 } else { -1 },
                    Projection::Safeguards(1),
                    MEDIUM,
                    ev,
                    format!(
                        "\u{2018}{w}\u{2019} {}: the {} is {} subject to the conditions of {}.",
                        if hn { "added" } else { "removed" },
                        self.role.noun(),
                        if hn {
                            "now expressly"
                        } else {
                            "no longer expressly"
                        },
                        if phrase.ends_with('s') {
                            "those articles"
                        } else {
                            "that article"
                        }
                    ),
                );
            }
        }
        let so = article_refs(&old.text);
        let sn = article_refs(&new.text);
        if so == sn || so.is_empty() || sn.is_empty() {
            return;
        }
        let list = |s: &std::collections::BTreeSet<u32>| {
            s.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
        };
        let (Some(wo), Some(wn)) = (
            self.q(old, "article").or_else(|| self.q(old, "articles")),
            self.q(new, "article").or_else(|| self.q(new, "articles")),
        ) else {
            return;
        };
        let explanation = format!(
            "The clause now refers to articles {} instead of {} (old numbers mapped to the new).",
            list(&sn),
            list(&so)
        );
        // Sets neither of which holds the other: some articles out, some in
        // (REF-03), both directions, never netted out.
        let moves: Vec<(i8, &'static str)> = match (so.is_subset(&sn), sn.is_subset(&so)) {
            (true, _) => vec![(1, "reference.wider")],
            (_, true) => vec![(-1, "reference.narrower")],
            _ => vec![(1, "reference.wider"), (-1, "reference.narrower")],
        };
        // Articles listed in an exception ("shall not be applied in respect
        // of the offences established in accordance with articles 14 and
        // 15") are what the clause leaves out: fewer of them reach more.
        let excepting = |t: &Prepared| {
            [
                "shall not apply",
                "shall not be applied",
                "does not apply",
                "shall not be used",
                "shall not extend to",
                "does not extend to",
                "shall not cover",
            ]
            .iter()
            .any(|p| t.has(p))
        };
        let sign: i8 = if excepting(&old.text) && excepting(&new.text) {
            -1
        } else {
            1
        };
        let explanation = if sign < 0 {
            format!("{explanation} They are the articles the clause excepts.")
        } else {
            explanation
        };
        for (pol, rule) in moves {
            self.push(
                rule,
                pol * sign,
                Projection::ByRole,
                MEDIUM,
                (Some(wo.clone()), Some(wn.clone())),
                explanation.clone(),
            );
        }
    }

    /// QUANT-02 / SAFE-02: a term replaced by a broader or narrower one of
    /// the same small ontology ("international conventions" -> "United
    /// Nations conventions"; "judicial authority" -> "competent authority");
    /// one sibling swapped for another ("traffic data" -> "content data")
    /// takes one in and leaves one out.
    fn ontologies(&mut self, old: &Side<'_>, new: &Side<'_>) {
        let o = &self.lex.ontology;
        let lists: [(&str, Vec<String>, Projection); 5] = [
            (
                "authority",
                o.authorities.clone(),
                Projection::Safeguards(-1),
            ),
            ("data", o.data.clone(), Projection::Scope(1)),
            ("addressee", o.actors.clone(), Projection::Scope(1)),
            ("instruments", o.instruments.clone(), Projection::Scope(1)),
            // A lower bar of proof: a broader refusal ground (C4); a weaker
            // test on a power or in a safeguard.
            (
                "standard of proof",
                o.standards.clone(),
                match self.role {
                    Role::RefusalGrounds | Role::NonObligation => Projection::ByRole,
                    _ => Projection::Safeguards(-1),
                },
            ),
        ];
        for (what, levels, projection) in lists {
            let applies = match projection {
                Projection::Scope(_) => self.role.scope_sign() != 0,
                _ => !matches!(self.role, Role::Definition | Role::Preamble),
            };
            if !applies {
                continue;
            }
            // The authority that asks is not the one that decides: "ordered
            // by a judge at the request of the public prosecutor".
            let deciding = |t: &Prepared| {
                let mut used = terms_used(&levels, t);
                if what == "authority" {
                    used.retain(|(_, term)| {
                        ![
                            "at the request of",
                            "on application by",
                            "on the application of",
                            "upon application of",
                            "upon application by",
                        ]
                        .iter()
                        .any(|by| {
                            ["", "the ", "a ", "an "]
                                .iter()
                                .any(|art| t.has(&format!("{by} {art}{term}")))
                        })
                    });
                }
                used
            };
            let (a, b) = (deciding(&old.text), deciding(&new.text));
            let (Some(la), Some(lb)) = (a.iter().map(|t| t.0).max(), b.iter().map(|t| t.0).max())
            else {
                continue;
            };
            let mut moves: Vec<(i8, Option<String>, Option<String>)> = Vec::new();
            if la != lb {
                let top = |set: &[(usize, String)], l: usize| {
                    set.iter().find(|t| t.0 == l).map(|t| t.1.clone())
                };
                moves.push((if lb > la { 1 } else { -1 }, top(&a, la), top(&b, lb)));
            } else {
                // Same level: siblings that came and went.
                for t in a.iter().filter(|t| t.0 == la && !b.contains(t)) {
                    moves.push((-1, Some(t.1.clone()), None));
                }
                for t in b.iter().filter(|t| t.0 == lb && !a.contains(t)) {
                    moves.push((1, None, Some(t.1.clone())));
                }
            }
            for (more, po, pn) in moves {
                let wo = po.as_deref().and_then(|p| self.q(old, p));
                let wn = pn.as_deref().and_then(|p| self.q(new, p));
                let explanation = match (&wo, &wn) {
                    (Some(o), Some(n)) => format!(
                        "\u{2018}{o}\u{2019} became \u{2018}{n}\u{2019}: a {} {what}.",
                        if more > 0 { "broader" } else { "narrower" }
                    ),
                    (Some(o), None) => format!("\u{2018}{o}\u{2019} no longer covered ({what})."),
                    (None, Some(n)) => format!("\u{2018}{n}\u{2019} now covered ({what})."),
                    (None, None) => continue,
                };
                self.push(
                    if more > 0 {
                        "ontology.broader"
                    } else {
                        "ontology.narrower"
                    },
                    more,
                    projection,
                    HIGH,
                    (wo, wn),
                    explanation,
                );
            }
        }
    }

    /// Words that harden a duty ("promptly", "in writing") gained or lost:
    /// more of the clause, read by its role.
    fn hardeners(&mut self, old: &Side<'_>, new: &Side<'_>) {
        // A clause that only gained or lost a tail ("..., or in the course of
        // research that is promptly reported") changed by an item: the tail's
        // words describe the item, not the clause's duty.
        let (o, n) = (old.text.joined.trim(), new.text.joined.trim());
        if o.starts_with(n) || n.starts_with(o) {
            return;
        }
        // A duty to keep records or to inform, hardened inside a power's
        // article, is a safeguard made firmer.
        let projection = if self.role.scope_sign() != 0
            && (self.mentions_safeguard(&old.text) || self.mentions_safeguard(&new.text))
        {
            Projection::Safeguards(1)
        } else {
            Projection::ByRole
        };
        let words = self.lex.hardeners.clone();
        self.phrase_events(
            old,
            new,
            &words,
            (("hardener.added", "hardener.removed"), 1),
            (projection, MEDIUM),
            "Hardening word",
        );
    }

    /// LIST: items added to or removed from an enumeration, read by the
    /// clause's role (a power's objects, a conjunctive list of conditions).
    /// Fires only when no more specific rule did.
    fn list_items(&mut self, old: &Side<'_>, new: &Side<'_>) {
        if !self.events.is_empty() {
            return;
        }
        let segments = crate::diff::words(old.original, new.original);
        let mut added: Vec<String> = Vec::new();
        let mut removed: Vec<String> = Vec::new();
        for s in &segments {
            let t = s.text.trim();
            let item_like = |t: &str| {
                let content = t
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| w.len() > 2)
                    .count();
                let first = t
                    .split(|c: char| !c.is_alphanumeric())
                    .find(|w| !w.is_empty())
                    .unwrap_or("");
                let connective = usize::from(matches!(first.to_lowercase().as_str(), "and" | "or"));
                content > connective
                    && (t.starts_with(',')
                        || first.eq_ignore_ascii_case("and")
                        || first.eq_ignore_ascii_case("or")
                        || t.ends_with(',')
                        || t.starts_with(';'))
            };
            match s.op {
                crate::diff::Op::Insert if item_like(t) => added.push(t.to_string()),
                crate::diff::Op::Delete if item_like(t) => removed.push(t.to_string()),
                _ => {}
            }
        }
        // Words that left one place and came back in another moved: no item
        // came or went ("shall, where possible, execute" -> "Where possible,
        // ... shall execute").
        let key = |t: &str| {
            t.to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let moved: Vec<String> = added
            .iter()
            .map(|a| key(a))
            .filter(|k| removed.iter().any(|r| key(r) == *k))
            .collect();
        added.retain(|a| !moved.contains(&key(a)));
        removed.retain(|r| !moved.contains(&key(r)));
        if added.is_empty() == removed.is_empty() {
            return;
        }
        let role = self.role.noun();
        // An item under a clause whose role is clear reads by that role; an
        // item in a clause of no clear role is flagged for review.
        let confidence = if self.role.scope_sign() != 0 || self.role.safeguard_sign() != 0 {
            MEDIUM
        } else {
            LOW
        };
        // An item of an exclusion ("shall not apply to X or Y", "except
        // where A, or B") subtracts from the clause: flip once (EFFECTS.md
        // §4). The exception must stand before the item, in its sentence.
        let prohibition = |t: &Prepared| self.operator(t).is_some_and(|(_, s)| s < 0.0);
        let (item, item_side) = match (added.first(), removed.first()) {
            (Some(a), _) => (a.as_str(), new.original),
            (_, Some(r)) => (r.as_str(), old.original),
            _ => return,
        };
        let excepted = in_exception(item_side, item);
        let flip: i8 = if prohibition(&old.text) || prohibition(&new.text) || excepted {
            -1
        } else {
            1
        };
        // An exception to a duty to inform, review or limit, inside a
        // power's article, is an exception to a safeguard.
        let item_projection = if excepted
            && matches!(self.role, Role::ProceduralPower | Role::Cooperation)
            && (self.mentions_safeguard(&old.text) || self.mentions_safeguard(&new.text))
        {
            Projection::Safeguards(1)
        } else {
            Projection::ByRole
        };
        // In a safeguard, an "or ..." item is an alternative way to meet a
        // condition: easier, so weaker (EFFECTS.md §6.3); in an exclusion,
        // it is one more exclusion.
        let protective = flip > 0
            && ((self.role.safeguard_sign() > 0 && self.role.scope_sign() == 0)
                || self.mentions_authorisation(&old.text));
        let alternative = |t: &str| {
            t.split(|c: char| !c.is_alphanumeric())
                .find(|w| !w.is_empty())
                .is_some_and(|w| w.eq_ignore_ascii_case("or"))
        };
        // A protected category (privilege, professional secrecy) added to or
        // removed from a list is protection gained or lost, whatever the
        // list's force: safeguards only (C5).
        let protected_item = |t: &str| {
            let item = crate::effects::text::prepare(t, &[], None);
            self.lex
                .safeguards
                .get("protected")
                .is_some_and(|ps| ps.iter().any(|p| item.has(p)))
        };
        let changed = added
            .first()
            .map(|a| (a, 1))
            .or(removed.first().map(|r| (r, -1)));
        if let Some((item, polarity)) = changed.filter(|(t, _)| protected_item(t)) {
            let words = item
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string();
            let verb = if polarity > 0 {
                "added to"
            } else {
                "removed from"
            };
            let evidence = if polarity > 0 {
                (None, Some(words.clone()))
            } else {
                (Some(words.clone()), None)
            };
            self.push(
                if polarity > 0 {
                    "safeguard.protected-category-added"
                } else {
                    "safeguard.protected-category-removed"
                },
                polarity,
                Projection::Safeguards(1),
                confidence,
                evidence,
                format!("Protected category \u{2018}{words}\u{2019} {verb} the {role}'s list."),
            );
            return;
        }
        // A trailing condition ("..., where this proposal has been followed
        // by material acts", "at least for cases which are not minor")
        // restricts the clause instead of adding to it: it counts the other
        // way from an item.
        let condition = |t: &str| {
            let item = crate::effects::text::prepare(t, &[], None);
            let first: Vec<&str> = item.words.iter().take(3).map(String::as_str).collect();
            matches!(
                first.as_slice(),
                ["where", ..]
                    | ["when", ..]
                    | ["if", ..]
                    | ["provided", ..]
                    | ["insofar", ..]
                    | ["at", "least", "for"]
                    | ["only", "where", ..]
                    | ["only", "if", ..]
            )
        };
        // "... only in the proceedings identified, and only against the
        // persons named": one more restriction of what may be done.
        let restriction = |t: &str| {
            let item = crate::effects::text::prepare(t, &[], None);
            let first: Vec<&str> = item.words.iter().take(2).map(String::as_str).collect();
            matches!(
                first.as_slice(),
                ["only", ..] | ["and", "only"] | ["or", "only"]
            )
        };
        if let Some((item, added_one)) = added
            .first()
            .map(|a| (a, true))
            .or(removed.first().map(|r| (r, false)))
            .filter(|(t, _)| restriction(t) && flip > 0)
        {
            let words = item
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string();
            let (rule, polarity, evidence, verb) = if added_one {
                (
                    "list.restriction-added",
                    1,
                    (None, Some(words.clone())),
                    "added to",
                )
            } else {
                (
                    "list.restriction-removed",
                    -1,
                    (Some(words.clone()), None),
                    "removed from",
                )
            };
            self.push(
                rule,
                polarity,
                self.restriction_projection(),
                confidence,
                evidence,
                format!("Restriction \u{2018}{words}\u{2019} {verb} the {role}."),
            );
            return;
        }
        if let Some((item, added_one)) = added
            .first()
            .map(|a| (a, true))
            .or(removed.first().map(|r| (r, false)))
            .filter(|(t, _)| condition(t))
        {
            let words = item
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string();
            let (rule, polarity, evidence, verb) = if added_one {
                (
                    "list.condition-added",
                    -1,
                    (None, Some(words.clone())),
                    "added to",
                )
            } else {
                (
                    "list.condition-removed",
                    1,
                    (Some(words.clone()), None),
                    "removed from",
                )
            };
            self.push(
                rule,
                polarity * flip,
                Projection::ByRole,
                confidence,
                evidence,
                format!("Condition \u{2018}{words}\u{2019} {verb} the {role}."),
            );
            return;
        }
        // Another way to meet an authorisation ("a warrant issued by a judge
        // or, where none is available, by a senior police officer") is an
        // easier check: safeguards, whatever the article (LIST-05).
        let alternative_projection = if self.mentions_authorisation(&old.text) {
            Projection::Safeguards(1)
        } else {
            item_projection
        };
        if let Some(a) = added.first() {
            let words = a.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
            let polarity = if protective && alternative(a) {
                -flip
            } else {
                flip
            };
            let item_projection = if polarity != flip {
                alternative_projection
            } else {
                item_projection
            };
            self.push(
                if polarity == flip {
                    "list.item-added"
                } else {
                    "list.alternative-added"
                },
                polarity,
                item_projection,
                confidence,
                (None, Some(words.clone())),
                format!("Item \u{2018}{words}\u{2019} added to the {role}'s list."),
            );
        } else if let Some(r) = removed.first() {
            let words = r.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
            let polarity = if protective && alternative(r) {
                flip
            } else {
                -flip
            };
            let item_projection = if polarity != -flip {
                alternative_projection
            } else {
                item_projection
            };
            self.push(
                if polarity == -flip {
                    "list.item-removed"
                } else {
                    "list.alternative-removed"
                },
                polarity,
                item_projection,
                confidence,
                (Some(words.clone()), None),
                format!("Item \u{2018}{words}\u{2019} removed from the {role}'s list."),
            );
        }
    }

    /// CL: a whole clause inserted or deleted takes its role's polarity
    /// (C10); a carve-out, a non-obligation savings clause, a derogation
    /// from a safeguard, or an item under an exceptions head inverts it.
    fn whole_clause(&mut self) {
        let (side, inserted) = match (self.input.kind, &self.input.new, &self.input.old) {
            (Kind::Inserted, Some(n), _) => (n, true),
            (Kind::Deleted, _, Some(o)) => (o, false),
            _ => return,
        };
        let text = &side.text;
        if text.is_empty() {
            return;
        }
        let role = self.role;
        let summary = summary(side.original);
        let verb = if inserted { "inserted" } else { "deleted" };
        let rule = if inserted {
            "clause.inserted"
        } else {
            "clause.deleted"
        };
        let polarity: i8 = if inserted { 1 } else { -1 };
        let evidence = || {
            (
                (!inserted).then(|| summary.clone()),
                inserted.then(|| summary.clone()),
            )
        };
        // "Nothing in this chapter shall be interpreted as authorizing the
        // use of the powers to target a person on the basis of ...": a
        // protective savings clause (SAVE-01), whatever words it protects.
        let protective_saving = (text.has("nothing in this") || text.has("nothing in the present"))
            && ["authorizing", "authorize", "permitting", "permit"]
                .iter()
                .any(|p| text.has(p));
        if protective_saving {
            self.push(
                rule,
                polarity,
                Projection::Safeguards(1),
                MEDIUM,
                evidence(),
                format!("Protective savings clause {verb}: \u{2018}{summary}\u{2019}."),
            );
            return;
        }
        // A reservation that lets a State apply a power or an offence to
        // less ("reserve the right to apply ... only to", "... not to
        // apply") narrows, wherever it stands (SAVE-03).
        let reservation = (text.has("reserve the right")
            || text.has("reserves the right")
            || text.has("may declare")
            || text.has("by a declaration"))
            && (text.has("only") || text.has("not to") || text.has("not apply"));
        if reservation {
            self.push(
                "clause.reservation",
                -polarity,
                Projection::Scope(1),
                MEDIUM,
                evidence(),
                format!("Reservation {verb}: \u{2018}{summary}\u{2019}."),
            );
            return;
        }
        if self.lex.force.iter().any(|f| text.has(f)) && role == Role::FinalProvision {
            return;
        }
        // An item under a list's lead-in reads by the head, not by its own
        // words (EFFECTS.md §6.3).
        if let Some(head) = side.intro.as_ref().and_then(|i| self.list_head(i)) {
            let (projection, kind) = head;
            self.push(
                if inserted {
                    "list.item-added"
                } else {
                    "list.item-removed"
                },
                polarity,
                projection,
                HIGH,
                evidence(),
                format!("Item \u{2018}{summary}\u{2019} {verb} under a list of {kind}."),
            );
            return;
        }
        let short = text.words.len() < 80;
        let has_any = |list: &[String]| list.iter().any(|p| text.has(p));
        // "Nothing in this article shall require a State Party to
        // criminalize ..." and "This article shall not be interpreted as
        // imposing criminal liability ..." relieve States of a duty (SAVE-02).
        let criminal = text.has("criminal liability")
            || text.has("criminalize")
            || text.has("criminal offense")
            || text.has("offense");
        let relieving = (text.has("shall not require")
            || text.has("shall not be interpreted")
            || text.has("shall not be construed")
            || text.has("nothing in this"))
            && criminal;
        let carve_out = has_any(&self.lex.carve_outs)
            || text.has("shall not apply")
            || relieving
            || (role == Role::Criminalization && short && has_any(&self.lex.exceptions));
        // In a safeguard or data-protection article, "Paragraph 3 shall not
        // apply where ..." is an exception to that safeguard even when it
        // does not name it.
        let derogation = short
            && has_any(&self.lex.derogations)
            && (self.mentions_safeguard(text)
                // "before the authorization referred to in paragraph 2",
                // "by way of derogation from the requirement of a written
                // order"
                || text.has("authorization")
                || text.has("requirement")
                || text.has("warrant")
                || matches!(role, Role::Safeguard | Role::DataProtection));
        let under_exceptions = side
            .intro
            .as_ref()
            .is_some_and(|i| self.lex.derogations.iter().any(|d| i.has(d)) || i.has("exceptions"));
        if carve_out
            && matches!(
                role,
                Role::Criminalization
                    | Role::SavingsClause
                    | Role::ScopeOfApplication
                    | Role::Other
            )
        {
            self.push(
                "clause.carve-out",
                -polarity,
                Projection::Scope(1),
                HIGH,
                evidence(),
                format!("Carve-out or exemption {verb}: \u{2018}{summary}\u{2019}."),
            );
            return;
        }
        if derogation || under_exceptions {
            self.push(
                "clause.derogation",
                -polarity,
                Projection::Safeguards(1),
                MEDIUM,
                evidence(),
                format!("Exception to a safeguard {verb}: \u{2018}{summary}\u{2019}."),
            );
            return;
        }
        // A clause of a power's article that only limits its exercise
        // ("shall terminate the collection where the conditions are no
        // longer met") is one of its safeguards (EFFECTS.md §4).
        let grants = [
            "empower",
            "to order",
            "may order",
            "to compel",
            "to search",
            "to seize",
            "to collect",
            "to intercept",
            "to obtain",
            "may require",
            "to require",
            "may forward",
            "may transmit",
            "may provide",
            "shall afford",
            "may afford",
            "may share",
            "may disclose",
        ]
        .iter()
        .any(|p| text.has(p))
            || channel_in(self.lex, text).is_some();
        if matches!(role, Role::ProceduralPower | Role::Cooperation)
            && !grants
            && self.mentions_safeguard(text)
        {
            self.push(
                rule,
                polarity,
                Projection::Safeguards(1),
                MEDIUM,
                evidence(),
                format!("Safeguard on the power {verb}: \u{2018}{summary}\u{2019}."),
            );
            return;
        }
        match role {
            Role::Definition => {
                // A new definition gives a term its reach (default: scope
                // widens, EFFECTS.md §4); a deleted one leaves ordinary
                // meaning, broader or narrower: review (CL-05).
                let confidence = if inserted { MEDIUM } else { LOW };
                self.push(
                    rule,
                    polarity,
                    Projection::Scope(1),
                    confidence,
                    evidence(),
                    format!("Definition {verb}: \u{2018}{summary}\u{2019}; its effect depends on where the term is used."),
                );
            }
            Role::Preamble | Role::FinalProvision | Role::Institutional | Role::Other => {}
            _ => {
                let noun = role.noun();
                self.push(
                    rule,
                    polarity,
                    Projection::ByRole,
                    HIGH,
                    evidence(),
                    format!("{} {verb}: \u{2018}{summary}\u{2019}.", capitalise(noun)),
                );
                // A channel outside mutual legal assistance also weakens
                // safeguards when it opens and strengthens them when it
                // closes (C7).
                if matches!(
                    role,
                    Role::Cooperation | Role::DataProtection | Role::ProceduralPower
                ) {
                    if let Some(w) =
                        channel_in(self.lex, text).and_then(|c| quote(side.original, &c))
                    {
                        let ev = came_or_went(inserted, &w);
                        self.push(
                            if inserted { "channel.added" } else { "channel.removed" },
                            polarity,
                            Projection::Both(0, -1),
                            MEDIUM,
                            ev,
                            format!("Evidence {} move \u{2018}{w}\u{2019}, outside mutual legal assistance and its refusal grounds.", if inserted { "can now" } else { "can no longer" }),
                        );
                    }
                }
            }
        }
    }

    /// What a list's lead-in makes of its items, and what to call them: a
    /// conjunctive list of conditions (each item a safeguard), alternatives
    /// for an authorisation (each item an easier way), exceptions or
    /// carve-outs (each item subtracts), refusal grounds (both axes, C4), or
    /// None when the head says nothing special (the clause's role decides).
    fn list_head(&self, intro: &Prepared) -> Option<(Projection, &'static str)> {
        let has = |ps: &[&str]| ps.iter().any(|p| intro.has(p));
        if has(&[
            "may be refused",
            "shall be refused",
            "may refuse",
            "may decline",
            "grounds for refusal",
            "shall not be granted",
        ]) {
            return Some((Projection::Both(-1, 1), "refusal grounds"));
        }
        // "Except as otherwise provided in this Convention, ... shall apply
        // ... to:" is a saving of other articles, not a list of exceptions.
        let mut plain = intro.joined.clone();
        for saving in [
            " except as otherwise provided ",
            " except as otherwise stated ",
            " except as otherwise specified ",
            " save as otherwise provided ",
            " except as provided ",
        ] {
            plain = plain.replace(saving, " \u{2027} ");
        }
        let has_plain = |ps: &[&str]| ps.iter().any(|p| plain.contains(&format!(" {p} ")));
        if has_plain(&[
            "shall not apply",
            "does not apply",
            "no state party shall establish",
            "shall not be established",
            "shall not constitute an offense",
            "does not constitute an offense",
            "shall not be considered an offense",
            "as imposing criminal liability",
            "without the prior authorization",
            "without prior authorization",
            "without authorization",
            "without judicial authorization",
            "without a warrant",
            "without a court order",
            "exclude",
            "excluding",
            "except",
            "exceptions",
            "dispensed with",
            "may derogate",
        ]) {
            // Carve-outs from an offence are scope (C3), whatever words
            // ("authorization of its owner") their items use.
            let offence = has_plain(&[
                "as imposing criminal liability",
                "shall not constitute an offense",
                "does not constitute an offense",
                "shall not be considered an offense",
                "no state party shall establish",
                "shall not be established",
            ]);
            let projection = match self.role {
                Role::Safeguard | Role::DataProtection if !offence => Projection::Safeguards(-1),
                _ => Projection::Scope(-1),
            };
            return Some((projection, "exceptions"));
        }
        if has(&[
            "any of the following",
            "one of the following",
            "either of the following",
        ]) && (has(&[
            "issued by",
            "authorized by",
            "authorised by",
            "granted by",
            "ordered by",
        ]) || self.mentions_authorisation(intro))
        {
            return Some((Projection::Safeguards(-1), "alternative authorities"));
        }
        if has(&[
            "conditions",
            "requirements",
            "only if",
            "only where",
            "satisfied that",
            "each of the following",
            "all of the following",
            "safeguards shall include",
            "shall include",
        ]) && matches!(
            self.role,
            Role::Safeguard | Role::ProceduralPower | Role::DataProtection | Role::Cooperation
        ) && has(&[
            "conditions",
            "requirements",
            "only if",
            "only where",
            "satisfied that",
            "safeguards",
        ]) {
            return Some((Projection::Safeguards(1), "conditions"));
        }
        None
    }

    /// Whether a text speaks of authorising a measure.
    fn mentions_authorisation(&self, t: &Prepared) -> bool {
        [
            "authorization",
            "authorize",
            "authorized",
            "warrant",
            "judge",
            "court",
            "order may be issued",
            "issuing authority",
        ]
        .iter()
        .any(|p| t.has(p))
    }

    /// Every phrase of the safeguard vocabulary, synonyms of a rank apart.
    fn safeguard_terms(&self) -> impl Iterator<Item = &str> {
        self.lex
            .safeguards
            .values()
            .flatten()
            .flat_map(|p| p.split(" | "))
            .map(str::trim)
    }

    /// Whether a word is on its own a safeguard term ("review", "notify").
    fn safeguard_word(&self, word: &str) -> bool {
        self.safeguard_terms()
            .any(|p| !p.contains(' ') && stem(p) == stem(word))
    }

    /// Whether a text uses any safeguard vocabulary.
    fn mentions_safeguard(&self, text: &Prepared) -> bool {
        self.safeguard_terms().any(|p| text.has(p))
    }
}

/// The terms of an ontology (levels narrow -> broad, siblings within a
/// level separated by " | ") a clause uses, as (level, term). Longer
/// phrases are taken first, so "judicial authority" is not read inside
/// "judicial or other independent authority".
fn terms_used(levels: &[String], text: &Prepared) -> Vec<(usize, String)> {
    let mut all: Vec<(usize, String)> = levels
        .iter()
        .enumerate()
        .flat_map(|(l, level)| level.split(" | ").map(move |t| (l, t.trim().to_string())))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    all.sort_by_key(|(_, t)| std::cmp::Reverse(t.len()));
    let mut taken = text.joined.clone();
    let mut found = Vec::new();
    for (l, t) in all {
        let pat = format!(" {t} ");
        if taken.contains(&pat) {
            taken = taken.replace(&pat, " \u{2027} ");
            found.push((l, t));
        }
    }
    found.sort();
    found
}

/// The words between a phrase and the next comma or sentence end, when
/// they are few (a qualifier's complement: "its domestic law"), normalised.
fn complement(original: &str, phrase: &str) -> Option<Vec<String>> {
    let lower = original.to_lowercase();
    let at = lower.find(phrase)?;
    let rest = &lower[at + phrase.len()..];
    let end = rest.find([',', ';', '.', ':']).unwrap_or(rest.len());
    let words = crate::effects::text::prepare(&rest[..end], &[], None).words;
    (!words.is_empty() && words.len() <= 6).then_some(words)
}

/// Whether an item of a clause stands after an exception or exclusion of
/// its sentence ("except where A, or B": B is one more exception).
fn in_exception(original: &str, item: &str) -> bool {
    let lower = original.to_lowercase();
    let item = item.trim().to_lowercase();
    let Some(at) = lower.find(&item) else {
        return false;
    };
    let sentence = lower[..at].rfind(['.', ';']).map_or(0, |b| b + 1);
    let before = &lower[sentence..at];
    // "Unless X, the material may be used only for A, or B": a sentence
    // that opens with its exception is conditional as a whole, and B is
    // not an exception.
    let opening = before.len() - before.trim_start().len();
    [
        "except",
        "unless",
        "other than",
        "excluding",
        "not apply",
        "but not",
        "save where",
        "save in",
        "save for",
    ]
    .iter()
    .any(|m| {
        // In the item's own list: no operator between the exception and
        // the item ("issued by an authority other than a judge, it shall be
        // validated by A, B or C": C is no exception).
        before.match_indices(m).any(|(i, _)| {
            let between = format!(" {} ", &before[i..]);
            i > opening
                && ![" shall ", " may ", " must "]
                    .iter()
                    .any(|o| between.contains(o))
        })
    })
}

/// Where a word stands in a clause: what governs it (see
/// `Rules::placements`).
struct Placement {
    word: String,
    /// The strength of its list's operator (NaN: none).
    strength: f64,
    /// The rank of the authorisation its clause requires (lower is
    /// stronger; `usize::MAX`: none).
    rank: usize,
    /// Its clause is a channel outside mutual legal assistance.
    channel: bool,
    /// It follows an exclusion in its list ("but not", "other than").
    excluded: bool,
}

/// Whether the operator opens a restrictive frame: "shall ... only",
/// "shall ... solely", within a few words.
fn restrictive(text: &Prepared, op: &str) -> bool {
    let Some(pos) = text.position(op) else {
        return false;
    };
    // Until the end of the operator's sentence; "not only" restricts nothing.
    let end = text
        .breaks
        .iter()
        .copied()
        .find(|&b| b > pos)
        .unwrap_or(text.words.len());
    (pos..end.min(text.words.len())).any(|i| {
        let w = text.words[i].as_str();
        matches!(w, "only" | "solely" | "exclusively") && (i == 0 || text.words[i - 1] != "not")
    })
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The first words of a clause, for explanations of whole-clause changes.
fn summary(original: &str) -> String {
    let words: Vec<&str> = original.split_whitespace().collect();
    if words.len() <= 14 {
        words.join(" ")
    } else {
        words[..14].join(" ")
    }
}

fn safeguard_rule(family: &str, added: bool) -> &'static str {
    match (family, added) {
        ("notification", true) => "safeguard.notification-added",
        ("notification", false) => "safeguard.notification-removed",
        ("remedy", true) => "safeguard.remedy-added",
        ("remedy", false) => "safeguard.remedy-removed",
        ("oversight", true) => "safeguard.oversight-added",
        ("oversight", false) => "safeguard.oversight-removed",
        ("principles", true) => "safeguard.principle-added",
        ("principles", false) => "safeguard.principle-removed",
        ("limits", true) => "safeguard.limit-added",
        ("limits", false) => "safeguard.limit-removed",
        ("protected", true) => "safeguard.protected-category-added",
        ("protected", false) => "safeguard.protected-category-removed",
        ("data_protection", true) => "safeguard.data-protection-added",
        ("data_protection", false) => "safeguard.data-protection-removed",
        (_, true) => "safeguard.term-added",
        (_, false) => "safeguard.term-removed",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Years,
    /// Days, months and hours, counted in days.
    Days,
    /// "the age of eighteen years": a bound on who is covered.
    Age,
    /// "EUR 1 000", "10 000 euros": a monetary amount (currencies are not
    /// converted: only amounts in one currency are compared).
    Money,
}

#[derive(Debug, Clone)]
struct Quantity {
    value: f64,
    unit: Unit,
    /// "at least", "not less than", "N or more", "more than": a minimum.
    at_least: bool,
    /// "more than", "exceeding": the bound itself excluded.
    strict: bool,
    /// "below", "under", "up to", "not exceeding": a maximum.
    at_most: bool,
    /// The normalised words, for quoting.
    words: String,
}

fn number_word(w: &str) -> Option<f64> {
    let n = match w {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "twelve" => 12,
        "fifteen" => 15,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "sixty" => 60,
        "eleven" => 11,
        "thirteen" => 13,
        "fourteen" => 14,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "fifty" => 50,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return w.parse::<f64>().ok(),
    };
    Some(n as f64)
}

/// A number written in words or digits starting at `i`: "ninety",
/// "one hundred and eighty", "twenty four", "180". The value and how many
/// words it took.
fn number_at(w: &[String], i: usize) -> Option<(f64, usize)> {
    let first = number_word(w.get(i)?)?;
    let (mut value, mut len) = (first, 1);
    if w.get(i + 1).is_some_and(|x| x == "hundred") {
        value *= 100.0;
        len += 1;
        // "one hundred and eighty", "one hundred eighty"
        let skip = usize::from(w.get(i + len).is_some_and(|x| x == "and"));
        let rest = w.get(i + len + skip).and_then(|x| number_word(x));
        if let Some(rest) = rest.filter(|&r| r < 100.0) {
            value += rest;
            len += skip + 1;
        }
    }
    // "twenty four": tens and units in words (never digits: "50 000" is
    // fifty thousand, read by the caller).
    let in_words = |x: &str| !x.bytes().any(|b| b.is_ascii_digit());
    if (20.0..100.0).contains(&value) && value % 10.0 == 0.0 && in_words(&w[i]) {
        let unit = w
            .get(i + len)
            .filter(|x| in_words(x))
            .and_then(|x| number_word(x));
        if let Some(unit) = unit.filter(|&u| (1.0..10.0).contains(&u)) {
            value += unit;
            len += 1;
        }
    }
    Some((value, len))
}

/// Quantities with a unit: "four years", "90 days", "six months", "up to
/// 30 additional days", "the age of eighteen years", "EUR 1 000".
fn quantities(text: &Prepared) -> Vec<Quantity> {
    const CURRENCIES: &[&str] = &[
        "eur", "euro", "euros", "usd", "dollars", "gbp", "pounds", "chf",
    ];
    // Words that may stand between a number and its unit.
    const BETWEEN: &[&str] = &[
        "additional",
        "consecutive",
        "calendar",
        "working",
        "further",
        "full",
        "more",
    ];
    let w = &text.words;
    let mut out = Vec::new();
    let mut i = 0;
    while i < w.len() {
        let Some((mut value, mut len)) = number_at(w, i) else {
            i += 1;
            continue;
        };
        let start = i;
        // Thousands written apart: "1 000", "1,000" (both read as two words).
        while w
            .get(start + len)
            .is_some_and(|x| x.len() == 3 && x.bytes().all(|b| b.is_ascii_digit()))
            && value.fract() == 0.0
        {
            value = value * 1000.0 + number_word(&w[start + len]).unwrap_or(0.0);
            len += 1;
        }
        i += len;
        let currency_before = start > 0 && CURRENCIES.contains(&w[start - 1].as_str());
        let skip = usize::from(
            w.get(start + len)
                .is_some_and(|x| BETWEEN.contains(&x.as_str()))
                && w.get(start + len + 1).is_some_and(|x| {
                    matches!(
                        x.as_str(),
                        "year" | "years" | "day" | "days" | "month" | "months" | "hours" | "hour"
                    )
                }),
        );
        let unit_at = start + len + skip;
        let unit_word = w.get(unit_at).map_or("", String::as_str);
        let (unit, factor) = match unit_word {
            "year" | "years" => (Unit::Years, 1.0),
            "day" | "days" => (Unit::Days, 1.0),
            "month" | "months" => (Unit::Days, 30.0),
            "hour" | "hours" => (Unit::Days, 1.0 / 24.0),
            _ if currency_before => (Unit::Money, 1.0),
            x if CURRENCIES.contains(&x) => (Unit::Money, 1.0),
            _ => continue,
        };
        let first = if currency_before { start - 1 } else { start };
        let before = w[first.saturating_sub(4)..first].join(" ");
        // A penalty in months is a penalty threshold like one in years:
        // "a maximum of at least 12 months" = "at least one year".
        let (mut unit, factor) = if unit_word.starts_with("month")
            && w[first.saturating_sub(12)..first].iter().any(|x| {
                matches!(
                    x.as_str(),
                    "imprisonment"
                        | "sentence"
                        | "custodial"
                        | "detention"
                        | "liberty"
                        | "punishable"
                )
            }) {
            (Unit::Years, 1.0 / 12.0)
        } else {
            (unit, factor)
        };
        // "the age of eighteen years" and "18 years of age".
        let of_age = w.get(unit_at + 1).is_some_and(|x| x == "of")
            && w.get(unit_at + 2).is_some_and(|x| x == "age");
        if before.ends_with("age of") || of_age {
            unit = Unit::Age;
        }
        let after = if unit == Unit::Money && currency_before {
            start + len
        } else {
            unit_at + 1
        };
        // A date counted from entry into force is an institutional date
        // (C8), not a limit on anything.
        let from_force = w.get(after).is_some_and(|x| x == "after")
            && w[after..(after + 5).min(w.len())]
                .join(" ")
                .contains("entry into force");
        if from_force {
            continue;
        }
        let or_more = w.get(after).is_some_and(|x| x == "or")
            && w.get(after + 1).is_some_and(|x| x == "more");
        let or_less = w.get(after).is_some_and(|x| x == "or")
            && w.get(after + 1).is_some_and(|x| x == "less");
        // "below the age of", "over the age of": the comparator stands
        // before "(the) age of".
        let age_words = if unit == Unit::Age && !of_age {
            2 + usize::from(first >= 3 && w[first - 3] == "the")
        } else {
            0
        };
        let bound = w[first.saturating_sub(4 + age_words)..first - age_words].join(" ");
        let strict = bound.ends_with("more than")
            || bound.ends_with("exceeding") && !bound.ends_with("not exceeding")
            || bound.ends_with("over")
            || bound.ends_with("above");
        let at_most = bound.ends_with("up to")
            || bound.ends_with("not exceeding")
            || bound.ends_with("no more than")
            || bound.ends_with("not more than")
            || bound.ends_with("below")
            || bound.ends_with("under")
            || bound.ends_with("less than")
                && !bound.ends_with("not less than")
                && !bound.ends_with("no less than")
            || bound.ends_with("maximum")
            || or_less;
        let at_least = !at_most
            && (bound.ends_with("at least")
                || bound.ends_with("not less than")
                || bound.ends_with("no less than")
                || bound.contains("minimum")
                || or_more
                || strict);
        let comparator = comparator_words(&bound) + age_words;
        out.push(Quantity {
            value: value * factor,
            unit,
            at_least,
            strict,
            at_most,
            // The comparator belongs to the threshold: quote it too.
            words: w[first.saturating_sub(comparator)..after + usize::from(or_more || or_less) * 2]
                .join(" "),
        });
    }
    out
}

/// How many of the words before a number are its comparator ("at least",
/// "not less than", "more than", "exceeding").
fn comparator_words(before: &str) -> usize {
    for (phrase, n) in [
        ("not less than", 3),
        ("no more than", 3),
        ("not exceeding", 2),
        ("at least", 2),
        ("more than", 2),
        ("less than", 2),
        ("up to", 2),
        ("not more than", 3),
        ("no less than", 3),
        ("exceeding", 1),
        ("over", 1),
        ("above", 1),
        ("below", 1),
        ("under", 1),
    ] {
        if before.ends_with(phrase) {
            return n;
        }
    }
    0
}

/// Article numbers referenced in a clause (after normalisation, which
/// spelled out ranges and mapped old numbers to new).
fn article_refs(text: &Prepared) -> std::collections::BTreeSet<u32> {
    let mut out = std::collections::BTreeSet::new();
    let w = &text.words;
    for i in 0..w.len() {
        if w[i] == "article" || w[i] == "articles" {
            let mut j = i + 1;
            while let Some(n) = w.get(j).and_then(|x| x.parse::<u32>().ok()) {
                out.insert(n);
                j += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_read_units_bounds_and_amounts() {
        let q = |t: &str| quantities(&crate::effects::text::prepare(t, &[], None));
        let days = q("may be extended for up to 30 additional days at a time");
        assert_eq!(days.len(), 1);
        assert!(days[0].unit == Unit::Days && days[0].value == 30.0 && days[0].at_most);
        let age = q("any person below the age of eighteen years");
        assert!(age[0].unit == Unit::Age && age[0].value == 18.0 && age[0].at_most);
        assert_eq!(age[0].words, "below the age of eighteen years");
        let age = q("any person under 18 years of age");
        assert!(
            age[0].unit == Unit::Age && age[0].value == 18.0 && age[0].at_most,
            "{age:?}"
        );
        assert_eq!(q("a loss exceeding EUR 50 000")[0].value, 50_000.0);
        assert_eq!(q("within twenty four hours")[0].value, 1.0);
        let money = q("transfers exceeding EUR 1 000 where");
        assert!(money[0].unit == Unit::Money && money[0].value == 1000.0);
        assert!(money[0].strict && money[0].at_least && !money[0].at_most);
        let more = q("transfers of EUR 500 or more where");
        assert!(more[0].value == 500.0 && more[0].at_least);
        let floor = q("a maximum deprivation of liberty of not less than four years");
        assert!(floor[0].at_least && !floor[0].at_most);
        let months = q("punishable by a custodial sentence with a maximum of at least 12 months");
        assert!(months[0].unit == Unit::Years && months[0].value == 1.0 && months[0].at_least);
        // Dates counted from entry into force are institutional (C8).
        assert!(q("review it five years after its entry into force").is_empty());
    }

    #[test]
    fn double_negatives_read_alike() {
        assert_eq!(
            double_negative("x shall not disclose the data unless c"),
            double_negative("x may disclose the data only if c")
        );
        assert_ne!(
            double_negative("x shall not disclose the data"),
            double_negative("x may disclose the data")
        );
        // A prohibition and its exception split in two sentences.
        assert_eq!(
            double_negative("x shall not transfer them that prohibition shall not apply where c"),
            double_negative("x shall not transfer them unless c")
        );
    }

    #[test]
    fn items_after_an_exception_are_exceptions() {
        let s = "X shall be informed, except where it would endanger a witness, or would compromise an investigation.";
        assert!(in_exception(s, "or would compromise an investigation"));
        // An exception that opens the sentence conditions all of it.
        let s = "Unless consent is given, X may be used only for A, or for B.";
        assert!(!in_exception(s, "or for B"));
        // Not across sentences, nor across an operator.
        let s = "Paragraph 1 shall not apply to A. States shall cover B, or C.";
        assert!(!in_exception(s, "or C"));
        let s =
            "An order issued by an authority other than a judge shall be validated by A, B or C.";
        assert!(!in_exception(s, "or C"));
    }

    #[test]
    fn conditions_flipped_for_the_editorial_test_only() {
        let p = |s: &str| crate::effects::text::prepare(s, &[], None);
        let alike = |a: &str, b: &str| editorial(&p(a), &p(b));
        // "shall not ... without the consent" = "may ... only with the consent".
        assert!(alike(
            "Data shall not be used for other purposes without the prior consent of the requested Party.",
            "Data may be used for other purposes only with the prior consent of the requested Party.",
        ));
        // "without delay" is no condition.
        assert!(!alike(
            "The authority shall not act without delay.",
            "The authority may act only with delay.",
        ));
        // "shall execute ... unless G" = "shall not refuse ... unless G".
        assert!(alike(
            "The requested Party shall execute the request unless it would prejudice its sovereignty.",
            "The requested Party shall not refuse the request unless it would prejudice its sovereignty.",
        ));
        assert!(!alike(
            "The requested Party shall execute the request unless it would prejudice its sovereignty.",
            "The requested Party may refuse the request.",
        ));
        // Two duties in two sentences or joined by "and".
        assert!(alike(
            "Data shall be deleted when no longer needed. The receiving Party shall keep a record of each deletion.",
            "Data shall be deleted when no longer needed, and the receiving Party shall keep a record of each deletion.",
        ));
        assert!(!alike(
            "Data shall be deleted. The Party shall keep a record.",
            "Data shall be deleted or the Party shall keep a record.",
        ));
        // "no X shall ... except" = "X may ... only".
        assert!(alike(
            "The interception may be carried out only on the basis of a warrant issued by a judge.",
            "No interception shall be carried out except on the basis of a warrant issued by a judge.",
        ));
        // Quantities worded otherwise: one interval.
        assert!(alike(
            "an offence punishable by a maximum term of not less than four years",
            "an offence punishable by a maximum term of four years or more",
        ));
        assert!(!alike(
            "an offence punishable by a maximum term of not less than four years",
            "an offence punishable by a maximum term of more than four years",
        ));
        // "shall not ... after" = "may ... only until".
        assert!(alike(
            "Data shall not be kept after the proceedings have been concluded.",
            "Data may be kept only until the proceedings have been concluded.",
        ));
    }

    #[test]
    fn projections() {
        assert_eq!(
            directions(-1, Projection::ByRole, Role::Safeguard),
            [(Axis::Safeguards, Direction::Weakens)]
        );
        assert_eq!(
            directions(-1, Projection::ByRole, Role::ProceduralPower),
            [(Axis::Scope, Direction::Narrows)]
        );
        assert_eq!(
            directions(1, Projection::ByRole, Role::RefusalGrounds),
            [
                (Axis::Scope, Direction::Narrows),
                (Axis::Safeguards, Direction::Strengthens)
            ]
        );
        assert_eq!(
            directions(1, Projection::Both(1, -1), Role::Other),
            [
                (Axis::Scope, Direction::Widens),
                (Axis::Safeguards, Direction::Weakens)
            ]
        );
        assert!(directions(1, Projection::ByRole, Role::Preamble).is_empty());
    }
}
