"""The nonblocking lesson's server: an event loop, one process with one thread. Its listening
socket is non-blocking (SOCK_NONBLOCK): accept on an empty queue fails at once with EAGAIN
(Python raises BlockingIOError) instead of waiting. poll then waits for whichever of its
sockets is ready: the listener (a client to accept) or a connection (a request to read). It
greets each client as it accepts it, answers each request as it comes, and ends once two
clients are done. The with block closes the listener.

It waits with select.poll, not select.epoll: CPython's epoll leaves half of each epoll_event
it registers uninitialized (its data field is 64 bits, Python sets 32), so the lines of its
epoll_ctl and epoll_wait calls change from run to run. (The selectors module would also make
an epoll_create1 of its own when it is imported, to see whether epoll works.)

    python3 server.py 8888
"""
import select
import socket
import sys


def main(port):
    # step: socket
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM | socket.SOCK_NONBLOCK) as listener:
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

        # step: try-accept
        try:
            listener.accept()
            sys.exit("server: a client was waiting already")
        except BlockingIOError:
            pass  # EAGAIN: nobody has connected yet, the expected answer
        # end: try-accept

        poller = select.poll()
        poller.register(listener, select.POLLIN)
        conns = {}
        done = 0
        while done < 2:
            for fd, _ in poller.poll():
                if fd == listener.fileno():
                    # step: accept
                    conn, _ = listener.accept()
                    # end: accept
                    conns[conn.fileno()] = conn
                    poller.register(conn, select.POLLIN)
                    # step: greet
                    conn.sendall(b"welcome\n")
                    # end: greet
                    continue
                conn = conns.pop(fd)
                # step: recv
                request = conn.recv(64)
                # end: recv
                # step: reply
                if request:
                    conn.sendall(b"got " + request)
                # end: reply
                # This client is done (answered, or gone): forget it and close the connection.
                poller.unregister(conn)
                conn.close()
                done += 1

        print("served 2 clients")


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 0 < int(sys.argv[1]) < 65536:
        print("usage: server.py PORT", file=sys.stderr)
        sys.exit(2)
    try:
        main(int(sys.argv[1]))
    except OSError as error:
        sys.exit(f"server: {error}")
