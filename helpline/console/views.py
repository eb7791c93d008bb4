"""The console's pages. Every route but sign-in needs an organizer's session; every form and
every JSON POST carries a Flask-WTF CSRF token. Nothing here reads anything about people who
texted: only content/ and the anonymous weekly counts. (About 300 lines: the routes read best
together; forms, the simulator's memory, editing and page data live in their own modules.)"""

from __future__ import annotations

import datetime as dt
import functools
import secrets
import time
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf

from helpline.channels.sms import measure
from helpline.console import accounts, editing, pages, usage
from helpline.console.forms import ConfirmForm, EditForm, SignInForm
from helpline.console.i18n import console_gettext, console_language, console_languages
from helpline.console.simulator import SessionStore
from helpline.content.check import find_problems
from helpline.content.facts import FACTS_FILE, record_review
from helpline.content.reports import stale_items
from helpline.content.store import GENERAL_TOPICS, REQUIRED_STATE_SECTIONS, STATE_NOTE_TOPICS
from helpline.content.translations import OUTDATED, section_status
from helpline.dialogue.pipeline import handle_message
from helpline.ops.db import get_db
from helpline.privacy.pseudonym import pseudonymize
from helpline.privacy.stats_export import export_counts
from helpline.registries.jurisdictions import known_state, load_jurisdiction_names
from helpline.registries.languages import language_codes

bp = Blueprint("console", __name__, url_prefix="/console", template_folder="templates", static_folder="static")


@bp.record_once
def set_up_templates(state) -> None:
    """Templates get gettext (per request, in the organizer's language) and the CSRF token."""
    state.app.jinja_env.add_extension("jinja2.ext.i18n")
    # Installed once: the callables look up this request's language, so concurrent requests in
    # two languages never swap the app-wide template environment under each other.
    state.app.jinja_env.install_gettext_callables(_request_gettext, _request_ngettext, newstyle=True)
    state.app.jinja_env.globals.setdefault("csrf_token", generate_csrf)
    state.app.jinja_env.globals.setdefault("console_languages", console_languages)


def _request_gettext(message: str) -> str:
    return console_gettext(g.get("console_lang", "en"))(message)


def _request_ngettext(singular: str, plural: str, n: int) -> str:
    return _request_gettext(singular if n == 1 else plural)


def organizer_required(view):
    """Send anyone without an organizer session to the sign-in page."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        name = session.get("organizer")
        if not name or not _still_an_organizer(name):
            session.pop("organizer", None)
            return redirect(url_for("console.signin", next=request.path))
        g.organizer = name
        return view(*args, **kwargs)
    return wrapped


def _still_an_organizer(name: str) -> bool:
    return get_db().execute("SELECT 1 FROM organizers WHERE name = ?", [name]).fetchone() is not None


@bp.before_request
def choose_language() -> None:
    """The console's language: ?lang=, else the session's, else the browser's."""
    wanted = request.args.get("lang")
    if wanted in console_languages():
        session["console_lang"] = wanted
    g.console_lang = console_language(session.get("console_lang"), request.accept_languages)


@bp.errorhandler(CSRFError)
def refuse_without_token(error: CSRFError):
    """A POST without a valid token changes nothing."""
    _ = console_gettext(g.console_lang)
    return render_template("console/message.html", message=_("This form has expired. Go back, reload the page and try again.")), 400


@bp.get("/signin")
def signin():
    """The sign-in form."""
    return render_template("console/signin.html", form=SignInForm(), error=None)


@bp.post("/signin")
def signin_post():
    """Check the password; too many failures for a name or an address wait out the window."""
    form = SignInForm()
    _ = console_gettext(g.console_lang)
    if not form.validate_on_submit():
        return render_template("console/signin.html", form=form, error=_("Fill in your name and password.")), 400
    config, db = current_app.config, get_db()
    secret = current_app.extensions["helpline"].secret_key
    name, address = form.name.data.strip(), request.remote_addr or "unknown"
    limit, window = config["CONSOLE_SIGNIN_LIMIT"], config["CONSOLE_SIGNIN_WINDOW_SECONDS"]
    if not accounts.signin_allowed(db, secret, name, address, limit, window):
        return render_template("console/signin.html", form=form, error=_("Too many failed attempts. Wait 15 minutes, then try again.")), 429
    if not accounts.check_password(db, name, form.password.data):
        accounts.record_failure(db, secret, name, address, window)
        return render_template("console/signin.html", form=form, error=_("Wrong name or password.")), 401
    session.clear()
    session.permanent = True
    session["organizer"] = name
    target = request.args.get("next", "")
    return redirect(target if target.startswith("/console/") and "//" not in target else url_for("console.country"))


@bp.post("/signout")
def signout():
    """End the session."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session.clear()
    return redirect(url_for("console.signin"))


@bp.get("/")
@organizer_required
def country():
    """The map of the 52 jurisdictions, coloured by a chosen layer."""
    tiles = pages.jurisdictions(_content_root())
    layer = request.args.get("layer", "license")
    layers = pages.layer_definitions()
    layer = layer if layer in layers else "license"
    return render_template("console/map.html", tiles=tiles, layers=layers, layer=layer, colours=pages.COLOURS, form=ConfirmForm())


@bp.get("/state/<code>")
@organizer_required
def state(code: str):
    """A state's answers as phone bubbles, its facts and sources, and the review action."""
    code = known_state(code) or abort(404)
    root = _content_root()
    facts = pages.load_facts(root, code)
    answers = pages.state_answers(root, str(current_app.config["LOCALES_DIR"]), code, _privacy_values())
    return render_template("console/state.html", code=code, name=load_jurisdiction_names()[code].get(language_codes()[0], code),
                           facts=facts, fact_rows=pages.fact_rows(facts) if facts else [], answers=answers,
                           languages=language_codes(), form=ConfirmForm())


@bp.post("/state/<code>/review")
@organizer_required
def review(code: str):
    """Record that this organizer re-verified every fact of the state today."""
    code = known_state(code) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    path = _content_root() / "states" / code.lower() / FACTS_FILE
    record_review(path, g.organizer, dt.date.today())
    accounts.record_audit(get_db(), g.organizer, "review", _relative(path), "all facts")
    editing.commit_if_tracked(_content_root(), path, g.organizer, f"{code}: facts re-verified by {g.organizer}")
    return redirect(url_for("console.state", code=code))


@bp.get("/edit/<scope>/<topic>/<language>")
@organizer_required
def edit(scope: str, topic: str, language: str):
    """The editor: one section's Markdown beside its live phone preview."""
    code, path = _section_file(scope, topic, language)
    text = path.read_text(encoding="utf-8")
    form = EditForm(markdown=editing.read_section(text, topic if code else ""))
    bubbles = editing.render_bubbles(current_app.extensions["helpline"].content, str(current_app.config["LOCALES_DIR"]),
                                     code, topic, language, "sms", _privacy_values())
    return render_template("console/edit.html", form=form, scope=scope, topic=topic, language=language, code=code,
                           file=_relative(path), bubbles=bubbles, saved=request.args.get("saved"), errors=[], warnings=[])


@bp.post("/preview/<scope>/<topic>/<language>")
@organizer_required
def preview(scope: str, topic: str, language: str):
    """The check's messages and the phone bubbles for the text being typed (JSON)."""
    _require_csrf_header()
    code, path = _section_file(scope, topic, language)
    markdown = str((request.get_json(silent=True) or {}).get("markdown", ""))[:20000]
    started = time.perf_counter()
    candidate = _check(code, topic, language, path, markdown)
    return jsonify(errors=candidate.errors, warnings=candidate.warnings,
                   bubbles=[vars(b) for b in candidate.bubbles], milliseconds=round(1000 * (time.perf_counter() - started)))


@bp.post("/edit/<scope>/<topic>/<language>")
@organizer_required
def save(scope: str, topic: str, language: str):
    """Save the section if the check accepts it: atomically, audited, committed if tracked."""
    code, path = _section_file(scope, topic, language)
    form = EditForm()
    if not form.validate_on_submit():
        abort(400)
    candidate = _check(code, topic, language, path, form.markdown.data or "")
    if candidate.errors:
        return render_template("console/edit.html", form=form, scope=scope, topic=topic, language=language, code=code,
                               file=_relative(path), bubbles=[], saved=None, errors=candidate.errors,
                               warnings=candidate.warnings), 422
    new_text = editing.replace_section(path.read_text(encoding="utf-8"), topic if code else "", form.markdown.data or "")
    editing.save_atomically(path, new_text)
    accounts.record_audit(get_db(), g.organizer, "edit", _relative(path), topic)
    editing.commit_if_tracked(_content_root(), path, g.organizer, f"{_relative(path)}: {topic} edited by {g.organizer}")
    return redirect(url_for("console.edit", scope=scope, topic=topic, language=language, saved=1))


@bp.get("/work")
@organizer_required
def work():
    """What needs work: stale facts and files oldest first, translations out of date, sources."""
    root = _content_root()
    stale = [item for item in stale_items(root) if item.reason]
    outdated = []
    store = current_app.extensions["helpline"].content
    source_language = language_codes()[0]
    for code in sorted(load_jurisdiction_names()):
        source = store.state(code, source_language)
        for language in language_codes()[1:]:
            doc = store.state(code, language)
            for topic in REQUIRED_STATE_SECTIONS:
                if source and doc and section_status(doc, source, topic) == OUTDATED:
                    outdated.append((code, topic, language))
    # Everything the check reports (a section over its SMS budget, a missing file...), as
    # `make content-check` would, for files edited outside the console.
    problems = find_problems(root, current_app.config["LOCALES_DIR"])[:200]
    return render_template("console/work.html", stale=stale, outdated=outdated, problems=problems, form=ConfirmForm())


@bp.get("/usage")
@organizer_required
def usage_page():
    """Questions per week by topic, state and language, small counts suppressed."""
    db = get_db()
    _ = console_gettext(g.console_lang)
    charts = [(_(usage.DIMENSION_TITLES[dimension]),
               usage.chart_svg(usage.weekly_bars(db, dimension), _("Questions per week by %(dimension)s") % {"dimension": _(usage.DIMENSION_TITLES[dimension])}))
              for dimension in usage.DIMENSIONS]
    return render_template("console/usage.html", charts=charts, days=current_app.config["STATS_RETENTION_DAYS"], form=ConfirmForm())


@bp.get("/usage.csv")
@organizer_required
def usage_csv():
    """The same counts as CSV (as `flask stats` prints them)."""
    return Response(export_counts(get_db()), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=helpline-usage.csv"})


@bp.get("/simulator")
@organizer_required
def simulator():
    """Chat with the helpline as SMS or WhatsApp."""
    return render_template("console/simulator.html", form=ConfirmForm())


@bp.post("/simulate")
@organizer_required
def simulate():
    """One simulated message through the real pipeline; its memory lives in this session only."""
    _require_csrf_header()
    data = request.get_json(silent=True) or {}
    channel = "whatsapp" if data.get("channel") == "whatsapp" else "sms"
    session.setdefault("simulator_id", secrets.token_hex(8))
    pseudonym = pseudonymize(session["simulator_id"], current_app.extensions["helpline"].secret_key, namespace="console")
    reply = handle_message(pseudonym, str(data.get("text", ""))[:1600], channel, count=False, store=SessionStore(pseudonym))
    bubbles = [{"text": b, **vars(measure(b))} for b in reply.bodies]
    return jsonify(language=reply.language, intent=reply.intent, confidence=reply.confidence, state=reply.state,
                   topic=reply.topic, bubbles=bubbles)


def _require_csrf_header() -> None:
    try:
        validate_csrf(request.headers.get("X-CSRFToken", ""))
    except Exception:  # noqa: BLE001 - any token problem is the same refusal
        raise CSRFError("missing or invalid CSRF token") from None


def _check(code, topic, language, path: Path, markdown: str) -> editing.Candidate:
    new_text = editing.replace_section(path.read_text(encoding="utf-8"), topic if code else "", markdown)
    return editing.check_candidate(_content_root(), str(current_app.config["LOCALES_DIR"]), code, topic, language,
                                   new_text, _privacy_values())


def _section_file(scope: str, topic: str, language: str) -> tuple[str | None, Path]:
    """Only known jurisdictions, topics and languages name a file: URL text is never a path."""
    if language not in language_codes():
        abort(404)
    if scope == "general":
        if topic not in GENERAL_TOPICS:
            abort(404)
        code = None
    else:
        code = known_state(scope)
        if code is None or topic not in (*REQUIRED_STATE_SECTIONS, *STATE_NOTE_TOPICS):
            abort(404)
    path = editing.content_path(_content_root(), code, topic, language)
    if not path.is_file() or (code and topic not in current_app.extensions["helpline"].content.state(code, language).sections):
        abort(404)
    return code, path


def _content_root() -> Path:
    return Path(current_app.config["CONTENT_DIR"])


def _relative(path: Path) -> str:
    return str(path.relative_to(_content_root().parent)) if _content_root().parent in path.parents else str(path)


def _privacy_values() -> dict:
    return current_app.extensions["helpline"].privacy_values
