//! A response sample as a light, read-only JSON tree: every value in one arena, strings and
//! keys borrowed from the sample text where they hold no escapes.
//!
//! The tree reads exactly as `serde_json::Value` (with its default, sorted map) would: an
//! object's members are sorted by key, a repeated key keeps its last value, numbers are
//! `serde_json::Number`s. [`Tree::parse`] reads only plain, well-formed JSON and gives up on
//! anything unusual (deep nesting, control characters in strings, odd escapes), leaving it to
//! `serde_json` and [`Tree::from_value`], so that both roads always agree.

use serde_json::{Number, Value};
use std::borrow::Cow;
use std::ops::Range;

/// Containers may nest at most this deep in [`Tree::parse`] (serde_json allows 128; deeper
/// samples take the serde_json road, which reports them).
const MAX_DEPTH: usize = 100;

/// One value; containers name a range of [`Tree`]'s item or member lists.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val<'s> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as serde_json reads it.
    Number(Number),
    /// A string.
    Str(Cow<'s, str>),
    /// An array: its elements' ids are `items[range]`.
    Array(Range<usize>),
    /// An object: its members are `members[range]`, sorted by key, keys unique.
    Object(Range<usize>),
}

/// Objects with at most this many members (nearly all of a sample's) are searched by a scan
/// in [`Tree::get`].
const SCAN_MEMBERS: usize = 64;

/// The `null` returned for ids outside the tree.
const NULL: Val<'static> = Val::Null;

/// A parsed sample; values are named by their index (id) in the arena.
#[derive(Debug, Default)]
pub(crate) struct Tree<'s> {
    vals: Vec<Val<'s>>,
    items: Vec<usize>,
    members: Vec<(Cow<'s, str>, usize)>,
    root: usize,
}

impl<'s> Tree<'s> {
    /// Reads `text` (one JSON value, nothing around it), or `None` when it is not plain JSON
    /// that this reader takes (it may still be valid for serde_json).
    pub fn parse(text: &'s str) -> Option<Tree<'s>> {
        // Sized for a usual sample (a value per 24 bytes or so) to spare regrowing.
        let guess = text.len() / 24 + 4;
        let mut p = Parser {
            text,
            pos: 0,
            tree: Tree {
                vals: Vec::with_capacity(guess),
                items: Vec::with_capacity(guess / 4),
                members: Vec::with_capacity(guess),
                root: 0,
            },
            items: Vec::with_capacity(16),
            members: Vec::with_capacity(32),
        };
        let root = p.value(0)?;
        p.skip_ws();
        if p.pos != text.len() {
            return None;
        }
        p.tree.root = root;
        Some(p.tree)
    }

    /// The tree of a serde_json value (strings owned).
    pub fn from_value(value: Value) -> Tree<'s> {
        let mut tree = Tree::default();
        tree.root = tree.convert(value);
        tree
    }

    fn convert(&mut self, value: Value) -> usize {
        let val = match value {
            Value::Null => Val::Null,
            Value::Bool(b) => Val::Bool(b),
            Value::Number(n) => Val::Number(n),
            Value::String(s) => Val::Str(Cow::Owned(s)),
            Value::Array(items) => {
                let ids: Vec<usize> = items.into_iter().map(|v| self.convert(v)).collect();
                let start = self.items.len();
                self.items.extend(ids);
                Val::Array(start..self.items.len())
            }
            Value::Object(map) => {
                let members: Vec<(Cow<'s, str>, usize)> = map
                    .into_iter()
                    .map(|(k, v)| (Cow::Owned(k), self.convert(v)))
                    .collect();
                let start = self.members.len();
                self.members.extend(members);
                Val::Object(start..self.members.len())
            }
        };
        self.push(val)
    }

    fn push(&mut self, val: Val<'s>) -> usize {
        self.vals.push(val);
        self.vals.len() - 1
    }

    /// The id of the top-level value.
    pub fn root(&self) -> usize {
        self.root
    }

    /// The value `id` (`null` for an unknown id).
    pub fn val(&self, id: usize) -> &Val<'s> {
        self.vals.get(id).unwrap_or(&NULL)
    }

    /// Whether `id` is `null`.
    pub fn is_null(&self, id: usize) -> bool {
        matches!(self.val(id), Val::Null)
    }

    /// Whether `id` is an object.
    pub fn is_object(&self, id: usize) -> bool {
        matches!(self.val(id), Val::Object(_))
    }

    /// Whether `id` is an array.
    pub fn is_array(&self, id: usize) -> bool {
        matches!(self.val(id), Val::Array(_))
    }

    /// Whether `id` is a string.
    pub fn is_string(&self, id: usize) -> bool {
        matches!(self.val(id), Val::Str(_))
    }

    /// The elements of array `id` (none for other values).
    pub fn items(&self, id: usize) -> &[usize] {
        match self.val(id) {
            Val::Array(r) => self.items.get(r.clone()).unwrap_or_default(),
            _ => &[],
        }
    }

    /// The members of object `id`, sorted by key (none for other values).
    pub fn members(&self, id: usize) -> &[(Cow<'s, str>, usize)] {
        match self.val(id) {
            Val::Object(r) => self.members.get(r.clone()).unwrap_or_default(),
            _ => &[],
        }
    }

    /// The value of `key` in object `id`.
    pub fn get(&self, id: usize, key: &str) -> Option<usize> {
        let members = self.members(id);
        // Keys are unique: in an object of usual size a scan (most keys differ in length)
        // finds the same member as the binary search, with fewer string comparisons.
        if members.len() <= SCAN_MEMBERS {
            return members
                .iter()
                .find(|(k, _)| k.len() == key.len() && k.as_ref() == key)
                .map(|&(_, v)| v);
        }
        members
            .binary_search_by(|(k, _)| k.as_ref().cmp(key))
            .ok()
            .and_then(|i| members.get(i))
            .map(|&(_, v)| v)
    }

    /// Removes surrounding whitespace from every object key, as
    /// [`trim_sample_keys`](super::response::trim_sample_keys) does to a `Value` (same
    /// winners, same report): the keys changed, quoted.
    pub fn trim_keys(&mut self) -> Vec<String> {
        let mut changed = Vec::new();
        if self.members.iter().any(|(k, _)| untrimmed(k)) {
            self.trim_into(self.root, &mut changed, 0);
        }
        changed
    }

    fn trim_into(&mut self, id: usize, changed: &mut Vec<String>, depth: usize) {
        if depth > 2 * MAX_DEPTH {
            return;
        }
        let range = match self.vals.get(id) {
            Some(Val::Object(r)) => r.clone(),
            Some(Val::Array(r)) => {
                for i in r.clone() {
                    if let Some(&item) = self.items.get(i) {
                        self.trim_into(item, changed, depth + 1);
                    }
                }
                return;
            }
            _ => return,
        };
        let old = self.members.get(range.clone()).unwrap_or_default();
        let mut range = range;
        if old.iter().any(|(k, _)| untrimmed(k)) {
            let mut new: Vec<(Cow<'s, str>, usize)> = Vec::with_capacity(old.len());
            for (k, v) in old {
                let t = k.trim();
                if t != k.as_ref() {
                    changed.push(format!("{k:?}"));
                }
                // The first spelling in key order wins, as a sorted map's entries do.
                if !new.iter().any(|(n, _)| n == t) {
                    let trimmed = match k {
                        Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
                        Cow::Owned(s) => Cow::Owned(s.trim().to_string()),
                    };
                    new.push((trimmed, *v));
                }
            }
            new.sort_by(|a, b| a.0.cmp(&b.0));
            range = range.start..range.start + new.len();
            if let Some(slots) = self.members.get_mut(range.clone()) {
                for (slot, m) in slots.iter_mut().zip(new) {
                    *slot = m;
                }
            }
            if let Some(v) = self.vals.get_mut(id) {
                *v = Val::Object(range.clone());
            }
        }
        for i in range {
            if let Some(&(_, v)) = self.members.get(i) {
                self.trim_into(v, changed, depth + 1);
            }
        }
    }
}

/// Whether `key` has surrounding whitespace.
fn untrimmed(key: &str) -> bool {
    key.starts_with(char::is_whitespace) || key.ends_with(char::is_whitespace)
}

/// A strict JSON reader filling a [`Tree`].
struct Parser<'s> {
    text: &'s str,
    pos: usize,
    tree: Tree<'s>,
    /// Elements of the arrays being read (each array's own at the end).
    items: Vec<usize>,
    /// Members of the objects being read (each object's own at the end).
    members: Vec<(Cow<'s, str>, usize)>,
}

impl<'s> Parser<'s> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// Skips whitespace and the byte `b`, or fails.
    fn expect(&mut self, b: u8) -> Option<()> {
        self.skip_ws();
        (self.peek()? == b).then(|| self.pos += 1)
    }

    fn value(&mut self, depth: usize) -> Option<usize> {
        self.skip_ws();
        let val = match self.peek()? {
            b'{' => return self.object(depth + 1),
            b'[' => return self.array(depth + 1),
            b'"' => Val::Str(self.string()?),
            b't' => self.literal("true", Val::Bool(true))?,
            b'f' => self.literal("false", Val::Bool(false))?,
            b'n' => self.literal("null", Val::Null)?,
            b'-' | b'0'..=b'9' => Val::Number(self.number()?),
            _ => return None,
        };
        Some(self.tree.push(val))
    }

    fn literal(&mut self, word: &str, val: Val<'s>) -> Option<Val<'s>> {
        let rest = self.text.get(self.pos..)?;
        rest.starts_with(word).then(|| {
            self.pos += word.len();
            val
        })
    }

    /// Reads the elements of an object or array whose opening bracket is at `pos`, each with
    /// `element`, separated by commas, up to and past the `close` bracket.
    fn elements(
        &mut self,
        close: u8,
        mut element: impl FnMut(&mut Self) -> Option<()>,
    ) -> Option<()> {
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(close) {
            self.pos += 1;
            return Some(());
        }
        loop {
            element(self)?;
            self.skip_ws();
            match self.peek()? {
                b',' => self.pos += 1,
                c if c == close => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn object(&mut self, depth: usize) -> Option<usize> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mark = self.members.len();
        self.elements(b'}', |p| {
            p.skip_ws();
            if p.peek()? != b'"' {
                return None;
            }
            let key = p.string()?;
            p.expect(b':')?;
            let v = p.value(depth)?;
            p.members.push((key, v));
            Some(())
        })?;
        let own = self.members.get_mut(mark..).unwrap_or_default();
        if !own.is_sorted_by(|a, b| a.0 < b.0) {
            // Stable: among repeated keys the last one read stays last, and wins below.
            own.sort_by(|a, b| a.0.cmp(&b.0));
        }
        let start = self.tree.members.len();
        let mut drained = self.members.drain(mark..).peekable();
        while let Some(m) = drained.next() {
            if drained.peek().is_some_and(|next| next.0 == m.0) {
                continue;
            }
            self.tree.members.push(m);
        }
        let end = self.tree.members.len();
        Some(self.tree.push(Val::Object(start..end)))
    }

    fn array(&mut self, depth: usize) -> Option<usize> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mark = self.items.len();
        self.elements(b']', |p| {
            let v = p.value(depth)?;
            p.items.push(v);
            Some(())
        })?;
        let start = self.tree.items.len();
        self.tree.items.extend(self.items.drain(mark..));
        let end = self.tree.items.len();
        Some(self.tree.push(Val::Array(start..end)))
    }

    /// A string token at `pos`: borrowed when it has no escapes, else decoded by serde_json.
    fn string(&mut self) -> Option<Cow<'s, str>> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut i = start + 1;
        let mut escaped = false;
        loop {
            let rest = bytes.get(i..)?;
            i += rest
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
            match *bytes.get(i)? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    i += 2;
                }
                _ => return None,
            }
        }
        self.pos = i + 1;
        if escaped {
            let token = self.text.get(start..=i)?;
            serde_json::from_str::<String>(token).ok().map(Cow::Owned)
        } else {
            self.text.get(start + 1..i).map(Cow::Borrowed)
        }
    }

    /// A number token at `pos`, checked against JSON's grammar and read as serde_json does.
    fn number(&mut self) -> Option<Number> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut i = start;
        let digits = |i: &mut usize| {
            let from = *i;
            while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i - from
        };
        let negative = bytes.get(i) == Some(&b'-');
        if negative {
            i += 1;
        }
        let int_start = i;
        let int_len = digits(&mut i);
        if int_len == 0 || (int_len > 1 && bytes.get(int_start) == Some(&b'0')) {
            return None;
        }
        let mut plain = !negative && int_len <= 19;
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            if digits(&mut i) == 0 {
                return None;
            }
            plain = false;
        }
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(bytes.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if digits(&mut i) == 0 {
                return None;
            }
            plain = false;
        }
        self.pos = i;
        let token = self.text.get(start..i)?;
        if plain {
            // Up to 19 digits always fit the u64 serde_json reads them into.
            token.parse::<u64>().ok().map(Number::from)
        } else {
            token.parse::<Number>().ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree of `text` read by both roads, checked equal.
    fn both(text: &str) -> Option<Tree<'_>> {
        let fast = Tree::parse(text);
        if let Some(fast) = &fast {
            let value: Value = serde_json::from_str(text).expect("serde_json reads it too");
            let slow = Tree::from_value(value);
            assert_eq!(
                to_value(fast, fast.root()),
                to_value(&slow, slow.root()),
                "{text}"
            );
        }
        fast
    }

    fn to_value(t: &Tree<'_>, id: usize) -> Value {
        match t.val(id) {
            Val::Null => Value::Null,
            Val::Bool(b) => Value::Bool(*b),
            Val::Number(n) => Value::Number(n.clone()),
            Val::Str(s) => Value::String(s.to_string()),
            Val::Array(_) => Value::Array(t.items(id).iter().map(|&i| to_value(t, i)).collect()),
            Val::Object(_) => Value::Object(
                t.members(id)
                    .iter()
                    .map(|(k, v)| (k.to_string(), to_value(t, *v)))
                    .collect(),
            ),
        }
    }

    #[test]
    fn reads_as_serde_json_does() {
        for text in [
            r#"{"B": 1, "A": [true, false, null, -0, 1.5e3, 18446744073709551616], "B": "x"}"#,
            r#"{"A": {"C": [], "B": {}}, "K\"ey": "v\u00e9", "": 0}"#,
            r#"[1, -12, 0.25, 9999999999999999999, -9223372036854775808]"#,
            "\"text\"",
        ] {
            assert!(both(text).is_some(), "{text}");
        }
        let t = both(r#"{"b": 1, "a": 2, "b": 3}"#).expect("plain JSON");
        let keys: Vec<&str> = t
            .members(t.root())
            .iter()
            .map(|(k, _)| k.as_ref())
            .collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(
            t.get(t.root(), "b").map(|v| t.val(v)),
            Some(&Val::Number(3.into()))
        );
    }

    #[test]
    fn leaves_the_unusual_to_serde_json() {
        for text in [
            "{\"A\": 1,}",
            "{\"A\": 01}",
            "{\"A\": \"tab\there\"}",
            "{\"A\": 1} x",
            "[1e999]",
            "{\"A\": \"\\ud800\"}",
            "{\"A\" 1}",
            "nul",
            "",
            "{",
            "\"\\",
        ] {
            assert!(Tree::parse(text).is_none(), "{text}");
        }
        assert!(Tree::parse(&"[".repeat(MAX_DEPTH + 1)).is_none());
    }

    #[test]
    fn trims_keys_as_the_value_version_does() {
        for text in [
            r#"{" A": 1, "A": 2, "B ": {" C": [{"D ": 1}]}, "Z": {" Y": 1}}"#,
            r#"{"A ": 1, "A": 2, " A": 3}"#,
        ] {
            let mut value: Value = serde_json::from_str(text).expect("valid");
            let expected = super::super::response::trim_sample_keys(&mut value);
            let mut tree = Tree::parse(text).expect("plain JSON");
            assert_eq!(tree.trim_keys(), expected);
            assert_eq!(to_value(&tree, tree.root()), value);
        }
    }
}
