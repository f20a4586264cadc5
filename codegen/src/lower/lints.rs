//! Page-level lints that need no table: the summary's verb against the action's verb, in
//! the page's language (the message is in English).

use super::vocab::{self, Words};
use crate::diag::Diagnostics;
use crate::dialect::Paragraph;

/// A verb family: the action prefixes that do it and the summary verbs that say it, one
/// column per language (English verbs are whole first words, Chinese ones open the text
/// after any "调用<Action>" lead).
struct Family {
    prefixes: &'static [&'static str],
    verbs: Words,
}

/// Shorthand for a [`Family`] row.
const fn family(
    prefixes: &'static [&'static str],
    en: &'static [&'static str],
    zh: &'static [&'static str],
) -> Family {
    Family {
        prefixes,
        verbs: Words { en, zh },
    }
}

/// Verb families. Chinese verbs that say two things (`关闭` closes or stops, `开启` opens or
/// starts, `取消` cancels or detaches) are listed in both families, so neither reading is
/// reported; `恢复` (resumes or restores) is in none.
const FAMILIES: &[Family] = &[
    family(
        &["Start", "Resume"],
        &["starts", "resumes", "launches"],
        &["启动", "开始", "开启"],
    ),
    family(
        &["Stop", "Pause", "Suspend"],
        &["stops", "pauses", "suspends"],
        &["停止", "暂停", "中止", "挂起", "关闭"],
    ),
    family(
        &["Create", "Run", "Allocate", "Import", "Copy"],
        &["creates", "allocates"],
        &["创建", "新建", "新增", "分配"],
    ),
    family(
        &["Delete", "Release", "Remove"],
        &["deletes", "releases", "removes"],
        &["删除", "释放", "移除"],
    ),
    family(
        &["Describe", "Query", "List", "Get"],
        &[
            "queries",
            "describes",
            "lists",
            "obtains",
            "retrieves",
            "gets",
            "views",
        ],
        &["查询", "查看", "获取", "列出", "列举"],
    ),
    // Not "sets": "Sets up ..." describes creating as often as modifying.
    family(
        &["Modify", "Update", "Change", "Set"],
        &["modifies", "updates", "changes"],
        &["修改", "更新", "变更", "更改"],
    ),
    family(&["Cancel"], &["cancels"], &["取消"]),
    family(&["Enable"], &["enables"], &["启用", "开启", "开通"]),
    family(&["Disable"], &["disables"], &["禁用", "停用", "关闭"]),
    family(
        &["Attach", "Associate", "Bind"],
        &["attaches", "associates", "binds"],
        &["挂载", "关联", "绑定"],
    ),
    family(
        &["Detach", "Unassociate", "Unbind", "Remove"],
        &["detaches", "disassociates", "unbinds"],
        &["卸载", "解绑", "解除", "取消"],
    ),
    family(
        &["Tag"],
        &["adds", "creates", "attaches"],
        &["添加", "创建", "绑定"],
    ),
    family(
        &["Untag", "Remove"],
        &["removes", "deletes", "detaches", "unbinds"],
        &["移除", "删除", "解绑", "解除"],
    ),
];

/// The action's leading verb: `StopReplicationJob` → `Stop`.
fn action_verb(action: &str) -> &str {
    let end = action
        .char_indices()
        .skip(1)
        .find(|(_, c)| c.is_ascii_uppercase())
        .map_or(action.len(), |(i, _)| i);
    action.get(..end).unwrap_or(action)
}

/// The text of a Chinese summary after its lead: "调用StopReplicationJob停止一个任务" →
/// "停止一个任务". Lead words ([`vocab::SUMMARY_LEAD`]), names in Latin letters (the
/// action's, or a product's) and punctuation are taken off in turn.
fn after_lead(summary: &str) -> &str {
    let mut rest = summary;
    loop {
        let trimmed = rest.trim_start_matches(|c: char| {
            !c.is_alphanumeric() || c.is_ascii_alphanumeric() || c == '_'
        });
        let lead = vocab::SUMMARY_LEAD
            .zh
            .iter()
            .find(|w| vocab::starts_with_ignore_case(trimmed, w));
        match lead.and_then(|w| trimmed.get(w.len()..)) {
            Some(after) => rest = after,
            None => return trimmed,
        }
    }
}

/// Marks that join a Chinese verb to another (`开启或关闭`, `开启，关闭，更新`): the
/// summary then names several operations, and no one verb is the action's.
const VERB_JOINS: &[char] = &['或', '、', '，', ',', '/', '和', '及', '与'];

/// The verbs the summary opens with, each with its family: the first word in English, the
/// verb the text after the lead starts with in Chinese (none when it is one of a list).
fn summary_verbs(summary: &str) -> Vec<(&'static Family, &'static str)> {
    let word = summary.split_whitespace().next().unwrap_or_default();
    let word = word.trim_matches(|c: char| !c.is_alphabetic());
    let opening = after_lead(summary);
    let alone = |v: &str| {
        opening
            .strip_prefix(v)
            .is_some_and(|rest| !rest.starts_with(VERB_JOINS))
    };
    let mut out = Vec::new();
    for f in FAMILIES {
        let en = f.verbs.en.iter().filter(|v| v.eq_ignore_ascii_case(word));
        let zh = f.verbs.zh.iter().filter(|v| alone(v));
        out.extend(en.chain(zh).map(|&v| (f, v)));
    }
    out
}

/// Reports a summary whose opening verb is of a different family than the action's, e.g.
/// "Starts a migration task." or "调用StopReplicationJob启动…" on `StopReplicationJob`.
pub(crate) fn summary_verb(action: &str, summary: &Paragraph, diags: &mut Diagnostics) {
    let verb = action_verb(action);
    let said = summary_verbs(&summary.text);
    let does = |f: &Family| f.prefixes.contains(&verb);
    // Families are distinct entries, so "a family the action and the summary share" is one
    // entry listing both the action's prefix and the summary's verb.
    let contradicts =
        FAMILIES.iter().any(does) && !said.is_empty() && !said.iter().any(|(f, _)| does(f));
    // The longest verb said is the one to quote (`取消关联`, not `取消`).
    let quoted = said
        .iter()
        .map(|&(_, v)| v)
        .max_by_key(|v| v.chars().count());
    if let Some(word) = quoted.filter(|_| contradicts) {
        let word = word.to_lowercase();
        diags.warn(
            summary.line,
            "summary-verb",
            format!("summary starts with \"{word}\", which contradicts the action `{action}`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(action: &str, summary: &str) -> usize {
        let mut d = Diagnostics::new("t.md");
        let p = Paragraph {
            text: summary.into(),
            line: 3,
        };
        summary_verb(action, &p, &mut d);
        d.items().len()
    }

    #[test]
    fn reports_contradictions_only() {
        assert_eq!(check("StopReplicationJob", "Starts a migration task."), 1);
        assert_eq!(check("StopReplicationJob", "Stops a migration task."), 0);
        assert_eq!(check("DeleteInstance", "Releases an instance."), 0);
        assert_eq!(check("RunInstances", "Creates instances."), 0);
        assert_eq!(check("ReplaceSystemDisk", "Creates a disk."), 0);
        assert_eq!(
            check("DescribeDisks", "You can call this operation to query."),
            0
        );
        assert_eq!(check("DescribeDisks", "Deletes disks."), 1);
        assert_eq!(check("RemoveTags", "Unbinds tags."), 0);
        assert_eq!(
            check("CreateReplicationJob", "Sets up a migration task."),
            0
        );
        assert_eq!(check("ModifyDiskAttribute", "Creates a disk."), 1);
        assert_eq!(action_verb("StopReplicationJob"), "Stop");
    }

    #[test]
    fn reads_chinese_summaries() {
        assert_eq!(check("StartReplicationJob", "停止一个迁移任务。"), 1);
        assert_eq!(check("StopReplicationJob", "停止一个迁移任务。"), 0);
        assert_eq!(
            check(
                "StartReplicationJob",
                "调用StartReplicationJob停止一个迁移任务。"
            ),
            1
        );
        assert_eq!(
            check("DescribeDisks", "调用DescribeDisks接口，您可以查询磁盘。"),
            0
        );
        assert_eq!(check("DescribeDisks", "调取DescribeDisks接口删除磁盘。"), 1);
        assert_eq!(check("DescribeDisks", "本接口用于查询磁盘。"), 0);
        assert_eq!(check("UnassociateEip", "取消关联一个EIP。"), 0);
        assert_eq!(check("ModifyPolicy", "调用ModifyPolicy开启或关闭采集。"), 0);
        assert_eq!(check("ModifyPolicy", "调用ModifyPolicy开启采集。"), 1);
        assert_eq!(check("CancelTask", "取消一个任务。"), 0);
        assert_eq!(check("StopInstance", "关闭一台实例。"), 0);
        assert_eq!(check("CreateDisk", "为实例创建一块磁盘。"), 0);
        assert_eq!(check("ModifyDisk", "（公测）创建一块磁盘。"), 0);
        assert_eq!(check("ModifyDisk", "，创建一块磁盘。"), 1);
    }
}
