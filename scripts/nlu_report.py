"""Evaluate understanding on the held-out set and write docs/nlu-report.md.

Runs the same steps a text takes before rendering (keywords, menu shortcuts, explicit language
choice, then Rasa through the helpline channel) against a real Rasa server with the trained model,
and compares with a simple keyword baseline on the same messages. Cross-validation numbers come
from `rasa test nlu --cross-validation` (see scripts/nlu-report).

Usage: .venv/bin/python scripts/nlu_report.py [--cv-report bot/results/cv/intent_report.json]
       [--train-seconds N] [--out docs/nlu-report.md]
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import random
import re
import secrets
import sys
import tempfile
import unicodedata
from pathlib import Path
from unittest import mock

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from helpline.dialogue import language as language_module  # noqa: E402
from helpline.dialogue.bot_rules import at_a_traffic_stop  # noqa: E402
from helpline.dialogue.keywords import match_keyword, neutralize_user_text, shortcut_intent  # noqa: E402
from helpline.dialogue.language import choose_language, detect_language, explicit_choice, named_language  # noqa: E402
from helpline.dialogue.rasa_client import RasaClient  # noqa: E402
from helpline.dialogue.texting_model import NLU_DIR, read_examples, train_model  # noqa: E402
from helpline.registries.languages import language_codes, load_registry  # noqa: E402
from helpline.rendering.scripts import choose_script, to_simplified  # noqa: E402
from tooling.rasa_server import RasaServer, free_port  # noqa: E402

HOLDOUT_DIR = REPO / "bot" / "tests" / "nlu_holdout"
# The languages with full answers (registry/languages.yml): the report's main figures.
FULL = language_codes()
KEYWORD_INTENTS = {"stop": "stop", "start": "start", "help": "help", "delete": "delete_data"}
NOT_SURE = {"out_of_scope", "nlu_fallback"}
# Topic accuracy per language: the registry's `nlu_target` (95 % where the helpline started, 90 %
# for a newly added language unless its entry says otherwise).
TOPIC_TARGETS = {lang.code: float(lang.extra.get("nlu_target", 0.90)) for lang in load_registry().languages}
TARGETS = {"state accuracy": 0.98, "emergency recall": 1.0, "reply in the user's language": 0.98,
           "reply in the user's language, in conversation": 0.98, "out of scope -> not_sure": 0.90}

# A deliberately simple baseline: the first rule whose word appears wins.
BASELINE_RULES = [
    ("emergency", r"\b(right now|ahorita|ahora mismo|now|ya|detained|detuvieron|arrested|arrestaron|took|llevaron|se llevaron|help me|auxilio|emergencia|emergency|agora|socorro|kounye a|arete|maintenant|arrete|bay gio|bi bat)\b|现在|被抓|現在"),
    ("ask_facial_recognition", r"\b(face|facial|cara|foto|photo|picture|rosto|figi|visage|khuon mat)\b|人脸|照片"),
    ("ask_data_collected", r"\b(keep|store|guarda|guardan|collect|records?|registros?)\b"),
    ("ask_dmv_data_sharing", r"\b(share|sharing|comparte|comparten|give|da|dan|ice|migra|immigration|inmigracion)\b"),
    ("ask_license_eligibility", r"\b(license|licence|licencia|lic|dl|permit|permiso|licensia|carteira|habilitacao|lisans|permis|bang lai)\b|驾照|駕照"),
    ("ask_apply_safely", r"\b(safe|seguro|risk|riesgo|danger|peligro)\b"),
    ("ask_rights_traffic_stop", r"\b(police|policia|pulled|cop|cops|traffic|transito|trafico)\b"),
    ("ask_rights_at_home", r"\b(door|puerta|warrant|orden|home|casa)\b"),
    ("ask_legal_help", r"\b(lawyer|abogado|attorney|legal|advogado|avoka|avocat|luat su)\b|律师|律師"),
    ("ask_helpline_privacy", r"\b(private|privad[ao]|privacy|privacidad|this chat|this line|esta linea)\b"),
    ("delete_data", r"\b(delete|borra|borrar|erase|eliminar)\b"),
    ("stop", r"\b(stop|parar|alto|unsubscribe|cancel)\b"),
    ("start", r"\b(start|empezar|iniciar)\b"),
    ("set_language", r"\b(english|ingles|espanol|spanish)\b"),
    ("more", r"\b(more|mas)\b"),
    ("source", r"\b(source|fuente|why|por que)\b"),
    ("thanks", r"\b(thanks|thank|gracias|thx)\b"),
    ("greet", r"\b(hi|hello|hola|hey|buenas|buenos)\b"),
    ("help", r"\b(help|ayuda|menu)\b"),
]


def plain(text: str) -> str:
    """Lowercase without accents, for the baseline's word rules."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def baseline_intent(text: str) -> str:
    """The keyword baseline's guess."""
    lowered = plain(text)
    for intent, pattern in BASELINE_RULES:
        if re.search(pattern, lowered):
            return intent
    return "out_of_scope"


def pipeline_intent(text: str, client: RasaClient) -> tuple[str, str | None, float | None]:
    """The intent the helpline acts on (keywords and shortcuts first, as in the pipeline)."""
    keyword = match_keyword(text)
    if keyword:
        return KEYWORD_INTENTS[keyword], None, 1.0
    if explicit_choice(text):
        return "set_language", None, 1.0
    shortcut = shortcut_intent(text)
    sender = "eval-" + secrets.token_hex(8)
    if shortcut:  # the app's own shortcut, flagged as the pipeline does (bot/helpline_bot/channel.py)
        turn = client.send_message(sender, f"/{shortcut}", {"shortcut": shortcut})
    else:
        language = choose_language(text, None)[0]
        as_trained = to_simplified(text, language, choose_script(text, language, None))
        turn = client.send_message(sender, neutralize_user_text(as_trained), {})
    return turn.intent or "none", turn.state, turn.confidence


def f1_scores(pairs: list[tuple[str, str]]) -> tuple[dict[str, float], float]:
    """Per-intent F1 and macro F1 for (expected, predicted) pairs."""
    labels = sorted({e for e, _ in pairs})
    scores = {}
    for label in labels:
        tp = sum(1 for e, p in pairs if e == label and p == label)
        fp = sum(1 for e, p in pairs if e != label and p == label)
        fn = sum(1 for e, p in pairs if e == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores[label] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return scores, sum(scores.values()) / len(scores) if scores else 0.0


def normalize(intent: str) -> str:
    """Both fallback intents mean the user gets `not_sure` and the menu."""
    return "out_of_scope" if intent in NOT_SURE else intent


def evaluate(examples: list[dict], client: RasaClient) -> list[dict]:
    """Run every hold-out message and record what was understood."""
    rows = []
    # In conversation: the message comes second, after the same writer's latest earlier message that
    # shows a language, so the language stored is what the helpline chose for that one.
    stored: dict[tuple, str] = {}
    for ex in examples:
        intent, state, confidence = pipeline_intent(ex["text"], client)
        detected = choose_language(ex["text"], None)[0]
        evidence = bool(explicit_choice(ex["text"])) or detect_language(ex["text"])[0] is not None
        writer = (ex["round"], ex["language"])
        in_conversation = choose_language(ex["text"], stored[writer])[0] if writer in stored else detected
        if evidence:
            stored[writer] = detected
        rows.append({**ex, "reply_language": ex.get("reply_language", ex["language"]), "language_evidence": evidence,
                     "predicted": normalize(intent), "raw_intent": intent, "confidence": confidence, "predicted_state": state,
                     "detected_language": followed(ex["text"], intent, detected),
                     "conversation_language": followed(ex["text"], intent, in_conversation),
                     "baseline": baseline_intent(ex["text"])})
    return rows


def followed(text: str, intent: str, language: str) -> str:
    """The reply language after the pipeline follows a request for a language by name ("manda em
    ingles pfv" gets English: helpline.dialogue.pipeline.follow_language_request); a request that
    names none gets the language list, in the language chosen before."""
    if intent == "set_language" and not explicit_choice(text):
        return named_language(text) or language
    return language


def cross_validate_language(folds: int = 5, seed: int = 13) -> dict[str, float]:
    """Reply-language accuracy per language when the texting model is trained on the other folds
    of the NLU examples (as for a first message, nothing stored)."""
    codes = tuple(FULL)
    items = [(code, text) for code in codes for text in read_examples(NLU_DIR / code)]
    random.Random(seed).shuffle(items)
    right, total = collections.Counter(), collections.Counter()
    for fold in range(folds):
        training = {code: [] for code in codes}
        for i, (code, text) in enumerate(items):
            if i % folds != fold:
                training[code].append(text)
        model = train_model(training, language_module.place_words())
        with mock.patch.object(language_module, "texting_model", lambda *_args, _model=model: _model):
            for code, text in items[fold::folds]:
                total[code] += 1
                right[code] += choose_language(text, None)[0] == code
    return {"all": sum(right.values()) / len(items), **{code: right[code] / total[code] for code in codes}}


def pct(value: float) -> str:
    """A ratio as a percentage with one decimal."""
    return f"{100 * value:.1f} %"


def accuracy(rows: list[dict], key: str = "predicted") -> float:
    """Share of rows whose prediction equals the expected intent."""
    return sum(1 for r in rows if r[key] == r["intent"]) / len(rows) if rows else 0.0


ROUND_TITLES = {1: "round 1", 2: "round 2", 3: "round 3", 4: "round 4 (blind for topics)", 5: "round 5 (blind for topics)", 6: "round 6 (emergencies and near misses)", 7: "round 7", 8: "round 8", 9: "round 9 (blind for states)", 10: "round 10", 11: "round 11", 12: "round 12", 13: "round 13", 14: "round 14", 15: "round 15", 16: "round 16", 17: "round 17", 18: "round 18"}


def language_table(rows: list[dict]) -> list[str]:
    """The per-language table of topic accuracy, reply language, states, emergencies and scope."""
    by_lang = collections.defaultdict(list)
    for r in rows:
        by_lang[r["language"]].append(r)
    lines = ["| language | messages | topic accuracy | target | macro F1 | keyword baseline | reply in the user's language (first message / in conversation) | state accuracy | emergency recall | out of scope -> not_sure |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for lang in sorted(by_lang, key=lambda x: (x not in FULL, FULL.index(x) if x in FULL else 0, x)):
        lr = by_lang[lang]
        _, f1 = f1_scores([(r["intent"], r["predicted"]) for r in lr])
        target = TOPIC_TARGETS.get(lang)
        met = "" if target is None else (" ✔" if accuracy(lr) >= target else " **missed**")
        reply_lang = sum(1 for r in lr if r["detected_language"] == r["reply_language"]) / len(lr)
        reply_conv = sum(1 for r in lr if r["conversation_language"] == r["reply_language"]) / len(lr)
        st = sum(1 for r in lr if (r["predicted_state"] or None) == (r["state"] or None)) / len(lr)
        em = [r for r in lr if r["intent"] == "emergency"]
        oo = [r for r in lr if r["intent"] == "out_of_scope"]
        em_r = pct(sum(1 for r in em if r["predicted"] == "emergency") / len(em)) if em else "—"
        oo_r = pct(sum(1 for r in oo if r["predicted"] == "out_of_scope") / len(oo)) if oo else "—"
        lines.append(f"| {lang} | {len(lr)} | {pct(accuracy(lr))}{met} | {pct(target) if target else '—'} | {f1:.3f} | "
                     f"{pct(accuracy(lr, 'baseline'))} | {pct(reply_lang)} / {pct(reply_conv)} | {pct(st)} | {em_r} | {oo_r} |")
    return lines


def measure(rows: list[dict]) -> dict[str, float]:
    """The targets' measured values over these rows."""
    by_lang = collections.defaultdict(list)
    for r in rows:
        by_lang[r["language"]].append(r)
    emergencies = [r for r in rows if r["intent"] == "emergency"]
    oos = [r for r in rows if r["intent"] == "out_of_scope"]
    return {
        "state accuracy": sum(1 for r in rows if (r["predicted_state"] or None) == (r["state"] or None)) / len(rows),
        "emergency recall": sum(1 for r in emergencies if r["predicted"] == "emergency") / len(emergencies) if emergencies else 1.0,
        "reply in the user's language": sum(1 for r in rows if r["detected_language"] == r["reply_language"]) / len(rows),
        "reply in the user's language, in conversation": sum(1 for r in rows if r["conversation_language"] == r["reply_language"]) / len(rows),
        "out of scope -> not_sure": sum(1 for r in oos if r["predicted"] == "out_of_scope") / len(oos) if oos else 1.0,
        **{f"topic accuracy {code}": accuracy(by_lang[code]) for code in FULL if by_lang[code]},
    }


def emergency_answered(emergencies: list[dict]) -> float:
    """Emergencies whose reply is the emergency path's: recognised, or read as the traffic-stop
    question in a stopped car (the same answer; only the guard's reach for senders opted out or
    over the limit differs). Not the recall target: that counts the intent alone."""
    if not emergencies:
        return 1.0
    same = [r for r in emergencies if r["predicted"] == "emergency"
            or (r["predicted"] == "ask_rights_traffic_stop" and at_a_traffic_stop(r["text"]))]
    return len(same) / len(emergencies)


def build_report(rows: list[dict], cv: dict | None, train_seconds: str | None,
                 language_cv: dict[str, float] | None = None) -> tuple[str, dict[str, float]]:
    """The Markdown report and the measured values of the targets."""
    by_lang = collections.defaultdict(list)
    for r in rows:
        by_lang[r["language"]].append(r)
    lines = [
        "# NLU report",
        "",
        f"Generated by `make nlu-report` on {dt.date.today().isoformat()} from `bot/tests/nlu_holdout/*.yml`",
        f"({len(rows)} messages written separately from the training data and never trained on; each new",
        "language's file was written by a helper who never saw the training data or the answers).",
        "Intents are what the helpline acts on: keywords and menu shortcuts first, then Rasa, as in",
        "the live pipeline. `out_of_scope` (what the helpline answers instead) and `nlu_fallback` (\"did not understand\" and the menu) both count as not_sure.",
        "",
        "Honesty note: the hold-out was looked at once for error analysis (November 2026). That led to",
        "the emergency safety rule (registry/languages.yml, `emergency`), narrower state cues for",
        "Spanish \"de mi\", and new out-of-scope training examples about food and jobs written in",
        "other words. No hold-out message was copied into the training data.",
        "The five new languages' hold-outs (December 2026) were evaluated twice before this report, and",
        "their errors led to general fixes: typical-word (\"marker\") language detection for Vietnamese and",
        "Kreyol typed without accents (tuned on the training examples, not the hold-out); Kreyol \"ak\" and",
        "French \"il\" no longer read as Alaska and Illinois; Chinese state names without 州; state cues",
        "(\"moro em\", \"état :\", \"mwen rete\", \"tôi ở\") for the new languages in the registry; the Kreyol",
        "spelling \"kounya\" and Portuguese \"acabou de ser preso\" in the emergency rule. So the figures",
        "below are no longer blind. The first, blind run (all 703 messages) measured: state accuracy",
        "95.6 %, emergency recall 95.7 %, reply in the user's language 92.2 %; topic accuracy per new",
        "language pt 96.5 %, ht 91.4 %, zh 95.8 %, vi 96.9 %, fr 97.6 %.",
        "",
        "Round 2 (`round2-*.yml`, 68 messages per language, written blind on 2026-12-03 by helpers who saw",
        "neither the training data nor round 1) was first run against the model as it then stood (DIET):",
        "topic accuracy en 95.6 %, es 92.6 %, pt 88.2 %, ht 95.6 %, zh 86.8 %, vi 88.2 %, fr 91.2 %; state",
        "accuracy 97.1 %; emergency recall 95.9 %; out of scope -> not_sure 76.2 %; reply in the user's",
        "language 96.0 % with the detector of the time and 97.3 % with the texting model. Its errors then",
        "led to: new training examples written by helpers who saw no hold-out (`bot/data/nlu/*/phrasings.yml`:",
        "everyday out-of-scope questions, scams before applying, legal help, rights at the door, short",
        "replies); lowercase texting codes (Vietnamese \"dc\", \"mn\", French \"ca\", Portuguese \"mt\",",
        "\"pr\") no longer read as states; Chinese city names; emergency words for someone being taken",
        "now; door phrases out of the \"now\" words, so \"what if they knock\" stays a rights question;",
        "MORE words (\"continue\", \"继续\"); logistic regression instead of DIET. So round 2 is no longer",
        "blind. Round 3 (`round3-*.yml`, 68 per language, written blind the same day, after those changes)",
        "was then run once: topic accuracy en 97.1 %, es 100.0 %, pt 95.6 %, ht 95.6 %, zh 94.1 %, vi 91.2 %,",
        "fr 95.6 %; state accuracy 99.8 %; reply in the user's language 97.7 %; out of scope -> not_sure",
        "90.5 %; emergency recall 95.9 %: 2 of 49 missed (a traffic stop with an ICE van behind, in",
        "Portuguese; \"they are banging on the door\", in Vietnamese, with no agent named). An emergency",
        "must not be missed, so those two led to emergency words (stopped with agents present, someone",
        "banging on the door now) and, for false alarms the new words caused on rounds 1 and 2, more",
        "\"what if\" words. Nothing else changed after round 3 until round 4 was written.",
        "",
        "Round 4 (`round4-*.yml`, 68 per language, written blind on 2026-12-03 by new helpers who saw",
        "neither the training data nor rounds 1-3) was run once before any change it could inform (only",
        "marker words checked against the training data and city names as no evidence of a language were",
        "already in): reply in the user's language 96.4 % as a first message, 99.2 % in conversation. Its",
        "language misses then led to: state codes in capitals (\"MA\") and place names no evidence of a",
        "language, also inside the texting model; Chinese characters outweighing English words mixed in.",
        "With those, and nothing else changed, it measured: topic accuracy en 94.1 %, es 98.5 %, pt 91.2 %,",
        "ht 92.6 %, zh 97.1 %, vi 91.2 %, fr 94.1 %; state accuracy 98.1 %; out of scope -> not_sure 90.5 %;",
        "emergency recall 91.8 %: 4 of 49 missed (agents at the door not yet let in, in Spanish, Portuguese",
        "and Chinese; a car stopped just now with an ICE car behind, in Vietnamese). Those led to emergency",
        "words for someone at the door who has not been let in, in all seven languages. Topic and state",
        "errors led to no change: round 4 is blind for topics and states, not for language or emergencies.",
        "",
        "Round 5 (`round5-*.yml`, 68 per language, written blind on 2026-12-03 by seven more new helpers",
        "from the round 4 brief, told also to write as many different senders) was run once before any",
        "change: topic accuracy en 97.1 %, es 92.6 %, pt 86.8 %, ht 97.1 %, zh 95.6 %, vi 91.2 %, fr 95.6 %;",
        "state accuracy 98.1 %; out of scope -> not_sure 90.5 %; reply in the user's language 96.4 % as a",
        "first message, 98.9 % in conversation (scored then on the language each message is written in);",
        "emergency recall 91.8 %: 4 of 49 missed (ICE cars parked outside the building; \"they are outside",
        "with a paper that says warrant\", in Portuguese; ICE standing beside a car the police just stopped,",
        "in Vietnamese; someone outside whose vest says ICE, in Chinese). Those led to emergency words for",
        "agents outside the building or beside the car, in all seven languages, checked against every",
        "training and hold-out message for false alarms. Its language misses led to: py3langid's Tagalog",
        "(a language we detect but do not answer in) only when no registered language's examples use",
        "nearly all the message's words (\"STOP ko muon nhan nua\" is Vietnamese); a word of negation",
        "counts only just before a language's name and in the message's own language (\"en ingles? es pa",
        "mi hija\" asks for English: Spanish \"pa\" is not Kreyol \"pa\"). Round 5 is blind for topics and states.",
        "",
        "Round 6 (`round6-*.yml`, 24 per language: 12 emergencies in situations and words of the writers'",
        "choosing, 12 near misses that share their words; written blind on 2026-12-03 by seven new helpers,",
        "brief `round6-brief.md`) was run once before any change: emergency recall en 41.7 %, es 75.0 %,",
        "pt 75.0 %, ht 83.3 %, zh 75.0 %, vi 75.0 %, fr 66.7 % (59 of 84, 70.2 %), and 13 of the 84 near",
        "misses taken for emergencies. So the earlier rounds' emergencies had been too alike. Its misses",
        "led to: emergency words, in all seven languages, for the situations it showed (a stop where the",
        "officer called immigration, someone just taken at a school, store or courthouse, hiding, men",
        "asking to come in, a workplace surrounded, a car watching the house, agents going door to door);",
        "past-time words (last week, last month, month names, \"still detained\"), phrases whose \"now\"",
        "means still or over (\"ate hoje\", \"到现在\", \"c est fini maintenant\") and questions about",
        "\"one day\"; and training examples written by helpers who saw neither the hold-out nor the data",
        "(`bot/data/nlu/*/emergencies_now.yml`: 40 emergencies in those situations and 30 near misses per",
        "language; `worried_questions.yml`: 38 worried questions per language that are no emergency,",
        "which brought the false alarms on rounds 1-5 back from 15 to 9 of 2342). Round 6 is not blind.",
        "",
        "Round 7 (`round7-*.yml`, 36 per language: 14 emergencies in situations the brief listed only as",
        "examples (a shelter, a church, a bus stop, a hospital, a check-in appointment, a checkpoint, a",
        "car following, agents with a paper naming someone), 10 near misses and 12 first messages; written",
        "blind on 2026-12-04 by seven new helpers, brief `round7-brief.md`) was run once before any change:",
        "emergency recall 89.8 % (88 of 98; en, es, pt, zh, fr 12 of 14, ht and vi 14 of 14), 15 of the 154",
        "other messages taken for emergencies, topic accuracy 81.3 % (en 83.3, es 86.1, pt 80.6, ht 83.3,",
        "zh 80.6, vi 80.6, fr 75.0 %), state 97.2 %, reply in the user's language 95.6 % as a first",
        "message (239 of the 240 messages that show a language; 2 of the 12 that show none: \"menu\",",
        "\"Texas\") and 99.2 % in conversation. Its misses led to: emergency words for agents asking for",
        "someone or for everybody's papers, a car following, \"immigration is coming\", \"homeland\"; \"if\"",
        "that means whether (\"I don't know if they have a warrant\" is no hypothetical); \"N months ago\"",
        "in every language, and in Chinese; questions about a rumour (\"is it true?\"), about applying now,",
        "about next time or in case, which are no emergency; a message that says it is not now (past, one",
        "day, next time, not urgent) gets the question it asks even when the classifier puts 0.99 on",
        "\"emergency\"; lowercase \"ky\" and \"wi\" (Vietnamese \"ký\", Kreyol \"wi\") and \"bang lai dc\" are",
        "no states; Latin place names touching Chinese (\"San Gabriel教会\"); a state's name in one language",
        "(\"Florid\" is Kreyol) as evidence of it, misspelt state names (\"Cali\") as none; of two",
        "languages named, the one asked for \"in\". Round 7 is not blind.",
        "",
        "Round 8 (`round8-*.yml`, 36 per language: 12 emergencies in situations the writers chose with no",
        "list to copy, 8 near misses, 16 ordinary questions; written blind on 2026-12-04, brief",
        "`round8-brief.md`) was run once after the round 7 changes and before its own: emergency recall",
        "88.1 % (74 of 84; en and ht 12 of 12, es and fr 11, pt 10, zh and vi 9), 11 of the 168 other",
        "messages taken for emergencies, topic accuracy 84.1 %, state 94.8 % (cities the gazetteer does",
        "not know: Chamblee, Flatbush, New Bedford, Alhambra...; none was added), reply in the user's",
        "language 100 %. So each blind round of emergencies has found new words and situations: expect",
        "live recall near 90 %, not 100 %. Its misses led to: \"they came in\" as an event; \"they're gone",
        "now\", \"now I'm afraid\" as no now; \"federal\" alone as no agent (\"federal limits apply\" on a",
        "REAL ID); words for a car following, a checkpoint, a check-in that ends in detention. Three of its",
        "emergencies are still missed; none names an agent (\"eles tao aqui\", a police stop where the",
        "officer asks about a green card, a black SUV outside with men asking about the husband).",
        "",
        "Round 9 (`round9-*.yml`, 44 per language: 4 ordinary questions for each of the ten topics and",
        "4 out of scope; written blind on 2026-12-04, brief `round9-brief.md`) measured the topic",
        "classifier on plain questions, before and after 120 new training examples per language on the",
        "ten topics and their neighbours (`topic_neighbours.yml`, written by other helpers who saw neither",
        "the hold-out nor the data): topic accuracy 91.2 % before, 92.9 % after (en 90.9 -> 93.2, es 86.4 ->",
        "90.9, pt 90.9 -> 93.2, ht 90.9 -> 90.9, zh 93.2 -> 95.5, vi 95.5 -> 93.2, fr 90.9 -> 93.2 %), state",
        "97.4 %, reply in the user's language 100 %. Its emergency-rule false alarms (\"if ICE come",
        "knocking\", \"when they come\", \"saber si les abro\") then led to words that make those questions,",
        "which is why the tables show round 9 a little higher (93.8 %). Round 9 is blind for states.",
        "",
        "Round 10 (`round10-*.yml`, 30 per language: 18 emergencies in situations the writers invented, at",
        "least 5 without ICE or immigration named, and 12 near misses; written blind on 2026-12-04, brief",
        "`round10-brief.md`) measured emergencies before and after 30 new emergencies and 20 near misses",
        "per language for training (`emergencies_chosen.yml`, written by other helpers who saw neither the",
        "hold-out nor the data): recall 92.1 % before (116 of 126; en 18 of 18, es, pt and ht 17, zh and fr",
        "16, vi 15), 94.4 % after (119), with the same 10 of 84 near misses taken for emergencies; topic",
        "accuracy 85.2 -> 87.6 %, state 96.7 %, reply in the user's language 99.5 %. Its misses then led to",
        "words for a call from detention, Portugal's \"neste momento\", an unmarked car in Portuguese, and",
        "reports seen on TV as a rumour; and a message about a rumour that says nothing is happening now",
        "gets the question it asks even when the classifier reads an emergency (3 fewer false alarms on",
        "round 10, 2 on rounds 2-4, no emergency lost). Still missed: being held at an airport or a border",
        "post (CBP), an agent asking for papers at the DMV, a police stop where the officer asks about",
        "status with no agent named, workers' papers checked by \"people from the government\". Its",
        "out-of-scope messages (rumours about tomorrow, a bad dream, an English class) went to not_sure",
        "only 37.5 % of the time. Round 10 is not blind.",
        "",
        "Round 11 (`round11-*.yml`, 30 per language: one question for each of the ten topics, 6",
        "emergencies (at least 2 without ICE or immigration named), 3 near misses, 7 out of scope (everyday",
        "life, immigration cases, DMV errands), 4 short conversation messages; written blind on 2026-12-04,",
        "brief `round11-brief.md`) was run once before any change: accuracy 91.0 % (en 93.3, es 96.7, pt",
        "96.7, ht 93.3, zh 86.7, vi 83.3, fr 86.7 %; the topic questions alone 87 of 91), emergency recall",
        "95.2 % (40 of 42; a police stop happening now in fr and pt), 4 of 168 other messages taken for",
        "emergencies, state 95.7 % (cities: Garden Grove, Revere, Orange County, LA...), reply in the user's",
        "language 99.5 %, out of scope -> not_sure 79.6 % (39 of 49: DMV office hours and appointments read",
        "as DMV questions, an immigration-court hearing as an emergency). It then led to: 44-45",
        "out-of-scope training examples per language (`outside_scope.yml`, written by other blind helpers:",
        "DMV errands, court cases, threats, everyday life; 3 rumours per language were left out because",
        "they pulled real questions to out of scope); the cities; police, CBP, customs and being held at an",
        "airport or a border as emergency words, with an emergency in a stopped car answered with the",
        "traffic-stop answer (the emergency answer is about the door); a stop \"yesterday\" as over; and",
        "\"they are here\" alone as an emergency. Those words also caught the misses of rounds 8 and 10",
        "listed above. Round 11 is not blind.",
        "",
        "Round 12 (`round12-*.yml`, 30 per language, the round 11 brief; written blind on 2026-12-04 by",
        "seven new helpers) was run once after the round 11 changes and before its own: accuracy 92.4 %",
        "(en 90.0, es 96.7, pt 93.3, ht 90.0, zh 86.7, vi 96.7, fr 93.3 %; the topic questions alone 82 of",
        "90, the short conversation messages 23 of 28), emergency recall 95.2 % (40 of 42; police stops",
        "happening now in fr and ht), 1 of 168 other messages taken for an emergency, state 95.2 % (two",
        "states in one trip, \"LA\", Pompano Beach, Hoboken), reply in the user's language 99.0 %, out of",
        "scope -> not_sure 98.0 % (49 of 50). It then led to: requests written as sentences (\"erase",
        "everything I wrote\", \"stop texting me\", \"what can this service do\", \"answer in English\")",
        "and fears about a DMV visit, 39-41 per language (`requests.yml`, written by other blind helpers);",
        "a trip's end (\"drive to Indiana\") losing to the state the license is from; being held \"for 20",
        "minutes\" as now; those cities. Round 12 is not blind.",
        "",
        "Round 13 (`round13-*.yml`, 36 per language: one question per topic, 10 emergencies (at least 3",
        "without ICE or immigration named), 4 near misses, 8 out of scope, 4 short messages; written blind",
        "on 2026-12-04, brief `round13-brief.md`) was run once after the round 12 changes and before its",
        "own: accuracy 91.7 % (en 94.4, es 97.2, pt 91.7, ht 94.4, zh 83.3, vi 88.9, fr 91.7 %; the topic",
        "questions alone 85 of 97, the short messages 28 of 28), emergency recall 95.7 % (67 of 70: police",
        "behind a car with its lights on, people at the door with a \"warrant\" in Cantonese, an official",
        "making someone sign), 10 of 182 other messages taken for emergencies (fears that agents will wait",
        "at the DMV, detentions that have lasted months, a rumour), state 97.6 %, reply in the user's",
        "language 100 %, out of scope -> not_sure 89.5 % (51 of 57). Its misses led to those words; a",
        "fear that agents will be at the DMV as a question; a detention of months as not now, answered",
        "with the question asked, which may be one the helpline does not answer. Round 13 is not blind.",
        "",
        "Round 14 (`round14-*.yml`, the round 13 brief, 36 per language; written blind on 2026-12-04 by",
        "seven new helpers) was run once after the round 13 changes and before its own: accuracy 94.0 %",
        "(en 94.4, es 94.4, pt 88.9, ht 100, zh 86.1, vi 97.2, fr 97.2 %), emergency recall 95.7 % (67 of",
        "70; the three missed are police stops happening now, read as the traffic-stop question: two of",
        "them got the same answer an emergency in a car gets), 4 of 182 other messages taken for",
        "emergencies, state 96.4 %, reply in the user's language 99.6 %, out of scope -> not_sure 89.5 %",
        "(51 of 57; DMV office hours and appointments, an asylum interview in Cantonese, a bond hearing).",
        "It then led to: a \"what if\" with nothing happening now as a question, even when the",
        "classifier reads an emergency; words for a police stop in progress; Lowell, Marlborough, Spring",
        "Valley. 80 more questions on the ten topics in Chinese and in Portuguese (other blind helpers)",
        "were measured and left out: accuracy 96.19 -> 96.14 %. Round 14 is not blind.",
        "",
        "Round 15 (`round15-*.yml`, the round 13 brief, 36 per language; written blind on 2026-12-04 by",
        "seven new helpers) was run once after the round 14 changes and before its own: accuracy 91.7 %",
        "(en 91.7, es 88.9, pt 91.7, ht 97.2, zh 88.9, vi 94.4, fr 88.9 %; the topic questions alone 86",
        "of 96, the short messages 26 of 28), emergency recall 95.7 % (67 of 70; police stops happening",
        "now, two of them answered with the traffic-stop answer: 97.1 % got the emergency path's answer),",
        "4 of 182 other messages taken for emergencies, state 97.2 % (Ironbound, Delray, SFO...), reply in",
        "the user's language 99.2 %, out of scope -> not_sure 89.7 % (52 of 58). It then led to: police",
        "stops now in English, French and Portuguese; rumours online, nightmares and Spanish \"y ya\" (and",
        "that's it) as no emergency; Portuguese \"no Texas\" (in Texas) no longer read as Spanish \"not",
        "Texas\"; \"en anglais\", \"an franse\" as a request for that language; a long Chinese message no",
        "longer a one-word answer to \"which state?\"; Delray, Ironbound, Pompano, airports. Round 15 is",
        "not blind.",
        "",
        "Round 16 (`round16-*.yml`, the same brief, 36 per language; written blind on 2026-12-04 by seven",
        "new helpers) was run once after the round 15 changes and before its own: accuracy 95.6 % (en",
        "97.2, es 97.2, pt 97.2, ht 94.4, zh 94.4, vi 94.4, fr 94.4 %; the topic questions alone 90 of 96,",
        "the short messages 27 of 28), emergency recall 95.7 % (67 of 70: held in police custody for an",
        "hour, in French; a police car behind with its lights on, in Portuguese; someone held at a bus",
        "stop by people the message does not name, in Vietnamese), 1 of 182 other messages taken for an",
        "emergency, state 97.4 % (trips from the home state to another, in French, Kreyol and Chinese),",
        "reply in the user's language 99.6 %, out of scope -> not_sure 98.3 % (57 of 58). One Chinese",
        "miss showed that Rasa's whitespace tokenizer dropped every all-Chinese word between spaces (its",
        "emoji pattern spans all of CJK): 419 of the 1,314 Chinese training examples had lost words.",
        "The fix alone raised Chinese topic accuracy on all rounds from 95.1 to 97.6 %. It also led to:",
        "custody, \"for an hour\" and a police car as emergency words; cues for the home state and the",
        "trip in Chinese, French and Kreyol; Vietnamese negation after a language's name (\"tieng Viet ko",
        "gioi\"). Round 16 is not blind.",
        "",
        "Round 17 (`round17-*.yml`, the same brief; written blind on 2026-12-04 by seven new helpers) was",
        "run once after the round 16 changes and before its own: accuracy 94.8 % (en 97.2, es 94.4, pt",
        "100, ht 94.4, zh 91.7, vi 97.2, fr 88.9 %; the topic questions alone 91 of 95, the short messages",
        "26 of 28), emergency recall 98.6 % (69 of 70: a son held at a police station for an hour, in",
        "French), 3 of 182 other messages taken for emergencies (a past arrest with \"now I'm asking\",",
        "\"nowadays\" in Chinese, an eviction marked URGENT), state 98.4 %, reply in the user's language",
        "99.6 %, out of scope -> not_sure 89.8 % (53 of 59). It then led to: a police station as a place",
        "where agents hold someone; a \"now\" that only asks or means nowadays as no urgency; trips",
        "through several states (\"Oregon voi Idaho\", \"新泽西和宾州\"). Round 17 is not blind.",
        "",
        "Round 18 (`round18-*.yml`, the same brief; written blind on 2026-12-04 by seven new helpers) was",
        "run once after the round 17 changes and before its own: accuracy 96.0 % (en 100, es 91.7, pt",
        "100, ht 97.2, zh 94.4, vi 88.9, fr 100 %; the topic questions alone 93 of 96, the short messages",
        "27 of 28), emergency recall 95.7 % (67 of 70: a stop \"just now\" typed \"me acaba d parar\",",
        "which got the traffic-stop answer; knocking with \"a warrant\" and no agent named, in Spanish;",
        "Vietnamese \"cs\" for the police), 3 of 182 other messages taken for emergencies, state 98.5 %,",
        "reply in the user's language 100 %, out of scope -> not_sure 94.8 % (55 of 58). It then led to",
        "those emergency words, last Tuesday as the past, and \"经过\" (on the way through) as a trip.",
        "Round 18 is not blind. Every round so far has found one to three emergencies in 70 that the",
        "helpline missed before its fixes (95.7-98.6 % on rounds 13-18): expect about that live.",
        "",
        "An emergency counts as recognised when the intent is `emergency`, whichever answer it gets: the",
        "emergency answer, or the traffic-stop answer for one in a stopped car (`traffic` words in",
        "registry/languages.yml).",
        "",
        "A message that asks for another language by name (\"manda em ingles pfv\") is scored against the",
        "language it asks for (`reply_language` in the hold-out files; the writers labelled the language",
        "the message is written in), and the reply language is the one the pipeline then answers in.",
        "",
    ]
    if train_seconds:
        lines += [f"Training time for this model: **{train_seconds}** on {_cores()} cores.", ""]
    rounds = sorted({r["round"] for r in rows})
    for number in [None, *rounds]:
        chosen = [r for r in rows if number is None or r["round"] == number]
        title = "all rounds" if number is None else ROUND_TITLES.get(number, f"round {number}")
        lines += [f"## By language (hold-out, {title}: {len(chosen)} messages)", ""] + language_table(chosen) + [""]
    measured = measure(rows)
    by_round = {number: measure([r for r in rows if r["round"] == number]) for number in rounds}
    all_targets = {**{f"topic accuracy {c}": t for c, t in TOPIC_TARGETS.items() if f"topic accuracy {c}" in measured}, **TARGETS}
    lines += ["## Targets (hold-out, all languages together unless named)", "",
              "| measure | target | all rounds | " + " | ".join(ROUND_TITLES.get(n, f"round {n}") for n in rounds) + " | met (all) |",
              "|---|---|---|" + "---|" * len(rounds) + "---|"]
    for name, target in all_targets.items():
        per_round = " | ".join(pct(by_round[n][name]) if name in by_round[n] else "—" for n in rounds)
        lines.append(f"| {name} | {pct(target)} | {pct(measured[name])} | {per_round} | {'yes' if measured[name] >= target else '**no**'} |")
    stated = [r for r in rows if r["state"]]
    predicted_states = [r for r in rows if r["predicted_state"]]
    state_acc = measured["state accuracy"]
    precision = sum(1 for r in predicted_states if r["predicted_state"] == r["state"]) / len(predicted_states) if predicted_states else 0.0
    recall = sum(1 for r in stated if r["predicted_state"] == r["state"]) / len(stated) if stated else 0.0
    emergencies = [r for r in rows if r["intent"] == "emergency"]
    emergency_recall = measured["emergency recall"]
    oos = [r for r in rows if r["intent"] == "out_of_scope"]
    oos_rate = measured["out of scope -> not_sure"]
    lang_acc = measured["reply in the user's language"]
    conversation_acc = measured["reply in the user's language, in conversation"]
    wrong_language = [r for r in rows if r["detected_language"] != r["reply_language"]]
    no_evidence = [r for r in wrong_language if not r["language_evidence"]]
    with_evidence = [r for r in rows if r["language_evidence"]]
    evidence_acc = sum(1 for r in with_evidence if r["detected_language"] == r["reply_language"]) / len(with_evidence) if with_evidence else 0.0
    lines += [
        "",
        "## States, language, safety",
        "",
        f"- State extraction over all {len(rows)} messages (null must stay null): accuracy {pct(state_acc)}; "
        f"precision {pct(precision)} ({len(predicted_states)} predicted), recall {pct(recall)} ({len(stated)} expected).",
        f"- Reply language (the registry's words and choices, then the texting model trained on the NLU examples "
        f"together with py3langid, as for a first message with nothing stored): {pct(lang_acc)} over all messages. "
        f"{len(no_evidence)} of the {len(wrong_language)} misses carry no evidence of any language (a state name or "
        "code alone, a keyword the default language shares: the reply is then in the default language, with the "
        f"language menu line); on the {len(with_evidence)} messages that do, {pct(evidence_acc)}. In conversation "
        "(each message sent second, after the same writer's previous message that shows a language, so the "
        "stored language is what the helpline chose for that one, right or wrong): "
        f"{pct(conversation_acc)}.",
        f"- Emergency recall: {pct(emergency_recall)} ({len(emergencies)} messages); keyword baseline: "
        f"{pct(sum(1 for r in emergencies if r['baseline'] == 'emergency') / len(emergencies))}. "
        f"Emergencies that got the answer the emergency path gives (the emergency answer, or the traffic-stop "
        f"answer for one in a stopped car, which an emergency there gets too): {pct(emergency_answered(emergencies))}.",
        f"- Out of scope routed to not_sure: {pct(oos_rate)} ({len(oos)} messages).",
        "",
        "## Top confusions (model, hold-out)",
        "",
        "| expected | predicted | count | example |",
        "|---|---|---|---|",
    ]
    confusions = collections.Counter((r["intent"], r["predicted"]) for r in rows if r["intent"] != r["predicted"])
    for (expected, predicted), count in confusions.most_common(12):
        example = next(r["text"] for r in rows if r["intent"] == expected and r["predicted"] == predicted)
        lines.append(f"| {expected} | {predicted} | {count} | {example.replace('|', '/')} |")
    lines += ["", "## Confusions by language (model, hold-out)", "", "| language | expected | predicted | count | example |", "|---|---|---|---|---|"]
    for lang in sorted(by_lang, key=lambda x: (x not in FULL, FULL.index(x) if x in FULL else 0, x)):
        counted = collections.Counter((r["intent"], r["predicted"]) for r in by_lang[lang] if r["intent"] != r["predicted"])
        for (expected, predicted), count in counted.most_common(5):
            example = next(r["text"] for r in by_lang[lang] if r["intent"] == expected and r["predicted"] == predicted)
            lines.append(f"| {lang} | {expected} | {predicted} | {count} | {example.replace('|', '/')} |")
    wrong_states = [r for r in rows if (r["predicted_state"] or None) != (r["state"] or None)]
    if wrong_states:
        lines += ["", "## State mistakes", "", "| message | expected | predicted |", "|---|---|---|"]
        for r in wrong_states[:15]:
            lines.append(f"| {r['text'].replace('|', '/')} | {r['state']} | {r['predicted_state']} |")
    if language_cv:
        per_language = ", ".join(f"{code} {pct(value)}" for code, value in language_cv.items() if code != "all")
        lines += ["", "## Reply language: 5-fold cross-validation on the NLU examples", "",
                  f"- The texting model trained on four fifths of the examples, the whole detection run on the fifth: "
                  f"{pct(language_cv['all'])} ({per_language})."]
    if cv:
        lines += ["", "## Cross-validation on the training data (`rasa test nlu --cross-validation`)", "",
                  f"- Folds: {cv.get('folds')}; intent accuracy {pct(cv['accuracy'])}, macro F1 {cv['macro_f1']:.3f}, weighted F1 {cv['weighted_f1']:.3f}.",
                  "- This is the bare classifier trained on two thirds of the data each time, without the keyword layer,",
                  "  menu shortcuts or the emergency rule the live pipeline adds; it is lower than the hold-out figure",
                  "  for that reason, and because training examples are short and close to each other across intents."]
    return "\n".join(lines) + "\n", measured


def _cores() -> int:
    import os

    return os.cpu_count() or 0


def holdout_round(path: Path) -> int:
    """Which round of hold-out writing a file belongs to: `round2-es.yml` is round 2, the rest 1."""
    found = re.match(r"round(\d+)-", path.name)
    return int(found.group(1)) if found else 1


def load_cv(path: Path | None, folds: str | None) -> dict | None:
    """Summarize Rasa's cross-validation intent report, if present."""
    if not path or not path.is_file():
        return None
    data = json.loads(path.read_text())
    return {"folds": folds, "accuracy": data.get("accuracy", 0.0), "macro_f1": data["macro avg"]["f1-score"],
            "weighted_f1": data["weighted avg"]["f1-score"]}


def main() -> int:
    """Start Rasa, evaluate, write the report; exit 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cv-report", type=Path)
    parser.add_argument("--cv-folds")
    parser.add_argument("--train-seconds")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "nlu-report.md")
    parser.add_argument("--rows-out", type=Path, default=REPO / "bot" / "results" / "holdout-rows.json")
    parser.add_argument("--model", type=Path, default=REPO / "bot" / "models" / "helpline.tar.gz")
    args = parser.parse_args()
    examples = [{**ex, "round": holdout_round(path)} for path in sorted(HOLDOUT_DIR.glob("*.yml"))
                for ex in yaml.safe_load(path.read_text(encoding="utf-8"))["examples"]]
    token = secrets.token_hex(16)
    with tempfile.TemporaryDirectory() as tmp:
        server = RasaServer(free_port(), token, Path(tmp) / "rasa.log", model=args.model).start()
        try:
            rows = evaluate(examples, RasaClient(server.url, token, 10))
        finally:
            server.stop()
    if args.rows_out:  # every message's outcome, for error analysis without rerunning Rasa
        args.rows_out.parent.mkdir(parents=True, exist_ok=True)
        args.rows_out.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    report, measured = build_report(rows, load_cv(args.cv_report, args.cv_folds), args.train_seconds, cross_validate_language())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(report)
    missed = [name for name, target in {**TARGETS, **{f"topic accuracy {c}": t for c, t in TOPIC_TARGETS.items()}}.items()
              if name in measured and measured[name] < target]
    if missed:
        print("targets missed: " + ", ".join(missed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
