//! The lexicon: the words the effect rules look for, as data.
//!
//! The default (`lexicon.toml` beside this file) is embedded in the binary;
//! `--lexicon FILE` loads an analyst's edited copy instead, so the rules can
//! be tuned without recompiling. Phrases are stored normalised (see
//! [`super::text::normalise`]) so that they match normalised clause text.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::text::normalise_phrase;

/// The embedded default lexicon, as shipped.
pub const DEFAULT: &str = include_str!("lexicon.toml");

#[derive(Debug, thiserror::Error)]
#[error("lexicon {source_name}: {message}")]
pub struct LexiconError {
    pub source_name: String,
    pub message: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Modal {
    pub phrase: String,
    pub strength: f64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Alias {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct RoleCues {
    #[serde(default)]
    pub text: Vec<String>,
    #[serde(default)]
    pub heading: Vec<String>,
    /// How much one text cue weighs against a heading (3 for the nearest
    /// heading). Roles that a sentence's own words decide whatever its
    /// article (a refusal ground inside a mutual-assistance article) weigh more.
    #[serde(default = "one")]
    pub text_weight: f64,
}

fn one() -> f64 {
    1.0
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Ontology {
    #[serde(default)]
    pub authorities: Vec<String>,
    #[serde(default)]
    pub data: Vec<String>,
    #[serde(default)]
    pub actors: Vec<String>,
    #[serde(default)]
    pub intent: Vec<String>,
    #[serde(default)]
    pub harm: Vec<String>,
    #[serde(default)]
    pub instruments: Vec<String>,
    #[serde(default)]
    pub standards: Vec<String>,
}

/// Every list the rules use.
#[derive(Debug, Clone, Deserialize)]
pub struct Lexicon {
    pub version: u32,
    pub modal: Vec<Modal>,
    pub not_deontic: Vec<String>,
    pub qualifiers: Vec<String>,
    pub scope_terms: Vec<String>,
    pub restrictors: Vec<String>,
    pub exceptions: Vec<String>,
    pub offence_elements: Vec<String>,
    #[serde(default)]
    pub element_alternatives: Vec<String>,
    #[serde(default)]
    pub derogations: Vec<String>,
    #[serde(default)]
    pub hardeners: Vec<String>,
    pub carve_outs: Vec<String>,
    /// Safeguard vocabulary by family; `authorisation` is a ladder,
    /// strongest first.
    pub safeguards: BTreeMap<String, Vec<String>>,
    pub channels: Vec<String>,
    pub refusal: Vec<String>,
    pub protected_grounds: Vec<String>,
    pub force: Vec<String>,
    /// Markers of a closed enumeration ("namely") and of an illustrative
    /// one ("such as"): a list that opens reaches more (LIST-11).
    #[serde(default)]
    pub closed_lists: Vec<String>,
    #[serde(default)]
    pub open_lists: Vec<String>,
    #[serde(default)]
    pub alias: Vec<Alias>,
    pub roles: BTreeMap<String, RoleCues>,
    #[serde(default)]
    pub ontology: Ontology,
}

impl Lexicon {
    /// The embedded default.
    pub fn default_lexicon() -> Lexicon {
        // The embedded file is tested to parse (tests below); should it ever
        // fail, an empty lexicon makes every rule silent rather than panic.
        Lexicon::parse(DEFAULT, "built-in").unwrap_or_else(|_| Lexicon::empty())
    }

    /// Parses a lexicon file's text.
    pub fn parse(text: &str, source_name: &str) -> Result<Lexicon, LexiconError> {
        let mut lex: Lexicon = toml::from_str(text).map_err(|e| LexiconError {
            source_name: source_name.to_string(),
            message: e.to_string(),
        })?;
        if lex.version != 1 {
            return Err(LexiconError {
                source_name: source_name.to_string(),
                message: format!("version {} is not supported (expected 1)", lex.version),
            });
        }
        lex.normalise();
        Ok(lex)
    }

    fn empty() -> Lexicon {
        Lexicon {
            version: 1,
            modal: Vec::new(),
            not_deontic: Vec::new(),
            qualifiers: Vec::new(),
            scope_terms: Vec::new(),
            restrictors: Vec::new(),
            exceptions: Vec::new(),
            offence_elements: Vec::new(),
            element_alternatives: Vec::new(),
            derogations: Vec::new(),
            hardeners: Vec::new(),
            carve_outs: Vec::new(),
            safeguards: BTreeMap::new(),
            channels: Vec::new(),
            refusal: Vec::new(),
            protected_grounds: Vec::new(),
            force: Vec::new(),
            closed_lists: Vec::new(),
            open_lists: Vec::new(),
            alias: Vec::new(),
            roles: BTreeMap::new(),
            ontology: Ontology::default(),
        }
    }

    /// Puts every phrase in the form clause text is compared in, and sorts
    /// lists longest phrase first so that "shall not" wins over "shall".
    fn normalise(&mut self) {
        let lists: Vec<&mut Vec<String>> = vec![
            &mut self.not_deontic,
            &mut self.qualifiers,
            &mut self.scope_terms,
            &mut self.restrictors,
            &mut self.exceptions,
            &mut self.offence_elements,
            &mut self.element_alternatives,
            &mut self.derogations,
            &mut self.hardeners,
            &mut self.carve_outs,
            &mut self.channels,
            &mut self.refusal,
            &mut self.protected_grounds,
            &mut self.force,
            &mut self.closed_lists,
            &mut self.open_lists,
        ];
        for list in lists {
            for p in list.iter_mut() {
                *p = normalise_phrase(p, &[]);
            }
            list.retain(|p| !p.is_empty());
        }
        for (family, list) in self.safeguards.iter_mut() {
            for p in list.iter_mut() {
                // Ranks of the ladder keep their "|"-separated synonyms.
                let same_rank: Vec<String> = p
                    .split('|')
                    .map(|q| normalise_phrase(q, &[]))
                    .filter(|q| !q.is_empty())
                    .collect();
                *p = same_rank.join(" | ");
            }
            list.retain(|p| !p.is_empty());
            // The authorisation ladder keeps its order: it is a ranking.
            if family != "authorisation" {
                list.sort_by_key(|p| std::cmp::Reverse(p.len()));
            }
        }
        for m in &mut self.modal {
            m.phrase = normalise_phrase(&m.phrase, &[]);
        }
        self.modal
            .sort_by_key(|m| std::cmp::Reverse(m.phrase.len()));
        for a in &mut self.alias {
            a.from = normalise_phrase(&a.from, &[]);
            a.to = normalise_phrase(&a.to, &[]);
        }
        for cues in self.roles.values_mut() {
            for p in cues.text.iter_mut().chain(cues.heading.iter_mut()) {
                // "^" (start of a sentence) survives normalisation.
                let anchored = p.starts_with('^');
                *p = normalise_phrase(p, &[]);
                if anchored {
                    p.insert(0, '^');
                }
            }
        }
        let o = &mut self.ontology;
        for list in [
            &mut o.authorities,
            &mut o.data,
            &mut o.actors,
            &mut o.instruments,
            &mut o.standards,
            &mut o.intent,
        ] {
            for level in list.iter_mut() {
                // Siblings within a level stay separated by " | ".
                let siblings: Vec<String> = level
                    .split('|')
                    .map(|p| normalise_phrase(p, &[]))
                    .filter(|p| !p.is_empty())
                    .collect();
                *level = siblings.join(" | ");
            }
            list.retain(|p| !p.is_empty());
        }
    }

    /// The alias table as (from, to) pairs.
    pub fn aliases(&self) -> Vec<(String, String)> {
        self.alias
            .iter()
            .map(|a| (a.from.clone(), a.to.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_lexicon_parses() {
        let lex = match Lexicon::parse(DEFAULT, "built-in") {
            Ok(l) => l,
            Err(e) => panic!("{e}"),
        };
        assert!(lex.modal.iter().any(|m| m.phrase == "shall not"));
        assert_eq!(
            lex.modal[0].phrase.len(),
            lex.modal.iter().map(|m| m.phrase.len()).max().unwrap_or(0)
        );
        assert!(lex.qualifiers.contains(&"as appropriate".to_string()));
        assert!(lex.roles.contains_key("safeguard"));
        let ladder = &lex.safeguards["authorisation"];
        assert!(ladder[0].starts_with("prior judicial authorization | "));
    }

    #[test]
    fn a_bad_lexicon_is_a_clear_error() {
        let e = match Lexicon::parse("version = 1\nmodal = 3", "mine.toml") {
            Ok(_) => panic!("expected an error"),
            Err(e) => e,
        };
        assert!(e.to_string().starts_with("lexicon mine.toml: "), "{e}");
        let e = Lexicon::parse(&DEFAULT.replace("version = 1", "version = 7"), "v7.toml");
        assert!(e.is_err());
    }
}
