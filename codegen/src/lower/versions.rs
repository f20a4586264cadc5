//! API versions of well-known products, the last resort when a page states none.
//!
//! Older reference pages often carry neither a `version=` in their debugging link nor a
//! `Version=` in their sample request, and a page dropped into a folder of its own has no
//! sibling to borrow one from. Each product's RPC/ROA actions share one current version,
//! which the vendor's SDKs hard-code per product; this table holds those versions for
//! common products (keyed by the lowercase product code of links and endpoints), so such a
//! page still lowers, with a `version-assumed` warning that names the version chosen.

/// `(product code, API version)`, sorted by code for the binary search.
const KNOWN: &[(&str, &str)] = &[
    ("actiontrail", "2020-07-06"),
    ("alb", "2020-06-16"),
    ("alidns", "2015-01-09"),
    ("arms", "2019-08-08"),
    ("bssopenapi", "2017-12-14"),
    ("cbn", "2017-09-12"),
    ("cdn", "2018-05-10"),
    ("cms", "2019-01-01"),
    ("cr", "2018-12-01"),
    ("cs", "2015-12-15"),
    ("dcdn", "2018-01-15"),
    ("dds", "2015-12-01"),
    ("domain", "2018-01-29"),
    ("dts", "2020-01-01"),
    ("dysmsapi", "2017-05-25"),
    ("ecs", "2014-05-26"),
    ("edas", "2017-08-01"),
    ("ehpc", "2018-04-12"),
    ("elasticsearch", "2017-06-13"),
    ("ess", "2014-08-28"),
    ("ga", "2019-11-20"),
    ("hbr", "2017-09-08"),
    ("kms", "2016-01-20"),
    ("live", "2016-11-01"),
    ("mts", "2014-06-18"),
    ("nas", "2017-06-26"),
    ("nlb", "2022-04-30"),
    ("oos", "2019-06-01"),
    ("polardb", "2017-08-01"),
    ("r-kvstore", "2015-01-01"),
    ("ram", "2015-05-01"),
    ("rds", "2014-08-15"),
    ("resourcemanager", "2020-03-31"),
    ("sas", "2018-12-03"),
    ("slb", "2014-05-15"),
    ("smc", "2019-06-01"),
    ("sts", "2015-04-01"),
    ("vod", "2017-03-21"),
    ("vpc", "2016-04-28"),
];

/// The current API version of `product` (a product code, any case), when it is well known.
pub(crate) fn known(product: &str) -> Option<&'static str> {
    let code = product.to_ascii_lowercase();
    KNOWN
        .binary_search_by(|(p, _)| (*p).cmp(code.as_str()))
        .ok()
        .and_then(|i| KNOWN.get(i))
        .map(|&(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_unique_and_dated() {
        assert!(KNOWN.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(KNOWN.iter().all(
            |(_, v)| crate::specs::stated_version(&format!("version={v}")).as_deref() == Some(*v)
        ));
    }

    #[test]
    fn lookup_ignores_case() {
        assert_eq!(known("Rds"), Some("2014-08-15"));
        assert_eq!(known("R-kvstore"), Some("2015-01-01"));
        assert_eq!(known("nosuchproduct"), None);
    }
}
