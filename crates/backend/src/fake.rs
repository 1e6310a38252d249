//! Realistic made-up people and lines for the demo and the bulk seeder:
//! accents, emoji, phones in several formats, several languages.

use rand::seq::SliceRandom;
use rand::Rng;

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
const LANGUAGES: &[&str] = &["pt-BR", "es", "en", "fr"];
const DOMAINS: &[&str] = &["example.com", "example.org", "mail.example.net"];

/// Channels conversations come from.
pub(crate) const CHANNELS: &[&str] = &["whatsapp", "whatsapp", "web", "instagram", "email"];

/// Things customers say to the assistant.
pub(crate) const CUSTOMER_LINES: &[&str] = &[
    "Olá! Qual o preço do plano anual?",
    "Hi, where is my order? 📦",
    "¿Cuál es el horario de atención?",
    "I'd like a refund for order #4521",
    "Minha senha não funciona 😕",
    "Can I pay with Pix?",
    "Vocês entregam em Curitiba?",
    "Bom dia! ☀️",
    "How much is shipping to Montréal?",
    "Quiero cancelar mi suscripción",
    "Does the Pro plan include the API?",
    "Is there a student discount? 🎓",
    "Obrigado! 🙏",
    "My invoice shows the wrong CNPJ",
    "The app crashes when I open the camera",
    "Can I change the delivery address?",
    "Où est ma commande ?",
    "Thanks, that helped 👍",
    "I'd like to order 3 units, what's the price?",
    "Quero comprar o plano Pro, como faço?",
    "¿Abren los domingos?",
];

/// What customers say while nobody answers.
pub(crate) const WAITING_LINES: &[&str] = &[
    "Hello? Is anyone there?",
    "Still waiting… ⏳",
    "Alguém aí?",
    "Any news?",
];

/// Why conversations are handed to a human, with what the customer said.
pub(crate) const TRANSFERS: &[(&str, &str)] = &[
    (
        "unhappy customer",
        "This is useless. I've asked three times already! 😡",
    ),
    (
        "price negotiation",
        "I'm buying 50 licenses, can you give me a better price?",
    ),
    ("asked for a human", "I want to talk to a human, please."),
    ("asked for a human", "Quero falar com um atendente"),
    (
        "refund above the assistant's limit",
        "I need a refund of R$ 2.300,00 for a duplicate charge",
    ),
    (
        "complex technical issue",
        "The integration returns error 502 since yesterday's update",
    ),
];

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
}
