"""The classroom interface: the aiohttp server, the students' page, the terminal client.

Nothing is imported here, so that `import sahel_quiz.classroom.qr` does not pay for aiohttp.
"""
