//! The response tree: the table's implicit nesting reconciled with the JSON sample.
//!
//! The table lists fields depth-first without end markers: a container row
//! (`ReplicationJobs|Array of ReplicationJob`, `Struct`, or a bare row with no type) is
//! followed by its members, and nothing says where the group ends. Rows are placed by
//! looking their names up in the JSON sample (the real tree) from the innermost open scope
//! outwards; rows the sample lacks stay in the current scope unless they break the
//! alphabetical order fields are listed in, which closes the scope. `└` prefixes bound the
//! depth. The sample then decides each field's shape (wrapper objects such as
//! `{"ReplicationJobs":{"ReplicationJob":[...]}}` included), and its keys the table misses
//! are added; but where a hand-drawn sample contradicts a row's type, the type (stated by
//! the API metadata) wins: a documented scalar stays one beside a sample object or array no
//! row documents members of, a documented list stays one beside a JSON object drawn as its
//! one element, and a `Map` keeps its keys as data. [`place`] puts the rows in the tree,
//! [`resolve`] turns the tree into fields.
//!
//! When the JSON sample is missing or unusable, the XML sample (see
//! [`samples::read_response`]) takes its place. XML cannot tell a list of one element from
//! the element itself, so there a lone element is a list where the table documents a list,
//! where it is the only content of a wrapper, or where it is a level the table omits around
//! documented fields.

mod place;
mod resolve;

use super::samples::{self, Picked};
use super::table::{self, Columns, DocType};
use super::{Ctx, MAX_DEPTH};
use crate::depth;
use crate::dialect::{CodeBlock, Section, Table};
use crate::ir::{Field, Type};
use serde_json::{Map, Value};

/// A documenting row; its text borrowed from the page.
#[derive(Debug)]
struct RowInfo<'j> {
    ty: DocType,
    example: Option<&'j str>,
    description: &'j str,
    line: usize,
    type_line: usize,
}

/// A node of the tree being built; its row's text is borrowed from the page, its values from
/// the sample.
#[derive(Debug, Default)]
struct Node<'j> {
    wire: String,
    row: Option<RowInfo<'j>>,
    /// Every value the sample has at this place (several for list elements).
    json: Vec<&'j Value>,
    children: Vec<usize>,
    /// Element name from a bare row under an unwrapped JSON array.
    element: Option<String>,
    /// Created to hold sample wrapping the table omits.
    implicit: bool,
}

impl Node<'_> {
    fn bare(&self) -> bool {
        self.row.as_ref().is_none_or(|r| r.ty == DocType::Missing)
    }
    fn listish(&self) -> bool {
        self.row.as_ref().is_some_and(|r| r.ty.is_list())
    }
}

/// The objects among `vals` (objects themselves and object elements of arrays).
fn objects<'a, 'j>(vals: &'a [&'j Value]) -> impl Iterator<Item = &'j Map<String, Value>> + 'a {
    vals.iter().flat_map(|&v| {
        let (own, items) = match v {
            Value::Object(m) => (Some(m), &[][..]),
            Value::Array(items) => (None, items.as_slice()),
            _ => (None, &[][..]),
        };
        own.into_iter()
            .chain(items.iter().filter_map(Value::as_object))
    })
}

/// Whether `v` holds named fields (`Some(true)`: an object or array of objects, other than
/// a lone wrapper around scalars such as `{"IpAddress": ["10.0.0.1"]}`), only scalars
/// (`Some(false)`), or cannot tell (`None`: null, empty arrays).
fn has_fields(v: &Value) -> Option<bool> {
    match v {
        Value::Null => None,
        Value::Array(items) => {
            let mut verdict = None;
            for item in items {
                match has_fields(item) {
                    Some(true) => return Some(true),
                    Some(false) => verdict = Some(false),
                    None => {}
                }
            }
            verdict
        }
        Value::Object(m) => match lone_member(m) {
            Some((_, inner)) if inner.is_array() => has_fields(inner),
            _ => Some(true),
        },
        _ => Some(false),
    }
}

/// The only member of `m`, when it has exactly one.
fn lone_member(m: &Map<String, Value>) -> Option<(&String, &Value)> {
    let mut members = m.iter();
    let first = members.next()?;
    members.next().is_none().then_some(first)
}

/// Whether `v` is an object with a single key holding text (`{"IpAddress": "10.0.0.1"}`):
/// read from XML, that is as likely a list of one value in its wrapper as a struct with one
/// field, so it does not decide whether the rows after it are its members.
fn lone_text_wrapper(v: &Value) -> bool {
    v.as_object()
        .and_then(lone_member)
        .is_some_and(|(_, inner)| inner.is_string())
}

/// Values of `key` across `vals`' objects.
fn lookup<'j>(vals: &[&'j Value], key: &str) -> Vec<&'j Value> {
    objects(vals).filter_map(|m| m.get(key)).collect()
}

/// Whether `key` is in any of `vals`' objects.
fn holds(vals: &[&Value], key: &str) -> bool {
    objects(vals).any(|m| m.contains_key(key))
}

/// The single wrapping key of `vals` (`{"Tag":[...]}`) when its contents hold `key`.
fn wrapper_for<'j>(vals: &[&'j Value], key: &str) -> Option<(&'j str, Vec<&'j Value>)> {
    let (k, _) = lone_member(objects(vals).next()?)?;
    if objects(vals).any(|m| m.len() != 1 || !m.contains_key(k)) {
        return None;
    }
    let held = objects(vals)
        .filter_map(|m| m.get(k))
        .any(|inner| holds(&[inner], key));
    held.then(|| (k.as_str(), lookup(vals, k)))
}

/// The single key wrapping all of `vals` when it holds lists of objects
/// (`{"SupportedResource": [{...}, ...]}`), and the values it holds: such a wrapper is the
/// XML shape of a list, and holds nothing beside its items.
fn items_wrapper<'j>(vals: &[&'j Value]) -> Option<(&'j str, Vec<&'j Value>)> {
    let (k, _) = lone_member(objects(vals).next()?)?;
    if objects(vals).any(|m| m.len() != 1 || !m.contains_key(k)) {
        return None;
    }
    let inner = lookup(vals, k);
    let items = inner
        .iter()
        .all(|v| v.as_array().is_some_and(|a| a.iter().any(Value::is_object)));
    (items && !inner.is_empty()).then_some((k.as_str(), inner))
}

/// How many times one page's named tables may be placed in all: a type used by several rows
/// is placed once for each, so tables naming each other several times over would multiply
/// the tree beyond any real page.
const MAX_NAMED_PLACEMENTS: usize = 64;

/// A table of the response section that a label names (`**AvailableZoneType**` above it):
/// the members of the rows whose type names it (`Array of AvailableZoneType`).
#[derive(Debug, Clone, Copy)]
struct NamedTable<'p> {
    /// The label's text.
    name: &'p str,
    table: &'p Table,
    cols: Columns,
}

/// The tables of the response section after `main` whose label (the last paragraph between
/// the table before and them) is one word, a type name.
fn named_tables<'p>(section: &'p Section, main: &'p Table) -> Vec<NamedTable<'p>> {
    let mut out = Vec::new();
    let mut after = main.rows().last().map_or(main.line, |r| r.line);
    for table in &section.tables {
        let end = table.rows().last().map_or(table.line, |r| r.line);
        if table.line <= after {
            continue;
        }
        let label = section
            .paragraphs
            .iter()
            .rfind(|p| p.line > after && p.line < table.line)
            .map(|p| p.text.trim());
        after = end;
        let Some(name) = label.filter(|l| is_type_name(l)) else {
            continue;
        };
        if let Some(cols) = Columns::of(&table.header) {
            out.push(NamedTable { name, table, cols });
        }
    }
    out
}

/// Whether a label is a type name: one word of letters, digits and `_`, starting with a
/// letter.
fn is_type_name(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether an object of `v`, at any depth, has a member `outer` that holds a member `inner`
/// (`<Tags><Tag>...</Tag></Tags>` read from XML).
fn nests(v: &Value, outer: &str, inner: &str) -> bool {
    match v {
        Value::Object(m) => m.iter().any(|(k, x)| {
            (k == outer && objects(&[x]).any(|o| o.contains_key(inner))) || nests(x, outer, inner)
        }),
        Value::Array(items) => items.iter().any(|x| nests(x, outer, inner)),
        _ => false,
    }
}

/// The response tree being built: nodes in one vector (index 0 is the body), children named
/// by index.
struct Builder<'j, 'c, 'd> {
    nodes: Vec<Node<'j>>,
    ctx: &'c mut Ctx<'d>,
    /// The sample the tree is learnt from (for lines).
    sample: Option<&'j CodeBlock>,
    /// Whether that sample is the XML one.
    xml: bool,
    /// The response section's named tables.
    named: Vec<NamedTable<'j>>,
    /// The in-page links of the response section (`[AvailableZones](#AvailableZoneType)`):
    /// line and target name.
    anchors: Vec<(usize, &'j str)>,
    /// The named tables whose rows are being placed, outermost first.
    placing: Vec<usize>,
    /// How many times named tables were placed so far (see [`MAX_NAMED_PLACEMENTS`]).
    placed_named: usize,
    /// The XML sample read as JSON, when the tree is learnt from the JSON sample: a second
    /// witness where the JSON sample and the table disagree.
    xml_sample: Option<Value>,
}

/// Lowers the response section, reconciled with the page's JSON sample or, when that is
/// missing or unusable, its XML sample; also says whether the JSON body is a list of such
/// objects.
pub(crate) fn lower<'p>(
    section: Option<&'p Section>,
    picked: &Picked<'p>,
    title_line: usize,
    ctx: &mut Ctx<'_>,
) -> (Vec<Field>, bool) {
    let (parsed, xml) = samples::read_response(picked, ctx);
    // A JSON body that is a list of objects (a ROA list action): its fields are the objects'.
    let list = parsed.as_ref().is_some_and(Value::is_array);
    let sample = if xml { picked.xml } else { picked.json };
    let format = if xml { "XML" } else { "JSON" };
    let table = section.and_then(|s| table::find(&s.tables, Columns::of));
    if table.is_none() {
        let line = section.map_or(title_line, |s| s.heading.line);
        ctx.diags.warn(
            line,
            "missing-response",
            format!("no response parameter table; fields come from the {format} sample (or just RequestId)"),
        );
    }
    let named = match (section, table) {
        (Some(s), Some((main, _))) => named_tables(s, main),
        _ => Vec::new(),
    };
    let anchors = section
        .iter()
        .flat_map(|s| &s.links)
        .filter_map(|l| Some((l.line, l.url.strip_prefix('#')?.trim())))
        .filter(|(_, name)| !name.is_empty())
        .collect();
    let mut b = Builder {
        nodes: vec![Node::default()],
        ctx,
        sample,
        xml,
        named,
        anchors,
        placing: Vec::new(),
        placed_named: 0,
        xml_sample: if xml {
            None
        } else {
            picked
                .xml
                .and_then(|b| samples::read_xml(&b.text).ok())
                .map(Value::Object)
        },
    };
    if let Some(value) = &parsed {
        b.nodes[0].json.push(value);
    }
    if let Some((tbl, cols)) = table {
        b.place_rows(tbl, &cols, 0);
    }
    // Placement stops at the bound with a diagnostic; a tree that still grew deeper (named
    // member tables placed inside each other) is refused here, before recursive steps.
    let reported = b.ctx.diags.items().iter().any(|d| d.kind == depth::KIND);
    if let Some(line) = b.too_deep() {
        if !reported {
            let line = if line == 0 { title_line } else { line };
            depth::report(b.ctx.diags, line, "the response tree");
        }
        return (Vec::new(), list);
    }
    if b.nodes[0].children.is_empty() && parsed.is_none() {
        let ix = b.add(0, "RequestId".to_string());
        b.nodes[ix].row = Some(RowInfo {
            ty: DocType::Scalar(Type::String),
            example: None,
            description: "The ID of the request.",
            line: 0,
            type_line: 0,
        });
    }
    (b.resolve_children(0), list)
}

impl<'j> Builder<'j, '_, '_> {
    /// The line of a row placed deeper than [`MAX_DEPTH`] levels (0 when it has none), found
    /// without recursion, so that the recursive steps after placement stay within the stack.
    fn too_deep(&self) -> Option<usize> {
        let mut stack = vec![(0usize, 0usize)];
        while let Some((ix, level)) = stack.pop() {
            let Some(node) = self.nodes.get(ix) else {
                continue;
            };
            if level > MAX_DEPTH {
                return Some(node.row.as_ref().map_or(0, |r| r.line));
            }
            stack.extend(node.children.iter().map(|&c| (c, level + 1)));
        }
        None
    }

    /// A new child of `parent` named `wire`.
    fn add(&mut self, parent: usize, wire: String) -> usize {
        let ix = self.nodes.len();
        self.nodes.push(Node {
            wire,
            ..Node::default()
        });
        if let Some(p) = self.nodes.get_mut(parent) {
            p.children.push(ix);
        }
        ix
    }

    /// The child of `parent` named `wire`, created (as implicit) when missing.
    fn child(&mut self, parent: usize, wire: &'j str, json: Vec<&'j Value>) -> usize {
        let existing = self.nodes[parent]
            .children
            .iter()
            .copied()
            .find(|&c| self.nodes[c].wire == wire);
        match existing {
            Some(c) => c,
            None => {
                let c = self.add(parent, wire.to_string());
                self.nodes[c].json = json;
                self.nodes[c].implicit = true;
                c
            }
        }
    }

    /// A scope that only holds its element (`ReplicationJobs` around `ReplicationJob`).
    fn is_wrapper(&self, ix: usize) -> bool {
        let n = &self.nodes[ix];
        match n.children.as_slice() {
            [only] => {
                let c = &self.nodes[*only];
                (c.bare() || c.implicit) && (n.listish() || n.bare())
            }
            _ => false,
        }
    }

    /// Line of `key` in the sample the tree is learnt from (see [`samples::key_line`]).
    fn sample_line(&self, key: &str) -> usize {
        self.sample
            .map_or(0, |block| samples::key_line(block, key, self.xml))
    }

    /// Whether a child of `ix` is documented by a row.
    fn has_documented_child(&self, ix: usize) -> bool {
        self.nodes[ix]
            .children
            .iter()
            .any(|&c| self.nodes.get(c).is_some_and(|n| n.row.is_some()))
    }

    /// `JSON` or `XML`: the sample the tree is learnt from, for messages.
    fn format(&self) -> &'static str {
        if self.xml {
            "XML"
        } else {
            "JSON"
        }
    }
}
