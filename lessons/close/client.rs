//! The close lesson's client: connects to 127.0.0.1:PORT, reads the server's "hello!" and
//! closes the connection first (the active close: its socket is the one left in TIME_WAIT).
//!
//!     rustc --edition 2021 -O client.rs && ./client 8888

use std::io::{self, Read};
use std::net::{SocketAddr, TcpStream};

fn main() -> io::Result<()> {
    let port = port_argument();

    // step: connect
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect(addr)?;
    // end: connect

    // step: recv
    let mut buf = [0; 4096];
    let n = stream.read(&mut buf)?;
    // end: recv

    // step: close
    drop(stream); // the active close: this end sends the first FIN
    // end: close

    println!("received: {}", String::from_utf8_lossy(&buf[..n]));
    Ok(())
}

/// The server's port: the first argument.
fn port_argument() -> u16 {
    match std::env::args().nth(1).map(|arg| arg.parse()) {
        Some(Ok(port)) if port != 0 => port,
        _ => {
            eprintln!("usage: client PORT");
            std::process::exit(2);
        }
    }
}
