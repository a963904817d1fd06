//! `strata docs`: golden output for a small project (site and Mermaid), determinism, escaping
//! of hostile names, splitting a large schema into diagrams, a database's states and drift,
//! refusals, and the example project's site rendered in headless Chromium.

use crate::support::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The golden project: `tests/docs_golden/library/project`, its expected site in `expected/`.
fn golden_dir() -> PathBuf {
    repo_root().join("tests/docs_golden/library")
}

/// Every file below `dir`, relative, sorted, with its contents.
fn read_tree(dir: &Path) -> Vec<(String, String)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                let relative = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push((relative, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Runs `strata docs` on `project` into a fresh `<tmp>/site` and returns the site's files.
fn docs_of(project: &Path, tmp: &TempProject, extra: &[&str]) -> (Run, Vec<(String, String)>) {
    let out = tmp.path().join("site");
    let mut args = vec!["docs", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let run = strata_in(project, &args, &[]);
    run.expect_code(0);
    (run, read_tree(&out))
}

/// Compares `actual` with the golden file, or rewrites it under UPDATE_GOLDEN=1.
fn compare_or_update(path: &Path, actual: &str, failures: &mut Vec<String>) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected != actual {
        let diff = similar::TextDiff::from_lines(&expected, actual)
            .unified_diff()
            .header("expected", "actual")
            .to_string();
        failures.push(format!("{}:\n{diff}", path.display()));
    }
}

#[test]
fn docs_site_and_mermaid_match_the_golden_files() {
    let project = golden_dir().join("project");
    let tmp = TempProject::new();
    let (run, site) = docs_of(&project, &tmp, &["--title", "Library"]);
    assert!(run.stdout.contains("4 migrations"), "{}", run.stdout);
    let expected_dir = golden_dir().join("expected");
    let mut failures = Vec::new();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let _ = std::fs::remove_dir_all(expected_dir.join("site"));
    }
    for (name, contents) in &site {
        compare_or_update(
            &expected_dir.join("site").join(name),
            contents,
            &mut failures,
        );
    }
    let expected_names: Vec<String> = read_tree(&expected_dir.join("site"))
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    let names: Vec<String> = site.iter().map(|(name, _)| name.clone()).collect();
    assert_eq!(names, expected_names, "the site's files");

    let mermaid = strata_in(&project, &["docs", "--mermaid"], &[]);
    mermaid.expect_code(0);
    compare_or_update(
        &expected_dir.join("mermaid.mmd"),
        &mermaid.stdout,
        &mut failures,
    );
    assert!(
        failures.is_empty(),
        "golden files differ (UPDATE_GOLDEN=1 cargo test docs_site rewrites them):\n{}",
        failures.join("\n")
    );
}

#[test]
fn docs_show_history_hazards_and_pending_changes() {
    let tmp = TempProject::new();
    let (_, site) = docs_of(&golden_dir().join("project"), &tmp, &[]);
    let history = &site.iter().find(|(n, _)| n == "history.html").unwrap().1;
    for expected in [
        "column authors.born: removed",
        "deletes-data",
        "blocking-lock",
        "No schema change: a hand-written migration",
        "Not yet generated",
        "column members.nickname: added",
        "No database was given",
    ] {
        assert!(history.contains(expected), "history lacks {expected:?}");
    }
    let index = &site.iter().find(|(n, _)| n == "index.html").unwrap().1;
    for expected in [
        "data-table=\"books\"",
        "data-table=\"audit.events\"",
        "id=\"t-audit.events\"",
        "id=\"e-loan_status\"",
        "Referenced by",
        "<code>lower(title)</code>, <code>isbn DESC</code>",
    ] {
        assert!(index.contains(expected), "index lacks {expected:?}");
    }
}

#[test]
fn docs_output_is_byte_identical_between_runs() {
    let (a, b) = (TempProject::new(), TempProject::new());
    let (_, first) = docs_of(&repo_root(), &a, &[]);
    let (_, second) = docs_of(&repo_root(), &b, &[]);
    assert!(first.len() >= 4);
    assert_eq!(first, second);
    // Run again over the same directory: replaced, not refused.
    let out = a.path().join("site");
    strata_in(&repo_root(), &["docs", "--out", out.to_str().unwrap()], &[]).expect_code(0);
    assert_eq!(read_tree(&out), first);
}

/// Names and texts that would break a page, a diagram or a script context if not escaped.
const HOSTILE: &str = r#"
[enum."<b>mood</b>"]
values = ["<i>", "a&b", "\"q\""]

[table."<script>x</script>"]
comment = "Tom & Jerry's \"quote\" </p><script>alert(2)</script>"

[table."<script>x</script>".columns]
id      = { type = "integer", primary_key = true }
"a\"b"  = { type = "text", comment = "<img src=x onerror=alert(3)>" }
"m&m"   = { type = "<b>mood</b>", default = "a&b" }
"self"  = { type = "integer", references = "<script>x</script>(id)" }

[table."<script>x</script>".checks]
"c<1>" = "\"a\"\"b\" <> '</script>&'"

[table."<script>x</script>".indexes]
"i<x>" = { columns = ["lower(\"a\"\"b\")"], where = "\"a\"\"b\" <> '<svg onload=alert(4)>'" }
"#;

#[test]
fn docs_escape_hostile_names_everywhere() {
    let project = TempProject::with_schema(&[("hostile.toml", HOSTILE)]);
    project
        .strata(&["generate", "--name", "x<y>"])
        .expect_code(0);
    let (run, site) = docs_of(project.path(), &project, &[]);
    assert!(site.iter().any(|(n, _)| n == "index.html"));
    // Counts in the right number ("1 migrations" before).
    assert!(
        run.stdout
            .starts_with("Wrote the documentation of 1 table and 1 migration to "),
        "{}",
        run.stdout
    );
    for (name, contents) in &site {
        for raw in ["<script", "<img", "<b>", "<i>", "<svg onload", "</p><"] {
            assert!(
                !contents.contains(raw),
                "{name} holds the raw {raw:?}: user text reached it unescaped"
            );
        }
    }
    let index = &site.iter().find(|(n, _)| n == "index.html").unwrap().1;
    assert!(index.contains("&lt;script&gt;x&lt;/script&gt;"));
    assert!(index.contains("Tom &amp; Jerry&#39;s &quot;quote&quot;"));
    assert!(index.contains("data-table=\"&lt;script&gt;x&lt;/script&gt;\""));
    let mermaid = project.strata(&["docs", "--mermaid"]);
    mermaid.expect_code(0);
    for line in mermaid.stdout.lines().skip(1) {
        assert!(line.starts_with("    "), "a name broke a line: {line:?}");
        assert_eq!(
            line.matches('"').count() % 2,
            0,
            "unbalanced quotes in {line:?}"
        );
    }
}

#[test]
fn docs_split_a_large_schema_into_diagrams_with_an_index() {
    // 260 tables: a binary tree of foreign keys (one connected group) and 20 loose tables.
    let mut toml = String::new();
    for i in 0..240 {
        toml.push_str(&format!(
            "[table.t{i:03}.columns]\nid = {{ type = \"bigint\", primary_key = true }}\n"
        ));
        if i > 0 {
            toml.push_str(&format!(
                "parent_id = {{ type = \"bigint\", references = \"t{:03}(id)\" }}\n",
                (i - 1) / 2
            ));
        }
    }
    for i in 0..20 {
        toml.push_str(&format!(
            "[table.\"extra.loose{i:02}\".columns]\nid = {{ type = \"integer\" }}\n"
        ));
    }
    let project = TempProject::with_schema(&[("big.toml", &toml)]);
    let (_, site) = docs_of(project.path(), &project, &[]);
    let index = &site.iter().find(|(n, _)| n == "index.html").unwrap().1;
    assert!(index.contains("id=\"diagrams\""), "the index of diagrams");
    let pages: Vec<&(String, String)> = site
        .iter()
        .filter(|(n, _)| n.starts_with("diagram-") && n.ends_with(".html"))
        .collect();
    assert!(pages.len() >= 6, "{} diagram pages", pages.len());
    let mut drawn: Vec<String> = Vec::new();
    for (name, page) in &pages {
        let cards = page.matches("data-table=\"").count();
        assert!(cards <= 50, "{name} draws {cards} tables");
        assert!(
            index.contains(&format!("href=\"{name}\"")),
            "index links {name}"
        );
        for part in page.split("data-table=\"").skip(1) {
            drawn.push(part.split('"').next().unwrap().to_string());
        }
        let svg = name.replace(".html", ".svg");
        assert!(site.iter().any(|(n, _)| n == &svg), "{svg} is written");
    }
    drawn.sort();
    let mut expected: Vec<String> = (0..240).map(|i| format!("t{i:03}")).collect();
    expected.extend((0..20).map(|i| format!("extra.loose{i:02}")));
    expected.sort();
    assert_eq!(drawn, expected, "every table drawn exactly once");
    // A table whose parent is on another diagram shows it as a link to that diagram.
    assert!(
        pages
            .iter()
            .any(|(_, page)| page.contains("class=\"stub\""))
    );
}

#[test]
fn docs_with_a_database_show_states_and_drift_without_the_password() {
    let db = TestDb::new();
    let url = format!("{} password=hunter2", db.url());
    strata_in(
        &repo_root(),
        &["migrate", "--to", "0003_college_branches_junction"],
        &[("DATABASE_URL", url.as_str())],
    )
    .expect_code(0);
    db.execute("ALTER TABLE posts ADD COLUMN extra integer; DROP INDEX posts_visibility_idx");
    let tmp = TempProject::new();
    let out = tmp.path().join("site");
    let run = strata_in(
        &repo_root(),
        &["docs", "--out", out.to_str().unwrap()],
        &[("DATABASE_URL", url.as_str())],
    );
    run.expect_code(0);
    let site = read_tree(&out);
    let history = &site.iter().find(|(n, _)| n == "history.html").unwrap().1;
    assert!(history.contains("4 applied, 2 pending"), "{history}");
    assert!(history.contains("<span class=\"state pending\">pending</span>"));
    assert!(
        history.contains("The database differs from <code>0003_college_branches_junction</code>")
    );
    assert!(history.contains("column posts.extra: added"), "{history}");
    assert!(history.contains("index posts.posts_visibility_idx: removed"));
    assert!(history.contains("password=****"));
    for (name, contents) in &site {
        assert!(!contents.contains("hunter2"), "{name} shows the password");
    }
    assert!(!run.stdout.contains("hunter2") && !run.stderr.contains("hunter2"));

    // --offline leaves the database out although DATABASE_URL is set.
    let offline = tmp.path().join("offline");
    strata_in(
        &repo_root(),
        &["docs", "--offline", "--out", offline.to_str().unwrap()],
        &[("DATABASE_URL", url.as_str())],
    )
    .expect_code(0);
    assert!(
        std::fs::read_to_string(offline.join("history.html"))
            .unwrap()
            .contains("No database was given")
    );
}

#[test]
fn docs_refuse_bad_input_and_write_nothing() {
    let tmp = TempProject::new();
    let out = tmp.path().join("site");
    let out_arg = out.to_str().unwrap();

    let bad = TempProject::with_schema(&[(
        "a.toml",
        "[table.t.columns]\nid = { type = \"integer\", not_nul = true }\n",
    )]);
    let run = bad.strata(&["docs", "--out", out_arg]);
    run.expect_code(2);
    assert!(run.stderr.contains("not_nul"), "{}", run.stderr);
    assert!(!out.exists(), "nothing written for a bad schema");

    // A directory strata did not write is not replaced.
    let mine = tmp.path().join("mine");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("notes.txt"), "keep me").unwrap();
    let run = strata_in(
        &repo_root(),
        &["docs", "--out", mine.to_str().unwrap()],
        &[],
    );
    run.expect_code(2);
    assert!(
        run.stderr.contains("not written by strata docs"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(mine.join("notes.txt")).unwrap(),
        "keep me"
    );
    assert_eq!(std::fs::read_dir(&mine).unwrap().count(), 1);

    // An unreachable database is a database failure (3), its password masked, nothing written.
    let run = strata_in(
        &repo_root(),
        &[
            "docs",
            "--out",
            out_arg,
            "--database-url",
            "postgres://someone:hunter2@127.0.0.1:1/nowhere",
        ],
        &[],
    );
    run.expect_code(3);
    assert!(!run.stderr.contains("hunter2"), "{}", run.stderr);
    assert!(!out.exists());

    strata_in(&repo_root(), &["docs", "--mermaid", "--out", out_arg], &[]).expect_code(2);
}

// ----- headless Chromium -----

const INSTALL: &str = "apt-get install -y chromium";

/// The Chromium binary: `chromium` (Debian), else `chromium-browser` or `google-chrome`.
/// Missing, the test fails and says how to install it: it never skips.
fn chromium() -> &'static str {
    for candidate in ["chromium", "chromium-browser", "google-chrome"] {
        let found = Command::new(candidate)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if found {
            return candidate;
        }
    }
    panic!(
        "this test renders the docs in headless Chromium, which is not installed: run `{INSTALL}`"
    );
}

/// Runs headless Chromium with a fresh profile and `args`, killing it after a minute; its
/// standard output and error.
fn run_chromium(profile: &Path, args: &[String]) -> (String, String) {
    let mut command = Command::new(chromium());
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args);
    // Files, not pipes: a page's DOM is more than a pipe holds while nobody reads it.
    let (stdout, stderr) = (
        profile.with_extension("stdout"),
        profile.with_extension("stderr"),
    );
    command
        .stdout(std::fs::File::create(&stdout).unwrap())
        .stderr(std::fs::File::create(&stderr).unwrap());
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("starting chromium: {e}; {INSTALL}"));
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish within a minute");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    (
        std::fs::read_to_string(&stdout).unwrap(),
        std::fs::read_to_string(&stderr).unwrap(),
    )
}

/// The share of pixels that are not (nearly) white, and the number of distinct colours.
fn ink(png_path: &Path) -> (f64, usize) {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buffer).unwrap();
    let channels = info.color_type.samples();
    let pixels = &buffer[..info.buffer_size()];
    let mut colours = std::collections::BTreeSet::new();
    let mut inked = 0usize;
    let count = pixels.len() / channels;
    for pixel in pixels.chunks(channels) {
        let rgb = (pixel[0], pixel[1 % channels], pixel[2 % channels]);
        colours.insert(rgb);
        if rgb.0 < 235 || rgb.1 < 235 || rgb.2 < 235 {
            inked += 1;
        }
    }
    (inked as f64 / count as f64, colours.len())
}

#[test]
fn docs_render_in_headless_chromium_with_every_table() {
    let tmp = TempProject::new();
    let (_, site) = docs_of(&repo_root(), &tmp, &[]);
    let index = tmp.path().join("site/index.html");
    let profile = tmp.path().join("chromium-profile");

    let shot = tmp.path().join("index.png");
    let run = run_chromium(
        &profile,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1400,1000".to_string(),
            format!("file://{}", index.display()),
        ],
    );
    assert!(shot.exists(), "no screenshot: {}", run.1);
    let (share, colours) = ink(&shot);
    assert!(
        share > 0.05,
        "the page looks blank: {:.1}% inked",
        share * 100.0
    );
    assert!(colours > 16, "the page has only {colours} colours");

    // The standalone SVG renders too.
    let svg_shot = tmp.path().join("erd.png");
    run_chromium(
        &profile,
        &[
            format!("--screenshot={}", svg_shot.display()),
            "--window-size=1600,1200".to_string(),
            format!("file://{}", tmp.path().join("site/erd.svg").display()),
        ],
    );
    let (share, _) = ink(&svg_shot);
    assert!(
        share > 0.05,
        "the diagram looks blank: {:.1}% inked",
        share * 100.0
    );

    // The DOM Chromium built holds, inside the diagram, a card for every table of the schema.
    let dom = run_chromium(
        &profile,
        &[
            "--dump-dom".to_string(),
            format!("file://{}", index.display()),
        ],
    );
    let dom = dom.0;
    let start = dom.find("<svg").expect("an inline SVG in the page");
    let end = dom[start..].find("</svg>").expect("the SVG is closed") + start;
    let svg = &dom[start..end];
    let schema = parse_dir(&repo_root().join("schema")).schema;
    assert!(!schema.tables.is_empty());
    for table in &schema.tables {
        let card = format!("data-table=\"{}\"", table.name);
        assert_eq!(
            svg.matches(&card).count(),
            1,
            "the diagram draws {} once",
            table.name
        );
    }
    assert!(site.iter().any(|(n, _)| n == "erd.svg"));
}
