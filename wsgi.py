"""Entry point: `flask --app wsgi run` or `gunicorn wsgi:app`."""

from selfcheck import create_app
from selfcheck.config import ConfigError
from selfcheck.questionnaire import QuestionnaireError

try:
    app = create_app()
except (QuestionnaireError, ConfigError) as error:
    raise SystemExit(f"selfcheck cannot start:\n{error}") from None
