"""The tracker for gunicorn: `gunicorn 'tracker.wsgi:app'` (settings from the environment). A database
the code is ahead of stops the workers at start, saying to run tracker-migrate, rather than failing every
request."""

from tracker import create_app
from tracker.db import database
from tracker.migrations import check_up_to_date

app = create_app()
with database.connection_context():
    check_up_to_date(database.obj)
