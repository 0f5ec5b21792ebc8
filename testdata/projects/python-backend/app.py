"""Device backend: a tiny Flask API that forwards readings upstream."""
import requests
from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/readings/<device>")
def readings(device):
    r = requests.get(f"https://upstream.example/readings/{device}", timeout=5)
    return jsonify(r.json())
