//! What the webview may navigate to (only the app's own pages) and what it
//! may ask the system browser to open (only https links). Both parse with
//! the `url` crate, never by string prefix.

use url::Url;

use crate::error::IpcError;

/// Whether a navigation stays inside the app's bundled pages. Everything
/// else (a link in customer text, an injected `location = …`) is refused.
pub fn is_app_page(url: &Url) -> bool {
    match url.scheme() {
        // Linux and macOS serve the bundle from `tauri://localhost`.
        "tauri" => url.host_str() == Some("localhost"),
        // Windows and Android serve it from `http(s)://tauri.localhost`.
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

/// Parses a link the user asked to open and accepts it only if it is https
/// with a host: no `file:`, `javascript:`, `http:` or custom schemes that
/// the desktop would hand to some other program.
pub fn external_https_link(raw: &str) -> Result<Url, IpcError> {
    let url = Url::parse(raw.trim())
        .map_err(|error| IpcError::invalid_input(format!("not a valid link: {error}")))?;
    if url.scheme() != "https" {
        return Err(IpcError::invalid_input(format!(
            "only https links open outside the app, not {}:",
            url.scheme()
        )));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(IpcError::invalid_input("the link has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        // `https://bank.example@evil.example` reads as one site and opens another.
        return Err(IpcError::invalid_input(
            "links with credentials are refused",
        ));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::IpcErrorCode;

    #[test]
    fn only_https_links_with_a_host_are_opened() {
        assert_eq!(
            external_https_link(" https://example.com/order/7?x=1 ")
                .unwrap()
                .as_str(),
            "https://example.com/order/7?x=1",
            "a plain https link is opened as parsed"
        );
        for refused in [
            "http://example.com",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "ftp://example.com",
            "https://user:pw@example.com",
            "not a url",
            "mailto:a@example.com",
        ] {
            let error = external_https_link(refused).expect_err(refused);
            assert_eq!(
                error.code,
                IpcErrorCode::InvalidInput,
                "{refused} must be refused as invalid input, never handed to the desktop"
            );
        }
    }

    #[test]
    fn navigation_stays_on_the_bundled_pages() {
        let allowed = [
            "tauri://localhost/",
            "tauri://localhost/index.html",
            "http://tauri.localhost/",
        ];
        for url in allowed {
            assert!(
                is_app_page(&url.parse().unwrap()),
                "{url} is the app itself"
            );
        }
        let refused = [
            "https://example.com/",
            "http://localhost:8080/",
            "tauri://evil.example/",
            "file:///tmp/x.html",
            "data:text/html,<script>1</script>",
        ];
        for url in refused {
            assert!(
                !is_app_page(&url.parse().unwrap()),
                "{url} must not load in the webview"
            );
        }
    }
}
