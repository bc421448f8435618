from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.pagination import CursorPagination

from .models import Author, Feed


class AuthorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Author
        fields = ["id", "name"]


class FeedSerializer(serializers.ModelSerializer):
    author = AuthorSerializer(read_only=True)

    class Meta:
        model = Feed
        fields = ["dtype", "id", "created_at", "like_count", "author", "edited_at",
                  "title", "body", "game_name", "game_location", "room_name", "joined_count"]


class NewestFirst(CursorPagination):
    ordering = "-created_at"
    page_size = 20


class FeedList(ListAPIView):
    queryset = Feed.objects.select_related("author")
    serializer_class = FeedSerializer
    pagination_class = NewestFirst
