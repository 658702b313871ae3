"""The tcp6 lesson's server: binds [::1]:PORT for IPv6 only, accepts one client, writes
"hello!" to it.

    python3 server.py 8888
"""
import socket
import sys


def main(port):
    # step: socket
    listener = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    # end: socket

    # step: reuseaddr
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # end: reuseaddr

    # step: v6only
    listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    # end: v6only

    # step: bind
    listener.bind(("::1", port))
    # end: bind

    # step: listen
    listener.listen(128)
    # end: listen

    # step: accept
    stream, peer = listener.accept()
    # end: accept

    # step: send
    stream.sendall(b"hello!")
    # end: send

    stream.close()
    listener.close()


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 0 < int(sys.argv[1]) < 65536:
        print("usage: server.py PORT", file=sys.stderr)
        sys.exit(2)
    try:
        main(int(sys.argv[1]))
    except OSError as error:
        sys.exit(f"server: {error}")
