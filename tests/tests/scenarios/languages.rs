//! Issue 17, in the team's language: the app on a Brazilian desktop
//! (`LANG=pt_BR.UTF-8`, the system-locale path) speaks Portuguese on the
//! screen, in the window title and in the transfer notification on D-Bus;
//! English chosen in the settings applies at once to the page and to the
//! next notification.

use std::time::Duration;

use anyhow::{ensure, Context, Result};
use switchboard_backend::NewContact;
use switchboard_e2e::world::World;

use crate::ui::*;

/// A Brazilian desktop: `LANG` alone says the language (the more specific
/// variables, if the machine running the tests sets them, would win).
const BRAZIL: &[(&str, &str)] = &[
    ("LANG", "pt_BR.UTF-8"),
    ("LANGUAGE", ""),
    ("LC_ALL", ""),
    ("LC_MESSAGES", ""),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "end-to-end: needs the built app, Xvfb and tauri-driver; run scripts/e2e.sh"]
async fn s18_a_brazilian_desktop_gets_portuguese_screens_and_notifications_until_english_is_chosen(
) -> Result<()> {
    let world = World::new().await?;
    let marina = world.start_conversation(
        NewContact::named("Marina Duarte"),
        "Posso falar com uma pessoa?",
    )?;
    let screen = world
        .launch_as(&world.desktop, &world.token, BRAZIL)
        .await?;
    let outcome = async {
        screen.wait_for_text(ROW, "Marina Duarte").await?;
        screen
            .wait_for_text("nav[aria-label='Telas'] button", "Conversas")
            .await
            .context("the top bar speaks Portuguese")?;
        screen
            .wait_for_text(".topbar .sync", "Ao vivo")
            .await
            .context("and so does the sync status")?;
        screen
            .wait_until_js(
                "the page says which language it is in, for screen readers",
                "document.documentElement.lang === 'pt-BR'",
            )
            .await?;
        search_placeholder_fits(&screen).await?;
        // Let the first sync and its summary notification settle.
        tokio::time::sleep(Duration::from_secs(2)).await;
        let waiting = crate::waiting_in_title(&screen)? + 1;

        world.control()?.transfer(marina.id, "quer um reembolso")?;
        let notice = world
            .desktop
            .notifications
            .wait_for(Duration::from_secs(10), |n| {
                n.summary.contains("Marina Duarte")
            })
            .await
            .context("the transfer raises a desktop notification")?;
        ensure!(
            notice.summary == "Marina Duarte — conversa transferida",
            "the summary is Portuguese: {:?}",
            notice.summary
        );
        ensure!(
            notice.body.starts_with("Motivo: quer um reembolso")
                && notice.body.contains("Posso falar com uma pessoa?"),
            "the body gives the reason in Portuguese and the customer's words: {:?}",
            notice.body
        );
        ensure!(
            notice.actions.iter().any(|label| label == "Assumir"),
            "the Take button is labelled in Portuguese: {:?}",
            notice.actions
        );
        screen
            .wait_for_text(".topbar .waiting", &format!("{waiting} aguardando"))
            .await
            .context("the top bar counts the waiting customer in Portuguese")?;
        crate::eventually(
            "the window title counts in Portuguese",
            Duration::from_secs(10),
            || {
                let titles = screen.window_titles()?;
                Ok(titles
                    .iter()
                    .any(|t| t.ends_with(&format!("Switchboard — {waiting} aguardando")))
                    .then_some(()))
            },
        )
        .await?;
        screen.screenshot("s18-portuguese").await?;

        screen.click("button[aria-label='Configurações']").await?;
        let select = screen
            .wait_for("[role=dialog] #language-setting")
            .await
            .context("the settings dialog offers the language")?;
        screen
            .wait_for_text("[role=dialog] h2", "Configurações")
            .await?;
        screen.screenshot("s18-settings-portuguese").await?;
        // The last setting of a long dialog: brought into view first.
        screen
            .client()
            .execute(
                "arguments[0].scrollIntoView({block: 'center'})",
                vec![serde_json::to_value(&select)?],
            )
            .await?;
        select
            .select_by_value("en")
            .await
            .context("choosing English")?;
        click_button(&screen, "[role=dialog]", "Salvar").await?;
        screen.wait_for_absence("[role=dialog]").await?;
        screen
            .wait_for_text("nav[aria-label='Screens'] button", "Conversations")
            .await
            .context("English chosen: the page relabels at once")?;
        search_placeholder_fits(&screen).await?;

        let noah = world.start_conversation(NewContact::named("Noah Reis"), "Any discount?")?;
        world.control()?.transfer(noah.id, "price negotiation")?;
        let english = world
            .desktop
            .notifications
            .wait_for(Duration::from_secs(10), |n| n.summary.contains("Noah Reis"))
            .await
            .context("the next transfer raises a notification")?;
        ensure!(
            english.summary == "Noah Reis — conversation transferred",
            "the next notification follows the choice, without a restart: {:?}",
            english.summary
        );
        screen.screenshot("s18-english-chosen").await?;
        Ok(())
    }
    .await;
    screen.finish("s18", outcome).await
}
