//! The app's native window on the X display, where WebDriver cannot see:
//! its title (WebDriver reports the page's), whether it is shown, and
//! closing it the way a user's click on the close button does
//! (`WM_DELETE_WINDOW`), so the app decides what closing does.

use anyhow::{Context, Result};
use x11rb::connection::Connection;
use x11rb::protocol::xproto::{
    Atom, AtomEnum, ClientMessageEvent, ConnectionExt, EventMask, MapState, Window,
};
use x11rb::rust_connection::RustConnection;

struct Display {
    connection: RustConnection,
    root: Window,
}

impl Display {
    fn open() -> Result<Self> {
        let (connection, screen) =
            x11rb::connect(None).context("connecting to the X display (DISPLAY; xvfb-run)")?;
        let root = connection.setup().roots[screen].root;
        Ok(Self { connection, root })
    }

    fn atom(&self, name: &str) -> Result<Atom> {
        Ok(self
            .connection
            .intern_atom(false, name.as_bytes())?
            .reply()?
            .atom)
    }

    fn property(&self, window: Window, name: Atom, kind: impl Into<Atom>) -> Result<Vec<u8>> {
        Ok(self
            .connection
            .get_property(false, window, name, kind, 0, 1024)?
            .reply()?
            .value)
    }

    /// Mapped top-level windows whose `_NET_WM_PID` is `pid`.
    fn windows_of(&self, pid: u32) -> Result<Vec<Window>> {
        let net_wm_pid = self.atom("_NET_WM_PID")?;
        let mut found = Vec::new();
        for window in self.connection.query_tree(self.root)?.reply()?.children {
            let attributes = self.connection.get_window_attributes(window)?.reply()?;
            if attributes.map_state != MapState::VIEWABLE {
                continue;
            }
            let value = self.property(window, net_wm_pid, AtomEnum::CARDINAL)?;
            if value.len() == 4 && u32::from_ne_bytes(value[..4].try_into()?) == pid {
                found.push(window);
            }
        }
        Ok(found)
    }
}

/// The titles (`_NET_WM_NAME`, UTF-8) of the visible windows of process `pid`.
pub fn window_titles(pid: u32) -> Result<Vec<String>> {
    let display = Display::open()?;
    let name = display.atom("_NET_WM_NAME")?;
    let utf8 = display.atom("UTF8_STRING")?;
    display
        .windows_of(pid)?
        .into_iter()
        .map(|window| {
            Ok(String::from_utf8_lossy(&display.property(window, name, utf8)?).into_owned())
        })
        .collect()
}

/// Asks every visible window of `pid` to close, as a window manager does
/// when the user clicks the close button. Returns how many were asked.
pub fn close_windows(pid: u32) -> Result<usize> {
    let display = Display::open()?;
    let protocols = display.atom("WM_PROTOCOLS")?;
    let delete = display.atom("WM_DELETE_WINDOW")?;
    let windows = display.windows_of(pid)?;
    for &window in &windows {
        // data: the protocol, then the time (0: CurrentTime).
        let event = ClientMessageEvent::new(32, window, protocols, [delete, 0, 0, 0, 0]);
        display
            .connection
            .send_event(false, window, EventMask::NO_EVENT, event)?;
    }
    display.connection.flush()?;
    Ok(windows.len())
}
