//! The HTML redline in a real browser: headless Chromium, driven over
//! WebDriver by `chromedriver` on a local port, with plain HTTP over
//! `std::net::TcpStream` (no network beyond 127.0.0.1).
//!
//! It opens the page for a bundled pair of drafts, checks that the console
//! holds no error (a script or style refused by the Content-Security-Policy
//! shows up there), that the filters, the side-by-side view and the
//! keyboard and button navigation work, that a link into a folded
//! provision unfolds it, and that the print style sheet hides the controls
//! and keeps the redline in black and white. It saves a screenshot to
//! `target/html-screenshot.png` and the printed PDF to
//! `target/html-print.pdf`.
//!
//! Needs Chromium and its driver (Debian: `apt-get install chromium
//! chromium-driver`); `CHROMIUM` and `CHROMEDRIVER` name other binaries.
//! Without them the test fails and says so: it never skips.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{json, Value};

const PAIR: (&str, &str) = (
    "drafts/cybercrime-convention/04-further-revised-draft.xml",
    "drafts/cybercrime-convention/05-final-text.xml",
);

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `target/`, where the screenshot goes.
fn target_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).to_path_buf()
}

/// A program named by `var`, else the first of `names` on the PATH.
fn find_program(var: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(var) {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

fn programs() -> (PathBuf, PathBuf) {
    let chromium = find_program(
        "CHROMIUM",
        &["chromium", "chromium-browser", "google-chrome", "chrome"],
    );
    let driver = find_program("CHROMEDRIVER", &["chromedriver"]);
    match (chromium, driver) {
        (Some(c), Some(d)) => (c, d),
        (c, d) => panic!(
            "the browser test needs Chromium and chromedriver (missing: {}{}). \
             Install them (Debian: apt-get install chromium chromium-driver) or set \
             CHROMIUM and CHROMEDRIVER to their paths",
            if c.is_none() { "chromium " } else { "" },
            if d.is_none() { "chromedriver" } else { "" },
        ),
    }
}

/// Runs the redline binary; the html format exits 1 when the versions differ.
fn render_html(old: &Path, new: &Path, out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_redline"))
        .arg("diff")
        .arg(old)
        .arg(new)
        .args(["--format", "html", "-o"])
        .arg(out)
        .current_dir(root())
        .status();
    match status {
        Ok(s) if s.code() == Some(0) || s.code() == Some(1) => {}
        other => panic!("redline diff --format html failed: {other:?}"),
    }
}

fn comparison_json(old: &Path, new: &Path) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_redline"))
        .arg("diff")
        .arg(old)
        .arg(new)
        .args(["--format", "json"])
        .current_dir(root())
        .output();
    match out {
        Ok(o) => match serde_json::from_slice(&o.stdout) {
            Ok(v) => v,
            Err(e) => panic!("redline's JSON does not parse: {e}"),
        },
        Err(e) => panic!("cannot run redline: {e}"),
    }
}

// ---------------------------------------------------------------------------
// A WebDriver client: just what the test needs.

/// One HTTP/1.1 exchange with chromedriver; the JSON body of the answer.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let mut stream =
        TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("connect: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .map_err(|e| e.to_string())?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| format!("send: {e}"))?;
    // chromedriver keeps the connection open whatever the request says:
    // read the headers, then exactly the body they announce.
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    let split = loop {
        if let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let n = stream.read(&mut buf).map_err(|e| format!("receive: {e}"))?;
        if n == 0 {
            return Err("connection closed before the headers ended".into());
        }
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut payload = raw[split + 4..].to_vec();
    let header = |name: &str| {
        head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    };
    let chunked = header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked"));
    let length = match header("content-length") {
        Some(v) => Some(v.parse::<usize>().map_err(|e| format!("bad length: {e}"))?),
        None => None,
    };
    loop {
        let done = match length {
            Some(len) => payload.len() >= len,
            None if chunked => payload.windows(5).any(|w| w == b"0\r\n\r\n"),
            None => false,
        };
        if done {
            break;
        }
        let n = stream.read(&mut buf).map_err(|e| format!("receive: {e}"))?;
        if n == 0 {
            break;
        }
        payload.extend_from_slice(&buf[..n]);
    }
    if chunked {
        payload = dechunk(&payload)?;
    }
    let value: Value = serde_json::from_slice(&payload).map_err(|e| {
        format!(
            "not JSON ({e}): {} {}",
            head.lines().next().unwrap_or_default(),
            String::from_utf8_lossy(&payload)
        )
    })?;
    let status = head.split_whitespace().nth(1).unwrap_or("0");
    if status != "200" {
        return Err(format!("{method} {path}: HTTP {status}: {value}"));
    }
    Ok(value)
}

fn dechunk(mut data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let line_end = data
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("bad chunk")?;
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|e| format!("bad chunk size: {e}"))?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        if data.len() < size + 2 {
            return Err("truncated chunk".into());
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

/// chromedriver, killed when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    fn start(program: &Path) -> Driver {
        // A free port: bind, note it, release.
        let port = match TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()) {
            Ok(a) => a.port(),
            Err(e) => panic!("no free local port: {e}"),
        };
        let child = Command::new(program)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let child = match child {
            Ok(c) => c,
            Err(e) => panic!("cannot start {}: {e}", program.display()),
        };
        let driver = Driver { child, port };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(v) = http(port, "GET", "/status", None) {
                if v["value"]["ready"].as_bool() == Some(true) {
                    return driver;
                }
            }
            if Instant::now() > deadline {
                panic!("chromedriver did not become ready on port {port}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// A browser session, closed when dropped.
struct Session<'a> {
    driver: &'a Driver,
    id: String,
    _profile: tempfile::TempDir,
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        let _ = http(
            self.driver.port,
            "DELETE",
            &format!("/session/{}", self.id),
            None,
        );
    }
}

impl<'a> Session<'a> {
    fn new(driver: &'a Driver, chromium: &Path) -> Session<'a> {
        let profile = match tempfile::tempdir() {
            Ok(d) => d,
            Err(e) => panic!("no temp dir: {e}"),
        };
        let caps = json!({
            "capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:loggingPrefs": {"browser": "ALL"},
                "goog:chromeOptions": {
                    "binary": chromium,
                    "args": [
                        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--hide-scrollbars",
                        "--window-size=1280,1000",
                        format!("--user-data-dir={}", profile.path().display()),
                    ]
                }
            }}
        });
        let v = match http(driver.port, "POST", "/session", Some(&caps)) {
            Ok(v) => v,
            Err(e) => panic!("cannot start a browser session: {e}"),
        };
        let id = match v["value"]["sessionId"].as_str() {
            Some(id) => id.to_string(),
            None => panic!("no session id in {v}"),
        };
        Session {
            driver,
            id,
            _profile: profile,
        }
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("/session/{}{path}", self.id);
        match http(self.driver.port, method, &url, body.as_ref()) {
            Ok(v) => v["value"].clone(),
            Err(e) => panic!("{e}"),
        }
    }

    fn goto(&self, url: &str) {
        // Smooth scrolling would move elements under WebDriver's clicks.
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]}),
        );
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    /// Runs a script (a function body) and returns its value.
    fn js(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    fn click(&self, css: &str) {
        let el = self.cmd(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        let Some(id) = el
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
        else {
            panic!("no element {css}: {el}");
        };
        self.cmd("POST", &format!("/element/{id}/click"), Some(json!({})));
    }

    /// Types one key as a person would (keydown, keyup) on the focused element.
    fn key(&self, key: &str) {
        self.cmd(
            "POST",
            "/actions",
            Some(json!({"actions": [{
                "type": "key", "id": "keyboard",
                "actions": [{"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]
            }]})),
        );
        self.cmd("DELETE", "/actions", None);
    }

    /// Console entries since the last call.
    fn console(&self) -> Vec<Value> {
        self.cmd("POST", "/se/log", Some(json!({"type": "browser"})))
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.cmd(
            "POST",
            "/goog/cdp/execute",
            Some(json!({"cmd": cmd, "params": params})),
        )
    }

    fn save_base64(&self, value: &Value, path: &Path) {
        let Some(text) = value.as_str() else {
            panic!("not base64: {value}");
        };
        let bytes = match base64::engine::general_purpose::STANDARD.decode(text) {
            Ok(b) => b,
            Err(e) => panic!("bad base64: {e}"),
        };
        if let Err(e) = std::fs::write(path, bytes) {
            panic!("cannot write {}: {e}", path.display());
        }
    }
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn errors(entries: &[Value]) -> Vec<String> {
    entries
        .iter()
        .filter(|e| e["level"].as_str() == Some("SEVERE"))
        .map(|e| e["message"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn count(v: &Value) -> u64 {
    match v.as_u64() {
        Some(n) => n,
        None => panic!("not a count: {v}"),
    }
}

/// Changes shown (not filtered out).
const SHOWN: &str = "return Array.from(document.querySelectorAll('article.change')).filter(e => e.getClientRects().length > 0).map(e => e.id);";
const FOCUSED: &str = "var a = document.activeElement; return a ? a.id : null;";
const STATUS: &str = "return document.getElementById('rl-status').textContent;";

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn change_ids(comparison: &Value, pred: impl Fn(&Value) -> bool) -> Vec<String> {
    comparison["changes"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|c| pred(c))
                .filter_map(|c| c["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn has_effect(change: &Value, axis: &str, direction: &str) -> bool {
    change["effects"].as_array().is_some_and(|es| {
        es.iter()
            .any(|e| e["axis"].as_str() == Some(axis) && e["direction"].as_str() == Some(direction))
    })
}

#[test]
fn the_page_works_in_chromium() {
    let (chromium, chromedriver) = programs();
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("no temp dir: {e}"),
    };
    let (old, new) = (root().join(PAIR.0), root().join(PAIR.1));
    let page = dir.path().join("redline.html");
    render_html(&old, &new, &page);
    let comparison = comparison_json(&old, &new);
    let all = change_ids(&comparison, |_| true);
    let widens = change_ids(&comparison, |c| has_effect(c, "scope", "widens"));
    let weakens = change_ids(&comparison, |c| has_effect(c, "safeguards", "weakens"));
    assert!(
        !widens.is_empty() && !weakens.is_empty() && all.len() > 3,
        "the pair should exercise every filter"
    );

    let driver = Driver::start(&chromedriver);
    let s = Session::new(&driver, &chromium);
    s.goto(&file_url(&page));

    // The script ran (it shows the toolbar) and nothing was refused.
    assert_eq!(
        s.js("return document.getElementById('rl-toolbar').hidden;"),
        json!(false),
        "the script did not run: is its CSP hash right?"
    );
    assert_eq!(
        s.js("return getComputedStyle(document.querySelector('.masthead')).backgroundColor;"),
        json!("rgb(31, 78, 121)"),
        "the style sheet was not applied: is its CSP hash right?"
    );
    let console = s.console();
    assert!(
        errors(&console).is_empty(),
        "console errors: {:#?}",
        errors(&console)
    );

    // Every change is shown once, in the comparison's order.
    assert_eq!(ids(&s.js(SHOWN)), all);
    assert_eq!(
        s.js(STATUS),
        json!(format!("{} changes", all.len())),
        "status line"
    );

    // Filters.
    s.click("input[name=filter][value=scope]");
    assert_eq!(ids(&s.js(SHOWN)), widens, "scope filter");
    assert_eq!(
        count(&s.js("return Array.from(document.querySelectorAll('.unchanged')).filter(e => e.getClientRects().length > 0).length;")),
        0,
        "unchanged text is hidden by the filter"
    );
    s.click("input[name=filter][value=safeguards]");
    assert_eq!(ids(&s.js(SHOWN)), weakens, "safeguards filter");
    s.click("input[name=filter][value=changed]");
    assert_eq!(ids(&s.js(SHOWN)), all, "changes-only filter");
    assert_eq!(
        count(&s.js("return Array.from(document.querySelectorAll('.unchanged')).filter(e => e.getClientRects().length > 0).length;")),
        0
    );
    s.click("input[name=filter][value=all]");
    assert!(
        count(&s.js("return Array.from(document.querySelectorAll('.unchanged')).filter(e => e.getClientRects().length > 0).length;")) > 0,
        "unchanged text is back"
    );

    // Keyboard: from the top, j goes to the first change, j to the second,
    // k back; n and p too; the buttons likewise.
    s.js("window.scrollTo(0, 0); document.activeElement.blur(); return null;");
    s.key("j");
    assert_eq!(s.js(FOCUSED), json!(all[0]), "j: first change");
    assert_eq!(s.js(STATUS), json!(format!("Change 1 of {}", all.len())));
    s.key("j");
    assert_eq!(s.js(FOCUSED), json!(all[1]), "j: second change");
    s.key("k");
    assert_eq!(s.js(FOCUSED), json!(all[0]), "k: back to the first");
    s.key("n");
    s.key("n");
    assert_eq!(s.js(FOCUSED), json!(all[2]), "n twice: third change");
    s.key("p");
    assert_eq!(s.js(FOCUSED), json!(all[1]), "p: second change");
    let top = s.js(&format!(
        "return document.getElementById({:?}).getBoundingClientRect().top;",
        all[1]
    ));
    let toolbar =
        s.js("return document.getElementById('rl-toolbar').getBoundingClientRect().bottom;");
    match (top.as_f64(), toolbar.as_f64()) {
        (Some(t), Some(b)) => assert!(
            t >= b - 1.0 && t < 400.0,
            "the current change is scrolled just below the toolbar (top {t}, toolbar {b})"
        ),
        _ => panic!("no positions: {top} {toolbar}"),
    }
    s.click("#rl-next");
    assert_eq!(s.js(FOCUSED), json!(all[2]), "Next button");
    s.click("#rl-prev");
    assert_eq!(s.js(FOCUSED), json!(all[1]), "Previous button");
    // Navigation follows the filter.
    s.click("input[name=filter][value=safeguards]");
    s.js("window.scrollTo(0, 0); document.activeElement.blur(); return null;");
    s.key("j");
    assert_eq!(
        s.js(FOCUSED),
        json!(weakens[0]),
        "j under a filter: first shown change"
    );
    s.click("input[name=filter][value=all]");
    // The shortcuts can be turned off (WCAG 2.1.4).
    s.click("#rl-keys");
    s.js("document.activeElement.blur(); return null;");
    s.key("j");
    assert_eq!(
        s.js("return document.activeElement === document.body;"),
        json!(true),
        "j does nothing once turned off"
    );
    s.click("#rl-keys");

    // Side by side.
    let first_redline = "document.querySelector('article.change .body .inline')";
    s.click("#rl-sbs");
    assert_eq!(
        s.js("return document.getElementById('rl-sbs').getAttribute('aria-pressed');"),
        json!("true")
    );
    assert_eq!(
        s.js(&format!("var i = {first_redline}; return [i.getClientRects().length, i.parentElement.querySelector('.sbs').getClientRects().length > 0];")),
        json!([0, true]),
        "side by side replaces the inline redline"
    );
    s.click("#rl-sbs");
    assert_eq!(
        s.js(&format!(
            "return {first_redline}.getClientRects().length > 0;"
        )),
        json!(true)
    );

    // A link into a folded run unfolds it.
    let folded =
        s.js("var r = document.querySelector('details.run .prov[id]'); return r ? r.id : null;");
    let Some(folded) = folded.as_str().map(str::to_string) else {
        panic!("no folded provision with an id");
    };
    s.goto(&format!("{}#{folded}", file_url(&page)));
    assert_eq!(
        s.js(&format!(
            "return document.getElementById({folded:?}).closest('details').open;"
        )),
        json!(true),
        "#{folded} unfolds its run"
    );

    // Expand all, then screenshot the top of the text with a change.
    s.click("#rl-expand");
    assert_eq!(
        s.js("return Array.from(document.querySelectorAll('details.run')).every(d => d.open);"),
        json!(true)
    );
    s.click("#rl-expand");
    let weak = &weakens[0];
    s.js(&format!(
        "var e = document.getElementById({weak:?}); e.scrollIntoView({{block: 'start', behavior: 'instant'}}); window.scrollBy(0, -140); return null;"
    ));
    let shot = target_dir().join("html-screenshot.png");
    s.save_base64(&s.cmd("GET", "/screenshot", None), &shot);

    // Print: no controls, the redline in black and white.
    s.cdp(
        "Emulation.setEmulatedMedia",
        json!({"media": "print", "features": [{"name": "prefers-reduced-motion", "value": "reduce"}]}),
    );
    assert_eq!(
        s.js("return getComputedStyle(document.getElementById('rl-toolbar')).display;"),
        json!("none")
    );
    assert_eq!(
        s.js("var d = document.querySelector('del'), i = document.querySelector('ins'), a = getComputedStyle(d), b = getComputedStyle(i); return [a.color, a.backgroundColor, a.textDecorationLine, b.color, b.textDecorationLine];"),
        json!(["rgb(0, 0, 0)", "rgba(0, 0, 0, 0)", "line-through", "rgb(0, 0, 0)", "underline"])
    );
    s.cdp(
        "Emulation.setEmulatedMedia",
        json!({"media": "", "features": [{"name": "prefers-reduced-motion", "value": "reduce"}]}),
    );
    let pdf = s.cmd("POST", "/print", Some(json!({"background": false})));
    s.save_base64(&pdf, &target_dir().join("html-print.pdf"));

    let console = s.console();
    assert!(
        errors(&console).is_empty(),
        "console errors: {:#?}",
        errors(&console)
    );
}

/// Markup in a draft stays text in the browser too: nothing runs, nothing
/// is fetched, the console stays clean.
#[test]
fn hostile_drafts_run_nothing_in_chromium() {
    let (chromium, chromedriver) = programs();
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("no temp dir: {e}"),
    };
    let payload = "&lt;script&gt;window.pwned = 1&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=&quot;window.pwned = 2&quot;&gt;";
    let draft = |text: &str, eid: &str| {
        format!(
            r##"<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
  <bill name="convention">
    <meta><identification source="#x">
      <FRBRWork><FRBRthis value="/akn/x/bill/1/x/!main"/></FRBRWork>
      <FRBRExpression><FRBRthis value="/akn/x/bill/1/x/eng@1/!main"/><FRBRdate date="2024-01-01" name="{payload}"/><FRBRlanguage language="eng"/></FRBRExpression>
    </identification></meta>
    <preface><p><docTitle>{payload}</docTitle></p></preface>
    <body>
      <article eId="{eid}"><num>Article 1</num><heading>{payload}</heading>
        <paragraph eId="{eid}__para_1"><num>1.</num><content><p>{text}</p></content></paragraph>
      </article>
    </body>
  </bill>
</akomaNtoso>
"##
        )
    };
    let old = dir.path().join("old.xml");
    let new = dir.path().join("new.xml");
    let eid = "art_1&quot; onmouseover=&quot;window.pwned = 3";
    let written = std::fs::write(
        &old,
        draft(&format!("Each Party shall act. {payload}"), eid),
    )
    .and_then(|()| std::fs::write(&new, draft(&format!("Each Party may act. {payload}"), eid)));
    if let Err(e) = written {
        panic!("cannot write the drafts: {e}");
    }
    let page = dir.path().join("page.html");
    render_html(&old, &new, &page);

    let driver = Driver::start(&chromedriver);
    let s = Session::new(&driver, &chromium);
    s.goto(&file_url(&page));
    s.js("document.querySelectorAll('[id]').forEach(e => e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))); return null;");
    assert_eq!(s.js("return window.pwned === undefined;"), json!(true));
    assert_eq!(s.js("return document.images.length;"), json!(0));
    assert_eq!(s.js("return document.scripts.length;"), json!(1));
    assert_eq!(
        s.js("return document.getElementById('rl-toolbar').hidden;"),
        json!(false)
    );
    assert!(
        s.js("return document.querySelector('h1').textContent;")
            .as_str()
            .is_some_and(|t| t.contains("<script>")),
        "the title shows the markup as text"
    );
    let console = s.console();
    assert!(
        errors(&console).is_empty(),
        "console errors: {:#?}",
        errors(&console)
    );
}
