//! The state every connection shares: the world, the ActionCable fan-out
//! and the fault switches.

use std::sync::atomic::{AtomicBool, AtomicUsize};
use std::sync::Mutex;

use serde_json::Value;
use tokio::sync::{broadcast, watch};

use crate::model::{now, Actor, Sender, Status, World, INCOMING, OUTGOING};
use crate::views;
use crate::world::{Error, Event};

pub struct Shared {
    pub world: Mutex<World>,
    /// Every broadcast goes to all inbox members, which in the fake are all
    /// users; each cable subscription of a user forwards it.
    pub events: broadcast::Sender<Event>,
    /// Bumped to close every open cable socket.
    pub cable_generation: watch::Sender<u64>,
    pub unreachable: AtomicBool,
    pub lose_next_reply: AtomicBool,
    pub rate_limited: AtomicUsize,
    pub requests: AtomicUsize,
}

impl Shared {
    pub fn new(world: World) -> Shared {
        Shared {
            world: Mutex::new(world),
            events: broadcast::channel(4096).0,
            cable_generation: watch::channel(0).0,
            unreachable: AtomicBool::new(false),
            lose_next_reply: AtomicBool::new(false),
            rate_limited: AtomicUsize::new(0),
            requests: AtomicUsize::new(0),
        }
    }

    /// Applies a change and broadcasts its events while still holding the
    /// world, so that subscribers see changes in the order they happened.
    pub fn change(
        &self,
        f: impl FnOnce(&mut World) -> Result<Vec<Event>, Error>,
    ) -> Result<(), Error> {
        let mut world = self.world.lock().expect("world lock");
        let events = f(&mut world)?;
        for event in events {
            // No subscriber is not an error: nobody is listening.
            let _ = self.events.send(event);
        }
        Ok(())
    }

    pub fn close_cable_connections(&self) {
        self.cable_generation.send_modify(|g| *g += 1);
    }
}

/// The other side of the conversation and the faults: what the library
/// API and the `/__fake/` control endpoints both drive.
impl Shared {
    pub fn customer_starts(&self, contact_name: &str, phone: Option<&str>, text: &str) -> u64 {
        let mut started = 0;
        self.change(|w| {
            let (id, events) = w.customer_starts(contact_name, phone, text, now());
            started = id;
            Ok(events)
        })
        .expect("starting a conversation cannot fail");
        started
    }

    pub fn customer_writes(&self, display_id: u64, text: &str) -> Result<(), Error> {
        self.change(|w| {
            let contact = w
                .conversation(display_id)
                .ok_or(Error::NotFound)?
                .contact_id;
            let at = now();
            w.add_message(
                display_id,
                text,
                INCOMING,
                Sender::Contact(contact),
                None,
                at,
            )
            .map(|(_, events)| events)
        })
    }

    pub fn bot_replies(&self, display_id: u64, text: &str) -> Result<(), Error> {
        self.change(|w| {
            w.add_message(display_id, text, OUTGOING, Sender::Bot, None, now())
                .map(|(_, events)| events)
        })
    }

    /// The bot calls `toggle_status` with `status: open` on a pending
    /// conversation: Chatwoot's `bot_handoff!`.
    pub fn bot_hands_off(&self, display_id: u64) -> Result<(), Error> {
        self.change(|w| w.toggle_status(display_id, Some(Status::Open), None, Actor::Bot, now()))
    }

    pub fn snooze_ends(&self, display_id: u64) -> Result<(), Error> {
        self.change(|w| w.snooze_ends(display_id, now()))
    }

    /// History, not live traffic: nothing is broadcast.
    pub fn seed(&self, n: usize, messages_each: usize, days: u32) -> Vec<u64> {
        let mut world = self.world.lock().expect("world lock");
        let span = f64::from(days.max(1)) * 86_400.0;
        let start = now() - span;
        (0..n)
            .map(|i| {
                // Oldest first, so ids and timestamps grow together.
                let begins = start + span * (i as f64) / (n as f64);
                let (id, _) = world.customer_starts(
                    &format!("Seeded Customer {}", i + 1),
                    None,
                    &format!("Hello, question {} from the seed", i + 1),
                    begins,
                );
                for k in 1..messages_each {
                    let at = begins + k as f64 * 30.0;
                    let contact = world.conversation(id).expect("seeded").contact_id;
                    let (kind, sender, text) = if k % 2 == 1 {
                        (OUTGOING, Sender::Bot, format!("Bot answer {k}"))
                    } else {
                        (
                            INCOMING,
                            Sender::Contact(contact),
                            format!("Customer follow-up {k}"),
                        )
                    };
                    let _ = world.add_message(id, &text, kind, sender, None, at);
                }
                // Every third seeded conversation was handed off already.
                if i % 3 == 2 {
                    let at = begins + messages_each as f64 * 30.0;
                    let _ = world.toggle_status(id, Some(Status::Open), None, Actor::Bot, at);
                }
                id
            })
            .collect()
    }

    pub fn messages_json(&self, display_id: u64) -> Vec<Value> {
        let world = self.world.lock().expect("world lock");
        let mut found: Vec<_> = world.messages_of(display_id).collect();
        found.sort_by(|a, b| a.created_at.total_cmp(&b.created_at).then(a.id.cmp(&b.id)));
        found
            .iter()
            .map(|m| views::message_view(&world, m))
            .collect()
    }

    pub fn conversation_json(&self, display_id: u64) -> Option<Value> {
        let world = self.world.lock().expect("world lock");
        world
            .conversation(display_id)
            .map(|c| views::conversation_view(&world, c))
    }
}

impl Shared {
    /// A server that is down: the connection layer refuses every request
    /// and connection, and open cable sockets are cut.
    pub fn set_unreachable(&self, yes: bool) {
        self.unreachable
            .store(yes, std::sync::atomic::Ordering::SeqCst);
        if yes {
            self.close_cable_connections();
        }
    }
}
