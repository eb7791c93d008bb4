"""A browser chat for local development (`make run` turns it on): same pipeline as a text.

Registered only when ENABLE_WEB_CHAT is set. It has no authentication, so it refuses to start
when PUBLIC_BASE_URL is not a loopback address (unless WEB_CHAT_ALLOW_PUBLIC forces it), needs the
session cookie that GET /chat sets, is rate-limited per browser and for the whole process, and never
adds to the anonymous statistics. Twilio traffic goes through /twilio/messages.
"""

from __future__ import annotations

import ipaddress
import secrets
import threading
import time
from urllib.parse import urlsplit

from flask import Blueprint, current_app, jsonify, request, session

from helpline.dialogue.pipeline import handle_message
from helpline.privacy.pseudonym import pseudonymize

bp = Blueprint("webchat", __name__)

# For the whole process: a local tester never sends this many, a script hammering the page does.
PROCESS_MESSAGES_PER_MINUTE = 60


class MinuteBudget:
    """At most `limit` events per rolling minute (in memory: nothing about a browser is stored)."""

    def __init__(self, limit: int, clock=time.monotonic) -> None:
        self.limit, self.clock = limit, clock
        self.events: list[float] = []
        self._lock = threading.Lock()

    def take(self) -> bool:
        """Spend one event; False when the minute's budget is used up."""
        with self._lock:
            now = self.clock()
            self.events = [t for t in self.events if now - t < 60]
            if len(self.events) >= self.limit:
                return False
            self.events.append(now)
            return True


budget = MinuteBudget(PROCESS_MESSAGES_PER_MINUTE)


def check_web_chat_allowed(config) -> None:
    """Refuse to serve the unauthenticated chat on a public address unless explicitly forced."""
    host = urlsplit(str(config.get("PUBLIC_BASE_URL") or "http://127.0.0.1")).hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback and not config.get("WEB_CHAT_ALLOW_PUBLIC"):
        raise RuntimeError(
            f"ENABLE_WEB_CHAT is on but PUBLIC_BASE_URL ({host}) is not loopback: the browser chat has no "
            "authentication. Turn it off, or set WEB_CHAT_ALLOW_PUBLIC=1 if you really mean it."
        )

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Helpline chat (local)</title>
<style>body{font-family:sans-serif;max-width:28rem;margin:1rem auto}#log p{white-space:pre-wrap;
padding:.5rem;border-radius:.5rem}.you{background:#def;text-align:right}.bot{background:#eee}
form{display:flex;gap:.5rem}input{flex:1;padding:.5rem}</style></head>
<body><h1>Helpline (local test)</h1><p>Messages go through the same pipeline as a text message.</p>
<div id="log"></div><form id="f"><input id="t" autocomplete="off" placeholder="hola / can I get a license?">
<button>Send</button></form>
<script>
const log=document.getElementById('log'),t=document.getElementById('t');
function add(cls,text){const p=document.createElement('p');p.className=cls;p.textContent=text;log.appendChild(p);}
document.getElementById('f').onsubmit=async e=>{e.preventDefault();const text=t.value;t.value='';add('you',text);
const r=await fetch('chat/send',{method:'POST',headers:{'Content-Type':'application/json'},body:JSON.stringify({text})});
const d=await r.json();if(d.error){add('bot',d.error);return;}(d.replies.length?d.replies:['(no reply)']).forEach(b=>add('bot',b));};
</script></body></html>"""


@bp.get("/chat")
def show_chat():
    """The chat page; it starts this browser's conversation (a random id in the session cookie)."""
    session.setdefault("chat_id", secrets.token_hex(16))
    return PAGE


@bp.post("/chat/send")
def send_chat_message():
    """One message from the browser; the conversation is tied to the id GET /chat put in the cookie.

    Without that cookie nothing runs, so a script cannot mint a new sender (and new rows) per request."""
    if "chat_id" not in session:
        return jsonify(error="Open /chat first: it starts the conversation."), 400
    if not budget.take():
        return jsonify(error="Too many messages; wait a minute."), 429
    pseudonym = pseudonymize(session["chat_id"], current_app.extensions["helpline"].secret_key, namespace="web")
    data = request.get_json(silent=True) or {}
    reply = handle_message(pseudonym, str(data.get("text", "")), "sms", count=False)
    return jsonify(replies=reply.bodies, topic=reply.topic, language=reply.language)
