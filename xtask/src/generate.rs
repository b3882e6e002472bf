//! A generator of large, realistic-looking Akoma Ntoso 3.0 documents: a draft
//! convention of N articles, and a revised version of it with a known share
//! of provisions reworded, inserted, deleted and moved.
//!
//! The corpus has no document big enough to measure throughput on, nor any
//! pair of versions whose differences are known exactly; generated ones
//! give both. Everything is deterministic for a seed (a tiny xorshift, no
//! `rand` crate), so figures and test expectations are reproducible.
//!
//! The document is first built as a small model (chapters > articles >
//! paragraphs > points, each with a stable key), then rendered. Numbers and
//! eIds are given positionally at render time, as a drafting tool would, so
//! a derived version that inserts, deletes or moves provisions renumbers
//! everything after them, and cross-references follow their target.

use std::collections::HashMap;
use std::fmt::Write as _;

/// xorshift64*: small, fast, good enough to vary text and mutate inputs.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // Mix the seed so that nearby seeds give unrelated streams, and avoid
        // the one state xorshift cannot leave.
        let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
        if state == 0 {
            state = 0x9E37_79B9_7F4A_7C15;
        }
        let mut rng = Rng(state);
        rng.next_u64();
        rng
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0). The modulo bias is irrelevant here.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------
// Vocabulary. Phrases are combined so that no two sentences of a large
// document are likely to be equal, which an aligner would otherwise exploit.

const SUBJECTS: &[&str] = &[
    "Each State Party",
    "The competent authority",
    "The Committee",
    "A State Party which has received a request under this Convention",
    "The supervisory authority of the requesting State Party",
    "Any person whose rights under this Convention have been infringed",
    "The Conference of the States Parties",
    "The Secretary-General of the United Nations",
    "The requested State Party",
    "Each public body within the meaning of this Convention",
    "The national preventive mechanism",
    "The depositary",
    "A controller established in the territory of a State Party",
    "The Bureau of the Conference",
    "The independent oversight body",
];

const MODALS: &[&str] = &[
    "shall",
    "shall",
    "shall",
    "may",
    "shall, where appropriate,",
    "shall not",
    "shall promptly",
    "may, at its discretion,",
    "shall, in accordance with its domestic law,",
    "should",
];

const VERBS: &[&str] = &[
    "take the legislative, administrative and other measures necessary to give effect to",
    "ensure the effective protection of",
    "adopt and maintain procedures for",
    "cooperate with the other States Parties with a view to",
    "establish an independent mechanism for monitoring",
    "notify the depositary of",
    "refrain from any act which would defeat",
    "provide the requesting State Party with information concerning",
    "guarantee, without discrimination of any kind,",
    "review at regular intervals",
    "facilitate the exchange of information regarding",
    "designate one or more authorities responsible for",
    "submit to the Committee a report on",
    "respect and protect",
    "promote public awareness of",
];

const OBJECTS: &[&str] = &[
    "the rights recognised in this Convention",
    "personal data processed for the purposes of the prevention and detection of criminal offences",
    "the confidentiality of communications and of the related traffic data",
    "the measures it has adopted to implement its obligations",
    "the exchange of information between competent authorities",
    "the right of access to information held by public bodies",
    "the independence and impartiality of the judiciary",
    "the collection of evidence in electronic form",
    "the safety of persons deprived of their liberty",
    "the effective remedies available to victims",
    "the conditions for the transfer of data to third countries",
    "the functioning of the Committee on Science & Technology",
    "the preservation of stored computer data",
    "the procedures for the settlement of disputes",
    "the training of officials responsible for law enforcement",
    "any reservation made under this Convention",
];

const QUALIFIERS: &[&str] = &[
    "in accordance with its domestic law",
    "without undue delay",
    "with due regard to the principle of proportionality",
    "to the extent permitted by its constitutional principles",
    "within a reasonable time",
    "taking into account the views of civil society",
    "in a manner consistent with international human rights law",
    "subject to appropriate safeguards for the rights of the persons concerned",
    "no later than six months after the entry into force of this Convention",
    "on the basis of reciprocity",
    "where the requested State Party considers it necessary",
    "in particular as regards children and other persons in a vulnerable situation",
];

/// Modals before a colon and a list of points.
const LIST_MODALS: &[&str] = &[
    "shall",
    "shall",
    "may",
    "shall, in particular",
    "shall, where appropriate",
    "undertakes to",
];

const INTROS: &[&str] = &[
    "For the purposes of this Convention",
    "Without prejudice to its obligations under international law",
    "Subject to the provisions of this Article",
    "Where a request is refused",
    "In order to ensure the effective implementation of this Convention",
    "Save as otherwise provided",
];

const RECITALS: &[&str] = &[
    "Recalling the Universal Declaration of Human Rights and the International Covenant on Civil and Political Rights",
    "Recognising the importance of international cooperation for the effective protection of the rights of individuals",
    "Convinced of the need to pursue, as a matter of priority, a common policy aimed at the protection of society",
    "Mindful of the profound changes brought about by the digitalisation, convergence and continuing globalisation of networks",
    "Concerned by the risk that information networks may be used for committing criminal offences",
    "Bearing in mind the existing conventions of the Council of Europe on cooperation in the penal field",
    "Noting with appreciation the work of the United Nations and other international organisations",
    "Desiring to contribute to the development of friendly relations among nations",
    "Reaffirming that all human rights are universal, indivisible, interdependent and interrelated",
    "Taking into account the need to ensure a proper balance between the interests of law enforcement and respect for fundamental rights",
];

const HEADING_NOUNS: &[&str] = &[
    "Definitions",
    "Scope of application",
    "Protection of personal data",
    "Mutual legal assistance",
    "Competent authorities",
    "Confidentiality",
    "Reporting obligations",
    "Settlement of disputes",
    "Reservations",
    "Conditions and safeguards",
    "Preservation of stored data",
    "Right to an effective remedy",
    "Independent oversight",
    "Transfers to third countries",
    "Training and awareness",
    "Cooperation between States Parties",
    "Rights of victims",
    "Jurisdiction",
    "Extradition",
    "Entry into force",
    "Amendments",
    "Monitoring",
];

const HEADING_TAILS: &[&str] = &[
    "",
    "",
    "",
    " and related measures",
    " in urgent cases",
    " of the Committee",
    " by public bodies",
    " and exceptions",
];

const CHAPTER_HEADINGS: &[&str] = &[
    "General provisions",
    "Substantive obligations",
    "Procedural law",
    "International cooperation",
    "Institutional arrangements",
    "Monitoring and reporting",
    "Rights of individuals",
    "Final provisions",
];

/// Words a rewording may put in place of others.
const SUBSTITUTES: &[(&str, &str)] = &[
    ("shall", "may"),
    ("may", "shall"),
    ("necessary", "appropriate"),
    ("appropriate", "necessary"),
    ("promptly", "without delay"),
    ("effective", "adequate"),
    ("regular", "periodic"),
    ("six", "twelve"),
    ("independent", "impartial"),
    ("information", "data"),
    ("competent", "designated"),
];

// ---------------------------------------------------------------------------
// The model.

/// A run of text: plain words, or a cross-reference to an article (by key),
/// rendered with the article's number in the version being rendered.
#[derive(Debug, Clone)]
enum Seg {
    Words(String),
    Ref(u64),
}

type Text = Vec<Seg>;

#[derive(Debug, Clone)]
struct Point {
    key: u64,
    text: Text,
}

#[derive(Debug, Clone)]
struct Para {
    key: u64,
    /// The content, or the intro when there are points.
    text: Text,
    points: Vec<Point>,
    wrap_up: Option<Text>,
}

#[derive(Debug, Clone)]
struct Article {
    key: u64,
    heading: String,
    paras: Vec<Para>,
}

#[derive(Debug, Clone)]
struct Chapter {
    key: u64,
    heading: String,
    articles: Vec<Article>,
}

#[derive(Debug, Clone)]
struct Convention {
    title: String,
    recitals: Vec<(u64, Text)>,
    chapters: Vec<Chapter>,
}

struct Maker {
    rng: Rng,
    next_key: u64,
    /// Keys of the articles made so far: cross-references point back to them.
    articles: Vec<u64>,
}

impl Maker {
    fn key(&mut self) -> u64 {
        self.next_key += 1;
        self.next_key
    }

    fn qualifier(&mut self, out: &mut Text) {
        if !self.articles.is_empty() && self.rng.chance(0.2) {
            let target = self.rng.pick(&self.articles);
            let lead = self.rng.pick(&[
                ", subject to the conditions laid down in ",
                ", as referred to in ",
                ", without prejudice to ",
            ]);
            push_words(out, lead);
            out.push(Seg::Ref(target));
        } else {
            let q = self.rng.pick(QUALIFIERS);
            push_words(out, ", ");
            push_words(out, q);
        }
    }

    /// One sentence: subject, modal, verb, object, and now and then a
    /// qualifier or a cross-reference.
    fn sentence(&mut self, out: &mut Text) {
        if self.rng.chance(0.25) {
            let intro = self.rng.pick(INTROS);
            push_words(out, intro);
            push_words(out, ", ");
            let s = self.rng.pick(SUBJECTS);
            push_words(out, &lower_first(s));
        } else {
            push_words(out, self.rng.pick(SUBJECTS));
        }
        push_words(out, " ");
        push_words(out, self.rng.pick(MODALS));
        push_words(out, " ");
        push_words(out, self.rng.pick(VERBS));
        push_words(out, " ");
        push_words(out, self.rng.pick(OBJECTS));
        if self.rng.chance(0.85) {
            self.qualifier(out);
        }
        if self.rng.chance(0.3) {
            push_words(out, " and ");
            push_words(out, self.rng.pick(OBJECTS));
        }
        push_words(out, ".");
    }

    fn sentences(&mut self, n: usize) -> Text {
        let mut out = Vec::new();
        for i in 0..n {
            if i > 0 {
                push_words(&mut out, " ");
            }
            self.sentence(&mut out);
        }
        out
    }

    fn point_text(&mut self, last: bool) -> Text {
        let mut out = Vec::new();
        push_words(&mut out, self.rng.pick(VERBS));
        push_words(&mut out, " ");
        push_words(&mut out, self.rng.pick(OBJECTS));
        if self.rng.chance(0.8) {
            self.qualifier(&mut out);
        }
        if self.rng.chance(0.4) {
            push_words(&mut out, ", in particular ");
            push_words(&mut out, self.rng.pick(OBJECTS));
        }
        push_words(&mut out, if last { "." } else { ";" });
        out
    }

    fn point(&mut self, last: bool) -> Point {
        Point {
            key: self.key(),
            text: self.point_text(last),
        }
    }

    fn para(&mut self) -> Para {
        let key = self.key();
        if self.rng.chance(0.3) {
            let mut intro = Vec::new();
            push_words(&mut intro, self.rng.pick(SUBJECTS));
            push_words(&mut intro, " ");
            push_words(&mut intro, self.rng.pick(LIST_MODALS));
            push_words(&mut intro, ":");
            let n = self.rng.range(2, 6);
            let points = (0..n).map(|i| self.point(i + 1 == n)).collect();
            let wrap_up = self.rng.chance(0.2).then(|| {
                let mut w = Vec::new();
                push_words(
                    &mut w,
                    "The measures referred to in this paragraph shall be",
                );
                push_words(&mut w, " ");
                push_words(&mut w, self.rng.pick(QUALIFIERS));
                push_words(&mut w, ".");
                w
            });
            Para {
                key,
                text: intro,
                points,
                wrap_up,
            }
        } else {
            let n = self.rng.range(3, 5);
            Para {
                key,
                text: self.sentences(n),
                points: Vec::new(),
                wrap_up: None,
            }
        }
    }

    fn heading(&mut self) -> String {
        format!(
            "{}{}",
            self.rng.pick(HEADING_NOUNS),
            self.rng.pick(HEADING_TAILS)
        )
    }

    fn article(&mut self) -> Article {
        let key = self.key();
        let heading = self.heading();
        let n = self.rng.range(2, 4);
        let paras = (0..n).map(|_| self.para()).collect();
        self.articles.push(key);
        Article {
            key,
            heading,
            paras,
        }
    }
}

fn push_words(text: &mut Text, s: &str) {
    match text.last_mut() {
        Some(Seg::Words(w)) => w.push_str(s),
        _ => text.push(Seg::Words(s.to_string())),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn build(articles: usize, seed: u64) -> (Convention, Maker) {
    let mut m = Maker {
        rng: Rng::new(seed),
        next_key: 0,
        articles: Vec::new(),
    };
    let title = format!(
        "Convention on {} (draft {})",
        m.rng.pick(&[
            "Cooperation against Cybercrime",
            "the Protection of Individuals with regard to the Processing of Personal Data",
            "Access to Official Documents",
            "the Prevention of Torture",
        ]),
        seed
    );
    let recitals = (0..(articles / 100).clamp(5, 30))
        .map(|i| {
            let k = m.key();
            let mut t = Vec::new();
            push_words(&mut t, RECITALS[(i + seed as usize) % RECITALS.len()]);
            if i >= RECITALS.len() {
                m.qualifier(&mut t);
            }
            push_words(&mut t, ",");
            (k, t)
        })
        .collect();
    let mut chapters = Vec::new();
    let mut made = 0;
    while made < articles {
        let n = m.rng.range(10, 30).min(articles - made);
        let key = m.key();
        let heading = CHAPTER_HEADINGS[chapters.len() % CHAPTER_HEADINGS.len()].to_string();
        let arts = (0..n).map(|_| m.article()).collect();
        chapters.push(Chapter {
            key,
            heading,
            articles: arts,
        });
        made += n;
    }
    (
        Convention {
            title,
            recitals,
            chapters,
        },
        m,
    )
}

// ---------------------------------------------------------------------------
// Rendering.

struct Version<'a> {
    number: u32,
    date: &'a str,
    stage: &'a str,
}

/// Where each keyed provision ended up: key -> eId.
type Placement = HashMap<u64, String>;

fn escape(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

fn letter(i: usize) -> String {
    // a..z, then aa, ab...: enough for any list.
    let mut s = String::new();
    let mut n = i;
    loop {
        s.insert(0, (b'a' + (n % 26) as u8) as char);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s
}

fn roman(mut n: usize) -> String {
    const TABLE: &[(usize, &str)] = &[
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for &(v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

struct Renderer<'a> {
    out: String,
    /// Article key -> its number in this version.
    article_numbers: &'a HashMap<u64, usize>,
    placement: Placement,
}

impl Renderer<'_> {
    fn indent(&mut self, depth: usize) {
        self.out.push('\n');
        for _ in 0..depth {
            self.out.push_str("  ");
        }
    }

    fn text(&mut self, text: &Text) {
        for seg in text {
            match seg {
                Seg::Words(w) => escape(&mut self.out, w),
                Seg::Ref(key) => match self.article_numbers.get(key) {
                    Some(n) => {
                        let _ = write!(self.out, "<ref href=\"#art_{n}\">Article {n}</ref>");
                    }
                    // The article is gone from this version; the reference
                    // was not updated, as happens in real drafts.
                    None => self.out.push_str("the relevant Article"),
                },
            }
        }
    }

    fn p(&mut self, depth: usize, text: &Text) {
        self.indent(depth);
        self.out.push_str("<p>");
        self.text(text);
        self.out.push_str("</p>");
    }

    fn block(&mut self, depth: usize, element: &str, text: &Text) {
        self.indent(depth);
        let _ = write!(self.out, "<{element}>");
        self.p(depth + 1, text);
        self.indent(depth);
        let _ = write!(self.out, "</{element}>");
    }

    fn para(&mut self, depth: usize, art_eid: &str, index: usize, para: &Para) {
        let eid = format!("{art_eid}__para_{}", index + 1);
        self.indent(depth);
        let _ = write!(self.out, "<paragraph eId=\"{eid}\">");
        self.indent(depth + 1);
        let _ = write!(self.out, "<num>{}.</num>", index + 1);
        if para.points.is_empty() {
            self.block(depth + 1, "content", &para.text);
        } else {
            self.block(depth + 1, "intro", &para.text);
            for (i, point) in para.points.iter().enumerate() {
                let l = letter(i);
                let peid = format!("{eid}__point_{l}");
                self.indent(depth + 1);
                let _ = write!(self.out, "<point eId=\"{peid}\">");
                self.indent(depth + 2);
                let _ = write!(self.out, "<num>({l})</num>");
                self.block(depth + 2, "content", &point.text);
                self.indent(depth + 1);
                self.out.push_str("</point>");
                self.placement.insert(point.key, peid);
            }
            if let Some(w) = &para.wrap_up {
                self.block(depth + 1, "wrapUp", w);
            }
        }
        self.indent(depth);
        self.out.push_str("</paragraph>");
        self.placement.insert(para.key, eid);
    }
}

fn render(conv: &Convention, version: &Version<'_>) -> (String, Placement) {
    let mut article_numbers = HashMap::new();
    for (i, a) in conv.chapters.iter().flat_map(|c| &c.articles).enumerate() {
        article_numbers.insert(a.key, i + 1);
    }
    let mut r = Renderer {
        out: String::with_capacity(article_numbers.len() * 4500 + 8192),
        article_numbers: &article_numbers,
        placement: HashMap::new(),
    };
    let work = "/akn/un/bill/2026-11-28/convention";
    let expr = format!("{work}/eng@{}", version.date);
    let _ = write!(
        r.out,
        r##"<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
  <bill name="convention">
    <meta>
      <identification source="#redline">
        <FRBRWork>
          <FRBRthis value="{work}/!main"/>
          <FRBRuri value="{work}"/>
          <FRBRdate date="2026-11-28" name="generation"/>
          <FRBRauthor href="#redline"/>
          <FRBRcountry value="un"/>
        </FRBRWork>
        <FRBRExpression>
          <FRBRthis value="{expr}/!main"/>
          <FRBRuri value="{expr}"/>
          <FRBRdate date="{date}" name="{stage}"/>
          <FRBRauthor href="#redline"/>
          <FRBRversionNumber value="{number}"/>
          <FRBRlanguage language="eng"/>
        </FRBRExpression>
        <FRBRManifestation>
          <FRBRthis value="{expr}/!main.xml"/>
          <FRBRuri value="{expr}.akn"/>
          <FRBRdate date="{date}" name="generation"/>
          <FRBRauthor href="#redline"/>
        </FRBRManifestation>
      </identification>
      <references source="#redline">
        <TLCOrganization eId="redline" href="/ontology/organization/redline" showAs="redline xtask generator"/>
      </references>
    </meta>
    <preface>
      <longTitle eId="longTitle">
        <p><docTitle>"##,
        date = version.date,
        stage = version.stage,
        number = version.number,
    );
    escape(&mut r.out, &conv.title);
    let _ = write!(
        r.out,
        "</docTitle></p>\n      </longTitle>\n      <p><docStage>{}</docStage></p>\n    </preface>\n    <preamble>\n      <p>The States Parties to this Convention,</p>\n      <recitals eId=\"recs\">",
        version.stage
    );
    for (i, (key, text)) in conv.recitals.iter().enumerate() {
        let eid = format!("recs__rec_{}", i + 1);
        r.indent(4);
        let _ = write!(r.out, "<recital eId=\"{eid}\">");
        r.p(5, text);
        r.indent(4);
        r.out.push_str("</recital>");
        r.placement.insert(*key, eid);
    }
    r.out.push_str(
        "\n      </recitals>\n      <formula name=\"enactingFormula\">\n        <p>Have agreed as follows:</p>\n      </formula>\n    </preamble>\n    <body>",
    );
    let mut art_no = 0;
    for (ci, chapter) in conv.chapters.iter().enumerate() {
        let ceid = format!("chp_{}", ci + 1);
        r.indent(3);
        let _ = write!(r.out, "<chapter eId=\"{ceid}\">");
        r.indent(4);
        let _ = write!(r.out, "<num>Chapter {}</num>", roman(ci + 1));
        r.indent(4);
        r.out.push_str("<heading>");
        escape(&mut r.out, &chapter.heading);
        r.out.push_str("</heading>");
        for article in &chapter.articles {
            art_no += 1;
            let aeid = format!("art_{art_no}");
            r.indent(4);
            let _ = write!(r.out, "<article eId=\"{aeid}\">");
            r.indent(5);
            let _ = write!(r.out, "<num>Article {art_no}</num>");
            r.indent(5);
            r.out.push_str("<heading>");
            escape(&mut r.out, &article.heading);
            r.out.push_str("</heading>");
            for (pi, para) in article.paras.iter().enumerate() {
                r.para(5, &aeid, pi, para);
            }
            r.indent(4);
            r.out.push_str("</article>");
            r.placement.insert(article.key, aeid);
        }
        r.indent(3);
        r.out.push_str("</chapter>");
        r.placement.insert(chapter.key, ceid);
    }
    let _ = write!(
        r.out,
        "\n    </body>\n    <conclusions>\n      <p>Done at <location refersTo=\"#geneva\">Geneva</location>, on <date date=\"{}\">{}</date>, in a single original, of which the Arabic, Chinese, English, French, Russian and Spanish texts are equally authentic.</p>\n    </conclusions>\n  </bill>\n</akomaNtoso>\n",
        version.date, version.date
    );
    (r.out, r.placement)
}

const FIRST: Version<'static> = Version {
    number: 1,
    date: "2026-09-01",
    stage: "zero draft",
};

const SECOND: Version<'static> = Version {
    number: 2,
    date: "2026-11-28",
    stage: "revised draft",
};

/// A draft convention of `articles` articles (about 4 KB of XML each).
pub fn convention(articles: usize, seed: u64) -> String {
    let (conv, _) = build(articles, seed);
    render(&conv, &FIRST).0
}

// ---------------------------------------------------------------------------
// A second version.

/// What happened to one provision between the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Same text, same eId.
    Same,
    /// Same text, another eId (something before it was inserted, deleted
    /// or moved).
    Renumbered,
    /// Its own text (or heading) was changed.
    Reworded,
    /// Moved to another place (another position, article or chapter).
    Moved,
    Inserted,
    Deleted,
}

impl Fate {
    pub fn name(self) -> &'static str {
        match self {
            Fate::Same => "same",
            Fate::Renumbered => "renumbered",
            Fate::Reworded => "reworded",
            Fate::Moved => "moved",
            Fate::Inserted => "inserted",
            Fate::Deleted => "deleted",
        }
    }
}

/// Two versions of a convention and what became of every provision
/// (recitals, chapters, articles, paragraphs, points): the ground truth an
/// aligner can be scored against.
pub struct Pair {
    pub old: String,
    pub new: String,
    /// One row per provision: its fate, its eId in the old version and in
    /// the new one, in old document order, inserted provisions last.
    pub truth: Vec<(Fate, Option<String>, Option<String>)>,
}

/// A convention and a revised version of it in which about `change_rate` of
/// the provisions are reworded, inserted, deleted or moved; everything after
/// a change is renumbered positionally.
// Not called by xtask's own tasks yet: it is the entry point the diff
// benchmark (two versions of 5,000 articles) is to use.
#[cfg_attr(not(test), allow(dead_code))]
pub fn convention_pair(articles: usize, seed: u64, change_rate: f64) -> (String, String) {
    let pair = convention_pair_with_truth(articles, seed, change_rate);
    (pair.old, pair.new)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Reword,
    Insert,
    Delete,
    Move,
}

/// [`convention_pair`], with the fate of every provision.
pub fn convention_pair_with_truth(articles: usize, seed: u64, change_rate: f64) -> Pair {
    let (old_conv, mut maker) = build(articles, seed);
    let mut conv = old_conv.clone();
    // The edits draw from their own stream, so the first version does not
    // depend on the change rate.
    maker.rng = Rng::new(seed ^ 0x5EED_0FC4_A56E_5500);

    // Choose the changes up front, over the provisions of the first version.
    let mut targets: Vec<(u64, Level)> = Vec::new();
    for c in &conv.chapters {
        for a in &c.articles {
            targets.push((a.key, Level::Article));
            for p in &a.paras {
                targets.push((p.key, Level::Para));
                for pt in &p.points {
                    targets.push((pt.key, Level::Point));
                }
            }
        }
    }
    let mut fates: HashMap<u64, Fate> = HashMap::new();
    let mut inserted: Vec<u64> = Vec::new();
    for (key, level) in targets {
        if !maker.rng.chance(change_rate) {
            continue;
        }
        let op = match maker.rng.below(20) {
            0..=9 => Op::Reword,
            10..=12 => Op::Insert,
            13..=15 => Op::Delete,
            _ => Op::Move,
        };
        if let Some((fate, new_key)) = apply(&mut conv, &mut maker, key, level, op) {
            // A provision changed twice keeps its first fate.
            if let Some(fate) = fate {
                fates.entry(key).or_insert(fate);
            }
            if let Some(k) = new_key {
                fates.insert(k, Fate::Inserted);
                inserted.push(k);
            }
        }
    }

    let (old, old_place) = render(&old_conv, &FIRST);
    let (new, new_place) = render(&conv, &SECOND);

    // Every keyed provision of the old version, in document order.
    let mut order: Vec<u64> = old_conv.recitals.iter().map(|(k, _)| *k).collect();
    for c in &old_conv.chapters {
        order.push(c.key);
        for a in &c.articles {
            order.push(a.key);
            for p in &a.paras {
                order.push(p.key);
                order.extend(p.points.iter().map(|pt| pt.key));
            }
        }
    }
    let mut truth = Vec::with_capacity(order.len() + inserted.len());
    for key in order {
        let o = old_place.get(&key).cloned();
        let n = new_place.get(&key).cloned();
        let fate = match (fates.get(&key), &n) {
            // Inside a deleted article or paragraph.
            (_, None) => Fate::Deleted,
            (Some(f), Some(_)) => *f,
            (None, Some(n)) if Some(n) == o.as_ref() => Fate::Same,
            (None, Some(_)) => Fate::Renumbered,
        };
        truth.push((fate, o, n));
    }
    for key in inserted {
        if let Some(n) = new_place.get(&key) {
            truth.push((Fate::Inserted, None, Some(n.clone())));
        }
    }
    Pair { old, new, truth }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Article,
    Para,
    Point,
}

/// Where a keyed provision sits in the current model.
#[derive(Debug, Clone, Copy)]
enum Path {
    Article(usize, usize),
    Para(usize, usize, usize),
    Point(usize, usize, usize, usize),
}

fn find(conv: &Convention, key: u64, level: Level) -> Option<Path> {
    for (ci, c) in conv.chapters.iter().enumerate() {
        for (ai, a) in c.articles.iter().enumerate() {
            if level == Level::Article && a.key == key {
                return Some(Path::Article(ci, ai));
            }
            if level == Level::Article {
                continue;
            }
            for (pi, p) in a.paras.iter().enumerate() {
                if level == Level::Para && p.key == key {
                    return Some(Path::Para(ci, ai, pi));
                }
                if level == Level::Point {
                    if let Some(ti) = p.points.iter().position(|pt| pt.key == key) {
                        return Some(Path::Point(ci, ai, pi, ti));
                    }
                }
            }
        }
    }
    None
}

/// Changes a few words of a text: a substitution, an added qualifier or a
/// dropped clause, as a negotiator would.
fn reword(text: &mut Text, rng: &mut Rng) {
    let words: Vec<usize> = (0..text.len())
        .filter(|&i| matches!(text[i], Seg::Words(_)))
        .collect();
    let Some(&i) = words.get(rng.below(words.len().max(1))) else {
        text.push(Seg::Words(" (as amended)".to_string()));
        return;
    };
    let Seg::Words(w) = &mut text[i] else {
        return;
    };
    // A substitution where one applies, else an inserted qualifier.
    let start = rng.below(SUBSTITUTES.len());
    for k in 0..SUBSTITUTES.len() {
        let (from, to) = SUBSTITUTES[(start + k) % SUBSTITUTES.len()];
        let pattern = format!(" {from} ");
        if let Some(at) = w.find(&pattern) {
            w.replace_range(at + 1..at + 1 + from.len(), to);
            return;
        }
    }
    let q = rng.pick(QUALIFIERS);
    match w.rfind(['.', ';', ':']) {
        Some(at) => w.insert_str(at, &format!(", {q}")),
        None => {
            w.push_str(", ");
            w.push_str(q);
        }
    }
}

fn apply(
    conv: &mut Convention,
    m: &mut Maker,
    key: u64,
    level: Level,
    op: Op,
) -> Option<(Option<Fate>, Option<u64>)> {
    let path = find(conv, key, level)?;
    let n_chapters = conv.chapters.len();
    match (path, op) {
        (Path::Article(ci, ai), Op::Reword) => {
            // An article's own text is its heading; its paragraphs change
            // on their own account.
            let a = &mut conv.chapters[ci].articles[ai];
            let old = std::mem::take(&mut a.heading);
            a.heading = format!("{old} and {}", lower_first(m.rng.pick(HEADING_NOUNS)));
            Some((Some(Fate::Reworded), None))
        }
        (Path::Para(ci, ai, pi), Op::Reword) => {
            reword(
                &mut conv.chapters[ci].articles[ai].paras[pi].text,
                &mut m.rng,
            );
            Some((Some(Fate::Reworded), None))
        }
        (Path::Point(ci, ai, pi, ti), Op::Reword) => {
            reword(
                &mut conv.chapters[ci].articles[ai].paras[pi].points[ti].text,
                &mut m.rng,
            );
            Some((Some(Fate::Reworded), None))
        }
        (Path::Article(ci, ai), Op::Insert) => {
            let a = m.article();
            let k = a.key;
            conv.chapters[ci].articles.insert(ai + 1, a);
            Some((None, Some(k)))
        }
        (Path::Para(ci, ai, pi), Op::Insert) => {
            let p = m.para();
            let k = p.key;
            conv.chapters[ci].articles[ai].paras.insert(pi + 1, p);
            Some((None, Some(k)))
        }
        (Path::Point(ci, ai, pi, ti), Op::Insert) => {
            let points = &mut conv.chapters[ci].articles[ai].paras[pi].points;
            // Not last: the last point of a list ends with a full stop.
            let p = m.point(false);
            let k = p.key;
            points.insert(ti, p);
            Some((None, Some(k)))
        }
        (Path::Article(ci, ai), Op::Delete) => {
            if conv.chapters[ci].articles.len() < 2 {
                return None;
            }
            conv.chapters[ci].articles.remove(ai);
            Some((Some(Fate::Deleted), None))
        }
        (Path::Para(ci, ai, pi), Op::Delete) => {
            let paras = &mut conv.chapters[ci].articles[ai].paras;
            if paras.len() < 2 {
                return None;
            }
            paras.remove(pi);
            Some((Some(Fate::Deleted), None))
        }
        (Path::Point(ci, ai, pi, ti), Op::Delete) => {
            let points = &mut conv.chapters[ci].articles[ai].paras[pi].points;
            if points.len() < 3 || ti + 1 == points.len() {
                return None;
            }
            points.remove(ti);
            Some((Some(Fate::Deleted), None))
        }
        (Path::Article(ci, ai), Op::Move) => {
            if conv.chapters[ci].articles.len() < 2 {
                return None;
            }
            let a = conv.chapters[ci].articles.remove(ai);
            // Mostly within reach, as drafts move articles; sometimes far.
            let to_c = if m.rng.chance(0.7) {
                ci
            } else {
                m.rng.below(n_chapters)
            };
            let arts = &mut conv.chapters[to_c].articles;
            let mut to_a = m.rng.below(arts.len() + 1);
            if to_c == ci && to_a == ai {
                to_a = if ai == 0 { arts.len() } else { 0 };
            }
            arts.insert(to_a, a);
            Some((Some(Fate::Moved), None))
        }
        (Path::Para(ci, ai, pi), Op::Move) => {
            let paras = &mut conv.chapters[ci].articles[ai].paras;
            if paras.len() < 2 {
                return None;
            }
            let p = paras.remove(pi);
            if m.rng.chance(0.5) {
                // To the neighbouring article.
                let arts = &mut conv.chapters[ci].articles;
                let to_a = if ai + 1 < arts.len() { ai + 1 } else { 0 };
                let at = m.rng.below(arts[to_a].paras.len() + 1);
                arts[to_a].paras.insert(at, p);
            } else {
                let at = if pi == 0 { paras.len() } else { 0 };
                paras.insert(at, p);
            }
            Some((Some(Fate::Moved), None))
        }
        (Path::Point(ci, ai, pi, ti), Op::Move) => {
            let points = &mut conv.chapters[ci].articles[ai].paras[pi].points;
            if points.len() < 3 || ti + 1 == points.len() {
                return None;
            }
            // Swap with a neighbour that is not the last point.
            let other = if ti > 0 { ti - 1 } else { ti + 1 };
            if other + 1 == points.len() {
                return None;
            }
            points.swap(ti, other);
            Some((Some(Fate::Moved), None))
        }
    }
}

// ---------------------------------------------------------------------------
// `cargo xtask generate`.

pub fn run(args: &[String]) -> Result<(), String> {
    let mut args = crate::Args::new(args);
    let articles: usize = args.number("--articles", 100)?;
    let seed: u64 = args.number("--seed", 1)?;
    let change_rate: f64 = args.number("--change-rate", 0.05)?;
    let out = args.value("-o")?;
    let pair = args.values("--pair", 2)?;
    let truth = args.value("--truth")?;
    args.finish()?;
    if articles == 0 {
        return Err("--articles must be at least 1".into());
    }
    if !(0.0..=1.0).contains(&change_rate) {
        return Err("--change-rate must be between 0 and 1".into());
    }
    let write = |path: &str, text: &str| {
        std::fs::write(path, text).map_err(|e| format!("cannot write {path}: {e}"))?;
        eprintln!("wrote {path} ({:.1} MB)", text.len() as f64 / 1e6);
        Ok::<(), String>(())
    };
    match (out, pair) {
        (Some(out), None) => {
            if truth.is_some() {
                return Err("--truth goes with --pair".into());
            }
            write(&out, &convention(articles, seed))
        }
        (None, Some(paths)) => {
            let pair = convention_pair_with_truth(articles, seed, change_rate);
            write(&paths[0], &pair.old)?;
            write(&paths[1], &pair.new)?;
            let mut counts: Vec<(Fate, usize)> = Vec::new();
            for (fate, _, _) in &pair.truth {
                match counts.iter_mut().find(|(f, _)| f == fate) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((*fate, 1)),
                }
            }
            let summary: Vec<String> = counts
                .iter()
                .map(|(f, n)| format!("{} {n}", f.name()))
                .collect();
            eprintln!("provisions: {}", summary.join(", "));
            if let Some(path) = truth {
                let mut tsv = String::from("fate\told_eid\tnew_eid\n");
                for (fate, old, new) in &pair.truth {
                    let _ = writeln!(
                        tsv,
                        "{}\t{}\t{}",
                        fate.name(),
                        old.as_deref().unwrap_or("-"),
                        new.as_deref().unwrap_or("-")
                    );
                }
                std::fs::write(&path, tsv).map_err(|e| format!("cannot write {path}: {e}"))?;
                eprintln!("wrote {path}");
            }
            Ok(())
        }
        (Some(_), Some(_)) => Err("give either -o FILE or --pair OLD NEW, not both".into()),
        (None, None) => Err("give -o FILE (or --pair OLD NEW)".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_for_a_seed() {
        assert_eq!(convention(20, 7), convention(20, 7));
        assert_ne!(convention(20, 7), convention(20, 8));
    }

    #[test]
    fn about_four_kilobytes_per_article() {
        let doc = convention(500, 1);
        let per = doc.len() / 500;
        assert!((3000..=5500).contains(&per), "{per} bytes per article");
    }

    #[test]
    fn the_reader_reads_it() {
        let doc = convention(40, 3);
        let read = redline::akn::read_bytes(doc.as_bytes(), "generated").expect("reads");
        let articles = read
            .provisions
            .iter()
            .filter(|p| p.element == "article")
            .count();
        assert_eq!(articles, 40);
        assert!(read.by_eid("art_12__para_2").is_some());
        assert_eq!(read.meta.version_number.as_deref(), Some("1"));
        assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    }

    #[test]
    fn points_have_lettered_eids() {
        let doc = convention(200, 1);
        assert!(doc.contains("__point_b\""));
        assert!(doc.contains("<num>(b)</num>"));
    }

    #[test]
    fn pair_changes_about_the_rate() {
        let pair = convention_pair_with_truth(400, 5, 0.05);
        assert_ne!(pair.old, pair.new);
        let count = |f: Fate| pair.truth.iter().filter(|t| t.0 == f).count();
        let total = pair.truth.len();
        let changed = count(Fate::Reworded)
            + count(Fate::Moved)
            + count(Fate::Inserted)
            + count(Fate::Deleted);
        let rate = changed as f64 / total as f64;
        assert!((0.02..0.10).contains(&rate), "changed {changed} of {total}");
        assert!(count(Fate::Renumbered) > 0);
        assert!(count(Fate::Moved) > 0);
        redline::akn::read_bytes(pair.new.as_bytes(), "new").expect("new version reads");
        // The first version does not depend on the change rate.
        assert_eq!(pair.old, convention_pair(400, 5, 0.2).0);
        assert_eq!(pair.old, convention(400, 5));
    }

    #[test]
    fn letters_and_numerals() {
        assert_eq!(letter(0), "a");
        assert_eq!(letter(25), "z");
        assert_eq!(letter(26), "aa");
        assert_eq!(roman(14), "XIV");
    }
}
