//! The words pages use for what the reader looks for: section headings, table header cells,
//! flags, sample labels. One table per concept, one column per language, so the reader
//! matches by meaning whatever the page's language, and a further language is one more
//! column (a field of [`Words`]) filled in each table.
//!
//! Words are written in lowercase; ASCII case is ignored when matching. Header cells and
//! flags are compared as [`key`]s (letters and digits only, so `Required?`, `是否必选？` and
//! `Yes.` match `required`, `是否必选` and `yes`); a word ending in `*` matches any key it
//! starts.

use crate::ir::Language;

/// The words of one concept, one column per language.
pub(crate) struct Words {
    /// English.
    pub en: &'static [&'static str],
    /// Chinese.
    pub zh: &'static [&'static str],
}

impl Words {
    /// Every word with its language.
    fn all(&self) -> impl Iterator<Item = (Language, &'static str)> {
        let en = self.en.iter().map(|&w| (Language::En, w));
        let zh = self.zh.iter().map(|&w| (Language::Zh, w));
        en.chain(zh)
    }

    /// The language of the first word `text` starts with (heading matching), if any.
    pub fn starts(&self, text: &str) -> Option<Language> {
        let text = text.trim();
        self.all()
            .find(|(_, w)| starts_with_ignore_case(text, w.trim_end_matches('*')))
            .map(|(language, _)| language)
    }

    /// True when the key `key` is one of the words (or starts with a word ending in `*`).
    pub fn is(&self, key: &str) -> bool {
        self.all().any(|(_, w)| match w.strip_suffix('*') {
            Some(prefix) => key.starts_with(prefix),
            None => key == w,
        })
    }

    /// True when `text` ends with one of the words, ignoring ASCII case; a word starting with
    /// an ASCII letter must start a word of `text` too (`invalid values` does not end with
    /// `valid values`).
    pub fn ends(&self, text: &str) -> bool {
        self.all().any(|(_, w)| {
            let Some(start) = text.len().checked_sub(w.len()) else {
                return false;
            };
            let (Some(head), Some(tail)) = (text.get(..start), text.get(start..)) else {
                return false;
            };
            let cut = w.starts_with(|c: char| c.is_ascii_alphabetic())
                && head.ends_with(|c: char| c.is_alphanumeric());
            tail.eq_ignore_ascii_case(w) && !cut
        })
    }

    /// True when `text` contains one of the words, ignoring ASCII case.
    pub fn within(&self, text: &str) -> bool {
        self.all().any(|(_, w)| contains_ignore_case(text, w))
    }
}

/// Text reduced to lowercase letters and digits of any script: `Required?` → `required`,
/// `是否必选？` → `是否必选`, `HTTP 状态码` → `http状态码`. Punctuation (full-width too),
/// spaces and NBSPs go.
pub(crate) fn key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// True when `text` starts with `prefix`, ignoring ASCII case.
pub(crate) fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// True when `text` contains `word`, ignoring ASCII case.
pub(crate) fn contains_ignore_case(text: &str, word: &str) -> bool {
    !word.is_empty()
        && text
            .as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
}

// Section headings, matched at the start of the heading text.

/// `## Request parameters`.
pub(crate) const REQUEST_SECTION: Words = Words {
    en: &["request param"],
    zh: &["请求参数"],
};

/// `## RequestBody`: members of a ROA request's body, documented apart (the English word is
/// used on pages of both languages, so it is not a language hint in [`SECTIONS`]).
pub(crate) const REQUEST_BODY_SECTION: Words = Words {
    en: &["requestbody", "request body"],
    zh: &["请求体"],
};

/// `## Response parameters`.
pub(crate) const RESPONSE_SECTION: Words = Words {
    en: &["response param"],
    zh: &["返回数据", "返回参数", "响应参数"],
};

/// `## Error codes`, `## Errors`, `## 错误码`.
pub(crate) const ERROR_SECTION: Words = Words {
    en: &["error"],
    zh: &["错误"],
};

/// `## Description`: the operation's notes, kept as the IR's description.
pub(crate) const DESCRIPTION_SECTION: Words = Words {
    en: &["description", "operation description", "usage notes"],
    zh: &[
        "接口说明",
        "接口描述",
        "api描述",
        "功能描述",
        "使用说明",
        "描述",
    ],
};

/// `## Examples`: the samples.
pub(crate) const EXAMPLES_SECTION: Words = Words {
    en: &["example"],
    zh: &["示例"],
};

/// `## Request syntax`, `## Request structure`: a ROA action's request line.
pub(crate) const SYNTAX_SECTION: Words = Words {
    en: &["request syntax", "request structure"],
    zh: &["请求语法"],
};

/// Every section heading the reader knows; the language of a page is the one its headings
/// are written in.
pub(crate) const SECTIONS: &[&Words] = &[
    &REQUEST_SECTION,
    &RESPONSE_SECTION,
    &ERROR_SECTION,
    &DESCRIPTION_SECTION,
    &EXAMPLES_SECTION,
    &SYNTAX_SECTION,
];

// Header cells of parameter tables, matched as keys.

/// The name column.
pub(crate) const NAME_COLUMN: Words = Words {
    en: &[
        "parameter",
        "parameters",
        "name",
        "field",
        "parametername",
        "fieldname",
        "attribute",
        "attributes",
        "property",
        "properties",
        "param",
        "params",
        "paramname",
        "argument",
    ],
    zh: &[
        "名称",
        "参数",
        "参数名",
        "参数名称",
        "字段",
        "字段名",
        "字段名称",
    ],
};

/// The type column.
pub(crate) const TYPE_COLUMN: Words = Words {
    en: &["type", "datatype", "valuetype"],
    zh: &["类型", "数据类型", "参数类型"],
};

/// The position column (Query, Body, Path, Header).
pub(crate) const POSITION_COLUMN: Words = Words {
    en: &["position", "location", "in"],
    zh: &["位置", "参数位置"],
};

/// The description column.
pub(crate) const DESCRIPTION_COLUMN: Words = Words {
    en: &[
        "description",
        "meaning",
        "remarks",
        "note",
        "notes",
        "comment",
        "comments",
        "details",
        "explanation",
    ],
    zh: &["描述", "说明", "备注", "含义"],
};

/// The required column (`Required`, `Required?`, `是否必选`).
pub(crate) const REQUIRED_COLUMN: Words = Words {
    en: &["required*", "isrequired", "mandatory"],
    zh: &["是否必选", "是否必填", "是否必须", "必选", "必填"],
};

/// The example column.
pub(crate) const EXAMPLE_COLUMN: Words = Words {
    en: &["example*", "sample*", "value"],
    zh: &["示例*", "取值示例", "样例*"],
};

// Values of parameter-table cells, matched as keys.

/// A required cell that says yes.
pub(crate) const YES: Words = Words {
    en: &["yes", "true", "required", "y", "mandatory"],
    zh: &["是", "必选", "必填", "必须"],
};

/// Position cells (an empty cell is Query).
pub(crate) const QUERY: Words = Words {
    en: &["query"],
    zh: &["查询", "查询参数"],
};
/// The body position.
pub(crate) const BODY: Words = Words {
    en: &["body", "formdata", "form"],
    zh: &["请求体", "表单"],
};
/// The path position.
pub(crate) const PATH: Words = Words {
    en: &["path"],
    zh: &["路径"],
};
/// The header position.
pub(crate) const HEADER: Words = Words {
    en: &["header"],
    zh: &["请求头", "头部"],
};

// Header cells of error tables, looked for within the key, in this order (`HTTP status
// code` is the status, not the code).

/// The HTTP status column.
pub(crate) const STATUS_COLUMN: Words = Words {
    en: &["http", "status"],
    zh: &["状态码", "状态"],
};

/// The error-code column.
pub(crate) const CODE_COLUMN: Words = Words {
    en: &["code"],
    zh: &["码"],
};

/// The error-message column.
pub(crate) const MESSAGE_COLUMN: Words = Words {
    en: &["message", "information"],
    zh: &["信息", "消息"],
};

/// The error-description column.
pub(crate) const ERROR_DESCRIPTION_COLUMN: Words = Words {
    en: &["description", "meaning"],
    zh: &["描述", "说明", "含义"],
};

// Labels before sample code blocks, looked for within the label, in this order (an error
// response is an error sample, not a success one).

/// An error sample (`Error response example`, `异常返回示例`).
pub(crate) const ERROR_LABEL: Words = Words {
    en: &["error"],
    zh: &["错误", "异常", "失败"],
};

/// A sample request (`Sample requests`, `请求示例`).
pub(crate) const REQUEST_LABEL: Words = Words {
    en: &["request"],
    zh: &["请求"],
};

/// A success response (`Sample success responses`, `正常返回示例`).
pub(crate) const SUCCESS_LABEL: Words = Words {
    en: &["success", "response"],
    zh: &["正常返回", "返回", "响应", "成功"],
};

/// A JSON sample (`JSON format`, `` `JSON` 格式 ``): format names are the same in every
/// language.
pub(crate) const JSON_LABEL: Words = Words {
    en: &["json"],
    zh: &[],
};

/// An XML sample.
pub(crate) const XML_LABEL: Words = Words {
    en: &["xml"],
    zh: &[],
};

// The summary line.

/// What a Chinese summary may open with before its verb: "调用StopReplicationJob停止…",
/// "调取X接口，查询…", "本接口用于…". The action's name may follow a call word; these are
/// taken off in turn, the action name and punctuation between them.
pub(crate) const SUMMARY_LEAD: Words = Words {
    en: &[],
    zh: &[
        "您可以",
        "可以",
        "调用",
        "调取",
        "使用",
        "通过",
        "本接口",
        "该接口",
        "此接口",
        "接口",
        "api",
        "用于",
        "来",
        "以",
    ],
};

// Words in descriptions.

/// What comes before the colon that introduces the valid values of a parameter or field
/// (`Valid values:`, `取值：`), matched at the end of the text before the colon.
pub(crate) const VALUES_LEAD: Words = Words {
    en: &[
        "valid values",
        "valid value",
        "valid values are",
        "valid values include",
        "possible values",
        "allowed values",
        "enumerated values",
    ],
    zh: &[
        "取值",
        "取值范围",
        "取值如下",
        "取值范围如下",
        "取值范围为",
        "取值包括",
        "取值含义如下",
        "可选值",
        "有效值",
        "可能值",
        "可能值有",
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_letters_of_any_script() {
        assert_eq!(key("Required?"), "required");
        assert_eq!(key("是否必选？"), "是否必选");
        assert_eq!(key("HTTP 状态码"), "http状态码");
        assert_eq!(key("\u{a0}Example value"), "examplevalue");
    }

    #[test]
    fn words_match_in_every_language() {
        assert_eq!(
            REQUEST_SECTION.starts("Request parameters"),
            Some(Language::En)
        );
        assert_eq!(REQUEST_SECTION.starts(" 请求参数 "), Some(Language::Zh));
        assert_eq!(DESCRIPTION_SECTION.starts("API描述"), Some(Language::Zh));
        assert_eq!(RESPONSE_SECTION.starts("Request parameters"), None);
        assert!(REQUIRED_COLUMN.is("requiredornot"));
        assert!(REQUIRED_COLUMN.is("是否必选"));
        assert!(!REQUIRED_COLUMN.is("是"));
        assert!(EXAMPLE_COLUMN.is("示例值"));
        assert!(YES.is(&key("是。")));
        assert!(!YES.is(&key("否")));
        assert!(SUCCESS_LABEL.within("正常返回示例"));
        assert!(JSON_LABEL.within("`JSON` 格式"));
        assert!(!ERROR_LABEL.within("正常返回示例"));
        assert!(VALUES_LEAD.ends("The status. Valid values"));
        assert!(!VALUES_LEAD.ends("Invalid values"));
        assert!(VALUES_LEAD.ends("状态，取值"));
        assert!(!VALUES_LEAD.ends("Valid values of N"));
    }
}
