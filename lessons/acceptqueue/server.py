"""The acceptqueue lesson's server: listens on 127.0.0.1:PORT with a backlog of 1, is busy for
two seconds, then accepts three clients. While it is busy the accept queue fills: the kernel
finishes two handshakes for it (a backlog of 1 lets the queue hold 2), and the third client's
SYN is dropped until accept makes room. The with blocks close the sockets.

    python3 server.py 8888
"""
import socket
import sys
import time


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
        listener.listen(1)
        # end: listen

        # step: wait
        time.sleep(2)  # busy elsewhere: the clients fill the accept queue meanwhile
        # end: wait

        # step: accept
        conns = [listener.accept()[0] for _ in range(3)]
        # end: accept

        print("accepted 3 clients")
        for conn in conns:
            conn.close()


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 0 < int(sys.argv[1]) < 65536:
        print("usage: server.py PORT", file=sys.stderr)
        sys.exit(2)
    try:
        main(int(sys.argv[1]))
    except OSError as error:
        sys.exit(f"server: {error}")
