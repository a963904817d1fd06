//! Extensions: a list on the overview.

use super::{Site, code, section};

/// The extensions the schema creates.
pub(super) fn overview(site: &Site) -> Option<String> {
    let extensions = &site.schema.extensions;
    if extensions.is_empty() {
        return None;
    }
    let mut body = String::from("<ul class=\"inline\">\n");
    for extension in extensions {
        body.push_str("<li>");
        let mut label = extension.name.clone();
        if let Some(schema) = &extension.schema {
            label.push_str(&format!(" (in {schema})"));
        }
        if let Some(version) = &extension.version {
            label.push_str(&format!(" {version}"));
        }
        code(&mut body, &label);
        body.push_str("</li>\n");
    }
    body.push_str("</ul>\n");
    Some(section("extensions", "Extensions", extensions.len(), &body))
}
