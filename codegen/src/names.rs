//! Rust names: the one place that decides what generated code calls each type, field,
//! variant, module and method.
//!
//! A name starts as a case conversion of a wire name ([`crate::ident`]) and is then claimed
//! in its [`Scope`]: the fields of one struct, the variants of one error enum, the types of
//! one action, the builder methods of one request, the modules of one product. A name already
//! taken, or reserved in that scope, gets the first free suffix: `key_2` for snake-case
//! names, `Tag2` for types and variants, `DescribeX2` for an action renamed so its module
//! does not collide with another's ([`rust_renames`]).
//!
//! Lowering claims the names it writes into the IR. Emission claims them again in scopes
//! with the same rules, which keeps lowered names as they are (except the few std names the
//! generated code writes unqualified, [`Scope::module_types`]) and makes hand-written IR
//! (the `api_ir!` fixtures) valid too.

use crate::ident;
use crate::ir::Api;
use proc_macro2::Ident;
use std::collections::{BTreeMap, HashSet};

/// Names the generated code writes unqualified inside an action module, which the module's
/// own types therefore cannot take.
const PRELUDE: &[&str] = &[
    "Option", "Some", "None", "Result", "Ok", "Err", "Vec", "String", "Box", "Default", "Self",
    "Into", "From", "AsRef",
];

/// Variants every generated error enum has (`Unhandled`), or cannot have (`Self`).
const RESERVED_VARIANTS: &[&str] = &["Unhandled", "Self"];

/// Variants every generated value enum has (`Unknown`), or cannot have (`Self`).
const RESERVED_VALUE_VARIANTS: &[&str] = &["Unknown", "Self"];

/// Methods every generated request builder has, which setters must not shadow.
const BUILDER_METHODS: &[&str] = &["build", "send", "new", "as_input", "client"];

/// The names taken in one scope, and how a taken name is suffixed there.
#[derive(Debug)]
pub(crate) struct Scope {
    /// Taken names; raw identifiers (`r#type`) by their plain name.
    taken: HashSet<String>,
    /// Between a name and its number: `_` for snake-case names, nothing for camel case.
    sep: &'static str,
}

impl Scope {
    fn new(reserved: &[&str], sep: &'static str) -> Scope {
        Scope {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
            sep,
        }
    }

    /// The fields of one struct (snake case, nothing reserved).
    pub(crate) fn fields() -> Scope {
        Scope::new(&[], "_")
    }

    /// The setter methods of one request builder: its own methods are taken.
    pub(crate) fn setters() -> Scope {
        Scope::new(BUILDER_METHODS, "_")
    }

    /// The methods of one generated type whose other methods are `reserved` (a response
    /// struct's accessors beside `builder()`, its builder's setters beside `build()`).
    pub(crate) fn methods(reserved: &[&str]) -> Scope {
        Scope::new(reserved, "_")
    }

    /// The variants of one action's error enum: `Unhandled` and `Self` are taken.
    pub(crate) fn variants() -> Scope {
        Scope::new(RESERVED_VARIANTS, "")
    }

    /// The variants of one value enum: `Unknown` and `Self` are taken.
    pub(crate) fn value_variants() -> Scope {
        Scope::new(RESERVED_VALUE_VARIANTS, "")
    }

    /// The struct names of one action in the IR: the action's own items are taken.
    pub(crate) fn ir_types(items: &ActionItems) -> Scope {
        Scope::new(&items.types(), "")
    }

    /// The type names of one emitted action module: the action's own items and the std
    /// names the generated code writes unqualified ([`PRELUDE`]) are taken.
    pub(crate) fn module_types(items: &ActionItems) -> Scope {
        let mut scope = Scope::ir_types(items);
        scope.taken.extend(PRELUDE.iter().map(|s| s.to_string()));
        scope
    }

    /// The type names of one product's `types` module (its shared response structs): the std
    /// names the generated code writes unqualified ([`PRELUDE`]) are taken.
    pub(crate) fn shared_types() -> Scope {
        Scope::new(PRELUDE, "")
    }

    /// The module names of one product's actions.
    fn modules() -> Scope {
        Scope::new(&[], "_")
    }

    /// Takes `name` when it is free; false when it is taken.
    fn take(&mut self, name: &str) -> bool {
        self.taken.insert(ident::unraw(name).to_string())
    }

    /// Claims `wanted` or, when it is taken, the first free `wanted_2`, `wanted_3`, ...
    /// (`Wanted2`, ... in a camel-case scope; a raw `r#type` continues as `type_2`).
    pub(crate) fn claim(&mut self, wanted: &str) -> String {
        if self.take(wanted) {
            return wanted.to_string();
        }
        let sep = self.sep;
        suffixed(ident::unraw(wanted), sep, |candidate| self.take(candidate))
    }
}

/// The first of `base{sep}2`, `base{sep}3`, ... that `take` accepts: the one rule by which
/// every colliding name is told apart.
fn suffixed(base: &str, sep: &str, mut take: impl FnMut(&str) -> bool) -> String {
    (2usize..)
        .map(|n| format!("{base}{sep}{n}"))
        .find(|candidate| take(candidate))
        .unwrap_or_else(|| base.to_string())
}

/// Makes sibling field names unique in place, in order: `key`, `key` → `key`, `key_2`.
pub(crate) fn dedupe_fields<'a>(names: impl IntoIterator<Item = &'a mut String>) {
    let mut scope = Scope::fields();
    for name in names {
        *name = scope.claim(name);
    }
}

/// The names of an action's own items, after its Rust base name.
#[derive(Debug, Clone)]
pub(crate) struct ActionItems {
    /// `stop_replication_job`: the module.
    pub module: String,
    /// `stop_replication_job`: the client method.
    pub method: String,
    /// `StopReplicationJobRequest`.
    pub request: String,
    /// `StopReplicationJobRequestBuilder`.
    pub builder: String,
    /// `StopReplicationJobResponse`.
    pub response: String,
    /// `StopReplicationJobError`.
    pub error: String,
    /// `StopReplicationJobFluentBuilder`.
    pub fluent: String,
}

impl ActionItems {
    /// The items of `action` (or of the base name [`rust_renames`] gave it).
    pub(crate) fn new(action: &str) -> ActionItems {
        let base = type_base_name(action);
        ActionItems {
            module: ident::module_name(action),
            method: ident::method_name(action),
            request: format!("{base}Request"),
            builder: format!("{base}RequestBuilder"),
            response: format!("{base}Response"),
            error: format!("{base}Error"),
            fluent: format!("{base}FluentBuilder"),
        }
    }

    /// The type names among the items.
    fn types(&self) -> [&str; 5] {
        [
            &self.request,
            &self.builder,
            &self.response,
            &self.error,
            &self.fluent,
        ]
    }
}

/// The prefix of an action's type names (`StopReplicationJob` for
/// `StopReplicationJobRequest`), so that callers outside the macro (e.g. generated tests) can
/// name the emitted types.
pub fn type_base_name(action: &str) -> String {
    let base = prefer(action, ident::type_name(action), true);
    let base = ident::unraw(&base).trim_end_matches('_').to_string();
    if base.is_empty() {
        "Action".into()
    } else {
        base
    }
}

/// `preferred` when it is a valid identifier starting like `fallback` would (an uppercase
/// letter when `upper`, else a lowercase letter or `_`), otherwise `fallback`: emission keeps
/// the IR's names when they are usable.
pub(crate) fn prefer(preferred: &str, fallback: String, upper: bool) -> String {
    let valid = syn::parse_str::<Ident>(preferred).is_ok();
    let case_ok = match ident::unraw(preferred).chars().next() {
        Some(c) if upper => c.is_ascii_uppercase(),
        Some(c) => c.is_ascii_lowercase() || c == '_',
        None => false,
    };
    if valid && case_ok {
        preferred.to_string()
    } else {
        fallback
    }
}

/// For each action, `Some(new base name)` when its Rust module/method name (snake case of the
/// action) is already taken by an earlier action of the same product — actions that differ
/// only in letter case, like `DescribeAutoSnapshotPolicyEx` and `DescribeAutoSnapshotPolicyEX`.
/// The first action in name order keeps its name; later ones get `2`, `3`, ... appended.
pub fn rust_renames(apis: &[Option<&Api>]) -> Vec<Option<String>> {
    let mut order: Vec<(usize, &Api)> = apis
        .iter()
        .enumerate()
        .filter_map(|(i, api)| Some((i, (*api)?)))
        .collect();
    order.sort_by(|(_, a), (_, b)| (&a.product, &a.action).cmp(&(&b.product, &b.action)));
    let mut products: BTreeMap<&str, Scope> = BTreeMap::new();
    let mut out = vec![None; apis.len()];
    for (i, api) in order {
        let modules = products
            .entry(api.product.as_str())
            .or_insert_with(Scope::modules);
        if modules.take(&ident::module_name(&api.action)) {
            continue;
        }
        let rename = suffixed(&api.action, "", |candidate| {
            modules.take(&ident::module_name(candidate))
        });
        if let Some(slot) = out.get_mut(i) {
            *slot = Some(rename);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_suffix_collisions_by_case() {
        let mut fields = Scope::fields();
        assert_eq!(fields.claim("job_id"), "job_id");
        assert_eq!(fields.claim("job_id"), "job_id_2");
        assert_eq!(fields.claim("job_id"), "job_id_3");
        assert_eq!(fields.claim("r#type"), "r#type");
        assert_eq!(fields.claim("r#type"), "type_2");
        let mut setters = Scope::setters();
        assert_eq!(setters.claim("build"), "build_2");
        let mut variants = Scope::variants();
        assert_eq!(variants.claim("Unhandled"), "Unhandled2");
        assert_eq!(variants.claim("_404"), "_404");
        assert_eq!(variants.claim("_404"), "_4042");
        let mut values = Scope::value_variants();
        assert_eq!(values.claim("Unknown"), "Unknown2");
    }

    #[test]
    fn action_items_are_taken_in_its_type_scopes() {
        let items = ActionItems::new("StopReplicationJob");
        assert_eq!(items.module, "stop_replication_job");
        assert_eq!(items.fluent, "StopReplicationJobFluentBuilder");
        let mut ir = Scope::ir_types(&items);
        assert_eq!(
            ir.claim("StopReplicationJobResponse"),
            "StopReplicationJobResponse2"
        );
        assert_eq!(ir.claim("Tag"), "Tag");
        assert_eq!(ir.claim("Tag"), "Tag2");
        assert_eq!(ir.claim("Result"), "Result");
        let mut module = Scope::module_types(&items);
        assert_eq!(module.claim("Result"), "Result2");
    }

    #[test]
    fn dedupes_sibling_fields() {
        let mut names = vec!["key".to_string(), "key".into(), "key_2".into()];
        dedupe_fields(&mut names);
        assert_eq!(names, ["key", "key_2", "key_2_2"]);
    }

    #[test]
    fn prefer_keeps_valid_names() {
        assert_eq!(prefer("job_id", "x".into(), false), "job_id");
        assert_eq!(prefer("JobId", "job_id".into(), false), "job_id");
        assert_eq!(prefer("r#type", "x".into(), false), "r#type");
        assert_eq!(prefer("type", "r#type".into(), false), "r#type");
        assert_eq!(prefer("Tag", "X".into(), true), "Tag");
        assert_eq!(prefer("tag", "Tag".into(), true), "Tag");
        assert_eq!(prefer("", "Tag".into(), true), "Tag");
        assert_eq!(type_base_name("self"), "Self");
        assert_eq!(type_base_name("_"), "Unnamed");
    }
}
