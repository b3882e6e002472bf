//! The classifier on single clauses: one test per convention that decides
//! hard cases (EFFECTS.md §3.2).

use super::*;
use crate::akn::read_bytes;

/// A one-article document; the clause under test is its first paragraph.
fn doc(heading: &str, text: &str) -> Document {
    let xml = format!(
        "<akomaNtoso><bill><body><article eId=\"art_1\"><num>Article 1</num><heading>{heading}</heading><paragraph eId=\"art_1__para_1\"><num>1.</num><content><p>{text}</p></content></paragraph></article></body></bill></akomaNtoso>"
    );
    match read_bytes(xml.as_bytes(), "t.xml") {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    }
}

fn effects(heading: &str, old: &str, new: &str) -> (Vec<Effect>, Verdict) {
    let c = Classifier::default();
    let (od, nd) = (doc(heading, old), doc(heading, new));
    let o = Clause {
        doc: &od,
        id: 1,
        text: old,
    };
    let n = Clause {
        doc: &nd,
        id: 1,
        text: new,
    };
    let e = c.classify(Kind::Modified, Some(&o), Some(&n), &ArticleMap::new());
    let v = verdict(&e);
    for x in &e {
        let quoted_ok =
            |q: &Option<String>, t: &str| q.as_ref().is_none_or(|q| t.contains(q.as_str()));
        assert!(
            quoted_ok(&x.evidence.old, old) && quoted_ok(&x.evidence.new, new),
            "evidence not in the text: {x:?}"
        );
    }
    (e, v)
}

/// The effects of a whole clause inserted or deleted.
fn whole(kind: Kind, heading: &str, text: &str) -> (Vec<Effect>, Verdict) {
    let c = Classifier::default();
    let d = doc(heading, text);
    let clause = Clause {
        doc: &d,
        id: 1,
        text,
    };
    let e = match kind {
        Kind::Inserted => c.classify(kind, None, Some(&clause), &ArticleMap::new()),
        _ => c.classify(kind, Some(&clause), None, &ArticleMap::new()),
    };
    let v = verdict(&e);
    (e, v)
}

fn v(s: ScopeVerdict, g: SafeguardsVerdict) -> Verdict {
    Verdict {
        scope: s,
        safeguards: g,
    }
}

#[test]
fn the_same_words_point_differently_by_role() {
    let (_, power) = effects(
        "Expedited preservation",
        "Each State Party shall adopt such legislative and other measures as may be necessary to enable its competent authorities to order the expeditious preservation of specified electronic data.",
        "Each State Party shall adopt, as appropriate, such legislative and other measures as may be necessary to enable its competent authorities to order the expeditious preservation of specified electronic data.",
    );
    assert_eq!(power, v(ScopeVerdict::Narrows, SafeguardsVerdict::None));
    let (e, safeguard) = effects(
        "Conditions and safeguards",
        "Such conditions and safeguards shall include prior judicial authorization.",
        "Such conditions and safeguards shall, as appropriate, include prior judicial authorization.",
    );
    assert_eq!(
        safeguard,
        v(ScopeVerdict::None, SafeguardsVerdict::Weakens),
        "{e:#?}"
    );
    assert!(e.iter().any(
        |x| x.rule == "qualifier.added" && x.evidence.new.as_deref() == Some("as appropriate")
    ));
}

#[test]
fn editorial_changes_give_nothing() {
    for (old, new) in [
        (
            "Each State Party shall criminalise the conduct.",
            "Each State Party shall criminalize the conduct;",
        ),
        (
            "States Parties shall afford one another assistance",
            "State Parties shall afford one another assistance",
        ),
        (
            "as provided for in article 7 to 9",
            "as provided for in articles 7, 8 and 9 of this Convention",
        ),
        (
            "A State Party may disclose the data only if the requesting State Party consents.",
            "A State Party shall not disclose the data unless the requesting State Party consents.",
        ),
    ] {
        let (e, verdict) = effects("Mutual legal assistance", old, new);
        assert!(e.is_empty(), "{old} -> {new}: {e:#?}");
        assert_eq!(verdict, Verdict::default());
    }
}

#[test]
fn modal_shifts() {
    let (_, x) = effects(
        "Conditions and safeguards",
        "The competent authority shall notify the person concerned.",
        "The competent authority may notify the person concerned.",
    );
    assert_eq!(x.safeguards, SafeguardsVerdict::Weakens);
    let (_, x) = effects(
        "Mutual legal assistance",
        "States Parties may afford one another mutual legal assistance.",
        "States Parties shall afford one another mutual legal assistance.",
    );
    assert_eq!(x.scope, ScopeVerdict::Widens);
}

#[test]
fn authorisation_ladder() {
    let (e, x) = effects(
        "Conditions and safeguards",
        "Such conditions and safeguards shall include prior judicial authorization.",
        "Such conditions and safeguards shall include judicial or other independent review.",
    );
    assert_eq!(
        x,
        v(ScopeVerdict::None, SafeguardsVerdict::Weakens),
        "{e:#?}"
    );
}

#[test]
fn qualifier_moved_to_govern_more() {
    let (e, x) = effects(
        "Conditions and safeguards",
        "Such conditions and safeguards shall include judicial review and, where appropriate, limitation of the duration of the power.",
        "Such conditions and safeguards shall include, where appropriate, judicial review and limitation of the duration of the power.",
    );
    assert_eq!(x.safeguards, SafeguardsVerdict::Weakens, "{e:#?}");
    assert!(e.iter().any(|x| x.rule == "qualifier.attachment"));
}

#[test]
fn thresholds_as_intervals() {
    let (_, x) = effects("Use of terms", "\"Serious crime\" means conduct punishable by a maximum deprivation of liberty of at least four years.", "\"Serious crime\" means conduct punishable by a maximum deprivation of liberty of at least three years.");
    assert_eq!(x.scope, ScopeVerdict::Widens);
    let (_, x) = effects(
        "Conditions and safeguards",
        "The preservation shall last no longer than 90 days.",
        "The preservation shall last no longer than 180 days.",
    );
    assert_eq!(x.safeguards, SafeguardsVerdict::Weakens);
}

#[test]
fn channels_widen_and_weaken() {
    let (_, x) = effects(
        "Law enforcement cooperation",
        "States Parties shall cooperate closely through mutual legal assistance.",
        "States Parties shall cooperate closely and may transmit information without prior request.",
    );
    assert_eq!(x.scope, ScopeVerdict::Widens);
    assert_eq!(x.safeguards, SafeguardsVerdict::Weakens);
}

#[test]
fn refusal_grounds_count_on_both_axes() {
    let (_, x) = effects(
        "Mutual legal assistance",
        "Assistance may be refused if the request is made to punish a person on account of sex, race, religion or political opinions.",
        "Assistance may be refused if the request is made to punish a person on account of race or religion.",
    );
    assert_eq!(x, v(ScopeVerdict::Widens, SafeguardsVerdict::Weakens));
}

#[test]
fn offence_elements_count_on_scope_only() {
    let (_, x) = effects(
        "Illegal access",
        "Each State Party shall establish as a criminal offence, when committed intentionally and without right, the access to an ICT system.",
        "Each State Party shall establish as a criminal offence, when committed intentionally, the access to an ICT system.",
    );
    assert_eq!(x, v(ScopeVerdict::Widens, SafeguardsVerdict::None));
}

#[test]
fn mixed_is_never_netted_out() {
    let (_, x) = effects(
        "Conditions and safeguards",
        "Such conditions and safeguards shall include judicial review and, as appropriate, the right to an effective remedy.",
        "Such conditions and safeguards shall include the right to an effective remedy and proportionality.",
    );
    assert_eq!(x.safeguards, SafeguardsVerdict::Mixed);
}

#[test]
fn whole_clauses_take_their_role() {
    let c = Classifier::default();
    let d = doc(
        "Conditions and safeguards",
        "The person concerned shall be notified of the measure.",
    );
    let clause = Clause {
        doc: &d,
        id: 1,
        text: "The person concerned shall be notified of the measure.",
    };
    let ins = c.classify(Kind::Inserted, None, Some(&clause), &ArticleMap::new());
    assert_eq!(
        verdict(&ins),
        v(ScopeVerdict::None, SafeguardsVerdict::Strengthens)
    );
    let del = c.classify(Kind::Deleted, Some(&clause), None, &ArticleMap::new());
    assert_eq!(
        verdict(&del),
        v(ScopeVerdict::None, SafeguardsVerdict::Weakens)
    );
}

#[test]
fn verdict_aggregation() {
    let e = |axis, direction, confidence| Effect {
        axis,
        direction,
        rule: "x".into(),
        explanation: String::new(),
        confidence,
        evidence: Evidence::default(),
        propagated: false,
        needs_review: false,
    };
    assert_eq!(verdict(&[]), Verdict::default());
    assert_eq!(
        verdict(&[
            e(Axis::Scope, Direction::Widens, 0.9),
            e(Axis::Scope, Direction::Narrows, 0.9)
        ])
        .scope,
        ScopeVerdict::Mixed
    );
    assert_eq!(
        verdict(&[e(Axis::Scope, Direction::Widens, 0.5)]).scope,
        ScopeVerdict::Unclear
    );
    assert_eq!(
        verdict(&[e(Axis::Safeguards, Direction::Weakens, 0.9)]).safeguards,
        SafeguardsVerdict::Weakens
    );
}

#[test]
fn defined_terms() {
    assert_eq!(
        defined_term("\u{201c}Serious crime\u{201d} means conduct").as_deref(),
        Some("Serious crime")
    );
    assert_eq!(
        defined_term("(g) \"Service provider\" means").as_deref(),
        Some("Service provider")
    );
    assert_eq!(defined_term("Each State Party shall"), None);
}

#[test]
fn a_trailing_condition_counts_against_the_clause() {
    // Written for this test, not taken from the evaluation sets.
    let (e, removed) = effects(
        "Grooming",
        "Each State Party shall criminalize the proposal of an adult to meet a child for sexual purposes, where the proposal has been followed by an act leading to a meeting.",
        "Each State Party shall criminalize the proposal of an adult to meet a child for sexual purposes.",
    );
    assert_eq!(
        removed,
        v(ScopeVerdict::Widens, SafeguardsVerdict::None),
        "{e:?}"
    );
    assert!(
        e.iter().any(|x| x.rule == "list.condition-removed"),
        "{e:?}"
    );
}

#[test]
fn a_closed_list_that_opens_reaches_more() {
    let (e, opened) = effects(
        "Production order",
        "The competent authority may order a provider to produce subscriber information, namely the name and postal address of the subscriber.",
        "The competent authority may order a provider to produce subscriber information, such as the name and postal address of the subscriber.",
    );
    assert_eq!(
        opened,
        v(ScopeVerdict::Widens, SafeguardsVerdict::None),
        "{e:?}"
    );
}

#[test]
fn a_qualifier_moved_with_its_complement_governs_the_same_duty() {
    let (e, verdict) = effects(
        "Expedited disclosure of preserved traffic data",
        "The requested State Party shall, to the extent consistent with its domestic law, disclose to the requesting State Party a sufficient amount of the preserved traffic data.",
        "To the extent consistent with its domestic law, the requested State Party shall disclose to the requesting State Party a sufficient amount of the preserved traffic data.",
    );
    assert!(e.is_empty(), "{e:?}");
    assert_eq!(verdict, v(ScopeVerdict::None, SafeguardsVerdict::None));
}

#[test]
fn an_authority_told_afterwards_is_no_new_safeguard() {
    let (e, verdict) = effects(
        "Geolocation in real time",
        "The geolocation of a device may be carried out on the prior authorization of the judge.",
        "The geolocation of a device may be carried out on the authorization of the public prosecutor, who shall inform the judge within twenty-four hours.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::None, SafeguardsVerdict::Weakens),
        "{e:?}"
    );
}

#[test]
fn data_moved_into_a_channel_outside_mutual_assistance() {
    let (e, verdict) = effects(
        "Spontaneous information",
        "An authority may, without prior request, transmit subscriber information to an authority of another State Party; traffic data and content data shall be transmitted only in response to a request for mutual legal assistance.",
        "An authority may, without prior request, transmit subscriber information and traffic data to an authority of another State Party; content data shall be transmitted only in response to a request for mutual legal assistance.",
    );
    assert!(
        e.iter().any(|x| x.rule == "list.moved-into-channel"),
        "{e:?}"
    );
    assert_eq!(verdict, v(ScopeVerdict::Widens, SafeguardsVerdict::Weakens));
}

#[test]
fn a_second_condition_dropped_from_a_safeguard_concept_broadens_it() {
    let (e, verdict) = effects(
        "Use of terms",
        "\"Independent authority\" shall mean a court or a body established by law that is not subject to instructions and whose members enjoy security of tenure;",
        "\"Independent authority\" shall mean a court or a body established by law that is not subject to instructions;",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::None, SafeguardsVerdict::Weakens),
        "{e:?}"
    );
}

#[test]
fn an_urgency_derogation_beside_an_authorisation_weakens() {
    let (e, verdict) = effects(
        "Real-time collection of traffic data",
        "An order for the real-time collection of traffic data shall be issued by a judge.",
        "An order for the real-time collection of traffic data shall be issued by a judge or, in urgent cases, by a senior police officer.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::None, SafeguardsVerdict::Weakens),
        "{e:?}"
    );
}

#[test]
fn subject_to_articles_on_cooperation_strengthens() {
    let (e, verdict) = effects(
        "Law enforcement cooperation",
        "States Parties shall cooperate closely with one another to exchange information on the means used to commit the offences covered by this Convention.",
        "Subject to articles 24 and 36, States Parties shall cooperate closely with one another to exchange information on the means used to commit the offences covered by this Convention.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::None, SafeguardsVerdict::Strengthens),
        "{e:?}"
    );
}

#[test]
fn an_object_moved_out_of_an_exclusion_widens_the_power() {
    let (e, verdict) = effects(
        "Production order",
        "The competent authorities may require a service provider to submit subscriber information and traffic data in its possession or control, but not content data.",
        "The competent authorities may require a service provider to submit subscriber information, traffic data and content data in its possession or control.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::Widens, SafeguardsVerdict::None),
        "{e:?}"
    );
}

#[test]
fn a_limit_on_a_power_deleted_weakens_safeguards() {
    let (e, verdict) = whole(
        Kind::Deleted,
        "Real-time collection of traffic data",
        "The competent authority shall terminate the collection immediately where the conditions that justified the order are no longer met.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::None, SafeguardsVerdict::Weakens),
        "{e:?}"
    );
}

#[test]
fn an_item_added_to_the_exceptions_of_a_notice_duty_weakens() {
    let (e, verdict) = effects(
        "Interception of content data",
        "The persons whose communications were intercepted shall be informed after the measure has ended, except where informing them would endanger the life of a witness.",
        "The persons whose communications were intercepted shall be informed after the measure has ended, except where informing them would endanger the life of a witness, or would compromise another investigation.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::None, SafeguardsVerdict::Weakens),
        "{e:?}"
    );
}

#[test]
fn one_more_only_on_a_use_limitation_narrows_and_strengthens() {
    let (e, verdict) = effects(
        "Mutual legal assistance",
        "Evidence obtained through mutual legal assistance may be used by the requesting State Party only in the proceedings identified in the request.",
        "Evidence obtained through mutual legal assistance may be used by the requesting State Party only in the proceedings identified in the request and only against the persons named in it.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::Narrows, SafeguardsVerdict::Strengthens),
        "{e:?}"
    );
}

#[test]
fn another_issuer_of_a_warrant_weakens_the_check() {
    let (e, verdict) = effects(
        "Search and seizure of stored electronic data",
        "A search under paragraph 1 shall require a warrant issued by a judge.",
        "A search under paragraph 1 shall require a warrant issued by a judge or, where no judge is available in time, by a senior police officer.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::None, SafeguardsVerdict::Weakens),
        "{e:?}"
    );
}

#[test]
fn a_mandatory_refusal_made_discretionary_in_an_extradition_article() {
    let (e, verdict) = effects(
        "Extradition",
        "The requested Party shall refuse extradition where the offence is punishable by death under the law of the requesting Party.",
        "The requested Party may refuse extradition where the offence is punishable by death under the law of the requesting Party.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::Widens, SafeguardsVerdict::Weakens),
        "{e:?}"
    );
}

#[test]
fn an_age_bound_added_to_a_relief_widens_the_duty() {
    let (e, verdict) = effects(
        "Offences related to online child sexual abuse material",
        "Nothing in this article shall require a State Party to criminalize conduct by children.",
        "Nothing in this article shall require a State Party to criminalize conduct by children under the age of fourteen years.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::Widens, SafeguardsVerdict::None),
        "{e:?}"
    );
}

#[test]
fn the_authority_that_asks_is_not_the_one_that_orders() {
    let (e, verdict) = effects(
        "Search of computer systems",
        "A search of a computer system shall be ordered by the public prosecutor responsible for the investigation.",
        "A search of a computer system shall be ordered by an investigating judge at the request of the public prosecutor responsible for the investigation.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::None, SafeguardsVerdict::Strengthens),
        "{e:?}"
    );
}

#[test]
fn an_exception_added_to_a_protection_weakens_it() {
    let (e, verdict) = effects(
        "Protection of journalistic sources",
        "No order issued under this Part shall require a journalist to disclose information identifying a source of information.",
        "No order issued under this Part shall require a journalist to disclose information identifying a source of information, unless a court is satisfied that the disclosure is necessary to prevent a serious crime.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::None, SafeguardsVerdict::Weakens),
        "{e:?}"
    );
}

#[test]
fn an_exception_to_a_notice_duty_inside_a_power_weakens_safeguards() {
    let (e, verdict) = effects(
        "Interception of content data",
        "Interception may be ordered for serious offences, and the persons concerned shall be informed of the measure once it has ended.",
        "Interception may be ordered for serious offences, and the persons concerned shall be informed of the measure once it has ended, unless the prosecutor decides that informing them would endanger further inquiries.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::None, SafeguardsVerdict::Weakens),
        "{e:?}"
    );
}

#[test]
fn ministers_of_religion_are_a_profession_not_a_ground() {
    let (e, verdict) = effects(
        "Persons entitled to refuse to give evidence",
        "The seizure of data held by lawyers, physicians and ministers of religion in their professional capacity shall not be permitted.",
        "The seizure of data held by lawyers and physicians in their professional capacity shall not be permitted.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::None, SafeguardsVerdict::Weakens),
        "{e:?}"
    );
}

#[test]
fn opt_out_made_opt_in_narrows_and_the_reverse_widens() {
    let out = "The obligations set out in paragraph 1 shall apply to every State Party, unless it has notified the depositary that it will not provide such assistance.";
    let inn = "The obligations set out in paragraph 1 shall apply only to a State Party that has notified the depositary that it will provide such assistance.";
    let (e, verdict) = effects("Reservations", out, inn);
    assert_eq!(
        verdict,
        v(ScopeVerdict::Narrows, SafeguardsVerdict::None),
        "{e:?}"
    );
    let (e, verdict) = effects("Reservations", inn, out);
    assert_eq!(
        verdict,
        v(ScopeVerdict::Widens, SafeguardsVerdict::None),
        "{e:?}"
    );
}

#[test]
fn a_discretion_qualifier_moved_from_a_power_to_its_safeguard() {
    let (e, verdict) = effects(
        "Interception of content data",
        "Each State Party shall, as appropriate, empower its competent authorities to order the interception of content data, and shall ensure that every such order is subject to prior authorization by a judge.",
        "Each State Party shall empower its competent authorities to order the interception of content data, and shall, as appropriate, ensure that every such order is subject to prior authorization by a judge.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::Widens, SafeguardsVerdict::Weakens),
        "{e:?}"
    );
}

#[test]
fn sentences_split_at_a_full_stop_before_a_capital() {
    assert_eq!(
        sentences("States shall act. Nothing in art. 5 shall apply, e.g. here. Last"),
        vec![
            "States shall act.",
            "Nothing in art. 5 shall apply, e.g. here.",
            "Last"
        ]
    );
    assert_eq!(
        extra_sentence(
            "A shall act. B shall act.",
            "A shall act. C may act. B shall act."
        ),
        Some(("C may act.", true))
    );
    assert_eq!(
        extra_sentence("A shall act. B shall act.", "B shall act."),
        Some(("A shall act.", false))
    );
    assert_eq!(extra_sentence("A shall act.", "A shall not act."), None);
}

#[test]
fn a_relief_appended_to_an_offence_narrows_it() {
    let offence = "Each State Party shall establish as a criminal offence the sale, without right, of a tool whose principal function is to defeat access controls.";
    let relief = format!("{offence} Nothing in this article shall require a State Party to criminalize the sale of such a tool for the authorized testing of a system.");
    let (e, verdict) = effects("Misuse of devices", offence, &relief);
    assert_eq!(
        verdict,
        v(ScopeVerdict::Narrows, SafeguardsVerdict::None),
        "{e:?}"
    );
    let (e, verdict) = effects("Misuse of devices", &relief, offence);
    assert_eq!(
        verdict,
        v(ScopeVerdict::Widens, SafeguardsVerdict::None),
        "{e:?}"
    );
}

#[test]
fn a_protective_savings_clause_inserted_strengthens() {
    let (e, verdict) = whole(
        Kind::Inserted,
        "Conditions and safeguards",
        "Nothing in this chapter shall be interpreted as authorizing the use of the powers provided for therein to target a person solely on the basis of his or her journalistic activity or political opinion.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::None, SafeguardsVerdict::Strengthens),
        "{e:?}"
    );
}

#[test]
fn a_derogation_from_a_written_order_deleted_strengthens() {
    let (e, verdict) = whole(
        Kind::Deleted,
        "Production order",
        "By way of derogation from the requirement of a written order in paragraph 2, an order may in urgent cases be issued orally, provided that it is confirmed in writing within twenty-four hours.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::None, SafeguardsVerdict::Strengthens),
        "{e:?}"
    );
}

#[test]
fn a_channel_that_opens_is_the_change_not_its_modal() {
    let (e, verdict) = effects(
        "Direct disclosure of subscriber information",
        "Requests for subscriber information held by a service provider in the territory of another State Party shall be transmitted through the central authority of that State Party.",
        "The competent authorities of a State Party may address an order for subscriber information directly to a service provider in the territory of another State Party.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::Widens, SafeguardsVerdict::Weakens),
        "{e:?}"
    );
}

#[test]
fn a_weaker_intent_widens_an_offence() {
    let (e, verdict) = effects(
        "Falsification of digital identity documents",
        "Each State Party shall establish as a criminal offence the use of a counterfeit digital identity document, with the fraudulent intent that it be relied upon as genuine.",
        "Each State Party shall establish as a criminal offence the use of a counterfeit digital identity document, with the intent that it be relied upon as genuine.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::Widens, SafeguardsVerdict::None),
        "{e:?}"
    );
}

#[test]
fn a_qualifier_on_a_duty_to_record_reasons_is_on_that_safeguard() {
    let (e, verdict) = effects(
        "Expedited preservation of traffic data",
        "Each State Party shall empower its competent authorities to order the expedited preservation of traffic data. Where possible, the competent authority shall record in writing the reasons for the order.",
        "Each State Party shall empower its competent authorities to order the expedited preservation of traffic data. The competent authority shall record in writing the reasons for the order.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::None, SafeguardsVerdict::Strengthens),
        "{e:?}"
    );
}

#[test]
fn deference_to_domestic_law_on_a_review_weakens_it() {
    let (e, verdict) = effects(
        "Conditions and safeguards",
        "Each interception order shall be reviewed by a judicial or other independent authority at intervals not exceeding thirty days.",
        "Each interception order shall be reviewed at such intervals and by such authority as the domestic law of the State Party may provide.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::None, SafeguardsVerdict::Weakens),
        "{e:?}"
    );
}

#[test]
fn a_notice_duty_regrouped_in_one_sentence_is_editorial() {
    let (e, verdict) = effects(
        "Notification of the person concerned",
        "The competent authority shall notify the person whose communications were intercepted once the interception has ended. The notification shall state the legal basis of the measure and the remedies available.",
        "Once the interception has ended, the competent authority shall notify the person whose communications were intercepted of the legal basis of the measure and the remedies available.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::None, SafeguardsVerdict::None),
        "{e:?}"
    );
}

#[test]
fn a_qualifier_between_shall_and_its_verb_leaves_the_operator() {
    let (e, verdict) = effects(
        "Transfer of criminal proceedings",
        "A State Party shall, where appropriate, consider transferring to another State Party the prosecution of an offence when several jurisdictions are involved.",
        "Where appropriate, a State Party shall consider transferring to another State Party the prosecution of an offence when several jurisdictions are involved.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::None, SafeguardsVerdict::None),
        "{e:?}"
    );
}

#[test]
fn the_next_duty_s_subject_is_not_governed_by_a_qualifier() {
    let (e, verdict) = effects(
        "Mutual legal assistance",
        "The requested State Party shall execute a request in accordance with its domestic law and, where possible, in accordance with the procedures specified in the request, and shall inform the requesting State Party without delay of any obstacle.",
        "A request shall be executed by the requested State Party in accordance with its domestic law and, where possible, in accordance with the procedures specified in the request, and the requesting State Party shall be informed by the requested State Party without delay of any obstacle.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::None, SafeguardsVerdict::None),
        "{e:?}"
    );
}

#[test]
fn a_prohibition_with_an_exception_made_a_recommendation_weakens() {
    let (e, verdict) = effects(
        "Protection of personal data",
        "A State Party shall not transfer personal data to a third country unless the transferring State Party has given its prior written authorization.",
        "A State Party should not transfer personal data to a third country unless the transferring State Party has given its prior written authorization.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::None, SafeguardsVerdict::Weakens),
        "{e:?}"
    );
}

#[test]
fn not_applying_unless_accepted_is_an_opt_in() {
    let (e, verdict) = effects(
        "Mutual legal assistance in the interception of content data",
        "This article shall not apply to a State Party unless that State Party has declared that it accepts the obligations set out in it.",
        "This article shall apply to every State Party unless that State Party has declared that it does not accept the obligations set out in it.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::Widens, SafeguardsVerdict::None),
        "{e:?}"
    );
}

#[test]
fn a_time_limit_restated_in_another_unit_is_compared_in_days() {
    let (e, verdict) = effects(
        "Protection of personal data",
        "Traffic data received under this chapter shall be deleted no later than six months after their receipt.",
        "Traffic data received under this chapter shall be deleted no later than two years after their receipt.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::None, SafeguardsVerdict::Weakens),
        "{e:?}"
    );
    let (e, verdict) = effects(
        "Protection of personal data",
        "Personal data shall be retained for no longer than twelve months.",
        "Personal data shall be retained for no longer than one year.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::None, SafeguardsVerdict::None),
        "{e:?}"
    );
}

#[test]
fn a_relative_clause_in_the_passive_is_editorial() {
    let (e, verdict) = effects(
        "Execution of a preservation order",
        "The designated establishment shall preserve the data for a period of sixty days, which the issuing authority may extend by thirty days.",
        "The data shall be preserved by the designated establishment for a period of sixty days, which may be extended by the issuing authority by thirty days.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::None, SafeguardsVerdict::None),
        "{e:?}"
    );
}

#[test]
fn solely_narrows_a_refusal_ground() {
    let (e, verdict) = effects(
        "Grounds for refusal",
        "Assistance may be refused where the request has been made for the purpose of prosecuting a person on account of that person's political opinions.",
        "Assistance may be refused where the request has been made solely for the purpose of prosecuting a person on account of that person's political opinions.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::Widens, SafeguardsVerdict::Weakens),
        "{e:?}"
    );
}

#[test]
fn prior_approval_by_a_judge_made_subsequent_weakens() {
    let (e, verdict) = effects(
        "Interception of content data",
        "The interception shall be carried out only on the basis of a warrant issued in advance by a judge.",
        "The interception shall be carried out only on the basis of a warrant, which shall be submitted to a judge for approval within seven days of its issue.",
    );
    assert_eq!(
        verdict,
        v(ScopeVerdict::None, SafeguardsVerdict::Weakens),
        "{e:?}"
    );
}
