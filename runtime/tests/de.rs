//! The tolerant `de` helpers, used as `#[serde(default, deserialize_with = "...")]`.

use serde::Deserialize;
use smc_runtime::de;

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(default)]
struct Item {
    #[serde(rename = "Id", deserialize_with = "de::string")]
    id: Option<String>,
}

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(default)]
struct Resp {
    #[serde(rename = "S", deserialize_with = "de::string")]
    s: Option<String>,
    #[serde(rename = "I", deserialize_with = "de::i32")]
    i: Option<i32>,
    #[serde(rename = "L", deserialize_with = "de::i64")]
    l: Option<i64>,
    #[serde(rename = "F", deserialize_with = "de::f32")]
    f: Option<f32>,
    #[serde(rename = "D", deserialize_with = "de::f64")]
    d: Option<f64>,
    #[serde(rename = "B", deserialize_with = "de::bool")]
    b: Option<bool>,
    #[serde(rename = "Items", deserialize_with = "de::list")]
    items: Option<Vec<Item>>,
    #[serde(rename = "Names", deserialize_with = "de::list")]
    names: Option<Vec<String>>,
}

fn parse(json: &str) -> Resp {
    serde_json::from_str(json).unwrap()
}

#[test]
fn missing_and_null_are_none() {
    assert_eq!(parse("{}"), Resp::default());
    let all_null =
        r#"{"S":null,"I":null,"L":null,"F":null,"D":null,"B":null,"Items":null,"Names":null}"#;
    assert_eq!(parse(all_null), Resp::default());
}

#[test]
fn native_encodings() {
    let r = parse(
        r#"{"S":"x","I":-5,"L":9007199254740993,"F":0.5,"D":1e-3,"B":true,"Items":[{"Id":"a"},{"Id":"b"}],"Names":["n"]}"#,
    );
    assert_eq!(r.s.as_deref(), Some("x"));
    assert_eq!(r.i, Some(-5));
    assert_eq!(r.l, Some(9_007_199_254_740_993));
    assert_eq!(r.f, Some(0.5));
    assert_eq!(r.d, Some(0.001));
    assert_eq!(r.b, Some(true));
    assert_eq!(
        r.items
            .unwrap()
            .iter()
            .map(|i| i.id.clone().unwrap())
            .collect::<Vec<_>>(),
        ["a", "b"]
    );
    assert_eq!(r.names, Some(vec!["n".to_string()]));
}

#[test]
fn wrong_but_equivalent_encodings() {
    let r = parse(
        r#"{"S":42,"I":"17","L":" -3 ","F":"1.25","D":"2","B":"TRUE","Items":{"Id":7},"Names":"solo"}"#,
    );
    assert_eq!(r.s.as_deref(), Some("42"));
    assert_eq!(r.i, Some(17));
    assert_eq!(r.l, Some(-3));
    assert_eq!(r.f, Some(1.25));
    assert_eq!(r.d, Some(2.0));
    assert_eq!(r.b, Some(true));
    assert_eq!(
        r.items,
        Some(vec![Item {
            id: Some("7".into())
        }])
    );
    assert_eq!(r.names, Some(vec!["solo".to_string()]));

    let r = parse(r#"{"S":false,"I":3.0,"L":true,"D":false,"B":0,"Items":{},"Names":[]}"#);
    assert_eq!(r.s.as_deref(), Some("false"));
    assert_eq!(r.i, Some(3));
    assert_eq!(r.l, Some(1));
    assert_eq!(r.d, Some(0.0));
    assert_eq!(r.b, Some(false));
    assert_eq!(r.items, Some(vec![]));
    assert_eq!(r.names, Some(vec![]));

    let r = parse(r#"{"B":"0","I":"","F":"","D":"  ","L":"4e2"}"#);
    assert_eq!(r.b, Some(false));
    assert_eq!(r.i, None);
    assert_eq!(r.f, None);
    assert_eq!(r.d, None);
    assert_eq!(r.l, Some(400));
    assert_eq!(parse(r#"{"B":""}"#).b, None);
    assert_eq!(parse(r#"{"B":1}"#).b, Some(true));
}

#[test]
fn real_mismatches_are_errors() {
    for bad in [
        r#"{"I":"abc"}"#,
        r#"{"I":2.5}"#,
        r#"{"I":3000000000}"#,
        r#"{"L":"9223372036854775808"}"#,
        r#"{"L":1e30}"#,
        r#"{"F":"NaN"}"#,
        r#"{"D":[1]}"#,
        r#"{"B":"yes"}"#,
        r#"{"B":2}"#,
        r#"{"B":{}}"#,
        r#"{"Names":[1, {"x":2}]}"#,
        r#"{"Items":[1]}"#,
    ] {
        assert!(
            serde_json::from_str::<Resp>(bad).is_err(),
            "{bad} should fail"
        );
    }
}

#[test]
fn a_string_drawn_as_a_structure_keeps_its_json_text() {
    let r = parse(r#"{"S":{"200":5,"b":[1,"x"]}}"#);
    assert_eq!(r.s.as_deref(), Some(r#"{"200":5,"b":[1,"x"]}"#));
    let r = parse(r#"{"S":[]}"#);
    assert_eq!(r.s.as_deref(), Some("[]"));
}
