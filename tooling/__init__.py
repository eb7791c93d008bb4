"""Development and test tooling: a Rasa server and the whole supervised stack on loopback ports
(tests, the privacy drill, the NLU report and the benchmark). Not imported by the running app."""
