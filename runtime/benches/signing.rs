//! `cargo bench -p smc-runtime`: the cost of one v1 and one v3 signature of the
//! StopReplicationJob request, next to the bare HMAC-SHA1 + Base64 of the same v1 string to
//! sign (the floor any v1 signer pays). The v1 target is at most 2x that floor.
//!
//! A plain binary (`harness = false`): each kind runs in many short interleaved rounds and the
//! fastest round counts, which is steady enough on a shared machine without a benchmark
//! framework. Each signer call consumes its request, so the loop clones one first; that clone
//! is timed on its own and taken off the signers' figures (the bare HMAC is not charged for
//! building its input either).

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use smc_runtime::signer::v1;
use smc_runtime::{Credentials, HttpMethod, Signer, SignerV1, SignerV3, SigningRequest};
use std::hint::black_box;
use std::time::Instant;

const ROUNDS: usize = 201;
const ITERATIONS: u32 = 2_000;

/// The StopReplicationJob call of the SMC examples: one parameter, POST, no STS token.
fn request(credentials: &Credentials) -> SigningRequest<'_> {
    SigningRequest {
        method: HttpMethod::Post,
        endpoint: "https://smc.aliyuncs.com",
        action: "StopReplicationJob",
        version: "2019-06-01",
        query: vec![("JobId".to_owned(), "j-bw526m1vi6x21qh****".to_owned())],
        form: Vec::new(),
        timestamp: "2016-02-23T12:46:24Z",
        nonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        credentials,
        headers: Vec::new(),
    }
}

/// The bare floor: HMAC-SHA1 keyed with `secret&` over `string_to_sign`, Base64-encoded.
fn bare_hmac_sha1_base64(string_to_sign: &str, key: &[u8]) -> String {
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(key) else {
        return String::new();
    };
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Nanoseconds per call of `f` over one round.
fn round(mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..ITERATIONS {
        f();
    }
    start.elapsed().as_nanos() as f64 / f64::from(ITERATIONS)
}

fn main() {
    let credentials = Credentials::new("testid", "testsecret");
    let template = request(&credentials);

    // The v1 string to sign of that request, as the signer builds it.
    let mut params = v1::common_params(
        template.action,
        template.version,
        &credentials,
        template.timestamp,
        template.nonce,
    );
    params.extend(template.query.iter().cloned());
    let string_to_sign = v1::string_to_sign("POST", &v1::canonical_query(&params));
    let key = format!("{}&", credentials.access_key_secret());
    // The bare path must reproduce the signer's signature, or the comparison is meaningless.
    let bare = bare_hmac_sha1_base64(&string_to_sign, key.as_bytes());
    let signed = SignerV1
        .sign(template.clone())
        .map(|r| r.url)
        .unwrap_or_default();
    assert!(
        signed.ends_with(&format!(
            "&Signature={}",
            smc_runtime::encode::percent_encode(&bare)
        )),
        "the bare HMAC differs from the v1 signer's signature"
    );

    let (mut best_v1, mut best_v3, mut best_bare) = (f64::MAX, f64::MAX, f64::MAX);
    for _ in 0..ROUNDS {
        best_v1 = best_v1.min(round(|| {
            black_box(SignerV1.sign(black_box(template.clone())).ok());
        }));
        best_v3 = best_v3.min(round(|| {
            black_box(SignerV3.sign(black_box(template.clone())).ok());
        }));
        best_bare = best_bare.min(round(|| {
            black_box(bare_hmac_sha1_base64(
                black_box(&string_to_sign),
                black_box(key.as_bytes()),
            ));
        }));
    }
    let clone = (0..ROUNDS)
        .map(|_| {
            round(|| {
                black_box(black_box(&template).clone());
            })
        })
        .fold(f64::MAX, f64::min);

    let (v1, v3) = (best_v1 - clone, best_v3 - clone);
    println!(
        "signing StopReplicationJob (POST, 1 parameter; fastest of {ROUNDS} rounds of {ITERATIONS} calls):"
    );
    println!("  v1 sign (SignerV1::sign)        {v1:>8.0} ns");
    println!("  v3 sign (SignerV3::sign)        {v3:>8.0} ns");
    println!("  bare HMAC-SHA1 + Base64         {best_bare:>8.0} ns");
    println!("  (cloning the request first, taken off both signers: {clone:.0} ns)");
    println!(
        "  v1 / bare                       {:>8.2}x (target <= 2x)",
        v1 / best_bare
    );
    println!("  v3 / bare                       {:>8.2}x", v3 / best_bare);
}
