"""gunicorn settings, read automatically by `gunicorn wsgi:app` from this folder.

preload_app loads the app once in the master: a broken questionnaire or a missing secret
key stops gunicorn with the errors printed (instead of workers restarting forever), and
workers share the questionnaire, forms and warmed-up PDF fonts built at start-up.
"""

import os

preload_app = True
bind = os.environ.get("SELFCHECK_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("SELFCHECK_WORKERS", "2"))

# PDF rendering (issue 19). A worker serves requests from a few threads and hands every PDF
# to rendering processes of its own (selfcheck/pdf_pool.py: SELFCHECK_PDF_PROCESSES per
# worker, SELFCHECK_PDF_QUEUE more may wait, then "busy, try again"), so a thread waiting
# for a PDF holds no page up. The renderers are forked right here, after gunicorn forked the
# worker and before the worker starts any thread, from memory preloaded and warmed in the
# master. A worker takes a new connection only when it has a thread free for it.
worker_class = "gthread"
threads = int(os.environ.get("SELFCHECK_THREADS", "4"))
worker_connections = threads


def post_worker_init(worker):
    engine = getattr(worker.wsgi, "extensions", {}).get("selfcheck")
    if engine is None:  # another app under this file (the benchmark's bare Flask route)
        return

    def replace_me():  # a renderer died: stop taking requests; gunicorn forks a new worker
        worker.alive = False

    engine.pdf.start(close=[s.fileno() for s in worker.sockets], on_broken=replace_me)
