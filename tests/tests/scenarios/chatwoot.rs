//! The real app signed in to Chatwoot (the fake Chatwoot binary, on
//! loopback): Chatwoot's conversations in the list, a bot handoff raised
//! once on the desktop, the agent's reply stored in Chatwoot once (the
//! conversation theirs, no longer waiting), the server named in the top bar
//! and a snoozed conversation shown as snoozed.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{ensure, Context, Result};
use serde_json::Value;
use switchboard_e2e::chatwoot::ChatwootProcess;
use switchboard_e2e::desktop::Desktop;
use switchboard_e2e::screen::Screen;

use super::ui::*;

/// `Message.message_types[:outgoing]` (app/models/message.rb).
const OUTGOING: u64 = 1;

/// The outgoing messages of `messages` whose content is `text`.
fn outgoing_with(messages: &[Value], text: &str) -> usize {
    messages
        .iter()
        .filter(|m| m["message_type"].as_u64() == Some(OUTGOING) && m["content"] == text)
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "end-to-end: needs the built app, Xvfb and tauri-driver; run scripts/e2e.sh"]
async fn s20_chatwoot_conversations_are_listed_a_bot_handoff_notifies_once_and_a_reply_arrives_once(
) -> Result<()> {
    // Declaration order: dropped in reverse, the app before the server
    // and the server before its machine.
    let desktop = Desktop::new().await?;
    let chatwoot = ChatwootProcess::start(desktop.dir()).await?;
    let rosa = chatwoot
        .customer_starts("Rosa Lima", "Do you deliver on Sundays?")
        .await?;
    chatwoot
        .bot_replies(rosa, "We deliver every day, Sundays included.")
        .await?;
    let teo = chatwoot
        .customer_starts("Teo Brandt", "My invoice shows the wrong address")
        .await?;
    let env = chatwoot.sign_in_env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let screen = Screen::launch(&desktop, &env).await?;
    let outcome = async {
        screen
            .wait_for_text(ROW, "Rosa Lima")
            .await
            .context("the list shows Chatwoot's conversations")?;
        screen.wait_for_text(ROW, "Teo Brandt").await?;
        screen
            .wait_for_text(".topbar .server", "Chatwoot · 127.0.0.1")
            .await
            .context("the top bar names the Chatwoot server the window works with")?;
        screen.screenshot("s20-chatwoot-list").await?;
        // Let the first sync and its summary notification settle.
        tokio::time::sleep(Duration::from_secs(2)).await;
        let notified_before = desktop.notifications.received().len();

        chatwoot
            .customer_writes(teo, "Can a person look at it, please?")
            .await?;
        chatwoot.bot_hands_off(teo).await?;
        let notice = desktop
            .notifications
            .wait_for(Duration::from_secs(15), |n| n.summary.contains("Teo Brandt"))
            .await
            .context("the bot's handoff (pending → open) raises a desktop notification")?;
        ensure!(
            notice.has_default_action(),
            "clicking the notification must do something: {notice:?}"
        );
        filter_chip(&screen, "Transferred").await?.click().await?;
        screen
            .wait_for_text(ROW, "Teo Brandt")
            .await
            .context("the handed-off conversation is listed as transferred")?;
        screen.screenshot("s20-chatwoot-handoff").await?;

        open_conversation(&screen, "Teo Brandt").await?;
        let reply = "Hi Teo, Ana here: I have corrected the address.";
        screen.type_into(REPLY, reply).await?;
        screen.click(SEND).await?;
        let patience = Duration::from_secs(20);
        let mut stored = 0;
        let started = Instant::now();
        while stored == 0 {
            ensure!(
                started.elapsed() < patience,
                "the reply reaches Chatwoot within {patience:?}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
            stored = outgoing_with(&chatwoot.messages(teo).await?, reply);
        }
        screen
            .wait_for_text(&format!("{HISTORY} .message.agent"), "corrected the address")
            .await?;
        // Time for a second send, were the outbox to retry a delivered reply.
        tokio::time::sleep(Duration::from_secs(3)).await;
        let stored = outgoing_with(&chatwoot.messages(teo).await?, reply);
        ensure!(
            stored == 1,
            "one reply, stored once in Chatwoot (found {stored})"
        );
        let conversation = chatwoot.conversation(teo).await?;
        ensure!(
            conversation["status"] == "open",
            "the handed-off conversation stays with the humans (open), not back with the bot: {conversation}"
        );
        ensure!(
            conversation["meta"]["assignee"]["name"] == "Ana Agent",
            "whoever replies to a handoff handles it, as on Switchboard's backend: {conversation}"
        );
        screen
            .wait_for_text(".chat-header", "You are handling this")
            .await?;
        screen
            .wait_for_absence(".topbar .waiting")
            .await
            .context("after a reply nobody waits: the top bar counts no waiting customer")?;
        ensure!(
            filter_count(&screen, "Transferred").await? == Some(0),
            "the answered conversation leaves the Transferred filter (no longer waiting for a human)"
        );
        screen.screenshot("s20-chatwoot-replied").await?;

        let about_teo = desktop
            .notifications
            .received()
            .iter()
            .skip(notified_before)
            .filter(|n| n.summary.contains("Teo Brandt"))
            .count();
        ensure!(
            about_teo == 1,
            "one handoff, one notification (got {about_teo})"
        );

        let in_an_hour = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs() as i64 + 3600;
        chatwoot.snooze(rosa, in_an_hour).await?;
        filter_chip(&screen, "All").await?.click().await?;
        screen
            .wait_for_text(ROW, "Snoozed until")
            .await
            .context("a conversation snoozed in Chatwoot says so in its row")?;
        screen.screenshot("s20-chatwoot-snoozed").await?;
        Ok(())
    }
    .await;
    let outcome = outcome.map_err(|error| {
        error.context(format!(
            "the fake Chatwoot's output:\n{}",
            chatwoot
                .log()
                .lines()
                .rev()
                .take(20)
                .collect::<Vec<_>>()
                .join("\n")
        ))
    });
    screen.finish("s20", outcome).await
}
