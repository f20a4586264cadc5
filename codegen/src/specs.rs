//! Facts about a set of pages on disk that the [`Generator`](crate::Generator) needs: where
//! the pages are, which product folder each is in, which API version a folder's pages state,
//! and which actions' Rust names collide.

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

/// For each folder, the API version stated by most of its pages.
pub(crate) fn folder_versions(
    files: &[PathBuf],
    sources: &[io::Result<Vec<u8>>],
) -> BTreeMap<PathBuf, String> {
    let mut counts: BTreeMap<PathBuf, BTreeMap<String, usize>> = BTreeMap::new();
    for (path, source) in files.iter().zip(sources) {
        let (Some(dir), Ok(bytes)) = (path.parent(), source) else {
            continue;
        };
        if let Some(v) = stated_version(&String::from_utf8_lossy(bytes)) {
            *counts
                .entry(dir.to_path_buf())
                .or_default()
                .entry(v)
                .or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter_map(|(dir, versions)| {
            let best = versions.into_iter().max_by_key(|(_, n)| *n)?.0;
            Some((dir, best))
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
