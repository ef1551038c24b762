//! A fake Hugging Face Hub on 127.0.0.1 for the `--hub` and `hf://` tests. Answers take the
//! shapes of the Hub's API as huggingface_hub's `ModelInfo`/`DatasetInfo` and hf-hub's types
//! read them: `GET /api/models/{id}?blobs=true` (`downloads`, `siblings[].rfilename`, `size`,
//! `lfs.size`), `GET /api/datasets/{id}` (`cardData.dataset_info`), and
//! `GET /{id}/resolve/{revision}/README.md` (the card's bytes). Faults are set per path.
//! Every request is recorded (path and `Authorization`).

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One answer: status, extra headers, body; `delay` before answering; `repeat` how many times
/// this answer is given before the next one queued for the path (0: forever).
#[derive(Clone, Debug, Default)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub delay: Duration,
}

impl Answer {
    pub fn json(v: &serde_json::Value) -> Answer {
        Answer {
            status: 200,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: v.to_string().into_bytes(),
            delay: Duration::ZERO,
        }
    }
    pub fn text(s: &str) -> Answer {
        Answer {
            status: 200,
            body: s.as_bytes().to_vec(),
            ..Default::default()
        }
    }
    pub fn status(status: u16) -> Answer {
        Answer {
            status,
            body: format!("{{\"error\":\"status {status}\"}}").into_bytes(),
            ..Default::default()
        }
    }
}

#[derive(Debug, Clone)]
pub struct Request {
    pub path: String,
    pub authorization: Option<String>,
}

#[derive(Default)]
pub struct State {
    /// Answers per path (with its query): the first is given and removed, except the last,
    /// which stays. A path without answers is a 404.
    pub routes: HashMap<String, Vec<Answer>>,
    pub requests: Vec<Request>,
}

pub struct Hub {
    pub url: String,
    pub state: Arc<Mutex<State>>,
}

impl Hub {
    pub fn start() -> Hub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State::default()));
        let st = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let st = st.clone();
                std::thread::spawn(move || serve(stream, &st));
            }
        });
        Hub { url, state }
    }

    /// Answers `path` with `answers` in turn (the last one for good).
    pub fn route(&self, path: &str, answers: Vec<Answer>) {
        self.state
            .lock()
            .unwrap()
            .routes
            .insert(path.to_string(), answers);
    }

    /// A model: its card, its file list (`pytorch_model.bin` of `size` if given), downloads.
    pub fn model(&self, id: &str, card: &str, downloads: Option<f64>, size: Option<f64>) {
        self.route(
            &format!("/{id}/resolve/main/README.md"),
            vec![Answer::text(card)],
        );
        let mut siblings = vec![serde_json::json!({"rfilename": "README.md", "size": card.len()})];
        if let Some(s) = size {
            siblings.push(serde_json::json!({
                "rfilename": "pytorch_model.bin",
                "size": 134,
                "lfs": {"size": s, "sha256": "0".repeat(64), "pointerSize": 134}
            }));
        }
        let mut info = serde_json::json!({
            "_id": "0", "id": id, "modelId": id, "private": false, "likes": 0,
            "tags": [], "siblings": siblings, "sha": "0".repeat(40)
        });
        if let Some(d) = downloads {
            info["downloads"] = serde_json::json!(d);
        }
        self.route(
            &format!("/api/models/{id}?blobs=true"),
            vec![Answer::json(&info)],
        );
    }

    /// A dataset whose card states `dataset_size`.
    pub fn dataset(&self, id: &str, size: f64) {
        let info = serde_json::json!({
            "_id": "0", "id": id, "private": false,
            "cardData": {"dataset_info": {"features": [], "dataset_size": size, "download_size": 1}}
        });
        self.route(&format!("/api/datasets/{id}"), vec![Answer::json(&info)]);
    }

    pub fn requests(&self) -> Vec<Request> {
        self.state.lock().unwrap().requests.clone()
    }

    /// How many requests asked for paths starting with `prefix`.
    pub fn count(&self, prefix: &str) -> usize {
        self.requests()
            .iter()
            .filter(|r| r.path.starts_with(prefix))
            .count()
    }
}

fn serve(stream: TcpStream, st: &Arc<Mutex<State>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut authorization = None;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).is_err() || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            if k.eq_ignore_ascii_case("authorization") {
                authorization = Some(v.trim().to_string());
            }
        }
    }
    let answer = {
        let mut s = st.lock().unwrap();
        s.requests.push(Request {
            path: path.clone(),
            authorization,
        });
        match s.routes.get_mut(&path) {
            Some(list) if list.len() > 1 => list.remove(0),
            Some(list) if !list.is_empty() => list[0].clone(),
            _ => Answer::status(404),
        }
    };
    std::thread::sleep(answer.delay);
    let mut out = stream;
    let mut head = format!(
        "HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        answer.status,
        answer.body.len()
    );
    for (k, v) in &answer.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = out.write_all(head.as_bytes());
    let _ = out.write_all(&answer.body);
    let _ = out.flush();
}
