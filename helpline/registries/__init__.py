"""What the helpline knows, declared once as data in registry/ and bot/: languages, topics, jurisdictions."""
