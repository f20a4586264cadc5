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
//! are added.
//!
//! When the JSON sample is missing or unusable, the XML sample (see
//! [`samples::read_response`]) takes its place. XML cannot tell a list of one element from
//! the element itself, so there a lone element is a list where the table documents a list,
//! where it is the only content of a wrapper, or where it is a level the table omits around
//! documented fields.

use super::samples::{self, Picked};
use super::table::{self, cell, cell_line, Columns, DocType};
use super::Ctx;
use crate::dialect::{CodeBlock, Section};
use crate::ident;
use crate::ir::{Field, Type};
use serde_json::{Map, Value};
use std::collections::HashSet;

/// A documenting row; its text borrowed from the page.
#[derive(Debug)]
struct RowInfo<'j> {
    ty: DocType,
    example: Option<&'j str>,
    description: &'j str,
    line: usize,
    type_line: usize,
}

/// A node of the tree being built; names are borrowed from the page or the sample.
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

/// Where the table stands at one nesting level.
#[derive(Debug)]
struct Level {
    /// Name of the last row placed at this level.
    name: String,
    /// Whether the rows placed so far are in ascending order.
    sorted: bool,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            name: String::new(),
            sorted: true,
        }
    }
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

struct Builder<'j, 'c, 'd> {
    nodes: Vec<Node<'j>>,
    ctx: &'c mut Ctx<'d>,
    /// The sample the tree is learnt from (for lines).
    sample: Option<&'j CodeBlock>,
    /// Whether that sample is the XML one.
    xml: bool,
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
    let nodes = vec![Node::default()];
    let mut b = Builder {
        nodes,
        ctx,
        sample,
        xml,
    };
    if let Some(value) = &parsed {
        b.nodes[0].json.push(value);
    }
    if let Some((tbl, cols)) = table {
        b.place_rows(tbl, &cols);
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
    let mut fields = b.resolve_children(0);
    dedupe(&mut fields);
    (fields, list)
}

/// For each row of `tbl`, whether its name comes back in a later row.
fn repeated_later(tbl: &crate::dialect::Table, cols: &Columns) -> Vec<bool> {
    let names: Vec<&str> = tbl
        .rows()
        .map(|r| cell(&r, cols.name).trim_start_matches(['└', ' ']))
        .collect();
    let mut later: HashSet<&str> = HashSet::new();
    let mut repeats = vec![false; names.len()];
    for (slot, n) in repeats.iter_mut().zip(&names).rev() {
        *slot = later.contains(n);
        later.insert(n);
    }
    repeats
}

/// Suffixes sibling Rust names that collide (`key`, `key_2`), checking earlier siblings'
/// final names.
fn dedupe(fields: &mut [Field]) {
    for i in 1..fields.len() {
        let (before, rest) = fields.split_at_mut(i);
        let Some(f) = rest.first_mut() else { break };
        if !before.iter().any(|q| q.rust_name == f.rust_name) {
            continue;
        }
        let base = std::mem::take(&mut f.rust_name);
        for n in 2.. {
            let candidate = format!("{base}_{n}");
            if !before.iter().any(|q| q.rust_name == candidate) {
                f.rust_name = candidate;
                break;
            }
        }
    }
}

impl<'j> Builder<'j, '_, '_> {
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

    fn place_rows(&mut self, tbl: &'j crate::dialect::Table, cols: &Columns) {
        let marks = tbl.rows().any(|r| cell(&r, cols.name).contains('└'));
        let mut stack: Vec<usize> = vec![0];
        let mut last: Vec<Level> = vec![Level::default()];
        let mut pending: Option<usize> = None;
        // The node the previous row was placed at (a list whose sample wraps its items, as in
        // `{"VSwitchIds":{"VSwitchId":[...]}}`, may be followed by a row for the items).
        let mut previous: Option<usize> = None;
        let mut after_marker = false;
        // Whether each row's name comes back further down the table (a sign that this
        // occurrence belongs to an inner group, the later one to an outer group); worked out
        // for the whole table the first time it is asked.
        let mut repeats_later: Option<Vec<bool>> = None;
        let mut repeats = |row_ix: usize| {
            repeats_later
                .get_or_insert_with(|| repeated_later(tbl, cols))
                .get(row_ix)
                .copied()
                .unwrap_or(false)
        };
        for (row_ix, row) in tbl.rows().enumerate() {
            let row = &row;
            let (depth, name) = table::row_name(cell(row, cols.name));
            if name.is_empty() || name.contains(char::is_whitespace) {
                continue;
            }
            let info = RowInfo {
                ty: DocType::parse(cell(row, cols.ty)),
                example: table::example(cell(row, cols.example)),
                description: cell(row, cols.description),
                line: row.line,
                type_line: cell_line(row, cols.ty),
            };
            let bare = info.ty == DocType::Missing;
            if marks && depth == 0 {
                stack.truncate(1);
                last.truncate(1);
                pending = None;
            }
            let min_level = if marks { depth } else { 0 };
            let p = pending.take();
            let prev = previous.take();
            let was_marker = std::mem::take(&mut after_marker);

            // Where the sample has this name, innermost first.
            let mut target: Option<(usize, Vec<&'j Value>)> = None;
            if let Some(p) = p {
                let vals = lookup(&self.nodes[p].json, &name);
                if !vals.is_empty() {
                    stack.push(p);
                    last.push(Level::default());
                    target = Some((p, vals));
                } else if let Some((k, inner)) = wrapper_for(&self.nodes[p].json, &name) {
                    stack.push(p);
                    last.push(Level::default());
                    let w = self.child(p, k, inner.clone());
                    stack.push(w);
                    last.push(Level::default());
                    target = Some((w, lookup(&inner, &name)));
                } else if bare
                    && !self.nodes[p].json.is_empty()
                    && (self.nodes[p].json.iter().all(|v| v.is_array())
                        || (self.xml
                            && self.nodes[p].listish()
                            && self.nodes[p]
                                .json
                                .iter()
                                .all(|v| v.is_array() || v.is_object())))
                    && self.nodes[p].element.is_none()
                {
                    // `DataDisks: [...]` documented with a bare `DataDisk` row (in XML, one
                    // `<DataDisks>` element may be the whole list).
                    self.nodes[p].element = Some(name);
                    stack.push(p);
                    last.push(Level::default());
                    pending = None;
                    after_marker = true;
                    continue;
                }
            }
            if let Some(prev) = prev.filter(|_| target.is_none() && p.is_none()) {
                // The item row of a list the sample wraps: `VSwitchIds|List` then
                // `VSwitchId|String`, with `"VSwitchIds":{"VSwitchId":[...]}` in the sample.
                let vals = lookup(&self.nodes[prev].json, &name);
                if !vals.is_empty() && self.nodes[prev].listish() {
                    stack.push(prev);
                    last.push(Level::default());
                    target = Some((prev, vals));
                }
            }
            if target.is_none() {
                let top = stack.last().copied().unwrap_or(0);
                let top_blind = top != 0
                    && objects(&self.nodes[top].json).next().is_none()
                    && last
                        .last()
                        .is_some_and(|l| !l.name.is_empty() && name > l.name)
                    && repeats(row_ix);
                let pending_open = p.is_some_and(|p| {
                    was_marker
                        || self.nodes[p].bare()
                        || self.nodes[p]
                            .row
                            .as_ref()
                            .is_some_and(|r| r.ty.is_container())
                });
                if !top_blind && !pending_open {
                    for lvl in (min_level..stack.len()).rev() {
                        let scope = stack[lvl];
                        let vals = lookup(&self.nodes[scope].json, &name);
                        if !vals.is_empty() {
                            stack.truncate(lvl + 1);
                            last.truncate(lvl + 1);
                            target = Some((scope, vals));
                            break;
                        }
                        if let Some((k, inner)) = wrapper_for(&self.nodes[scope].json, &name) {
                            stack.truncate(lvl + 1);
                            last.truncate(lvl + 1);
                            let w = self.child(scope, k, inner.clone());
                            stack.push(w);
                            last.push(Level::default());
                            target = Some((w, lookup(&inner, &name)));
                            break;
                        }
                    }
                }
                if target.is_none() {
                    if let Some(p) = p.filter(|_| pending_open) {
                        stack.push(p);
                        last.push(Level::default());
                    } else if !top_blind {
                        while stack.len() > 1.max(min_level + 1) {
                            let top = stack.last().copied().unwrap_or(0);
                            let out_of_order =
                                last.last().is_some_and(|l| l.sorted && name < l.name);
                            if self.is_wrapper(top) || out_of_order {
                                stack.pop();
                                last.pop();
                            } else {
                                break;
                            }
                        }
                    }
                    let scope = stack.last().copied().unwrap_or(0);
                    if objects(&self.nodes[scope].json).next().is_some() {
                        self.ctx.diags.warn(
                            row.line,
                            "field-not-in-sample",
                            format!(
                                "`{name}` is documented but absent from the {} sample",
                                self.format()
                            ),
                        );
                    }
                    target = Some((scope, Vec::new()));
                }
            }
            let Some((scope, vals)) = target else {
                continue;
            };
            // Children's names are unique while rows are placed, and only rows give a child a
            // row: a documented child of that name means the row was placed here before.
            let existing = self.nodes[scope]
                .children
                .iter()
                .copied()
                .find(|&c| self.nodes[c].wire == name);
            if existing.is_some_and(|c| self.nodes[c].row.is_some()) {
                self.ctx.diags.warn(
                    row.line,
                    "duplicate-param",
                    format!("response field `{name}` is documented twice at the same level"),
                );
            }
            let ix = match existing {
                Some(c) if self.nodes[c].row.is_none() || self.nodes[c].implicit => c,
                Some(c) => c,
                None => self.add(scope, name.clone()),
            };
            let xml = self.xml;
            let mut verdicts = vals
                .iter()
                .filter(|v| !(xml && lone_text_wrapper(v)))
                .filter_map(|v| has_fields(v))
                .peekable();
            let opens = if verdicts.peek().is_some() {
                verdicts.any(|fields| fields)
            } else {
                bare || (info.ty.is_container()
                    && !(info.ty == DocType::List && info.example.is_some()))
            };
            if self.nodes[ix].row.is_none() {
                self.nodes[ix].row = Some(info);
                self.nodes[ix].implicit = false;
            }
            if self.nodes[ix].json.is_empty() {
                self.nodes[ix].json = vals;
            }
            if let Some(l) = last.last_mut() {
                l.sorted &= l.name <= name;
                l.name = name;
            }
            pending = opens.then_some(ix);
            previous = Some(ix);
        }
    }

    /// Line of `key` in the sample the tree is learnt from (see [`samples::key_line`]).
    fn sample_line(&self, key: &str) -> usize {
        self.sample
            .map_or(0, |block| samples::key_line(block, key, self.xml))
    }

    /// `JSON` or `XML`: the sample the tree is learnt from, for messages.
    fn format(&self) -> &'static str {
        if self.xml {
            "XML"
        } else {
            "JSON"
        }
    }

    /// Whether `ix` is a level the sample adds around documented fields (`KeyPair` between
    /// `KeyPairs` and `KeyPairName`): the element of a list the table leaves out.
    fn holds_documented_rows(&self, ix: usize) -> bool {
        let node = &self.nodes[ix];
        node.implicit
            && node
                .children
                .iter()
                .any(|&c| self.nodes.get(c).is_some_and(|n| n.row.is_some()))
    }

    /// In an XML sample, whether `ix` is a list wrapper (`<Tags><Tag>…</Tag></Tags>`) whose
    /// element therefore is a list even when the sample shows only one: a scope holding only
    /// its element (see [`Self::is_wrapper`]), or a documented list whose sample objects all
    /// hold one and the same key the table does not document as a field of its own.
    fn xml_wrapper(&self, ix: usize) -> bool {
        if !self.xml || ix == 0 {
            return false;
        }
        if self.is_wrapper(ix) {
            return true;
        }
        let node = &self.nodes[ix];
        if !node.listish() {
            return false;
        }
        let mut keys = objects(&node.json).map(|m| lone_member(m).map(|(k, _)| k.as_str()));
        let Some(Some(first)) = keys.next() else {
            return false;
        };
        keys.all(|k| k == Some(first))
            && !node.children.iter().any(|&c| {
                // A member documented with fields of its own is a field; a bare row, or a
                // scalar row where no bare row named the element, documents the items.
                self.nodes.get(c).is_some_and(|n| {
                    n.wire == first
                        && !n.bare()
                        && (node.element.is_some()
                            || !n
                                .row
                                .as_ref()
                                .is_some_and(|r| matches!(r.ty, DocType::Scalar(_))))
                })
            })
    }

    /// Adds sample keys the table does not document as children of `ix`.
    fn add_sample_keys(&mut self, ix: usize) {
        let maps = || objects(&self.nodes[ix].json);
        let mut extra: Vec<(&'j str, Vec<&'j Value>)> = Vec::new();
        let known = |k: &str| {
            self.nodes[ix]
                .children
                .iter()
                .any(|&c| self.nodes.get(c).is_some_and(|n| n.wire == k))
        };
        for m in maps() {
            for (k, v) in m {
                let k: &'j str = k;
                if known(k) {
                    continue;
                }
                match extra.iter_mut().find(|(n, _)| *n == k) {
                    Some((_, vals)) => vals.push(v),
                    None => extra.push((k, vec![v])),
                }
            }
        }
        // `{"InstanceId": [...]}` inside a documented list is the usual wrapping, not news.
        let node = &self.nodes[ix];
        let wrapping = extra.len() == 1
            && node.children.is_empty()
            && maps().nth(1).is_none()
            && (node.listish() || node.bare() || node.implicit);
        let documented_level = ix == 0
            || node.row.is_some()
            || node
                .children
                .iter()
                .any(|&c| self.nodes.get(c).is_some_and(|n| n.row.is_some()));
        for (k, vals) in extra {
            if documented_level && !wrapping {
                let line = self.sample_line(k);
                self.ctx.diags.warn(
                    line,
                    "json-key-undocumented",
                    format!(
                        "{} sample key `{k}` is not in the response table",
                        self.format()
                    ),
                );
            }
            let c = self.add(ix, k.to_string());
            self.nodes[c].json = vals;
            self.nodes[c].implicit = true;
        }
    }

    fn resolve_children(&mut self, ix: usize) -> Vec<Field> {
        self.add_sample_keys(ix);
        let listish = self.nodes[ix].listish();
        // In an XML sample the element of a wrapper is a list even when there is only one.
        let item_of = self.xml_wrapper(ix).then(|| {
            self.nodes[ix]
                .row
                .as_ref()
                .map_or(DocType::Missing, |r| r.ty.clone())
        });
        // Resolving a child adds children to it, never to `ix`.
        let count = self.nodes[ix].children.len();
        let mut out: Vec<Field> = Vec::new();
        for k in 0..count {
            let Some(&c) = self.nodes[ix].children.get(k) else {
                break;
            };
            out.push(self.resolve(c, listish, item_of.as_ref()));
        }
        dedupe(&mut out);
        out
    }

    /// The field for node `ix`; `item_of` is the documented type of its parent when that is
    /// an XML list wrapper (see [`Self::xml_wrapper`]).
    fn resolve(&mut self, ix: usize, parent_listish: bool, item_of: Option<&DocType>) -> Field {
        // What the sample's values here are (nulls say nothing).
        let json = &self.nodes[ix].json;
        let vals = || json.iter().copied().filter(|v| !v.is_null());
        let first = vals().next();
        let has_obj = vals().any(Value::is_object);
        let has_arr = vals().any(Value::is_array);
        let all_text = first.is_some() && vals().all(Value::is_string);
        // The arrays' non-null elements.
        let elems = || {
            json.iter()
                .filter_map(|v| v.as_array())
                .flatten()
                .filter(|e| !e.is_null())
        };
        let first_elem = elems().next();
        let elem_obj = elems().any(Value::is_object);
        let doc = self.nodes[ix]
            .row
            .as_ref()
            .map_or(DocType::Missing, |r| r.ty.clone());
        let wire = self.nodes[ix].wire.clone();
        let line = self.nodes[ix]
            .row
            .as_ref()
            .map(|r| r.line)
            .filter(|&l| l > 0)
            .unwrap_or_else(|| self.sample_line(&wire));
        let type_line = self.nodes[ix].row.as_ref().map_or(line, |r| r.type_line);
        // XML cannot tell a list of one element from the element: the table (a documented
        // list that is no wrapper), the wrapper around it, the element level the table omits
        // around documented fields, or another place of the sample holding several decides.
        let lone_items = self.xml
            && has_obj
            && (has_arr
                || item_of.is_some()
                || (doc.is_list() && !self.xml_wrapper(ix))
                || self.holds_documented_rows(ix));
        let element = self.nodes[ix].element.clone();
        let element_name = || -> String {
            match (&element, doc.element_name()) {
                (Some(e), _) => e.to_string(),
                (None, Some(e)) => e.to_string(),
                (None, None) => wire.to_string(),
            }
        };
        let documented_members = || {
            self.nodes[ix]
                .children
                .iter()
                .any(|&c| self.nodes.get(c).is_some_and(|n| n.row.is_some()))
        };
        let (ty, children) = if doc == DocType::Json && !documented_members() {
            // `Map`/`Json` with no documented members: its keys are data, not fields (the
            // sample's keys are examples, not undocumented fields).
            (Type::Json, Vec::new())
        } else if has_obj && !lone_items {
            if matches!(doc, DocType::Scalar(_)) {
                self.mismatch(type_line, &wire, "an object");
            }
            let name = self.ctx.struct_name(&wire);
            let children = self.resolve_children(ix);
            (
                Type::Struct {
                    name,
                    doc_name: Some(wire.to_string()),
                },
                children,
            )
        } else if has_arr || lone_items {
            // A scalar row under a documented list describes the list's items
            // (`VSwitchIds|List`, then `VSwitchId|String` for `{"VSwitchId":["vsw-1"]}`).
            let item_row = parent_listish && matches!(doc, DocType::Scalar(_)) && !elem_obj;
            if matches!(doc, DocType::Scalar(_)) && !item_row {
                self.mismatch(type_line, &wire, "an array");
            }
            if lone_items
                || elem_obj
                || (first_elem.is_none() && !self.nodes[ix].children.is_empty())
            {
                let element_name = element_name();
                let name = self.ctx.struct_name(&element_name);
                let children = self.resolve_children(ix);
                (
                    list(Type::Struct {
                        name,
                        doc_name: Some(element_name),
                    }),
                    children,
                )
            } else {
                let item = match (&doc, first_elem) {
                    (DocType::Scalar(t), Some(e)) if item_row => {
                        self.check_scalar(t.clone(), e, type_line, &wire)
                    }
                    (DocType::Scalar(t), None) if item_row => t.clone(),
                    (DocType::ArrayOf(x), _) if table::scalar(x).is_some() => {
                        table::scalar(x).unwrap_or(Type::String)
                    }
                    (_, Some(e)) => infer(e),
                    _ => Type::String,
                };
                (list(item), Vec::new())
            }
        } else if !self.nodes[ix].children.is_empty() {
            let wrapper = self.is_wrapper(ix);
            let as_list =
                !wrapper && (doc.is_list() || (parent_listish && doc == DocType::Missing));
            if as_list {
                let element_name = element_name();
                let name = self.ctx.struct_name(&element_name);
                let children = self.resolve_children(ix);
                (
                    list(Type::Struct {
                        name,
                        doc_name: Some(element_name),
                    }),
                    children,
                )
            } else {
                let name = self.ctx.struct_name(&wire);
                let children = self.resolve_children(ix);
                (
                    Type::Struct {
                        name,
                        doc_name: Some(wire.to_string()),
                    },
                    children,
                )
            }
        } else if let Some(item) = item_of.filter(|p| p.is_list() && all_text) {
            // `<IpAddresses><IpAddress>10.0.0.1</IpAddress></IpAddresses>`: one of a list.
            let item = match (&doc, item) {
                // The item row of the list (`VSwitchIds|List`, then `VSwitchId|String`).
                (DocType::Scalar(t), _) => Some(t.clone()),
                (_, DocType::ArrayOf(x)) => table::scalar(x),
                _ => None,
            };
            (list(item.unwrap_or(Type::String)), Vec::new())
        } else {
            let ty = match (doc.leaf(), first) {
                (Some(t @ (Type::Integer | Type::Long)), Some(v)) if self.xml => {
                    // XML holds only text: numeric text is checked (range, fraction) as the
                    // number it is.
                    let number = match v {
                        Value::String(s) => s.trim().parse().ok().map(Value::Number),
                        _ => None,
                    };
                    self.check_scalar(t, number.as_ref().unwrap_or(v), type_line, &wire)
                }
                (Some(t), Some(v)) => self.check_scalar(t, v, type_line, &wire),
                (Some(t), None) => t,
                (None, v) => {
                    match &doc {
                        DocType::Unknown(t) => self.ctx.diags.warn(
                            type_line,
                            "unknown-type",
                            format!("unknown type `{t}` for `{wire}`; kept as JSON"),
                        ),
                        _ if self.nodes[ix].row.is_some() => self.ctx.diags.warn(
                            type_line,
                            "missing-type",
                            format!("no type for `{wire}`; inferred"),
                        ),
                        _ => {}
                    }
                    match (v, &doc) {
                        (_, DocType::Unknown(_)) => Type::Json,
                        (Some(v), _) => infer(v),
                        (None, _) => Type::String,
                    }
                }
            };
            (ty, Vec::new())
        };
        let row = self.nodes[ix].row.as_ref();
        Field {
            rust_name: ident::field_name(&wire),
            wire_name: wire,
            ty,
            example: row.and_then(|r| r.example).map(str::to_string),
            description: row.map(|r| r.description.to_string()).unwrap_or_default(),
            children,
            line,
        }
    }

    fn mismatch(&mut self, line: usize, wire: &str, what: &str) {
        self.ctx.diags.warn(
            line,
            "type-mismatch",
            format!("`{wire}` is documented as a scalar but the {} sample has {what}; following the sample", self.format()),
        );
    }

    /// Warns that a documented number/flag holds non-numeric text in the sample; the field
    /// becomes a `String`.
    fn text_mismatch(&mut self, line: usize, wire: &str, documented: &Type, sample: &str) -> Type {
        let sample: String = sample.chars().take(40).collect();
        self.ctx.diags.warn(
            line,
            "type-mismatch",
            format!("`{wire}` is documented as {documented:?} but the {} sample holds the text {sample:?}; typed as String", self.format()),
        );
        Type::String
    }

    /// A documented scalar checked against its sample value: integers that overflow `i32`
    /// become `Long`, fractional numbers documented as integers become `Double`.
    fn check_scalar(&mut self, t: Type, v: &Value, line: usize, wire: &str) -> Type {
        match (&t, v) {
            (Type::Integer, Value::Number(n))
                if n.as_i64().is_some_and(|x| i32::try_from(x).is_err())
                    || n.is_u64() && n.as_i64().is_none() =>
            {
                self.ctx.diags.warn(
                    line,
                    "type-mismatch",
                    format!(
                        "`{wire}` is documented as Integer but the sample value {n} needs Long"
                    ),
                );
                Type::Long
            }
            (Type::Integer | Type::Long, Value::Number(n))
                if n.is_f64() && n.as_f64().is_some_and(|f| f.fract() != 0.0) =>
            {
                self.ctx.diags.warn(line, "type-mismatch", format!("`{wire}` is documented as an integer but the sample value {n} is fractional"));
                Type::Double
            }
            (
                Type::String
                | Type::Integer
                | Type::Long
                | Type::Boolean
                | Type::Float
                | Type::Double,
                Value::Object(_) | Value::Array(_),
            ) => Type::Json,
            // A number or flag the sample writes as text that is no number or flag at all
            // (`"RuleId": "ONE_YEAR_85_PERCENT"` documented as Long): decoding it as the
            // documented type would fail the whole response, so follow the sample.
            (Type::Integer | Type::Long | Type::Float | Type::Double, Value::String(s))
                if !s.trim().is_empty() && s.trim().parse::<f64>().is_err() =>
            {
                self.text_mismatch(line, wire, &t, s)
            }
            (Type::Boolean, Value::String(s))
                if !matches!(
                    s.trim(),
                    "" | "true" | "false" | "True" | "False" | "0" | "1"
                ) =>
            {
                self.text_mismatch(line, wire, &t, s)
            }
            _ => t,
        }
    }
}

fn list(item: Type) -> Type {
    Type::List {
        item: Box::new(item),
    }
}

/// The type a sample value suggests.
fn infer(v: &Value) -> Type {
    match v {
        Value::Bool(_) => Type::Boolean,
        Value::Number(n) => match n.as_i64() {
            Some(x) if i32::try_from(x).is_ok() => Type::Integer,
            Some(_) => Type::Long,
            None if n.is_u64() => Type::Long,
            None => Type::Double,
        },
        Value::Object(_) | Value::Array(_) => Type::Json,
        Value::String(_) | Value::Null => Type::String,
    }
}
