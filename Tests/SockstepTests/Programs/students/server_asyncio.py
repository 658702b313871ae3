"""A student's TCP server on asyncio: an event loop waits in epoll_wait, not in accept."""
import asyncio
import sys


async def main(port):
    done = asyncio.Event()

    async def serve(reader, writer):
        writer.write(b"hello!")
        await writer.drain()
        writer.close()
        await writer.wait_closed()
        done.set()

    server = await asyncio.start_server(serve, "127.0.0.1", port)
    async with server:
        await done.wait()


asyncio.run(main(int(sys.argv[1])))
