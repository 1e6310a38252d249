//! Search by name, email, phone digits and message text.

mod common;

use common::*;
use switchboard_protocol::{Author, ConversationStatus};
use switchboard_store::{MatchField, SearchHit, Store};

/// José (phone +55 11 98765-4321), Maria (email), and a message about a refund.
fn cache() -> (tempfile::TempDir, Store) {
    let (dir, store) = new_store();
    let mut jose = contact(1, "José Araújo", 1);
    jose.phone = Some("+55 11 98765-4321".into());
    let mut maria = contact(2, "Maria Souza", 2);
    maria.email = Some("maria.souza@example.com".into());
    let carlos = contact(3, "Carlos Lima", 3);
    store
        .apply_bootstrap_page(&last_page(
            10,
            vec![jose, maria, carlos],
            vec![
                conversation(1, 1, ConversationStatus::Open, 1),
                conversation(2, 2, ConversationStatus::Open, 2),
                conversation(3, 3, ConversationStatus::Open, 3),
            ],
            vec![
                message(
                    10,
                    3,
                    Author::Customer,
                    "I would like a refund for my order",
                    3,
                ),
                message(
                    11,
                    2,
                    Author::Customer,
                    "Olá, preciso de ajuda com a fatura",
                    2,
                ),
                message(12, 3, Author::Customer, "Still waiting for the refund!", 4),
                message(13, 1, Author::Customer, "Maria told me to write here", 5),
            ],
        ))
        .unwrap();
    (dir, store)
}

fn found(hits: &[SearchHit]) -> Vec<(i64, MatchField)> {
    hits.iter().map(|h| (h.row.id, h.matched)).collect()
}

fn highlighted(hit: &SearchHit) -> Vec<String> {
    hit.snippet
        .iter()
        .filter(|s| s.highlighted)
        .map(|s| s.text.clone())
        .collect()
}

#[test]
fn accents_and_case_do_not_matter() {
    let (_dir, store) = cache();
    let hits = store.search("jose", 10).unwrap();
    assert_eq!(
        found(&hits),
        vec![(1, MatchField::Name)],
        "`jose` finds `José`"
    );
    assert_eq!(
        highlighted(&hits[0]),
        vec!["José"],
        "the name is highlighted as stored"
    );
    assert_eq!(
        found(&store.search("ARAUJO", 10).unwrap()),
        vec![(1, MatchField::Name)],
        "case and accents folded"
    );
}

#[test]
fn phone_digits_find_a_formatted_number() {
    let (_dir, store) = cache();
    let hits = store.search("98765432", 10).unwrap();
    assert_eq!(
        found(&hits),
        vec![(1, MatchField::Phone)],
        "a run of digits inside `+55 11 98765-4321`"
    );
    assert_eq!(
        highlighted(&hits[0]),
        vec!["98765-432"],
        "the matched digits are highlighted in place"
    );
    assert_eq!(
        found(&store.search("(11) 98765-4321", 10).unwrap()),
        vec![(1, MatchField::Phone)],
        "another formatting of the same number"
    );
    assert!(
        store.search("99999", 10).unwrap().is_empty(),
        "other digits find nothing"
    );
}

#[test]
fn email_matches_by_its_parts() {
    let (_dir, store) = cache();
    let hits = store.search("maria.souza@exa", 10).unwrap();
    assert_eq!(
        hits[0].row.id, 2,
        "the typed beginning of an email finds its contact"
    );
    assert_eq!(
        found(&store.search("example.com", 10).unwrap()),
        vec![(2, MatchField::Email)],
        "the domain alone"
    );
}

#[test]
fn message_snippets_are_found_newest_first_with_highlights() {
    let (_dir, store) = cache();
    let hits = store.search("refund", 10).unwrap();
    assert_eq!(
        found(&hits),
        vec![(3, MatchField::Message)],
        "one hit per conversation"
    );
    let text: String = hits[0].snippet.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        text, "Still waiting for the refund!",
        "the newest matching message is the snippet"
    );
    assert_eq!(
        highlighted(&hits[0]),
        vec!["refund"],
        "the matched word is a highlighted span"
    );
    assert_eq!(
        found(&store.search("fatúra", 10).unwrap()),
        vec![(2, MatchField::Message)],
        "accents do not matter in messages either"
    );
}

#[test]
fn contact_matches_rank_before_message_matches() {
    let (_dir, store) = cache();
    let hits = store.search("maria", 10).unwrap();
    assert_eq!(
        found(&hits),
        vec![(2, MatchField::Name), (1, MatchField::Message)],
        "Maria herself first, then the conversation that mentions her"
    );
}

#[test]
fn type_ahead_matches_from_the_first_letter() {
    let (_dir, store) = cache();
    for prefix in ["c", "ca", "car", "carl", "carlo"] {
        let hits = store.search(prefix, 10).unwrap();
        assert_eq!(
            hits.first().map(|h| h.row.id),
            Some(3),
            "`{prefix}` finds Carlos while typing"
        );
    }
    assert_eq!(
        found(&store.search("ref", 10).unwrap()),
        vec![(3, MatchField::Message)],
        "a message word prefix"
    );
    assert_eq!(
        found(&store.search("maria sou", 10).unwrap())[0],
        (2, MatchField::Name),
        "several words narrow"
    );
}

#[test]
fn query_syntax_is_plain_text_and_never_an_error() {
    let (_dir, store) = cache();
    for query in [
        "\"",
        "AND",
        "OR NOT",
        "*",
        "(",
        "a:b",
        "NEAR(",
        "  ",
        "-",
        "^x",
        "'; DROP TABLE x",
    ] {
        assert!(
            store.search(query, 10).is_ok(),
            "`{query}` must search as text, not fail"
        );
    }
}

#[test]
fn a_broad_prefix_lists_the_newest_matching_conversations_first() {
    let (_dir, store) = new_store();
    // Enough matching contacts to take the "walk the list" plan.
    let n = 1500;
    let contacts = (1..=n)
        .map(|i| contact(i, if i % 2 == 0 { "Ana Lima" } else { "Bruno Reis" }, i))
        .collect();
    let conversations = (1..=n)
        .map(|i| conversation(i, i, ConversationStatus::Open, i))
        .collect();
    store
        .apply_bootstrap_page(&last_page(n, contacts, conversations, vec![]))
        .unwrap();
    let ids: Vec<i64> = store
        .search("a", 5)
        .unwrap()
        .iter()
        .map(|h| h.row.id)
        .collect();
    assert_eq!(
        ids,
        vec![1500, 1498, 1496, 1494, 1492],
        "newest matching conversations, only Anas"
    );
    let ids: Vec<i64> = store
        .search("bruno reis", 3)
        .unwrap()
        .iter()
        .map(|h| h.row.id)
        .collect();
    assert_eq!(
        ids,
        vec![1499, 1497, 1495],
        "the same order with the other plan's data size"
    );
}

#[test]
fn a_whole_email_finds_its_contact() {
    let (_dir, store) = cache();
    let hits = store.search("maria.souza@example.com", 10).unwrap();
    assert_eq!(
        found(&hits),
        vec![(2, MatchField::Email)],
        "the email typed in full, its last part a prefix like any last word"
    );
    assert_eq!(
        highlighted(&hits[0]),
        vec!["maria.souza@example.com"],
        "the whole email is one highlight"
    );
    assert_eq!(
        found(&store.search("MARIA.SOUZA@EXAMPLE.COM", 10).unwrap()),
        vec![(2, MatchField::Email)],
        "case does not matter"
    );
}

#[test]
fn an_email_prefix_finds_its_contact() {
    let (_dir, store) = new_store();
    let mut paulo = contact(1, "Paulo Costa", 1);
    paulo.email = Some("pcosta77@empresa.com.br".into());
    let mut ana = contact(2, "Ana Lima", 2);
    ana.email = Some("ana@pcosta.com".into());
    store
        .apply_bootstrap_page(&last_page(
            2,
            vec![paulo, ana],
            vec![
                conversation(1, 1, ConversationStatus::Open, 1),
                conversation(2, 2, ConversationStatus::Open, 2),
            ],
            vec![],
        ))
        .unwrap();
    let hits = store.search("pcosta77@emp", 10).unwrap();
    assert_eq!(
        found(&hits),
        vec![(1, MatchField::Email)],
        "the typed beginning of an email finds only its contact"
    );
    assert_eq!(
        highlighted(&hits[0]),
        vec!["pcosta77@empresa"],
        "the highlight runs to the end of the word being typed"
    );
    assert_eq!(
        found(&store.search("pcost", 10).unwrap()),
        vec![(2, MatchField::Email), (1, MatchField::Email)],
        "a prefix of a word inside an email, newest activity first"
    );
}

/// `n` contacts with one conversation each; conversation `i` is the `i`-th
/// most recently active from the oldest, so higher ids are newer.
fn many_contacts(n: i64, name: impl Fn(i64) -> &'static str) -> (tempfile::TempDir, Store) {
    let (dir, store) = new_store();
    let contacts = (1..=n).map(|i| contact(i, name(i), i)).collect();
    let conversations = (1..=n)
        .map(|i| conversation(i, i, ConversationStatus::Open, i))
        .collect();
    store
        .apply_bootstrap_page(&last_page(n, contacts, conversations, vec![]))
        .unwrap();
    (dir, store)
}

fn ids(hits: &[SearchHit]) -> Vec<i64> {
    hits.iter().map(|h| h.row.id).collect()
}

#[test]
fn one_letter_matching_most_contacts_lists_the_newest_first_with_accents_folded() {
    // More matching contacts than are ever read from the index: each row of
    // the list is tested in turn, newest first.
    let (_dir, store) = many_contacts(12_200, |i| {
        if i % 3 == 0 {
            "Bruno Reis"
        } else {
            "Élodie Martin"
        }
    });
    let hits = store.search("e", 5).unwrap();
    assert_eq!(
        ids(&hits),
        vec![12_200, 12_199, 12_197, 12_196, 12_194],
        "`e` finds `Élodie`, newest first, and skips the others"
    );
    assert!(hits.iter().all(|h| h.matched == MatchField::Name));
    assert_eq!(
        highlighted(&hits[0]),
        vec!["Élodie"],
        "the name is highlighted as stored"
    );
    assert_eq!(
        ids(&store.search("ÉLO", 5).unwrap()),
        vec![12_200, 12_199, 12_197, 12_196, 12_194],
        "the typed accent and case are folded the same way"
    );
    assert_eq!(
        ids(&store.search("bru", 3).unwrap()),
        vec![12_198, 12_195, 12_192],
        "a third of the contacts: the newest of them first"
    );
}

#[test]
fn a_long_message_prefix_finds_the_newest_matches_among_many_look_alikes() {
    // More messages begin with `ent` than the exact query would merge
    // cheaply: the three letters find candidates, checked one by one.
    let (_dir, store) = new_store();
    let conversations: Vec<_> = (1..=37)
        .map(|i| conversation(i, i, ConversationStatus::Open, i))
        .collect();
    let contacts = (1..=37).map(|i| contact(i, "Cliente", i)).collect();
    let messages = (1..=3_100)
        .map(|i| {
            let text = match i {
                1 => "entxyz, a rare word in the oldest message",
                i if i % 10 == 0 => "A ENTREGA chega amanhã",
                _ => "Entendo, obrigado",
            };
            message(i, i % 37 + 1, Author::Customer, text, i)
        })
        .collect();
    store
        .apply_bootstrap_page(&last_page(3_100, contacts, conversations, messages))
        .unwrap();
    let hits = store.search("entr", 5).unwrap();
    assert_eq!(
        found(&hits),
        vec![
            (30, MatchField::Message),
            (20, MatchField::Message),
            (10, MatchField::Message),
            (37, MatchField::Message),
            (27, MatchField::Message),
        ],
        "the conversations of the newest `entrega`s, skipping the newer `entendo`s"
    );
    assert_eq!(highlighted(&hits[0]), vec!["ENTREGA"]);
    assert_eq!(
        found(&store.search("ENTRÉ", 5).unwrap()),
        found(&hits),
        "accents and case are folded on the candidates too"
    );
    let hits = store.search("entx", 5).unwrap();
    assert_eq!(
        found(&hits),
        vec![(2, MatchField::Message)],
        "a prefix no recent candidate has is still found"
    );
    assert_eq!(highlighted(&hits[0]), vec!["entxyz"]);
}
