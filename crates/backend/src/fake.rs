//! Realistic made-up people and lines for the demo and the bulk seeder:
//! accents, emoji, phones in several formats, several languages.

use rand::seq::SliceRandom;
use rand::Rng;

use crate::assistant::Language::{self, English, French, Portuguese, Spanish};
use crate::writes::NewContact;

const FIRST_NAMES: &[&str] = &[
    "João",
    "María",
    "Zoë",
    "François",
    "Ana",
    "Łukasz",
    "Renée",
    "José",
    "Chloé",
    "Mårten",
    "Björn",
    "Inês",
    "Gonçalo",
    "Søren",
    "Aïcha",
    "Sebastián",
    "Camila",
    "Lucía",
    "Thiago",
    "Amélie",
    "Jürgen",
    "Ayşe",
    "Priya",
    "Wei",
    "Olamide",
    "Hiroshi",
    "Fátima",
    "Noah",
    "Bruna",
    "Mateus",
];

const LAST_NAMES: &[&str] = &[
    "Silva",
    "Gonçalves",
    "Müller",
    "García",
    "Núñez",
    "Peña",
    "Ødegaard",
    "Dubois",
    "Łęcka",
    "Santos",
    "Ibáñez",
    "O'Brien",
    "Conceição",
    "Kowalski",
    "Yılmaz",
    "Nakamura",
    "Okafor",
    "Fernández",
    "Schäfer",
    "Araújo",
];

const CITIES: &[&str] = &[
    "São Paulo",
    "Curitiba",
    "Bogotá",
    "México",
    "Lisboa",
    "Montréal",
    "Málaga",
    "Köln",
];
const PLANS: &[&str] = &["Free", "Básico", "Pro", "Enterprise"];
/// Customers' languages, as often as they come: the assistant does not
/// speak French, so its few French speakers are the review's unanswered
/// questions to fix, not most of them.
const LANGUAGES: &[&str] = &["pt-BR", "pt-BR", "es", "es", "en", "en", "en", "fr"];
const DOMAINS: &[&str] = &["example.com", "example.org", "mail.example.net"];

/// Channels conversations come from.
pub(crate) const CHANNELS: &[&str] = &["whatsapp", "whatsapp", "web", "instagram", "email"];

/// Things customers say to the assistant, in their language.
pub(crate) const CUSTOMER_LINES: &[(Language, &str)] = &[
    (Portuguese, "Olá! Qual o preço do plano anual?"),
    (Portuguese, "Minha senha não funciona 😕"),
    (Portuguese, "Vocês entregam em Curitiba?"),
    (Portuguese, "Bom dia! ☀️"),
    (Portuguese, "Obrigado! 🙏"),
    (Portuguese, "Quero comprar o plano Pro, como faço?"),
    (Portuguese, "Posso pagar com Pix?"),
    (Portuguese, "Quanto custa o frete para Lisboa?"),
    (Spanish, "¿Cuál es el horario de atención?"),
    (Spanish, "Quiero cancelar mi suscripción"),
    (Spanish, "¿Abren los domingos?"),
    (Spanish, "Hola, ¿dónde está mi pedido? 📦"),
    (Spanish, "¿Cuánto cuesta el envío a Bogotá?"),
    (Spanish, "¿Tienen descuento para estudiantes? 🎓"),
    (Spanish, "¡Gracias! 🙌"),
    (English, "Hi, where is my order? 📦"),
    (English, "I'd like a refund for order #4521"),
    (English, "Can I pay with Pix?"),
    (English, "How much is shipping to Montréal?"),
    (English, "Does the Pro plan include the API?"),
    (English, "Is there a student discount? 🎓"),
    (English, "My invoice shows the wrong CNPJ"),
    (English, "The app crashes when I open the camera"),
    (English, "Can I change the delivery address?"),
    (English, "Thanks, that helped 👍"),
    (English, "I'd like to order 3 units, what's the price?"),
    (French, "Où est ma commande ?"),
    (French, "Bonjour, vous livrez à Montréal ?"),
    (French, "Je peux régler par carte ?"),
    (French, "Merci beaucoup !"),
];

/// What customers say while nobody answers.
pub(crate) const WAITING_LINES: &[(Language, &str)] = &[
    (English, "Hello? Is anyone there?"),
    (English, "Still waiting… ⏳"),
    (English, "Any news?"),
    (Portuguese, "Alguém aí?"),
    (Portuguese, "Ainda estou esperando… ⏳"),
    (Spanish, "¿Hay alguien ahí?"),
    (Spanish, "Sigo esperando… ⏳"),
    (French, "Il y a quelqu'un ?"),
];

/// Why conversations are handed to a human, with what the customer said.
pub(crate) const TRANSFERS: &[(&str, Language, &str)] = &[
    (
        "unhappy customer",
        English,
        "This is useless. I've asked three times already! 😡",
    ),
    (
        "unhappy customer",
        Portuguese,
        "Isso não resolve nada. Já perguntei três vezes! 😡",
    ),
    (
        "unhappy customer",
        Spanish,
        "Esto no sirve. ¡Ya pregunté tres veces! 😡",
    ),
    (
        "price negotiation",
        English,
        "I'm buying 50 licenses, can you give me a better price?",
    ),
    (
        "price negotiation",
        Portuguese,
        "Vou comprar 50 licenças, vocês fazem um preço melhor?",
    ),
    (
        "price negotiation",
        Spanish,
        "Voy a comprar 50 licencias, ¿me pueden dar un mejor precio?",
    ),
    (
        "asked for a human",
        English,
        "I want to talk to a human, please.",
    ),
    (
        "asked for a human",
        Portuguese,
        "Quero falar com um atendente",
    ),
    (
        "asked for a human",
        Spanish,
        "Quiero hablar con una persona, por favor.",
    ),
    (
        "asked for a human",
        French,
        "Je voudrais parler à quelqu'un, s'il vous plaît.",
    ),
    (
        "unhappy customer",
        French,
        "Je l'ai déjà demandé trois fois ! 😡",
    ),
    (
        "refund above the assistant's limit",
        Portuguese,
        "Preciso de um reembolso de R$ 2.300,00 por uma cobrança duplicada",
    ),
    (
        "refund above the assistant's limit",
        English,
        "I need a refund of $2,300.00 for a duplicate charge",
    ),
    (
        "complex technical issue",
        English,
        "The integration returns error 502 since yesterday's update",
    ),
    (
        "complex technical issue",
        Spanish,
        "La integración devuelve el error 502 desde la actualización de ayer",
    ),
];

/// A line in `language` from `lines` (one in any language where it has
/// none), so that a customer keeps to one language.
pub(crate) fn line_in(
    rng: &mut impl Rng,
    lines: &[(Language, &'static str)],
    language: Language,
) -> &'static str {
    let theirs: Vec<&'static str> = lines
        .iter()
        .filter(|(l, _)| *l == language)
        .map(|(_, line)| *line)
        .collect();
    if theirs.is_empty() {
        pick(rng, lines).1
    } else {
        pick(rng, &theirs)
    }
}

/// A transfer's reason and what the customer said, in `language` where
/// there is one.
pub(crate) fn transfer_in(rng: &mut impl Rng, language: Language) -> (&'static str, &'static str) {
    let theirs: Vec<(&'static str, &'static str)> = TRANSFERS
        .iter()
        .filter(|(_, l, _)| *l == language)
        .map(|(reason, _, line)| (*reason, *line))
        .collect();
    if theirs.is_empty() {
        let (reason, _, line) = pick(rng, TRANSFERS);
        (reason, line)
    } else {
        pick(rng, &theirs)
    }
}

/// The language a made-up contact writes in (their `language` attribute).
pub(crate) fn language_of(contact: &NewContact) -> Language {
    Language::of_attributes(&contact.attributes)
}

/// Replaces accented letters for e-mail addresses.
fn ascii_fold(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            let folded = match c {
                'á' | 'à' | 'â' | 'ã' | 'å' | 'ä' => 'a',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'í' | 'ï' | 'ı' => 'i',
                'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ø' => 'o',
                'ú' | 'ü' => 'u',
                'ç' => 'c',
                'ñ' => 'n',
                'ł' | 'Ł' => 'l',
                'ş' => 's',
                'ę' => 'e',
                c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
                c if c.is_ascii_uppercase() => c.to_ascii_lowercase(),
                _ => return None,
            };
            Some(folded)
        })
        .collect()
}

fn phone(rng: &mut impl Rng) -> String {
    let (a, b, c) = (
        rng.gen_range(1000..9999),
        rng.gen_range(1000..9999),
        rng.gen_range(10..99),
    );
    match rng.gen_range(0..6) {
        0 => format!("+55 {c} 9{a}-{b}"),
        1 => format!("({c}) 9{a}-{b}"),
        2 => format!("+1 (415) 555-{a}"),
        3 => format!("+44 20 {a} {b}"),
        4 => format!("+34 6{c} {} {}", a / 100, b),
        _ => format!("55{c}9{a}{b}"),
    }
}

/// A made-up customer; `index` makes the external id unique.
pub(crate) fn person(rng: &mut impl Rng, index: usize, channel: &str) -> NewContact {
    let first = FIRST_NAMES.choose(rng).copied().unwrap_or("Ana");
    let last = LAST_NAMES.choose(rng).copied().unwrap_or("Silva");
    let name = format!("{first} {last}");
    let email = rng.gen_bool(0.8).then(|| {
        format!(
            "{}.{}{}@{}",
            ascii_fold(first),
            ascii_fold(last),
            index,
            DOMAINS.choose(rng).copied().unwrap_or("example.com")
        )
    });
    let phone = rng.gen_bool(0.85).then(|| phone(rng));
    let mut contact = NewContact {
        name,
        phone,
        email,
        external_id: Some(format!("CUST-{index:05}")),
        chat_id: Some(format!("{channel}:{:08x}", rng.gen::<u32>())),
        ..NewContact::default()
    };
    contact.attributes.insert(
        "city".into(),
        CITIES.choose(rng).copied().unwrap_or("Lisboa").into(),
    );
    contact.attributes.insert(
        "plan".into(),
        PLANS.choose(rng).copied().unwrap_or("Pro").into(),
    );
    contact.attributes.insert(
        "language".into(),
        LANGUAGES.choose(rng).copied().unwrap_or("en").into(),
    );
    if rng.gen_bool(0.3) {
        contact
            .attributes
            .insert("order".into(), format!("#{}", rng.gen_range(1000..99999)));
    }
    contact
}

/// A random element; the lists above are never empty.
pub(crate) fn pick<T: Copy>(rng: &mut impl Rng, items: &[T]) -> T {
    items[rng.gen_range(0..items.len())]
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn people_are_reproducible_from_the_seed_and_have_ascii_emails() {
        let a = person(&mut rand::rngs::StdRng::seed_from_u64(7), 1, "web");
        let b = person(&mut rand::rngs::StdRng::seed_from_u64(7), 1, "web");
        assert_eq!(a, b, "the same seed must make the same person");
        for i in 0..200 {
            let p = person(&mut rand::rngs::StdRng::seed_from_u64(i), i as usize, "web");
            if let Some(email) = p.email {
                assert!(
                    email.is_ascii(),
                    "e-mail addresses are folded to ASCII: {email}"
                );
            }
        }
    }

    #[test]
    fn every_line_is_in_the_language_it_is_listed_under() {
        let lines = CUSTOMER_LINES.iter().chain(WAITING_LINES).copied().chain(
            TRANSFERS
                .iter()
                .map(|(_, language, line)| (*language, *line)),
        );
        for (language, line) in lines {
            assert_eq!(Language::of_text(line), language, "{line}");
        }
    }

    #[test]
    fn a_customer_keeps_to_their_language() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(3);
        for _ in 0..50 {
            let line = line_in(&mut rng, CUSTOMER_LINES, Spanish);
            assert_eq!(Language::of_text(line), Spanish, "{line}");
            let (_, said) = transfer_in(&mut rng, Portuguese);
            assert_eq!(Language::of_text(said), Portuguese, "{said}");
        }
    }
}
