#!/usr/bin/env python3
"""The Django peer's management commands (migrate, load_feed): run with Debian's /usr/bin/python3."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
