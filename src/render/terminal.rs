//! `redline diff` (the default format): a redline for a person at a
//! terminal.
//!
//! A header names the two versions, a line sums up, then each change gets a
//! block: its labels and kind, its notes, a heading line if the heading
//! changed, and its text as a word-level redline wrapped to the width.
//! Without colour, deletions read `[-deleted-]` and insertions
//! `{+inserted+}` (as `git diff --word-diff` writes them); with colour they
//! are red and struck through, green and underlined, without brackets.
//!
//! ```text
//! Draft convention
//!   old: revised draft, 2023-05-01 (round-3.xml)
//!   new: final text, 2024-08-01 (round-4.xml)
//!
//! 2 changes: 1 modified, 1 inserted; 1 renumbered; 40 unchanged
//!
//! Article 23(2) → Article 24(2)  modified, renumbered
//!     The competent authority [-shall-]{+may+} order the expedited
//!     preservation of [-specified-] data.
//! ```

use std::io::{self, Write};

use super::{
    all_equal, counts, effect_head, effects_line, kind, labels, lines, verdict_words, version_name,
};
use crate::compare::{Change, ChangeKind, Comparison};
use crate::diff::{Op, Segment};

/// How to lay the redline out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// ANSI colour and strikethrough/underline instead of brackets.
    pub color: bool,
    /// Wrap text to this many columns (counted in characters).
    pub width: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            color: false,
            width: 80,
        }
    }
}

/// Indent of a change's notes.
const NOTE_INDENT: &str = "  ";
/// Indent of a change's text.
const TEXT_INDENT: &str = "    ";
/// Narrowest text column that wrapping will aim for, whatever the width.
const MIN_TEXT_WIDTH: usize = 20;

const BOLD: &str = "\x1b[1m";
const DELETED: &str = "\x1b[31;9m";
const INSERTED: &str = "\x1b[32;4m";
const RESET: &str = "\x1b[0m";

/// Writes the whole comparison.
pub fn write(out: &mut impl Write, c: &Comparison, opts: &Options) -> io::Result<()> {
    header(out, c)?;
    writeln!(out)?;
    writeln!(out, "{}", summary_line(c))?;
    if let Some(line) = effects_line(&c.summary) {
        writeln!(out, "{line}")?;
    }
    for change in &c.changes {
        writeln!(out)?;
        block(out, change, opts)?;
    }
    Ok(())
}

fn header(out: &mut impl Write, c: &Comparison) -> io::Result<()> {
    let side = |v: &crate::compare::Version, with_title: bool| {
        let mut s = String::new();
        if with_title {
            if let Some(t) = &v.title {
                s.push_str(t);
                s.push_str(" — ");
            }
        }
        let name = version_name(v);
        if name.is_empty() {
            s.push_str(&v.source);
        } else {
            s.push_str(&format!("{name} ({})", v.source));
        }
        s
    };
    let same_title = c.old.title == c.new.title;
    if same_title {
        if let Some(t) = &c.new.title {
            writeln!(out, "{t}")?;
        }
    }
    writeln!(out, "  old: {}", side(&c.old, !same_title))?;
    writeln!(out, "  new: {}", side(&c.new, !same_title))
}

/// "3 changes: 2 modified, 1 deleted; 1 renumbered; 40 unchanged".
fn summary_line(c: &Comparison) -> String {
    let s = &c.summary;
    if c.changes.is_empty() {
        return format!("No changes; {} unchanged", s.unchanged);
    }
    let n = c.changes.len();
    let mut line = format!("{n} {}", if n == 1 { "change" } else { "changes" });
    let all = counts(s);
    let kinds: Vec<String> = all
        .iter()
        .filter(|(k, _)| !matches!(*k, "renumbered" | "unchanged"))
        .map(|(k, n)| format!("{n} {k}"))
        .collect();
    if !kinds.is_empty() {
        line.push_str(": ");
        line.push_str(&kinds.join(", "));
    }
    if s.renumbered > 0 {
        line.push_str(&format!("; {} renumbered", s.renumbered));
    }
    line.push_str(&format!("; {} unchanged", s.unchanged));
    line
}

fn block(out: &mut impl Write, change: &Change, opts: &Options) -> io::Result<()> {
    let title = format!("{}  {}", labels(change), kind(change));
    if opts.color {
        writeln!(out, "{BOLD}{title}{RESET}")?;
    } else {
        writeln!(out, "{title}")?;
    }
    if let Some(v) = verdict_words(change) {
        if opts.color {
            writeln!(out, "{NOTE_INDENT}{BOLD}effect: {v}{RESET}")?;
        } else {
            writeln!(out, "{NOTE_INDENT}effect: {v}")?;
        }
    }
    for note in &change.notes {
        writeln!(out, "{NOTE_INDENT}{note}")?;
    }
    if !change.heading_diff.is_empty() {
        let heading = redline(&change.heading_diff, opts, NOTE_INDENT.len() + 9);
        for (i, line) in heading.iter().enumerate() {
            let lead = if i == 0 { "heading: " } else { "         " };
            writeln!(out, "{NOTE_INDENT}{lead}{line}")?;
        }
    }
    if change.diff.is_empty() {
        return Ok(());
    }
    if all_equal(&change.diff) {
        // "renumbered" already says the words are the same.
        if change.kind != ChangeKind::Renumbered {
            writeln!(out, "{TEXT_INDENT}(text unchanged)")?;
        }
        return Ok(());
    }
    for line in redline(&change.diff, opts, TEXT_INDENT.len()) {
        writeln!(out, "{TEXT_INDENT}{line}")?;
    }
    effects(out, change, opts)
}

/// Each rule that fired, with the words it fired on: "why", checkably.
fn effects(out: &mut impl Write, change: &Change, opts: &Options) -> io::Result<()> {
    for e in &change.effects {
        let line = format!(
            "{} [{} {:.2}] {}",
            effect_head(e),
            e.rule,
            e.confidence,
            e.explanation
        );
        let width = opts
            .width
            .saturating_sub(NOTE_INDENT.len() + 2)
            .max(MIN_TEXT_WIDTH);
        for (i, l) in wrap_plain(&line, width).into_iter().enumerate() {
            let lead = if i == 0 { "• " } else { "  " };
            writeln!(out, "{NOTE_INDENT}{lead}{l}")?;
        }
    }
    Ok(())
}

/// Greedy word wrap of plain text.
fn wrap_plain(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// The script as wrapped, marked-up lines (without their indent).
fn redline(segments: &[Segment], opts: &Options, indent: usize) -> Vec<String> {
    let width = opts.width.saturating_sub(indent).max(MIN_TEXT_WIDTH);
    let mut out = Vec::new();
    for line in lines(segments) {
        for wrapped in wrap(&line, width, !opts.color) {
            out.push(paint(&wrapped, opts.color));
        }
    }
    out
}

/// Width of the brackets around a marked run: `[-` `-]`, `{+` `+}`.
const MARKER_WIDTH: usize = 4;

/// Greedy word wrap of one line of runs. Lines break only at whitespace,
/// which the break swallows; a word longer than the width stands alone.
/// `marked` counts the brackets each marked run will get.
fn wrap(line: &[(Op, &str)], width: usize, marked: bool) -> Vec<Vec<(Op, String)>> {
    let mut lines = Vec::new();
    let mut cur: Vec<(Op, String)> = Vec::new();
    let mut col = 0;
    let mut pending: Vec<(Op, &str)> = Vec::new();
    for &(op, text) in line {
        for piece in pieces(text) {
            if piece.starts_with(char::is_whitespace) {
                pending.push((op, piece));
                continue;
            }
            let cost = added_width(&cur, pending.iter().copied().chain([(op, piece)]), marked);
            if !cur.is_empty() && col + cost > width {
                lines.push(std::mem::take(&mut cur));
                col = 0;
                pending.clear();
            }
            for (pop, p) in pending.drain(..) {
                col += append(&mut cur, pop, p, marked);
            }
            col += append(&mut cur, op, piece, marked);
        }
    }
    for (op, p) in pending {
        append(&mut cur, op, p, marked);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Splits text into alternating runs of whitespace and non-whitespace.
fn pieces(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let ws = first.is_whitespace();
        let end = rest
            .char_indices()
            .find(|&(_, c)| c.is_whitespace() != ws)
            .map_or(rest.len(), |(i, _)| i);
        let (piece, tail) = rest.split_at(end);
        rest = tail;
        Some(piece)
    })
}

fn marker_cost(op: Op, last: Option<Op>, marked: bool) -> usize {
    if marked && op != Op::Equal && last != Some(op) {
        MARKER_WIDTH
    } else {
        0
    }
}

/// The columns these pieces would add to the line.
fn added_width<'a>(
    cur: &[(Op, String)],
    add: impl Iterator<Item = (Op, &'a str)>,
    marked: bool,
) -> usize {
    let mut last = cur.last().map(|(op, _)| *op);
    let mut w = 0;
    for (op, text) in add {
        w += text.chars().count() + marker_cost(op, last, marked);
        last = Some(op);
    }
    w
}

/// Appends a piece, merging it into the last run if the op is the same;
/// returns the columns it added.
fn append(cur: &mut Vec<(Op, String)>, op: Op, text: &str, marked: bool) -> usize {
    let cost = text.chars().count() + marker_cost(op, cur.last().map(|(o, _)| *o), marked);
    match cur.last_mut() {
        Some((last, run)) if *last == op => run.push_str(text),
        _ => cur.push((op, text.to_string())),
    }
    cost
}

fn paint(line: &[(Op, String)], color: bool) -> String {
    let mut s = String::new();
    for (op, text) in line {
        match (op, color) {
            (Op::Equal, _) => s.push_str(text),
            (Op::Delete, false) => s.push_str(&format!("[-{text}-]")),
            (Op::Insert, false) => s.push_str(&format!("{{+{text}+}}")),
            (Op::Delete, true) => s.push_str(&format!("{DELETED}{text}{RESET}")),
            (Op::Insert, true) => s.push_str(&format!("{INSERTED}{text}{RESET}")),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(op: Op, text: &str) -> Segment {
        Segment {
            op,
            text: text.to_string(),
        }
    }

    /// The script wrapped to exactly `width` columns, without colour.
    fn plain(segments: &[Segment], width: usize) -> Vec<String> {
        lines(segments)
            .iter()
            .flat_map(|l| wrap(l, width, true))
            .map(|l| paint(&l, false))
            .collect()
    }

    #[test]
    fn brackets_without_colour() {
        let s = [
            seg(Op::Equal, "The authority "),
            seg(Op::Delete, "shall"),
            seg(Op::Insert, "may"),
            seg(Op::Equal, " act."),
        ];
        assert_eq!(plain(&s, 80), ["The authority [-shall-]{+may+} act."]);
    }

    #[test]
    fn colour_replaces_brackets() {
        let s = [
            seg(Op::Equal, "a "),
            seg(Op::Delete, "b"),
            seg(Op::Insert, "c"),
        ];
        let opts = Options {
            color: true,
            width: 80,
        };
        assert_eq!(
            redline(&s, &opts, 0),
            ["a \x1b[31;9mb\x1b[0m\x1b[32;4mc\x1b[0m"]
        );
    }

    #[test]
    fn wraps_at_spaces_counting_brackets_and_reopens_runs() {
        let s = [
            seg(Op::Equal, "one two "),
            seg(Op::Delete, "three four five"),
            seg(Op::Equal, " six"),
        ];
        // "one two [-three" is 15 columns; "four" would make 20 (+2 for -]).
        assert_eq!(plain(&s, 18), ["one two [-three-]", "[-four five-] six"]);
        for line in plain(&s, 18) {
            assert!(line.chars().count() <= 18, "{line}");
        }
    }

    #[test]
    fn newlines_start_new_lines_and_long_words_stand_alone() {
        let s = [
            seg(Op::Equal, "(a) first;"),
            seg(Op::Insert, "\n(b) second"),
            seg(Op::Equal, "\nsupercalifragilistic word"),
        ];
        assert_eq!(
            plain(&s, 10),
            [
                "(a) first;",
                "{+(b)+}",
                "{+second+}",
                "supercalifragilistic",
                "word"
            ]
        );
    }

    #[test]
    fn pieces_alternate() {
        let p: Vec<&str> = pieces("a  bc d").collect();
        assert_eq!(p, ["a", "  ", "bc", " ", "d"]);
    }
}
