//! Stops (pauses) an SMC replication job.
//!
//! ```text
//! ALIBABA_CLOUD_ACCESS_KEY_ID=... ALIBABA_CLOUD_ACCESS_KEY_SECRET=... \
//!   [ALIBABA_CLOUD_SECURITY_TOKEN=...] \
//!   cargo run -p smc --example stop_replication_job -- --endpoint URL --job-id ID \
//!   [--signature v1|v3] [--method GET|POST] [--timeout SECS] [--max-attempts N]
//! ```
//!
//! Credentials come from the vendor's default chain (the environment first, an STS token too
//! when set); the request is signed with v3 (ACS3-HMAC-SHA256) and sent as POST unless told
//! otherwise. `--timeout` bounds the whole call, retries included (default: no bound beyond
//! 10 s per attempt); `--max-attempts` is how many attempts a retryable failure gets (default
//! 3; 1 disables retries).
//!
//! Exit status: 0 on success (prints `RequestId: <id>`), 1 on a service error (prints the
//! variant, code and message), 2 on any other error. A call that took more than one attempt
//! also prints `attempts: <n>`.

use smc::{SdkError, StopReplicationJobError, StopReplicationJobRequest};
use smc_runtime::{DisplayErrorContext, HttpMethod, RetryConfig, SignatureVersion, TimeoutConfig};
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "usage: stop_replication_job [--endpoint URL] --job-id ID \
                     [--signature v1|v3] [--method GET|POST] [--timeout SECS] \
                     [--max-attempts N]";

struct Args {
    endpoint: Option<String>,
    job_id: String,
    signature: SignatureVersion,
    method: HttpMethod,
    timeout: Option<Duration>,
    max_attempts: Option<u32>,
}

/// A positive, finite number of seconds.
fn parse_seconds(text: Option<String>) -> Result<Duration, String> {
    text.as_deref()
        .and_then(|t| t.parse::<f64>().ok())
        .filter(|secs| *secs > 0.0)
        .and_then(|secs| Duration::try_from_secs_f64(secs).ok())
        .ok_or_else(|| format!("--timeout needs a positive number of seconds\n{USAGE}"))
}

/// A whole number of attempts, at least 1.
fn parse_attempts(text: Option<String>) -> Result<u32, String> {
    text.as_deref()
        .and_then(|t| t.parse::<u32>().ok())
        .filter(|n| *n >= 1)
        .ok_or_else(|| format!("--max-attempts needs a whole number of at least 1\n{USAGE}"))
}

/// Prints how many attempts a retried call took.
fn print_attempts(attempts: u32) {
    if attempts > 1 {
        println!("attempts: {attempts}");
    }
}

fn parse_args() -> Result<Args, String> {
    let mut endpoint = None;
    let mut job_id = None;
    let mut signature = SignatureVersion::default();
    let mut method = HttpMethod::default();
    let mut timeout = None;
    let mut max_attempts = None;
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
            "--timeout" => timeout = Some(parse_seconds(args.next())?),
            "--max-attempts" => max_attempts = Some(parse_attempts(args.next())?),
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
        timeout,
        max_attempts,
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
    if let Some(limit) = args.timeout {
        builder = builder.timeout_config(TimeoutConfig::new().with_operation_timeout(limit));
    }
    if let Some(n) = args.max_attempts {
        builder = builder.retry_config(RetryConfig::standard().with_max_attempts(n));
    }
    let client = match builder.build() {
        Ok(config) => smc::Client::new(&config),
        Err(e) => {
            eprintln!("error: {}", DisplayErrorContext(&e));
            return ExitCode::from(2);
        }
    };
    let input = match StopReplicationJobRequest::builder()
        .job_id(args.job_id)
        .build()
    {
        Ok(input) => input,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    // `call_with_meta` rather than the fluent `send()`: it also tells how many attempts the
    // call took.
    match client.as_ref().call_with_meta(&input).await {
        Ok((response, meta)) => {
            println!("RequestId: {}", response.request_id().unwrap_or_default());
            print_attempts(meta.attempts());
            ExitCode::SUCCESS
        }
        Err(err) => {
            let status = match &err {
                SdkError::Service(service) => {
                    let e: &StopReplicationJobError = service.err();
                    println!("{} ({}): {}", e.variant_name(), e.code(), e.message());
                    1
                }
                other => {
                    eprintln!("error: {}", DisplayErrorContext(other));
                    2
                }
            };
            print_attempts(err.attempts());
            ExitCode::from(status)
        }
    }
}
