"""A browser chat for local development (`make run` turns it on): same pipeline as a text.

Registered only when ENABLE_WEB_CHAT is set. It has no authentication, so production
deployments leave it off; Twilio traffic goes through /twilio/messages.
"""

from __future__ import annotations

import secrets

from flask import Blueprint, current_app, jsonify, request, session

from helpline.pipeline import handle_message
from helpline.pseudonym import pseudonymize

bp = Blueprint("webchat", __name__)

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
const d=await r.json();(d.replies.length?d.replies:['(no reply)']).forEach(b=>add('bot',b));};
</script></body></html>"""


@bp.get("/chat")
def show_chat():
    """The chat page."""
    return PAGE


@bp.post("/chat/send")
def send_chat_message():
    """One message from the browser; the conversation is tied to a random per-browser id."""
    if "chat_id" not in session:
        session["chat_id"] = secrets.token_hex(8)
    pseudonym = pseudonymize(session["chat_id"], current_app.extensions["helpline"].secret_key, namespace="web")
    data = request.get_json(silent=True) or {}
    reply = handle_message(pseudonym, str(data.get("text", "")), "sms")
    return jsonify(replies=reply.bodies, topic=reply.topic, language=reply.language)
