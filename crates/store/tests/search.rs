//! Search by name, email, phone digits and message text.

mod common;

use common::cache::CacheBuilder;
use switchboard_store::{MatchField, SearchHit, Store};

/// José (phone +55 11 98765-4321), Maria (email), Carlos, and messages
/// about a refund (Carlos), an invoice (Maria) and Maria (José).
fn cache() -> (tempfile::TempDir, Store) {
    CacheBuilder::new()
        .contact("José Araújo")
        .phone("+55 11 98765-4321")
        .contact("Maria Souza")
        .email("maria.souza@example.com")
        .contact("Carlos Lima")
        .messages([
            (3, "I would like a refund for my order"),
            (2, "Olá, preciso de ajuda com a fatura"),
            (3, "Still waiting for the refund!"),
            (1, "Maria told me to write here"),
        ])
        .open()
}

/// One search and what it must find.
struct Case {
    query: &'static str,
    limit: u32,
    /// Each hit's conversation and what matched, in rank order.
    found: &'static [(i64, MatchField)],
    /// The highlighted parts of the first hit; empty when not the point.
    highlighted: &'static [&'static str],
    /// Why these hits; failures quote it with the query.
    why: &'static str,
}

/// What the cases leave out: ten hits at most, highlights unchecked.
const SEARCH: Case = Case {
    query: "",
    limit: 10,
    found: &[],
    highlighted: &[],
    why: "",
};

/// Runs each case on `store`; a failure names the case's query and why.
fn check(store: &Store, cases: &[Case]) {
    for case in cases {
        let hits = store
            .search(case.query, case.limit)
            .unwrap_or_else(|error| panic!("`{}` failed: {error}", case.query));
        assert_eq!(found(&hits), case.found, "`{}`: {}", case.query, case.why);
        if !case.highlighted.is_empty() {
            assert_eq!(
                highlighted(&hits[0]),
                case.highlighted,
                "`{}`, highlighted: {}",
                case.query,
                case.why
            );
        }
    }
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
    check(
        &store,
        &[
            Case {
                query: "jose",
                found: &[(1, MatchField::Name)],
                highlighted: &["José"],
                why: "`jose` finds `José`, highlighted as stored",
                ..SEARCH
            },
            Case {
                query: "ARAUJO",
                found: &[(1, MatchField::Name)],
                why: "case and accents folded",
                ..SEARCH
            },
        ],
    );
}

#[test]
fn phone_digits_find_a_formatted_number() {
    let (_dir, store) = cache();
    check(
        &store,
        &[
            Case {
                query: "98765432",
                found: &[(1, MatchField::Phone)],
                highlighted: &["98765-432"],
                why: "a run of digits inside `+55 11 98765-4321`, highlighted in place",
                ..SEARCH
            },
            Case {
                query: "(11) 98765-4321",
                found: &[(1, MatchField::Phone)],
                why: "another formatting of the same number",
                ..SEARCH
            },
            Case {
                query: "99999",
                found: &[],
                why: "other digits find nothing",
                ..SEARCH
            },
        ],
    );
}

#[test]
fn email_matches_by_its_parts() {
    let (_dir, store) = cache();
    check(
        &store,
        &[
            Case {
                query: "maria.souza@exa",
                found: &[(2, MatchField::Email)],
                why: "the typed beginning of an email finds its contact",
                ..SEARCH
            },
            Case {
                query: "example.com",
                found: &[(2, MatchField::Email)],
                why: "the domain alone",
                ..SEARCH
            },
        ],
    );
}

#[test]
fn a_whole_email_finds_its_contact() {
    let (_dir, store) = cache();
    check(
        &store,
        &[
            Case {
                query: "maria.souza@example.com",
                found: &[(2, MatchField::Email)],
                highlighted: &["maria.souza@example.com"],
                why: "the email typed in full, its last part a prefix like any last word, \
                      is one highlight",
                ..SEARCH
            },
            Case {
                query: "MARIA.SOUZA@EXAMPLE.COM",
                found: &[(2, MatchField::Email)],
                why: "case does not matter",
                ..SEARCH
            },
        ],
    );
}

#[test]
fn message_snippets_are_found_newest_first_with_highlights() {
    let (_dir, store) = cache();
    check(
        &store,
        &[
            Case {
                query: "refund",
                found: &[(3, MatchField::Message)],
                highlighted: &["refund"],
                why: "one hit per conversation, the matched word a highlighted span",
                ..SEARCH
            },
            Case {
                query: "fatúra",
                found: &[(2, MatchField::Message)],
                why: "accents do not matter in messages either",
                ..SEARCH
            },
        ],
    );
    let hits = store.search("refund", 10).unwrap();
    let text: String = hits[0].snippet.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        text, "Still waiting for the refund!",
        "the newest matching message is the snippet"
    );
}

#[test]
fn contact_matches_rank_before_message_matches() {
    let (_dir, store) = cache();
    check(
        &store,
        &[Case {
            query: "maria",
            found: &[(2, MatchField::Name), (1, MatchField::Message)],
            why: "Maria herself first, then the conversation that mentions her",
            ..SEARCH
        }],
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
    check(
        &store,
        &[
            Case {
                query: "ref",
                found: &[(3, MatchField::Message)],
                why: "a message word prefix",
                ..SEARCH
            },
            Case {
                query: "maria sou",
                found: &[(2, MatchField::Name)],
                why: "several words narrow",
                ..SEARCH
            },
        ],
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
fn control_characters_in_a_query_are_spaces_never_an_error() {
    let (_dir, store) = cache();
    check(
        &store,
        &[
            Case {
                query: "Mar\u{0}",
                found: &[(2, MatchField::Name), (1, MatchField::Message)],
                why: "a NUL pasted after a name is no error and no part of the word",
                ..SEARCH
            },
            Case {
                query: "\u{1}refund\u{2}\u{7}",
                found: &[(3, MatchField::Message)],
                highlighted: &["refund"],
                why: "highlight markers typed by the user are not markers, and a bell is a space",
                ..SEARCH
            },
            Case {
                query: "Carlos\nLima",
                found: &[(3, MatchField::Name)],
                why: "a newline separates words like a space",
                ..SEARCH
            },
        ],
    );
}

#[test]
fn an_email_prefix_finds_its_contact() {
    let (_dir, store) = CacheBuilder::new()
        .contact("Paulo Costa")
        .email("pcosta77@empresa.com.br")
        .contact("Ana Lima")
        .email("ana@pcosta.com")
        .open();
    check(
        &store,
        &[
            Case {
                query: "pcosta77@emp",
                found: &[(1, MatchField::Email)],
                highlighted: &["pcosta77@empresa"],
                why: "the typed beginning of an email finds only its contact, highlighted \
                      to the end of the word being typed",
                ..SEARCH
            },
            Case {
                query: "pcost",
                found: &[(2, MatchField::Email), (1, MatchField::Email)],
                why: "a prefix of a word inside an email, newest activity first",
                ..SEARCH
            },
        ],
    );
}

#[test]
fn a_broad_prefix_lists_the_newest_matching_conversations_first() {
    // Enough matching contacts to take the "walk the list" plan.
    let (_dir, store) = CacheBuilder::new()
        .contacts(1500, |i| if i % 2 == 0 { "Ana Lima" } else { "Bruno Reis" })
        .open();
    check(
        &store,
        &[
            Case {
                query: "a",
                limit: 5,
                found: &[
                    (1500, MatchField::Name),
                    (1498, MatchField::Name),
                    (1496, MatchField::Name),
                    (1494, MatchField::Name),
                    (1492, MatchField::Name),
                ],
                why: "newest matching conversations, only Anas",
                ..SEARCH
            },
            Case {
                query: "bruno reis",
                limit: 3,
                found: &[
                    (1499, MatchField::Name),
                    (1497, MatchField::Name),
                    (1495, MatchField::Name),
                ],
                why: "the same order with the other plan's data size",
                ..SEARCH
            },
        ],
    );
}

#[test]
fn one_letter_matching_most_contacts_lists_the_newest_first_with_accents_folded() {
    // More matching contacts than are ever read from the index: each row of
    // the list is tested in turn, newest first.
    let (_dir, store) = CacheBuilder::new()
        .contacts(12_200, |i| {
            if i % 3 == 0 {
                "Bruno Reis"
            } else {
                "Élodie Martin"
            }
        })
        .open();
    const NEWEST_ELODIES: &[(i64, MatchField)] = &[
        (12_200, MatchField::Name),
        (12_199, MatchField::Name),
        (12_197, MatchField::Name),
        (12_196, MatchField::Name),
        (12_194, MatchField::Name),
    ];
    check(
        &store,
        &[
            Case {
                query: "e",
                limit: 5,
                found: NEWEST_ELODIES,
                highlighted: &["Élodie"],
                why: "`e` finds `Élodie`, newest first, skips the others, and highlights \
                      the name as stored",
            },
            Case {
                query: "ÉLO",
                limit: 5,
                found: NEWEST_ELODIES,
                why: "the typed accent and case are folded the same way",
                ..SEARCH
            },
            Case {
                query: "bru",
                limit: 3,
                found: &[
                    (12_198, MatchField::Name),
                    (12_195, MatchField::Name),
                    (12_192, MatchField::Name),
                ],
                why: "a third of the contacts: the newest of them first",
                ..SEARCH
            },
        ],
    );
}

#[test]
fn a_long_message_prefix_finds_the_newest_matches_among_many_look_alikes() {
    // More messages begin with `ent` than the exact query would merge
    // cheaply: the three letters find candidates, checked one by one.
    let (_dir, store) = CacheBuilder::new()
        .contacts(37, |_| "Cliente")
        .messages((1..=3_100).map(|i| {
            let text = match i {
                1 => "entxyz, a rare word in the oldest message",
                i if i % 10 == 0 => "A ENTREGA chega amanhã",
                _ => "Entendo, obrigado",
            };
            (i % 37 + 1, text)
        }))
        .open();
    const NEWEST_ENTREGAS: &[(i64, MatchField)] = &[
        (30, MatchField::Message),
        (20, MatchField::Message),
        (10, MatchField::Message),
        (37, MatchField::Message),
        (27, MatchField::Message),
    ];
    check(
        &store,
        &[
            Case {
                query: "entr",
                limit: 5,
                found: NEWEST_ENTREGAS,
                highlighted: &["ENTREGA"],
                why: "the conversations of the newest `entrega`s, skipping the newer `entendo`s",
            },
            Case {
                query: "ENTRÉ",
                limit: 5,
                found: NEWEST_ENTREGAS,
                why: "accents and case are folded on the candidates too",
                ..SEARCH
            },
            Case {
                query: "entx",
                limit: 5,
                found: &[(2, MatchField::Message)],
                highlighted: &["entxyz"],
                why: "a prefix no recent candidate has is still found",
            },
        ],
    );
}
