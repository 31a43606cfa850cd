from django.urls import path

from .views import directory, events, examples, feedback, handbook, monitoring, news, resources

app_name = "network"

urlpatterns = [
    path("handbok/", handbook.handbook, name="handbook"),
    path("handbok/handbok.pdf", handbook.handbook_pdf, name="handbook_pdf"),
    path("handbok/bestall/", handbook.order, name="order"),
    path("handbok/<slug:slug>/", handbook.chapter, name="chapter"),
    path("katalog/", directory.directory, name="directory"),
    path("katalog/<slug:slug>/", directory.organisation, name="directory_organisation"),
    path("konto/katalog/", directory.entry, name="directory_entry"),
    path("sidrespons/", feedback.give, name="feedback"),
    path("resurser/", resources.resource_list, name="resources"),
    path("resurser/dela/", resources.resource_new, name="resource_new"),
    path("resurser/<int:pk>/", resources.resource_detail, name="resource"),
    path("resurser/<int:pk>/fil/", resources.resource_download, name="resource_download"),
    path("resurser/<int:pk>/andra/", resources.resource_edit, name="resource_edit"),
    path("resurser/<int:pk>/dolj/", resources.resource_hide, name="resource_hide"),
    path("nyheter/", news.news_list, name="news"),
    path("nyheter/rss/", news.news_rss, name="news_rss"),
    path("nyheter/atom/", news.news_atom, name="news_atom"),
    path("nyheter/personligt-flode/fornya/", news.personal_feed_renew, name="news_feed_renew"),
    path("nyheter/personligt-flode/<str:token>/", news.news_personal, name="news_personal"),
    path("nyheter/<slug:slug>/", news.news_item, name="news_item"),
    path("goda-exempel/", examples.examples, name="examples"),
    path("goda-exempel/nytt/", examples.new, name="example_new"),
    path("goda-exempel/sparade/", examples.saved, name="examples_saved"),
    path("goda-exempel/granska/", examples.waiting, name="examples_waiting"),
    path("goda-exempel/<int:pk>/", examples.example, name="example"),
    path("goda-exempel/<int:pk>/andra/", examples.edit, name="example_edit"),
    path("goda-exempel/<int:pk>/spara/", examples.toggle_saved, name="example_toggle_saved"),
    path("goda-exempel/<int:pk>/granska/", examples.moderate, name="example_moderate"),
    path(
        "goda-exempel/<int:pk>/kommentarer/<int:comment_pk>/ta-bort/",
        examples.delete_comment,
        name="example_comment_delete",
    ),
    path("goda-exempel/<int:pk>/bilder/<int:image_pk>/", examples.image, name="example_image"),
    path("omvarld/", monitoring.monitoring, name="monitoring"),
    path("evenemang/", events.event_list, name="events"),
    path("evenemang/kalender.ics", events.public_calendar, name="events_calendar"),
    path(
        "evenemang/kalender/<str:token>.ics",
        events.personal_calendar,
        name="events_personal_calendar",
    ),
    path("evenemang/<slug:slug>/", events.event_detail, name="event"),
    path("evenemang/<slug:slug>/kalender.ics", events.event_calendar, name="event_calendar"),
    path("evenemang/<slug:slug>/anmal/", events.event_register, name="event_register"),
    path("evenemang/<slug:slug>/avboka/", events.event_cancel, name="event_cancel"),
]
