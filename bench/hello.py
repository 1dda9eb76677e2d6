"""The baseline the status lookups are measured against (issue 15): a bare Flask "hello" under the same
gunicorn, in the same run. `gunicorn 'hello:app'` from bench/."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello() -> str:
    return "hello"
