//! Text normalisation: whitespace folding as the reader flattens inline
//! markup, and the small string helpers that labels need.
//!
//! Folding happens at block boundaries, not per text event: quick-xml hands
//! over text in pieces around inline elements and entity references, and a
//! space that ends one piece must survive into the next.

use std::sync::Arc;

use super::model::Text;

/// Accumulates text, folding every run of whitespace into one space, and
/// block boundaries into one newline. Leading and trailing whitespace never
/// reach the output.
///
/// Text that comes straight from the source (`push_source`) and needs no
/// folding is kept as a borrowed piece until something else is added: most
/// fields are one such run, and [`Folder::finish_text`] shares it with the
/// source instead of copying it.
#[derive(Debug, Default, Clone)]
pub struct Folder<'s> {
    text: String,
    /// The whole folded text so far, when it is one run of the source
    /// (`text` is then empty).
    piece: Option<&'s str>,
    pending: Pending,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Pending {
    #[default]
    Nothing,
    Space,
    Break,
}

impl<'s> Folder<'s> {
    pub fn new() -> Folder<'s> {
        Folder::default()
    }

    /// Appends raw text from the source, which outlives the folder: a first
    /// run that folds to itself is borrowed, not copied.
    pub fn push_source(&mut self, raw: &'s str) {
        let b = raw.as_bytes();
        let start = leading_whitespace(b);
        if start == b.len() {
            // Indentation between tags, most text events: a word boundary.
            if !raw.is_empty() {
                self.space();
            }
            return;
        }
        if self.text.is_empty() && self.piece.is_none() {
            let end = b
                .iter()
                .rposition(|b| !b.is_ascii_whitespace())
                .map_or(start, |e| e + 1);
            // Cut at ASCII bytes, so at character boundaries.
            let word = &raw[start..end];
            if folds_to_itself(word) {
                self.piece = Some(word);
                // Leading whitespace adds nothing at the start of a text.
                self.pending = if end < b.len() {
                    Pending::Space
                } else {
                    Pending::Nothing
                };
                return;
            }
        }
        self.push_str(raw);
    }

    /// Copies a borrowed piece into the folder's own text, before `more`
    /// bytes (about) are added to it. A text that comes in pieces (around
    /// a reference, an entity) mostly goes on past the next one: room is
    /// made for twice what is known, so that most are never moved. The
    /// slack is given back when the text is settled.
    fn own_piece(&mut self, more: usize) {
        if let Some(piece) = self.piece.take() {
            let need = piece.len() + more;
            self.text
                .reserve_exact(if more == 0 { need } else { 2 * need });
            self.text.push_str(piece);
        }
    }

    /// Appends raw text.
    pub fn push_str(&mut self, raw: &str) {
        // Most text events are the indentation between tags: all ASCII
        // whitespace, and only a pending space to record.
        if is_blank(raw.as_bytes()) {
            if !raw.is_empty() {
                self.space();
            }
            return;
        }
        // A separator and the text.
        self.own_piece(raw.len() + 1);
        if raw.is_ascii() || !has_unicode_space(raw.as_bytes()) {
            self.push_simple(raw);
            return;
        }
        for (i, run) in raw.split(char::is_whitespace).enumerate() {
            if i > 0 {
                self.space();
            }
            if !run.is_empty() {
                self.flush_pending();
                self.text.push_str(run);
            }
        }
    }

    /// Text whose only whitespace is ASCII. Most is words separated by
    /// single spaces, which one pass tells ([`single_spaced`]) and one copy
    /// takes in; otherwise whitespace other than single spaces is found with
    /// vectorised searches, and the runs between copied whole. Every cut is
    /// at an ASCII byte, so at a character boundary.
    fn push_simple(&mut self, raw: &str) {
        let b = raw.as_bytes();
        let mut i = leading_whitespace(b);
        if i > 0 {
            self.space();
        }
        // Most pieces are words and single spaces between whitespace at
        // the ends: one pass tells, and they go in one copy.
        let end = b
            .iter()
            .rposition(|c| !c.is_ascii_whitespace())
            .map_or(i, |e| e + 1);
        if single_spaced(&b[i..end]).is_some() {
            if i < end {
                self.flush_pending();
                self.text.push_str(&raw[i..end]);
            }
            if end < b.len() {
                self.space();
            }
            return;
        }
        while i < b.len() {
            // The next byte that is whitespace other than a lone space: a
            // tab, newline, form feed or carriage return, or a space
            // followed by whitespace.
            let rest = &b[i..];
            let mut end = rest.len();
            if let Some(at) = memchr::memchr3(b'\n', b'\t', b'\r', rest) {
                end = at;
            }
            if let Some(at) = double_space().find(&rest[..end]) {
                end = at;
            }
            if let Some(at) = memchr::memchr(0x0C, &rest[..end]) {
                end = at;
            }
            // A lone space just before the stop belongs to the whitespace run.
            let mut word_end = end;
            if word_end > 0 && rest[word_end - 1] == b' ' {
                word_end -= 1;
            }
            if word_end > 0 {
                self.flush_pending();
                if self.text.capacity() == 0 {
                    // Most fields arrive in one event: size them once.
                    self.text.reserve_exact(b.len() - i);
                }
                self.text.push_str(&raw[i..i + word_end]);
            }
            i += end;
            if i < b.len() || word_end < end {
                self.space();
            }
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
        }
    }

    /// Appends one character (an entity or character reference).
    pub fn push_char(&mut self, c: char) {
        if c.is_whitespace() {
            self.space();
        } else {
            self.own_piece(c.len_utf8() + 1);
            self.flush_pending();
            self.text.push(c);
        }
    }

    /// Marks a word boundary: the next text is preceded by a space.
    pub fn space(&mut self) {
        self.pending = self.pending.max(Pending::Space);
    }

    /// Drops pending whitespace (not a block boundary): the next text
    /// follows directly, as a closing quote follows its last word.
    pub fn glue(&mut self) {
        if self.pending == Pending::Space {
            self.pending = Pending::Nothing;
        }
    }

    /// Marks a block boundary: the next text starts on a new line.
    pub fn block_break(&mut self) {
        self.pending = Pending::Break;
    }

    /// Marks the start of a table cell: " | " after the previous cell of the
    /// same row; nothing at the start of a row (a block boundary).
    pub fn cell_boundary(&mut self) {
        self.own_piece(" | ".len());
        if !self.text.is_empty() && self.pending != Pending::Break {
            self.pending = Pending::Nothing;
            self.text.push_str(" | ");
        }
    }

    fn flush_pending(&mut self) {
        if !self.text.is_empty() {
            match self.pending {
                Pending::Nothing => {}
                Pending::Space => {
                    if !self.text.ends_with([' ', '\n']) {
                        self.text.push(' ')
                    }
                }
                Pending::Break => {
                    if self.text.ends_with(' ') {
                        self.text.pop();
                    }
                    self.text.push('\n')
                }
            }
        }
        self.pending = Pending::Nothing;
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty() && self.piece.is_none()
    }

    pub fn as_str(&self) -> &str {
        self.piece.unwrap_or(&self.text)
    }

    pub fn finish(mut self) -> String {
        self.own_piece(0);
        let mut t = self.text;
        // A separator may end the text (an empty last cell).
        while matches!(t.as_bytes().last(), Some(b' ' | b'|' | b'\n')) {
            t.pop();
        }
        // Documents are kept whole: return what the text needs, no more,
        // unless the slack is small (a reallocation costs more than it saves).
        if t.capacity() - t.len() > t.len() / 8 + 16 {
            t.shrink_to_fit();
        }
        t
    }

    /// The folded text as a provision keeps it: a span of `source` when it
    /// is one run of it, else a copy.
    pub fn finish_text(self, source: Option<&Arc<String>>) -> Text {
        if let Some(piece) = self.piece {
            let piece = piece.trim_end_matches([' ', '|', '\n']);
            if let Some(text) = source.and_then(|source| Text::shared(source, piece)) {
                return text;
            }
            // Copied once, to its size.
            return Text::from(piece);
        }
        Text::from(self.finish())
    }
}

/// Whether `b` is all ASCII whitespace: the indentation between tags, half
/// of all text events, which every event is first tested for. Sixteen bytes
/// a step, the last step overlapping the one before; a run of 8 to 15 bytes
/// (most indentation) is tested as its first and last eight.
#[cfg(target_arch = "x86_64")]
pub(crate) fn is_blank(b: &[u8]) -> bool {
    use safe_arch::{
        cmp_eq_mask_i8_m128i, load_unaligned_m128i, move_mask_i8_m128i, set_splat_i8_m128i,
    };
    let all_whitespace = |bytes: &[u8; 16]| {
        let v = load_unaligned_m128i(bytes);
        let is = |c: u8| cmp_eq_mask_i8_m128i(v, set_splat_i8_m128i(c as i8));
        let whitespace = is(b' ') | is(b'\n') | is(b'\t') | is(b'\r') | is(0x0C);
        move_mask_i8_m128i(whitespace) == 0xFFFF
    };
    let n = b.len();
    if n < 8 {
        return b.iter().all(u8::is_ascii_whitespace);
    }
    if n < 16 {
        return all_whitespace(&first_and_last_eight(b));
    }
    let mut chunks = b.chunks_exact(16);
    chunks.all(|chunk| all_whitespace(chunk.try_into().unwrap_or(&[0; 16])))
        && (chunks.remainder().is_empty()
            || all_whitespace(b[n - 16..].try_into().unwrap_or(&[0; 16])))
}

/// The first eight bytes of `b` and its last eight, which overlap when
/// `b` is shorter than sixteen: one SSE2 step for a run of 8 to 16 bytes.
#[cfg(target_arch = "x86_64")]
fn first_and_last_eight(b: &[u8]) -> [u8; 16] {
    let mut bytes = [0; 16];
    bytes[..8].copy_from_slice(&b[..8]);
    bytes[8..].copy_from_slice(&b[b.len() - 8..]);
    bytes
}

#[cfg(not(target_arch = "x86_64"))]
pub(crate) fn is_blank(b: &[u8]) -> bool {
    leading_whitespace(b) == b.len()
}

/// How many bytes of ASCII whitespace `b` starts with. Most text events are
/// indentation, a line end and a run of spaces.
pub(crate) fn leading_whitespace(b: &[u8]) -> usize {
    leading_spaces(b, |c| c.is_ascii_whitespace())
}

/// How many bytes at the start of `b` are `space`, which must hold for
/// b' '. Runs of spaces (indentation, attributes aligned under each other)
/// go eight bytes at a time.
pub(crate) fn leading_spaces(b: &[u8], space: impl Fn(u8) -> bool) -> usize {
    const SPACES: u64 = u64::from_ne_bytes(*b"        ");
    let mut n = 0;
    loop {
        let word = b.get(n..n + 8).and_then(|w| <[u8; 8]>::try_from(w).ok());
        if word.map(u64::from_ne_bytes) == Some(SPACES) {
            n += 8;
        } else if b.get(n).is_some_and(|&c| space(c)) {
            n += 1;
        } else {
            return n;
        }
    }
}

/// Whether a run of text with no whitespace at either end folds to itself:
/// its only whitespace is single ASCII spaces. Any control byte counts as
/// whitespace here, so that a run with one is copied and folded: the text
/// is the same, only not shared.
fn folds_to_itself(word: &str) -> bool {
    let b = word.as_bytes();
    single_spaced(b).is_some_and(|non_ascii| !non_ascii || !has_unicode_space(b))
}

/// Whether the only ASCII whitespace or control bytes in `b` are single
/// spaces, and if so whether it holds bytes outside ASCII (which may be
/// whitespace of their own). One pass over every text event's first run:
/// four searches (line ends and tabs, form feeds, double spaces, non-ASCII)
/// were a twentieth of a read, and eight bytes a step still a fifteenth.
#[cfg(target_arch = "x86_64")]
fn single_spaced(b: &[u8]) -> Option<bool> {
    use safe_arch::{
        cmp_eq_mask_i8_m128i, load_unaligned_m128i, max_u8_m128i, move_mask_i8_m128i,
        set_splat_i8_m128i,
    };
    // Sixteen bytes: whether one is a control byte, a mask of the spaces,
    // and one of the bytes outside ASCII.
    let step = |bytes: &[u8; 16]| {
        let v = load_unaligned_m128i(bytes);
        // A byte is below 0x20 when the larger of it and 0x1F is 0x1F.
        let limit = set_splat_i8_m128i(0x1F);
        let control = move_mask_i8_m128i(cmp_eq_mask_i8_m128i(max_u8_m128i(v, limit), limit));
        let spaces = move_mask_i8_m128i(cmp_eq_mask_i8_m128i(v, set_splat_i8_m128i(b' ' as i8)));
        (control != 0, spaces, move_mask_i8_m128i(v))
    };
    let n = b.len();
    if n < 8 {
        return single_spaced_words(b);
    }
    if n < 16 {
        // The first eight bytes and the last eight, which overlap: every
        // pair of neighbours is inside one half, and bits 7 and 8 are no
        // pair.
        let (control, spaces, non_ascii) = step(&first_and_last_eight(b));
        return (!control && spaces & spaces << 1 & !0x100 == 0).then_some(non_ascii != 0);
    }
    let mut chunks = b.chunks_exact(16);
    let mut any_non_ascii = 0;
    // Bit 0: whether the byte before the chunk is a space.
    let mut after_space = 0;
    for chunk in &mut chunks {
        let (control, spaces, non_ascii) = step(chunk.try_into().unwrap_or(&[0; 16]));
        any_non_ascii |= non_ascii;
        if control || spaces & (spaces << 1 | after_space) != 0 {
            return None;
        }
        after_space = spaces >> 15;
    }
    if !chunks.remainder().is_empty() {
        // The last sixteen bytes, overlapping the chunks: the pair that
        // crosses into them was in the last chunk.
        let (control, spaces, non_ascii) = step(b[n - 16..].try_into().unwrap_or(&[0; 16]));
        any_non_ascii |= non_ascii;
        if control || spaces & spaces << 1 != 0 {
            return None;
        }
    }
    Some(any_non_ascii != 0)
}

#[cfg(not(target_arch = "x86_64"))]
fn single_spaced(b: &[u8]) -> Option<bool> {
    single_spaced_words(b)
}

/// [`single_spaced`] eight bytes a step, for runs under eight bytes (and
/// on machines other than x86_64).
fn single_spaced_words(b: &[u8]) -> Option<bool> {
    let mut non_ascii = 0u64;
    // Whether the byte before the current one is a space.
    let mut after_space = false;
    let mut chunks = b.chunks_exact(8);
    for chunk in &mut chunks {
        let mut bytes = [0; 8];
        bytes.copy_from_slice(chunk);
        let w = u64::from_le_bytes(bytes);
        non_ascii |= w & HIGH;
        if bytes_below(w, 0x20) != 0 {
            return None;
        }
        // The high bit of each byte that is a space (exact per byte).
        let x = w ^ (ONES * b' ' as u64);
        let spaces = !(((x & !HIGH) + !HIGH) | x | !HIGH);
        if spaces & (spaces >> 8) != 0 || after_space && spaces & 0x80 != 0 {
            return None;
        }
        after_space = spaces >> 63 != 0;
    }
    for &c in chunks.remainder() {
        if c < 0x20 || c == b' ' && after_space {
            return None;
        }
        after_space = c == b' ';
        non_ascii |= u64::from(c & 0x80);
    }
    Some(non_ascii != 0)
}

/// Eight bytes at once: every byte set.
pub(crate) const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
/// The high bit of every byte.
pub(crate) const HIGH: u64 = ONES * 0x80;

/// The high bit set in a word where some byte is below `n` (`n <= 0x80`;
/// Bit Twiddling Hacks). Exact as to whether any byte is; a byte above a
/// flagged one may be flagged too.
pub(crate) fn bytes_below(word: u64, n: u8) -> u64 {
    word.wrapping_sub(ONES * u64::from(n)) & !word & HIGH
}

fn double_space() -> &'static memchr::memmem::Finder<'static> {
    static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    FINDER.get_or_init(|| memchr::memmem::Finder::new(b"  "))
}

/// Whether UTF-8 text holds a whitespace character outside ASCII (no-break
/// space, the U+2000 spaces, line and paragraph separators, ideographic
/// space...). Their lead bytes are 0xC2, 0xE1, 0xE2 and 0xE3; most text with
/// such lead bytes (accents, typographic quotes) holds none.
fn has_unicode_space(b: &[u8]) -> bool {
    let mut from = 0;
    while let Some(at) = memchr::memchr3(0xC2, 0xE2, 0xE1, &b[from..]) {
        let at = from + at;
        let tail = &b[at..];
        let s = std::str::from_utf8(&tail[..tail.len().min(4)])
            .or_else(|e| std::str::from_utf8(&tail[..e.valid_up_to()]))
            .unwrap_or("");
        if s.chars().next().is_some_and(char::is_whitespace) {
            return true;
        }
        from = at + 1;
    }
    memchr::memmem::find(b, "\u{3000}".as_bytes()).is_some()
}

/// Folds whitespace in a string: one space between words, none at the ends.
pub fn fold(raw: &str) -> String {
    let mut f = Folder::new();
    f.push_str(raw);
    f.finish()
}

/// "ANNEX" -> "Annex", "PART" -> "Part"; other words as they are. Used on
/// the first word of a printed number, so roman numerals stay upper case.
pub fn title_case_word(word: &str) -> String {
    let mut out = String::new();
    push_title_case_word(&mut out, word);
    out
}

/// [`title_case_word`], written at the end of `out`: labels are built this
/// way, with no string of their own per word.
pub fn push_title_case_word(out: &mut String, word: &str) {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let all_upper = letters > 1 && word.chars().all(|c| !c.is_lowercase());
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        if all_upper {
            // Whole, not per character: a final sigma lowers differently.
            out.push_str(&chars.as_str().to_lowercase());
        } else {
            out.push_str(chars.as_str());
        }
    }
}

/// Element name for display: "article" -> "Article", "hcontainer" name
/// "schedule" -> "Schedule", "subparagraph" stays lower case when used after
/// a comma by the caller.
pub fn display_name(element: &str) -> String {
    let mut chars = element.chars();
    match chars.next() {
        None => String::new(),
        Some(first) => first.to_uppercase().chain(chars).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_runs_and_trims() {
        assert_eq!(fold("  a \n\t b  "), "a b");
        assert_eq!(fold(""), "");
        assert_eq!(fold(" \n "), "");
    }

    #[test]
    fn pieces_keep_their_spaces() {
        let mut f = Folder::new();
        f.push_str("Each State ");
        f.push_str("Party");
        f.push_str(" shall");
        f.push_char(',');
        f.push_str(" as appropriate");
        assert_eq!(f.finish(), "Each State Party shall, as appropriate");
    }

    #[test]
    fn inline_boundaries_add_nothing() {
        let mut f = Folder::new();
        f.push_str("law");
        f.push_str("ful");
        assert_eq!(f.finish(), "lawful");
    }

    #[test]
    fn block_breaks_become_one_newline() {
        let mut f = Folder::new();
        f.block_break();
        f.push_str("first ");
        f.block_break();
        f.block_break();
        f.push_str(" second");
        f.block_break();
        assert_eq!(f.finish(), "first\nsecond");
    }

    #[test]
    fn cells_join_within_a_row() {
        let mut f = Folder::new();
        f.cell_boundary();
        f.push_str(" a ");
        f.cell_boundary();
        f.push_str("b");
        f.block_break();
        f.cell_boundary();
        f.push_str("c");
        assert_eq!(f.finish(), "a | b\nc");
    }

    proptest::proptest! {
        /// Whatever the pieces, and whichever path folds them (ASCII, text
        /// with accents and typographic quotes, text with no-break or other
        /// Unicode spaces), pushing them folds like splitting their
        /// concatenation on whitespace.
        #[test]
        fn pieces_fold_like_split_whitespace(
            pieces in proptest::collection::vec(
                "[ab \t\n\r\u{0C}é“\u{A0}\u{2003}\u{3000}]{0,12}", 0..6)
        ) {
            let mut f = Folder::new();
            for p in &pieces {
                f.push_str(p);
            }
            let whole: String = pieces.concat();
            let expected = whole.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(f.finish(), expected);
        }
    }

    proptest::proptest! {
        /// Pieces pushed as slices of a source fold exactly as copied
        /// pieces do, whether the result is shared with the source or not;
        /// a lone piece that needs no folding is shared.
        #[test]
        fn source_pieces_fold_like_copied_ones(
            pieces in proptest::collection::vec(
                "([ab \t\n|é\u{A0}]| {8,12}){0,8}", 1..5),
            between in proptest::collection::vec(0..4u8, 5),
        ) {
            let source = Arc::new(pieces.concat());
            let (mut borrowed, mut copied) = (Folder::new(), Folder::new());
            let mut at = 0;
            for (i, p) in pieces.iter().enumerate() {
                let slice = &source[at..at + p.len()];
                at += p.len();
                borrowed.push_source(slice);
                copied.push_str(p);
                // What the reader does between text events: nothing, a
                // block boundary, a word boundary, or glue (a closing quote).
                for f in [&mut borrowed, &mut copied] {
                    match between[i] {
                        1 => f.block_break(),
                        2 => f.space(),
                        3 => f.glue(),
                        _ => {}
                    }
                }
            }
            let expected = copied.finish();
            let shared = borrowed.clone().finish_text(Some(&source));
            proptest::prop_assert_eq!(borrowed.finish(), expected.clone());
            proptest::prop_assert_eq!(shared.as_str(), expected.as_str());
            if pieces.len() == 1
                && source.trim_matches(|c: char| c.is_ascii_whitespace()) == expected
                && !expected.ends_with('|')
                && !expected.is_empty()
            {
                proptest::prop_assert!(shared.is_shared());
            }
        }
    }

    proptest::proptest! {
        /// The one-pass check says a run folds to itself exactly when
        /// folding leaves it unchanged, and it has no control byte. Runs
        /// are long enough to cross the eight-byte steps, with spaces
        /// astride them.
        #[test]
        fn folds_to_itself_is_exact(
            word in "[ab \t\n\r\u{0B}\u{0C}\u{01}é“\u{A0}\u{2003}\u{3000}]{0,40}"
        ) {
            let word = word.trim_matches(|c: char| c.is_ascii_whitespace());
            let unchanged = word.split_whitespace().collect::<Vec<_>>().join(" ") == word;
            let control = word.bytes().any(|c| c < 0x20);
            proptest::prop_assert_eq!(folds_to_itself(word), unchanged && !control);
        }
    }

    proptest::proptest! {
        /// The sixteen-byte test agrees with the eight-byte one, and both
        /// with a byte-by-byte reading, at every length and offset.
        #[test]
        fn single_spaced_agrees_with_the_bytes(
            text in "[ab \t\n\u{01}\u{1F}\u{7F}é]{0,70}"
        ) {
            let b = text.as_bytes();
            let control = b.iter().any(|&c| c < 0x20);
            let double = b.windows(2).any(|w| w == b"  ");
            let expected = (!control && !double).then(|| !text.is_ascii());
            proptest::prop_assert_eq!(single_spaced(b), expected);
            proptest::prop_assert_eq!(single_spaced_words(b), expected);
        }

        /// Blank means every byte is ASCII whitespace, at every length:
        /// the overlapping steps miss no byte.
        #[test]
        fn is_blank_is_exact(text in "([ \t\n\r\u{0C}]{0,40}[\u{0B}a\u{A0}]?){1,2}") {
            let expected = text.bytes().all(|c| c.is_ascii_whitespace());
            proptest::prop_assert_eq!(is_blank(text.as_bytes()), expected);
        }
    }

    #[test]
    fn single_spaced_sees_every_pair() {
        for n in 2..40 {
            for i in 0..n {
                for j in i + 1..n {
                    let mut b = vec![b'x'; n];
                    (b[i], b[j]) = (b' ', b' ');
                    let single = j != i + 1;
                    assert_eq!(single_spaced(&b).is_some(), single, "{n} {i} {j}");
                    b[j] = b'\n';
                    assert_eq!(single_spaced(&b), None, "{n} {j}");
                    b[j] = 0xC3;
                    assert_eq!(single_spaced(&b), Some(true), "{n} {j}");
                }
            }
        }
    }

    #[test]
    fn is_blank_sees_every_byte() {
        for n in 0..40 {
            let layout = "\n".to_string() + &" ".repeat(n);
            assert!(is_blank(layout.as_bytes()), "{n}");
            for at in 0..=n {
                let mut b = layout.clone().into_bytes();
                b[at] = b'x';
                assert!(!is_blank(&b), "{n} {at}");
            }
        }
    }

    #[test]
    fn folds_to_itself_finds_double_spaces_across_steps() {
        for at in 0..38 {
            let mut word = "x".repeat(40);
            word.replace_range(at..at + 2, "  ");
            assert!(!folds_to_itself(&word), "{at}");
            word.replace_range(at..at + 2, " y");
            assert!(folds_to_itself(&word), "{at}");
        }
    }

    #[test]
    fn leading_whitespace_is_counted() {
        for (text, n) in [
            ("", 0),
            ("x", 0),
            ("\n", 1),
            ("\n          x", 11),
            ("                  ", 18),
            (" \t\r\n\u{0C}é", 5),
        ] {
            assert_eq!(leading_whitespace(text.as_bytes()), n, "{text:?}");
        }
    }

    #[test]
    fn unicode_spaces_are_found() {
        assert!(has_unicode_space("a\u{A0}b".as_bytes()));
        assert!(has_unicode_space("a\u{2009}b".as_bytes()));
        assert!(has_unicode_space("a\u{3000}".as_bytes()));
        assert!(!has_unicode_space("„quoted“ – ä é".as_bytes()));
    }

    #[test]
    fn title_case() {
        assert_eq!(title_case_word("ANNEX"), "Annex");
        assert_eq!(title_case_word("PART"), "Part");
        assert_eq!(title_case_word("Chapter"), "Chapter");
        assert_eq!(title_case_word("I"), "I");
        assert_eq!(title_case_word("§"), "§");
    }
}
