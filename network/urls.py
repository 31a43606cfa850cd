from django.urls import path

from .views import (
    directory,
    discussions,
    examples,
    feedback,
    handbook,
    monitoring,
    news,
    resources,
)

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
    # Discussions: the fixed addresses first, a topic's slug after them.
    path("diskussion/", discussions.topics, name="discussions"),
    path("diskussion/e-post/", discussions.email_choice, name="discussion_email"),
    path("diskussion/sluta-folja/<str:token>/", discussions.unfollow, name="discussion_unfollow"),
    path("diskussion/trad/<int:pk>/", discussions.thread, name="discussion_thread"),
    path(
        "diskussion/trad/<int:pk>/folj/",
        discussions.thread_follow,
        name="discussion_thread_follow",
    ),
    path("diskussion/trad/<int:pk>/las/", discussions.thread_lock, name="discussion_thread_lock"),
    path(
        "diskussion/trad/<int:pk>/flytta/", discussions.thread_move, name="discussion_thread_move"
    ),
    path("diskussion/inlagg/<int:pk>/andra/", discussions.post_edit, name="discussion_post_edit"),
    path("diskussion/inlagg/<int:pk>/dolj/", discussions.post_hide, name="discussion_post_hide"),
    path("diskussion/inlagg/<int:pk>/fil/", discussions.attachment, name="discussion_attachment"),
    path("diskussion/<slug:slug>/", discussions.topic, name="discussion_topic"),
    path("diskussion/<slug:slug>/ny/", discussions.thread_new, name="discussion_thread_new"),
    path("diskussion/<slug:slug>/folj/", discussions.topic_follow, name="discussion_topic_follow"),
]
