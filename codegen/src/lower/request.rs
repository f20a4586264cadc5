//! Request parameters: rows become a tree of [`Param`]s.
//!
//! Flattened wire names are grouped: `SourceId.N` is a list of scalars, `Tag.N.Key` a list
//! of structs with `Key`, `SystemDisk.Category` a struct, `DataDisk.N.Part.N.Device` nests
//! both. Explicit indexes (`Filter.1.Key`) count as `N`. Parent rows (`Tag.N|Array of Tag`,
//! `SystemDisk|Struct`) lend their description to the group, and `└Child` rows belong to the
//! row above them at the previous depth.

use super::samples::{RequestSample, SampleParam};
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

/// A parameter being grouped; row text is borrowed from the page.
#[derive(Debug, Default)]
struct Node<'p> {
    wire: String,
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
type Level = (String, bool);

/// The levels of a documented name: `DataDisk.N.Part.N.Device` → `(DataDisk, list),
/// (Part, list), (Device, scalar)`. `None` when `name` is not a parameter name.
fn levels(name: &str) -> Option<Vec<Level>> {
    let mut out: Vec<Level> = Vec::new();
    for seg in name.split('.').map(str::trim) {
        if seg.eq_ignore_ascii_case("n")
            || (!seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()))
        {
            out.last_mut()?.1 = true;
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

/// Lowers the request section; `None` (with an error) when its tables have no name column.
/// A section without any table ("This operation uses only common request parameters.")
/// gives no parameters.
pub(crate) fn lower(
    section: &Section,
    ctx: &mut Ctx<'_>,
    sample: Option<&RequestSample>,
) -> Option<Vec<Param>> {
    let Some((tbl, cols)) = table::find(&section.tables, Columns::of) else {
        if section.tables.is_empty() {
            ctx.diags.warn(
                section.heading.line,
                "no-request-table",
                "request parameters section has no table; the action takes only common parameters",
            );
            if let Some(sample) = sample {
                check_sample(sample, &Undocumented::new(sample), ctx);
            }
            return Some(Vec::new());
        }
        ctx.diags.error(
            section.heading.line,
            "missing-table",
            "request parameters section has no table with a name column",
        );
        return None;
    };
    let mut root = Node::default();
    // The sample's parameters, each with whether a row has documented its shape yet.
    let mut undocumented = sample.map(Undocumented::new).unwrap_or_default();
    // Full names (`Tag.N.Key`) of the rows so far.
    let mut seen_full: HashSet<String> = HashSet::new();
    // The path of the last row at each `└` depth, for the child rows below it.
    let mut at_depth: Vec<Vec<Level>> = Vec::new();
    // Only tables with `└` rows look paths up by depth; others skip keeping them.
    let marks = tbl.rows().any(|r| cell(&r, cols.name).contains('└'));
    let mut full_name = String::new();
    let mut path: Vec<Level> = Vec::new();
    // A ROA request documents its JSON body's members as plain rows after their container;
    // the body sample says which container each belongs to.
    let body: Option<serde_json::Value> = sample
        .and_then(|s| s.body)
        .filter(|_| !marks)
        .and_then(|b| serde_json::from_str(b).ok());
    let mut scopes = body
        .as_ref()
        .and_then(|b| b.as_object())
        .map(BodyScopes::new);
    for row in tbl.rows() {
        let row = &row;
        let (depth, name) = table::row_name(cell(row, cols.name));
        let line = row.line;
        if name.is_empty() {
            continue;
        }
        undocumented.strike(&name);
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
        path.clear();
        if let Some(parent) = depth.checked_sub(1).and_then(|d| at_depth.get(d)) {
            path.extend_from_slice(parent);
        }
        let in_body = !name.bytes().any(|b| b == b'.');
        if let Some(parent) = scopes
            .as_mut()
            .filter(|_| in_body)
            .and_then(|s| s.parent(&name))
        {
            path.extend_from_slice(parent);
        }
        let Some(own) = levels(&name) else {
            ctx.diags.warn(
                line,
                "invalid-param-name",
                format!("`{name}` is not a parameter name; row skipped"),
            );
            continue;
        };
        path.extend(own);
        if let Some(scopes) = scopes.as_mut().filter(|_| in_body) {
            scopes.open(&path, &name);
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
        insert(&mut root, path.drain(..), &full_name, info);
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
fn insert<'p>(
    root: &mut Node<'p>,
    path: impl Iterator<Item = Level>,
    doc: &str,
    info: RowInfo<'p>,
) {
    let mut node = root;
    // End of the current level's name in `doc`: its wire name, `.N` when indexed, and a
    // `.` before every level but the first.
    let mut end = 0;
    for (i, (wire, list)) in path.enumerate() {
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

/// The containers of a ROA request's JSON body sample that the rows so far have opened,
/// innermost last: each one's path and its sample object (a list's first object).
struct BodyScopes<'v> {
    root: &'v serde_json::Map<String, serde_json::Value>,
    open: Vec<(Vec<Level>, &'v serde_json::Map<String, serde_json::Value>)>,
}

impl<'v> BodyScopes<'v> {
    fn new(root: &'v serde_json::Map<String, serde_json::Value>) -> Self {
        BodyScopes {
            root,
            open: Vec::new(),
        }
    }

    /// Path of the innermost open container whose sample holds `name` (closing the inner
    /// ones that do not); `None` at the top level.
    fn parent(&mut self, name: &str) -> Option<&[Level]> {
        while self
            .open
            .last()
            .is_some_and(|(_, obj)| !obj.contains_key(name))
        {
            self.open.pop();
        }
        self.open.last().map(|(p, _)| p.as_slice())
    }

    /// Opens the row at `path` (just placed in the innermost open container, or at the top)
    /// when its sample value is an object or a list of objects.
    fn open(&mut self, path: &[Level], name: &str) {
        let scope = self.open.last().map_or(self.root, |(_, obj)| *obj);
        let (obj, list) = match scope.get(name) {
            Some(serde_json::Value::Object(obj)) => (obj, false),
            Some(serde_json::Value::Array(items)) => match items.first() {
                Some(serde_json::Value::Object(obj)) => (obj, true),
                _ => return,
            },
            _ => return,
        };
        let mut path = path.to_vec();
        if let Some(last) = path.last_mut() {
            last.1 |= list;
        }
        self.open.push((path, obj));
    }
}

/// The sample request's parameters, each with its shape (see [`shape`]) and whether a row
/// has documented that shape yet.
#[derive(Default)]
struct Undocumented<'s> {
    params: Vec<(&'s SampleParam<'s>, String, bool)>,
    /// How many are still undocumented.
    left: usize,
}

impl<'s> Undocumented<'s> {
    /// Every parameter of `sample` but the common ones, none documented yet.
    fn new(sample: &'s RequestSample<'s>) -> Undocumented<'s> {
        let params: Vec<_> = sample
            .params
            .iter()
            .filter(|p| !COMMON.contains(&p.name))
            .map(|p| (p, shape(p.name), false))
            .collect();
        let left = params.len();
        Undocumented { params, left }
    }

    /// Marks the parameters with the shape of the documented `name` as documented.
    fn strike(&mut self, name: &str) {
        if self.left == 0 {
            return;
        }
        let documented = shape(name);
        for (_, shape, done) in &mut self.params {
            if !*done && *shape == documented {
                *done = true;
                self.left -= 1;
            }
        }
    }
}

/// Warns about sample parameters whose shape no row has documented.
fn check_sample(sample: &RequestSample, undocumented: &Undocumented<'_>, ctx: &mut Ctx<'_>) {
    if let Some((action, line)) = &sample.action {
        if *action != ctx.action {
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
    for (p, _, done) in &undocumented.params {
        if *done {
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

/// `name`'s shape: its segments joined by `.`, indexes (`N`, `n` or digits, none at all
/// included) as `n`, the rest in ASCII lowercase (`Tag.1.Key` → `tag.n.key`).
fn shape(name: &str) -> String {
    let segs: Vec<String> = name
        .split('.')
        .map(|seg| {
            if seg.eq_ignore_ascii_case("n") || seg.bytes().all(|b| b.is_ascii_digit()) {
                "n".to_string()
            } else {
                seg.to_ascii_lowercase()
            }
        })
        .collect();
    segs.join(".")
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
        wire_name: node.wire,
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
    use super::{levels, shape};

    #[test]
    fn shapes_ignore_case_and_index_spelling() {
        assert_eq!(shape("Tag.1.Key"), "tag.n.key");
        assert_eq!(shape("tag.N.KEY"), "tag.n.key");
        assert_eq!(
            shape("DataDisk.n.Part.12.Device"),
            "datadisk.n.part.n.device"
        );
        assert_eq!(shape("A..N.Ü"), "a.n.n.Ü");
        assert_ne!(shape("SourceId.N"), shape("SourceId"));
    }

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
        assert_eq!(
            levels(" A . b ").unwrap(),
            vec![("A".to_string(), false), ("b".to_string(), false)]
        );
        assert!(levels("N.Key").is_none());
        assert!(levels("Not a name").is_none());
        assert!(levels("Tag..Key").is_none());
    }
}
