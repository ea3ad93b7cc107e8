//! `newsdex serve`: open (or, for the default index, first build) the
//! index, bind the address, and serve `serve::router` until stopped.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use anyhow::Context;

use crate::config::ServeConfig;
use crate::paths::PathStyle;
use crate::serve;

/// tokio worker threads: searches run on the blocking pool, so the workers
/// only move bytes; two keep a slow client from stalling the rest.
const WORKERS: usize = 2;

/// Serves until the process is stopped; returns only on an error.
pub fn run(config: &ServeConfig) -> anyhow::Result<()> {
    let news = super::search::open_or_build(&config.index_dir, config.build_from.as_deref())?;
    let ip: IpAddr = match config.host.as_str() {
        "localhost" => IpAddr::from([127, 0, 0, 1]),
        host => host.trim_matches(['[', ']']).parse().with_context(|| {
            format!("--host {host:?} is not an IP address (e.g. 127.0.0.1, ::1, 0.0.0.0)")
        })?,
    };
    if !ip.is_loopback() {
        crate::warning!(
            "serving on {ip}, which other machines may reach: newsdex has no authentication, \
             anyone who can reach it can read the whole index"
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(WORKERS)
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(SocketAddr::new(ip, config.port))
            .await
            .with_context(|| format!("cannot listen on {ip} port {}", config.port))?;
        let local = listener.local_addr()?;
        let options = serve::Options {
            hosts: serve::allowed_hosts(ip, local.port()),
            cors: config.cors,
            paths: PathStyle::current_dir(),
            cache: config.cache,
        };
        let state = serve::State::new(news, options)?;
        let shown_host = if ip.is_unspecified() || ip.is_loopback() && ip.is_ipv4() {
            "127.0.0.1".to_string()
        } else if ip.is_ipv6() {
            format!("[{ip}]")
        } else {
            ip.to_string()
        };
        let url = format!("http://{shown_host}:{}/", local.port());
        crate::message!(
            "serving {} at {url} (Ctrl-C to stop)",
            crate::paths::shown(&config.index_dir, None)
        );
        if config.open {
            open_browser(&url);
        }
        let state = Arc::new(state);
        serve::watch(&state);
        axum::serve(listener, serve::router(state))
            .await
            .context("the server stopped")
    })
}

/// Asks the desktop to open `url`; a failure is a warning, not an error.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(err) = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        crate::warning!("could not open a browser ({opener}: {err}); open {url} yourself");
    }
}
