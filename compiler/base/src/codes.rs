//! The one table of diagnostic codes. A code's facts live in its row and
//! nowhere else: its name, the stage that reports it, its default severity,
//! the one-line summary the SARIF rule table shows, and its documentation
//! (the body of its section in `docs/diagnostics.md`, which [`markdown`]
//! generates from this table; a test checks the committed page).
//!
//! The `codes!` grammar requires every field of a row, and a row's doc is
//! `codes/<name>.md` pulled in with `include_str!`, so a code without a
//! severity, summary or docs does not compile. The docs are files rather than
//! strings in the rows because they are pages of markdown with code fences,
//! quotes and backslashes: as files they read, diff and preview as markdown.
//!
//! Rows are listed in the order of the docs (by stage). The number after each
//! variant is its place in [`Code::ALL`], the order of the SARIF rule table
//! and of diagnostics on one span: a new code takes the next free number.

use crate::diagnostic::Severity;

mod markdown;

pub use markdown::markdown;

/// Everything zonec says about one code.
#[derive(Debug, PartialEq, Eq)]
pub struct Row {
    pub code: Code,
    /// The name without `zonec::`, e.g. `unknown-zone`.
    pub name: &'static str,
    /// The stage that reports it, e.g. `names`.
    pub stage: &'static str,
    /// The severity every diagnostic of this code is reported with.
    pub severity: Severity,
    /// One line: what the diagnostic is about (SARIF's `shortDescription`).
    pub summary: &'static str,
    /// The body of its section in `docs/diagnostics.md`, from the severity
    /// line to the fixture line.
    pub doc: &'static str,
}

/// The codes one stage reports, in the order of the docs.
#[derive(Debug)]
pub struct Stage {
    pub name: &'static str,
    pub codes: &'static [Code],
}

macro_rules! codes {
    ($($stage:literal {
        $($variant:ident = $index:literal, $name:literal, $severity:ident,
            $summary:literal;)*
    })*) => {
        /// Stable diagnostic codes. Each is documented in `docs/diagnostics.md`
        /// and has a fixture; renaming one breaks users' CI filters.
        #[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($($variant = $index,)*)* }

        impl Code {
            /// Every code, in the order of their numbers.
            pub const ALL: &'static [Code] = &in_index_order([$($(Code::$variant,)*)*]);

            /// Every stage with its codes, in the order of the docs.
            pub const STAGES: &'static [Stage] =
                &[$(Stage { name: $stage, codes: &[$(Code::$variant,)*] },)*];

            /// The code as users see it, e.g. `zonec::unknown-zone`.
            pub fn as_str(self) -> &'static str {
                match self { $($(Code::$variant => concat!("zonec::", $name),)*)* }
            }

            /// The code's row of the table.
            pub fn row(self) -> &'static Row {
                match self {
                    $($(Code::$variant => &Row {
                        code: Code::$variant,
                        name: $name,
                        stage: $stage,
                        severity: Severity::$severity,
                        summary: $summary,
                        doc: include_str!(concat!("codes/", $name, ".md")),
                    },)*)*
                }
            }
        }
    };
}

/// `codes` sorted by their numbers. A number out of `0..N` is an index out of
/// bounds, so a gap fails to compile (and rustc rejects repeated numbers).
const fn in_index_order<const N: usize>(codes: [Code; N]) -> [Code; N] {
    let mut sorted = codes;
    let mut i = 0;
    while i < N {
        sorted[codes[i] as usize] = codes[i];
        i += 1;
    }
    sorted
}

// Variant = number, name, default severity, summary; the doc is codes/<name>.md.
codes! {
    "reading input" {
        IoError = 0, "io-error", Error,
            "A policy file or directory cannot be read";
        NotUtf8 = 1, "not-utf8", Error,
            "A policy file is not valid UTF-8";
        EmptyPolicy = 2, "empty-policy", Error,
            "The policy declares nothing";
        ArtifactMismatch = 3, "artifact-mismatch", Error,
            "Build artifacts differ from their manifest or policy";
    }
    "syntax" {
        Syntax = 4, "syntax-error", Error,
            "The text does not follow the zone language's grammar";
        UnterminatedString = 5, "unterminated-string", Error,
            "A string literal is not closed on its line";
        InvalidEscape = 6, "invalid-escape", Error,
            "A string uses an escape other than \\\", \\\\ or \\n";
        InvalidPrefix = 7, "invalid-prefix", Error,
            "A network prefix is not valid CIDR";
        InvalidDate = 8, "invalid-date", Error,
            "A date is not a real YYYY-MM-DD date";
        InvalidInteger = 9, "invalid-integer", Error,
            "An integer is malformed or too large";
    }
    "names" {
        UnknownZone = 10, "unknown-zone", Error,
            "A selector names a zone that is not declared";
        UnknownLabel = 11, "unknown-label", Error,
            "A selector or zone names a label that is not declared";
        UnknownService = 12, "unknown-service", Error,
            "A rule or invariant names a service that is not declared";
        DuplicateName = 13, "duplicate-name", Error,
            "Two zones, labels or services share a name";
        DuplicateField = 14, "duplicate-field", Error,
            "A field that may appear once appears twice";
        DuplicatePolicy = 15, "duplicate-policy", Error,
            "More than one policy item";
        KeywordAsName = 16, "keyword-as-name", Error,
            "A keyword is used as a name";
        ReservedSelf = 54, "reserved-self", Error,
            "A zone is declared with the reserved name `self`";
        SelfLabel = 55, "self-label", Error,
            "A selector writes `@self`, but the router is not a label";
    }
    "addresses and placement" {
        HostBitsSet = 17, "host-bits-set", Error,
            "A prefix has host bits set";
        PrefixLength = 18, "prefix-length", Error,
            "A prefix length is out of range";
        DuplicatePrefix = 19, "duplicate-prefix", Error,
            "Two zones declare the same prefix";
        MissingPrefix = 20, "missing-prefix", Error,
            "A zone that is not external has no prefix";
        ExternalPlacement = 21, "external-placement", Error,
            "An external zone has a VLAN or cloud placement";
        VlanRange = 22, "vlan-range", Error,
            "A VLAN id is outside 1..4094";
        DuplicateVlan = 23, "duplicate-vlan", Error,
            "Two zones use the same VLAN id";
        MemberOutsideParent = 65, "member-outside-parent", Error,
            "A member zone has a prefix outside its parent's prefixes";
        MemberPlacement = 66, "member-placement", Error,
            "A member zone declares a VLAN or cloud placement of its own";
        MemberCycle = 67, "member-cycle", Error,
            "Member zones are members of each other in a cycle";
        ExternalMember = 68, "external-member", Error,
            "A member zone is external, or its parent is";
    }
    "ports" {
        PortRange = 24, "port-range", Error,
            "A port or range is outside 0..65535";
        InvertedRange = 25, "inverted-range", Error,
            "A port range ends before it starts";
        UnknownIcmpType = 26, "unknown-icmp-type", Error,
            "An ICMP type name is not known";
    }
    "rules and invariants" {
        RequireWithoutServices = 27, "require-without-services", Error,
            "A require names no services";
        ExpiresOnInvariant = 28, "expires-on-invariant", Error,
            "An invariant carries an expiry date";
        ExpiredRule = 29, "expired-rule", Error,
            "An allow has expired";
        ExpiringSoon = 30, "expiring-soon", Warning,
            "An allow expires within 30 days";
        SelfFlow = 31, "self-flow", Warning,
            "A rule or forbid relates only a zone to itself";
        SegmentFlow = 69, "segment-flow", Warning,
            "A rule or forbid relates only zones of one segment (members and their parent)";
        EmptySelector = 32, "empty-selector", Warning,
            "A selector matches no zone";
        MissingTicket = 52, "missing-ticket", Error,
            "An allow has no ticket while --require-ticket is on";
        InvalidWindow = 71, "invalid-window", Error,
            "An access window is not days, a time range and a UTC offset";
        WindowMisplaced = 72, "window-misplaced", Error,
            "A `window` on something other than an `allow`";
        RequireWindowed = 73, "require-windowed", Error,
            "A require is met only by allows bounded by a window";
    }
    "analysis" {
        ForbidViolated = 33, "forbid-violated", Error,
            "A forbidden flow or path is allowed by the policy";
        RequireViolated = 34, "require-violated", Error,
            "A required flow is not allowed in full";
        DeadRule = 35, "dead-rule", Warning,
            "An allow is entirely removed by denies";
        RedundantRule = 36, "redundant-rule", Warning,
            "An allow is entirely covered by other allows";
        UnusedZone = 37, "unused-zone", Warning,
            "A zone no rule or invariant mentions";
        UnusedLabel = 38, "unused-label", Warning,
            "A label no zone carries and no selector names";
        UnusedService = 39, "unused-service", Warning,
            "A service no rule or invariant uses";
        IsolatedZone = 40, "isolated-zone", Warning,
            "A zone no allowed flow enters or leaves";
        PrivateSpaceExternal = 53, "private-space-external", Warning,
            "Private address space no zone declares falls into an external zone";
        HoldsOnlyAsWritten = 74, "holds-only-as-written", Warning,
            "An invariant holds as written but not while zones are monitored";
        SelfUnnamed = 56, "self-unnamed", Warning,
            "The policy never names `self`, so the router's own traffic is left open";
    }
    "targets" {
        InterfaceName = 48, "interface-name", Error,
            "An interface name Linux or systemd-networkd would refuse";
        ReservedVlan = 41, "reserved-vlan", Warning,
            "A VLAN id is reserved by the target platform";
        VlanNameCollision = 42, "vlan-name-collision", Error,
            "Two VLAN names collide on the target";
        MissingGatewayPrefix = 43, "missing-gateway-prefix", Error,
            "A zone has no prefix for a gateway address";
        GatewayCollision = 44, "gateway-collision", Error,
            "Two gateways would get the same address";
        AwsQuota = 45, "aws-quota", Error,
            "An AWS quota would be exceeded";
        CloudQuota = 49, "cloud-quota", Error,
            "An Azure or GCP limit would be exceeded";
        CloudInexpressible = 46, "cloud-inexpressible", Error,
            "A flow cannot be expressed in the cloud target";
        ResourceNameCollision = 47, "resource-name-collision", Error,
            "Two generated resources would share a name";
        NoCloudZones = 50, "no-cloud-zones", Warning,
            "A cloud target was asked for but no zone is placed in that cloud";
        InvalidCloudNetwork = 51, "invalid-cloud-network", Error,
            "A cloud placement does not name a valid network";
        Lockout = 57, "lockout", Error,
            "The policy names `self` but lets no zone reach it";
        SelfIgnored = 58, "self-ignored", Warning,
            "A target cannot filter the router's own traffic and ignores `self`";
        AclStatelessViolation = 62, "acl-stateless-violation", Error,
            "An invariant holds for the policy but not for the switch's stateless ACLs";
        VlanSviUnfiltered = 63, "vlan-svi-unfiltered", Warning,
            "The switch routes between the zones' VLANs without filters";
        AclTcamBudget = 64, "acl-tcam-budget", Warning,
            "The switch ACLs need more hardware entries than the budget";
        AclMemberZone = 70, "acl-member-zone", Error,
            "The switch ACLs cannot yet filter a member zone's traffic on its parent's VLAN";
        MonitorIgnored = 75, "monitor-ignored", Warning,
            "A target cannot monitor and enforces a monitored zone";
        TimeIgnored = 76, "time-ignored", Warning,
            "A target cannot bound an allow in time and grants it without the bound";
    }
    "observed flows" {
        FlowsUnreadable = 59, "flows-unreadable", Error,
            "A flow-log input cannot be read";
        FlowsUnknownFormat = 60, "flows-unknown-format", Error,
            "A flow-log input is in no format zonec reads";
        FlowsMalformed = 61, "flows-malformed", Warning,
            "A flow record cannot be read (an error with --strict)";
    }
}

// Evaluate `ALL` here, so a gap in the numbers fails this crate's build.
const _: &[Code] = Code::ALL;

#[cfg(test)]
mod tests;
