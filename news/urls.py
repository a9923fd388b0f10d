from django.urls import path

from news import feeds, views
from news.models import NewsItem

app_name = "news"
NEWS, STORY = NewsItem.Kind.NEWS, NewsItem.Kind.STORY
urlpatterns = [
    path("nieuws/", views.item_list, {"kind": NEWS}, name="news"),
    path("nieuws/feed.rss", feeds.NewsFeed(), name="news-rss"),
    path("nieuws/feed.atom", feeds.NewsAtomFeed(), name="news-atom"),
    path("nieuws/<slug:slug>/", views.item_detail, {"kind": NEWS}, name="item"),
    path("verhalen/", views.item_list, {"kind": STORY}, name="stories"),
    path("verhalen/feed.rss", feeds.StoryFeed(), name="stories-rss"),
    path("verhalen/feed.atom", feeds.StoryAtomFeed(), name="stories-atom"),
    path("verhalen/<slug:slug>/", views.item_detail, {"kind": STORY}, name="story"),
]
