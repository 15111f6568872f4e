"""The ceiling of the stack: a bare Flask page with a template, served the same way as the portal."""
from flask import Flask, render_template_string

app = Flask(__name__)


@app.route("/")
def index():
    return render_template_string("<!doctype html><title>{{ t }}</title><p>{{ t }}</p>", t="Hej Malmö")
