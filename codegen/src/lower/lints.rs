//! Page-level lints that need no table: the summary's verb against the action's verb.

use crate::diag::Diagnostics;
use crate::dialect::Paragraph;

/// Verb families: action prefixes and the summary verbs that describe them.
const FAMILIES: &[(&str, &[&str], &[&str])] = &[
    (
        "start",
        &["Start", "Resume"],
        &["starts", "resumes", "launches"],
    ),
    (
        "stop",
        &["Stop", "Pause", "Suspend"],
        &["stops", "pauses", "suspends"],
    ),
    (
        "create",
        &["Create", "Run", "Allocate", "Import", "Copy"],
        &["creates", "allocates"],
    ),
    (
        "delete",
        &["Delete", "Release", "Remove"],
        &["deletes", "releases", "removes"],
    ),
    (
        "query",
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
    ),
    (
        "modify",
        &["Modify", "Update", "Change", "Set"],
        // Not "sets": "Sets up ..." describes creating as often as modifying.
        &["modifies", "updates", "changes"],
    ),
    ("cancel", &["Cancel"], &["cancels"]),
    ("enable", &["Enable"], &["enables"]),
    ("disable", &["Disable"], &["disables"]),
    (
        "attach",
        &["Attach", "Associate", "Bind"],
        &["attaches", "associates", "binds"],
    ),
    (
        "detach",
        &["Detach", "Unassociate", "Unbind", "Remove"],
        &["detaches", "disassociates", "unbinds"],
    ),
    ("tag", &["Tag"], &["adds", "creates", "attaches"]),
    (
        "untag",
        &["Untag", "Remove"],
        &["removes", "deletes", "detaches", "unbinds"],
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

/// Reports a summary whose first word is a verb of a different family than the action's,
/// e.g. "Starts a migration task." on `StopReplicationJob`.
pub(crate) fn summary_verb(action: &str, summary: &Paragraph, diags: &mut Diagnostics) {
    let verb = action_verb(action);
    let Some(word) = summary.text.split_whitespace().next() else {
        return;
    };
    let word = word.trim_matches(|c: char| !c.is_alphabetic());
    // Families are distinct entries, so "a family the action and the summary share" is one
    // entry listing both the action's prefix and the summary's verb.
    let does = |(_, prefixes, _): &&(&str, &[&str], &[&str])| prefixes.contains(&verb);
    let said = |(_, _, verbs): &&(&str, &[&str], &[&str])| {
        verbs.iter().any(|v| v.eq_ignore_ascii_case(word))
    };
    let contradicts = FAMILIES.iter().any(|f| does(&f))
        && FAMILIES.iter().any(|f| said(&f))
        && !FAMILIES.iter().any(|f| does(&f) && said(&f));
    if contradicts {
        let word = word.to_ascii_lowercase();
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
}
