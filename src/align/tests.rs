//! Hand-made pairs, one per hard case of aligning draft rounds.

use super::*;
use crate::akn::{read_bytes, Document};

/// An article: (num, heading, paragraphs), eIds positional as a Word
/// conversion writes them.
struct Art<'a>(u32, &'a str, &'a [&'a str]);

fn article(a: &Art<'_>) -> String {
    let Art(n, heading, paras) = a;
    let mut s =
        format!("<article eId=\"art_{n}\"><num>Article {n}</num><heading>{heading}</heading>");
    for (k, p) in paras.iter().enumerate() {
        let k = k + 1;
        s.push_str(&format!(
            "<paragraph eId=\"art_{n}__para_{k}\"><num>{k}.</num><content><p>{p}</p></content></paragraph>"
        ));
    }
    s.push_str("</article>");
    s
}

fn chapter(num: &str, heading: &str, arts: &[Art<'_>]) -> String {
    let mut s =
        format!("<chapter eId=\"chp_{num}\"><num>Chapter {num}</num><heading>{heading}</heading>");
    for a in arts {
        s.push_str(&article(a));
    }
    s.push_str("</chapter>");
    s
}

fn doc(body: &str) -> Document {
    let xml = format!(
        "<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\"><bill><body>{body}</body></bill></akomaNtoso>"
    );
    match read_bytes(xml.as_bytes(), "t.xml") {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    }
}

fn arts(list: &[Art<'_>]) -> String {
    list.iter().map(article).collect()
}

/// "old label -> new label" for every pair, and the unpaired.
fn summary(old: &Document, new: &Document, a: &Alignment) -> Vec<String> {
    let mut out: Vec<String> = a
        .pairs
        .iter()
        .map(|p| {
            let mut s = format!(
                "{} -> {}",
                old.provisions[p.old].label, new.provisions[p.new].label
            );
            if let Some(m) = p.moved {
                s.push_str(match m {
                    Move::Parent => " (moved)",
                    Move::Reordered => " (reordered)",
                });
            }
            s
        })
        .collect();
    out.extend(
        a.inserted
            .iter()
            .map(|&n| format!("+ {}", new.provisions[n].label)),
    );
    out.extend(
        a.deleted
            .iter()
            .map(|&o| format!("- {}", old.provisions[o].label)),
    );
    for s in &a.splits {
        let parts: Vec<&str> = s
            .new
            .iter()
            .map(|&n| new.provisions[n].label.as_str())
            .collect();
        out.push(format!(
            "split {} -> {}",
            old.provisions[s.old].label,
            parts.join(" + ")
        ));
    }
    for m in &a.merges {
        let parts: Vec<&str> = m
            .old
            .iter()
            .map(|&o| old.provisions[o].label.as_str())
            .collect();
        out.push(format!(
            "merge {} -> {}",
            parts.join(" + "),
            new.provisions[m.new].label
        ));
    }
    out
}

fn check_accounts_once(old: &Document, new: &Document, a: &Alignment) {
    let mut old_seen = vec![0; old.provisions.len()];
    let mut new_seen = vec![0; new.provisions.len()];
    for p in &a.pairs {
        old_seen[p.old] += 1;
        new_seen[p.new] += 1;
    }
    for &n in &a.inserted {
        new_seen[n] += 1;
    }
    for &o in &a.deleted {
        old_seen[o] += 1;
    }
    for s in &a.splits {
        for &n in &s.new[1..] {
            new_seen[n] += 1;
        }
    }
    for m in &a.merges {
        for &o in &m.old[1..] {
            old_seen[o] += 1;
        }
    }
    assert!(old_seen.iter().all(|&c| c == 1), "old: {old_seen:?}");
    assert!(new_seen.iter().all(|&c| c == 1), "new: {new_seen:?}");
}

fn run(old: &Document, new: &Document) -> Vec<String> {
    let a = align(old, new);
    check_accounts_once(old, new, &a);
    summary(old, new, &a)
}

fn has(lines: &[String], want: &str) -> bool {
    lines.iter().any(|l| l == want)
}

const ACCESS: &str = "Each State Party shall adopt such legislative and other measures as may be necessary to establish as a criminal offence under its domestic law, when committed intentionally, the access to the whole or any part of an information and communications technology system without right.";
const INTERCEPT: &str = "Each State Party shall adopt such legislative and other measures as may be necessary to establish as a criminal offence under its domestic law, when committed intentionally, the interception, made by technical means, of non-public transmissions of electronic data to, from or within an information and communications technology system without right.";
const DATA: &str = "Each State Party shall adopt such legislative and other measures as may be necessary to establish as a criminal offence under its domestic law, when committed intentionally, the damaging, deletion, deterioration, alteration or suppression of electronic data without right.";
const SYSTEM: &str = "Each State Party shall adopt such legislative and other measures as may be necessary to establish as a criminal offence under its domestic law, when committed intentionally, the serious hindering without right of the functioning of an information and communications technology system by inputting, transmitting, damaging or deleting electronic data.";
const CSAM: &str = "Each State Party shall adopt such legislative and other measures as may be necessary to establish as a criminal offence under its domestic law, when committed intentionally and without right, the producing, offering, distributing or procuring of child sexual abuse material through an information and communications technology system.";
const PRESERVE: &str = "Each State Party shall adopt such legislative and other measures as may be necessary to enable its competent authorities to order or similarly obtain the expeditious preservation of specified electronic data, including traffic data, that has been stored by means of an information and communications technology system.";
const SAFEGUARD: &str = "Such conditions and safeguards shall include prior judicial authorization, limitation of the scope and duration of such power or procedure, and the right to an effective remedy.";

#[test]
fn renumbering_cascade_after_an_inserted_article() {
    let old = doc(&arts(&[
        Art(1, "Illegal access", &[ACCESS]),
        Art(2, "Interference with data", &[DATA]),
        Art(3, "Interference with systems", &[SYSTEM]),
    ]));
    let new = doc(&arts(&[
        Art(1, "Illegal access", &[ACCESS]),
        Art(2, "Illegal interception", &[INTERCEPT]),
        Art(3, "Interference with data", &[DATA]),
        Art(4, "Interference with systems", &[SYSTEM]),
    ]));
    let a = align(&old, &new);
    let s = run(&old, &new);
    assert!(has(&s, "Article 2 -> Article 3"), "{s:#?}");
    assert!(has(&s, "Article 3 -> Article 4"), "{s:#?}");
    assert!(has(&s, "Article 3(1) -> Article 4(1)"), "{s:#?}");
    assert!(has(&s, "+ Article 2"), "{s:#?}");
    assert!(!s.iter().any(|l| l.starts_with("- ")), "{s:#?}");
    let renumbered = a.pairs.iter().filter(|p| p.renumbered).count();
    assert_eq!(
        renumbered, 2,
        "Articles 2 and 3 renumbered; their paragraphs keep num 1."
    );
    assert!(a.pairs.iter().all(|p| p.moved.is_none()), "{s:#?}");
}

#[test]
fn paragraph_moved_into_another_article() {
    let old = doc(&arts(&[
        Art(1, "Expedited preservation", &[PRESERVE, SAFEGUARD]),
        Art(2, "Production order", &["Each State Party shall adopt such legislative and other measures as may be necessary to empower its competent authorities to order a person in its territory to submit specified electronic data."]),
    ]));
    let new = doc(&arts(&[
        Art(1, "Expedited preservation", &[PRESERVE]),
        Art(2, "Production order", &["Each State Party shall adopt such legislative and other measures as may be necessary to empower its competent authorities to order a person in its territory to submit specified electronic data.", SAFEGUARD]),
    ]));
    let s = run(&old, &new);
    assert!(has(&s, "Article 1(2) -> Article 2(2) (moved)"), "{s:#?}");
    assert!(has(&s, "Article 1 -> Article 1"), "{s:#?}");
}

#[test]
fn article_moved_to_another_chapter() {
    let old = doc(&(chapter(
        "II",
        "Criminalization",
        &[
            Art(1, "Illegal access", &[ACCESS]),
            Art(2, "Expedited preservation", &[PRESERVE]),
        ],
    ) + &chapter(
        "III",
        "Procedural measures",
        &[Art(3, "Conditions and safeguards", &[SAFEGUARD])],
    )));
    let new = doc(&(chapter(
        "II",
        "Criminalization",
        &[Art(1, "Illegal access", &[ACCESS])],
    ) + &chapter(
        "III",
        "Procedural measures",
        &[
            Art(2, "Conditions and safeguards", &[SAFEGUARD]),
            Art(3, "Expedited preservation", &[PRESERVE]),
        ],
    )));
    let s = run(&old, &new);
    assert!(has(&s, "Article 2 -> Article 3 (moved)"), "{s:#?}");
    assert!(has(&s, "Article 3 -> Article 2"), "{s:#?}");
    assert!(has(&s, "Chapter II -> Chapter II"), "{s:#?}");
}

#[test]
fn paragraph_split_in_two() {
    let whole = "Each State Party shall adopt such legislative and other measures as may be necessary to empower its competent authorities to search or similarly access an information and communications technology system in its territory. Each State Party shall also empower its competent authorities to seize or similarly secure electronic data so accessed.";
    let first = "Each State Party shall adopt such legislative and other measures as may be necessary to empower its competent authorities to search or similarly access an information and communications technology system in its territory.";
    let second = "Each State Party shall also empower its competent authorities to seize or similarly secure electronic data so accessed.";
    let old = doc(&arts(&[Art(1, "Search and seizure", &[whole, SAFEGUARD])]));
    let new = doc(&arts(&[Art(
        1,
        "Search and seizure",
        &[first, second, SAFEGUARD],
    )]));
    let s = run(&old, &new);
    assert!(
        has(&s, "split Article 1(1) -> Article 1(1) + Article 1(2)"),
        "{s:#?}"
    );
    assert!(has(&s, "Article 1(2) -> Article 1(3)"), "{s:#?}");
    assert!(
        !s.iter().any(|l| l.starts_with("+ ") || l.starts_with("- ")),
        "{s:#?}"
    );
}

#[test]
fn two_paragraphs_merged() {
    let a = "Each State Party shall designate a point of contact available twenty-four hours a day, seven days a week.";
    let b = "Such point of contact shall ensure the provision of immediate assistance for the purpose of investigations.";
    let merged = "Each State Party shall designate a point of contact available twenty-four hours a day, seven days a week, which shall ensure the provision of immediate assistance for the purpose of investigations.";
    let old = doc(&arts(&[Art(7, "24/7 network", &[a, b, PRESERVE])]));
    let new = doc(&arts(&[Art(7, "24/7 network", &[merged, PRESERVE])]));
    let s = run(&old, &new);
    assert!(
        has(&s, "merge Article 7(1) + Article 7(2) -> Article 7(1)"),
        "{s:#?}"
    );
    assert!(has(&s, "Article 7(3) -> Article 7(2)"), "{s:#?}");
}

#[test]
fn point_inserted_at_the_head_of_a_list() {
    let list = |points: &[&str]| -> String {
        let mut s = String::from("<article eId=\"art_5\"><num>Article 5</num><heading>Use of terms</heading><paragraph eId=\"art_5__para_1\"><num>1.</num><intro><p>For the purposes of this Convention:</p></intro>");
        for (k, p) in points.iter().enumerate() {
            let letter = (b'a' + k as u8) as char;
            s.push_str(&format!("<point eId=\"art_5__para_1__point_{letter}\"><num>({letter})</num><content><p>{p}</p></content></point>"));
        }
        s + "</paragraph></article>"
    };
    let ict = "\"Information and communications technology system\" means any device or group of interconnected devices;";
    let data = "\"Electronic data\" means any representation of facts, information or concepts in a form suitable for processing;";
    let traffic = "\"Traffic data\" means any electronic data relating to a communication indicating its origin, destination, route, time, date, size and duration;";
    let serious = "\"Serious crime\" means conduct constituting an offence punishable by a maximum deprivation of liberty of at least four years or a more serious penalty;";
    let old = doc(&list(&[ict, data, traffic]));
    let new = doc(&list(&[serious, ict, data, traffic]));
    let s = run(&old, &new);
    assert!(has(&s, "+ Article 5(1)(a)"), "{s:#?}");
    assert!(has(&s, "Article 5(1)(a) -> Article 5(1)(b)"), "{s:#?}");
    assert!(has(&s, "Article 5(1)(c) -> Article 5(1)(d)"), "{s:#?}");
}

#[test]
fn offence_replaced_by_another_with_the_same_boilerplate() {
    let old = doc(&arts(&[
        Art(1, "Illegal access", &[ACCESS]),
        Art(2, "Interference with data", &[DATA]),
        Art(3, "Interference with systems", &[SYSTEM]),
    ]));
    let new = doc(&arts(&[
        Art(1, "Illegal access", &[ACCESS]),
        Art(2, "Child sexual abuse material", &[CSAM]),
        Art(3, "Interference with systems", &[SYSTEM]),
    ]));
    let s = run(&old, &new);
    assert!(has(&s, "- Article 2"), "{s:#?}");
    assert!(has(&s, "+ Article 2"), "{s:#?}");
    assert!(!has(&s, "Article 2 -> Article 2"), "{s:#?}");
    assert!(has(&s, "Article 3 -> Article 3"), "{s:#?}");
}

#[test]
fn heavy_rewording_in_place_is_the_same_provision() {
    let old_text = "Each State Party shall ensure that the establishment, implementation and application of the powers and procedures provided for in this chapter are subject to conditions and safeguards provided for under its domestic law, which shall provide for the adequate protection of human rights.";
    let new_text = "Each State Party shall, in accordance with its domestic law, ensure that the powers and procedures provided for in this chapter are subject to such conditions and safeguards as it considers appropriate.";
    let old = doc(&arts(&[
        Art(1, "Illegal access", &[ACCESS]),
        Art(2, "Conditions and safeguards", &[old_text]),
        Art(3, "Expedited preservation", &[PRESERVE]),
    ]));
    let new = doc(&arts(&[
        Art(1, "Illegal access", &[ACCESS]),
        Art(2, "Conditions and safeguards", &[new_text]),
        Art(3, "Expedited preservation", &[PRESERVE]),
    ]));
    let s = run(&old, &new);
    assert!(has(&s, "Article 2 -> Article 2"), "{s:#?}");
    assert!(has(&s, "Article 2(1) -> Article 2(1)"), "{s:#?}");
}

#[test]
fn stable_wids_hold_across_renumbering() {
    let with_wid = |n: u32, wid: &str, text: &str| {
        format!("<article eId=\"art_{n}\" wId=\"{wid}\"><num>Article {n}</num><paragraph eId=\"art_{n}__para_1\" wId=\"{wid}__para_1\"><num>1.</num><content><p>{text}</p></content></paragraph></article>")
    };
    // Texts rewritten beyond recognition: only the wIds can tell.
    let old = doc(&(with_wid(1, "w_access", ACCESS) + &with_wid(2, "w_data", DATA)));
    let new = doc(&(with_wid(1, "w_new", CSAM)
        + &with_wid(
            2,
            "w_access",
            "Access without right to a system is an offence.",
        )
        + &with_wid(3, "w_data", "Data interference is an offence.")));
    let a = align(&old, &new);
    check_accounts_once(&old, &new, &a);
    let s = summary(&old, &new, &a);
    assert!(has(&s, "Article 1 -> Article 2"), "{s:#?}");
    assert!(has(&s, "Article 2 -> Article 3"), "{s:#?}");
    assert!(has(&s, "Article 1(1) -> Article 2(1)"), "{s:#?}");
    assert!(a.pairs.iter().all(|p| p.signal == Signal::Wid), "{a:?}");
}

#[test]
fn layout_only_differences_change_nothing() {
    let old = doc(&arts(&[
        Art(1, "Illegal access", &[ACCESS]),
        Art(2, "Interference with data", &[DATA]),
    ]));
    let relaid = arts(&[
        Art(1, "Illegal access", &[ACCESS]),
        Art(2, "Interference with data", &[DATA]),
    ])
    .replace("><", ">\n   <")
    .replace("eId=\"", "  eId = \"")
    .replace(", ", ",\n        ");
    let new = doc(&relaid);
    let a = align(&old, &new);
    check_accounts_once(&old, &new, &a);
    assert_eq!(a.pairs.len(), old.provisions.len());
    assert!(a.inserted.is_empty() && a.deleted.is_empty());
    for p in &a.pairs {
        assert_eq!(p.old, p.new);
        assert!(!p.renumbered && p.moved.is_none());
        assert_eq!(old.provisions[p.old].text(), new.provisions[p.new].text());
    }
}

#[test]
fn reordered_siblings_are_marked() {
    let old = doc(&arts(&[
        Art(1, "Illegal access", &[ACCESS]),
        Art(2, "Interference with data", &[DATA]),
        Art(3, "Interference with systems", &[SYSTEM]),
    ]));
    let new = doc(&arts(&[
        Art(1, "Interference with systems", &[SYSTEM]),
        Art(2, "Illegal access", &[ACCESS]),
        Art(3, "Interference with data", &[DATA]),
    ]));
    let s = run(&old, &new);
    assert!(has(&s, "Article 3 -> Article 1 (reordered)"), "{s:#?}");
    assert!(has(&s, "Article 1 -> Article 2"), "{s:#?}");
}

#[test]
fn independently_converted_drafts_share_no_ids() {
    // The same text, with eIds from two different converters.
    let old = doc(&arts(&[
        Art(1, "Illegal access", &[ACCESS]),
        Art(2, "Interference with data", &[DATA]),
    ]));
    let new_xml = arts(&[
        Art(1, "Illegal access", &[ACCESS]),
        Art(2, "Interference with data", &[DATA]),
    ])
    .replace("eId=\"art_", "eId=\"x_article_");
    let new = doc(&new_xml);
    let s = run(&old, &new);
    assert!(has(&s, "Article 1(1) -> Article 1(1)"), "{s:#?}");
    assert!(has(&s, "Article 2 -> Article 2"), "{s:#?}");
}

#[test]
fn paragraph_rewritten_beyond_recognition_in_place_is_still_that_paragraph() {
    let old = doc(&arts(&[Art(
        4,
        "Jurisdiction",
        &[ACCESS, "Short clause one."],
    )]));
    let new = doc(&arts(&[Art(
        4,
        "Jurisdiction",
        &[ACCESS, "Entirely different words here."],
    )]));
    let s = run(&old, &new);
    assert!(has(&s, "Article 4(2) -> Article 4(2)"), "{s:#?}");
}

#[test]
fn own_text_split_into_subparagraphs() {
    let whole = "Each State Party shall designate a central authority for mutual legal assistance. The central authority shall execute requests or transmit them to the competent authorities for execution.";
    let old = doc(&format!("<article eId=\"art_9\"><num>Article 9</num><heading>Central authority</heading><content><p>{whole}</p></content></article>"));
    let new = doc("<article eId=\"art_9\"><num>Article 9</num><heading>Central authority</heading><subparagraph><content><p>Each State Party shall designate a central authority for mutual legal assistance.</p></content></subparagraph><subparagraph><content><p>The central authority shall execute requests or transmit them to the competent authorities for execution.</p></content></subparagraph></article>");
    let s = run(&old, &new);
    assert!(
        has(
            &s,
            "split Article 9 -> Article 9 + Article 9, subparagraph 1 + Article 9, subparagraph 2"
        ),
        "{s:#?}"
    );
    // And back.
    let s = run(&new, &old);
    assert!(
        has(
            &s,
            "merge Article 9 + Article 9, subparagraph 1 + Article 9, subparagraph 2 -> Article 9"
        ),
        "{s:#?}"
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    const SENTENCES: &[&str] = &[
        ACCESS,
        INTERCEPT,
        DATA,
        SYSTEM,
        CSAM,
        PRESERVE,
        SAFEGUARD,
        "Each State Party shall establish its jurisdiction over the offences.",
        "Nothing in this Convention shall affect the rights of persons.",
        "The request may be refused if it concerns a political offence.",
        "Short text.",
        "",
    ];

    /// A document: articles of paragraphs, each an index into SENTENCES.
    fn render(articles: &[(u8, Vec<u8>)]) -> Document {
        let mut body = String::new();
        for (n, (h, paras)) in articles.iter().enumerate() {
            let texts: Vec<&str> = paras
                .iter()
                .map(|&p| SENTENCES[p as usize % SENTENCES.len()])
                .collect();
            let heading = ["Scope", "Offences", "Safeguards", "Cooperation"][*h as usize % 4];
            body.push_str(&article(&Art(n as u32 + 1, heading, &texts)));
        }
        doc(&body)
    }

    fn arb_doc() -> impl Strategy<Value = Vec<(u8, Vec<u8>)>> {
        prop::collection::vec(
            (any::<u8>(), prop::collection::vec(any::<u8>(), 0..4)),
            0..8,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn every_provision_is_accounted_for_once(a in arb_doc(), b in arb_doc()) {
            let (old, new) = (render(&a), render(&b));
            let first = align(&old, &new);
            check_accounts_once(&old, &new, &first);
            // Deterministic.
            prop_assert_eq!(first, align(&old, &new));
        }

        #[test]
        fn a_document_aligns_with_itself_completely(a in arb_doc()) {
            let d = render(&a);
            let al = align(&d, &d);
            prop_assert_eq!(al.pairs.len(), d.provisions.len());
            prop_assert!(al.pairs.iter().all(|p| p.old == p.new && p.moved.is_none() && !p.renumbered));
        }
    }
}

#[test]
fn short_unrelated_provisions_are_not_paired_across_the_document() {
    // Article 1 loses a short paragraph and Article 3 gains another short
    // one with much of the same vocabulary: a deletion and an insertion,
    // not a move.
    let gone = "A Party may reserve the right not to apply paragraph 1 to devices designed for the authorised testing of computer systems.";
    let came = "A Party may reserve the right not to apply paragraph 1 to devices designed for the protection of computer systems.";
    let old = doc(&arts(&[
        Art(1, "Illegal access", &[ACCESS, gone]),
        Art(2, "Interference with data", &[DATA]),
        Art(3, "Interference with systems", &[SYSTEM]),
    ]));
    let new = doc(&arts(&[
        Art(1, "Illegal access", &[ACCESS]),
        Art(2, "Interference with data", &[DATA]),
        Art(3, "Interference with systems", &[SYSTEM, came]),
    ]));
    let s = run(&old, &new);
    assert!(has(&s, "- Article 1(2)"), "{s:#?}");
    assert!(has(&s, "+ Article 3(2)"), "{s:#?}");
    // The same short paragraph, moved word for word, is still a move.
    let new = doc(&arts(&[
        Art(1, "Illegal access", &[ACCESS]),
        Art(2, "Interference with data", &[DATA]),
        Art(3, "Interference with systems", &[SYSTEM, gone]),
    ]));
    let s = run(&old, &new);
    assert!(has(&s, "Article 1(2) -> Article 3(2) (moved)"), "{s:#?}");
}
