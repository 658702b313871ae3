"""The close lesson's server: accepts one client on 127.0.0.1:PORT, writes "hello!", then reads
until the client has closed its end (recv returns b"": end of file) and closes its own. The
with blocks close the sockets if a call fails; after an explicit close() they do nothing more.

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

            # step: eof
            data = conn.recv(4096)  # b"": the client has closed its end
            # end: eof

            # step: close
            conn.close()
            # end: close

        # step: close-listener
        listener.close()
        # end: close-listener

    print(f"the client closed first; read {len(data)} bytes at the end")


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 0 < int(sys.argv[1]) < 65536:
        print("usage: server.py PORT", file=sys.stderr)
        sys.exit(2)
    try:
        main(int(sys.argv[1]))
    except OSError as error:
        sys.exit(f"server: {error}")
