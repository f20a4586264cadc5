//! Property tests: generated SMC requests flatten to exactly the vendor's dotted wire names.
//!
//! Random `CreateReplicationJobRequest`s (nested `DataDisk.N.Part.N.*`, `Tag.N.*`,
//! `SystemDiskPart.N.*`, many optional scalars) and `DescribeReplicationJobsRequest`s
//! (`SourceId.N`, `JobId.N`) are built through their builders with hostile strings (unicode,
//! `.`, `&`, `=`, `*`, spaces, empty), long lists (so `X.10` appears) and random `Option`
//! presence. For each one:
//!
//! - `to_params` equals an oracle written here from the vendor's rules (1-based `.N`, `.`
//!   joins, absent/empty omitted, `true`/`false`, decimal integers), walking the Rust value by
//!   hand — nothing extra, nothing missing, no duplicates;
//! - every emitted name, with its indexes replaced by `N`, is a documented leaf `doc_name` of
//!   the page's IR (lowered here with `smc_codegen`), and every index is canonical and within
//!   its list; a dense request emits every documented leaf;
//! - `canonical_query` over the params is the byte-wise sort of them, RFC 3986 encoded
//!   (space `%20`, `*` `%2A`, `~` literal), checked against an encoder written here.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::strategy::BoxedStrategy;
use smc::create_replication_job::{DataDisk, Part, SystemDiskPart, Tag};
use smc::{CreateReplicationJobRequest, DescribeReplicationJobsRequest};
use smc_codegen::ir::Param;
use smc_codegen::Generator;
use smc_runtime::params::to_params;
use smc_runtime::signer::v1::canonical_query;
use smc_tests::oracle::*;
use smc_tests::percent::rfc3986;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::OnceLock;

// ---------------------------------------------------------------------------------------------
// The oracle: the expected wire shape of a value, written by hand, and the vendor's rules.
// ---------------------------------------------------------------------------------------------

/// The oracle for `CreateReplicationJob`. The destructuring is exhaustive on purpose: a field
/// added to the generated type fails to compile here until the oracle knows its wire name.
/// An optional value enum (a parameter with documented values): its wire text, as its
/// `Display` writes it.
fn opt_value<T: std::fmt::Display>(v: &Option<T>) -> Wire {
    opt_text(&v.as_ref().map(ToString::to_string))
}

fn create_wire(r: &CreateReplicationJobRequest) -> Wire {
    let CreateReplicationJobRequest {
        region_id,
        source_id,
        system_disk_size,
        client_token,
        name,
        description,
        target_type,
        scheduled_start_time,
        valid_time,
        image_name,
        instance_id,
        data_disk,
        tag,
        vpc_id,
        v_switch_id,
        replication_parameters,
        net_mode,
        run_once,
        frequency,
        max_number_of_image_to_keep,
        instance_type,
        system_disk_part,
        instance_ram_role,
        container_namespace,
        container_repository,
        container_tag,
        license_type,
    } = r;
    let part = |p: &Part| {
        let Part {
            device,
            size_bytes,
            block,
        } = p;
        Wire::Struct(vec![
            ("Device", opt_text(device)),
            ("SizeBytes", opt_int(size_bytes)),
            ("Block", opt_bool(block)),
        ])
    };
    let disk = |d: &DataDisk| {
        let DataDisk {
            size,
            index,
            part: parts,
        } = d;
        Wire::Struct(vec![
            ("Size", opt_int(size)),
            ("Index", opt_int(index)),
            ("Part", list(parts, part)),
        ])
    };
    let tag_wire = |t: &Tag| {
        let Tag { key, value } = t;
        Wire::Struct(vec![("Key", opt_text(key)), ("Value", opt_text(value))])
    };
    let system_part = |p: &SystemDiskPart| {
        let SystemDiskPart {
            device,
            size_bytes,
            block,
        } = p;
        Wire::Struct(vec![
            ("Device", opt_text(device)),
            ("SizeBytes", opt_int(size_bytes)),
            ("Block", opt_bool(block)),
        ])
    };
    Wire::Struct(vec![
        ("RegionId", text(region_id)),
        ("SourceId", text(source_id)),
        ("SystemDiskSize", int(system_disk_size)),
        ("ClientToken", opt_text(client_token)),
        ("Name", opt_text(name)),
        ("Description", opt_text(description)),
        ("TargetType", opt_value(target_type)),
        ("ScheduledStartTime", opt_text(scheduled_start_time)),
        ("ValidTime", opt_text(valid_time)),
        ("ImageName", opt_text(image_name)),
        ("InstanceId", opt_text(instance_id)),
        ("DataDisk", list(data_disk, disk)),
        ("Tag", list(tag, tag_wire)),
        ("VpcId", opt_text(vpc_id)),
        ("VSwitchId", opt_text(v_switch_id)),
        ("ReplicationParameters", opt_text(replication_parameters)),
        ("NetMode", opt_int(net_mode)),
        ("RunOnce", opt_bool(run_once)),
        ("Frequency", opt_int(frequency)),
        (
            "MaxNumberOfImageToKeep",
            opt_int(max_number_of_image_to_keep),
        ),
        ("InstanceType", opt_text(instance_type)),
        ("SystemDiskPart", list(system_disk_part, system_part)),
        ("InstanceRamRole", opt_text(instance_ram_role)),
        ("ContainerNamespace", opt_text(container_namespace)),
        ("ContainerRepository", opt_text(container_repository)),
        ("ContainerTag", opt_text(container_tag)),
        ("LicenseType", opt_text(license_type)),
    ])
}

/// The oracle for `DescribeReplicationJobs` (exhaustive, like [`create_wire`]).
fn describe_wire(r: &DescribeReplicationJobsRequest) -> Wire {
    let DescribeReplicationJobsRequest {
        source_id,
        job_id,
        name,
        region_id,
        status,
        business_status,
        page_number,
        page_size,
    } = r;
    Wire::Struct(vec![
        ("SourceId", list(source_id, |s| text(s))),
        ("JobId", list(job_id, |s| text(s))),
        ("Name", opt_text(name)),
        ("RegionId", opt_text(region_id)),
        ("Status", opt_value(status)),
        ("BusinessStatus", opt_value(business_status)),
        ("PageNumber", opt_int(page_number)),
        ("PageSize", opt_int(page_size)),
    ])
}

// ---------------------------------------------------------------------------------------------
// The page's documented names, from the IR.
// ---------------------------------------------------------------------------------------------

/// Documented leaf `doc_name`s (`DataDisk.N.Part.N.Device`, `SourceId.N`, …) of a spec page.
fn documented_leaves(action: &str) -> BTreeSet<String> {
    fn walk(params: &[Param], out: &mut BTreeSet<String>) {
        for p in params {
            if p.children.is_empty() {
                out.insert(p.doc_name.clone());
            }
            walk(&p.children, out);
        }
    }
    let page = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../specs/smc")
        .join(format!("{action}.md"));
    let pages = Generator::new().load(&[page]).unwrap();
    let api = pages[0].api().unwrap();
    assert_eq!(api.action, action);
    let mut out = BTreeSet::new();
    walk(&api.request, &mut out);
    out
}

fn create_leaves() -> &'static BTreeSet<String> {
    static LEAVES: OnceLock<BTreeSet<String>> = OnceLock::new();
    LEAVES.get_or_init(|| documented_leaves("CreateReplicationJob"))
}

fn describe_leaves() -> &'static BTreeSet<String> {
    static LEAVES: OnceLock<BTreeSet<String>> = OnceLock::new();
    LEAVES.get_or_init(|| documented_leaves("DescribeReplicationJobs"))
}

// ---------------------------------------------------------------------------------------------
// The three checks, shared by both actions.
// ---------------------------------------------------------------------------------------------

/// Exact equality with the oracle, as sorted lists (so duplicates count), and unique names.
fn check_exact(got: &Params, wire: &Wire) -> Result<(), TestCaseError> {
    let mut sorted = got.clone();
    sorted.sort();
    prop_assert_eq!(&sorted, &expected(wire));
    let names: BTreeSet<&str> = got.iter().map(|(k, _)| k.as_str()).collect();
    prop_assert_eq!(names.len(), got.len(), "duplicate names in {:?}", got);
    Ok(())
}

/// Every name matches a documented leaf once its indexes become `N`; indexes are canonical
/// 1-based decimals within the length of their list. Returns the patterns seen.
fn check_names(
    got: &Params,
    wire: &Wire,
    leaves: &BTreeSet<String>,
) -> Result<BTreeSet<String>, TestCaseError> {
    let mut lengths = HashMap::new();
    list_lengths(None, wire, &mut lengths);
    let mut patterns = BTreeSet::new();
    for (name, _) in got {
        let segments: Vec<&str> = name.split('.').collect();
        let mut pattern = Vec::with_capacity(segments.len());
        for (i, seg) in segments.iter().enumerate() {
            if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
                let index: usize = seg.parse().unwrap();
                prop_assert_eq!(index.to_string(), *seg, "non-canonical index in {}", name);
                let list = segments[..i].join(".");
                let len = lengths.get(&list).copied().unwrap_or(0);
                prop_assert!(
                    (1..=len).contains(&index),
                    "{name}: index {index} outside 1..={len} of {list}"
                );
                pattern.push("N");
            } else {
                pattern.push(seg);
            }
        }
        let pattern = pattern.join(".");
        prop_assert!(
            leaves.contains(&pattern),
            "{name} → {pattern} is not a documented leaf {leaves:?}"
        );
        patterns.insert(pattern);
    }
    Ok(patterns)
}

/// The signed query is the byte-wise sort of the params, each side RFC 3986 encoded.
fn check_signing_order(got: &Params) -> Result<(), TestCaseError> {
    let query = canonical_query(got);
    let mut by_bytes: Vec<&(String, String)> = got.iter().collect();
    by_bytes
        .sort_by(|a, b| (a.0.as_bytes(), a.1.as_bytes()).cmp(&(b.0.as_bytes(), b.1.as_bytes())));
    let want: Vec<String> = by_bytes
        .iter()
        .map(|(k, v)| format!("{}={}", rfc3986(k), rfc3986(v)))
        .collect();
    prop_assert_eq!(&query, &want.join("&"));
    // Nothing outside the unreserved set survives unencoded: no space, `+`, `*`, `&` inside a pair.
    prop_assert!(!query.contains([' ', '+', '*']), "{}", query);
    if got.iter().any(|(_, v)| v.contains('~')) {
        prop_assert!(query.contains('~'), "{}", query);
    }
    Ok(())
}

/// The position of `name` in the signed query (for `Tag.1.Key` < `Tag.10.Key` < `Tag.2.Key`).
fn position(query: &str, name: &str) -> Option<usize> {
    query
        .split('&')
        .position(|pair| pair.split('=').next() == Some(name))
}

// ---------------------------------------------------------------------------------------------
// Generators.
// ---------------------------------------------------------------------------------------------

/// Hostile strings: empty, URL/wire metacharacters, multi-byte unicode, and anything at all.
fn any_text() -> BoxedStrategy<String> {
    prop_oneof![
        1 => Just(String::new()),
        3 => "[ .&=*~%+/:!'()a-zA-Z0-9_-]{0,10}",
        2 => "[é迁移😀 \t\n.~*]{0,6}",
        2 => any::<String>(),
    ]
    .boxed()
}

/// `Some`/`None` at random, or always `Some` for a dense request.
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

/// Lists that are short (often empty) or long enough for a two-digit index; never empty when
/// `dense`.
fn many<T: std::fmt::Debug + 'static>(
    dense: bool,
    s: impl Strategy<Value = T> + Clone + 'static,
    long: std::ops::RangeInclusive<usize>,
) -> BoxedStrategy<Vec<T>> {
    let short = if dense { 1..=3 } else { 0..=3 };
    prop_oneof![3 => vec(s.clone(), short), 1 => vec(s, long)].boxed()
}

fn part(dense: bool) -> impl Strategy<Value = Part> + Clone {
    (
        maybe(dense, any_text()),
        maybe(dense, any::<i64>()),
        maybe(dense, any::<bool>()),
    )
        .prop_map(|(device, size_bytes, block)| Part {
            device,
            size_bytes,
            block,
        })
}

fn data_disk(dense: bool) -> impl Strategy<Value = DataDisk> + Clone {
    (
        maybe(dense, any::<i32>()),
        maybe(dense, any::<i32>()),
        many(dense, part(dense), 10..=11),
    )
        .prop_map(|(size, index, part)| DataDisk { size, index, part })
}

fn tag(dense: bool) -> impl Strategy<Value = Tag> + Clone {
    (maybe(dense, any_text()), maybe(dense, any_text())).prop_map(|(key, value)| Tag { key, value })
}

fn system_disk_part(dense: bool) -> impl Strategy<Value = SystemDiskPart> + Clone {
    (
        maybe(dense, any_text()),
        maybe(dense, any::<i64>()),
        maybe(dense, any::<bool>()),
    )
        .prop_map(|(device, size_bytes, block)| SystemDiskPart {
            device,
            size_bytes,
            block,
        })
}

/// Applies `set` to the builder when the value is present.
fn set<B, T>(b: B, v: Option<T>, f: impl FnOnce(B, T) -> B) -> B {
    match v {
        Some(v) => f(b, v),
        None => b,
    }
}

/// The 17 optional string parameters of `CreateReplicationJob`, in declaration order.
const CREATE_OPTIONAL_TEXT: usize = 17;

/// A `CreateReplicationJobRequest` built through its builder; lists go in one by one or all at
/// once (`data_disk(item)` vs `set_data_disk(vec)`), chosen at random.
fn create_request(dense: bool) -> impl Strategy<Value = CreateReplicationJobRequest> {
    let required = (any_text(), any_text(), any::<i32>());
    let texts = vec(maybe(dense, any_text()), CREATE_OPTIONAL_TEXT);
    let scalars = (
        maybe(dense, any::<i32>()),
        maybe(dense, any::<bool>()),
        maybe(dense, any::<i32>()),
        maybe(dense, any::<i32>()),
    );
    let lists = (
        many(dense, data_disk(dense), 10..=12),
        many(dense, tag(dense), 10..=12),
        many(dense, system_disk_part(dense), 10..=12),
        any::<bool>(),
    );
    (required, texts, scalars, lists).prop_map(
        |(
            (region, source, size),
            texts,
            (net_mode, run_once, frequency, keep),
            (disks, tags, parts, one_by_one),
        )| {
            let [client_token, name, description, target_type, scheduled_start_time, valid_time, image_name, instance_id, vpc_id, v_switch_id, replication_parameters, instance_type, instance_ram_role, container_namespace, container_repository, container_tag, license_type]: [Option<String>; CREATE_OPTIONAL_TEXT] =
                texts.try_into().unwrap();
            let b = CreateReplicationJobRequest::builder()
                .region_id(region)
                .source_id(source)
                .system_disk_size(size);
            let b = set(b, client_token, |b, v| b.client_token(v));
            let b = set(b, name, |b, v| b.name(v));
            let b = set(b, description, |b, v| b.description(v));
            let b = set(b, target_type, |b, v| b.target_type(v));
            let b = set(b, scheduled_start_time, |b, v| b.scheduled_start_time(v));
            let b = set(b, valid_time, |b, v| b.valid_time(v));
            let b = set(b, image_name, |b, v| b.image_name(v));
            let b = set(b, instance_id, |b, v| b.instance_id(v));
            let b = set(b, vpc_id, |b, v| b.vpc_id(v));
            let b = set(b, v_switch_id, |b, v| b.v_switch_id(v));
            let b = set(b, replication_parameters, |b, v| b.replication_parameters(v));
            let b = set(b, instance_type, |b, v| b.instance_type(v));
            let b = set(b, instance_ram_role, |b, v| b.instance_ram_role(v));
            let b = set(b, container_namespace, |b, v| b.container_namespace(v));
            let b = set(b, container_repository, |b, v| b.container_repository(v));
            let b = set(b, container_tag, |b, v| b.container_tag(v));
            let b = set(b, license_type, |b, v| b.license_type(v));
            let b = set(b, net_mode, |b, v| b.net_mode(v));
            let b = set(b, run_once, |b, v| b.run_once(v));
            let b = set(b, frequency, |b, v| b.frequency(v));
            let b = set(b, keep, |b, v| b.max_number_of_image_to_keep(v));
            let b = if one_by_one {
                let b = disks.iter().cloned().fold(b, |b, d| b.data_disk(d));
                let b = tags.iter().cloned().fold(b, |b, t| b.tag(t));
                parts.iter().cloned().fold(b, |b, p| b.system_disk_part(p))
            } else {
                b.set_data_disk(disks.clone())
                    .set_tag(tags.clone())
                    .set_system_disk_part(parts.clone())
            };
            let req = b.build().unwrap();
            // Both ways of setting a list keep every item, in order.
            assert_eq!((&req.data_disk, &req.tag, &req.system_disk_part), (&disks, &tags, &parts));
            req
        },
    )
}

/// A `DescribeReplicationJobsRequest` built through its builder (lists one by one or at once).
fn describe_request(dense: bool) -> impl Strategy<Value = DescribeReplicationJobsRequest> {
    (
        many(dense, any_text(), 10..=14),
        many(dense, any_text(), 10..=14),
        vec(maybe(dense, any_text()), 4),
        (maybe(dense, any::<i32>()), maybe(dense, any::<i32>())),
        any::<bool>(),
    )
        .prop_map(
            |(sources, jobs, texts, (page_number, page_size), one_by_one)| {
                let [name, region_id, status, business_status]: [Option<String>; 4] =
                    texts.try_into().unwrap();
                let b = DescribeReplicationJobsRequest::builder();
                let b = if one_by_one {
                    let b = sources.iter().fold(b, |b, s| b.source_id(s.as_str()));
                    jobs.iter().fold(b, |b, j| b.job_id(j.clone()))
                } else {
                    b.set_source_id(sources.clone()).set_job_id(jobs.clone())
                };
                let b = set(b, name, |b, v| b.name(v));
                let b = set(b, region_id, |b, v| b.region_id(v));
                let b = set(b, status, |b, v| b.status(v));
                let b = set(b, business_status, |b, v| b.business_status(v));
                let b = set(b, page_number, |b, v| b.page_number(v));
                let b = set(b, page_size, |b, v| b.page_size(v));
                let req = b.build().unwrap();
                assert_eq!((&req.source_id, &req.job_id), (&sources, &jobs));
                req
            },
        )
}

// ---------------------------------------------------------------------------------------------
// Properties.
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn create_flattens_exactly_as_the_oracle(req in create_request(false)) {
        check_exact(&to_params(&req).unwrap(), &create_wire(&req))?;
    }

    #[test]
    fn create_names_are_documented_with_indexes_in_bounds(req in create_request(false)) {
        check_names(&to_params(&req).unwrap(), &create_wire(&req), create_leaves())?;
    }

    #[test]
    fn create_signs_in_byte_order_with_rfc3986(req in create_request(false)) {
        let got = to_params(&req).unwrap();
        check_signing_order(&got)?;
        if req.tag.len() >= 10 && req.tag.iter().take(10).all(|t| t.key.is_some()) {
            let query = canonical_query(&got);
            let p = |n: &str| position(&query, n).unwrap();
            prop_assert!(p("Tag.1.Key") < p("Tag.10.Key") && p("Tag.10.Key") < p("Tag.2.Key"));
        }
    }

    #[test]
    fn dense_create_sends_every_documented_leaf(req in create_request(true)) {
        let got = to_params(&req).unwrap();
        let wire = create_wire(&req);
        check_exact(&got, &wire)?;
        let seen = check_names(&got, &wire, create_leaves())?;
        prop_assert_eq!(&seen, create_leaves());
    }

    #[test]
    fn describe_flattens_exactly_as_the_oracle(req in describe_request(false)) {
        check_exact(&to_params(&req).unwrap(), &describe_wire(&req))?;
    }

    #[test]
    fn describe_names_are_documented_with_indexes_in_bounds(req in describe_request(false)) {
        check_names(&to_params(&req).unwrap(), &describe_wire(&req), describe_leaves())?;
    }

    #[test]
    fn describe_signs_in_byte_order_with_rfc3986(req in describe_request(false)) {
        let got = to_params(&req).unwrap();
        check_signing_order(&got)?;
        if req.source_id.len() >= 10 {
            let query = canonical_query(&got);
            let p = |n: &str| position(&query, n).unwrap();
            prop_assert!(p("SourceId.1") < p("SourceId.10") && p("SourceId.10") < p("SourceId.2"));
        }
    }

    #[test]
    fn dense_describe_sends_every_documented_leaf(req in describe_request(true)) {
        let got = to_params(&req).unwrap();
        let wire = describe_wire(&req);
        check_exact(&got, &wire)?;
        let seen = check_names(&got, &wire, describe_leaves())?;
        prop_assert_eq!(&seen, describe_leaves());
    }
}

// ---------------------------------------------------------------------------------------------
// Fixed examples pinning the oracle and the encoder to the documented forms.
// ---------------------------------------------------------------------------------------------

#[test]
fn oracle_and_encoder_match_the_documented_examples() {
    let req = CreateReplicationJobRequest::builder()
        .region_id("cn-hangzhou")
        .source_id("s-a b*~")
        .system_disk_size(-5)
        .run_once(false)
        .data_disk(DataDisk {
            size: Some(100),
            index: None,
            part: vec![Part {
                device: Some("0_1".into()),
                size_bytes: Some(254803968),
                block: Some(true),
            }],
        })
        .set_tag(
            (1..=11)
                .map(|i| Tag {
                    key: Some(format!("k{i}")),
                    value: None,
                })
                .collect(),
        )
        .build()
        .unwrap();
    let mut want: Params = [
        ("DataDisk.1.Part.1.Block", "true"),
        ("DataDisk.1.Part.1.Device", "0_1"),
        ("DataDisk.1.Part.1.SizeBytes", "254803968"),
        ("DataDisk.1.Size", "100"),
        ("RegionId", "cn-hangzhou"),
        ("RunOnce", "false"),
        ("SourceId", "s-a b*~"),
        ("SystemDiskSize", "-5"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .chain((1..=11).map(|i| (format!("Tag.{i}.Key"), format!("k{i}"))))
    .collect();
    want.sort();
    assert_eq!(expected(&create_wire(&req)), want);
    assert_eq!(to_params(&req).unwrap(), want);

    let query = canonical_query(&want);
    assert!(query.contains("SourceId=s-a%20b%2A~&"), "{query}");
    let tags: Vec<&str> = query
        .split('&')
        .filter(|p| p.starts_with("Tag."))
        .map(|p| p.split('=').next().unwrap())
        .collect();
    assert_eq!(
        &tags[..4],
        ["Tag.1.Key", "Tag.10.Key", "Tag.11.Key", "Tag.2.Key"]
    );
    assert_eq!(rfc3986("a b*~é&="), "a%20b%2A~%C3%A9%26%3D");
}

#[test]
fn leaves_are_read_from_the_pages() {
    let create = create_leaves();
    for name in [
        "DataDisk.N.Part.N.Device",
        "Tag.N.Key",
        "SystemDiskPart.N.Block",
        "SourceId",
    ] {
        assert!(create.contains(name), "{name} missing from {create:?}");
    }
    assert!(!create.contains("DataDisk.N"), "containers are not leaves");
    let describe = describe_leaves();
    assert!(describe.contains("SourceId.N") && describe.contains("JobId.N"));
}
