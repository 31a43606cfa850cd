from django.urls import path

from .views import handbook, news

app_name = "network"

urlpatterns = [
    path("handbok/", handbook.handbook, name="handbook"),
    path("handbok/handbok.pdf", handbook.handbook_pdf, name="handbook_pdf"),
    path("handbok/bestall/", handbook.order, name="order"),
    path("handbok/<slug:slug>/", handbook.chapter, name="chapter"),
    path("nyheter/", news.news_list, name="news"),
    path("nyheter/rss/", news.news_rss, name="news_rss"),
    path("nyheter/atom/", news.news_atom, name="news_atom"),
    path("nyheter/personligt-flode/fornya/", news.personal_feed_renew, name="news_feed_renew"),
    path("nyheter/personligt-flode/<str:token>/", news.news_personal, name="news_personal"),
    path("nyheter/<slug:slug>/", news.news_item, name="news_item"),
]
