"""One table for every kind (a dtype discriminator), as Feed's TPH, with proxy models per kind."""
from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=32, unique=True)
    created_at = models.DateTimeField()


class Feed(models.Model):
    dtype = models.CharField(max_length=8)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="items")
    created_at = models.DateTimeField()
    edited_at = models.DateTimeField(null=True)
    like_count = models.IntegerField(default=0)
    title = models.CharField(max_length=128, null=True)
    body = models.TextField(null=True)
    game_name = models.CharField(max_length=128, null=True)
    game_location = models.CharField(max_length=128, null=True)
    room_name = models.CharField(max_length=128, null=True)
    joined_count = models.IntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["created_at", "id"], name="feed_created_id")]


class KindManager(models.Manager):
    def __init__(self, dtype):
        super().__init__()
        self.dtype = dtype

    def get_queryset(self):
        return super().get_queryset().filter(dtype=self.dtype)


class Post(Feed):
    objects = KindManager("post")

    class Meta:
        proxy = True


class Game(Feed):
    objects = KindManager("game")

    class Meta:
        proxy = True


class Team(Feed):
    objects = KindManager("team")

    class Meta:
        proxy = True
