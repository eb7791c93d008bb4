"""Add msgids that are in locales/messages.pot but missing from a language's .po (empty msgstr).

Usage: .venv/bin/python scripts/sync-catalogs.py   (then translate the empty entries)
"""

import re
from pathlib import Path

LOCALES = Path(__file__).resolve().parent.parent / "locales"
ENTRY = re.compile(r'^msgid "(.*)"$', re.M)

template = [m for m in ENTRY.findall((LOCALES / "messages.pot").read_text(encoding="utf-8")) if m]
for po in sorted(LOCALES.glob("*/LC_MESSAGES/messages.po")):
    text = po.read_text(encoding="utf-8")
    present = set(ENTRY.findall(text))
    missing = [m for m in template if m not in present]
    if missing:
        text = text.rstrip("\n") + "\n" + "".join(f'\nmsgid "{m}"\nmsgstr ""\n' for m in missing)
        po.write_text(text, encoding="utf-8")
    print(f"{po.parent.parent.name}: {len(missing)} added")
