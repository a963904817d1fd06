//! TOML schema files to the canonical model, with spans for every error.
//! (Skeleton: implemented by the parse work.)

use crate::schema::{Diagnostics, ParsedSchema};
use std::path::Path;

/// Reads every `*.toml` in `dir` (in path order) into one canonical model.
pub fn load_dir(dir: &Path) -> Result<ParsedSchema, Diagnostics> {
    let _ = dir;
    unimplemented!("schema parsing")
}
