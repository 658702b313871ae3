"""The stream lesson's server: accepts one client on 127.0.0.1:PORT and writes three pieces,
"one,", "two," and "three", with three calls. TCP keeps the bytes and their order, not the
pieces: the client reads them with other boundaries. The with blocks close the sockets.

    python3 server.py 8888
"""
import socket
import sys


def main(port):
    # step: socket
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
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

        with conn:
            # step: send
            for piece in (b"one,", b"two,", b"three"):
                conn.sendall(piece)
            # end: send


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 0 < int(sys.argv[1]) < 65536:
        print("usage: server.py PORT", file=sys.stderr)
        sys.exit(2)
    try:
        main(int(sys.argv[1]))
    except OSError as error:
        sys.exit(f"server: {error}")
