"""GET /healthz: 200 only when the web app is up and Rasa answers with a loaded model."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def check_health():
    """Report readiness for load balancers and `make run`."""
    if current_app.extensions["helpline"].rasa.check_ready():
        return jsonify(status="ok", rasa="ready")
    return jsonify(status="unavailable", rasa="unreachable or no model loaded"), 503
