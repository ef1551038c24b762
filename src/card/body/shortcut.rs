//! The body's shortcut: whether its Markdown parse can find anything at all, decided from the
//! few words every label it reads holds (most cards have none where a label could be).

/// The longest label a `Label: value` line may have, in bytes.
pub(super) const MAX_LABEL: usize = 120;

/// Words one of which every label [`super::labelled`] names, and every key a table reads, contains
/// (ASCII case aside). A label's lower case has them as written: the characters that lower into
/// ASCII are U+212A (KELVIN SIGN, to `k`: no word has a `k`) and U+0130 (`İ`, to `i` and a
/// combining dot, which then stands inside the word and breaks it).
const LABEL_WORDS: [&str; 13] = [
    "hour",
    "cloud",
    "comput",
    "emission",
    "emitted",
    "carbon",
    "footprint",
    "hardware",
    "energy",
    "power",
    "electricit",
    // CodeCarbon's columns without any of the words above.
    "project_name",
    "run_id",
];

/// The first two bytes of each of [`LABEL_WORDS`] in every case, as a set of byte pairs.
static LABEL_PAIRS: [u64; 1024] = {
    let mut set = [0u64; 1024];
    let mut w = 0;
    while w < LABEL_WORDS.len() {
        let b = LABEL_WORDS[w].as_bytes();
        let mut v = 0;
        while v < 4 {
            let x = if v & 1 == 0 {
                b[0]
            } else {
                b[0].to_ascii_uppercase()
            };
            let y = if v & 2 == 0 {
                b[1]
            } else {
                b[1].to_ascii_uppercase()
            };
            let k = (x as usize) << 8 | y as usize;
            set[k >> 6] |= 1 << (k & 63);
            v += 1;
        }
        w += 1;
    }
    set
};

/// Whether `s` holds one of [`LABEL_WORDS`], ignoring ASCII case: a word is looked for only
/// where a pair of bytes starts one (and the pair only after a byte that starts one).
pub(super) fn has_label_word(s: &[u8]) -> bool {
    let Some((_, head)) = s.split_last() else {
        return false;
    };
    head.iter().enumerate().any(|(i, &c)| {
        LABEL_FIRST[usize::from(c)] && {
            let k = usize::from(c) << 8 | usize::from(s[i + 1]);
            LABEL_PAIRS[k >> 6] >> (k & 63) & 1 == 1 && word_at(&s[i..])
        }
    })
}

/// The first bytes of [`LABEL_WORDS`] in both cases.
static LABEL_FIRST: [bool; 256] = {
    let mut set = [false; 256];
    let mut w = 0;
    while w < LABEL_WORDS.len() {
        let b = LABEL_WORDS[w].as_bytes()[0];
        set[b as usize] = true;
        set[b.to_ascii_uppercase() as usize] = true;
        w += 1;
    }
    set
};

/// Whether one of [`LABEL_WORDS`] starts `s` (whose first two bytes start one), ignoring case.
fn word_at(s: &[u8]) -> bool {
    let (x, y) = (s[0].to_ascii_lowercase(), s[1].to_ascii_lowercase());
    LABEL_WORDS.iter().any(|w| {
        let w = w.as_bytes();
        w[0] == x && w[1] == y && s.len() >= w.len() && s[..w.len()].eq_ignore_ascii_case(w)
    })
}

/// Whether [`super::parse`] can find anything in `text`: a suppression comment, a `Label:` line whose
/// label (at most 120 bytes, before the line's first colon) holds one of [`LABEL_WORDS`], or a
/// table row (a line whose first non-blank is `|`) holding one. On the ~95 % of cards where it
/// cannot, the Markdown parse is skipped: its result would be empty. Only the colons and bars
/// are visited, each line's first of each (lines end at `\n` or `\r`, as
/// [`crate::util::lines_inclusive`] splits them).
pub(super) fn may_state(text: &str) -> bool {
    let b = text.as_bytes();
    if memchr::memmem::find(b, b"cardlint-disable").is_some() {
        return true;
    }
    let (mut colon_line, mut bar_line) = (usize::MAX, usize::MAX);
    // The start of the current line, moved forward over each stretch once (linear time
    // however long the lines and however many colons they hold).
    let (mut line, mut seen) = (0, 0);
    memchr::memchr2_iter(b':', b'|', b).any(|i| {
        if let Some(j) = memchr::memrchr2(b'\n', b'\r', &b[seen..i]) {
            line = seen + j + 1;
        }
        seen = i;
        if b[i] == b':' {
            if colon_line == line {
                return false;
            }
            colon_line = line;
            has_label_word(&b[line.max(i.saturating_sub(MAX_LABEL))..i])
        } else {
            if bar_line == line {
                return false;
            }
            bar_line = line;
            let end = memchr::memchr2(b'\n', b'\r', &b[i..]).map_or(b.len(), |j| i + j);
            text[line..i].trim_start().is_empty() && has_label_word(&b[line..end])
        }
    })
}
