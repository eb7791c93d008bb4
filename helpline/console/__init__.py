"""The organizers' console: content at a glance, edits with a live phone preview, anonymous
counts as charts, a simulator. It shows content and counts only, never anything about people."""
