"""The `omkeer` console script: Django's management commands with dashes allowed (`omkeer import-people`).

`omkeer serve` starts the development server on 127.0.0.1:8000 and prints the demo logins first; `omkeer serve --prod`
runs gunicorn, with production settings unless OMKEER_DEV=1; `omkeer match-file` runs without Django (the matching
engine's file interface).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omkeer.settings")
    args = list(sys.argv if argv is None else argv)
    # Development defaults (a built-in key, plain HTTP), except for the production server.
    os.environ.setdefault("OMKEER_DEV", "0" if args[1:2] == ["serve"] and "--prod" in args else "1")
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    if len(args) > 1 and args[1] == "match_file":  # pure: no Django to start (a second of a benchmark's time)
        from omkeer.matching.files import main as match_file

        sys.exit(match_file(args[2:]))
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
