from django.urls import path

from feed.views import FeedList

urlpatterns = [path("feed", FeedList.as_view())]
