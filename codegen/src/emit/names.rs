//! Name allocation inside one generated scope (a struct's fields, an enum's variants, a
//! builder's methods, the action module's types), so two wire names that convert to the same
//! identifier never produce a duplicate definition.

use proc_macro2::{Ident, Span};
use std::collections::HashSet;

/// The identifiers already used in one scope.
#[derive(Debug, Default)]
pub(crate) struct Names {
    taken: HashSet<String>,
}

impl Names {
    /// A scope in which `reserved` names are already taken.
    pub(crate) fn new(reserved: &[&str]) -> Self {
        Names {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Marks `name` as used; returns false when it already was.
    pub(crate) fn reserve(&mut self, name: &str) -> bool {
        self.taken.insert(crate::ident::unraw(name).to_string())
    }

    /// Claims `wanted` (a name produced by [`crate::ident`]) or, when taken, the first free
    /// `wanted_2`, `wanted_3`, ... (`Wanted2`, ... for type-like names).
    pub(crate) fn claim(&mut self, wanted: &str) -> Ident {
        if self.reserve(wanted) {
            return ident(wanted);
        }
        let base = crate::ident::unraw(wanted);
        let camel = base.starts_with(|c: char| c.is_ascii_uppercase());
        let mut n = 2usize;
        loop {
            let candidate = if camel {
                format!("{base}{n}")
            } else {
                format!("{base}_{n}")
            };
            if self.reserve(&candidate) {
                return ident(&candidate);
            }
            n += 1;
        }
    }
}

/// An identifier token for `name`, which may be raw (`r#type`). Never panics: a name that is
/// not a valid identifier becomes `invalid_identifier`.
pub(crate) fn ident(name: &str) -> Ident {
    syn::parse_str::<Ident>(name)
        .unwrap_or_else(|_| Ident::new("invalid_identifier", Span::call_site()))
}

/// `preferred` when it is a valid identifier starting like `fallback` would (same case
/// convention), otherwise `fallback`: IR names chosen by `lower` are kept when usable.
pub(crate) fn prefer(preferred: &str, fallback: String, upper: bool) -> String {
    let valid = syn::parse_str::<Ident>(preferred).is_ok();
    let first = crate::ident::unraw(preferred).chars().next();
    let case_ok = match first {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_suffix_collisions() {
        let mut names = Names::new(&["build"]);
        assert_eq!(names.claim("job_id").to_string(), "job_id");
        assert_eq!(names.claim("job_id").to_string(), "job_id_2");
        assert_eq!(names.claim("job_id").to_string(), "job_id_3");
        assert_eq!(names.claim("build").to_string(), "build_2");
        assert_eq!(names.claim("r#type").to_string(), "r#type");
        assert_eq!(names.claim("r#type").to_string(), "type_2");
        assert_eq!(names.claim("Tag").to_string(), "Tag");
        assert_eq!(names.claim("Tag").to_string(), "Tag2");
    }

    #[test]
    fn ident_never_panics() {
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "invalid_identifier");
        assert_eq!(ident("1x").to_string(), "invalid_identifier");
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
    }
}
