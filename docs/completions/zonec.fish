# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_zonec_global_optspecs
    string join \n q/quiet v/verbose h/help V/version
end

function __fish_zonec_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_zonec_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_zonec_using_subcommand
    set -l cmd (__fish_zonec_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c zonec -n "__fish_zonec_needs_command" -s q -l quiet -d 'Print no status lines: only diagnostics, failures and the output itself (exit codes do not change)'
complete -c zonec -n "__fish_zonec_needs_command" -s v -l verbose -d 'Also print each stage with its counts and time, and every file written or left unchanged'
complete -c zonec -n "__fish_zonec_needs_command" -s h -l help -d 'Print help'
complete -c zonec -n "__fish_zonec_needs_command" -s V -l version -d 'Print version'
complete -c zonec -n "__fish_zonec_needs_command" -f -a "check" -d 'Check a policy: syntax, names, addresses, invariants and lints'
complete -c zonec -n "__fish_zonec_needs_command" -f -a "fmt" -d 'Rewrite policy files in the canonical layout (or `--check` them)'
complete -c zonec -n "__fish_zonec_needs_command" -f -a "graph" -d 'Draw the zone graph as SVG (zonec\'s own layout) or Graphviz DOT'
complete -c zonec -n "__fish_zonec_needs_command" -f -a "explain" -d 'Explain why a flow between zones, labels or addresses is or is not possible'
complete -c zonec -n "__fish_zonec_needs_command" -f -a "which" -d 'Print the zone of each address, the prefix that matched, its labels and VLAN'
complete -c zonec -n "__fish_zonec_needs_command" -f -a "matrix" -d 'Print the zone × zone table of allowed flows'
complete -c zonec -n "__fish_zonec_needs_command" -f -a "flows" -d 'Classify observed flows (cloud flow logs, conntrack, firewall logs) against the policy'
complete -c zonec -n "__fish_zonec_needs_command" -f -a "diff" -d 'Show how a change alters reachability: flows, verdicts, zones, prefixes'
complete -c zonec -n "__fish_zonec_needs_command" -f -a "report" -d 'Write the proof report: one self-contained HTML file for auditors'
complete -c zonec -n "__fish_zonec_needs_command" -f -a "build" -d 'Check a policy, then write the configs that enforce it'
complete -c zonec -n "__fish_zonec_needs_command" -f -a "verify" -d 'Check that a router\'s running nftables ruleset enforces the policy (drift)'
complete -c zonec -n "__fish_zonec_needs_command" -f -a "apply" -d 'Load the policy\'s nftables ruleset on this router, rolled back unless confirmed'
complete -c zonec -n "__fish_zonec_needs_command" -f -a "completions" -d 'Print a shell\'s completion script for zonec'
complete -c zonec -n "__fish_zonec_needs_command" -f -a "man" -d 'Print zonec\'s manual page (roff), or write every page to a directory'
complete -c zonec -n "__fish_zonec_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c zonec -n "__fish_zonec_using_subcommand check" -l today -d 'Today\'s date for `expires` checks (YYYY-MM-DD; default: the system date, UTC)' -r
complete -c zonec -n "__fish_zonec_using_subcommand check" -l format -d 'Output format' -r -f -a "human\t'miette\'s graphical report on stderr'
json\t'one JSON object on stdout'
sarif\t'SARIF 2.1.0 on stdout, for code-scanning upload'
github\t'GitHub Actions workflow annotations on stdout'"
complete -c zonec -n "__fish_zonec_using_subcommand check" -l target -d 'Targets to run, comma-separated [default: nftables, plus vlan and each cloud the policy places zones in]' -r -f -a "nftables\t'nftables ruleset for a Linux router (nftables/zonec.nft, flush-revoked.sh)'
vlan\t'switch VLANs and the router\'s VLAN interfaces (vlan/: IOS, Junos, systemd-networkd)'
aws\t'AWS security groups (cloud/aws.tf.json, cloud/aws.cfn.json)'
azure\t'Azure NSGs and ASGs (cloud/azure.tf.json)'
gcp\t'GCP firewall rules (cloud/gcp.tf.json)'"
complete -c zonec -n "__fish_zonec_using_subcommand check" -l nft-interface -d 'nftables: name of each VLAN zone\'s interface, with `{id}` (VLAN id) and `{zone}` (zone name), e.g. `vlan{id}`; turns on anti-spoofing' -r
complete -c zonec -n "__fish_zonec_using_subcommand check" -l acl-tcam-budget -d 'vlan: hardware ACL entries (TCAM) the switch\'s access lists may expand to before a warning' -r
complete -c zonec -n "__fish_zonec_using_subcommand check" -l trunk -d 'vlan: the Linux router\'s interface towards the switch (the 802.1Q trunk)' -r
complete -c zonec -n "__fish_zonec_using_subcommand check" -l aws-rules-per-sg -d 'aws: inbound (and outbound) rules allowed per security group, the account\'s quota' -r
complete -c zonec -n "__fish_zonec_using_subcommand check" -l all-witnesses -d 'Show every offending pair of a broken invariant, not the first few (JSON and SARIF always carry all of them)'
complete -c zonec -n "__fish_zonec_using_subcommand check" -l require-ticket -d 'Make an `allow` without a `ticket` an error (for change control that ties every allowed flow to an approved change)'
complete -c zonec -n "__fish_zonec_using_subcommand check" -l allow-lockout -d 'nftables: write the ruleset even when the policy names `self` but lets no zone reach it (loading it cuts every new connection to the router)'
complete -c zonec -n "__fish_zonec_using_subcommand check" -l vlan-svi -d 'vlan: also give each VLAN a routed interface on the switch (IOS SVI, Junos irb) with the zone\'s gateway addresses, filtered by access lists proved under stateless semantics'
complete -c zonec -n "__fish_zonec_using_subcommand check" -l vlan-svi-unfiltered -d 'vlan: routed interfaces without any filter, for a staged migration (a warning: no invariant holds on the switch)'
complete -c zonec -n "__fish_zonec_using_subcommand check" -s q -l quiet -d 'Print no status lines: only diagnostics, failures and the output itself (exit codes do not change)'
complete -c zonec -n "__fish_zonec_using_subcommand check" -s v -l verbose -d 'Also print each stage with its counts and time, and every file written or left unchanged'
complete -c zonec -n "__fish_zonec_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zonec -n "__fish_zonec_using_subcommand fmt" -l check -d 'Write nothing; print the diff of each file that is not formatted and exit 1'
complete -c zonec -n "__fish_zonec_using_subcommand fmt" -s q -l quiet -d 'Print no status lines: only diagnostics, failures and the output itself (exit codes do not change)'
complete -c zonec -n "__fish_zonec_using_subcommand fmt" -s v -l verbose -d 'Also print each stage with its counts and time, and every file written or left unchanged'
complete -c zonec -n "__fish_zonec_using_subcommand fmt" -s h -l help -d 'Print help'
complete -c zonec -n "__fish_zonec_using_subcommand graph" -l today -d 'Today\'s date for `expires` checks (YYYY-MM-DD; default: the system date, UTC)' -r
complete -c zonec -n "__fish_zonec_using_subcommand graph" -l format -d 'Output format' -r -f -a "dot\t'Graphviz DOT text'
svg\t'an SVG drawing (zonec\'s own layout; no Graphviz needed)'"
complete -c zonec -n "__fish_zonec_using_subcommand graph" -s o -l output -l out -d 'Write to this file (atomically; a link or special file there is refused) instead of standard output; `-` is standard output' -r -F
complete -c zonec -n "__fish_zonec_using_subcommand graph" -s q -l quiet -d 'Print no status lines: only diagnostics, failures and the output itself (exit codes do not change)'
complete -c zonec -n "__fish_zonec_using_subcommand graph" -s v -l verbose -d 'Also print each stage with its counts and time, and every file written or left unchanged'
complete -c zonec -n "__fish_zonec_using_subcommand graph" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zonec -n "__fish_zonec_using_subcommand explain" -l today -d 'Today\'s date for `expires` checks (YYYY-MM-DD; default: the system date, UTC)' -r
complete -c zonec -n "__fish_zonec_using_subcommand explain" -l from -d 'Where the flow starts: a zone, `@label` (each zone of the label) or an IPv4/IPv6 address (the zone whose prefix is the longest match)' -r
complete -c zonec -n "__fish_zonec_using_subcommand explain" -l to -d 'Where the flow goes: a zone, `@label` or an address, as for `--from`' -r
complete -c zonec -n "__fish_zonec_using_subcommand explain" -l service -d 'Services or ports (`https`, `tcp/8443`, comma-separated; default: any)' -r
complete -c zonec -n "__fish_zonec_using_subcommand explain" -l port -d 'Ports only (`tcp/443`, `udp/5000-5010`, comma-separated)' -r
complete -c zonec -n "__fish_zonec_using_subcommand explain" -l format -d 'Output format' -r -f -a "text\t'words for people (which prints one line per address)'
json\t'one JSON object on stdout (docs/explain.md)'"
complete -c zonec -n "__fish_zonec_using_subcommand explain" -s q -l quiet -d 'Print no status lines: only diagnostics, failures and the output itself (exit codes do not change)'
complete -c zonec -n "__fish_zonec_using_subcommand explain" -s v -l verbose -d 'Also print each stage with its counts and time, and every file written or left unchanged'
complete -c zonec -n "__fish_zonec_using_subcommand explain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zonec -n "__fish_zonec_using_subcommand which" -l today -d 'Today\'s date for `expires` checks (YYYY-MM-DD; default: the system date, UTC)' -r
complete -c zonec -n "__fish_zonec_using_subcommand which" -l format -d 'Output format' -r -f -a "text\t'words for people (which prints one line per address)'
json\t'one JSON object on stdout (docs/explain.md)'"
complete -c zonec -n "__fish_zonec_using_subcommand which" -s q -l quiet -d 'Print no status lines: only diagnostics, failures and the output itself (exit codes do not change)'
complete -c zonec -n "__fish_zonec_using_subcommand which" -s v -l verbose -d 'Also print each stage with its counts and time, and every file written or left unchanged'
complete -c zonec -n "__fish_zonec_using_subcommand which" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zonec -n "__fish_zonec_using_subcommand matrix" -l today -d 'Today\'s date for `expires` checks (YYYY-MM-DD; default: the system date, UTC)' -r
complete -c zonec -n "__fish_zonec_using_subcommand matrix" -l format -d 'Output format' -r -f -a "human\t'an aligned table on stdout'
json\t'one JSON object on stdout'
csv\t'CSV on stdout: one record per pair, `from,to,status,services,ports`'"
complete -c zonec -n "__fish_zonec_using_subcommand matrix" -l from -d 'Only the rows of these zones (`ZONE` or `@label`; comma-separated or repeated)' -r
complete -c zonec -n "__fish_zonec_using_subcommand matrix" -l to -d 'Only the columns of these zones (`ZONE` or `@label`; comma-separated or repeated)' -r
complete -c zonec -n "__fish_zonec_using_subcommand matrix" -l transitive -d 'Cells show reachability by paths of any length, not direct flows'
complete -c zonec -n "__fish_zonec_using_subcommand matrix" -s q -l quiet -d 'Print no status lines: only diagnostics, failures and the output itself (exit codes do not change)'
complete -c zonec -n "__fish_zonec_using_subcommand matrix" -s v -l verbose -d 'Also print each stage with its counts and time, and every file written or left unchanged'
complete -c zonec -n "__fish_zonec_using_subcommand matrix" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zonec -n "__fish_zonec_using_subcommand flows" -l today -d 'Today\'s date for `expires` checks (YYYY-MM-DD; default: the system date, UTC)' -r
complete -c zonec -n "__fish_zonec_using_subcommand flows" -l input -d 'Flow-log files (gzip or not), or `-` for standard input' -r -F
complete -c zonec -n "__fish_zonec_using_subcommand flows" -l input-format -d 'The inputs\' format (default: detected from each file\'s first line)' -r -f -a "aws\t'AWS VPC Flow Logs, text (default or custom field order)'
azure\t'Azure VNet flow logs (v4) or NSG flow logs (v2), JSON'
gcp\t'GCP VPC Flow Logs or Firewall Rules Logging, exported JSON'
conntrack\t'the text of `conntrack -L`'
netfilter\t'kernel log lines of nftables/iptables `log`'
csv\t'CSV with a `src,dst,proto,dport` header'"
complete -c zonec -n "__fish_zonec_using_subcommand flows" -l candidate -d 'A changed policy to compare with: which flows it would break or open' -r -F
complete -c zonec -n "__fish_zonec_using_subcommand flows" -l format -d 'Output format' -r -f -a "human\t'a summary for a terminal, worst first'
json\t'one JSON object (docs/flows.md)'
csv\t'one record per row'
markdown\t'tables for a ticket or pull request'
sarif\t'SARIF 2.1.0 for code scanning'"
complete -c zonec -n "__fish_zonec_using_subcommand flows" -l fail-on -d 'Exit 1 when a row of this kind exists (comma-separated or repeated)' -r -f -a "forbidden\t'a flow breaks a `forbid`'
blocked\t'the policy blocks a flow'
breaks\t'the candidate blocks a flow allowed now'"
complete -c zonec -n "__fish_zonec_using_subcommand flows" -s o -l output -l out -d 'Where to write the output (atomically); default standard output' -r -F
complete -c zonec -n "__fish_zonec_using_subcommand flows" -l strict -d 'Any malformed record is an error (exit 2, no output)'
complete -c zonec -n "__fish_zonec_using_subcommand flows" -s q -l quiet -d 'Print no status lines: only diagnostics, failures and the output itself (exit codes do not change)'
complete -c zonec -n "__fish_zonec_using_subcommand flows" -s v -l verbose -d 'Also print each stage with its counts and time, and every file written or left unchanged'
complete -c zonec -n "__fish_zonec_using_subcommand flows" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zonec -n "__fish_zonec_using_subcommand diff" -l format -d 'Output format' -r -f -a "text\t'plain text for a terminal'
json\t'one JSON object'
markdown\t'GitHub-flavoured Markdown, for a pull-request comment'"
complete -c zonec -n "__fish_zonec_using_subcommand diff" -l today -d 'Today\'s date for `expires` checks (YYYY-MM-DD; default: the system date, UTC)' -r
complete -c zonec -n "__fish_zonec_using_subcommand diff" -l fail-on-open -d 'Exit 1 when the change opens any flow (allows a port that was not allowed), between zones or for an address range that changed zone'
complete -c zonec -n "__fish_zonec_using_subcommand diff" -l fail-on-close -d 'Exit 1 when the change closes any flow (a port allowed before is not), between zones or for an address range that changed zone'
complete -c zonec -n "__fish_zonec_using_subcommand diff" -l fail-on-violation -d 'Exit 1 when the change breaks an invariant (holds or is absent in OLD, violated in NEW)'
complete -c zonec -n "__fish_zonec_using_subcommand diff" -s q -l quiet -d 'Print no status lines: only diagnostics, failures and the output itself (exit codes do not change)'
complete -c zonec -n "__fish_zonec_using_subcommand diff" -s v -l verbose -d 'Also print each stage with its counts and time, and every file written or left unchanged'
complete -c zonec -n "__fish_zonec_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zonec -n "__fish_zonec_using_subcommand report" -l today -d 'Today\'s date for `expires` checks (YYYY-MM-DD; default: the system date, UTC)' -r
complete -c zonec -n "__fish_zonec_using_subcommand report" -s o -l output -l out -d 'Where to write the report (atomically; a link or special file there is refused); `-` is standard output' -r -F
complete -c zonec -n "__fish_zonec_using_subcommand report" -l artifacts -d 'A `zonec build` output directory whose artifacts (from its `manifest.json`) the report lists with their SHA-256' -r -F
complete -c zonec -n "__fish_zonec_using_subcommand report" -l flows -d 'Flow logs to classify in an "Observed traffic" section (as `zonec flows --input`)' -r -F
complete -c zonec -n "__fish_zonec_using_subcommand report" -s q -l quiet -d 'Print no status lines: only diagnostics, failures and the output itself (exit codes do not change)'
complete -c zonec -n "__fish_zonec_using_subcommand report" -s v -l verbose -d 'Also print each stage with its counts and time, and every file written or left unchanged'
complete -c zonec -n "__fish_zonec_using_subcommand report" -s h -l help -d 'Print help'
complete -c zonec -n "__fish_zonec_using_subcommand build" -l today -d 'Today\'s date for `expires` checks (YYYY-MM-DD; default: the system date, UTC)' -r
complete -c zonec -n "__fish_zonec_using_subcommand build" -s o -l output -l out -d 'Output directory (created if missing); each build replaces its whole content in one step' -r -F
complete -c zonec -n "__fish_zonec_using_subcommand build" -l target -d 'Targets to run, comma-separated [default: nftables, plus vlan and each cloud the policy places zones in]' -r -f -a "nftables\t'nftables ruleset for a Linux router (nftables/zonec.nft, flush-revoked.sh)'
vlan\t'switch VLANs and the router\'s VLAN interfaces (vlan/: IOS, Junos, systemd-networkd)'
aws\t'AWS security groups (cloud/aws.tf.json, cloud/aws.cfn.json)'
azure\t'Azure NSGs and ASGs (cloud/azure.tf.json)'
gcp\t'GCP firewall rules (cloud/gcp.tf.json)'"
complete -c zonec -n "__fish_zonec_using_subcommand build" -l nft-interface -d 'nftables: name of each VLAN zone\'s interface, with `{id}` (VLAN id) and `{zone}` (zone name), e.g. `vlan{id}`; turns on anti-spoofing' -r
complete -c zonec -n "__fish_zonec_using_subcommand build" -l acl-tcam-budget -d 'vlan: hardware ACL entries (TCAM) the switch\'s access lists may expand to before a warning' -r
complete -c zonec -n "__fish_zonec_using_subcommand build" -l trunk -d 'vlan: the Linux router\'s interface towards the switch (the 802.1Q trunk)' -r
complete -c zonec -n "__fish_zonec_using_subcommand build" -l aws-rules-per-sg -d 'aws: inbound (and outbound) rules allowed per security group, the account\'s quota' -r
complete -c zonec -n "__fish_zonec_using_subcommand build" -l force -d 'Replace the content of a non-empty output directory that holds no zonec build (no `manifest.json`)'
complete -c zonec -n "__fish_zonec_using_subcommand build" -l all-witnesses -d 'Show every offending pair of a broken invariant, not the first few'
complete -c zonec -n "__fish_zonec_using_subcommand build" -l require-ticket -d 'Make an `allow` without a `ticket` an error (for change control that ties every allowed flow to an approved change)'
complete -c zonec -n "__fish_zonec_using_subcommand build" -l allow-lockout -d 'nftables: write the ruleset even when the policy names `self` but lets no zone reach it (loading it cuts every new connection to the router)'
complete -c zonec -n "__fish_zonec_using_subcommand build" -l vlan-svi -d 'vlan: also give each VLAN a routed interface on the switch (IOS SVI, Junos irb) with the zone\'s gateway addresses, filtered by access lists proved under stateless semantics'
complete -c zonec -n "__fish_zonec_using_subcommand build" -l vlan-svi-unfiltered -d 'vlan: routed interfaces without any filter, for a staged migration (a warning: no invariant holds on the switch)'
complete -c zonec -n "__fish_zonec_using_subcommand build" -s q -l quiet -d 'Print no status lines: only diagnostics, failures and the output itself (exit codes do not change)'
complete -c zonec -n "__fish_zonec_using_subcommand build" -s v -l verbose -d 'Also print each stage with its counts and time, and every file written or left unchanged'
complete -c zonec -n "__fish_zonec_using_subcommand build" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zonec -n "__fish_zonec_using_subcommand verify" -l today -d 'Today\'s date for `expires` checks (YYYY-MM-DD; default: the system date, UTC)' -r
complete -c zonec -n "__fish_zonec_using_subcommand verify" -l nft-json -d 'The router\'s ruleset: the output of `nft -j list ruleset` (`-` for standard input)' -r -F
complete -c zonec -n "__fish_zonec_using_subcommand verify" -l nft-interface -d 'The `--nft-interface` template the ruleset was built with, if any (the interface each VLAN zone\'s traffic arrives on)' -r
complete -c zonec -n "__fish_zonec_using_subcommand verify" -l format -d 'Output format' -r -f -a "human\t'findings for people, on stdout'
json\t'one JSON object on stdout'
sarif\t'SARIF 2.1.0, a result per finding'
markdown\t'GitHub-flavoured Markdown (a CI comment)'"
complete -c zonec -n "__fish_zonec_using_subcommand verify" -s q -l quiet -d 'Print no status lines: only diagnostics, failures and the output itself (exit codes do not change)'
complete -c zonec -n "__fish_zonec_using_subcommand verify" -s v -l verbose -d 'Also print each stage with its counts and time, and every file written or left unchanged'
complete -c zonec -n "__fish_zonec_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zonec -n "__fish_zonec_using_subcommand apply" -l today -d 'Today\'s date for `expires` checks (YYYY-MM-DD; default: the system date, UTC)' -r
complete -c zonec -n "__fish_zonec_using_subcommand apply" -l confirm-timeout -d 'Seconds to wait for `zonec apply --confirm` before the previous table is put back' -r
complete -c zonec -n "__fish_zonec_using_subcommand apply" -l state-dir -d 'Where the running state is saved and every apply logged (created 0700)' -r -F
complete -c zonec -n "__fish_zonec_using_subcommand apply" -l check-cmd -d 'A command (run with `sh -c`) that probes the network after loading; apply confirms by itself when it succeeds and verify passes, and rolls back at once when it fails' -r
complete -c zonec -n "__fish_zonec_using_subcommand apply" -l from -d 'The address apply is run from, whose zone must still reach `self` [default: the client address of `SSH_CLIENT`]' -r
complete -c zonec -n "__fish_zonec_using_subcommand apply" -l nft-interface -d 'The name of each VLAN zone\'s interface, as for `build --nft-interface`' -r
complete -c zonec -n "__fish_zonec_using_subcommand apply" -l watchdog -d 'Internal: the watchdog of the apply with this id' -r
complete -c zonec -n "__fish_zonec_using_subcommand apply" -l allow-lockout -d 'Load even when the policy, or the address apply is run from, would lose access to the router (`self`)'
complete -c zonec -n "__fish_zonec_using_subcommand apply" -l require-ticket -d 'Make an `allow` without a `ticket` an error, as for `build`'
complete -c zonec -n "__fish_zonec_using_subcommand apply" -l confirm -d 'Keep the table the apply awaiting confirmation loaded'
complete -c zonec -n "__fish_zonec_using_subcommand apply" -l rollback -d 'Put back the table that ran before the last apply (or remove the table, if none did)'
complete -c zonec -n "__fish_zonec_using_subcommand apply" -s q -l quiet -d 'Print no status lines: only diagnostics, failures and the output itself (exit codes do not change)'
complete -c zonec -n "__fish_zonec_using_subcommand apply" -s v -l verbose -d 'Also print each stage with its counts and time, and every file written or left unchanged'
complete -c zonec -n "__fish_zonec_using_subcommand apply" -s h -l help -d 'Print help'
complete -c zonec -n "__fish_zonec_using_subcommand completions" -s o -l output -l out -d 'Write to this file (atomically; a link or special file there is refused) instead of standard output; `-` is standard output' -r -F
complete -c zonec -n "__fish_zonec_using_subcommand completions" -s q -l quiet -d 'Print no status lines: only diagnostics, failures and the output itself (exit codes do not change)'
complete -c zonec -n "__fish_zonec_using_subcommand completions" -s v -l verbose -d 'Also print each stage with its counts and time, and every file written or left unchanged'
complete -c zonec -n "__fish_zonec_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zonec -n "__fish_zonec_using_subcommand man" -s o -l output -l out -d 'Write every page (`zonec.1`, `zonec-COMMAND.1`...) into this directory, created if missing, instead of one page to standard output' -r -F
complete -c zonec -n "__fish_zonec_using_subcommand man" -s q -l quiet -d 'Print no status lines: only diagnostics, failures and the output itself (exit codes do not change)'
complete -c zonec -n "__fish_zonec_using_subcommand man" -s v -l verbose -d 'Also print each stage with its counts and time, and every file written or left unchanged'
complete -c zonec -n "__fish_zonec_using_subcommand man" -s h -l help -d 'Print help'
complete -c zonec -n "__fish_zonec_using_subcommand help; and not __fish_seen_subcommand_from check fmt graph explain which matrix flows diff report build verify apply completions man help" -f -a "check" -d 'Check a policy: syntax, names, addresses, invariants and lints'
complete -c zonec -n "__fish_zonec_using_subcommand help; and not __fish_seen_subcommand_from check fmt graph explain which matrix flows diff report build verify apply completions man help" -f -a "fmt" -d 'Rewrite policy files in the canonical layout (or `--check` them)'
complete -c zonec -n "__fish_zonec_using_subcommand help; and not __fish_seen_subcommand_from check fmt graph explain which matrix flows diff report build verify apply completions man help" -f -a "graph" -d 'Draw the zone graph as SVG (zonec\'s own layout) or Graphviz DOT'
complete -c zonec -n "__fish_zonec_using_subcommand help; and not __fish_seen_subcommand_from check fmt graph explain which matrix flows diff report build verify apply completions man help" -f -a "explain" -d 'Explain why a flow between zones, labels or addresses is or is not possible'
complete -c zonec -n "__fish_zonec_using_subcommand help; and not __fish_seen_subcommand_from check fmt graph explain which matrix flows diff report build verify apply completions man help" -f -a "which" -d 'Print the zone of each address, the prefix that matched, its labels and VLAN'
complete -c zonec -n "__fish_zonec_using_subcommand help; and not __fish_seen_subcommand_from check fmt graph explain which matrix flows diff report build verify apply completions man help" -f -a "matrix" -d 'Print the zone × zone table of allowed flows'
complete -c zonec -n "__fish_zonec_using_subcommand help; and not __fish_seen_subcommand_from check fmt graph explain which matrix flows diff report build verify apply completions man help" -f -a "flows" -d 'Classify observed flows (cloud flow logs, conntrack, firewall logs) against the policy'
complete -c zonec -n "__fish_zonec_using_subcommand help; and not __fish_seen_subcommand_from check fmt graph explain which matrix flows diff report build verify apply completions man help" -f -a "diff" -d 'Show how a change alters reachability: flows, verdicts, zones, prefixes'
complete -c zonec -n "__fish_zonec_using_subcommand help; and not __fish_seen_subcommand_from check fmt graph explain which matrix flows diff report build verify apply completions man help" -f -a "report" -d 'Write the proof report: one self-contained HTML file for auditors'
complete -c zonec -n "__fish_zonec_using_subcommand help; and not __fish_seen_subcommand_from check fmt graph explain which matrix flows diff report build verify apply completions man help" -f -a "build" -d 'Check a policy, then write the configs that enforce it'
complete -c zonec -n "__fish_zonec_using_subcommand help; and not __fish_seen_subcommand_from check fmt graph explain which matrix flows diff report build verify apply completions man help" -f -a "verify" -d 'Check that a router\'s running nftables ruleset enforces the policy (drift)'
complete -c zonec -n "__fish_zonec_using_subcommand help; and not __fish_seen_subcommand_from check fmt graph explain which matrix flows diff report build verify apply completions man help" -f -a "apply" -d 'Load the policy\'s nftables ruleset on this router, rolled back unless confirmed'
complete -c zonec -n "__fish_zonec_using_subcommand help; and not __fish_seen_subcommand_from check fmt graph explain which matrix flows diff report build verify apply completions man help" -f -a "completions" -d 'Print a shell\'s completion script for zonec'
complete -c zonec -n "__fish_zonec_using_subcommand help; and not __fish_seen_subcommand_from check fmt graph explain which matrix flows diff report build verify apply completions man help" -f -a "man" -d 'Print zonec\'s manual page (roff), or write every page to a directory'
complete -c zonec -n "__fish_zonec_using_subcommand help; and not __fish_seen_subcommand_from check fmt graph explain which matrix flows diff report build verify apply completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
