//! Name tables: one scope per namespace (zones, labels and services are
//! separate, so `zone guest` and `label guest` may coexist), each a
//! `BTreeMap` from name to its declaration. Declaring reports keywords used
//! as names and duplicates; looking up reports unknown names with a hint:
//! first an exact name of the other kind of selector (a label written
//! without `@`, a zone written with it), else a "did you mean" drawn from
//! the same scope.

use super::fuzzy;
use crate::policy::Model;
use std::collections::{BTreeMap, BTreeSet};
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_base::span::Span;
use zonec_syntax::ast::Ident;
use zonec_syntax::KEYWORDS;

/// Up to this many declared names are listed in the help for an unknown one.
const LISTED_NAMES: usize = 8;

/// Where a name was first declared and the index it got in its model table.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct Decl {
    pub index: usize,
    pub span: Span,
}

/// The names of one kind (zones, labels or services).
#[derive(Debug)]
pub(crate) struct Scope {
    /// `zone`, `label` or `service`, for messages.
    kind: &'static str,
    map: BTreeMap<String, Decl>,
    /// What "did you mean" may still spend in this run ([`fuzzy::BUDGET`]).
    budget: std::cell::Cell<usize>,
}

impl Scope {
    pub fn new(kind: &'static str) -> Scope {
        Scope {
            kind,
            map: BTreeMap::new(),
            budget: std::cell::Cell::new(fuzzy::BUDGET),
        }
    }

    pub fn get(&self, name: &str) -> Option<Decl> {
        self.map.get(name).copied()
    }

    /// Declare `name` with the next free index. Returns the index, or `None`
    /// (after reporting it) when the name is already taken.
    pub fn declare(&mut self, name: &Ident, diags: &mut Vec<Diagnostic>) -> Option<usize> {
        if KEYWORDS.contains(&name.name.as_str()) {
            diags.push(keyword_as_name(self.kind, name));
        }
        if let Some(first) = self.get(&name.name) {
            diags.push(duplicate(self.kind, name, first.span));
            return None;
        }
        Some(self.insert(&name.name, name.span))
    }

    /// Declare a name the language reserves (`self`), which no item declares.
    pub fn declare_reserved(&mut self, name: &Ident) {
        if self.get(&name.name).is_none() {
            self.insert(&name.name, name.span);
        }
    }

    /// Record a name not yet in the scope with the next free index.
    fn insert(&mut self, name: &str, span: Span) -> usize {
        let index = self.map.len();
        self.map.insert(name.to_string(), Decl { index, span });
        index
    }

    /// Record each name not yet in the scope, in the order given.
    fn fill<'a>(&mut self, names: impl Iterator<Item = (&'a str, Span)>) {
        for (name, span) in names {
            if self.get(name).is_none() {
                self.insert(name, span);
            }
        }
    }

    /// Is this identifier the declaration that owns its name (not a duplicate)?
    pub fn is_declaration(&self, name: &Ident) -> bool {
        self.get(&name.name).is_some_and(|d| d.span == name.span)
    }

    pub fn suggest(&self, name: &str) -> Option<&str> {
        let mut budget = self.budget.get();
        let found = fuzzy::suggest(name, self.map.keys().map(String::as_str), &mut budget);
        self.budget.set(budget);
        found
    }

    /// Help for a name nothing resembles: declare it, or pick one of the
    /// declared names when there are few enough to list.
    pub fn undeclared_help(&self) -> String {
        let kind = self.kind;
        let declare = format!("declare it with a `{kind}` item (names are case-sensitive)");
        match self.map.len() {
            0 => declare,
            1..=LISTED_NAMES => {
                let names: Vec<String> = self.map.keys().map(|n| format!("`{n}`")).collect();
                format!("{declare}, or use a declared {kind}: {}", names.join(", "))
            }
            _ => declare,
        }
    }
}

fn keyword_as_name(kind: &str, name: &Ident) -> Diagnostic {
    Diagnostic::error(
        Code::KeywordAsName,
        format!("`{}` is a keyword and cannot name a {kind}", name.name),
    )
    .with_label(name.span, "keyword used as a name")
    .with_help(format!("choose another name, e.g. `{}_{kind}`", name.name))
}

fn duplicate(kind: &str, name: &Ident, first: Span) -> Diagnostic {
    Diagnostic::error(
        Code::DuplicateName,
        format!("{kind} `{}` is declared twice", name.name),
    )
    .with_label(name.span, "declared again here")
    .with_label(first, "first declared here")
    .with_help(format!(
        "{kind} names are global across every file of the policy; rename or remove one of them"
    ))
}

/// The three namespaces of a policy.
#[derive(Debug)]
pub(crate) struct Names {
    pub zones: Scope,
    pub labels: Scope,
    pub services: Scope,
    /// Services whose declaration had a syntax error (already reported):
    /// a use of one is neither unknown nor resolvable, so its rule is left
    /// out without a second report.
    pub broken_services: BTreeSet<String>,
}

impl Names {
    pub fn new() -> Names {
        Names {
            zones: Scope::new("zone"),
            labels: Scope::new("label"),
            services: Scope::new("service"),
            broken_services: BTreeSet::new(),
        }
    }

    /// The name tables of a resolved model, for names typed outside the
    /// policy (`zonec explain --from`): each model name once, in id order.
    pub fn of_model(model: &Model) -> Names {
        let mut names = Names::new();
        let zones = model.zones.iter().map(|z| (z.name.as_str(), z.span));
        names.zones.fill(zones);
        let labels = model.labels.iter().map(|l| (l.name.as_str(), l.span));
        names.labels.fill(labels);
        let services = model.services.iter().map(|s| (s.name.as_str(), s.span));
        names.services.fill(services);
        names
    }

    /// A zone name in a selector that no zone has.
    pub fn unknown_zone(&self, name: &Ident) -> Diagnostic {
        self.unknown_zone_named(&name.name)
            .with_label(name.span, "no zone has this name")
    }

    /// [`Names::unknown_zone`] without a place in the policy.
    pub fn unknown_zone_named(&self, name: &str) -> Diagnostic {
        let help = if self.labels.get(name).is_some() {
            format!("`{name}` is a label: write `@{name}` to select every zone that carries it")
        } else if let Some(s) = self.zones.suggest(name) {
            format!("did you mean `{s}`?")
        } else {
            self.zones.undeclared_help()
        };
        Diagnostic::error(Code::UnknownZone, format!("unknown zone `{name}`")).with_help(help)
    }

    /// `@name` in a selector, or a name in a zone's `labels`, that no label has.
    /// `in_selector` enables the hint for a zone name written with `@`.
    pub fn unknown_label(&self, name: &Ident, in_selector: bool) -> Diagnostic {
        self.unknown_label_named(&name.name, in_selector)
            .with_label(name.span, "no label has this name")
    }

    /// [`Names::unknown_label`] without a place in the policy.
    pub fn unknown_label_named(&self, name: &str, in_selector: bool) -> Diagnostic {
        let zone_hint = in_selector && self.zones.get(name).is_some();
        let help = if zone_hint {
            format!("`{name}` is a zone, not a label: write `{name}` without `@`")
        } else if let Some(s) = self.labels.suggest(name) {
            format!("did you mean `{s}`?")
        } else {
            self.labels.undeclared_help()
        };
        Diagnostic::error(Code::UnknownLabel, format!("unknown label `{name}`")).with_help(help)
    }

    /// A service name in a rule or invariant that no service has.
    pub fn unknown_service(&self, name: &Ident) -> Diagnostic {
        self.unknown_service_named(&name.name)
            .with_label(name.span, "no service has this name")
    }

    /// [`Names::unknown_service`] without a place in the policy.
    pub fn unknown_service_named(&self, name: &str) -> Diagnostic {
        let help = match self.services.suggest(name) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "declare it with `service NAME = tcp/PORT`, or write the port inline, e.g. `tcp/443`"
                .to_string(),
        };
        Diagnostic::error(Code::UnknownService, format!("unknown service `{name}`")).with_help(help)
    }
}
