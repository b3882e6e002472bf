//! Human labels for provisions, built from the nums of a provision and its
//! ancestors: "Article 23(2)(c)", "Section 5(1)(a)", "Recital 12",
//! "Annex I", "Schedule 1, paragraph 3(2)".
//!
//! Drafting conventions cite a provision from the nearest *unit* (article,
//! section, rule, recital, annex) down, never through the divisions above it
//! (nobody writes "Chapter II, Article 5"), so the label walks up only to the
//! nearest unit.

use super::model::{Provision, ProvisionId};
use super::text::{display_name, title_case_word};

/// How an element takes part in a citation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rank {
    /// Groups units and is cited on its own: part, chapter, title...
    Division,
    /// The citable unit: article, section, rule, recital, annex...
    Unit,
    /// Cited as a parenthesised number after its unit: paragraph, point...
    Sub,
}

/// Document types that can be nested inside a collection or an attachment.
pub const DOC_TYPES: &[&str] = &[
    "act",
    "amendment",
    "amendmentList",
    "bill",
    "debate",
    "debateReport",
    "doc",
    "documentCollection",
    "judgment",
    "officialGazette",
    "portion",
    "statement",
];

const DIVISIONS: &[&str] = &[
    "book",
    "tome",
    "part",
    "subpart",
    "title",
    "subtitle",
    "chapter",
    "subchapter",
    "division",
    "subdivision",
    "hcontainer",
];

const UNITS: &[&str] = &[
    "article",
    "section",
    "rule",
    "recital",
    "citation",
    "recitals",
    "citations",
    "preface",
    "preamble",
    "conclusions",
    "body",
    "mainBody",
    "amendmentBody",
    "tblock",
];

/// Whether an `hcontainer` (or a nested document) holds a schedule, annex
/// or appendix: such containers prefix the labels of what they hold.
fn is_attachment_like(p: &Provision) -> bool {
    if DOC_TYPES.contains(&p.element.as_str()) {
        return true;
    }
    if p.element == "hcontainer" {
        let name = p.name.as_deref().unwrap_or("").to_ascii_lowercase();
        return ["schedule", "annex", "appendix"]
            .iter()
            .any(|w| name.contains(w) && !name.ends_with('s'));
    }
    false
}

pub fn rank(provisions: &[Provision], id: ProvisionId) -> Rank {
    let p = &provisions[id];
    let e = p.element.as_str();
    if is_attachment_like(p) {
        return Rank::Unit;
    }
    if e == "section" {
        // In EU acts a section groups articles; in UK acts it is the unit.
        let groups_articles = p
            .children
            .iter()
            .any(|&c| matches!(provisions[c].element.as_str(), "article" | "section"));
        return if groups_articles {
            Rank::Division
        } else {
            Rank::Unit
        };
    }
    if UNITS.contains(&e) {
        Rank::Unit
    } else if DIVISIONS.contains(&e) {
        Rank::Division
    } else {
        Rank::Sub
    }
}

/// A num that identifies something: not empty, not a bullet or dash.
fn usable_num(num: Option<&str>) -> Option<&str> {
    let n = num?.trim();
    let has_content = n
        .chars()
        .any(|c| c.is_alphanumeric() || c == '§' || c == '¶');
    has_content.then_some(n)
}

/// "(c)", "c)", "c.", "c" -> "(c)".
fn parenthesised(num: &str) -> String {
    let n = num.trim().trim_end_matches('.').trim();
    if n.starts_with('(') && n.ends_with(')') {
        n.to_string()
    } else if let Some(inner) = n.strip_suffix(')') {
        format!("({inner})")
    } else {
        format!("({n})")
    }
}

/// "(12)" -> "12", "5." -> "5".
fn bare(num: &str) -> &str {
    let n = num.trim().trim_end_matches('.').trim();
    n.strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or(n)
}

/// A printed number that already names its kind: "Article 5", "CHAPTER IV",
/// "§ 9", "Schedule 1". Returned tidied ("Chapter IV").
fn self_describing(num: &str) -> Option<String> {
    let n = num.trim().trim_end_matches('.');
    let (first, rest) = n.split_once(char::is_whitespace)?;
    let wordy = first.chars().all(|c| c.is_alphabetic()) && first.chars().count() > 1;
    if first == "§" || first == "§§" || first == "Art." || wordy {
        Some(format!("{} {}", title_case_word(first), rest.trim()))
    } else {
        None
    }
}

fn kind_name(p: &Provision) -> String {
    let generic = matches!(p.element.as_str(), "hcontainer" | "doc" | "blockContainer");
    match (&p.name, generic) {
        (Some(name), true) if !name.is_empty() => display_name(name),
        _ => match p.element.as_str() {
            "body" | "mainBody" | "amendmentBody" => "Body text".to_string(),
            "tblock" => "Block".to_string(),
            e => display_name(e),
        },
    }
}

/// 1-based position among the siblings with the same element name.
fn ordinal(provisions: &[Provision], roots: &[ProvisionId], id: ProvisionId) -> usize {
    let siblings = match provisions[id].parent {
        Some(parent) => &provisions[parent].children,
        None => roots,
    };
    let element = &provisions[id].element;
    siblings
        .iter()
        .take_while(|&&s| s != id)
        .filter(|&&s| &provisions[s].element == element)
        .count()
        + 1
}

/// Labels every provision. `provisions` must be in document order
/// (parents before children).
pub fn assign(provisions: &mut [Provision], roots: &[ProvisionId]) {
    // What children of each provision append their "(x)" to; None when
    // children start their own citation (under a division).
    let mut child_base: Vec<Option<String>> = vec![None; provisions.len()];
    // The nearest attachment-like ancestor-or-self's label, for prefixes.
    let mut attachment: Vec<Option<String>> = vec![None; provisions.len()];

    for id in 0..provisions.len() {
        let parent = provisions[id].parent;
        let inherited_attachment = parent.and_then(|p| attachment[p].clone());
        let rank = rank(provisions, id);
        let p = &provisions[id];
        let num = usable_num(p.num.as_deref());
        let label = match rank {
            Rank::Division | Rank::Unit => {
                let own = match num {
                    Some(n) => self_describing(n)
                        .unwrap_or_else(|| format!("{} {}", kind_name(p), bare(n))),
                    None => match (p.element.as_str(), &p.heading) {
                        ("recital" | "citation", _) => {
                            format!("{} {}", kind_name(p), ordinal(provisions, roots, id))
                        }
                        (
                            "preface" | "preamble" | "conclusions" | "citations" | "recitals"
                            | "body" | "mainBody" | "amendmentBody",
                            _,
                        ) => kind_name(p),
                        (_, Some(h)) if !h.is_empty() => format!("{} “{}”", kind_name(p), h),
                        _ => format!("{} {}", kind_name(p), ordinal(provisions, roots, id)),
                    },
                };
                match &inherited_attachment {
                    Some(prefix) if !is_attachment_like(p) => format!("{prefix}, {own}"),
                    _ => own,
                }
            }
            Rank::Sub => {
                let base = parent.and_then(|par| child_base[par].clone());
                match (num, base) {
                    (Some(n), Some(base)) => format!("{base}{}", parenthesised(n)),
                    (Some(n), None) => {
                        let own = format!("{} {}", kind_name(p), bare(n));
                        match &inherited_attachment {
                            Some(prefix) => format!("{prefix}, {}", own.to_lowercase_first()),
                            None => own,
                        }
                    }
                    (None, _) => {
                        let ord = ordinal(provisions, roots, id);
                        match parent {
                            Some(par) => {
                                format!("{}, {} {}", provisions[par].label, p.element, ord)
                            }
                            None => format!("{} {}", kind_name(p), ord),
                        }
                    }
                }
            }
        };
        child_base[id] = match (rank, num) {
            // Paragraphs directly in an annex are cited "Annex I, paragraph 1".
            (Rank::Division, _) => None,
            (Rank::Unit, _) if is_attachment_like(&provisions[id]) => None,
            (Rank::Unit, _) | (Rank::Sub, Some(_)) => Some(label.clone()),
            // An unnumbered list or subparagraph is transparent for its children.
            (Rank::Sub, None) => parent.and_then(|par| child_base[par].clone()),
        };
        attachment[id] = if is_attachment_like(&provisions[id]) {
            Some(label.clone())
        } else {
            inherited_attachment
        };
        provisions[id].label = label;
    }
}

trait LowercaseFirst {
    fn to_lowercase_first(&self) -> String;
}

impl LowercaseFirst for String {
    fn to_lowercase_first(&self) -> String {
        let mut chars = self.chars();
        match chars.next() {
            Some(c) => c.to_lowercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::akn::model::{Ids, Part};

    /// Builds a tree from rows.
    /// (element, name, num, parent) in document order.
    type Row<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<usize>);

    fn tree(rows: &[Row<'_>]) -> Vec<Provision> {
        let mut out: Vec<Provision> = rows
            .iter()
            .map(|&(element, name, num, parent)| Provision {
                element: element.to_string(),
                name: name.map(str::to_string),
                num: num.map(str::to_string),
                heading: None,
                subheading: None,
                ids: Ids::default(),
                label: String::new(),
                part: Part::Body,
                intro: String::new(),
                content: String::new(),
                wrap_up: String::new(),
                refs: vec![],
                notes: vec![],
                quotations: vec![],
                parent,
                children: vec![],
                depth: 0,
                line: 1,
                column: 1,
            })
            .collect();
        for i in 0..out.len() {
            if let Some(p) = out[i].parent {
                out[p].children.push(i);
            }
        }
        out
    }

    fn labels(rows: &[Row<'_>]) -> Vec<String> {
        let mut t = tree(rows);
        let roots: Vec<usize> = (0..t.len()).filter(|&i| t[i].parent.is_none()).collect();
        assign(&mut t, &roots);
        t.into_iter().map(|p| p.label).collect()
    }

    #[test]
    fn treaty_article_paragraph_point() {
        let l = labels(&[
            ("chapter", None, Some("IV"), None),
            ("article", None, Some("Article 23"), Some(0)),
            ("paragraph", None, Some("2."), Some(1)),
            ("list", None, None, Some(2)),
            ("point", None, Some("(c)"), Some(3)),
            ("point", None, Some("d)"), Some(3)),
        ]);
        assert_eq!(
            l,
            [
                "Chapter IV",
                "Article 23",
                "Article 23(2)",
                "Article 23(2), list 1",
                "Article 23(2)(c)",
                "Article 23(2)(d)"
            ]
        );
    }

    #[test]
    fn bare_numbers_get_their_kind() {
        let l = labels(&[
            ("part", None, Some("1"), None),
            ("section", None, Some("5"), Some(0)),
            ("subsection", None, Some("(1)"), Some(1)),
            ("level", None, Some("(a)"), Some(2)),
        ]);
        assert_eq!(
            l,
            ["Part 1", "Section 5", "Section 5(1)", "Section 5(1)(a)"]
        );
    }

    #[test]
    fn eu_sections_group_articles() {
        let l = labels(&[
            ("section", None, Some("SECTION 2"), None),
            ("article", None, Some("Article 7"), Some(0)),
        ]);
        assert_eq!(l, ["Section 2", "Article 7"]);
    }

    #[test]
    fn recitals_and_citations() {
        let l = labels(&[
            ("preamble", None, None, None),
            ("citations", None, None, Some(0)),
            ("citation", None, None, Some(1)),
            ("citation", None, None, Some(1)),
            ("recitals", None, None, Some(0)),
            ("recital", None, Some("(12)"), Some(4)),
        ]);
        assert_eq!(
            l,
            [
                "Preamble",
                "Citations",
                "Citation 1",
                "Citation 2",
                "Recitals",
                "Recital 12"
            ]
        );
    }

    #[test]
    fn annexes_and_schedules_prefix_their_contents() {
        let l = labels(&[
            ("doc", Some("annex"), Some("ANNEX I"), None),
            ("hcontainer", Some("schedule"), Some("Schedule 1"), None),
            ("part", None, Some("Part 1"), Some(1)),
            ("paragraph", None, Some("3"), Some(2)),
            ("subparagraph", None, Some("(2)"), Some(3)),
        ]);
        assert_eq!(
            l,
            [
                "Annex I",
                "Schedule 1",
                "Schedule 1, Part 1",
                "Schedule 1, paragraph 3",
                "Schedule 1, paragraph 3(2)"
            ]
        );
    }

    #[test]
    fn unnumbered_subdivisions_count_among_their_kind() {
        let l = labels(&[
            ("article", None, Some("Article 5"), None),
            ("paragraph", None, Some("1."), Some(0)),
            ("subparagraph", None, None, Some(1)),
            ("subparagraph", None, None, Some(1)),
            ("point", None, Some("(a)"), Some(3)),
            ("indent", None, Some("—"), Some(4)),
        ]);
        assert_eq!(
            l,
            [
                "Article 5",
                "Article 5(1)",
                "Article 5(1), subparagraph 1",
                "Article 5(1), subparagraph 2",
                "Article 5(1)(a)",
                "Article 5(1)(a), indent 1"
            ]
        );
    }

    #[test]
    fn german_paragraph_sign() {
        let l = labels(&[
            ("article", None, Some("§ 9"), None),
            ("paragraph", None, Some("(1)"), Some(0)),
        ]);
        assert_eq!(l, ["§ 9", "§ 9(1)"]);
    }
}
