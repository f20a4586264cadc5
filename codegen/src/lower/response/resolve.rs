//! Resolving the placed tree into fields: the sample's keys the table misses are added, and
//! each node's type is decided from its row and its sample values.

use super::{lone_member, objects, Builder};
use crate::ident;
use crate::ir::{Field, Type};
use crate::lower::table::{self, DocType};
use crate::lower::values;
use crate::names;
use serde_json::Value;

/// What the sample holds at one node (nulls say nothing).
struct Seen<'j> {
    /// The value that says most about the type (see [`most_telling`]).
    first: Option<&'j Value>,
    /// Whether a value is an object.
    has_obj: bool,
    /// Whether a value is an array.
    has_arr: bool,
    /// Whether there are values and all are text.
    all_text: bool,
    /// The element of the arrays that says most about the type (see [`most_telling`]).
    first_elem: Option<&'j Value>,
    /// Whether an element of the arrays is an object.
    elem_obj: bool,
}

impl<'j> Seen<'j> {
    fn of(json: &[&'j Value]) -> Seen<'j> {
        let vals = || json.iter().copied().filter(|v| !v.is_null());
        let elems = || {
            json.iter()
                .filter_map(|&v| v.as_array())
                .flatten()
                .filter(|e| !e.is_null())
        };
        Seen {
            first: most_telling(vals()),
            has_obj: vals().any(Value::is_object),
            has_arr: vals().any(Value::is_array),
            all_text: vals().next().is_some() && vals().all(Value::is_string),
            first_elem: most_telling(elems()),
            elem_obj: elems().any(Value::is_object),
        }
    }
}

/// Of `values`, the one that says most about a number's type, so that a fractional value or
/// one beyond `i32` after integers is not typed by the integers before it (`"progress": 100`,
/// then `"progress": 39.375`): a fractional number, else an integer beyond `i32`, else the
/// first value.
fn most_telling<'j>(values: impl Iterator<Item = &'j Value>) -> Option<&'j Value> {
    values.fold(None, |best, v| match best {
        Some(b) if number_weight(b) >= number_weight(v) => Some(b),
        _ => Some(v),
    })
}

/// What a value says about a number's type: 2 for a fractional number, 1 for an integer beyond
/// `i32`, 0 otherwise.
fn number_weight(v: &Value) -> u8 {
    match v {
        Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() != 0.0) => 2,
        Value::Number(n) if n.as_i64().is_none_or(|x| i32::try_from(x).is_err()) => 1,
        _ => 0,
    }
}

/// The node being resolved.
struct At<'j> {
    ix: usize,
    /// Its documented type.
    doc: DocType,
    wire: String,
    /// Line of its documented type, for warnings about it.
    type_line: usize,
    /// Its row's example, if any.
    example: Option<&'j str>,
    seen: Seen<'j>,
    /// Whether its parent is a documented list.
    parent_listish: bool,
    /// Whether a scalar row here may describe its parent list's items: the parent is a
    /// documented list whose sample holds no elements with fields of their own (see
    /// [`Builder::holds_elements`]).
    item_row_parent: bool,
}

impl<'j> Builder<'j, '_, '_> {
    /// The fields of node `ix`: its children, with the sample's keys the table misses added.
    pub(super) fn resolve_children(&mut self, ix: usize) -> Vec<Field> {
        self.add_sample_keys(ix);
        let listish = self.nodes[ix].listish();
        // In an XML sample the element of a wrapper is a list even when there is only one.
        let item_of = self.xml_wrapper(ix).then(|| {
            self.nodes[ix]
                .row
                .as_ref()
                .map_or(DocType::Missing, |r| r.ty.clone())
        });
        let parent = Parent {
            listish,
            item_rows: listish && !self.holds_elements(ix),
        };
        // Resolving a child adds children to it, never to `ix`.
        let count = self.nodes[ix].children.len();
        let mut out: Vec<Field> = Vec::new();
        for k in 0..count {
            let Some(&c) = self.nodes[ix].children.get(k) else {
                break;
            };
            out.push(self.resolve(c, parent, item_of.as_ref()));
        }
        names::dedupe_fields(out.iter_mut().map(|f| &mut f.rust_name));
        out
    }

    /// Adds the keys of `ix`'s sample objects that no child has, as implicit children; each
    /// is reported where the table documents this level and they are not its usual wrapping.
    fn add_sample_keys(&mut self, ix: usize) {
        let extra = self.undocumented_keys(ix);
        // `{"InstanceId": [...]}` inside a documented list is the usual wrapping, not news.
        let node = &self.nodes[ix];
        let wrapping = extra.len() == 1
            && node.children.is_empty()
            && objects(&node.json).nth(1).is_none()
            && (node.listish() || node.bare() || node.implicit);
        let documented_level = ix == 0 || node.row.is_some() || self.has_documented_child(ix);
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

    /// The keys of `ix`'s sample objects that no child has, each with its values, in the
    /// order met.
    fn undocumented_keys(&self, ix: usize) -> Vec<(&'j str, Vec<&'j Value>)> {
        let node = &self.nodes[ix];
        let known = |k: &str| {
            node.children
                .iter()
                .any(|&c| self.nodes.get(c).is_some_and(|n| n.wire == k))
        };
        let mut extra: Vec<(&'j str, Vec<&'j Value>)> = Vec::new();
        for (k, v) in objects(&node.json).flatten() {
            let k: &'j str = k;
            if known(k) {
                continue;
            }
            match extra.iter_mut().find(|(n, _)| *n == k) {
                Some((_, vals)) => vals.push(v),
                None => extra.push((k, vec![v])),
            }
        }
        extra
    }

    /// Whether the sample of `ix` holds list elements with fields of their own: an array, or
    /// an object with several members (`{"ArgName": [...], "ArgValue": [...]}`), rather than
    /// a wrapper around the items (`{"VSwitchId": ["vsw-1"]}`).
    fn holds_elements(&self, ix: usize) -> bool {
        let json = &self.nodes[ix].json;
        json.iter().any(|v| v.is_array()) || objects(json).any(|m| m.len() > 1)
    }

    /// Whether `ix` is a level the sample adds around documented fields (`KeyPair` between
    /// `KeyPairs` and `KeyPairName`): the element of a list the table leaves out.
    fn holds_documented_rows(&self, ix: usize) -> bool {
        self.nodes[ix].implicit && self.has_documented_child(ix)
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

    /// The field for node `ix`, a child of `parent`; `item_of` is the documented type of its
    /// parent when that is an XML list wrapper (see [`Self::xml_wrapper`]).
    fn resolve(&mut self, ix: usize, parent: Parent, item_of: Option<&DocType>) -> Field {
        let node = &self.nodes[ix];
        let row = node.row.as_ref();
        let line = row
            .map(|r| r.line)
            .filter(|&l| l > 0)
            .unwrap_or_else(|| self.sample_line(&node.wire));
        let at = At {
            ix,
            doc: row.map_or(DocType::Missing, |r| r.ty.clone()),
            wire: node.wire.clone(),
            type_line: row.map_or(line, |r| r.type_line),
            example: row.and_then(|r| r.example),
            seen: Seen::of(&node.json),
            parent_listish: parent.listish,
            item_row_parent: parent.item_rows,
        };
        let (ty, children) = self.shape(&at, item_of);
        let row = self.nodes[ix].row.as_ref();
        let description = row.map(|r| r.description.to_string()).unwrap_or_default();
        Field {
            rust_name: ident::field_name(&at.wire),
            wire_name: at.wire,
            values: values::documented(&ty, &description),
            ty,
            example: row.and_then(|r| r.example).map(str::to_string),
            description,
            children,
            line,
        }
    }

    /// The type and fields of node `at`: JSON for a map without documented members, the
    /// documented scalar where the sample has a container but no row documents members of
    /// it, a struct for sample objects, a list for sample arrays (or lone items), a struct or
    /// list of structs for members without sample values, else a scalar.
    fn shape(&mut self, at: &At<'j>, item_of: Option<&DocType>) -> (Type, Vec<Field>) {
        let (ix, doc, seen) = (at.ix, &at.doc, &at.seen);
        let lone_items = self.lone_items(at, item_of);
        if *doc == DocType::Json && !self.has_documented_child(ix) {
            // `Map`/`Json` with no documented members: its keys are data, not fields (the
            // sample's keys are examples, not undocumented fields).
            (Type::Json, Vec::new())
        } else if let Some(t) = self.documented_scalar(at) {
            (t, Vec::new())
        } else if seen.has_obj && !lone_items {
            if matches!(doc, DocType::Scalar(_)) {
                self.mismatch(at.type_line, &at.wire, "an object");
            }
            self.structure(ix, at.wire.clone())
        } else if seen.has_arr || lone_items {
            self.array(at, lone_items)
        } else if !self.nodes[ix].children.is_empty() {
            let as_list = !self.is_wrapper(ix)
                && (doc.is_list() || (at.parent_listish && *doc == DocType::Missing));
            if as_list {
                let (element, children) = self.structure(ix, self.element_name(at));
                (list(element), children)
            } else {
                self.structure(ix, at.wire.clone())
            }
        } else if let Some(item) = item_of.filter(|p| p.is_list() && seen.all_text) {
            // `<IpAddresses><IpAddress>10.0.0.1</IpAddress></IpAddresses>`: one of a list.
            let item = match (doc, item) {
                // The item row of the list (`VSwitchIds|List`, then `VSwitchId|String`).
                (DocType::Scalar(t), _) => Some(t.clone()),
                (_, DocType::ArrayOf(x)) => table::scalar(x),
                _ => None,
            };
            (list(item.unwrap_or(Type::String)), Vec::new())
        } else {
            (self.leaf(at), Vec::new())
        }
    }

    /// The documented scalar type of a row whose sample holds an object or array that no
    /// row documents members of, with a warning: the table's type, which the API metadata
    /// states, wins over a sample drawn by hand (`DomainList|String` beside
    /// `"DomainList": ["example.com"]`). The item row of a list wrapper
    /// (`VSwitchIds|List`, then `VSwitchId|String` for `{"VSwitchId": ["vsw-1"]}`) is left
    /// to describe the items.
    fn documented_scalar(&mut self, at: &At<'j>) -> Option<Type> {
        let DocType::Scalar(t) = &at.doc else {
            return None;
        };
        let seen = &at.seen;
        let item_row = at.item_row_parent && seen.has_arr && !seen.elem_obj;
        let container = seen.has_obj || seen.has_arr;
        if !container || item_row || self.has_documented_child(at.ix) {
            return None;
        }
        let what = if seen.has_obj {
            "an object"
        } else {
            "an array"
        };
        self.ctx.diags.warn(
            at.type_line,
            "type-mismatch",
            format!(
                "`{}` is documented as {t:?} but the {} sample has {what}; following the table",
                at.wire,
                self.format()
            ),
        );
        Some(t.clone())
    }

    /// Whether the objects of a node are the items of a list although the sample shows no
    /// array. XML cannot tell a list of one element from the element: the table (a
    /// documented list that is no wrapper), the wrapper around it, the element level the
    /// table omits around documented fields, or another place of the sample holding several
    /// decides. In JSON, an object with several members where the table documents a list
    /// (`Array of X`) is one element drawn without its array, unless a bare row right after
    /// the list names its element (the list is a wrapper, whose element level the sample
    /// left out).
    fn lone_items(&self, at: &At<'_>, item_of: Option<&DocType>) -> bool {
        if !self.xml {
            let node = &self.nodes[at.ix];
            let names_element = node.element.is_some()
                || node.children.first().is_some_and(|&c| {
                    self.nodes[c]
                        .row
                        .as_ref()
                        .is_some_and(|r| r.ty == DocType::Missing)
                });
            return at.doc.is_list()
                && at.seen.has_obj
                && !at.seen.has_arr
                && !names_element
                && !self.is_wrapper(at.ix)
                && objects(&node.json).all(|m| m.len() > 1);
        }
        at.seen.has_obj
            && (at.seen.has_arr
                || item_of.is_some()
                || (at.doc.is_list() && !self.xml_wrapper(at.ix))
                || self.holds_documented_rows(at.ix))
    }

    /// A struct named after `doc_name` whose fields are `ix`'s children (its name is taken
    /// before theirs).
    fn structure(&mut self, ix: usize, doc_name: String) -> (Type, Vec<Field>) {
        let name = self.ctx.struct_name(&doc_name);
        let children = self.resolve_children(ix);
        let ty = Type::Struct {
            name,
            doc_name: Some(doc_name),
        };
        (ty, children)
    }

    /// The element name of a list node: what a bare row after it named, the `X` of its
    /// documented `Array of X`, else its own wire name.
    fn element_name(&self, at: &At<'_>) -> String {
        match (&self.nodes[at.ix].element, at.doc.element_name()) {
            (Some(e), _) => e.clone(),
            (None, Some(e)) => e.to_string(),
            (None, None) => at.wire.clone(),
        }
    }

    /// The list type (and element fields) of a node whose sample holds arrays, or lone XML
    /// items.
    fn array(&mut self, at: &At<'j>, lone_items: bool) -> (Type, Vec<Field>) {
        let (doc, seen) = (&at.doc, &at.seen);
        // A scalar row under a documented list describes the list's items
        // (`VSwitchIds|List`, then `VSwitchId|String` for `{"VSwitchId":["vsw-1"]}`).
        let item_row = at.item_row_parent && matches!(doc, DocType::Scalar(_)) && !seen.elem_obj;
        if matches!(doc, DocType::Scalar(_)) && !item_row {
            self.mismatch(at.type_line, &at.wire, "an array");
        }
        let members = seen.first_elem.is_none() && !self.nodes[at.ix].children.is_empty();
        if lone_items || seen.elem_obj || members {
            let (element, children) = self.structure(at.ix, self.element_name(at));
            return (list(element), children);
        }
        let item = match (doc, seen.first_elem) {
            (DocType::Scalar(t), Some(e)) if item_row => self.check_scalar(t.clone(), e, at),
            (DocType::Scalar(t), None) if item_row => t.clone(),
            (DocType::ArrayOf(x), _) if table::scalar(x).is_some() => {
                table::scalar(x).unwrap_or(Type::String)
            }
            (_, Some(e)) => infer(e),
            _ => Type::String,
        };
        (list(item), Vec::new())
    }

    /// The scalar type of a leaf: the documented one checked against the sample value, else
    /// one inferred from the sample (with a warning about the unknown or missing type).
    fn leaf(&mut self, at: &At<'j>) -> Type {
        let (doc, wire, line) = (&at.doc, at.wire.as_str(), at.type_line);
        match (doc.leaf(), at.seen.first) {
            (Some(t @ (Type::Integer | Type::Long)), Some(v)) if self.xml => {
                // XML holds only text: numeric text is checked (range, fraction) as the
                // number it is.
                let number = match v {
                    Value::String(s) => s.trim().parse().ok().map(Value::Number),
                    _ => None,
                };
                self.check_scalar(t, number.as_ref().unwrap_or(v), at)
            }
            (Some(t), Some(v)) => self.check_scalar(t, v, at),
            (Some(t), None) => t,
            (None, v) => {
                match doc {
                    DocType::Unknown(t) => self.ctx.diags.warn(
                        line,
                        "unknown-type",
                        format!("unknown type `{t}` for `{wire}`; kept as JSON"),
                    ),
                    _ if self.nodes[at.ix].row.is_some() => self.ctx.diags.warn(
                        line,
                        "missing-type",
                        format!("no type for `{wire}`; inferred"),
                    ),
                    _ => {}
                }
                match (v, doc) {
                    (_, DocType::Unknown(_)) => Type::Json,
                    (Some(v), _) => infer(v),
                    (None, _) => Type::String,
                }
            }
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

    /// A documented scalar of the row at `at` checked against its sample value `v`: integers
    /// that overflow `i32` become `Long`, fractional numbers documented as integers become
    /// `Double`, numbers and flags the sample writes as other text may become `String`.
    fn check_scalar(&mut self, t: Type, v: &Value, at: &At<'_>) -> Type {
        let (line, wire) = (at.type_line, at.wire.as_str());
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
            (_, Value::String(s)) if !reads_as(&t, s) => self.text_against_type(t, s, at),
            _ => t,
        }
    }

    /// The type of a number or flag documented as `t` whose sample value is the text `s`,
    /// no number or flag at all. A masked or placeholder value (`91****`, `xxId`) says
    /// nothing against the table, and a row whose own example reads as `t` (`587`) outweighs
    /// its sample (`ONE_YEAR_85_PERCENT`, with a warning): `t` stays. Otherwise the sample
    /// is followed, with a warning, since decoding other text as `t` would fail the whole
    /// response.
    fn text_against_type(&mut self, t: Type, s: &str, at: &At<'_>) -> Type {
        if placeholder(s) {
            return t;
        }
        if !at.example.is_some_and(|e| reads_as(&t, e)) {
            return self.text_mismatch(at.type_line, &at.wire, &t, s);
        }
        let sample: String = s.chars().take(40).collect();
        self.ctx.diags.warn(
            at.type_line,
            "type-mismatch",
            format!(
                "`{}` is documented as {t:?} with the example {:?}, but the {} sample holds the text {sample:?}; following the table",
                at.wire,
                at.example.unwrap_or_default(),
                self.format()
            ),
        );
        t
    }
}

/// What a node's children need to know of it while they are resolved.
#[derive(Clone, Copy)]
struct Parent {
    /// It is a documented list.
    listish: bool,
    /// A scalar row under it may describe its items (see [`At::item_row_parent`]).
    item_rows: bool,
}

/// A list of `item`s.
fn list(item: Type) -> Type {
    Type::List {
        item: Box::new(item),
    }
}

/// Whether the text `s` can be read as a value of the scalar type `t` (blank text always can:
/// it is no value).
fn reads_as(t: &Type, s: &str) -> bool {
    let s = s.trim();
    match t {
        _ if s.is_empty() => true,
        Type::Integer | Type::Long | Type::Float | Type::Double => s.parse::<f64>().is_ok(),
        Type::Boolean => matches!(s, "true" | "false" | "True" | "False" | "0" | "1"),
        _ => true,
    }
}

/// Whether a sample's text is masked or a placeholder rather than a value: it hides
/// characters (`91****`, `1…`) or writes them as `x` (`xxId`, `192.168.XX.XX`), or names the
/// value in angle brackets (`<id>`).
fn placeholder(s: &str) -> bool {
    s.contains(['*', '…', '<', '>']) || s.to_ascii_lowercase().contains("xx")
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
