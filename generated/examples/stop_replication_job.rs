//! Stops (pauses) an SMC replication job.
//!
//! ```text
//! ALIBABA_CLOUD_ACCESS_KEY_ID=... ALIBABA_CLOUD_ACCESS_KEY_SECRET=... \
//!   [ALIBABA_CLOUD_SECURITY_TOKEN=...] \
//!   cargo run -p smc --example stop_replication_job -- --endpoint URL --job-id ID \
//!   [--signature v1|v3] [--method GET|POST]
//! ```
//!
//! Credentials come from the environment (an STS token too, when set); the request is signed
//! with v3 (ACS3-HMAC-SHA256) and sent as POST unless told otherwise.
//!
//! Exit status: 0 on success (prints `RequestId: <id>`), 1 on a service error (prints the
//! variant, code and message), 2 on any other error.

use smc::{SdkError, StopReplicationJobError};
use smc_runtime::{DisplayErrorContext, HttpMethod, SignatureVersion};
use std::process::ExitCode;

const USAGE: &str = "usage: stop_replication_job [--endpoint URL] --job-id ID \
                     [--signature v1|v3] [--method GET|POST]";

struct Args {
    endpoint: Option<String>,
    job_id: String,
    signature: SignatureVersion,
    method: HttpMethod,
}

fn parse_args() -> Result<Args, String> {
    let mut endpoint = None;
    let mut job_id = None;
    let mut signature = SignatureVersion::default();
    let mut method = HttpMethod::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--endpoint" => endpoint = Some(args.next().ok_or("--endpoint needs a URL")?),
            "--job-id" => job_id = Some(args.next().ok_or("--job-id needs an ID")?),
            "--signature" => {
                signature = match args.next().as_deref() {
                    Some("v1") => SignatureVersion::V1,
                    Some("v3") => SignatureVersion::V3,
                    _ => return Err(format!("--signature needs v1 or v3\n{USAGE}")),
                }
            }
            "--method" => {
                method = match args.next().as_deref() {
                    Some("GET") => HttpMethod::Get,
                    Some("POST") => HttpMethod::Post,
                    _ => return Err(format!("--method needs GET or POST\n{USAGE}")),
                }
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    let job_id = job_id.ok_or_else(|| format!("--job-id is required\n{USAGE}"))?;
    Ok(Args {
        endpoint,
        job_id,
        signature,
        method,
    })
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    // Credentials: the default chain reads ALIBABA_CLOUD_ACCESS_KEY_ID,
    // ALIBABA_CLOUD_ACCESS_KEY_SECRET and, if set, ALIBABA_CLOUD_SECURITY_TOKEN; the region,
    // ALIBABA_CLOUD_REGION_ID (SMC is served centrally, so it does not change the endpoint).
    let mut builder = smc::Config::builder_from_env()
        .signature_version(args.signature)
        .method(args.method);
    if let Some(endpoint) = args.endpoint {
        builder = builder.endpoint(endpoint);
    }
    let client = match builder.build() {
        Ok(config) => smc::Client::new(&config),
        Err(e) => {
            eprintln!("error: {}", DisplayErrorContext(&e));
            return ExitCode::from(2);
        }
    };
    match client
        .stop_replication_job()
        .job_id(args.job_id)
        .send()
        .await
    {
        Ok(response) => {
            println!("RequestId: {}", response.request_id.unwrap_or_default());
            ExitCode::SUCCESS
        }
        Err(SdkError::Service(service)) => {
            let err: &StopReplicationJobError = service.err();
            println!("{} ({}): {}", err.variant_name(), err.code(), err.message());
            ExitCode::from(1)
        }
        Err(other) => {
            eprintln!("error: {}", DisplayErrorContext(&other));
            ExitCode::from(2)
        }
    }
}
