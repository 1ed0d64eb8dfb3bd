"""gunicorn settings, read automatically by `gunicorn wsgi:app` from this folder.

preload_app loads the app once in the master: a broken questionnaire or a missing secret
key stops gunicorn with the errors printed (instead of workers restarting forever), and
workers share the questionnaire, forms and warmed-up PDF fonts built at start-up.
"""

import os

preload_app = True
bind = os.environ.get("SELFCHECK_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("SELFCHECK_WORKERS", "2"))
