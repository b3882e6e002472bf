//! Reader tests: faithful reading of small hand-written documents, and every
//! kind of bad input ending in a correct read or a positioned error.

use super::*;
use crate::akn::ReadErrorKind as K;

const NS: &str = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

fn doc(body: &str) -> String {
    format!(
        r##"<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="{NS}">
  <bill name="convention">
    <meta>
      <identification source="#redline">
        <FRBRWork>
          <FRBRthis value="/akn/un/bill/2022/cc/!main"/>
          <FRBRuri value="/akn/un/bill/2022/cc"/>
          <FRBRdate date="2022-01-01" name="work"/>
          <FRBRname value="Work name"/>
        </FRBRWork>
        <FRBRExpression>
          <FRBRthis value="/akn/un/bill/2022/cc/eng@2023-05-01/!main"/>
          <FRBRuri value="/akn/un/bill/2022/cc/eng@2023-05-01"/>
          <FRBRdate date="2023-05-01" name="revised draft"/>
          <FRBRlanguage language="eng"/>
        </FRBRExpression>
      </identification>
    </meta>
    {body}
  </bill>
</akomaNtoso>"##
    )
}

/// Reads borrowed bytes (decoded by `decode`, then copied) and owned bytes
/// (valid UTF-8 taken as it stands, other bytes decoded), and checks that
/// both give the same document or the same error: every test below runs
/// both paths.
fn read_both(bytes: &[u8], name: &str) -> Result<Document, ReadError> {
    let borrowed = read_bytes(bytes, name);
    let owned = read_owned(bytes.to_vec(), name);
    match (&borrowed, &owned) {
        (Ok(b), Ok(o)) => assert_eq!(
            serde_json::to_string(b).ok(),
            serde_json::to_string(o).ok(),
            "owned and borrowed reads differ"
        ),
        (Err(b), Err(o)) => assert_eq!(b.to_string(), o.to_string()),
        _ => panic!("one read failed, the other did not: {borrowed:?} / {owned:?}"),
    }
    owned
}

fn read_str(s: &str) -> Result<Document, ReadError> {
    read_both(s.as_bytes(), "t.xml")
}

fn ok(s: &str) -> Document {
    match read_str(s) {
        Ok(d) => d,
        Err(e) => panic!("expected a read, got: {e}"),
    }
}

fn err(bytes: &[u8]) -> ReadError {
    match read_both(bytes, "bad.xml") {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

fn find<'a>(d: &'a Document, label: &str) -> &'a Provision {
    match d.by_label(label) {
        Some(id) => &d.provisions[id],
        None => {
            let labels: Vec<_> = d.provisions.iter().map(|p| p.label.as_str()).collect();
            panic!("no provision {label:?}; have {labels:?}")
        }
    }
}

const ARTICLE: &str = r##"
    <preface><p class="title"><docTitle>Draft convention on cybercrime</docTitle></p>
      <p><docStage>Revised draft</docStage></p></preface>
    <preamble>
      <recitals>
        <recital eId="preamble__recital_1"><num>1.</num><p>Concerned by the   scale
          of crime,</p></recital>
      </recitals>
      <formula name="enactingFormula"><p>Have agreed as follows:</p></formula>
    </preamble>
    <body>
      <chapter eId="chp_1"><num>Chapter I</num><heading>General provisions</heading>
        <article eId="art_1" wId="art_purpose"><num>Article 1</num><heading>Statement of <i>purpose</i></heading>
          <paragraph eId="art_1__para_1"><num>1.</num>
            <intro><p>The purposes of this Convention<authorialNote marker="1" eId="n1"><p>See document A/1.</p></authorialNote> are:</p></intro>
            <point eId="art_1__para_1__point_a"><num>(a)</num><content><p>to promote <b>cooperation</b>; and</p></content></point>
            <point eId="art_1__para_1__point_b"><num>(b)</num><content><p>to prevent crime as set out in <ref href="#art_2">article 2</ref>.</p></content></point>
            <wrapUp><p>in accordance with domestic law.</p></wrapUp>
          </paragraph>
          <paragraph eId="art_1__para_2"><num>2.</num><content>
            <p>In section 5 substitute<mod><quotedStructure startQuote="“" endQuote="”">
              <paragraph eId="qs_para_2"><num>(2)</num><content><p>The new text.</p></content></paragraph>
            </quotedStructure></mod>.</p>
            <table><tr><th>Offence</th><th>Penalty</th></tr><tr><td>Access</td><td>4 years</td></tr></table>
          </content></paragraph>
        </article>
      </chapter>
    </body>"##;

#[test]
fn identification_is_read() {
    let d = ok(&doc(ARTICLE));
    let m = &d.meta;
    assert_eq!(m.profile, Profile::Akn30);
    assert_eq!(m.doc_type, "bill");
    assert_eq!(m.doc_name.as_deref(), Some("convention"));
    assert_eq!(m.work.as_deref(), Some("/akn/un/bill/2022/cc/!main"));
    assert_eq!(m.work_uri.as_deref(), Some("/akn/un/bill/2022/cc"));
    assert_eq!(
        m.expression.as_deref(),
        Some("/akn/un/bill/2022/cc/eng@2023-05-01/!main")
    );
    assert_eq!(m.date.as_deref(), Some("2023-05-01"));
    assert_eq!(m.date_name.as_deref(), Some("revised draft"));
    assert_eq!(m.language.as_deref(), Some("eng"));
    // docTitle wins over FRBRname.
    assert_eq!(m.title.as_deref(), Some("Draft convention on cybercrime"));
    assert_eq!(m.stage.as_deref(), Some("Revised draft"));
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn title_falls_back_to_frbr_name() {
    let d = ok(&doc(
        "<body><article eId=\"art_1\"><num>1</num></article></body>",
    ));
    assert_eq!(d.meta.title.as_deref(), Some("Work name"));
}

#[test]
fn provisions_have_labels_ids_and_their_own_text() {
    let d = ok(&doc(ARTICLE));
    let labels: Vec<_> = d.provisions.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Preface",
            "Preamble",
            "Recitals",
            "Recital 1",
            "Chapter I",
            "Article 1",
            "Article 1(1)",
            "Article 1(1)(a)",
            "Article 1(1)(b)",
            "Article 1(2)"
        ]
    );
    let art = find(&d, "Article 1");
    assert_eq!(art.heading.as_deref(), Some("Statement of purpose"));
    assert_eq!(art.ids.eid.as_deref(), Some("art_1"));
    assert_eq!(art.ids.wid.as_deref(), Some("art_purpose"));
    assert_eq!(art.text(), "");

    let para = find(&d, "Article 1(1)");
    assert_eq!(para.intro, "The purposes of this Convention are:");
    assert_eq!(para.wrap_up, "in accordance with domestic law.");
    assert_eq!(para.content, "");
    assert_eq!(para.notes().len(), 1);
    assert_eq!(para.notes()[0].text, "See document A/1.");
    assert_eq!(para.notes()[0].marker.as_deref(), Some("1"));

    let b = find(&d, "Article 1(1)(b)");
    assert_eq!(b.content, "to prevent crime as set out in article 2.");
    assert_eq!(b.refs()[0].text, "article 2");
    assert_eq!(b.refs()[0].href.as_deref(), Some("#art_2"));
    assert_eq!(
        find(&d, "Article 1(1)(a)").content,
        "to promote cooperation; and"
    );
    assert_eq!(
        find(&d, "Recital 1").content,
        "Concerned by the scale of crime,"
    );
    // The enacting formula follows the recitals: the preamble's wrap-up.
    assert_eq!(find(&d, "Preamble").wrap_up, "Have agreed as follows:");
    assert_eq!(find(&d, "Preamble").content, "");
    assert_eq!(
        find(&d, "Chapter I").heading.as_deref(),
        Some("General provisions")
    );
}

#[test]
fn quoted_structures_are_text_not_provisions() {
    let d = ok(&doc(ARTICLE));
    assert!(d.by_eid("qs_para_2").is_none());
    let p = find(&d, "Article 1(2)");
    assert_eq!(p.quotations(), ["“(2) The new text.”"]);
    assert!(
        p.content
            .contains("In section 5 substitute “(2) The new text.”"),
        "{}",
        p.content
    );
    assert!(p.children.is_empty());
}

#[test]
fn tables_become_rows_of_cells() {
    let d = ok(&doc(ARTICLE));
    let p = find(&d, "Article 1(2)");
    assert!(
        p.content.ends_with("Offence | Penalty\nAccess | 4 years"),
        "{:?}",
        p.content
    );
}

#[test]
fn tree_links_are_consistent() {
    let d = ok(&doc(ARTICLE));
    for (id, p) in d.iter() {
        for &c in &p.children {
            assert_eq!(d.provisions[c].parent, Some(id));
            assert!(c > id, "document order");
            assert_eq!(d.provisions[c].depth, p.depth + 1);
        }
    }
    let art = d.by_label("Article 1").unwrap_or(usize::MAX);
    assert_eq!(
        d.full_text(art),
        "The purposes of this Convention are:\nto promote cooperation; and\n\
         to prevent crime as set out in article 2.\nin accordance with domestic law.\n\
         In section 5 substitute “(2) The new text.”.\nOffence | Penalty\nAccess | 4 years"
    );
}

#[test]
fn positions_are_lines_and_columns() {
    // Characters before the tag on its line count one column each, however
    // many bytes they take.
    let src = doc(ARTICLE).replace("<article", "<!--é€--><article");
    let d = ok(&src);
    let positions = d.positions();
    let art = d.by_label("Article 1").unwrap_or(0);
    let (line, column) = positions[art];
    let text = src.lines().nth(line as usize - 1).unwrap_or("");
    let before: String = text.chars().take(column as usize - 1).collect();
    assert!(
        text[before.len()..].starts_with("<article"),
        "{text:?} at {column}"
    );
    // Every provision's position names its start tag.
    for (p, &(line, column)) in d.provisions.iter().zip(&positions) {
        let text = src.lines().nth(line as usize - 1).unwrap_or("");
        let before: String = text.chars().take(column as usize - 1).collect();
        assert!(
            text[before.len()..].starts_with(&format!("<{}", p.element)),
            "{}",
            p.label
        );
    }
}

#[test]
fn layout_does_not_change_the_model() {
    let a = ok(&doc(
        r##"<body><article eId="art_1"><num>Article 1</num><paragraph eId="p"><num>1.</num><content><p>Each State Party shall adopt</p></content></paragraph></article></body>"##,
    ));
    let b = ok(&doc(
        "<body>\n  <article   eId=\"art_1\">\n <num>Article\n 1</num>\n<paragraph eId='p'>\r\n<num> 1. </num>\n<content>\n<p>\n   Each State   Party\n shall adopt\n</p>\n</content></paragraph></article></body>",
    ));
    let texts = |d: &Document| -> Vec<(String, String)> {
        d.provisions
            .iter()
            .map(|p| (p.label.to_string(), p.text()))
            .collect()
    };
    assert_eq!(texts(&a), texts(&b));
}

// Bad input: each ends in a read or in an error naming line:column.

#[test]
fn empty_file() {
    let e = err(b"");
    assert!(matches!(e.kind, K::Empty));
    assert_eq!(
        e.to_string(),
        "bad.xml: the file is empty: expected an Akoma Ntoso XML document"
    );
    assert!(matches!(err(b"  \n ").kind, K::Empty));
}

#[test]
fn binary_junk() {
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let e = err(&junk);
    assert!(matches!(e.kind, K::Encoding(_)), "{e}");
    assert!(e.position.is_some());
    let e = err(b"\x89PNG\r\n\x1a\n\0\0\0");
    assert!(
        e.to_string()
            .starts_with("bad.xml:1:1: not UTF-8 text (byte 0x89)"),
        "{e}"
    );
}

#[test]
fn ascii_junk_is_not_xml() {
    let e = err(b"hello world, this is not XML");
    assert!(matches!(e.kind, K::TextOutsideRoot), "{e}");
    assert_eq!(e.position, Some((1, 1)));
}

#[test]
fn truncated_file() {
    let full = doc(ARTICLE);
    let cut = &full[..full
        .find("<point eId=\"art_1__para_1__point_b\"")
        .unwrap_or(0)
        + 10];
    let e = err(cut.as_bytes());
    assert!(matches!(e.kind, K::Truncated { .. } | K::Syntax(_)), "{e}");
    assert!(e.position.is_some(), "{e}");
    // Cut between tags: the reader names the element left open.
    let cut = &full[..full.find("<wrapUp>").unwrap_or(0)];
    let e = err(cut.as_bytes());
    match &e.kind {
        K::Truncated { element, .. } => assert_eq!(element, "paragraph"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn mismatched_tags() {
    let e = err(b"<akomaNtoso>\n  <act>\n    <body></act>\n</akomaNtoso>");
    assert!(matches!(e.kind, K::Syntax(_)), "{e}");
    assert_eq!(e.position.map(|p| p.0), Some(3));
    assert!(e.to_string().starts_with("bad.xml:3:"), "{e}");
}

#[test]
fn duplicate_attributes_the_model_reads_are_refused() {
    let e =
        err(b"<akomaNtoso>\n<act><body>\n<article eId=\"a\" eId=\"b\"/></body></act></akomaNtoso>");
    assert!(
        matches!(&e.kind, K::Syntax(m) if m.contains("duplicate attribute eId")),
        "{e}"
    );
    assert_eq!(e.position.map(|p| p.0), Some(3));
    let e = err(b"<akomaNtoso xmlns=\"x\" xmlns=\"y\"><act/></akomaNtoso>");
    assert!(
        matches!(&e.kind, K::Syntax(m) if m.contains("duplicate attribute xmlns")),
        "{e}"
    );
}

#[test]
fn provision_names_come_from_the_vocabulary() {
    use std::borrow::Cow;
    for name in ["article", "bill", "preamble", "mainBody"] {
        assert!(matches!(super::vocabulary(name), Cow::Borrowed(n) if n == name));
    }
    assert!(matches!(super::vocabulary("madeUp"), Cow::Owned(n) if n == "madeUp"));
}

#[test]
fn well_formed_but_not_akoma_ntoso() {
    let e = err(b"<?xml version=\"1.0\"?>\n<html><body><p>hi</p></body></html>");
    assert!(
        matches!(&e.kind, K::NotAkomaNtoso(root) if root == "html"),
        "{e}"
    );
    assert_eq!(e.position, Some((2, 1)));
}

#[test]
fn unknown_namespace_is_read_and_said() {
    let d = ok(&doc(ARTICLE).replace(NS, "http://example.org/akn/9.9"));
    assert_eq!(
        d.meta.profile,
        Profile::Other("http://example.org/akn/9.9".into())
    );
    assert!(d
        .warnings
        .iter()
        .any(|w| w.message.contains("unknown namespace")));
    assert!(d.by_label("Article 1(1)(b)").is_some());
}

#[test]
fn other_profiles_are_recognised() {
    let d = ok(&doc(ARTICLE).replace(NS, "http://www.akomantoso.org/2.0"));
    assert_eq!(d.meta.profile, Profile::Akn20);
    let de = r##"<akn:akomaNtoso xmlns:akn="http://Inhaltsdaten.LegalDocML.de/1.8.2/"><akn:act name="regelungstext"><akn:body><akn:article eId="art-1" GUID="g1"><akn:num>§ 1</akn:num><akn:paragraph eId="art-1_abs-1"><akn:num>(1)</akn:num><akn:content><akn:p>Text</akn:p></akn:content></akn:paragraph></akn:article></akn:body></akn:act></akn:akomaNtoso>"##;
    let d = ok(de);
    assert!(matches!(d.meta.profile, Profile::LegalDocMlDe(_)));
    assert_eq!(find(&d, "§ 1(1)").content, "Text");
    assert_eq!(find(&d, "§ 1").ids.guid.as_deref(), Some("g1"));
    let none = ok("<akomaNtoso><act><body><section><num>1</num><content><p>x</p></content></section></body></act></akomaNtoso>");
    assert_eq!(none.meta.profile, Profile::None);
    assert_eq!(find(&none, "Section 1").content, "x");
}

#[test]
fn billion_laughs_is_never_expanded() {
    let mut s =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE akomaNtoso [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        s.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    s.push_str("]>\n<akomaNtoso><act><body><section><content><p>&lol9;</p></content></section></body></act></akomaNtoso>");
    let e = err(s.as_bytes());
    assert!(
        matches!(&e.kind, K::UndefinedEntity(name) if name == "lol9"),
        "{e}"
    );
    assert!(e.to_string().contains("never expands"), "{e}");
    assert_eq!(e.position.map(|p| p.0), Some(14));
}

#[test]
fn external_entities_are_never_read() {
    let s = "<?xml version=\"1.0\"?>\n<!DOCTYPE akomaNtoso [<!ENTITY ext SYSTEM \"file:///etc/hostname\">]>\n<akomaNtoso><act><body><section><content><p>&ext;</p></content></section></body></act></akomaNtoso>";
    let e = err(s.as_bytes());
    assert!(
        matches!(&e.kind, K::UndefinedEntity(name) if name == "ext"),
        "{e}"
    );
    // A DTD that is declared but unused is ignored, with a warning.
    let s = "<?xml version=\"1.0\"?>\n<!DOCTYPE akomaNtoso SYSTEM \"http://example.org/akn.dtd\">\n<akomaNtoso><act><body><section><num>1</num><content><p>a &amp; b &#x41;&#66;</p></content></section></body></act></akomaNtoso>";
    let d = ok(s);
    assert_eq!(find(&d, "Section 1").content, "a & b AB");
    assert!(d.warnings.iter().any(|w| w.message.contains("DTD")));
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let depth = 200_000;
    let mut s = String::with_capacity(depth * 16);
    s.push_str("<akomaNtoso><act><body>");
    for _ in 0..depth {
        s.push_str("<level>");
    }
    for _ in 0..depth {
        s.push_str("</level>");
    }
    s.push_str("</body></act></akomaNtoso>");
    let e = err(s.as_bytes());
    assert!(matches!(e.kind, K::TooDeep(MAX_DEPTH)), "{e}");
    assert!(e.position.is_some());
}

#[test]
fn nesting_within_the_limit_is_read() {
    let depth = MAX_DEPTH - 10;
    let mut s = String::from("<akomaNtoso><act><body>");
    for i in 0..depth {
        s.push_str(&format!("<level><num>{i}</num>"));
    }
    s.push_str("<content><p>deep</p></content>");
    for _ in 0..depth {
        s.push_str("</level>");
    }
    s.push_str("</body></act></akomaNtoso>");
    let d = ok(&s);
    assert_eq!(d.provisions.len(), depth);
    assert_eq!(d.provisions[depth - 1].content, "deep");
    assert_eq!(d.provisions[depth - 1].depth as usize, depth - 1);
}

#[test]
fn huge_text_node() {
    let big = "word ".repeat(6 * 1024 * 1024); // 30 MB
    let s = format!("<akomaNtoso><act><body><section><num>1</num><content><p>{big}</p></content></section></body></act></akomaNtoso>");
    let d = ok(&s);
    let p = find(&d, "Section 1");
    assert_eq!(p.content.len(), big.len() - 1);
    assert_eq!(p.word_count(), 6 * 1024 * 1024);
}

#[test]
fn utf16_with_or_without_bom() {
    let s = doc(ARTICLE)
        .replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"")
        .replace("scale", "scalé");
    // Without a mark, ASCII in UTF-16 is also valid UTF-8 (NUL is a
    // character there): the owned read once took it for UTF-8 (a fuzzer find).
    let ascii = doc(ARTICLE).replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
    let units: Vec<u8> = ascii.encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert!(std::str::from_utf8(&units).is_ok());
    match read_both(&units, "u16.xml") {
        Ok(d) => assert_eq!(
            find(&d, "Recital 1").content,
            "Concerned by the scale of crime,"
        ),
        Err(e) => panic!("{e}"),
    }
    for (big_endian, mark) in [(false, true), (true, true), (false, false), (true, false)] {
        let mut bytes = match (big_endian, mark) {
            (_, false) => vec![],
            (true, true) => vec![0xFE, 0xFF],
            (false, true) => vec![0xFF, 0xFE],
        };
        for unit in s.encode_utf16() {
            let b = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            bytes.extend_from_slice(&b);
        }
        let d = match read_both(&bytes, "u16.xml") {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(
            find(&d, "Recital 1").content,
            "Concerned by the scalé of crime,"
        );
    }
}

#[test]
fn iso_8859_1() {
    let s = doc(ARTICLE)
        .replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"")
        .replace("scale", "scal\u{e9}");
    let bytes: Vec<u8> = s.chars().map(|c| c as u32 as u8).collect();
    let d = match read_bytes(&bytes, "latin1.xml") {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        find(&d, "Recital 1").content,
        "Concerned by the scalé of crime,"
    );
    // The same bytes without the declaration are not UTF-8: a positioned error.
    let s = s.replace(" encoding=\"ISO-8859-1\"", "");
    let bytes: Vec<u8> = s.chars().map(|c| c as u32 as u8).collect();
    let e = err(&bytes);
    assert!(matches!(e.kind, K::Encoding(_)));
    assert!(e.position.is_some_and(|(line, _)| line > 1), "{e}");
}

#[test]
fn undeclared_prefixes_are_read() {
    let s = r##"<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><bill><body><article xml:id="art_1" leos:editable="true"><num leos:x="1">Article 1</num><paragraph xml:id="art_1__para_1"><content><p leos:y="z">Text</p></content></paragraph></article></body></bill></akomaNtoso>"##;
    let d = ok(s);
    let a = find(&d, "Article 1");
    assert_eq!(a.ids.xml_id.as_deref(), Some("art_1"));
    assert_eq!(d.provisions[a.children[0]].content, "Text");
}

#[test]
fn foreign_elements_follow_their_namespace_declarations() {
    // `x:article` first stands undeclared (read as AKN, as LEOS needs);
    // once `x` is declared foreign, an `x:article` makes no provision. An
    // unprefixed element under a foreign default namespace makes none
    // either. Whether a prefix is foreign is cached per tag: the cache
    // must follow each declaration.
    let s = r##"<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><bill><body>
      <x:article eId="one"><num>1</num></x:article>
      <article eId="two" xmlns:x="http://www.w3.org/1999/xhtml"><num>2</num>
        <content><x:article eId="three"><num>3</num></x:article></content></article>
      <article eId="four" xmlns="http://www.w3.org/1999/xhtml"><num>4</num></article>
    </body></bill></akomaNtoso>"##;
    let d = ok(s);
    let eids: Vec<_> = d
        .provisions
        .iter()
        .filter_map(|p| p.ids.eid.as_deref())
        .collect();
    assert_eq!(eids, ["one", "two"]);
}

#[test]
fn duplicate_ids_warn_once() {
    let s = "<akomaNtoso><act><body><article eId=\"a\" GUID=\"g1\"><num>1</num></article>\n<article eId=\"b\" wId=\"a\"><num>2</num></article>\n  <article GUID=\"g2\" eId=\"a\"><num>3</num></article><article eId=\"a\"><num>4</num></article></body></act></akomaNtoso>";
    let d = ok(s);
    assert_eq!(d.provisions.len(), 4);
    assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
    // A wId equal to an earlier eId is no repeat; the third article's eId is
    // the first, at its start tag.
    let w = &d.warnings[0];
    assert_eq!(
        w.message,
        "2 duplicate ids (first: \"a\"); provisions are still read"
    );
    assert_eq!((w.line, w.column), (3, 3));
}

#[test]
fn fragments_are_read_with_a_warning() {
    let d = ok("<article><num>Article 3</num><paragraph><num>1.</num><content><p>x</p></content></paragraph></article>");
    assert_eq!(d.meta.doc_type, "fragment");
    assert_eq!(find(&d, "Article 3(1)").content, "x");
    assert_eq!(d.warnings.len(), 1);
}

#[test]
fn text_after_the_root_is_an_error() {
    let e = err(b"<akomaNtoso><act/></akomaNtoso>\n<akomaNtoso/>");
    assert!(matches!(e.kind, K::SecondRoot(_)), "{e}");
    assert_eq!(e.position, Some((2, 1)));
}

#[test]
fn attachments_and_collections() {
    let s = r##"<akomaNtoso><bill><body><article eId="art_1"><num>Article 1</num><content><p>a</p></content></article></body>
      <attachments><attachment><doc name="annex"><meta><identification source="#x"><FRBRWork><FRBRthis value="/annex"/></FRBRWork></identification></meta>
        <preface><p><docNumber>ANNEX I</docNumber></p><p><docTitle>List of offences</docTitle></p></preface>
        <mainBody><paragraph eId="annex_para_1"><num>1.</num><content><p>Illegal access.</p></content></paragraph></mainBody>
      </doc></attachment></attachments></bill></akomaNtoso>"##;
    let d = ok(s);
    let annex = find(&d, "Annex I");
    assert_eq!(annex.part, Part::Attachment);
    assert_eq!(annex.heading.as_deref(), Some("List of offences"));
    assert_eq!(find(&d, "Annex I, paragraph 1").content, "Illegal access.");
    // The annex's own meta does not replace the document's.
    assert_eq!(d.meta.work, None);
}

#[test]
fn stray_body_text_gets_a_provision_of_its_own() {
    let s = "<akomaNtoso><doc name=\"note\"><mainBody><p>Loose text.</p><section><num>1</num><content><p>x</p></content></section></mainBody></doc></akomaNtoso>";
    let d = ok(s);
    assert_eq!(d.provisions.len(), 2);
    assert_eq!(d.provisions[0].label, "Body text");
    assert_eq!(d.provisions[0].content, "Loose text.");
    assert_eq!(d.provisions[1].label, "Section 1");
}

#[test]
fn stray_text_after_provisions_is_put_where_the_body_began() {
    // The stray-text provision is made after Section 1 and its paragraph:
    // the arena is renumbered into document order.
    let s = "<akomaNtoso><doc name=\"note\"><mainBody><section><num>1</num><paragraph><num>(1)</num><content><p>x</p></content></paragraph></section><p>Loose text.</p><section><num>2</num><content><p>y</p></content></section></mainBody></doc></akomaNtoso>";
    let d = ok(s);
    let labels: Vec<&str> = d.provisions.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Body text", "Section 1", "Section 1(1)", "Section 2"]
    );
    assert_eq!(d.roots, [0, 1, 3]);
    assert_eq!(d.provisions[2].parent, Some(1));
    assert_eq!(d.provisions[1].children, [2]);
    assert_eq!(d.provisions[2].depth, 1);
    assert_eq!(d.provisions[0].content, "Loose text.");
}

#[test]
fn element_classes_agree_with_the_lists() {
    for (list, want) in [
        (HIERARCHY, Class::Hierarchy),
        (DOC_TYPES, Class::DocType),
        (SKIPPED, Class::Skipped),
        (BLOCKS, Class::Block),
        (BODIES, Class::Body),
        (WRAPPERS, Class::Wrapper),
    ] {
        for name in list {
            assert_eq!(class(name), want, "{name}");
        }
    }
    assert_eq!(class("ref"), Class::Other);
}

#[test]
fn leos_ghosts_are_not_text() {
    // A LEOS mandate keeps deleted and moved-away provisions beside the live
    // ones, marked by leos:softaction.
    let s = r##"<akomaNtoso xmlns:leos="urn:eu:europa:ec:leos"><bill><body>
      <article xml:id="a1"><num>Article 1</num>
        <paragraph xml:id="p1"><num>1.</num><content><p>Live text.</p></content></paragraph>
        <paragraph xml:id="p2" leos:softaction="del"><num>2.</num><content><p>Deleted text.</p></content></paragraph>
        <paragraph xml:id="p3" leos:softaction="move_to"><num>3.</num><content><p>Moved away.</p></content></paragraph>
        <paragraph xml:id="p4" leos:softaction="move_from"><num>4.</num><content><p>Moved here.</p></content></paragraph>
      </article></body></bill></akomaNtoso>"##;
    let d = ok(s);
    let texts: Vec<&str> = d
        .provisions
        .iter()
        .map(|p| p.content.as_str())
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(texts, ["Live text.", "Moved here."]);
}

#[test]
fn plain_texts_are_shared_with_the_source_and_the_rest_copied() {
    let d = ok(&doc(r#"<body>
      <article eId="art_1"><num>Article 1</num>
        <paragraph eId="art_1__para_1"><num>1.</num>
          <content><p>Each State Party shall adopt such measures.</p></content>
        </paragraph>
        <paragraph eId="art_1__para_2"><num>2.</num>
          <content><p>Each State   Party
             may, <i>as appropriate</i>, adopt &amp; maintain.</p></content>
        </paragraph>
      </article></body>"#));
    let plain = find(&d, "Article 1(1)");
    assert_eq!(plain.content, "Each State Party shall adopt such measures.");
    assert!(plain.content.is_shared());
    // Folded, joined around inline markup, an entity expanded: a copy.
    let folded = find(&d, "Article 1(2)");
    assert_eq!(
        folded.content,
        "Each State Party may, as appropriate, adopt & maintain."
    );
    assert!(!folded.content.is_shared());
    // Nums stay copies: labels read them all, and copies sit together.
    assert!(!plain.num.as_ref().is_some_and(|n| n.is_shared()));
}

#[test]
fn owned_reads_decode_like_borrowed_ones() {
    // A byte-order mark, a declared encoding, UTF-16: each goes through
    // the decoder, and reads the same either way (`read_both` compares).
    let body = doc("<body><article><content><p>caf\u{e9}</p></content></article></body>");
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), body.as_bytes()].concat();
    assert_eq!(
        read_both(&with_bom, "t.xml")
            .map(|d| d.provisions[0].content.to_string())
            .ok(),
        Some("caf\u{e9}".to_string())
    );
    let latin1 = body
        .replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"")
        .replace('\u{e9}', "\u{1}");
    let latin1: Vec<u8> = latin1
        .bytes()
        .map(|b| if b == 1 { 0xE9 } else { b })
        .collect();
    assert_eq!(
        read_both(&latin1, "t.xml")
            .map(|d| d.provisions[0].content.to_string())
            .ok(),
        Some("caf\u{e9}".to_string())
    );
}

#[test]
fn fields_settled_as_their_elements_close_read_as_one_folder_would() {
    // A field's text is folded into its provision when its element closes.
    // A second element for the same field, or text after it, goes on a new
    // line, as it did when the whole provision's texts were folded at its
    // close.
    let d = ok(&doc(r#"<body>
      <article eId="art_1">
        <num>Article 1</num>
        <heading>First</heading>
        <intro><p>Lead in:</p></intro>
        <content><p>one</p></content>
        <content><p>two <ref href="/x">three</ref></p></content>
        <wrapUp><p>after</p></wrapUp>
        <wrapUp><p>and more</p></wrapUp>
      </article>
    </body>"#));
    let a = find(&d, "Article 1");
    assert_eq!(a.num.as_deref(), Some("Article 1"));
    assert_eq!(a.heading.as_deref(), Some("First"));
    assert_eq!(a.intro.as_str(), "Lead in:");
    assert_eq!(a.content.as_str(), "one\ntwo three");
    assert_eq!(a.wrap_up.as_str(), "after\nand more");
}
