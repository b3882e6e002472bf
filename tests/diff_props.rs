//! Property tests for `redline::diff`: whatever the input, the edit script
//! rebuilds both texts and has the canonical shape.

use std::time::Duration;

use proptest::prelude::*;
use redline::diff::{new_text, old_text, similarity, words, words_with_budget, Op, Segment};

/// The structural invariants of every script.
fn assert_script(old: &str, new: &str, s: &[Segment]) -> Result<(), TestCaseError> {
    prop_assert_eq!(old_text(s), old);
    prop_assert_eq!(new_text(s), new);
    prop_assert!(
        s.iter().all(|x| !x.text.is_empty()),
        "empty segment: {:?}",
        s
    );
    for w in s.windows(2) {
        prop_assert_ne!(w[0].op, w[1].op, "same-op neighbours: {:?}", s);
        prop_assert!(
            !(w[0].op == Op::Insert && w[1].op == Op::Delete),
            "insert before delete: {:?}",
            s
        );
    }
    let sim = similarity(s);
    prop_assert!(
        (0.0..=1.0).contains(&sim),
        "similarity {} out of range",
        sim
    );
    Ok(())
}

/// Short strings over an alphabet rich in the things the clean-up cares
/// about: words, digits, punctuation, straight and curly quotes, whitespace
/// runs and line breaks, non-Latin letters, emoji and combining marks.
fn messy_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-cA-C0-9 ,.;:'\"“”‘’()\\-\n\t\u{a0}éßΩ漢字🙂\u{301}]{0,40}",
        1 => any::<String>(),
    ]
}

/// Token vocabulary for realistic clause-like texts.
const VOCAB: &[&str] = &[
    "the",
    "a",
    "Party",
    "Parties",
    "shall",
    "may",
    "competent",
    "authority",
    "judicial",
    "review",
    "prior",
    "authorization",
    "within",
    "days",
    "months",
    "article",
    "23",
    "24",
    "1,000",
    "(a)",
    "(b)",
    "and",
    "or",
    "of",
    "“",
    "”",
    "\"",
    "'",
    "Party's",
    "Party’s",
    ",",
    ";",
    ".",
    ":",
    " ",
    " ",
    "  ",
    "\n",
    "—",
    "naïve",
    "Straße",
    "条約",
];

fn vocab_token() -> impl Strategy<Value = &'static str> {
    prop::sample::select(VOCAB)
}

/// Builds a text from tokens, mostly separated by single spaces.
fn clause() -> impl Strategy<Value = Vec<&'static str>> {
    prop::collection::vec(vocab_token(), 0..40)
}

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, &'static str),
    Delete(usize),
    Replace(usize, &'static str),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), vocab_token()).prop_map(|(i, t)| Edit::Insert(i, t)),
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), vocab_token()).prop_map(|(i, t)| Edit::Replace(i, t)),
    ]
}

fn join(tokens: &[&str]) -> String {
    tokens.join(" ")
}

/// A pair of texts where the second is the first after a few small edits.
fn edited_pair() -> impl Strategy<Value = (String, String)> {
    (clause(), prop::collection::vec(edit(), 0..6)).prop_map(|(base, edits)| {
        let mut new = base.clone();
        for e in edits {
            match e {
                Edit::Insert(i, t) => {
                    let at = i % (new.len() + 1);
                    new.insert(at, t);
                }
                Edit::Delete(i) if !new.is_empty() => {
                    let at = i % new.len();
                    new.remove(at);
                }
                Edit::Replace(i, t) if !new.is_empty() => {
                    let at = i % new.len();
                    new[at] = t;
                }
                Edit::Delete(_) | Edit::Replace(..) => {}
            }
        }
        (join(&base), join(&new))
    })
}

/// Character-level small edits of an arbitrary messy string.
fn char_edited_pair() -> impl Strategy<Value = (String, String)> {
    (
        messy_text(),
        prop::collection::vec((any::<usize>(), any::<usize>(), messy_text()), 0..4),
    )
        .prop_map(|(a, edits)| {
            let mut chars: Vec<char> = a.chars().collect();
            for (i, len, ins) in edits {
                let at = i % (chars.len() + 1);
                let end = (at + len % 4).min(chars.len());
                chars.splice(at..end, ins.chars().take(3));
            }
            (a, chars.into_iter().collect())
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_pairs_rebuild(a in messy_text(), b in messy_text()) {
        assert_script(&a, &b, &words(&a, &b))?;
    }

    #[test]
    fn token_edited_pairs_rebuild((a, b) in edited_pair()) {
        assert_script(&a, &b, &words(&a, &b))?;
    }

    #[test]
    fn char_edited_pairs_rebuild((a, b) in char_edited_pair()) {
        assert_script(&a, &b, &words(&a, &b))?;
    }

    #[test]
    fn fallback_rebuilds((a, b) in edited_pair()) {
        let r = words_with_budget(&a, &b, Duration::ZERO);
        assert_script(&a, &b, &r.segments)?;
    }

    #[test]
    fn identical_texts((a, _) in edited_pair(), m in messy_text()) {
        for t in [a, m] {
            let s = words(&t, &t);
            assert_script(&t, &t, &s)?;
            prop_assert_eq!(similarity(&s), 1.0);
            if t.is_empty() {
                prop_assert!(s.is_empty());
            } else {
                prop_assert_eq!(s, vec![Segment { op: Op::Equal, text: t.clone() }]);
            }
        }
    }

    #[test]
    fn one_side_empty(a in messy_text()) {
        prop_assume!(!a.is_empty());
        let del = words(&a, "");
        prop_assert_eq!(del, vec![Segment { op: Op::Delete, text: a.clone() }]);
        let ins = words("", &a);
        prop_assert_eq!(ins, vec![Segment { op: Op::Insert, text: a.clone() }]);
    }

    #[test]
    fn deterministic((a, b) in edited_pair()) {
        prop_assert_eq!(words(&a, &b), words(&a, &b));
    }
}
