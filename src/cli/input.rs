//! Reading a command's input file the same way in every command: `-` is
//! standard input, and a path that cannot be read is a usage error (exit 2)
//! whose message names the path.

use std::io::Read;
use std::path::Path;

/// Exit status for a missing or unreadable input, the same in every command.
pub const UNREADABLE_INPUT: i32 = 2;

/// True for the `-` that names standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The bytes of `path` (or stdin for `-`); the error message names the path
/// and says what went wrong.
pub fn read_input(path: &Path) -> Result<Vec<u8>, String> {
    if is_stdin(path) {
        let mut buf = Vec::new();
        return std::io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map(|_| buf)
            .map_err(|e| format!("cannot read standard input: {e}"));
    }
    if path.is_dir() {
        return Err(format!(
            "{} is a folder; this command reads one file",
            path.display()
        ));
    }
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}
