//! Request parameters: rows become a tree of [`Param`]s.
//!
//! Flattened wire names are grouped: `SourceId.N` is a list of scalars, `Tag.N.Key` a list
//! of structs with `Key`, `SystemDisk.Category` a struct, `DataDisk.N.Part.N.Device` nests
//! both. Explicit indexes (`Filter.1.Key`) count as `N`. Parent rows (`Tag.N|Array of Tag`,
//! `SystemDisk|Struct`) lend their description to the group, and `└Child` rows belong to the
//! row above them at the previous depth.

use super::samples::{shape, RequestSample};
use super::table::{self, cell, cell_line, Columns, DocType};
use super::Ctx;
use crate::dialect::Section;
use crate::ident;
use crate::ir::{Param, ParamStyle, Position, Type};
use std::collections::HashSet;

/// Common parameters the signer adds; documented rows for them are skipped.
const COMMON: &[&str] = &[
    "Version",
    "AccessKeyId",
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "SignatureType",
    "Timestamp",
    "Format",
];

/// A parameter being grouped.
#[derive(Debug, Default)]
struct Node {
    wire: String,
    doc_name: String,
    /// This level is indexed (`.N`).
    list: bool,
    /// The row documenting this level, if any.
    row: Option<RowInfo>,
    children: Vec<Node>,
}

#[derive(Debug)]
struct RowInfo {
    ty: DocType,
    required: bool,
    example: Option<String>,
    description: String,
    position: Position,
    line: usize,
    type_line: usize,
}

/// Splits a documented name into levels: `DataDisk.N.Part.N.Device` →
/// `[(DataDisk, list), (Part, list), (Device, scalar)]`.
fn levels(name: &str) -> Option<Vec<(String, bool)>> {
    let mut out: Vec<(String, bool)> = Vec::new();
    for seg in name.split('.') {
        let seg = seg.trim();
        if seg.eq_ignore_ascii_case("n")
            || (!seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()))
        {
            match out.last_mut() {
                Some(last) => last.1 = true,
                None => return None,
            }
        } else if seg.is_empty()
            || !seg
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return None;
        } else {
            out.push((seg.to_string(), false));
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Lowers the request section; `None` (with an error) when it has no parameter table.
pub(crate) fn lower(
    section: &Section,
    ctx: &mut Ctx<'_>,
    sample: Option<&RequestSample>,
) -> Option<Vec<Param>> {
    let Some((tbl, cols)) = table::find(&section.tables, Columns::of) else {
        ctx.diags.error(
            section.heading.line,
            "missing-table",
            "request parameters section has no table with a name column",
        );
        return None;
    };
    let mut root = Node::default();
    let mut documented: HashSet<String> = HashSet::new();
    let mut seen_full: HashSet<String> = HashSet::new();
    // Path of the last row at each `└` depth, for child rows.
    let mut at_depth: Vec<Vec<(String, bool)>> = Vec::new();
    for row in &tbl.rows {
        let raw = cell(row, cols.name);
        let depth = raw.chars().filter(|&c| c == '└').count();
        let name: String = raw
            .chars()
            .filter(|&c| c != '└' && c != '`')
            .collect::<String>()
            .trim()
            .to_string();
        let line = row.line;
        if name.is_empty() {
            continue;
        }
        documented.insert(shape(&name));
        if name == "Action" {
            let ex = cell(row, cols.example);
            if !ex.is_empty() && ex != ctx.action {
                ctx.diags.warn(
                    cell_line(row, cols.example),
                    "action-mismatch",
                    format!("Action row says `{ex}`, the title `{}`", ctx.action),
                );
            }
            continue;
        }
        if COMMON.contains(&name.as_str()) {
            continue;
        }
        let Some(mut path) = levels(&name) else {
            ctx.diags.warn(
                line,
                "invalid-param-name",
                format!("`{name}` is not a parameter name; row skipped"),
            );
            continue;
        };
        if depth > 0 {
            if let Some(parent) = depth.checked_sub(1).and_then(|d| at_depth.get(d)) {
                let mut full = parent.clone();
                full.extend(path);
                path = full;
            }
        }
        at_depth.truncate(depth);
        at_depth.push(path.clone());

        let full_name = path
            .iter()
            .map(|(w, l)| if *l { format!("{w}.N") } else { w.clone() })
            .collect::<Vec<_>>()
            .join(".");
        if !seen_full.insert(full_name.clone()) && !has_index(&name) {
            ctx.diags.warn(
                line,
                "duplicate-param",
                format!("parameter `{name}` is documented twice; the first row is kept"),
            );
            continue;
        }
        let ty_text = cell(row, cols.ty);
        let info = RowInfo {
            ty: DocType::parse(ty_text),
            required: table::required(cell(row, cols.required)),
            example: table::example(cell(row, cols.example)),
            description: cell(row, cols.description).to_string(),
            position: match table::position(cell(row, cols.position)) {
                Some(p) => p,
                None => {
                    ctx.diags.warn(
                        cell_line(row, cols.position),
                        "unknown-position",
                        format!(
                            "unknown position `{}`; assuming Query",
                            cell(row, cols.position)
                        ),
                    );
                    Position::Query
                }
            },
            line,
            type_line: cell_line(row, cols.ty),
        };
        insert(&mut root, &path, info);
    }
    if let Some(sample) = sample {
        check_sample(sample, &documented, ctx);
    }
    Some(
        root.children
            .iter()
            .map(|n| finish(n, ctx))
            .collect::<Vec<_>>(),
    )
}

/// True when the name uses explicit indexes (`Filter.1.Key`), which legitimately repeat.
fn has_index(name: &str) -> bool {
    name.split('.')
        .any(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
}

/// Puts a row at `path`, creating the levels above it.
fn insert(root: &mut Node, path: &[(String, bool)], info: RowInfo) {
    let mut node = root;
    let mut doc = String::new();
    for (wire, list) in path {
        if !doc.is_empty() {
            doc.push('.');
        }
        doc.push_str(wire);
        if *list {
            doc.push_str(".N");
        }
        let ix = match node.children.iter().position(|c| &c.wire == wire) {
            Some(ix) => ix,
            None => {
                node.children.push(Node {
                    wire: wire.clone(),
                    doc_name: doc.clone(),
                    ..Node::default()
                });
                node.children.len() - 1
            }
        };
        node = &mut node.children[ix];
        node.list |= *list;
    }
    if node.row.is_none() {
        node.row = Some(info);
    }
}

/// Warns about sample parameters that no row documents.
fn check_sample(sample: &RequestSample, documented: &HashSet<String>, ctx: &mut Ctx<'_>) {
    if let Some((action, line)) = &sample.action {
        if action != &ctx.action {
            ctx.diags.warn(
                *line,
                "action-mismatch",
                format!(
                    "sample request calls `{action}`, the title `{}`",
                    ctx.action
                ),
            );
        }
    }
    for p in &sample.params {
        let s = shape(&p.name);
        if COMMON.contains(&p.name.as_str()) || documented.contains(&s) {
            continue;
        }
        // `Tag.1.Key` documented as `Tag.N.Key`, or `SourceId.1` as `SourceId.N`.
        ctx.diags.warn(
            p.line,
            "sample-param-undocumented",
            format!(
                "sample request passes `{}`, which the table does not document",
                p.name
            ),
        );
    }
}

/// Turns a grouped node into a [`Param`].
fn finish(node: &Node, ctx: &mut Ctx<'_>) -> Param {
    let row = node.row.as_ref();
    let doc_ty = row.map_or(DocType::Missing, |r| r.ty.clone());
    let line = row.map_or_else(|| first_line(node), |r| r.line);
    let (ty, style, children) = if node.children.is_empty() {
        let leaf = match doc_ty.leaf() {
            Some(t) => t,
            None => {
                let type_line = row.map_or(line, |r| r.type_line);
                match &doc_ty {
                    DocType::Unknown(t) => ctx.diags.warn(
                        type_line,
                        "unknown-type",
                        format!("unknown type `{t}` for `{}`; kept as JSON", node.doc_name),
                    ),
                    _ => ctx.diags.warn(
                        type_line,
                        "missing-type",
                        format!("no type for `{}`; assuming String", node.doc_name),
                    ),
                }
                if matches!(doc_ty, DocType::Unknown(_)) {
                    Type::Json
                } else {
                    Type::String
                }
            }
        };
        if node.list {
            let item = match leaf {
                Type::List { item } => *item,
                other => other,
            };
            (
                Type::List {
                    item: Box::new(item),
                },
                ParamStyle::RepeatList,
                Vec::new(),
            )
        } else {
            let style = match leaf {
                Type::List { .. } => ParamStyle::RepeatList,
                Type::Json => ParamStyle::Json,
                _ => ParamStyle::Flat,
            };
            (leaf, style, Vec::new())
        }
    } else {
        let doc_name = doc_ty
            .element_name()
            .map(str::to_string)
            .unwrap_or_else(|| node.wire.clone());
        let name = ctx.struct_name(&doc_name);
        let children: Vec<Param> = node.children.iter().map(|c| finish(c, ctx)).collect();
        let st = Type::Struct {
            name,
            doc_name: Some(doc_name),
        };
        if node.list || doc_ty.is_list() {
            (
                Type::List { item: Box::new(st) },
                ParamStyle::RepeatList,
                children,
            )
        } else {
            (st, ParamStyle::Dotted, children)
        }
    };
    let mut children = children;
    dedupe_rust_names(&mut children);
    Param {
        wire_name: node.wire.clone(),
        doc_name: node.doc_name.clone(),
        rust_name: ident::field_name(&node.wire),
        ty,
        style,
        required: row.is_some_and(|r| r.required),
        example: row.and_then(|r| r.example.clone()),
        description: row.map(|r| r.description.clone()).unwrap_or_default(),
        position: row.map_or(Position::Query, |r| r.position),
        children,
        line,
    }
}

/// Line of the first documented descendant (for levels no row documents).
fn first_line(node: &Node) -> usize {
    node.row.as_ref().map(|r| r.line).unwrap_or_else(|| {
        node.children
            .iter()
            .map(first_line)
            .filter(|&l| l > 0)
            .min()
            .unwrap_or(0)
    })
}

/// Suffixes Rust names that collide after case conversion (`Key`, `key` → `key`, `key_2`).
pub(crate) fn dedupe_rust_names(params: &mut [Param]) {
    let mut seen = HashSet::new();
    for p in params.iter_mut() {
        let base = p.rust_name.clone();
        let mut n = 2;
        while !seen.insert(p.rust_name.clone()) {
            p.rust_name = format!("{base}_{n}");
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::levels;

    #[test]
    fn splits_levels() {
        assert_eq!(
            levels("DataDisk.N.Part.N.Device").unwrap(),
            vec![
                ("DataDisk".to_string(), true),
                ("Part".to_string(), true),
                ("Device".to_string(), false)
            ]
        );
        assert_eq!(
            levels("Filter.1.Key").unwrap()[0],
            ("Filter".to_string(), true)
        );
        assert!(levels("N.Key").is_none());
        assert!(levels("Not a name").is_none());
        assert!(levels("Tag..Key").is_none());
    }
}
