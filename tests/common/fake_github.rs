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

fn json_user(login: &str, kind: &str) -> serde_json::Value {
    serde_json::json!({"login": login, "type": kind})
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
            Some(l) => (
                200,
                String::new(),
                serde_json::json!({"login": l}).to_string(),
            ),
            None => (
                403,
                String::new(),
                r#"{"message":"Resource not accessible by integration"}"#.to_string(),
            ),
        },
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
                .map(|(id, b)| {
                    // Comments this server created (ids from 1000) are the bot's.
                    let user = if *id >= 1000 {
                        json_user("github-actions[bot]", "Bot")
                    } else {
                        json_user("someone", "User")
                    };
                    serde_json::json!({"id": id, "body": b, "user": user})
                })
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
            (
                201,
                String::new(),
                serde_json::json!({"id": id, "body": b}).to_string(),
            )
        }
        ("PATCH", ["repos", _, _, "issues", "comments", id]) => {
            let id: u64 = id.parse().unwrap();
            let b = serde_json::from_str::<serde_json::Value>(body).unwrap()["body"]
                .as_str()
                .unwrap()
                .to_string();
            match st.comments.iter_mut().find(|c| c.0 == id) {
                Some(c) => {
                    c.1.clone_from(&b);
                    (
                        200,
                        String::new(),
                        serde_json::json!({"id": id, "body": b}).to_string(),
                    )
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
