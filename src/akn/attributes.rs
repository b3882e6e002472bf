//! The attributes of a start tag, split into names and raw values.
//!
//! quick-xml's attribute iterator is general (HTML-style values, positions
//! for every error, a per-tag key list for duplicates); the reader needs
//! names and values only, from every tag of the document, and most values
//! it skips unread. Splitting them here halves the time per tag. Values are
//! returned raw: the caller unescapes the few it keeps, through quick-xml.

use super::text::{bytes_below, leading_spaces, ONES};

/// One `name="value"` pair, or what is wrong with the next one.
pub(crate) type RawAttribute<'s> = Result<(&'s str, &'s str), String>;

/// The attributes of a start tag, from what follows its name.
pub(crate) struct RawAttributes<'s> {
    rest: &'s str,
}

impl<'s> RawAttributes<'s> {
    pub(crate) fn new(raw: &'s str) -> Self {
        RawAttributes { rest: raw }
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn skip_space(s: &str) -> &str {
    // Only ASCII bytes are skipped: a character boundary.
    &s[leading_spaces(s.as_bytes(), is_space)..]
}

impl<'s> Iterator for RawAttributes<'s> {
    type Item = RawAttribute<'s>;

    fn next(&mut self) -> Option<Self::Item> {
        let s = skip_space(self.rest);
        if s.is_empty() {
            self.rest = s;
            return None;
        }
        // Whatever goes wrong, the iteration ends with it.
        self.rest = "";
        let name_len = s
            .bytes()
            .position(|b| b == b'=' || is_space(b))
            .unwrap_or(s.len());
        let name = &s[..name_len];
        if name.is_empty() {
            return Some(Err("an attribute has no name before '='".to_string()));
        }
        let after = skip_space(&s[name_len..]);
        let Some(after) = after.strip_prefix('=') else {
            return Some(Err(format!("attribute {name} has no '=' and value")));
        };
        let after = skip_space(after);
        let quote = match after.as_bytes().first() {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => {
                return Some(Err(format!(
                    "the value of attribute {name} is not in quotes"
                )))
            }
        };
        let body = &after[1..];
        let Some(end) = memchr::memchr(quote, body.as_bytes()) else {
            return Some(Err(format!(
                "the value of attribute {name} has no closing quote"
            )));
        };
        self.rest = &body[end + 1..];
        Some(Ok((name, &body[..end])))
    }
}

/// Whether a raw value reads differently once normalised: an entity or
/// character reference to expand, or a tab or line end that becomes a space.
///
/// Eight bytes at a time: most values are ids of tens of bytes, and a scan
/// byte by byte was a fifth of the work on a start tag (LegalDocML.de puts an
/// eId and a GUID on every element). A word is looked at byte by byte only
/// when it holds an `&` or a control character.
pub(crate) fn needs_normalising(raw: &str) -> bool {
    let special = |b: u8| matches!(b, b'&' | b'\t' | b'\n' | b'\r');
    let b = raw.as_bytes();
    let mut words = b.chunks_exact(8);
    for w in &mut words {
        let word = u64::from_le_bytes(w.try_into().unwrap_or([0; 8]));
        if has_control_or_ampersand(word) && w.iter().any(|&c| special(c)) {
            return true;
        }
    }
    words.remainder().iter().any(|&c| special(c))
}

/// Whether a word holds a byte below 0x20 or an `&` (0x26). Never misses
/// one; may flag a word without one, which the caller checks byte by byte.
fn has_control_or_ampersand(word: u64) -> bool {
    // An `&` is a zero byte once every byte is xored with 0x26.
    bytes_below(word, 0x20) | bytes_below(word ^ (ONES * 0x26), 1) != 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use quick_xml::events::Event;
    use quick_xml::Reader;

    fn split(raw: &str) -> Vec<RawAttribute<'_>> {
        RawAttributes::new(raw).collect()
    }

    #[test]
    fn names_and_raw_values() {
        assert_eq!(
            split(" eId=\"art_1\"\n\t GUID = 'g&amp;1' xml:id=\"\""),
            vec![
                Ok(("eId", "art_1")),
                Ok(("GUID", "g&amp;1")),
                Ok(("xml:id", ""))
            ]
        );
        assert!(split("   ").is_empty());
        assert_eq!(split(" a=\"x'y\""), vec![Ok(("a", "x'y"))]);
    }

    #[test]
    fn malformed_attributes_end_the_iteration_with_an_error() {
        for raw in [" eId", " eId art", " eId=art", " eId=\"art", " =\"x\""] {
            let got = split(raw);
            assert_eq!(got.len(), 1, "{raw:?}: {got:?}");
            assert!(got[0].is_err(), "{raw:?}: {got:?}");
        }
        let got = split(" a=\"1\" b");
        assert_eq!(got[0], Ok(("a", "1")));
        assert!(got[1].is_err());
    }

    #[test]
    fn normalising_is_needed_for_references_and_line_ends() {
        assert!(!needs_normalising("art_1 x"));
        assert!(needs_normalising("a&amp;b"));
        assert!(needs_normalising("a\nb"));
    }

    #[test]
    fn aligned_attributes_are_split() {
        let raw = format!(
            " eId=\"a\"\n{}GUID=\"g\"{}\t wId=\"w\"  ",
            " ".repeat(29),
            " ".repeat(17)
        );
        assert_eq!(
            split(&raw),
            vec![Ok(("eId", "a")), Ok(("GUID", "g")), Ok(("wId", "w"))]
        );
    }

    #[test]
    fn normalising_is_found_in_any_word_and_the_tail() {
        for at in 0..20 {
            for c in ['&', '\t', '\n', '\r'] {
                let mut v: Vec<char> = "abcdefghijklmnopqrst".chars().collect();
                v[at] = c;
                let v: String = v.into_iter().collect();
                assert!(needs_normalising(&v), "{v:?}");
            }
        }
        // Other control bytes and bytes around 0x26 flag a word, but need nothing.
        assert!(!needs_normalising("\u{1}%'\u{1f}é-ab_c8d-é%'!"));
    }

    proptest! {
        /// Word by word, the check agrees with a check byte by byte.
        #[test]
        fn needs_normalising_agrees_with_bytes(v in "[\\x00-\\x7f&éa-z0-9\t\n\r ]{0,40}") {
            let expected = v.bytes().any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r'));
            prop_assert_eq!(needs_normalising(&v), expected);
        }

        /// On well-formed tags, the split agrees with quick-xml's own.
        #[test]
        fn agrees_with_quick_xml(
            attrs in prop::collection::vec(("[a-zA-Z][a-zA-Z0-9:._-]{0,8}", "[^<&\"]{0,12}", "[ \t\n]{1,3} {0,20}", any::<bool>()), 0..6)
        ) {
            let mut tag = String::from("<e");
            for (i, (name, value, space, single)) in attrs.iter().enumerate() {
                let q = if *single && !value.contains('\'') { '\'' } else { '"' };
                tag.push_str(space);
                tag.push_str(&format!("{name}{i}={q}{value}{q}"));
            }
            tag.push_str("/>");
            let mut reader = Reader::from_str(&tag);
            let Ok(Event::Empty(start)) = reader.read_event() else {
                panic!("not a tag: {tag}");
            };
            let theirs: Vec<(String, String)> = start
                .attributes()
                .with_checks(false)
                .map(|a| {
                    let a = a.unwrap();
                    (a.key.as_ref().to_string(), a.value.to_string())
                })
                .collect();
            let ours: Vec<(String, String)> = RawAttributes::new(start.attributes_raw())
                .map(|a| {
                    let (k, v) = a.unwrap();
                    (k.to_string(), v.to_string())
                })
                .collect();
            prop_assert_eq!(ours, theirs);
        }
    }
}
