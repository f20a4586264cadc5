//! Emission of a hand-built IR that exercises every shape: lists of scalars, `Tag.N.Key`
//! lists of structs, a dotted struct, nested `DataDisk.N.Part.N.Device`, a wrapped response
//! list, keyword and colliding field names, Json params, reserved and duplicate type names,
//! duplicate and colliding error codes, and hostile doc text.
//!
//! The same IR is stored as `tests/user-crate/ir/ExerciseEveryShape.json`, which the
//! user-crate proof compiles against the real runtime through `api_ir!`;
//! `rich_ir_fixture_is_current` keeps the two identical (`UPDATE_FIXTURES=1` rewrites it).

use smc_codegen::emit::{emit, EmitOptions};
use smc_codegen::ir::{Api, ErrorCode, Field, Param, ParamStyle, Position, Samples, Style, Type};
use smc_codegen::render::render;

fn param(wire: &str, doc: &str, rust: &str, ty: Type, style: ParamStyle, required: bool) -> Param {
    Param {
        wire_name: wire.into(),
        doc_name: doc.into(),
        rust_name: rust.into(),
        ty,
        style,
        required,
        example: None,
        description: format!("The {wire} parameter."),
        position: Position::Query,
        children: vec![],
        values: vec![],
        line: 1,
    }
}

fn field(wire: &str, rust: &str, ty: Type) -> Field {
    Field {
        wire_name: wire.into(),
        rust_name: rust.into(),
        ty,
        example: None,
        description: format!("The {wire} field."),
        children: vec![],
        values: vec![],
        line: 1,
    }
}

fn st(name: &str) -> Type {
    Type::Struct {
        name: name.into(),
        doc_name: Some(name.into()),
    }
}

fn list(item: Type) -> Type {
    Type::List {
        item: Box::new(item),
    }
}

fn error(code: &str, variant: &str, status: u16) -> ErrorCode {
    ErrorCode {
        http_status: Some(status),
        code: code.into(),
        variant: variant.into(),
        message: format!("Message of {code} with %s."),
        description: format!("Returned for {code}."),
        line: 1,
    }
}

/// The rich IR.
pub fn rich() -> Api {
    use ParamStyle::*;
    let mut region = param(
        "RegionId",
        "RegionId",
        "region_id",
        Type::String,
        Flat,
        true,
    );
    region.example = Some("cn-hangzhou".into());
    region.description = "The region. Call [DescribeRegions](~~25609~~) for the list; see \
        https://help.example.com/regions. Never <Common request parameters>.\n    indented line\n```\nnot code"
        .into();
    let mut tag = param("Tag", "Tag.N", "tag", list(st("Tag")), RepeatList, false);
    tag.children = vec![
        param("Key", "Tag.N.Key", "key", Type::String, Flat, false),
        param("Value", "Tag.N.Value", "value", Type::String, Flat, false),
    ];
    let mut system_disk = param(
        "SystemDisk",
        "SystemDisk",
        "system_disk",
        st("SystemDisk"),
        Dotted,
        false,
    );
    system_disk.children = vec![
        param(
            "Category",
            "SystemDisk.Category",
            "category",
            Type::String,
            Flat,
            true,
        ),
        param(
            "Size",
            "SystemDisk.Size",
            "size",
            Type::Integer,
            Flat,
            false,
        ),
    ];
    let mut part = param(
        "Part",
        "DataDisk.N.Part.N",
        "part",
        list(st("DataDiskPart")),
        RepeatList,
        false,
    );
    part.children = vec![
        param(
            "Device",
            "DataDisk.N.Part.N.Device",
            "device",
            Type::String,
            Flat,
            true,
        ),
        param(
            "SizeBytes",
            "DataDisk.N.Part.N.SizeBytes",
            "size_bytes",
            Type::Long,
            Flat,
            false,
        ),
    ];
    let mut data_disk = param(
        "DataDisk",
        "DataDisk.N",
        "data_disk",
        list(st("DataDisk")),
        RepeatList,
        false,
    );
    data_disk.children = vec![
        param(
            "Size",
            "DataDisk.N.Size",
            "size",
            Type::Integer,
            Flat,
            false,
        ),
        part,
    ];
    let mut source_id = param(
        "SourceId",
        "SourceId.N",
        "source_id",
        list(Type::String),
        RepeatList,
        true,
    );
    source_id.example = Some("s-`tick`".into());
    let request = vec![
        region,
        source_id,
        tag,
        system_disk,
        data_disk,
        param("type", "type", "r#type", Type::String, Flat, false),
        param("self", "self", "self_", Type::String, Flat, false),
        param("Payload", "Payload", "payload", Type::Json, Json, false),
        param("Settings", "Settings", "settings", Type::Json, Json, true),
        param("DryRun", "DryRun", "dry_run", Type::Boolean, Flat, false),
        param("Ratio", "Ratio", "ratio", Type::Float, Flat, false),
        param("Weight", "Weight", "weight", Type::Double, Flat, false),
        param("Count", "Count", "count", Type::Long, Flat, false),
        param("JobId", "JobId", "job_id", Type::String, Flat, false),
        param("jobId", "jobId", "job_id", Type::String, Flat, false),
        param("Build", "Build", "build", Type::String, Flat, false),
    ];

    let mut disks = field("DataDisks", "data_disks", list(st("DataDisk")));
    disks.children = vec![
        field("Size", "size", Type::Integer),
        field("Device", "device", Type::String),
    ];
    let mut job = field(
        "ReplicationJob",
        "replication_job",
        list(st("ReplicationJob")),
    );
    job.children = vec![
        field("JobId", "job_id", Type::String),
        field("Progress", "progress", Type::Float),
        field("Type", "r#type", Type::String),
        field("Tags", "tags", Type::Json),
        disks,
    ];
    let mut jobs = field("ReplicationJobs", "replication_jobs", st("ReplicationJobs"));
    jobs.children = vec![job];
    let mut result = field("Result", "result", st("Result"));
    result.children = vec![field("Ok", "ok", Type::Boolean)];
    let mut request_id = field("RequestId", "request_id", Type::String);
    request_id.example = Some("473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E".into());
    let response = vec![
        request_id,
        field("TotalCount", "total_count", Type::Integer),
        field("TotalSize", "total_size", Type::Long),
        field("Enabled", "enabled", Type::Boolean),
        field("Score", "score", Type::Double),
        jobs,
        field("Extra", "extra", Type::Json),
        field("Flags", "flags", list(Type::Boolean)),
        result,
    ];

    Api {
        product: "smc".into(),
        version: "2019-06-01".into(),
        style: Style::Rpc,
        action: "ExerciseEveryShape".into(),
        summary: "Exercises every shape the generator supports.".into(),
        description: "A hand-written IR, not a real action.".into(),
        endpoint: Some("smc.aliyuncs.com".into()),
        route: None,
        language: Default::default(),
        response_list: false,
        request,
        response,
        errors: vec![
            error(
                "ReplicationJob.InvalidStatus",
                "ReplicationJobInvalidStatus",
                400,
            ),
            error("InternalError", "InternalError", 500),
            error("InternalError", "InternalError", 500),
            error("Unhandled", "Unhandled", 400),
            error("Forbidden.RAM", "", 403),
        ],
        samples: Samples::default(),
    }
}

fn tokens() -> String {
    emit(&rich(), &EmitOptions::default()).to_string()
}

fn rendered() -> String {
    render(emit(&rich(), &EmitOptions::default())).expect("emitted tokens parse as a file")
}

/// `s` without whitespace, so token text compares regardless of spacing.
fn squash(s: &str) -> String {
    s.split_whitespace().collect()
}

/// True when the emitted tokens contain `needle` (whitespace-insensitive).
fn has(needle: &str) -> bool {
    squash(&tokens()).contains(&squash(needle))
}

fn count(needle: &str) -> usize {
    squash(&tokens()).matches(&squash(needle)).count()
}

#[test]
fn request_fields_have_the_right_types_and_serde_attributes() {
    assert!(has(
        "#[serde(rename = \"RegionId\")] pub region_id: String,"
    ));
    assert!(has(
        "#[serde(rename = \"SourceId\", skip_serializing_if = \"Vec::is_empty\")] pub source_id: Vec<String>,"
    ));
    assert!(has(
        "#[serde(rename = \"Tag\", skip_serializing_if = \"Vec::is_empty\")] pub tag: Vec<Tag>,"
    ));
    assert!(has(
        "#[serde(rename = \"SystemDisk\", skip_serializing_if = \"Option::is_none\")] pub system_disk: Option<SystemDisk>,"
    ));
    assert!(has("pub data_disk: Vec<DataDisk>,"));
    assert!(has("#[serde(rename = \"type\", skip_serializing_if = \"Option::is_none\")] pub r#type: Option<String>,"));
    assert!(has("#[serde(rename = \"self\", skip_serializing_if = \"Option::is_none\")] pub self_: Option<String>,"));
    assert!(has(
        "#[serde(rename = \"Payload\", serialize_with = \"::smc_runtime::params::json_opt\", skip_serializing_if = \"Option::is_none\")] \
         pub payload: Option<::smc_runtime::serde_json::Value>,"
    ));
    assert!(has(
        "#[serde(rename = \"Settings\", serialize_with = \"::smc_runtime::params::json\")] pub settings: ::smc_runtime::serde_json::Value,"
    ));
    assert!(has("pub dry_run: Option<bool>,"));
    assert!(has("pub ratio: Option<f64>,"));
    assert!(has("pub weight: Option<f64>,"));
    assert!(has("pub count: Option<i64>,"));
}

#[test]
fn nested_request_structs_are_emitted_with_their_members() {
    assert!(has("pub struct Tag { #[doc = \" The Key parameter.\"]"));
    assert!(has("#[serde(rename = \"Category\")] pub category: String,"));
    assert!(has("pub size: Option<i32>,"));
    assert!(has("pub part: Vec<DataDiskPart>,"));
    assert!(has("pub struct DataDiskPart {"));
    assert!(has("#[serde(rename = \"Device\")] pub device: String,"));
    assert!(has("pub size_bytes: Option<i64>,"));
    assert_eq!(count("pub struct Tag {"), 1);
}

#[test]
fn colliding_names_get_suffixes() {
    // `JobId` and `jobId` both snake-case to `job_id`.
    assert!(has("#[serde(rename = \"JobId\", skip_serializing_if = \"Option::is_none\")] pub job_id: Option<String>,"));
    assert!(has("#[serde(rename = \"jobId\", skip_serializing_if = \"Option::is_none\")] pub job_id_2: Option<String>,"));
    // A field named `build` keeps its name but its setter must not shadow `build()`.
    assert!(has("pub build: Option<String>,"));
    assert!(has("pub fn build_2(mut self, value: impl Into<String>) -> Self { self.build = Some(value.into()); self }"));
    assert!(has(
        "pub fn build(self) -> Result<ExerciseEveryShapeRequest, ::smc_runtime::BuildError>"
    ));
    // A response struct named like a request struct, and one named like a prelude type.
    assert!(has("pub struct DataDisk2 {"));
    assert!(has("pub data_disks: Option<Vec<DataDisk2>>,"));
    assert!(has("pub struct Result2 {"));
    assert!(has("pub result: Option<Result2>,"));
    assert!(!has("pub struct Result {"));
}

#[test]
fn builder_checks_required_fields_and_lists() {
    assert!(has(
        "region_id: self.region_id.ok_or_else(|| ::smc_runtime::BuildError::missing(\"region_id\", \"RegionId\"))?,"
    ));
    assert!(has(
        "source_id: if self.source_id.is_empty() { return Err(::smc_runtime::BuildError::missing(\"source_id\", \"SourceId\")) } else { self.source_id },"
    ));
    assert!(has(
        "settings: self.settings.ok_or_else(|| ::smc_runtime::BuildError::missing(\"settings\", \"Settings\"))?,"
    ));
    assert!(has("r#type: self.r#type,"));
    assert!(has("pub fn source_id(mut self, item: impl Into<String>) -> Self { self.source_id.push(item.into()); self }"));
    assert!(has(
        "pub fn set_source_id(mut self, items: Vec<String>) -> Self"
    ));
    assert!(has("pub fn tag(mut self, item: impl Into<Tag>) -> Self"));
    assert!(has(
        "pub fn system_disk(mut self, value: impl Into<SystemDisk>) -> Self"
    ));
    assert!(has(
        "pub fn payload(mut self, value: impl Into<::smc_runtime::serde_json::Value>) -> Self"
    ));
    assert!(has("pub fn r#type(mut self, value: impl Into<String>) -> Self { self.inner = self.inner.r#type(value); self }"));
    assert!(has("pub fn set_tag(mut self, items: Vec<Tag>) -> Self { self.inner = self.inner.set_tag(items); self }"));
}

#[test]
fn response_tree_uses_the_runtime_model_and_flattens_wrappers() {
    assert!(has("pub total_count: Option<i32>,"));
    assert!(has("pub total_size: Option<i64>,"));
    assert!(has("pub enabled: Option<bool>,"));
    assert!(has("pub score: Option<f64>,"));
    assert!(has("pub progress: Option<f64>,"));
    // The wrapper `ReplicationJobs.ReplicationJob` is held as its list.
    assert!(has("pub replication_jobs: Option<Vec<ReplicationJob>>,"));
    assert!(!has("pub struct ReplicationJobs"));
    assert!(has(
        "replication_jobs: f.take_wrapped(\"ReplicationJobs\", \"ReplicationJob\"),"
    ));
    assert!(has(
        ".put_wrapped(\"ReplicationJobs\", \"ReplicationJob\", &self.replication_jobs)"
    ));
    assert!(has("pub extra: Option<::smc_runtime::serde_json::Value>,"));
    assert!(has("pub flags: Option<Vec<bool>>,"));
    assert!(has("pub r#type: Option<String>,"));
    // Decoding and encoding go through the runtime's model, one expression per field and
    // wire name, and no serde derive or per-field attribute.
    assert!(has("total_count: f.take(\"TotalCount\"),"));
    assert!(has("r#type: f.take(\"Type\"),"));
    assert!(!has("\")?,"), "no early return per field");
    assert!(has(".put(\"Type\", &self.r#type)"));
    assert!(has("impl ::smc_runtime::model::Model for ReplicationJob {"));
    assert!(has(
        "impl<'de> ::smc_runtime::serde::Deserialize<'de> for ReplicationJob {"
    ));
    assert!(has(
        "impl ::smc_runtime::serde::Serialize for ReplicationJob {"
    ));
    assert!(!has("deserialize_with"));
    assert!(!has("serde::Deserialize)]"));
    assert_eq!(count("pub struct ReplicationJob {"), 1);
}

#[test]
fn error_enum_skips_duplicates_and_avoids_unhandled() {
    assert_eq!(count("InternalError(::smc_runtime::ErrorMeta),"), 1);
    assert_eq!(count("\"InternalError\" => Self::InternalError(meta),"), 1);
    assert!(has("\"Unhandled\" => Self::Unhandled2(meta),"));
    assert!(has("\"Forbidden.RAM\" => Self::ForbiddenRam(meta),"));
    assert!(has("Self::Unhandled2(_) => \"Unhandled2\","));
}

#[test]
fn doc_text_is_rustdoc_safe() {
    let code = rendered();
    assert!(
        code.contains("/// The region. Call \\[DescribeRegions\\](~~25609~~) for the list; see"),
        "{code}"
    );
    assert!(
        code.contains("<https://help.example.com/regions>. Never \\<Common request parameters\\>."),
        "{code}"
    );
    assert!(code.contains("/// indented line\n"), "{code}");
    assert!(code.contains("/// \\```\n"), "{code}");
    assert!(code.contains("/// Example: `` s-`tick` ``"), "{code}");
    assert!(
        code.contains("/// Message: `Message of Forbidden.RAM with %s.`"),
        "{code}"
    );
    assert!(
        code.contains("/// Wire name: `DataDisk.N.Part.N.Device` (required)."),
        "{code}"
    );
}

#[test]
fn every_item_and_field_is_documented() {
    let file: syn::File = syn::parse2(emit(&rich(), &EmitOptions::default())).unwrap();
    let mut undocumented = Vec::new();
    check_items(&file.items, &mut undocumented);
    assert!(undocumented.is_empty(), "undocumented: {undocumented:?}");
}

fn has_doc(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("doc"))
}

fn check_items(items: &[syn::Item], missing: &mut Vec<String>) {
    for item in items {
        match item {
            syn::Item::Mod(m) => {
                if !has_doc(&m.attrs) {
                    missing.push(format!("mod {}", m.ident));
                }
                if let Some((_, inner)) = &m.content {
                    check_items(inner, missing);
                }
            }
            syn::Item::Struct(s) => {
                if !has_doc(&s.attrs) {
                    missing.push(format!("struct {}", s.ident));
                }
                if s.ident.to_string().ends_with("Builder") {
                    continue; // private fields
                }
                for f in &s.fields {
                    if !has_doc(&f.attrs) {
                        missing.push(format!("{}.{:?}", s.ident, f.ident));
                    }
                }
            }
            syn::Item::Enum(e) => {
                if !has_doc(&e.attrs) {
                    missing.push(format!("enum {}", e.ident));
                }
                for v in &e.variants {
                    if !has_doc(&v.attrs) {
                        missing.push(format!("{}::{}", e.ident, v.ident));
                    }
                }
            }
            syn::Item::Impl(i) if i.trait_.is_none() => {
                for it in &i.items {
                    if let syn::ImplItem::Fn(f) = it {
                        if !has_doc(&f.attrs) {
                            missing.push(format!("fn {}", f.sig.ident));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

#[test]
fn rich_ir_fixture_is_current() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/user-crate/ir/ExerciseEveryShape.json"
    );
    let want = serde_json::to_string_pretty(&rich()).unwrap() + "\n";
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::create_dir_all(std::path::Path::new(path).parent().unwrap()).unwrap();
        std::fs::write(path, &want).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "{path} is stale: rerun with UPDATE_FIXTURES=1"
    );
}

#[test]
fn a_roa_action_names_its_request_line_for_the_runtime_to_refuse() {
    assert!(!has("const ROA"), "an RPC action keeps the RPC default");
    let mut api = rich();
    api.style = Style::Roa;
    api.route = Some(smc_codegen::ir::Route {
        method: "GET".into(),
        path: "/clusters/[ClusterId]/nodes".into(),
    });
    let code = squash(&emit(&api, &EmitOptions::default()).to_string());
    assert!(
        code.contains(&squash(
            r#"const ROA : :: core :: option :: Option < & 'static str > = :: core :: option :: Option :: Some ("GET /clusters/[ClusterId]/nodes") ;"#
        )),
        "{code}"
    );
}

#[test]
fn shared_types_are_emitted_once_and_named_from_each_action() {
    use smc_codegen::emit::{emit_types, emit_with, SharedTypes};
    let first = rich();
    let mut second = rich();
    second.action = "ExerciseEveryShapeAgain".into();
    // Descriptions may differ: the struct is the same code.
    second
        .response
        .iter_mut()
        .for_each(|f| f.description = "other".into());
    let shared = SharedTypes::of(&[&first, &second]);
    assert!(!shared.is_empty());
    let options = EmitOptions::default();
    let types = squash(&emit_types(&shared, &options).to_string());
    assert_eq!(
        types.matches("pubstructReplicationJob{").count(),
        1,
        "{types}"
    );
    let action = squash(&emit_with(&second, &options, Some(&shared)).to_string());
    assert!(
        action.contains("Option<Vec<super::types::ReplicationJob>>"),
        "{action}"
    );
    assert!(!action.contains("pubstructReplicationJob{"), "{action}");
    // A list wrapper is its list, never a shared struct.
    assert!(!types.contains("pubstructReplicationJobs{"), "{types}");
    // The response and request types stay the action's own.
    assert!(action.contains("pubstructExerciseEveryShapeAgainResponse{"));
    // One action alone shares nothing.
    assert!(SharedTypes::of(&[&first]).is_empty());
    let alone = squash(&emit_with(&first, &options, Some(&SharedTypes::of(&[&first]))).to_string());
    assert_eq!(alone, squash(&emit(&first, &options).to_string()));
}

#[test]
fn shared_types_survive_their_json_file_and_a_bad_file_names_itself() {
    use smc_codegen::emit::SharedTypes;
    use smc_codegen::Generator;
    let first = rich();
    let mut second = rich();
    second.action = "ExerciseEveryShapeAgain".into();
    let shared = SharedTypes::of(&[&first, &second]);
    let generator = Generator::new();
    let json = shared.to_json();
    let back = generator
        .read_types("ir/acme/_types.json", json.as_bytes())
        .unwrap();
    // Read back, it names the same structs: the action emits the same code.
    assert_eq!(back.len(), shared.len());
    assert_eq!(
        generator.tokens_shared(&second, None, &back).to_string(),
        generator.tokens_shared(&second, None, &shared).to_string()
    );
    assert_eq!(
        generator.types_tokens(&back).to_string(),
        generator.types_tokens(&shared).to_string()
    );
    let bad = generator
        .read_types("ir/acme/_types.json", b"[{\"name\": 3}]")
        .unwrap_err()
        .to_string();
    assert!(bad.starts_with("ir/acme/_types.json:1: error: "), "{bad}");
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let deep = generator
        .read_types("t.json", deep.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(deep.contains("nests deeper than"), "{deep}");
}

#[test]
fn response_accessors_and_setters_never_hide_builder_build_or_default() {
    let mut api = rich();
    for wire in ["Builder", "Default", "Build", "SetFlags"] {
        let rust = smc_codegen::ident::field_name(wire);
        api.response.push(field(wire, &rust, Type::String));
    }
    let code = squash(&emit(&api, &EmitOptions::default()).to_string());
    for want in [
        // Accessors beside `builder()` and `Default::default()`.
        "pub fn builder_2 (& self) -> Option < & str >",
        "pub fn default_2 (& self) -> Option < & str >",
        "pub fn build (& self) -> Option < & str >",
        // Setters beside `build()` (the builder has no `Default`); names are claimed in field
        // order, so the list `Flags` has `set_flags` and the later `SetFlags` the next name.
        "pub fn build_2 (mut self , value : impl Into < String >) -> Self",
        "pub fn default (mut self , value : impl Into < String >) -> Self",
        "pub fn set_flags (mut self , items : Vec < bool >) -> Self",
        "pub fn set_flags_2 (mut self , value : impl Into < String >) -> Self",
        "pub fn flags (& self) -> & [bool]",
    ] {
        assert!(code.contains(&squash(want)), "missing {want:?}");
    }
}
