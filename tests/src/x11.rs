//! The app's native window on the X display, where WebDriver cannot see:
//! its title (WebDriver reports the page's), whether it is shown, and
//! closing it the way a user's click on the close button does
//! (`WM_DELETE_WINDOW`), so the app decides what closing does; and what the
//! app put on the clipboard, read as a paste into another program would.

use anyhow::{Context, Result};
use std::time::{Duration, Instant};
use x11rb::connection::Connection;

use x11rb::protocol::xproto::{
    Atom, AtomEnum, ClientMessageEvent, ConnectionExt, CreateWindowAux, EventMask, ImageFormat,
    MapState, Window, WindowClass,
};
use x11rb::protocol::Event;
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

/// What the visible window of `pid` shows, as a PNG, read from the X
/// server as a screen grab would; `None` when it shows no window.
///
/// Not WebDriver's screenshot: WebKitGTK answers that after the page's next
/// presentation update, and a page that has nothing new to paint sometimes
/// never gets one, so the screenshot waits until something on the page
/// changes (seen in the end-to-end runs: the script engine answering and
/// animation frames running while the screenshot waited, and one DOM
/// change sent from outside releasing it at once).
pub fn window_png(pid: u32) -> Result<Option<Vec<u8>>> {
    let display = Display::open()?;
    let connection = &display.connection;
    // The main window, not a tooltip or menu that happens to be open.
    let mut largest = None;
    for window in display.windows_of(pid)? {
        let geometry = connection.get_geometry(window)?.reply()?;
        let area = u32::from(geometry.width) * u32::from(geometry.height);
        if largest.is_none_or(|(_, _, most)| area > most) {
            largest = Some((window, geometry, area));
        }
    }
    let Some((window, geometry, _)) = largest else {
        return Ok(None);
    };
    let (width, height) = (geometry.width, geometry.height);
    let image = connection
        .get_image(ImageFormat::Z_PIXMAP, window, 0, 0, width, height, !0)?
        .reply()
        .context("reading the window's pixels")?;
    // Depth 24 in 32 bits per pixel, little-endian: blue, green, red, unused.
    let pixels = usize::from(width) * usize::from(height);
    anyhow::ensure!(
        image.depth == 24 && image.data.len() == pixels * 4,
        "a window of depth {} with {} bytes for {width}x{height} pixels",
        image.depth,
        image.data.len()
    );
    let rgb: Vec<u8> = image
        .data
        .chunks_exact(4)
        .flat_map(|bgrx| [bgrx[2], bgrx[1], bgrx[0]])
        .collect();
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, width.into(), height.into());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgb)?;
    writer.finish()?;
    Ok(Some(png))
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
    // A round trip before this connection closes, so the server has handled
    // the request. Without it the request was sometimes lost (s8 and s16
    // saw the window stay shown: the app's main loop idle, its close
    // handler never called).
    display.connection.get_input_focus()?.reply()?;
    Ok(windows.len())
}

/// The text on the clipboard (the `CLIPBOARD` selection, as UTF-8), asked
/// of its owner the way another program's paste asks; `None` when nobody
/// owns it or the owner has no text to give within two seconds.
pub fn clipboard_text() -> Result<Option<String>> {
    let display = Display::open()?;
    let connection = &display.connection;
    let clipboard = display.atom("CLIPBOARD")?;
    let utf8 = display.atom("UTF8_STRING")?;
    let into = display.atom("SWITCHBOARD_TEST_PASTE")?;
    // The owner writes the text into a property of the asking window.
    let window = connection.generate_id()?;
    connection.create_window(
        x11rb::COPY_DEPTH_FROM_PARENT,
        window,
        display.root,
        0,
        0,
        1,
        1,
        0,
        WindowClass::INPUT_OUTPUT,
        x11rb::COPY_FROM_PARENT,
        &CreateWindowAux::new(),
    )?;
    connection.convert_selection(window, clipboard, utf8, into, x11rb::CURRENT_TIME)?;
    connection.flush()?;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(2) {
        match connection.poll_for_event()? {
            Some(Event::SelectionNotify(answer)) if answer.requestor == window => {
                if answer.property == x11rb::NONE {
                    return Ok(None);
                }
                let text = display.property(window, into, AtomEnum::ANY)?;
                return Ok(Some(String::from_utf8_lossy(&text).into_owned()));
            }
            Some(_) => {}
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    }
    Ok(None)
}
