//! The close lesson's server: accepts one client on 127.0.0.1:PORT, writes "hello!", then
//! reads until the client has closed its end (read returns 0: end of file) and closes its own.
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

    // step: eof
    let mut buf = [0; 4096];
    let n = conn.read(&mut buf)?; // 0: the client has closed its end
    // end: eof

    // step: close
    drop(conn);
    // end: close

    // step: close-listener
    drop(listener);
    // end: close-listener

    println!("the client closed first; read {n} bytes at the end");
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
