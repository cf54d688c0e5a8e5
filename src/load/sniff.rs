//! What a data file really is, whatever its name says: UTF-16 text, an xlsx (zip) workbook,
//! an old xls (OLE) workbook, or plain text. Officers rename files and Excel saves «Unicode
//! text» as UTF-16, so a wrong guess must give a Russian message naming the real format
//! instead of garbled headers.

use crate::diag::{Finding, Place};
use std::borrow::Cow;
use std::path::Path;

/// The format the first bytes of a file show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A zip archive: xlsx (or ods, docx — read as a workbook).
    Zip,
    /// An OLE compound file: Excel 97–2003 `.xls`.
    Ole,
    Utf16Le,
    Utf16Be,
    /// UTF-16 without a BOM: NUL bytes at every other place.
    Utf16NoBom,
    Text,
}

pub fn format_of(bytes: &[u8]) -> Format {
    if bytes.starts_with(b"PK\x03\x04") {
        Format::Zip
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Format::Ole
    } else if bytes.starts_with(&[0xFF, 0xFE]) {
        Format::Utf16Le
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Format::Utf16Be
    } else {
        let head = &bytes[..bytes.len().min(512)];
        let nuls = head.iter().filter(|&&b| b == 0).count();
        if head.len() >= 4 && nuls * 4 >= head.len() {
            Format::Utf16NoBom
        } else {
            Format::Text
        }
    }
}

/// The text of a CSV file: UTF-16 with a BOM decoded, UTF-8 or Windows-1251 as before;
/// a workbook or BOM-less UTF-16 is refused with what to do.
pub fn csv_text<'a>(bytes: &'a [u8], file: &str) -> Result<Cow<'a, str>, Box<Finding>> {
    let refuse = |msg: String| {
        Err(Box::new(Finding::error(
            "table.format",
            Place::file(file),
            msg,
        )))
    };
    match format_of(bytes) {
        Format::Utf16Le => Ok(Cow::Owned(
            encoding_rs::UTF_16LE
                .decode_without_bom_handling(&bytes[2..])
                .0
                .into_owned(),
        )),
        Format::Utf16Be => Ok(Cow::Owned(
            encoding_rs::UTF_16BE
                .decode_without_bom_handling(&bytes[2..])
                .0
                .into_owned(),
        )),
        Format::Zip => refuse(format!(
            "Файл {file} — это книга Excel (.xlsx), а не текстовый CSV: переименуйте файл, заменив расширение на .xlsx (или сохраните книгу в Excel как «CSV UTF-8»)."
        )),
        Format::Ole => refuse(format!(
            "Файл {file} — это книга Excel 97–2003 (.xls), а не текстовый CSV: откройте её в Excel и сохраните как «Книга Excel (.xlsx)» или «CSV UTF-8»."
        )),
        Format::Utf16NoBom => refuse(format!(
            "Файл {file} в кодировке UTF-16 без метки BOM: такой файл не прочитать надёжно. Сохраните его в Excel как «CSV UTF-8 (разделитель — запятая)» или в Блокноте с кодировкой UTF-8."
        )),
        Format::Text => Ok(super::table::decode(bytes)),
    }
}

/// Why a workbook named `path` cannot be opened as its extension says, from its first bytes.
pub fn workbook_mismatch(path: &Path, file: &str) -> Option<String> {
    use std::io::Read;
    let mut head = [0u8; 512];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .ok()?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match (format_of(&head[..n]), ext.as_str()) {
        (Format::Zip, "xls") => Some(format!(
            "Файл {file} — это книга Excel (.xlsx), хотя называется .xls: переименуйте файл, заменив расширение на .xlsx."
        )),
        (Format::Ole, "xlsx" | "xlsm" | "ods") => Some(format!(
            "Файл {file} — это книга Excel 97–2003 (.xls), хотя называется .{ext}: переименуйте файл в .xls или сохраните его в Excel как «Книга Excel (.xlsx)»."
        )),
        (Format::Text | Format::Utf16Le | Format::Utf16Be | Format::Utf16NoBom, _) if n > 0 => Some(format!(
            "Файл {file} — это не книга Excel, а текстовый файл (возможно, CSV), хотя называется .{ext}: переименуйте файл, заменив расширение на .csv."
        )),
        (_, _) if n == 0 => Some(format!("Файл {file} пуст: в нём нет ни одного байта. Сохраните книгу заново.")),
        _ => None,
    }
}

/// A calamine error in Russian, with its own (English) text kept for whoever helps.
pub fn workbook_error_ru(file: &str, e: &calamine::Error) -> String {
    let what = match e {
        calamine::Error::Io(io) => crate::diag::io_error_ru(io),
        _ => "книга повреждена или сохранена не полностью".to_string(),
    };
    format!(
        "Не удалось открыть книгу Excel {file}: {what}. Откройте её в Excel и сохраните заново как «Книга Excel (.xlsx)». Техническая подробность: {e}."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_bom_is_read() {
        let text = "ID;ФИО\n1;Иванов\n";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(csv_text(&le, "a.csv").unwrap(), text);
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(csv_text(&be, "a.csv").unwrap(), text);
    }

    #[test]
    fn workbooks_and_bomless_utf16_are_refused_by_name() {
        let e = csv_text(b"PK\x03\x04rest", "data/t.csv").unwrap_err();
        assert!(
            e.message.contains("это книга Excel (.xlsx)"),
            "{}",
            e.message
        );
        assert!(e.message.contains("переименуйте файл"));
        let no_bom: Vec<u8> = "ID;ФИО\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let e = csv_text(&no_bom, "t.csv").unwrap_err();
        assert!(e.message.contains("UTF-16"));
        assert!(csv_text("ID;ФИО\n".as_bytes(), "t.csv").is_ok());
    }

    #[test]
    fn a_text_file_named_xlsx_is_named_as_such() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("t.xlsx");
        std::fs::write(&p, "ID;ФИО\n").unwrap();
        assert!(workbook_mismatch(&p, "t.xlsx").unwrap().contains(".csv"));
        std::fs::write(&p, b"PK\x03\x04").unwrap();
        assert!(workbook_mismatch(&p, "t.xlsx").is_none());
    }
}
