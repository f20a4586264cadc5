//! Placing the response table's rows in the tree.
//!
//! Each row is placed, in this order of preference, under the node the previous row opened
//! (when the sample has it there), as the item row of the list placed just before it, in the
//! innermost open scope whose sample holds it, and otherwise in the innermost open scope left
//! once wrappers and scopes whose alphabetical order it breaks are closed. A row whose type
//! names a table of its own (`Array of AvailableZoneType` and a table labelled
//! `AvailableZoneType`) has that table's rows placed as its members, right after it.

use super::{
    has_fields, items_wrapper, lone_text_wrapper, lookup, objects, wrapper_for, Builder, RowInfo,
};
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
    /// Whether the table marks depths with `└`.
    marks: bool,
}

impl Cursor {
    fn push(&mut self, node: usize) {
        self.open.push(Scope::new(node));
    }

    /// The innermost open scope's node.
    fn top(&self) -> usize {
        self.open.last().map_or(0, |s| s.node)
    }

    /// Notes that a row named `name` was placed in the innermost open scope, for the order
    /// of its rows.
    fn note(&mut self, name: String) {
        if let Some(s) = self.open.last_mut() {
            s.sorted &= s.last <= name;
            s.last = name;
        }
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
    /// Whether rows document its members: a bare row, a container type, or a type naming
    /// a table of its own.
    container: bool,
}

/// Where a scope's sample values hold a name.
enum Hit<'j> {
    /// In the values themselves.
    Direct(Vec<&'j Value>),
    /// Inside the one key that wraps them all (`{"Tags":{"Tag":[...]}}`): the key and its
    /// values.
    Wrapped(&'j str, Vec<&'j Value>),
}

/// The names of a dotted row name (`EventType.Code` → `EventType`, `Code`); `None` for a
/// plain name, or one with an empty part.
fn dotted_path(name: &str) -> Option<Vec<String>> {
    let parts: Vec<String> = name.split('.').map(str::to_string).collect();
    (parts.len() > 1 && parts.iter().all(|p| !p.is_empty())).then_some(parts)
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
    /// Places every row of `tbl` in the tree, under node `root` (the body for the response
    /// table, the node a named table documents the members of for such a table).
    pub(super) fn place_rows(&mut self, tbl: &'j Table, cols: &Columns, root: usize) {
        let marks = tbl.rows().any(|r| cell(r, cols.name).contains('└'));
        let repeated = repeated_later(tbl, cols);
        let mut cur = Cursor {
            open: vec![Scope::new(root)],
            pending: None,
            previous: None,
            after_element: false,
            marks,
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
            let named = self.named_table(&info.ty, info.type_line);
            // A sample holding the dotted name itself as a key says the wire has it flat.
            let path = dotted_path(&name).filter(|_| !self.holds_literally(&cur, &name));
            let container =
                named.is_some() || info.ty.is_container() || info.ty == DocType::Missing;
            let entry = Entry {
                name,
                info,
                min_level: if marks { depth } else { 0 },
                repeated: repeated.get(row_ix).copied().unwrap_or(false),
                container,
            };
            if cur.open.len() > MAX_DEPTH || path.as_ref().is_some_and(|p| p.len() > MAX_DEPTH) {
                let what = format!("response field `{}`", depth::shorten(&entry.name));
                depth::report(self.ctx.diags, row.line, &what);
                break;
            }
            match path {
                Some(path) => self.place_dotted(&mut cur, entry, path),
                None => self.place(&mut cur, entry),
            }
            if let (Some(k), Some(ix)) = (named, cur.previous) {
                // Its members are the named table's rows; the rows after it are its siblings.
                self.place_named(k, ix, cur.top());
                cur.pending = None;
                cur.previous = None;
            }
        }
    }

    /// The index of the named table (see [`super::NamedTable`]) a row's type, whose cell is
    /// on `type_line`, names (`Array of AvailableZoneType`, `DiskFullStatusType`,
    /// `UsageData[]`) or links to (`Array of [AvailableZones](#AvailableZoneType)`), unless
    /// that table is being placed already (a type that holds itself).
    fn named_table(&self, ty: &DocType, type_line: usize) -> Option<usize> {
        let written = match ty {
            DocType::ArrayOf(x) | DocType::Unknown(x) => x.as_str(),
            _ => return None,
        };
        let linked = self
            .anchors
            .iter()
            .filter(|(line, _)| *line == type_line)
            .map(|(_, name)| *name);
        let k = std::iter::once(written).chain(linked).find_map(|name| {
            self.named
                .iter()
                .position(|t| t.name.eq_ignore_ascii_case(name))
        })?;
        (!self.placing.contains(&k)).then_some(k)
    }

    /// Places the rows of named table `k` as the members of node `ix`, placed in `scope`
    /// (unless the page has placed named tables [`super::MAX_NAMED_PLACEMENTS`] times
    /// already).
    fn place_named(&mut self, k: usize, ix: usize, scope: usize) {
        let Some(&super::NamedTable { table, cols, .. }) = self.named.get(k) else {
            return;
        };
        if self.placed_named >= super::MAX_NAMED_PLACEMENTS {
            return;
        }
        self.placed_named += 1;
        let home = self.members_home(ix, table, &cols, scope);
        self.placing.push(k);
        self.place_rows(table, &cols, home);
        self.placing.pop();
    }

    /// The node the members of `ix`, placed in `scope`, go in: `ix` itself, or the child its
    /// sample wraps them in (`"SupportedResources": {"SupportedResource": [...]}`), as the
    /// first of `tbl`'s rows found in the sample shows. Where the sample lacks `ix` but has
    /// every one of `tbl`'s rows beside it, in `scope`, the sample draws no such level and
    /// the members go in `scope`.
    fn members_home(&mut self, ix: usize, tbl: &Table, cols: &Columns, scope: usize) -> usize {
        let names: Vec<String> = tbl
            .rows()
            .map(|row| table::row_name(cell(row, cols.name)).1)
            .collect();
        let beside = self.nodes[ix].json.is_empty()
            && !names.is_empty()
            && names
                .iter()
                .all(|name| matches!(self.hit(scope, name), Some(Hit::Direct(_))));
        if beside {
            return scope;
        }
        for row in tbl.rows() {
            let (_, name) = table::row_name(cell(row, cols.name));
            match self.hit(ix, &name) {
                Some(Hit::Direct(_)) => return ix,
                Some(Hit::Wrapped(key, inner)) => return self.child(ix, key, inner),
                None => {}
            }
        }
        ix
    }

    /// Places one row (see the module's documentation for the order of preference).
    fn place(&mut self, cur: &mut Cursor, mut entry: Entry<'j>) {
        let pending = cur.pending.take();
        let previous = cur.previous.take();
        let after_element = std::mem::take(&mut cur.after_element);
        let mut target = None;
        if let Some(p) = pending {
            if let Some(hit) = self.hit(p, &entry.name) {
                cur.push(p);
                target = Some(self.enter(cur, p, hit, &entry.name));
            } else if entry.info.ty == DocType::Missing && self.names_element(p) {
                if self.xml_wraps(p, &entry.name) {
                    // The JSON sample draws the list bare, but the table and the XML sample
                    // agree on a wrapper (`<Xs><X>...</X></Xs>`): its items are the element's.
                    let items = std::mem::take(&mut self.nodes[p].json);
                    cur.push(p);
                    self.attach(cur, p, items, entry);
                    return;
                }
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
            None => self.scope_for(cur, &mut entry, pending, after_element),
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

    /// Whether the XML sample, read beside the JSON one, nests element `element` in the
    /// element named as node `p`.
    fn xml_wraps(&self, p: usize, element: &str) -> bool {
        let outer = &self.nodes[p].wire;
        self.xml_sample
            .as_ref()
            .is_some_and(|x| super::nests(x, outer, element))
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
        entry: &mut Entry<'j>,
        pending: Option<usize>,
        after_element: bool,
    ) -> (usize, Vec<&'j Value>) {
        let name = entry.name.as_str();
        let top = cur.top();
        let stays = cur.open.len() > 1
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
        // A container whose sample draws its members, without this one, yields to an open
        // scope whose sample holds the row (`RequestId` after a list of objects).
        let drawn = pending.is_some_and(|p| objects(&self.nodes[p].json).next().is_some());
        if !stays && (!pending_open || drawn) {
            if let Some(found) = self.search_open(cur, name, entry.min_level) {
                return found;
            }
        }
        if let Some(p) = pending.filter(|_| pending_open) {
            cur.push(p);
            if !self.names_items(p, entry) {
                self.enter_items(cur, p);
            }
        } else if !stays {
            self.close_scopes(cur, name, entry.min_level);
        }
        let scope = cur.top();
        if let Some(spelt) = self
            .sample_spelling(scope, name)
            .filter(|_| entry.container)
        {
            // Two copies of a container, the table's members in one and the sample's in the
            // other, would split it; a scalar (or a container whose sample shows no members)
            // keeps both spellings, whichever the wire uses.
            self.ctx.diags.warn(
                entry.info.line,
                "sample-spelling",
                format!(
                    "`{name}` is spelt `{spelt}` in the {} sample; its members are read under that name",
                    self.format()
                ),
            );
            entry.name = spelt.to_string();
            return (scope, lookup(&self.nodes[scope].json, spelt));
        }
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

    /// Opens the items of container `p` when its sample is only the key wrapping them
    /// (`"SupportedResources": {"SupportedResource": [...]}`): a member the sample lacks is
    /// then one of the items', since the wrapper holds nothing else.
    fn enter_items(&mut self, cur: &mut Cursor, p: usize) {
        if !(self.nodes[p].bare() || self.nodes[p].listish()) {
            return;
        }
        if let Some((key, inner)) = items_wrapper(&self.nodes[p].json) {
            let items = self.child(p, key, inner);
            cur.push(items);
        }
    }

    /// Whether `entry` is a bare row naming the items of container `p` by the name its type
    /// gives them (`UsageDataPerInterval|Array of DataModule`, then `DataModule`), which the
    /// sample may spell otherwise.
    fn names_items(&self, p: usize, entry: &Entry<'_>) -> bool {
        entry.info.ty == DocType::Missing
            && self.nodes[p].row.as_ref().is_some_and(|r| {
                matches!(&r.ty, DocType::ArrayOf(item) if item.eq_ignore_ascii_case(&entry.name))
            })
    }

    /// The one key of `scope`'s sample objects that is `name` in another letter case
    /// (`DiskEventSet` for a row `Diskeventset`) and holds fields, when there is exactly one
    /// and no row took it yet.
    fn sample_spelling(&self, scope: usize, name: &str) -> Option<&'j str> {
        let node = &self.nodes[scope];
        let mut keys: Vec<&'j str> = objects(&node.json)
            .flat_map(|m| m.keys())
            .filter(|k| k.eq_ignore_ascii_case(name))
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let taken = |k: &str| {
            node.children
                .iter()
                .any(|&c| self.nodes[c].wire == k && self.nodes[c].row.is_some())
        };
        let members = |k: &str| {
            lookup(&node.json, k)
                .iter()
                .any(|v| has_fields(v) == Some(true))
        };
        match keys.as_slice() {
            [only] if !taken(only) && members(only) => Some(*only),
            _ => None,
        }
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

    /// Puts the row in `scope` with the sample values found for it (see [`Self::put`]), and
    /// notes whether the rows after it may be its members.
    fn attach(&mut self, cur: &mut Cursor, scope: usize, vals: Vec<&'j Value>, entry: Entry<'j>) {
        let name = entry.name.clone();
        let (ix, opens) = self.put(scope, vals, entry, cur.marks);
        cur.note(name);
        cur.pending = opens.then_some(ix);
        cur.previous = Some(ix);
    }

    /// Puts the row in `scope` with the sample values found for it (in the child of that name
    /// a wrapper or the sample made, if any): its node, and whether the rows after it may be
    /// its members (`marks`: whether the table marks depths).
    fn put(
        &mut self,
        scope: usize,
        vals: Vec<&'j Value>,
        entry: Entry<'j>,
        marks: bool,
    ) -> (usize, bool) {
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
        // A `Map`'s keys are data, not fields: in a table without depth marks, the rows
        // after it are never its members, even where its sample has keys of their names.
        let opens = self.opens(&vals, &info) && (marks || info.ty != DocType::Json);
        let node = &mut self.nodes[ix];
        if node.row.is_none() {
            node.row = Some(info);
            node.implicit = false;
        }
        if node.json.is_empty() {
            node.json = vals;
        }
        (ix, opens)
    }

    /// Places a row whose name is a dotted path (`EventType.Code`): the last name is a member
    /// of the struct the others name, in turn (no row documents `EventType` itself). The
    /// first name goes under the container the previous row opened, or in the innermost open
    /// scope whose sample holds it, or else in the innermost open scope; the path's structs
    /// are made on the way (or met again, for `EventType.Name`).
    fn place_dotted(&mut self, cur: &mut Cursor, entry: Entry<'j>, path: Vec<String>) {
        let Some((first, rest)) = path.split_first() else {
            return;
        };
        let Some((leaf, middle)) = rest.split_last() else {
            return;
        };
        let (scope, vals) = self.dotted_scope(cur, first, entry.min_level);
        let mut node = self.path_struct(scope, first, vals, &entry.info);
        for name in middle {
            let vals = lookup(&self.nodes[node].json, name);
            node = self.path_struct(node, name, vals, &entry.info);
        }
        let vals = lookup(&self.nodes[node].json, leaf);
        if vals.is_empty() && objects(&self.nodes[node].json).next().is_some() {
            self.ctx.diags.warn(
                entry.info.line,
                "field-not-in-sample",
                format!(
                    "`{}` is documented but absent from the {} sample",
                    entry.name,
                    self.format()
                ),
            );
        }
        let leaf_entry = Entry {
            name: leaf.clone(),
            ..entry
        };
        self.put(node, vals, leaf_entry, cur.marks);
        cur.note(first.clone());
    }

    /// Whether the sample of the pending node or of an open scope has a key `name`.
    fn holds_literally(&self, cur: &Cursor, name: &str) -> bool {
        let scopes = cur.open.iter().map(|s| s.node);
        cur.pending
            .into_iter()
            .chain(scopes)
            .any(|n| self.hit(n, name).is_some())
    }

    /// The scope the first name of a dotted row goes in, and its values there (see
    /// [`Self::place_dotted`]).
    fn dotted_scope(
        &mut self,
        cur: &mut Cursor,
        first: &str,
        min_level: usize,
    ) -> (usize, Vec<&'j Value>) {
        cur.previous = None;
        cur.after_element = false;
        if let Some(p) = cur.pending.take() {
            if let Some(hit) = self.hit(p, first) {
                cur.push(p);
                return self.enter(cur, p, hit, first);
            }
            if self.nodes[p].bare()
                || self.nodes[p]
                    .row
                    .as_ref()
                    .is_some_and(|r| r.ty.is_container())
            {
                cur.push(p);
                return (p, Vec::new());
            }
        }
        if let Some(found) = self.search_open(cur, first, min_level) {
            return found;
        }
        (cur.top(), Vec::new())
    }

    /// The struct named `name` under `parent` on a dotted row's path: the child of that name,
    /// or a new one documented as a `Struct` on the row's line.
    fn path_struct(
        &mut self,
        parent: usize,
        name: &str,
        vals: Vec<&'j Value>,
        info: &RowInfo<'j>,
    ) -> usize {
        let existing = self.nodes[parent]
            .children
            .iter()
            .copied()
            .find(|&c| self.nodes[c].wire == name);
        if let Some(c) = existing {
            return c;
        }
        let c = self.add(parent, name.to_string());
        let node = &mut self.nodes[c];
        node.json = vals;
        node.row = Some(RowInfo {
            ty: DocType::Struct,
            example: None,
            description: "",
            line: info.line,
            type_line: info.type_line,
        });
        c
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
