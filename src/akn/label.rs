//! Human labels for provisions, built from the nums of a provision and its
//! ancestors: "Article 23(2)(c)", "Section 5(1)(a)", "Recital 12",
//! "Annex I", "Schedule 1, paragraph 3(2)".
//!
//! Drafting conventions cite a provision from the nearest *unit* (article,
//! section, rule, recital, annex) down, never through the divisions above it
//! (nobody writes "Chapter II, Article 5"), so the label walks up only to the
//! nearest unit.

use super::model::{Provision, ProvisionId, Text};
use super::text::push_title_case_word;

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

/// Whether an element is a document type ([`DOC_TYPES`]). A `match`, not a
/// search of the list: every provision is ranked, which took up to four
/// list searches, fifty string comparisons, each.
fn is_doc_type(e: &str) -> bool {
    matches!(
        e,
        "act"
            | "amendment"
            | "amendmentList"
            | "bill"
            | "debate"
            | "debateReport"
            | "doc"
            | "documentCollection"
            | "judgment"
            | "officialGazette"
            | "portion"
            | "statement"
    )
}

/// The rank an element's name gives, before the exceptions that look at
/// the provision: the citable units, the divisions that group them, and
/// everything else a sub-unit.
fn name_rank(e: &str) -> Rank {
    match e {
        "article" | "section" | "rule" | "recital" | "citation" | "recitals" | "citations"
        | "preface" | "preamble" | "conclusions" | "body" | "mainBody" | "amendmentBody"
        | "tblock" => Rank::Unit,
        "book" | "tome" | "part" | "subpart" | "title" | "subtitle" | "chapter" | "subchapter"
        | "division" | "subdivision" | "hcontainer" => Rank::Division,
        _ => Rank::Sub,
    }
}

/// Whether an `hcontainer` (or a nested document) holds a schedule, annex
/// or appendix: such containers prefix the labels of what they hold.
fn is_attachment_like(p: &Provision) -> bool {
    if is_doc_type(&p.element) {
        return true;
    }
    if p.element == "hcontainer" {
        let name = p.name().unwrap_or("").to_ascii_lowercase();
        return ["schedule", "annex", "appendix"]
            .iter()
            .any(|w| name.contains(w) && !name.ends_with('s'));
    }
    false
}

pub fn rank(provisions: &[Provision], id: ProvisionId) -> Rank {
    rank_of(provisions, id, is_attachment_like(&provisions[id]))
}

/// [`rank`], for a provision already known to be attachment-like or not.
fn rank_of(provisions: &[Provision], id: ProvisionId, attachment_like: bool) -> Rank {
    let p = &provisions[id];
    let e = p.element.as_ref();
    if attachment_like {
        return Rank::Unit;
    }
    if e == "section" {
        // In EU acts a section groups articles; in UK acts it is the unit.
        let groups_articles = p
            .children
            .iter()
            .any(|&c| matches!(provisions[c].element.as_ref(), "article" | "section"));
        return if groups_articles {
            Rank::Division
        } else {
            Rank::Unit
        };
    }
    name_rank(e)
}

/// A num that identifies something: not empty, not a bullet or dash.
fn usable_num(num: Option<&str>) -> Option<&str> {
    let n = num?.trim();
    let has_content = n.bytes().any(|b| b.is_ascii_alphanumeric())
        || n.chars()
            .any(|c| c.is_alphanumeric() || c == '§' || c == '¶');
    has_content.then_some(n)
}

/// "(c)", "c)", "c.", "c" -> "(c)".
fn push_parenthesised(out: &mut String, num: &str) {
    let n = num.trim().trim_end_matches('.').trim();
    let inner = if n.starts_with('(') && n.ends_with(')') {
        &n[1..n.len() - 1]
    } else {
        n.strip_suffix(')').unwrap_or(n)
    };
    out.push('(');
    out.push_str(inner);
    out.push(')');
}

/// "(12)" -> "12", "5." -> "5".
fn bare(num: &str) -> &str {
    let n = num.trim().trim_end_matches('.').trim();
    n.strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or(n)
}

/// A printed number that already names its kind: "Article 5", "CHAPTER IV",
/// "§ 9", "Schedule 1". Pushed tidied ("Chapter IV"); false when the
/// number is bare.
fn push_self_describing(out: &mut String, num: &str) -> bool {
    let n = num.trim().trim_end_matches('.');
    let Some((first, rest)) = n.split_once(char::is_whitespace) else {
        return false;
    };
    let wordy = first.chars().all(|c| c.is_alphabetic()) && first.chars().count() > 1;
    if first == "§" || first == "§§" || first == "Art." || wordy {
        push_title_case_word(out, first);
        out.push(' ');
        out.push_str(rest.trim());
        true
    } else {
        false
    }
}

fn push_kind_name(out: &mut String, p: &Provision) {
    let generic = matches!(&*p.element, "hcontainer" | "doc" | "blockContainer");
    // The name is looked up only for generic elements: it is out of line,
    // and labelling every provision would read another cache line of each.
    let name = if generic { p.name() } else { None };
    let word = match (name, generic) {
        (Some(name), true) if !name.is_empty() => name,
        _ => match &*p.element {
            "body" | "mainBody" | "amendmentBody" => "Body text",
            "tblock" => "Block",
            e => e,
        },
    };
    push_capitalised(out, word);
}

/// "article" -> "Article".
fn push_capitalised(out: &mut String, word: &str) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
}

/// " 3": a space and the 1-based position among the siblings with the
/// same element name.
fn push_ordinal(
    out: &mut String,
    provisions: &[Provision],
    roots: &[ProvisionId],
    id: ProvisionId,
) {
    use std::fmt::Write;
    let _ = write!(out, " {}", ordinal(provisions, roots, id));
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
    // Indices, not strings: whose label the children of each provision
    // append their "(x)" to (None when children start their own citation,
    // under a division), and the nearest attachment-like ancestor-or-self
    // whose label prefixes theirs. Labels are built once, in place.
    let mut child_base: Vec<Option<ProvisionId>> = vec![None; provisions.len()];
    let mut attachment: Vec<Option<ProvisionId>> = vec![None; provisions.len()];
    // Each label is built here, then copied to its provision: in place when
    // short, as most are, else to an allocation of its exact size.
    let mut label = String::new();

    for id in 0..provisions.len() {
        let parent = provisions[id].parent;
        let inherited_attachment = parent.and_then(|p| attachment[p]);
        let attachment_like = is_attachment_like(&provisions[id]);
        let rank = rank_of(provisions, id, attachment_like);
        let p = &provisions[id];
        let num = usable_num(p.num.as_deref());
        label.clear();
        match rank {
            Rank::Division | Rank::Unit => {
                if let Some(prefix) = inherited_attachment.filter(|_| !attachment_like) {
                    label.push_str(&provisions[prefix].label);
                    label.push_str(", ");
                }
                match num {
                    Some(n) => {
                        if !push_self_describing(&mut label, n) {
                            push_kind_name(&mut label, p);
                            label.push(' ');
                            label.push_str(bare(n));
                        }
                    }
                    None => match (&*p.element, &p.heading) {
                        (
                            "preface" | "preamble" | "conclusions" | "citations" | "recitals"
                            | "body" | "mainBody" | "amendmentBody",
                            _,
                        ) => push_kind_name(&mut label, p),
                        ("recital" | "citation", _) | (_, None) => {
                            push_kind_name(&mut label, p);
                            push_ordinal(&mut label, provisions, roots, id);
                        }
                        (_, Some(h)) if h.is_empty() => {
                            push_kind_name(&mut label, p);
                            push_ordinal(&mut label, provisions, roots, id);
                        }
                        (_, Some(h)) => {
                            push_kind_name(&mut label, p);
                            label.push_str(" “");
                            label.push_str(h);
                            label.push('”');
                        }
                    },
                }
            }
            Rank::Sub => {
                let base = parent.and_then(|par| child_base[par]);
                match (num, base) {
                    (Some(n), Some(base)) => {
                        label.push_str(&provisions[base].label);
                        push_parenthesised(&mut label, n);
                    }
                    (Some(n), None) => match inherited_attachment {
                        Some(prefix) => {
                            label.push_str(&provisions[prefix].label);
                            label.push_str(", ");
                            let mut own = String::new();
                            push_kind_name(&mut own, p);
                            push_lowercase_first(&mut label, &own);
                            label.push(' ');
                            label.push_str(bare(n));
                        }
                        None => {
                            push_kind_name(&mut label, p);
                            label.push(' ');
                            label.push_str(bare(n));
                        }
                    },
                    (None, _) => match parent {
                        Some(par) => {
                            label.push_str(&provisions[par].label);
                            label.push_str(", ");
                            label.push_str(&p.element);
                            push_ordinal(&mut label, provisions, roots, id);
                        }
                        None => {
                            push_kind_name(&mut label, p);
                            push_ordinal(&mut label, provisions, roots, id);
                        }
                    },
                }
            }
        };
        child_base[id] = match (rank, num) {
            // Paragraphs directly in an annex are cited "Annex I, paragraph 1".
            (Rank::Division, _) => None,
            (Rank::Unit, _) if attachment_like => None,
            (Rank::Unit, _) | (Rank::Sub, Some(_)) => Some(id),
            // An unnumbered list or subparagraph is transparent for its children.
            (Rank::Sub, None) => parent.and_then(|par| child_base[par]),
        };
        attachment[id] = if attachment_like {
            Some(id)
        } else {
            inherited_attachment
        };
        provisions[id].label = Text::from(label.as_str());
    }
}

fn push_lowercase_first(out: &mut String, s: &str) {
    let mut chars = s.chars();
    if let Some(c) = chars.next() {
        out.extend(c.to_lowercase());
        out.push_str(chars.as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_names_rank_as_listed() {
        for e in DOC_TYPES {
            assert!(is_doc_type(e), "{e}");
        }
        for e in ["article", "section", "recital", "preamble", "tblock"] {
            assert_eq!(name_rank(e), Rank::Unit, "{e}");
        }
        for e in ["part", "chapter", "subdivision", "hcontainer"] {
            assert_eq!(name_rank(e), Rank::Division, "{e}");
        }
        for e in [
            "paragraph",
            "point",
            "list",
            "Article",
            "articles",
            "",
            "act ",
        ] {
            assert!(!is_doc_type(e), "{e}");
            assert_eq!(name_rank(e), Rank::Sub, "{e}");
        }
    }

    #[test]
    fn numbers_are_parenthesised_once() {
        for (num, want) in [
            ("(c)", "(c)"),
            ("c)", "(c)"),
            ("c.", "(c)"),
            (" c ", "(c)"),
            ("12", "(12)"),
        ] {
            let mut out = String::from("Article 5");
            push_parenthesised(&mut out, num);
            assert_eq!(out, format!("Article 5{want}"), "{num}");
        }
    }
    use crate::akn::model::{Extra, Ids, Part, Text};

    /// Builds a tree from rows.
    /// (element, name, num, parent) in document order.
    type Row<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<usize>);

    fn tree(rows: &[Row<'_>]) -> Vec<Provision> {
        let mut out: Vec<Provision> = rows
            .iter()
            .map(|&(element, name, num, parent)| Provision {
                element: element.to_string().into(),
                num: num.map(Text::from),
                heading: None,
                ids: Ids::default(),
                label: Text::default(),
                intro: Text::default(),
                content: Text::default(),
                wrap_up: Text::default(),
                parent,
                children: vec![],
                extra: name.map(|name| {
                    Box::new(Extra {
                        name: Some(name.to_string()),
                        ..Extra::default()
                    })
                }),
                depth: 0,
                part: Part::Body,
                offset: 0,
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
        t.into_iter().map(|p| p.label.into()).collect()
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
