//! The HTML report in a real browser: headless Chromium opens the page, takes a screenshot,
//! and the test fails if the page is blank or the browser's console shows anything. The page
//! has no script, so every console message Chromium writes for it is the browser's own
//! complaint (a blocked load, a Content-Security-Policy violation, a parse error); the
//! detector is proved on pages that do raise one. Without `chromium` the tests skip with a
//! note, except under `CI=true`, where they fail.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The browser, if installed.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// The browser, or None after a note; under `CI=true` a missing browser fails the test.
fn require_chromium() -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("chromium is not installed: .ci/run installs Debian's `chromium` package");
        }
        eprintln!(
            "skipped: chromium is not installed (apt-get install chromium fonts-dejavu-core)"
        );
    }
    found
}

/// What the browser made of a page.
struct Shot {
    /// (width, height, RGB pixels).
    image: (u32, u32, Vec<[u8; 3]>),
    /// The console messages Chromium logged.
    console: Vec<String>,
}

/// Opens `page` in headless Chromium at `width` x `height` and takes a screenshot.
fn open(browser: &Path, page: &Path, width: u32, height: u32) -> Shot {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("shot.png");
    let profile = dir.path().join("profile");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--window-size={width},{height}"))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let log = reader.join().unwrap();
    let console = log
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect();
    let bytes = std::fs::read(&png)
        .unwrap_or_else(|_| panic!("chromium wrote no screenshot; its log:\n{log}"));
    Shot {
        image: decode(&bytes),
        console,
    }
}

fn decode(bytes: &[u8]) -> (u32, u32, Vec<[u8; 3]>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let channels = match reader.output_color_type().0 {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Indexed => panic!("expanded by the transformations"),
    };
    let pixels = buf[..info.buffer_size()]
        .chunks_exact(channels)
        .map(|p| match channels {
            1 | 2 => [p[0]; 3],
            _ => [p[0], p[1], p[2]],
        })
        .collect();
    (info.width, info.height, pixels)
}

/// What is wrong with a page as the browser showed it: console messages, or a blank picture
/// (less than 5% of the pixels differ from the commonest colour, or fewer than 8 colours).
fn problems(shot: &Shot) -> Vec<String> {
    let mut out: Vec<String> = shot
        .console
        .iter()
        .map(|l| format!("console: {l}"))
        .collect();
    let (_, _, pixels) = &shot.image;
    let mut counts: HashMap<[u8; 3], usize> = HashMap::new();
    for p in pixels {
        *counts.entry(*p).or_default() += 1;
    }
    let background = counts.values().copied().max().unwrap_or(0);
    let share = 1.0 - background as f64 / pixels.len().max(1) as f64;
    // Colours that cover at least 0.01% of the picture: anti-aliasing alone does not count.
    let colours = counts
        .values()
        .filter(|&&c| c * 10_000 >= pixels.len())
        .count();
    if share < 0.05 || colours < 8 {
        out.push(format!(
            "blank: {:.1}% of the pixels differ from the background, {colours} colours",
            100.0 * share
        ));
    }
    out
}

fn report(dir: &Path, args: &[&str]) -> PathBuf {
    let o = assert_cmd::Command::cargo_bin("riskplan")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    dir.join(args.iter().skip_while(|a| **a != "--html").nth(1).unwrap())
}

fn scenario(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn the_run_and_compare_pages_render_with_no_console_message_wide_and_narrow() {
    let Some(browser) = require_chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = scenario("llm-domain-adaptation.toml");
    let run = report(d, &["run", &s, "-n", "1000", "-q", "--html", "run.html"]);
    let compare = report(
        d,
        &["compare", &s, "-n", "1000", "-q", "--html", "compare.html"],
    );
    for (page, width) in [(&run, 1280), (&run, 420), (&compare, 1280)] {
        let shot = open(&browser, page, width, 3000);
        assert_eq!(shot.image.0, width);
        let found = problems(&shot);
        assert!(
            found.is_empty(),
            "{} at {width}px: {found:?}",
            page.display()
        );
    }
}

#[test]
fn the_playbook_page_renders_with_no_console_message_wide_and_narrow() {
    let Some(browser) = require_chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = scenario("dl-project.toml");
    let page = report(
        d,
        &[
            "playbook",
            &s,
            "-n",
            "1000",
            "-q",
            "--html",
            "playbook.html",
        ],
    );
    for width in [1280, 420] {
        let shot = open(&browser, &page, width, 3000);
        assert_eq!(shot.image.0, width);
        let found = problems(&shot);
        assert!(found.is_empty(), "playbook at {width}px: {found:?}");
    }
}

#[test]
fn the_detector_sees_a_blocked_script_and_a_blank_page() {
    let Some(browser) = require_chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // The report's own policy blocks an inline script: Chromium says so on the console.
    let blocked = dir.path().join("blocked.html");
    std::fs::write(
        &blocked,
        format!(
            "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"{}\"></head>\
             <body><h1>Report</h1><script>document.title = 'ran'</script></body></html>",
            riskplan::report::html::CSP
        ),
    )
    .unwrap();
    let found = problems(&open(&browser, &blocked, 800, 600));
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("console:") && p.contains("Content Security Policy")),
        "{found:?}"
    );
    // A page with nothing on it is blank.
    let blank = dir.path().join("blank.html");
    std::fs::write(&blank, "<!DOCTYPE html><html><body></body></html>").unwrap();
    let found = problems(&open(&browser, &blank, 800, 600));
    assert!(found.iter().any(|p| p.starts_with("blank:")), "{found:?}");
    assert!(
        !found.iter().any(|p| p.starts_with("console:")),
        "{found:?}"
    );
}
