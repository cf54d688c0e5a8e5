//! The text of a public file, whatever it is: found by its content, not its name (a `.CSV`,
//! a workbook renamed `.txt` and a UTF-16 `.html` are all read).

use std::borrow::Cow;
use std::io::{Cursor, Read};

/// What the guard can read of a file.
pub enum Content<'a> {
    /// Text as UTF-8 (decoded from UTF-16 or Windows-1251 when needed).
    Text(Cow<'a, [u8]>),
    /// A file the guard cannot read (PDF, image, font, old Word, broken archive): the name of
    /// its kind, for the message.
    Opaque(&'static str),
}

/// Read `bytes` as the guard sees them.
pub fn content(bytes: &[u8]) -> Content<'_> {
    if bytes.starts_with(b"PK\x03\x04") {
        return match archive_text(bytes) {
            Some(t) => Content::Text(Cow::Owned(t.into_bytes())),
            None => Content::Opaque("архив или документ Office, который не удалось прочитать"),
        };
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // Old Office: an .xls is read, a .doc is not.
        return match workbook_text(bytes) {
            Some(t) => Content::Text(Cow::Owned(t.into_bytes())),
            None => Content::Opaque("документ Word или другой файл старого формата Office"),
        };
    }
    if let Some(kind) = binary_kind(bytes) {
        return Content::Opaque(kind);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let (t, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(rest);
        return Content::Text(Cow::Owned(t.into_owned().into_bytes()));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let (t, _) = encoding_rs::UTF_16BE.decode_without_bom_handling(rest);
        return Content::Text(Cow::Owned(t.into_owned().into_bytes()));
    }
    // UTF-16 without a BOM: every other byte zero. Text pages have no zero byte at all.
    if memchr::memchr(0, bytes).is_none() {
        if looks_utf8(bytes) {
            return Content::Text(Cow::Borrowed(bytes));
        }
        // Not UTF-8: text in Windows-1251, as Excel saves CSV.
        let (t, _, _) = encoding_rs::WINDOWS_1251.decode(bytes);
        return Content::Text(Cow::Owned(t.into_owned().into_bytes()));
    }
    let zeros = bytes.iter().take(4096).filter(|b| **b == 0).count();
    let sample = bytes.len().min(4096);
    if sample >= 4 && zeros * 3 >= sample {
        let le = bytes
            .iter()
            .skip(1)
            .step_by(2)
            .take(2048)
            .filter(|b| **b == 0)
            .count();
        let enc = if le * 2 >= zeros {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (t, _) = enc.decode_without_bom_handling(bytes);
        return Content::Text(Cow::Owned(t.into_owned().into_bytes()));
    }
    Content::Opaque("двоичный файл")
}

/// Whether text is UTF-8 rather than Windows-1251, from the first kilobyte after the first
/// non-ASCII byte: the two encodings part at once on Cyrillic (cp1251 letters are never
/// followed by UTF-8 continuation bytes), and validating a whole page costs a fifth of the
/// guard. The word splitter reads any stray byte safely either way.
fn looks_utf8(bytes: &[u8]) -> bool {
    let Some(first) = bytes.iter().position(|b| *b >= 0x80) else {
        return true;
    };
    let sample = &bytes[first..bytes.len().min(first + 1024)];
    match std::str::from_utf8(sample) {
        Ok(_) => true,
        // A character cut by the end of the sample is still UTF-8.
        Err(e) => e.error_len().is_none() && e.valid_up_to() + 4 > sample.len(),
    }
}

/// Images, fonts, PDF and other formats with no text the guard can read.
fn binary_kind(b: &[u8]) -> Option<&'static str> {
    let kinds: &[(&[u8], &str)] = &[
        (b"%PDF", "PDF"),
        (b"\x89PNG", "изображение PNG"),
        (b"\xFF\xD8\xFF", "изображение JPEG"),
        (b"GIF8", "изображение GIF"),
        (b"wOFF", "шрифт"),
        (b"wOF2", "шрифт"),
        (b"\x00\x01\x00\x00", "шрифт"),
        (b"OTTO", "шрифт"),
        (b"{\\rtf", "документ RTF"),
        (b"\x1F\x8B", "архив gzip"),
        (b"Rar!", "архив RAR"),
        (b"7z\xBC\xAF", "архив 7z"),
    ];
    if b.len() >= 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        return Some("изображение WebP");
    }
    kinds
        .iter()
        .find(|(magic, _)| b.starts_with(magic))
        .map(|(_, k)| *k)
}

/// Text of an Office Open XML or OpenDocument file (docx, xlsx, pptx, odt, ods): spreadsheets
/// through calamine, documents from their XML with paragraphs as lines.
fn archive_text(bytes: &[u8]) -> Option<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let is_sheet = names.iter().any(|n| {
        n == "xl/workbook.xml" || n == "content.xml" && names.iter().any(|m| m == "mimetype")
    });
    if names.iter().any(|n| n == "xl/workbook.xml") {
        return workbook_text(bytes);
    }
    let mut out = String::new();
    let mut any = false;
    for name in &names {
        let wanted = name.ends_with(".xml")
            && (name.starts_with("word/")
                || name.starts_with("ppt/slides/")
                || name == "content.xml"
                || name == "styles.xml"
                || name == "docProps/core.xml");
        if !wanted {
            continue;
        }
        let mut xml = String::new();
        let mut f = zip.by_name(name).ok()?;
        f.read_to_string(&mut xml).ok()?;
        xml_text(&xml, &mut out);
        out.push('\n');
        any = true;
    }
    if !any && is_sheet {
        return workbook_text(bytes);
    }
    // An .ods is read as a spreadsheet too, so that cells stay apart.
    if names.iter().any(|n| n == "content.xml") {
        if let Some(t) = workbook_text(bytes) {
            out.push_str(&t);
        }
    }
    any.then_some(out)
}

/// Cells of every sheet, a row per line, cells separated by tabs.
fn workbook_text(bytes: &[u8]) -> Option<String> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).ok()?;
    let mut out = String::new();
    for name in wb.sheet_names() {
        out.push_str(&name);
        out.push('\n');
        let Ok(range) = wb.worksheet_range(&name) else {
            continue;
        };
        for row in range.rows() {
            for c in row {
                out.push_str(&c.to_string());
                out.push('\t');
            }
            out.push('\n');
        }
    }
    Some(out)
}

/// The text of Word/OpenDocument XML: runs of one paragraph joined as they are (Word splits
/// words across runs), paragraphs, tabs and breaks as white space.
fn xml_text(xml: &str, out: &mut String) {
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        out.push_str(&unescape(&rest[..lt]));
        let Some(gt) = rest[lt..].find('>') else {
            return;
        };
        let tag = &rest[lt + 1..lt + gt];
        let name = tag
            .trim_start_matches('/')
            .split([' ', '/'])
            .next()
            .unwrap_or("");
        let closing = tag.starts_with('/');
        let breaks = matches!(
            name,
            "w:tab" | "w:br" | "w:cr" | "text:tab" | "text:s" | "text:line-break" | "a:br"
        ) || (closing
            && matches!(
                name,
                "w:p" | "text:p" | "text:h" | "a:p" | "dc:title" | "dc:creator" | "cp:keywords"
            ));
        if breaks {
            out.push(' ');
        }
        rest = &rest[lt + gt + 1..];
    }
    out.push_str(&unescape(rest));
}

fn unescape(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> String {
        match content(bytes) {
            Content::Text(t) => String::from_utf8(t.into_owned()).unwrap(),
            Content::Opaque(k) => format!("OPAQUE {k}"),
        }
    }

    #[test]
    fn encodings_are_detected() {
        let s = "Кузнецов Денис";
        let (cp, _, _) = encoding_rs::WINDOWS_1251.encode(s);
        assert_eq!(text(&cp), s);
        let mut le = vec![0xFF, 0xFE];
        le.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(text(&le), s);
        let mut be = vec![0xFE, 0xFF];
        be.extend(s.encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(text(&be), s);
        let bare: Vec<u8> = "Kuznetsov Денис"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(text(&bare), "Kuznetsov Денис");
    }

    #[test]
    fn binaries_are_opaque() {
        assert!(text(b"%PDF-1.7 ...").starts_with("OPAQUE PDF"));
        assert!(text(b"\x89PNG\r\n\x1a\n....").starts_with("OPAQUE"));
        assert!(text(b"PK\x03\x04broken").starts_with("OPAQUE"));
    }

    #[test]
    fn word_runs_are_joined_and_paragraphs_split() {
        let mut out = String::new();
        xml_text(
            "<w:p><w:r><w:t>Кузне</w:t></w:r><w:r><w:t>цов</w:t></w:r></w:p><w:p><w:r><w:t>Денис&amp;</w:t></w:r></w:p>",
            &mut out,
        );
        assert_eq!(out.trim(), "Кузнецов Денис&");
    }
}
