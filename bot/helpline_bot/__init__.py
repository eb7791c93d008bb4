"""Custom Rasa pieces for the helpline: state extraction, the app's input channel, tracker TTL."""
