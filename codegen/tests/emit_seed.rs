//! Emission of the seed page's IR (`StopReplicationJob`), built by hand: the rendered code
//! holds the expected items, fields, variants and doc strings.

use smc_codegen::emit::{emit, EmitOptions};
use smc_codegen::ir::{Api, ErrorCode, Field, Param, ParamStyle, Position, Samples, Style, Type};
use smc_codegen::render::render;

fn seed() -> Api {
    Api {
        product: "smc".into(),
        version: "2019-06-01".into(),
        style: Style::Rpc,
        action: "StopReplicationJob".into(),
        summary: "Starts a migration task.".into(),
        description:
            "This operation can be used to stop only migration tasks that are in the Running and Syncing states."
                .into(),
        endpoint: Some("smc.aliyuncs.com".into()),
        route: None,
        language: Default::default(),
        response_list: false,
        request: vec![Param {
            wire_name: "JobId".into(),
            doc_name: "JobId".into(),
            rust_name: "job_id".into(),
            ty: Type::String,
            style: ParamStyle::Flat,
            required: true,
            example: Some("j-bw526m1vi6x21qh****".into()),
            description: "The ID of the migration task.".into(),
            position: Position::Query,
            children: vec![],
            values: vec![],
            line: 20,
        }],
        response: vec![Field {
            wire_name: "RequestId".into(),
            rust_name: "request_id".into(),
            ty: Type::String,
            example: Some("473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E".into()),
            description: "The ID of the request.".into(),
            children: vec![],
            values: vec![],
            line: 26,
        }],
        errors: vec![
            ErrorCode {
                http_status: Some(400),
                code: "ReplicationJob.InvalidStatus".into(),
                variant: "ReplicationJobInvalidStatus".into(),
                message: "The specified replication job status is invalid.".into(),
                description: "The error message returned because the operation is not supported while the migration task is in the current status.".into(),
                line: 58,
            },
            ErrorCode {
                http_status: Some(500),
                code: "InternalError".into(),
                variant: "InternalError".into(),
                message: "An error occurred while processing your request.".into(),
                description: "The error message returned because an internal error has occurred.".into(),
                line: 59,
            },
        ],
        samples: Samples::default(),
    }
}

fn rendered() -> String {
    render(emit(&seed(), &EmitOptions::default())).expect("emitted tokens parse as a file")
}

/// `s` without whitespace, so token text compares regardless of spacing.
fn squash(s: &str) -> String {
    s.split_whitespace().collect()
}

/// True when the emitted tokens contain `needle` (whitespace-insensitive).
fn has(needle: &str) -> bool {
    let tokens = emit(&seed(), &EmitOptions::default()).to_string();
    squash(&tokens).contains(&squash(needle))
}

#[test]
fn default_options_name_crate_client_and_smc_runtime() {
    let options = EmitOptions::default();
    assert_eq!(options.client.to_string(), "crate :: Client");
    assert_eq!(options.runtime.to_string(), ":: smc_runtime");
}

#[test]
fn seed_has_module_reexports_and_client_method() {
    let code = rendered();
    assert!(code.contains("pub mod stop_replication_job {"), "{code}");
    assert!(has(
        "pub use self::stop_replication_job::{StopReplicationJobRequest, StopReplicationJobRequestBuilder, \
         StopReplicationJobResponse, StopReplicationJobError, StopReplicationJobFluentBuilder};"
    ));
    assert!(code.contains("impl crate::Client {"), "{code}");
    assert!(has(
        "pub fn stop_replication_job(&self) -> self::stop_replication_job::StopReplicationJobFluentBuilder {\
         self::stop_replication_job::StopReplicationJobFluentBuilder::new(\
         ::core::clone::Clone::clone(::core::convert::AsRef::<::smc_runtime::Client>::as_ref(self))) }"
    ));
}

#[test]
fn seed_request_struct_builder_and_operation() {
    let code = rendered();
    assert!(
        code.contains("pub struct StopReplicationJobRequest {"),
        "{code}"
    );
    assert!(has("#[serde(rename = \"JobId\")] pub job_id: String,"));
    assert!(has(
        "#[serde(crate = \"::smc_runtime::serde\")] pub struct StopReplicationJobRequest"
    ));
    assert!(has(
        "impl ::smc_runtime::Operation for StopReplicationJobRequest { \
         const ACTION: &'static str = \"StopReplicationJob\"; \
         const VERSION: &'static str = \"2019-06-01\"; \
         const PRODUCT: &'static str = \"smc\"; \
         type Output = StopReplicationJobResponse; type Error = StopReplicationJobError; }"
    ));
    assert!(has(
        "pub fn job_id(mut self, value: impl Into<String>) -> Self"
    ));
    assert!(has(
        "job_id: self.job_id.ok_or_else(|| ::smc_runtime::BuildError::missing(\"job_id\", \"JobId\"))?,"
    ));
    assert!(has(
        "pub async fn send(self) -> Result<StopReplicationJobResponse, \
         ::smc_runtime::SdkError<StopReplicationJobError>>"
    ));
    assert!(has("self.client.call(&input).await"));
}

#[test]
fn seed_response_uses_the_runtime_model() {
    let code = rendered();
    assert!(
        code.contains("impl ::smc_runtime::model::Model for StopReplicationJobResponse {"),
        "{code}"
    );
    assert!(
        code.contains("::smc_runtime::model::deserialize(d)"),
        "{code}"
    );
    assert!(code.contains("pub request_id: Option<String>,"), "{code}");
}

#[test]
fn seed_error_enum_has_documented_variants_and_unhandled() {
    let code = rendered();
    assert!(code.contains("#[non_exhaustive]"), "{code}");
    assert!(
        code.contains("pub enum StopReplicationJobError {"),
        "{code}"
    );
    assert!(
        code.contains("ReplicationJobInvalidStatus(::smc_runtime::ErrorMeta),"),
        "{code}"
    );
    assert!(
        code.contains("InternalError(::smc_runtime::ErrorMeta),"),
        "{code}"
    );
    assert!(
        code.contains("Unhandled(::smc_runtime::Unhandled),"),
        "{code}"
    );
    assert!(has(
        "\"ReplicationJob.InvalidStatus\" => Self::ReplicationJobInvalidStatus(meta),"
    ));
    assert!(has(
        "\"InternalError\" => Self::InternalError(meta), _ => Self::Unhandled(::smc_runtime::Unhandled::new(meta)),"
    ));
    assert!(has(
        "Self::ReplicationJobInvalidStatus(_) => \"ReplicationJobInvalidStatus\","
    ));
    for method in [
        "meta",
        "code",
        "message",
        "request_id",
        "host_id",
        "recommend",
        "variant_name",
    ] {
        assert!(
            code.contains(&format!("pub fn {method}(&self)")),
            "missing {method}\n{code}"
        );
    }
}

#[test]
fn seed_docs_come_from_the_page() {
    let code = rendered();
    for doc in [
        "/// `StopReplicationJob`: Starts a migration task.",
        "/// This operation can be used to stop only migration tasks that are in the Running and Syncing states.",
        "/// The ID of the migration task.",
        "/// Wire name: `JobId` (required).",
        "/// Example: `j-bw526m1vi6x21qh****`",
        "/// The ID of the request.",
        "/// Example: `473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E`",
        "/// Code `ReplicationJob.InvalidStatus` (HTTP 400).",
        "/// Message: `The specified replication job status is invalid.`",
    ] {
        assert!(code.contains(doc), "missing doc line {doc:?}\n{code}");
    }
}

#[test]
fn rename_changes_rust_names_but_not_the_wire_action() {
    let options = EmitOptions {
        rename: Some("StopReplicationJob2".into()),
        ..EmitOptions::default()
    };
    let code = render(emit(&seed(), &options)).unwrap();
    assert!(code.contains("pub mod stop_replication_job2 {"), "{code}");
    assert!(
        code.contains("pub struct StopReplicationJob2Request"),
        "{code}"
    );
    assert!(code.contains("pub fn stop_replication_job2("), "{code}");
    assert!(
        code.contains(r#"const ACTION: &'static str = "StopReplicationJob";"#),
        "{code}"
    );
}

#[test]
fn custom_client_and_runtime_paths_are_used() {
    let options = EmitOptions {
        client: quote::quote!(super::MyClient),
        runtime: quote::quote!(::my_rt),
        rename: None,
    };
    let code = render(emit(&seed(), &options)).unwrap();
    assert!(code.contains("impl super::MyClient {"), "{code}");
    assert!(
        code.contains("::my_rt::model::Fields::of(v, Self::SHAPE)?"),
        "{code}"
    );
    assert!(!code.contains("smc_runtime"), "{code}");
}

#[test]
fn odd_action_and_wire_names_still_emit_parseable_code() {
    for action in [
        "Self",
        "self",
        "_",
        "",
        "9Lives",
        "Move",
        "Ünïcode",
        "a.b-c",
    ] {
        let mut api = seed();
        api.action = action.into();
        api.request[0].rust_name = "not an ident".into();
        api.request[0].wire_name = "type".into();
        api.response[0].rust_name = String::new();
        api.errors[0].variant = "Self".into();
        let tokens = emit(&api, &EmitOptions::default());
        assert!(render(tokens).is_ok(), "action {action:?}");
    }
}

#[test]
fn a_code_documented_twice_is_one_variant_documenting_both_situations() {
    let mut api = seed();
    let mut again = api.errors[0].clone();
    again.http_status = Some(403);
    again.message = "The job is being deleted.".into();
    api.errors.push(again);
    let code = render(emit(&api, &EmitOptions::default())).unwrap();
    assert_eq!(
        code.matches("ReplicationJobInvalidStatus(::smc_runtime::ErrorMeta)")
            .count(),
        1,
        "{code}"
    );
    assert!(
        code.contains("(HTTP 400)") && code.contains("(HTTP 403)"),
        "{code}"
    );
    assert!(code.contains("The job is being deleted."), "{code}");
    assert_eq!(
        code.matches("\"ReplicationJob.InvalidStatus\" =>").count(),
        1,
        "{code}"
    );
}
