//! Random but reproducible customer and assistant traffic, driven through
//! the backend's `Control` like the simulator: new conversations, messages,
//! transfers, pauses, blocks, closes. Records every transfer it caused.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use switchboard_backend::{Control, NewContact};
use switchboard_protocol::AssistantState;
use switchboard_store::TransferKey;

pub struct Traffic {
    rng: StdRng,
    conversations: Vec<i64>,
    /// Every transfer the server committed, in order.
    pub transfers: Vec<TransferKey>,
    next_contact: u64,
}

impl Traffic {
    pub fn new(seed: u64) -> Traffic {
        Traffic {
            rng: StdRng::seed_from_u64(seed),
            conversations: Vec::new(),
            transfers: Vec::new(),
            next_contact: 0,
        }
    }

    /// One random action. Actions the server refuses in the current state
    /// (transferring a closed conversation, …) are part of realistic traffic
    /// and change nothing.
    pub fn step(&mut self, control: &Control) {
        if self.conversations.len() < 3 || self.rng.gen_bool(0.15) {
            self.start(control);
            return;
        }
        let id = self.conversations[self.rng.gen_range(0..self.conversations.len())];
        match self.rng.gen_range(0..10) {
            0..=4 => {
                let _ = control.customer_message(id, &format!("message {}", self.rng.gen::<u32>()));
            }
            5 | 6 => self.transfer(control, id),
            7 => {
                // Reactivating reopens a transferred conversation, so it can
                // be transferred again: a second, distinct transfer.
                let _ = control.set_assistant(id, AssistantState::Active);
            }
            8 => {
                let state = if self.rng.gen_bool(0.5) {
                    AssistantState::Paused
                } else {
                    AssistantState::Blocked
                };
                let _ = control.set_assistant(id, state);
            }
            _ => {
                if self.rng.gen_bool(0.3) {
                    let _ = control.close(id);
                } else {
                    let _ = control.customer_message(id, "still there?");
                }
            }
        }
    }

    pub fn start(&mut self, control: &Control) -> i64 {
        self.next_contact += 1;
        let n = self.next_contact;
        let contact = NewContact {
            email: Some(format!("customer{n}@example.com")),
            phone: Some(format!("+55 11 9{n:04}-0000")),
            ..NewContact::named(format!("Customer {n}"))
        };
        let conversation = control
            .start_conversation(contact, if n % 2 == 0 { "whatsapp" } else { "web" })
            .expect("start conversation");
        self.conversations.push(conversation.id);
        conversation.id
    }

    pub fn transfer(&mut self, control: &Control, id: i64) {
        if let Ok(conversation) = control.transfer(id, "asked for a human") {
            self.transfers.push(TransferKey {
                conversation_id: conversation.id,
                transferred_at: conversation.transferred_at.expect("a transfer has a time"),
            });
        }
    }
}
