//! Diagnostics: one kind of value for every problem zonec reports, from a
//! stray `}` to a broken invariant. Every stage returns a list of them (collect,
//! don't bail). Each has a stable [`Code`], a lowercase message, labelled spans
//! (the first is the primary one) and usually a help line.

use crate::span::Span;
use serde::Serialize;

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

macro_rules! codes {
    ($($variant:ident => $text:literal,)*) => {
        /// Stable diagnostic codes. Each is documented in `docs/diagnostics.md`
        /// and has a fixture; renaming one breaks users' CI filters.
        #[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as users see it, e.g. `zonec::unknown-zone`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => concat!("zonec::", $text),)* }
            }
        }
    };
}

codes! {
    // reading input
    IoError => "io-error",
    NotUtf8 => "not-utf8",
    EmptyPolicy => "empty-policy",
    ArtifactMismatch => "artifact-mismatch",
    // syntax
    Syntax => "syntax-error",
    UnterminatedString => "unterminated-string",
    InvalidEscape => "invalid-escape",
    InvalidPrefix => "invalid-prefix",
    InvalidDate => "invalid-date",
    InvalidInteger => "invalid-integer",
    // names
    UnknownZone => "unknown-zone",
    UnknownLabel => "unknown-label",
    UnknownService => "unknown-service",
    DuplicateName => "duplicate-name",
    DuplicateField => "duplicate-field",
    DuplicatePolicy => "duplicate-policy",
    KeywordAsName => "keyword-as-name",
    // addresses and placement
    HostBitsSet => "host-bits-set",
    PrefixLength => "prefix-length",
    DuplicatePrefix => "duplicate-prefix",
    MissingPrefix => "missing-prefix",
    ExternalPlacement => "external-placement",
    VlanRange => "vlan-range",
    DuplicateVlan => "duplicate-vlan",
    // ports
    PortRange => "port-range",
    InvertedRange => "inverted-range",
    UnknownIcmpType => "unknown-icmp-type",
    // rules and invariants
    RequireWithoutServices => "require-without-services",
    ExpiresOnInvariant => "expires-on-invariant",
    ExpiredRule => "expired-rule",
    ExpiringSoon => "expiring-soon",
    SelfFlow => "self-flow",
    EmptySelector => "empty-selector",
    // analysis
    ForbidViolated => "forbid-violated",
    RequireViolated => "require-violated",
    DeadRule => "dead-rule",
    RedundantRule => "redundant-rule",
    UnusedZone => "unused-zone",
    UnusedLabel => "unused-label",
    UnusedService => "unused-service",
    IsolatedZone => "isolated-zone",
    // targets
    ReservedVlan => "reserved-vlan",
    VlanNameCollision => "vlan-name-collision",
    MissingGatewayPrefix => "missing-gateway-prefix",
    GatewayCollision => "gateway-collision",
    AwsQuota => "aws-quota",
    CloudInexpressible => "cloud-inexpressible",
    ResourceNameCollision => "resource-name-collision",
    InterfaceName => "interface-name",
    CloudQuota => "cloud-quota",
    NoCloudZones => "no-cloud-zones",
    InvalidCloudNetwork => "invalid-cloud-network",
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A span with a short explanation shown under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    /// Lowercase, no final period, user input in backticks.
    pub message: String,
    /// The first label is the primary location; may be empty for problems
    /// that have no place in a source (an unreadable file).
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// The file a span-less diagnostic is about, as the user named it.
    pub path: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message)
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message)
    }

    fn new(severity: Severity, code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            path: None,
        }
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_path(mut self, path: impl Into<String>) -> Diagnostic {
        self.path = Some(path.into());
        self
    }

    pub fn primary_span(&self) -> Option<Span> {
        self.labels.first().map(|l| l.span)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sort diagnostics by file, position, code and message, so output is stable
/// (and identical diagnostics are adjacent).
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            let span = d.primary_span().map(|s| (s.file, s.start, s.end));
            (span, d.code, d.message.clone())
        };
        key(a).cmp(&key(b))
    });
}

/// Sort, then drop exact repeats: two targets that check the same thing
/// (an interface name) report it once.
pub fn sort_dedup(diags: &mut Vec<Diagnostic>) {
    sort(diags);
    diags.dedup();
}

pub fn count(diags: &[Diagnostic], severity: Severity) -> usize {
    diags.iter().filter(|d| d.severity == severity).count()
}
