//! Zone and label names given on the command line (`matrix --from @phi`),
//! looked up in a resolved model. An unknown name gets the diagnostic
//! resolution gives one in a policy (the same message, "did you mean" and
//! zone-or-label hint, from the same name tables), without a span: the
//! name is not in any file.

use crate::{AskedNames, Model, ZoneId};
use zonec_base::diagnostic::Diagnostic;

/// The zones one name stands for: `@label` every zone carrying the label
/// (in zone order, possibly none), a zone name that zone.
pub fn zones(model: &Model, text: &str) -> Result<Vec<ZoneId>, Diagnostic> {
    let text = text.trim();
    match text.strip_prefix('@') {
        Some(label) => match model.labels.iter().position(|l| l.name == label) {
            Some(index) => Ok(carrying(model, index)),
            None => Err(AskedNames::new(model).unknown_label(label)),
        },
        None => match model.zone_by_name(text) {
            Some(zone) => Ok(vec![zone]),
            None => Err(AskedNames::new(model).unknown_zone(text)),
        },
    }
}

/// The zones of several names, each once, in zone order; every unknown
/// name's diagnostic.
pub fn union<'a>(
    model: &Model,
    texts: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<ZoneId>, Vec<Diagnostic>> {
    let mut picked = vec![false; model.zones.len()];
    let mut errors = Vec::new();
    for text in texts {
        match zones(model, text) {
            Ok(found) => {
                for zone in found {
                    if let Some(slot) = picked.get_mut(zone.index()) {
                        *slot = true;
                    }
                }
            }
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let zones = picked.iter().enumerate().filter(|(_, &p)| p);
    Ok(zones.map(|(i, _)| ZoneId::from_index(i)).collect())
}

fn carrying(model: &Model, label: usize) -> Vec<ZoneId> {
    let zones = model.zones.iter().enumerate();
    let with = zones.filter(|(_, z)| z.labels.iter().any(|l| l.index() == label));
    with.map(|(i, _)| ZoneId::from_index(i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{compile, ResolveOptions};
    use zonec_base::{Code, Date, Sources};

    fn model() -> Model {
        let mut sources = Sources::new();
        sources.add(
            "t.zones",
            "label phi\nzone clinical { labels phi; net 10.1.0.0/16 }\n\
             zone lab { labels phi; net 10.2.0.0/16 }\nzone guest { net 10.3.0.0/16 }\n"
                .to_string(),
        );
        let options = ResolveOptions {
            today: Date::parse("2026-01-01").unwrap(),
        };
        compile(&sources, &options).model
    }

    fn names(model: &Model, ids: &[ZoneId]) -> Vec<String> {
        ids.iter().map(|&z| model.zone(z).name.clone()).collect()
    }

    #[test]
    fn a_label_stands_for_every_zone_carrying_it() {
        let m = model();
        assert_eq!(names(&m, &zones(&m, "@phi").unwrap()), ["clinical", "lab"]);
        assert_eq!(names(&m, &zones(&m, "guest").unwrap()), ["guest"]);
        let both = union(&m, ["guest", "@phi", "lab"]).unwrap();
        assert_eq!(names(&m, &both), ["clinical", "lab", "guest"]);
    }

    #[test]
    fn unknown_names_get_the_hints_of_resolution() {
        let m = model();
        let d = zones(&m, "clinicl").unwrap_err();
        assert_eq!(d.code, Code::UnknownZone);
        assert_eq!(d.help.as_deref(), Some("did you mean `clinical`?"));
        let d = zones(&m, "phi").unwrap_err();
        assert!(d.help.unwrap().contains("write `@phi`"));
        let d = zones(&m, "@guest").unwrap_err();
        assert_eq!(d.code, Code::UnknownLabel);
        assert!(d.help.unwrap().contains("without `@`"));
        assert_eq!(union(&m, ["x", "@y"]).unwrap_err().len(), 2);
    }
}
