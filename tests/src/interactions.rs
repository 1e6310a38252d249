//! What a person feels in the real window: the time from an action (a
//! keystroke, a click) to its painted result, as the page itself measured
//! it (`ui/src/lib/perf.ts`: `performance.measure` entries named `search`,
//! `filter`, `open`, each split into wait / IPC / render), and the gaps
//! between animation frames while a script scrolls.
//!
//! Actions go through WebDriver as a user's would (keys typed into the
//! search field, clicks on rows and chips); the page's own clock times them,
//! so WebDriver's round trips are not counted.

use std::time::Duration;

use anyhow::{anyhow, Context, Result};
use fantoccini::Locator;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::screen::Screen;
use crate::stats;

/// One action as the page measured it, in milliseconds.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Measured {
    /// From the action to its result painted.
    pub total: f64,
    /// From the action until its command was sent (pacing, other work).
    pub wait: f64,
    /// The command's round trip (the store's query included).
    pub ipc: f64,
    /// From the answer until painted.
    pub render: f64,
    /// Of the render: the answer until written into the DOM (the page's script).
    #[serde(default)]
    pub update: f64,
    /// Of the render: from the DOM written until painted (layout, paint).
    #[serde(default)]
    pub paint: f64,
}

/// How long an action may take before it counts as never painted.
const GIVE_UP_MS: u64 = 5_000;

/// Waits (in the page) for the `kind` measure and returns it; `None` if it
/// never came. Call [`forget_measures`] before the action.
const AWAIT_MEASURE: &str = r#"
const [kind, giveUpMs, done] = arguments;
const deadline = performance.now() + giveUpMs;
(function check() {
  const [m] = performance.getEntriesByName(kind, "measure");
  if (m) return done({ total: m.duration, ...m.detail });
  if (performance.now() > deadline) return done(null);
  setTimeout(check, 5);
})();
"#;

pub async fn forget_measures(screen: &Screen) -> Result<()> {
    screen.eval("performance.clearMeasures();", vec![]).await?;
    Ok(())
}

/// The `kind` measure of the action just done, waiting for it.
pub async fn measure(screen: &Screen, kind: &str) -> Result<Option<Measured>> {
    let found = screen
        .client()
        .execute_async(AWAIT_MEASURE, vec![kind.into(), GIVE_UP_MS.into()])
        .await
        .map_err(|e| anyhow!("waiting for the {kind} measure: {e}"))?;
    if found.is_null() {
        return Ok(None);
    }
    serde_json::from_value(found).with_context(|| format!("reading the {kind} measure"))
}

/// Every `kind` measure so far (actions the page started by itself, such
/// as loading older messages while scrolling).
pub async fn measures(screen: &Screen, kind: &str) -> Result<Samples> {
    let found = screen
        .eval(
            r#"return performance.getEntriesByName(arguments[0], "measure")
                 .map((m) => ({ total: m.duration, ...m.detail }));"#,
            vec![kind.into()],
        )
        .await?;
    let measured =
        serde_json::from_value(found).with_context(|| format!("reading {kind} measures"))?;
    Ok(Samples {
        measured,
        never_painted: 0,
    })
}

/// What the queries typed one letter at a time bring back: each keystroke
/// is one sample, from its input event to its results painted.
pub async fn type_ahead(screen: &Screen, queries: &[&str]) -> Result<Samples> {
    let mut samples = Samples::default();
    let field = screen.wait_for("#conversation-search").await?;
    for query in queries {
        clear_search(screen).await?;
        for letter in query.chars().take(12) {
            forget_measures(screen).await?;
            field.send_keys(&letter.to_string()).await?;
            samples.push(measure(screen, "search").await?);
        }
    }
    clear_search(screen).await?;
    Ok(samples)
}

/// Empties the search field as a user would (an input event: the list
/// comes back) and lets the list settle.
pub async fn clear_search(screen: &Screen) -> Result<()> {
    screen
        .eval(
            r##"const field = document.querySelector("#conversation-search");
               field.value = "";
               field.dispatchEvent(new Event("input", { bubbles: true }));"##,
            vec![],
        )
        .await?;
    tokio::time::sleep(Duration::from_millis(400)).await;
    Ok(())
}

/// Clicks the filter chips in turn (`labels`, `rounds` times over): each
/// click is one sample, from the click to the list painted.
pub async fn switch_filters(screen: &Screen, labels: &[&str], rounds: usize) -> Result<Samples> {
    let mut samples = Samples::default();
    for _ in 0..rounds {
        for label in labels {
            let chip = chip(screen, label).await?;
            forget_measures(screen).await?;
            chip.click().await?;
            samples.push(measure(screen, "filter").await?);
        }
    }
    Ok(samples)
}

async fn chip(screen: &Screen, label: &str) -> Result<fantoccini::elements::Element> {
    for chip in screen
        .client()
        .find_all(Locator::Css(".filters .chip"))
        .await?
    {
        if crate::screen::text_of(&chip).await?.starts_with(label) {
            return Ok(chip);
        }
    }
    Err(anyhow!("no filter chip {label:?}"))
}

/// Opens conversations by clicking the first `visible` rows in turn,
/// `clicks` times: each is one sample, from the click to the history
/// painted, filed under short or long history (the pane offers older
/// messages).
pub async fn open_rows(
    screen: &Screen,
    visible: usize,
    clicks: usize,
) -> Result<(Samples, Samples)> {
    let (mut short, mut long) = (Samples::default(), Samples::default());
    for i in 0..clicks {
        let rows = screen
            .client()
            .find_all(Locator::Css("[role=listbox] [role=option]"))
            .await?;
        let row = rows
            .get(i % visible.min(rows.len()).max(1))
            .context("the list shows no rows")?;
        forget_measures(screen).await?;
        row.click().await?;
        let measured = measure(screen, "open").await?;
        let has_older = screen
            .eval(
                "return document.querySelector('.chat .older') !== null;",
                vec![],
            )
            .await?
            == Value::Bool(true);
        if has_older {
            long.push(measured);
        } else {
            short.push(measured);
        }
    }
    Ok((short, long))
}

/// Scrolls the element `css` by `step` px each animation frame for
/// `frames` frames, and returns the gaps between frames (ms).
const SCROLL_FRAMES: &str = r#"
const [css, step, frames, done] = arguments;
const scroller = document.querySelector(css);
if (!scroller) return done(null);
const stamps = [];
function frame(now) {
  stamps.push(now);
  if (stamps.length > frames) {
    const gaps = stamps.slice(1).map((t, i) => t - stamps[i]);
    return done({ gaps, moved: scroller.scrollTop });
  }
  scroller.scrollTop += step;
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
"#;

/// Frame gaps while scrolling `css` (`step` px a frame, `frames` frames).
pub async fn scroll_frames(screen: &Screen, css: &str, step: i64, frames: usize) -> Result<Frames> {
    let answer = screen
        .client()
        .execute_async(SCROLL_FRAMES, vec![css.into(), step.into(), frames.into()])
        .await
        .map_err(|e| anyhow!("scrolling {css}: {e}"))?;
    if answer.is_null() {
        return Err(anyhow!("nothing matches {css} to scroll"));
    }
    let gaps: Vec<f64> = serde_json::from_value(answer["gaps"].clone())?;
    Ok(Frames { gaps })
}

/// The round trip of a command that reads nothing (`sync_status`), from the
/// page: what any command pays before its own work.
pub async fn ipc_floor(screen: &Screen, samples: usize) -> Result<Vec<f64>> {
    let answer = screen
        .client()
        .execute_async(
            r#"const [n, done] = arguments;
               const invoke = window.__TAURI_INTERNALS__.invoke;
               (async () => {
                 const out = [];
                 for (let i = 0; i < n; i++) {
                   const t = performance.now();
                   await invoke("sync_status");
                   out.push(performance.now() - t);
                 }
                 done(out);
               })().catch((e) => done(String(e)));"#,
            vec![json!(samples)],
        )
        .await
        .map_err(|e| anyhow!("timing sync_status from the page: {e}"))?;
    serde_json::from_value(answer.clone())
        .with_context(|| format!("sync_status round trips: {answer}"))
}

/// Samples of one kind of action; `None` for an action never painted.
#[derive(Debug, Default, Clone)]
pub struct Samples {
    pub measured: Vec<Measured>,
    pub never_painted: usize,
}

impl Samples {
    pub fn push(&mut self, sample: Option<Measured>) {
        match sample {
            Some(m) => self.measured.push(m),
            None => self.never_painted += 1,
        }
    }

    /// Nearest-rank percentile `p` of a part of the samples.
    pub fn percentile(&self, p: f64, part: impl Fn(&Measured) -> f64) -> Option<f64> {
        percentile(self.measured.iter().map(part).collect(), p)
    }
}

/// Gaps between animation frames during a scripted scroll.
#[derive(Debug, Default, Clone)]
pub struct Frames {
    pub gaps: Vec<f64>,
}

impl Frames {
    pub fn over(&self, ms: f64) -> usize {
        self.gaps.iter().filter(|&&gap| gap > ms).count()
    }

    pub fn percentile(&self, p: f64) -> Option<f64> {
        percentile(self.gaps.clone(), p)
    }
}

/// Nearest-rank percentile of `values` (`None` when empty).
pub fn percentile(mut values: Vec<f64>, p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    Some(stats::percentile(&values, p))
}
