//! Names typed outside the policy (`zonec explain --from guest`, `--service
//! htps`) get the answers a name in the policy gets: the same "did you
//! mean", the same hint that `guest` is a label (`@guest`). The messages are
//! those of resolution ([`super::names`]), without a place in the text.

use super::names::Names;
use crate::policy::Model;
use zonec_base::diagnostic::Diagnostic;

/// The zone, label and service names of one model, for suggestions.
#[derive(Debug)]
pub struct AskedNames {
    names: Names,
}

impl AskedNames {
    pub fn new(model: &Model) -> AskedNames {
        AskedNames {
            names: Names::of_model(model),
        }
    }

    /// No zone has this name (a label of that name gets "use `@name`").
    pub fn unknown_zone(&self, name: &str) -> Diagnostic {
        self.names.unknown_zone_named(name)
    }

    /// No label has this name (a zone of that name gets "drop the `@`").
    pub fn unknown_label(&self, name: &str) -> Diagnostic {
        self.names.unknown_label_named(name, true)
    }

    /// No service has this name.
    pub fn unknown_service(&self, name: &str) -> Diagnostic {
        self.names.unknown_service_named(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{Label, Service, Zone};
    use crate::PortSet;
    use zonec_base::span::Span;

    fn model() -> Model {
        let span = Span::default();
        let zone = |name: &str| Zone::bare(name, span);
        Model {
            zones: vec![zone("clinical"), zone("guest_wifi")],
            labels: vec![Label {
                name: "guest".to_string(),
                description: None,
                cites: Vec::new(),
                span,
            }],
            services: vec![Service {
                name: "https".to_string(),
                ports: PortSet::any(),
                span,
            }],
            ..Model::default()
        }
    }

    #[test]
    fn typed_names_get_the_policy_s_hints() {
        let names = AskedNames::new(&model());
        let help = |d: Diagnostic| d.help.unwrap_or_default();
        assert_eq!(
            help(names.unknown_zone("clincal")),
            "did you mean `clinical`?"
        );
        assert_eq!(
            help(names.unknown_zone("guest")),
            "`guest` is a label: write `@guest` to select every zone that carries it"
        );
        assert_eq!(
            help(names.unknown_label("clinical")),
            "`clinical` is a zone, not a label: write `clinical` without `@`"
        );
        assert_eq!(help(names.unknown_service("htps")), "did you mean `https`?");
        assert!(names.unknown_zone("clincal").labels.is_empty());
    }
}
