//! The benchmark's yardstick, in a binary of its own: quick-xml's bare pull
//! pass over the bytes on stdin, timed.
//!
//! Why a separate binary: run inside xtask, the same pass took 24 ms on the
//! generated convention in one build and 28–29 ms in the next, though only
//! the reader's code had changed. Where the linker put the pass moved with
//! the reader's code. Here the code around the pass never changes with the
//! reader, so the yardstick holds still while the reader moves.
//!
//! Usage: `yardstick RUNS < FILE`. Prints one line: the events, the bytes in
//! text events, then the best time in nanoseconds of the bare pass and of
//! the pass that also walks every attribute, each over RUNS timed runs
//! after one untimed one.

use std::hint::black_box;
use std::io::Read;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use quick_xml::events::Event;
use quick_xml::Reader;

fn main() -> ExitCode {
    match run() {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("yardstick: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<String, String> {
    let mut args = std::env::args().skip(1);
    let runs: usize = match (args.next(), args.next()) {
        (Some(n), None) => n
            .parse()
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| format!("RUNS must be a positive number, not {n:?}"))?,
        _ => return Err("usage: yardstick RUNS < FILE".into()),
    };
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read stdin: {e}"))?;
    // The untimed run: warms the caches and counts.
    let (events, text_bytes) = bare_pass(&bytes)?;
    attribute_pass(&bytes)?;
    let (mut bare, mut attrs) = (Duration::MAX, Duration::MAX);
    for _ in 0..runs {
        let t = Instant::now();
        black_box(bare_pass(black_box(&bytes))?);
        bare = bare.min(t.elapsed());
        let t = Instant::now();
        black_box(attribute_pass(black_box(&bytes))?);
        attrs = attrs.min(t.elapsed());
    }
    Ok(format!(
        "{events} {text_bytes} {} {}",
        bare.as_nanos(),
        attrs.as_nanos()
    ))
}

/// The yardstick: quick-xml's pull parser over the bytes, events read and
/// dropped, with the same UTF-8 check the reader makes first. Returns the
/// number of events and of bytes in text events.
fn bare_pass(bytes: &[u8]) -> Result<(usize, usize), String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let (mut events, mut text_bytes) = (0usize, 0usize);
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Text(t)) => {
                text_bytes += t.len();
                events += 1;
            }
            Ok(e) => {
                black_box(&e);
                events += 1;
            }
            Err(e) => return Err(format!("quick-xml: {e}")),
        }
    }
    Ok((events, text_bytes))
}

/// A second, stricter yardstick: the bare pass plus a walk over every
/// attribute of every start tag, which the bare pass never parses. The
/// reader must at least do this much; it tells how much of the gap to the
/// bare pass is inherent.
fn attribute_pass(bytes: &[u8]) -> Result<usize, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut seen = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e) | Event::Empty(e)) => {
                for a in e.attributes() {
                    let a = a.map_err(|e| format!("quick-xml: {e}"))?;
                    seen += a.key.as_ref().len() + a.value.len();
                }
            }
            Ok(e) => {
                black_box(&e);
            }
            Err(e) => return Err(format!("quick-xml: {e}")),
        }
    }
    Ok(seen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_pass_counts_text() {
        let (events, text) = bare_pass(b"<a>hello<b/> world</a>").expect("parses");
        assert_eq!(events, 5);
        assert_eq!(text, "hello".len() + " world".len());
    }

    #[test]
    fn attribute_pass_sees_every_attribute() {
        let seen = attribute_pass(br#"<a x="12"><b yz="3"/></a>"#).expect("parses");
        assert_eq!(seen, "x12".len() + "yz3".len());
    }

    #[test]
    fn junk_is_an_error() {
        assert!(bare_pass(b"<a></b>").is_err());
        assert!(bare_pass(&[0xff, 0xfe]).is_err());
    }
}
