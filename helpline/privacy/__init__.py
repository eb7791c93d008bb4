"""Who wrote (pseudonymously), what is kept about them, for how long, and the counts that single nobody out."""
