//! What a product's client needs, gathered from the IR of its pages: its code, the API version
//! most of its pages state, its central host and, when its pages show one, its regional host.
//!
//! Each page's [`Api::endpoint`] is the host of its sample request (`ecs.aliyuncs.com`), or
//! `<product>.aliyuncs.com` when the sample shows none (`http(s)://[Endpoint]/?Action=...`).
//! A host whose name carries a region id, `<name>.<region>.aliyuncs.com` (Elasticsearch's
//! `elasticsearch.cn-hangzhou.aliyuncs.com`) or `<name>-<region>.aliyuncs.com` (ECS's older
//! `ecs-cn-hangzhou.aliyuncs.com`), makes the product regional, served at
//! `<name>.{region}.aliyuncs.com`: the dotted form, which the vendor serves in every region of
//! a regional product, while the dashed one exists for a few older regions only. The central
//! host is the one most pages show without a region, else `<product>.aliyuncs.com`. Hosts
//! outside `aliyuncs.com` (`ecs-cn-hangzhou.example.com`, a typo such as `cdn.aliyuncs.co`)
//! and internal or VPC hosts say nothing about the public endpoint and are ignored.

use crate::ir::Api;
use serde::Serialize;
use std::collections::BTreeMap;

/// The vendor's domain: only hosts under it are taken as endpoints.
const DOMAIN: &str = ".aliyuncs.com";

/// The first part of every public region id (`cn-hangzhou`, `ap-southeast-1`, `eu-central-1`,
/// `me-east-1`, `us-west-1`, `na-south-1`, `rus-west-1`, `cn-shanghai-finance-1`).
const REGION_AREAS: &[&str] = &["cn", "ap", "eu", "me", "us", "na", "sa", "rus", "af", "ca"];

/// One product of a set of pages, and where its client sends calls by default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Product {
    /// Product code in lowercase, e.g. `ecs` (the IR's [`Api::product`]).
    pub code: String,
    /// The API version most of its pages state (the latest of the most stated); each action
    /// still sends its own page's version.
    pub version: String,
    /// Central host, e.g. `ecs.aliyuncs.com`: used without a region, or for every region when
    /// the product has no regional host.
    pub host: String,
    /// Regional host template with `{region}`, e.g. `ecs.{region}.aliyuncs.com`, when a page
    /// shows a host with a region id in it.
    pub regional_host: Option<String>,
    /// How many pages (actions) it has.
    pub actions: usize,
}

impl Product {
    /// The products of `apis`, one per product code, sorted by code.
    pub fn group<'a>(apis: impl IntoIterator<Item = &'a Api>) -> Vec<Product> {
        let mut by_code: BTreeMap<&str, Vec<&Api>> = BTreeMap::new();
        for api in apis {
            by_code.entry(&api.product).or_default().push(api);
        }
        by_code
            .into_iter()
            .map(|(code, apis)| Product::of(code, &apis))
            .collect()
    }

    /// The product `code` from the IR of its pages (pages of other products are ignored).
    pub fn of(code: &str, apis: &[&Api]) -> Product {
        let apis: Vec<&Api> = apis.iter().copied().filter(|a| a.product == code).collect();
        let mut central = Vec::new();
        let mut regional = Vec::new();
        for host in apis.iter().filter_map(|a| a.endpoint.as_deref()) {
            match Host::of(host) {
                Some(Host::Central(h)) => central.push(h),
                Some(Host::Regional(template)) => regional.push(template),
                None => {}
            }
        }
        let version = most_common(
            apis.iter()
                .map(|a| a.version.clone())
                .filter(|v| !v.is_empty()),
        )
        .unwrap_or_default();
        Product {
            code: code.to_string(),
            version,
            host: most_common(central.into_iter())
                .unwrap_or_else(|| format!("{}{DOMAIN}", hostname(code))),
            regional_host: most_common(regional.into_iter()),
            actions: apis.len(),
        }
    }
}

/// What one page's host says of its product's endpoint.
#[derive(Debug, PartialEq, Eq)]
enum Host {
    /// A host without a region: `smc.aliyuncs.com`.
    Central(String),
    /// The regional template of a host with a region: `ecs.{region}.aliyuncs.com`.
    Regional(String),
}

impl Host {
    /// Reads a public `aliyuncs.com` host; `None` for any other host.
    fn of(host: &str) -> Option<Host> {
        let host = host.trim().to_ascii_lowercase();
        let name = host.strip_suffix(DOMAIN)?;
        let labels: Vec<&str> = name.split('.').collect();
        if !labels.iter().all(|l| is_label(l)) {
            return None;
        }
        match labels.as_slice() {
            [one] => {
                // `ecs-cn-hangzhou`: a region after the first `-` that starts one.
                let dashed = one
                    .match_indices('-')
                    .map(|(at, _)| (&one[..at], &one[at + 1..]))
                    .find(|(service, region)| !service.is_empty() && is_region(region));
                match dashed {
                    Some((service, _)) => Some(Host::Regional(regional(service))),
                    None if is_private(one) => None,
                    None => Some(Host::Central(host.clone())),
                }
            }
            [service, region] if is_region(region) && !is_private(service) => {
                Some(Host::Regional(regional(service)))
            }
            _ => None,
        }
    }
}

/// `<service>.{region}.aliyuncs.com`.
fn regional(service: &str) -> String {
    format!("{service}.{{region}}{DOMAIN}")
}

/// A DNS label: ASCII letters, digits and inner `-`.
fn is_label(label: &str) -> bool {
    !label.is_empty()
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A public region id: a known area, then one or more parts (`cn-hangzhou`,
/// `ap-southeast-1`); an internal or VPC variant (`cn-shanghai-internal`) is not one.
fn is_region(s: &str) -> bool {
    let mut parts = s.split('-');
    let area = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    REGION_AREAS.contains(&area)
        && !rest.is_empty()
        && rest.iter().all(|p| is_label(p))
        && rest
            .first()
            .is_some_and(|p| p.starts_with(|c: char| c.is_ascii_lowercase()))
        && !is_private(s)
}

/// A host name or region for calls from inside the vendor's network.
fn is_private(s: &str) -> bool {
    s.ends_with("-internal") || s.ends_with("-vpc") || s.ends_with("-intranet")
}

/// The host name of a product code when no page shows one: the code with `_` as `-`.
fn hostname(code: &str) -> String {
    code.replace('_', "-")
}

/// The value seen most often; among equals, the greatest (the latest version, for dates).
fn most_common(values: impl Iterator<Item = String>) -> Option<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|(a, x), (b, y)| x.cmp(y).then_with(|| a.cmp(b)))
        .map(|(v, _)| v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Samples, Style};

    fn api(product: &str, version: &str, endpoint: Option<&str>) -> Api {
        Api {
            product: product.into(),
            version: version.into(),
            language: Default::default(),
            style: Style::Rpc,
            action: "A".into(),
            summary: String::new(),
            description: String::new(),
            endpoint: endpoint.map(Into::into),
            route: None,
            request: Vec::new(),
            response: Vec::new(),
            response_list: false,
            errors: Vec::new(),
            samples: Samples::default(),
        }
    }

    #[test]
    fn hosts_read_as_central_regional_or_nothing() {
        let central = |h: &str| Some(Host::Central(h.into()));
        let regional = |h: &str| Some(Host::Regional(h.into()));
        assert_eq!(Host::of("smc.aliyuncs.com"), central("smc.aliyuncs.com"));
        assert_eq!(Host::of("CDN.aliyuncs.com"), central("cdn.aliyuncs.com"));
        assert_eq!(Host::of("ecs.aliyuncs.com"), central("ecs.aliyuncs.com"));
        assert_eq!(
            Host::of("business.ap-southeast-1.aliyuncs.com"),
            regional("business.{region}.aliyuncs.com")
        );
        assert_eq!(
            Host::of("ecs-cn-hangzhou.aliyuncs.com"),
            regional("ecs.{region}.aliyuncs.com")
        );
        assert_eq!(
            Host::of("elasticsearch.cn-hangzhou.aliyuncs.com"),
            regional("elasticsearch.{region}.aliyuncs.com")
        );
        assert_eq!(
            Host::of("ecs.cn-shanghai-finance-1.aliyuncs.com"),
            regional("ecs.{region}.aliyuncs.com")
        );
        // Names with a dash that is not a region stay central.
        assert_eq!(
            Host::of("alidns-api.aliyuncs.com"),
            central("alidns-api.aliyuncs.com")
        );
        for other in [
            "ecs-cn-hangzhou.example.com",
            "cdn.aliyuncs.co",
            "[endpoint]",
            "1234567.mns.cn-shanghai-internal.aliyuncs.com",
            "ecs.cn-shanghai-internal.aliyuncs.com",
            "ecs-vpc.cn-hangzhou.aliyuncs.com",
            "ecs-internal.aliyuncs.com",
            ".aliyuncs.com",
            "a..aliyuncs.com",
        ] {
            assert_eq!(Host::of(other), None, "{other}");
        }
    }

    #[test]
    fn a_product_is_regional_when_a_page_shows_a_region() {
        let pages = [
            api("ecs", "2014-05-26", Some("ecs.aliyuncs.com")),
            api("ecs", "2014-05-26", Some("ecs.aliyuncs.com")),
            api("ecs", "2014-05-26", Some("ecs-cn-hangzhou.aliyuncs.com")),
            api("ecs", "2014-05-26", Some("ecs-cn-hangzhou.example.com")),
            api("cdn", "2014-11-11", Some("cdn.aliyuncs.com")),
            api("cdn", "2018-05-10", Some("cdn.aliyuncs.com")),
            api("cdn", "2018-05-10", Some("cdn.aliyuncs.co")),
            api("ga", "2019-11-20", None),
        ];
        let products = Product::group(&pages);
        let summary: Vec<(&str, &str, &str, Option<&str>, usize)> = products
            .iter()
            .map(|p| {
                (
                    p.code.as_str(),
                    p.version.as_str(),
                    p.host.as_str(),
                    p.regional_host.as_deref(),
                    p.actions,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("cdn", "2018-05-10", "cdn.aliyuncs.com", None, 3),
                (
                    "ecs",
                    "2014-05-26",
                    "ecs.aliyuncs.com",
                    Some("ecs.{region}.aliyuncs.com"),
                    4
                ),
                ("ga", "2019-11-20", "ga.aliyuncs.com", None, 1),
            ]
        );
    }

    #[test]
    fn versions_tie_to_the_latest_and_codes_become_host_names() {
        let pages = [
            api("my_prod", "2019-01-01", None),
            api("my_prod", "2020-01-01", None),
        ];
        let p = Product::of("my_prod", &pages.iter().collect::<Vec<_>>());
        assert_eq!(p.version, "2020-01-01");
        assert_eq!(p.host, "my-prod.aliyuncs.com");
        assert_eq!(p.regional_host, None);
    }
}
