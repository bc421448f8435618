"""Copies a feed seeded by Feed's own `seed` verb (its SQLite file) into the peer's tables: the same items, the same mix."""
import sqlite3
from datetime import datetime, timezone

from django.core.management.base import BaseCommand
from django.db import transaction

from feed.models import Author, Feed


def when(text):
    return None if text is None else datetime.fromisoformat(text[:26]).replace(tzinfo=timezone.utc)


class Command(BaseCommand):
    help = "load_feed PATH: copy users and items from a Feed SQLite database"

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, **options):
        source = sqlite3.connect(options["path"])
        with transaction.atomic():
            Feed.objects.all().delete()
            Author.objects.all().delete()
            Author.objects.bulk_create(
                [Author(id=i, name=n, created_at=when(c)) for i, n, c in source.execute("SELECT Id, Name, CreatedAt FROM Users")],
                batch_size=5000)
            rows = source.execute(
                "SELECT Id, Discriminator, AuthorId, CreatedAt, EditedAt, LikeCount, Title, Body, GameName, GameLocation, RoomName, JoinedCount FROM FeedItems")
            batch = []
            for r in rows:
                batch.append(Feed(id=r[0], dtype=r[1], author_id=r[2], created_at=when(r[3]), edited_at=when(r[4]), like_count=r[5],
                                  title=r[6], body=r[7], game_name=r[8], game_location=r[9], room_name=r[10], joined_count=r[11]))
                if len(batch) == 5000:
                    Feed.objects.bulk_create(batch)
                    batch = []
            Feed.objects.bulk_create(batch)
        self.stdout.write(f"loaded {Feed.objects.count()} items by {Author.objects.count()} authors")
