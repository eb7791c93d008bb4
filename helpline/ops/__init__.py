"""Running it: settings, the database and its schema, health, and the operators' commands."""
