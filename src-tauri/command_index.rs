//! The one list of the app's commands: every `#[tauri::command]` function
//! in `src/commands.rs`, read from the source with `syn`.
//!
//! Everything that must name the commands derives from this index, so a
//! command is written once, as a Rust function:
//! - `build.rs`: the handler list (`generate_handler!`), the app manifest
//!   and the main window's capability;
//! - `src/bindings.rs` (a test): the TypeScript signatures and wrappers in
//!   `ui/src/lib/bindings/commands.ts`.
//!
//! This file is compiled twice (by the build script and by the test), so it
//! uses nothing but `std` and `syn`; each of the two uses part of it.
#![allow(dead_code)]

use std::fmt;

/// One command as the page sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// The Rust function's name, which is the name the page invokes.
    pub name: String,
    /// The function's `///` doc, one string per line.
    pub doc: Vec<String>,
    /// What the page passes: (Rust parameter name, its type).
    pub args: Vec<(String, RustType)>,
    /// The `T` of `Result<T, IpcError>`.
    pub returns: RustType,
}

/// The shapes of Rust types a command may take or return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// `()`.
    Unit,
    /// A type with a fixed TypeScript name (`String`, `bool`, numbers).
    Primitive(&'static str),
    Option(Box<RustType>),
    Vec(Box<RustType>),
    /// A type exported by ts-rs under its own name.
    Named(String),
}

/// Why the index could not be read: the command is not of a shape the
/// generators understand. Says which command and what to change.
#[derive(Debug)]
pub struct IndexError(pub String);

impl fmt::Display for IndexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parameters Tauri fills itself: never part of what the page sends.
const INJECTED: &[&str] = &["State", "AppHandle", "Window", "WebviewWindow", "Webview"];

/// Reads the commands from the source text of `commands.rs`.
pub fn commands(source: &str) -> Result<Vec<Command>, IndexError> {
    let file = syn::parse_file(source)
        .map_err(|error| IndexError(format!("commands.rs does not parse: {error}")))?;
    let mut commands = Vec::new();
    for item in file.items {
        let syn::Item::Fn(function) = item else {
            continue;
        };
        if !function.attrs.iter().any(is_tauri_command) {
            continue;
        }
        commands.push(command(&function)?);
    }
    Ok(commands)
}

fn is_tauri_command(attr: &syn::Attribute) -> bool {
    let segments: Vec<String> = attr
        .path()
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    segments == ["tauri", "command"]
}

fn command(function: &syn::ItemFn) -> Result<Command, IndexError> {
    let name = function.sig.ident.to_string();
    if !matches!(function.vis, syn::Visibility::Public(_)) {
        return Err(IndexError(format!("command `{name}` must be `pub`")));
    }
    let mut args = Vec::new();
    for input in &function.sig.inputs {
        let syn::FnArg::Typed(typed) = input else {
            return Err(IndexError(format!("command `{name}` takes `self`")));
        };
        if is_injected(&typed.ty) {
            continue;
        }
        let syn::Pat::Ident(ident) = &*typed.pat else {
            return Err(IndexError(format!(
                "command `{name}`: every parameter needs a plain name"
            )));
        };
        let ty = rust_type(&typed.ty).map_err(|why| {
            IndexError(format!(
                "command `{name}`, parameter `{}`: {why}",
                ident.ident
            ))
        })?;
        args.push((ident.ident.to_string(), ty));
    }
    let returns = match &function.sig.output {
        syn::ReturnType::Type(_, ty) => ok_type_of_result(ty),
        syn::ReturnType::Default => None,
    }
    .ok_or_else(|| {
        IndexError(format!(
            "command `{name}` must return `Result<T, IpcError>`, so the page gets {{code, message}} on failure"
        ))
    })?
    .map_err(|why| IndexError(format!("command `{name}`, result: {why}")))?;
    Ok(Command {
        name,
        doc: doc_lines(&function.attrs),
        args,
        returns,
    })
}

fn is_injected(ty: &syn::Type) -> bool {
    last_segment(ty).is_some_and(|segment| INJECTED.contains(&segment.ident.to_string().as_str()))
}

fn last_segment(ty: &syn::Type) -> Option<&syn::PathSegment> {
    match ty {
        syn::Type::Path(path) => path.path.segments.last(),
        syn::Type::Reference(reference) => last_segment(&reference.elem),
        _ => None,
    }
}

/// `Result<T, IpcError>` → `T`.
fn ok_type_of_result(ty: &syn::Type) -> Option<Result<RustType, String>> {
    let segment = last_segment(ty)?;
    if segment.ident != "Result" {
        return None;
    }
    let [ok, error] = generic_arguments(segment)[..] else {
        return None;
    };
    let is_ipc_error = last_segment(error).is_some_and(|s| s.ident == "IpcError");
    is_ipc_error.then(|| rust_type(ok))
}

fn generic_arguments(segment: &syn::PathSegment) -> Vec<&syn::Type> {
    match &segment.arguments {
        syn::PathArguments::AngleBracketed(angle) => angle
            .args
            .iter()
            .filter_map(|arg| match arg {
                syn::GenericArgument::Type(ty) => Some(ty),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn rust_type(ty: &syn::Type) -> Result<RustType, String> {
    if let syn::Type::Tuple(tuple) = ty {
        return if tuple.elems.is_empty() {
            Ok(RustType::Unit)
        } else {
            Err("tuples do not cross IPC: name a struct".into())
        };
    }
    let segment = last_segment(ty).ok_or("only named types cross IPC")?;
    let ident = segment.ident.to_string();
    let primitive = match ident.as_str() {
        "String" | "str" => Some("string"),
        "bool" => Some("boolean"),
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "f32" | "f64" | "usize"
        | "isize" => Some("number"),
        _ => None,
    };
    if let Some(ts) = primitive {
        return Ok(RustType::Primitive(ts));
    }
    match (ident.as_str(), &generic_arguments(segment)[..]) {
        ("Option", [inner]) => Ok(RustType::Option(Box::new(rust_type(inner)?))),
        ("Vec", [inner]) => Ok(RustType::Vec(Box::new(rust_type(inner)?))),
        (_, []) => Ok(RustType::Named(ident)),
        _ => Err(format!("`{ident}<…>` is not a shape the bindings know")),
    }
}

fn doc_lines(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"))
        .filter_map(|attr| match &attr.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                value:
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(text),
                        ..
                    }),
                ..
            }) => Some(text.value().trim().to_owned()),
            _ => None,
        })
        .collect()
}

/// `sign_in` → `sign-in`: the permission Tauri makes for a command is
/// `allow-<kebab name>`.
pub fn kebab(name: &str) -> String {
    name.replace('_', "-")
}

/// `base_url` → `baseUrl`: how Tauri names a parameter on the page's side.
pub fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}
