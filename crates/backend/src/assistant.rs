//! The reference assistant: canned answers chosen from the customer's words,
//! in the customer's language (English, Portuguese or Spanish; English for
//! any other). Deterministic (the same question gets the same answer) so
//! tests and demo runs are reproducible.

/// The languages customers write in: the demo contacts' `language`
/// attribute, and what [`Language::of_text`] recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    English,
    Portuguese,
    Spanish,
    /// Customers write it; the assistant answers it in English.
    French,
}

impl Language {
    /// The language a contact writes in, by their `language` attribute
    /// (English without one).
    pub fn of_attributes(attributes: &std::collections::BTreeMap<String, String>) -> Language {
        attributes
            .get("language")
            .map_or(Language::English, |tag| Language::from_tag(tag))
    }

    /// The language a contact's `language` attribute names (`pt-BR`, `es`,
    /// `fr`; anything else is English).
    pub fn from_tag(tag: &str) -> Language {
        match tag.split(['-', '_']).next().unwrap_or_default() {
            "pt" => Language::Portuguese,
            "es" => Language::Spanish,
            "fr" => Language::French,
            _ => Language::English,
        }
    }

    /// The language `text` is most likely in, by words and letters that
    /// mark each one; English when none stands out.
    pub fn of_text(text: &str) -> Language {
        const MARKS: &[(Language, &[&str])] = &[
            (
                Language::Portuguese,
                &[
                    "ã",
                    "õ",
                    "ç",
                    "olá",
                    "obrigad",
                    "quero",
                    "minha",
                    "você",
                    "bom dia",
                    "alguém",
                    "atendente",
                    "não",
                    "qual ",
                    "faço",
                    "entregam",
                    "senha",
                    "frete",
                    "preço",
                    "posso",
                    "quanto",
                    "licenças",
                    "cobrança",
                    "assinatura",
                    "isso",
                    "ainda",
                ],
            ),
            (
                Language::Spanish,
                &[
                    "¿",
                    "¡",
                    "ñ",
                    "quiero",
                    "hola",
                    "gracias",
                    "cuál",
                    "abren",
                    "horario",
                    "suscripción",
                    "envío",
                    "contraseña",
                    "precio",
                    "dónde",
                    "pedido",
                    "cuánto",
                    "olvidé",
                    "tienen",
                    "alguien",
                    "licencias",
                    "esto",
                    "todavía",
                    "sigo",
                    "ción",
                    "ayer",
                ],
            ),
            (
                Language::French,
                &[
                    "où", "bonjour", "merci", "vous", "commande", "je ", "quelqu",
                ],
            ),
        ];
        let lower = text.to_lowercase();
        let mut best = (Language::English, 0);
        for (language, marks) in MARKS {
            let score = marks.iter().filter(|mark| lower.contains(*mark)).count();
            if score > best.1 {
                best = (*language, score);
            }
        }
        best.0
    }

    /// Which of a `[English, Portuguese, Spanish]` triple answers it.
    fn index(self) -> usize {
        match self {
            Language::English | Language::French => 0,
            Language::Portuguese => 1,
            Language::Spanish => 2,
        }
    }
}

/// Topics the assistant knows, by words that signal them (English,
/// Portuguese and Spanish, as in the demo data), each with its answer in
/// English, Portuguese and Spanish. A word is the start of one of the
/// question's words ("thank" for "thanks", never "hi" in "this"); with a
/// space in it, a phrase found anywhere. The first topic mentioned wins,
/// so the narrower ones come first: "How much is shipping…?" is about
/// shipping, not the plans' prices.
const TOPICS: &[(&[&str], [&str; 3])] = &[
    (
        &[
            "deliver", "shipping", "entrega", "envío", "frete", "track", "where is my order",
            "mi pedido",
        ],
        [
            "Shipping is free above $50, $7.90 below. Orders ship within 2 business days; the link in your confirmation e-mail tracks yours.",
            "O frete é grátis acima de $50 e custa $7,90 abaixo disso. Os pedidos saem em até 2 dias úteis; o link no e-mail de confirmação mostra onde está o seu.",
            "El envío es gratis desde $50 y cuesta $7,90 por debajo. Los pedidos salen en 2 días hábiles; el enlace de tu correo de confirmación muestra dónde está el tuyo.",
        ],
    ),
    (
        &["price", "cost", "preço", "precio", "valor", "how much", "quanto", "cuánto"],
        [
            "Our plans start at $29/month. Would you like me to send you the full price list?",
            "Nossos planos começam em $29/mês. Quer que eu envie a tabela completa de preços?",
            "Nuestros planes empiezan en $29/mes. ¿Quieres que te envíe la lista de precios completa?",
        ],
    ),
    (
        &["refund", "return", "reembolso", "devolu", "cancel"],
        [
            "You can return any item within 30 days for a full refund. Shall I start the return for you?",
            "Você pode devolver qualquer item em até 30 dias com reembolso total. Quer que eu inicie a devolução?",
            "Puedes devolver cualquier artículo en 30 días con reembolso total. ¿Inicio la devolución por ti?",
        ],
    ),
    (
        &["hours", "opening", "open on", "what time", "horário", "horario"],
        [
            "We're available Monday to Friday, 8am to 8pm, and Saturdays until 2pm.",
            "Atendemos de segunda a sexta, das 8h às 20h, e aos sábados até as 14h.",
            "Atendemos de lunes a viernes, de 8 a 20 h, y los sábados hasta las 14 h.",
        ],
    ),
    (
        &["password", "login", "senha", "contraseña", "account", "conta"],
        [
            "You can reset your password from the login page with \"Forgot password\". I can send you the link now.",
            "Você pode redefinir a senha na página de login, em \"Esqueci minha senha\". Posso enviar o link agora.",
            "Puedes restablecer tu contraseña en la página de inicio de sesión, con \"Olvidé mi contraseña\". Te envío el enlace ahora.",
        ],
    ),
    (
        &["hello", "hi", "olá", "oi", "hola", "bom dia", "good morning"],
        [
            "Hello! 👋 I'm the virtual assistant. How can I help you today?",
            "Olá! 👋 Sou o assistente virtual. Como posso ajudar?",
            "¡Hola! 👋 Soy el asistente virtual. ¿En qué puedo ayudarte?",
        ],
    ),
    (
        &["thank", "obrigad", "gracias", "valeu"],
        [
            "You're welcome! Is there anything else I can help with? 😊",
            "Por nada! Posso ajudar em mais alguma coisa? 😊",
            "¡De nada! ¿Te ayudo con algo más? 😊",
        ],
    ),
];

/// Said when no topic matches, in each language: each admits the assistant
/// has no answer, and is marked so (`Message.unanswered`).
const FALLBACKS: [&[&str]; 3] = [
    &[
        "I couldn't find information about that.",
        "I'm sorry, I couldn't find information about that. Could you rephrase your question?",
        "Let me check… I couldn't find information about that in our help center.",
        "Could you give me a bit more detail so I can help?",
    ],
    &[
        "Não encontrei informações sobre isso.",
        "Desculpe, não encontrei informações sobre isso. Pode reformular a pergunta?",
        "Deixe-me ver… não encontrei informações sobre isso na nossa central de ajuda.",
        "Pode me dar mais detalhes para eu ajudar?",
    ],
    &[
        "No encontré información sobre eso.",
        "Lo siento, no encontré información sobre eso. ¿Puedes reformular la pregunta?",
        "Déjame ver… no encontré información sobre eso en nuestro centro de ayuda.",
        "¿Me das un poco más de detalle para ayudarte?",
    ],
];

/// The assistant's reply to a customer message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub text: String,
    /// A fallback: no topic matched, so the customer got no answer.
    pub unanswered: bool,
}

/// The assistant's answer to a customer message, in its language.
pub fn answer(question: &str) -> Answer {
    let lower = question.to_lowercase();
    let language = Language::of_text(question).index();
    let mentions = |key: &str| {
        if key.contains(' ') {
            lower.contains(key)
        } else {
            lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|word| word.starts_with(key))
        }
    };
    for (words, answers) in TOPICS {
        if words.iter().any(|w| mentions(w)) {
            return Answer {
                text: answers[language].to_owned(),
                unanswered: false,
            };
        }
    }
    // A stable choice among the fallbacks, from the text itself.
    let index = lower.bytes().fold(0usize, |acc, b| {
        acc.wrapping_mul(31).wrapping_add(b as usize)
    });
    let fallbacks = FALLBACKS[language];
    Answer {
        text: fallbacks[index % fallbacks.len()].to_owned(),
        unanswered: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_topics_get_their_answer_and_unknown_ones_a_fallback() {
        let price = answer("I'd like to order 3 units, what's the price?");
        assert!(
            price.text.contains("$29") && !price.unanswered,
            "a price question is a known topic, answered: {price:?}"
        );
        let shipping = answer("How much is shipping to Montréal?");
        assert!(
            shipping.text.contains("Shipping is free above"),
            "the cost of shipping is a shipping question, not the plans' price: {shipping:?}"
        );
        let angry = answer("This is useless. I've asked three times already! 😡");
        assert!(
            angry.unanswered,
            "no greeting for \"this\": words are matched whole, from their start: {angry:?}"
        );
        let crash = answer("The app crashes when I open the camera");
        assert!(
            crash.unanswered,
            "not a question about opening hours: {crash:?}"
        );
        let unknown = answer("xyzzy plugh");
        assert!(
            FALLBACKS[0].contains(&unknown.text.as_str()),
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

    #[test]
    fn the_customer_is_answered_in_their_language() {
        let portuguese = answer("Olá! Qual o preço do plano anual?");
        assert!(
            portuguese.text.starts_with("Nossos planos") && !portuguese.unanswered,
            "{portuguese:?}"
        );
        let spanish = answer("¿Cuánto cuesta el envío a Bogotá?");
        assert!(
            spanish.text.starts_with("El envío es gratis"),
            "{spanish:?}"
        );
        let unknown = answer("¿Tienen descuento para estudiantes? 🎓");
        assert!(
            FALLBACKS[2].contains(&unknown.text.as_str()) && unknown.unanswered,
            "Spanish, not a topic: a Spanish fallback {unknown:?}"
        );
        let french = answer("Où est ma commande ?");
        assert!(
            FALLBACKS[0].contains(&french.text.as_str()),
            "French is answered in English: {french:?}"
        );
    }

    #[test]
    fn a_language_is_told_by_its_words_or_its_tag() {
        for (text, language) in [
            ("Minha senha não funciona 😕", Language::Portuguese),
            ("Bom dia! ☀️", Language::Portuguese),
            ("Quiero cancelar mi suscripción", Language::Spanish),
            ("¿Abren los domingos?", Language::Spanish),
            ("Bonjour, vous livrez à Montréal ?", Language::French),
            ("Can I pay with Pix?", Language::English),
            ("🤬🤬🤬", Language::English),
        ] {
            assert_eq!(Language::of_text(text), language, "{text}");
        }
        assert_eq!(Language::from_tag("pt-BR"), Language::Portuguese);
        assert_eq!(Language::from_tag("es"), Language::Spanish);
        assert_eq!(Language::from_tag("fr"), Language::French);
        assert_eq!(Language::from_tag("de"), Language::English);
    }
}
