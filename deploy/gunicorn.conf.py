"""gunicorn's settings for the portal (deploy/start.sh web passes this file).

gunicorn announces itself in a ``Server:`` header on every response and has no setting to stop
it; telling every visitor which server software (and so which known flaws) to try helps nobody
but an attacker, so the header is left out here."""

from gunicorn.http import wsgi

_default_headers = wsgi.Response.default_headers


def _default_headers_without_server(self):
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


wsgi.Response.default_headers = _default_headers_without_server
