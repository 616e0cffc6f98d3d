//! What `build` tells the user it wrote: one status line per target (its
//! name, how many files it made, the directory they are in), and with `-v`
//! every file and its size. The lines go to standard error: they report on
//! the run, and `build`'s product is the directory, not standard output.

use crate::messages::{self, detail, status};
use std::path::{Component, Path};
use zonec_escape::terminal;
use zonec_targets::{Artifact, Target};

/// Print the listing of a build into `dir`: `made` counts the files of
/// each target, in the order of `artifacts` (which holds them all).
pub fn print(dir: &Path, made: &[(Target, usize)], artifacts: &[Artifact]) {
    let name_width = made.iter().map(|(t, _)| t.name().len()).max();
    let count_width = made.iter().map(|(_, n)| n.to_string().len()).max();
    let (name_width, count_width) = (name_width.unwrap_or(0), count_width.unwrap_or(0));
    let mut rest = artifacts;
    for (target, count) in made {
        let (mine, after) = rest.split_at((*count).min(rest.len()));
        rest = after;
        let place = shown(&dir.join(common_dir(mine)));
        status!(
            "  {:<name_width$} {count:>count_width$} file(s) in {place}",
            target.name()
        );
        for a in mine {
            detail!(
                "wrote {} ({})",
                shown(&dir.join(&a.path)),
                messages::size(a.contents.len())
            );
        }
    }
}

/// The deepest directory (relative) that holds every one of `artifacts`.
fn common_dir(artifacts: &[Artifact]) -> std::path::PathBuf {
    let dirs = artifacts.iter().map(|a| {
        let p = Path::new(&a.path);
        p.parent()
            .unwrap_or(Path::new(""))
            .components()
            .filter_map(|c| match c {
                Component::Normal(n) => Some(n),
                _ => None,
            })
            .collect::<Vec<_>>()
    });
    let common = dirs.reduce(|a, b| {
        let n = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        a.into_iter().take(n).collect()
    });
    common.unwrap_or_default().into_iter().collect()
}

fn shown(path: &Path) -> String {
    terminal::escape(&path.display().to_string()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn artifact(path: &str) -> Artifact {
        Artifact {
            path: path.to_string(),
            contents: String::new(),
            sha256: None,
        }
    }

    #[test]
    fn the_common_directory_of_a_targets_files() {
        let vlan = [
            artifact("vlan/ios.cfg"),
            artifact("vlan/networkd/a.network"),
        ];
        assert_eq!(common_dir(&vlan), Path::new("vlan"));
        let top = [artifact("a.txt"), artifact("b/c.txt")];
        assert_eq!(common_dir(&top), Path::new(""));
        assert_eq!(common_dir(&[]), Path::new(""));
    }
}
