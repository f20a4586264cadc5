//! XML response bodies: conversion to the JSON shape, decoding into typed responses through the
//! tolerant `de` helpers, and error reporting on bad input.

use serde::Deserialize;
use serde_json::json;
use smc_runtime::de;
use smc_runtime::xml::{from_xml, to_json, MAX_DEPTH};

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(default)]
struct Part {
    #[serde(rename = "Device", deserialize_with = "de::string")]
    device: Option<String>,
    #[serde(rename = "SizeBytes", deserialize_with = "de::i64")]
    size_bytes: Option<i64>,
    #[serde(rename = "Block", deserialize_with = "de::bool")]
    block: Option<bool>,
}

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(default)]
struct Parts {
    #[serde(rename = "Part", deserialize_with = "de::list")]
    part: Option<Vec<Part>>,
}

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(default)]
struct Job {
    #[serde(rename = "JobId", deserialize_with = "de::string")]
    job_id: Option<String>,
    #[serde(rename = "Progress", deserialize_with = "de::f64")]
    progress: Option<f64>,
    #[serde(rename = "ErrorCode", deserialize_with = "de::string")]
    error_code: Option<String>,
    #[serde(rename = "Parts")]
    parts: Option<Parts>,
}

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(default)]
struct Jobs {
    #[serde(rename = "Job", deserialize_with = "de::list")]
    job: Option<Vec<Job>>,
}

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(default)]
struct Resp {
    #[serde(rename = "RequestId", deserialize_with = "de::string")]
    request_id: Option<String>,
    #[serde(rename = "TotalCount", deserialize_with = "de::i32")]
    total_count: Option<i32>,
    #[serde(rename = "Jobs")]
    jobs: Option<Jobs>,
    #[serde(rename = "Names", deserialize_with = "de::list")]
    names: Option<Vec<String>>,
}

const TWO_JOBS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment -->
<DescribeJobsResponse xmlns="http://example.com/ns">
  <RequestId>R-1</RequestId>
  <TotalCount>2</TotalCount>
  <Jobs>
    <Job>
      <JobId>j-1</JobId>
      <Progress>75.5</Progress>
      <ErrorCode></ErrorCode>
      <Parts>
        <Part><Device>0_0</Device><SizeBytes>21466120192</SizeBytes><Block>true</Block></Part>
        <Part><Device>1_0</Device></Part>
      </Parts>
    </Job>
    <Job>
      <JobId>j-2</JobId>
      <Parts><Part><Device>2_0</Device></Part></Parts>
    </Job>
  </Jobs>
  <Names>a</Names>
  <Names>b</Names>
</DescribeJobsResponse>"#;

#[test]
fn shape_drops_root_groups_repeats_and_keeps_leaves_as_text() {
    let v = to_json(TWO_JOBS).unwrap();
    assert_eq!(
        v,
        json!({
            "RequestId": "R-1",
            "TotalCount": "2",
            "Jobs": {"Job": [
                {"JobId": "j-1", "Progress": "75.5", "ErrorCode": "", "Parts": {"Part": [
                    {"Device": "0_0", "SizeBytes": "21466120192", "Block": "true"},
                    {"Device": "1_0"}
                ]}},
                {"JobId": "j-2", "Parts": {"Part": {"Device": "2_0"}}}
            ]},
            "Names": ["a", "b"]
        })
    );
}

#[test]
fn decodes_into_lenient_types_including_lists_of_one() {
    let r: Resp = from_xml(TWO_JOBS).unwrap();
    assert_eq!(r.request_id.as_deref(), Some("R-1"));
    assert_eq!(r.total_count, Some(2));
    assert_eq!(r.names, Some(vec!["a".to_string(), "b".to_string()]));
    let jobs = r.jobs.unwrap().job.unwrap();
    assert_eq!(jobs.len(), 2);
    assert_eq!(jobs[0].progress, Some(75.5));
    assert_eq!(jobs[0].error_code.as_deref(), Some(""));
    let parts = jobs[0].parts.as_ref().unwrap().part.as_ref().unwrap();
    assert_eq!(parts[0].size_bytes, Some(21_466_120_192));
    assert_eq!(parts[0].block, Some(true));
    assert_eq!(parts[1].device.as_deref(), Some("1_0"));
    // A list holding one element arrives as a single object and still decodes as a list.
    let single = jobs[1].parts.as_ref().unwrap().part.as_ref().unwrap();
    assert_eq!(single.len(), 1);
    assert_eq!(single[0].device.as_deref(), Some("2_0"));
}

#[test]
fn wrapper_with_one_item_and_direct_repeat_of_one() {
    let r: Resp =
        from_xml("<R><Jobs><Job><JobId>only</JobId></Job></Jobs><Names>solo</Names></R>").unwrap();
    let jobs = r.jobs.unwrap().job.unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].job_id.as_deref(), Some("only"));
    assert_eq!(r.names, Some(vec!["solo".to_string()]));
}

#[test]
fn entities_cdata_prefixes_and_attributes() {
    let v = to_json(
        "\u{feff}<?xml version=\"1.0\"?><!DOCTYPE r><a:R xmlns:a=\"urn:x\" k=\"v\">\
         <a:Msg>&lt;b&gt; &amp; &quot;q&quot; &#233;&#x41;</a:Msg>\
         <Raw><![CDATA[<not> &amp; markup]]></Raw>\
         <Pad>  spaced  </Pad><Blank>   </Blank><Empty/><?pi data?>\
         <Cd><![CDATA[  ]]></Cd></a:R>",
    )
    .unwrap();
    assert_eq!(
        v,
        json!({
            "Msg": "<b> & \"q\" éA",
            "Raw": "<not> &amp; markup",
            "Pad": "  spaced  ",
            "Blank": "",
            "Empty": "",
            "Cd": "  "
        })
    );
}

#[test]
fn root_forms() {
    assert_eq!(to_json("<R/>").unwrap(), json!({}));
    assert_eq!(to_json("<R>\n  </R>").unwrap(), json!({}));
    assert_eq!(to_json("<R>text</R>").unwrap(), json!("text"));
    let r: Resp = from_xml("<EmptyResponse/>").unwrap();
    assert_eq!(r, Resp::default());
}

#[test]
fn type_mismatch_is_a_decode_error_without_position() {
    let e = from_xml::<Resp>("<R><TotalCount>many</TotalCount></R>").unwrap_err();
    assert_eq!(e.offset(), None);
    assert!(
        e.to_string().starts_with("XML response does not match"),
        "{e}"
    );
    assert!(std::error::Error::source(&e).is_some());
}

#[test]
fn syntax_errors_name_line_and_offset() {
    let e = to_json("<R>\n  <A>1</B>\n</R>").unwrap_err();
    assert_eq!(e.line(), Some(2));
    let s = e.to_string();
    assert!(s.starts_with("invalid XML at line 2"), "{s}");

    let e = to_json("<R>\n<A>x</A>").unwrap_err();
    assert!(e.to_string().contains("ends inside <R>"), "{e}");
    assert_eq!(e.offset(), Some(12));

    let cases = [
        ("", "no root element"),
        ("   <!-- only -->", "no root element"),
        ("<A/><B/>", "second root"),
        ("junk<R/>", "outside the root"),
        ("<R/>junk", "outside the root"),
        ("<R>text<A>1</A></R>", "mixes text"),
        ("<R><A>&bogus;</A></R>", "bad text"),
        ("</R>", ""),
        ("<R><A></R>", ""),
        ("<R attr=\"unterminated></R>", ""),
        ("<R><![CDATA[open</R>", ""),
    ];
    for (doc, needle) in cases {
        let e = to_json(doc).unwrap_err();
        let s = e.to_string();
        assert!(s.starts_with("invalid XML at line"), "{doc:?}: {s}");
        assert!(s.contains(needle), "{doc:?}: {s}");
        assert!(e.offset().is_some_and(|o| o <= doc.len()), "{doc:?}: {s}");
    }
}

#[test]
fn nesting_is_bounded() {
    let ok = format!("{}x{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
    assert!(to_json(&ok).is_ok());
    let deep = format!(
        "{}{}",
        "<a>".repeat(MAX_DEPTH + 1),
        "</a>".repeat(MAX_DEPTH + 1)
    );
    let e = to_json(&deep).unwrap_err();
    assert!(e.to_string().contains("nest deeper"), "{e}");
    // Far deeper than any stack would survive if the parser recursed.
    let hostile = "<a>".repeat(200_000);
    assert!(to_json(&hostile).is_err());
}

#[test]
fn garbage_and_truncations_never_panic() {
    // Every prefix of a real document either converts or reports an in-bounds offset.
    for end in 0..=TWO_JOBS.len() {
        if let Some(prefix) = TWO_JOBS.get(..end) {
            if let Err(e) = to_json(prefix) {
                assert!(e.offset().is_some_and(|o| o <= prefix.len()));
            }
        }
    }
    // Deterministic pseudo-random soup of XML-ish bytes.
    let alphabet: Vec<char> = "<>/!?[]&;#x\"'= aZ\n\u{e9}CDATA-".chars().collect();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..3000 {
        let len = (state % 40) as usize;
        let doc: String = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                alphabet[(state % alphabet.len() as u64) as usize]
            })
            .collect();
        if let Err(e) = to_json(&doc) {
            assert!(e.offset().is_some_and(|o| o <= doc.len()), "{doc:?}");
            assert!(!e.to_string().is_empty());
        }
    }
}

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(default)]
struct Tag {
    #[serde(rename = "Key", deserialize_with = "de::string")]
    key: Option<String>,
}

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(default)]
struct Tags {
    #[serde(rename = "Tag", deserialize_with = "de::list")]
    tag: Option<Vec<Tag>>,
}

/// Shaped like a page that documents bare arrays and a wrapper object.
#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(default)]
struct Bare {
    #[serde(rename = "Groups", deserialize_with = "de::list")]
    groups: Option<Vec<Tag>>,
    #[serde(rename = "Ids", deserialize_with = "de::list")]
    ids: Option<Vec<String>>,
    #[serde(rename = "Tags")]
    tags: Option<Tags>,
    #[serde(rename = "Note", deserialize_with = "de::string")]
    note: Option<String>,
}

#[test]
fn empty_elements_decode_as_empty_lists_objects_and_strings() {
    let b: Bare = from_xml("<R><Groups/><Ids>\n  </Ids><Tags></Tags><Note></Note></R>").unwrap();
    assert_eq!(b.groups, Some(vec![]));
    assert_eq!(b.ids, Some(vec![]));
    assert_eq!(b.tags, Some(Tags::default()));
    assert_eq!(b.note.as_deref(), Some(""));
    // Inside list items too, and for a nested struct of a struct.
    let r: Resp =
        from_xml("<R><Jobs><Job><Parts/></Job><Job><Parts>\n</Parts><JobId/></Job></Jobs></R>")
            .unwrap();
    let jobs = r.jobs.unwrap().job.unwrap();
    assert_eq!(jobs[0].parts, Some(Parts::default()));
    assert_eq!(jobs[1].parts, Some(Parts::default()));
    assert_eq!(jobs[1].job_id.as_deref(), Some(""));
    let r: Resp = from_xml("<R><Jobs/></R>").unwrap();
    assert_eq!(r.jobs, Some(Jobs::default()));
    // Plain JSON keeps its strictness: "" is not a struct there.
    assert!(serde_json::from_str::<Resp>(r#"{"Jobs":""}"#).is_err());
    let b: Bare = from_xml("<R><Tags><Tag><Key>k</Key></Tag></Tags></R>").unwrap();
    let tags = b.tags.unwrap().tag.unwrap();
    assert_eq!(tags[0].key.as_deref(), Some("k"));
}

#[test]
fn wrappers_around_bare_lists_are_looked_through() {
    let b: Bare = from_xml(
        "<R><Groups><Group><Key>a</Key></Group><Group><Key>b</Key></Group></Groups>\
         <Ids><Id>i-1</Id></Ids></R>",
    )
    .unwrap();
    let keys: Vec<_> = b.groups.unwrap().into_iter().map(|t| t.key).collect();
    assert_eq!(keys, [Some("a".to_string()), Some("b".to_string())]);
    assert_eq!(b.ids, Some(vec!["i-1".to_string()]));
    // An anonymous `<element>` level, as some pages show, and a single wrapped object.
    let b: Bare = from_xml(
        "<R><Groups><element><Key>x</Key></element></Groups><Ids><Id>1</Id><Id>2</Id></Ids></R>",
    )
    .unwrap();
    assert_eq!(
        b.groups,
        Some(vec![Tag {
            key: Some("x".into())
        }])
    );
    assert_eq!(b.ids, Some(vec!["1".to_string(), "2".to_string()]));
    // A single item whose only key is a known field is an item, not a wrapper.
    let b: Bare = from_xml("<R><Groups><Key>solo</Key></Groups></R>").unwrap();
    assert_eq!(
        b.groups,
        Some(vec![Tag {
            key: Some("solo".into())
        }])
    );
    // The same leniency serves JSON that wraps what the page documents bare.
    let b: Bare =
        serde_json::from_str(r#"{"Groups":{"Group":[{"Key":"j"}]},"Ids":{"Id":[]}}"#).unwrap();
    assert_eq!(
        b.groups,
        Some(vec![Tag {
            key: Some("j".into())
        }])
    );
    assert_eq!(b.ids, Some(vec![]));
}
