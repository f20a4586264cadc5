//! The seed page lowers to the expected IR, with its summary-verb lint.

use smc_codegen::diag::Severity;
use smc_codegen::ir::{ParamStyle, Position, Type};
use smc_codegen::lower::{lower, Options};

fn seed() -> smc_codegen::lower::Lowered {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../specs/smc/StopReplicationJob.md"
    );
    let bytes = std::fs::read(path).unwrap();
    lower(
        "specs/smc/StopReplicationJob.md",
        &bytes,
        &Options::default(),
    )
}

#[test]
fn seed_reports_only_the_summary_verb() {
    let out = seed();
    let kinds: Vec<(&str, usize, Severity)> = out
        .diagnostics
        .iter()
        .map(|d| (d.kind, d.line, d.severity))
        .collect();
    assert_eq!(kinds, vec![("summary-verb", 3, Severity::Warning)]);
    assert!(out.diagnostics[0]
        .to_string()
        .starts_with("specs/smc/StopReplicationJob.md:3: warning: summary starts with \"starts\""));
}

#[test]
fn seed_metadata() {
    let api = seed().api.unwrap();
    assert_eq!(api.action, "StopReplicationJob");
    assert_eq!(api.product, "smc");
    assert_eq!(api.version, "2019-06-01");
    assert_eq!(api.endpoint.as_deref(), Some("smc.aliyuncs.com"));
    assert_eq!(api.summary, "Starts a migration task.");
    assert!(api
        .description
        .starts_with("This operation can be used to stop"));
    assert!(api
        .samples
        .request
        .unwrap()
        .contains("&JobId=j-bw526m1vi6x21qh****"));
    assert!(api
        .samples
        .xml
        .unwrap()
        .starts_with("<StopReplicationJobResponse>"));
    assert!(api.samples.json.unwrap().contains("\"RequestId\""));
}

#[test]
fn seed_request_response_errors() {
    let api = seed().api.unwrap();
    assert_eq!(api.request.len(), 1);
    let job = &api.request[0];
    assert_eq!(job.wire_name, "JobId");
    assert_eq!(job.rust_name, "job_id");
    assert_eq!(job.ty, Type::String);
    assert_eq!(job.style, ParamStyle::Flat);
    assert_eq!(job.position, Position::Query);
    assert!(job.required);
    assert_eq!(job.example.as_deref(), Some("j-bw526m1vi6x21qh****"));
    assert_eq!(job.description, "The ID of the migration task.");
    assert_eq!(job.line, 18);

    assert_eq!(api.response.len(), 1);
    assert_eq!(api.response[0].wire_name, "RequestId");
    assert_eq!(api.response[0].ty, Type::String);
    assert_eq!(api.response[0].line, 24);

    let errors: Vec<(Option<u16>, &str, &str)> = api
        .errors
        .iter()
        .map(|e| (e.http_status, e.code.as_str(), e.variant.as_str()))
        .collect();
    assert_eq!(
        errors,
        vec![
            (
                Some(400),
                "ReplicationJob.InvalidStatus",
                "ReplicationJobInvalidStatus"
            ),
            (Some(500), "InternalError", "InternalError"),
        ]
    );
    assert_eq!(api.errors[0].line, 58);
}
