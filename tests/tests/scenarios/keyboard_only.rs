//! Issue 17's keyboard-only journey: a person without a mouse signs in,
//! searches, opens a result, pauses the assistant, replies, hands back to
//! the assistant, copies the phone, opens a previous conversation and the
//! notification settings. Only keys pressed into whatever has focus (no
//! pointer event, no element's "send keys"); after every step focus is on
//! something meaningful and visibly ringed, including after a dialog
//! closes, a live update re-sorts the list, and a reply is sent.

use std::time::Duration;

use anyhow::{ensure, Context, Result};
use fantoccini::key::Key;
use switchboard_backend::NewContact;
use switchboard_e2e::keyboard::{expect_focus, focus, press, tab_to, type_text, Direction};
use switchboard_e2e::screen::Screen;
use switchboard_e2e::world::World;
use switchboard_e2e::x11;
use switchboard_protocol::{AssistantState, Author, ConversationStatus};

use super::ui::*;
use super::{eventually, eventually_screen};

/// The conversation list (or search results) as a focusable listbox.
const LISTBOX: &str = "[role=listbox]";
/// The top bar's last button.
const SIGN_OUT: &str = ".topbar > button.btn.small:last-child";
const COPY_PHONE: &str =
    "aside[aria-label='Contact details'] button.copy[aria-label^='Copy phone']";
const PREVIOUS: &str = "aside[aria-label='Contact details'] button.previous-item";
const ROSA_PHONE: &str = "+55 11 98765-4321";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "end-to-end: needs the built app, Xvfb and tauri-driver; run scripts/e2e.sh"]
async fn s19_keyboard_only_journey_keeps_focus_visible_and_never_loses_it() -> Result<()> {
    let world = World::new().await?;
    // Rosa came once before (closed), and writes again now.
    let before = world.start_conversation(
        NewContact {
            name: "Rosa Quintana".into(),
            phone: Some(ROSA_PHONE.into()),
            ..NewContact::default()
        },
        "Where is the refund for order QX-1000?",
    )?;
    world.control()?.close(before.id)?;
    let rosa = world
        .control()?
        .start_conversation_for_contact(before.contact_id, "whatsapp")?;
    world
        .control()?
        .customer_message(rosa.id, "My parcel QX-7741 never arrived")?;
    // A first launch: demo mode, which the user leaves to sign in.
    let screen = Screen::launch(&world.desktop, &[]).await?;
    let outcome = async {
        let patience = Duration::from_secs(15);
        screen.wait_for(LISTBOX).await.context("demo mode shows its conversations")?;
        expect_list_focused_with_a_cursor(&screen, "launching").await?;
        tab_to(&screen, SIGN_OUT, Direction::Backward, 30).await?;
        press(&screen, Key::Enter).await?;

        // Sign in.
        expect_focus(&screen, "#backend-url", "signing out (the sign-in screen opens)").await?;
        type_text(&screen, &world.backend.url()).await?;
        tab_to(&screen, "#backend-token", Direction::Forward, 1).await?;
        type_text(&screen, &world.token).await?;
        press(&screen, Key::Enter).await?;
        screen.wait_for_text(".topbar .me", "Ana").await.context("Enter in the token field signs in")?;
        let total = world.control()?.conversation_count()? as u64;
        eventually_screen(&screen, "the first sync completes", total).await?;
        expect_list_focused_with_a_cursor(&screen, "signing in (the sign-in form is gone)").await?;
        type_text(&screen, "/").await?;
        expect_focus(&screen, SEARCH, "pressing / after signing in").await?;
        press(&screen, Key::Escape).await?;
        expect_focus(&screen, LISTBOX, "Esc in the empty search field").await?;
        screen.screenshot("s19-signed-in").await?;

        // Keys pressed, the pane is built ahead of the first opening, under
        // "no conversation", out of the keyboard's reach: Tab from the list
        // does not stop in it.
        screen
            .wait_until_js(
                "the pane is built ahead of the first opening, inert",
                "document.querySelector('.pane:not(.nothing-open)')?.inert === true \
                 && document.querySelector('.pane:not(.nothing-open) [role=log]') !== null",
            )
            .await?;
        press(&screen, Key::Tab).await?;
        let in_pane = screen
            .eval(
                "return document.activeElement?.closest('.pane:not(.nothing-open)') != null",
                vec![],
            )
            .await?;
        ensure!(
            in_pane == serde_json::Value::Bool(false),
            "Tab from the list stopped in the pane built ahead, under \"no conversation\": {}",
            focus(&screen, LISTBOX).await?.description
        );
        type_text(&screen, "/").await?;
        expect_focus(&screen, SEARCH, "pressing / (after a Tab from the list)").await?;
        press(&screen, Key::Escape).await?;
        expect_focus(&screen, LISTBOX, "Esc in the empty search field").await?;

        // A live update re-sorts the list under the keyboard cursor.
        for _ in 0..3 {
            press(&screen, Key::Down).await?;
        }
        let cursor = expect_focus(&screen, LISTBOX, "moving down the list")
            .await?
            .active_descendant
            .context("Down arrow puts the list's cursor on a row")?;
        let rows = world.control()?.recent_conversations(20)?;
        let jumping = rows
            .iter()
            .skip(8)
            .find(|c| {
                c.status != ConversationStatus::Closed
                    && format!("conversation-row-{}", c.id) != cursor.id
            })
            .context("an open conversation further down the list")?;
        let jumping_name = world
            .control()?
            .contact(jumping.contact_id)?
            .context("its contact")?
            .name;
        world
            .control()?
            .customer_message(jumping.id, "Hello again, anyone there?")?;
        screen
            .wait_until_js(
                "the conversation that just got a message moves to the top",
                &format!(
                    "document.querySelector(\"{ROW}\")?.id === 'conversation-row-{}'",
                    jumping.id
                ),
            )
            .await
            .with_context(|| format!("{jumping_name}'s conversation jumps to the top"))?;
        let after = expect_focus(&screen, LISTBOX, "a live update re-sorted the list").await?;
        let kept = after.active_descendant.map(|row| row.id);
        ensure!(
            kept.as_deref() == Some(cursor.id.as_str()),
            "the cursor stays on the conversation it was on ({}), not on whatever row took its place: {kept:?}",
            cursor.description
        );
        screen.screenshot("s19-resorted").await?;

        // Search, and open a result.
        type_text(&screen, "/").await?;
        expect_focus(&screen, SEARCH, "pressing /").await?;
        type_text(&screen, "QX-7741").await?;
        screen.wait_for("[role=listbox][aria-label='Search results']").await?;
        screen.wait_for_text(ROW, "Rosa Quintana").await?;
        expect_focus(&screen, SEARCH, "typing a search").await?;
        press(&screen, Key::Down).await?;
        press(&screen, Key::Enter).await?;
        screen
            .wait_for("[role=log][aria-label='Messages with Rosa Quintana']")
            .await
            .context("Down and Enter in the search field open the first result")?;
        screen.wait_for_text(HISTORY, "QX-7741").await?;
        expect_focus(&screen, SEARCH, "opening a result (the search stays where it was)").await?;
        press(&screen, Key::Escape).await?;
        screen.wait_for("[role=listbox][aria-label=Conversations]").await.context("Esc clears the search")?;
        expect_focus(&screen, SEARCH, "Esc clearing the search").await?;
        press(&screen, Key::Escape).await?;
        let list = expect_focus(&screen, LISTBOX, "Esc in the empty search field").await?;
        ensure!(
            list.active_descendant.as_ref().map(|row| row.id.clone())
                == Some(format!("conversation-row-{}", rosa.id)),
            "the list's cursor is on the open conversation: {:?}",
            list.active_descendant
        );

        // Pause the assistant with its control.
        tab_to(&screen, &assistant_option("paused"), Direction::Forward, 10).await?;
        press(&screen, Key::Enter).await?;
        eventually("the backend has the assistant paused", patience, || {
            Ok((world.conversation(rosa.id)?.assistant_state == AssistantState::Paused).then_some(()))
        })
        .await?;
        screen.wait_for(&format!("{}[aria-pressed=true]", assistant_option("paused"))).await?;
        expect_focus(&screen, &assistant_option("paused"), "pausing the assistant with Enter").await?;
        screen.screenshot("s19-paused").await?;

        // Reply.
        type_text(&screen, "r").await?;
        expect_focus(&screen, REPLY, "pressing r").await?;
        let reply = "Hi Rosa, Ana here: it is on its way.";
        type_text(&screen, reply).await?;
        press(&screen, Key::Enter).await?;
        let started = std::time::Instant::now();
        while !world
            .messages(rosa.id)
            .await?
            .iter()
            .any(|m| m.author == Author::Agent && m.text == reply)
        {
            ensure!(started.elapsed() < patience, "Enter in the reply field sends the reply");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        screen.wait_for_text(&format!("{HISTORY} .message.agent"), "on its way").await?;
        let composer = expect_focus(&screen, REPLY, "sending a reply").await?;
        ensure!(
            composer.description == "textarea#reply-field",
            "the sent reply left the field, ready for the next one: {}",
            composer.description
        );

        // Hand back to the assistant.
        press(&screen, Key::Escape).await?;
        expect_focus(&screen, HISTORY, "Esc in the reply field").await?;
        type_text(&screen, "p").await?;
        eventually("the backend has the assistant active again", patience, || {
            Ok((world.conversation(rosa.id)?.assistant_state == AssistantState::Active).then_some(()))
        })
        .await?;
        screen.wait_for(&format!("{}[aria-pressed=true]", assistant_option("active"))).await?;
        expect_focus(&screen, HISTORY, "p handing back to the assistant").await?;

        // Copy the phone.
        tab_to(&screen, COPY_PHONE, Direction::Forward, 40).await?;
        press(&screen, Key::Enter).await?;
        screen
            .wait_for_text("aside[aria-label='Contact details'] .copied[role=status]", "Copied")
            .await
            .context("the panel confirms the copy")?;
        expect_focus(&screen, COPY_PHONE, "copying the phone").await?;
        let pasted = x11::clipboard_text()?;
        ensure!(
            pasted.as_deref() == Some(ROSA_PHONE),
            "the clipboard holds the phone, ready to paste: {pasted:?}"
        );

        // Open the previous conversation from the contact panel.
        tab_to(&screen, PREVIOUS, Direction::Forward, 10).await?;
        press(&screen, Key::Enter).await?;
        screen
            .wait_for_text(HISTORY, "QX-1000")
            .await
            .context("Enter on a previous conversation opens it")?;
        expect_focus(&screen, HISTORY, "opening a previous conversation (its button is gone)").await?;
        screen.screenshot("s19-previous").await?;

        // The notification settings, and back.
        tab_to(&screen, SETTINGS_BUTTON, Direction::Backward, 40).await?;
        press(&screen, Key::Enter).await?;
        screen.wait_for("[role=dialog] #theme-setting").await?;
        let inside = expect_focus(&screen, "[role=dialog], [role=dialog] *", "opening the settings").await?;
        ensure!(inside.in_dialog, "focus moves into the dialog: {}", inside.description);
        tab_to(&screen, "[role=dialog] #theme-setting", Direction::Forward, 30)
            .await
            .context("every control of the settings is reachable, and Tab stays inside")?;
        screen.screenshot("s19-settings").await?;
        press(&screen, Key::Escape).await?;
        screen.wait_for_absence("[role=dialog]").await?;
        expect_focus(&screen, SETTINGS_BUTTON, "closing the settings with Esc").await?;

        // A dialog opened by its shortcut gives focus back where it was.
        tab_to(&screen, LISTBOX, Direction::Forward, 20).await?;
        type_text(&screen, "?").await?;
        expect_focus(&screen, "[role=dialog], [role=dialog] *", "pressing ?").await?;
        press(&screen, Key::Escape).await?;
        screen.wait_for_absence("[role=dialog]").await?;
        expect_focus(&screen, LISTBOX, "closing the shortcuts with Esc").await?;
        let last = focus(&screen, LISTBOX).await?;
        println!("s19: focus ends on {}", last.description);
        Ok(())
    }
    .await;
    screen.finish("s19", outcome).await
}

/// Nothing had the focus (a launch; the sign-in form took it away with it):
/// the list takes it with its cursor on a conversation (the first when the
/// rows came; a first sync may add rows above it since), as in a mail
/// client, so the keyboard starts somewhere visible and Enter opens.
async fn expect_list_focused_with_a_cursor(screen: &Screen, after: &str) -> Result<()> {
    let landed = expect_focus(screen, LISTBOX, after).await?;
    ensure!(
        landed.active_descendant.is_some(),
        "after {after}, the list has the focus but its cursor is on no row: Enter would open nothing"
    );
    Ok(())
}
