//! What the review reads from a message, as stored beside it.
//!
//! Only the data: the chain writes it with the message, the review
//! (`review/mod.rs`: `Verdict::of_customer`) works it out and reads it.

/// What the review reads from a message, worked out once, when it is
/// stored: reading a period then folds no text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Verdict {
    /// An assistant reply that did not answer.
    pub unanswered: bool,
    /// The built-in topics of a customer message (`topics::built_in_bits`).
    pub topics: i64,
    /// A customer message's words, as questions are grouped by.
    pub question_key: Option<String>,
}
