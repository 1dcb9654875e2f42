"""newsbell: news-to-Telegram alerts.

``bot.core`` is the pure decision core (no I/O); the modules beside it are the edges
(HTTP, SQLite, Telegram, the scheduler) and ``bot.app`` wires them together.
"""

__version__ = "0.1.0"
