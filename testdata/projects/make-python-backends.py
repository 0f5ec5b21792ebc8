#!/usr/bin/env python3
"""Writes python-backend and python-backend-v2 (python3 make-python-backends.py .):
a tiny Flask app with a venv-like site-packages holding only the *.dist-info
metadata of its dependencies (no code), as pip would have installed them.
METADATA follows each release's real metadata."""
import base64, hashlib, os, sys, shutil

def pkg(name, version, summary, home, author, email, lic, requires=(), extras=(), pyreq=None, urls=(), top=None):
    return dict(name=name, version=version, summary=summary, home=home, author=author,
                email=email, lic=lic, requires=requires, extras=extras, pyreq=pyreq, urls=urls,
                top=top or name.lower().replace('-', '_'))

V1 = [
  pkg("Flask", "1.1.2", "A simple framework for building complex web applications.",
      "https://palletsprojects.com/p/flask/", "Armin Ronacher", "armin.ronacher@active-4.com", "BSD-3-Clause",
      ["Werkzeug (>=0.15)", "Jinja2 (>=2.10.1)", "itsdangerous (>=0.24)", "click (>=5.1)"],
      [("dotenv", "python-dotenv")], ">=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*, !=3.4.*",
      [("Code", "https://github.com/pallets/flask"), ("Issue tracker", "https://github.com/pallets/flask/issues")]),
  pkg("Werkzeug", "1.0.1", "The comprehensive WSGI web application library.",
      "https://palletsprojects.com/p/werkzeug/", "Armin Ronacher", "armin.ronacher@active-4.com", "BSD-3-Clause",
      [], [("watchdog", "watchdog")], ">=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*, !=3.4.*",
      [("Code", "https://github.com/pallets/werkzeug"), ("Issue tracker", "https://github.com/pallets/werkzeug/issues")]),
  pkg("Jinja2", "2.11.2", "A very fast and expressive template engine.",
      "https://palletsprojects.com/p/jinja/", "Armin Ronacher", "armin.ronacher@active-4.com", "BSD-3-Clause",
      ["MarkupSafe (>=0.23)"], [("i18n", "Babel (>=0.8)")], ">=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*, !=3.4.*",
      [("Code", "https://github.com/pallets/jinja"), ("Issue tracker", "https://github.com/pallets/jinja/issues")], "jinja2"),
  pkg("itsdangerous", "1.1.0", "Various helpers to pass data to untrusted environments and back.",
      "https://palletsprojects.com/p/itsdangerous/", "Armin Ronacher", "armin.ronacher@active-4.com", "BSD",
      pyreq=">=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*"),
  pkg("click", "7.1.2", "Composable command line interface toolkit",
      "https://palletsprojects.com/p/click/", "Armin Ronacher", "armin.ronacher@active-4.com", "BSD-3-Clause",
      pyreq=">=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*, !=3.4.*"),
  pkg("MarkupSafe", "1.1.1", "Safely add untrusted strings to HTML/XML markup.",
      "https://palletsprojects.com/p/markupsafe/", "Armin Ronacher", "armin.ronacher@active-4.com", "BSD-3-Clause",
      pyreq=">=2.7,!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*", top="markupsafe"),
  pkg("requests", "2.23.0", "Python HTTP for Humans.", "https://requests.readthedocs.io",
      "Kenneth Reitz", "me@kennethreitz.org", "Apache 2.0",
      ["chardet (<4,>=3.0.2)", "idna (<3,>=2.5)", "urllib3 (!=1.25.0,!=1.25.1,<1.26,>=1.21.1)", "certifi (>=2017.4.17)"],
      [("security", "pyOpenSSL (>=0.14)"), ("socks", "PySocks (!=1.5.7,>=1.5.6)")],
      ">=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*, !=3.4.*",
      [("Source", "https://github.com/psf/requests")]),
  pkg("urllib3", "1.25.9", "HTTP library with thread-safe connection pooling, file post, and more.",
      "https://urllib3.readthedocs.io/", "Andrey Petrov", "andrey.petrov@shazow.net", "MIT",
      [], [("brotli", "brotlipy (>=0.6.0)"), ("socks", "PySocks (!=1.5.7,<2.0,>=1.5.6)")],
      ">=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*, !=3.4.*, <4"),
  pkg("certifi", "2020.4.5.1", "Python package for providing Mozilla's CA Bundle.", "https://certifiio.readthedocs.io/en/latest/",
      "Kenneth Reitz", "me@kennethreitz.com", "MPL-2.0"),
  pkg("idna", "2.9", "Internationalized Domain Names in Applications (IDNA)", "https://github.com/kjd/idna",
      "Kim Davies", "kim@cynosure.com.au", "BSD-like", pyreq=">=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*"),
  pkg("chardet", "3.0.4", "Universal encoding detector for Python 2 and 3", "https://github.com/chardet/chardet",
      "Daniel Blanchard", "dan.blanchard@gmail.com", "LGPL"),
  pkg("gunicorn", "20.0.4", "WSGI HTTP Server for UNIX", "http://gunicorn.org",
      "Benoit Chesneau", "benoitc@e-engura.com", "MIT", ["setuptools (>=3.0)"],
      [("gevent", "gevent (>=0.13)"), ("tornado", "tornado (>=0.2)")], ">=3.4",
      [("Documentation", "https://docs.gunicorn.org"), ("Source", "https://github.com/benoitc/gunicorn")]),
  pkg("setuptools", "46.1.3", "Easily download, build, install, upgrade, and uninstall Python packages",
      "https://github.com/pypa/setuptools", "Python Packaging Authority", "distutils-sig@python.org", None,
      pyreq="!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*,!=3.4.*,>=2.7"),
]

def upgraded():
    by = {p["name"]: dict(p) for p in V1}
    def bump(name, version, **kw):
        p = by[name]; p["version"] = version; p.update(kw)
    bump("Flask", "2.0.3", requires=["Werkzeug (>=2.0)", "Jinja2 (>=3.0)", "itsdangerous (>=2.0)", "click (>=7.1.2)"],
         extras=[("async", "asgiref (>=3.2)"), ("dotenv", "python-dotenv")], pyreq=">=3.6")
    bump("Werkzeug", "2.0.3", extras=[("watchdog", "watchdog")], pyreq=">=3.6")
    bump("Jinja2", "3.0.3", requires=["MarkupSafe (>=2.0)"], pyreq=">=3.6")
    bump("itsdangerous", "2.0.1", lic="BSD-3-Clause", pyreq=">=3.6")
    bump("click", "8.0.4", pyreq=">=3.6")
    bump("MarkupSafe", "2.0.1", pyreq=">=3.6")
    bump("requests", "2.28.1", requires=["charset-normalizer (<3,>=2)", "idna (<4,>=2.5)", "urllib3 (<1.27,>=1.21.1)", "certifi (>=2017.4.17)"],
         extras=[("socks", "PySocks (!=1.5.7,>=1.5.6)"), ("use_chardet_on_py3", "chardet (<6,>=3.0.2)")], pyreq=">=3.7, <4")
    bump("urllib3", "1.26.12", pyreq=">=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*, !=3.4.*, !=3.5.*, <4")
    bump("certifi", "2022.9.24", home="https://github.com/certifi/python-certifi", pyreq=">=3.6")
    bump("idna", "3.4", lic=None, pyreq=">=3.5")
    del by["chardet"]
    out = list(by.values())
    out.append(pkg("charset-normalizer", "2.1.1",
        "The Real First Universal Charset Detector. Open, modern and actively maintained alternative to Chardet.",
        "https://github.com/ousret/charset_normalizer", "Ahmed TAHRI @Ousret", "ahmed.tahri@cloudnursery.dev", "MIT",
        [], [("unicode_backport", "unicodedata2")], ">=3.6.0",
        [("Bug Reports", "https://github.com/Ousret/charset_normalizer/issues")], "charset_normalizer"))
    return out

def metadata(p):
    lines = ["Metadata-Version: 2.1", f"Name: {p['name']}", f"Version: {p['version']}", f"Summary: {p['summary']}",
             f"Home-page: {p['home']}", f"Author: {p['author']}", f"Author-email: {p['email']}"]
    if p["lic"]:
        lines.append(f"License: {p['lic']}")
    for label, url in p["urls"]:
        lines.append(f"Project-URL: {label}, {url}")
    lines.append("Platform: UNKNOWN")
    if p["pyreq"]:
        lines.append(f"Requires-Python: {p['pyreq']}")
    lines += [f"Requires-Dist: {r}" for r in p["requires"]]
    for extra, r in p["extras"]:
        lines += [f"Provides-Extra: {extra}", f"Requires-Dist: {r} ; extra == '{extra}'"]
    return "\n".join(lines) + "\n\n" + p["summary"] + "\n"

def record_line(rel, data):
    d = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{rel},sha256={d},{len(data)}"

def write(root, pkgs, py, app):
    if os.path.exists(root):
        shutil.rmtree(root)
    sp = os.path.join(root, "venv", "lib", py, "site-packages")
    os.makedirs(sp)
    for p in pkgs:
        di = f"{p['name'].replace('-', '_')}-{p['version']}.dist-info"
        files = {"METADATA": metadata(p).encode(), "INSTALLER": b"pip\n",
                 "WHEEL": b"Wheel-Version: 1.0\nGenerator: bdist_wheel (0.34.2)\nRoot-Is-Purelib: true\nTag: py3-none-any\n\n",
                 "top_level.txt": (p["top"] + "\n").encode()}
        os.makedirs(os.path.join(sp, di))
        rec = []
        for fn, data in files.items():
            with open(os.path.join(sp, di, fn), "wb") as f:
                f.write(data)
            rec.append(record_line(f"{di}/{fn}", data))
        rec.append(f"{di}/RECORD,,")
        with open(os.path.join(sp, di, "RECORD"), "w") as f:
            f.write("\n".join(rec) + "\n")
    with open(os.path.join(root, "app.py"), "w") as f:
        f.write(app)

APP = '''"""Device backend: a tiny Flask API that forwards readings upstream."""
import requests
from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/readings/<device>")
def readings(device):
    r = requests.get(f"https://upstream.example/readings/{device}", timeout=5)
    return jsonify(r.json())
'''

base = sys.argv[1]
write(os.path.join(base, "python-backend"), V1, "python3.8", APP)
write(os.path.join(base, "python-backend-v2"), upgraded(), "python3.10", APP)
