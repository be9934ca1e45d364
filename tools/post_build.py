#!/usr/bin/env python3
"""Trunk post-build hook: pin the page to its own origin with a Content-Security-Policy, and
write 404.html (the same page) so static hosts such as GitHub Pages open the app on any path.

Trunk inlines a small module script that loads the wasm, and the first screen rendered at build
time (crates/prerender) brings one script and one stylesheet; their contents change with every
build, so the policy allows exactly those inline blocks by their SHA-256 and nothing else inline.
Everything else (scripts, wasm, data, styles, the workers) must come from the page's own origin;
no third-party fonts, CDNs or analytics can load. Fails the build if the page does not look as
expected.
"""

import base64
import hashlib
import os
import re
import sys

staging = os.environ.get("TRUNK_STAGING_DIR")
if not staging:
    sys.exit("post_build.py: TRUNK_STAGING_DIR is not set (run it as a Trunk post_build hook)")
path = os.path.join(staging, "index.html")
with open(path, encoding="utf-8") as f:
    html = f.read()

def digest(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


modules = re.findall(r"<script type=\"module\">(.*?)</script>", html, flags=re.DOTALL)
if len(modules) != 1:
    sys.exit(f"post_build.py: expected exactly one inline module script in {path}, found {len(modules)}")
scripts = re.findall(r"<script(?: type=\"module\")?>(.*?)</script>", html, flags=re.DOTALL)
styles = re.findall(r"<style>(.*?)</style>", html, flags=re.DOTALL)
if len(scripts) != 2 or len(styles) != 1:
    sys.exit(f"post_build.py: expected the loader and the first screen's script and stylesheet in {path}, "
             f"found {len(scripts)} inline scripts and {len(styles)} stylesheets (run `make prerender`)")
if "<script " in html.replace('<script type="module">', ""):
    sys.exit(f"post_build.py: {path} has a script tag with attributes this policy does not expect")

policy = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval' " + " ".join(digest(s) for s in scripts),
    "style-src 'self' " + " ".join(digest(s) for s in styles),
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
])
meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}" />'
if "Content-Security-Policy" in html:
    sys.exit(f"post_build.py: {path} already has a Content-Security-Policy")
html, n = re.subn(r"(<meta charset=\"utf-8\" />)", r"\1\n    " + meta, html, count=1)
if n != 1:
    sys.exit(f"post_build.py: no <meta charset> in {path} to put the policy after")
with open(path, "w", encoding="utf-8") as f:
    f.write(html)
# A static host answers unknown paths with 404.html: the same page, whose <base href> (Trunk's
# public_url) keeps every asset and data request under the site's own folder.
if '<base href="' not in html:
    sys.exit(f"post_build.py: {path} has no <base href>: index.html needs <base data-trunk-public-url />")
with open(os.path.join(staging, "404.html"), "w", encoding="utf-8") as f:
    f.write(html)
print(f"post_build.py: Content-Security-Policy added ({len(scripts)} inline scripts, {len(styles)} stylesheet by hash); 404.html written")
