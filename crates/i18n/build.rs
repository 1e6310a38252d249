//! Embeds every catalogue file `locales/<language>/*.ftl` at the
//! repository root, so that adding a file (a new area of the app) needs no
//! code change: the page loads the same directory through Vite.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../locales");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    for language in std::fs::read_dir(&root).expect("the locales directory") {
        let language = language.expect("a locales entry").path();
        if !language.is_dir() {
            continue;
        }
        println!("cargo:rerun-if-changed={}", language.display());
        for file in std::fs::read_dir(&language).expect("a language directory") {
            let file = file.expect("a catalogue entry").path();
            if file.extension().is_some_and(|ext| ext == "ftl") {
                println!("cargo:rerun-if-changed={}", file.display());
                let tag = language.file_name().unwrap().to_string_lossy().into_owned();
                let name = file.file_name().unwrap().to_string_lossy().into_owned();
                let path = file.canonicalize().expect("a catalogue path");
                files.push((tag, name, path));
            }
        }
    }
    // A stable order: the same build gives the same binary.
    files.sort();
    let mut out = String::from("/// (language, file name, contents) of every catalogue file.\n");
    out.push_str("pub const CATALOGUE_FILES: &[(&str, &str, &str)] = &[\n");
    for (tag, name, path) in files {
        writeln!(
            out,
            "    ({tag:?}, {name:?}, include_str!({:?})),",
            path.display()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").unwrap()).join("catalogues.rs");
    std::fs::write(target, out).expect("writing catalogues.rs");
}
