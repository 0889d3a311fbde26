"""Line mode: quizzes, study and stats on standard input and output.

For scripts, terminals without full-screen support and screen readers: plain lines, no colour,
no cursor movement. It shows what the engine decides and never grades or schedules itself.
"""
