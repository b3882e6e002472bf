//! `redline diff --format markdown`: a redline to read on a code-hosting
//! site (GitHub-flavoured Markdown).
//!
//! A title, the two versions, a summary table, then one section per change:
//! a heading with its labels and kind, its notes in italics, a changed
//! heading, and its text as a quoted redline with deletions `~~struck~~`
//! and insertions `**bold**`.
//!
//! Draft text never becomes markup: the characters Markdown gives meaning
//! to are escaped, and so are line starts that would open a list, a rule or
//! a heading ("1. Each Party" stays a paragraph). The delimiters never wrap
//! leading or trailing spaces (GitHub would print them literally); where a
//! run starts or ends in punctuation pressed against a letter, as in
//! `shall` → `shall,`, Markdown's flanking rules would also print the
//! delimiters literally, so that run is written `<del>…</del>` or
//! `<ins>…</ins>` instead, which GitHub renders the same way.
//!
//! ```markdown
//! ### Article 23(2) → Article 24(2) — modified, renumbered
//!
//! > The competent authority ~~shall~~**may** order the expedited
//! > preservation of ~~specified~~ data.
//! ```

use std::io::{self, Write};

use super::{
    all_equal, counts, effect_head, effects_line, kind, labels, lines, verdict_words, version_name,
};
use crate::compare::{Change, ChangeKind, Comparison, Version};
use crate::diff::{Op, Segment};

/// Writes the whole comparison.
pub fn write(out: &mut impl Write, c: &Comparison) -> io::Result<()> {
    match c.new.title.as_ref().or(c.old.title.as_ref()) {
        Some(t) => writeln!(out, "# Redline: {}", escape(t, false))?,
        None => writeln!(out, "# Redline")?,
    }
    writeln!(out)?;
    writeln!(
        out,
        "- **Old:** {}",
        version(&c.old, c.old.title != c.new.title)
    )?;
    writeln!(
        out,
        "- **New:** {}",
        version(&c.new, c.old.title != c.new.title)
    )?;
    writeln!(out)?;
    writeln!(out, "| Provisions | Count |")?;
    writeln!(out, "|---|---:|")?;
    for (name, n) in counts(&c.summary) {
        writeln!(out, "| {name} | {n} |")?;
    }
    if let Some(line) = effects_line(&c.summary) {
        writeln!(out)?;
        writeln!(out, "{line}")?;
    }
    if c.changes.is_empty() {
        writeln!(out)?;
        writeln!(out, "No changes.")?;
    }
    for change in &c.changes {
        writeln!(out)?;
        section(out, change)?;
    }
    Ok(())
}

/// "revised draft, 2023-05-01 (round-3.xml)", with the title first when the
/// two versions' titles differ.
fn version(v: &Version, with_title: bool) -> String {
    let mut s = String::new();
    if with_title {
        if let Some(t) = &v.title {
            s.push_str(&escape(t, false));
            s.push_str(" — ");
        }
    }
    let name = version_name(v);
    if name.is_empty() {
        s.push_str(&escape(&v.source, false));
    } else {
        s.push_str(&format!(
            "{} ({})",
            escape(&name, false),
            escape(&v.source, false)
        ));
    }
    s
}

fn section(out: &mut impl Write, change: &Change) -> io::Result<()> {
    writeln!(
        out,
        "### {} — {}",
        escape(&labels(change), false),
        kind(change)
    )?;
    if let Some(v) = verdict_words(change) {
        writeln!(out)?;
        writeln!(out, "**Effect:** {v}")?;
    }
    for note in &change.notes {
        writeln!(out)?;
        writeln!(out, "*{}*", escape(note, true))?;
    }
    if !change.heading_diff.is_empty() {
        writeln!(out)?;
        let heading: Vec<String> = lines(&change.heading_diff)
            .iter()
            .map(|l| redline_line(l))
            .collect();
        writeln!(out, "Heading: {}", heading.join(" / "))?;
    }
    // "renumbered" already says the words are the same.
    if change.diff.is_empty() || change.kind == ChangeKind::Renumbered {
        return Ok(());
    }
    writeln!(out)?;
    if all_equal(&change.diff) {
        writeln!(out, "*Text unchanged.*")?;
    } else {
        quote(out, &change.diff)?;
    }
    if !change.effects.is_empty() {
        writeln!(out)?;
        for e in &change.effects {
            writeln!(
                out,
                "- {} (`{}`, confidence {:.2}): {}",
                effect_head(e),
                e.rule,
                e.confidence,
                escape(&e.explanation, true)
            )?;
        }
    }
    Ok(())
}

/// The redline as a block quote, one paragraph per line of text.
fn quote(out: &mut impl Write, segments: &[Segment]) -> io::Result<()> {
    for (i, line) in lines(segments).iter().enumerate() {
        if i > 0 {
            writeln!(out, ">")?;
        }
        writeln!(out, "> {}", redline_line(line))?;
    }
    Ok(())
}

/// One line of runs as Markdown.
fn redline_line(line: &[(Op, &str)]) -> String {
    // First escape each run and split the spaces off marked runs, so that
    // each delimiter can see the characters that will stand beside it.
    struct Piece {
        op: Op,
        lead: String,
        core: String,
        trail: String,
    }
    let mut pieces = Vec::new();
    let mut at_start = true;
    for &(op, text) in line {
        let (lead, core, trail) = if op == Op::Equal {
            ("", text, "")
        } else {
            let core = text.trim();
            let start = text.len() - text.trim_start().len();
            (&text[..start], core, &text[start + core.len()..])
        };
        let lead = if at_start { "" } else { lead };
        let core = escape(core, at_start && lead.is_empty());
        at_start = at_start && core.is_empty() && op == Op::Equal;
        pieces.push(Piece {
            op,
            lead: spaces(lead),
            core,
            trail: spaces(trail),
        });
    }
    let mut s = String::new();
    for i in 0..pieces.len() {
        let p = &pieces[i];
        s.push_str(&p.lead);
        if p.op == Op::Equal || p.core.is_empty() {
            s.push_str(&p.core);
            s.push_str(&p.trail);
            continue;
        }
        let before = s.chars().last();
        let after = pieces[i + 1..].iter().find_map(|q| {
            q.lead.chars().next().or_else(|| {
                if q.core.is_empty() {
                    q.trail.chars().next()
                } else if q.op == Op::Equal {
                    q.core.chars().next()
                } else {
                    Some('<') // Any delimiter is punctuation.
                }
            })
        });
        let (open, close, html) = match p.op {
            Op::Delete => ("~~", "~~", ("<del>", "</del>")),
            _ => ("**", "**", ("<ins>", "</ins>")),
        };
        if can_open(before, p.core.chars().next()) && can_close(p.core.chars().last(), after) {
            s.push_str(&format!("{open}{}{close}", p.core));
        } else {
            s.push_str(&format!("{}{}{}", html.0, p.core, html.1));
        }
        s.push_str(&p.trail);
    }
    s
}

/// Whitespace runs as single spaces (tabs and other breaks would end up
/// as code or breaks).
fn spaces(ws: &str) -> String {
    if ws.is_empty() {
        String::new()
    } else {
        " ".to_string()
    }
}

/// CommonMark's "Unicode punctuation character" (which includes symbols),
/// near enough: neither alphanumeric nor whitespace.
fn is_punct(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

/// A delimiter run opens emphasis only if left-flanking: not followed by
/// whitespace, and if followed by punctuation, then preceded by whitespace,
/// punctuation or the line start.
fn can_open(before: Option<char>, first: Option<char>) -> bool {
    match first {
        None => false,
        Some(f) if f.is_whitespace() => false,
        Some(f) if is_punct(f) => before.is_none_or(|b| b.is_whitespace() || is_punct(b)),
        Some(_) => true,
    }
}

/// The mirror image: closes only if right-flanking.
fn can_close(last: Option<char>, after: Option<char>) -> bool {
    match last {
        None => false,
        Some(l) if l.is_whitespace() => false,
        Some(l) if is_punct(l) => after.is_none_or(|a| a.is_whitespace() || is_punct(a)),
        Some(_) => true,
    }
}

/// Escapes text so that Markdown reads it as text. `line_start` also
/// guards the constructs that only count at the start of a line.
fn escape(text: &str, line_start: bool) -> String {
    let mut s = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '$' | '#' | '&'
        ) {
            s.push('\\');
        }
        s.push(c);
    }
    if line_start {
        // A list item ("- x", "+ x", "1. x", "1) x") or a thematic break.
        let digits = s.chars().take_while(char::is_ascii_digit).count();
        if s.starts_with('-') || s.starts_with('+') {
            s.insert(0, '\\');
        } else if (1..=9).contains(&digits) && matches!(s[digits..].chars().next(), Some('.' | ')'))
        {
            s.insert(digits, '\\');
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(runs: &[(Op, &str)]) -> String {
        redline_line(runs)
    }

    #[test]
    fn delimiters_hug_words_not_spaces() {
        assert_eq!(
            md(&[
                (Op::Equal, "subject to"),
                (Op::Delete, " prior "),
                (Op::Equal, "review")
            ]),
            "subject to ~~prior~~ review"
        );
        assert_eq!(
            md(&[
                (Op::Equal, "The authority "),
                (Op::Delete, "shall"),
                (Op::Insert, "may"),
                (Op::Equal, " act.")
            ]),
            "The authority ~~shall~~**may** act."
        );
    }

    #[test]
    fn punctuation_against_a_letter_falls_back_to_html() {
        assert_eq!(
            md(&[
                (Op::Equal, "shall"),
                (Op::Insert, ","),
                (Op::Equal, " notify")
            ]),
            "shall<ins>,</ins> notify"
        );
        assert_eq!(
            md(&[
                (Op::Equal, "shall "),
                (Op::Insert, "(a)"),
                (Op::Equal, " b")
            ]),
            "shall **(a)** b"
        );
        assert_eq!(
            md(&[(Op::Equal, "x"), (Op::Delete, "[1]"), (Op::Equal, "y")]),
            "x<del>\\[1\\]</del>y"
        );
    }

    #[test]
    fn text_never_becomes_markup() {
        assert_eq!(
            escape("a *b* _c_ `d` [e](f) <g> | ~h~ $i$ # &amp;", false),
            "a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\<g\\> \\| \\~h\\~ \\$i\\$ \\# \\&amp;"
        );
        assert_eq!(escape("1. Each Party", true), "1\\. Each Party");
        assert_eq!(escape("12) x", true), "12\\) x");
        assert_eq!(escape("- x", true), "\\- x");
        assert_eq!(escape("1. Each Party", false), "1. Each Party");
        assert_eq!(
            md(&[(Op::Insert, "1. New paragraph")]),
            "**1\\. New paragraph**"
        );
    }

    #[test]
    fn whitespace_only_runs_stay_plain() {
        assert_eq!(
            md(&[(Op::Equal, "a"), (Op::Insert, " "), (Op::Equal, "b")]),
            "a b"
        );
    }

    #[test]
    fn flanking() {
        assert!(can_open(None, Some('(')));
        assert!(can_open(Some(' '), Some('(')));
        assert!(!can_open(Some('a'), Some('(')));
        assert!(can_open(Some('a'), Some('b')));
        assert!(can_close(Some(')'), None));
        assert!(!can_close(Some(')'), Some('b')));
        assert!(can_close(Some('b'), Some('c')));
    }
}
