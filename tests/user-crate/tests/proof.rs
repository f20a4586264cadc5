//! The user-crate proof: the page expanded by `api!` on the client that `client!` generated
//! builds requests, rejects a missing required field, reaches the host its page shows and
//! decodes a success and a documented 400 error through a fake in-process transport; the rich
//! IR expanded by `api_ir!` flattens and decodes every shape.

use smc_runtime::serde_json::{self, json};
use smc_runtime::{
    BuildError, Credentials, HttpRequest, HttpResponse, SdkError, Transport, TransportError,
};
use smc_tests::percent::decode;
use smc_user_crate_example::exercise_every_shape::{DataDisk, DataDiskPart, SystemDisk, Tag};
use smc_user_crate_example::smc::{StartReplicationJobError, StartReplicationJobRequest};
use smc_user_crate_example::{
    smc, Client, ExerciseEveryShapeError, ExerciseEveryShapeRequest, ExerciseEveryShapeResponse,
    ListWidgetsResponse,
};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

/// Answers every request with one canned response and records what it was sent.
#[derive(Debug)]
struct FakeTransport {
    status: u16,
    body: String,
    seen: Mutex<Vec<HttpRequest>>,
}

impl Transport for FakeTransport {
    fn send<'a>(
        &'a self,
        request: HttpRequest,
    ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>> {
        self.seen.lock().unwrap().push(request);
        let response = HttpResponse {
            status: self.status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: self.body.clone().into_bytes(),
        };
        Box::pin(async move { Ok(response) })
    }
}

fn fake(status: u16, body: serde_json::Value) -> Arc<FakeTransport> {
    Arc::new(FakeTransport {
        status,
        body: body.to_string(),
        seen: Mutex::new(Vec::new()),
    })
}

fn client(transport: &Arc<FakeTransport>) -> Client {
    let runtime = smc_runtime::Client::builder()
        .endpoint("https://smc.example.test")
        .credentials(Credentials::new("test-id", "test-secret"))
        .transport(transport.clone())
        .build()
        .unwrap();
    Client(runtime)
}

/// The generated SMC client, from a shared config with the fake transport (no endpoint
/// override: the client reaches its product's own host).
fn smc_client(transport: &Arc<FakeTransport>) -> smc::Client {
    let config = smc_runtime::Config::builder()
        .region("cn-hangzhou")
        .credentials(Credentials::new("test-id", "test-secret"))
        .transport(transport.clone())
        .build()
        .unwrap();
    smc::Client::new(&config)
}

/// Every `name=value` pair of the request (query string and form body), percent-decoded.
fn sent_params(request: &HttpRequest) -> Vec<(String, String)> {
    let query = request.url.split_once('?').map(|(_, q)| q).unwrap_or("");
    let body = String::from_utf8_lossy(&request.body);
    query
        .split('&')
        .chain(body.split('&'))
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

#[test]
fn missing_required_field_is_a_build_error_naming_it() {
    let err: BuildError = StartReplicationJobRequest::builder().build().unwrap_err();
    assert_eq!(err.field(), "job_id");
    assert!(err.to_string().contains("JobId"), "{err}");

    let ok = StartReplicationJobRequest::builder()
        .job_id("j-1")
        .build()
        .unwrap();
    assert_eq!(ok.job_id, "j-1");
}

#[tokio::test]
async fn fluent_send_without_required_field_never_reaches_the_transport() {
    let transport = fake(200, json!({"RequestId": "unused"}));
    let err = smc_client(&transport)
        .start_replication_job()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Construction(_)), "{err:?}");
    assert!(transport.seen.lock().unwrap().is_empty());
}

#[tokio::test]
async fn success_is_decoded_and_the_request_carries_the_parameters() {
    let transport = fake(200, json!({"RequestId": "0B5C1D3E-5F6A"}));
    let response = smc_client(&transport)
        .start_replication_job()
        .job_id("j-user0crate0example****")
        .send()
        .await
        .unwrap();
    assert_eq!(response.request_id.as_deref(), Some("0B5C1D3E-5F6A"));

    let seen = transport.seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    // The client generated from `specs/smc/` calls the host its page shows (SMC is served
    // centrally, so the region does not change it).
    assert_eq!(smc::Client::SERVICE.host(), "smc.aliyuncs.com");
    assert_eq!(smc::Client::SERVICE.regional_host(), None);
    assert!(
        seen[0].url.starts_with("https://smc.aliyuncs.com/?"),
        "{}",
        seen[0].url
    );
    let params = sent_params(&seen[0]);
    // Signed with v3, the default: action and version are headers, the signature is in
    // `Authorization`, and only the operation's own parameters are in the query.
    let header = |name: &str| {
        seen[0]
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(header("x-acs-action"), Some("StartReplicationJob"));
    assert_eq!(header("x-acs-version"), Some("2019-06-01"));
    assert!(
        header("authorization")
            .is_some_and(|a| a.starts_with("ACS3-HMAC-SHA256 Credential=test-id,")),
        "{:?}",
        seen[0].headers
    );
    assert_eq!(
        params,
        [("JobId".to_owned(), "j-user0crate0example****".to_owned())]
    );
}

#[tokio::test]
async fn documented_400_error_becomes_its_variant() {
    let transport = fake(
        400,
        json!({
            "RequestId": "req-1",
            "HostId": "smc.aliyuncs.com",
            "Code": "ReplicationJob.InvalidStatus",
            "Message": "The specified replication job status is invalid."
        }),
    );
    let err = smc_client(&transport)
        .start_replication_job()
        .job_id("j-1")
        .send()
        .await
        .unwrap_err();
    let service = err.into_service_error().expect("a service error");
    assert!(
        matches!(
            service,
            StartReplicationJobError::ReplicationJobInvalidStatus(_)
        ),
        "{service:?}"
    );
    assert_eq!(service.code(), "ReplicationJob.InvalidStatus");
    assert_eq!(
        service.message(),
        "The specified replication job status is invalid."
    );
    assert_eq!(service.request_id(), Some("req-1"));
    assert_eq!(service.host_id(), Some("smc.aliyuncs.com"));
    assert_eq!(service.variant_name(), "ReplicationJobInvalidStatus");
    assert_eq!(
        service.to_string(),
        "ReplicationJob.InvalidStatus: The specified replication job status is invalid."
    );
    let _: &dyn std::error::Error = &service;
}

#[tokio::test]
async fn undocumented_code_is_unhandled() {
    let transport = fake(
        403,
        json!({"RequestId": "req-2", "Code": "Forbidden.RAM", "Message": "no"}),
    );
    let err = smc_client(&transport)
        .start_replication_job()
        .job_id("j-1")
        .send()
        .await
        .unwrap_err();
    let service = err.as_service_error().expect("a service error");
    assert!(matches!(service, StartReplicationJobError::Unhandled(_)));
    assert_eq!(service.variant_name(), "Unhandled");
    assert_eq!(service.to_string(), "Forbidden.RAM: no");
    // The opaque `Unhandled` gives its metadata through the trait, as do the enum and the
    // whole `SdkError`; a documented-code match is the only way to tell codes apart.
    use smc_runtime::ProvideErrorMetadata;
    let StartReplicationJobError::Unhandled(unhandled) = service else {
        panic!("not unhandled: {service:?}");
    };
    assert_eq!(unhandled.to_string(), "Forbidden.RAM: no");
    for e in [
        unhandled as &dyn ProvideErrorMetadata,
        service as &dyn ProvideErrorMetadata,
        &err as &dyn ProvideErrorMetadata,
    ] {
        assert_eq!(e.code(), Some("Forbidden.RAM"));
        assert_eq!(e.message(), Some("no"));
        assert_eq!(e.request_id(), Some("req-2"));
        assert_eq!(e.meta().map(|m| m.http_status), Some(403));
    }
}

fn rich_request() -> ExerciseEveryShapeRequest {
    ExerciseEveryShapeRequest::builder()
        .region_id("cn-hangzhou")
        .source_id("s-1")
        .source_id("s-2")
        .tag(Tag {
            key: Some("k".into()),
            value: Some("v".into()),
        })
        .system_disk(SystemDisk {
            category: "cloud_ssd".into(),
            size: Some(40),
        })
        .data_disk(DataDisk {
            size: Some(100),
            part: vec![DataDiskPart {
                device: "/dev/xvdb1".into(),
                size_bytes: Some(1024),
            }],
        })
        .r#type("t")
        .self_("s")
        .payload(json!({"a": 1}))
        .settings(json!([1, 2]))
        .dry_run(true)
        .ratio(0.5f32)
        .weight(1.25)
        .count(7i64)
        .job_id("j")
        .job_id_2("j2")
        .build_2("b")
        .build()
        .unwrap()
}

#[test]
fn rich_request_flattens_to_wire_parameters() {
    let params = smc_runtime::params::to_params(&rich_request()).unwrap();
    let mut want: Vec<(String, String)> = [
        ("Build", "b"),
        ("Count", "7"),
        ("DataDisk.1.Part.1.Device", "/dev/xvdb1"),
        ("DataDisk.1.Part.1.SizeBytes", "1024"),
        ("DataDisk.1.Size", "100"),
        ("DryRun", "true"),
        ("JobId", "j"),
        ("Payload", "{\"a\":1}"),
        ("Ratio", "0.5"),
        ("RegionId", "cn-hangzhou"),
        ("Settings", "[1,2]"),
        ("SourceId.1", "s-1"),
        ("SourceId.2", "s-2"),
        ("SystemDisk.Category", "cloud_ssd"),
        ("SystemDisk.Size", "40"),
        ("Tag.1.Key", "k"),
        ("Tag.1.Value", "v"),
        ("Weight", "1.25"),
        ("jobId", "j2"),
        ("self", "s"),
        ("type", "t"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    want.sort();
    assert_eq!(params, want);
}

#[test]
fn rich_builder_requires_non_empty_lists_and_json() {
    let err = ExerciseEveryShapeRequest::builder()
        .region_id("r")
        .settings(json!({}))
        .build()
        .unwrap_err();
    assert_eq!(err.field(), "source_id");
    let err = ExerciseEveryShapeRequest::builder()
        .region_id("r")
        .source_id("s")
        .build()
        .unwrap_err();
    assert_eq!(err.field(), "settings");
}

#[test]
fn rich_response_decodes_wrapped_lists_and_tolerates_strings() {
    let body = json!({
        "RequestId": "r-1",
        "TotalCount": "2",
        "TotalSize": 12345678901i64,
        "Enabled": "true",
        "Score": 1.5,
        "ReplicationJobs": {
            "ReplicationJob": [
                {"JobId": "j-1", "Progress": "42.5", "Type": "full",
                 "Tags": {"k": "v"},
                 "DataDisks": {"Size": 100, "Device": "/dev/xvdb"}},
                {"JobId": "j-2"}
            ]
        },
        "Extra": [1, "two"],
        "Flags": [true, false],
        "Result": {"Ok": 1},
        "Unknown": "ignored"
    });
    let response: ExerciseEveryShapeResponse = serde_json::from_value(body).unwrap();
    assert_eq!(response.request_id(), Some("r-1"));
    assert_eq!(response.total_count(), Some(2));
    assert_eq!(response.total_size(), Some(12345678901));
    assert_eq!(response.enabled(), Some(true));
    // `ReplicationJobs.ReplicationJob` is flattened into the list.
    let jobs = response.replication_jobs();
    assert_eq!(jobs.len(), 2);
    assert_eq!(jobs[0].job_id(), Some("j-1"));
    assert_eq!(jobs[0].progress(), Some(42.5));
    assert_eq!(jobs[0].r#type(), Some("full"));
    assert_eq!(jobs[0].tags(), Some(&json!({"k": "v"})));
    // A single object where a list is documented becomes a one-element list.
    let disks = jobs[0].data_disks();
    assert_eq!(disks.len(), 1);
    assert_eq!(disks[0].device(), Some("/dev/xvdb"));
    assert_eq!(jobs[1].progress(), None);
    assert!(jobs[1].data_disks().is_empty());
    assert_eq!(response.flags(), [true, false]);
    assert_eq!(response.result().and_then(|r| r.ok()), Some(true));

    // Round trip: serialising skips `None` and decodes to the same value.
    let again: ExerciseEveryShapeResponse =
        serde_json::from_str(&serde_json::to_string(&response).unwrap()).unwrap();
    assert_eq!(again, response);
    let empty = serde_json::to_string(&ExerciseEveryShapeResponse::default()).unwrap();
    assert_eq!(empty, "{}");
}

#[test]
fn rich_response_builders_round_trip_through_the_documented_wire_form() {
    use smc_user_crate_example::exercise_every_shape::{DataDisk2, ReplicationJob, Result2};
    let built = ExerciseEveryShapeResponse::builder()
        .request_id("r-1")
        .total_size(7i64)
        .score(0.5)
        .flags(true)
        .flags(false)
        .extra(json!([1]))
        .result(Result2::builder().ok(true).build())
        .replication_jobs(
            ReplicationJob::builder()
                .r#type("full")
                .set_data_disks(vec![DataDisk2::builder().size(40).build()])
                .build(),
        )
        .build();
    assert_eq!(built.flags(), [true, false]);
    assert_eq!(built.replication_jobs()[0].data_disks()[0].size(), Some(40));
    let wire = serde_json::to_value(&built).unwrap();
    assert_eq!(
        wire["ReplicationJobs"],
        json!({"ReplicationJob": [{"Type": "full", "DataDisks": [{"Size": 40}]}]})
    );
    let back: ExerciseEveryShapeResponse = serde_json::from_value(wire).unwrap();
    assert_eq!(back, built);
}

#[test]
fn rich_error_codes_map_to_deduplicated_variants() {
    let meta = |code: &str| smc_runtime::ErrorMeta {
        code: code.into(),
        message: "m".into(),
        request_id: None,
        host_id: None,
        recommend: None,
        http_status: 400,
    };
    let e = ExerciseEveryShapeError::from(meta("Unhandled"));
    assert_eq!(e.variant_name(), "Unhandled2");
    let e = ExerciseEveryShapeError::from(meta("Forbidden.RAM"));
    assert!(matches!(e, ExerciseEveryShapeError::ForbiddenRam(_)));
    let e = ExerciseEveryShapeError::from(meta("Something.Else"));
    assert!(matches!(e, ExerciseEveryShapeError::Unhandled(_)));
    assert_eq!(e.to_string(), "Something.Else: m");
}

#[tokio::test]
async fn a_roa_list_action_decodes_its_sample_and_is_refused_before_sending() {
    // The page's sample, a JSON list, decodes into the generated response and back.
    let sample = json!([{ "widget_id": "wd-12ab****", "size": 3 }]);
    let decoded: ListWidgetsResponse = serde_json::from_value(sample.clone()).unwrap();
    assert_eq!(decoded.len(), 1);
    assert_eq!(decoded[0].widget_id.as_deref(), Some("wd-12ab****"));
    assert_eq!(decoded[0].size, Some(3));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), sample);
    // The runtime sends RPC calls only: a ROA call is refused, and nothing is sent.
    let t = fake(200, sample);
    let err = client(&t)
        .list_widgets()
        .region_id("cn-hangzhou")
        .send()
        .await
        .unwrap_err();
    match &err {
        SdkError::Construction(e) => assert!(e.is_unsupported_roa(), "{e}"),
        other => panic!("expected a construction error, got {other:?}"),
    }
    let report = smc_runtime::DisplayErrorContext(&err).to_string();
    assert!(report.contains("GET /widgets"), "{report}");
    assert!(t.seen.lock().unwrap().is_empty());
}
