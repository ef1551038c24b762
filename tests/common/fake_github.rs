//! A fake GitHub REST API on 127.0.0.1 for the PR-comment tests: issue comments with
//! pagination (`Link` headers), create and update, and forced failures. It serves a bounded
//! number of connections for a bounded time, then stops by itself.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
#[allow(dead_code)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub authorization: String,
    pub body: String,
}

#[derive(Default)]
pub struct State {
    /// `(id, body)` of the PR's comments, oldest first.
    pub comments: Vec<(u64, String)>,
    pub requests: Vec<Request>,
    /// Answer every request with this status.
    pub fail_with: Option<u16>,
    /// Answer writes (POST/PATCH) with this status.
    pub fail_writes_with: Option<u16>,
    pub page_size: usize,
    /// `GET /user` answers this login (else 403, as for the workflow token).
    pub user_login: Option<String>,
    /// `Link: rel="next"` points at this base URL instead of this server's.
    pub next_base: Option<String>,
    /// Answer with the body sent one byte every 500 ms.
    pub trickle: bool,
    /// Answer the comment listing with this body instead.
    pub raw_listing: Option<String>,
    next_id: u64,
}

pub struct Server {
    pub url: String,
    pub state: Arc<Mutex<State>>,
}

impl Server {
    pub fn start(comments: Vec<(u64, String)>, page_size: usize) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let next_id = comments.iter().map(|c| c.0).max().unwrap_or(0) + 1000;
        let state = Arc::new(Mutex::new(State {
            comments,
            page_size,
            next_id,
            ..Default::default()
        }));
        let st = state.clone();
        let base = url.clone();
        std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(60);
            let mut served = 0;
            while Instant::now() < deadline && served < 500 {
                match listener.accept() {
                    Ok((stream, _)) => {
                        served += 1;
                        stream.set_nonblocking(false).unwrap();
                        stream
                            .set_read_timeout(Some(Duration::from_secs(5)))
                            .unwrap();
                        handle(stream, &st, &base);
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Server { url, state }
    }
}

/// A user as GitHub's REST API writes one (every field octocrab's `Author` requires).
fn json_user(login: &str, kind: &str, base: &str) -> serde_json::Value {
    let id = login.len() as u64;
    let u = format!("{base}/users/u{id}");
    serde_json::json!({
        "login": login, "id": id, "node_id": format!("U_{id}"),
        "avatar_url": "https://avatars.example/u/1", "gravatar_id": "",
        "url": u, "html_url": format!("https://github.example/u{id}"),
        "followers_url": format!("{u}/followers"), "following_url": format!("{u}/following"),
        "gists_url": format!("{u}/gists"), "starred_url": format!("{u}/starred"),
        "subscriptions_url": format!("{u}/subscriptions"),
        "organizations_url": format!("{u}/orgs"), "repos_url": format!("{u}/repos"),
        "events_url": format!("{u}/events"), "received_events_url": format!("{u}/received_events"),
        "type": kind, "site_admin": false
    })
}

/// An issue comment as GitHub's REST API writes one. Comments this server created (ids from
/// 1000) are the workflow bot's; the others a person's.
fn json_comment(id: u64, body: &str, base: &str) -> serde_json::Value {
    let user = if id >= 1000 {
        json_user("github-actions[bot]", "Bot", base)
    } else {
        json_user("someone", "User", base)
    };
    serde_json::json!({
        "id": id, "node_id": format!("IC_{id}"),
        "url": format!("{base}/repos/o/r/issues/comments/{id}"),
        "html_url": format!("https://github.example/o/r/pull/7#issuecomment-{id}"),
        "body": body, "user": user, "author_association": "NONE",
        "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z"
    })
}

/// Whether a request updates a comment: `PATCH`, or `POST` as GitHub also accepts (and
/// octocrab sends).
#[allow(dead_code)]
pub fn is_update(r: &Request) -> bool {
    (r.method == "PATCH" || r.method == "POST") && r.path.contains("/issues/comments/")
}

/// The answer to a request: (status, extra header lines, JSON body).
fn route(
    st: &mut State,
    method: &str,
    segs: &[&str],
    query: &str,
    body: &str,
    base: &str,
) -> (u16, String, String) {
    match (method, segs) {
        ("GET", ["user"]) => match &st.user_login {
            Some(l) => (200, String::new(), json_user(l, "User", base).to_string()),
            None => (
                403,
                String::new(),
                r#"{"message":"Resource not accessible by integration"}"#.to_string(),
            ),
        },
        ("GET", ["repos", _, _, "issues", _, "comments"]) if st.raw_listing.is_some() => (
            200,
            String::new(),
            st.raw_listing.clone().unwrap_or_default(),
        ),
        ("GET", ["repos", _, _, "issues", n, "comments"]) => {
            let page: usize = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("page="))
                .and_then(|p| p.parse().ok())
                .unwrap_or(1);
            let size = st.page_size;
            let items: Vec<serde_json::Value> = st
                .comments
                .iter()
                .skip((page - 1) * size)
                .take(size)
                .map(|(id, b)| json_comment(*id, b, base))
                .collect();
            let mut link = String::new();
            if page * size < st.comments.len() {
                let next = st.next_base.clone().unwrap_or_else(|| base.to_string());
                link = format!("Link: <{next}/repos/o/r/issues/{n}/comments?per_page=100&page={}>; rel=\"next\"\r\n", page + 1);
            }
            (200, link, serde_json::Value::Array(items).to_string())
        }
        ("POST", ["repos", _, _, "issues", _, "comments"]) => {
            let b = serde_json::from_str::<serde_json::Value>(body).unwrap()["body"]
                .as_str()
                .unwrap()
                .to_string();
            st.next_id += 1;
            let id = st.next_id;
            st.comments.push((id, b.clone()));
            (201, String::new(), json_comment(id, &b, base).to_string())
        }
        ("PATCH" | "POST", ["repos", _, _, "issues", "comments", id]) => {
            let id: u64 = id.parse().unwrap();
            let b = serde_json::from_str::<serde_json::Value>(body).unwrap()["body"]
                .as_str()
                .unwrap()
                .to_string();
            match st.comments.iter_mut().find(|c| c.0 == id) {
                Some(c) => {
                    c.1.clone_from(&b);
                    (200, String::new(), json_comment(id, &b, base).to_string())
                }
                None => (404, String::new(), r#"{"message":"Not Found"}"#.to_string()),
            }
        }
        _ => (404, String::new(), r#"{"message":"Not Found"}"#.to_string()),
    }
}

fn handle(stream: std::net::TcpStream, state: &Mutex<State>, base: &str) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("").to_string();
    let mut len = 0;
    let mut authorization = String::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
            break;
        }
        let (k, v) = h.split_once(':').unwrap_or(("", ""));
        match k.to_ascii_lowercase().as_str() {
            "content-length" => len = v.trim().parse().unwrap_or(0),
            "authorization" => authorization = v.trim().to_string(),
            _ => {}
        }
    }
    let mut body = vec![0; len];
    let _ = reader.read_exact(&mut body);
    let body = String::from_utf8_lossy(&body).to_string();
    let mut st = state.lock().unwrap();
    st.requests.push(Request {
        method: method.clone(),
        path: target.clone(),
        authorization,
        body: body.clone(),
    });
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let write = method == "POST" || method == "PATCH";
    let (status, extra, json) = if let Some(code) =
        st.fail_with
            .or(if write { st.fail_writes_with } else { None })
    {
        (
            code,
            String::new(),
            r#"{"message":"Resource not accessible by integration"}"#.to_string(),
        )
    } else {
        route(&mut st, &method, &segs, query, &body, base)
    };
    let trickle = st.trickle;
    drop(st);
    let mut out = stream;
    let _ = write!(
        out,
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n",
        json.len()
    );
    if trickle {
        for b in json.bytes().take(20) {
            let _ = out.write_all(&[b]);
            let _ = out.flush();
            std::thread::sleep(Duration::from_millis(500));
        }
    } else {
        let _ = out.write_all(json.as_bytes());
    }
    let _ = out.flush();
}
