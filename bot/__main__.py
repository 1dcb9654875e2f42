"""Command line: ``python -m bot {run,demo,init,check-config,summarise}``."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from bot.errors import ConfigError, InputError, NewsbellError

EXIT_USAGE = 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="newsbell: news-to-Telegram alerts")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--config", metavar="PATH", help="config file (default: $BOT_CONFIG or config/feeds.toml)")
        return p

    run = add("run", "run the bot for real (needs TELEGRAM_BOT_TOKEN)")
    run.add_argument("--webhook", action="store_true",
                     help="receive updates on PTB's webhook server (WEBHOOK_URL, PORT, WEBHOOK_SECRET) instead of polling")
    demo = add("demo", "the whole pipeline on bundled sample feeds: no token, no network")
    demo.add_argument("-v", "--verbose", action="store_true", help="show the bot's log")
    init = sub.add_parser("init", help="write a starter feeds.toml and entities.toml to edit",
                          description="write a starter feeds.toml and entities.toml (copies of the shipped ones)")
    init.add_argument("dir", nargs="?", default="config", metavar="DIR", help="where to write them (default: config)")
    init.add_argument("--force", action="store_true", help="overwrite files that exist")
    add("check-config", "validate a config and summarise it")
    summ = add("summarise", "summarise feed documents or article files (.html, .txt)")
    summ.add_argument("--json", action="store_true", help="one JSON object per article per line")
    summ.add_argument("--follow", action="append", default=[], metavar="TERM", help="report whether TERM matches")
    summ.add_argument("paths", nargs="+", metavar="PATH")
    args = parser.parse_args(argv)

    from bot.settings import Settings, setup_logging

    if args.command == "init":
        from bot.starter import write_starter_config

        try:
            print(write_starter_config(Path(args.dir), force=args.force))
        except InputError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_USAGE
        return 0
    settings = Settings.from_env(config_path=args.config)
    try:
        if args.command == "check-config":
            from bot.config import describe, load_config

            print(describe(load_config(settings.config_path)))
            return 0
        if args.command == "summarise":
            from bot.cli_summarise import run_summarise

            return run_summarise(settings.config_path, args.paths, args.follow, args.json)
        if args.command == "demo":
            from bot.demo import run_demo

            setup_logging(logging.INFO if args.verbose else logging.ERROR)
            if args.config:
                return asyncio.run(run_demo(args.config))
            from bot.starter import shipped_config

            # The demo carries its own config: it runs from any directory and from a pip-installed newsbell.
            with shipped_config() as path:
                return asyncio.run(run_demo(str(path)))
        if args.command == "run" and not Path(settings.config_path).is_file():
            print(f"error: no config file at {settings.config_path}; create one with `python -m bot init`"
                  " (or pass --config PATH, or set BOT_CONFIG)", file=sys.stderr)
            return EXIT_USAGE
        if args.command == "run":
            if not settings.token:
                print("error: TELEGRAM_BOT_TOKEN is not set; get a token from @BotFather and export it", file=sys.stderr)
                return EXIT_USAGE
            webhook = None
            if args.webhook:
                from bot.settings import WebhookSettings

                webhook = WebhookSettings.from_env(settings.token)
            setup_logging(logging.INFO, secrets=[settings.token, webhook.secret_token if webhook else ""])
            return _run(settings, webhook)
    except ConfigError as exc:
        print(f"config error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except NewsbellError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _run(settings, webhook=None) -> int:
    from bot.app import build_application
    from bot.config import load_config
    from bot.store import Store

    config = load_config(settings.config_path)
    store = Store(settings.db_path)
    app = build_application(config, store, settings.token, base_url=settings.api_url, config_path=settings.config_path)
    logging.getLogger(__name__).info(
        "newsbell starting: %d feeds, %d topics, database %s", len(config.feeds), len(config.topics), Path(settings.db_path)
    )
    from telegram.error import InvalidToken

    try:
        allowed = ["message", "callback_query", "my_chat_member"]
        if webhook is not None:  # the webhook keeps its pending updates across restarts, as polling does
            app.run_webhook(listen=webhook.listen, port=webhook.port, url_path=webhook.url_path,
                            webhook_url=webhook.url, secret_token=webhook.secret_token, allowed_updates=allowed)
        else:
            app.run_polling(allowed_updates=allowed)
    except InvalidToken:
        # PTB's message quotes the token; say it without the secret.
        print("error: Telegram rejected TELEGRAM_BOT_TOKEN; check it with @BotFather", file=sys.stderr)
        return EXIT_USAGE
    return 0


if __name__ == "__main__":
    sys.exit(main())
