//! The model of one version of a legal text: its identification and its tree
//! of provisions.
//!
//! The tree is an arena (`Vec<Provision>` in document order, with parent and
//! child indices) rather than nested boxes: documents can be very deep, and an
//! arena is built, walked and dropped without recursion.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::Serialize;

/// One version (expression) of a work, as read from one file.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// The path or name the document was read from.
    pub source: String,
    pub meta: Meta,
    /// Every provision, in document (pre-)order. `ProvisionId` indexes it.
    pub provisions: Vec<Provision>,
    /// The top-level provisions (preface, preamble, body-level divisions,
    /// conclusions, annexes), in order.
    pub roots: Vec<ProvisionId>,
    /// Things a reader should know that did not stop the read.
    pub warnings: Vec<Warning>,
    /// The decoded text the document was read from: provisions' positions
    /// are worked out from it when asked for, not during the read.
    #[serde(skip)]
    pub text: SourceText,
}

/// The decoded text of a source file, shared with the provisions' texts
/// that are spans of it.
#[derive(Clone, Default)]
pub struct SourceText(pub Arc<String>);

impl fmt::Debug for SourceText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SourceText({} bytes)", self.0.len())
    }
}

/// Index of a provision in [`Document::provisions`].
pub type ProvisionId = usize;

/// Identification of the document, from `<meta>` and the preface.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Meta {
    /// Which vocabulary the file was read as.
    pub profile: Profile,
    /// The namespace of the root element, if any.
    pub namespace: Option<String>,
    /// The document type: `act`, `bill`, `doc`, `amendmentList`, ...
    pub doc_type: String,
    /// The document type's `name` attribute (`convention`, `annex`...).
    pub doc_name: Option<String>,
    /// FRBRWork FRBRthis.
    pub work: Option<String>,
    /// FRBRWork FRBRuri.
    pub work_uri: Option<String>,
    /// FRBRExpression FRBRthis.
    pub expression: Option<String>,
    /// FRBRExpression FRBRuri.
    pub expression_uri: Option<String>,
    /// FRBRExpression FRBRdate `date`.
    pub date: Option<String>,
    /// FRBRExpression FRBRdate `name` (e.g. "zero draft", "published").
    pub date_name: Option<String>,
    /// FRBRExpression FRBRversionNumber.
    pub version_number: Option<String>,
    /// The preface's docStage, where given.
    pub stage: Option<String>,
    /// FRBRExpression FRBRlanguage (or the work's, when the expression has none).
    pub language: Option<String>,
    /// docTitle, shortTitle, FRBRalias or FRBRname, in that order of preference.
    pub title: Option<String>,
}

impl Meta {
    /// The name of this version as a reader would say it: the version
    /// number, the stage, or the name of the expression date.
    pub fn version_label(&self) -> Option<&str> {
        self.version_number
            .as_deref()
            .or(self.stage.as_deref())
            .or(self.date_name.as_deref())
    }

    /// The work's identifier: FRBRthis, else FRBRuri.
    pub fn work_id(&self) -> Option<&str> {
        self.work.as_deref().or(self.work_uri.as_deref())
    }

    /// The expression's identifier: FRBRthis, else FRBRuri.
    pub fn expression_id(&self) -> Option<&str> {
        self.expression
            .as_deref()
            .or(self.expression_uri.as_deref())
    }
}

/// The vocabulary a document was read as.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "name", content = "namespace")]
pub enum Profile {
    /// OASIS LegalDocML Akoma Ntoso 3.0 (including its working drafts).
    Akn30,
    /// Akoma Ntoso 2.0.
    Akn20,
    /// LegalDocML.de, the German profile, with its own namespace.
    LegalDocMlDe(String),
    /// Akoma Ntoso vocabulary in a namespace redline does not know.
    Other(String),
    /// No namespace at all (fragments, hand-written files).
    #[default]
    None,
}

impl Profile {
    pub fn from_namespace(ns: Option<&str>) -> Profile {
        match ns {
            None | Some("") => Profile::None,
            Some(ns) if ns.starts_with("http://docs.oasis-open.org/legaldocml/ns/akn/3.0") => {
                Profile::Akn30
            }
            Some(ns) if ns.starts_with("http://www.akomantoso.org/2.0") => Profile::Akn20,
            Some(ns) if ns.contains("LegalDocML.de") => Profile::LegalDocMlDe(ns.to_string()),
            Some(ns) => Profile::Other(ns.to_string()),
        }
    }

    /// A short human name.
    pub fn describe(&self) -> String {
        match self {
            Profile::Akn30 => "Akoma Ntoso 3.0 (OASIS)".to_string(),
            Profile::Akn20 => "Akoma Ntoso 2.0".to_string(),
            Profile::LegalDocMlDe(ns) => format!("LegalDocML.de ({ns})"),
            Profile::Other(ns) => format!("unknown namespace {ns}, read as Akoma Ntoso"),
            Profile::None => "no namespace, read as Akoma Ntoso".to_string(),
        }
    }
}

/// Which part of the document a provision belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    Preface,
    Preamble,
    Body,
    Conclusions,
    Attachment,
}

/// The identifiers a provision carries. Which of them hold across versions
/// depends on the producer: GUIDs and wIds do, eIds usually shift. Boxed
/// strings: they never grow, and a provision is smaller for it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Ids {
    /// `eId` (AKN 3.0).
    pub eid: Option<Box<str>>,
    /// `wId`: work-level, stable across versions.
    pub wid: Option<Box<str>>,
    /// `GUID`.
    pub guid: Option<Box<str>>,
    /// `xml:id` or `id` (AKN 2.0, LEOS).
    pub xml_id: Option<Box<str>>,
}

impl Ids {
    /// The identifier to cite this provision by in this expression: eId,
    /// else xml:id / id.
    pub fn citable(&self) -> Option<&str> {
        self.eid.as_deref().or(self.xml_id.as_deref())
    }
}

/// A reference (`<ref>`, `<rref>`, `<mref>`) inside a provision's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    pub text: String,
    pub href: Option<String>,
}

/// A footnote (`authorialNote`), kept apart from the clause text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub marker: Option<String>,
    pub text: String,
}

/// One hierarchy element: a chapter, article, paragraph, point, recital...
///
/// Documents hold tens of thousands of these, read and laid out at once:
/// what most provisions lack (a `name`, a subheading, references, notes,
/// quotations) is kept out of line in [`Extra`], and read through methods.
#[derive(Debug, Clone, Serialize)]
pub struct Provision {
    /// The AKN element name: `article`, `paragraph`, `point`, `recital`...
    /// Borrowed from the reader's vocabulary for every element it knows,
    /// so that no provision allocates its name.
    pub element: Cow<'static, str>,
    pub num: Option<Text>,
    pub heading: Option<Text>,
    pub ids: Ids,
    /// A human citation built from the nums of the provision and its
    /// ancestors: "Article 23(2)(c)", "Section 5(1)(a)", "Recital 12".
    /// Most are short enough to be held in place, with no allocation.
    pub label: Text,
    /// Text of the `intro` (the lead-in before a list of children).
    pub intro: Text,
    /// The provision's own text outside intro and wrapUp: `content`, or the
    /// blocks directly inside it.
    pub content: Text,
    /// Text of the `wrapUp` (the words after a list of children).
    pub wrap_up: Text,
    pub parent: Option<ProvisionId>,
    pub children: Vec<ProvisionId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<Box<Extra>>,
    /// Number of provision ancestors.
    pub depth: u32,
    pub part: Part,
    /// Byte offset of the start tag in the decoded source: see
    /// [`Document::positions`] for its line and column.
    pub offset: usize,
}

/// What few provisions have.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Extra {
    /// The `name` attribute (for `hcontainer name="schedule"`, `doc name="annex"`).
    pub name: Option<String>,
    pub subheading: Option<Text>,
    pub refs: Vec<Reference>,
    pub notes: Vec<Note>,
    /// Text of another act quoted inside this clause (`quotedStructure`,
    /// `quotedText`), in order. It is also part of `content`.
    pub quotations: Vec<String>,
}

impl Provision {
    /// The `name` attribute (for `hcontainer name="schedule"`, `doc name="annex"`).
    pub fn name(&self) -> Option<&str> {
        self.extra.as_ref()?.name.as_deref()
    }

    pub fn subheading(&self) -> Option<&str> {
        self.extra.as_ref()?.subheading.as_deref()
    }

    /// References (`<ref>`, `<rref>`, `<mref>`) in the provision's text.
    pub fn refs(&self) -> &[Reference] {
        self.extra.as_ref().map_or(&[], |e| &e.refs)
    }

    /// Footnotes (`authorialNote`) of the provision.
    pub fn notes(&self) -> &[Note] {
        self.extra.as_ref().map_or(&[], |e| &e.notes)
    }

    /// Text of another act quoted inside this clause, in order.
    pub fn quotations(&self) -> &[String] {
        self.extra.as_ref().map_or(&[], |e| &e.quotations)
    }

    /// The out-of-line fields, made when first written.
    pub fn extra_mut(&mut self) -> &mut Extra {
        self.extra.get_or_insert_with(Box::default)
    }

    /// The provision's own text: intro, content and wrap-up, joined by a
    /// newline where more than one is present. Never includes children's text.
    pub fn text(&self) -> String {
        let parts = [&self.intro, &self.content, &self.wrap_up];
        let mut out = String::new();
        for p in parts.into_iter().filter(|p| !p.is_empty()) {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(p);
        }
        out
    }

    /// Number of words in the provision's own text.
    pub fn word_count(&self) -> usize {
        [&self.intro, &self.content, &self.wrap_up]
            .iter()
            .map(|t| t.split_whitespace().count())
            .sum()
    }
}

/// Folded text of a provision's field. Most clauses are written in the file
/// as one run of plain text, which folds to itself: such a text is a span of
/// the source, shared with the other fields that point into it, instead of a
/// copy in an allocation of its own. Text the reader had to change (whitespace
/// folded, references expanded, pieces around inline markup joined) is owned.
/// It reads as a `str` either way.
#[derive(Clone, Default)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Owned(Box<str>),
    /// `source[start..end]`. Offsets are `u32` to keep a text as small as a
    /// `String`; a source over 4 GiB is never shared.
    Shared {
        source: Arc<String>,
        start: u32,
        end: u32,
    },
    /// A short copy held in place: nums ("(a)", "Article 12") and most
    /// headings. No allocation to make, and a label built from the nums
    /// reads them from the provision itself.
    Inline {
        len: u8,
        bytes: [u8; INLINE],
    },
}

/// The longest text held in place: what fits beside the variant's tag in
/// the 24 bytes the other variants take.
const INLINE: usize = 22;

impl Default for Repr {
    fn default() -> Self {
        Repr::Inline {
            len: 0,
            bytes: [0; INLINE],
        }
    }
}

impl Text {
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Owned(s) => s,
            Repr::Shared { source, start, end } => &source[*start as usize..*end as usize],
            // Always a whole `str` copied in (`Text::copy`), so this never
            // falls back; checked rather than assumed, to keep the crate
            // free of `unsafe`, and short enough to cost little.
            Repr::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
        }
    }

    /// Length in bytes, without reading the text.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Owned(s) => s.len(),
            Repr::Shared { start, end, .. } => (end - start) as usize,
            Repr::Inline { len, .. } => usize::from(*len),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A copy of `s`: in place when it is short, else in an allocation of
    /// its own.
    fn copy(s: &str) -> Text {
        match s.len() {
            len @ 0..=INLINE => {
                let mut bytes = [0; INLINE];
                bytes[..len].copy_from_slice(s.as_bytes());
                Text(Repr::Inline {
                    len: len as u8,
                    bytes,
                })
            }
            _ => Text(Repr::Owned(s.into())),
        }
    }

    /// A span of `source`, if `piece` lies in it (the reader hands over
    /// slices of the text it parses; anything else is copied).
    pub(crate) fn shared(source: &Arc<String>, piece: &str) -> Option<Text> {
        let start = (piece.as_ptr() as usize).checked_sub(source.as_ptr() as usize)?;
        let end = start.checked_add(piece.len())?;
        if end > source.len() || !source.is_char_boundary(start) || !source.is_char_boundary(end) {
            return None;
        }
        Some(Text(Repr::Shared {
            source: Arc::clone(source),
            start: u32::try_from(start).ok()?,
            end: u32::try_from(end).ok()?,
        }))
    }

    /// Whether this text is a span of its source rather than a copy.
    pub fn is_shared(&self) -> bool {
        matches!(self.0, Repr::Shared { .. })
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        if s.len() <= INLINE {
            Text::copy(&s)
        } else {
            Text(Repr::Owned(s.into_boxed_str()))
        }
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::copy(s)
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        match t.0 {
            Repr::Owned(s) => s.into_string(),
            Repr::Shared { .. } | Repr::Inline { .. } => t.as_str().to_string(),
        }
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Byte offset -> 1-based line and column (in characters), for offsets
/// asked in increasing order: each call counts only from the last.
pub(crate) struct LineCounter<'a> {
    text: &'a str,
    offset: usize,
    line: u32,
    column: u32,
}

impl<'a> LineCounter<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        LineCounter {
            text,
            offset: 0,
            line: 1,
            column: 1,
        }
    }

    pub(crate) fn position(&mut self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            *self = LineCounter::new(self.text);
        }
        let bytes = &self.text.as_bytes()[self.offset..offset];
        // memchr (already quick-xml's dependency) finds newlines a word at a time.
        let newlines = memchr::memchr_iter(b'\n', bytes).count();
        let tail = match memchr::memrchr(b'\n', bytes) {
            Some(last) => {
                self.line += newlines as u32;
                self.column = 1;
                &bytes[last + 1..]
            }
            None => bytes,
        };
        // Columns count characters; in ASCII (indentation, mostly) bytes.
        self.column += if tail.is_ascii() {
            tail.len()
        } else {
            tail.iter().filter(|&&b| b & 0xC0 != 0x80).count()
        } as u32;
        self.offset = offset;
        (self.line, self.column)
    }
}

/// A problem that did not stop the read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl Document {
    /// The 1-based line and column (in characters) of every provision's
    /// start tag, in one pass over the source. Only `inspect` shows them:
    /// working them out for every provision during the read cost a twentieth
    /// of it.
    pub fn positions(&self) -> Vec<(u32, u32)> {
        let mut order: Vec<ProvisionId> = (0..self.provisions.len()).collect();
        // Already in order, but for stray text's provisions, made late.
        order.sort_by_key(|&id| self.provisions[id].offset);
        let mut lines = LineCounter::new(&self.text.0);
        let mut out = vec![(0, 0); self.provisions.len()];
        for id in order {
            out[id] = lines.position(self.provisions[id].offset);
        }
        out
    }

    /// The last provision (in document order) of each provision's subtree:
    /// the provision itself when it has no subdivisions.
    pub fn subtree_ends(&self) -> Vec<ProvisionId> {
        let mut end: Vec<ProvisionId> = (0..self.provisions.len()).collect();
        for id in (0..self.provisions.len()).rev() {
            if let Some(&last) = self.provisions[id].children.last() {
                if let Some(&e) = end.get(last) {
                    end[id] = end[id].max(e);
                }
            }
        }
        end
    }

    /// Iterates over every provision in document order with its id.
    pub fn iter(&self) -> impl Iterator<Item = (ProvisionId, &Provision)> {
        self.provisions.iter().enumerate()
    }

    /// The provision with this eId (or xml:id), if any.
    pub fn by_eid(&self, eid: &str) -> Option<ProvisionId> {
        self.provisions
            .iter()
            .position(|p| p.ids.citable() == Some(eid))
    }

    /// The provision with this label, if any (the first in document order).
    pub fn by_label(&self, label: &str) -> Option<ProvisionId> {
        self.provisions.iter().position(|p| p.label == label)
    }

    /// The full text of a provision and all its descendants in reading
    /// order (intro and content, the children, then the wrap-up), one
    /// block per line.
    pub fn full_text(&self, id: ProvisionId) -> String {
        enum Step {
            Enter(ProvisionId),
            WrapUp(ProvisionId),
        }
        let mut out = String::new();
        let mut push = |text: &str| {
            if !text.is_empty() {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(text);
            }
        };
        let mut stack = vec![Step::Enter(id)];
        while let Some(step) = stack.pop() {
            match step {
                Step::Enter(cur) => {
                    let p = &self.provisions[cur];
                    push(&p.intro);
                    push(&p.content);
                    stack.push(Step::WrapUp(cur));
                    stack.extend(p.children.iter().rev().map(|&c| Step::Enter(c)));
                }
                Step::WrapUp(cur) => push(&self.provisions[cur].wrap_up),
            }
        }
        out
    }

    /// Ids of the ancestors of a provision, nearest first.
    pub fn ancestors(&self, id: ProvisionId) -> impl Iterator<Item = ProvisionId> + '_ {
        std::iter::successors(self.provisions[id].parent, move |&p| {
            self.provisions[p].parent
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_as_small_as_a_string() {
        assert_eq!(std::mem::size_of::<Text>(), std::mem::size_of::<String>());
    }

    #[test]
    fn short_texts_are_held_in_place_and_read_back_whole() {
        for s in [
            "",
            "(a)",
            "§ 9",
            "Article 4503",
            "„Änderung“ §§ 9",
            "x".repeat(22).as_str(),
        ] {
            let t = Text::from(s);
            assert!(matches!(t.0, Repr::Inline { .. }), "{s:?}");
            assert_eq!(t.as_str(), s);
            assert_eq!(Text::from(s.to_string()), t);
            assert_eq!(String::from(t), s);
        }
        let long = "y".repeat(23);
        let t = Text::from(long.as_str());
        assert!(matches!(t.0, Repr::Owned(_)));
        assert_eq!(t.as_str(), long);
        assert!(Text::default().is_empty());
    }
}
