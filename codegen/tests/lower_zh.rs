//! Chinese pages (`tests/pages/contoso-zh/`, written for these tests) read by meaning: Chinese
//! section headings (with attribute blocks and a full-width colon), header cells
//! (`是否必选？`), required flags (`是。`, `否`), sample labels (`请求示例`, `正常返回示例`,
//! `` `JSON` 格式 ``, `异常返回示例`), an error table whose header row spreads over several
//! lines (`错误代码`, `错误信息`, `HTTP状态码`), a `请求语法` section offering two methods,
//! and a summary whose verb (`停止`) contradicts the action. Their English twins are in
//! `tests/pages/contoso/`; `en_zh_pairs` checks that both read alike.

mod common;

use common::load_page as load;
use smc_codegen::ir::{Language, Position, Style};
use smc_codegen::Generator;

#[test]
fn a_chinese_rpc_page_reads_by_meaning() {
    let (api, kinds) = load("contoso-zh", "StartGadget.md");
    assert_eq!(kinds, ["summary-verb"]);
    assert_eq!(api.language, Language::Zh);
    assert_eq!(api.style, Style::Rpc);
    assert_eq!(api.version, "2024-02-02");
    assert_eq!(api.endpoint.as_deref(), Some("contoso.aliyuncs.com"));
    // The page's own words are kept.
    assert_eq!(api.summary, "调用StartGadget停止一个小工具。");
    assert!(
        api.description.starts_with("只能启动"),
        "{}",
        api.description
    );
    let required: Vec<(&str, bool)> = api
        .request
        .iter()
        .map(|p| (p.wire_name.as_str(), p.required))
        .collect();
    assert_eq!(
        required,
        [("GadgetId", true), ("Mode", false), ("Tag", false)]
    );
    assert_eq!(api.request[0].description, "小工具ID。");
    let tag = &api.request[2];
    let members: Vec<&str> = tag.children.iter().map(|p| p.wire_name.as_str()).collect();
    assert_eq!(members, ["Key", "Value"]);
    let top: Vec<&str> = api.response.iter().map(|f| f.wire_name.as_str()).collect();
    assert_eq!(top, ["RequestId", "Parts"]);
    let parts = &api.response[1];
    assert_eq!(parts.children[0].wire_name, "Part");
    // The success sample is the JSON one after `正常返回示例`, not the error sample.
    let json = api.samples.json.as_deref().unwrap_or_default();
    assert!(json.contains("p-1") && !json.contains("NotFound"), "{json}");
    assert!(api.samples.xml.is_some() && api.samples.request.is_some());
    let errors: Vec<(Option<u16>, &str, &str)> = api
        .errors
        .iter()
        .map(|e| (e.http_status, e.code.as_str(), e.description.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            (Some(404), "Gadget.NotFound", "小工具不存在。"),
            (
                Some(400),
                "Gadget.InvalidStatus",
                "小工具未处于已停止状态。"
            ),
        ]
    );
}

#[test]
fn a_chinese_roa_page_reads_its_route_and_positions() {
    let (api, kinds) = load("contoso-zh", "UpdateGadget.md");
    assert_eq!(kinds, ["no-endpoint"]);
    assert_eq!(api.language, Language::Zh);
    assert_eq!(api.style, Style::Roa);
    let route = api.route.as_ref().expect("a route");
    // `PATCH|POST` offers two methods; the sample request uses POST.
    assert_eq!(
        (route.method.as_str(), route.path.as_str()),
        ("POST", "/gadgets/[GadgetId]")
    );
    let positions: Vec<(&str, Position)> = api
        .request
        .iter()
        .map(|p| (p.wire_name.as_str(), p.position))
        .collect();
    assert_eq!(
        positions,
        [
            ("GadgetId", Position::Path),
            ("clientToken", Position::Query)
        ]
    );
    assert_eq!(api.errors[0].code, "Gadget.NameTaken");
}

#[test]
fn an_english_roa_page_without_a_position_column_takes_the_route_s_word() {
    // `Request structure` names the route like `Request syntax`; the parameter the route
    // names travels in the path though the table has no Position column.
    let (api, _) = load("contoso", "UpdateGadget.md");
    assert_eq!(api.language, Language::En);
    let route = api.route.as_ref().expect("a route");
    assert_eq!(
        (route.method.as_str(), route.path.as_str()),
        ("POST", "/gadgets/[GadgetId]")
    );
    assert_eq!(api.request[0].position, Position::Path);
    assert_eq!(api.request[1].position, Position::Query);
}

#[test]
fn english_ir_omits_the_language() {
    let (api, _) = load("contoso", "StartGadget.md");
    let json = Generator::new().ir_json(&api);
    assert!(!json.contains("\"language\""), "{json}");
    let (api, _) = load("contoso-zh", "StartGadget.md");
    let json = Generator::new().ir_json(&api);
    assert!(json.contains("\"language\": \"zh\""), "{json}");
}
