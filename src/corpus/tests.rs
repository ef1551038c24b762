use super::*;

fn cols() -> Columns {
    Columns {
        keep: vec!["library_name".into(), "tags".into()],
        group_by: Some("createdAt".into()),
        max_card: 100,
        input: "dump.jsonl".into(),
    }
}

fn row(n: u64, text: &str) -> Row {
    parse(
        &Line {
            number: n,
            bytes: Ok(text.as_bytes().to_vec()),
        },
        &cols(),
    )
}

#[test]
fn a_good_row_gives_its_card_id_facts_columns_and_group() {
    let r = row(
        3,
        r#"{"modelId":"org/m","card":"---\nco2_eq_emissions: 3\n---\n","downloads":1200,"model_size":5e8,"tags":[ "a" , "b" ],"createdAt":"2022-03-01T10:00:00.000Z"}"#,
    );
    assert_eq!(r.id.as_deref(), Some("org/m"));
    assert_eq!(r.card.as_deref(), Ok("---\nco2_eq_emissions: 3\n---\n"));
    assert_eq!(
        r.facts.downloads.as_ref().map(|f| (f.value, f.from)),
        Some((1200.0, Provenance::Column))
    );
    assert_eq!(r.facts.model_size.as_ref().map(|f| f.value), Some(5e8));
    assert!(r.facts.datasets_size.is_none());
    assert_eq!(r.kept, vec![None, Some(r#"["a","b"]"#.to_string())]);
    assert_eq!(r.group.as_deref(), Some("2022"));
    assert!(r.warnings.is_empty());
}

#[test]
fn bad_rows_name_their_line() {
    let err = |n, t: &str| row(n, t).card.unwrap_err();
    assert_eq!(
        err(7, "{\"card\": "),
        "line 7 is not valid JSON (EOF while parsing a value at line 1 column 9)"
    );
    assert_eq!(err(8, "[1,2]"), "line 8 is JSON but not an object");
    assert_eq!(err(9, r#"{"modelId":"x"}"#), "line 9 has no `card` column");
    assert_eq!(
        err(10, r#"{"card":12}"#),
        "line 10: the `card` column is a number, not a string"
    );
    assert_eq!(
        err(11, r#"{"card":null}"#),
        "line 11: the `card` column is null, not a string"
    );
    assert_eq!(
        err(15, r#"{"card":"a\ud800b"}"#),
        "line 15: the `card` column is not Unicode text (a lone surrogate escape)"
    );
    let big = format!(r#"{{"card":"{}"}}"#, "x".repeat(101));
    assert_eq!(
        err(12, &big),
        "line 12: the card is over the limit of 100 bytes"
    );
    // A bad row keeps its id, so the report names the model.
    let r = row(13, r#"{"id":"org/n","card":false}"#);
    assert_eq!(r.name(&cols()), "org/n");
    assert_eq!(row(14, r#"{"card":[]}"#).name(&cols()), "dump.jsonl:14");
}

#[test]
fn a_bad_fact_column_is_ignored_with_a_warning() {
    let r = row(
        1,
        r#"{"card":"x","downloads":"many","model_size":-1,"datasets_size":null}"#,
    );
    assert!(r.facts.downloads.is_none() && r.facts.model_size.is_none());
    assert_eq!(
        r.warnings,
        vec![
            "column `downloads` is \"many\", not a number that is not negative: ignored",
            "column `model_size` is -1, not a number that is not negative: ignored",
        ]
    );
}

#[test]
fn groups_by_year_for_dates_and_by_value_otherwise() {
    let g = |json: &str| group_of(Some(json));
    assert_eq!(g(r#""2021-12-31""#), "2021");
    assert_eq!(g(r#""2023-01-05 12:00:00""#), "2023");
    assert_eq!(g(r#""2023-01-05T00:00:00+00:00""#), "2023");
    assert_eq!(g(r#""2023-1-5""#), "2023-1-5");
    assert_eq!(g(r#""2023-01-05x""#), "2023-01-05x");
    assert_eq!(g(r#""transformers""#), "transformers");
    assert_eq!(g("42"), "42");
    assert_eq!(g("null"), NONE);
    assert_eq!(group_of(None), NONE);
}

#[test]
fn a_jsonl_row_is_one_line_with_the_json_cards_report() {
    let settings = crate::config::Settings::default();
    let ext = crate::lint::External::default();
    let r = row(
        5,
        "{\"modelId\":\"o/\\u2028m\",\"card\":\"---\\nco2_eq_emissions: 3\\n---\\n\",\"library_name\":\"peft\",\"downloads\":10}",
    );
    let (report, info) = super::report(r, &cols(), &settings, &ext);
    let line = jsonl(&info, &cols(), &report);
    assert!(line.ends_with("}\n") && line.matches('\n').count() == 1);
    assert!(!line.contains('\u{2028}'));
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["line"], 5);
    assert_eq!(v["id"], "o/\u{2028}m");
    assert_eq!(v["library_name"], "peft");
    assert_eq!(v["tags"], serde_json::Value::Null);
    assert_eq!(v["report"], crate::report::json::card(&report));
    let metrics = v["report"]["efficiency"]["metrics"].as_array().unwrap();
    let from_column: Vec<_> = metrics.iter().filter(|m| m["from"] == "column").collect();
    assert_eq!(from_column.len(), 1);
    assert_eq!(from_column[0]["value"], 10.0);
    assert!(v.get("error").is_none());
    let bad = row(6, "{");
    let (report, info) = super::report(bad, &cols(), &settings, &ext);
    let v: serde_json::Value = serde_json::from_str(&jsonl(&info, &cols(), &report)).unwrap();
    assert!(v["error"].as_str().unwrap().starts_with("line 6 "));
    assert_eq!(v["report"]["path"], "dump.jsonl:6");
}

#[test]
fn the_card_column_can_be_kept_and_a_column_named_twice_counts_once() {
    let c = Columns {
        keep: vec!["card".into(), "x".into()],
        ..cols()
    };
    let line = |t: &str| Line {
        number: 1,
        bytes: Ok(t.as_bytes().to_vec()),
    };
    let r = parse(&line(r#"{"card":"a","x":1,"x":2}"#), &c);
    assert_eq!(r.card.as_deref(), Ok("a"));
    assert_eq!(
        r.kept,
        vec![Some("\"a\"".to_string()), Some("2".to_string())]
    );
    // The fast path: the last of two columns of one name, the last card.
    let r = parse(
        &line(r#"{"card":7,"library_name":"a","card":"b","library_name":"c"}"#),
        &cols(),
    );
    assert_eq!(r.card.as_deref(), Ok("b"));
    assert_eq!(r.kept[0].as_deref(), Some("\"c\""));
    // A key with an escape is read like any other.
    let r = parse(&line(r#"{"\u0063ard":"e","library_name":"l"}"#), &cols());
    assert_eq!(r.card.as_deref(), Ok("e"));
}

/// What a row's object holds, comparable: the columns, and the card's text or kind.
fn seen(o: &object::Object) -> (Vec<(String, String)>, Option<String>) {
    let cols = o
        .cols
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let card = o.card.as_ref().map(|c| match c {
        Card::Text(t) => format!("text {t}"),
        Card::Kind(k) => format!("kind {k}"),
        Card::Raw(v) => format!("raw {}", v.get()),
    });
    (cols, card)
}

/// The hand reader gives serde_json's object exactly, or leaves the row to serde_json.
fn quick_agrees(row: &[u8]) -> bool {
    let Some(q) = quick::object(row) else {
        return false;
    };
    let s: object::Object = serde_json::from_slice(row).unwrap_or_else(|e| {
        panic!(
            "{:?}: read by hand, refused by serde_json ({e})",
            String::from_utf8_lossy(row)
        )
    });
    assert_eq!(seen(&q), seen(&s), "{:?}", String::from_utf8_lossy(row));
    true
}

#[test]
fn the_hand_reader_reads_what_serde_json_reads() {
    let rows = [
        r#"{"modelId":"org/m","card":"---\nco2: 3\n---\n\"q\" \\ \/ \b\f\r\t \u00e9 \ud83d\ude00","downloads":1200,"model_size":5e8,"tags":[ "a" , "b" ],"x":{"y":[1,-0.5,2E+3,true,false,null,{}]},"createdAt":"2022-03-01T10:00:00.000Z"}"#,
        " {\t\"card\" : \"é\" , \"id\":null }\r\n",
        "{}",
        r#"{"card":"a","card":"b"}"#,
        r#"{"a":"\u0041\"","card":""}"#,
    ];
    for r in rows {
        assert!(quick_agrees(r.as_bytes()), "{r}");
    }
    // Left to serde_json: errors, escaped keys, lone surrogates, a non-string card.
    for r in [
        r#"{"c\u0061rd":"x"}"#,
        r#"{"card":"\ud800"}"#,
        r#"{"card":"\udc00x"}"#,
        r#"{"card":3}"#,
        r#"{"card":"a"} x"#,
        r#"{"a":01,"card":"x"}"#,
        r#"{"a":1.,"card":"x"}"#,
        r#"{"a":-,"card":"x"}"#,
        r#"{"a":[1,],"card":"x"}"#,
        r#"{"a":tru,"card":"x"}"#,
        "{\"card\":\"a\tb\"}",
        "\u{feff}{\"card\":\"a\"}",
    ] {
        assert!(quick::object(r.as_bytes()).is_none(), "{r}");
    }
    let deep = format!(
        "{{\"a\":{}1{},\"card\":\"x\"}}",
        "[".repeat(100),
        "]".repeat(100)
    );
    assert!(quick::object(deep.as_bytes()).is_none());
    // Mutations of the rows: byte inserted, deleted or replaced, many times over.
    let alphabet: &[u8] = b"{}[]\":,\\/ntrufalse0123456789-+.eE \t\n\x01\x7f";
    let extra: [&[u8]; 4] = ["é".as_bytes(), b"\\ud800", b"\\udc00", b"\\u00"];
    let mut rng = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = |n: usize| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % n as u64) as usize
    };
    let (mut read, mut total) = (0, 0);
    for _ in 0..40_000 {
        let mut b = rows[next(rows.len())].as_bytes().to_vec();
        for _ in 0..=next(3) {
            let at = next(b.len() + 1);
            match next(4) {
                0 => b.insert(at, alphabet[next(alphabet.len())]),
                1 if at < b.len() => {
                    b.remove(at);
                }
                2 if at < b.len() => b[at] = alphabet[next(alphabet.len())],
                _ => {
                    let e = extra[next(extra.len())];
                    b.splice(at..at, e.iter().copied());
                }
            }
        }
        total += 1;
        read += usize::from(quick_agrees(&b));
    }
    assert!(
        read > total / 10,
        "{read} of {total} mutated rows read by hand"
    );
}
