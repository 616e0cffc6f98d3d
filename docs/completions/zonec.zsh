#compdef zonec

autoload -U is-at-least

_zonec() {
    typeset -A opt_args
    typeset -a _arguments_options
    local ret=1

    if is-at-least 5.2; then
        _arguments_options=(-s -S -C)
    else
        _arguments_options=(-s -C)
    fi

    local context curcontext="$curcontext" state line
    _arguments "${_arguments_options[@]}" : \
'(-v --verbose)-q[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'(-v --verbose)--quiet[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'-v[Also print each stage with its counts and time, and every file written or left unchanged]' \
'--verbose[Also print each stage with its counts and time, and every file written or left unchanged]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_zonec_commands" \
"*::: :->zonec" \
&& ret=0
    case $state in
    (zonec)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:zonec-command-$line[1]:"
        case $line[1] in
            (check)
_arguments "${_arguments_options[@]}" : \
'--today=[Today'\''s date for \`expires\` checks (YYYY-MM-DD; default\: the system date, UTC)]:DATE:_default' \
'--format=[Output format]:FORMAT:((human\:"miette'\''s graphical report on stderr"
json\:"one JSON object on stdout"
sarif\:"SARIF 2.1.0 on stdout, for code-scanning upload"
github\:"GitHub Actions workflow annotations on stdout"))' \
'*--target=[Targets to run, comma-separated \[default\: nftables, plus vlan and each cloud the policy places zones in\]]:TARGET:((nftables\:"nftables ruleset for a Linux router (nftables/zonec.nft, flush-revoked.sh)"
vlan\:"switch VLANs and the router'\''s VLAN interfaces (vlan/\: IOS, Junos, systemd-networkd)"
aws\:"AWS security groups (cloud/aws.tf.json, cloud/aws.cfn.json)"
azure\:"Azure NSGs and ASGs (cloud/azure.tf.json)"
gcp\:"GCP firewall rules (cloud/gcp.tf.json)"))' \
'--nft-interface=[nftables\: name of each VLAN zone'\''s interface, with \`{id}\` (VLAN id) and \`{zone}\` (zone name), e.g. \`vlan{id}\`; turns on anti-spoofing]:TEMPLATE:_default' \
'--acl-tcam-budget=[vlan\: hardware ACL entries (TCAM) the switch'\''s access lists may expand to before a warning]:N:_default' \
'--trunk=[vlan\: the Linux router'\''s interface towards the switch (the 802.1Q trunk)]:INTERFACE:_default' \
'--aws-rules-per-sg=[aws\: inbound (and outbound) rules allowed per security group, the account'\''s quota]:N:_default' \
'--all-witnesses[Show every offending pair of a broken invariant, not the first few (JSON and SARIF always carry all of them)]' \
'--require-ticket[Make an \`allow\` without a \`ticket\` an error (for change control that ties every allowed flow to an approved change)]' \
'--allow-lockout[nftables\: write the ruleset even when the policy names \`self\` but lets no zone reach it (loading it cuts every new connection to the router)]' \
'--vlan-svi[vlan\: also give each VLAN a routed interface on the switch (IOS SVI, Junos irb) with the zone'\''s gateway addresses, filtered by access lists proved under stateless semantics]' \
'(--vlan-svi)--vlan-svi-unfiltered[vlan\: routed interfaces without any filter, for a staged migration (a warning\: no invariant holds on the switch)]' \
'(-v --verbose)-q[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'(-v --verbose)--quiet[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'-v[Also print each stage with its counts and time, and every file written or left unchanged]' \
'--verbose[Also print each stage with its counts and time, and every file written or left unchanged]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'*::files -- Policy files (several files form one policy), or directories of `.zones` files:_files' \
&& ret=0
;;
(fmt)
_arguments "${_arguments_options[@]}" : \
'--check[Write nothing; print the diff of each file that is not formatted and exit 1]' \
'(-v --verbose)-q[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'(-v --verbose)--quiet[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'-v[Also print each stage with its counts and time, and every file written or left unchanged]' \
'--verbose[Also print each stage with its counts and time, and every file written or left unchanged]' \
'-h[Print help]' \
'--help[Print help]' \
'*::files -- Policy files to format, or directories of `.zones` files:_files' \
&& ret=0
;;
(graph)
_arguments "${_arguments_options[@]}" : \
'--today=[Today'\''s date for \`expires\` checks (YYYY-MM-DD; default\: the system date, UTC)]:DATE:_default' \
'--format=[Output format]:FORMAT:((dot\:"Graphviz DOT text"
svg\:"an SVG drawing (zonec'\''s own layout; no Graphviz needed)"))' \
'-o+[Write to this file (atomically; a link or special file there is refused) instead of standard output; \`-\` is standard output]:PATH:_files' \
'--output=[Write to this file (atomically; a link or special file there is refused) instead of standard output; \`-\` is standard output]:PATH:_files' \
'--out=[Write to this file (atomically; a link or special file there is refused) instead of standard output; \`-\` is standard output]:PATH:_files' \
'(-v --verbose)-q[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'(-v --verbose)--quiet[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'-v[Also print each stage with its counts and time, and every file written or left unchanged]' \
'--verbose[Also print each stage with its counts and time, and every file written or left unchanged]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'*::files -- Policy files (several files form one policy), or directories of `.zones` files:_files' \
&& ret=0
;;
(explain)
_arguments "${_arguments_options[@]}" : \
'--today=[Today'\''s date for \`expires\` checks (YYYY-MM-DD; default\: the system date, UTC)]:DATE:_default' \
'--from=[Where the flow starts\: a zone, \`@label\` (each zone of the label) or an IPv4/IPv6 address (the zone whose prefix is the longest match)]:ZONE|@LABEL|ADDRESS:_default' \
'--to=[Where the flow goes\: a zone, \`@label\` or an address, as for \`--from\`]:ZONE|@LABEL|ADDRESS:_default' \
'(--port)--service=[Services or ports (\`https\`, \`tcp/8443\`, comma-separated; default\: any)]:SERVICE:_default' \
'--port=[Ports only (\`tcp/443\`, \`udp/5000-5010\`, comma-separated)]:PORT:_default' \
'--format=[Output format]:FORMAT:((text\:"words for people (which prints one line per address)"
json\:"one JSON object on stdout (docs/explain.md)"))' \
'(-v --verbose)-q[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'(-v --verbose)--quiet[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'-v[Also print each stage with its counts and time, and every file written or left unchanged]' \
'--verbose[Also print each stage with its counts and time, and every file written or left unchanged]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'*::files -- Policy files (several files form one policy), or directories of `.zones` files:_files' \
&& ret=0
;;
(which)
_arguments "${_arguments_options[@]}" : \
'--today=[Today'\''s date for \`expires\` checks (YYYY-MM-DD; default\: the system date, UTC)]:DATE:_default' \
'--format=[Output format]:FORMAT:((text\:"words for people (which prints one line per address)"
json\:"one JSON object on stdout (docs/explain.md)"))' \
'(-v --verbose)-q[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'(-v --verbose)--quiet[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'-v[Also print each stage with its counts and time, and every file written or left unchanged]' \
'--verbose[Also print each stage with its counts and time, and every file written or left unchanged]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'*::items -- Addresses to look up (IPv4 or IPv6) and the policy'\''s files or directories, in any order\: what reads as an address is one (write `./10.0.0.1` for a file of that name):_files' \
&& ret=0
;;
(matrix)
_arguments "${_arguments_options[@]}" : \
'--today=[Today'\''s date for \`expires\` checks (YYYY-MM-DD; default\: the system date, UTC)]:DATE:_default' \
'--format=[Output format]:FORMAT:((human\:"an aligned table on stdout"
json\:"one JSON object on stdout"
csv\:"CSV on stdout\: one record per pair, \`from,to,status,services,ports\`"))' \
'*--from=[Only the rows of these zones (\`ZONE\` or \`@label\`; comma-separated or repeated)]:ZONE:_default' \
'*--to=[Only the columns of these zones (\`ZONE\` or \`@label\`; comma-separated or repeated)]:ZONE:_default' \
'--transitive[Cells show reachability by paths of any length, not direct flows]' \
'(-v --verbose)-q[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'(-v --verbose)--quiet[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'-v[Also print each stage with its counts and time, and every file written or left unchanged]' \
'--verbose[Also print each stage with its counts and time, and every file written or left unchanged]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'*::files -- Policy files (several files form one policy), or directories of `.zones` files:_files' \
&& ret=0
;;
(flows)
_arguments "${_arguments_options[@]}" : \
'--today=[Today'\''s date for \`expires\` checks (YYYY-MM-DD; default\: the system date, UTC)]:DATE:_default' \
'*--input=[Flow-log files (gzip or not), or \`-\` for standard input]:FILE:_files' \
'--input-format=[The inputs'\'' format (default\: detected from each file'\''s first line)]:FORMAT:((aws\:"AWS VPC Flow Logs, text (default or custom field order)"
azure\:"Azure VNet flow logs (v4) or NSG flow logs (v2), JSON"
gcp\:"GCP VPC Flow Logs or Firewall Rules Logging, exported JSON"
conntrack\:"the text of \`conntrack -L\`"
netfilter\:"kernel log lines of nftables/iptables \`log\`"
csv\:"CSV with a \`src,dst,proto,dport\` header"))' \
'*--candidate=[A changed policy to compare with\: which flows it would break or open]:NEW_POLICY:_files' \
'--format=[Output format]:FORMAT:((human\:"a summary for a terminal, worst first"
json\:"one JSON object (docs/flows.md)"
csv\:"one record per row"
markdown\:"tables for a ticket or pull request"
sarif\:"SARIF 2.1.0 for code scanning"))' \
'*--fail-on=[Exit 1 when a row of this kind exists (comma-separated or repeated)]:KIND:((forbidden\:"a flow breaks a \`forbid\`"
blocked\:"the policy blocks a flow"
breaks\:"the candidate blocks a flow allowed now"))' \
'-o+[Where to write the output (atomically); default standard output]:PATH:_files' \
'--output=[Where to write the output (atomically); default standard output]:PATH:_files' \
'--out=[Where to write the output (atomically); default standard output]:PATH:_files' \
'--strict[Any malformed record is an error (exit 2, no output)]' \
'(-v --verbose)-q[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'(-v --verbose)--quiet[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'-v[Also print each stage with its counts and time, and every file written or left unchanged]' \
'--verbose[Also print each stage with its counts and time, and every file written or left unchanged]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'*::files -- Policy files (several files form one policy), or directories of `.zones` files:_files' \
&& ret=0
;;
(diff)
_arguments "${_arguments_options[@]}" : \
'--format=[Output format]:FORMAT:((text\:"plain text for a terminal"
json\:"one JSON object"
markdown\:"GitHub-flavoured Markdown, for a pull-request comment"))' \
'--today=[Today'\''s date for \`expires\` checks (YYYY-MM-DD; default\: the system date, UTC)]:DATE:_default' \
'--fail-on-open[Exit 1 when the change opens any flow (allows a port that was not allowed), between zones or for an address range that changed zone]' \
'--fail-on-close[Exit 1 when the change closes any flow (a port allowed before is not), between zones or for an address range that changed zone]' \
'--fail-on-violation[Exit 1 when the change breaks an invariant (holds or is absent in OLD, violated in NEW)]' \
'(-v --verbose)-q[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'(-v --verbose)--quiet[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'-v[Also print each stage with its counts and time, and every file written or left unchanged]' \
'--verbose[Also print each stage with its counts and time, and every file written or left unchanged]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
':old -- The old version\: a policy file, or a directory of `.zones` files:_files' \
':new -- The new version\: a policy file, or a directory of `.zones` files:_files' \
&& ret=0
;;
(report)
_arguments "${_arguments_options[@]}" : \
'--today=[Today'\''s date for \`expires\` checks (YYYY-MM-DD; default\: the system date, UTC)]:DATE:_default' \
'-o+[Where to write the report (atomically; a link or special file there is refused); \`-\` is standard output]:PATH:_files' \
'--output=[Where to write the report (atomically; a link or special file there is refused); \`-\` is standard output]:PATH:_files' \
'--out=[Where to write the report (atomically; a link or special file there is refused); \`-\` is standard output]:PATH:_files' \
'--artifacts=[A \`zonec build\` output directory whose artifacts (from its \`manifest.json\`) the report lists with their SHA-256]:DIR:_files' \
'*--flows=[Flow logs to classify in an "Observed traffic" section (as \`zonec flows --input\`)]:FILE:_files' \
'(-v --verbose)-q[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'(-v --verbose)--quiet[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'-v[Also print each stage with its counts and time, and every file written or left unchanged]' \
'--verbose[Also print each stage with its counts and time, and every file written or left unchanged]' \
'-h[Print help]' \
'--help[Print help]' \
'*::files -- Policy files (several files form one policy), or directories of `.zones` files:_files' \
&& ret=0
;;
(build)
_arguments "${_arguments_options[@]}" : \
'--today=[Today'\''s date for \`expires\` checks (YYYY-MM-DD; default\: the system date, UTC)]:DATE:_default' \
'-o+[Output directory (created if missing); each build replaces its whole content in one step]:DIR:_files' \
'--output=[Output directory (created if missing); each build replaces its whole content in one step]:DIR:_files' \
'--out=[Output directory (created if missing); each build replaces its whole content in one step]:DIR:_files' \
'*--target=[Targets to run, comma-separated \[default\: nftables, plus vlan and each cloud the policy places zones in\]]:TARGET:((nftables\:"nftables ruleset for a Linux router (nftables/zonec.nft, flush-revoked.sh)"
vlan\:"switch VLANs and the router'\''s VLAN interfaces (vlan/\: IOS, Junos, systemd-networkd)"
aws\:"AWS security groups (cloud/aws.tf.json, cloud/aws.cfn.json)"
azure\:"Azure NSGs and ASGs (cloud/azure.tf.json)"
gcp\:"GCP firewall rules (cloud/gcp.tf.json)"))' \
'--nft-interface=[nftables\: name of each VLAN zone'\''s interface, with \`{id}\` (VLAN id) and \`{zone}\` (zone name), e.g. \`vlan{id}\`; turns on anti-spoofing]:TEMPLATE:_default' \
'--acl-tcam-budget=[vlan\: hardware ACL entries (TCAM) the switch'\''s access lists may expand to before a warning]:N:_default' \
'--trunk=[vlan\: the Linux router'\''s interface towards the switch (the 802.1Q trunk)]:INTERFACE:_default' \
'--aws-rules-per-sg=[aws\: inbound (and outbound) rules allowed per security group, the account'\''s quota]:N:_default' \
'--force[Replace the content of a non-empty output directory that holds no zonec build (no \`manifest.json\`)]' \
'--all-witnesses[Show every offending pair of a broken invariant, not the first few]' \
'--require-ticket[Make an \`allow\` without a \`ticket\` an error (for change control that ties every allowed flow to an approved change)]' \
'--allow-lockout[nftables\: write the ruleset even when the policy names \`self\` but lets no zone reach it (loading it cuts every new connection to the router)]' \
'--vlan-svi[vlan\: also give each VLAN a routed interface on the switch (IOS SVI, Junos irb) with the zone'\''s gateway addresses, filtered by access lists proved under stateless semantics]' \
'(--vlan-svi)--vlan-svi-unfiltered[vlan\: routed interfaces without any filter, for a staged migration (a warning\: no invariant holds on the switch)]' \
'(-v --verbose)-q[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'(-v --verbose)--quiet[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'-v[Also print each stage with its counts and time, and every file written or left unchanged]' \
'--verbose[Also print each stage with its counts and time, and every file written or left unchanged]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'*::files -- Policy files (several files form one policy), or directories of `.zones` files:_files' \
&& ret=0
;;
(verify)
_arguments "${_arguments_options[@]}" : \
'--today=[Today'\''s date for \`expires\` checks (YYYY-MM-DD; default\: the system date, UTC)]:DATE:_default' \
'--nft-json=[The router'\''s ruleset\: the output of \`nft -j list ruleset\` (\`-\` for standard input)]:FILE:_files' \
'--nft-interface=[The \`--nft-interface\` template the ruleset was built with, if any (the interface each VLAN zone'\''s traffic arrives on)]:TEMPLATE:_default' \
'--format=[Output format]:FORMAT:((human\:"findings for people, on stdout"
json\:"one JSON object on stdout"
sarif\:"SARIF 2.1.0, a result per finding"
markdown\:"GitHub-flavoured Markdown (a CI comment)"))' \
'(-v --verbose)-q[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'(-v --verbose)--quiet[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'-v[Also print each stage with its counts and time, and every file written or left unchanged]' \
'--verbose[Also print each stage with its counts and time, and every file written or left unchanged]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'*::files -- Policy files (several files form one policy), or directories of `.zones` files:_files' \
&& ret=0
;;
(apply)
_arguments "${_arguments_options[@]}" : \
'--today=[Today'\''s date for \`expires\` checks (YYYY-MM-DD; default\: the system date, UTC)]:DATE:_default' \
'--confirm-timeout=[Seconds to wait for \`zonec apply --confirm\` before the previous table is put back]:SECONDS:_default' \
'--state-dir=[Where the running state is saved and every apply logged (created 0700)]:DIR:_files' \
'--check-cmd=[A command (run with \`sh -c\`) that probes the network after loading; apply confirms by itself when it succeeds and verify passes, and rolls back at once when it fails]:CMD:_default' \
'--from=[The address apply is run from, whose zone must still reach \`self\` \[default\: the client address of \`SSH_CLIENT\`\]]:ADDRESS:_default' \
'--nft-interface=[The name of each VLAN zone'\''s interface, as for \`build --nft-interface\`]:TEMPLATE:_default' \
'(--confirm --rollback)--watchdog=[Internal\: the watchdog of the apply with this id]:ID:_default' \
'--allow-lockout[Load even when the policy, or the address apply is run from, would lose access to the router (\`self\`)]' \
'--require-ticket[Make an \`allow\` without a \`ticket\` an error, as for \`build\`]' \
'(--rollback --check-cmd --from)--confirm[Keep the table the apply awaiting confirmation loaded]' \
'(--check-cmd --from)--rollback[Put back the table that ran before the last apply (or remove the table, if none did)]' \
'(-v --verbose)-q[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'(-v --verbose)--quiet[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'-v[Also print each stage with its counts and time, and every file written or left unchanged]' \
'--verbose[Also print each stage with its counts and time, and every file written or left unchanged]' \
'-h[Print help]' \
'--help[Print help]' \
'*::files -- Policy files (several files form one policy), or directories of `.zones` files:_files' \
&& ret=0
;;
(completions)
_arguments "${_arguments_options[@]}" : \
'-o+[Write to this file (atomically; a link or special file there is refused) instead of standard output; \`-\` is standard output]:PATH:_files' \
'--output=[Write to this file (atomically; a link or special file there is refused) instead of standard output; \`-\` is standard output]:PATH:_files' \
'--out=[Write to this file (atomically; a link or special file there is refused) instead of standard output; \`-\` is standard output]:PATH:_files' \
'(-v --verbose)-q[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'(-v --verbose)--quiet[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'-v[Also print each stage with its counts and time, and every file written or left unchanged]' \
'--verbose[Also print each stage with its counts and time, and every file written or left unchanged]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
':shell -- The shell to complete for:((bash\:"source it from \`~/.bashrc\`, or put it in \`/usr/share/bash-completion/completions/zonec\`"
zsh\:"put it in a directory of \`\$fpath\` as \`_zonec\`"
fish\:"put it in \`~/.config/fish/completions/zonec.fish\`"))' \
&& ret=0
;;
(man)
_arguments "${_arguments_options[@]}" : \
'-o+[Write every page (\`zonec.1\`, \`zonec-COMMAND.1\`...) into this directory, created if missing, instead of one page to standard output]:DIR:_files' \
'--output=[Write every page (\`zonec.1\`, \`zonec-COMMAND.1\`...) into this directory, created if missing, instead of one page to standard output]:DIR:_files' \
'--out=[Write every page (\`zonec.1\`, \`zonec-COMMAND.1\`...) into this directory, created if missing, instead of one page to standard output]:DIR:_files' \
'(-v --verbose)-q[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'(-v --verbose)--quiet[Print no status lines\: only diagnostics, failures and the output itself (exit codes do not change)]' \
'-v[Also print each stage with its counts and time, and every file written or left unchanged]' \
'--verbose[Also print each stage with its counts and time, and every file written or left unchanged]' \
'-h[Print help]' \
'--help[Print help]' \
'::command -- The command whose page to print \[default\: zonec'\''s own page\]:_default' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_zonec__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:zonec-help-command-$line[1]:"
        case $line[1] in
            (check)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(fmt)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(graph)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(explain)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(which)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(matrix)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(flows)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(diff)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(report)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(build)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(verify)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(apply)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(completions)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(man)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
}

(( $+functions[_zonec_commands] )) ||
_zonec_commands() {
    local commands; commands=(
'check:Check a policy\: syntax, names, addresses, invariants and lints' \
'fmt:Rewrite policy files in the canonical layout (or \`--check\` them)' \
'graph:Draw the zone graph as SVG (zonec'\''s own layout) or Graphviz DOT' \
'explain:Explain why a flow between zones, labels or addresses is or is not possible' \
'which:Print the zone of each address, the prefix that matched, its labels and VLAN' \
'matrix:Print the zone × zone table of allowed flows' \
'flows:Classify observed flows (cloud flow logs, conntrack, firewall logs) against the policy' \
'diff:Show how a change alters reachability\: flows, verdicts, zones, prefixes' \
'report:Write the proof report\: one self-contained HTML file for auditors' \
'build:Check a policy, then write the configs that enforce it' \
'verify:Check that a router'\''s running nftables ruleset enforces the policy (drift)' \
'apply:Load the policy'\''s nftables ruleset on this router, rolled back unless confirmed' \
'completions:Print a shell'\''s completion script for zonec' \
'man:Print zonec'\''s manual page (roff), or write every page to a directory' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'zonec commands' commands "$@"
}
(( $+functions[_zonec__subcmd__apply_commands] )) ||
_zonec__subcmd__apply_commands() {
    local commands; commands=()
    _describe -t commands 'zonec apply commands' commands "$@"
}
(( $+functions[_zonec__subcmd__build_commands] )) ||
_zonec__subcmd__build_commands() {
    local commands; commands=()
    _describe -t commands 'zonec build commands' commands "$@"
}
(( $+functions[_zonec__subcmd__check_commands] )) ||
_zonec__subcmd__check_commands() {
    local commands; commands=()
    _describe -t commands 'zonec check commands' commands "$@"
}
(( $+functions[_zonec__subcmd__completions_commands] )) ||
_zonec__subcmd__completions_commands() {
    local commands; commands=()
    _describe -t commands 'zonec completions commands' commands "$@"
}
(( $+functions[_zonec__subcmd__diff_commands] )) ||
_zonec__subcmd__diff_commands() {
    local commands; commands=()
    _describe -t commands 'zonec diff commands' commands "$@"
}
(( $+functions[_zonec__subcmd__explain_commands] )) ||
_zonec__subcmd__explain_commands() {
    local commands; commands=()
    _describe -t commands 'zonec explain commands' commands "$@"
}
(( $+functions[_zonec__subcmd__flows_commands] )) ||
_zonec__subcmd__flows_commands() {
    local commands; commands=()
    _describe -t commands 'zonec flows commands' commands "$@"
}
(( $+functions[_zonec__subcmd__fmt_commands] )) ||
_zonec__subcmd__fmt_commands() {
    local commands; commands=()
    _describe -t commands 'zonec fmt commands' commands "$@"
}
(( $+functions[_zonec__subcmd__graph_commands] )) ||
_zonec__subcmd__graph_commands() {
    local commands; commands=()
    _describe -t commands 'zonec graph commands' commands "$@"
}
(( $+functions[_zonec__subcmd__help_commands] )) ||
_zonec__subcmd__help_commands() {
    local commands; commands=(
'check:Check a policy\: syntax, names, addresses, invariants and lints' \
'fmt:Rewrite policy files in the canonical layout (or \`--check\` them)' \
'graph:Draw the zone graph as SVG (zonec'\''s own layout) or Graphviz DOT' \
'explain:Explain why a flow between zones, labels or addresses is or is not possible' \
'which:Print the zone of each address, the prefix that matched, its labels and VLAN' \
'matrix:Print the zone × zone table of allowed flows' \
'flows:Classify observed flows (cloud flow logs, conntrack, firewall logs) against the policy' \
'diff:Show how a change alters reachability\: flows, verdicts, zones, prefixes' \
'report:Write the proof report\: one self-contained HTML file for auditors' \
'build:Check a policy, then write the configs that enforce it' \
'verify:Check that a router'\''s running nftables ruleset enforces the policy (drift)' \
'apply:Load the policy'\''s nftables ruleset on this router, rolled back unless confirmed' \
'completions:Print a shell'\''s completion script for zonec' \
'man:Print zonec'\''s manual page (roff), or write every page to a directory' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'zonec help commands' commands "$@"
}
(( $+functions[_zonec__subcmd__help__subcmd__apply_commands] )) ||
_zonec__subcmd__help__subcmd__apply_commands() {
    local commands; commands=()
    _describe -t commands 'zonec help apply commands' commands "$@"
}
(( $+functions[_zonec__subcmd__help__subcmd__build_commands] )) ||
_zonec__subcmd__help__subcmd__build_commands() {
    local commands; commands=()
    _describe -t commands 'zonec help build commands' commands "$@"
}
(( $+functions[_zonec__subcmd__help__subcmd__check_commands] )) ||
_zonec__subcmd__help__subcmd__check_commands() {
    local commands; commands=()
    _describe -t commands 'zonec help check commands' commands "$@"
}
(( $+functions[_zonec__subcmd__help__subcmd__completions_commands] )) ||
_zonec__subcmd__help__subcmd__completions_commands() {
    local commands; commands=()
    _describe -t commands 'zonec help completions commands' commands "$@"
}
(( $+functions[_zonec__subcmd__help__subcmd__diff_commands] )) ||
_zonec__subcmd__help__subcmd__diff_commands() {
    local commands; commands=()
    _describe -t commands 'zonec help diff commands' commands "$@"
}
(( $+functions[_zonec__subcmd__help__subcmd__explain_commands] )) ||
_zonec__subcmd__help__subcmd__explain_commands() {
    local commands; commands=()
    _describe -t commands 'zonec help explain commands' commands "$@"
}
(( $+functions[_zonec__subcmd__help__subcmd__flows_commands] )) ||
_zonec__subcmd__help__subcmd__flows_commands() {
    local commands; commands=()
    _describe -t commands 'zonec help flows commands' commands "$@"
}
(( $+functions[_zonec__subcmd__help__subcmd__fmt_commands] )) ||
_zonec__subcmd__help__subcmd__fmt_commands() {
    local commands; commands=()
    _describe -t commands 'zonec help fmt commands' commands "$@"
}
(( $+functions[_zonec__subcmd__help__subcmd__graph_commands] )) ||
_zonec__subcmd__help__subcmd__graph_commands() {
    local commands; commands=()
    _describe -t commands 'zonec help graph commands' commands "$@"
}
(( $+functions[_zonec__subcmd__help__subcmd__help_commands] )) ||
_zonec__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'zonec help help commands' commands "$@"
}
(( $+functions[_zonec__subcmd__help__subcmd__man_commands] )) ||
_zonec__subcmd__help__subcmd__man_commands() {
    local commands; commands=()
    _describe -t commands 'zonec help man commands' commands "$@"
}
(( $+functions[_zonec__subcmd__help__subcmd__matrix_commands] )) ||
_zonec__subcmd__help__subcmd__matrix_commands() {
    local commands; commands=()
    _describe -t commands 'zonec help matrix commands' commands "$@"
}
(( $+functions[_zonec__subcmd__help__subcmd__report_commands] )) ||
_zonec__subcmd__help__subcmd__report_commands() {
    local commands; commands=()
    _describe -t commands 'zonec help report commands' commands "$@"
}
(( $+functions[_zonec__subcmd__help__subcmd__verify_commands] )) ||
_zonec__subcmd__help__subcmd__verify_commands() {
    local commands; commands=()
    _describe -t commands 'zonec help verify commands' commands "$@"
}
(( $+functions[_zonec__subcmd__help__subcmd__which_commands] )) ||
_zonec__subcmd__help__subcmd__which_commands() {
    local commands; commands=()
    _describe -t commands 'zonec help which commands' commands "$@"
}
(( $+functions[_zonec__subcmd__man_commands] )) ||
_zonec__subcmd__man_commands() {
    local commands; commands=()
    _describe -t commands 'zonec man commands' commands "$@"
}
(( $+functions[_zonec__subcmd__matrix_commands] )) ||
_zonec__subcmd__matrix_commands() {
    local commands; commands=()
    _describe -t commands 'zonec matrix commands' commands "$@"
}
(( $+functions[_zonec__subcmd__report_commands] )) ||
_zonec__subcmd__report_commands() {
    local commands; commands=()
    _describe -t commands 'zonec report commands' commands "$@"
}
(( $+functions[_zonec__subcmd__verify_commands] )) ||
_zonec__subcmd__verify_commands() {
    local commands; commands=()
    _describe -t commands 'zonec verify commands' commands "$@"
}
(( $+functions[_zonec__subcmd__which_commands] )) ||
_zonec__subcmd__which_commands() {
    local commands; commands=()
    _describe -t commands 'zonec which commands' commands "$@"
}

if [ "$funcstack[1]" = "_zonec" ]; then
    _zonec "$@"
else
    compdef _zonec zonec
fi
