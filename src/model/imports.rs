//! The import table of one file: which import path a package name stands for,
//! with aliases (`stdctx "context"`), dot-imports and blank imports. Rules ask
//! `Imports` (or `model::resolve`, which adds scoping) and never read import
//! declarations themselves. `import_paths` reads the paths from the bytes alone, for
//! the prefilter and the module probes that run before parsing.

use std::collections::HashMap;

use tree_sitter::Node;

use super::{kinds, syntax};
use crate::model::fields::Fields;

/// One file's imports.
#[derive(Debug, Default, Clone)]
pub struct Imports {
    /// Local package name -> import path.
    by_name: HashMap<String, String>,
    /// Paths imported with `.`.
    dot: Vec<String>,
}

impl Imports {
    /// Reads every `import` declaration at the top of a file.
    pub fn from_file(root: Node<'_>, source: &str) -> Self {
        let mut imports = Imports::default();
        for decl in syntax::named_children(root) {
            match decl.kind() {
                kinds::IMPORT_DECLARATION => {}
                kinds::PACKAGE_CLAUSE => continue,
                _ => break,
            }
            for spec in syntax::declaration_specs(decl, kinds::IMPORT_SPEC) {
                imports.add_spec(spec, source);
            }
        }
        imports
    }

    fn add_spec(&mut self, spec: Node<'_>, source: &str) {
        let Some(path_node) = spec.field("path") else {
            return;
        };
        let path = syntax::text(path_node, source).trim_matches(|c| c == '"' || c == '`');
        if path.is_empty() {
            return;
        }
        match spec.field("name") {
            Some(name) if name.kind() == "dot" => self.dot.push(path.to_string()),
            Some(name) if name.kind() == "blank_identifier" => {}
            Some(name) => {
                self.by_name
                    .insert(syntax::text(name, source).to_string(), path.to_string());
            }
            None => {
                self.by_name
                    .insert(default_name(path).to_string(), path.to_string());
            }
        }
    }

    /// The import path a package name stands for in this file, if it names an import.
    pub fn path_of(&self, name: &str) -> Option<&str> {
        self.by_name.get(name).map(String::as_str)
    }

    /// True when the file imports `path` under any name, including `.`.
    /// Every (name, path) of the file's named and default-named imports.
    pub fn named(&self) -> impl Iterator<Item = (&str, &str)> {
        self.by_name.iter().map(|(n, p)| (n.as_str(), p.as_str()))
    }

    pub fn imports(&self, path: &str) -> bool {
        self.dot_imports(path) || self.by_name.values().any(|p| p == path)
    }

    /// True when the file imports `path` with `.`.
    pub fn dot_imports(&self, path: &str) -> bool {
        self.dot.iter().any(|p| p == path)
    }

    /// Paths imported with `.`.
    pub fn dot_paths(&self) -> impl Iterator<Item = &str> {
        self.dot.iter().map(String::as_str)
    }
}

/// The name a package is known by when imported without an alias. Go takes it from
/// the package clause, which a syntax-only tool cannot read, so this follows the
/// convention: the last path element, skipping a `vN` major-version suffix, without
/// a `.vN` (gopkg.in) suffix or a `go-` prefix.
pub fn default_name(path: &str) -> &str {
    let mut parts = path.rsplit('/');
    let mut last = parts.next().unwrap_or(path);
    if is_major_version(last)
        && let Some(previous) = parts.next()
    {
        last = previous;
    }
    if let Some((name, version)) = last.rsplit_once('.')
        && is_major_version(version)
    {
        last = name;
    }
    let last = last.strip_prefix("go-").unwrap_or(last);
    // `opentracing-go` is package `opentracing`, `nats.go` is `nats`.
    last.strip_suffix("-go")
        .or_else(|| last.strip_suffix(".go"))
        .filter(|name| !name.is_empty())
        .unwrap_or(last)
}

fn is_major_version(part: &str) -> bool {
    part.len() > 1 && part.starts_with('v') && part[1..].bytes().all(|b| b.is_ascii_digit())
}

/// The paths the file's import declarations name (`import "path"`, `import alias
/// "path"`, and the spec lines of `import ( ... )` blocks), read line by line without
/// parsing: an import in a block comment counts too, which only costs time, never a
/// finding. Non-UTF-8 paths are left out.
pub fn import_paths(text: &[u8]) -> Vec<&str> {
    let mut paths = Vec::new();
    let mut in_block = false;
    let mut in_comment = false;
    for line in text.split(|&b| b == b'\n') {
        let line = line.trim_ascii_start();
        if in_block {
            if line.starts_with(b")") {
                in_block = false;
                continue;
            }
            specs(line, &mut paths);
            continue;
        }
        // Imports come before every other declaration: the first one ends the search
        // (unless it sits in a block comment).
        if memchr::memmem::find(line, b"/*").is_some() {
            in_comment = memchr::memmem::rfind(line, b"*/") < memchr::memmem::rfind(line, b"/*");
        } else if in_comment && memchr::memmem::find(line, b"*/").is_some() {
            in_comment = false;
        }
        if !in_comment && starts_declaration(line) {
            break;
        }
        let Some(rest) = line.strip_prefix(b"import") else {
            continue;
        };
        let rest = rest.trim_ascii_start();
        if let Some(inner) = rest.strip_prefix(b"(") {
            in_block = !inner.contains(&b')');
            specs(inner, &mut paths);
        } else {
            paths.extend(spec_path(rest));
        }
    }
    paths
}

/// True when a line starts a declaration other than an import (`func`, `type`, `var`,
/// `const`).
fn starts_declaration(line: &[u8]) -> bool {
    ["func", "type", "var", "const"].iter().any(|keyword| {
        line.strip_prefix(keyword.as_bytes()).is_some_and(|rest| {
            rest.first()
                .is_some_and(|&b| b == b' ' || b == b'\t' || b == b'(')
        })
    })
}

/// The specs of one line of an import block, `;`-separated when there are several.
fn specs<'t>(line: &'t [u8], paths: &mut Vec<&'t str>) {
    for spec in line.split(|&b| b == b';') {
        paths.extend(spec_path(spec.trim_ascii_start()));
    }
}

/// The path of one import spec, `"path"` or `alias "path"`.
fn spec_path(spec: &[u8]) -> Option<&str> {
    let mut spec = spec;
    if !spec.starts_with(b"\"") && !spec.starts_with(b"`") {
        // An alias first: `name "path"`, `_ "path"`, `. "path"`.
        let alias_end = spec
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'.'))
            .unwrap_or(spec.len());
        if alias_end == 0 {
            return None;
        }
        spec = spec[alias_end..].trim_ascii_start();
    }
    let &quote = spec.first().filter(|&&q| q == b'"' || q == b'`')?;
    let rest = &spec[1..];
    let end = rest.iter().position(|&b| b == quote)?;
    std::str::from_utf8(&rest[..end])
        .ok()
        .filter(|path| !path.is_empty())
}

#[cfg(test)]
mod tests {

    #[test]
    fn import_paths_are_read_up_to_the_first_other_declaration() {
        let text = "package p\n\n/*\nfunc example() {}\n*/\nimport \"a/b\"\nimport (\n\tc \"c/d\"; \"e\"\n)\n\nfunc f() {}\n\nimport \"not/read\"\n";
        assert_eq!(super::import_paths(text.as_bytes()), ["a/b", "c/d", "e"]);
    }
    use super::*;
    use crate::model::syntax::test_support::parse;

    #[test]
    fn reads_aliases_dots_and_defaults() {
        let src = r#"package p

import "fmt"
import (
	stdctx "context"
	. "sync"
	_ "embed"
	"github.com/x/y/v2"
	"gopkg.in/yaml.v3"
)

func f() {}
"#;
        let tree = parse(src);
        let imports = Imports::from_file(tree.root_node(), src);
        assert_eq!(imports.path_of("stdctx"), Some("context"));
        assert_eq!(imports.path_of("context"), None);
        assert_eq!(imports.path_of("fmt"), Some("fmt"));
        assert_eq!(imports.path_of("y"), Some("github.com/x/y/v2"));
        assert_eq!(imports.path_of("yaml"), Some("gopkg.in/yaml.v3"));
        assert!(imports.dot_imports("sync"));
        assert!(imports.imports("context"));
        assert!(!imports.imports("embed"));
    }

    #[test]
    fn default_names_follow_go_conventions() {
        assert_eq!(default_name("context"), "context");
        assert_eq!(default_name("go.opentelemetry.io/otel/trace"), "trace");
        assert_eq!(default_name("github.com/go-redis/redis/v8"), "redis");
        assert_eq!(default_name("gopkg.in/yaml.v2"), "yaml");
        assert_eq!(
            default_name("github.com/opentracing/opentracing-go"),
            "opentracing"
        );
    }
}
