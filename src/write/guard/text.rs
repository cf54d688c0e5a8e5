//! Words of a text as the guard reads them: runs of Cyrillic letters, lower-cased with «ё» as
//! «е», read through soft hyphens, zero-width characters, combining accents and the HTML
//! entities for them. Everything else (spaces, NBSP, punctuation, markup, Latin, digits)
//! separates words. One pass over the bytes, no allocation per word.

/// One word: its normalised bytes (UTF-8) and whether it is an initial («Д.»).
pub struct Word<'a> {
    /// Normalised letters; empty for a word of two or more small letters whose first two
    /// letters the caller said it does not want (most words of a page).
    pub bytes: &'a [u8],
    /// A single letter directly followed by a full stop.
    pub initial: bool,
    /// Written with a capital first letter.
    pub capital: bool,
    /// Byte offset of the word in the text.
    pub start: usize,
    /// Byte offset just after the word's last letter.
    pub end: usize,
    /// Words were passed over right before this one (only [`words_wanted`] passes words over).
    pub after_gap: bool,
}

/// Calls `f` for every word of `text`, in order.
///
/// Between words it skips whole runs of bytes that cannot start a Cyrillic letter (ASCII markup
/// and text), and reads the basic Cyrillic block without a general UTF-8 decode: public pages
/// are mostly markup, so most bytes are looked at once and no more.
pub fn words(text: &[u8], f: impl FnMut(Word)) {
    walk::<false>(text, |_| true, f)
}

/// [`words`], but a word of two letters, or one whose first three letters `want` refuses (as
/// letter codes, see [`letter_code`]), is passed without its letters if capitalised and passed
/// over if not (the next word then has `after_gap`): the common words of a page are only
/// walked over, never lower-cased nor handed to `f`. (A capital word's `start..end` lets a
/// caller read it again in the rare case it needs the word.)
pub fn words_wanted(text: &[u8], want: impl Fn([u32; 3]) -> bool, f: impl FnMut(Word)) {
    walk::<true>(text, want, f)
}

/// The code of a basic Cyrillic letter (UTF-8 lead D0/D1, then `cont`): its code point minus
/// U+0400, 0…127.
#[inline]
pub fn letter_code(lead: u8, cont: u8) -> u32 {
    (((lead & 1) as u32) << 6) | (cont & 0x3F) as u32
}

/// [`letter_code`] of a letter → the code of the letter lower-cased, «ё» as «е» (as [`fold`]).
const LOWER: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut c = 0usize;
    while c < 128 {
        t[c] = match c {
            0x01 | 0x51 => 0x35,
            0x10..=0x2F => c + 0x20,
            0x00..=0x0F => c + 0x50,
            _ => c,
        } as u8;
        c += 1;
    }
    t
};

fn walk<const SKIP: bool>(text: &[u8], want: impl Fn([u32; 3]) -> bool, mut f: impl FnMut(Word)) {
    // Normalised letters of the current word; a longer word than this is no name.
    let mut buf = [0u8; 96];
    let mut len = 0usize;
    let mut letters = 0usize;
    let mut start = 0usize;
    let mut capital = false;
    let mut gap = false;
    let mut i = 0usize;
    let n = text.len();
    macro_rules! emit {
        ($next:expr) => {
            if letters > 0 {
                let initial = letters == 1 && text.get($next) == Some(&b'.');
                f(Word {
                    bytes: &buf[..len],
                    initial,
                    capital,
                    start,
                    end: $next,
                    after_gap: gap,
                });
                gap = false;
                len = 0;
                letters = 0;
            }
        };
    }
    macro_rules! letter {
        ($c:expr, $upper:expr) => {
            if letters == 0 {
                start = i;
                capital = $upper;
            }
            if len + 2 <= buf.len() {
                buf[len] = 0xC0 | ($c >> 6) as u8;
                buf[len + 1] = 0x80 | ($c & 0x3F) as u8;
                len += 2;
            }
            letters += 1;
        };
    }
    while i < n {
        if letters == 0 {
            // Nothing below 0xC0 starts a letter: skip ASCII and stray continuation bytes.
            i = skip_to_lead(text, i);
            if i >= n {
                break;
            }
        }
        let b = text[i];
        if letters == 0 && (b == 0xD0 || b == 0xD1) {
            // Fast path: a run of basic Cyrillic letters ending at a plain separator.
            let j = cyrillic_run_end(text, i);
            let clean_end = match text.get(j) {
                None => true,
                Some(&c) if c < 0x80 => c != b'&',
                // Soft hyphen (C2 AD), accents (CC, CD), other Cyrillic (D2, D3),
                // zero-width characters (E2), BOM (EF): the careful path below.
                Some(&c) => {
                    c >= 0xC0 && !matches!(c, 0xC2 | 0xCC | 0xCD | 0xD2 | 0xD3 | 0xE2 | 0xEF)
                }
            };
            if clean_end && j > i {
                let count = (j - i) / 2;
                let code = |at: usize| letter_code(text[at], text[at + 1]) as usize;
                // Ѐ–Я (codes below 0x30) are the capitals.
                let upper = code(i) < 0x30;
                let lower = |at: usize| LOWER[code(at)] as u32;
                // One letter may be an initial; two letters are no name part; from three,
                // the first three letters decide.
                let full = match count {
                    1 => true,
                    2 => false,
                    _ => want([lower(i), lower(i + 2), lower(i + 4)]),
                };
                if SKIP && !full && !upper {
                    gap = true;
                    i = j;
                    continue;
                }
                let mut k = 0usize;
                if full {
                    for at in (i..j).step_by(2) {
                        let c = lower(at);
                        if k + 2 <= buf.len() {
                            buf[k] = 0xD0 | (c >> 6) as u8;
                            buf[k + 1] = 0x80 | (c & 0x3F) as u8;
                            k += 2;
                        }
                    }
                }
                f(Word {
                    bytes: &buf[..k],
                    initial: count == 1 && text.get(j) == Some(&b'.'),
                    capital: upper,
                    start: i,
                    end: j,
                    after_gap: gap,
                });
                gap = false;
                i = j;
                continue;
            }
        }
        if b < 0x80 {
            if b == b'&' {
                // Entities that stand inside a word: soft hyphen, zero-width space/joiners.
                if let Some(len) = invisible_entity(&text[i..]) {
                    i += len;
                    continue;
                }
            }
            emit!(i);
            i += 1;
            continue;
        }
        if (b == 0xD0 || b == 0xD1) && i + 1 < n && text[i + 1] & 0xC0 == 0x80 {
            let c = (((b & 0x1F) as u32) << 6) | (text[i + 1] & 0x3F) as u32;
            match c {
                // А–Я → а–я
                0x0410..=0x042F => {
                    letter!(c + 0x20, true);
                }
                // Ё, ё → е
                0x0401 | 0x0451 => {
                    letter!(0x0435, c == 0x0401);
                }
                // Ѐ–Џ → ѐ–џ (Ukrainian, Belarusian letters)
                0x0400..=0x040F => {
                    letter!(c + 0x50, true);
                }
                _ => {
                    letter!(c, false);
                }
            }
            i += 2;
            continue;
        }
        let (c, width) = decode(&text[i..]);
        match c {
            0x0460..=0x04FF => {
                letter!(c, false);
            }
            // Soft hyphen, zero-width space/joiners, word joiner, BOM, combining accents:
            // invisible on the page, so a name stays one word across them.
            0x00AD | 0x200B..=0x200D | 0x2060 | 0xFEFF | 0x0300..=0x036F => {}
            _ => {
                emit!(i);
            }
        }
        i += width.max(1);
    }
    // The last word: nothing follows it, so it is no initial.
    if letters > 0 {
        f(Word {
            bytes: &buf[..len],
            initial: false,
            capital,
            start,
            end: n,
            after_gap: gap,
        });
    }
}

/// The end of the run of basic Cyrillic letters (lead byte D0/D1, then a continuation byte)
/// that starts at `i`: four letters at a time, as one 64-bit compare.
#[inline]
fn cyrillic_run_end(text: &[u8], mut j: usize) -> usize {
    let n = text.len();
    while j + 8 <= n {
        let mut w = [0u8; 8];
        w.copy_from_slice(&text[j..j + 8]);
        // Little-endian lanes of two bytes: lead & 0xFE == 0xD0, continuation & 0xC0 == 0x80.
        let m = (u64::from_le_bytes(w) & 0xC0FE_C0FE_C0FE_C0FE) ^ 0x80D0_80D0_80D0_80D0;
        if m != 0 {
            return j + (m.trailing_zeros() / 16) as usize * 2;
        }
        j += 8;
    }
    while j + 1 < n && (text[j] == 0xD0 || text[j] == 0xD1) && text[j + 1] & 0xC0 == 0x80 {
        j += 2;
    }
    j
}

/// The next byte at or after `i` that can start a multi-byte character (≥ 0xC0), eight ASCII
/// bytes at a time.
#[inline]
fn skip_to_lead(t: &[u8], mut i: usize) -> usize {
    let n = t.len();
    loop {
        while i + 8 <= n {
            let mut w = [0u8; 8];
            w.copy_from_slice(&t[i..i + 8]);
            if u64::from_le_bytes(w) & 0x8080_8080_8080_8080 != 0 {
                break;
            }
            i += 8;
        }
        while i < n && t[i] < 0x80 {
            i += 1;
            if i + 8 <= n && i % 8 == 0 {
                break;
            }
        }
        if i >= n || t[i] >= 0xC0 {
            return i;
        }
        if t[i] >= 0x80 {
            // A stray continuation byte: not a letter.
            i += 1;
        }
    }
}

/// `&shy;`, `&#173;`, `&#xad;`, `&#8203;`, `&#x200b;`, `&zwj;`, `&zwnj;`: its length.
fn invisible_entity(s: &[u8]) -> Option<usize> {
    let end = s.iter().take(10).position(|b| *b == b';')?;
    let name = &s[1..end];
    let hit = matches!(
        name.to_ascii_lowercase().as_slice(),
        b"shy"
            | b"#173"
            | b"#xad"
            | b"#8203"
            | b"#x200b"
            | b"zwj"
            | b"zwnj"
            | b"#8204"
            | b"#8205"
            | b"#x200c"
            | b"#x200d"
            | b"#8288"
            | b"#x2060"
    );
    hit.then_some(end + 1)
}

/// One UTF-8 scalar from the start of `s` (a broken sequence is U+FFFD of length 1).
#[inline]
fn decode(s: &[u8]) -> (u32, usize) {
    let b0 = s[0] as u32;
    let cont = |k: usize| s.get(k).map(|b| (*b as u32) & 0x3F);
    match s[0] {
        0xC0..=0xDF => match cont(1) {
            Some(b1) => (((b0 & 0x1F) << 6) | b1, 2),
            None => (0xFFFD, 1),
        },
        0xE0..=0xEF => match (cont(1), cont(2)) {
            (Some(b1), Some(b2)) => (((b0 & 0x0F) << 12) | (b1 << 6) | b2, 3),
            _ => (0xFFFD, 1),
        },
        0xF0..=0xF7 => (0xFFFD, 4.min(s.len())),
        _ => (0xFFFD, 1),
    }
}

/// Lower-case a name part the way [`words`] normalises page text.
pub fn normalise(s: &str) -> String {
    let mut out = String::new();
    words(s.as_bytes(), |w| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(std::str::from_utf8(w.bytes).unwrap_or(""));
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(s: &str) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        words(s.as_bytes(), |w| {
            out.push((String::from_utf8(w.bytes.to_vec()).unwrap(), w.initial))
        });
        out
    }

    #[test]
    fn words_are_lower_case_cyrillic_runs() {
        assert_eq!(
            all("<p>КУЗНЕЦОВ&nbsp;Денис, Ёлкин — Д.Е. x"),
            vec![
                ("кузнецов".into(), false),
                ("денис".into(), false),
                ("елкин".into(), false),
                ("д".into(), true),
                ("е".into(), true),
            ]
        );
    }

    #[test]
    fn invisible_characters_do_not_split_a_word() {
        for s in [
            "Куз\u{00AD}нецов",
            "Куз\u{200B}нецов",
            "Куз&shy;нецов",
            "Куз&#8203;нецов",
            "Кузне\u{0301}цов",
        ] {
            assert_eq!(all(s), vec![("кузнецов".into(), false)], "{s}");
        }
    }

    #[test]
    fn unwanted_words_are_passed_over_unless_capitalised() {
        let kuz: Vec<u32> = "куз".chars().map(|c| c as u32 - 0x400).collect();
        let mut out = Vec::new();
        words_wanted(
            "кузнецов денис Кузнецов д. ёлка ель Денис".as_bytes(),
            |p| p[..] == kuz[..],
            |w| {
                out.push((
                    String::from_utf8(w.bytes.to_vec()).unwrap(),
                    w.initial,
                    w.capital,
                    w.after_gap,
                ))
            },
        );
        assert_eq!(
            out,
            vec![
                ("кузнецов".into(), false, false, false),
                ("кузнецов".into(), false, true, true),
                ("д".into(), true, false, false),
                ("".into(), false, true, true),
            ]
        );
    }

    #[test]
    fn letter_codes_lower_case_like_the_standard_library() {
        // The modern letters (U+0400…U+045F); the historic ones above are kept as they are.
        for code in 0u32..0x60 {
            let c = char::from_u32(0x400 + code).unwrap();
            let lower: String = c.to_lowercase().collect::<String>().replace('ё', "е");
            let mine = char::from_u32(0x400 + LOWER[code as usize] as u32).unwrap();
            assert_eq!(lower, mine.to_string(), "{c}");
        }
    }

    #[test]
    fn long_runs_end_where_the_letters_end() {
        // Runs longer than the eight bytes read at once, ending at every offset of a block.
        for word in [
            "абв",
            "абвг",
            "абвгдежзи",
            "абвгдежзик",
            "абвгдежзиклм",
            "Щёлоковская",
        ] {
            for tail in ["", " ", "ab", "—", ".", "\u{A0}x", "&amp;"] {
                let text = format!("{word}{tail}");
                let mut spans = Vec::new();
                words(text.as_bytes(), |w| {
                    spans.push((w.start, w.end, String::from_utf8(w.bytes.to_vec()).unwrap()))
                });
                let lower = word.to_lowercase().replace('ё', "е");
                assert_eq!(spans, vec![(0, word.len(), lower)], "{text:?}");
            }
        }
    }

    #[test]
    fn broken_utf8_never_panics() {
        let _ = all(std::str::from_utf8(b"ok").unwrap());
        let mut n = 0;
        words(&[0xD0, 0xD0, 0x9A, 0xFF, 0xE2, 0x80], |_| n += 1);
        assert!(n <= 1);
    }
}
