//! The live traffic of `serve --demo`: customers writing, new
//! conversations, transfers and closes, driven through [`Control`] like a
//! test script would.
//!
//! Driven by a seeded `StdRng`, so `--seed N` reproduces the same sequence
//! of simulated choices.

use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use switchboard_protocol::{AssistantState, ConversationStatus};
use tokio_util::sync::CancellationToken;

use crate::assistant::Language;
use crate::control::Control;
use crate::error::Result;
use crate::fake::{self, CHANNELS, CUSTOMER_LINES, WAITING_LINES};

/// The live traffic of `--demo`: customer messages at `rate` per second, a
/// new conversation every ~10 s, a transfer every 20–40 s, a close every
/// ~20 s. Runs until `stop` is cancelled. A change that loses a race with
/// an agent (say, the conversation was just closed) is skipped.
pub(crate) async fn simulate(control: Control, seed: u64, rate: f64, stop: CancellationToken) {
    let mut rng = StdRng::seed_from_u64(seed.wrapping_add(0x5eed));
    let message_every = Duration::from_secs_f64(1.0 / rate.clamp(0.01, 100_000.0));
    let mut next_message = tokio::time::Instant::now() + message_every;
    let mut next_transfer = tokio::time::Instant::now() + secs(&mut rng, 15, 30);
    let mut next_conversation = tokio::time::Instant::now() + secs(&mut rng, 6, 14);
    let mut next_close = tokio::time::Instant::now() + secs(&mut rng, 15, 25);
    let mut new_contacts = 0usize;
    loop {
        let deadline = next_message
            .min(next_transfer)
            .min(next_conversation)
            .min(next_close);
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = tokio::time::sleep_until(deadline) => {}
        }
        let now = tokio::time::Instant::now();
        let action = if now >= next_transfer {
            next_transfer = now + secs(&mut rng, 20, 40);
            Action::Transfer
        } else if now >= next_conversation {
            next_conversation = now + secs(&mut rng, 6, 14);
            new_contacts += 1;
            Action::NewConversation(new_contacts)
        } else if now >= next_close {
            next_close = now + secs(&mut rng, 15, 25);
            Action::Close
        } else {
            next_message += message_every;
            if next_message < now {
                // Fell behind (a slow disk): skip rather than burst.
                next_message = now + message_every;
            }
            Action::CustomerMessage
        };
        let choice: u64 = rng.gen();
        let control = control.clone();
        let result = tokio::task::spawn_blocking(move || act(&control, action, choice)).await;
        match result {
            Ok(Ok(())) => {}
            Ok(Err(error)) => tracing::debug!(%error, "simulated change skipped"),
            Err(error) => tracing::warn!(%error, "simulator task failed"),
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Action {
    CustomerMessage,
    NewConversation(usize),
    Transfer,
    Close,
}

fn secs(rng: &mut StdRng, low: u64, high: u64) -> Duration {
    Duration::from_millis(rng.gen_range(low * 1000..high * 1000))
}

/// Carries out one simulated change; `choice` seeds its random picks so
/// the blocking thread needs no shared RNG.
fn act(control: &Control, action: Action, choice: u64) -> Result<()> {
    let mut rng = StdRng::seed_from_u64(choice);
    let candidates = control.recent_conversations(100)?;
    let pick_where =
        |rng: &mut StdRng, want: &dyn Fn(&switchboard_protocol::Conversation) -> bool| {
            let matching: Vec<_> = candidates.iter().filter(|c| want(c)).collect();
            (!matching.is_empty()).then(|| matching[rng.gen_range(0..matching.len())].clone())
        };
    match action {
        Action::CustomerMessage => {
            if let Some(c) = pick_where(&mut rng, &|c| c.status != ConversationStatus::Closed) {
                let language = language_of(control, &c);
                let line = match c.status {
                    ConversationStatus::Transferred if rng.gen_bool(0.5) => {
                        fake::line_in(&mut rng, WAITING_LINES, language)
                    }
                    _ => fake::line_in(&mut rng, CUSTOMER_LINES, language),
                };
                control.customer_message(c.id, line)?;
            }
        }
        Action::NewConversation(n) => {
            let channel = fake::pick(&mut rng, CHANNELS);
            let returning = rng.gen_bool(0.25);
            let (conversation, language) =
                match pick_where(&mut rng, &|c| c.status == ConversationStatus::Closed) {
                    Some(old) if returning => (
                        control.start_conversation_for_contact(old.contact_id, channel)?,
                        language_of(control, &old),
                    ),
                    _ => {
                        let person = fake::person(&mut rng, 10_000 + n, channel);
                        let language = fake::language_of(&person);
                        (control.start_conversation(person, channel)?, language)
                    }
                };
            let line = fake::line_in(&mut rng, CUSTOMER_LINES, language);
            control.customer_message(conversation.id, line)?;
        }
        Action::Transfer => {
            let open = |c: &switchboard_protocol::Conversation| {
                c.status == ConversationStatus::Open && c.assistant_state == AssistantState::Active
            };
            if let Some(c) = pick_where(&mut rng, &open) {
                let (reason, line) = fake::transfer_in(&mut rng, language_of(control, &c));
                control.customer_message(c.id, line)?;
                control.transfer(c.id, reason)?;
            }
        }
        Action::Close => {
            if let Some(c) = pick_where(&mut rng, &|c| c.status != ConversationStatus::Closed) {
                control.close(c.id)?;
            }
        }
    }
    Ok(())
}

/// The language a conversation's customer writes in: their contact's
/// `language` attribute, as the demo gave it.
fn language_of(control: &Control, conversation: &switchboard_protocol::Conversation) -> Language {
    match control.contact(conversation.contact_id) {
        Ok(Some(contact)) => Language::of_attributes(&contact.attributes),
        _ => Language::English,
    }
}
