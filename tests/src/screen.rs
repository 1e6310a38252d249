//! The app's window as a user sees it, through WebDriver: launch, wait for
//! what should appear, act, and save screenshots to `target/e2e-shots/`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, ensure, Context, Result};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::Value;

use crate::desktop::Desktop;
use crate::driver::{tail, TauriDriver};
use crate::{memory, paths, x11};

/// How long a user-visible change may take before a wait gives up. Generous:
/// the first paint of a debug build under Xvfb on 2 cores is slow.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// One running app window and its WebDriver session.
pub struct Screen {
    client: Client,
    app: PathBuf,
    // Dropped after the client: stops the driver and whatever it started.
    driver: TauriDriver,
}

impl Screen {
    /// Launches the app on `desktop`, with `extra_env` on top of the
    /// desktop's environment, and waits for its WebDriver session.
    pub async fn launch(desktop: &Desktop, extra_env: &[(&str, &str)]) -> Result<Self> {
        let app = paths::app_binary()?;
        Self::launch_binary(desktop, &app, extra_env).await
    }

    /// Like [`Screen::launch`], for any Tauri binary (the benchmarks' empty window).
    pub async fn launch_binary(
        desktop: &Desktop,
        app: &Path,
        extra_env: &[(&str, &str)],
    ) -> Result<Self> {
        let mut env = desktop.env();
        env.extend(
            extra_env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string())),
        );
        let log_path = unique_log_path(desktop.dir(), "driver");
        let (driver, client) = TauriDriver::start_with_session(&env, &log_path, app, &[]).await?;
        Ok(Self {
            client,
            app: app.to_owned(),
            driver,
        })
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    /// What the driver, WebKitWebDriver and the app logged so far.
    pub fn log(&self) -> String {
        self.driver.log()
    }

    /// The app's process id, if it is running.
    pub fn app_pid(&self) -> Option<u32> {
        memory::descendants_running(self.driver.pid(), &self.app)
            .first()
            .copied()
    }

    /// Ends the session (the app closes its window and exits) and stops the driver.
    pub async fn close(self) -> Result<()> {
        let Screen { client, driver, .. } = self;
        let closed = client.close().await;
        drop(driver);
        closed.context("closing the WebDriver session")
    }

    /// The first element matching `css`, waiting for it to appear.
    pub async fn wait_for(&self, css: &str) -> Result<Element> {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("waiting {PATIENCE:?} for `{css}`"))
    }

    /// The first element matching `css` whose text contains `text`.
    pub async fn wait_for_text(&self, css: &str, text: &str) -> Result<Element> {
        self.wait_for_within_text(css, text, PATIENCE).await
    }

    /// Waits until no element matching `css` is present.
    pub async fn wait_for_absence(&self, css: &str) -> Result<()> {
        self.wait_for_absence_within(css, PATIENCE).await
    }

    /// How many elements match `css` now. Counted in the page, not through
    /// element handles: WebDriver fails a search ("stale element") when a
    /// match is removed while it makes the handle, which is exactly what a
    /// wait for an element to go away races with.
    async fn count(&self, css: &str) -> Result<u64> {
        let count = self
            .eval(
                "return document.querySelectorAll(arguments[0]).length;",
                vec![Value::from(css)],
            )
            .await?;
        count
            .as_u64()
            .with_context(|| format!("counting `{css}` gave {count}"))
    }

    /// Polls `condition` (a JS expression) until it is true.
    pub async fn wait_until_js(&self, what: &str, condition: &str) -> Result<()> {
        let started = Instant::now();
        let script = format!("return Boolean({condition});");
        loop {
            if self.eval(&script, vec![]).await? == Value::Bool(true) {
                return Ok(());
            }
            if started.elapsed() > PATIENCE {
                bail!("{what}: not true within {PATIENCE:?} ({condition})");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The text of every element matching `css`, in document order.
    pub async fn texts(&self, css: &str) -> Result<Vec<String>> {
        let mut texts = Vec::new();
        for element in self.client.find_all(Locator::Css(css)).await? {
            texts.push(text_of(&element).await.unwrap_or_default());
        }
        Ok(texts)
    }

    pub async fn click(&self, css: &str) -> Result<()> {
        self.wait_for(css)
            .await?
            .click()
            .await
            .with_context(|| format!("clicking `{css}`"))
    }

    /// Replaces the content of the field `css` with `text`, as typed.
    pub async fn type_into(&self, css: &str, text: &str) -> Result<()> {
        let field = self.wait_for(css).await?;
        field.clear().await?;
        field
            .send_keys(text)
            .await
            .with_context(|| format!("typing into `{css}`"))
    }

    /// Runs `script` in the page (`arguments[i]` are `args`).
    pub async fn eval(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.client
            .execute(script, args)
            .await
            .map_err(|e| anyhow!("script failed: {e}\n{script}"))
    }

    /// What WebDriver renders of the page. WebKitWebDriver takes it at the
    /// page's next rendering update, and a page where nothing changes has
    /// none: a dot of 1/100 opacity that changes every frame until the shot
    /// is taken gives it that update.
    async fn webdriver_screenshot(&self) -> Result<Vec<u8>> {
        self.eval(KEEP_RENDERING, vec![])
            .await
            .context("asking the page to render while a screenshot is taken")?;
        let png = self.client.screenshot().await;
        let stopped = self.eval(STOP_RENDERING, vec![]).await;
        let png = png.context("taking a screenshot")?;
        stopped.context("stopping the renders asked for a screenshot")?;
        Ok(png)
    }

    /// Saves what the window shows to `target/e2e-shots/NAME.png`: read
    /// from the X server (see [`x11::window_png`] for why not WebDriver's),
    /// or, with no window shown, what WebDriver renders.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        let grabbed = match self.app_pid() {
            Some(pid) => x11::window_png(pid).context("reading the window from the X server")?,
            None => None,
        };
        let png = match grabbed {
            Some(png) => png,
            None => self.webdriver_screenshot().await?,
        };
        let dir = paths::shots_dir();
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }
}

/// Changes a 1-pixel, nearly transparent dot every animation frame (for at
/// most 10 s), so that the page renders while a screenshot waits for it.
const KEEP_RENDERING: &str = r#"
    const dot = document.createElement("div");
    dot.id = "e2e-screenshot-render";
    dot.setAttribute("aria-hidden", "true");
    dot.style.cssText = "position:fixed;left:0;top:0;width:1px;height:1px;" +
        "opacity:0.01;pointer-events:none;z-index:2147483647";
    document.body.appendChild(dot);
    const until = performance.now() + 10000;
    const step = () => {
        if (!dot.isConnected) return;
        dot.style.background = dot.style.background === "black" ? "white" : "black";
        if (performance.now() < until) requestAnimationFrame(step);
        else dot.remove();
    };
    requestAnimationFrame(step);
"#;

const STOP_RENDERING: &str = r#"
    document.getElementById("e2e-screenshot-render")?.remove();
"#;

/// The text of `element` as rendered (`innerText`). WebDriver's own "element
/// text" drops text inside ellipsized, overflow-hidden boxes on WebKitGTK,
/// which is where list rows keep their names.
pub async fn text_of(element: &Element) -> Result<String> {
    Ok(element.prop("innerText").await?.unwrap_or_default())
}

fn is_zombie(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            stat.rfind(')')
                .map(|i| stat[i + 1..].trim_start().starts_with('Z'))
        })
        .unwrap_or(true)
}

fn unique_log_path(dir: &Path, stem: &str) -> PathBuf {
    (1..)
        .map(|n| dir.join(format!("{stem}-{n}.log")))
        .find(|path| !path.exists())
        .expect("some log name is free")
}

impl Screen {
    /// Like [`Screen::wait_for_text`], with its own patience (reconnects
    /// after an outage wait out the sync engine's backoff).
    pub async fn wait_for_within_text(
        &self,
        css: &str,
        text: &str,
        patience: Duration,
    ) -> Result<Element> {
        let started = Instant::now();
        loop {
            // A search fails ("stale element") when a match is removed while
            // WebDriver makes its handle, as a changing list does: look again.
            let found = self.client.find_all(Locator::Css(css)).await;
            for element in found.unwrap_or_default() {
                if text_of(&element).await.is_ok_and(|t| t.contains(text)) {
                    return Ok(element);
                }
            }
            if started.elapsed() > patience {
                bail!(
                    "no `{css}` containing {text:?} within {patience:?}; seen: {:?}",
                    self.texts(css).await.unwrap_or_default()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until no element matching `css` is present, with its own patience.
    pub async fn wait_for_absence_within(&self, css: &str, patience: Duration) -> Result<()> {
        let started = Instant::now();
        while self.count(css).await? > 0 {
            if started.elapsed() > patience {
                bail!("`{css}` still present after {patience:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(())
    }

    /// The native window title(s) of the app (the page's title is not it).
    pub fn window_titles(&self) -> Result<Vec<String>> {
        x11::window_titles(self.app_pid().context("the app is not running")?)
    }

    /// Whether the app's window is on screen (mapped): closing it may only
    /// hide it while the app keeps running.
    pub fn window_shown(&self) -> Result<bool> {
        Ok(!self.window_titles()?.is_empty())
    }

    /// Closes the app's window as a user would: a click on its close
    /// button, which the window manager turns into `WM_DELETE_WINDOW` (the
    /// app sees a close request). What follows is the app's to decide.
    pub async fn close_window_like_a_user(&self) -> Result<()> {
        let pid = self.app_pid().context("the app is not running")?;
        let asked = x11::close_windows(pid)?;
        ensure!(asked > 0, "the app (pid {pid}) shows no window to close");
        Ok(())
    }

    /// Quits the app as a user would (Ctrl+Q in its window), waits for it
    /// to exit by itself, then stops the driver. This is how state saved at
    /// exit (window position) gets saved.
    pub async fn quit_like_a_user(self) -> Result<()> {
        let pid = self.app_pid().context("the app is not running")?;
        let control: char = Key::Control.into();
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: control })
            .then(KeyAction::Down { value: 'q' })
            .then(KeyAction::Up { value: 'q' })
            .then(KeyAction::Up { value: control });
        // The app may be gone before WebDriver answers: the exit is what counts.
        if let Err(error) = self.client.perform_actions(keys).await {
            eprintln!("pressing Ctrl+Q: {error} (the app may have exited already)");
        }
        let started = Instant::now();
        while std::path::Path::new(&format!("/proc/{pid}")).exists()
            && memory::process_name(pid).is_some_and(|name| !name.is_empty())
            && !is_zombie(pid)
        {
            // Exiting saves state and stops sync: give a loaded machine time.
            ensure!(
                started.elapsed() < PATIENCE * 3,
                "the app did not exit within {:?} of Ctrl+Q\n\
                 its threads:\n{}\nthe end of its output:\n{}",
                PATIENCE * 3,
                crate::process::thread_report(pid),
                tail(&self.log(), 40)
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let log = self.log();
        if log.contains("ending the process") {
            // The exit watchdog ended a hung exit: the window closed and the
            // state was saved (the scenario checks that), but say so.
            eprintln!(
                "warning: the app's exit hung and its watchdog ended it; the end of its output:\n{}",
                tail(&log, 40)
            );
        }
        drop(self);
        Ok(())
    }

    /// Ends a scenario: on failure, saves `NAME-failure.png` and adds the
    /// tail of the app's log to the error.
    pub async fn finish(self, name: &str, outcome: Result<()>) -> Result<()> {
        if let Err(error) = outcome {
            // A hidden window can keep WebKitWebDriver from answering a
            // screenshot: the failure must still be reported, not hang.
            let shot = tokio::time::timeout(
                Duration::from_secs(20),
                self.screenshot(&format!("{name}-failure")),
            )
            .await
            .unwrap_or_else(|_| Err(anyhow::anyhow!("the screenshot timed out")));
            let log = tail(&self.log(), 40);
            let _ = tokio::time::timeout(Duration::from_secs(20), self.close()).await;
            return Err(error.context(format!(
                "screenshot: {:?}\nlast lines of the app's output:\n{log}",
                shot.ok(),
            )));
        }
        self.close().await
    }
}
