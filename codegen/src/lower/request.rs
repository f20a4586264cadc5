//! Request parameters: rows become a tree of [`Param`]s.
//!
//! Flattened wire names are grouped: `SourceId.N` is a list of scalars, `Tag.N.Key` a list
//! of structs with `Key`, `SystemDisk.Category` a struct, `DataDisk.N.Part.N.Device` nests
//! both. Explicit indexes (`Filter.1.Key`) count as `N`. Parent rows (`Tag.N|Array of Tag`,
//! `SystemDisk|Struct`) lend their description to the group, and `└Child` rows belong to the
//! row above them at the previous depth.

use super::hash::FastSet;
use super::samples::{shape, RequestSample};
use super::table::{self, cell, cell_line, Columns, DocType};
use super::Ctx;
use crate::dialect::Section;
use crate::ident;
use crate::ir::{Param, ParamStyle, Position, Type};
use std::borrow::Cow;

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

/// A parameter being grouped; text is borrowed from the page where it can be.
#[derive(Debug, Default)]
struct Node<'p> {
    wire: Cow<'p, str>,
    doc_name: String,
    /// This level is indexed (`.N`).
    list: bool,
    /// The row documenting this level, if any.
    row: Option<RowInfo<'p>>,
    children: Vec<Node<'p>>,
}

#[derive(Debug)]
struct RowInfo<'p> {
    ty: DocType,
    required: bool,
    example: Option<&'p str>,
    description: &'p str,
    position: Position,
    line: usize,
    type_line: usize,
}

/// One level of a parameter path: its name and whether it is indexed (`.N`).
type Level<'p> = (Cow<'p, str>, bool);

/// Splits a documented name into levels: `DataDisk.N.Part.N.Device` →
/// `[(DataDisk, list), (Part, list), (Device, scalar)]`.
fn levels<'p>(name: &Cow<'p, str>) -> Option<Vec<Level<'p>>> {
    let mut out: Vec<Level<'p>> = Vec::new();
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
            let seg = match name {
                Cow::Borrowed(whole) => Cow::Borrowed(subslice(whole, seg)),
                Cow::Owned(_) => Cow::Owned(seg.to_string()),
            };
            out.push((seg, false));
        }
    }
    (!out.is_empty()).then_some(out)
}

/// `part` (a slice of `whole`) with `whole`'s lifetime.
fn subslice<'p>(whole: &'p str, part: &str) -> &'p str {
    let start = (part.as_ptr() as usize).wrapping_sub(whole.as_ptr() as usize);
    whole.get(start..start + part.len()).unwrap_or_default()
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
    // Shapes (`Tag.1.Key` → `tag.n.key`) of the sample's parameters that no row has
    // documented yet: each row strikes its own out, and what is left gets a warning.
    let mut undocumented: FastSet<String> = sample
        .map(|s| {
            s.params
                .iter()
                .filter(|p| !COMMON.contains(&p.name.as_str()))
                .map(|p| shape(&p.name))
                .collect()
        })
        .unwrap_or_default();
    let mut shape_buf = String::new();
    let mut seen_full: FastSet<String> = FastSet::default();
    // Path of the last row at each `└` depth, for child rows.
    let mut at_depth: Vec<Vec<Level<'_>>> = Vec::new();
    // Only tables with `└` rows look paths up by depth; others skip keeping them.
    let marks = tbl.rows().any(|r| cell(&r, cols.name).contains('└'));
    let mut full_name = String::new();
    for row in tbl.rows() {
        let row = &row;
        let (depth, name) = table::row_name(cell(row, cols.name));
        let line = row.line;
        if name.is_empty() {
            continue;
        }
        if !undocumented.is_empty() {
            shape_into(&name, &mut shape_buf);
            undocumented.remove(shape_buf.as_str());
        }
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
        if COMMON.contains(&name.as_ref()) {
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
        if marks {
            at_depth.truncate(depth);
            at_depth.push(path.clone());
        }

        full_name.clear();
        for (i, (w, l)) in path.iter().enumerate() {
            if i > 0 {
                full_name.push('.');
            }
            full_name.push_str(w);
            if *l {
                full_name.push_str(".N");
            }
        }
        let first_time = if seen_full.contains(full_name.as_str()) {
            false
        } else {
            seen_full.insert(full_name.clone())
        };
        if !first_time && !has_index(&name) {
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
            description: cell(row, cols.description),
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
        insert(&mut root, path, &full_name, info);
    }
    if let Some(sample) = sample {
        check_sample(sample, &undocumented, ctx);
    }
    Some(
        root.children
            .into_iter()
            .map(|n| finish(n, ctx))
            .collect::<Vec<_>>(),
    )
}

/// True when the name uses explicit indexes (`Filter.1.Key`), which legitimately repeat.
fn has_index(name: &str) -> bool {
    name.split('.')
        .any(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
}

/// Puts a row at `path`, creating the levels above it; `doc` is the path's documented name
/// (`DataDisk.N.Part.N.Device`), whose prefixes name the levels.
fn insert<'p>(root: &mut Node<'p>, path: Vec<Level<'p>>, doc: &str, info: RowInfo<'p>) {
    let mut node = root;
    // End of the current level's name in `doc`: its wire name, `.N` when indexed, and a
    // `.` before every level but the first.
    let mut end = 0;
    for (i, (wire, list)) in path.into_iter().enumerate() {
        end += usize::from(i > 0) + wire.len() + if list { 2 } else { 0 };
        let ix = match node.children.iter().position(|c| c.wire == wire) {
            Some(ix) => ix,
            None => {
                node.children.push(Node {
                    wire,
                    doc_name: doc.get(..end).unwrap_or(doc).to_string(),
                    ..Node::default()
                });
                node.children.len() - 1
            }
        };
        let Some(child) = node.children.get_mut(ix) else {
            return;
        };
        node = child;
        node.list |= list;
    }
    if node.row.is_none() {
        node.row = Some(info);
    }
}

/// Warns about sample parameters whose shape is still in `undocumented` (no row has it).
fn check_sample(sample: &RequestSample, undocumented: &FastSet<String>, ctx: &mut Ctx<'_>) {
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
    if undocumented.is_empty() {
        return;
    }
    let mut s = String::new();
    for p in &sample.params {
        if COMMON.contains(&p.name.as_str()) {
            continue;
        }
        shape_into(&p.name, &mut s);
        if !undocumented.contains(s.as_str()) {
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

/// [`shape`] of `name`, written into `out` (cleared first) so rows need no allocation.
fn shape_into(name: &str, out: &mut String) {
    out.clear();
    for (i, seg) in name.split('.').enumerate() {
        if i > 0 {
            out.push('.');
        }
        if seg.eq_ignore_ascii_case("n") || seg.bytes().all(|b| b.is_ascii_digit()) {
            out.push('n');
        } else {
            let start = out.len();
            out.push_str(seg);
            if let Some(added) = out.get_mut(start..) {
                added.make_ascii_lowercase();
            }
        }
    }
}

/// Turns a grouped node into a [`Param`].
fn finish(mut node: Node<'_>, ctx: &mut Ctx<'_>) -> Param {
    let line = node
        .row
        .as_ref()
        .map_or_else(|| first_line(&node), |r| r.line);
    let doc_ty = node.row.as_mut().map_or(DocType::Missing, |r| {
        std::mem::replace(&mut r.ty, DocType::Missing)
    });
    let row = node.row.as_ref();
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
            .map_or_else(|| node.wire.to_string(), str::to_string);
        let name = ctx.struct_name(&doc_name);
        let children: Vec<Param> = std::mem::take(&mut node.children)
            .into_iter()
            .map(|c| finish(c, ctx))
            .collect();
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
    let row = node.row.as_ref();
    Param {
        rust_name: ident::field_name(&node.wire),
        required: row.is_some_and(|r| r.required),
        example: row.and_then(|r| r.example).map(str::to_string),
        description: row.map(|r| r.description.to_string()).unwrap_or_default(),
        position: row.map_or(Position::Query, |r| r.position),
        wire_name: node.wire.into_owned(),
        doc_name: node.doc_name,
        ty,
        style,
        children,
        line,
    }
}

/// Line of the first documented descendant (for levels no row documents).
fn first_line(node: &Node<'_>) -> usize {
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
    for i in 1..params.len() {
        let (before, rest) = params.split_at_mut(i);
        let Some(p) = rest.first_mut() else { break };
        if !before.iter().any(|q| q.rust_name == p.rust_name) {
            continue;
        }
        let base = std::mem::take(&mut p.rust_name);
        for n in 2.. {
            let candidate = format!("{base}_{n}");
            if !before.iter().any(|q| q.rust_name == candidate) {
                p.rust_name = candidate;
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{levels, shape_into};
    use crate::lower::samples::shape;
    use std::borrow::Cow;

    #[test]
    fn shapes_match_the_sample_shapes() {
        let mut buf = String::from("stale");
        for name in [
            "Tag.1.Key",
            "A..N.Ü",
            "",
            ".",
            "SourceId.N",
            "DataDisk.n.Part.12.Device",
        ] {
            shape_into(name, &mut buf);
            assert_eq!(buf, shape(name), "{name:?}");
        }
    }

    fn levels_of(name: &str) -> Option<Vec<(String, bool)>> {
        let borrowed = levels(&Cow::Borrowed(name));
        let owned = levels(&Cow::Owned(name.to_string()));
        assert_eq!(borrowed, owned, "{name:?}");
        borrowed.map(|v| v.into_iter().map(|(w, l)| (w.into_owned(), l)).collect())
    }

    #[test]
    fn splits_levels() {
        assert_eq!(
            levels_of("DataDisk.N.Part.N.Device").unwrap(),
            vec![
                ("DataDisk".to_string(), true),
                ("Part".to_string(), true),
                ("Device".to_string(), false)
            ]
        );
        assert_eq!(
            levels_of("Filter.1.Key").unwrap()[0],
            ("Filter".to_string(), true)
        );
        assert_eq!(
            levels_of(" A . b ").unwrap(),
            vec![("A".to_string(), false), ("b".to_string(), false)]
        );
        assert!(levels_of("N.Key").is_none());
        assert!(levels_of("Not a name").is_none());
        assert!(levels_of("Tag..Key").is_none());
    }
}
