//! Clause roles: what a clause does (defines, criminalises, empowers,
//! protects...), from cues in its text, its heading, its ancestors'
//! headings and a list's lead-in. The role decides which way a change
//! points (EFFECTS.md §3-4): the same inserted "as appropriate" narrows the
//! scope of a power and weakens a safeguard.

use serde::{Deserialize, Serialize};

use super::lexicon::Lexicon;
use super::text::Prepared;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Definition,
    ScopeOfApplication,
    Criminalization,
    ProceduralPower,
    Cooperation,
    RefusalGrounds,
    Safeguard,
    DataProtection,
    SavingsClause,
    /// A clause that relieves States of a duty ("nothing ... shall require",
    /// a reservation): the more it says, the less the instrument requires.
    NonObligation,
    Jurisdiction,
    FinalProvision,
    Institutional,
    Preamble,
    Other,
}

impl Role {
    pub const ALL: [Role; 14] = [
        Role::Definition,
        Role::ScopeOfApplication,
        Role::Criminalization,
        Role::ProceduralPower,
        Role::Cooperation,
        Role::RefusalGrounds,
        Role::Safeguard,
        Role::DataProtection,
        Role::SavingsClause,
        Role::NonObligation,
        Role::Jurisdiction,
        Role::FinalProvision,
        Role::Institutional,
        Role::Preamble,
    ];

    /// The key of this role in the lexicon and in mapping files.
    pub fn key(self) -> &'static str {
        match self {
            Role::Definition => "definition",
            Role::ScopeOfApplication => "scope_of_application",
            Role::Criminalization => "criminalization",
            Role::ProceduralPower => "procedural_power",
            Role::Cooperation => "cooperation",
            Role::RefusalGrounds => "refusal_grounds",
            Role::Safeguard => "safeguard",
            Role::DataProtection => "data_protection",
            Role::SavingsClause => "savings_clause",
            Role::NonObligation => "non_obligation",
            Role::Jurisdiction => "jurisdiction",
            Role::FinalProvision => "final_provision",
            Role::Institutional => "institutional",
            Role::Preamble => "preamble",
            Role::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.iter().copied().find(|r| r.key() == key)
    }

    /// In words, for explanations.
    pub fn noun(self) -> &'static str {
        match self {
            Role::Definition => "definition",
            Role::ScopeOfApplication => "scope-of-application clause",
            Role::Criminalization => "criminalisation clause",
            Role::ProceduralPower => "procedural power",
            Role::Cooperation => "cooperation duty",
            Role::RefusalGrounds => "refusal ground",
            Role::Safeguard => "safeguard",
            Role::DataProtection => "data-protection rule",
            Role::SavingsClause => "savings clause",
            Role::NonObligation => "non-obligation clause",
            Role::Jurisdiction => "jurisdiction clause",
            Role::FinalProvision => "final provision",
            Role::Institutional => "institutional provision",
            Role::Preamble => "preamble",
            Role::Other => "clause",
        }
    }

    /// +1 where more content or force of this clause widens scope, -1 where
    /// it narrows it (refusal grounds), 0 where scope is not at stake.
    pub fn scope_sign(self) -> i8 {
        match self {
            Role::Definition
            | Role::ScopeOfApplication
            | Role::Criminalization
            | Role::ProceduralPower
            | Role::Cooperation
            | Role::Jurisdiction => 1,
            Role::RefusalGrounds | Role::NonObligation => -1,
            _ => 0,
        }
    }

    /// +1 where more content or force of this clause strengthens
    /// safeguards, 0 where safeguards are not at stake.
    pub fn safeguard_sign(self) -> i8 {
        match self {
            Role::Safeguard | Role::DataProtection | Role::SavingsClause | Role::RefusalGrounds => {
                1
            }
            _ => 0,
        }
    }
}

/// Where a clause stands: its own and its ancestors' headings, nearest
/// first, and the lead-in of the list it is an item of.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub headings: Vec<String>,
    pub intro: Option<String>,
    pub in_preamble: bool,
}

/// The role of a clause, with a score in [0, 1] saying how clearly the cues
/// point to it.
pub fn classify(
    original: &str,
    text: &Prepared,
    ctx: &Context,
    lex: &Lexicon,
    prepare: impl Fn(&str) -> Prepared,
) -> (Role, f64) {
    let definition_form = super::defined_term(original).is_some();
    if ctx.in_preamble {
        return (Role::Preamble, 1.0);
    }
    let headings: Vec<Prepared> = ctx.headings.iter().map(|h| prepare(h)).collect();
    let intro = ctx.intro.as_deref().map(&prepare);
    let mut scores: Vec<(Role, f64)> = Vec::new();
    for role in Role::ALL {
        let Some(cues) = lex.roles.get(role.key()) else {
            continue;
        };
        let mut score = 0.0;
        for cue in &cues.text {
            let found = match cue.strip_prefix('^') {
                Some(c) => text.opens_sentence(c),
                None => text.has(cue),
            };
            if found {
                score += cues.text_weight;
            }
            if intro.as_ref().is_some_and(|i| i.has(cue)) {
                score += 1.5;
            }
        }
        for (depth, h) in headings.iter().enumerate() {
            // The nearest heading decides most: a point under "Conditions
            // and safeguards" is a safeguard whatever its words.
            let weight = 3.0 / (1.0 + depth as f64);
            if cues.heading.iter().any(|cue| h.has(cue)) {
                score += weight;
            }
        }
        // A clause that opens with a quoted term and says what it "means".
        if role == Role::Definition
            && definition_form
            && (text.has("means") || text.has("shall mean") || text.has("is defined as"))
        {
            score += 3.0;
        }
        if score > 0.0 {
            scores.push((role, score));
        }
    }
    scores.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    match scores.as_slice() {
        [] => (Role::Other, 0.0),
        [(role, _)] => (*role, 0.9),
        [(role, best), (_, second), ..] => (*role, (best / (best + second)).clamp(0.5, 1.0)),
    }
}

/// Per-document role overrides: `[[role]] match = "art_24*" role = "safeguard"`,
/// matched on a clause's eId or label, `*` standing for any run of
/// characters. The first match wins.
#[derive(Debug, Clone, Default)]
pub struct RoleOverrides {
    rules: Vec<(String, Role)>,
}

#[derive(Deserialize)]
struct OverrideFile {
    #[serde(default)]
    role: Vec<OverrideRow>,
}

#[derive(Deserialize)]
struct OverrideRow {
    #[serde(rename = "match")]
    pattern: String,
    role: String,
}

impl RoleOverrides {
    pub fn parse(
        text: &str,
        source_name: &str,
    ) -> Result<RoleOverrides, super::lexicon::LexiconError> {
        let err = |message: String| super::lexicon::LexiconError {
            source_name: source_name.to_string(),
            message,
        };
        let file: OverrideFile = toml::from_str(text).map_err(|e| err(e.to_string()))?;
        let mut rules = Vec::new();
        for row in file.role {
            let role = Role::from_key(&row.role).ok_or_else(|| {
                let keys: Vec<&str> = Role::ALL.iter().map(|r| r.key()).collect();
                err(format!(
                    "unknown role \"{}\" (one of: {})",
                    row.role,
                    keys.join(", ")
                ))
            })?;
            rules.push((row.pattern, role));
        }
        Ok(RoleOverrides { rules })
    }

    /// The role forced for a clause with this eId or label, if any.
    pub fn get(&self, eid: Option<&str>, label: &str) -> Option<Role> {
        self.rules
            .iter()
            .find(|(pat, _)| eid.is_some_and(|e| glob(pat, e)) || glob(pat, label))
            .map(|&(_, role)| role)
    }
}

/// `*` matches any run of characters; everything else matches itself.
fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let mut rest = text;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(part) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::effects::text::prepare;

    fn role(text: &str, headings: &[&str], intro: Option<&str>) -> Role {
        let lex = Lexicon::default_lexicon();
        let aliases = lex.aliases();
        let p = |s: &str| prepare(s, &aliases, None);
        let ctx = Context {
            headings: headings.iter().map(|s| s.to_string()).collect(),
            intro: intro.map(str::to_string),
            in_preamble: false,
        };
        classify(text, &p(text), &ctx, &lex, p).0
    }

    #[test]
    fn headings_decide_most() {
        assert_eq!(
            role(
                "the right to an effective remedy;",
                &["", "Conditions and safeguards"],
                Some("Such conditions and safeguards shall include:")
            ),
            Role::Safeguard
        );
        assert_eq!(role("\"Serious crime\" means conduct constituting an offence punishable by at least four years", &["Use of terms"], None), Role::Definition);
        assert_eq!(role("Each State Party shall adopt such legislative and other measures as may be necessary to establish as a criminal offence the access without right", &["Illegal access"], None), Role::Criminalization);
        assert_eq!(role("Mutual legal assistance may be refused if the request concerns an offence of a political nature.", &["Mutual legal assistance"], None), Role::RefusalGrounds);
        assert_eq!(role("Nothing in this Convention shall be interpreted as permitting the suppression of human rights.", &["Respect for human rights"], None), Role::Safeguard);
        assert_eq!(role("This text says little.", &[], None), Role::Other);
    }

    #[test]
    fn overrides_by_eid_or_label() {
        let o = match RoleOverrides::parse("[[role]]\nmatch = \"art_24*\"\nrole = \"safeguard\"\n[[role]]\nmatch = \"Article 3\"\nrole = \"definition\"\n", "roles.toml") {
            Ok(o) => o,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(
            o.get(Some("art_24__para_2"), "Article 24(2)"),
            Some(Role::Safeguard)
        );
        assert_eq!(o.get(None, "Article 3"), Some(Role::Definition));
        assert_eq!(o.get(Some("art_25"), "Article 25"), None);
        assert!(
            RoleOverrides::parse("[[role]]\nmatch = \"x\"\nrole = \"nonsense\"\n", "r.toml")
                .is_err()
        );
    }

    #[test]
    fn globs() {
        assert!(glob("art_*__para_2", "art_24__para_2"));
        assert!(glob("*", "anything"));
        assert!(!glob("art_2*", "art_1"));
        assert!(glob("exact", "exact"));
    }
}
