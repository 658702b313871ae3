//! The tcp lesson's server, the course slides' code: binds 127.0.0.1:PORT, accepts one
//! client and writes "hello!" to it.
//!
//!     rustc -O server.rs && ./server 8888

use std::io::{self, Write};
use std::net::{SocketAddr, TcpListener};

fn main() -> io::Result<()> {
    let port = port_argument();

    // step: bind
    let socket = SocketAddr::from(([127, 0, 0, 1], port));
    let listener = TcpListener::bind(socket)?;
    // end: bind

    // step: accept
    let (mut stream, _socket) = listener.accept()?;
    // end: accept

    // step: send
    stream.write_all("hello!".as_bytes())?;
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
