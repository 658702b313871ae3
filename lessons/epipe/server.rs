//! The epipe lesson's server: writes "hello!" to one client on 127.0.0.1:PORT; the client
//! closes without reading it, so its kernel answers with a reset: the server's read fails with
//! ECONNRESET, and its next write with EPIPE. Rust writes with MSG_NOSIGNAL (and ignores
//! SIGPIPE from its start), so the write returns an error instead of killing the program.
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

    // step: send
    conn.write_all(b"hello!")?;
    // end: send

    // step: recv
    let mut buf = [0; 4096];
    match conn.read(&mut buf) {
        Err(error) if error.kind() == io::ErrorKind::ConnectionReset => println!("read: {error}"),
        Err(error) => return Err(error),
        Ok(n) => println!("read {n} bytes"),
    }
    // end: recv

    // step: write-again
    match conn.write_all(b"still there?") {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => println!("write: {error}"),
        result => result?,
    }
    // end: write-again

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
