"""How messages arrive and leave: Twilio (SMS and WhatsApp), the browser chat, the terminal; bodies and TwiML."""
