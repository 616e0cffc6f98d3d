//! Text safety: the one place that decides how text from a policy is
//! written into each output language.
//!
//! Every string a policy carries (names, reasons, tickets, descriptions,
//! citations, VLAN, VNet and network names) is hostile in every output: a
//! `"` ends an nft string, `${` starts a Terraform template, a newline
//! starts a new IOS command, ESC redraws a reviewer's terminal and a
//! bidirectional override makes a file read differently to a person than
//! to its parser. Each output language has one submodule here, whose doc
//! says what that language's parser does with dangerous text and the rule
//! zonec follows; nothing writes user text into an output another way.
//!
//! [`chars`] classifies the characters that are dangerous everywhere and
//! [`mod@line`] folds free text to one line of a budget; the languages:
//!
//! | output | module |
//! |---|---|
//! | nftables ruleset | [`nft`] |
//! | IOS VLAN config | [`ios`] |
//! | Junos VLAN config | [`junos`] |
//! | systemd-networkd units | [`networkd`] |
//! | Terraform JSON (AWS, Azure, GCP) | [`terraform`] |
//! | CloudFormation JSON | [`cloudformation`] |
//! | cloud provider descriptions | [`cloud`] |
//! | HTML report | [`html`] |
//! | SVG graph | [`xml`] |
//! | DOT graph | [`dot`] |
//! | Markdown diff | [`markdown`] |
//! | GitHub annotations | [`github`] |
//! | CSV matrix | [`csv`] |
//! | shell script (nftables flush) | [`shell`] |
//! | terminal (diagnostics, explain, matrix, diff) | [`terminal`] |
//! | the policy language (`zonec fmt`) | [`zones`] |

pub mod chars;
pub mod cloud;
pub mod cloudformation;
pub mod csv;
pub mod dot;
pub mod github;
pub mod html;
pub mod ios;
pub mod junos;
pub mod line;
pub mod markdown;
pub mod networkd;
pub mod nft;
pub mod shell;
pub mod terminal;
pub mod terraform;
pub mod xml;
pub mod zones;
