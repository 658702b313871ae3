"""The reuseaddr lesson's server: serves one client on 127.0.0.1:PORT and closes the connection
first, so that the connection waits in TIME_WAIT on the server's port. Then it binds the port
again, as a restarted server would: while its old listener still listens (EADDRINUSE, even with
SO_REUSEADDR), and after closing everything, without SO_REUSEADDR (EADDRINUSE: the TIME_WAIT
connection) and with it (it works).

    python3 server.py 8888
"""
import errno
import socket
import sys


def bind_in_use(sock, port):
    """bind, where EADDRINUSE is expected: report it and go on."""
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        print("bind:", error)


def main(port):
    # step: socket
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # end: socket

    # step: reuseaddr
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # end: reuseaddr

    # step: bind
    listener.bind(("127.0.0.1", port))
    # end: bind

    # step: listen
    listener.listen(128)
    # end: listen

    # step: accept
    conn, peer = listener.accept()
    # end: accept

    # step: close-first
    conn.shutdown(socket.SHUT_WR)  # the server's FIN goes first: the active close
    # end: close-first

    # step: eof
    conn.recv(4096)  # b"": the client's FIN, the close is complete
    # end: eof

    # step: in-use
    second = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    second.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    bind_in_use(second, port)  # EADDRINUSE: the listener still listens
    second.close()
    # end: in-use

    # step: restart
    conn.close()
    listener.close()  # the restart: only the TIME_WAIT connection is left on the port
    again = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    bind_in_use(again, port)  # EADDRINUSE: the connection in TIME_WAIT
    # end: restart

    # step: reuse
    again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    again.bind(("127.0.0.1", port))  # works: SO_REUSEADDR binds over TIME_WAIT
    # end: reuse

    print(f"bound 127.0.0.1:{port} again")
    again.close()


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 0 < int(sys.argv[1]) < 65536:
        print("usage: server.py PORT", file=sys.stderr)
        sys.exit(2)
    try:
        main(int(sys.argv[1]))
    except OSError as error:
        sys.exit(f"server: {error}")
