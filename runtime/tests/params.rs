//! `params::to_params`: flattening request structs into wire parameters.

use serde::Serialize;
use smc_runtime::params::{self, to_params, Shape};
use smc_runtime::ParamsError;
use std::collections::{BTreeMap, HashMap};

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[derive(Serialize)]
struct Tag {
    #[serde(rename = "Key")]
    key: String,
    #[serde(rename = "Value", skip_serializing_if = "Option::is_none")]
    value: Option<String>,
}

#[derive(Serialize)]
struct Part {
    #[serde(rename = "Device")]
    device: String,
    #[serde(rename = "SizeBytes")]
    size_bytes: i64,
    #[serde(rename = "Block")]
    block: bool,
}

#[derive(Serialize)]
struct DataDisk {
    #[serde(rename = "Index")]
    index: u32,
    #[serde(rename = "Part")]
    part: Vec<Part>,
}

#[derive(Serialize)]
struct SystemDisk {
    #[serde(rename = "Category")]
    category: String,
    #[serde(rename = "Size")]
    size: Option<u32>,
}

#[derive(Serialize)]
#[allow(dead_code)]
enum NetMode {
    #[serde(rename = "vpc")]
    Vpc,
    Classic,
}

#[derive(Serialize)]
struct Request {
    #[serde(rename = "JobId")]
    job_id: String,
    #[serde(rename = "SourceId")]
    source_id: Vec<String>,
    #[serde(rename = "Tag")]
    tag: Vec<Tag>,
    #[serde(rename = "DataDisk")]
    data_disk: Vec<DataDisk>,
    #[serde(rename = "SystemDisk")]
    system_disk: Option<SystemDisk>,
    #[serde(rename = "Description")]
    description: Option<String>,
    #[serde(rename = "RunOnce")]
    run_once: bool,
    #[serde(rename = "Frequency")]
    frequency: Option<i32>,
    #[serde(rename = "Progress")]
    progress: f64,
    #[serde(rename = "Ratio")]
    ratio: f32,
    #[serde(rename = "NetMode")]
    net_mode: NetMode,
    #[serde(rename = "Extra", serialize_with = "params::json")]
    extra: serde_json::Value,
    #[serde(rename = "MaybeJson", serialize_with = "params::json_opt")]
    maybe_json: Option<serde_json::Value>,
    #[serde(rename = "Empty")]
    empty: Vec<String>,
}

#[test]
fn flattens_a_full_request() {
    let req = Request {
        job_id: "j-1".into(),
        source_id: vec!["s-1".into(), "s-2".into()],
        tag: vec![
            Tag {
                key: "env".into(),
                value: Some("prod".into()),
            },
            Tag {
                key: "team".into(),
                value: None,
            },
        ],
        data_disk: vec![DataDisk {
            index: 1,
            part: vec![
                Part {
                    device: "0_1".into(),
                    size_bytes: 1_073_741_824,
                    block: true,
                },
                Part {
                    device: "0_2".into(),
                    size_bytes: -1,
                    block: false,
                },
            ],
        }],
        system_disk: Some(SystemDisk {
            category: "cloud_essd".into(),
            size: None,
        }),
        description: None,
        run_once: false,
        frequency: Some(12),
        progress: 0.1,
        ratio: 2.5,
        net_mode: NetMode::Vpc,
        extra: serde_json::json!({"a": [1, "x"]}),
        maybe_json: None,
        empty: vec![],
    };
    let got = to_params(&req).unwrap();
    let want = pairs(&[
        ("DataDisk.1.Index", "1"),
        ("DataDisk.1.Part.1.Block", "true"),
        ("DataDisk.1.Part.1.Device", "0_1"),
        ("DataDisk.1.Part.1.SizeBytes", "1073741824"),
        ("DataDisk.1.Part.2.Block", "false"),
        ("DataDisk.1.Part.2.Device", "0_2"),
        ("DataDisk.1.Part.2.SizeBytes", "-1"),
        ("Extra", r#"{"a":[1,"x"]}"#),
        ("Frequency", "12"),
        ("JobId", "j-1"),
        ("NetMode", "vpc"),
        ("Progress", "0.1"),
        ("Ratio", "2.5"),
        ("RunOnce", "false"),
        ("SourceId.1", "s-1"),
        ("SourceId.2", "s-2"),
        ("SystemDisk.Category", "cloud_essd"),
        ("Tag.1.Key", "env"),
        ("Tag.1.Value", "prod"),
        ("Tag.2.Key", "team"),
    ]);
    assert_eq!(got, want);
}

#[test]
fn json_opt_some_is_one_string_and_enum_uses_variant_name() {
    #[derive(Serialize)]
    struct R {
        #[serde(rename = "J", serialize_with = "params::json_opt")]
        j: Option<serde_json::Value>,
        #[serde(rename = "M")]
        m: NetMode,
    }
    let got = to_params(&R {
        j: Some(serde_json::json!(["a b"])),
        m: NetMode::Classic,
    })
    .unwrap();
    assert_eq!(got, pairs(&[("J", r#"["a b"]"#), ("M", "Classic")]));
}

#[test]
fn list_index_ordering_after_sort() {
    #[derive(Serialize)]
    struct R {
        #[serde(rename = "Key")]
        key: Vec<u8>,
    }
    let got = to_params(&R {
        key: (1..=10).collect(),
    })
    .unwrap();
    let names: Vec<&str> = got.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names[..3], ["Key.1", "Key.10", "Key.2"]);
    assert_eq!(got.len(), 10);
}

#[test]
fn string_keyed_maps_and_scalars() {
    let mut m = BTreeMap::new();
    m.insert("RegionId", serde_json::json!("cn-hangzhou"));
    m.insert("Count", serde_json::json!(3));
    m.insert("Nested", serde_json::json!({"A": [true, null, 1.5]}));
    let got = to_params(&m).unwrap();
    assert_eq!(
        got,
        pairs(&[
            ("Count", "3"),
            ("Nested.A.1", "true"),
            ("Nested.A.3", "1.5"),
            ("RegionId", "cn-hangzhou"),
        ])
    );
    // Chars, unit values and newtypes.
    #[derive(Serialize)]
    struct Id(String);
    #[derive(Serialize)]
    struct R {
        c: char,
        u: (),
        id: Id,
        big: u64,
        neg: i8,
    }
    let got = to_params(&R {
        c: 'x',
        u: (),
        id: Id("i-1".into()),
        big: u64::MAX,
        neg: -8,
    })
    .unwrap();
    assert_eq!(
        got,
        pairs(&[
            ("big", "18446744073709551615"),
            ("c", "x"),
            ("id", "i-1"),
            ("neg", "-8")
        ])
    );
}

#[test]
fn unsupported_shapes_are_errors_not_panics() {
    let mut int_keys = HashMap::new();
    int_keys.insert(1, "a");
    let e = to_params(&int_keys).unwrap_err();
    assert_eq!(e, ParamsError::NonStringKey { map: None });
    assert!(e.to_string().contains("map keys must be strings"), "{e}");

    #[derive(Serialize)]
    struct Nested {
        #[serde(rename = "M")]
        m: HashMap<bool, String>,
    }
    let mut m = HashMap::new();
    m.insert(true, "x".to_string());
    let e = to_params(&Nested { m }).unwrap_err();
    assert_eq!(
        e,
        ParamsError::NonStringKey {
            map: Some("M".into())
        }
    );
    assert!(e.to_string().contains("`M`"), "{e}");

    let top = |shape| ParamsError::NotAStruct { shape };
    assert_eq!(to_params("top-level string"), Err(top(Shape::String)));
    assert_eq!(to_params(&5), Err(top(Shape::Integer)));
    assert_eq!(to_params(&1.5), Err(top(Shape::Float)));
    assert_eq!(to_params(&vec![1, 2]), Err(top(Shape::List)));

    #[derive(Serialize)]
    enum Data {
        Tuple(u8, u8),
        New(u8),
        Struct { a: u8 },
    }
    #[derive(Serialize)]
    struct WithData {
        #[serde(rename = "D")]
        d: Data,
    }
    for d in [Data::Tuple(1, 2), Data::New(1), Data::Struct { a: 1 }] {
        let e = to_params(&WithData { d }).unwrap_err();
        assert_eq!(
            e,
            ParamsError::Unsupported {
                shape: Shape::DataVariant,
                parameter: "D".into()
            }
        );
        assert!(e.to_string().contains("enum variant with data"), "{e}");
    }

    #[derive(Serialize)]
    struct Floats {
        f: f64,
    }
    let non_finite = Err(ParamsError::NonFiniteFloat {
        parameter: "f".into(),
    });
    assert_eq!(to_params(&Floats { f: f64::NAN }), non_finite);
    assert_eq!(to_params(&Floats { f: f64::INFINITY }), non_finite);

    #[derive(Serialize)]
    struct Bytes<'a> {
        #[serde(with = "serde_bytes_like")]
        b: &'a [u8],
    }
    mod serde_bytes_like {
        pub fn serialize<S: serde::Serializer>(b: &&[u8], s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(b)
        }
    }
    assert_eq!(
        to_params(&Bytes { b: b"x" }),
        Err(ParamsError::Unsupported {
            shape: Shape::Bytes,
            parameter: "b".into()
        })
    );
}

#[test]
fn a_serialize_impl_failure_is_kept_as_its_message() {
    struct Failing;
    impl Serialize for Failing {
        fn serialize<S: serde::Serializer>(&self, _s: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("no wire form today"))
        }
    }
    #[derive(Serialize)]
    struct Holder {
        #[serde(rename = "X")]
        x: Failing,
    }
    let e = to_params(&Holder { x: Failing }).unwrap_err();
    assert_eq!(e, ParamsError::Custom("no wire form today".into()));
    assert_eq!(e.to_string(), "no wire form today");
}
