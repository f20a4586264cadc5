//! Each dialect quirk, on a small inline page.

use smc_codegen::diag::{Diagnostic, Severity};
use smc_codegen::ir::{Api, Field, Param, ParamStyle, Position, Style, Type};
use smc_codegen::lower::{lower, Lowered, Options};

const LINK: &str =
    "[Debug](https://api.aliyun.com/#product=SMC&api=DoThing&type=RPC&version=2019-06-01)";

/// A page with the given request rows, response rows and extra sections.
fn page(request: &str, response: &str, extra: &str) -> String {
    format!(
        "# DoThing\n\nDoes a thing.\n\n## Debugging\n\n{LINK}\n\n## Request parameters\n\n\
         |Parameter|Type|Required|Example|Description|\n|---|---|---|---|---|\n\
         |Action|String|Yes|DoThing|The action. |\n{request}\n\
         ## Response parameters\n\n|Parameter|Type|Example|Description|\n|---|---|---|---|\n\
         |RequestId|String|R-1|The ID. |\n{response}\n{extra}"
    )
}

fn run(text: &str) -> Lowered {
    lower("t.md", text.as_bytes(), &Options::default())
}

fn api(text: &str) -> Api {
    let out = run(text);
    match out.api {
        Some(api) => api,
        None => panic!("errors: {:#?}", out.diagnostics),
    }
}

/// 1-based line of the first line starting with `prefix`.
fn line_of(text: &str, prefix: &str) -> usize {
    text.lines().position(|l| l.starts_with(prefix)).unwrap() + 1
}

fn kinds(out: &Lowered) -> Vec<&'static str> {
    out.diagnostics.iter().map(|d| d.kind).collect()
}

fn find<'a>(diags: &'a [Diagnostic], kind: &str) -> &'a Diagnostic {
    diags
        .iter()
        .find(|d| d.kind == kind)
        .unwrap_or_else(|| panic!("no {kind} in {diags:#?}"))
}

fn param<'a>(params: &'a [Param], wire: &str) -> &'a Param {
    params.iter().find(|p| p.wire_name == wire).unwrap()
}

fn field<'a>(fields: &'a [Field], wire: &str) -> &'a Field {
    fields
        .iter()
        .find(|f| f.wire_name == wire)
        .unwrap_or_else(|| panic!("no {wire} in {fields:#?}"))
}

fn names<T>(items: &[T], f: impl Fn(&T) -> &str) -> Vec<String> {
    items.iter().map(|i| f(i).to_string()).collect()
}

#[test]
fn multi_line_cells_keep_paragraphs_bullets_and_lines() {
    let text = page(
        "|Status|String|No|Ready|The status. Valid values:\n\n-   Ready\n-   Running |\n|Name|String|No|n|The name. |",
        "",
        "",
    );
    let a = api(&text);
    let status = param(&a.request, "Status");
    assert_eq!(
        status.description,
        "The status. Valid values:\n\n- Ready\n- Running"
    );
    assert_eq!(status.line, 14);
    assert_eq!(param(&a.request, "Name").line, 18);
}

#[test]
fn header_variants_nbsp_and_alignment_rows() {
    let text = "# DoThing\n\nDoes a thing.\n\n## Debugging\n\n".to_string()
        + LINK
        + "\n\n## Request parameters {#p .section}  \n\n|Name\u{a0}|Type |Required?|Example value|Position|Description|\n\
           |:---|:---|:---|:---|:---|:---|\n|Size|Int|yes.|3|Body|The size.|\n|Flag|Bool|false| |Query|A flag.|\n\
           \n## Response parameters\n\n|Name|Type|Description|\n|:--|:--|:--|\n|RequestId|String|The ID.|\n";
    let a = api(&text);
    let size = param(&a.request, "Size");
    assert_eq!(size.ty, Type::Integer);
    assert!(size.required);
    assert_eq!(size.example.as_deref(), Some("3"));
    assert_eq!(size.position, smc_codegen::ir::Position::Body);
    let flag = param(&a.request, "Flag");
    assert_eq!(flag.ty, Type::Boolean);
    assert!(!flag.required);
    assert_eq!(flag.example, None);
}

#[test]
fn flattened_request_names_are_grouped() {
    let text = page(
        "|SourceId.N|RepeatList|No|s-1|Sources. |\n\
         |Tag.N.Key|String|No|k|Tag key. |\n|Tag.N.Value|String|No|v|Tag value. |\n\
         |SystemDisk.Category|String|No|cloud|Category. |\n\
         |DataDisk.N.Part.N.Device|String|No|0_1|Device. |\n\
         |Filter.1.Key|String|No|a|Key. |\n|Filter.2.Key|String|No|b|Key. |\n\
         |Extra|Json|No|{}|Extra. |",
        "",
        "",
    );
    let a = api(&text);
    let src = param(&a.request, "SourceId");
    assert_eq!(src.style, ParamStyle::RepeatList);
    assert_eq!(
        src.ty,
        Type::List {
            item: Box::new(Type::String)
        }
    );
    assert_eq!(src.doc_name, "SourceId.N");

    let tag = param(&a.request, "Tag");
    assert_eq!(tag.style, ParamStyle::RepeatList);
    match &tag.ty {
        Type::List { item } => {
            assert!(matches!(&**item, Type::Struct { name, .. } if name == "Tag"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(names(&tag.children, |c| &c.wire_name), ["Key", "Value"]);
    assert_eq!(tag.children[0].doc_name, "Tag.N.Key");

    let disk = param(&a.request, "SystemDisk");
    assert_eq!(disk.style, ParamStyle::Dotted);
    assert!(matches!(&disk.ty, Type::Struct { name, .. } if name == "SystemDisk"));
    assert_eq!(disk.children[0].wire_name, "Category");

    let data = param(&a.request, "DataDisk");
    let part = param(&data.children, "Part");
    assert_eq!(part.style, ParamStyle::RepeatList);
    assert_eq!(part.children[0].doc_name, "DataDisk.N.Part.N.Device");

    let filter = param(&a.request, "Filter");
    assert_eq!(filter.children.len(), 1);
    assert_eq!(param(&a.request, "Extra").style, ParamStyle::Json);
}

#[test]
fn parent_rows_and_child_marks_in_requests() {
    let text = page(
        "|Tag.N|Array of Tag|No| |Tags. |\n|Tag.N.Key|String|No|k|Key. |\n\
         |Disk|Struct|No| |A disk. |\n|└Size|Integer|No|1|Size. |",
        "",
        "",
    );
    let a = api(&text);
    let tag = param(&a.request, "Tag");
    assert_eq!(tag.description, "Tags.");
    assert_eq!(tag.children.len(), 1);
    let disk = param(&a.request, "Disk");
    assert_eq!(disk.style, ParamStyle::Dotted);
    assert_eq!(disk.children[0].wire_name, "Size");
    assert_eq!(disk.children[0].ty, Type::Integer);
}

const NESTED_TABLE: &str = "|Count|Integer|1|Total. |\n|Jobs|Array of Job| |Jobs. |\n|Job| | | |\n\
|Disks|Array of Disk| |Disks. |\n|Disk| | | |\n|Device|String|0_1|Device. |\n|Size|Integer|40|Size. |\n\
|SizeBytes|Long|5|Bytes. |\n|Name|String|n|Name. |";

fn json_block(json: &str) -> String {
    format!("## Examples\n\nSample success responses\n\n`JSON` format\n\n```\n{json}\n```\n")
}

#[test]
fn bare_rows_nest_by_json_sample() {
    let json = r#"{"RequestId":"R","Count":1,"Jobs":{"Job":[{"Name":"n","Disks":{"Disk":[{"Device":"0","SizeBytes":5,"Size":40}]}}]}}"#;
    let out = run(&page("", NESTED_TABLE, &json_block(json)));
    assert_eq!(kinds(&out), ["no-endpoint"]);
    check_nested(&out.api.unwrap());
}

#[test]
fn bare_rows_nest_by_alphabetical_order_without_sample() {
    let a = api(&page("", NESTED_TABLE, ""));
    check_nested(&a);
}

fn check_nested(a: &Api) {
    assert_eq!(
        names(&a.response, |f| &f.wire_name),
        ["RequestId", "Count", "Jobs"]
    );
    let jobs = field(&a.response, "Jobs");
    assert!(matches!(&jobs.ty, Type::Struct { .. }), "{:?}", jobs.ty);
    let job = field(&jobs.children, "Job");
    assert!(
        matches!(&job.ty, Type::List { item } if matches!(&**item, Type::Struct { name, .. } if name == "Job"))
    );
    assert_eq!(names(&job.children, |f| &f.wire_name), ["Disks", "Name"]);
    let disk = field(&field(&job.children, "Disks").children, "Disk");
    assert_eq!(
        names(&disk.children, |f| &f.wire_name),
        ["Device", "Size", "SizeBytes"]
    );
}

#[test]
fn a_scalar_row_after_a_wrapped_list_documents_its_items() {
    // `VSwitchIds|List` then `VSwitchId|String`: the second row is the list's item, which the
    // sample wraps (`"VSwitchIds":{"VSwitchId":[...]}`), not a field of its own beside it.
    let response = "|Vpcs|Array of Vpc| |VPCs. |\n|Vpc| | | |\n|Status|String|ok|State. |\n\
                    |VSwitchIds|List| |Switches. |\n|VSwitchId|String|vsw-1|A switch. |\n\
                    |VpcId|String|vpc-1|ID. |";
    let json = r#"{"RequestId":"R","Vpcs":{"Vpc":[{"Status":"ok","VSwitchIds":{"VSwitchId":["vsw-1","vsw-2"]},"VpcId":"vpc-1"}]}}"#;
    let out = run(&page("", response, &json_block(json)));
    assert_eq!(kinds(&out), ["no-endpoint"]);
    let a = out.api.unwrap();
    let vpc = field(&field(&a.response, "Vpcs").children, "Vpc");
    assert_eq!(
        names(&vpc.children, |f| &f.wire_name),
        ["Status", "VSwitchIds", "VpcId"]
    );
    let ids = field(&vpc.children, "VSwitchIds");
    let id = field(&ids.children, "VSwitchId");
    assert_eq!(
        id.ty,
        Type::List {
            item: Box::new(Type::String)
        }
    );
    assert_eq!(id.description, "A switch.");
    // Documented as Integer, the items are checked against the sample like any scalar.
    let response = "|Ports|List| |Ports. |\n|Port|Integer|80|A port. |";
    let json = r#"{"RequestId":"R","Ports":{"Port":[3000000000,80]}}"#;
    let out = run(&page("", response, &json_block(json)));
    assert_eq!(kinds(&out), ["no-endpoint", "type-mismatch"]);
    let a = out.api.unwrap();
    let port = field(&field(&a.response, "Ports").children, "Port");
    assert_eq!(
        port.ty,
        Type::List {
            item: Box::new(Type::Long)
        }
    );
    // From an XML sample alone, one item is still a list of the documented item type.
    let response = "|Ports|List| |Ports. |\n|Port|Integer|80|A port. |";
    let xml =
        "<DoThingResponse><RequestId>R</RequestId><Ports><Port>80</Port></Ports></DoThingResponse>";
    let out = run(&page("", response, &xml_block(xml, None)));
    assert_eq!(kinds(&out), ["no-endpoint", "missing-json-sample"]);
    let a = out.api.unwrap();
    let ports = field(&a.response, "Ports");
    assert!(matches!(ports.ty, Type::Struct { .. }), "{:?}", ports.ty);
    assert_eq!(
        field(&ports.children, "Port").ty,
        Type::List {
            item: Box::new(Type::Integer)
        }
    );
}

#[test]
fn a_documented_map_stays_json_whatever_its_sample_holds() {
    let response = "|Labels|Map| |Labels by key. |\n|Total|Integer|1|Total. |";
    let json = r#"{"RequestId":"R","Labels":{"env":"prod","tier":1},"Total":1}"#;
    let out = run(&page("", response, &json_block(json)));
    assert_eq!(kinds(&out), ["no-endpoint"]);
    let a = out.api.unwrap();
    let labels = field(&a.response, "Labels");
    assert_eq!(labels.ty, Type::Json);
    assert!(labels.children.is_empty());
}

#[test]
fn child_marks_in_responses_and_undocumented_keys() {
    let response = "|Results| | |Results. |\n|└Code|String|200|Code. |\n|└Message|String|ok|Message. |\n|Total|Integer|1|Total. |";
    let json = r#"{"RequestId":"R","Total":1,"Results":{"Result":[{"Code":"200","Message":"ok","Extra":true}]}}"#;
    let text = page("", response, &json_block(json));
    let out = run(&text);
    let undocumented = find(&out.diagnostics, "json-key-undocumented");
    assert!(undocumented.message.contains("Extra"));
    assert_eq!(undocumented.line, line_of(&text, "{\"RequestId\""));
    let a = out.api.unwrap();
    let results = field(&a.response, "Results");
    let result = field(&results.children, "Result");
    assert_eq!(
        names(&result.children, |f| &f.wire_name),
        ["Code", "Message", "Extra"]
    );
    assert_eq!(field(&result.children, "Extra").ty, Type::Boolean);
    assert_eq!(
        names(&a.response, |f| &f.wire_name),
        ["RequestId", "Results", "Total"]
    );
}

#[test]
fn invalid_json_sample_falls_back_to_the_table() {
    let out = run(&page(
        "",
        "|Count|Integer|1|Count. |",
        &json_block("{\"RequestId\": \"R\" \"Count\": }"),
    ));
    let d = find(&out.diagnostics, "invalid-json-sample");
    assert_eq!(d.severity, Severity::Warning);
    let a = out.api.unwrap();
    assert_eq!(names(&a.response, |f| &f.wire_name), ["RequestId", "Count"]);
}

#[test]
fn a_json_sample_cut_after_its_http_status_line_stays_on_the_page() {
    // Found by the fuzzer: a page ending inside its sample, `HTTP/1.1 200 OK` and nothing
    // after, once reported the missing JSON one line past the end of the page.
    let text = page(
        "",
        "|Count|Integer|1|Count. |",
        "## Examples\n\n`JSON` format\n\n```\nHTTP/1.1 200 OK",
    );
    let out = run(&text);
    let d = find(&out.diagnostics, "invalid-json-sample");
    assert!(d.message.contains("holds no JSON"), "{}", d.message);
    assert_eq!(d.line, text.lines().count());
    let a = out.api.unwrap();
    assert_eq!(names(&a.response, |f| &f.wire_name), ["RequestId", "Count"]);
}

#[test]
fn a_json_body_that_is_a_list_of_objects_makes_a_list_response() {
    let json = r#"[{"RequestId":"R","Count":1},{"Count":2,"Extra":"x"}]"#;
    let out = run(&page("", "|Count|Integer|1|Count. |", &json_block(json)));
    assert!(
        kinds(&out).contains(&"json-key-undocumented"),
        "{:?}",
        kinds(&out)
    );
    let a = out.api.unwrap();
    assert!(a.response_list);
    assert_eq!(
        names(&a.response, |f| &f.wire_name),
        ["RequestId", "Count", "Extra"]
    );
    // A list of scalars is still no response body the table can be reconciled with.
    let out = run(&page(
        "",
        "|Count|Integer|1|Count. |",
        &json_block("[1, 2]"),
    ));
    assert!(find(&out.diagnostics, "invalid-json-sample")
        .message
        .contains("list of objects"));
    assert!(!out.api.unwrap().response_list);
}

#[test]
fn table_fields_missing_from_sample_are_reported() {
    let text = page(
        "",
        "|Count|Integer|1|Count. |",
        &json_block(r#"{"RequestId":"R"}"#),
    );
    let out = run(&text);
    assert_eq!(
        find(&out.diagnostics, "field-not-in-sample").line,
        line_of(&text, "|Count|")
    );
}

#[test]
fn missing_request_section_is_an_error_with_a_line() {
    let out = run("# DoThing\n\nDoes a thing.\n\n## Response parameters\n\n|Name|Type|Description|\n|-|-|-|\n|RequestId|String|ID|\n");
    assert!(out.api.is_none());
    let d = find(&out.diagnostics, "missing-section");
    assert_eq!((d.severity, d.line), (Severity::Error, 1));
}

#[test]
fn a_request_section_without_a_table_means_only_common_parameters() {
    let text = page("", "", "").replace(
        "|Parameter|Type|Required|Example|Description|\n|---|---|---|---|---|\n\
         |Action|String|Yes|DoThing|The action. |\n",
        "This operation uses only common request parameters.\n",
    );
    let out = run(&text);
    let d = find(&out.diagnostics, "no-request-table");
    assert_eq!(
        (d.severity, d.line),
        (Severity::Warning, line_of(&text, "## Request parameters"))
    );
    assert!(out.api.unwrap().request.is_empty());
    // A table the reader cannot match (no name column, and no type column that would make
    // the first column the names) is still an error.
    let text = page("", "", "").replace("|Parameter|Type|", "|Foo|Kind|");
    let out = run(&text);
    assert!(out.api.is_none());
    assert!(kinds(&out).contains(&"missing-table"));
}

#[test]
fn a_title_in_words_takes_the_action_the_page_calls() {
    let text = page("", "", "").replace("# DoThing\n", "# Call DoThing to do a thing\n");
    let out = run(&text);
    let d = find(&out.diagnostics, "title-not-action");
    assert_eq!((d.severity, d.line), (Severity::Warning, 1));
    assert_eq!(out.api.unwrap().action, "DoThing");
    // Words that name no action the page calls stay an error.
    let text = page("", "", "").replace("# DoThing\n", "# Do a thing\n");
    let out = run(&text);
    assert!(out.api.is_none());
    assert_eq!(
        find(&out.diagnostics, "invalid-action").severity,
        Severity::Error
    );
}

#[test]
fn missing_title_and_version_are_errors() {
    let out = run("Just text.\n");
    assert!(out.api.is_none());
    assert_eq!(
        find(&out.diagnostics, "missing-title").severity,
        Severity::Error
    );

    let text = page("", "", "").replace(LINK, "no link");
    let out = run(&text);
    assert!(out.api.is_none());
    assert!(kinds(&out).contains(&"no-version"));
    let with_fallback = lower(
        "t.md",
        text.as_bytes(),
        &Options {
            product: Some("smc".into()),
            fallback_version: Some("2019-06-01".into()),
        },
    );
    let a = with_fallback.api.clone().unwrap();
    assert_eq!(
        (a.product.as_str(), a.version.as_str()),
        ("smc", "2019-06-01")
    );
    assert_eq!(a.endpoint.as_deref(), Some("smc.aliyuncs.com"));
    assert!(kinds(&with_fallback).contains(&"no-endpoint"));
    // No version anywhere, but a well-known product: its current version, with a warning.
    let known_product = |product: &str| {
        lower(
            "t.md",
            text.as_bytes(),
            &Options {
                product: Some(product.into()),
                fallback_version: None,
            },
        )
    };
    let rds = known_product("rds");
    assert_eq!(rds.api.unwrap().version, "2014-08-15");
    let d = find(&rds.diagnostics, "version-assumed");
    assert_eq!((d.severity, d.line), (Severity::Warning, 1));
    assert!(d.message.contains("2014-08-15"), "{}", d.message);
    let unknown = known_product("nosuchproduct");
    assert!(unknown.api.is_none());
    assert!(kinds(&unknown).contains(&"no-version"));
}

#[test]
fn a_request_line_marks_a_roa_action_and_gives_its_route_and_host() {
    let text = "# DescribeClusterNodes\n\nLists nodes.\n\n## Debugging\n\n\
        [Debug](https://api.aliyun.com/#product=CS&api=DescribeClusterNodes&version=2015-12-15)\n\n\
        ## Request syntax\n\n```\nGET /clusters/[ClusterId]/nodes HTTP/1.1\n```\n\n\
        ## Request parameters\n\n|Parameter|Type|Position|Required|Example|Description|\n|-|-|-|-|-|-|\n\
        |ClusterId|String|Path|Yes|c-1|The cluster. |\n|pageSize|String|Query|No|10|Page size. |\n\n\
        ## Response parameters\n\n|Parameter|Type|Example|Description|\n|-|-|-|-|\n|total|Integer|3|Total. |\n\n\
        ## Examples\n\nSample requests\n\n```\nGET /clusters/c-1/nodes?pageSize=10 HTTP/1.1\nHost:cs.aliyuncs.com\n```\n";
    let out = run(text);
    assert_eq!(kinds(&out), Vec::<&str>::new());
    let a = out.api.unwrap();
    assert_eq!(a.style, Style::Roa);
    let route = a.route.unwrap();
    assert_eq!(
        (route.method.as_str(), route.path.as_str()),
        ("GET", "/clusters/[ClusterId]/nodes")
    );
    assert_eq!(a.endpoint.as_deref(), Some("cs.aliyuncs.com"));
    assert_eq!(param(&a.request, "ClusterId").position, Position::Path);
    // An RPC page has no route.
    let rpc = api(&page("", "", ""));
    assert_eq!((rpc.style, rpc.route), (Style::Rpc, None));
}

#[test]
fn a_roa_json_body_sample_nests_the_rows_of_its_containers() {
    // `tags|Array of tag` then `key`, `value`: plain rows whose container only the body sample
    // shows; `addons` holds a `name` that must not collide with the top-level `name`.
    let text = "# CreateCluster\n\nCreates a cluster.\n\n## Debugging\n\n\
        [Debug](https://api.aliyun.com/#product=CS&api=CreateCluster&type=ROA&version=2015-12-15)\n\n\
        ## Request parameters\n\n|Parameter|Type|Position|Required|Example|Description|\n|-|-|-|-|-|-|\n\
        |name|String|Body|Yes|c|Name. |\n|tags|Array of tag|Body|No| |Labels. |\n\
        |key|String|Body|No|env|Key. |\n|value|String|Body|No|prod|Value. |\n\
        |addons|Array of addon|Body|No| |Add-ons. |\n|name|String|Body|No|flannel|Add-on name. |\n\
        |region\\_id|String|Body|Yes|cn-beijing|Region. |\n\n\
        ## Response parameters\n\n|Parameter|Type|Example|Description|\n|-|-|-|-|\n|task\\_id|String|T-1|Task. |\n\n\
        ## Examples\n\nSample requests\n\n```\nPOST /clusters HTTP/1.1\nHost:cs.aliyuncs.com\n\n\
        {\"name\": \"c\", \"tags\": [{\"key\": \"env\", \"value\": \"prod\"}], \"addons\": [{\"name\": \"flannel\"}], \"region_id\": \"cn-beijing\"}\n```\n";
    let out = run(text);
    assert_eq!(kinds(&out), Vec::<&str>::new());
    let a = out.api.unwrap();
    assert_eq!(
        names(&a.request, |p| &p.wire_name),
        ["name", "tags", "addons", "region_id"]
    );
    let tags = param(&a.request, "tags");
    assert!(
        matches!(&tags.ty, Type::List { item } if matches!(**item, Type::Struct { .. })),
        "{:?}",
        tags.ty
    );
    assert_eq!(names(&tags.children, |p| &p.wire_name), ["key", "value"]);
    let addons = param(&a.request, "addons");
    assert_eq!(names(&addons.children, |p| &p.wire_name), ["name"]);
    assert_eq!(param(&addons.children, "name").description, "Add-on name.");
    assert_eq!(param(&a.request, "name").description, "Name.");
}

#[test]
fn invalid_utf8_is_an_error_not_a_panic() {
    let mut bytes = b"# DoThing\n\nok\n".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe, b'\n']);
    let out = lower("t.md", &bytes, &Options::default());
    assert!(out.api.is_none());
    let d = find(&out.diagnostics, "invalid-utf8");
    assert_eq!((d.severity, d.line), (Severity::Error, 4));
}

#[test]
fn truncated_table_and_unbalanced_fence_do_not_panic() {
    let text = page("|JobId|String|Yes|j-1|The ID", "", "");
    let cut = text.find("## Response").unwrap();
    let out = run(&text[..cut]);
    assert!(kinds(&out).contains(&"unterminated-row"));
    let out = run(&format!(
        "{}\n```\n{{\"RequestId\": \"x\"",
        page("", "", "## Examples\n")
    ));
    assert!(out.api.is_some(), "{:#?}", out.diagnostics);
}

#[test]
fn escapes_links_and_pipes_in_cells() {
    let text = page(
        "|Mode|String|No|a\\|b|Use \\*one\\* of [DescribeRegions](~~25609~~) or [docs](https://x.y/z) \\(see\\). |",
        "",
        "",
    );
    let a = api(&text);
    let mode = param(&a.request, "Mode");
    assert_eq!(mode.example.as_deref(), Some("a|b"));
    assert_eq!(
        mode.description,
        "Use *one* of DescribeRegions or docs (see)."
    );
}

#[test]
fn huge_cells_are_read() {
    let big = "word ".repeat(200_000);
    let a = api(&page(&format!("|Big|String|No|x|{big}|"), "", ""));
    assert_eq!(param(&a.request, "Big").description.len(), 200_000 * 5 - 1);
}

#[test]
fn unknown_types_duplicates_and_sample_checks() {
    let text = page(
        "|Odd|Blob|No|x|Odd. |\n|Odd|String|No|x|Again. |",
        "|Count|Integer|1|Count. |",
        "## Examples\n\nSample requests\n\n```\nhttps://smc.aliyuncs.com/?Action=DoOther\n&Odd=1\n&Ghost=2\n&<Common request parameters>\n```\n",
    );
    let out = run(&text);
    let k = kinds(&out);
    for kind in [
        "unknown-type",
        "duplicate-param",
        "action-mismatch",
        "sample-param-undocumented",
    ] {
        assert!(k.contains(&kind), "{kind} missing from {k:?}");
    }
    let d = find(&out.diagnostics, "sample-param-undocumented");
    assert!(d.message.contains("Ghost"));
    assert_eq!(d.line, line_of(&text, "&Ghost"));
    let a = out.api.unwrap();
    assert_eq!(param(&a.request, "Odd").ty, Type::Json);
}

#[test]
fn error_tables_in_any_column_order_dedupe_and_avoid_collisions() {
    let errors = "## Error codes\n\n|Error code|Error message|HTTP status code|Description|\n|-|-|-|-|\n\
                  |Invalid.Id|Bad id.|400|d|\n|Invalid.Id|Other.|404|d|\n|InvalidId|Bad.|400|d|\n|Unhandled|x|500|d|\n\
                  |Invalid.Id|Bad id.|400|again|\n";
    let text = page("", "", errors);
    let out = run(&text);
    // Only the exact repeat (last row) is a fault of the page; the 404 row is another situation.
    let dups: Vec<_> = out
        .diagnostics
        .iter()
        .filter(|d| d.kind == "duplicate-error-code")
        .collect();
    assert_eq!(dups.len(), 1, "{dups:?}");
    assert_eq!(
        dups[0].line,
        line_of(&text, "|Invalid.Id|Bad id.|400|again|")
    );
    let a = out.api.unwrap();
    let v: Vec<(&str, &str, Option<u16>)> = a
        .errors
        .iter()
        .map(|e| (e.code.as_str(), e.variant.as_str(), e.http_status))
        .collect();
    assert_eq!(
        v,
        [
            ("Invalid.Id", "InvalidId", Some(400)),
            ("Invalid.Id", "InvalidId", Some(404)),
            ("InvalidId", "InvalidId2", Some(400)),
            ("Unhandled", "Unhandled2", Some(500)),
        ]
    );
}

#[test]
fn struct_names_are_unique_across_request_and_response() {
    let json = r#"{"RequestId":"R","Tags":{"Tag":[{"Key":"k"}]}}"#;
    let a = api(&page(
        "|Tag.N.Key|String|No|k|Key. |",
        "|Tags|Array of Tag| |Tags. |\n|Tag| | | |\n|Key|String|k|Key. |",
        &json_block(json),
    ));
    let req = match &param(&a.request, "Tag").ty {
        Type::List { item } => format!("{item:?}"),
        other => panic!("{other:?}"),
    };
    assert!(req.contains("name: \"Tag\""), "{req}");
    let tag = field(&field(&a.response, "Tags").children, "Tag");
    assert!(
        format!("{:?}", tag.ty).contains("name: \"Tag2\""),
        "{:?}",
        tag.ty
    );
}

#[test]
fn colliding_rust_names_are_suffixed_at_every_level() {
    let a = api(&page(
        "|JobId|String|No|j|Id. |\n|jobId|String|No|j|Id. |\n\
         |DoThingRequestBuilder.Key|String|No|k|Key. |",
        "",
        "",
    ));
    assert_eq!(
        names(&a.request, |p| &p.rust_name),
        ["job_id", "job_id_2", "do_thing_request_builder"]
    );
    // The action's own items keep their names: a struct may not take one.
    match &param(&a.request, "DoThingRequestBuilder").ty {
        Type::Struct { name, .. } => assert_eq!(name, "DoThingRequestBuilder2"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_number_the_sample_writes_as_plain_text_becomes_a_string() {
    let text = page(
        "",
        "|RuleId|Long| |The rule. |\n|Price|Float|1.5|The price. |",
        "## Examples\n\n`JSON` format\n\n```\n{\"RequestId\":\"R-1\",\"RuleId\":\"ONE_YEAR_85_PERCENT\",\"Price\":\"61.320\"}\n```\n",
    );
    let out = run(&text);
    let api = out.api.as_ref().unwrap();
    assert_eq!(field(&api.response, "RuleId").ty, Type::String);
    // Numeric text still decodes into the documented number type.
    assert_eq!(field(&api.response, "Price").ty, Type::Float);
    let d = find(&out.diagnostics, "type-mismatch");
    assert_eq!(d.line, line_of(&text, "|RuleId|"));
    assert!(d.message.contains("ONE_YEAR_85_PERCENT"), "{}", d.message);
    // A row whose own example is a number outweighs the sample's text.
    let text = text.replace("|RuleId|Long| |", "|RuleId|Long|587|");
    let out = run(&text);
    assert_eq!(
        field(&out.api.as_ref().unwrap().response, "RuleId").ty,
        Type::Long
    );
    let d = find(&out.diagnostics, "type-mismatch");
    assert!(d.message.contains("following the table"), "{}", d.message);
}

#[test]
fn sample_keys_with_surrounding_spaces_are_read_trimmed() {
    let text = page(
        "",
        "|InstanceId|String|i-1|The instance. |",
        "## Examples\n\n`JSON` format\n\n```\n{\"RequestId\":\"R-1\",\" InstanceId \":\"i-1\"}\n```\n",
    );
    let out = run(&text);
    let api = out.api.as_ref().unwrap();
    assert_eq!(
        names(&api.response, |f| f.wire_name.as_str()),
        ["RequestId", "InstanceId"]
    );
    let d = find(&out.diagnostics, "json-key-whitespace");
    assert!(d.message.contains("\" InstanceId \""), "{}", d.message);
    assert!(!kinds(&out).contains(&"json-key-undocumented"));
}

/// An examples section with an XML success sample and, when given, a JSON one after it.
fn xml_block(xml: &str, json: Option<&str>) -> String {
    let mut out =
        format!("## Examples\n\nSample success responses\n\n`XML` format\n\n```\n{xml}\n```\n");
    if let Some(json) = json {
        out += &format!("\n`JSON` format\n\n```\n{json}\n```\n");
    }
    out
}

const KEY_PAIRS_TABLE: &str = "|KeyPairs| | |Key pairs. |\n|└KeyPairName|String|kp|Name. |\n\
|└Tags| | |Tags. |\n|└TagKey|String|k|Key. |\n|TotalCount|Integer|1|Total. |";

/// A nested list (`KeyPairs` > one `KeyPair` > `Tags` > two `Tag`) with an undocumented
/// element and a number too large for the documented `Integer`.
const KEY_PAIRS_XML: [&str; 15] = [
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
    "<DoThingResponse>",
    "  <TotalCount>3000000000</TotalCount>",
    "  <KeyPairs>",
    "    <KeyPair>",
    "      <KeyPairName>kp</KeyPairName>",
    "      <CreationTime>2020-01-01T00:00:00Z</CreationTime>",
    "      <Tags>",
    "        <Tag><TagKey>k1</TagKey></Tag>",
    "        <Tag><TagKey>k2</TagKey></Tag>",
    "      </Tags>",
    "    </KeyPair>",
    "  </KeyPairs>",
    "  <RequestId>R-1</RequestId>",
    "</DoThingResponse>",
];

#[test]
fn invalid_json_sample_falls_back_to_the_xml_sample() {
    // The JSON sample's `KeyPair` opens with `{` and closes with `]`: invalid, and no repair.
    let json = "{\n  \"TotalCount\": 1,\n  \"KeyPairs\": {\"KeyPair\": {\n    {\"KeyPairName\": \"kp\"}\n  ]}\n}";
    let xml = KEY_PAIRS_XML.join("\n");
    let text = page("", KEY_PAIRS_TABLE, &xml_block(&xml, Some(json)));
    let out = run(&text);
    let d = find(&out.diagnostics, "invalid-json-sample");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.line, line_of(&text, "    {\"KeyPairName\""));
    assert!(
        d.message.ends_with("the XML sample is used instead"),
        "{}",
        d.message
    );
    // Undocumented XML elements are learnt and reported at their line in the XML sample.
    let undocumented = find(&out.diagnostics, "json-key-undocumented");
    assert!(undocumented
        .message
        .contains("XML sample key `CreationTime`"));
    assert_eq!(undocumented.line, line_of(&text, "      <CreationTime>"));
    // Numeric text is checked as a number: 3000000000 does not fit the documented Integer.
    assert_eq!(
        find(&out.diagnostics, "type-mismatch").line,
        line_of(&text, "|TotalCount|")
    );
    assert!(!kinds(&out).contains(&"invalid-xml-sample"));

    let a = out.api.unwrap();
    assert_eq!(
        names(&a.response, |f| &f.wire_name),
        ["RequestId", "KeyPairs", "TotalCount"]
    );
    assert_eq!(field(&a.response, "TotalCount").ty, Type::Long);
    let key_pairs = field(&a.response, "KeyPairs");
    assert!(matches!(&key_pairs.ty, Type::Struct { name, .. } if name == "KeyPairs"));
    // One `<KeyPair>` in its wrapper is still a list: the element the table omits.
    let key_pair = field(&key_pairs.children, "KeyPair");
    assert!(
        matches!(&key_pair.ty, Type::List { item } if matches!(&**item, Type::Struct { name, .. } if name == "KeyPair")),
        "{:?}",
        key_pair.ty
    );
    assert_eq!(key_pair.line, line_of(&text, "    <KeyPair>"));
    assert_eq!(
        names(&key_pair.children, |f| &f.wire_name),
        ["KeyPairName", "Tags", "CreationTime"]
    );
    assert_eq!(field(&key_pair.children, "CreationTime").ty, Type::String);
    let tags = field(&key_pair.children, "Tags");
    assert!(matches!(&tags.ty, Type::Struct { .. }), "{:?}", tags.ty);
    let tag = field(&tags.children, "Tag");
    assert!(
        matches!(&tag.ty, Type::List { item } if matches!(&**item, Type::Struct { name, .. } if name == "Tag")),
        "{:?}",
        tag.ty
    );
    assert_eq!(names(&tag.children, |f| &f.wire_name), ["TagKey"]);
}

#[test]
fn an_xml_sample_alone_is_read_and_a_lone_value_of_a_list_stays_a_list() {
    let response = "|Disks|Array| |Disks. |\n|Disk| | | |\n|Device|String|d|Device. |\n\
                    |IpAddresses|Array of String| |Addresses. |\n|Jobs|Array of Job| |Jobs. |\n\
                    |JobId|String|j-1|ID. |\n|Name|String|n|Name. |";
    let xml = "<DoThingResponse>\n<RequestId>R</RequestId>\n<Disks><Device>d</Device></Disks>\n\
               <IpAddresses><IpAddress>10.0.0.1</IpAddress></IpAddresses>\n\
               <Jobs><JobId>j-1</JobId><Name>n</Name><Empty/></Jobs>\n</DoThingResponse>";
    let text = page("", response, &xml_block(xml, None));
    let out = run(&text);
    let d = find(&out.diagnostics, "missing-json-sample");
    assert_eq!(d.line, line_of(&text, "<DoThingResponse>"));
    let a = out.api.unwrap();
    let ips = field(&a.response, "IpAddresses");
    let ip = field(&ips.children, "IpAddress");
    assert_eq!(
        ip.ty,
        Type::List {
            item: Box::new(Type::String)
        }
    );
    // `Jobs` is documented as a list: its one (unwrapped) element is a list of one.
    let jobs = field(&a.response, "Jobs");
    assert!(
        matches!(&jobs.ty, Type::List { item } if matches!(&**item, Type::Struct { name, .. } if name == "Job")),
        "{:?}",
        jobs.ty
    );
    assert_eq!(
        names(&jobs.children, |f| &f.wire_name),
        ["JobId", "Name", "Empty"]
    );
    // An empty element says nothing about its type.
    assert_eq!(field(&jobs.children, "Empty").ty, Type::String);
    // Likewise with a bare element row: `Disks` is a list of `Disk`.
    let disks = field(&a.response, "Disks");
    assert!(
        matches!(&disks.ty, Type::List { item } if matches!(&**item, Type::Struct { name, .. } if name == "Disk")),
        "{:?}",
        disks.ty
    );
    assert_eq!(names(&disks.children, |f| &f.wire_name), ["Device"]);
}

#[test]
fn an_xml_element_level_the_table_omits_is_a_list() {
    // `Result` sits between the documented `Results` and its documented fields, beside a
    // documented field the sample lacks: the element of a list, though the sample shows one.
    let response = "|Results| | |Results. |\n|└Count|Integer|1|Count. |\n|└Code|String|200|Code. |";
    let xml = "<DoThingResponse>\n<RequestId>R</RequestId>\n<Results>\n  <Result>\n    \
               <Code>200</Code>\n  </Result>\n</Results>\n</DoThingResponse>";
    let a = api(&page("", response, &xml_block(xml, None)));
    let results = field(&a.response, "Results");
    assert_eq!(
        names(&results.children, |f| &f.wire_name),
        ["Count", "Result"]
    );
    let result = field(&results.children, "Result");
    assert!(
        matches!(&result.ty, Type::List { item } if matches!(&**item, Type::Struct { name, .. } if name == "Result")),
        "{:?}",
        result.ty
    );
    assert_eq!(names(&result.children, |f| &f.wire_name), ["Code"]);
}

#[test]
fn a_malformed_xml_sample_is_a_warning_with_its_line_and_the_table_decides() {
    let xml = "<DoThingResponse>\n  <Count>1</Count>\n  <Jobs><Job></Jobs>\n</DoThingResponse>";
    let text = page(
        "",
        "|Count|Integer|1|Count. |",
        &xml_block(xml, Some("{\"RequestId\": \"R\" \"Count\": }")),
    );
    let out = run(&text);
    let d = find(&out.diagnostics, "invalid-xml-sample");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.line, line_of(&text, "  <Jobs>"));
    let json = find(&out.diagnostics, "invalid-json-sample");
    assert!(
        json.message.ends_with("the table alone is used"),
        "{}",
        json.message
    );
    let a = out.api.unwrap();
    assert_eq!(names(&a.response, |f| &f.wire_name), ["RequestId", "Count"]);
    assert_eq!(field(&a.response, "Count").ty, Type::Integer);
}

#[test]
fn newer_pages_name_the_description_section_differently() {
    for heading in ["Description", "Operation description", "Usage notes"] {
        let text = format!(
            "# DoThing\n\nDoes a thing.\n\n## {heading}\n\nCall it twice.\n\n## Debugging\n\n{LINK}\n\n\
             ## Request parameters\n\n|Parameter|Type|Required|Example|Description|\n|---|---|---|---|---|\n\
             |Action|String|Yes|DoThing|The action. |\n\n## Response parameters\n\n\
             |Parameter|Type|Example|Description|\n|---|---|---|---|\n|RequestId|String|R-1|The ID. |\n"
        );
        assert_eq!(api(&text).description, "Call it twice.", "{heading}");
    }
}
