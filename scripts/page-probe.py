#!/usr/bin/env python3
"""Drives headless Chromium through its DevTools protocol (a WebSocket client of its own, the
standard library only) to look at sockstep's page the way a teacher's browser shows it.

    page-probe.py PLAN.json        # runs the plan's steps, prints one JSON result per step

A plan is a list of steps, each an object with "do" and its arguments:
    {"do": "open", "url": "file:///tmp/tcp.html", "size": [1920, 1080], "scheme": "dark"}
    {"do": "measure"}                              overflow, font sizes, contrast, items, flows
    {"do": "keys", "keys": ["ArrowRight", " "]}    presses keys; the position after each
    {"do": "hover", "item": 4}                     points at a box; what the tip shows
    {"do": "focus"}                                Tab to the first box; the tip and the panel
    {"do": "pdf", "out": "/tmp/tcp.pdf"}           prints (A4) as Chromium's print does
    {"do": "scroll", "to": "#diagram"}             scrolls an element to the window's top
    {"do": "shot", "out": "/tmp/tcp.png"}          a screenshot of the window
Used by the tests (Tests/SockstepTests/PageTests.swift) and scripts/render-page.
"""
import base64
import http.client
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time


class DevTools:
    """A WebSocket connection to one page target, speaking JSON-RPC."""

    def __init__(self, url):
        rest = url[len("ws://"):]
        host_port, path = rest.split("/", 1)
        host, port = host_port.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        request = ("GET /%s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n") % (path, host_port, key)
        self.sock.sendall(request.encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError("DevTools closed the connection during the handshake")
            data += chunk
        head, self.buffer = data.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError("no WebSocket upgrade: %r" % head[:200])
        self.next_id = 0
        self.events = []

    def _exact(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("DevTools closed the connection")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def _send(self, payload, opcode=0x1):
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack("!H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def _message(self):
        parts = []
        while True:
            first, second = self._exact(2)
            opcode = first & 0x0F
            n = second & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._exact(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._exact(8))[0]
            mask = self._exact(4) if second & 0x80 else None
            payload = self._exact(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x9:
                self._send(payload, 0xA)
                continue
            if opcode == 0x8:
                raise RuntimeError("DevTools closed the WebSocket")
            if opcode in (0x1, 0x2, 0x0):
                parts.append(payload)
                if first & 0x80:
                    return json.loads(b"".join(parts).decode())

    def call(self, method, **params):
        self.next_id += 1
        ident = self.next_id
        self._send(json.dumps({"id": ident, "method": method, "params": params}).encode())
        while True:
            message = self._message()
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError("%s: %s" % (method, message["error"]))
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, name, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for i, event in enumerate(self.events):
                if event.get("method") == name:
                    del self.events[: i + 1]
                    return event
            self.events.append(self._message())
        raise RuntimeError("no %s within %ss" % (name, timeout))

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError("script failed: %s" % json.dumps(result["exceptionDetails"])[:600])
        return result["result"].get("value")


class Browser:
    def __init__(self, chromium):
        self.home = tempfile.mkdtemp(prefix="page-probe-")
        args = [chromium, "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                "--user-data-dir=" + self.home, "--remote-debugging-port=0", "about:blank"]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")
        env = dict(os.environ, HOME=self.home)
        self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, env=env)
        port_file = os.path.join(self.home, "DevToolsActivePort")
        deadline = time.time() + 60
        while not (os.path.exists(port_file) and open(port_file).read().count("\n") >= 1):
            if self.process.poll() is not None or time.time() > deadline:
                self.close()
                raise RuntimeError("chromium did not start its DevTools server")
            time.sleep(0.05)
        port = int(open(port_file).read().split("\n")[0])
        targets = []
        while not targets and time.time() < deadline:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/json/list")
            targets = [t for t in json.loads(connection.getresponse().read()) if t.get("type") == "page"]
            connection.close()
            if not targets:
                time.sleep(0.05)
        self.tab = DevTools(targets[0]["webSocketDebuggerUrl"])
        self.tab.call("Page.enable")
        self.tab.call("Runtime.enable")

    def close(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.home, ignore_errors=True)


# What the page looks like, measured in the page: overflow, text sizes, contrast ratios (WCAG 2),
# boxes whose text leaves them, and the diagram's items and flows.
MEASURE = r"""
(() => {
  const de = document.documentElement;
  const parse = (text) => {
    const m = /rgba?\(([^)]+)\)/.exec(text || '');
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const channel = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const over = (top, bottom) => ({ r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
                                   b: top.b * top.a + bottom.b * (1 - top.a), a: 1 });
  const backgroundOf = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let color = { r: 255, g: 255, b: 255, a: 1 };
    for (let i = layers.length - 1; i >= 0; i--) color = over(layers[i], color);
    return color;
  };
  const shown = (el) => {
    if (el.getClientRects().length === 0) return false;
    const cs = getComputedStyle(el);
    return cs.visibility === 'visible' && Number(cs.opacity) > 0;
  };
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || seen.has(el) || el.closest('script, style, [hidden]')) continue;
    seen.add(el);
    if (!shown(el)) continue;
    const cs = getComputedStyle(el);
    const fg = parse(cs.color), bg = backgroundOf(el);
    const text = over(fg, bg);
    const a = luminance(text), b = luminance(bg);
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    texts.push({ el: describe(el), text: node.textContent.trim().slice(0, 60), size: parseFloat(cs.fontSize), ratio: Math.round(ratio * 100) / 100 });
  }
  const sizes = texts.map(t => t.size), ratios = texts.map(t => t.ratio);
  const overflowing = [];
  const boxes = document.querySelectorAll('.item, .flow-label, .panel, .lane-head, article, .story, .intro p, .tip');
  boxes.forEach((el) => {
    if (!shown(el)) return;
    if (el.scrollWidth > el.clientWidth + 1) overflowing.push({ el: describe(el), why: 'scrollWidth ' + el.scrollWidth + ' > ' + el.clientWidth });
    const box = el.getBoundingClientRect();
    const outside = (r) => r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1;
    // An element whose box leaves the item is checked character by character: a space that
    // hangs at the end of a wrapped line (white-space: pre-wrap) is no text out of its box.
    const inkOutside = (inner) => {
      const walk = document.createTreeWalker(inner, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      while (walk.nextNode()) {
        const text = walk.currentNode.textContent;
        for (let i = 0; i < text.length; i++) {
          if (/\s/.test(text[i])) continue;
          range.setStart(walk.currentNode, i);
          range.setEnd(walk.currentNode, i + 1);
          const r = range.getBoundingClientRect();
          if ((r.width > 0 || r.height > 0) && outside(r)) return text.slice(Math.max(0, i - 10), i + 10);
        }
      }
      return null;
    };
    el.querySelectorAll('*').forEach((inner) => {
      if (!shown(inner) || getComputedStyle(inner).position === 'absolute' || getComputedStyle(inner).position === 'fixed') return;
      for (const r of inner.getClientRects()) {
        if (r.width === 0 && r.height === 0) continue;
        if (outside(r)) {
          const ink = inkOutside(inner);
          if (ink !== null) overflowing.push({ el: describe(inner), in: describe(el), why: 'text outside its box: ' + ink });
          return;
        }
      }
    });
  });
  const overlaps = [];
  document.querySelectorAll('.badge').forEach((badge) => {
    const b = badge.getBoundingClientRect();
    badge.parentElement.querySelectorAll('code.line').forEach((line) => {
      if (!shown(line)) return;
      const l = line.getBoundingClientRect();
      if (b.left < l.right && l.left < b.right && b.top < l.bottom && l.top < b.bottom) overlaps.push(describe(badge.parentElement));
    });
  });
  const beyond = [];
  document.querySelectorAll('body *').forEach((el) => {
    if (!shown(el) || el.closest('svg')) return;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > de.clientWidth + 1) beyond.push(describe(el));
  });
  const items = Array.from(document.querySelectorAll('#diagram .item')).map((el) => ({
    item: Number(el.dataset.item), kind: el.dataset.kind, name: el.dataset.name || null, lane: el.dataset.lane,
    pos: Number(el.dataset.pos), ret: el.dataset.ret ? Number(el.dataset.ret) : null, waits: el.classList.contains('waits'),
    later: el.classList.contains('later'), text: el.innerText }));
  const flows = Array.from(document.querySelectorAll('#flows .flow')).map((g) => ({
    kind: g.dataset.kind, from: Number(g.dataset.from), via: g.dataset.via ? Number(g.dataset.via) : null, to: Number(g.dataset.to),
    pos: Number(g.dataset.pos), points: (g.firstElementChild.getAttribute('points') || '').trim().split(/\s+/).filter(Boolean).length }));
  return {
    width: innerWidth, height: innerHeight, scrollWidth: de.scrollWidth, clientWidth: de.clientWidth, bodyScrollWidth: document.body.scrollWidth,
    stageWidth: Math.round(document.querySelector('.stage').getBoundingClientRect().width),
    ready: document.body.dataset.ready || null, errors: document.body.dataset.errors || null,
    positions: Number(document.body.dataset.positions), position: Number(document.body.dataset.position),
    minFont: Math.min(...sizes), minRatio: Math.min(...ratios), texts: texts.length,
    small: texts.filter(t => t.size < 18).slice(0, 12), lowContrast: texts.filter(t => t.ratio < 7).slice(0, 12),
    overflowing: overflowing.slice(0, 20), overlaps, beyond: beyond.slice(0, 20), items, flows,
    articles: Array.from(document.querySelectorAll('#handout article')).map(a => a.innerText),
  };
})()
"""

STATE = r"""
(() => ({ position: Number(document.body.dataset.position), hash: location.hash,
          shown: Array.from(document.querySelectorAll('#diagram .item')).filter(el => !el.classList.contains('later')).length,
          current: (document.querySelector('.current') || {}).id || null,
          panel: document.getElementById('panel-body').innerText,
          tipHidden: document.getElementById('tip').hidden, tip: document.getElementById('tip').innerText }))()
"""

KEYS = {
    "ArrowRight": ("ArrowRight", 39), "ArrowLeft": ("ArrowLeft", 37), "PageDown": ("PageDown", 34),
    "PageUp": ("PageUp", 33), "Home": ("Home", 36), "End": ("End", 35), " ": ("Space", 32),
    "Tab": ("Tab", 9), "Enter": ("Enter", 13),
}


def press(tab, key):
    code, number = KEYS[key]
    for kind in ("keyDown", "keyUp"):
        params = {"type": kind, "key": key, "code": code, "windowsVirtualKeyCode": number, "nativeVirtualKeyCode": number}
        if kind == "keyDown" and key == " ":
            params["text"] = " "
        tab.call("Input.dispatchKeyEvent", **params)


def settle(tab):
    # Two animation frames: the page's layout and drawing are done.
    tab.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))")


def run(plan, chromium):
    browser = Browser(chromium)
    tab = browser.tab
    results = []
    try:
        for step in plan:
            do = step["do"]
            if do == "open":
                width, height = step.get("size", [1920, 1080])
                tab.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
                tab.call("Emulation.setEmulatedMedia", media="",
                         features=[{"name": "prefers-color-scheme", "value": step.get("scheme", "light")}])
                tab.call("Page.navigate", url="about:blank")
                tab.wait_for("Page.loadEventFired")
                tab.call("Page.navigate", url=step["url"])
                tab.wait_for("Page.loadEventFired")
                settle(tab)
                results.append({"do": do, "url": step["url"]})
            elif do == "measure":
                settle(tab)
                results.append(dict(tab.evaluate(MEASURE), do=do))
            elif do == "keys":
                states = []
                for key in step["keys"]:
                    press(tab, key)
                    settle(tab)
                    states.append(dict(tab.evaluate(STATE), key=key))
                results.append({"do": do, "states": states})
            elif do == "hover":
                box = tab.evaluate("(() => { const el = document.getElementById('i%d'); el.scrollIntoView({block: 'center'});"
                                   " const r = el.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()" % step["item"])
                tab.call("Input.dispatchMouseEvent", type="mouseMoved", x=box[0], y=box[1])
                settle(tab)
                results.append(dict(tab.evaluate(STATE), do=do))
            elif do == "focus":
                tab.evaluate("document.activeElement && document.activeElement.blur && document.activeElement.blur()")
                press(tab, "Tab")
                settle(tab)
                state = tab.evaluate(STATE)
                state["focused"] = tab.evaluate("document.activeElement ? document.activeElement.id : null")
                results.append(dict(state, do=do))
            elif do == "scroll":
                tab.evaluate("(() => { const el = document.querySelector(%s); if (el) el.scrollIntoView({block: 'start'}); return true; })()"
                             % json.dumps(step["to"]))
                settle(tab)
                results.append({"do": do})
            elif do == "pdf":
                data = tab.call("Page.printToPDF", printBackground=True, paperWidth=8.27, paperHeight=11.69,
                                displayHeaderFooter=False, preferCSSPageSize=True)["data"]
                with open(step["out"], "wb") as out:
                    out.write(base64.b64decode(data))
                results.append({"do": do, "out": step["out"]})
            elif do == "shot":
                data = tab.call("Page.captureScreenshot", format="png")["data"]
                with open(step["out"], "wb") as out:
                    out.write(base64.b64decode(data))
                results.append({"do": do, "out": step["out"]})
            else:
                raise RuntimeError("unknown step %r" % do)
    finally:
        browser.close()
    return results


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: page-probe.py PLAN.json")
    with open(sys.argv[1]) as f:
        plan = json.load(f)
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    json.dump(run(plan, chromium), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
