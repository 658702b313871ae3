//! The stream lesson's server: accepts one client on 127.0.0.1:PORT and writes three pieces,
//! "one,", "two," and "three", with three calls. TCP keeps the bytes and their order, not the
//! pieces: the client reads them with other boundaries.
//!
//!     rustc --edition 2021 -O server.rs && ./server 8888

use std::io::{self, Write};
use std::net::{SocketAddr, TcpListener};

fn main() -> io::Result<()> {
    let port = port_argument();

    // step: bind
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let listener = TcpListener::bind(addr)?;
    // end: bind

    // step: accept
    let (mut conn, _peer) = listener.accept()?;
    // end: accept

    // step: send
    for piece in [&b"one,"[..], b"two,", b"three"] {
        conn.write_all(piece)?;
    }
    // end: send

    Ok(())
}

/// The port to listen on: the first argument.
fn port_argument() -> u16 {
    match std::env::args().nth(1).map(|arg| arg.parse()) {
        Some(Ok(port)) if port != 0 => port,
        _ => {
            eprintln!("usage: server PORT");
            std::process::exit(2);
        }
    }
}
