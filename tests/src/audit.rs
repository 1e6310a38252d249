//! The accessibility audit: axe-core (the npm package the UI pins as a dev
//! dependency) injected into the real app window through WebDriver and run
//! on the page as the user sees it, colour contrast included.
//!
//! Impacts as axe rates them: "serious" and "critical" fail the suite (a
//! screen reader user cannot use the control, or text cannot be read);
//! "minor" and "moderate" are counted and printed.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use serde::Deserialize;
use serde_json::Value;

use crate::screen::Screen;

/// One rule broken on one screen state, with the elements that break it.
#[derive(Debug, Clone, Deserialize)]
pub struct Violation {
    /// The axe rule id (`color-contrast`, `button-name`, …).
    pub rule: String,
    /// minor, moderate, serious or critical.
    pub impact: String,
    pub help: String,
    /// Each element: its CSS path and what axe says is wrong with it.
    pub nodes: Vec<String>,
}

impl Violation {
    /// Whether the violation fails the suite.
    pub fn blocks(&self) -> bool {
        matches!(self.impact.as_str(), "serious" | "critical")
    }
}

/// Runs axe on the window's whole document as it is now.
pub async fn audit(screen: &Screen) -> Result<Vec<Violation>> {
    inject(screen).await?;
    // Transitions (a dialog fading in) would be measured half-way.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let answer = screen
        .client()
        .execute_async(RUN, vec![])
        .await
        .map_err(|e| anyhow!("running axe in the window: {e}"))?;
    if let Some(error) = answer.get("error") {
        bail!("axe failed in the window: {error}");
    }
    serde_json::from_value(answer["violations"].clone()).context("reading axe's violations")
}

const RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ["violations"] }).then(
  (results) => done({
    violations: results.violations.map((v) => ({
      rule: v.id,
      impact: v.impact ?? "minor",
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary ?? ""}`),
    })),
  }),
  (error) => done({ error: String(error) }),
);
"#;

/// Loads axe into the page once (it stays until the page reloads).
async fn inject(screen: &Screen) -> Result<()> {
    let present = screen.eval("return typeof window.axe;", vec![]).await?;
    if present == Value::String("object".into()) {
        return Ok(());
    }
    let path = axe_source_path();
    let source = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "reading axe-core from {} (run `npm ci` in ui/)",
            path.display()
        )
    })?;
    let loaded = screen
        .eval(&format!("{source}\nreturn typeof window.axe;"), vec![])
        .await?;
    if loaded != Value::String("object".into()) {
        bail!("axe-core did not load in the window: {loaded}");
    }
    Ok(())
}

fn axe_source_path() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace root")
        .join("ui/node_modules/axe-core/axe.min.js")
}

/// What the audits of a whole journey found, state by state.
#[derive(Debug, Default)]
pub struct Report {
    found: Vec<(String, Violation)>,
    states: usize,
}

impl Report {
    /// Audits the window as it is now, recorded under `state`.
    pub async fn check(&mut self, screen: &Screen, state: &str) -> Result<()> {
        let violations = audit(screen)
            .await
            .with_context(|| format!("auditing {state}"))?;
        self.states += 1;
        println!(
            "axe: {state}: {} violation(s) {:?}",
            violations.len(),
            violations
                .iter()
                .map(|v| (&v.rule, &v.impact))
                .collect::<Vec<_>>()
        );
        self.found
            .extend(violations.into_iter().map(|v| (state.to_owned(), v)));
        Ok(())
    }

    /// Every serious or critical violation, one line each, with its elements.
    pub fn blocking(&self) -> Vec<String> {
        self.found
            .iter()
            .filter(|(_, v)| v.blocks())
            .map(|(state, v)| {
                format!(
                    "{state}: {} ({}): {}\n    {}",
                    v.rule,
                    v.impact,
                    v.help,
                    v.nodes.join("\n    ")
                )
            })
            .collect()
    }

    /// Violations by impact over all states ("minor: 3, moderate: 1").
    pub fn counts(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for (_, violation) in &self.found {
            *counts.entry(violation.impact.clone()).or_default() += 1;
        }
        counts
    }

    /// How many states were audited.
    pub fn states(&self) -> usize {
        self.states
    }
}
