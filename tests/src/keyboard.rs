//! A keyboard-only user: keys go to whatever has focus, as WebDriver's key
//! input source delivers them (W3C Actions, never a pointer and never an
//! element's own "send keys", which would move focus to it first), and
//! where focus is is read from the page, with whether a sighted user can
//! see it (a focus ring: a computed outline, or a box-shadow).

use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, ensure, Context, Result};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde::Deserialize;
use serde_json::Value;

use crate::screen::{Screen, PATIENCE};

/// Presses and releases `key` in the focused element.
pub async fn press(screen: &Screen, key: Key) -> Result<()> {
    let key: char = key.into();
    perform(
        screen,
        KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key }),
    )
    .await
    .with_context(|| format!("pressing {key:?}"))
}

/// Presses `key` while `modifier` (Shift, Control) is held.
pub async fn chord(screen: &Screen, modifier: Key, key: Key) -> Result<()> {
    let (modifier, key): (char, char) = (modifier.into(), key.into());
    perform(
        screen,
        KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: modifier })
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key })
            .then(KeyAction::Up { value: modifier }),
    )
    .await
    .context("pressing a chord")
}

/// Types `text` (printable characters, a shortcut letter too) into the
/// focused element, one key at a time.
pub async fn type_text(screen: &Screen, text: &str) -> Result<()> {
    let mut keys = KeyActions::new("keyboard".into());
    for letter in text.chars() {
        keys = keys
            .then(KeyAction::Down { value: letter })
            .then(KeyAction::Up { value: letter });
    }
    perform(screen, keys)
        .await
        .with_context(|| format!("typing {text:?}"))
}

async fn perform(screen: &Screen, keys: KeyActions) -> Result<()> {
    screen
        .client()
        .perform_actions(keys)
        .await
        .map_err(|e| anyhow!("{e}"))
}

/// Where focus is, as the page sees it.
#[derive(Debug, Clone, Deserialize)]
pub struct Focus {
    /// `tag#id[role][aria-label] "text"`, for messages.
    pub description: String,
    /// Focus fell to the document: nothing a user can act on has it.
    pub on_body: bool,
    /// The element takes up room on screen (not inside a hidden screen).
    pub rendered: bool,
    /// The focus ring as computed (`outline 2px solid …`), if any.
    pub ring: Option<String>,
    /// Whether the element matches the selector asked about.
    pub matches: bool,
    /// Inside a dialog.
    pub in_dialog: bool,
    /// The option a listbox points at (`aria-activedescendant`), with its
    /// own ring: the list keeps focus, the row shows the cursor.
    pub active_descendant: Option<Descendant>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Descendant {
    pub id: String,
    pub description: String,
    pub ring: Option<String>,
}

impl Focus {
    /// Focus is on something a user can act on, and they can see where:
    /// `after` says what was just done, for the message.
    pub fn ensure_visible(&self, after: &str) -> Result<()> {
        ensure!(
            !self.on_body,
            "after {after}, focus fell to the page itself: a keyboard user has lost their place"
        );
        ensure!(
            self.rendered,
            "after {after}, focus is on {} which is not on screen",
            self.description
        );
        ensure!(
            self.ring.is_some(),
            "after {after}, focus is on {} with no visible focus ring (outline and box-shadow are none)",
            self.description
        );
        if let Some(row) = &self.active_descendant {
            ensure!(
                row.ring.is_some(),
                "after {after}, the list's cursor {} is not marked",
                row.description
            );
        }
        Ok(())
    }
}

const READ_FOCUS: &str = r##"
const [css] = arguments;
const el = document.activeElement;
if (!el || el === document.body || el === document.documentElement)
  return { description: "the document body", on_body: true, rendered: false,
           ring: null, matches: false, in_dialog: false, active_descendant: null };
function describe(e) {
  let d = e.tagName.toLowerCase();
  if (e.id) d += "#" + e.id;
  const role = e.getAttribute("role");
  if (role) d += `[role=${role}]`;
  const label = e.getAttribute("aria-label");
  if (label) d += `[aria-label="${label}"]`;
  const text = (e.value || e.innerText || "").trim().replace(/\s+/g, " ").slice(0, 40);
  if (text) d += ` "${text}"`;
  return d;
}
function ring(e) {
  const s = getComputedStyle(e);
  if (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0)
    return `outline ${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}`;
  if (s.boxShadow && s.boxShadow !== "none") return `box-shadow ${s.boxShadow}`;
  return null;
}
const pointedAt = el.getAttribute("aria-activedescendant");
const row = pointedAt ? document.getElementById(pointedAt) : null;
return {
  description: describe(el),
  on_body: false,
  rendered: el.getClientRects().length > 0 && !el.closest("[hidden]"),
  ring: ring(el),
  matches: css ? el.matches(css) : false,
  in_dialog: el.closest("[role=dialog], [role=alertdialog]") !== null,
  active_descendant: row ? { id: pointedAt, description: describe(row), ring: ring(row) } : null,
};
"##;

/// Where focus is now; `matches` tells whether it is on `css`.
pub async fn focus(screen: &Screen, css: &str) -> Result<Focus> {
    let read = screen.eval(READ_FOCUS, vec![Value::from(css)]).await?;
    serde_json::from_value(read).context("reading where focus is")
}

/// Waits until focus is on `css` (focus may move once something loads),
/// then checks it is visible. `after` says what was just done.
pub async fn expect_focus(screen: &Screen, css: &str, after: &str) -> Result<Focus> {
    let started = Instant::now();
    loop {
        let now = focus(screen, css).await?;
        if now.matches {
            now.ensure_visible(after)?;
            return Ok(now);
        }
        if started.elapsed() > PATIENCE {
            bail!(
                "after {after}, focus should be on `{css}` but is on {}",
                now.description
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Which way Tab goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Forward,
    Backward,
}

/// Presses Tab (or Shift+Tab) until focus reaches `css`, at most `most`
/// times, checking that every stop on the way is visible: a control a
/// keyboard user passes without seeing it is as bad as one they cannot
/// reach. Returns the stops, the last one `css`.
pub async fn tab_to(
    screen: &Screen,
    css: &str,
    direction: Direction,
    most: usize,
) -> Result<Vec<Focus>> {
    let mut stops: Vec<Focus> = Vec::new();
    for _ in 0..most {
        match direction {
            Direction::Forward => press(screen, Key::Tab).await?,
            Direction::Backward => chord(screen, Key::Shift, Key::Tab).await?,
        }
        let now = focus(screen, css).await?;
        now.ensure_visible(&format!("Tab on the way to `{css}`"))?;
        let reached = now.matches;
        stops.push(now);
        if reached {
            return Ok(stops);
        }
    }
    bail!(
        "`{css}` is not reachable with {most} presses of {}Tab; focus went through: {:#?}",
        if direction == Direction::Backward {
            "Shift+"
        } else {
            ""
        },
        stops.iter().map(|f| &f.description).collect::<Vec<_>>()
    )
}
