//! Clause text prepared for the rules: normalised words that compare equal
//! across purely editorial differences, and a way back to the original
//! words for quoting.
//!
//! Normalisation (each step is an editorial rule, ED-01 to ED-07): case,
//! quote and dash style, punctuation, whitespace; -ise/-ize spelling; the
//! alias table ("States Parties" -> "State Party", "information and
//! communications technology" -> "ICT"); references renumbered through the
//! article map; ranges of articles spelled out ("7 to 9" = "7, 8 and 9");
//! "of this Convention" after an article reference.

use std::collections::BTreeMap;

/// Old article number -> new article number, from the alignment.
pub type ArticleMap = BTreeMap<String, String>;

/// A clause ready for the rules.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Normalised words, no punctuation.
    pub words: Vec<String>,
    /// The words joined with single spaces and padded: " a b c ", so that a
    /// phrase matches as " phrase ".
    pub joined: String,
    /// Word indices after which a sentence or clause ends ('.', ';', ':').
    pub breaks: Vec<usize>,
}

fn spelling(word: &str) -> String {
    // -ise -> -ize on both sides: applied blindly, because only equality of
    // the two normalised texts matters, never the spelling itself; but
    // words that are -ise in every spelling stay as written, so that rules
    // can name them ("otherwise", "exercise", "supervise", "comprise").
    let stem = word.trim_end_matches('s').trim_end_matches('d');
    let stem = stem.strip_suffix('e').map_or(stem, |s| s);
    if ["wis", "vis", "cis", "omis", "emis", "pris", "rtis"]
        .iter()
        .any(|x| stem.ends_with(x))
    {
        return word.to_string();
    }
    for (from, to) in [
        ("isations", "izations"),
        ("isation", "ization"),
        ("ising", "izing"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ise", "ize"),
        ("yse", "yze"),
        ("our", "or"),
        ("ogue", "og"),
    ] {
        if word.len() > from.len() + 3 {
            if let Some(stem) = word.strip_suffix(from) {
                return format!("{stem}{to}");
            }
        }
    }
    match word {
        "programme" => "program".to_string(),
        "programmes" => "programs".to_string(),
        "offence" => "offense".to_string(),
        "offences" => "offenses".to_string(),
        "defence" => "defense".to_string(),
        "defences" => "defenses".to_string(),
        "licence" => "license".to_string(),
        "licences" => "licenses".to_string(),
        "judgement" => "judgment".to_string(),
        "judgements" => "judgments".to_string(),
        "centre" => "center".to_string(),
        "centres" => "centers".to_string(),
        "fulfil" => "fulfill".to_string(),
        "fulfils" => "fulfills".to_string(),
        "fulfilment" => "fulfillment".to_string(),
        "practise" => "practice".to_string(),
        _ => word.to_string(),
    }
}

/// Splits into (word, break-after) tokens: words are runs of letters and
/// digits, lower-cased and spelling-normalised.
fn tokens(text: &str) -> (Vec<String>, Vec<usize>) {
    let mut words = Vec::new();
    let mut breaks = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if matches!(c, '-' | '\u{2013}' | '\u{2014}')
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit)
        {
            // "7–11" is a range: "7 to 11" (ED-07).
            words.push(spelling(&std::mem::take(&mut cur)));
            words.push("to".to_string());
        } else {
            if !cur.is_empty() {
                words.push(spelling(&std::mem::take(&mut cur)));
            }
            if matches!(c, '.' | ';' | ':') && !words.is_empty() {
                breaks.push(words.len());
            }
        }
    }
    if !cur.is_empty() {
        words.push(spelling(&cur));
    }
    breaks.dedup();
    (words, breaks)
}

fn is_number(w: &str) -> bool {
    !w.is_empty() && w.chars().all(|c| c.is_ascii_digit())
}

/// Rewrites article references in place: numbers mapped through `map`,
/// ranges spelled out, connectives between numbers and "of this
/// convention" after them dropped.
fn references(words: Vec<String>, map: Option<&ArticleMap>) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    // Abbreviated citations: "art. 12 para. 3" = "article 12, paragraph 3".
    let words: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let numbered = words.get(i + 1).is_some_and(|x| is_number(x));
            match w.as_str() {
                "art" | "arts" if numbered => "article".to_string(),
                "para" | "par" | "paras" if numbered => "paragraph".to_string(),
                _ => w.clone(),
            }
        })
        .collect();
    while i < words.len() {
        let w = &words[i];
        // "paragraph 2 of article 24" = "article 24(2)", and "paragraphs 3,
        // 4 and 5 of article 40" = "article 40, paragraphs 3 to 5" (ED-07).
        if w == "paragraph" || w == "paragraphs" {
            let (paragraphs, at) = numbers(&words, i + 1);
            if !paragraphs.is_empty()
                && words.get(at).is_some_and(|x| x == "of")
                && words.get(at + 1).is_some_and(|x| x == "article")
                && words.get(at + 2).is_some_and(|x| is_number(x))
            {
                let article = words[at + 2].clone();
                out.push("article".to_string());
                out.push(
                    map.and_then(|m| m.get(&article))
                        .cloned()
                        .unwrap_or(article),
                );
                out.extend(paragraphs);
                i = at + 3;
                continue;
            }
        }
        out.push(w.clone());
        i += 1;
        if w != "article" && w != "articles" {
            continue;
        }
        // The numbers that follow: "7", "7 to 11", "7 8 and 10".
        let (nums, at) = numbers(&words, i);
        i = at;
        let single = nums.len() == 1;
        for n in nums {
            let mapped = map.and_then(|m| m.get(&n)).cloned().unwrap_or(n);
            out.push(mapped);
        }
        // "article 24, paragraph 2" = "article 24(2)" (ED-07).
        if single
            && words
                .get(i)
                .is_some_and(|x| x == "paragraph" || x == "paragraphs")
        {
            let (paragraphs, at) = numbers(&words, i + 1);
            if !paragraphs.is_empty() {
                out.extend(paragraphs);
                i = at;
            }
        }
        // "article 7 of this convention" = "article 7".
        if words
            .get(i..i + 3)
            .is_some_and(|s| s == ["of", "this", "convention"])
        {
            i += 3;
        }
    }
    out
}

/// The numbers from `i` on ("7", "7 to 11", "7 8 and 10"), ranges
/// expanded, and where they end.
fn numbers(words: &[String], mut i: usize) -> (Vec<String>, usize) {
    let mut nums: Vec<String> = Vec::new();
    while i < words.len() {
        let x = &words[i];
        if is_number(x) {
            nums.push(x.clone());
            i += 1;
        } else if !nums.is_empty()
            && (x == "to" || x == "and" || x == "or")
            && i + 1 < words.len()
            && is_number(&words[i + 1])
        {
            if x == "to" {
                if let (Some(Ok(a)), Ok(b)) = (
                    nums.last().map(|n| n.parse::<u32>()),
                    words[i + 1].parse::<u32>(),
                ) {
                    if b > a && b - a <= 200 {
                        nums.extend((a + 1..b).map(|n| n.to_string()));
                    }
                }
            }
            i += 1;
        } else {
            break;
        }
    }
    (nums, i)
}

/// Replaces each alias phrase by its canonical form, on whole words.
fn apply_aliases(joined: &str, aliases: &[(String, String)]) -> String {
    let mut s = joined.to_string();
    for (from, to) in aliases {
        // Most clauses hold no alias: look before building the patterns.
        if memchr::memmem::find(s.as_bytes(), from.as_bytes()).is_none() {
            continue;
        }
        let pat = format!(" {from} ");
        let rep = format!(" {to} ");
        while s.contains(&pat) {
            s = s.replace(&pat, &rep);
        }
    }
    s
}

/// Prepares a clause. `map` renumbers the references of an old clause.
pub fn prepare(text: &str, aliases: &[(String, String)], map: Option<&ArticleMap>) -> Prepared {
    let (words, breaks) = tokens(text);
    let words = references(words, map);
    let joined = apply_aliases(&format!(" {} ", words.join(" ")), aliases);
    let words: Vec<String> = joined.split_whitespace().map(str::to_string).collect();
    // Aliases and references can shift word positions; breaks stay within bounds.
    let breaks = breaks.into_iter().map(|b| b.min(words.len())).collect();
    Prepared {
        words,
        joined,
        breaks,
    }
}

/// A lexicon phrase in normalised form.
pub fn normalise_phrase(phrase: &str, aliases: &[(String, String)]) -> String {
    prepare(phrase, aliases, None).joined.trim().to_string()
}

impl Prepared {
    /// Occurrences of a phrase (normalised) as whole words.
    pub fn count(&self, phrase: &str) -> usize {
        if phrase.is_empty() {
            return 0;
        }
        // " phrase " without building it: every rule asks this of every
        // lexicon phrase, so it must not allocate (memchr's searcher sets
        // up faster than the standard library's for these short needles).
        let bytes = self.joined.as_bytes();
        memchr::memmem::find_iter(bytes, phrase.as_bytes())
            .filter(|&at| {
                at > 0 && bytes[at - 1] == b' ' && bytes.get(at + phrase.len()) == Some(&b' ')
            })
            .count()
    }

    pub fn has(&self, phrase: &str) -> bool {
        if phrase.is_empty() {
            return false;
        }
        let bytes = self.joined.as_bytes();
        memchr::memmem::find_iter(bytes, phrase.as_bytes()).any(|at| {
            at > 0 && bytes[at - 1] == b' ' && bytes.get(at + phrase.len()) == Some(&b' ')
        })
    }

    /// Whether a phrase opens a sentence (within its first two words).
    pub fn opens_sentence(&self, phrase: &str) -> bool {
        let pat = format!(" {phrase} ");
        let mut from = 0;
        while let Some(at) = self.joined[from..].find(&pat) {
            let pos = self.joined[..from + at + 1].split_whitespace().count();
            let start = self
                .breaks
                .iter()
                .copied()
                .filter(|&b| b <= pos)
                .max()
                .unwrap_or(0);
            if pos - start <= 2 {
                return true;
            }
            from += at + 1;
        }
        false
    }

    /// Word index of the first occurrence of a phrase.
    pub fn position(&self, phrase: &str) -> Option<usize> {
        let at = self.joined.find(&format!(" {phrase} "))?;
        Some(self.joined[..at + 1].split_whitespace().count())
    }

    /// Share of its sentence's words that follow a word position: how much a
    /// qualifier there governs.
    pub fn share_after(&self, pos: usize) -> f64 {
        let start = self
            .breaks
            .iter()
            .copied()
            .filter(|&b| b <= pos)
            .max()
            .unwrap_or(0);
        let end = self
            .breaks
            .iter()
            .copied()
            .filter(|&b| b > pos)
            .min()
            .unwrap_or(self.words.len());
        let len = end.saturating_sub(start).max(1);
        end.saturating_sub(pos) as f64 / len as f64
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// The words of the original text that a normalised phrase stands for, for
/// quoting: the shortest original span whose words normalise to the
/// phrase. None when the phrase does not occur.
pub fn quote(original: &str, phrase: &str) -> Option<String> {
    let target: Vec<&str> = phrase.split_whitespace().collect();
    if target.is_empty() {
        return None;
    }
    // Word spans of the original with their normalised form.
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    let mut start = None;
    for (i, c) in original.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            spans.push((s, i, spelling(&original[s..i].to_lowercase())));
        }
    }
    if let Some(s) = start {
        spans.push((s, original.len(), spelling(&original[s..].to_lowercase())));
    }
    let n = target.len();
    (0..spans.len().saturating_sub(n - 1))
        .find(|&i| spans[i..i + n].iter().zip(&target).all(|(s, t)| s.2 == *t))
        .map(|i| original[spans[i].0..spans[i + n - 1].1].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Prepared {
        let aliases = vec![
            ("states parties".to_string(), "state party".to_string()),
            (
                "information and communications technology".to_string(),
                "ict".to_string(),
            ),
        ];
        prepare(text, &aliases, None)
    }

    #[test]
    fn editorial_variants_normalise_alike() {
        assert_eq!(
            p("Each State Party shall criminalise").joined,
            p("each state party  shall criminalize").joined
        );
        assert_eq!(
            p("States Parties shall").joined,
            p("State Party shall").joined
        );
        assert_eq!(
            p("an information and communications technology system").joined,
            p("an ICT system").joined
        );
        assert_eq!(
            p("“serious crime”, as defined").joined,
            p("\"serious crime\" as defined").joined
        );
        assert_eq!(p("endeavour").joined, p("endeavor").joined);
        // Words that are -ise in every spelling stay as written, so that
        // the rules can name them.
        assert_eq!(
            p("except as otherwise provided, to exercise and supervise").joined,
            " except as otherwise provided to exercise and supervise "
        );
        assert_eq!(p("organised").joined, " organized ");
    }

    #[test]
    fn paragraph_citations_in_either_order() {
        assert_eq!(
            p("paragraphs 3, 4 and 5 of article 40").joined,
            p("article 40, paragraphs 3 to 5").joined
        );
        assert_eq!(
            p("paragraph 2 of article 24").joined,
            p("article 24, paragraph 2").joined
        );
        assert_ne!(
            p("paragraphs 3 and 5 of article 40").joined,
            p("article 40, paragraphs 3 to 5").joined
        );
    }

    #[test]
    fn ranges_and_enumerations_denote_the_same_articles() {
        assert_eq!(
            p("articles 7 to 9 of this Convention").joined,
            p("articles 7, 8 and 9").joined
        );
        assert_ne!(p("articles 7 to 9").joined, p("articles 7 to 10").joined);
    }

    #[test]
    fn references_follow_the_article_map() {
        let mut map = ArticleMap::new();
        map.insert("23".into(), "24".into());
        let old = prepare("in accordance with article 23", &[], Some(&map));
        let new = prepare("in accordance with article 24", &[], None);
        assert_eq!(old.joined, new.joined);
    }

    #[test]
    fn citation_styles_of_a_paragraph_read_alike() {
        let a = p("the conditions in article 24(2) apply");
        for other in [
            "the conditions in article 24, paragraph 2, apply",
            "the conditions in paragraph 2 of article 24 apply",
        ] {
            assert_eq!(p(other).joined, a.joined, "{other}");
        }
        assert_ne!(p("the conditions in article 24(3) apply").joined, a.joined);
        assert_eq!(
            p("the conditions in art. 24 para. 2 apply").joined,
            a.joined
        );
    }

    #[test]
    fn counting_and_positions() {
        let c = p("shall include, where appropriate, X and Y; and may include Z.");
        assert_eq!(c.count("where appropriate"), 1);
        assert_eq!(c.count("appropriate x"), 1);
        assert_eq!(c.position("where appropriate"), Some(2));
        assert!(c.share_after(2) > 0.6);
        assert!(!c.has("as appropriate"));
    }

    #[test]
    fn quotes_come_from_the_original() {
        assert_eq!(
            quote("Shall, As Appropriate, include", "as appropriate").as_deref(),
            Some("As Appropriate")
        );
        assert_eq!(
            quote("prior judicial authorisation", "judicial authorization").as_deref(),
            Some("judicial authorisation")
        );
        assert_eq!(quote("nothing here", "as appropriate"), None);
    }
}
