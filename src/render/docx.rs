//! `redline diff --format docx -o FILE`: a Word redline whose insertions and
//! deletions are real tracked changes, so that a negotiator can accept or
//! reject each one.
//!
//! The document holds a title, the two versions, a summary table, and then
//! the whole new version in reading order: chapters and articles as Word
//! headings ("Article 24 — Conditions and safeguards"), every other
//! provision as paragraphs led by its number. Changed provisions carry their
//! word diff as `w:ins`/`w:del` by the author "redline", dated with the new
//! version's date; a changed number or heading is a tracked change too.
//! Deleted provisions stand where they stood, as deleted paragraphs (text
//! and paragraph marks), inserted ones as inserted paragraphs. Each change
//! that has something to say (its effects on scope and safeguards, a
//! renumbering, a move, a split or merge, the compare stage's notes) gets
//! one Word comment anchored on its paragraphs.
//!
//! # The text, and what accepting and rejecting give
//!
//! "The text" of a version is [`reading_text`]: one string per paragraph,
//! provisions in document order; a heading-like provision (one with a
//! heading, or a division such as a chapter or an article) gives the line
//! "number — heading"; its own text (intro and content) follows, one
//! paragraph per line, the first led by the number and a tab when the number
//! is not already in a heading line; then its subdivisions; then its wrap-up.
//!
//! After the front matter (title, summary), accepting every tracked change
//! gives exactly `reading_text(new)`, and rejecting every one gives the old
//! version's paragraphs, with two differences of place, never of words: a
//! moved provision stays where the new version has it (a comment says where
//! it came from), and the old text of a split, or of a merge whose parts
//! did not stand together, stands at the new provision's place.
//!
//! Paragraph marks are tracked like text: a newline the diff inserts or
//! deletes becomes an inserted or deleted paragraph mark, so that rejecting
//! a split paragraph joins it again. Where a change's old and new text stand
//! in different places (an intro and a wrap-up have subdivisions between
//! them; the parts of a split are separate provisions), words that the diff
//! calls equal but that fall on different sides of such a gap are shown
//! deleted in one place and inserted in the other.
//!
//! # Package
//!
//! The OOXML parts are written by hand and packed with `zip` (deflate, every
//! entry dated 1980-01-01): revision and comment ids count up from fixed
//! starts and nothing depends on the clock, so the same inputs give the same
//! bytes. Settings turn on track changes, so that edits a negotiator makes
//! to the redline are tracked too.

use std::collections::HashMap;
use std::io::{self, Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::{counts, effect_head, effects_line, kind, labels, verdict_words};
use crate::akn::{Document, Provision, ProvisionId};
use crate::compare::{deletion_anchor, Anchor, Change, ChangeKind, Clause, Comparison, Version};
use crate::diff::{self, Op, Segment};

/// The author of every tracked change and comment.
const AUTHOR: &str = "redline";

/// One indentation step, in twentieths of a point (1 cm).
const INDENT: u32 = 567;

/// Headings go down to Word's Heading 6; deeper divisions use it too.
const MAX_HEADING: usize = 6;

/// Elements laid out as a heading line ("Article 5 — Scope") whether or not
/// they carry a heading: the divisions above the numbered paragraph.
const DIVISIONS: &[&str] = &[
    "book",
    "tome",
    "part",
    "subpart",
    "title",
    "subtitle",
    "chapter",
    "subchapter",
    "section",
    "subsection",
    "division",
    "subdivision",
    "article",
    "rule",
];

/// Writes the Word document comparing `old` and `new`, the documents `cmp`
/// was computed from.
///
/// Changes whose provisions cannot be found in the documents (a comparison
/// of other files) are left out of the text.
pub fn write(
    out: &mut impl Write,
    cmp: &Comparison,
    old: &Document,
    new: &Document,
) -> io::Result<()> {
    let parts = Package::build(cmp, old, new);
    out.write_all(&parts.zip()?)
}

/// The text of a version as the Word redline lays it out, one string per
/// paragraph (see the module documentation).
pub fn reading_text(doc: &Document) -> Vec<String> {
    let shapes = Shapes::of(doc);
    let mut lines = Vec::new();
    let mut stack: Vec<Step> = doc.roots.iter().rev().map(|&r| Step::Enter(r)).collect();
    while let Some(step) = stack.pop() {
        match step {
            Step::Enter(id) => {
                let p = &doc.provisions[id];
                let hl = shapes.heading_like[id];
                lines.extend(heading_text(p, hl));
                let pre = pre_text(p);
                let lead = lead_num(p, hl);
                if lead.is_some() || !pre.is_empty() {
                    for (i, line) in pre.split('\n').enumerate() {
                        match lead.as_deref() {
                            Some(n) if i == 0 => lines.push(format!("{n}\t{line}")),
                            _ => lines.push(line.to_string()),
                        }
                    }
                }
                stack.push(Step::Exit(id));
                stack.extend(p.children.iter().rev().map(|&c| Step::Enter(c)));
            }
            Step::Exit(id) => {
                let post = &doc.provisions[id].wrap_up;
                if !post.is_empty() {
                    lines.extend(post.split('\n').map(str::to_string));
                }
            }
        }
    }
    lines
}

#[derive(Debug, Clone, Copy)]
enum Step {
    Enter(ProvisionId),
    Exit(ProvisionId),
}

// ---------------------------------------------------------------------------
// How provisions are laid out

fn nonempty(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.trim().is_empty())
}

/// A number or heading on one line.
fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

fn is_heading_like(p: &Provision) -> bool {
    nonempty(p.heading.as_deref()).is_some() || DIVISIONS.contains(&p.element.as_ref())
}

/// "Article 24 — Conditions and safeguards", for heading-like provisions
/// with a number or a heading.
fn heading_text(p: &Provision, heading_like: bool) -> Option<String> {
    if !heading_like {
        return None;
    }
    let parts: Vec<String> = [nonempty(p.num.as_deref()), nonempty(p.heading.as_deref())]
        .into_iter()
        .flatten()
        .map(one_line)
        .collect();
    (!parts.is_empty()).then(|| parts.join(" — "))
}

/// The number that leads the first line of the provision's own text.
fn lead_num(p: &Provision, heading_like: bool) -> Option<String> {
    if heading_like {
        None
    } else {
        nonempty(p.num.as_deref()).map(one_line)
    }
}

/// The own text before the subdivisions: intro and content.
fn pre_text(p: &Provision) -> String {
    let parts: Vec<&str> = [p.intro.as_str(), p.content.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    parts.join("\n")
}

/// Per provision of one document: whether it is a heading, its heading
/// level, and its indentation level among body paragraphs.
struct Shapes {
    heading_like: Vec<bool>,
    heading_level: Vec<usize>,
    body_level: Vec<usize>,
}

impl Shapes {
    fn of(doc: &Document) -> Shapes {
        let n = doc.provisions.len();
        let mut s = Shapes {
            heading_like: Vec::with_capacity(n),
            heading_level: Vec::with_capacity(n),
            body_level: Vec::with_capacity(n),
        };
        // Parents come before their children in the arena.
        for p in &doc.provisions {
            let hl = is_heading_like(p);
            let (heading_level, body_level) = match p.parent.filter(|&q| q < s.heading_like.len()) {
                None => (1, 0),
                Some(q) => {
                    let parent = &doc.provisions[q];
                    let h = s.heading_level[q] + usize::from(s.heading_like[q]);
                    let b = if s.heading_like[q] {
                        0
                    } else {
                        s.body_level[q] + usize::from(lead_num(parent, false).is_some())
                    };
                    (h, b)
                }
            };
            s.heading_like.push(hl);
            s.heading_level.push(heading_level);
            s.body_level.push(body_level);
        }
        s
    }

    fn heading(&self, id: ProvisionId) -> Style {
        Style::Heading(self.heading_level[id].min(MAX_HEADING))
    }

    /// The style of the first line of own text, and of the lines after it.
    fn body(&self, doc: &Document, id: ProvisionId) -> (Style, Style) {
        let numbered = lead_num(&doc.provisions[id], self.heading_like[id]).is_some();
        let level = self.body_level[id] + usize::from(numbered);
        // Deeper than 20 levels, paragraphs stop moving right.
        let left = INDENT * u32::try_from(level.min(20)).unwrap_or(20);
        let hanging = if numbered { INDENT } else { 0 };
        (
            Style::Body { left, hanging },
            Style::Body { left, hanging: 0 },
        )
    }
}

// ---------------------------------------------------------------------------
// Runs and paragraph breaks, each with what happened to it

/// One piece of a paragraph stream.
#[derive(Debug, Clone, PartialEq)]
enum Item {
    Text(Op, String),
    Tab(Op),
    /// The end of a paragraph, its mark as old as `Op` says; the style, if
    /// given, replaces the one the paragraph was opened with.
    Break(Op, Option<Style>),
}

impl Item {
    fn op(&self) -> Op {
        match self {
            Item::Text(op, _) | Item::Tab(op) | Item::Break(op, _) => *op,
        }
    }
}

/// Whether an op's material is seen in the old and in the new version.
fn seen(op: Op) -> (bool, bool) {
    match op {
        Op::Equal => (true, true),
        Op::Delete => (true, false),
        Op::Insert => (false, true),
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Items(Vec<Item>);

impl Items {
    /// Text whose newlines end paragraphs.
    fn text(&mut self, op: Op, text: &str) {
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.0.push(Item::Break(op, None));
            }
            if !line.is_empty() {
                self.push_str(op, line);
            }
        }
    }

    fn push_str(&mut self, op: Op, s: &str) {
        match self.0.last_mut() {
            Some(Item::Text(o, t)) if *o == op => t.push_str(s),
            _ => self.0.push(Item::Text(op, s.to_string())),
        }
    }

    fn push_char(&mut self, op: Op, c: char) {
        if c == '\n' {
            self.0.push(Item::Break(op, None));
        } else {
            match self.0.last_mut() {
                Some(Item::Text(o, t)) if *o == op => t.push(c),
                _ => self.0.push(Item::Text(op, c.to_string())),
            }
        }
    }

    fn tab(&mut self, op: Op) {
        self.0.push(Item::Tab(op));
    }

    fn segments(&mut self, segments: &[Segment]) {
        for s in segments {
            self.text(s.op, &s.text);
        }
    }

    fn extend(&mut self, other: Items) {
        for item in other.0 {
            match item {
                Item::Text(op, t) => self.push_str(op, &t),
                other => self.0.push(other),
            }
        }
    }
}

/// The paragraphs one provision contributes: its heading line, the number
/// leading its first line, its own text before the subdivisions, and its
/// wrap-up after them.
#[derive(Debug, Clone, Default)]
struct Own {
    heading: Items,
    lead: Items,
    pre: Items,
    post: Items,
}

impl Own {
    /// A provision's own paragraphs, all with one op.
    fn whole(doc: &Document, shapes: &Shapes, id: ProvisionId, op: Op) -> Own {
        let p = &doc.provisions[id];
        let hl = shapes.heading_like[id];
        let mut own = Own::default();
        if let Some(h) = heading_text(p, hl) {
            own.heading.text(op, &h);
        }
        if let Some(n) = lead_num(p, hl) {
            own.lead.text(op, &n);
            own.lead.tab(op);
        }
        own.pre.text(op, &pre_text(p));
        own.post.text(op, &p.wrap_up);
        own
    }
}

/// A word diff between two optional strings (a number, a heading).
fn diff_items(items: &mut Items, old: Option<&str>, new: Option<&str>) {
    match (old, new) {
        (Some(o), Some(n)) if o == n => items.text(Op::Equal, n),
        (Some(o), Some(n)) => items.segments(&diff::words(o, n)),
        (Some(o), None) => items.text(Op::Delete, o),
        (None, Some(n)) => items.text(Op::Insert, n),
        (None, None) => {}
    }
}

fn presence(old: bool, new: bool) -> Option<Op> {
    match (old, new) {
        (true, true) => Some(Op::Equal),
        (true, false) => Some(Op::Delete),
        (false, true) => Some(Op::Insert),
        (false, false) => None,
    }
}

/// The heading line and leading number of a provision that kept its
/// identity: old and new number and heading, diffed.
fn renumbering(o: &Provision, o_hl: bool, n: &Provision, n_hl: bool) -> (Items, Items) {
    let mut heading = Items::default();
    let side = |p: &Provision, hl: bool| {
        if hl {
            (
                nonempty(p.num.as_deref()).map(one_line),
                nonempty(p.heading.as_deref()).map(one_line),
            )
        } else {
            (None, None)
        }
    };
    let ((on, oh), (nn, nh)) = (side(o, o_hl), side(n, n_hl));
    diff_items(&mut heading, on.as_deref(), nn.as_deref());
    let sep = presence(on.is_some() && oh.is_some(), nn.is_some() && nh.is_some());
    if let Some(op) = sep {
        heading.text(op, " — ");
    }
    diff_items(&mut heading, oh.as_deref(), nh.as_deref());

    let mut lead = Items::default();
    let (ol, nl) = (lead_num(o, o_hl), lead_num(n, n_hl));
    diff_items(&mut lead, ol.as_deref(), nl.as_deref());
    if let Some(op) = presence(ol.is_some(), nl.is_some()) {
        lead.tab(op);
    }
    (heading, lead)
}

// ---------------------------------------------------------------------------
// Cutting a change's edit script into the places its text stands

/// One stretch of one side's joined text: `[start, end)` bytes, shown in
/// region `region`. Consecutive pieces are separated by one newline.
#[derive(Debug, Clone, Copy)]
struct Piece {
    start: usize,
    end: usize,
    region: usize,
}

/// Where a character of one side's text goes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Place {
    Region(usize),
    /// A newline between pieces shown in different regions: the gap
    /// between the regions stands for it.
    Gap,
}

/// A text and the region it goes to.
type Stretch<'t> = (&'t str, usize);

/// One side's pieces, read front to back.
struct Side {
    pieces: Vec<Piece>,
    at: usize,
}

impl Side {
    /// Pieces for texts joined by newlines: each text is `(pre, post)`
    /// with the regions they go to.
    fn new(texts: &[(Stretch<'_>, Stretch<'_>)]) -> Side {
        let mut pieces = Vec::new();
        let mut pos = 0;
        for &((pre, pre_region), (post, post_region)) in texts {
            if !pre.is_empty() || post.is_empty() {
                pieces.push(Piece {
                    start: pos,
                    end: pos + pre.len(),
                    region: pre_region,
                });
                pos += pre.len() + 1;
            }
            if !post.is_empty() {
                pieces.push(Piece {
                    start: pos,
                    end: pos + post.len(),
                    region: post_region,
                });
                pos += post.len() + 1;
            }
        }
        Side { pieces, at: 0 }
    }

    /// The place of the character at byte `pos`; calls come in order.
    fn place(&mut self, pos: usize) -> Place {
        while self.at + 1 < self.pieces.len() && pos >= self.pieces[self.at + 1].start {
            self.at += 1;
        }
        let Some(piece) = self.pieces.get(self.at) else {
            return Place::Region(0);
        };
        if pos < piece.end {
            return Place::Region(piece.region);
        }
        match self.pieces.get(self.at + 1) {
            Some(next) if next.region != piece.region => Place::Gap,
            _ => Place::Region(piece.region),
        }
    }
}

/// Cuts an edit script into regions: every character goes to the region
/// its side places it in; an equal character placed differently by the two
/// sides is deleted in one region and inserted in the other. Injections
/// (old material the script does not hold, such as the number of an old
/// clause merged into another) are put in just before the old character at
/// their position.
fn cut(
    segments: &[Segment],
    old: &mut Side,
    new: &mut Side,
    mut injections: Vec<(usize, usize, Items)>,
    regions: usize,
) -> Vec<Items> {
    let mut out = vec![Items::default(); regions];
    let region = |r: usize| r.min(regions.saturating_sub(1));
    injections.sort_by_key(|(pos, _, _)| *pos);
    let mut injections = injections.into_iter().peekable();
    let mut flush = |out: &mut Vec<Items>, upto: usize| {
        while let Some((_, r, items)) = injections.next_if(|(pos, _, _)| *pos <= upto) {
            out[region(r)].extend(items);
        }
    };
    let (mut po, mut pn) = (0, 0);
    for seg in segments {
        for c in seg.text.chars() {
            let w = c.len_utf8();
            match seg.op {
                Op::Equal => {
                    flush(&mut out, po);
                    match (old.place(po), new.place(pn)) {
                        (Place::Gap, Place::Gap) => {}
                        (Place::Gap, Place::Region(r)) => out[region(r)].push_char(Op::Insert, c),
                        (Place::Region(r), Place::Gap) => out[region(r)].push_char(Op::Delete, c),
                        (Place::Region(a), Place::Region(b)) if a == b => {
                            out[region(a)].push_char(Op::Equal, c);
                        }
                        (Place::Region(a), Place::Region(b)) => {
                            out[region(a)].push_char(Op::Delete, c);
                            out[region(b)].push_char(Op::Insert, c);
                        }
                    }
                    po += w;
                    pn += w;
                }
                Op::Delete => {
                    flush(&mut out, po);
                    if let Place::Region(r) = old.place(po) {
                        out[region(r)].push_char(Op::Delete, c);
                    }
                    po += w;
                }
                Op::Insert => {
                    if let Place::Region(r) = new.place(pn) {
                        out[region(r)].push_char(Op::Insert, c);
                    }
                    pn += w;
                }
            }
        }
    }
    flush(&mut out, usize::MAX);
    out
}

// ---------------------------------------------------------------------------
// Where each change stands

/// A provision's name in a comparison: its eId (or id), else its label.
fn name(p: &Provision) -> &str {
    p.ids.citable().unwrap_or(&p.label)
}

fn clause_name(c: &Clause) -> &str {
    c.eid.as_deref().unwrap_or(&c.label)
}

/// Provisions of one document by name, each claimed at most once.
struct Finder<'d> {
    doc: &'d Document,
    by_name: HashMap<&'d str, Vec<ProvisionId>>,
    taken: Vec<bool>,
}

impl<'d> Finder<'d> {
    fn new(doc: &'d Document) -> Finder<'d> {
        let mut by_name: HashMap<&str, Vec<ProvisionId>> = HashMap::new();
        for (id, p) in doc.iter() {
            by_name.entry(name(p)).or_default().push(id);
        }
        Finder {
            doc,
            by_name,
            taken: vec![false; doc.provisions.len()],
        }
    }

    /// The provision a clause stands for: same name, element, number and
    /// heading, and the same text where the clause holds only its own.
    fn clause(&mut self, c: &Clause) -> Option<ProvisionId> {
        let candidates = self.by_name.get(clause_name(c))?;
        let doc = self.doc;
        let fits = |id: ProvisionId| {
            let p = &doc.provisions[id];
            !self.taken[id]
                && p.element == c.element
                && p.num.as_deref() == c.num.as_deref()
                && p.heading.as_deref() == c.heading.as_deref()
        };
        let id = candidates
            .iter()
            .copied()
            .filter(|&id| fits(id))
            .find(|&id| c.includes_subdivisions || doc.provisions[id].text() == c.text)
            .or_else(|| candidates.iter().copied().find(|&id| fits(id)))?;
        self.taken[id] = true;
        Some(id)
    }

    /// The first provision of this name not claimed yet.
    fn name(&mut self, n: &str) -> Option<ProvisionId> {
        let id = self
            .by_name
            .get(n)?
            .iter()
            .copied()
            .find(|&id| !self.taken[id])?;
        self.taken[id] = true;
        Some(id)
    }
}

/// One change, placed.
struct Placed {
    olds: Vec<ProvisionId>,
    /// Inserted or deleted with its whole subtree.
    whole: bool,
    /// Own paragraphs, one per new provision (one for a deletion).
    own: Vec<Own>,
}

/// Every change placed in the new reading order.
struct Plan {
    placed: Vec<Option<Placed>>,
    /// New provision -> (change, part).
    owner: Vec<Option<(usize, usize)>>,
    at_start: Vec<usize>,
    after_own: HashMap<ProvisionId, Vec<usize>>,
    after_subtree: HashMap<ProvisionId, Vec<usize>>,
}

impl Plan {
    fn new(
        cmp: &Comparison,
        old: &Document,
        new: &Document,
        old_shapes: &Shapes,
        new_shapes: &Shapes,
    ) -> Plan {
        let mut old_finder = Finder::new(old);
        let mut new_finder = Finder::new(new);
        let mut counterpart: Vec<Option<ProvisionId>> = vec![None; old.provisions.len()];
        let mut paired_new = vec![false; new.provisions.len()];
        let mut placed = Vec::with_capacity(cmp.changes.len());
        let mut owner = vec![None; new.provisions.len()];

        for (ci, change) in cmp.changes.iter().enumerate() {
            let olds: Option<Vec<_>> = change.old.iter().map(|c| old_finder.clause(c)).collect();
            let news: Option<Vec<_>> = change.new.iter().map(|c| new_finder.clause(c)).collect();
            let (Some(olds), Some(news)) = (olds, news) else {
                placed.push(None);
                continue;
            };
            let primary = primary(cmp, change);
            if let Some((po, pn)) = primary {
                counterpart[olds[po]] = Some(news[pn]);
                paired_new[news[pn]] = true;
            }
            if change.kind == ChangeKind::Merged {
                for &o in &olds {
                    counterpart[o] = counterpart[o].or(news.first().copied());
                }
            }
            for (i, &n) in news.iter().enumerate() {
                owner[n] = Some((ci, i));
            }
            let whole = match change.kind {
                ChangeKind::Inserted => change.new.first(),
                ChangeKind::Deleted => change.old.first(),
                _ => None,
            }
            .is_some_and(|c| c.includes_subdivisions);
            let own = match change.kind {
                ChangeKind::Inserted => news
                    .iter()
                    .map(|&n| Own::whole(new, new_shapes, n, Op::Insert))
                    .collect(),
                ChangeKind::Deleted => olds
                    .iter()
                    .map(|&o| Own::whole(old, old_shapes, o, Op::Delete))
                    .collect(),
                _ => restructured(
                    change, &olds, &news, primary, old, new, old_shapes, new_shapes,
                ),
            };
            placed.push(Some(Placed { olds, whole, own }));
        }

        // Unchanged pairs, by name, for the provisions no change claimed.
        for pair in &cmp.alignment {
            let (Some(o), Some(n)) = (old_finder.name(&pair.old), new_finder.name(&pair.new))
            else {
                continue;
            };
            if counterpart[o].is_none() && !paired_new[n] {
                counterpart[o] = Some(n);
            }
        }

        let mut plan = Plan {
            placed,
            owner,
            at_start: Vec::new(),
            after_own: HashMap::new(),
            after_subtree: HashMap::new(),
        };
        for (ci, change) in cmp.changes.iter().enumerate() {
            if change.kind != ChangeKind::Deleted {
                continue;
            }
            let Some(&o) = plan.placed[ci].as_ref().and_then(|p| p.olds.first()) else {
                continue;
            };
            match deletion_anchor(old, o, |s| counterpart[s]) {
                Anchor::Start => plan.at_start.push(ci),
                Anchor::AfterOwn(n) => plan.after_own.entry(n).or_default().push(ci),
                Anchor::AfterSubtree(n) => plan.after_subtree.entry(n).or_default().push(ci),
            }
        }
        plan
    }
}

/// The clauses that kept their identity in a change, as (old index, new
/// index): the only pair of a one-to-one change, or the pair the alignment
/// holds among a split's or merge's clauses.
fn primary(cmp: &Comparison, change: &Change) -> Option<(usize, usize)> {
    match change.kind {
        ChangeKind::Inserted | ChangeKind::Deleted => None,
        _ if change.old.len() == 1 && change.new.len() == 1 => Some((0, 0)),
        _ => change.old.iter().enumerate().find_map(|(oi, oc)| {
            let pair = cmp.alignment.iter().find(|a| a.old == clause_name(oc))?;
            let ni = change
                .new
                .iter()
                .position(|nc| clause_name(nc) == pair.new)?;
            Some((oi, ni))
        }),
    }
}

/// A clause's text cut into what stands before its subdivisions and its
/// wrap-up, when the clause's text is its provision's own.
fn split_clause<'c>(c: &'c Clause, p: &Provision) -> (&'c str, &'c str) {
    if !p.wrap_up.is_empty() && c.text == p.text() {
        let pre_len = c.text.len() - p.wrap_up.len();
        let pre = c.text[..pre_len].strip_suffix('\n').unwrap_or("");
        (pre, &c.text[pre_len..])
    } else {
        (c.text.as_str(), "")
    }
}

/// The own paragraphs of each new provision of a change that has clauses
/// on both sides (modified, moved, renumbered, split, merged).
///
/// Regions: new clause `i` shows its text before its subdivisions in
/// region `2i` and its wrap-up in `2i + 1`. The old text goes to region 0,
/// except the last old clause's wrap-up, which goes to the last new
/// clause's wrap-up. Old clauses that did not keep their identity have their
/// heading and number put back, deleted, where their text starts.
#[allow(clippy::too_many_arguments)]
fn restructured(
    change: &Change,
    olds: &[ProvisionId],
    news: &[ProvisionId],
    primary: Option<(usize, usize)>,
    old: &Document,
    new: &Document,
    old_shapes: &Shapes,
    new_shapes: &Shapes,
) -> Vec<Own> {
    let regions = 2 * news.len().max(1);
    let last_post = regions - 1;
    let old_texts: Vec<_> = change
        .old
        .iter()
        .zip(olds)
        .enumerate()
        .map(|(j, (c, &o))| {
            let (pre, post) = split_clause(c, &old.provisions[o]);
            let post_region = if j + 1 == olds.len() { last_post } else { 0 };
            ((pre, 0), (post, post_region))
        })
        .collect();
    let new_texts: Vec<_> = change
        .new
        .iter()
        .zip(news)
        .enumerate()
        .map(|(i, (c, &n))| {
            let (pre, post) = split_clause(c, &new.provisions[n]);
            ((pre, 2 * i), (post, 2 * i + 1))
        })
        .collect();

    let joined = |cs: &[Clause]| {
        let texts: Vec<&str> = cs.iter().map(|c| c.text.as_str()).collect();
        texts.join("\n")
    };
    let (old_joined, new_joined) = (joined(&change.old), joined(&change.new));
    // A script that does not rebuild the clauses (a comparison edited by
    // hand) is shown as the old text replaced by the new.
    let fallback;
    let segments: &[Segment] = if diff::old_text(&change.diff) == old_joined
        && diff::new_text(&change.diff) == new_joined
    {
        &change.diff
    } else {
        fallback = [
            Segment {
                op: Op::Delete,
                text: old_joined,
            },
            Segment {
                op: Op::Insert,
                text: new_joined,
            },
        ];
        &fallback
    };

    let mut injections = Vec::new();
    let mut pos = 0;
    for (j, (c, &o)) in change.old.iter().zip(olds).enumerate() {
        if primary.map(|(po, _)| po) != Some(j) {
            let p = &old.provisions[o];
            let hl = old_shapes.heading_like[o];
            let mut items = Items::default();
            if let Some(h) = heading_text(p, hl) {
                items.text(Op::Delete, &h);
                items
                    .0
                    .push(Item::Break(Op::Delete, Some(old_shapes.heading(o))));
            }
            if let Some(n) = lead_num(p, hl) {
                items.text(Op::Delete, &n);
                items.tab(Op::Delete);
            }
            injections.push((pos, 0, items));
        }
        pos += c.text.len() + 1;
    }

    let mut cut = cut(
        segments,
        &mut Side::new(&old_texts),
        &mut Side::new(&new_texts),
        injections,
        regions,
    )
    .into_iter();
    let mut own = Vec::with_capacity(news.len());
    for (i, &n) in news.iter().enumerate() {
        let np = &new.provisions[n];
        let n_hl = new_shapes.heading_like[n];
        let (heading, lead) = match primary {
            Some((po, pn)) if pn == i => {
                let o = olds[po];
                renumbering(&old.provisions[o], old_shapes.heading_like[o], np, n_hl)
            }
            _ => {
                let w = Own::whole(new, new_shapes, n, Op::Insert);
                (w.heading, w.lead)
            }
        };
        own.push(Own {
            heading,
            lead,
            pre: cut.next().unwrap_or_default(),
            post: cut.next().unwrap_or_default(),
        });
    }
    own
}

// ---------------------------------------------------------------------------
// Paragraphs

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Title,
    Subtitle,
    Normal,
    Heading(usize),
    /// Twentieths of a point.
    Body {
        left: u32,
        hanging: u32,
    },
}

#[derive(Debug, Clone)]
struct Para {
    style: Style,
    /// Never holds a break.
    runs: Vec<Item>,
    /// The paragraph mark: equal, inserted or deleted.
    mark: Op,
    comment_starts: Vec<u32>,
    comment_ends: Vec<u32>,
}

impl Para {
    fn new(style: Style) -> Para {
        Para {
            style,
            runs: Vec::new(),
            mark: Op::Equal,
            comment_starts: Vec::new(),
            comment_ends: Vec::new(),
        }
    }
}

/// Paragraphs `first..=last`.
type Span = (usize, usize);

fn join(a: Option<Span>, b: Option<Span>) -> Option<Span> {
    match (a, b) {
        (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
        (a, b) => a.or(b),
    }
}

/// The body text: paragraphs built from item streams.
struct Body<'a> {
    old: &'a Document,
    new: &'a Document,
    old_shapes: Shapes,
    new_shapes: Shapes,
    paras: Vec<Para>,
    /// Per change: the paragraphs its comment spans.
    spans: Vec<Option<Span>>,
}

impl<'a> Body<'a> {
    /// Paragraphs from a stream, the first in `first` style and the rest in
    /// `rest`. The last paragraph's mark says whether the block exists at all
    /// in each version, so that a block only one version has vanishes,
    /// mark and all, from the other.
    ///
    /// A paragraph joined by accepting a deleted mark takes the properties
    /// of the paragraph after it (Word keeps them in the surviving mark), so
    /// a paragraph after a deleted mark is given the style of the one
    /// before when that one has words of the new version: the accepted text
    /// keeps the layout of its first line.
    fn block(&mut self, first: Style, rest: Style, streams: &[&Items]) -> Option<Span> {
        let start = self.paras.len();
        let mut cur = Para::new(first);
        let (mut in_old, mut in_new) = (false, false);
        for item in streams.iter().flat_map(|s| s.0.iter()) {
            let (o, n) = seen(item.op());
            in_old |= o;
            in_new |= n;
            match item {
                Item::Break(op, style) => {
                    cur.mark = *op;
                    if let Some(s) = style {
                        cur.style = *s;
                    }
                    let joins = *op == Op::Delete && cur.runs.iter().any(|r| seen(r.op()).1);
                    let next = if joins { cur.style } else { rest };
                    self.paras
                        .push(std::mem::replace(&mut cur, Para::new(next)));
                }
                run => cur.runs.push(run.clone()),
            }
        }
        cur.mark = presence(in_old, in_new)?;
        self.paras.push(cur);
        Some((start, self.paras.len() - 1))
    }

    /// The heading line and own text of a provision.
    fn enter(&mut self, doc: Which, id: ProvisionId, own: &Own) -> Option<Span> {
        let (d, shapes) = self.doc(doc);
        let heading = shapes.heading(id);
        let (first, rest) = shapes.body(d, id);
        let h = self.block(heading, heading, &[&own.heading]);
        let t = self.block(first, rest, &[&own.lead, &own.pre]);
        join(h, t)
    }

    fn exit(&mut self, doc: Which, id: ProvisionId, own: &Own) -> Option<Span> {
        let (d, shapes) = self.doc(doc);
        let (_, rest) = shapes.body(d, id);
        self.block(rest, rest, &[&own.post])
    }

    fn doc(&self, which: Which) -> (&'a Document, &Shapes) {
        match which {
            Which::Old => (self.old, &self.old_shapes),
            Which::New => (self.new, &self.new_shapes),
        }
    }

    /// A provision and everything under it, every run and mark with `op`.
    fn subtree(&mut self, which: Which, root: ProvisionId, op: Op) -> Option<Span> {
        let (doc, _) = self.doc(which);
        let mut span = None;
        let mut stack = vec![Step::Enter(root)];
        while let Some(step) = stack.pop() {
            let id = match step {
                Step::Enter(id) | Step::Exit(id) => id,
            };
            let own = Own::whole(doc, self.doc(which).1, id, op);
            match step {
                Step::Enter(_) => {
                    span = join(span, self.enter(which, id, &own));
                    stack.push(Step::Exit(id));
                    stack.extend(
                        doc.provisions[id]
                            .children
                            .iter()
                            .rev()
                            .map(|&c| Step::Enter(c)),
                    );
                }
                Step::Exit(_) => span = join(span, self.exit(which, id, &own)),
            }
        }
        span
    }

    fn note_span(&mut self, ci: usize, span: Option<Span>) {
        if self.spans[ci].is_none() {
            self.spans[ci] = span;
        }
    }

    /// Deleted units, in the comparison's order.
    fn deletions(&mut self, plan: &Plan, list: Option<&Vec<usize>>) {
        for &ci in list.into_iter().flatten() {
            let Some(placed) = &plan.placed[ci] else {
                continue;
            };
            let Some(&o) = placed.olds.first() else {
                continue;
            };
            let span = if placed.whole {
                self.subtree(Which::Old, o, Op::Delete)
            } else {
                let own = placed.own.first().cloned().unwrap_or_default();
                let a = self.enter(Which::Old, o, &own);
                join(a, self.exit(Which::Old, o, &own))
            };
            self.note_span(ci, span);
        }
    }

    /// The new version in reading order, with every change in its place.
    fn text(&mut self, plan: &Plan) {
        self.deletions(plan, Some(&plan.at_start));
        let new = self.new;
        let mut stack: Vec<Step> = new.roots.iter().rev().map(|&r| Step::Enter(r)).collect();
        while let Some(step) = stack.pop() {
            match step {
                Step::Enter(n) => {
                    let owned =
                        plan.owner[n].and_then(|(ci, i)| Some((ci, i, plan.placed[ci].as_ref()?)));
                    match owned {
                        Some((ci, _, placed)) if placed.whole => {
                            let span = self.subtree(Which::New, n, Op::Insert);
                            self.note_span(ci, span);
                            self.deletions(plan, plan.after_own.get(&n));
                            self.deletions(plan, plan.after_subtree.get(&n));
                            continue;
                        }
                        Some((ci, i, placed)) => {
                            let own = placed.own.get(i).cloned().unwrap_or_default();
                            let span = self.enter(Which::New, n, &own);
                            self.note_span(ci, span);
                        }
                        None => {
                            let own = Own::whole(new, &self.new_shapes, n, Op::Equal);
                            self.enter(Which::New, n, &own);
                        }
                    }
                    self.deletions(plan, plan.after_own.get(&n));
                    stack.push(Step::Exit(n));
                    stack.extend(
                        new.provisions[n]
                            .children
                            .iter()
                            .rev()
                            .map(|&c| Step::Enter(c)),
                    );
                }
                Step::Exit(n) => {
                    let owned = plan.owner[n]
                        .and_then(|(ci, i)| Some((ci, plan.placed[ci].as_ref()?.own.get(i)?)));
                    match owned {
                        Some((ci, own)) => {
                            let own = own.clone();
                            let span = self.exit(Which::New, n, &own);
                            self.note_span(ci, span);
                        }
                        None => {
                            let own = Own::whole(new, &self.new_shapes, n, Op::Equal);
                            self.exit(Which::New, n, &own);
                        }
                    }
                    self.deletions(plan, plan.after_subtree.get(&n));
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Which {
    Old,
    New,
}

// ---------------------------------------------------------------------------
// Comments

/// The paragraphs of a change's comment, or None when the tracked changes
/// say it all.
fn comment(change: &Change) -> Option<Vec<String>> {
    let structural = matches!(
        change.kind,
        ChangeKind::Moved | ChangeKind::Split | ChangeKind::Merged
    );
    if change.effects.is_empty() && change.notes.is_empty() && !change.renumbered && !structural {
        return None;
    }
    let mut lines = vec![format!("{} — {}", labels(change), kind(change))];
    if let Some(v) = verdict_words(change) {
        lines.push(capitalised(&format!("effect: {v}")));
    }
    if change.renumbered {
        let old: Vec<&str> = change.old.iter().map(|c| c.label.as_str()).collect();
        let new: Vec<&str> = change.new.iter().map(|c| c.label.as_str()).collect();
        if old != new {
            lines.push(format!("Formerly {}.", old.join(", ")));
        }
    }
    for note in &change.notes {
        lines.push(capitalised(note));
    }
    for e in &change.effects {
        lines.push(format!(
            "{} — {}: {} (confidence {:.2})",
            capitalised(&effect_head(e)),
            e.rule,
            e.explanation,
            e.confidence
        ));
    }
    Some(lines)
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------
// XML

/// Escapes text for XML 1.0, dropping the characters it cannot hold.
fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // A parser would read these back as a newline or a space.
            '\n' | '\r' => out.push(' '),
            '\t' => out.push('\t'),
            '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}' => {
                out.push(c);
            }
            _ => {}
        }
    }
}

fn escaped(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    escape(text, &mut s);
    s
}

/// `2024-08-08T00:00:00Z` from a date that starts `YYYY-MM-DD`.
fn xml_date(date: Option<&str>) -> Option<String> {
    let d = date?.get(..10)?;
    let b = d.as_bytes();
    let ok = b.iter().enumerate().all(|(i, c)| match i {
        4 | 7 => *c == b'-',
        _ => c.is_ascii_digit(),
    });
    ok.then(|| format!("{d}T00:00:00Z"))
}

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Writes paragraphs, numbering revisions as it goes.
struct Xml {
    s: String,
    next_revision: u32,
    /// ` w:author="redline" w:date="..."`.
    stamp: String,
}

impl Xml {
    /// Revision ids start at `first_revision`: after the comments' ids, so
    /// that no two annotations share one.
    fn new(date: Option<&str>, first_revision: u32) -> Xml {
        let mut stamp = format!(" w:author=\"{AUTHOR}\"");
        if let Some(d) = date {
            stamp.push_str(&format!(" w:date=\"{d}\""));
        }
        Xml {
            s: String::new(),
            next_revision: first_revision,
            stamp,
        }
    }

    /// `<w:ins w:id="7" w:author="redline" w:date="…"` without the closing.
    fn revision(&mut self, tag: &str) {
        let id = self.next_revision;
        self.next_revision += 1;
        self.s
            .push_str(&format!("<w:{tag} w:id=\"{id}\"{}", self.stamp));
    }

    fn style(&mut self, style: Style) {
        match style {
            Style::Title => self.s.push_str("<w:pStyle w:val=\"Title\"/>"),
            Style::Subtitle => self.s.push_str("<w:pStyle w:val=\"Subtitle\"/>"),
            Style::Normal => {}
            Style::Heading(l) => self
                .s
                .push_str(&format!("<w:pStyle w:val=\"Heading{l}\"/>")),
            Style::Body {
                left: 0,
                hanging: 0,
            } => {}
            Style::Body { left, hanging: 0 } => {
                self.s.push_str(&format!("<w:ind w:left=\"{left}\"/>"));
            }
            Style::Body { left, hanging } => self.s.push_str(&format!(
                "<w:ind w:left=\"{left}\" w:hanging=\"{hanging}\"/>"
            )),
        }
    }

    fn para(&mut self, p: &Para) {
        self.s.push_str("<w:p><w:pPr>");
        self.style(p.style);
        match p.mark {
            Op::Equal => {}
            Op::Insert => {
                self.s.push_str("<w:rPr>");
                self.revision("ins");
                self.s.push_str("/></w:rPr>");
            }
            Op::Delete => {
                self.s.push_str("<w:rPr>");
                self.revision("del");
                self.s.push_str("/></w:rPr>");
            }
        }
        self.s.push_str("</w:pPr>");
        for id in &p.comment_starts {
            self.s
                .push_str(&format!("<w:commentRangeStart w:id=\"{id}\"/>"));
        }
        let mut i = 0;
        while i < p.runs.len() {
            let op = p.runs[i].op();
            let end = p.runs[i..]
                .iter()
                .position(|r| r.op() != op)
                .map_or(p.runs.len(), |k| i + k);
            match op {
                Op::Equal => self.runs(&p.runs[i..end], false),
                Op::Insert => {
                    self.revision("ins");
                    self.s.push('>');
                    self.runs(&p.runs[i..end], false);
                    self.s.push_str("</w:ins>");
                }
                Op::Delete => {
                    self.revision("del");
                    self.s.push('>');
                    self.runs(&p.runs[i..end], true);
                    self.s.push_str("</w:del>");
                }
            }
            i = end;
        }
        for id in &p.comment_ends {
            self.s.push_str(&format!(
                "<w:commentRangeEnd w:id=\"{id}\"/><w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:commentReference w:id=\"{id}\"/></w:r>"
            ));
        }
        self.s.push_str("</w:p>\n");
    }

    fn runs(&mut self, runs: &[Item], deleted: bool) {
        let tag = if deleted { "w:delText" } else { "w:t" };
        for run in runs {
            match run {
                Item::Text(_, t) => {
                    self.s
                        .push_str(&format!("<w:r><{tag} xml:space=\"preserve\">"));
                    escape(t, &mut self.s);
                    self.s.push_str(&format!("</{tag}></w:r>"));
                }
                Item::Tab(_) => self.s.push_str("<w:r><w:tab/></w:r>"),
                Item::Break(..) => {}
            }
        }
    }

    /// A plain paragraph; `bold` for a table header.
    fn plain(&mut self, style: Style, text: &str, bold: bool) {
        self.s.push_str("<w:p><w:pPr>");
        self.style(style);
        self.s.push_str("</w:pPr>");
        if !text.is_empty() {
            self.s.push_str("<w:r>");
            if bold {
                self.s.push_str("<w:rPr><w:b/></w:rPr>");
            }
            self.s.push_str("<w:t xml:space=\"preserve\">");
            escape(text, &mut self.s);
            self.s.push_str("</w:t></w:r>");
        }
        self.s.push_str("</w:p>\n");
    }
}

/// "Consolidated negotiating text (2022-05-30)", else the file's name.
fn version_title(v: &Version) -> String {
    let label = v.version_label.as_deref().filter(|s| !s.is_empty());
    let date = v.date.as_deref().filter(|s| !s.is_empty());
    match (label, date) {
        (Some(l), Some(d)) => format!("{l} ({d})"),
        (Some(l), None) => l.to_string(),
        (None, Some(d)) => d.to_string(),
        (None, None) => v.source.clone(),
    }
}

fn front_matter(x: &mut Xml, cmp: &Comparison, date: Option<&str>) {
    let title = cmp
        .new
        .title
        .as_deref()
        .or(cmp.old.title.as_deref())
        .unwrap_or("Redline");
    x.plain(Style::Title, title, false);
    x.plain(
        Style::Subtitle,
        &format!(
            "Redline: {} → {}",
            version_title(&cmp.old),
            version_title(&cmp.new)
        ),
        false,
    );
    x.plain(
        Style::Normal,
        &format!(
            "Old version: {}. New version: {}.",
            cmp.old.source, cmp.new.source
        ),
        false,
    );
    let dated = match date {
        Some(d) => format!(", dated {}", d.get(..10).unwrap_or(d)),
        None => String::new(),
    };
    x.plain(
        Style::Normal,
        &format!(
            "The text below is the new version. Every insertion and deletion is a tracked change by \u{201c}{AUTHOR}\u{201d}{dated}: accept or reject each one under Review. Comments give each change\u{2019}s effect on scope and safeguards, and note renumbering and moves."
        ),
        false,
    );

    x.s.push_str(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblLook w:val=\"0020\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid><w:gridCol w:w=\"3402\"/><w:gridCol w:w=\"1134\"/></w:tblGrid>\n",
    );
    let row = |x: &mut Xml, a: &str, b: &str, bold: bool| {
        x.s.push_str("<w:tr>");
        for (text, width, right) in [(a, 3402, false), (b, 1134, true)] {
            x.s.push_str(&format!(
                "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr>"
            ));
            x.s.push_str("<w:p><w:pPr><w:spacing w:after=\"0\"/>");
            if right {
                x.s.push_str("<w:jc w:val=\"right\"/>");
            }
            x.s.push_str("</w:pPr><w:r>");
            if bold {
                x.s.push_str("<w:rPr><w:b/></w:rPr>");
            }
            x.s.push_str("<w:t xml:space=\"preserve\">");
            escape(text, &mut x.s);
            x.s.push_str("</w:t></w:r></w:p></w:tc>");
        }
        x.s.push_str("</w:tr>\n");
    };
    row(x, "Provisions", "Count", true);
    for (name, n) in counts(&cmp.summary) {
        row(x, name, &n.to_string(), false);
    }
    x.s.push_str("</w:tbl>\n");
    if let Some(line) = effects_line(&cmp.summary) {
        x.plain(Style::Normal, &line, false);
    }
    if cmp.changes.is_empty() {
        x.plain(Style::Normal, "No changes.", false);
    }
    x.s.push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>\n");
}

/// The parts of the package.
struct Package {
    document: String,
    comments: String,
    core: String,
}

impl Package {
    fn build(cmp: &Comparison, old: &Document, new: &Document) -> Package {
        let date = xml_date(cmp.new.date.as_deref());
        let old_shapes = Shapes::of(old);
        let new_shapes = Shapes::of(new);
        let plan = Plan::new(cmp, old, new, &old_shapes, &new_shapes);
        let mut body = Body {
            old,
            new,
            old_shapes,
            new_shapes,
            paras: Vec::new(),
            spans: vec![None; cmp.changes.len()],
        };
        body.text(&plan);

        let mut comments = format!("{XML_DECL}<w:comments xmlns:w=\"{W_NS}\">\n");
        let mut next_comment: u32 = 0;
        for (change, span) in cmp.changes.iter().zip(&body.spans) {
            let (Some(lines), Some((first, last))) = (comment(change), span) else {
                continue;
            };
            let id = next_comment;
            next_comment += 1;
            body.paras[*first].comment_starts.push(id);
            body.paras[*last].comment_ends.push(id);
            comments.push_str(&format!("<w:comment w:id=\"{id}\" w:author=\"{AUTHOR}\""));
            if let Some(d) = &date {
                comments.push_str(&format!(" w:date=\"{d}\""));
            }
            comments.push_str(" w:initials=\"rl\">");
            for (i, line) in lines.iter().enumerate() {
                comments.push_str("<w:p><w:pPr><w:pStyle w:val=\"CommentText\"/></w:pPr>");
                if i == 0 {
                    comments.push_str("<w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:annotationRef/></w:r><w:r><w:rPr><w:b/></w:rPr>");
                } else {
                    comments.push_str("<w:r>");
                }
                comments.push_str("<w:t xml:space=\"preserve\">");
                escape(line, &mut comments);
                comments.push_str("</w:t></w:r></w:p>");
            }
            comments.push_str("</w:comment>\n");
        }
        comments.push_str("</w:comments>\n");

        let mut x = Xml::new(date.as_deref(), next_comment);
        x.s.push_str(&format!(
            "{XML_DECL}<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body>\n"
        ));
        front_matter(&mut x, cmp, date.as_deref());
        for p in &body.paras {
            x.para(p);
        }
        x.s.push_str("<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1417\" w:right=\"1417\" w:bottom=\"1417\" w:left=\"1417\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>\n");

        let title = cmp
            .new
            .title
            .as_deref()
            .or(cmp.old.title.as_deref())
            .unwrap_or("Redline");
        let mut core = format!(
            "{XML_DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>{AUTHOR}</dc:creator>",
            escaped(&format!("Redline: {title}"))
        );
        if let Some(d) = &date {
            core.push_str(&format!(
                "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{d}</dcterms:created>"
            ));
        }
        core.push_str("</cp:coreProperties>\n");

        Package {
            document: x.s,
            comments,
            core,
        }
    }

    fn zip(&self) -> io::Result<Vec<u8>> {
        let entries: [(&str, &str); 8] = [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("docProps/core.xml", &self.core),
            ("word/document.xml", &self.document),
            ("word/_rels/document.xml.rels", DOCUMENT_RELS),
            ("word/styles.xml", STYLES),
            ("word/settings.xml", SETTINGS),
            ("word/comments.xml", &self.comments),
        ];
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(DateTime::default())
            .unix_permissions(0o644);
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in entries {
            zip.start_file(name, options).map_err(io::Error::other)?;
            zip.write_all(text.as_bytes())?;
        }
        Ok(zip.finish().map_err(io::Error::other)?.into_inner())
    }
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>
"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>
"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>
"#;

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:trackRevisions/><w:defaultTabStop w:val="567"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>
"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:i/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="200" w:after="100"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:i/><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading4"><w:name w:val="heading 4"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="160" w:after="80"/><w:outlineLvl w:val="3"/></w:pPr><w:rPr><w:i/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading5"><w:name w:val="heading 5"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="4"/></w:pPr><w:rPr><w:i/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading6"><w:name w:val="heading 6"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="5"/></w:pPr><w:rPr><w:i/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="60"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/><w:basedOn w:val="DefaultParagraphFont"/><w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style>
</w:styles>
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::akn::read_bytes;

    /// What a stream reads as in one version: text, tabs, and a newline
    /// for each paragraph break that version keeps.
    fn view(items: &Items, old: bool) -> String {
        let mut s = String::new();
        for item in &items.0 {
            let (o, n) = seen(item.op());
            if (old && !o) || (!old && !n) {
                continue;
            }
            match item {
                Item::Text(_, t) => s.push_str(t),
                Item::Tab(_) => s.push('\t'),
                Item::Break(..) => s.push('\n'),
            }
        }
        s
    }

    fn views(regions: &[Items]) -> Vec<(String, String)> {
        regions
            .iter()
            .map(|r| (view(r, true), view(r, false)))
            .collect()
    }

    fn pair(old: &str, new: &str) -> (String, String) {
        (old.to_string(), new.to_string())
    }

    #[test]
    fn words_cross_the_gap_between_intro_and_wrap_up() {
        // Old: intro "Each Party may order", wrap-up "subject to review";
        // new: the words "subject to" moved into the intro.
        let (old, new) = (
            "Each Party may order\nsubject to review",
            "Each Party may order subject to\nreview",
        );
        let segments = diff::words(old, new);
        let regions = cut(
            &segments,
            &mut Side::new(&[(("Each Party may order", 0), ("subject to review", 1))]),
            &mut Side::new(&[(("Each Party may order subject to", 0), ("review", 1))]),
            Vec::new(),
            2,
        );
        assert_eq!(
            views(&regions),
            [
                pair("Each Party may order", "Each Party may order subject to"),
                pair("subject to review", "review"),
            ]
        );
        // The words that changed sides are deleted on one and inserted on
        // the other; the paragraph break between the regions is the gap.
        assert!(regions[1]
            .0
            .contains(&Item::Text(Op::Delete, "subject to ".into())));
        assert!(!regions
            .iter()
            .any(|r| r.0.iter().any(|i| matches!(i, Item::Break(..)))));
    }

    #[test]
    fn a_split_leaves_the_old_text_in_the_first_part() {
        let old = "Search an ICT system and seize the data stored in it.";
        let new = "Search an ICT system.\nSeize the data stored in it.";
        let segments = diff::words(old, new);
        let regions = cut(
            &segments,
            &mut Side::new(&[((old, 0), ("", 3))]),
            &mut Side::new(&[
                (("Search an ICT system.", 0), ("", 1)),
                (("Seize the data stored in it.", 2), ("", 3)),
            ]),
            Vec::new(),
            4,
        );
        assert_eq!(
            views(&regions),
            [
                pair(old, "Search an ICT system."),
                pair("", ""),
                pair("", "Seize the data stored in it."),
                pair("", ""),
            ]
        );
    }

    #[test]
    fn a_newline_inside_one_region_is_a_tracked_paragraph_mark() {
        let segments = diff::words("A b.\nC d.", "A b. C d.");
        let regions = cut(
            &segments,
            &mut Side::new(&[(("A b.\nC d.", 0), ("", 1))]),
            &mut Side::new(&[(("A b. C d.", 0), ("", 1))]),
            Vec::new(),
            2,
        );
        assert_eq!(views(&regions)[0], pair("A b.\nC d.", "A b. C d."));
        assert!(regions[0].0.contains(&Item::Break(Op::Delete, None)));
    }

    #[test]
    fn injections_go_in_before_the_old_text_they_lead() {
        // A merge: the second old clause's number comes back, deleted.
        let (o1, o2, n) = ("First.", "Second.", "First and second.");
        let old = format!("{o1}\n{o2}");
        let segments = diff::words(&old, n);
        let mut number = Items::default();
        number.text(Op::Delete, "3.");
        number.tab(Op::Delete);
        let regions = cut(
            &segments,
            &mut Side::new(&[((o1, 0), ("", 0)), ((o2, 0), ("", 1))]),
            &mut Side::new(&[((n, 0), ("", 1))]),
            vec![(o1.len() + 1, 0, number)],
            2,
        );
        assert_eq!(views(&regions)[0], pair("First.\n3.\tSecond.", n));
    }

    fn doc(body: &str) -> Document {
        let xml = format!(
            r#"<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act><meta/><body>{body}</body></act></akomaNtoso>"#
        );
        match read_bytes(xml.as_bytes(), "t.xml") {
            Ok(d) => d,
            Err(e) => panic!("test document does not read: {e}"),
        }
    }

    #[test]
    fn the_reading_text_of_a_version() {
        let d = doc(
            r#"<chapter eId="chp_1"><num>Chapter I</num><heading>General</heading>
            <article eId="art_1"><num>Article 1</num>
              <paragraph eId="art_1__para_1"><num>1.</num><intro><p>Each Party shall:</p></intro>
                <point eId="art_1__para_1__point_a"><num>(a)</num><content><p>act;</p></content></point>
                <wrapUp><p>in good faith.</p></wrapUp>
              </paragraph>
            </article>
            <article eId="art_2"><num>Article 2</num><heading>Scope</heading><content><p>It applies.</p></content></article>
          </chapter>"#,
        );
        assert_eq!(
            reading_text(&d),
            [
                "Chapter I — General",
                "Article 1",
                "1.\tEach Party shall:",
                "(a)\tact;",
                "in good faith.",
                "Article 2 — Scope",
                "It applies.",
            ]
        );
        let shapes = Shapes::of(&d);
        let point = d.by_eid("art_1__para_1__point_a").unwrap_or(0);
        assert_eq!(
            shapes.body(&d, point),
            (
                Style::Body {
                    left: 2 * INDENT,
                    hanging: INDENT
                },
                Style::Body {
                    left: 2 * INDENT,
                    hanging: 0
                }
            )
        );
        let article = d.by_eid("art_2").unwrap_or(0);
        assert_eq!(shapes.heading(article), Style::Heading(2));
    }

    #[test]
    fn text_is_escaped_and_characters_xml_cannot_hold_are_dropped() {
        assert_eq!(
            escaped("a < b & \"c\" > d\u{1}\u{b}\u{fffe}\u{1F600}\té"),
            "a &lt; b &amp; &quot;c&quot; &gt; d\u{1F600}\té"
        );
        assert_eq!(escaped("line\nbreak\r"), "line break ");
    }

    #[test]
    fn revision_dates_come_from_iso_dates_only() {
        assert_eq!(
            xml_date(Some("2024-08-08")).as_deref(),
            Some("2024-08-08T00:00:00Z")
        );
        assert_eq!(
            xml_date(Some("2024-08-08T12:00:00")).as_deref(),
            Some("2024-08-08T00:00:00Z")
        );
        assert_eq!(xml_date(Some("8 August 2024")), None);
        assert_eq!(xml_date(Some("2024")), None);
        assert_eq!(xml_date(Some("2024-8-8xx")), None);
        assert_eq!(xml_date(None), None);
    }

    #[test]
    fn a_changed_number_and_heading_are_diffed() {
        let old = doc(
            r#"<article eId="a"><num>Article 23</num><heading>Scope</heading><content><p>x</p></content></article>"#,
        );
        let new = doc(
            r#"<article eId="a"><num>Article 24</num><heading>Scope of application</heading><content><p>x</p></content></article>"#,
        );
        let (o, n) = (&old.provisions[0], &new.provisions[0]);
        let (heading, lead) = renumbering(o, true, n, true);
        assert_eq!(view(&heading, true), "Article 23 — Scope");
        assert_eq!(view(&heading, false), "Article 24 — Scope of application");
        assert!(heading.0.contains(&Item::Text(Op::Delete, "23".into())));
        assert!(lead.0.is_empty());
    }
}
