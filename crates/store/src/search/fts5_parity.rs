//! Tests that hold search's matching to FTS5's own: for every pair of
//! awkward texts and queries, the rows FTS5 matches, and its `highlight()`
//! and `snippet()` of them, must be exactly what [`Phrases`], [`highlight`]
//! and [`snippet`] give. Hits are worked out in Rust on that promise.

use rusqlite::Connection;

use super::fts_query;
use super::highlight::{highlight, snippet};
use super::phrases::Phrases;
use super::tokenizer::Unicode61;

/// Texts with what trips a tokenizer or a snippet up: accents (composed
/// and combining), case, punctuation inside words, several sentences,
/// repeated words, matches far from the start, other scripts.
const TEXTS: &[&str] = &[
    "José Araújo",
    "jose.silva12@gmail.com",
    "Márcia O'Brien",
    "ÉLODIE e\u{301}lodie Elodie",
    "Oi, meu pedido ainda não chegou, podem verificar? #48213",
    "I'm sorry about that. Let me check your order status. The product, the product: \
     the PRODUCT arrived broken and I want a refund for the product",
    "Entendo. Vou verificar a disponibilidade do tamanho G. A entrega, entregue ou \
     entregamos: entrar em contato sobre a entrega da entrega amanhã",
    "   ...leading punctuation, then words: one two three four five six seven eight \
     nine ten eleven twelve thirteen fourteen fifteen sixteen refund",
    "Straße İstanbul ǅemal ΆΛΦΑ Ωμέγα Привет 東京 🙂 x²",
    "talk to a person, talk today, total: to to to",
    "the the the the the the the the the the the the the the product",
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu refund nu xi \
     omicron pi rho sigma tau upsilon phi chi psi omega talk to refund",
    "please write an email to the support team of the shop by the river near the \
     station at jose.silva12@gmail.com and tell them everything about your order number \
     and the missing product",
    "one two three. Four five six seven eight nine ten eleven twelve thirteen: the \
     product fourteen fifteen sixteen seventeen eighteen nineteen",
    "",
];

/// Queries as typed, each a list of words.
const QUERIES: &[&str] = &[
    "jose",
    "araujo",
    "jose.silva12@gmail.com",
    "jose.silva12@gmail.co",
    "silva1",
    "o'brien",
    "elodie",
    "e\u{301}lo",
    "the product",
    "product the",
    "pedido ainda",
    "ent",
    "entr",
    "entrega",
    "the the",
    "to",
    "t",
    "refund",
    "strasse",
    "straße",
    "istanbul",
    "ωμεγα",
    "привет",
    "東京",
    "x²",
    "48213",
    "- jose",
    "jose -",
    "\"",
    "nothing",
];

#[test]
fn matching_highlights_and_snippets_are_fts5s_own() {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(
        "CREATE VIRTUAL TABLE t USING fts5 (a, b, tokenize = 'unicode61 remove_diacritics 2');",
    )
    .unwrap();
    // Each text in column a, with the next one in column b.
    for (i, text) in TEXTS.iter().enumerate() {
        let other = TEXTS[(i + 1) % TEXTS.len()];
        conn.execute(
            "INSERT INTO t (rowid, a, b) VALUES (?1, ?2, ?3)",
            (i as i64, text, other),
        )
        .unwrap();
    }
    let tokenizer = Unicode61::new(&conn).unwrap();
    for query in QUERIES {
        let words: Vec<String> = query.split_whitespace().map(String::from).collect();
        for prefix in [false, true] {
            let fts = fts_query(&words, prefix).unwrap();
            let phrases = Phrases::new(&tokenizer, &words, prefix).unwrap();
            let mut stmt = conn
                .prepare(
                    "SELECT rowid, a, b, highlight(t, 0, char(1), char(2)),
                            highlight(t, 1, char(1), char(2)),
                            snippet(t, 0, char(1), char(2), '…', 12)
                     FROM t WHERE t MATCH ?1",
                )
                .unwrap();
            let rows = stmt
                .query_map([&fts], |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, String>(3)?,
                        row.get::<_, String>(4)?,
                        row.get::<_, String>(5)?,
                    ))
                })
                .unwrap()
                .collect::<rusqlite::Result<Vec<_>>>()
                .unwrap();
            let fts_ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
            let mut rust_ids = Vec::new();
            for (i, text) in TEXTS.iter().enumerate() {
                let other = TEXTS[(i + 1) % TEXTS.len()];
                let (a, b) = (
                    tokenizer.tokens(text).unwrap(),
                    tokenizer.tokens(other).unwrap(),
                );
                if phrases.matches(&[&a, &b]) {
                    rust_ids.push(i as i64);
                }
            }
            assert_eq!(rust_ids, fts_ids, "rows matching {fts}");
            for (_, a, b, highlight_a, highlight_b, snippet_a) in rows {
                let (ta, tb) = (tokenizer.tokens(&a).unwrap(), tokenizer.tokens(&b).unwrap());
                let (ia, ib) = (phrases.instances(&ta), phrases.instances(&tb));
                assert_eq!(
                    highlight(&a, &ta, &ia),
                    highlight_a,
                    "highlight of {a:?} for {fts}"
                );
                assert_eq!(
                    highlight(&b, &tb, &ib),
                    highlight_b,
                    "highlight of {b:?} for {fts}"
                );
                assert_eq!(
                    snippet(&a, &ta, &ia, phrases.phrases.len()),
                    snippet_a,
                    "snippet of {a:?} for {fts}"
                );
            }
        }
    }
}
