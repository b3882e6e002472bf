//! The JSON contract on every pair of successive versions in the corpus:
//! read -> align -> compare -> `serde_json::to_value`, validated against
//! `../shared/schema/comparison.schema.json`, plus the invariants the schema
//! states in words and cannot check itself:
//!
//! * on every change, the equal and delete segments rebuild the old
//!   clauses' texts joined by "\n", the equal and insert segments the new;
//! * the alignment accounts for every provision once: each old provision is
//!   the old side of a pair, deleted, or a secondary part of a merge; each
//!   new one the new side of a pair, inserted, or a secondary part of a
//!   split;
//! * the JSON lists every aligned pair;
//! * where only metadata differ (the LegalDocML.de expression sets), there
//!   is no change at all.
//!
//! The pairs are listed by hand from the file names, as each corpus
//! folder's PROVENANCE.md describes its series: a chain `a > b > c` is the
//! pairs a->b and b->c. Renderings (`*_expected.xml`, `*compare2Way*`,
//! `*compare3Way*`, `compare__*`) are never inputs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use redline::akn::Document;
use redline::align::Alignment;
use serde_json::Value;

use super::{files_with_ext, Checks};

/// A family of pairs, reported on one line.
pub struct Family {
    pub name: String,
    pub pairs: Vec<(PathBuf, PathBuf)>,
    /// Only metadata differ between the versions: no change is allowed.
    pub no_changes: bool,
}

impl Family {
    fn new(name: &str) -> Family {
        Family {
            name: name.to_string(),
            pairs: Vec::new(),
            no_changes: false,
        }
    }

    /// Adds the consecutive pairs of each chain `a > b > c` (file names
    /// under `dir`, `.xml` implied).
    fn chains(mut self, dir: &Path, chains: &[&str]) -> Family {
        for chain in chains {
            let files: Vec<PathBuf> = chain
                .split('>')
                .map(|f| dir.join(format!("{}.xml", f.trim())))
                .collect();
            for w in files.windows(2) {
                self.pairs.push((w[0].clone(), w[1].clone()));
            }
        }
        self
    }
}

/// LEOS 3.2 compare series, by folder under `leos-ec-3.2`; several folders
/// may share a family name.
const LEOS32: &[(&str, &str, &[&str])] = &[
    (
        "LEOS 3.2 addDelete",
        "compare/addDelete/cn",
        &[
            "addDelete__v0_twoArticles_start > addDelete__v1_addNewArticle > addDelete__v2_addPoint > addDelete__v3_addSecondPoint > addDelete__v4_updateContents > addDelete__v5_deleteSecondPoint > addDelete__v6_deleteArticle",
            "deleteLastPoint/v0_twoArticles > deleteLastPoint/v1_addArticleWith2Points > deleteLastPoint/addDeleteLastPoint__v2_deleteLastPoint",
            "v0_articleWithTable > v1_tableColumnContentChange",
            "v0_threeArticles > v1_addNewArticle > v2_addTwoNewArticle > v3_deleteNextArticle",
            "v1_addNewArticle > v2_addArticle_deleteNextArticle",
            "v0_fourArticles > v1_deleteTwoArticles > v2_addTwoNewArticles_after_deletedArticles",
            "v0_fourArticles > v1_addNewArticle_Before",
            "v0_fourArticles > v4_deleteBeforeArticle_addArticleAfter",
            "article_v1 > article_v1_addParagraph_v2",
            "article_addArticles_v1 > article_v1_addArticles_deleteArticles_v2",
            "article_v1_addArticles_v2_deleteArticles_simple_1 > article_v1_addArticles_v2_deleteArticles_simple_2",
            "article_v0 > article_movedList_deletedPoint_deletedParagraph_v1",
        ],
    ),
    (
        "LEOS 3.2 addDelete",
        "compare/addDelete/ec",
        &[
            "addDelete__v0_twoArticles_start > addDelete__v1_addNewArticle > addDelete__v2_addPoint > addDelete__v3_addSecondPoint > addDelete__v4_updateContents > addDelete__v5_deleteSecondPoint > addDelete__v6_deleteArticle",
            "addDelete__v0_twoArticles_start > addDelete__v1_addParagraph",
            "addDelete__v0_twoArticles_start > addDelete__v1_deleteThanAddNewArticleInDifferentPosition",
            "addDelete__v0_twoArticles_start > addDelete__v1_deleteThanAddNewArticleInSamePosition",
            "addDelete__v0_citations_start > addDelete__v0_citations_v1_removeCitationWithAuthorialNote",
            "addDelete__full_v0 > addDelete__full_v1",
            "addDelete__stressTest_v0_25Articles > addDelete__stressTest_v0_25Articles_v1_addNewArticle",
            "addDelete__stressTest_v0_60Articles > addDelete__stressTest_v0_60Articles_v1_addNewArticle",
        ],
    ),
    (
        "LEOS 3.2 addDelete",
        "compare/addDelete/ls",
        &[
            "cloneProposal__addArticle_v0 > cloneProposal__addArticle_v1",
            "cloneProposal__article_v0 > cloneProposal__articleContentChanged_v1",
            "cloneProposal__article_with_paragraphs_v0 > cloneProposal__article_with_added_and_deleted_paragraph_v1",
            "cloneProposal__article_with_three_paragraphs_v0 > cloneProposal__article_with_added_deleted_paragraphs_v1",
            "cloneProposal__article_with_paragraphs_v1 > cloneProposal__article_with_deleted_paragraph_v2",
            "cloneProposal__article_with_paragraphs_and_points_v1 > cloneProposal__article_with_paragraph_and_outdented_point_v2",
            "cloneProposal__article_with_points_and_paragraphs_v1 > cloneProposal__article_with_outdent_point_to_paragraph_v2",
            "cloneProposal__level_with_points_v1 > cloneProposal__level_with_outdented_point_v2",
            "cloneProposal__level_with_points_v1 > cloneProposal__level_with_outdented_point_with_attributes_v2",
            "cloneProposal__level_with_points_v1 > cloneProposal__level_with_outdented_second_point_v2",
            "cloneProposal__level_with_points_v1 > cloneProposal__level_with_outdented_second_point_with_attributes_v2",
            "cloneProposal__level_with_four_points_v1 > cloneProposal__level_with_outdented_any_point_v2",
            "cloneProposal_billWithArticles_v0 > cloneProposal_deleteArticles_v1",
        ],
    ),
    (
        "LEOS 3.2 addDelete",
        "compare/addDelete",
        &[
            "article_with_paragraphs_v1 > article_with_deleted_paragraph_v2",
            "article_v1_addTextWithSpaces_v1 > article_v1_addTextWithSpaces_v2 > article_v1_addTextWithSpaces_v3",
            "v2_addNewTableRow > v3_deleteTableRow",
            "article_addPoint_indent_v1 > article_v1_addPoint_indent_deleteParagraph_v1",
            "article_removeParagraph_indent_v1 > article_v1_removeParagraph_indent_v1 > article_v1_removeParagraph_indent_removePoint_v1",
            "article_removePoint_indent_v1 > article_v1_removePoint_indent_removeChildPoint_v1",
            "article_v1_removeSubParagraph_indent_v1 > article_v1_removeSubParagraph_indent_removePoint_v1 > article_v1_removeSubParagraph_indent_removePoint_removeChildPoint_v1",
        ],
    ),
    (
        "LEOS 3.2 move",
        "compare/move",
        &[
            "backward/v0_articleWithThreeParagraphs > backward/v1_moveParagraphBackward > backward/v2_deleteParagraph",
            "bottom/move_btm__v0_twoArticles_start > bottom/move_btm__v1_moveArticle1OnBottom > bottom/move_btm__v2_deleteMovedArticle",
            "bottom/move_btm__v1_moveArticle1OnBottom > bottom/move_btm__v2_moveBack",
            "bottom/move_paragraph_v0 > bottom/move_paragraph_v1",
            "bottom/v0_oneEcParagraph > bottom/v1_addOneCnParagraphBelowAndOneAbove > bottom/v2_moveEcParagraphToBottom",
            "bottom/v0_oneEcParagraph > bottom/v1_addOneCnParagraphBelow_moveEcToBottom",
            "forward/v0_article_with_two_paragraphs > forward/v1_addedNewPara > forward/v2_movedParaForward",
            "point/bill_v0_Article_With_Para_And_Points > point/bill_v1_Article_With_Moved_Para_And_2_Points > point/bill_v2_Article_With_Moved_Para_And_Deleted_Last_Point",
            "point/bill_v1_Article_With_Multiple_Points > point/bill_v2_Article_With_Multiple_Points_Moved",
            "point/bill_v1_Article_With_Para_And_Points > point/bill_v2_Article_With_Moved_Two_Points > point/bill_v3_Article_With_Moved_Three_Points",
            "point/bill_v1_Article_With_Points > point/bill_v2_Article_With_Points_Moved",
            "top/move_top__v0_threeArticles_start > top/move_top__v1_moveArticle2OnTop > top/move_top__v2_deleteMovedArticle",
            "top/move_top__v1_moveArticle2OnTop > top/move_top__v2_moveBack",
            "top/move_top__v1_moveArticle2OnTop > top/move_top__v2_delete_paragraph1",
            "top/move_top__v1_moveArticle2OnTop > top/move_top__v2_delete_paragraph2 > top/move_top__v3_delete_paragraph3",
            "top/move_top__v1_moveArticle2withSubparaAndPointsOnTop > top/move_top__v2_deleteSubparagraph > top/move_top__v2_deleteSubparagraph_v3_deletePointWithChild",
            "transformed/v0_point_akn_art_phTLdP_Nv7XNK > transformed/v1_transformed_akn_art_phTLdP_Nv7XNK",
        ],
    ),
    (
        "LEOS 3.2 splitMerge",
        "compare/splitMerge",
        &[
            "splitMerge__v0_levelWithContent > splitMerge__v1_splitInTwoSubparagraphs > splitMerge__v2_mergeBack",
            "v1_movedArticle_With_Para_Points > v2_split_SubparaInTwo > v3_mergeBack_Subpara",
        ],
    ),
    (
        "LEOS 3.2 allAknContent",
        "compare/allAknContent",
        &[
            "v1_billWithMultipleChanges > v2_billWithMultipleChanges_deletedParagraph > v3_billWithMultipleChanges_updatedParagraph",
            "v1_Article6and7_noChanges > v2_Article6and7_point_moved_and_transformed_in_different_article",
        ],
    ),
    (
        "LEOS 3.2 transform, deleteAdd, authorialNote, mandate",
        "compare",
        &[
            "transform/bill_v0_Article_With_Para > transform/bill_v1_Article_With_Para_Added_Point > transform/bill_v2_Article_With_Para_Changed_Content > transform/bill_v3_Article_With_Para_Added_New_Point",
            "deleteAdd/deleteAdd__v0_recitals > deleteAdd/deleteAdd__v1_deletedLastRecital > deleteAdd/deleteAdd__v2_addAfterLast",
            "deleteAdd/deleteAdd__v1_deletedLastRecital > deleteAdd/deleteAdd__v2_addBeforeLast",
            "deleteAdd/v0_original_recital > deleteAdd/v1_edited_recital",
            "authorialNote/citation_withAuthorialNote > authorialNote/citation_withAuthorialNote_v1_updateContent > authorialNote/citation_withAuthorialNote_v2_updateContent",
            "authorialNote/citation_withAuthorialNote > authorialNote/deleted_citation_with_AuthorialNote",
            "authorialNote/recital_withAuthorialNote_v0 > authorialNote/recital_withAuthorialNote_v0_updateAuthorialNote_v1",
            "authorialNote/recital_withAuthorialNote_v0 > authorialNote/recital_withAuthorialNote_v0_updateContent_v1",
            "authorialNote/recital_withAuthorialNote_v0 > authorialNote/recital_withAuthorialNote_v0_updateContentAndAuthorialNote_v1 > authorialNote/recital_withAuthorialNote_v0_updateContentAndAuthorialNote_v2",
            "authorialNote/recital_v1 > authorialNote/recital_with_authorialNote_v2",
            "mandate/citation_3way_authorialnote_added_v0 > mandate/citation_3way_authorialnote_added_v1 > mandate/citation_3way_authorialnote_added_v2",
            "mandate/recital_3way_text_authorial_changed_v0 > mandate/recital_3way_text_authorial_changed_v1 > mandate/recital_3way_text_authorial_changed_v2",
        ],
    ),
    (
        "LEOS 3.2 indent/doubleCompare",
        "indent/doubleCompare",
        &[
            "original > indent_point_alinea_v1 > indent_point_alinea_v2",
            "original2 > doubleCompare_indent_outdent_v1 > doubleCompare_indent_outdent_v2",
            "doubleCompare_indent_restore_v1 > doubleCompare_indent_restore_v2",
            "doubleCompare_outdent_indent_cn_points_v1 > doubleCompare_outdent_indent_cn_points_v2 > doubleCompare_outdent_indent_cn_points_v3",
        ],
    ),
];

/// Whether a LEOS 3.2 file is a rendering of a comparison rather than a
/// version.
fn is_rendering(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.contains("expected")
        || lower.contains("compare2way")
        || lower.contains("compare3way")
        || lower.starts_with("compare__")
}

/// Every family of pairs. Files that do not exist are left in: reading
/// them fails the family, which is what a renamed corpus file should do.
pub fn families(corpus: &Path, root: &Path) -> Vec<Family> {
    let mut out = Vec::new();

    let bills = corpus.join("uk-parliament-lawmaker/bills");
    out.push(Family::new("UK Social Housing bill").chains(
        &bills,
        &[
            "Social Housing (Regulation) Bill - lords committee > Social Housing (Regulation) Bill - lords report > Social Housing (Regulation) Bill - commons brl > Social Housing (Regulation) Bill - commons committee",
            "Social Housing (Regulation) Bill - lords committee > Social Housing (Regulation) Bill - commons committee",
        ],
    ));
    out.push(Family::new("UK Data Protection bill").chains(
        &bills,
        &["Data Protection and Digital Information Bill - commons introduced > Data Protection and Digital Information Bill - commons committee"],
    ));
    let uk = corpus.join("uk-parliament-lawmaker");
    out.push(Family::new("UK amendment papers").chains(
        &uk,
        &[
            "amendment-papers/datapro_rm_rep_0721 > amendment-papers/datapro_rm_rep_0825",
            "amendment-papers/econactivity_rm_rep_0918 > amendment-papers/econactivity_rm_rep_0919",
            "amendment-papers/energy_rm_rep_0904 > amendment-papers/energy_day_rep_0905",
            "amendment-papers/victims_prisoners_rm_rep_0906 > amendment-papers/victims_prisoners_rm_rep_0908",
            "amendment-papers-LM_XML/digital_rm_rep_0721 > amendment-papers-LM_XML/digital_rm_rep_0825 > amendment-papers-LM_XML/digital_rm_rep_0906",
            "amendment-papers-LM_XML/digitalmarkets_rm_pbc_0705 > amendment-papers-LM_XML/digitalmarkets_rm_pbc_0706",
        ],
    ));

    // LEOS 3.2: folders sharing a family name make one family.
    let leos32 = corpus.join("leos-ec-3.2");
    for (name, dir, chains) in LEOS32 {
        let family = Family::new(name).chains(&leos32.join(dir), chains);
        match out.iter_mut().find(|f| f.name == *name) {
            Some(f) => f.pairs.extend(family.pairs),
            None => out.push(family),
        }
    }

    // LEOS 3.0 proposal mode: every output against the one input.
    let integration = corpus.join("leos-ec/integration");
    let input = integration.join("bill_ec_chapter_section_title_3Articles.xml");
    let mut proposal = Family::new("LEOS 3.0 proposal operations");
    for output in files_with_ext(&integration.join("proposal"), "xml") {
        if file_name(&output).ends_with("_output.xml") {
            proposal.pairs.push((input.clone(), output));
        }
    }
    out.push(proposal);
    // Mandate mode: `X_output.xml` against `X.xml` or `X_input.xml` beside
    // it, else against `integration/P.xml` for the prefix P before `__`
    // (bill_3Articles_movedArt3PointA_beforeArt1PointA__deleteArt1),
    // else against `integration/bill_3Articles.xml`.
    let mut mandate = Family::new("LEOS 3.0 mandate operations");
    for output in files_with_ext(&integration.join("mandate"), "xml") {
        let name = file_name(&output);
        let Some(stem) = name.strip_suffix("_output.xml") else {
            continue;
        };
        let dir = output.parent().unwrap_or(&integration);
        let prefix = stem.split("__").next().unwrap_or(stem);
        let input = [
            dir.join(format!("{stem}.xml")),
            dir.join(format!("{stem}_input.xml")),
            integration.join(format!("{prefix}.xml")),
        ]
        .into_iter()
        .find(|p| p.is_file())
        .unwrap_or_else(|| integration.join("bill_3Articles.xml"));
        mandate.pairs.push((input, output));
    }
    out.push(mandate);

    // LegalDocML.de: expressions and manifestations of one work whose
    // bodies are the same (or differ in whitespace only).
    let de = corpus.join("ris-norms-legaldocml-de");
    let verein = de.join("LegalDocML.de/1.8.2/fixtures/eli/bund/bgbl-1/1964/s593");
    let mut family = Family::new("LegalDocML.de Vereinsgesetz expressions").chains(
        &verein,
        &[
            "1964-08-05/1/deu/1964-08-05/regelungstext-verkuendung-1 > 1964-08-05/1/deu/2017-03-15/regelungstext-verkuendung-1 > 1964-08-05/1/deu/2999-12-31/regelungstext-verkuendung-1 > 2017-03-16/1/deu/2017-03-15/regelungstext-verkuendung-1",
        ],
    );
    family.no_changes = true;
    out.push(family);
    let mut family = Family::new("LegalDocML.de e2e R__012..016 (metadata only)").chains(
        &de.join("backend/src/main/resources/db/data/e2e"),
        &["R__012_bgbl-1_1964_654/regelungstext-verkuendung-1 > R__014_bgbl-1_1964_654_2017-01-01_1_deu/regelungstext-verkuendung-1 > R__015_bgbl-1_1964_654_2017-03-17_1_deu/regelungstext-verkuendung-1 > R__016_bgbl-1_1964_654_2017-05-01_1_deu/regelungstext-verkuendung-1"],
    );
    family.no_changes = true;
    out.push(family);
    out.push(
        Family::new("LegalDocML.de 07_01 (to be amended -> consolidated)").chains(
            &de.join("LegalDocML.de/1.7.1/samples"),
            &["07_01_zuaenderndesgesetz > 07_01_geaendertesGesetz_V1.2_konsolidierte_Fassung"],
        ),
    );

    // The bundled drafts, round after round.
    let mut drafts = Family::new("bundled drafts");
    let rounds = files_with_ext(&root.join("drafts/cybercrime-convention"), "xml");
    for w in rounds.windows(2) {
        drafts.pairs.push((w[0].clone(), w[1].clone()));
    }
    out.push(drafts);
    out
}

/// LEOS 3.2 version files that no family uses (renderings aside), for a
/// note: new corpus files should be placed in a series.
pub fn unpaired_leos32(corpus: &Path, families: &[Family]) -> Vec<String> {
    let base = corpus.join("leos-ec-3.2");
    let used: std::collections::HashSet<PathBuf> = families
        .iter()
        .flat_map(|f| f.pairs.iter().flat_map(|(a, b)| [a.clone(), b.clone()]))
        .collect();
    ["compare", "indent"]
        .iter()
        .flat_map(|d| files_with_ext(&base.join(d), "xml"))
        .filter(|p| !is_rendering(&file_name(p)) && !used.contains(p))
        .map(|p| p.strip_prefix(&base).unwrap_or(&p).display().to_string())
        .collect()
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// What one family came to.
#[derive(Default)]
struct Tally {
    pairs: usize,
    provisions: usize,
    changes: usize,
    by_kind: HashMap<&'static str, usize>,
}

/// Runs every family through the pipeline and the checks; one line each.
pub fn check(corpus: &Path, root: &Path, schema: &Path, checks: &mut Checks) {
    let validator = match std::fs::read(schema)
        .map_err(|e| format!("cannot read {}: {e}", schema.display()))
        .and_then(|b| serde_json::from_slice::<Value>(&b).map_err(|e| e.to_string()))
        .and_then(|v| jsonschema::validator_for(&v).map_err(|e| e.to_string()))
    {
        Ok(v) => v,
        Err(e) => {
            checks.check("JSON contract", Err(format!("the schema: {e}")));
            return;
        }
    };
    let families = families(corpus, root);
    let shown = |p: &Path| -> String {
        p.strip_prefix(corpus)
            .or_else(|_| p.strip_prefix(root))
            .unwrap_or(p)
            .display()
            .to_string()
    };
    for family in &families {
        let mut tally = Tally::default();
        let mut failures: Vec<String> = Vec::new();
        // Versions used by several pairs are read once.
        let mut docs: HashMap<PathBuf, Document> = HashMap::new();
        for (old, new) in &family.pairs {
            for path in [old, new] {
                if !docs.contains_key(path) {
                    match redline::akn::read(path) {
                        Ok(d) => {
                            docs.insert(path.clone(), d);
                        }
                        Err(e) => failures.push(format!("{}: {e}", shown(path))),
                    }
                }
            }
            let (Some(o), Some(n)) = (docs.get(old), docs.get(new)) else {
                continue;
            };
            let errors = check_pair(&validator, o, n, family.no_changes, &mut tally);
            if !errors.is_empty() {
                failures.push(format!(
                    "{} -> {}: {}",
                    shown(old),
                    shown(new),
                    errors.join("; ")
                ));
            }
        }
        let name = format!("JSON contract, {}", family.name);
        let result = if family.pairs.is_empty() {
            Err("no pairs found".to_string())
        } else if failures.is_empty() {
            let mut kinds: Vec<_> = tally.by_kind.iter().collect();
            kinds.sort();
            let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
            Ok(format!(
                "{} pair{}, {} provisions, {} changes{}{}; schema-valid, diffs rebuild, every provision accounted for once",
                tally.pairs,
                if tally.pairs == 1 { "" } else { "s" },
                tally.provisions,
                tally.changes,
                if kinds.is_empty() { String::new() } else { format!(" ({})", kinds.join(", ")) },
                if family.no_changes { ", none expected" } else { "" },
            ))
        } else {
            let n = failures.len();
            failures.truncate(3);
            Err(format!(
                "{n} of {} pairs fail; first: {}",
                family.pairs.len(),
                failures.join(" | ")
            ))
        };
        checks.check(&name, result);
    }
    let unpaired = unpaired_leos32(corpus, &families);
    if !unpaired.is_empty() {
        println!(
            "note  {} LEOS 3.2 version file(s) in no pair: {}",
            unpaired.len(),
            unpaired.join(", ")
        );
    }
}

/// The pipeline and every check on one pair; the errors found (the first
/// few of each kind).
fn check_pair(
    validator: &jsonschema::Validator,
    old: &Document,
    new: &Document,
    no_changes: bool,
    tally: &mut Tally,
) -> Vec<String> {
    const MAX: usize = 3;
    let alignment = redline::align::align(old, new);
    let mut errors = accounting(old, new, &alignment);
    errors.truncate(MAX);
    let comparison = redline::compare::compare(old, new, &alignment);
    tally.pairs += 1;
    tally.provisions += old.provisions.len() + new.provisions.len();
    tally.changes += comparison.changes.len();
    for c in &comparison.changes {
        *tally.by_kind.entry(c.kind.as_str()).or_insert(0) += 1;
    }
    let value = match serde_json::to_value(&comparison) {
        Ok(v) => v,
        Err(e) => {
            errors.push(format!("does not serialise: {e}"));
            return errors;
        }
    };
    errors.extend(
        validator
            .iter_errors(&value)
            .take(MAX)
            .map(|e| format!("schema: {e} at {}", e.instance_path())),
    );
    errors.extend(rebuild_errors(&value).into_iter().take(MAX));
    let listed = value["alignment"].as_array().map_or(0, Vec::len);
    if listed != alignment.pairs.len() {
        errors.push(format!(
            "the JSON lists {listed} aligned pairs, the alignment has {}",
            alignment.pairs.len()
        ));
    }
    if no_changes
        && (!comparison.changes.is_empty()
            || !alignment.inserted.is_empty()
            || !alignment.deleted.is_empty())
    {
        let first: Vec<String> = comparison
            .changes
            .iter()
            .take(MAX)
            .map(|c| format!("{} {}", c.kind.as_str(), c.id))
            .collect();
        errors.push(format!(
            "only metadata differ, yet {} changes ({}), {} inserted, {} deleted",
            comparison.changes.len(),
            first.join(", "),
            alignment.inserted.len(),
            alignment.deleted.len()
        ));
    }
    errors
}

/// Every provision of each side in exactly one place of the alignment.
pub fn accounting(old: &Document, new: &Document, a: &Alignment) -> Vec<String> {
    let mut seen_old = vec![0usize; old.provisions.len()];
    let mut seen_new = vec![0usize; new.provisions.len()];
    let mut errors = Vec::new();
    let mut note = |seen: &mut Vec<usize>, id: usize, side: &str| match seen.get_mut(id) {
        Some(n) => *n += 1,
        None => errors.push(format!("{side} provision {id} is out of range")),
    };
    for p in &a.pairs {
        note(&mut seen_old, p.old, "old");
        note(&mut seen_new, p.new, "new");
    }
    for &o in &a.deleted {
        note(&mut seen_old, o, "old");
    }
    for &n in &a.inserted {
        note(&mut seen_new, n, "new");
    }
    for m in &a.merges {
        for &o in m.old.iter().skip(1) {
            note(&mut seen_old, o, "old");
        }
    }
    for s in &a.splits {
        for &n in s.new.iter().skip(1) {
            note(&mut seen_new, n, "new");
        }
    }
    for (side, seen, doc) in [("old", &seen_old, old), ("new", &seen_new, new)] {
        for (id, &n) in seen.iter().enumerate() {
            if n != 1 {
                errors.push(format!(
                    "{side} {} is accounted for {n} times",
                    doc.provisions[id].label
                ));
            }
        }
    }
    errors
}

/// The schema's rule on every change, read off the JSON itself: the equal
/// and delete segments give the old clauses' texts joined by "\n", the
/// equal and insert segments the new ones'.
fn rebuild_errors(value: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    let empty = Vec::new();
    for change in value["changes"].as_array().unwrap_or(&empty) {
        let side = |key: &str| -> String {
            change[key]
                .as_array()
                .unwrap_or(&empty)
                .iter()
                .map(|c| c["text"].as_str().unwrap_or_default())
                .collect::<Vec<_>>()
                .join("\n")
        };
        let rebuilt = |skip: &str| -> String {
            change["diff"]
                .as_array()
                .unwrap_or(&empty)
                .iter()
                .filter(|s| s["op"] != skip)
                .map(|s| s["text"].as_str().unwrap_or_default())
                .collect()
        };
        let id = change["id"].as_str().unwrap_or("?");
        if rebuilt("insert") != side("old") {
            errors.push(format!(
                "change {id}: equal + delete segments do not rebuild the old text"
            ));
        }
        if rebuilt("delete") != side("new") {
            errors.push(format!(
                "change {id}: equal + insert segments do not rebuild the new text"
            ));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renderings_are_not_versions() {
        assert!(is_rendering(
            "v1_addArticle_v2_addPoint__compare2Way__v1_v2_expected.xml"
        ));
        assert!(is_rendering(
            "compare__v0_twoArticles__v1_moveArticleOnBottom.xml"
        ));
        assert!(is_rendering("move_paragraph_compare2Way_v0_v1.xml"));
        assert!(!is_rendering("addDelete__v1_addNewArticle.xml"));
    }

    #[test]
    fn chains_give_consecutive_pairs() {
        let f = Family::new("x").chains(Path::new("d"), &["a > b > c", "a > d"]);
        let names: Vec<(String, String)> = f
            .pairs
            .iter()
            .map(|(a, b)| (file_name(a), file_name(b)))
            .collect();
        assert_eq!(
            names,
            [("a", "b"), ("b", "c"), ("a", "d")]
                .map(|(a, b)| (format!("{a}.xml"), format!("{b}.xml")))
        );
    }

    #[test]
    fn accounting_catches_a_provision_twice_or_never() {
        let text = crate::generate::convention(3, 1);
        let doc = redline::akn::read_bytes(text.as_bytes(), "x").expect("reads");
        let mut a = redline::align::align(&doc, &doc);
        assert!(accounting(&doc, &doc, &a).is_empty());
        let first = a.pairs[0].clone();
        a.deleted.push(first.old);
        a.pairs.remove(0);
        // The old side is still once (now deleted); the new side never.
        assert_eq!(accounting(&doc, &doc, &a).len(), 1);
        a.pairs.push(first);
        // Now the old side twice.
        assert_eq!(accounting(&doc, &doc, &a).len(), 1);
    }

    #[test]
    fn rebuild_catches_a_lost_word() {
        let good = serde_json::json!({"changes": [{"id": "x",
            "old": [{"text": "a b"}], "new": [{"text": "a c"}],
            "diff": [{"op": "equal", "text": "a "}, {"op": "delete", "text": "b"}, {"op": "insert", "text": "c"}]}]});
        assert!(rebuild_errors(&good).is_empty());
        let mut bad = good.clone();
        bad["changes"][0]["diff"][0]["text"] = "a".into();
        assert_eq!(rebuild_errors(&bad).len(), 2);
    }
}
