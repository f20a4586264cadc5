//! Property tests for the shapes only the hand-written IR has: the dotted struct
//! `SystemDisk.Category`/`SystemDisk.Size`, Json params sent as one JSON string, floats,
//! longs and Rust-keyword wire names, next to `SourceId.N`, `Tag.N.*` and
//! `DataDisk.N.Part.N.*`.
//!
//! For random `ExerciseEveryShapeRequest`s built through the builder (hostile strings, long
//! lists, random `Option` presence, arbitrary JSON):
//! - `to_params` equals an oracle written here from the vendor's rules, exactly;
//! - every name, with indexes as `N`, is a leaf `doc_name` of `ir/ExerciseEveryShape.json`
//!   (read here as plain JSON), with every index within its list; a dense request sends them all;
//! - the signed query is the byte-wise sort of the params, RFC 3986 encoded (JSON text included);
//! - the Json params' values parse back to the very JSON that was set; floats parse back to
//!   the same number; non-finite floats are refused with an error, not a panic.

use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::strategy::BoxedStrategy;
use smc_runtime::params::to_params;
use smc_runtime::serde_json::{self, Value};
use smc_runtime::signer::v1::canonical_query;
use smc_tests::oracle::*;
use smc_tests::percent::rfc3986;
use smc_user_crate_example::exercise_every_shape::{DataDisk, DataDiskPart, SystemDisk, Tag};
use smc_user_crate_example::ExerciseEveryShapeRequest;
use std::collections::{BTreeSet, HashMap};

/// Json params: the whole value as one compact JSON text.
fn json(v: &Value) -> Wire {
    Wire::Scalar(serde_json::to_string(v).unwrap())
}

/// The oracle, destructured exhaustively so a new field cannot slip past it.
fn oracle(r: &ExerciseEveryShapeRequest) -> Wire {
    let ExerciseEveryShapeRequest {
        region_id,
        source_id,
        tag,
        system_disk,
        data_disk,
        r#type,
        self_,
        payload,
        settings,
        dry_run,
        ratio,
        weight,
        count,
        job_id,
        job_id_2,
        build,
    } = r;
    let tag_wire = |t: &Tag| {
        let Tag { key, value } = t;
        Wire::Struct(vec![("Key", opt_text(key)), ("Value", opt_text(value))])
    };
    let system = system_disk.as_ref().map_or(Wire::Absent, |d| {
        let SystemDisk { category, size } = d;
        Wire::Struct(vec![("Category", text(category)), ("Size", opt_int(size))])
    });
    let part = |p: &DataDiskPart| {
        let DataDiskPart { device, size_bytes } = p;
        Wire::Struct(vec![
            ("Device", text(device)),
            ("SizeBytes", opt_int(size_bytes)),
        ])
    };
    let disk = |d: &DataDisk| {
        let DataDisk { size, part: parts } = d;
        Wire::Struct(vec![("Size", opt_int(size)), ("Part", list(parts, part))])
    };
    Wire::Struct(vec![
        ("RegionId", text(region_id)),
        ("SourceId", list(source_id, |s| text(s))),
        ("Tag", list(tag, tag_wire)),
        ("SystemDisk", system),
        ("DataDisk", list(data_disk, disk)),
        ("type", opt_text(r#type)),
        ("self", opt_text(self_)),
        ("Payload", payload.as_ref().map_or(Wire::Absent, json)),
        ("Settings", json(settings)),
        (
            "DryRun",
            dry_run.map_or(Wire::Absent, |b| text(if b { "true" } else { "false" })),
        ),
        ("Ratio", opt_float(ratio)),
        ("Weight", opt_float(weight)),
        ("Count", opt_int(count)),
        ("JobId", opt_text(job_id)),
        ("jobId", opt_text(job_id_2)),
        ("Build", opt_text(build)),
    ])
}

/// Leaf `doc_name`s of the IR fixture, read as plain JSON (independent of the generator).
fn documented_leaves() -> BTreeSet<String> {
    fn walk(params: &[Value], out: &mut BTreeSet<String>) {
        for p in params {
            let children = p["children"].as_array().unwrap();
            if children.is_empty() {
                out.insert(p["doc_name"].as_str().unwrap().to_owned());
            }
            walk(children, out);
        }
    }
    let ir: Value = serde_json::from_str(include_str!("../ir/ExerciseEveryShape.json")).unwrap();
    let mut out = BTreeSet::new();
    walk(ir["request"].as_array().unwrap(), &mut out);
    out
}

// ---------------------------------------------------------------------------------------------
// Generators.
// ---------------------------------------------------------------------------------------------

fn any_text() -> BoxedStrategy<String> {
    prop_oneof![
        1 => Just(String::new()),
        3 => "[ .&=*~%+/:\"{}a-zA-Z0-9_-]{0,10}",
        2 => "[é迁移😀 \t\n.~*]{0,6}",
        2 => any::<String>(),
    ]
    .boxed()
}

/// Arbitrary JSON without floats (JSON float text round-trips are not what is under test).
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any_text().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            btree_map(any_text(), inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Finite floats of every magnitude, including `-0.0`, subnormals and extremes.
fn any_float() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>().prop_filter("finite", |v| v.is_finite()),
        Just(-0.0),
        Just(f64::MIN_POSITIVE / 2.0),
        Just(f64::MAX),
        Just(0.1),
        -1e6f64..1e6,
    ]
}

fn maybe<T: std::fmt::Debug + 'static>(
    dense: bool,
    s: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<Option<T>> {
    if dense {
        s.prop_map(Some).boxed()
    } else {
        proptest::option::of(s).boxed()
    }
}

fn many<T: std::fmt::Debug + 'static>(
    dense: bool,
    s: impl Strategy<Value = T> + Clone + 'static,
) -> BoxedStrategy<Vec<T>> {
    let short = if dense { 1..=3 } else { 0..=3 };
    prop_oneof![2 => vec(s.clone(), short), 1 => vec(s, 10..=12)].boxed()
}

fn set<B, T>(b: B, v: Option<T>, f: impl FnOnce(B, T) -> B) -> B {
    match v {
        Some(v) => f(b, v),
        None => b,
    }
}

fn request(dense: bool) -> impl Strategy<Value = ExerciseEveryShapeRequest> {
    let tag = (maybe(dense, any_text()), maybe(dense, any_text()))
        .prop_map(|(key, value)| Tag { key, value });
    let system = maybe(
        dense,
        (any_text(), maybe(dense, any::<i32>()))
            .prop_map(|(category, size)| SystemDisk { category, size }),
    );
    let part = (any_text(), maybe(dense, any::<i64>()))
        .prop_map(|(device, size_bytes)| DataDiskPart { device, size_bytes });
    let disk = (maybe(dense, any::<i32>()), many(dense, part))
        .prop_map(|(size, part)| DataDisk { size, part });
    let shapes = (
        any_text(),
        // `SourceId.N` is required, so the builder wants at least one.
        prop_oneof![2 => vec(any_text(), 1..=3), 1 => vec(any_text(), 10..=12)],
        many(dense, tag),
        system,
        many(dense, disk),
        any::<bool>(),
    );
    let scalars = (
        vec(maybe(dense, any_text()), 5),
        maybe(dense, any_json()),
        any_json(),
        maybe(dense, any::<bool>()),
        (maybe(dense, any_float()), maybe(dense, any_float())),
        maybe(dense, any::<i64>()),
    );
    (shapes, scalars).prop_map(
        |(
            (region, sources, tags, system, disks, one_by_one),
            (texts, payload, settings, dry_run, (ratio, weight), count),
        )| {
            let [ty, self_, job_id, job_id_2, build]: [Option<String>; 5] =
                texts.try_into().unwrap();
            let b = ExerciseEveryShapeRequest::builder()
                .region_id(region)
                .settings(settings);
            let b = if one_by_one {
                let b = sources.iter().fold(b, |b, s| b.source_id(s.as_str()));
                let b = tags.iter().cloned().fold(b, |b, t| b.tag(t));
                disks.iter().cloned().fold(b, |b, d| b.data_disk(d))
            } else {
                b.set_source_id(sources.clone())
                    .set_tag(tags.clone())
                    .set_data_disk(disks.clone())
            };
            let b = set(b, system, |b, v| b.system_disk(v));
            let b = set(b, ty, |b, v| b.r#type(v));
            let b = set(b, self_, |b, v| b.self_(v));
            let b = set(b, payload, |b, v| b.payload(v));
            let b = set(b, dry_run, |b, v| b.dry_run(v));
            let b = set(b, ratio, |b, v| b.ratio(v));
            let b = set(b, weight, |b, v| b.weight(v));
            let b = set(b, count, |b, v| b.count(v));
            let b = set(b, job_id, |b, v| b.job_id(v));
            let b = set(b, job_id_2, |b, v| b.job_id_2(v));
            let b = set(b, build, |b, v| b.build_2(v));
            let req = b.build().unwrap();
            assert_eq!(
                (&req.source_id, &req.tag, &req.data_disk),
                (&sources, &tags, &disks)
            );
            req
        },
    )
}

// ---------------------------------------------------------------------------------------------
// Checks.
// ---------------------------------------------------------------------------------------------

/// Exact equality with the oracle (sorted lists, so duplicates count); returns the patterns
/// (`DataDisk.N.Part.N.Device`) after checking each is documented and its indexes in bounds.
fn check(req: &ExerciseEveryShapeRequest) -> Result<BTreeSet<String>, TestCaseError> {
    let got = to_params(req).unwrap();
    let wire = oracle(req);
    let mut want = Vec::new();
    flatten_into(None, &wire, &mut want);
    want.sort();
    let mut sorted = got.clone();
    sorted.sort();
    prop_assert_eq!(&sorted, &want);

    let leaves = documented_leaves();
    let mut lengths = HashMap::new();
    list_lengths(None, &wire, &mut lengths);
    let mut patterns = BTreeSet::new();
    for (name, _) in &got {
        let segments: Vec<&str> = name.split('.').collect();
        let mut pattern = Vec::new();
        for (i, seg) in segments.iter().enumerate() {
            if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
                let index: usize = seg.parse().unwrap();
                prop_assert_eq!(index.to_string(), *seg, "non-canonical index in {}", name);
                let list = segments[..i].join(".");
                let len = lengths.get(&list).copied().unwrap_or(0);
                prop_assert!(
                    (1..=len).contains(&index),
                    "{name}: {index} outside 1..={len}"
                );
                pattern.push("N");
            } else {
                pattern.push(seg);
            }
        }
        let pattern = pattern.join(".");
        prop_assert!(leaves.contains(&pattern), "{name} → {pattern} undocumented");
        patterns.insert(pattern);
    }
    Ok(patterns)
}

fn value_of<'a>(params: &'a Params, name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn flattens_exactly_to_documented_names(req in request(false)) {
        check(&req)?;
    }

    #[test]
    fn signed_query_is_byte_sorted_and_rfc3986_encoded(req in request(false)) {
        let got = to_params(&req).unwrap();
        let mut by_bytes: Vec<&(String, String)> = got.iter().collect();
        by_bytes.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        let want: Vec<String> = by_bytes
            .iter()
            .map(|(k, v)| format!("{}={}", rfc3986(k), rfc3986(v)))
            .collect();
        prop_assert_eq!(canonical_query(&got), want.join("&"));
    }

    #[test]
    fn dense_request_sends_every_documented_leaf(req in request(true)) {
        let seen = check(&req)?;
        prop_assert_eq!(seen, documented_leaves());
    }

    #[test]
    fn json_and_float_values_read_back_unchanged(req in request(false)) {
        let got = to_params(&req).unwrap();
        let settings: Value = serde_json::from_str(value_of(&got, "Settings").unwrap()).unwrap();
        prop_assert_eq!(&settings, &req.settings);
        let payload = value_of(&got, "Payload").map(|v| serde_json::from_str::<Value>(v).unwrap());
        prop_assert_eq!(payload.as_ref(), req.payload.as_ref());
        for (name, want) in [("Ratio", req.ratio), ("Weight", req.weight)] {
            let sent = value_of(&got, name);
            prop_assert_eq!(sent.is_some(), want.is_some());
            if let (Some(sent), Some(want)) = (sent, want) {
                prop_assert!(!sent.contains(['e', 'E']), "{name}={sent}");
                let back: f64 = sent.parse().unwrap();
                prop_assert!(back == want && back.is_sign_negative() == want.is_sign_negative());
            }
        }
        if let Some(disk) = &req.system_disk {
            prop_assert_eq!(value_of(&got, "SystemDisk.Category"), Some(disk.category.as_str()));
        }
    }

    #[test]
    fn non_finite_floats_are_an_error_not_a_panic(
        bad in prop_oneof![Just(f64::NAN), Just(f64::INFINITY), Just(f64::NEG_INFINITY)],
        in_weight in any::<bool>(),
    ) {
        let b = ExerciseEveryShapeRequest::builder()
            .region_id("r")
            .source_id("s")
            .settings(Value::Null);
        let b = if in_weight { b.weight(bad) } else { b.ratio(bad) };
        let err = to_params(&b.build().unwrap()).unwrap_err();
        let name = if in_weight { "Weight" } else { "Ratio" };
        prop_assert!(err.to_string().contains(name), "{}", err);
    }
}

#[test]
fn dotted_struct_and_json_examples() {
    let req = ExerciseEveryShapeRequest::builder()
        .region_id("cn-hangzhou")
        .source_id("a.b&c=d")
        .system_disk(SystemDisk {
            category: "cloud essd*".into(),
            size: None,
        })
        .settings(serde_json::json!({"k": ["v", 1, null], "é": true}))
        .ratio(0.5f32)
        .build()
        .unwrap();
    let mut want: Params = [
        ("RegionId", "cn-hangzhou"),
        ("SourceId.1", "a.b&c=d"),
        ("SystemDisk.Category", "cloud essd*"),
        ("Settings", r#"{"k":["v",1,null],"é":true}"#),
        ("Ratio", "0.5"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    want.sort();
    let mut oracle_params = Vec::new();
    flatten_into(None, &oracle(&req), &mut oracle_params);
    oracle_params.sort();
    assert_eq!(oracle_params, want);
    assert_eq!(to_params(&req).unwrap(), want);
}
