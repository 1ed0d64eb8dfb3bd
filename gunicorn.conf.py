"""gunicorn settings, read automatically by `gunicorn wsgi:app` from this folder.

preload_app loads the app once in the master: a broken questionnaire or a missing secret
key stops gunicorn with the errors printed (instead of workers restarting forever), and
workers share the questionnaire, forms and warmed-up PDF fonts built at start-up.
"""

import os
import re

preload_app = True
bind = os.environ.get("SELFCHECK_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("SELFCHECK_WORKERS", "2"))

# forwarded headers and control socket (issue 15)
# Forwarded headers are believed only as SELFCHECK_PROXIES says, and only by the app: its
# ProxyFix reads exactly that many hops of X-Forwarded-For/-Proto/-Host (none when unset).
# gunicorn itself believes none from anyone — by default it would take X-Forwarded-Proto,
# X-Forwarded-Ssl and the SCRIPT_NAME/PATH_INFO headers from any client on loopback.
forwarded_allow_ips = ""
secure_scheme_headers: dict[str, str] = {}
forwarder_headers = ""
# One control socket (gunicornc) per instance, named after the address it listens on (as
# bound, from SELFCHECK_BIND or --bind): with gunicorn's default path, a second instance on
# the host would take over the first one's socket. --control-socket PATH still chooses one.
_runtime = os.environ.get("XDG_RUNTIME_DIR", "")
_folder = _runtime if _runtime and os.path.isdir(_runtime) else os.path.expanduser("~/.gunicorn")
control_socket = os.path.join(_folder, "selfcheck.ctl")  # renamed in when_ready


def when_ready(server):
    """Name the control socket after the listening addresses, once they are bound."""
    if server.cfg.control_socket != control_socket:  # chosen on the command line
        return
    addresses = [str(listener).split("://", 1)[-1] for listener in server.LISTENERS]
    name = re.sub(r"[^A-Za-z0-9.-]", "_", "+".join(addresses))
    server.cfg.set("control_socket", os.path.join(_folder, f"selfcheck-{name}.ctl"))


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
