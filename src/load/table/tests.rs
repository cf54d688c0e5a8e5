use super::*;

const SPEC: &[ColumnSpec] = &[
    ColumnSpec {
        title: "ID",
        aliases: &["Идентификатор", "ИД"],
        required: true,
    },
    ColumnSpec {
        title: "ФИО",
        aliases: &["Фамилия Имя Отчество", "name"],
        required: true,
    },
    ColumnSpec {
        title: "ОВЗ",
        aliases: &["ovz"],
        required: false,
    },
];

fn rows(bytes: &[u8]) -> Parsed<(usize, String, String, String)> {
    read_csv_bytes(
        bytes,
        "data/x.csv",
        SPEC,
        &|r: &Row, _: &str, _: &mut Chunk| {
            Some((
                r.line,
                r.get(0).to_string(),
                r.get(1).to_string(),
                r.get(2).to_string(),
            ))
        },
    )
}

#[test]
fn reads_cp1251_semicolon_crlf() {
    let text = "фио;ид;Овз\r\n\"Иванов; Иван\";1;да\r\n;;\r\nПетрова Анна;2;нет\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
    let (r, f) = rows(&bytes);
    assert!(f.is_empty(), "{f:?}");
    let r = r.unwrap();
    assert_eq!(r.len(), 2);
    assert_eq!(r[0], (2, "1".into(), "Иванов; Иван".into(), "да".into()));
    assert_eq!(r[1].0, 4, "blank row skipped, line numbers kept");
}

#[test]
fn reads_utf8_bom_comma_and_multiline_quotes() {
    let text = "\u{feff}Фамилия  имя отчество,ID\n\"Сидоров\nСидор\",7\nКозлов,8\n";
    let (r, f) = rows(text.as_bytes());
    assert!(f.is_empty());
    let r = r.unwrap();
    assert_eq!(r[0].2, "Сидоров\nСидор");
    assert_eq!(r[1], (4, "8".into(), "Козлов".into(), "".into()));
}

/// Unquoted records are read as slices of the text, quoted ones cell by cell: both give
/// the cells as written, in any mix, with CRLF and non-breaking spaces.
#[test]
fn plain_and_quoted_records_read_alike() {
    let text = "ID;ФИО;ОВЗ\r\n1;Ёлкин Иван;да\r\n\u{a0};\u{a0} ;\r\n\"2\";\"Петров \"\"П\"\"\";нет\r\n3;Щукин;\u{a0}нет\u{a0}\r\n4;Орлов\r\n";
    let (r, f) = rows(text.as_bytes());
    assert!(f.is_empty(), "{f:?}");
    assert_eq!(
        r.unwrap(),
        [
            (2, "1".into(), "Ёлкин Иван".into(), "да".into()),
            (4, "2".into(), "Петров \"П\"".into(), "нет".into()),
            (5, "3".into(), "Щукин".into(), "нет".into()),
            (6, "4".into(), "Орлов".into(), "".into()),
        ]
    );
}

#[test]
fn missing_column_lists_found_and_expected() {
    let (r, f) = rows("ID;Группа\n1;А-1\n".as_bytes());
    assert!(r.is_none());
    assert_eq!(f[0].rule, "table.missing-column");
    assert!(f[0].message.contains("«ФИО»"), "{}", f[0].message);
    assert!(f[0].message.contains("«Группа»"));
    assert_eq!(f[0].place.file, "data/x.csv");
}

#[test]
fn parallel_chunks_keep_order_and_lines() {
    let mut text = String::from("ID;ФИО\n");
    for i in 0..200_000 {
        if i % 1000 == 0 {
            text.push_str(&format!("{i};\"Имя\nс переводом\"\n"));
        } else {
            text.push_str(&format!("{i};Имя {i}\n"));
        }
    }
    let (r, f) = rows(text.as_bytes());
    assert!(f.is_empty());
    let r = r.unwrap();
    assert_eq!(r.len(), 200_000);
    // Each quoted row takes two lines: row i starts at 2 + i + (number of quoted rows before i).
    for (i, row) in r.iter().enumerate().step_by(997) {
        assert_eq!(row.1, i.to_string());
        assert_eq!(row.0, 2 + i + i.div_ceil(1000));
    }
}

#[test]
fn stray_quote_is_one_error_and_the_rest_is_read() {
    let text = "ID;ФИО;ОВЗ;Группа\n1;Иванов;да;А\n2;\"Петров;нет;Б\n3;Сидоров;нет;В\n4;Козлов;да;Г\n5;Орлов;нет;Д\n";
    let (r, f) = rows(text.as_bytes());
    let r = r.unwrap();
    let ids: Vec<(usize, &str)> = r.iter().map(|r| (r.0, r.1.as_str())).collect();
    assert_eq!(ids, [(2, "1"), (4, "3"), (5, "4"), (6, "5")]);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].rule, "table.malformed");
    assert_eq!(f[0].place, Place::line("data/x.csv", 3));
    assert!(
        f[0].message
            .starts_with("Незакрытая кавычка в столбце «ФИО» (значение «\"Петров;нет;Б»)"),
        "{}",
        f[0].message
    );
    assert!(f[0].message.contains("закройте кавычку или уберите её"));
    // Closed by another stray quote further down: the same.
    let text =
        "ID;ФИО;ОВЗ;Группа\n1;\"Иванов;да;А\n2;Петров;нет;Б\n3;Сидоров\";нет;В\n4;Козлов;да;Г\n";
    let (r, f) = rows(text.as_bytes());
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].place.line, Some(2));
    let r = r.unwrap();
    assert_eq!(r[0], (3, "2".into(), "Петров".into(), "нет".into()));
    assert_eq!(r.len(), 3);
    // A quote still open at the end of the file, even without record-like lines.
    let (r, f) = rows("ID;ФИО\n1;\"Иванов\nИван\n".as_bytes());
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].place.line, Some(2));
    assert_eq!(r.unwrap(), [(3, "Иван".into(), "".into(), "".into())]);
    // A cell with line breaks, even with a delimiter inside, is not a stray quote.
    let text = "ID;ФИО;ОВЗ;Группа\n1;\"Иванов\nИван; Иванович\";да;А\n2;Петров;нет;Б\n";
    let (r, f) = rows(text.as_bytes());
    assert!(f.is_empty(), "{f:#?}");
    let r = r.unwrap();
    assert_eq!(r[0].2, "Иванов\nИван; Иванович");
    assert_eq!(r[1].0, 4);
    // An empty line does not shift the line numbers of the rows after it.
    let (r, _) = rows("ID;ФИО\n1;А\n\n2;Б\n".as_bytes());
    assert_eq!(r.unwrap()[1].0, 4);
}

#[test]
fn pieces_and_threads_do_not_change_the_result() {
    let mut text = String::from("ID;ФИО;ОВЗ\n");
    for i in 0..20_000 {
        match i % 997 {
            0 => text.push_str(&format!("{i};\"Имя\nс переводом; строки\";да\n")),
            500 => text.push_str(&format!("{i};\"Имя без кавычки;нет\n")),
            700 => text.push('\n'),
            _ => text.push_str(&format!("{i};Имя {i};нет\r\n")),
        }
    }
    text.push_str("20000;\"конец без кавычки\nи ещё строка\n");
    let read = |min_chunk: usize, threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            read_csv_pieces(
                text.as_bytes(),
                "data/x.csv",
                SPEC,
                &|r: &Row, _: &str, _: &mut Chunk| {
                    Some((r.line, r.get(0).to_string(), r.get(1).to_string()))
                },
                min_chunk,
            )
        })
    };
    let (whole, whole_f) = read(usize::MAX, 1);
    let whole = whole.unwrap();
    assert_eq!(whole_f.len(), 21, "20 stray quotes and the one at the end");
    assert!(whole_f.iter().all(|f| f.rule == "table.malformed"));
    assert!(whole.len() > 19_900);
    for (min_chunk, threads) in [(1 << 20, 1), (1 << 20, 8), (4096, 1), (4096, 3), (700, 8)] {
        let (r, f) = read(min_chunk, threads);
        assert_eq!(
            r.unwrap(),
            whole,
            "pieces of {min_chunk} on {threads} threads"
        );
        assert_eq!(f, whole_f, "pieces of {min_chunk} on {threads} threads");
    }
}

#[test]
fn counts_reject_text_decimals_negatives() {
    assert_eq!(parse_count("12"), Ok(12));
    assert_eq!(parse_count("12,0"), Ok(12));
    assert!(parse_count("12,5").unwrap_err().contains("дробное"));
    assert!(parse_count("-1").unwrap_err().contains("отрицательное"));
    assert!(parse_count("двенадцать").unwrap_err().contains("не число"));
    assert!(parse_count("").is_err());
    assert!(parse_count("1,0,0").is_err());
}

proptest::proptest! {
    #[test]
    fn any_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
        let mut text = b"ID;\xd4\xc8\xce\n".to_vec(); // «ФИО» in cp1251
        text.extend(bytes);
        let _ = rows(&text);
    }

    /// The same table saved as UTF-8 with `,` and LF, and as Windows-1251 with `;`, CRLF and
    /// the columns in another order under their other headings, reads back as the same rows:
    /// the cells as written (trimmed), on the lines they were written on.
    #[test]
    fn encoding_delimiter_and_column_order_do_not_change_rows(
        table in proptest::collection::vec(
            ("[0-9]{1,5}", "[а-яА-ЯёЁa-z ;,\"]{0,12}", "[а-яa-z ;\"]{0,6}"),
            1..20,
        ),
    ) {
        let quote = |c: &str| {
            if c.contains(['"', ',', ';']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.to_string()
            }
        };
        let mut utf8 = String::from("ID,ФИО,ОВЗ\n");
        let mut cp = String::from("ovz;Фамилия Имя Отчество;Идентификатор\r\n");
        for (id, name, ovz) in &table {
            utf8 += &format!("{},{},{}\n", quote(id), quote(name), quote(ovz));
            cp += &format!("{};{};{}\r\n", quote(ovz), quote(name), quote(id));
        }
        let (cp_bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(&cp);
        proptest::prop_assert!(!unmappable);
        let want: Vec<_> = table
            .iter()
            .enumerate()
            .map(|(i, (id, name, ovz))| (i + 2, id.clone(), name.trim().to_string(), ovz.trim().to_string()))
            .collect();
        for (what, bytes) in [("utf-8 ,", utf8.as_bytes()), ("cp1251 ;", &cp_bytes[..])] {
            let (r, f) = rows(bytes);
            proptest::prop_assert!(f.is_empty(), "{what}: {f:?}");
            proptest::prop_assert_eq!(r.as_ref(), Some(&want), "{}", what);
        }
    }
}

#[test]
fn yes_no_values() {
    assert_eq!(parse_yes_no("Да"), Some(true));
    assert_eq!(parse_yes_no(""), Some(false));
    assert_eq!(parse_yes_no("НЕТ"), Some(false));
    assert!(parse_yes_no("возможно").is_none());
}

#[test]
fn excel_serials_become_dates() {
    assert_eq!(
        excel_serial_date(45108.0),
        Some(jiff::civil::Date::constant(2023, 7, 1))
    );
    assert_eq!(excel_serial_date(-5.0), None);
}

#[test]
fn delimiter_detection() {
    assert_eq!(detect_delimiter("a;b;c"), b';');
    assert_eq!(detect_delimiter("a,b,\"c;d\""), b',');
}

/// The fast path of cell trimming agrees with `str::trim` on cells with and without white
/// space around them, ASCII, Cyrillic and other.
#[test]
fn cells_are_trimmed_as_str_trim() {
    for s in [
        "",
        " ",
        "\r",
        "1",
        "факт",
        "Факт\r",
        " 2023-1 ",
        "\u{a0}Завод\u{a0}",
        "АО «Завод»",
        "«Завод» ",
        "\u{3000}ё",
        "ё\u{2009}",
        "x\t",
    ] {
        assert_eq!(trim_cell(s), s.trim(), "{s:?}");
    }
}

/// The per-piece memos give what a fresh lookup gives, and ask again as soon as the key or
/// the cell changes.
#[test]
fn chunk_memos_answer_as_fresh_lookups() {
    let mut chunk = Chunk::default();
    let mut asked = Vec::new();
    let mut find = |chunk: &mut Chunk, key: &str| {
        chunk.find_like_last(key, |k| {
            asked.push(k.to_string());
            k.parse().ok()
        })
    };
    assert_eq!(find(&mut chunk, "7"), Some(7));
    assert_eq!(find(&mut chunk, "7"), Some(7));
    assert_eq!(find(&mut chunk, "x"), None);
    assert_eq!(find(&mut chunk, "x"), None);
    assert_eq!(find(&mut chunk, "7"), Some(7));
    assert_eq!(asked, ["7", "x", "7"]);

    let a = chunk.intern_cell(4, "АО «Завод»");
    let b = chunk.intern_cell(4, "АО «Завод»");
    assert!(ArcStr::ptr_eq(&a, &b));
    let c = chunk.intern_cell(4, "ООО «Ромашка»");
    assert_eq!(&*c, "ООО «Ромашка»");
    // Another column, and the interner behind the memo: one copy of each text.
    assert!(ArcStr::ptr_eq(&chunk.intern_cell(0, "АО «Завод»"), &a));
    assert!(ArcStr::ptr_eq(&chunk.intern("ООО «Ромашка»"), &c));
    assert_eq!(&*chunk.intern_cell(4, ""), "");
}

#[test]
fn blocks_read_as_the_whole_file() {
    let spec_rows = |r: &Row, _: &str, _: &mut Chunk| {
        Some((r.line, r.get(0).to_string(), r.get(1).to_string()))
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.csv");
    let whole_and_blocks = |text: &[u8], block: usize| {
        std::fs::write(&path, text).unwrap();
        let whole = read_csv_body_pieces(text, "data/x.csv", SPEC, &spec_rows, 4096);
        let blocks = read_csv_blocks(&path, "data/x.csv", SPEC, &spec_rows, block).unwrap();
        let flat = |(p, f): Parsed<Vec<(usize, String, String)>>| (p.map(concat), f);
        (flat(whole), blocks.map(flat))
    };
    // Quoted cells with line breaks, empty lines, CRLF, a BOM, no line end at the end.
    let mut text = String::from("\u{feff}ID;ФИО;ОВЗ\r\n");
    for i in 0..5_000 {
        match i % 331 {
            0 => text.push_str(&format!("{i};\"Имя\nс переводом; строки\";да\n")),
            100 => text.push('\n'),
            _ => text.push_str(&format!("{i};Имя {i};нет\r\n")),
        }
    }
    text.push_str("5000;Последний;нет");
    let mut read_in_blocks = 0;
    for block in [64, 1000, 4096, 10_000, 1 << 20] {
        let (whole, blocks) = whole_and_blocks(text.as_bytes(), block);
        assert!(whole.1.is_empty(), "{:#?}", whole.1);
        // Read in blocks, or whole again where a quoted cell crosses a block's end.
        if let Some(blocks) = blocks {
            assert_eq!(blocks, whole, "blocks of {block}");
            read_in_blocks += 1;
        }
    }
    assert!(read_in_blocks >= 3, "{read_in_blocks}");
    // A stray quote: the same rows and findings, in blocks or (near a block's end) whole.
    let mut stray = text.clone();
    stray.insert_str(
        stray.find("\n2000;").unwrap() + 1,
        "1999;\"Без кавычки;нет\n",
    );
    let mut stray_in_blocks = 0;
    for block in [4096, 10_000, 30_000] {
        let (whole, blocks) = whole_and_blocks(stray.as_bytes(), block);
        assert_eq!(whole.1.len(), 1);
        if let Some(blocks) = blocks {
            assert_eq!(blocks, whole, "blocks of {block}");
            stray_in_blocks += 1;
        }
    }
    assert!(stray_in_blocks >= 1);
    // Windows-1251 after the first block: the whole file is read whole, as Windows-1251.
    let mut mixed = text.clone().into_bytes();
    mixed.extend(b"\n5001;\xcf\xe5\xf2\xf0\xee\xe2;\xed\xe5\xf2\n");
    assert_eq!(whole_and_blocks(&mixed, 4096).1, None);
    // A line longer than a block.
    assert_eq!(whole_and_blocks(text.as_bytes(), 16).1, None);
    // A missing column is told as the whole reader tells it.
    let (whole, blocks) = whole_and_blocks("Код;Имя\n1;А\n".as_bytes(), 4096);
    assert_eq!(blocks, Some(whole));
}
