//! Every credentials source, the default chain, the cache and the client's use of them, each
//! against temporary files and loopback fakes (STS, metadata service, credentials URI); the
//! tests never read the process environment or the real home directory.

#[path = "../common/mod.rs"]
mod common;

mod cache;
mod chain;
mod cli_profile;
mod client;
mod credentials_uri;
mod ecs_ram_role;
mod env_source;
mod fake;
mod ini_file;
mod oidc;
mod secrets;

use std::error::Error;

/// The `Display` text of `err` and every error along its `source()` chain, outermost first.
pub fn chain_texts(err: &(dyn Error + 'static)) -> Vec<String> {
    let mut texts = Vec::new();
    let mut next = Some(err);
    while let Some(e) = next {
        texts.push(e.to_string());
        next = e.source();
    }
    texts
}
