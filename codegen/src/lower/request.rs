//! Request parameters: rows become a tree of [`Param`]s.
//!
//! Flattened wire names are grouped: `SourceId.N` is a list of scalars, `Tag.N.Key` a list
//! of structs with `Key`, `SystemDisk.Category` a struct, `DataDisk.N.Part.N.Device` nests
//! both. Explicit indexes (`Filter.1.Key`) count as `N`. Parent rows (`Tag.N|Array of Tag`,
//! `SystemDisk|Struct`) lend their description to the group, and `└Child` rows belong to the
//! row above them at the previous depth.

use super::samples::{RequestSample, SampleParam};
use super::table::{self, cell, cell_line, Columns, DocType};
use super::{Ctx, MAX_DEPTH};
use crate::depth;
use crate::dialect::{Row, Section};
use crate::ident;
use crate::ir::{Param, ParamStyle, Position, Type};
use crate::names;
use serde_json::Value;
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
pub(crate) fn lower(
    section: &Section,
    ctx: &mut Ctx<'_>,
    sample: Option<&RequestSample>,
) -> Option<Vec<Param>> {
    let Some((tbl, cols)) = table::find(&section.tables, Columns::of) else {
        return without_table(section, ctx, sample);
    };
    let marks = tbl.rows().any(|r| cell(r, cols.name).contains('└'));
    // A ROA request documents its JSON body's members as plain rows after their container;
    // the body sample says which container each belongs to.
    let body: Option<Value> = sample
        .and_then(|s| s.body)
        .filter(|_| !marks)
        .and_then(|b| serde_json::from_str(b).ok());
    let mut paths = Paths {
        marks,
        at_depth: Vec::new(),
        scopes: body
            .as_ref()
            .and_then(Value::as_object)
            .map(BodyScopes::new),
    };
    // The sample's parameters, each with whether a row has documented its shape yet.
    let mut undocumented = sample.map(Undocumented::new).unwrap_or_default();
    // Full names (`Tag.N.Key`) of the rows so far.
    let mut seen_full: HashSet<String> = HashSet::new();
    let mut root = Node::default();
    for row in tbl.rows() {
        let (depth, name) = table::row_name(cell(row, cols.name));
        if name.is_empty() {
            continue;
        }
        undocumented.strike(&name);
        if name == "Action" {
            let example = cell(row, cols.example);
            check_action_example(example, cell_line(row, cols.example), ctx);
            continue;
        }
        if COMMON.contains(&name.as_str()) {
            continue;
        }
        let Some(path) = paths.place(depth, &name) else {
            let message = format!("`{name}` is not a parameter name; row skipped");
            ctx.diags.warn(row.line, "invalid-param-name", message);
            continue;
        };
        let full_name = full_name(&path);
        if path.len() > MAX_DEPTH {
            let what = format!("parameter `{}`", depth::shorten(&full_name));
            depth::report(ctx.diags, row.line, &what);
            break;
        }
        if !seen_full.insert(full_name.clone()) && !has_index(&name) {
            let message = format!("parameter `{name}` is documented twice; the first row is kept");
            ctx.diags.warn(row.line, "duplicate-param", message);
            continue;
        }
        insert(&mut root, path, &full_name, row_info(row, &cols, ctx));
    }
    if let Some(sample) = sample {
        check_sample(sample, &undocumented, ctx);
    }
    let mut params: Vec<Param> = root.children.into_iter().map(|n| finish(n, ctx)).collect();
    names::dedupe_fields(params.iter_mut().map(|p| &mut p.rust_name));
    Some(params)
}

/// The parameters of a section without a parameter table: none when it has no table at all
/// ("This operation uses only common request parameters."); `None`, with an error, when its
/// tables have no name column.
fn without_table(
    section: &Section,
    ctx: &mut Ctx<'_>,
    sample: Option<&RequestSample>,
) -> Option<Vec<Param>> {
    if !section.tables.is_empty() {
        ctx.diags.error(
            section.heading.line,
            "missing-table",
            "request parameters section has no table with a name column",
        );
        return None;
    }
    ctx.diags.warn(
        section.heading.line,
        "no-request-table",
        "request parameters section has no table; the action takes only common parameters",
    );
    if let Some(sample) = sample {
        check_sample(sample, &Undocumented::new(sample), ctx);
    }
    Some(Vec::new())
}

/// Warns when the `Action` row's example names another action than the title.
fn check_action_example(example: &str, line: usize, ctx: &mut Ctx<'_>) {
    if !example.is_empty() && example != ctx.action {
        ctx.diags.warn(
            line,
            "action-mismatch",
            format!("Action row says `{example}`, the title `{}`", ctx.action),
        );
    }
}

/// What a parameter row documents (an unknown position is a warning, and Query).
fn row_info<'p>(row: &'p Row, cols: &Columns, ctx: &mut Ctx<'_>) -> RowInfo<'p> {
    let position_text = cell(row, cols.position);
    let position = table::position(position_text).unwrap_or_else(|| {
        ctx.diags.warn(
            cell_line(row, cols.position),
            "unknown-position",
            format!("unknown position `{position_text}`; assuming Query"),
        );
        Position::Query
    });
    RowInfo {
        ty: DocType::parse(cell(row, cols.ty)),
        required: table::required(cell(row, cols.required)),
        example: table::example(cell(row, cols.example)),
        description: cell(row, cols.description),
        position,
        line: row.line,
        type_line: cell_line(row, cols.ty),
    }
}

/// Where rows go besides their own name's levels: below the last row at the previous `└`
/// depth, or into the container of the ROA body sample that holds them.
struct Paths<'v> {
    /// Whether the table marks depths with `└`.
    marks: bool,
    /// The path of the last row at each `└` depth.
    at_depth: Vec<Vec<Level>>,
    /// The body sample's open containers (tables without marks only).
    scopes: Option<BodyScopes<'v>>,
}

impl Paths<'_> {
    /// The full path of the row `name` at `└` depth `depth`; `None` when `name` is not a
    /// parameter name.
    fn place(&mut self, depth: usize, name: &str) -> Option<Vec<Level>> {
        let mut path = depth
            .checked_sub(1)
            .and_then(|d| self.at_depth.get(d))
            .cloned()
            .unwrap_or_default();
        let in_body = !name.contains('.');
        if let Some(parent) = self
            .scopes
            .as_mut()
            .filter(|_| in_body)
            .and_then(|s| s.parent(name))
        {
            path.extend_from_slice(parent);
        }
        path.extend(levels(name)?);
        if let Some(scopes) = self.scopes.as_mut().filter(|_| in_body) {
            scopes.open(&path, name);
        }
        if self.marks {
            self.at_depth.truncate(depth);
            self.at_depth.push(path.clone());
        }
        Some(path)
    }
}

/// The documented name of a path: `DataDisk.N.Part.N.Device`.
fn full_name(path: &[Level]) -> String {
    let levels: Vec<String> = path
        .iter()
        .map(|(wire, list)| match list {
            true => format!("{wire}.N"),
            false => wire.clone(),
        })
        .collect();
    levels.join(".")
}

/// True when the name uses explicit indexes (`Filter.1.Key`), which legitimately repeat.
fn has_index(name: &str) -> bool {
    name.split('.')
        .any(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
}

/// Puts a row at `path`, creating the levels above it; `doc` is the path's documented name
/// (`DataDisk.N.Part.N.Device`), whose prefixes name the levels.
fn insert<'p>(root: &mut Node<'p>, path: Vec<Level>, doc: &str, info: RowInfo<'p>) {
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

/// The containers of a ROA request's JSON body sample that the rows so far have opened,
/// innermost last: each one's path and its sample object (a list's first object).
struct BodyScopes<'v> {
    root: &'v serde_json::Map<String, Value>,
    open: Vec<(Vec<Level>, &'v serde_json::Map<String, Value>)>,
}

impl<'v> BodyScopes<'v> {
    fn new(root: &'v serde_json::Map<String, Value>) -> Self {
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
            Some(Value::Object(obj)) => (obj, false),
            Some(Value::Array(items)) => match items.first() {
                Some(Value::Object(obj)) => (obj, true),
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
    let (ty, style, mut children) = if node.children.is_empty() {
        let type_line = node.row.as_ref().map_or(line, |r| r.type_line);
        let (ty, style) = leaf(&doc_ty, node.list, &node.doc_name, type_line, ctx);
        (ty, style, Vec::new())
    } else {
        group(&mut node, &doc_ty, ctx)
    };
    names::dedupe_fields(children.iter_mut().map(|p| &mut p.rust_name));
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

/// The type and style of a parameter without members: its documented type (a list of it when
/// the name is indexed); with a warning, JSON for an unknown type, String for a missing one.
fn leaf(
    doc_ty: &DocType,
    indexed: bool,
    doc_name: &str,
    type_line: usize,
    ctx: &mut Ctx<'_>,
) -> (Type, ParamStyle) {
    let leaf = doc_ty.leaf().unwrap_or_else(|| match doc_ty {
        DocType::Unknown(t) => {
            let message = format!("unknown type `{t}` for `{doc_name}`; kept as JSON");
            ctx.diags.warn(type_line, "unknown-type", message);
            Type::Json
        }
        _ => {
            let message = format!("no type for `{doc_name}`; assuming String");
            ctx.diags.warn(type_line, "missing-type", message);
            Type::String
        }
    });
    if indexed {
        let item = match leaf {
            Type::List { item } => *item,
            other => other,
        };
        return (list(item), ParamStyle::RepeatList);
    }
    let style = match leaf {
        Type::List { .. } => ParamStyle::RepeatList,
        Type::Json => ParamStyle::Json,
        _ => ParamStyle::Flat,
    };
    (leaf, style)
}

/// The struct type of a parameter with members (a list of them when the name is indexed or
/// the row documents a list), its style and its members.
fn group(
    node: &mut Node<'_>,
    doc_ty: &DocType,
    ctx: &mut Ctx<'_>,
) -> (Type, ParamStyle, Vec<Param>) {
    let doc_name = doc_ty
        .element_name()
        .map_or_else(|| node.wire.clone(), str::to_string);
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
        (list(st), ParamStyle::RepeatList, children)
    } else {
        (st, ParamStyle::Dotted, children)
    }
}

/// A list of `item`s.
fn list(item: Type) -> Type {
    Type::List {
        item: Box::new(item),
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
