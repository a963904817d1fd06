//! HTML and SVG escaping: every piece of user-written text (names, comments, expressions,
//! defaults, enum values) goes through here before it reaches a page or a diagram.

use std::fmt::Write as _;

/// Appends `text` to `out` with `&`, `<`, `>`, `"` and `'` replaced by entities, so it is safe
/// both as element content and inside a quoted attribute. Control characters other than tab
/// and newline, which XML 1.0 forbids in an SVG file, are written as `U+XXXX`.
pub fn push(out: &mut String, text: &str) {
    // Most names need nothing: copy them whole. 0xC2 may start a C1 control character.
    let plain = |b: &u8| {
        !matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | 0x7f | 0xc2)
            && (*b >= 0x20 || *b == b'\t' || *b == b'\n')
    };
    if text.as_bytes().iter().all(plain) {
        out.push_str(text);
        return;
    }
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(ch),
            c if c.is_control() => {
                let _ = write!(out, "U+{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
}

/// `text` escaped as by [`push`].
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            html(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(html("plain_name"), "plain_name");
        assert_eq!(html("é ü 中"), "é ü 中");
    }

    #[test]
    fn control_characters_become_visible_code_points() {
        assert_eq!(html("a\u{0}b\u{1b}c\nd"), "aU+0000bU+001Bc\nd");
        assert_eq!(html("x\u{85}y\u{7f}"), "xU+0085yU+007F");
        assert_eq!(
            html("\u{c2}\u{a0}é"),
            "\u{c2}\u{a0}é",
            "Â and a no-break space are text"
        );
    }
}
