//! The diff benchmark: the whole pipeline on two versions, stage by stage
//! (read both, `align`, `compare`), with the peak memory of the whole, and
//! the aligner scored against the generator's ground truth.
//!
//! Inputs: a generated pair (`generate::convention_pair_with_truth`, 5,000
//! articles by default, about 20 MB a version, 5% of provisions reworded,
//! inserted, deleted or moved, everything after a change renumbered) and the
//! two real versions of the UK Data Protection and Digital Information Bill
//! (1.7 and 1.9 MB).

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use redline::akn::{Document, ProvisionId};
use redline::align::Alignment;

use super::{measure_memory, take_stage_peak};
use crate::generate::{self, Fate};

/// What became of one provision: its fate, its eId in the old version and
/// in the new one (as `generate::Pair::truth` gives it).
type TruthRow = (Fate, Option<String>, Option<String>);

/// One pair of versions to diff.
pub struct DiffInput {
    pub name: String,
    old: Vec<u8>,
    new: Vec<u8>,
    /// For a generated pair: the fate of every provision (fate, old eId,
    /// new eId), to score the alignment against.
    truth: Option<Vec<TruthRow>>,
    goal: Goal,
}

#[derive(Clone, Copy)]
struct Goal {
    total: Duration,
    /// Whole footprint: both inputs' bytes plus the most extra memory held.
    peak: Option<usize>,
}

/// From issue #3 item 5.
const GENERATED_GOAL: Goal = Goal {
    total: Duration::from_secs(2),
    peak: Some(1_000_000_000),
};
const UK_GOAL: Goal = Goal {
    total: Duration::from_millis(300),
    peak: None,
};

const UK_OLD: &str =
    "uk-parliament-lawmaker/bills/Data Protection and Digital Information Bill - commons introduced.xml";
const UK_NEW: &str =
    "uk-parliament-lawmaker/bills/Data Protection and Digital Information Bill - commons committee.xml";

pub fn inputs(
    corpus: Option<&Path>,
    articles: usize,
    seed: u64,
    change_rate: f64,
    only: Option<&str>,
) -> Vec<DiffInput> {
    let wanted = |name: &str| only.is_none_or(|o| name.contains(o));
    let mut out = Vec::new();
    let name = format!(
        "diff: generated pair, {articles} articles, {:.0}% changed (seed {seed})",
        change_rate * 100.0
    );
    if wanted(&name) {
        eprintln!("generating the pair ({articles} articles)...");
        let pair = generate::convention_pair_with_truth(articles, seed, change_rate);
        // Kept on disk for profiling the same bytes by hand
        // (`redline diff OLD NEW`).
        let dir = crate::workspace_root().join("target/xtask");
        let stem = format!("pair-{articles}-seed{seed}");
        if std::fs::create_dir_all(&dir).is_ok()
            && std::fs::write(dir.join(format!("{stem}-old.xml")), &pair.old).is_ok()
            && std::fs::write(dir.join(format!("{stem}-new.xml")), &pair.new).is_ok()
        {
            println!(
                "generated pair written to {}",
                dir.join(format!("{stem}-{{old,new}}.xml")).display()
            );
        }
        out.push(DiffInput {
            name,
            old: pair.old.into_bytes(),
            new: pair.new.into_bytes(),
            truth: Some(pair.truth),
            goal: GENERATED_GOAL,
        });
    }
    let name = "diff: Data Protection and Digital Information Bill, introduced -> committee";
    if let Some(corpus) = corpus.filter(|_| wanted(name)) {
        match (
            std::fs::read(corpus.join(UK_OLD)),
            std::fs::read(corpus.join(UK_NEW)),
        ) {
            (Ok(old), Ok(new)) => out.push(DiffInput {
                name: name.to_string(),
                old,
                new,
                truth: None,
                goal: UK_GOAL,
            }),
            (Err(e), _) | (_, Err(e)) => println!("note: skipping the UK bill pair: {e}"),
        }
    }
    out
}

/// The aligner against the generator's truth.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Score {
    /// Provisions present in both versions, by the truth.
    pub truth_pairs: usize,
    /// Pairs the aligner made that touch a provision the truth knows.
    pub judged: usize,
    /// ... of which the truth has them paired so.
    pub correct: usize,
    pub inserted: usize,
    pub inserted_found: usize,
    /// Provisions the aligner called inserted that the truth has in both.
    pub inserted_wrong: usize,
    pub deleted: usize,
    pub deleted_found: usize,
    pub deleted_wrong: usize,
    pub moved: usize,
    /// Moved provisions paired with their true counterpart...
    pub moved_paired: usize,
    /// ... and marked as moved.
    pub moved_flagged: usize,
}

impl Score {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.judged)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.truth_pairs)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

fn eid_index(doc: &Document) -> HashMap<&str, ProvisionId> {
    doc.iter()
        .filter_map(|(id, p)| p.ids.eid.as_deref().map(|e| (e, id)))
        .collect()
}

/// Scores an alignment against `(fate, old eId, new eId)` rows. Provisions
/// the truth does not name (containers such as lists, the preface, the
/// subdivisions of an inserted article) are judged through the other side
/// of a pair, or not at all.
pub fn score(
    old: &Document,
    new: &Document,
    alignment: &Alignment,
    truth: &[TruthRow],
) -> Result<Score, String> {
    let (old_ids, new_ids) = (eid_index(old), eid_index(new));
    let find = |ids: &HashMap<&str, ProvisionId>, eid: &Option<String>, side: &str| {
        eid.as_deref()
            .map(|e| {
                ids.get(e)
                    .copied()
                    .ok_or_else(|| format!("the truth's {side} eId {e} is not in the document"))
            })
            .transpose()
    };
    // Old provision -> its true new counterpart (None: deleted); and the
    // other way round.
    let mut old_truth: HashMap<ProvisionId, Option<ProvisionId>> = HashMap::new();
    let mut new_truth: HashMap<ProvisionId, Option<ProvisionId>> = HashMap::new();
    let mut s = Score::default();
    let mut moved: Vec<(ProvisionId, ProvisionId)> = Vec::new();
    for (fate, o, n) in truth {
        let o = find(&old_ids, o, "old")?;
        let n = find(&new_ids, n, "new")?;
        if let Some(o) = o {
            old_truth.insert(o, n);
        }
        if let Some(n) = n {
            new_truth.insert(n, o);
        }
        match (o, n) {
            (Some(o), Some(n)) => {
                s.truth_pairs += 1;
                if *fate == Fate::Moved {
                    moved.push((o, n));
                }
            }
            (Some(_), None) => s.deleted += 1,
            (None, Some(_)) => s.inserted += 1,
            (None, None) => {}
        }
    }
    let mut made: HashMap<ProvisionId, (ProvisionId, bool)> = HashMap::new();
    for p in &alignment.pairs {
        made.insert(p.old, (p.new, p.moved.is_some()));
        if old_truth.contains_key(&p.old) || new_truth.contains_key(&p.new) {
            s.judged += 1;
            if old_truth.get(&p.old) == Some(&Some(p.new)) {
                s.correct += 1;
            }
        }
    }
    for (o, n) in moved {
        s.moved += 1;
        if let Some(&(m, flagged)) = made.get(&o) {
            if m == n {
                s.moved_paired += 1;
                s.moved_flagged += usize::from(flagged);
            }
        }
    }
    let inserted: HashSet<ProvisionId> = alignment.inserted.iter().copied().collect();
    let deleted: HashSet<ProvisionId> = alignment.deleted.iter().copied().collect();
    for (&n, o) in &new_truth {
        match (o, inserted.contains(&n)) {
            (None, true) => s.inserted_found += 1,
            (Some(_), true) => s.inserted_wrong += 1,
            _ => {}
        }
    }
    for (&o, n) in &old_truth {
        match (n, deleted.contains(&o)) {
            (None, true) => s.deleted_found += 1,
            (Some(_), true) => s.deleted_wrong += 1,
            _ => {}
        }
    }
    Ok(s)
}

pub struct DiffRow {
    pub name: String,
    old_size: usize,
    new_size: usize,
    old_provisions: usize,
    new_provisions: usize,
    pairs: usize,
    changes: usize,
    read: Duration,
    align: Duration,
    compare: Duration,
    /// Best whole run (not the sum of the best stages).
    total: Duration,
    total_median: Duration,
    /// Most extra memory held during each stage, counting what earlier
    /// stages still hold.
    peak_read: usize,
    peak_align: usize,
    peak_compare: usize,
    /// Against the truth: the alignment as is, and with ids stripped.
    score: Option<(Score, Score)>,
    goal: Goal,
}

impl DiffRow {
    fn peak_extra(&self) -> usize {
        self.peak_read.max(self.peak_align).max(self.peak_compare)
    }
    /// The whole footprint: both inputs plus the most extra memory held.
    pub fn peak(&self) -> usize {
        self.old_size + self.new_size + self.peak_extra()
    }
    pub fn meets_time(&self) -> bool {
        self.total < self.goal.total
    }
    pub fn meets_peak(&self) -> bool {
        self.goal.peak.is_none_or(|limit| self.peak() < limit)
    }
}

type Pipeline = (Document, Document, Alignment, redline::compare::Comparison);

/// One run of the pipeline: its results, each stage's time and (inside a
/// `measure_memory` window) each stage's peak.
/// The reader takes over the files' bytes, as `redline::akn::read` does;
/// the caller copies them before any clock or memory window starts.
fn pipeline(
    (old_bytes, new_bytes): (Vec<u8>, Vec<u8>),
) -> Result<(Pipeline, [Duration; 3], [usize; 3]), String> {
    let t = Instant::now();
    let old = redline::akn::read_owned(old_bytes, "old.xml").map_err(|e| e.to_string())?;
    let new = redline::akn::read_owned(new_bytes, "new.xml").map_err(|e| e.to_string())?;
    let t_read = t.elapsed();
    let peak_read = take_stage_peak();
    let t = Instant::now();
    let alignment = redline::align::align(&old, &new);
    let t_align = t.elapsed();
    let peak_align = take_stage_peak();
    let t = Instant::now();
    let comparison = redline::compare::compare(&old, &new, &alignment);
    let t_compare = t.elapsed();
    let peak_compare = take_stage_peak();
    Ok((
        (old, new, alignment, comparison),
        [t_read, t_align, t_compare],
        [peak_read, peak_align, peak_compare],
    ))
}

pub fn measure(input: &DiffInput, runs: usize) -> Result<DiffRow, String> {
    // The first run is the one whose memory is counted; it also warms the
    // caches and the allocator.
    let bytes = (input.old.clone(), input.new.clone());
    let (out, _, _) = measure_memory(move || pipeline(bytes));
    let ((old, new, alignment, comparison), _, peaks) =
        out.map_err(|e| format!("{}: {e}", input.name))?;
    let [peak_read, peak_align, peak_compare] = peaks;
    let score = match &input.truth {
        Some(truth) => {
            let as_is = score(&old, &new, &alignment, truth)?;
            // Again by content alone: every identifier stripped (the
            // provisions keep their places, so the truth still applies).
            let strip = |d: &Document| {
                let mut d = d.clone();
                for p in &mut d.provisions {
                    p.ids = Default::default();
                }
                d
            };
            let id_free = redline::align::align(&strip(&old), &strip(&new));
            Some((as_is, score(&old, &new, &id_free, truth)?))
        }
        None => None,
    };
    let (old_provisions, new_provisions) = (old.provisions.len(), new.provisions.len());
    let (pairs, changes) = (alignment.pairs.len(), comparison.changes.len());
    drop((old, new, alignment, comparison));

    let mut stages: Vec<[Duration; 3]> = Vec::with_capacity(runs);
    let mut totals = Vec::with_capacity(runs);
    for _ in 0..runs {
        let bytes = (input.old.clone(), input.new.clone());
        let (out, times, _) = black_box(pipeline(bytes)?);
        // Dropping the results is no part of the pipeline.
        drop(out);
        stages.push(times);
        totals.push(times.iter().sum::<Duration>());
    }
    totals.sort();
    let best = |i: usize| stages.iter().map(|t| t[i]).min().unwrap_or_default();
    Ok(DiffRow {
        name: input.name.clone(),
        old_size: input.old.len(),
        new_size: input.new.len(),
        old_provisions,
        new_provisions,
        pairs,
        changes,
        read: best(0),
        align: best(1),
        compare: best(2),
        total: totals[0],
        total_median: totals[runs / 2],
        peak_read,
        peak_align,
        peak_compare,
        score,
        goal: input.goal,
    })
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

pub fn section(rows: &[DiffRow], runs: usize) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "| pair | size (MB) | provisions | pairs | changes | read both (ms) | align (ms) | compare (ms) | total (ms) | goal | peak (MB): read / align / compare | peak footprint (MB) |"
    );
    let _ = writeln!(t, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--|--:|--:|");
    for r in rows {
        let mark = |ok: bool| if ok { "" } else { " ✗" };
        let goal = match r.goal.peak {
            Some(p) => format!("< {:.0} ms, < {:.0} MB", ms(r.goal.total), mb(p)),
            None => format!("< {:.0} ms", ms(r.goal.total)),
        };
        let _ = writeln!(
            t,
            "| {} | {:.2} + {:.2} | {} / {} | {} | {} | {:.0} | {:.0} | {:.0} | {:.0} (median {:.0}){} | {goal} | {:.0} / {:.0} / {:.0} | {:.0}{} |",
            r.name.trim_start_matches("diff: "),
            mb(r.old_size),
            mb(r.new_size),
            r.old_provisions,
            r.new_provisions,
            r.pairs,
            r.changes,
            ms(r.read),
            ms(r.align),
            ms(r.compare),
            ms(r.total),
            ms(r.total_median),
            mark(r.meets_time()),
            mb(r.peak_read),
            mb(r.peak_align),
            mb(r.peak_compare),
            mb(r.peak()),
            mark(r.meets_peak()),
        );
    }
    let _ = writeln!(
        t,
        "\nBest of {runs} runs of the whole pipeline (`read_owned` twice, on copies of the bytes made before the clock starts; `align`, `compare`, which includes the word diffs and the effect classifier); \
         each stage's column is its own best, the total the best whole run. ✗ marks a missed goal. \
         Peak per stage: the most extra memory held during the stage, counting what earlier stages still hold. \
         Peak footprint: both files' bytes plus the largest of those."
    );
    if let Some(scores) = scores_section(rows) {
        let _ = write!(t, "\n{scores}");
    }
    let _ = writeln!(t);
    for r in rows {
        let name = r.name.trim_start_matches("diff: ");
        let verdict = match (r.meets_time(), r.meets_peak()) {
            (true, true) => "met".to_string(),
            (false, true) => format!(
                "**missed**: {:.0} ms against {:.0} ms; slowest stage: {}",
                ms(r.total),
                ms(r.goal.total),
                r.slowest()
            ),
            (true, false) => format!("**missed** on memory: {:.0} MB", mb(r.peak())),
            (false, false) => format!(
                "**missed** on time ({:.0} ms, slowest stage: {}) and memory ({:.0} MB)",
                ms(r.total),
                r.slowest(),
                mb(r.peak())
            ),
        };
        let _ = writeln!(t, "- {name}: {verdict}.");
    }
    t
}

/// The aligner's scores against the generator's truth, if a generated
/// pair was measured.
pub fn scores_section(rows: &[DiffRow]) -> Option<String> {
    let mut t = String::new();
    for r in rows {
        let Some((as_is, id_free)) = &r.score else {
            continue;
        };
        let _ = writeln!(
            t,
            "Alignment against the generator's truth ({}):\n",
            r.name.trim_start_matches("diff: ")
        );
        let _ = writeln!(t, "{}", score_table(as_is, id_free));
    }
    (!t.is_empty()).then_some(t)
}

/// The two scores side by side.
pub fn score_table(as_is: &Score, id_free: &Score) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "| | pairs judged | right | precision | recall | inserted found | wrongly inserted | deleted found | wrongly deleted | moved paired right | of those marked moved |"
    );
    let _ = writeln!(t, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    for (name, s) in [
        ("eIds as generated (positional)", as_is),
        ("every id stripped", id_free),
    ] {
        let _ = writeln!(
            t,
            "| {name} | {} | {} | {:.2}% | {:.2}% | {} of {} | {} | {} of {} | {} | {} of {} | {} |",
            s.judged,
            s.correct,
            s.precision() * 100.0,
            s.recall() * 100.0,
            s.inserted_found,
            s.inserted,
            s.inserted_wrong,
            s.deleted_found,
            s.deleted,
            s.deleted_wrong,
            s.moved_paired,
            s.moved,
            s.moved_flagged,
        );
    }
    let _ = write!(
        t,
        "\nRecall: of the {} provisions present in both versions, the share paired with their true counterpart. \
         Precision: of the aligner's pairs that touch a provision the truth names, the share that are right. \
         Inserted and deleted count the provisions the generator inserted or deleted (an inserted article counts once, \
         not its paragraphs); wrongly inserted or deleted: provisions present in both versions that the aligner left unpaired.",
        as_is.truth_pairs
    );
    t
}

impl DiffRow {
    fn slowest(&self) -> &'static str {
        let stages = [
            (self.read, "read"),
            (self.align, "align"),
            (self.compare, "compare"),
        ];
        stages
            .iter()
            .max_by_key(|(d, _)| *d)
            .map_or("?", |(_, n)| *n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_perfect_alignment_scores_one() {
        let pair = generate::convention_pair_with_truth(12, 3, 0.2);
        let old = redline::akn::read_bytes(pair.old.as_bytes(), "old").expect("old");
        let new = redline::akn::read_bytes(pair.new.as_bytes(), "new").expect("new");
        // The truth itself, as an alignment.
        let mut a = Alignment::default();
        for (_, o, n) in &pair.truth {
            match (o, n) {
                (Some(o), Some(n)) => a.pairs.push(redline::align::Pair {
                    old: old.by_eid(o).expect("old eId"),
                    new: new.by_eid(n).expect("new eId"),
                    signal: redline::align::Signal::Eid,
                    score: 1.0,
                    renumbered: false,
                    moved: None,
                }),
                (Some(o), None) => a.deleted.push(old.by_eid(o).expect("old eId")),
                (None, Some(n)) => a.inserted.push(new.by_eid(n).expect("new eId")),
                (None, None) => {}
            }
        }
        let s = score(&old, &new, &a, &pair.truth).expect("scores");
        assert!(s.truth_pairs > 0);
        assert_eq!(s.correct, s.truth_pairs);
        assert_eq!(s.judged, s.truth_pairs);
        assert_eq!((s.inserted_found, s.deleted_found), (s.inserted, s.deleted));
        // One pair dropped: recall falls, precision does not.
        a.pairs.pop();
        let s = score(&old, &new, &a, &pair.truth).expect("scores");
        assert_eq!(s.correct + 1, s.truth_pairs);
        assert!((s.precision() - 1.0).abs() < 1e-12);
    }
}
