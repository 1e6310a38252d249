//! The demo data set of `serve --demo`: a few days of history.
//!
//! Driven by a seeded `StdRng`, so `--seed N` reproduces the same data set
//! (the live traffic that follows is [`crate::simulator`]'s).
//!
//! It is made so that a newcomer's daily review of yesterday has something
//! in every section: questions the assistant could not answer (some asked
//! by several customers), price and opening-hours questions, transfers on
//! every day (the older ones answered by an agent, then closed or handed
//! back to the assistant; a few contacts transferred again and again), and
//! customers who asked about buying and then went quiet.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use switchboard_protocol::{AssistantState, Me, Role};

use crate::error::Result;
use crate::event_log::WriteTx;
use crate::fake::{self, CHANNELS, CUSTOMER_LINES, WAITING_LINES};
use crate::seed::SeedReport;
use crate::tokens;
use crate::writes::{self, Actor, NewContact};

/// Contacts in the demo data set; some return with more conversations.
const DEMO_CONTACTS: usize = 240;
/// The first contacts are hard cases: each returns twice, and every one of
/// their conversations ends transferred.
const HARD_CASES: usize = 4;
const DAY_MS: i64 = 24 * 3600 * 1000;
/// The colleague who answered the older transfers and handles some recent
/// ones, so that the demo shows "Bea replied" and "Bea is handling this".
/// Nobody signs in as her: her token is not kept.
const COLLEAGUE: &str = "Bea";
const MINUTE_MS: i64 = 60_000;

/// One contact's story in the seeded history.
enum Ending {
    StillOpen,
    Transferred(&'static str, &'static str),
    Closed,
    Paused,
    Blocked,
}

/// Seeds a few hundred conversations over the past three days, oldest
/// first: returning contacts (their earlier conversations closed), some
/// transferred and waiting (some taken by a colleague), some closed,
/// paused or blocked.
pub(crate) fn seed(w: &mut WriteTx<'_>, seed: u64) -> Result<SeedReport> {
    let mut rng = StdRng::seed_from_u64(seed);
    // Its own generator, so the rest of the data set stays what it was
    // before colleagues took transfers.
    let mut takes = StdRng::seed_from_u64(seed ^ 0x5eed_0b0b);
    tokens::create(w.conn(), Role::Agent, COLLEAGUE, w.now(), None)?;
    let colleague = Me {
        id: w.conn().last_insert_rowid(),
        name: COLLEAGUE.into(),
        role: Role::Agent,
    };
    let end = w.now();
    let start = end - 3 * DAY_MS;
    let mut report = SeedReport::default();
    let mut people: Vec<(NewContact, &'static str)> = Vec::new();
    for i in 0..DEMO_CONTACTS {
        let channel = fake::pick(&mut rng, CHANNELS);
        people.push((fake::person(&mut rng, i + 1, channel), channel));
    }
    // A returning contact appears more than once; visits are in time order.
    let mut visits: Vec<usize> = (0..DEMO_CONTACTS).collect();
    for _ in 0..DEMO_CONTACTS / 4 {
        visits.push(rng.gen_range(0..DEMO_CONTACTS));
    }
    for hard_case in 0..HARD_CASES {
        visits.extend([hard_case, hard_case]);
    }
    for i in (1..visits.len()).rev() {
        visits.swap(i, rng.gen_range(0..=i));
    }
    let step = (3 * DAY_MS - 3_600_000) / visits.len() as i64;
    let mut open_of_contact: Vec<Option<i64>> = vec![None; DEMO_CONTACTS];
    for (n, person_index) in visits.into_iter().enumerate() {
        w.set_now(start + n as i64 * step);
        let (person, channel) = &people[person_index];
        // A customer writes in their own language throughout.
        let language = fake::language_of(person);
        // A returning contact's earlier conversation was closed.
        if let Some(previous) = open_of_contact[person_index].take() {
            let _ = writes::close(w, Actor::Backend, previous);
        }
        let (conversation, _) = writes::start_conversation(w, person, channel)?;
        report.conversations += 1;
        let turns = rng.gen_range(1..=4);
        for _ in 0..turns {
            w.set_now(w.now() + rng.gen_range(20_000..180_000));
            let line = fake::line_in(&mut rng, CUSTOMER_LINES, language);
            let turn = writes::customer_message(w, conversation.id, line)?;
            report.messages += 1 + usize::from(turn.answer.is_some());
        }
        // The last hours' transfers still wait for a human.
        let recent = n as i64 * step > 3 * DAY_MS - 6 * 3_600_000;
        let ending = match rng.gen_range(0..100) {
            _ if person_index < HARD_CASES => {
                let (reason, line) = fake::transfer_in(&mut rng, language);
                Ending::Transferred(reason, line)
            }
            0..=11 => {
                let (reason, line) = fake::transfer_in(&mut rng, language);
                Ending::Transferred(reason, line)
            }
            12..=29 => Ending::Closed,
            30..=34 => Ending::Paused,
            35..=37 => Ending::Blocked,
            _ => Ending::StillOpen,
        };
        w.set_now(w.now() + rng.gen_range(20_000..120_000));
        match ending {
            Ending::StillOpen => open_of_contact[person_index] = Some(conversation.id),
            Ending::Transferred(reason, line) => {
                writes::customer_message(w, conversation.id, line)?;
                writes::transfer(w, conversation.id, reason)?;
                if rng.gen_bool(0.5) {
                    w.set_now(w.now() + rng.gen_range(30_000..300_000));
                    writes::customer_message(
                        w,
                        conversation.id,
                        fake::line_in(&mut rng, WAITING_LINES, language),
                    )?;
                }
                if !recent {
                    answer_transfer(w, &mut rng, &colleague, conversation.id)?;
                } else if takes.gen_ratio(1, 3) {
                    w.set_now(w.now() + takes.gen_range(10_000..120_000));
                    writes::take(w, &colleague, conversation.id, false)?;
                }
            }
            Ending::Closed => {
                writes::close(w, Actor::Backend, conversation.id)?;
            }
            Ending::Paused => {
                writes::set_assistant(w, Actor::Backend, conversation.id, AssistantState::Paused)?;
            }
            Ending::Blocked => {
                writes::set_assistant(w, Actor::Backend, conversation.id, AssistantState::Blocked)?;
                writes::customer_message(w, conversation.id, "🤬🤬🤬")?;
            }
        }
    }
    w.set_now(end);
    report.last_seq = w.next_seq() - 1;
    Ok(report)
}

/// An agent picks up an older transfer within the hour, then closes the
/// conversation or hands it back to the assistant.
fn answer_transfer(
    w: &mut WriteTx<'_>,
    rng: &mut StdRng,
    agent: &Me,
    conversation_id: i64,
) -> Result<()> {
    w.set_now(w.now() + rng.gen_range(2 * MINUTE_MS..60 * MINUTE_MS));
    let greeting = format!("Hi, {} here. I'm looking into it now.", agent.name);
    writes::agent_reply(w, agent, conversation_id, &greeting)?;
    w.set_now(w.now() + rng.gen_range(5 * MINUTE_MS..30 * MINUTE_MS));
    if rng.gen_bool(0.6) {
        writes::close(w, Actor::Agent(agent), conversation_id)?;
    } else {
        writes::set_assistant(
            w,
            Actor::Agent(agent),
            conversation_id,
            AssistantState::Active,
        )?;
    }
    Ok(())
}
