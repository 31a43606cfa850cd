from django.urls import path

from .views import examples, handbook, monitoring

app_name = "network"

urlpatterns = [
    path("handbok/", handbook.handbook, name="handbook"),
    path("handbok/handbok.pdf", handbook.handbook_pdf, name="handbook_pdf"),
    path("handbok/bestall/", handbook.order, name="order"),
    path("handbok/<slug:slug>/", handbook.chapter, name="chapter"),
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
]
