#!/usr/bin/env python3
"""Drives a review page in headless Chromium over --remote-debugging-pipe
(Python standard library only): checks the page images loaded and the
overlays are there, takes a screenshot, clicks one correction through the
editor, presses "Save corrections" and waits for the download.

usage: review_click.py PAGE.html DOWNLOAD_DIR SCREENSHOT.png RECORD_ID VALUE LABEL
Prints one JSON object on stdout; exit 1 on any failure.
"""
import base64, json, os, struct, subprocess, sys, tempfile, time, zlib

CHROMIUM = os.environ.get("CHROMIUM", "chromium")


class Browser:
    def __init__(self, profile):
        r1, w1 = os.pipe()  # we write commands -> chromium fd 3
        r2, w2 = os.pipe()  # chromium fd 4 -> we read
        args = [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync", "--user-data-dir=" + profile,
            # any attempt to reach the network fails at once
            "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
            "--remote-debugging-pipe", "--window-size=1400,1000", "about:blank",
        ]

        def fds():
            os.dup2(r1, 3)
            os.dup2(w2, 4)

        self.proc = subprocess.Popen(args, pass_fds=(3, 4), preexec_fn=fds,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(r1)
        os.close(w2)
        self.w = os.fdopen(w1, "wb")
        self.r = os.fdopen(r2, "rb")
        self.buf = b""
        self.next_id = 0
        self.events = []

    def _read(self):
        while b"\0" not in self.buf:
            chunk = self.r.read1(65536)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.w.write(json.dumps(msg).encode() + b"\0")
        self.w.flush()
        while True:
            m = self._read()
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, method, timeout=30, pred=lambda p: True):
        end = time.time() + timeout
        while time.time() < end:
            for i, m in enumerate(self.events):
                if m.get("method") == method and pred(m.get("params", {})):
                    return self.events.pop(i)
            self.events.append(self._read())
        raise RuntimeError("timed out waiting for " + method)

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def png_pixels(data):
    """(width, height, rows of RGB tuples) of an 8-bit RGB/RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), (depth, ctype)
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def main():
    page, download_dir, shot, rec_id, value, label = sys.argv[1:7]
    profile = tempfile.mkdtemp(prefix="shinchoku-chromium-")
    b = Browser(profile)
    out = {}
    try:
        targets = b.call("Target.getTargets")["targetInfos"]
        tid = next(t["targetId"] for t in targets if t["type"] == "page")
        s = b.call("Target.attachToTarget", {"targetId": tid, "flatten": True})["sessionId"]
        b.call("Browser.setDownloadBehavior",
               {"behavior": "allow", "downloadPath": download_dir, "eventsEnabled": True})
        b.call("Page.enable", session=s)
        b.call("Network.enable", session=s)
        b.call("Page.navigate", {"url": "file://" + os.path.abspath(page)}, session=s)
        b.wait_event("Page.loadEventFired")

        def js(expr):
            r = b.call("Runtime.evaluate", {"expression": expr, "returnByValue": True,
                                            "awaitPromise": True}, session=s)
            if "exceptionDetails" in r:
                raise RuntimeError(f"{expr}: {r['exceptionDetails']}")
            return r["result"].get("value")

        out["images"] = js("Array.from(document.images).map(i => [i.complete, i.naturalWidth])")
        out["overlays"] = js("document.querySelectorAll('.ov-rec').length")
        out["marks"] = js("document.querySelectorAll('.ov-mark').length")
        out["dom_overlays"] = js("document.body.getAttribute('data-overlays')")
        requests = [m["params"]["request"]["url"] for m in b.events
                    if m.get("method") == "Network.requestWillBeSent"]
        out["network"] = [u for u in requests if not u.startswith(("file:", "data:", "blob:"))]

        shot_png = base64.b64decode(b.call("Page.captureScreenshot", {"format": "png"}, session=s)["data"])
        open(shot, "wb").write(shot_png)
        w, h, bpp, rows = png_pixels(shot_png)
        colours, nonwhite, total = set(), 0, 0
        for y in range(0, h, 7):
            row = rows[y]
            for x in range(0, w, 7):
                px = tuple(row[x * bpp:x * bpp + 3])
                colours.add(px)
                total += 1
                nonwhite += px != (255, 255, 255)
        out["screenshot"] = {"width": w, "height": h, "colours": len(colours),
                             "nonwhite": round(nonwhite / total, 3)}

        def click(selector):
            rect = js(f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
                      " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
                      " return [r.x + r.width / 2, r.y + r.height / 2]; })()")
            for kind in ("mousePressed", "mouseReleased"):
                b.call("Input.dispatchMouseEvent", {"type": kind, "x": rect[0], "y": rect[1],
                                                    "button": "left", "clickCount": 1}, session=s)

        # Click the record in the list; the editor opens and the page zooms.
        click(f'#list a[data-id="{rec_id}"]')
        out["selected"] = js(f"document.querySelector('#rec-{rec_id}').classList.contains('sel')")
        out["zoom"] = float(js("getComputedStyle(document.documentElement).getPropertyValue('--zoom')"))
        zoomed = base64.b64decode(b.call("Page.captureScreenshot", {"format": "png"}, session=s)["data"])
        open(shot.replace(".png", "-zoom.png"), "wb").write(zoomed)
        # Choose the value in the select, type the label, apply, save.
        click("#ed-value")
        js(f"(() => {{ const s = document.getElementById('ed-value'); s.value = {json.dumps(value)};"
           " s.dispatchEvent(new Event('change', {bubbles: true})); })()")
        b.call("Input.dispatchKeyEvent", {"type": "keyDown", "key": "Escape"}, session=s)
        click("#ed-label")
        js("document.getElementById('ed-label').select()")
        b.call("Input.insertText", {"text": label}, session=s)
        click("#ed-apply")
        out["ncorr"] = js("document.getElementById('ncorr').textContent")
        click("#save")
        done = b.wait_event("Browser.downloadProgress", 30, lambda p: p.get("state") in ("completed", "canceled"))
        out["download"] = done["params"]
        files = [f for f in os.listdir(download_dir) if f.endswith(".corrections.json")]
        out["files"] = files
    finally:
        b.close()
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
