"""The epipe lesson's server: writes "hello!" to one client on 127.0.0.1:PORT; the client closes
without reading it, so its kernel answers with a reset: the server's read fails with
ECONNRESET, and its next write with EPIPE. Python ignores SIGPIPE from its start, so the write
raises BrokenPipeError instead of killing the program.

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
            conn.sendall(b"hello!")
            # end: send

            # step: recv
            try:
                conn.recv(4096)
            except ConnectionResetError as error:  # ECONNRESET
                print("recv:", error)
            # end: recv

            # step: write-again
            try:
                conn.sendall(b"still there?")
            except BrokenPipeError as error:  # EPIPE
                print("send:", error)
            # end: write-again


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 0 < int(sys.argv[1]) < 65536:
        print("usage: server.py PORT", file=sys.stderr)
        sys.exit(2)
    try:
        main(int(sys.argv[1]))
    except OSError as error:
        sys.exit(f"server: {error}")
