//! Facts about a set of pages on disk that the [`Generator`](crate::Generator) needs: where
//! the pages are, which product folder each is in, which product each page documents and
//! which API version the pages of a product in a folder state, and which actions' Rust names
//! collide.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The markdown pages at `path`: the file itself (whatever its extension), or the `.md` files
/// of the folder and its subfolders, sorted. A path that does not exist is an error naming it.
pub(crate) fn discover(path: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if path.is_dir() {
        walk(path, &mut out)?;
    } else if path.exists() {
        out.push(path.to_path_buf());
    } else {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("{}: no such file or directory", path.display()),
        ));
    }
    out.sort();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<io::Result<_>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    Ok(())
}

/// The product a page belongs to: the name of its folder (`specs/smc/X.md` → `smc`).
pub(crate) fn product_of(path: &Path) -> Option<String> {
    let parent = path.parent()?.file_name()?.to_str()?;
    let product = parent.to_ascii_lowercase();
    let valid = !product.is_empty()
        && product
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    valid.then_some(product)
}

/// The API version a page states in its debugging link (`...&version=2019-06-01`) or its
/// sample request (`&Version=2019-06-01`), found by a cheap scan without parsing the page.
pub(crate) fn stated_version(source: &str) -> Option<String> {
    for key in ["version=", "Version="] {
        let mut rest = source;
        while let Some(at) = rest.find(key) {
            let after = &rest[at + key.len()..];
            let candidate: String = after
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '-')
                .collect();
            if is_date(&candidate) {
                return Some(candidate);
            }
            rest = after;
        }
    }
    None
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// The product a page documents, in lower case, found by a cheap scan: the `product=` of its
/// debugging link (`https://api.aliyun.com/#product=Ecs&api=...`), else the service its
/// sample request calls (`https://ecs.aliyuncs.com/?Action=...`,
/// `ecs-cn-hangzhou.aliyuncs.com`), else its folder (see [`product_of`]).
pub(crate) fn page_product(path: &Path, source: &str) -> Option<String> {
    linked_product(source)
        .or_else(|| sampled_product(source))
        .or_else(|| product_of(path))
}

/// The `product=` of the first `api.aliyun.com` link that has one.
fn linked_product(source: &str) -> Option<String> {
    source.match_indices("api.aliyun.com").find_map(|(at, _)| {
        let url = source.get(at..)?;
        let url = url.split(|c: char| c.is_whitespace() || c == ')').next()?;
        let query = url.split_once(['#', '?'])?.1;
        query
            .split(['&', '?', '#', '/'])
            .find_map(|pair| pair.trim().strip_prefix("product="))
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_ascii_lowercase)
    })
}

/// The service the first sample request calls: the first name of its `aliyuncs.com` host
/// (`ecs` of `ecs.cn-hangzhou.aliyuncs.com`), without a region written into it
/// (`ecs-cn-hangzhou`). Only a URL whose query names an `Action` is a sample request (pages
/// also link to other hosts, such as storage buckets).
fn sampled_product(source: &str) -> Option<String> {
    source.match_indices("://").find_map(|(at, _)| {
        let rest = source.get(at + 3..)?;
        let host_end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))?;
        let host = rest.get(..host_end)?.to_ascii_lowercase();
        let query = rest.get(host_end..)?.trim_start_matches(['/', ' ']);
        let calls = query.trim_start_matches(['?', ' ']).starts_with("Action=");
        if !calls || !host.ends_with(".aliyuncs.com") {
            return None;
        }
        let label = host.split('.').next()?;
        let product = ["-cn-", "-ap-", "-us-", "-eu-", "-me-", "-rus-"]
            .iter()
            .filter_map(|region| label.find(region))
            .min()
            .map_or(label, |cut| label.get(..cut).unwrap_or(label));
        (!product.is_empty()).then(|| product.to_string())
    })
}

/// A folder and a product in it (`None` when a page names none and its folder is no
/// product name).
pub(crate) type FolderProduct = (PathBuf, Option<String>);

/// For each folder and product, the API version stated by most of the folder's pages of
/// that product (see [`page_product`]): a page that states none takes its version from the
/// pages of its own product only, never from another product's pages beside it.
pub(crate) fn folder_versions(
    files: &[PathBuf],
    sources: &[io::Result<Vec<u8>>],
) -> BTreeMap<FolderProduct, String> {
    let mut counts: BTreeMap<FolderProduct, BTreeMap<String, usize>> = BTreeMap::new();
    for (path, source) in files.iter().zip(sources) {
        let (Some(dir), Ok(bytes)) = (path.parent(), source) else {
            continue;
        };
        let text = String::from_utf8_lossy(bytes);
        if let Some(v) = stated_version(&text) {
            let key = (dir.to_path_buf(), page_product(path, &text));
            *counts.entry(key).or_default().entry(v).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter_map(|(key, versions)| {
            let best = versions.into_iter().max_by_key(|(_, n)| *n)?.0;
            Some((key, best))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Api;
    use crate::names::rust_renames;

    #[test]
    fn version_from_debugging_link_and_sample() {
        let link = "[x](https://api.aliyun.com/#product=smc&api=A&type=RPC&version=2019-06-01)";
        assert_eq!(stated_version(link).as_deref(), Some("2019-06-01"));
        let sample = "https://ecs.aliyuncs.com/?Action=A\n&Version=2014-05-26\n";
        assert_eq!(stated_version(sample).as_deref(), Some("2014-05-26"));
        assert_eq!(stated_version("Version=latest version=2x"), None);
    }

    #[test]
    fn a_page_names_its_product_by_link_then_sample_host_then_folder() {
        let path = Path::new("specs/acme/X.md");
        let link = "[Try it](https://api.aliyun.com/#product=Fabrikam&api=X&version=2021-07-07)\n\
                    ```\nhttps://contoso.aliyuncs.com/?Action=X\n```";
        assert_eq!(page_product(path, link).as_deref(), Some("fabrikam"));
        for (sample, product) in [
            ("https://Contoso.aliyuncs.com/?Action=X", "contoso"),
            ("http://ecs-cn-hangzhou.aliyuncs.com/? Action=X", "ecs"),
            (
                "https://es.cn-hangzhou.aliyuncs.com/?Action=X&Version=1",
                "es",
            ),
            ("https://r-kvstore.aliyuncs.com/?Action=X", "r-kvstore"),
        ] {
            assert_eq!(
                page_product(path, sample).as_deref(),
                Some(product),
                "{sample}"
            );
        }
        // A bucket's URL is no sample request; a link without `product=` names none.
        let other = "see https://b.oss-cn-beijing.aliyuncs.com/x.png and \
                     [x](https://api.aliyun.com/#/?api=X)";
        assert_eq!(page_product(path, other).as_deref(), Some("acme"));
        assert_eq!(page_product(Path::new("X.md"), "").as_deref(), None);
    }

    #[test]
    fn folder_versions_are_kept_per_product() {
        let files: Vec<PathBuf> = ["d/A.md", "d/B.md", "d/C.md", "d/D.md"]
            .iter()
            .map(PathBuf::from)
            .collect();
        let page = |product: &str, version: &str| {
            Ok(
                format!("[x](https://api.aliyun.com/#product={product}&api=A&version={version})")
                    .into_bytes(),
            )
        };
        let sources = vec![
            page("Contoso", "2023-03-03"),
            page("Contoso", "2023-03-03"),
            page("Fabrikam", "2021-07-07"),
            Ok(b"https://fabrikam.aliyuncs.com/?Action=D".to_vec()),
        ];
        let versions = folder_versions(&files, &sources);
        let key = |p: &str| (PathBuf::from("d"), Some(p.to_string()));
        assert_eq!(
            versions.get(&key("contoso")).map(String::as_str),
            Some("2023-03-03")
        );
        assert_eq!(
            versions.get(&key("fabrikam")).map(String::as_str),
            Some("2021-07-07")
        );
        assert_eq!(versions.len(), 2);
    }

    #[test]
    fn product_is_the_folder_name() {
        assert_eq!(
            product_of(Path::new("specs/smc/StopReplicationJob.md")).as_deref(),
            Some("smc")
        );
        assert_eq!(product_of(Path::new("X.md")), None);
    }

    fn api(product: &str, action: &str) -> Api {
        Api {
            product: product.into(),
            version: "2014-05-26".into(),
            style: crate::ir::Style::Rpc,
            action: action.into(),
            summary: String::new(),
            description: String::new(),
            endpoint: None,
            route: None,
            language: Default::default(),
            response_list: false,
            request: Vec::new(),
            response: Vec::new(),
            errors: Vec::new(),
            samples: Default::default(),
        }
    }

    #[test]
    fn actions_differing_only_in_case_get_distinct_rust_names() {
        let apis = [
            api("ecs", "DescribeAutoSnapshotPolicyEx"),
            api("ecs", "DescribeAutoSnapshotPolicyEX"),
            api("smc", "DescribeAutoSnapshotPolicyEx"),
            api("ecs", "DescribeRegions"),
        ];
        let refs: Vec<Option<&Api>> = apis.iter().map(Some).chain([None]).collect();
        let renames = rust_renames(&refs);
        // `...EX` sorts before `...Ex`, so it keeps its name and `...Ex` is renamed.
        assert_eq!(
            renames,
            vec![
                Some("DescribeAutoSnapshotPolicyEx2".to_string()),
                None,
                None,
                None,
                None
            ]
        );
    }

    #[test]
    fn missing_path_is_an_error_not_a_panic() {
        let err = discover(Path::new("/definitely/not/here")).unwrap_err();
        assert!(err.to_string().contains("/definitely/not/here"));
    }
}
