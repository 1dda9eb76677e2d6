"""The tracker for gunicorn: `gunicorn 'tracker.wsgi:app'` (settings from the environment)."""

from tracker import create_app

app = create_app()
