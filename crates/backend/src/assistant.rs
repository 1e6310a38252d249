//! The reference assistant: canned answers chosen from the customer's words.
//! Deterministic (the same question gets the same answer) so tests and demo
//! runs are reproducible.

/// Topics the assistant knows, by words that signal them (English,
/// Portuguese and Spanish, as in the demo data). The first topic whose word
/// appears wins, so the narrower ones come first: "How much is shipping…?"
/// is about shipping, not the plans' prices.
const TOPICS: &[(&[&str], &str)] = &[
    (
        &["deliver", "shipping", "entrega", "envío", "frete", "track"],
        "Shipping is free above $50, $7.90 below. Orders ship within 2 business days; the link in your confirmation e-mail tracks yours.",
    ),
    (
        &["price", "cost", "preço", "precio", "valor", "how much", "quanto"],
        "Our plans start at $29/month. Would you like me to send you the full price list?",
    ),
    (
        &["refund", "return", "reembolso", "devolu", "cancel"],
        "You can return any item within 30 days for a full refund. Shall I start the return for you?",
    ),
    (
        &["hour", "open", "horário", "horario", "when"],
        "We're available Monday to Friday, 8am to 8pm, and Saturdays until 2pm.",
    ),
    (
        &["password", "login", "senha", "contraseña", "account", "conta"],
        "You can reset your password from the login page with \"Forgot password\". I can send you the link now.",
    ),
    (
        &["hello", "hi", "olá", "oi", "hola", "bom dia", "good morning"],
        "Hello! 👋 I'm the virtual assistant. How can I help you today?",
    ),
    (
        &["thank", "obrigad", "gracias", "valeu"],
        "You're welcome! Is there anything else I can help with? 😊",
    ),
];

/// Said when no topic matches: each admits the assistant has no answer,
/// and is marked so (`Message.unanswered`).
const FALLBACKS: &[&str] = &[
    "I couldn't find information about that.",
    "I'm sorry, I couldn't find information about that. Could you rephrase your question?",
    "Let me check… I couldn't find information about that in our help center.",
    "Could you give me a bit more detail so I can help?",
];

/// The assistant's reply to a customer message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub text: String,
    /// A fallback: no topic matched, so the customer got no answer.
    pub unanswered: bool,
}

/// The assistant's answer to a customer message.
pub fn answer(question: &str) -> Answer {
    let lower = question.to_lowercase();
    for (words, answer) in TOPICS {
        if words.iter().any(|w| lower.contains(w)) {
            return Answer {
                text: (*answer).to_owned(),
                unanswered: false,
            };
        }
    }
    // A stable choice among the fallbacks, from the text itself.
    let index = lower.bytes().fold(0usize, |acc, b| {
        acc.wrapping_mul(31).wrapping_add(b as usize)
    });
    Answer {
        text: FALLBACKS[index % FALLBACKS.len()].to_owned(),
        unanswered: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_topics_get_their_answer_and_unknown_ones_a_fallback() {
        let price = answer("Qual o preço do plano?");
        assert!(
            price.text.contains("$29") && !price.unanswered,
            "a price question in Portuguese is a known topic, answered"
        );
        let shipping = answer("How much is shipping to Montréal?");
        assert!(
            shipping.text.contains("Shipping is free above"),
            "the cost of shipping is a shipping question, not the plans' price: {shipping:?}"
        );
        let unknown = answer("xyzzy plugh");
        assert!(
            FALLBACKS.contains(&unknown.text.as_str()),
            "an unknown question must get one of the fallback answers"
        );
        assert!(
            unknown.unanswered,
            "a fallback is marked unanswered, so clients need not parse its text"
        );
        assert_eq!(
            answer("xyzzy plugh"),
            answer("xyzzy plugh"),
            "answers are deterministic"
        );
    }
}
