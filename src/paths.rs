//! Paths: a file's identity, and how a path is shown to people.
//!
//! A file's identity is its `key`: the canonical absolute path, so
//! `corpus/a.txt`, `./corpus/a.txt` and `/home/me/corpus/a.txt` are one
//! file to the index however a run spells it. What a person sees is
//! [`shown`]: a key relative to a base directory when it lies under it, a
//! path as typed without its leading `./`. The base is a parameter (a
//! [`PathStyle`] set once per run), never read here behind the caller's
//! back, so a printer or a server shows paths relative to whatever base
//! its caller chose. It neither walks folders nor opens files.

use std::path::{Component, Path, PathBuf};

/// Where the paths shown to people are relative to. The CLI sets it once
/// per run to the working directory; a server would use its corpus root.
/// The default has no base: paths are shown as stored (or typed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathStyle {
    base: Option<PathBuf>,
}

impl PathStyle {
    /// Paths under `base` shown relative to it.
    pub fn relative_to(base: impl Into<PathBuf>) -> PathStyle {
        PathStyle {
            base: Some(base.into()),
        }
    }

    /// Paths shown relative to the working directory (as stored when it
    /// cannot be read).
    pub fn current_dir() -> PathStyle {
        PathStyle {
            base: std::env::current_dir().ok(),
        }
    }

    /// The base paths are shown relative to, if any.
    pub fn base(&self) -> Option<&Path> {
        self.base.as_deref()
    }

    /// `path` (a file key or a path as typed) as a person sees it.
    pub fn show(&self, path: impl AsRef<Path>) -> String {
        shown(path.as_ref(), self.base())
    }
}

/// `path` as a person sees it: relative to `base` when it lies strictly
/// under it, and without a leading `./` (a path as typed keeps the rest of
/// its spelling: `../x`, an absolute path outside `base`).
pub fn shown(path: &Path, base: Option<&Path>) -> String {
    let text = text_of(path);
    if let Some(base) = base {
        let base = text_of(base);
        let rest = text
            .strip_prefix(base.as_ref())
            .and_then(|rest| rest.strip_prefix('/'));
        if let Some(rest) = rest.filter(|rest| !rest.is_empty()) {
            return rest.to_string();
        }
    }
    text.strip_prefix("./").unwrap_or(&text).to_string()
}

/// `path` as text: its bytes that are not UTF-8 written `\xNN`, as
/// ripgrep shows them, so two names that differ only there stay two
/// (`to_string_lossy` would make both `\u{FFFD}`).
pub fn text_of(path: &Path) -> std::borrow::Cow<'_, str> {
    if let Some(text) = path.to_str() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::new();
    for chunk in path.as_os_str().as_encoded_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02X}"));
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The identity of `path`: canonical when it exists, else absolute with
/// `.` and `..` resolved by hand (a deleted file keeps the key it had).
/// Bytes that are not UTF-8 are `\xNN` in it (`text_of`).
pub fn key(path: &Path) -> String {
    if let Ok(canonical) = path.canonicalize() {
        return text_of(&canonical).into_owned();
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut clean = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    text_of(&clean).into_owned()
}

/// True when the file `key` lies in (or is) the walked `root` key.
pub fn is_under(key: &str, root: &str) -> bool {
    key == root
        || key
            .strip_prefix(root)
            .is_some_and(|rest| rest.starts_with('/') || root.ends_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_paths_relative_to_the_base() {
        let base = Some(Path::new("/home/me/news"));
        let cases = [
            // (path, base, shown)
            ("/home/me/news/corpus/a.txt", base, "corpus/a.txt"),
            ("/home/me/news", base, "/home/me/news"),
            ("/home/me/newsroom/a.txt", base, "/home/me/newsroom/a.txt"),
            ("/elsewhere/a.txt", base, "/elsewhere/a.txt"),
            ("./corpus/a.txt", base, "corpus/a.txt"),
            ("./corpus/a.txt", None, "corpus/a.txt"),
            ("../corpus/a.txt", None, "../corpus/a.txt"),
            (
                "/home/me/news/corpus/a.txt",
                None,
                "/home/me/news/corpus/a.txt",
            ),
            ("index", None, "index"),
        ];
        for (path, base, want) in cases {
            assert_eq!(shown(Path::new(path), base), want, "{path} from {base:?}");
        }
        let style = PathStyle::relative_to("/home/me/news");
        assert_eq!(style.show("/home/me/news/x.sgm"), "x.sgm");
        assert_eq!(
            PathStyle::default().show("/home/me/news/x.sgm"),
            "/home/me/news/x.sgm"
        );
    }

    #[cfg(unix)]
    #[test]
    fn stray_bytes_are_written_as_ripgrep_does() {
        use std::os::unix::ffi::OsStrExt;
        let name =
            |bytes: &[u8]| text_of(Path::new(std::ffi::OsStr::from_bytes(bytes))).into_owned();
        assert_eq!(name(b"caf\xc3\xa9.txt"), "caf\u{e9}.txt");
        assert_eq!(name(b"caf\xe9.txt"), "caf\\xE9.txt");
        assert_ne!(name(b"caf\xe9.txt"), name(b"caf\xe8.txt"));
        assert_eq!(name(b"a\xff\xfeb"), "a\\xFF\\xFEb");
    }

    #[test]
    fn keys_name_files_however_spelled() {
        assert!(is_under("/a/corpus/x.txt", "/a/corpus"));
        assert!(is_under("/a/corpus", "/a/corpus"));
        assert!(!is_under("/a/corpus2/x.txt", "/a/corpus"));
        let gone = key(Path::new("no-such-dir/../no-such-file.txt"));
        assert!(
            gone.ends_with("/no-such-file.txt") && !gone.contains(".."),
            "{gone}"
        );
        assert_eq!(key(Path::new("./src")), key(Path::new("src/../src")));
    }
}
