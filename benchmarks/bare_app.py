"""The ceiling of the stack: a bare Flask page with a template, served the same way as the portal."""
from flask import Flask

app = Flask(__name__)
# A compiled template, as the portal's are (render_template_string would compile on every request).
TEMPLATE = app.jinja_env.from_string("<!doctype html><title>{{ t }}</title><p>{{ t }}</p>")


@app.route("/")
def index():
    return TEMPLATE.render(t="Hej Malmö")
