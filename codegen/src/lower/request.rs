//! Request parameters: rows become a tree of [`Param`]s.
//!
//! Flattened wire names are grouped: `SourceId.N` is a list of scalars, `Tag.N.Key` a list
//! of structs with `Key`, `SystemDisk.Category` a struct, `DataDisk.N.Part.N.Device` nests
//! both. Explicit indexes (`Filter.1.Key`) count as `N`. Parent rows (`Tag.N|Array of Tag`,
//! `SystemDisk|Struct`) lend their description to the group, and `└Child` rows belong to the
//! row above them at the previous depth.
//!
//! Later tables of the section, and those of a `RequestBody` section, are read too: a table
//! whose introduction names a struct or list row (`the Configuration data type`), or whose
//! first row names such a row's item (`Tag|N/A|N/A`), holds that row's members; one that
//! names a parameter sent as one value (a JSON string) describes that value and is left out;
//! the others (`the following parameters in RequestBody`) hold more parameters.

use super::samples::{RequestSample, SampleParam};
use super::table::{self, cell, cell_line, Columns, DocType};
use super::{values, vocab};
use super::{Ctx, MAX_DEPTH};
use crate::depth;
use crate::dialect::{Row, Section, Table};
use crate::ident;
use crate::ir::{Param, ParamStyle, Position, Type};
use crate::names;
use serde_json::{Map, Value};
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

/// Lowers the request section and the request-body section (`body`); `None` (with an error)
/// when their tables have no name column.
pub(crate) fn lower(
    section: &Section,
    body: Option<&Section>,
    ctx: &mut Ctx<'_>,
    sample: Option<&RequestSample>,
) -> Option<Vec<Param>> {
    let tables = param_tables(section, body);
    if tables.is_empty() {
        return without_table(section, body, ctx, sample);
    }
    // A ROA request documents its JSON body's members as plain rows after their container;
    // the body sample says which container each belongs to.
    let body_sample: Option<Value> = sample
        .and_then(|s| s.body)
        .and_then(|b| serde_json::from_str(b).ok());
    let mut reader = Reader {
        root: Node::default(),
        seen_full: HashSet::new(),
        undocumented: sample.map(Undocumented::new).unwrap_or_default(),
        described: HashSet::new(),
        last: None,
    };
    for (i, pt) in tables.iter().enumerate() {
        let anchor = match i {
            0 => Anchor::Top,
            _ => reader.anchor_of(pt),
        };
        match anchor {
            Anchor::Top => reader.read_table(pt, Vec::new(), body_sample.as_ref(), ctx),
            Anchor::Under(path) => reader.read_table(pt, path, None, ctx),
            Anchor::Skip => reader.describe(pt),
        }
    }
    if let Some(sample) = sample {
        check_sample(sample, &reader.undocumented, ctx);
    }
    let mut params: Vec<Param> = reader
        .root
        .children
        .into_iter()
        .map(|n| finish(n, ctx))
        .collect();
    names::dedupe_fields(params.iter_mut().map(|p| &mut p.rust_name));
    Some(params)
}

/// A parameter table and what the page says around it.
struct ParamTable<'p> {
    table: &'p Table,
    cols: Columns,
    /// The words of the prose between the previous table (or the heading) and this one.
    intro: HashSet<&'p str>,
    /// Whether its rows are members of a ROA request body: it is in a `RequestBody` section,
    /// or its introduction says `RequestBody`.
    body: bool,
    /// Whether it adds parameters of its own: its introduction says `RequestBody`, or it is
    /// the first table of a `RequestBody` section.
    more: bool,
}

/// The parameter tables of the request section, then of the request-body section: the first
/// table with a name column, and every later one with a name and a type column (a table of
/// valid values or features has no type column).
fn param_tables<'p>(section: &'p Section, body: Option<&'p Section>) -> Vec<ParamTable<'p>> {
    let mut out: Vec<ParamTable<'p>> = Vec::new();
    let sections = std::iter::once((section, false)).chain(body.map(|b| (b, true)));
    for (sec, in_body) in sections {
        let mut after = sec.heading.line;
        let mut first = true;
        for table in &sec.tables {
            let intro: Vec<&str> = sec
                .paragraphs
                .iter()
                .filter(|p| p.line > after && p.line < table.line)
                .map(|p| p.text.as_str())
                .collect();
            after = table.rows().last().map_or(table.line, |r| r.line);
            let Some(cols) = Columns::of(&table.header) else {
                continue;
            };
            if !out.is_empty() && cols.ty.is_none() {
                continue;
            }
            let says_body = intro.iter().any(|t| vocab::key(t).contains("requestbody"));
            let intro = intro
                .iter()
                .flat_map(|t| t.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')))
                .filter(|w| !w.is_empty())
                .collect();
            out.push(ParamTable {
                table,
                cols,
                intro,
                body: in_body || says_body,
                more: says_body || (in_body && first),
            });
            first = false;
        }
    }
    out
}

/// Where the rows of a table go.
enum Anchor {
    /// At the top level.
    Top,
    /// Among the members of the parameter at this path.
    Under(Vec<Level>),
    /// Nowhere: the table describes the content of a parameter sent as one value.
    Skip,
}

/// The parameter tree as the tables fill it.
struct Reader<'p, 's> {
    root: Node<'p>,
    /// Full names (`Tag.N.Key`) of the rows so far.
    seen_full: HashSet<String>,
    /// The sample's parameters, each with whether a row has documented its shape yet.
    undocumented: Undocumented<'s>,
    /// Names of the rows of left-out tables, whose own member tables are left out too.
    described: HashSet<String>,
    /// The path of the last row read.
    last: Option<Vec<Level>>,
}

impl<'p> Reader<'p, '_> {
    /// Where a table after the first goes: under the struct or list row its introduction
    /// names or whose item its first row names; at the top level when it adds parameters
    /// (of a request body); nowhere when its introduction names another row (a value sent
    /// whole, or a member of one); under the struct or list row just before it, when that
    /// has no members yet; else at the top level.
    fn anchor_of(&self, pt: &ParamTable<'p>) -> Anchor {
        if let Some(path) = pt
            .table
            .row(0)
            .and_then(|r| self.item_of(r, &pt.cols, None))
        {
            return Anchor::Under(path);
        }
        let named = |node: &Node<'_>| {
            pt.intro.contains(node.wire.as_str())
                || type_name(node).is_some_and(|t| pt.intro.contains(t))
        };
        if let Some(path) = find(&self.root, &|n| is_container(n) && named(n)) {
            return Anchor::Under(path);
        }
        if pt.more {
            return Anchor::Top;
        }
        let names_other = find(&self.root, &|n| n.row.is_some() && named(n)).is_some()
            || self.described.iter().any(|n| pt.intro.contains(n.as_str()));
        if names_other {
            return Anchor::Skip;
        }
        let before = self
            .last
            .as_deref()
            .and_then(|p| Some((p, node_at(&self.root, p)?)));
        match before {
            Some((path, node)) if is_container(node) && node.children.is_empty() => {
                Anchor::Under(with_level_of(path, node))
            }
            _ => Anchor::Top,
        }
    }

    /// Notes the names of a left-out table's rows.
    fn describe(&mut self, pt: &ParamTable<'p>) {
        for row in pt.table.rows() {
            let (_, name) = table::row_name(cell(row, pt.cols.name));
            if !name.is_empty() {
                self.described.insert(name);
            }
        }
    }

    /// Reads a table's rows into the tree, below `anchor`; `sample_body` (the ROA body
    /// sample) says which container each row of a table without marks belongs to.
    fn read_table(
        &mut self,
        pt: &ParamTable<'p>,
        mut anchor: Vec<Level>,
        sample_body: Option<&Value>,
        ctx: &mut Ctx<'_>,
    ) {
        let cols = &pt.cols;
        let marks = pt.table.rows().any(|r| cell(r, cols.name).contains('└'));
        let mut paths = Paths::new(marks, sample_body.and_then(Value::as_object));
        let position = match pt.body {
            true => Position::Body,
            false => Position::Query,
        };
        // The path of the previous row, whose item the next row may name.
        let mut previous: Option<Vec<Level>> = None;
        for row in pt.table.rows() {
            let (depth, name) = table::row_name(cell(row, cols.name));
            if name.is_empty() {
                continue;
            }
            self.undocumented.strike(&name);
            // `Action` and the common parameters at the top level; a member may be so named.
            let top = anchor.is_empty() && depth == 0;
            if top && name == "Action" {
                let example = cell(row, cols.example);
                check_action_example(example, cell_line(row, cols.example), ctx);
                continue;
            }
            if top && COMMON.contains(&name.as_str()) {
                continue;
            }
            if let Some(path) = self.item_of(row, cols, previous.as_deref()) {
                anchor = path;
                paths = Paths::new(marks, None);
                previous = None;
                continue;
            }
            let example = container_example(row, cols);
            let Some(placed) = paths.place(depth, &name, example.as_ref()) else {
                let message = format!("`{name}` is not a parameter name; row skipped");
                ctx.diags.warn(row.line, "invalid-param-name", message);
                continue;
            };
            let path: Vec<Level> = anchor.iter().cloned().chain(placed).collect();
            let full_name = full_name(&path);
            if path.len() > MAX_DEPTH {
                let what = format!("parameter `{}`", depth::shorten(&full_name));
                depth::report(ctx.diags, row.line, &what);
                break;
            }
            self.undocumented.strike(&full_name);
            if !self.seen_full.insert(full_name.clone()) && !has_index(&name) {
                let message =
                    format!("parameter `{name}` is documented twice; the first row is kept");
                ctx.diags.warn(row.line, "duplicate-param", message);
                continue;
            }
            let info = row_info(row, cols, position, ctx);
            insert(&mut self.root, path.clone(), &full_name, info);
            self.last = Some(path.clone());
            previous = Some(path);
        }
    }

    /// The path of the struct or list whose item `row` names: a row without a type
    /// (`Tag|N/A|N/A`) named for the element type of a struct or list row still without
    /// members (`Tags|Array of Tag`), or, right after such a row, for a shorter form of its
    /// name (`Rules|Array`, then `Rule|N/A`).
    fn item_of(&self, row: &Row, cols: &Columns, previous: Option<&[Level]>) -> Option<Vec<Level>> {
        let (depth, name) = table::row_name(cell(row, cols.name));
        let untyped = matches!(vocab::key(cell(row, cols.ty)).as_str(), "" | "na" | "none");
        if depth > 0 || !untyped || name.is_empty() || name.contains('.') {
            return None;
        }
        let empty = |n: &Node<'_>| is_container(n) && n.children.is_empty();
        if let Some(path) = find(&self.root, &|n| empty(n) && type_name(n) == Some(&name)) {
            return Some(path);
        }
        let previous = previous?;
        let node = node_at(&self.root, previous).filter(|n| empty(n))?;
        let shorter = node.wire.len() > name.len()
            && node
                .wire
                .get(..name.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(&name));
        shorter.then(|| with_level_of(previous, node))
    }
}

/// The element type a struct or list row names: `X` of `Array of X`, or a type of its own
/// (`Configuration.N|Configuration`).
fn type_name<'n>(node: &'n Node<'_>) -> Option<&'n str> {
    match &node.row.as_ref()?.ty {
        DocType::Unknown(t) => Some(t.as_str()),
        ty => ty.element_name(),
    }
}

/// True for a row that may have members: a struct, a list of unstated or named items, or a
/// type the page names (`Configuration`).
fn is_container(node: &Node<'_>) -> bool {
    node.row.as_ref().is_some_and(|r| match &r.ty {
        DocType::Unknown(t) => t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
        ty => ty.is_container(),
    })
}

/// The path of the first node (depth first, in page order) that `pred` accepts (see
/// [`level_of`]).
fn find(node: &Node<'_>, pred: &dyn Fn(&Node<'_>) -> bool) -> Option<Vec<Level>> {
    node.children.iter().find_map(|child| {
        let level = level_of(child);
        if pred(child) {
            return Some(vec![level]);
        }
        find(child, pred).map(|mut rest| {
            rest.insert(0, level);
            rest
        })
    })
}

/// The path level of `node`: its name, indexed when its name or its row's type says it is a
/// list (the members of `Rules|Array of Rule` are `Rules.N.Match`).
fn level_of(node: &Node<'_>) -> Level {
    let typed_list = node.row.as_ref().is_some_and(|r| r.ty.is_list());
    (node.wire.clone(), node.list || typed_list)
}

/// `path` (of `node`) with its last level as [`level_of`] `node` says.
fn with_level_of(path: &[Level], node: &Node<'_>) -> Vec<Level> {
    let mut path = path.to_vec();
    if let Some(last) = path.last_mut() {
        *last = level_of(node);
    }
    path
}

/// The node at `path`.
fn node_at<'a, 'p>(root: &'a Node<'p>, path: &[Level]) -> Option<&'a Node<'p>> {
    path.iter().try_fold(root, |node, (wire, _)| {
        node.children.iter().find(|c| &c.wire == wire)
    })
}

/// The Example cell of a struct or list row when it is a JSON object (or a list of them):
/// the rows after it named for its keys are its members.
fn container_example(row: &Row, cols: &Columns) -> Option<Value> {
    if !DocType::parse(cell(row, cols.ty)).is_container() {
        return None;
    }
    let value: Value = serde_json::from_str(cell(row, cols.example)).ok()?;
    let object = match &value {
        Value::Array(items) => items.first(),
        v => Some(v),
    };
    object.is_some_and(Value::is_object).then_some(value)
}

/// The parameters of a section without a parameter table: none when it (and the request-body
/// section) has no table at all ("This operation uses only common request parameters.");
/// `None`, with an error, when their tables have no name column.
fn without_table(
    section: &Section,
    body: Option<&Section>,
    ctx: &mut Ctx<'_>,
    sample: Option<&RequestSample>,
) -> Option<Vec<Param>> {
    if !section.tables.is_empty() || body.is_some_and(|b| !b.tables.is_empty()) {
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

/// What a parameter row documents (an unknown position is a warning, and Query; an empty
/// one is `default`).
fn row_info<'p>(row: &'p Row, cols: &Columns, default: Position, ctx: &mut Ctx<'_>) -> RowInfo<'p> {
    let position_text = cell(row, cols.position);
    let stated = match position_text.trim() {
        "" => Some(default),
        text => table::position(text),
    };
    let position = stated.unwrap_or_else(|| {
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
/// depth, or into the container of the ROA body sample (or of a struct row's JSON example)
/// that holds them.
struct Paths {
    /// Whether the table marks depths with `└`.
    marks: bool,
    /// The path of the last row at each `└` depth.
    at_depth: Vec<Vec<Level>>,
    /// The samples' open containers (tables without marks only).
    scopes: Option<BodyScopes>,
}

impl Paths {
    /// Paths for a table that marks depths (`marks`) or not, whose top level the object
    /// `body` (the ROA body sample) may describe.
    fn new(marks: bool, body: Option<&Map<String, Value>>) -> Paths {
        Paths {
            marks,
            at_depth: Vec::new(),
            scopes: (!marks).then(|| BodyScopes::new(body.cloned().unwrap_or_default())),
        }
    }

    /// The full path of the row `name` at `└` depth `depth`, whose Example cell may show its
    /// members (`example`); `None` when `name` is not a parameter name.
    fn place(&mut self, depth: usize, name: &str, example: Option<&Value>) -> Option<Vec<Level>> {
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
            scopes.open(&path, name, example);
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

/// The containers of a ROA request's JSON body sample (or of a struct row's JSON example)
/// that the rows so far have opened, innermost last: each one's path and its sample object (a
/// list's first object).
struct BodyScopes {
    root: Map<String, Value>,
    open: Vec<(Vec<Level>, Map<String, Value>)>,
}

impl BodyScopes {
    fn new(root: Map<String, Value>) -> Self {
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
    /// when its sample value, or else its own `example`, is an object or a list of objects.
    fn open(&mut self, path: &[Level], name: &str, example: Option<&Value>) {
        let scope = self.open.last().map_or(&self.root, |(_, obj)| obj);
        let (obj, list) = match scope.get(name).or(example) {
            Some(Value::Object(obj)) => (obj.clone(), false),
            Some(Value::Array(items)) => match items.first() {
                Some(Value::Object(obj)) => (obj.clone(), true),
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
    let description = row.map(|r| r.description.to_string()).unwrap_or_default();
    Param {
        rust_name: ident::field_name(&node.wire),
        required: row.is_some_and(|r| r.required),
        example: row.and_then(|r| r.example).map(str::to_string),
        values: values::documented(&ty, &description),
        description,
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
