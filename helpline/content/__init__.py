"""The answers in content/: loading, facts, checks and reports for organizers."""
