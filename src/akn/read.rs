//! Akoma Ntoso XML -> [`Document`].
//!
//! One pass over quick-xml events with an explicit stack (no recursion, so
//! deep documents cannot overflow the call stack). The reader never expands
//! DTD entities and never opens another file: `documentRef`, `xi:include`
//! and external DTDs are left alone.
//!
//! Namespaces are recognised, not enforced: elements are matched by local
//! name, because producers write AKN under several namespaces (OASIS 3.0,
//! 2.0, LegalDocML.de) and sometimes with undeclared prefixes (LEOS).
//! Elements whose prefix is bound to a different, known namespace (XHTML
//! tables, `ukl:`) never become provisions, but their text is kept.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;
use quick_xml::{Reader, XmlVersion};

use super::attributes::{needs_normalising, RawAttributes};
use super::error::{ReadError, ReadErrorKind};
use super::ids::{id_hash, IdKind, IdLedger};
use super::label::{self, DOC_TYPES};
use super::model::{
    Document, Extra, Ids, LineCounter, Meta, Note, Part, Profile, Provision, ProvisionId,
    Reference, SourceText, Text, Warning,
};
use super::text::{is_blank, Folder};

/// Deepest element nesting accepted. Real legal documents stay under 60
/// (the deepest corpus file, a UK bill with quoted structures, reaches 30);
/// the limit keeps labels, which grow with depth, in proportion.
pub const MAX_DEPTH: usize = 1000;

/// Elements that make a provision of the document.
const HIERARCHY: &[&str] = &[
    "alinea",
    "article",
    "book",
    "chapter",
    "citation",
    "citations",
    "clause",
    "division",
    "hcontainer",
    "indent",
    "level",
    "list",
    "paragraph",
    "part",
    "point",
    "proviso",
    "recital",
    "recitals",
    "rule",
    "section",
    "subchapter",
    "subclause",
    "subdivision",
    "sublist",
    "subparagraph",
    "subpart",
    "subrule",
    "subsection",
    "subtitle",
    "title",
    "tome",
    "transitional",
];

#[cfg(test)]
/// Elements whose content is not text of the document.
const SKIPPED: &[&str] = &[
    "toc",
    "noteRef",
    "del",
    "remark",
    "componentRef",
    "documentRef",
];

#[cfg(test)]
/// Block-level elements: their boundaries separate text by a line break.
const BLOCKS: &[&str] = &[
    "p",
    "block",
    "blockList",
    "item",
    "listIntroduction",
    "listWrapUp",
    "longTitle",
    "formula",
    "container",
    "crossHeading",
    "blockContainer",
    "tblock",
    "table",
    "tr",
    "caption",
    "subFlow",
    "embeddedStructure",
    "foreign",
    "signature",
    "intro",
    "wrapUp",
    "content",
    "li",
    "ul",
    "ol",
    "div",
];

#[cfg(test)]
/// Body-like containers: not provisions themselves.
const BODIES: &[&str] = &[
    "body",
    "mainBody",
    "amendmentBody",
    "judgmentBody",
    "debateBody",
    "portionBody",
];

#[cfg(test)]
/// Containers of nested documents.
const WRAPPERS: &[&str] = &[
    "attachments",
    "attachment",
    "components",
    "component",
    "collectionBody",
    "interstitial",
];

/// What an element is to the reader, decided once per start tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Hierarchy,
    DocType,
    Skipped,
    Block,
    Body,
    Wrapper,
    Other,
}

/// The class of an element name. A `match` on strings compiles to a
/// decision on length and bytes: far cheaper than scanning the lists
/// above for every element (the lists stay the documentation, and a test
/// checks that they agree).
fn class(name: &str) -> Class {
    match name {
        "alinea" | "article" | "book" | "chapter" | "citation" | "citations" | "clause"
        | "division" | "hcontainer" | "indent" | "level" | "list" | "paragraph" | "part"
        | "point" | "proviso" | "recital" | "recitals" | "rule" | "section" | "subchapter"
        | "subclause" | "subdivision" | "sublist" | "subparagraph" | "subpart" | "subrule"
        | "subsection" | "subtitle" | "title" | "tome" | "transitional" => Class::Hierarchy,
        "act" | "amendment" | "amendmentList" | "bill" | "debate" | "debateReport" | "doc"
        | "documentCollection" | "judgment" | "officialGazette" | "portion" | "statement" => {
            Class::DocType
        }
        "toc" | "noteRef" | "del" | "remark" | "componentRef" | "documentRef" => Class::Skipped,
        "p" | "block" | "blockList" | "item" | "listIntroduction" | "listWrapUp" | "longTitle"
        | "formula" | "container" | "crossHeading" | "blockContainer" | "tblock" | "table"
        | "tr" | "caption" | "subFlow" | "embeddedStructure" | "foreign" | "signature"
        | "intro" | "wrapUp" | "content" | "li" | "ul" | "ol" | "div" => Class::Block,
        "body" | "mainBody" | "amendmentBody" | "judgmentBody" | "debateBody" | "portionBody" => {
            Class::Body
        }
        "attachments" | "attachment" | "components" | "component" | "collectionBody"
        | "interstitial" => Class::Wrapper,
        _ => Class::Other,
    }
}

/// Provision elements that are neither hierarchy elements nor document
/// types: the parts of a document and its bodies.
const PART_ELEMENTS: &[&str] = &[
    "preface",
    "preamble",
    "conclusions",
    "body",
    "mainBody",
    "amendmentBody",
    "judgmentBody",
    "debateBody",
    "portionBody",
];

/// The element name of a provision, borrowed from the reader's vocabulary
/// where it is there (always, in practice), so that no provision allocates
/// its name.
fn vocabulary(name: &str) -> Cow<'static, str> {
    HIERARCHY
        .iter()
        .chain(DOC_TYPES)
        .chain(PART_ELEMENTS)
        .find(|&&e| e == name)
        .map_or_else(|| Cow::Owned(name.to_string()), |&e| Cow::Borrowed(e))
}

/// Reads a file.
pub fn read(path: &Path) -> Result<Document, ReadError> {
    let name = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| ReadError::new(&name, None, ReadErrorKind::Io(e)))?;
    read_owned(bytes, &name)
}

/// Reads a document from bytes; `source_name` names it in messages. The
/// document keeps a copy of the decoded text (see [`read_owned`]).
pub fn read_bytes(bytes: &[u8], source_name: &str) -> Result<Document, ReadError> {
    let text = decode(bytes)
        .map_err(|(pos, msg)| ReadError::new(source_name, pos, ReadErrorKind::Encoding(msg)))?;
    read_text(text.into_owned(), source_name)
}

/// Reads a document from bytes it takes over: valid UTF-8 becomes the
/// decoded text without a copy. The document keeps that text: provisions
/// whose text is written there plainly share it instead of copying it, and
/// positions are worked out from it when asked for. The same document as
/// [`read_bytes`] gives.
pub fn read_owned(bytes: Vec<u8>, source_name: &str) -> Result<Document, ReadError> {
    // With no mark and no other encoding declared, `decode` reads the bytes
    // as UTF-8: valid, they are the text as they stand.
    let plain =
        signature(&bytes).is_none() && declared_encoding(&bytes).is_none_or(|e| is_utf8_label(&e));
    let text = match String::from_utf8(bytes) {
        Ok(text) if plain => text,
        Ok(text) => decode_owned(text.into_bytes(), source_name)?,
        Err(e) => decode_owned(e.into_bytes(), source_name)?,
    };
    read_text(text, source_name)
}

fn read_text(text: String, source_name: &str) -> Result<Document, ReadError> {
    if text.trim().is_empty() {
        return Err(ReadError::new(source_name, None, ReadErrorKind::Empty));
    }
    let shared = Arc::new(text);
    Builder::new(&shared, source_name, Arc::clone(&shared)).run()
}

/// Decodes bytes that are not plain UTF-8 (or say they are something else).
fn decode_owned(bytes: Vec<u8>, source_name: &str) -> Result<String, ReadError> {
    decode(&bytes)
        .map(Cow::into_owned)
        .map_err(|(pos, msg)| ReadError::new(source_name, pos, ReadErrorKind::Encoding(msg)))
}

fn is_utf8_label(label: &str) -> bool {
    let lower = label.to_ascii_lowercase();
    lower == "utf-8" || lower == "utf8" || lower == "us-ascii" || lower == "ascii"
}

/// Why bytes are not text: a position where one can be named, and a message.
type DecodeError = (Option<(u32, u32)>, String);

/// Bytes -> text, by byte-order mark, then the XML declaration's encoding,
/// then UTF-8. The error carries a position where one can be named.
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, DecodeError> {
    use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
    let utf16 = |enc: &'static Encoding, body: &[u8]| {
        enc.decode_without_bom_handling_and_without_replacement(body)
            .map(|s| Cow::Owned(s.into_owned()))
            .ok_or((None, format!("not valid {} text", enc.name())))
    };
    match signature(bytes) {
        Some((enc, mark)) if enc == UTF_8 => return utf8(&bytes[mark..]),
        Some((enc, mark)) => return utf16(enc, &bytes[mark..]),
        None => {}
    }
    match declared_encoding(bytes) {
        None => utf8(bytes),
        Some(label) => {
            if is_utf8_label(&label) {
                return utf8(bytes);
            }
            let enc = Encoding::for_label(label.as_bytes()).ok_or((
                Some((1, 1)),
                format!("unsupported encoding \"{label}\" in the XML declaration"),
            ))?;
            if enc == UTF_16LE || enc == UTF_16BE {
                // A UTF-16 declaration readable as ASCII means the bytes are not UTF-16.
                return utf8(bytes);
            }
            enc.decode_without_bom_handling_and_without_replacement(bytes)
                .map(|s| Cow::Owned(s.into_owned()))
                .ok_or((None, format!("not valid {label} text")))
        }
    }
}

/// The encoding a byte-order mark, or the UTF-16 form of `<?`, shows, and
/// the mark's length.
fn signature(bytes: &[u8]) -> Option<(&'static encoding_rs::Encoding, usize)> {
    use encoding_rs::{UTF_16BE, UTF_16LE, UTF_8};
    match bytes {
        [0xEF, 0xBB, 0xBF, ..] => Some((UTF_8, 3)),
        [0xFF, 0xFE, ..] => Some((UTF_16LE, 2)),
        [0xFE, 0xFF, ..] => Some((UTF_16BE, 2)),
        [b'<', 0, b'?', 0, ..] => Some((UTF_16LE, 0)),
        [0, b'<', 0, b'?', ..] => Some((UTF_16BE, 0)),
        _ => None,
    }
}

fn utf8(bytes: &[u8]) -> Result<Cow<'_, str>, DecodeError> {
    std::str::from_utf8(bytes).map(Cow::Borrowed).map_err(|e| {
        let good = e.valid_up_to();
        // The prefix is valid UTF-8, so this cannot fail; fall back to no position.
        let pos = std::str::from_utf8(&bytes[..good])
            .ok()
            .map(|prefix| LineCounter::new(prefix).position(good));
        let byte = bytes.get(good).copied().unwrap_or(0);
        (
            pos,
            format!(
                "not UTF-8 text (byte 0x{byte:02X}); declare the encoding in the XML declaration, \
                 or this is not an XML file"
            ),
        )
    })
}

/// The encoding named in `<?xml ... encoding="..."?>`, if any.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(512)];
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let after = &decl[decl.find("encoding")? + "encoding".len()..];
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let value = &after[1..];
    Some(value[..value.find(quote)?].to_string())
}

/// Where text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sink {
    Discard,
    Field(ProvisionId, Field),
    Note,
    /// Text directly in the top-level body: a provision is made for it when
    /// some arrives. The index is the body's frame on the stack.
    Stray(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Num,
    Heading,
    Subheading,
    Intro,
    Content,
    WrapUp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FrameKind {
    Plain,
    Provision,
    Block,
    /// The element of one of a provision's fields: `num`, `heading`,
    /// `intro`, `content`... A block, whose text is settled when it closes.
    Field,
    Cell,
    Meta,
    Skip,
    Note,
    Capture,
    Quote,
    Body,
}

struct Frame {
    /// Byte offset of the start tag: its name and position are worked out
    /// from it only when needed (a provision, an error), not per element.
    offset: usize,
    kind: FrameKind,
    sink_before: Sink,
    provision_before: Option<ProvisionId>,
    /// For a top-level body: where a provision for stray text goes
    /// (position among the roots), and that provision once made.
    stray_at: usize,
    stray: Option<ProvisionId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CaptureKind {
    Ref,
    DocTitle,
    ShortTitle,
    DocStage,
    DocNumber,
    Num,
    Quote,
}

struct Capture {
    kind: CaptureKind,
    depth: usize,
    owner: Option<ProvisionId>,
    href: Option<String>,
    text: Folder<'static>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FrbrSection {
    Work,
    Expression,
    Other,
}

struct Builder<'a> {
    text: &'a str,
    source: &'a str,
    lines: LineCounter<'a>,
    provisions: Vec<Provision>,
    /// The texts being gathered for the provisions still open (and for a
    /// body's stray-text provision), one entry per field that has received
    /// any, innermost last. A provision's texts are folded into it when it
    /// closes, while they are still in cache, and no per-provision slot is
    /// kept for the whole read. An entry per field, not a set of all six
    /// per provision: most provisions fill two or three, and the whole set
    /// was hundreds of bytes to write and move for each.
    open_texts: Vec<(ProvisionId, Field, Folder<'a>)>,
    /// The source text, which the document keeps and shares spans of (see
    /// [`Text`]): `text` is a slice of it.
    shared: Arc<String>,
    roots: Vec<ProvisionId>,
    /// Whether the arena has left document pre-order, which start tags
    /// keep: only a provision made late for a body's stray text breaks it.
    out_of_order: bool,
    stack: Vec<Frame>,
    sink: Sink,
    provision: Option<ProvisionId>,
    part: Part,
    captures: Vec<Capture>,
    note: Option<(Option<String>, Folder<'a>)>,
    quote_depth: usize,
    meta: Meta,
    frbr: FrbrSection,
    meta_done: bool,
    tlc: HashMap<String, String>,
    short_title: Option<String>,
    alias: Option<String>,
    frbr_name: Option<String>,
    root_seen: bool,
    root_closed: bool,
    akn_ns: Option<String>,
    prefixes: HashMap<String, String>,
    /// Whether elements with this prefix ("" for none) are foreign, for the
    /// last prefix asked: a document writes one prefix (or none) on nearly
    /// every element, and a hash lookup and a comparison of namespaces per
    /// tag were a few percent of a read. Cleared when a prefix is declared.
    foreign_cache: Option<(String, bool)>,
    doc_depth: Option<usize>,
    ids: IdLedger,
    warnings: Vec<Warning>,
    nested_docs: HashSet<ProvisionId>,
    /// The provisions that are a preface, preamble or conclusions: asked
    /// of the parent at every provision's close, where reading the parent's
    /// element name was a cache miss for each article of a long chapter.
    front_matter: Vec<ProvisionId>,
    /// End quotes to write when the quotation at this stack depth closes.
    pending_end_quotes: Vec<(usize, String)>,
    pending_open_quote: Option<String>,
}

/// The attributes of a start tag that the reader uses, borrowed from the
/// input where no entity had to be expanded: most elements make no
/// provision, and copying their ids would cost an allocation each.
#[derive(Default)]
struct Attrs<'s> {
    ids: RawIds<'s>,
    name: Option<Cow<'s, str>>,
    href: Option<Cow<'s, str>>,
    value: Option<Cow<'s, str>>,
    date: Option<Cow<'s, str>>,
    language: Option<Cow<'s, str>>,
    marker: Option<Cow<'s, str>>,
    start_quote: Option<Cow<'s, str>>,
    end_quote: Option<Cow<'s, str>>,
    show_as: Option<Cow<'s, str>>,
    /// LEOS's tracked-change state (`leos:softaction`): "del" and "move_to"
    /// mark what the text no longer holds.
    soft_action: Option<Cow<'s, str>>,
    namespaces: Vec<(String, String)>,
}

#[derive(Default)]
struct RawIds<'s> {
    eid: Option<Cow<'s, str>>,
    wid: Option<Cow<'s, str>>,
    guid: Option<Cow<'s, str>>,
    xml_id: Option<Cow<'s, str>>,
}

impl RawIds<'_> {
    fn owned(&self) -> Ids {
        let own = |v: &Option<Cow<'_, str>>| v.as_deref().map(Box::from);
        Ids {
            eid: own(&self.eid),
            wid: own(&self.wid),
            guid: own(&self.guid),
            xml_id: own(&self.xml_id),
        }
    }
}

/// Bytes of source per provision in the densest documents of the corpus
/// (500 to 650 in bills and the generated convention; thousands in
/// debates), less a margin. The arena is reserved for the file's size over
/// this at the start, so that most documents never grow it: growing copies
/// it, and the pages of the old arena were faulted in for nothing. Capacity
/// never written costs address space, not memory; what is much too large is
/// trimmed when the document is done.
const DENSEST: usize = 448;

/// An attribute value as an owned string, if present.
fn owned(v: &Option<Cow<'_, str>>) -> Option<String> {
    v.as_deref().map(str::to_string)
}

impl<'a> Builder<'a> {
    fn new(text: &'a str, source: &'a str, shared: Arc<String>) -> Self {
        Builder {
            text,
            source,
            shared,
            lines: LineCounter::new(text),
            provisions: Vec::with_capacity(text.len() / DENSEST),
            open_texts: Vec::new(),
            roots: Vec::new(),
            out_of_order: false,
            stack: Vec::new(),
            sink: Sink::Discard,
            provision: None,
            part: Part::Body,
            captures: Vec::new(),
            note: None,
            quote_depth: 0,
            meta: Meta::default(),
            frbr: FrbrSection::Other,
            meta_done: false,
            tlc: HashMap::new(),
            short_title: None,
            alias: None,
            frbr_name: None,
            root_seen: false,
            root_closed: false,
            akn_ns: None,
            prefixes: HashMap::new(),
            foreign_cache: None,
            doc_depth: None,
            ids: IdLedger::default(),
            warnings: Vec::new(),
            nested_docs: HashSet::new(),
            front_matter: Vec::new(),
            pending_end_quotes: Vec::new(),
            pending_open_quote: None,
        }
    }

    fn error_at(&mut self, offset: usize, kind: ReadErrorKind) -> ReadError {
        let pos = self.lines.position(offset);
        ReadError::new(self.source, Some(pos), kind)
    }

    fn warn(&mut self, offset: usize, message: String) {
        let (line, column) = self.lines.position(offset);
        self.warnings.push(Warning {
            line,
            column,
            message,
        });
    }

    fn run(mut self) -> Result<Document, ReadError> {
        let mut reader = Reader::from_str(self.text);
        {
            let config = reader.config_mut();
            config.trim_text(false);
            config.expand_empty_elements = true;
            config.check_end_names = true;
        }
        loop {
            let offset = reader.buffer_position() as usize;
            // Matched where it was returned: moved out of the `Result`
            // first, the event was copied in 16-byte loads of what the
            // parser had just written in 8-byte stores, a stall on every
            // event.
            let event = reader.read_event();
            match event {
                Ok(Event::Start(start)) => self.start(&start, offset)?,
                Ok(Event::End(_)) => self.end(),
                // Line ends need no normalising: the folder reads "\r\n",
                // "\r" and "\n" alike, as whitespace.
                Ok(Event::Text(t)) => match t.into_inner() {
                    Cow::Borrowed(content) => self.text_event(Raw::Source(content), offset)?,
                    Cow::Owned(content) => self.text_event(Raw::Other(&content), offset)?,
                },
                Ok(Event::CData(t)) => {
                    let content = t.xml10_content();
                    self.text_event(Raw::Other(&content), offset)?;
                }
                Ok(Event::GeneralRef(r)) => {
                    let c = if r.is_char_ref() {
                        match r.resolve_char_ref() {
                            Ok(Some(c)) => c,
                            _ => {
                                let name = r.into_inner().into_owned();
                                return Err(self.error_at(
                                    offset,
                                    ReadErrorKind::Syntax(format!(
                                        "invalid character reference &{name};"
                                    )),
                                ));
                            }
                        }
                    } else {
                        let name = r.into_inner();
                        match predefined(&name) {
                            Some(c) => c,
                            None => {
                                let name = name.into_owned();
                                return Err(
                                    self.error_at(offset, ReadErrorKind::UndefinedEntity(name))
                                );
                            }
                        }
                    };
                    self.push_char(c, offset)?;
                }
                Ok(Event::DocType(_)) => {
                    self.warn(
                        offset,
                        "the document type declaration (DTD) is ignored: its entities are never expanded and external files never read".to_string(),
                    );
                }
                Ok(Event::Eof) => break,
                Ok(Event::Empty(_) | Event::Comment(_) | Event::Decl(_) | Event::PI(_)) => {}
                Err(e) => {
                    let at = reader.error_position() as usize;
                    return Err(self.error_at(at, ReadErrorKind::Syntax(e.to_string())));
                }
            }
        }
        if let Some(open) = self.stack.last() {
            let at = open.offset;
            let element = tag_name_at(self.text, at).to_string();
            let (line, column) = self.lines.position(at);
            let at = self.text.len();
            return Err(self.error_at(
                at,
                ReadErrorKind::Truncated {
                    element,
                    line,
                    column,
                },
            ));
        }
        if !self.root_seen {
            return Err(ReadError::new(self.source, None, ReadErrorKind::NoRoot));
        }
        Ok(self.finish())
    }

    fn text_event(&mut self, content: Raw<'a, '_>, offset: usize) -> Result<(), ReadError> {
        if !self.root_seen || self.root_closed {
            if content.as_str().trim().is_empty() {
                return Ok(());
            }
            return Err(self.error_at(offset, ReadErrorKind::TextOutsideRoot));
        }
        self.push_text(content);
        Ok(())
    }

    fn push_char(&mut self, c: char, offset: usize) -> Result<(), ReadError> {
        if !self.root_seen || self.root_closed {
            return Err(self.error_at(offset, ReadErrorKind::TextOutsideRoot));
        }
        let mut buf = [0u8; 4];
        self.push_text(Raw::Other(c.encode_utf8(&mut buf)));
        Ok(())
    }

    /// Sends text to the current sink and to every open capture.
    fn push_text(&mut self, content: Raw<'a, '_>) {
        let content = match self.pending_open_quote.take() {
            Some(q) if !content.as_str().trim().is_empty() => {
                self.push_text(Raw::Other(&q));
                self.glue();
                content.trim_start()
            }
            Some(q) => {
                self.pending_open_quote = Some(q);
                return;
            }
            None => content,
        };
        for cap in &mut self.captures {
            cap.text.push_str(content.as_str());
        }
        let raw = content.as_str();
        let layout = is_blank(raw.as_bytes());
        if layout || matches!(self.sink, Sink::Stray(_)) && raw.trim().is_empty() {
            // Layout between tags, half of all events: a word boundary,
            // which only a field that already holds text needs to know of.
            // No folder is made for it, nor a provision for a body's stray
            // text.
            if let (Some(folder), false) = (self.existing_sink_folder(), raw.is_empty()) {
                if layout {
                    folder.space();
                } else {
                    folder.push_str(raw);
                }
            }
            return;
        }
        if let Some(folder) = self.sink_folder() {
            match content {
                Raw::Source(content) => folder.push_source(content),
                Raw::Other(content) => folder.push_str(content),
            }
        }
    }

    fn sink_folder(&mut self) -> Option<&mut Folder<'a>> {
        match self.sink {
            Sink::Discard => None,
            Sink::Field(id, field) => Some(self.folder(id, field)),
            Sink::Note => self.note.as_mut().map(|(_, f)| f),
            Sink::Stray(frame) => {
                let id = match self.stack.get(frame).and_then(|f| f.stray) {
                    Some(id) => id,
                    None => {
                        let at = self.stack.get(frame).map_or(0, |f| f.stray_at);
                        let tag = self.stack.get(frame).map_or(0, |f| f.offset);
                        let element = vocabulary(local_name(tag_name_at(self.text, tag)));
                        let id = self.new_provision(element, &Attrs::default(), None, tag);
                        // new_provision appended it to the roots; put it where the body began.
                        self.roots.pop();
                        let at = at.min(self.roots.len());
                        // Roots made since the body began now follow a
                        // provision made after them.
                        self.out_of_order |= at < self.roots.len();
                        self.roots.insert(at, id);
                        if let Some(f) = self.stack.get_mut(frame) {
                            f.stray = Some(id);
                        }
                        id
                    }
                };
                Some(self.folder(id, Field::Content))
            }
        }
    }

    /// The text being gathered for a field of a provision.
    fn folder(&mut self, id: ProvisionId, field: Field) -> &mut Folder<'a> {
        let at = match self.open_text(id, field) {
            Some(at) => at,
            None => {
                self.open_texts.push((id, field, Folder::new()));
                self.open_texts.len() - 1
            }
        };
        &mut self.open_texts[at].2
    }

    /// Where the text of a field of a provision is being gathered, if it
    /// is: the innermost entries are on top.
    fn open_text(&self, id: ProvisionId, field: Field) -> Option<usize> {
        self.open_texts
            .iter()
            .rposition(|(i, f, _)| *i == id && *f == field)
    }

    /// The text gathered so far for a field of a provision, if any.
    fn existing_folder(&mut self, id: ProvisionId, field: Field) -> Option<&mut Folder<'a>> {
        let at = self.open_text(id, field)?;
        Some(&mut self.open_texts[at].2)
    }

    /// Whether a field of a provision has received no text yet, neither
    /// in its folder nor settled into the provision.
    fn field_is_empty(&self, id: ProvisionId, field: Field) -> bool {
        let p = &self.provisions[id];
        let settled = match field {
            Field::Num => p.num.is_some(),
            Field::Heading => p.heading.is_some(),
            Field::Subheading => p.subheading().is_some(),
            Field::Intro => !p.intro.is_empty(),
            Field::Content => !p.content.is_empty(),
            Field::WrapUp => !p.wrap_up.is_empty(),
        };
        !settled
            && self
                .open_text(id, field)
                .is_none_or(|at| self.open_texts[at].2.is_empty())
    }

    /// Folds the text of one field into its provision, when the element
    /// that holds it (`num`, `heading`, `intro`, `content`...) closes: the
    /// provision is still in cache then, where at its own close, after its
    /// children, it often is not. Text that comes to the field later is
    /// appended on a new line, as a second block in one folder would be.
    fn settle_field(&mut self, id: ProvisionId, field: Field) {
        if let Some(at) = self.open_text(id, field) {
            let (_, field, folder) = self.open_texts.remove(at);
            settle(&mut self.provisions[id], field, folder, Some(&self.shared));
        }
    }

    /// Folds a provision's gathered texts into it: it has closed. Its
    /// entries are on top, as its children closed before it.
    fn settle_texts(&mut self, id: ProvisionId) {
        while let Some(at) = self.open_texts.iter().rposition(|(i, _, _)| *i == id) {
            let (_, field, folder) = self.open_texts.remove(at);
            settle(&mut self.provisions[id], field, folder, Some(&self.shared));
        }
    }

    /// Marks a block boundary in the current sink.
    fn block_break(&mut self) {
        if self.quote_depth > 0 {
            // A quotation reads as one run of text inside its clause.
            self.space();
            return;
        }
        if let Some(f) = self.existing_sink_folder() {
            f.block_break();
        }
        for cap in &mut self.captures {
            cap.text.block_break();
        }
    }

    /// Drops pending whitespace, so that the next text follows directly.
    fn glue(&mut self) {
        if let Some(f) = self.existing_sink_folder() {
            f.glue();
        }
        for cap in &mut self.captures {
            cap.text.glue();
        }
    }

    fn space(&mut self) {
        if !matches!(self.sink, Sink::Stray(_)) {
            if let Some(f) = self.existing_sink_folder() {
                f.space();
            }
        }
        for cap in &mut self.captures {
            cap.text.space();
        }
    }

    fn new_provision(
        &mut self,
        element: Cow<'static, str>,
        attrs: &Attrs<'_>,
        parent: Option<ProvisionId>,
        offset: usize,
    ) -> ProvisionId {
        let id = self.provisions.len();
        if matches!(&*element, "preface" | "preamble" | "conclusions") {
            self.front_matter.push(id);
        }
        let depth = parent.map_or(0, |p| self.provisions[p].depth + 1);
        let name = owned(&attrs.name);
        self.reserve_provision(offset);
        self.provisions.push(Provision {
            element,
            num: None,
            heading: None,
            ids: attrs.ids.owned(),
            label: Text::default(),
            intro: Text::default(),
            content: Text::default(),
            wrap_up: Text::default(),
            parent,
            children: Vec::new(),
            extra: name.map(|name| {
                Box::new(Extra {
                    name: Some(name),
                    ..Extra::default()
                })
            }),
            depth,
            part: self.part,
            offset,
        });
        match parent {
            Some(p) => self.provisions[p].children.push(id),
            None => self.roots.push(id),
        }
        id
    }

    /// Makes room for one more provision, when the first estimate (see
    /// [`DENSEST`]) fell short. Doubling a large arena holds
    /// both buffers at once (a 40 MB document peaked at 4.5x its size), and
    /// counting the provisions first costs a pass over the tags; instead,
    /// once an eighth of the document is read, the arena grows to what the
    /// density so far predicts for the whole, with an eighth to spare.
    fn reserve_provision(&mut self, offset: usize) {
        let len = self.provisions.len();
        if len < self.provisions.capacity() {
            return;
        }
        let read = offset.max(1);
        let total = self.text.len();
        let additional = if len < 1024 || read.saturating_mul(8) < total {
            len.max(16)
        } else {
            let estimate = (len as u128 * total as u128 / read as u128) as usize;
            (estimate + estimate / 8).saturating_sub(len).max(len / 8)
        };
        self.provisions.reserve_exact(additional);
    }

    /// Fills `a` (empty) from a start tag. An out-parameter: `Attrs` is a
    /// few hundred bytes, and returning it in a `Result` copied it for every
    /// tag (4% of a read).
    fn attrs<'s>(
        &mut self,
        start: &'s BytesStart<'_>,
        offset: usize,
        a: &mut Attrs<'s>,
    ) -> Result<(), ReadError> {
        // quick-xml's duplicate check keeps a list of every key of every
        // tag (an allocation per tag); duplicates of the attributes read
        // are caught below instead, and others change nothing read.
        for attr in RawAttributes::new(start.attributes_raw()) {
            let (key, raw) = match attr {
                Ok(attr) => attr,
                Err(e) => return Err(self.error_at(offset, ReadErrorKind::Syntax(e))),
            };
            // Only the attributes the model keeps are unescaped and copied:
            // most (class, ukl:*, leos:*) are not, and this is a hot loop.
            let wanted = matches!(
                key,
                "eId"
                    | "wId"
                    | "GUID"
                    | "xml:id"
                    | "id"
                    | "name"
                    | "href"
                    | "value"
                    | "date"
                    | "language"
                    | "marker"
                    | "startQuote"
                    | "endQuote"
                    | "showAs"
                    | "xmlns"
                    | "leos:softaction"
            ) || key.starts_with("xmlns:");
            if !wanted {
                continue;
            }
            let value = if needs_normalising(raw) {
                let attr = Attribute {
                    key: QName(key),
                    value: Cow::Borrowed(raw),
                };
                match attr.normalized_value(XmlVersion::Implicit1_0) {
                    Ok(v) => v,
                    Err(e) => {
                        return Err(self.error_at(
                            offset,
                            ReadErrorKind::Syntax(format!("in attribute {key}: {e}")),
                        ));
                    }
                }
            } else {
                Cow::Borrowed(raw)
            };
            let slot = match key {
                "eId" => &mut a.ids.eid,
                "wId" => &mut a.ids.wid,
                "GUID" => &mut a.ids.guid,
                "xml:id" | "id" => &mut a.ids.xml_id,
                "name" => &mut a.name,
                "href" => &mut a.href,
                "value" => &mut a.value,
                "date" => &mut a.date,
                "language" => &mut a.language,
                "marker" => &mut a.marker,
                "startQuote" => &mut a.start_quote,
                "endQuote" => &mut a.end_quote,
                "showAs" => &mut a.show_as,
                "leos:softaction" => &mut a.soft_action,
                k => {
                    let prefix = if k == "xmlns" {
                        String::new()
                    } else {
                        k.strip_prefix("xmlns:").unwrap_or(k).to_string()
                    };
                    if a.namespaces.iter().any(|(p, _)| *p == prefix) {
                        return Err(self.duplicate_attribute(key, offset));
                    }
                    a.namespaces.push((prefix, value.into_owned()));
                    continue;
                }
            };
            // "xml:id" and "id" fill one slot, and count as one here.
            if slot.is_some() {
                return Err(self.duplicate_attribute(key, offset));
            }
            *slot = Some(value);
        }
        Ok(())
    }

    fn duplicate_attribute(&mut self, key: &str, offset: usize) -> ReadError {
        self.error_at(
            offset,
            ReadErrorKind::Syntax(format!("duplicate attribute {key}")),
        )
    }

    fn note_ids(&mut self, ids: &RawIds<'_>, offset: usize) {
        // Four tests, not a loop over an array of the four: the array was
        // built on the stack for every tag.
        if let Some(id) = &ids.eid {
            self.ids.record(IdKind::EId, id, offset);
        }
        if let Some(id) = &ids.wid {
            self.ids.record(IdKind::WId, id, offset);
        }
        if let Some(id) = &ids.guid {
            self.ids.record(IdKind::Guid, id, offset);
        }
        if let Some(id) = &ids.xml_id {
            self.ids.record(IdKind::XmlId, id, offset);
        }
    }

    fn start(&mut self, start: &BytesStart<'_>, offset: usize) -> Result<(), ReadError> {
        let qname = start.name();
        let full: &str = qname.as_ref();
        let (prefix, local) = match full.split_once(':') {
            Some((p, l)) => (Some(p), l),
            None => (None, full),
        };
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.error_at(offset, ReadErrorKind::TooDeep(MAX_DEPTH)));
        }
        if self.root_closed {
            return Err(self.error_at(offset, ReadErrorKind::SecondRoot(full.to_string())));
        }
        let mut attrs = Attrs::default();
        self.attrs(start, offset, &mut attrs)?;
        for (p, ns) in &attrs.namespaces {
            self.prefixes.insert(p.clone(), ns.clone());
            self.foreign_cache = None;
        }
        self.note_ids(&attrs.ids, offset);

        // The kind is written with the rest of the frame, as it is pushed:
        // set on a local frame first, its byte was read back in the words
        // of the frame's copy to the stack, a stall on every element.
        let mut kind = FrameKind::Plain;
        let mut frame = Frame {
            offset,
            kind,
            sink_before: self.sink,
            provision_before: self.provision,
            stray_at: 0,
            stray: None,
        };

        if !self.root_seen {
            self.root_seen = true;
            return self.start_root(local, prefix, attrs, frame, offset);
        }

        // Foreign elements (XHTML, ukl:...) keep their text but never make
        // provisions or metadata.
        let foreign = self.is_foreign(prefix.unwrap_or(""));

        let top_kind = self.stack.last().map(|f| f.kind);
        if matches!(top_kind, Some(FrameKind::Skip)) {
            kind = FrameKind::Skip;
            self.stack.push(Frame { kind, ..frame });
            return Ok(());
        }
        if matches!(top_kind, Some(FrameKind::Meta)) {
            self.meta_element(local, &attrs);
            kind = FrameKind::Meta;
            self.stack.push(Frame { kind, ..frame });
            return Ok(());
        }

        let l = local;
        let in_quote = self.quote_depth > 0;
        let direct_child_of_provision = matches!(top_kind, Some(FrameKind::Provision));

        if self.doc_depth.is_none() {
            self.doc_depth = Some(self.stack.len());
            // The first element inside akomaNtoso is the document type...
            if matches!(
                class(l),
                Class::DocType | Class::Skipped | Class::Block | Class::Wrapper | Class::Other
            ) {
                self.start_document(l, &attrs, offset);
                self.stack.push(Frame { kind, ..frame });
                return Ok(());
            }
            // ...or, in fragments, a provision or a body.
            self.meta.doc_type = "fragment".to_string();
            self.warn(
                offset,
                format!(
                    "no document type inside <akomaNtoso>: read as a fragment whose root is <{l}>"
                ),
            );
        }

        if l == "meta" && !in_quote {
            kind = if self.meta_done || !self.nested_docs.is_empty() && self.provision.is_some() {
                FrameKind::Skip
            } else {
                FrameKind::Meta
            };
            self.sink = Sink::Discard;
            self.stack.push(Frame { kind, ..frame });
            return Ok(());
        }
        let cls = class(l);
        // A LEOS mandate keeps what it deleted or moved away as a ghost
        // beside the live text; the document's text is the live one.
        let ghost = matches!(attrs.soft_action.as_deref(), Some("del" | "move_to"));
        if cls == Class::Skipped || ghost {
            kind = FrameKind::Skip;
            self.sink = Sink::Discard;
            self.stack.push(Frame { kind, ..frame });
            return Ok(());
        }
        if l == "authorialNote" || l == "note" {
            kind = FrameKind::Note;
            self.note = Some((owned(&attrs.marker), Folder::new()));
            self.sink = Sink::Note;
            self.stack.push(Frame { kind, ..frame });
            return Ok(());
        }
        if l == "quotedStructure" || l == "quotedText" || l == "embeddedText" {
            kind = FrameKind::Quote;
            self.quote_depth += 1;
            self.open_capture(CaptureKind::Quote, None);
            // Written just before the quotation's first word, so that no
            // space separates them.
            self.pending_open_quote = owned(&attrs.start_quote);
            self.stack.push(Frame { kind, ..frame });
            // The end quote is written when the frame closes.
            if let Some(q) = owned(&attrs.end_quote) {
                self.pending_end_quotes.push((self.stack.len(), q));
            }
            return Ok(());
        }

        let outer_doc = self.nested_docs.is_empty() || self.provision.is_none();
        let nested_doc_owner = self.provision.filter(|p| self.nested_docs.contains(p));

        // Parts of the (outer or nested) document.
        if !in_quote && !foreign {
            match l {
                "coverPage" => {
                    kind = FrameKind::Block;
                    self.sink = Sink::Discard;
                    self.stack.push(Frame { kind, ..frame });
                    return Ok(());
                }
                "preface" | "preamble" | "conclusions" if outer_doc => {
                    self.part = match l {
                        "preface" => Part::Preface,
                        "preamble" => Part::Preamble,
                        _ => Part::Conclusions,
                    };
                    {
                        self.open_provision(l, &attrs, frame);
                        return Ok(());
                    }
                }
                "preface" if nested_doc_owner.is_some() => {
                    kind = FrameKind::Block;
                    self.stack.push(Frame { kind, ..frame });
                    return Ok(());
                }
                _ if cls == Class::Body => {
                    kind = FrameKind::Body;
                    if let Some(doc) = nested_doc_owner.or(self.provision) {
                        // Text directly in a nested document's body is the document's own.
                        let ids = &mut self.provisions[doc].ids;
                        if ids.citable().is_none() && ids.guid.is_none() {
                            *ids = attrs.ids.owned();
                        }
                        self.sink = Sink::Field(doc, Field::Content);
                    } else {
                        self.part = Part::Body;
                        frame.stray_at = self.roots.len();
                        self.sink = Sink::Stray(self.stack.len());
                    }
                    self.stack.push(Frame { kind, ..frame });
                    return Ok(());
                }
                _ if cls == Class::Wrapper => {
                    if self.provision.is_none() {
                        self.part = if l == "collectionBody"
                            || l == "component" && self.part == Part::Body
                        {
                            Part::Body
                        } else if l == "attachments"
                            || l == "attachment"
                            || l == "components"
                            || l == "interstitial"
                        {
                            Part::Attachment
                        } else {
                            self.part
                        };
                    }
                    self.stack.push(Frame { kind, ..frame });
                    return Ok(());
                }
                _ if cls == Class::DocType => {
                    let id = self.open_provision(l, &attrs, frame);
                    self.nested_docs.insert(id);
                    return Ok(());
                }
                _ if cls == Class::Hierarchy => {
                    self.open_provision(l, &attrs, frame);
                    return Ok(());
                }
                _ => {}
            }
        }

        // Fields of the provision being read.
        if !in_quote {
            if let Some(id) = self.provision {
                let field = match l {
                    "num" if direct_child_of_provision => Some(Field::Num),
                    "heading" if direct_child_of_provision => Some(Field::Heading),
                    "subheading" if direct_child_of_provision => Some(Field::Subheading),
                    "intro" | "listIntroduction" if direct_child_of_provision => Some(Field::Intro),
                    "wrapUp" | "listWrapUp" if direct_child_of_provision => Some(Field::WrapUp),
                    "content" if direct_child_of_provision => Some(Field::Content),
                    _ => None,
                };
                if let Some(field) = field {
                    kind = FrameKind::Field;
                    self.sink = Sink::Field(id, field);
                    self.stack.push(Frame { kind, ..frame });
                    return Ok(());
                }
                if l == "num"
                    && self.nested_docs.contains(&id)
                    && self.provisions[id].num.is_none()
                    && self.field_is_empty(id, Field::Num)
                {
                    // An amendment's number sits inside its content (UK amendment papers).
                    kind = FrameKind::Capture;
                    self.open_capture(CaptureKind::Num, Some(id));
                    self.sink = Sink::Discard;
                    self.stack.push(Frame { kind, ..frame });
                    return Ok(());
                }
            }
        }

        // Titles, wherever they stand.
        let title_kind = match l {
            "docTitle" => Some(CaptureKind::DocTitle),
            "shortTitle" => Some(CaptureKind::ShortTitle),
            "docStage" => Some(CaptureKind::DocStage),
            "docNumber" => Some(CaptureKind::DocNumber),
            _ => None,
        };
        if let (Some(title), false) = (title_kind, in_quote) {
            kind = FrameKind::Capture;
            self.open_capture(title, nested_doc_owner);
            self.stack.push(Frame { kind, ..frame });
            return Ok(());
        }
        if matches!(l, "ref" | "rref" | "mref") && !in_quote {
            kind = FrameKind::Capture;
            let owner = self.provision;
            self.open_capture(CaptureKind::Ref, owner);
            if let Some(cap) = self.captures.last_mut() {
                cap.href = owned(&attrs.href);
            }
            self.stack.push(Frame { kind, ..frame });
            return Ok(());
        }

        match l {
            "td" | "th" => {
                kind = FrameKind::Cell;
                if let Some(f) = self.existing_sink_folder() {
                    f.cell_boundary();
                }
            }
            "num" | "heading" | "subheading" => {
                // Inside quoted text, or a num in running text: words apart.
                kind = if in_quote {
                    FrameKind::Plain
                } else {
                    FrameKind::Block
                };
                if in_quote {
                    self.space();
                } else {
                    self.block_break();
                }
            }
            "br" | "eol" | "eop" => self.space(),
            _ if matches!(cls, Class::Block | Class::Hierarchy | Class::DocType) => {
                kind = FrameKind::Block;
                self.block_break();
            }
            _ => {}
        }
        self.stack.push(Frame { kind, ..frame });
        Ok(())
    }

    /// Whether elements with this prefix ("" for none) are outside the
    /// document's vocabulary. An undeclared prefix is not (LEOS writes them).
    fn is_foreign(&mut self, prefix: &str) -> bool {
        if let Some((p, foreign)) = &self.foreign_cache {
            // Bytes compared in line: a prefix is a few bytes, and a call
            // to the C library's memcmp for each tag cost more than the rest.
            if p.bytes().eq(prefix.bytes()) {
                return *foreign;
            }
        }
        let foreign = match (self.prefixes.get(prefix), &self.akn_ns) {
            (Some(ns), _) if !prefix.is_empty() => Some(ns) != self.akn_ns.as_ref(),
            (Some(default), Some(akn)) => default != akn,
            _ => false,
        };
        self.foreign_cache = Some((prefix.to_string(), foreign));
        foreign
    }

    /// The current sink's folder if it has one already: boundaries and
    /// layout mark the text that is there, and make no folder (nor a
    /// stray-text provision) for text that may never come. A pending space
    /// or break before a field's first text changes nothing.
    fn existing_sink_folder(&mut self) -> Option<&mut Folder<'a>> {
        match self.sink {
            Sink::Discard => None,
            Sink::Field(id, field) => self.existing_folder(id, field),
            Sink::Note => self.note.as_mut().map(|(_, f)| f),
            Sink::Stray(frame) => {
                let id = self.stack.get(frame).and_then(|f| f.stray)?;
                self.existing_folder(id, Field::Content)
            }
        }
    }

    fn open_capture(&mut self, kind: CaptureKind, owner: Option<ProvisionId>) {
        self.captures.push(Capture {
            kind,
            depth: self.stack.len(),
            owner,
            href: None,
            text: Folder::new(),
        });
    }

    fn open_provision(&mut self, element: &str, attrs: &Attrs<'_>, frame: Frame) -> ProvisionId {
        // The text before a provision ends a block of its parent.
        self.block_break();
        let id = self.new_provision(vocabulary(element), attrs, self.provision, frame.offset);
        self.stack.push(Frame {
            kind: FrameKind::Provision,
            ..frame
        });
        self.provision = Some(id);
        self.sink = Sink::Field(id, Field::Content);
        id
    }

    fn start_root(
        &mut self,
        local: &str,
        prefix: Option<&str>,
        attrs: Attrs<'_>,
        mut frame: Frame,
        offset: usize,
    ) -> Result<(), ReadError> {
        let ns = attrs
            .namespaces
            .iter()
            .find(|(p, _)| p == prefix.unwrap_or(""))
            .map(|(_, ns)| ns.clone());
        self.meta.namespace = ns.clone();
        self.meta.profile = Profile::from_namespace(ns.as_deref());
        self.akn_ns = ns;
        self.foreign_cache = None;
        if let Profile::Other(ns) = &self.meta.profile {
            let ns = ns.clone();
            self.warn(
                offset,
                format!("unknown namespace {ns}: read as Akoma Ntoso vocabulary"),
            );
        }
        if local == "akomaNtoso" {
            frame.kind = FrameKind::Plain;
            self.stack.push(frame);
            return Ok(());
        }
        if DOC_TYPES.contains(&local) {
            self.warn(
                offset,
                format!("no <akomaNtoso> root: read <{local}> as the document"),
            );
            self.start_document(local, &attrs, offset);
            self.doc_depth = Some(0);
            self.stack.push(frame);
            return Ok(());
        }
        if HIERARCHY.contains(&local) {
            self.warn(
                offset,
                format!("no <akomaNtoso> root: read as a fragment whose root is <{local}>"),
            );
            self.meta.doc_type = "fragment".to_string();
            self.doc_depth = Some(0);
            self.open_provision(local, &attrs, frame);
            return Ok(());
        }
        Err(self.error_at(offset, ReadErrorKind::NotAkomaNtoso(local.to_string())))
    }

    fn start_document(&mut self, local: &str, attrs: &Attrs<'_>, offset: usize) {
        self.meta.doc_type = local.to_string();
        self.meta.doc_name = owned(&attrs.name).filter(|n| !n.is_empty());
        if !DOC_TYPES.contains(&local) {
            self.warn(
                offset,
                format!("<{local}> is not an Akoma Ntoso document type: read it as one"),
            );
        }
    }

    fn meta_element(&mut self, local: &str, attrs: &Attrs<'_>) {
        let value = || owned(&attrs.value).filter(|v| !v.trim().is_empty());
        match local {
            "FRBRWork" => self.frbr = FrbrSection::Work,
            "FRBRExpression" => self.frbr = FrbrSection::Expression,
            "FRBRManifestation" | "FRBRItem" => self.frbr = FrbrSection::Other,
            _ => {}
        }
        let m = &mut self.meta;
        match (self.frbr, local) {
            (FrbrSection::Work, "FRBRthis") => m.work = m.work.take().or_else(value),
            (FrbrSection::Work, "FRBRuri") => m.work_uri = m.work_uri.take().or_else(value),
            (FrbrSection::Work, "FRBRname") => {
                self.frbr_name = self.frbr_name.take().or_else(value)
            }
            (FrbrSection::Work, "FRBRalias") => {
                let v = value().filter(|v| !v.contains("://") && !v.starts_with('/'));
                self.alias = self.alias.take().or(v);
            }
            (FrbrSection::Work, "FRBRlanguage") => {
                m.language = m.language.take().or_else(|| owned(&attrs.language))
            }
            (FrbrSection::Expression, "FRBRthis") => {
                m.expression = m.expression.take().or_else(value)
            }
            (FrbrSection::Expression, "FRBRuri") => {
                m.expression_uri = m.expression_uri.take().or_else(value)
            }
            (FrbrSection::Expression, "FRBRlanguage") => {
                // The expression's language wins over the work's.
                if let Some(l) = owned(&attrs.language).filter(|l| !l.is_empty()) {
                    m.language = Some(l);
                }
            }
            (FrbrSection::Expression, "FRBRversionNumber") => {
                m.version_number = m.version_number.take().or_else(value)
            }
            (FrbrSection::Expression, "FRBRdate") => {
                let date = owned(&attrs.date).filter(|d| !d.is_empty());
                let name = owned(&attrs.name).filter(|n| !n.is_empty());
                // Lawmaker writes a placeholder 9999-01-01 before the real date.
                let placeholder =
                    |d: &Option<String>| d.as_deref().is_some_and(|d| d.starts_with("9999"));
                if m.date.is_none() || placeholder(&m.date) && !placeholder(&date) {
                    m.date = date;
                    m.date_name = name;
                }
            }
            _ => {}
        }
        if local.starts_with("TLC") {
            if let (Some(id), Some(show)) = (
                owned(&attrs.ids.eid).or(owned(&attrs.ids.xml_id)),
                owned(&attrs.show_as),
            ) {
                self.tlc.insert(id, show);
            }
        }
    }

    fn end(&mut self) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let depth = self.stack.len();
        if let Some(&(d, _)) = self.pending_end_quotes.last() {
            if d == depth + 1 {
                if let Some((_, q)) = self.pending_end_quotes.pop() {
                    self.pending_open_quote = None;
                    self.glue();
                    self.push_text(Raw::Other(&q));
                }
            }
        }
        // Close captures opened by this element.
        while self.captures.last().is_some_and(|c| c.depth >= depth) {
            if let Some(cap) = self.captures.pop() {
                self.close_capture(cap);
            }
        }
        match frame.kind {
            FrameKind::Meta if self.stack.last().map(|f| f.kind) != Some(FrameKind::Meta) => {
                self.meta_done = true;
                self.frbr = FrbrSection::Other;
            }
            FrameKind::Note => {
                if let Some((marker, text)) = self.note.take() {
                    let text = text.finish();
                    if let (Some(owner), false) = (frame.provision_before, text.is_empty()) {
                        self.provisions[owner]
                            .extra_mut()
                            .notes
                            .push(Note { marker, text });
                    }
                }
            }
            FrameKind::Quote => {
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            _ => {}
        }
        if matches!(
            frame.kind,
            FrameKind::Block | FrameKind::Field | FrameKind::Provision
        ) {
            self.block_break();
        }
        match frame.kind {
            FrameKind::Provision => {
                if let Some(id) = self.provision {
                    self.settle_texts(id);
                }
            }
            FrameKind::Field => {
                if let (Sink::Field(id, field), Some(open)) = (self.sink, self.provision) {
                    if id == open {
                        self.settle_field(id, field);
                    }
                }
            }
            FrameKind::Body => {
                if let Some(id) = frame.stray {
                    self.settle_texts(id);
                }
            }
            _ => {}
        }
        self.sink = frame.sink_before;
        self.provision = frame.provision_before;
        // A preface, preamble or conclusions holds blocks around its
        // provisions: what follows the recitals (the enacting formula,
        // "Have agreed as follows:") closes it, as a wrap-up.
        if frame.kind == FrameKind::Provision {
            if let Sink::Field(parent, Field::Content) = self.sink {
                if self.front_matter.contains(&parent) {
                    self.sink = Sink::Field(parent, Field::WrapUp);
                }
            }
        }
        if self.stack.is_empty() {
            self.root_closed = true;
        }
        if matches!(
            frame.kind,
            FrameKind::Block | FrameKind::Field | FrameKind::Provision
        ) {
            // The boundary also separates what follows in the outer sink.
            self.block_break();
        }
    }

    fn close_capture(&mut self, cap: Capture) {
        let text = cap.text.finish();
        let nested = cap.owner.filter(|o| self.nested_docs.contains(o));
        match cap.kind {
            CaptureKind::Ref => {
                if let Some(owner) = cap.owner {
                    if !text.is_empty() || cap.href.is_some() {
                        self.provisions[owner].extra_mut().refs.push(Reference {
                            text,
                            href: cap.href,
                        });
                    }
                }
            }
            CaptureKind::Quote => {
                if let (Some(owner), false) = (self.provision, text.is_empty()) {
                    // Quotations nested in quotations belong to the outer one.
                    if !self.captures.iter().any(|c| c.kind == CaptureKind::Quote) {
                        self.provisions[owner].extra_mut().quotations.push(text);
                    }
                }
            }
            CaptureKind::Num => {
                if let Some(owner) = cap.owner {
                    self.folder(owner, Field::Num).push_str(&text);
                }
            }
            CaptureKind::DocNumber => match nested {
                Some(doc) if self.field_is_empty(doc, Field::Num) => {
                    self.folder(doc, Field::Num).push_str(&text)
                }
                _ => {}
            },
            CaptureKind::DocTitle => match nested {
                Some(doc) if self.field_is_empty(doc, Field::Heading) => {
                    self.folder(doc, Field::Heading).push_str(&text)
                }
                Some(_) => {}
                None if self.meta.title.is_none() && !text.is_empty() => {
                    self.meta.title = Some(text)
                }
                None => {}
            },
            CaptureKind::ShortTitle => {
                if nested.is_none() && self.short_title.is_none() && !text.is_empty() {
                    self.short_title = Some(text);
                }
            }
            CaptureKind::DocStage => {
                if nested.is_none() && self.meta.stage.is_none() && !text.is_empty() {
                    self.meta.stage = Some(text);
                }
            }
        }
    }

    fn finish(mut self) -> Document {
        // Texts of provisions that never closed their own way.
        for (id, field, folder) in std::mem::take(&mut self.open_texts) {
            settle(&mut self.provisions[id], field, folder, Some(&self.shared));
        }
        let (mut provisions, roots) = if self.out_of_order {
            preorder(self.provisions, &self.roots)
        } else {
            (self.provisions, self.roots)
        };
        debug_assert!(in_preorder(&provisions, &roots));
        // Depths are set as provisions are made, from their parents'.
        debug_assert!(provisions
            .iter()
            .all(|p| p.depth == p.parent.map_or(0, |q| provisions[q].depth + 1)));
        // The arena was sized by an estimate: shrinking copies it, worth it
        // only when much of it is unused.
        if provisions.capacity() - provisions.len() > provisions.len() / 4 {
            provisions.shrink_to_fit();
        }
        label::assign(&mut provisions, &roots);

        // Identification: resolve "#id" values through the TLC references.
        let tlc = &self.tlc;
        let resolve = |v: Option<String>| -> Option<String> {
            match v {
                Some(v) if v.starts_with('#') => tlc.get(&v[1..]).cloned(),
                other => other,
            }
            .filter(|v| !v.trim().is_empty())
        };
        let mut meta = self.meta;
        meta.work = resolve(meta.work);
        meta.work_uri = resolve(meta.work_uri);
        meta.expression = resolve(meta.expression);
        meta.expression_uri = resolve(meta.expression_uri);
        meta.version_number = resolve(meta.version_number);
        meta.title = meta
            .title
            .or(self.short_title)
            .or(resolve(self.alias))
            .or(resolve(self.frbr_name));

        let mut warnings = self.warnings;
        if let Some(repeat) = self.ids.first_repeat() {
            let (line, column) = self.lines.position(repeat.offset);
            let id = id_in_tag(self.text, repeat.offset, repeat.hash).unwrap_or_default();
            let n = repeat.count;
            warnings.push(Warning {
                line,
                column,
                message: format!(
                    "{n} duplicate id{} (first: \"{id}\"); provisions are still read",
                    if n == 1 { "" } else { "s" }
                ),
            });
        }
        Document {
            text: SourceText(self.shared),
            source: self.source.to_string(),
            meta,
            provisions,
            roots,
            warnings,
        }
    }
}

/// Moves the folded text of a provision's field into it. Text that arrives
/// after the field was settled (never, in a well-formed read) is appended.
fn settle(p: &mut Provision, field: Field, folder: Folder<'_>, shared: Option<&Arc<String>>) {
    if folder.is_empty() {
        return;
    }
    fn put(slot: &mut Text, folder: Folder<'_>, shared: Option<&Arc<String>>) {
        let text = folder.finish_text(shared);
        if text.is_empty() {
        } else if slot.is_empty() {
            *slot = text;
        } else {
            *slot = Text::from(format!("{slot}\n{text}"));
        }
    }
    // Nums and headings are short, and read again for every label: copies
    // of them are held in the provision itself (see `Text`), where spans
    // would send each read to another part of the source.
    fn put_optional(slot: &mut Option<Text>, folder: Folder<'_>) {
        let mut s = slot.take().unwrap_or_default();
        put(&mut s, folder, None);
        *slot = Some(s).filter(|s| !s.is_empty());
    }
    match field {
        Field::Num => put_optional(&mut p.num, folder),
        Field::Heading => put_optional(&mut p.heading, folder),
        Field::Subheading => put_optional(&mut p.extra_mut().subheading, folder),
        Field::Intro => put(&mut p.intro, folder, shared),
        Field::Content => put(&mut p.content, folder, shared),
        Field::WrapUp => put(&mut p.wrap_up, folder, shared),
    }
}

/// Raw text for the folders: a slice of the source, which a provision may
/// share, or text made by the reader (a character reference, a quotation
/// mark, CDATA with its line ends normalised).
#[derive(Clone, Copy)]
enum Raw<'a, 'b> {
    Source(&'a str),
    Other(&'b str),
}

impl<'a, 'b> Raw<'a, 'b> {
    fn as_str(&self) -> &str {
        match self {
            Raw::Source(s) => s,
            Raw::Other(s) => s,
        }
    }

    fn trim_start(self) -> Raw<'a, 'b> {
        match self {
            Raw::Source(s) => Raw::Source(s.trim_start()),
            Raw::Other(s) => Raw::Other(s.trim_start()),
        }
    }
}

/// Renumbers provisions in document pre-order, fixing parent and child
/// indices. Iterative: documents can be deep.
fn preorder(
    provisions: Vec<Provision>,
    roots: &[ProvisionId],
) -> (Vec<Provision>, Vec<ProvisionId>) {
    let n = provisions.len();
    let mut order = Vec::with_capacity(n);
    let mut stack: Vec<ProvisionId> = roots.iter().rev().copied().collect();
    while let Some(id) = stack.pop() {
        order.push(id);
        stack.extend(provisions[id].children.iter().rev());
    }
    let mut new_index = vec![usize::MAX; n];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut slots: Vec<Option<Provision>> = provisions.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(order.len());
    for &old in &order {
        if let Some(mut p) = slots[old].take() {
            p.parent = p.parent.map(|q| new_index[q]);
            p.children = p.children.iter().map(|&c| new_index[c]).collect();
            out.push(p);
        }
    }
    let roots = roots.iter().map(|&r| new_index[r]).collect();
    (out, roots)
}

/// Whether provisions are numbered in document pre-order, as `preorder`
/// leaves them. Walking every child list costs a pass over the arena, so
/// the reader tracks the one way to leave pre-order instead, and debug
/// builds (the tests) check that it is right.
fn in_preorder(provisions: &[Provision], roots: &[ProvisionId]) -> bool {
    let mut stack: Vec<ProvisionId> = roots.iter().rev().copied().collect();
    let mut next = 0;
    while let Some(id) = stack.pop() {
        if id != next {
            return false;
        }
        next += 1;
        stack.extend(provisions[id].children.iter().rev());
    }
    next == provisions.len()
}

/// The id whose hash is `hash` among the attributes of the start tag at
/// `offset`: the ledger keeps hashes only, and a warning needs the text.
fn id_in_tag(text: &str, offset: usize, hash: u64) -> Option<String> {
    let mut reader = Reader::from_str(text.get(offset..)?);
    let Ok(Event::Start(start) | Event::Empty(start)) = reader.read_event() else {
        return None;
    };
    start
        .attributes()
        .with_checks(false)
        .flatten()
        .find_map(|a| {
            let kind = IdKind::of_attribute(a.key.as_ref())?;
            let value = a.normalized_value(XmlVersion::Implicit1_0).ok()?;
            (id_hash(kind, &value) == hash).then(|| value.into_owned())
        })
}

/// The element name of the start tag at a byte offset (`<name ...`).
fn tag_name_at(text: &str, offset: usize) -> &str {
    let rest = text.get(offset + 1..).unwrap_or("");
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(rest.len());
    &rest[..end]
}

fn local_name(qname: &str) -> &str {
    qname.rsplit_once(':').map_or(qname, |(_, l)| l)
}

fn predefined(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => None,
    }
}

#[cfg(test)]
#[path = "read_tests.rs"]
mod tests;
