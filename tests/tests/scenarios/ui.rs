//! What the scenarios look for on the screen, by role and label first (as a
//! screen reader would find it), by class only where the UI offers nothing
//! better.

use anyhow::{bail, Context, Result};
use fantoccini::elements::Element;
use fantoccini::Locator;
use switchboard_e2e::screen::{text_of, Screen};

/// A conversation row in the list (or in search results).
pub const ROW: &str = "[role=listbox] [role=option]";
/// The search field ("Search conversations").
pub const SEARCH: &str = "#conversation-search";
/// The open conversation's history.
pub const HISTORY: &str = "section[aria-label=Conversation] [role=log]";
/// The reply field and its form.
pub const REPLY: &str = "#reply-field";
pub const SEND: &str = "form.composer button[type=submit]";
/// The bell in the top bar that opens the settings.
pub const SETTINGS_BUTTON: &str = "button[aria-label='Settings']";
/// The polite live region that announces transfers and delivered replies.
pub const LIVE_REGION: &str = "[role=status][aria-live=polite][aria-atomic=true]";
/// The offline banner.
pub const OFFLINE_BANNER: &str = ".banner.offline[role=status]";

/// The filter chip labelled `label` (All, Open, Closed, Transferred, Selected).
pub async fn filter_chip(screen: &Screen, label: &str) -> Result<Element> {
    screen
        .wait_for("[aria-label='Filter by status'] button")
        .await?;
    for chip in screen
        .client()
        .find_all(Locator::Css("[aria-label='Filter by status'] button"))
        .await?
    {
        if text_of(&chip).await?.trim_start().starts_with(label) {
            return Ok(chip);
        }
    }
    bail!("no filter chip labelled {label}")
}

/// The count a filter chip shows ("1,234" → 1234); `None` while unknown.
pub async fn filter_count(screen: &Screen, label: &str) -> Result<Option<u64>> {
    let chip = filter_chip(screen, label).await?;
    let count = text_of(&chip.find(Locator::Css(".count")).await?).await?;
    let digits: String = count.chars().filter(char::is_ascii_digit).collect();
    Ok(digits.parse().ok())
}

/// Clicks a button whose text contains `label` inside `scope`.
pub async fn click_button(screen: &Screen, scope: &str, label: &str) -> Result<()> {
    let button = screen
        .wait_for_text(&format!("{scope} button"), label)
        .await
        .with_context(|| format!("looking for the {label:?} button"))?;
    button
        .click()
        .await
        .with_context(|| format!("clicking {label:?}"))
}

/// Opens the conversation whose row shows `name`.
pub async fn open_conversation(screen: &Screen, name: &str) -> Result<()> {
    screen.wait_for_text(ROW, name).await?.click().await?;
    screen
        .wait_for(&format!(
            "[role=log][aria-label='Messages with {}']",
            css_string(name)
        ))
        .await?;
    Ok(())
}

/// The assistant control's button for `state` (active, paused, blocked).
pub fn assistant_option(state: &str) -> String {
    format!("[aria-label='Assistant control'] button.option.{state}")
}

/// `text` inside a CSS single-quoted string.
pub fn css_string(text: &str) -> String {
    text.replace('\\', "\\\\").replace('\'', "\\'")
}

/// The Review screen, and its "N of M reviewed" count.
pub const REVIEW: &str = "section[aria-label=Review]";
pub const REVIEWED_COUNT: &str = "section[aria-label=Review] .progress";

/// Shows the Review with the top bar's switch.
pub async fn show_review(screen: &Screen) -> Result<()> {
    click_button(screen, "nav[aria-label=Screens]", "Review").await?;
    screen.wait_for(REVIEW).await?;
    Ok(())
}

/// The Review's item (a `li` with its open and mark buttons) showing every
/// one of `texts` (without `'`). Found in one query: the demo data's review
/// lists hundreds of items, too many to read one by one.
pub async fn review_item(screen: &Screen, texts: &[&str]) -> Result<Element> {
    let contains: String = texts
        .iter()
        .map(|text| format!("[contains(., '{text}')]"))
        .collect();
    let xpath = format!("//section[@aria-label='Review']//li[contains(@class, 'item')]{contains}");
    screen
        .client()
        .wait()
        .at_most(std::time::Duration::from_secs(30))
        .for_element(Locator::XPath(&xpath))
        .await
        .with_context(|| format!("the Review lists an item with {texts:?}"))
}

/// Checks that the search field shows its placeholder whole: a hint cut off
/// mid-word ("…phone or messa") reads as a defect, and the first screen of
/// every language shows it.
pub async fn search_placeholder_fits(screen: &Screen) -> Result<()> {
    let measured = screen
        .eval(
            r#"const field = document.querySelector(arguments[0]);
               const style = getComputedStyle(field);
               const pen = document.createElement("canvas").getContext("2d");
               pen.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
               const room = field.clientWidth
                 - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
               return { text: field.placeholder, width: pen.measureText(field.placeholder).width, room };"#,
            vec![SEARCH.into()],
        )
        .await?;
    let width = measured["width"]
        .as_f64()
        .context("the placeholder's width")?;
    let room = measured["room"].as_f64().context("the field's room")?;
    if width > room {
        bail!(
            "the search placeholder {} is cut off: {width:.0} px of text in {room:.0} px",
            measured["text"]
        );
    }
    Ok(())
}
