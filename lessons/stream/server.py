"""The stream lesson's server: accepts one client on 127.0.0.1:PORT and writes three pieces,
"one,", "two," and "three", with three calls. TCP keeps the bytes and their order, not the
pieces: the client reads them with other boundaries. The with blocks close the sockets.

Then a second client, which offers a small receive buffer and reads nothing for a second: the
server makes its own send buffer small too and writes 64 KiB without waiting (MSG_DONTWAIT).
The kernel takes only what fits, a short write, and then nothing (EAGAIN); a blocking send of
the rest waits until the client reads.

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
        listener.listen(128)
        # end: listen

        # step: accept
        conn, peer = listener.accept()
        # end: accept

        with conn:  # closed at the end of the block: the client reads end of file
            # step: send
            for piece in (b"one,", b"two,", b"three"):
                conn.sendall(piece)
            # end: send

        # step: accept-big
        conn, peer = listener.accept()
        # end: accept-big

        with conn:
            # step: sndbuf
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
            size = conn.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)
            print(f"send buffer: {size} bytes")  # the kernel doubles what it is given
            # end: sndbuf

            # step: send-nowait
            block = memoryview(b"x" * 65536)
            sent = 0
            while sent < len(block):  # without waiting: the kernel takes what fits now
                try:
                    n = conn.send(block[sent:], socket.MSG_DONTWAIT | socket.MSG_NOSIGNAL)
                except BlockingIOError:  # EAGAIN: nothing fits now
                    break
                print(f"send took {n} of {len(block) - sent} bytes")
                sent += n
                time.sleep(0.25)  # a quarter of a second: the client's delayed ACK arrives meanwhile
            # end: send-nowait

            # step: send-wait
            conn.sendall(block[sent:], socket.MSG_NOSIGNAL)  # blocking: the kernel waits for room
            print(f"the blocking send took the other {len(block) - sent} bytes")
            # end: send-wait


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 0 < int(sys.argv[1]) < 65536:
        print("usage: server.py PORT", file=sys.stderr)
        sys.exit(2)
    try:
        main(int(sys.argv[1]))
    except OSError as error:
        sys.exit(f"server: {error}")
