//! `redline diff --format html`: one self-contained page that shows the
//! whole new text with every change redlined where it stands.
//!
//! The page names both versions, sums the changes up (by kind and by
//! effect, with links to the changes that widen the scope or weaken the
//! safeguards), then walks the new version in reading order:
//!
//! * structural provisions (chapters, articles, anything with a heading)
//!   are headings, so the outline stays visible;
//! * runs of unchanged provisions are folded into a `<details>` element;
//! * each change is a card with its labels ("formerly Article 17(2)(b)"),
//!   its kind, its notes, its effect badges and their explanations, and its
//!   text as an inline redline in `<ins>`/`<del>` (with a side-by-side
//!   rendering that a toolbar button swaps in);
//! * deleted provisions stand where they stood, as `compare` places them.
//!
//! Every provision carries its eId as `id`, so that `page.html#art_24__para_2`
//! cites it; a deleted one is cited by its change id (`#del:art_18__para_3`).
//! Ids stay unique: the page's own elements use `rl-` ids, and a provision
//! whose id is taken (a document with a duplicate eId) gets `~2`, `~3`.
//!
//! The script adds filters (changes only, scope widens, safeguards weaken),
//! the side-by-side view, "unfold all", and moving from change to change
//! with buttons or `j`/`n` and `k`/`p` (keys a checkbox turns off). Without
//! it the page shows everything and hides those controls. The print style
//! sheet drops the controls and prints the redline in black: struck through
//! for deleted, underlined for inserted.
//!
//! # What the renderer needs
//!
//! A [`Comparison`] lists changes, not the unchanged text, so the renderer
//! also reads both [`Document`]s: the new one for the text between changes
//! and the subdivisions of inserted units, the old one for the subdivisions
//! of deleted units and to place deletions. Placement repeats the rule that
//! `compare` documents (a deleted unit stands after the counterpart of its
//! nearest preceding old sibling that has one, else after its nearest
//! paired ancestor's counterpart), checked against the order of
//! [`Comparison::changes`], which always wins.
//!
//! # Templates, escaping, security
//!
//! The page is `templates/redline.html`, rendered by Tera 2 with
//! autoescaping (the template name ends in `.html`): no draft text ever
//! becomes markup. The stylesheet and the script (`redline.css`,
//! `redline.js`) are plain files inlined as they are (not templates: their
//! braces are CSS's and JavaScript's), and refused if they hold
//! `</style` or `</script`. All three are built into the binary;
//! [`Templates::load`] replaces them with the files of the same names in a
//! folder (`--templates DIR`).
//!
//! A replacement page template sees `lang`, `dir`, `title`, `old` and `new`
//! (`name`, `title`, `version_label`, `date`, `work`, `expression`,
//! `source`), `summary` (`changes`, `kinds` and `effects` as `name`/
//! `count`/`class`, `scope_widens` and `safeguards_weaken` as `id`/`label`
//! links), `blocks` (the text in order; each has `block`: `heading`,
//! `unchanged` or `change`, and the fields of the private `HeadingView`,
//! `RunView` and `ChangeView` below), `csp`, `style` and `script`. It
//! must write `csp` into a `Content-Security-Policy` meta element, and
//! `style` and `script` with `safe` as the whole content of one `<style>`
//! and one `<script>` element, or the browser refuses them.
//!
//! The page asks nothing of any other host. Its Content-Security-Policy
//! (a `<meta>` element) allows only the one inline style sheet and the one
//! inline script, each by the SHA-256 hash of its text, computed here at
//! render time (so that replaced files get the right hashes):
//!
//! ```text
//! default-src 'none'; style-src 'sha256-…'; script-src 'sha256-…';
//! base-uri 'none'; form-action 'none'
//! ```
//!
//! The output holds no time stamp and no random id: the same inputs give
//! the same bytes.

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{counts, lines};
use crate::akn::{Document, Provision, ProvisionId};
use crate::compare::{
    deletion_anchor, Axis, Change, ChangeKind, Clause, Comparison, Direction, Effect,
    SafeguardsVerdict, ScopeVerdict, Version,
};
use crate::diff::{Op, Segment};

/// The page template's file name.
pub const PAGE: &str = "redline.html";
/// The style sheet's file name.
pub const STYLE: &str = "redline.css";
/// The script's file name.
pub const SCRIPT: &str = "redline.js";

const EMBEDDED_PAGE: &str = include_str!("../../templates/redline.html");
const EMBEDDED_STYLE: &str = include_str!("../../templates/redline.css");
const EMBEDDED_SCRIPT: &str = include_str!("../../templates/redline.js");

/// Deepest heading level used for provisions (`<h6>`).
const MAX_HEADING: usize = 6;
/// Heading level of top-level provisions: the page title is `<h1>`, the
/// page's sections `<h2>`.
const FIRST_PROVISION_HEADING: usize = 3;
/// Deepest indentation step for provisions under a heading.
const MAX_INDENT: usize = 4;

/// The ids the embedded page template gives its own elements. Provisions
/// never get these (a provision whose eId is one gets a suffix).
const PAGE_IDS: &[&str] = &[
    "rl-main",
    "rl-versions-h",
    "rl-summary-h",
    "rl-toolbar",
    "rl-sbs",
    "rl-expand",
    "rl-prev",
    "rl-next",
    "rl-keys",
    "rl-status",
    "rl-text",
    "rl-text-h",
];

/// Elements shown as headings even without a heading of their own.
const STRUCTURAL: &[&str] = &[
    "book",
    "part",
    "subpart",
    "title",
    "subtitle",
    "chapter",
    "subchapter",
    "division",
    "article",
    "preamble",
    "conclusions",
    "attachment",
];

/// The page template, style sheet and script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Templates {
    page: String,
    style: String,
    script: String,
}

impl Default for Templates {
    fn default() -> Self {
        Templates::embedded()
    }
}

/// A template folder that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("{} holds none of {PAGE}, {STYLE}, {SCRIPT}", dir.display())]
    Empty { dir: PathBuf },
}

impl Templates {
    /// The templates built into the binary.
    pub fn embedded() -> Templates {
        Templates {
            page: EMBEDDED_PAGE.to_string(),
            style: EMBEDDED_STYLE.to_string(),
            script: EMBEDDED_SCRIPT.to_string(),
        }
    }

    /// The embedded templates, each replaced by the file of the same name
    /// in `dir` where there is one. A folder with none of them is an error
    /// (most likely a wrong path).
    pub fn load(dir: &Path) -> Result<Templates, TemplateError> {
        let mut t = Templates::embedded();
        let mut found = false;
        for (name, slot) in [
            (PAGE, &mut t.page),
            (STYLE, &mut t.style),
            (SCRIPT, &mut t.script),
        ] {
            let path = dir.join(name);
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    *slot = text;
                    found = true;
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(source) => return Err(TemplateError::Read { path, source }),
            }
        }
        if !found {
            // Tell a missing folder apart from an empty one.
            if let Err(source) = std::fs::read_dir(dir) {
                return Err(TemplateError::Read {
                    path: dir.to_path_buf(),
                    source,
                });
            }
            return Err(TemplateError::Empty {
                dir: dir.to_path_buf(),
            });
        }
        Ok(t)
    }
}

/// Writes the page. `old` and `new` are the documents `c` compares.
pub fn write(
    out: &mut impl Write,
    c: &Comparison,
    old: &Document,
    new: &Document,
    templates: &Templates,
) -> io::Result<()> {
    let html = render(c, old, new, templates).map_err(io::Error::other)?;
    out.write_all(html.as_bytes())
}

/// A page that could not be rendered (a replaced template's fault).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RenderError(String);

/// The page as a string.
pub fn render(
    c: &Comparison,
    old: &Document,
    new: &Document,
    templates: &Templates,
) -> Result<String, RenderError> {
    // The script and the style sheet are inlined as they are: text that
    // closed their element early would turn the rest into markup.
    if contains_ignore_case(&templates.script, "</script") {
        return Err(RenderError(format!("{SCRIPT} must not contain </script")));
    }
    if contains_ignore_case(&templates.style, "</style") {
        return Err(RenderError(format!("{STYLE} must not contain </style")));
    }
    let page = Page::build(c, old, new, templates);
    let mut tera = tera::Tera::new();
    tera.add_raw_template(PAGE, &templates.page)
        .map_err(|e| RenderError(format!("{PAGE}: {e}")))?;
    let context = tera::Context::from_serialize(&page)
        .map_err(|e| RenderError(format!("cannot prepare the page: {e}")))?;
    tera.render(PAGE, &context)
        .map_err(|e| RenderError(format!("{PAGE}: {e}")))
}

fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    haystack.to_ascii_lowercase().contains(needle)
}

/// `'sha256-…'`: a CSP source matching an inline element with this text.
fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

// ---------------------------------------------------------------------------
// The page model: everything the template reads, laid out in order.

#[derive(Serialize)]
struct Page {
    /// BCP 47 language of the new version, for `<html lang>`.
    lang: String,
    /// `ltr` or `rtl`.
    dir: &'static str,
    title: String,
    old: VersionView,
    new: VersionView,
    summary: SummaryView,
    blocks: Vec<Block>,
    csp: String,
    style: String,
    script: String,
}

#[derive(Serialize)]
struct VersionView {
    /// "Consolidated negotiating text", else "Old version"/"New version".
    name: String,
    title: Option<String>,
    version_label: Option<String>,
    date: Option<String>,
    work: Option<String>,
    expression: Option<String>,
    source: String,
}

#[derive(Serialize)]
struct SummaryView {
    changes: usize,
    /// By kind, the kinds that occur, then renumbered and unchanged.
    kinds: Vec<Count>,
    /// Effect annotations (not counting those a definition propagated).
    effects: Vec<Count>,
    /// Changes that widen the scope, to read first.
    scope_widens: Vec<Link>,
    /// Changes that weaken the safeguards, to read first.
    safeguards_weaken: Vec<Link>,
}

#[derive(Serialize)]
struct Count {
    name: String,
    count: usize,
    /// A CSS class for the count's badge.
    class: String,
}

#[derive(Serialize)]
struct Link {
    id: String,
    label: String,
}

/// One piece of the text, in reading order.
#[derive(Serialize)]
#[serde(tag = "block", rename_all = "lowercase")]
enum Block {
    /// An unchanged structural provision.
    Heading(HeadingView),
    /// Unchanged provisions in a row, folded.
    Unchanged(RunView),
    Change(Box<ChangeView>),
}

#[derive(Serialize)]
struct HeadingView {
    id: String,
    level: usize,
    num: Option<String>,
    heading: Option<String>,
}

#[derive(Serialize)]
struct RunView {
    count: usize,
    first: String,
    last: String,
    rows: Vec<Row>,
}

/// A provision's own text, one paragraph per line.
#[derive(Serialize, Clone)]
struct Row {
    /// The anchor; none for a structural provision's text (its heading
    /// holds the anchor) and for old provisions.
    id: Option<String>,
    /// Indentation under the nearest heading.
    indent: usize,
    num: Option<String>,
    heading: Option<String>,
    /// The provision's label, for the summary of a folded run.
    label: String,
    lines: Vec<String>,
    /// The new provision the row shows, where it needs an anchor.
    #[serde(skip)]
    provision: Option<ProvisionId>,
}

/// One run of a redline line.
#[derive(Serialize)]
struct Run {
    /// `equal`, `insert` or `delete`.
    op: &'static str,
    text: String,
}

type LineView = Vec<Run>;

#[derive(Serialize)]
struct ChangeView {
    id: String,
    /// The id of the change's title, which names the change for assistive
    /// technology.
    title_id: String,
    /// Its title's heading level.
    level: usize,
    kind: &'static str,
    /// "modified, renumbered".
    kind_label: String,
    /// The provision is a heading (chapter, article...): the title shows
    /// its number and heading; otherwise its label.
    structural: bool,
    /// The new labels, or the old for a deletion.
    label: String,
    /// "Article 17(2)(b)" when the old labels differ from the new.
    formerly: Option<String>,
    /// The number, as a redline when it changed.
    num: LineView,
    /// The numbers on each side, for the side-by-side view.
    old_num: Option<String>,
    new_num: Option<String>,
    /// The heading, as a redline when it changed; empty when none.
    heading: LineView,
    notes: Vec<String>,
    /// Anchors of the other new provisions the change covers (split parts,
    /// subdivisions of an inserted unit without a row of their own).
    anchors: Vec<String>,
    indent: usize,
    /// `redline` (text diffed), `rows` (a unit inserted or deleted with its
    /// subdivisions) or `none` (no text of its own).
    body: &'static str,
    /// The inline redline, one entry per line.
    inline: Vec<LineView>,
    /// Side by side: the old text's lines, the new text's lines.
    old_lines: Vec<LineView>,
    new_lines: Vec<LineView>,
    /// For `rows`: `insert` or `delete`, and the rows.
    rows_op: &'static str,
    rows: Vec<Row>,
    /// The text did not change (renumbered, moved, heading only).
    text_unchanged: bool,
    badges: Vec<Badge>,
    effects: Vec<EffectView>,
    /// Filter classes: `has-scope-widens`, `has-safeguards-weakens`.
    classes: String,
}

#[derive(Serialize)]
struct Badge {
    class: String,
    text: String,
}

#[derive(Serialize)]
struct EffectView {
    class: String,
    /// "scope widens".
    reading: String,
    explanation: String,
    rule: String,
    /// Whole per cent.
    confidence: u32,
    evidence_old: Option<String>,
    evidence_new: Option<String>,
    propagated: bool,
    needs_review: bool,
}

impl Page {
    fn build(c: &Comparison, old: &Document, new: &Document, templates: &Templates) -> Page {
        // Changes are cited by their ids first; provisions then take what
        // is left.
        let mut anchors = Anchors::default();
        let change_ids: Vec<String> = c.changes.iter().map(|ch| anchors.claim(&ch.id)).collect();
        let (lang, dir) = html_lang(new.meta.language.as_deref());
        let title = c
            .new
            .title
            .clone()
            .or_else(|| c.old.title.clone())
            .unwrap_or_else(|| "Redline".to_string());
        Page {
            lang,
            dir,
            title,
            old: version_view(&c.old, "Old version"),
            new: version_view(&c.new, "New version"),
            summary: summary_view(c, &change_ids),
            blocks: Walk::new(c, old, new, anchors, change_ids).run(),
            csp: format!(
                "default-src 'none'; style-src {}; script-src {}; base-uri 'none'; form-action 'none'",
                csp_hash(&templates.style),
                csp_hash(&templates.script)
            ),
            style: templates.style.clone(),
            script: templates.script.clone(),
        }
    }
}

fn version_view(v: &Version, fallback: &str) -> VersionView {
    VersionView {
        name: v
            .version_label
            .clone()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| fallback.to_string()),
        title: v.title.clone(),
        version_label: v.version_label.clone(),
        date: v.date.clone(),
        work: v.work.clone(),
        expression: v.expression.clone(),
        source: v.source.clone(),
    }
}

fn summary_view(c: &Comparison, change_ids: &[String]) -> SummaryView {
    let kinds = counts(&c.summary)
        .into_iter()
        .map(|(name, count)| Count {
            name: name.to_string(),
            count,
            class: format!("k-{name}"),
        })
        .collect();
    let e = &c.summary.effects;
    let effects = [
        ("scope widens", e.scope.widens, "fx-scope-widens"),
        ("scope narrows", e.scope.narrows, "fx-scope-narrows"),
        ("scope unclear", e.scope.unclear, "fx-unclear"),
        (
            "safeguards weaken",
            e.safeguards.weakens,
            "fx-safeguards-weakens",
        ),
        (
            "safeguards strengthen",
            e.safeguards.strengthens,
            "fx-safeguards-strengthens",
        ),
        ("safeguards unclear", e.safeguards.unclear, "fx-unclear"),
    ]
    .into_iter()
    .map(|(name, count, class)| Count {
        name: name.to_string(),
        count,
        class: class.to_string(),
    })
    .collect();
    let links = |axis: Axis, direction: Direction| -> Vec<Link> {
        c.changes
            .iter()
            .zip(change_ids)
            .filter(|(ch, _)| has(ch, axis, direction))
            .map(|(ch, id)| Link {
                id: id.clone(),
                label: title_label(ch),
            })
            .collect()
    };
    SummaryView {
        changes: c.changes.len(),
        kinds,
        effects,
        scope_widens: links(Axis::Scope, Direction::Widens),
        safeguards_weaken: links(Axis::Safeguards, Direction::Weakens),
    }
}

/// Whether any of a change's effects (its own or propagated from a
/// definition) points this way. The filters and the summary's lists use it.
fn has(ch: &Change, axis: Axis, direction: Direction) -> bool {
    ch.effects
        .iter()
        .any(|e| e.axis == axis && e.direction == direction)
}

/// `<html lang>` and `dir` from an AKN language code, which is usually
/// ISO 639-2 ("eng"). HTML wants BCP 47, which uses the two-letter code
/// where one exists.
fn html_lang(code: Option<&str>) -> (String, &'static str) {
    const TWO_LETTER: &[(&str, &str)] = &[
        ("ara", "ar"),
        ("bul", "bg"),
        ("ces", "cs"),
        ("cze", "cs"),
        ("chi", "zh"),
        ("zho", "zh"),
        ("dan", "da"),
        ("deu", "de"),
        ("ger", "de"),
        ("ell", "el"),
        ("gre", "el"),
        ("eng", "en"),
        ("est", "et"),
        ("fas", "fa"),
        ("per", "fa"),
        ("fin", "fi"),
        ("fra", "fr"),
        ("fre", "fr"),
        ("gle", "ga"),
        ("heb", "he"),
        ("hrv", "hr"),
        ("hun", "hu"),
        ("ita", "it"),
        ("jpn", "ja"),
        ("lav", "lv"),
        ("lit", "lt"),
        ("mlt", "mt"),
        ("nld", "nl"),
        ("dut", "nl"),
        ("pol", "pl"),
        ("por", "pt"),
        ("ron", "ro"),
        ("rum", "ro"),
        ("rus", "ru"),
        ("slk", "sk"),
        ("slo", "sk"),
        ("slv", "sl"),
        ("spa", "es"),
        ("swa", "sw"),
        ("swe", "sv"),
        ("tur", "tr"),
        ("ukr", "uk"),
        ("urd", "ur"),
    ];
    const RTL: &[&str] = &["ar", "fa", "he", "ur", "yi", "ps", "dv", "ckb"];
    let code = code.map(str::trim).unwrap_or_default().to_ascii_lowercase();
    let valid = !code.is_empty()
        && code.len() <= 35
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let lang = if !valid {
        "und".to_string()
    } else {
        match TWO_LETTER.iter().find(|(three, _)| *three == code) {
            Some((_, two)) => (*two).to_string(),
            None => code,
        }
    };
    let primary = lang.split('-').next().unwrap_or_default();
    let dir = if RTL.contains(&primary) { "rtl" } else { "ltr" };
    (lang, dir)
}

// ---------------------------------------------------------------------------
// Walking the new text.

/// The ids given out so far: every element id of the page is unique.
struct Anchors {
    used: HashSet<String>,
}

impl Default for Anchors {
    fn default() -> Self {
        Anchors {
            used: PAGE_IDS.iter().map(|s| s.to_string()).collect(),
        }
    }
}

impl Anchors {
    /// `base`, or `base~2`, `base~3`... when taken (as change ids are made
    /// unique).
    fn claim(&mut self, base: &str) -> String {
        let mut id = base.to_string();
        let mut k = 1;
        while !self.used.insert(id.clone()) {
            k += 1;
            id = format!("{base}~{k}");
        }
        id
    }
}

/// Finds the provision a clause or an alignment name stands for.
struct Lookup<'a> {
    doc: &'a Document,
    by_eid: HashMap<&'a str, ProvisionId>,
}

impl<'a> Lookup<'a> {
    fn new(doc: &'a Document) -> Self {
        let mut by_eid = HashMap::new();
        for (id, p) in doc.iter() {
            if let Some(eid) = p.ids.citable() {
                by_eid.entry(eid).or_insert(id);
            }
        }
        Lookup { doc, by_eid }
    }

    fn clause(&self, c: &Clause) -> Option<ProvisionId> {
        match &c.eid {
            Some(eid) => self.by_eid.get(eid.as_str()).copied(),
            None => self.doc.by_label(&c.label),
        }
    }

    /// An alignment name: the eId (or id), else the label.
    fn name(&self, name: &str) -> Option<ProvisionId> {
        self.by_eid
            .get(name)
            .copied()
            .or_else(|| self.doc.by_label(name))
    }
}

/// Where each change goes.
struct Placement {
    /// New provision -> the change shown in its place.
    at: HashMap<ProvisionId, usize>,
    /// New provisions shown inside a change placed elsewhere.
    covered: Vec<bool>,
    /// Deletions shown just before new provision `i` (`i == len`: at the end).
    before: Vec<Vec<usize>>,
    /// Changes that name no provision of the documents.
    unplaced: Vec<usize>,
}

struct Walk<'a> {
    c: &'a Comparison,
    old: &'a Document,
    new: &'a Document,
    old_ids: Lookup<'a>,
    new_ids: Lookup<'a>,
    /// The last provision of each new provision's subtree.
    ends: Vec<ProvisionId>,
    blocks: Vec<Block>,
    run: Vec<Row>,
    /// Wrap-ups waiting for the end of their provision's subtree: (last
    /// provision of the subtree, the row).
    wrap_ups: Vec<(ProvisionId, Row)>,
    anchors: Anchors,
    /// Each change's element id, claimed before the walk.
    change_ids: Vec<String>,
}

impl<'a> Walk<'a> {
    fn new(
        c: &'a Comparison,
        old: &'a Document,
        new: &'a Document,
        anchors: Anchors,
        change_ids: Vec<String>,
    ) -> Self {
        Walk {
            c,
            old,
            new,
            old_ids: Lookup::new(old),
            new_ids: Lookup::new(new),
            ends: new.subtree_ends(),
            blocks: Vec::new(),
            run: Vec::new(),
            wrap_ups: Vec::new(),
            anchors,
            change_ids,
        }
    }

    fn run(mut self) -> Vec<Block> {
        let place = self.place();
        let n = self.new.provisions.len();
        for i in 0..n {
            if let Some(dels) = place.before.get(i) {
                for &d in dels {
                    self.change(d);
                }
            }
            match place.at.get(&i) {
                Some(&ci) => self.change(ci),
                None if !place.covered[i] => self.unchanged(i),
                None => {} // Shown inside another change.
            }
            while self.wrap_ups.last().is_some_and(|(end, _)| *end == i) {
                if let Some((_, row)) = self.wrap_ups.pop() {
                    self.run.push(row);
                }
            }
        }
        if let Some(dels) = place.before.get(n) {
            for &d in dels {
                self.change(d);
            }
        }
        for &ci in &place.unplaced {
            self.change(ci);
        }
        self.flush();
        self.blocks
    }

    /// Decides where each change is shown.
    fn place(&self) -> Placement {
        let (old, new, ends) = (&self.old_ids, &self.new_ids, &self.ends);
        let n = self.new.provisions.len();
        let mut p = Placement {
            at: HashMap::new(),
            covered: vec![false; n],
            before: vec![Vec::new(); n + 1],
            unplaced: Vec::new(),
        };
        // Old provision -> its new counterpart, to place deletions.
        let mut counterpart: HashMap<ProvisionId, ProvisionId> = HashMap::new();
        for pair in &self.c.alignment {
            if let (Some(o), Some(n)) = (old.name(&pair.old), new.name(&pair.new)) {
                counterpart.entry(o).or_insert(n);
            }
        }
        // Each change that has a new side, at its first new provision.
        let mut anchor: Vec<Option<ProvisionId>> = vec![None; self.c.changes.len()];
        for (ci, ch) in self.c.changes.iter().enumerate() {
            let ids: Vec<ProvisionId> = ch.new.iter().filter_map(|cl| new.clause(cl)).collect();
            let Some(&first) = ids.iter().min() else {
                continue;
            };
            if p.at.contains_key(&first) {
                continue; // Two changes for one provision: show the second apart.
            }
            anchor[ci] = Some(first);
            p.at.insert(first, ci);
            for cl in &ch.old {
                if let Some(o) = old.clause(cl) {
                    counterpart.entry(o).or_insert(first);
                }
            }
            for &id in &ids {
                if id != first {
                    p.covered[id] = true;
                }
            }
            if ch.new.iter().any(|cl| cl.includes_subdivisions) {
                for id in first + 1..=ends[first] {
                    p.covered[id] = true;
                }
            }
        }
        // Deletions, where compare's rule puts them, kept within the order
        // of the change list.
        let mut lo = 0;
        for (ci, ch) in self.c.changes.iter().enumerate() {
            if let Some(a) = anchor[ci] {
                lo = a + 1;
                continue;
            }
            let hi = anchor[ci + 1..]
                .iter()
                .flatten()
                .next()
                .copied()
                .unwrap_or(n);
            let wanted = if ch.new.is_empty() {
                ch.old.first().and_then(|cl| old.clause(cl)).map(|o| {
                    deletion_anchor(self.old, o, |s| counterpart.get(&s).copied()).slot(ends)
                })
            } else {
                None
            };
            match wanted {
                Some(b) => {
                    let b = b.clamp(lo, hi.max(lo));
                    p.before[b].push(ci);
                    lo = b;
                }
                None => p.unplaced.push(ci),
            }
        }
        p
    }

    fn flush(&mut self) {
        if self.run.is_empty() {
            return;
        }
        let rows = std::mem::take(&mut self.run);
        let label = |r: &Row| r.label.clone();
        self.blocks.push(Block::Unchanged(RunView {
            count: rows.len(),
            first: rows.first().map(label).unwrap_or_default(),
            last: rows.last().map(label).unwrap_or_default(),
            rows,
        }));
    }

    /// An unchanged provision of the new text.
    fn unchanged(&mut self, i: ProvisionId) {
        let p = &self.new.provisions[i];
        let id = self.anchors.claim(&anchor_id(p, i));
        let lines = opening_lines(p);
        let closing = closing_lines(p);
        if !closing.is_empty() {
            self.wrap_ups.push((
                self.ends[i],
                Row {
                    id: None,
                    indent: if structural(p) {
                        0
                    } else {
                        indent(self.new, i)
                    },
                    num: None,
                    heading: None,
                    label: p.label.to_string(),
                    lines: closing,
                    provision: None,
                },
            ));
        }
        if structural(p) {
            self.flush();
            self.blocks.push(Block::Heading(HeadingView {
                id,
                level: level(self.new, i),
                num: p.num.as_deref().map(str::to_string),
                heading: p.heading.as_deref().map(str::to_string).or_else(|| {
                    if p.num.is_none() {
                        Some(p.label.to_string())
                    } else {
                        None
                    }
                }),
            }));
            if !lines.is_empty() {
                self.run.push(Row {
                    id: None,
                    indent: 0,
                    num: None,
                    heading: None,
                    label: p.label.to_string(),
                    lines,
                    provision: None,
                });
            }
            return;
        }
        self.run.push(Row {
            id: Some(id),
            indent: indent(self.new, i),
            num: p.num.as_deref().map(str::to_string),
            heading: None,
            label: p.label.to_string(),
            lines,
            provision: None,
        });
    }

    fn change(&mut self, ci: usize) {
        self.flush();
        let view = self.change_view(ci);
        self.blocks.push(Block::Change(Box::new(view)));
    }

    fn change_view(&mut self, ci: usize) -> ChangeView {
        let ch = &self.c.changes[ci];
        let (old, new) = (&self.old_ids, &self.new_ids);
        let deleted = ch.new.is_empty();
        // The provision the change is shown as: the first new one, or the
        // old one for a deletion.
        let (doc, lookup, side) = if deleted {
            (self.old, old, &ch.old)
        } else {
            (self.new, new, &ch.new)
        };
        let pid = side
            .iter()
            .filter_map(|cl| lookup.clause(cl))
            .min()
            .filter(|&id| id < doc.provisions.len());
        let prov = pid.map(|id| &doc.provisions[id]);
        let structural = prov.is_some_and(structural);
        let level = pid.map_or(FIRST_PROVISION_HEADING, |id| level(doc, id));
        let indent = match pid {
            Some(id) if !structural => indent(doc, id),
            _ => 0,
        };

        let first = side.first();
        let old_first = ch.old.first();
        let num = match (
            old_first.and_then(|c| c.num.as_ref()),
            first.and_then(|c| c.num.as_ref()),
        ) {
            (Some(o), Some(n)) if o != n && !deleted => vec![
                Run {
                    op: "delete",
                    text: o.clone(),
                },
                equal(" "),
                Run {
                    op: "insert",
                    text: n.clone(),
                },
            ],
            (_, Some(n)) => vec![Run {
                op: match ch.kind {
                    ChangeKind::Inserted => "insert",
                    ChangeKind::Deleted => "delete",
                    _ => "equal",
                },
                text: n.clone(),
            }],
            _ => Vec::new(),
        };
        let old_num = old_first.and_then(|c| c.num.clone());
        let new_num = ch.new.first().and_then(|c| c.num.clone());
        let heading: LineView = if !ch.heading_diff.is_empty() {
            // Headings never hold newlines; several (a split) are joined.
            join_lines(lines(&ch.heading_diff))
        } else {
            first
                .and_then(|c| c.heading.as_deref())
                .map(|h| vec![equal(h)])
                .unwrap_or_default()
        };

        let label = side_labels(side);
        let old_labels = side_labels(&ch.old);
        // A heading shows its old number beside the new one already.
        let formerly = (!deleted && !structural && !old_labels.is_empty() && old_labels != label)
            .then_some(old_labels);

        // Other provisions the change stands for: split parts, and the
        // subdivisions of a unit inserted whole (their rows carry them).
        let mut others: Vec<ProvisionId> = Vec::new();
        if !deleted {
            others.extend(ch.new.iter().filter_map(|cl| new.clause(cl)));
        }

        let whole = side.iter().any(|cl| cl.includes_subdivisions);
        let text_unchanged = ch.diff.iter().all(|s| s.op == Op::Equal);
        let (body, rows_op, mut rows) = if whole && (deleted || ch.old.is_empty()) {
            let op = if deleted { "delete" } else { "insert" };
            let rows = pid
                .map(|id| subtree_rows(doc, id, !deleted))
                .unwrap_or_default();
            others.extend(rows.iter().filter_map(|r| r.provision));
            ("rows", op, rows)
        } else if ch.diff.is_empty() {
            ("none", "equal", Vec::new())
        } else {
            ("redline", "equal", Vec::new())
        };
        // The change's own provision is cited by the change's id; the
        // others get anchors, in the rows where there are rows.
        let mut seen = HashSet::new();
        others.retain(|&id| Some(id) != pid && seen.insert(id));
        let mut anchors = Vec::new();
        for &id in &others {
            let claimed = self.anchors.claim(&anchor_id(&self.new.provisions[id], id));
            match rows.iter_mut().find(|r| r.provision == Some(id)) {
                Some(row) => row.id = Some(claimed),
                None => anchors.push(claimed),
            }
        }
        if body == "rows" {
            // A structural unit's number and heading are the change's title.
            if let Some(first) = rows.first_mut() {
                if structural {
                    first.num = None;
                    first.heading = None;
                }
            }
            if rows
                .first()
                .is_some_and(|r| r.num.is_none() && r.heading.is_none() && r.lines.is_empty())
            {
                rows.remove(0);
            }
        }
        let (inline, old_lines, new_lines) = if body == "redline" {
            (
                line_views(&ch.diff),
                line_views(&only(&ch.diff, Op::Delete)),
                line_views(&only(&ch.diff, Op::Insert)),
            )
        } else {
            (Vec::new(), Vec::new(), Vec::new())
        };

        let mut classes = Vec::new();
        if has(ch, Axis::Scope, Direction::Widens) {
            classes.push("has-scope-widens");
        }
        if has(ch, Axis::Safeguards, Direction::Weakens) {
            classes.push("has-safeguards-weakens");
        }

        ChangeView {
            id: self.change_ids.get(ci).cloned().unwrap_or_default(),
            title_id: self.anchors.claim(&format!("rl-t-{}", ci + 1)),
            level,
            kind: ch.kind.as_str(),
            kind_label: super::kind(ch),
            structural,
            label,
            formerly,
            num,
            old_num,
            new_num,
            heading,
            notes: ch.notes.clone(),
            anchors,
            indent,
            body,
            inline,
            old_lines,
            new_lines,
            rows_op,
            rows,
            text_unchanged: text_unchanged && ch.kind != ChangeKind::Inserted,
            badges: badges(ch),
            effects: ch.effects.iter().map(effect_view).collect(),
            classes: classes.join(" "),
        }
    }
}

fn structural(p: &Provision) -> bool {
    p.heading.is_some() || STRUCTURAL.contains(&p.element.as_ref())
}

/// How many structural ancestors a provision has.
fn structural_depth(doc: &Document, id: ProvisionId) -> usize {
    doc.ancestors(id)
        .filter(|&a| structural(&doc.provisions[a]))
        .count()
}

/// The heading level of a provision's title: structural provisions by
/// their depth among structural provisions, others one below their nearest
/// structural ancestor.
fn level(doc: &Document, id: ProvisionId) -> usize {
    (FIRST_PROVISION_HEADING + structural_depth(doc, id)).min(MAX_HEADING)
}

/// Indentation under the nearest structural ancestor.
fn indent(doc: &Document, id: ProvisionId) -> usize {
    doc.ancestors(id)
        .take_while(|&a| !structural(&doc.provisions[a]))
        .count()
        .min(MAX_INDENT)
}

/// The anchor of a provision: its eId (or id), else a name made from its
/// label and position, so that every row can be linked to.
fn anchor_id(p: &Provision, id: ProvisionId) -> String {
    match p.ids.citable() {
        Some(eid) => eid.to_string(),
        None => {
            let slug: String = p
                .label
                .chars()
                .map(|c| if c.is_alphanumeric() { c } else { '-' })
                .collect();
            format!("p{id}-{}", slug.trim_matches('-'))
        }
    }
}

/// A provision's own text before its children: intro and content, or its
/// whole text when it has no children.
fn opening_lines(p: &Provision) -> Vec<String> {
    if p.children.is_empty() {
        text_lines(&p.text())
    } else {
        let mut lines = text_lines(&p.intro);
        lines.extend(text_lines(&p.content));
        lines
    }
}

/// A provision's own text after its children: its wrap-up (a preamble's
/// enacting formula is one: the reader files it so).
fn closing_lines(p: &Provision) -> Vec<String> {
    if p.children.is_empty() {
        return Vec::new();
    }
    text_lines(&p.wrap_up)
}

fn text_lines(text: &str) -> Vec<String> {
    text.split('\n')
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// Rows for a provision and its subdivisions, in reading order. `new_side`:
/// whether they are the new text's (their rows can be anchored; old eIds
/// may name other provisions of the new text).
fn subtree_rows(doc: &Document, root: ProvisionId, new_side: bool) -> Vec<Row> {
    // Rows indent as they would in the text, less the card's own indent.
    let base = if structural(&doc.provisions[root]) {
        0
    } else {
        indent(doc, root)
    };
    let mut rows = Vec::new();
    let mut stack: Vec<(ProvisionId, bool)> = vec![(root, false)];
    while let Some((id, closing)) = stack.pop() {
        let p = &doc.provisions[id];
        let indent = indent(doc, id).saturating_sub(base);
        if closing {
            rows.push(Row {
                id: None,
                indent,
                num: None,
                heading: None,
                label: p.label.to_string(),
                lines: closing_lines(p),
                provision: None,
            });
            continue;
        }
        rows.push(Row {
            id: None,
            indent,
            num: p.num.as_deref().map(str::to_string),
            heading: p.heading.as_deref().map(str::to_string),
            label: p.label.to_string(),
            lines: opening_lines(p),
            provision: new_side.then_some(id),
        });
        if !closing_lines(p).is_empty() {
            stack.push((id, true));
        }
        stack.extend(p.children.iter().rev().map(|&c| (c, false)));
    }
    rows
}

fn side_labels(clauses: &[Clause]) -> String {
    let ls: Vec<&str> = clauses.iter().map(|c| c.label.as_str()).collect();
    ls.join(", ")
}

/// The label a change is listed by: its new labels, or its old ones.
fn title_label(ch: &Change) -> String {
    if ch.new.is_empty() {
        side_labels(&ch.old)
    } else {
        side_labels(&ch.new)
    }
}

fn equal(text: &str) -> Run {
    Run {
        op: "equal",
        text: text.to_string(),
    }
}

fn op_name(op: Op) -> &'static str {
    match op {
        Op::Equal => "equal",
        Op::Insert => "insert",
        Op::Delete => "delete",
    }
}

fn line_views(segments: &[Segment]) -> Vec<LineView> {
    lines(segments)
        .into_iter()
        .map(|line| {
            line.into_iter()
                .map(|(op, text)| Run {
                    op: op_name(op),
                    text: text.to_string(),
                })
                .collect()
        })
        .collect()
}

/// Lines joined into one, separated by " / " (several headings).
fn join_lines(ls: Vec<super::Line<'_>>) -> LineView {
    let mut out = Vec::new();
    for (i, line) in ls.into_iter().enumerate() {
        if i > 0 {
            out.push(equal(" / "));
        }
        out.extend(line.into_iter().map(|(op, text)| Run {
            op: op_name(op),
            text: text.to_string(),
        }));
    }
    out
}

/// One side of a script: the equal runs and the runs of `op`.
fn only(segments: &[Segment], op: Op) -> Vec<Segment> {
    segments
        .iter()
        .filter(|s| s.op == Op::Equal || s.op == op)
        .cloned()
        .collect()
}

/// The verdict as badges, one per axis that moved.
fn badges(ch: &Change) -> Vec<Badge> {
    let mut out = Vec::new();
    let scope = match ch.verdict.scope {
        ScopeVerdict::Widens => Some(("fx-scope-widens", "scope widens")),
        ScopeVerdict::Narrows => Some(("fx-scope-narrows", "scope narrows")),
        ScopeVerdict::Mixed => Some(("fx-mixed", "scope: mixed")),
        ScopeVerdict::Unclear => Some(("fx-unclear", "scope: unclear")),
        ScopeVerdict::None => None,
    };
    let safeguards = match ch.verdict.safeguards {
        SafeguardsVerdict::Weakens => Some(("fx-safeguards-weakens", "safeguards weaken")),
        SafeguardsVerdict::Strengthens => {
            Some(("fx-safeguards-strengthens", "safeguards strengthen"))
        }
        SafeguardsVerdict::Mixed => Some(("fx-mixed", "safeguards: mixed")),
        SafeguardsVerdict::Unclear => Some(("fx-unclear", "safeguards: unclear")),
        SafeguardsVerdict::None => None,
    };
    for (class, text) in [scope, safeguards].into_iter().flatten() {
        out.push(Badge {
            class: class.to_string(),
            text: text.to_string(),
        });
    }
    // A change whose own words read neutral may still move with a
    // definition it uses.
    for (axis, direction, class, text) in [
        (
            Axis::Scope,
            Direction::Widens,
            "fx-scope-widens",
            "scope widens (by a definition)",
        ),
        (
            Axis::Scope,
            Direction::Narrows,
            "fx-scope-narrows",
            "scope narrows (by a definition)",
        ),
    ] {
        let own = ch.verdict.scope != ScopeVerdict::None;
        if !own
            && ch
                .effects
                .iter()
                .any(|e| e.propagated && e.axis == axis && e.direction == direction)
        {
            out.push(Badge {
                class: class.to_string(),
                text: text.to_string(),
            });
        }
    }
    out
}

fn effect_view(e: &Effect) -> EffectView {
    let (class, reading) = match (e.axis, e.direction) {
        (Axis::Scope, Direction::Widens) => ("fx-scope-widens", "scope widens"),
        (Axis::Scope, Direction::Narrows) => ("fx-scope-narrows", "scope narrows"),
        (Axis::Safeguards, Direction::Weakens) => ("fx-safeguards-weakens", "safeguards weaken"),
        (Axis::Safeguards, Direction::Strengthens) => {
            ("fx-safeguards-strengthens", "safeguards strengthen")
        }
        (Axis::Scope, _) => ("fx-unclear", "scope: unclear"),
        (Axis::Safeguards, _) => ("fx-unclear", "safeguards: unclear"),
    };
    EffectView {
        class: class.to_string(),
        reading: reading.to_string(),
        explanation: e.explanation.clone(),
        rule: e.rule.clone(),
        confidence: (e.confidence.clamp(0.0, 1.0) * 100.0).round() as u32,
        evidence_old: e.evidence.old.clone(),
        evidence_new: e.evidence.new.clone(),
        propagated: e.propagated,
        needs_review: e.needs_review,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_hash_is_base64_sha256() {
        // printf 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            csp_hash("alert(1)"),
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
    }

    #[test]
    fn languages() {
        assert_eq!(html_lang(Some("eng")), ("en".to_string(), "ltr"));
        assert_eq!(html_lang(Some("ara")), ("ar".to_string(), "rtl"));
        assert_eq!(html_lang(Some("de-CH")), ("de-ch".to_string(), "ltr"));
        assert_eq!(html_lang(Some("gsw")), ("gsw".to_string(), "ltr"));
        assert_eq!(html_lang(None), ("und".to_string(), "ltr"));
        assert_eq!(html_lang(Some("\"><x")), ("und".to_string(), "ltr"));
    }

    #[test]
    fn the_embedded_script_and_style_can_be_inlined() {
        let t = Templates::embedded();
        assert!(!contains_ignore_case(&t.script, "</script"));
        assert!(!contains_ignore_case(&t.style, "</style"));
    }
}
