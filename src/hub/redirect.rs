//! Where a redirect of the Hub goes, and whether the token may follow it: URLs compared by
//! origin (scheme, host, port), a `Location` resolved against the URL that answered.

/// The origin of an `http(s)` URL: its scheme, host (lower case) and port (the scheme's
/// default where none is written).
fn origin(url: &str) -> Option<(String, String, u16)> {
    let uri: ureq::http::Uri = url.parse().ok()?;
    let scheme = uri.scheme_str()?.to_ascii_lowercase();
    let port = uri.port_u16().or(match scheme.as_str() {
        "http" => Some(80),
        "https" => Some(443),
        _ => None,
    })?;
    Some((scheme, uri.host()?.to_ascii_lowercase(), port))
}

/// Whether two URLs share scheme, host and port.
pub fn same_origin(a: &str, b: &str) -> bool {
    origin(a).is_some_and(|o| Some(o) == origin(b))
}

/// A redirect's `Location` resolved against the URL that answered it: absolute,
/// scheme-relative (`//host/path`), absolute-path (`/path`) or relative to the same folder.
pub fn join_url(base: &str, location: &str) -> Option<String> {
    let lower = location.get(..8).unwrap_or(location).to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Some(location.to_string());
    }
    let (scheme, rest) = base.split_once("://")?;
    if let Some(r) = location.strip_prefix("//") {
        return Some(format!("{scheme}://{r}"));
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let root = &base[..scheme.len() + 3 + authority_end];
    if location.starts_with('/') {
        return Some(format!("{root}{location}"));
    }
    let path = &rest[authority_end..];
    let path = &path[..path.find(['?', '#']).unwrap_or(path.len())];
    let folder = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    let folder = if folder.is_empty() { "/" } else { folder };
    Some(format!("{root}{folder}{location}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_compare_scheme_host_and_port() {
        assert!(same_origin("http://127.0.0.1:80/a", "http://127.0.0.1"));
        assert!(same_origin("https://HF.co/a?b", "https://hf.co:443"));
        for other in [
            "http://127.0.0.1:81/a",
            "https://127.0.0.1/a",
            "http://127.0.0.2/a",
            "ftp://127.0.0.1/a",
            "not a url",
        ] {
            assert!(!same_origin(other, "http://127.0.0.1"), "{other}");
        }
    }

    #[test]
    fn locations_resolve_against_the_url_that_answered() {
        let base = "http://h:1/api/models/a/b?blobs=true";
        for (loc, to) in [
            ("https://x/y", "https://x/y"),
            ("HTTP://x/y", "HTTP://x/y"),
            ("//x:2/y", "http://x:2/y"),
            (
                "/api/models/c/d?blobs=true",
                "http://h:1/api/models/c/d?blobs=true",
            ),
            ("d", "http://h:1/api/models/a/d"),
        ] {
            assert_eq!(join_url(base, loc).as_deref(), Some(to), "{loc}");
        }
        assert_eq!(join_url("http://h", "x").as_deref(), Some("http://h/x"));
    }
}
