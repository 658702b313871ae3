//! The shutdown lesson's server: accepts one client on 127.0.0.1:PORT, reads its request until
//! end of file (the client has shut down its writing side), then still sends its reply. It
//! greets the client first: the client sends its request once it has read "ready".
//!
//!     rustc --edition 2021 -O server.rs && ./server 8888

use std::io::{self, Read, Write};
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

    // step: greet
    conn.write_all(b"ready")?;
    // end: greet

    // step: read
    let mut buf = [0; 4096];
    let mut total = 0;
    loop {
        let n = conn.read(&mut buf)?; // until end of file: read returns 0
        if n == 0 {
            break;
        }
        total += n;
    }
    // end: read

    // step: reply
    conn.write_all(format!("got {total} bytes").as_bytes())?;
    // end: reply

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
