//! Placing the response table's rows in the tree.
//!
//! Each row is placed, in this order of preference, under the node the previous row opened
//! (when the sample has it there), as the item row of the list placed just before it, in the
//! innermost open scope whose sample holds it, and otherwise in the innermost open scope left
//! once wrappers and scopes whose alphabetical order it breaks are closed.

use super::{has_fields, lone_text_wrapper, lookup, objects, wrapper_for, Builder, RowInfo};
use crate::depth;
use crate::dialect::Table;
use crate::lower::table::{self, cell, cell_line, Columns, DocType};
use crate::lower::MAX_DEPTH;
use serde_json::Value;
use std::collections::HashSet;

/// One open scope: a node, and the order of the rows placed in it.
#[derive(Debug)]
struct Scope {
    node: usize,
    /// Name of the last row placed in it.
    last: String,
    /// Whether the rows placed in it so far are in ascending order.
    sorted: bool,
}

impl Scope {
    fn new(node: usize) -> Scope {
        Scope {
            node,
            last: String::new(),
            sorted: true,
        }
    }
}

/// Where the table stands while its rows are placed.
struct Cursor {
    /// The open scopes: the body first, the innermost last.
    open: Vec<Scope>,
    /// The node the previous row placed, when the rows after it may be its members.
    pending: Option<usize>,
    /// The node the previous row was placed at (a list whose sample wraps its items, as in
    /// `{"VSwitchIds":{"VSwitchId":[...]}}`, may be followed by a row for the items).
    previous: Option<usize>,
    /// Whether the previous row named the element of the list before it.
    after_element: bool,
}

impl Cursor {
    fn push(&mut self, node: usize) {
        self.open.push(Scope::new(node));
    }

    /// The innermost open scope's node.
    fn top(&self) -> usize {
        self.open.last().map_or(0, |s| s.node)
    }
}

/// A row to place: its name, what it documents, and where it may go.
struct Entry<'j> {
    name: String,
    info: RowInfo<'j>,
    /// The outermost open scope it may go to (its `└` depth, when the table marks depths).
    min_level: usize,
    /// Whether its name comes back further down the table (a sign that this occurrence
    /// belongs to an inner group, the later one to an outer group).
    repeated: bool,
}

/// Where a scope's sample values hold a name.
enum Hit<'j> {
    /// In the values themselves.
    Direct(Vec<&'j Value>),
    /// Inside the one key that wraps them all (`{"Tags":{"Tag":[...]}}`): the key and its
    /// values.
    Wrapped(&'j str, Vec<&'j Value>),
}

/// For each row of `tbl`, whether its name comes back in a later row.
fn repeated_later(tbl: &Table, cols: &Columns) -> Vec<bool> {
    let names: Vec<&str> = tbl
        .rows()
        .map(|r| cell(r, cols.name).trim_start_matches(['└', ' ']))
        .collect();
    let mut later: HashSet<&str> = HashSet::new();
    let mut repeats = vec![false; names.len()];
    for (slot, n) in repeats.iter_mut().zip(&names).rev() {
        *slot = later.contains(n);
        later.insert(n);
    }
    repeats
}

impl<'j> Builder<'j, '_, '_> {
    /// Places every row of the response table `tbl` in the tree.
    pub(super) fn place_rows(&mut self, tbl: &'j Table, cols: &Columns) {
        let marks = tbl.rows().any(|r| cell(r, cols.name).contains('└'));
        let repeated = repeated_later(tbl, cols);
        let mut cur = Cursor {
            open: vec![Scope::new(0)],
            pending: None,
            previous: None,
            after_element: false,
        };
        for (row_ix, row) in tbl.rows().enumerate() {
            let (depth, name) = table::row_name(cell(row, cols.name));
            if name.is_empty() || name.contains(char::is_whitespace) {
                continue;
            }
            if marks && depth == 0 {
                cur.open.truncate(1);
                cur.pending = None;
            }
            let info = RowInfo {
                ty: DocType::parse(cell(row, cols.ty)),
                example: table::example(cell(row, cols.example)),
                description: cell(row, cols.description),
                line: row.line,
                type_line: cell_line(row, cols.ty),
            };
            let entry = Entry {
                name,
                info,
                min_level: if marks { depth } else { 0 },
                repeated: repeated.get(row_ix).copied().unwrap_or(false),
            };
            self.place(&mut cur, entry);
            if cur.open.len() > MAX_DEPTH {
                let what = format!(
                    "response field `{}`",
                    depth::shorten(&self.nodes[cur.top()].wire)
                );
                depth::report(self.ctx.diags, row.line, &what);
                break;
            }
        }
    }

    /// Places one row (see the module's documentation for the order of preference).
    fn place(&mut self, cur: &mut Cursor, entry: Entry<'j>) {
        let pending = cur.pending.take();
        let previous = cur.previous.take();
        let after_element = std::mem::take(&mut cur.after_element);
        let mut target = None;
        if let Some(p) = pending {
            if let Some(hit) = self.hit(p, &entry.name) {
                cur.push(p);
                target = Some(self.enter(cur, p, hit, &entry.name));
            } else if entry.info.ty == DocType::Missing && self.names_element(p) {
                // `DataDisks: [...]` documented with a bare `DataDisk` row (in XML, one
                // `<DataDisks>` element may be the whole list).
                self.nodes[p].element = Some(entry.name);
                cur.push(p);
                cur.after_element = true;
                return;
            }
        } else if let Some(prev) = previous {
            target = self.item_row(cur, prev, &entry.name);
        }
        let (scope, vals) = match target {
            Some(found) => found,
            None => self.scope_for(cur, &entry, pending, after_element),
        };
        self.attach(cur, scope, vals, entry);
    }

    /// Where the sample values of `scope` hold `name`.
    fn hit(&self, scope: usize, name: &str) -> Option<Hit<'j>> {
        let json = &self.nodes[scope].json;
        let vals = lookup(json, name);
        if !vals.is_empty() {
            return Some(Hit::Direct(vals));
        }
        wrapper_for(json, name).map(|(key, inner)| Hit::Wrapped(key, inner))
    }

    /// The scope and values of a `hit` in `scope`, the innermost open scope; a wrapper becomes
    /// an implicit child, opened inside it.
    fn enter(
        &mut self,
        cur: &mut Cursor,
        scope: usize,
        hit: Hit<'j>,
        name: &str,
    ) -> (usize, Vec<&'j Value>) {
        match hit {
            Hit::Direct(vals) => (scope, vals),
            Hit::Wrapped(key, inner) => {
                let wrapper = self.child(scope, key, inner.clone());
                cur.push(wrapper);
                (wrapper, lookup(&inner, name))
            }
        }
    }

    /// Whether a bare row after `p` can name the element of `p`'s list: no row named it yet
    /// and `p`'s sample values are arrays (in XML, also objects, when the table documents a
    /// list).
    fn names_element(&self, p: usize) -> bool {
        let node = &self.nodes[p];
        let lists = node.json.iter().all(|v| v.is_array())
            || (self.xml
                && node.listish()
                && node.json.iter().all(|v| v.is_array() || v.is_object()));
        !node.json.is_empty() && lists && node.element.is_none()
    }

    /// The item row of a list the sample wraps: `VSwitchIds|List` then `VSwitchId|String`,
    /// with `"VSwitchIds":{"VSwitchId":[...]}` in the sample.
    fn item_row(
        &self,
        cur: &mut Cursor,
        prev: usize,
        name: &str,
    ) -> Option<(usize, Vec<&'j Value>)> {
        let vals = lookup(&self.nodes[prev].json, name);
        if vals.is_empty() || !self.nodes[prev].listish() {
            return None;
        }
        cur.push(prev);
        Some((prev, vals))
    }

    /// The scope of a row neither the pending node nor the previous list takes, and its sample
    /// values: the innermost open scope whose sample holds it; else, without values, the
    /// pending container, or the innermost scope left once wrappers and scopes whose order
    /// the row breaks are closed. A row stays in an inner scope without sample when it
    /// continues the scope's order and its name comes back further down.
    fn scope_for(
        &mut self,
        cur: &mut Cursor,
        entry: &Entry<'j>,
        pending: Option<usize>,
        after_element: bool,
    ) -> (usize, Vec<&'j Value>) {
        let name = entry.name.as_str();
        let top = cur.top();
        let stays = top != 0
            && objects(&self.nodes[top].json).next().is_none()
            && cur
                .open
                .last()
                .is_some_and(|s| !s.last.is_empty() && name > s.last.as_str())
            && entry.repeated;
        let pending_open = pending.is_some_and(|p| {
            let node = &self.nodes[p];
            after_element || node.bare() || node.row.as_ref().is_some_and(|r| r.ty.is_container())
        });
        if !stays && !pending_open {
            if let Some(found) = self.search_open(cur, name, entry.min_level) {
                return found;
            }
        }
        if let Some(p) = pending.filter(|_| pending_open) {
            cur.push(p);
        } else if !stays {
            self.close_scopes(cur, name, entry.min_level);
        }
        let scope = cur.top();
        if objects(&self.nodes[scope].json).next().is_some() {
            self.ctx.diags.warn(
                entry.info.line,
                "field-not-in-sample",
                format!(
                    "`{name}` is documented but absent from the {} sample",
                    self.format()
                ),
            );
        }
        (scope, Vec::new())
    }

    /// The innermost open scope, at level `min_level` or deeper, whose sample holds `name`
    /// (the scopes inside it closed), and the values there.
    fn search_open(
        &mut self,
        cur: &mut Cursor,
        name: &str,
        min_level: usize,
    ) -> Option<(usize, Vec<&'j Value>)> {
        for level in (min_level..cur.open.len()).rev() {
            let scope = cur.open.get(level)?.node;
            if let Some(hit) = self.hit(scope, name) {
                cur.open.truncate(level + 1);
                return Some(self.enter(cur, scope, hit, name));
            }
        }
        None
    }

    /// Closes inner scopes, down to level `min_level` and never the body, while they only
    /// wrap their element or `name` breaks their ascending order.
    fn close_scopes(&self, cur: &mut Cursor, name: &str, min_level: usize) {
        while cur.open.len() > 1.max(min_level + 1) {
            let out_of_order = cur
                .open
                .last()
                .is_some_and(|s| s.sorted && name < s.last.as_str());
            if self.is_wrapper(cur.top()) || out_of_order {
                cur.open.pop();
            } else {
                break;
            }
        }
    }

    /// Puts the row in `scope` with the sample values found for it (in the child of that name
    /// a wrapper or the sample made, if any), and notes whether the rows after it may be its
    /// members.
    fn attach(&mut self, cur: &mut Cursor, scope: usize, vals: Vec<&'j Value>, entry: Entry<'j>) {
        let Entry { name, info, .. } = entry;
        // Children's names are unique while rows are placed, and only rows give a child a
        // row: a documented child of that name means the row was placed here before.
        let existing = self.nodes[scope]
            .children
            .iter()
            .copied()
            .find(|&c| self.nodes[c].wire == name);
        if existing.is_some_and(|c| self.nodes[c].row.is_some()) {
            self.ctx.diags.warn(
                info.line,
                "duplicate-param",
                format!("response field `{name}` is documented twice at the same level"),
            );
        }
        let ix = existing.unwrap_or_else(|| self.add(scope, name.clone()));
        let opens = self.opens(&vals, &info);
        let node = &mut self.nodes[ix];
        if node.row.is_none() {
            node.row = Some(info);
            node.implicit = false;
        }
        if node.json.is_empty() {
            node.json = vals;
        }
        if let Some(s) = cur.open.last_mut() {
            s.sorted &= s.last <= name;
            s.last = name;
        }
        cur.pending = opens.then_some(ix);
        cur.previous = Some(ix);
    }

    /// Whether the rows after a row may be its members: its sample values hold fields or,
    /// when they do not tell, the row is bare or documents a container (other than a `List`
    /// with an example, a list of scalars).
    fn opens(&self, vals: &[&Value], info: &RowInfo<'_>) -> bool {
        let mut verdicts = vals
            .iter()
            .filter(|v| !(self.xml && lone_text_wrapper(v)))
            .filter_map(|v| has_fields(v))
            .peekable();
        if verdicts.peek().is_some() {
            return verdicts.any(|fields| fields);
        }
        info.ty == DocType::Missing
            || (info.ty.is_container() && !(info.ty == DocType::List && info.example.is_some()))
    }
}
