//! Small helpers shared across modules.

/// A fast non-cryptographic hasher (FxHash, as rustc uses) for maps keyed by paths the
/// process made itself: SipHash over long paths was a visible part of planning a large tree.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write(&[i]);
    }
    fn write_usize(&mut self, i: usize) {
        self.write(&(i as u64).to_le_bytes());
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`FxHasher`].
pub type FxMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

pub use crate::escape::is_unsafe_char;

/// The current folder, read once.
#[cfg(feature = "native")]
fn cwd() -> &'static std::path::Path {
    static CWD: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    CWD.get_or_init(|| std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from("/")))
}

/// `path` made absolute without a system call per path: the current folder (read once)
/// joined with it, `.` components and repeated separators dropped, `..` and symlinks kept.
#[cfg(feature = "native")]
pub fn absolute(path: &std::path::Path) -> std::path::PathBuf {
    let joined;
    let p = if path.is_absolute() {
        path
    } else {
        joined = cwd().join(path);
        &joined
    };
    p.components().collect()
}

/// Without a file system (the browser) there is no current folder: the path as given, tidied.
#[cfg(not(feature = "native"))]
pub fn absolute(path: &std::path::Path) -> std::path::PathBuf {
    path.components().collect()
}

/// The lines of `text`, each with the `\n` or `\r` that ends it (`"a\r\n"` is `"a\r"` then
/// `"\n"`, as `split_inclusive(['\n', '\r'])` gives them), found by memchr.
pub fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut breaks = memchr::memchr2_iter(b'\n', b'\r', text.as_bytes());
    std::iter::from_fn(move || match breaks.next() {
        Some(i) => {
            let line = &text[start..=i];
            start = i + 1;
            Some(line)
        }
        None if start < text.len() => {
            let line = &text[start..];
            start = text.len();
            Some(line)
        }
        None => None,
    })
}

/// The byte offset of the first match of `needle` (ASCII, given in lower case) in `hay`,
/// ignoring ASCII case; no allocation (a hot path on every card's body).
pub fn find_ignore_ascii_case(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return Some(0);
    }
    debug_assert!(needle.bytes().all(|b| !b.is_ascii_uppercase()));
    // Search for the needle's rarest byte in English text (`codecarbon`: its `b`), not its
    // first: far fewer stops to check.
    let at = (0..n.len()).min_by_key(|&i| rarity_rank(n[i])).unwrap_or(0);
    let rare = n[at];
    let mut from = at;
    while from < h.len() {
        let i = from + memchr::memchr2(rare, rare.to_ascii_uppercase(), &h[from..])?;
        let start = i - at;
        if h.len() - start < n.len() {
            return None;
        }
        if h[start..start + n.len()].eq_ignore_ascii_case(n) {
            return Some(start);
        }
        from = i + 1;
    }
    None
}

/// How common a byte is in English text and Markdown: lower is rarer.
fn rarity_rank(b: u8) -> u8 {
    const COMMON: &[u8] = b"zqxjkvbpygfwmucldrhsnioate ";
    COMMON
        .iter()
        .position(|&c| c == b)
        .map_or(0, |p| p as u8 + 1)
}

/// Whether `hay` holds `needle` (ASCII, in lower case), ignoring ASCII case.
pub fn contains_ignore_ascii_case(hay: &str, needle: &str) -> bool {
    find_ignore_ascii_case(hay, needle).is_some()
}

/// At most `max` characters of `s`, with `…` where it is cut.
pub fn clip(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    // No more bytes than `max`: no more characters either (most texts: no count needed).
    if s.len() <= max {
        return std::borrow::Cow::Borrowed(s);
    }
    match s.char_indices().nth(max) {
        None => std::borrow::Cow::Borrowed(s),
        Some((i, _)) => {
            let cut = s[..i]
                .char_indices()
                .nth(max.saturating_sub(1))
                .map_or(i, |(j, _)| j);
            std::borrow::Cow::Owned(format!("{}…", &s[..cut]))
        }
    }
}

/// A character as a reader would name it: `U+001B (ESC)`, `U+0007`.
pub fn char_name(c: char) -> String {
    let name = match c {
        '\u{7}' => " (BEL)",
        '\u{8}' => " (BS)",
        '\u{1b}' => " (ESC)",
        '\u{0}' => " (NUL)",
        '\u{7f}' => " (DEL)",
        '\u{85}' => " (NEL)",
        '\u{feff}' => " (BOM)",
        _ => "",
    };
    format!("U+{:04X}{name}", c as u32)
}

/// Formats a number of grams without float noise: `319.355`, `1710`, `0.0334`.
pub fn fmt_num(x: f64) -> String {
    if x.is_finite() && x == x.trunc() && x.abs() < 1e15 {
        return format!("{}", x as i64);
    }
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "0" || s == "-0" {
        format!("{x}")
    } else {
        s.to_string()
    }
}

/// Inputs for tests that check a hand-written matcher against the regex it replaces.
#[cfg(test)]
pub mod testing {
    /// Calls `f` on every string of 1 to `max_len` characters over `alphabet`.
    pub fn every_string(alphabet: &str, max_len: usize, mut f: impl FnMut(&str)) {
        let alphabet: Vec<char> = alphabet.chars().collect();
        let mut words = vec![String::new()];
        for _ in 0..max_len {
            let mut next = Vec::with_capacity(words.len() * alphabet.len());
            for w in &words {
                for c in &alphabet {
                    let mut x = w.clone();
                    x.push(*c);
                    f(&x);
                    next.push(x);
                }
            }
            words = next;
        }
    }

    /// Calls `f` on `n` reproducible pseudo-random strings of 1 to `max_len` characters over
    /// `alphabet`.
    pub fn random_strings(alphabet: &str, n: usize, max_len: usize, mut f: impl FnMut(&str)) {
        let alphabet: Vec<char> = alphabet.chars().collect();
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let mut x = String::new();
        for _ in 0..n {
            x.clear();
            let len = next() % max_len + 1;
            for _ in 0..len {
                x.push(alphabet[next() % alphabet.len()]);
            }
            f(&x);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_and_numbers() {
        assert_eq!(fmt_num(0.319355 * 1000.0), "319.355");
        assert_eq!(fmt_num(1710.0), "1710");
        assert_eq!(fmt_num(1.5e-9), "0.0000000015");
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("abcd", 4), "abcd");
        assert_eq!(clip("ééééé", 3), "éé…");
    }

    #[test]
    fn lines_end_where_split_inclusive_ends_them() {
        for text in ["", "a", "a\n", "a\r\nb", "\n\n", "a\rb\r", "é\n\r", "x\ny"] {
            let want: Vec<&str> = text.split_inclusive(['\n', '\r']).collect();
            assert_eq!(lines_inclusive(text).collect::<Vec<_>>(), want, "{text:?}");
        }
    }

    #[test]
    fn finds_ignoring_ascii_case() {
        assert_eq!(
            find_ignore_ascii_case("Made with CodeCarbon", "codecarbon"),
            Some(10)
        );
        assert_eq!(
            find_ignore_ascii_case("cccodecarbon", "codecarbon"),
            Some(2)
        );
        assert_eq!(find_ignore_ascii_case("codecarbo", "codecarbon"), None);
        assert_eq!(find_ignore_ascii_case("é MODEL", "model"), Some(3));
        assert_eq!(find_ignore_ascii_case("", "x"), None);
        assert_eq!(find_ignore_ascii_case("abc", ""), Some(0));
        // Every position agrees with lowercasing then searching.
        for hay in ["aAaAb", "xxABab", "ÀaB", "bab"] {
            let want = hay.to_ascii_lowercase().find("ab");
            assert_eq!(find_ignore_ascii_case(hay, "ab"), want, "{hay}");
        }
        // Whichever byte of the needle is searched for, the first match is found.
        super::testing::every_string("aAbB_é", 6, |hay| {
            for needle in ["ab", "ba", "a_b", "bb_", "_", "aab"] {
                let want = hay.to_ascii_lowercase().find(needle);
                assert_eq!(find_ignore_ascii_case(hay, needle), want, "{hay} {needle}");
            }
        });
    }
}
