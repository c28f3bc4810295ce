from django.urls import URLPattern, path

from cairn.stories import feeds, views

app_name = "stories"

urlpatterns: list[URLPattern] = [
    path("recits/", views.story_list, name="list"),
    path("recits/flux/rss/", feeds.StoriesRssFeed(), name="feed_rss"),
    path("recits/flux/atom/", feeds.StoriesAtomFeed(), name="feed_atom"),
    path("recits/<slug:slug>/", views.story_detail, name="detail"),
    # Staff pages: write, review, publish.
    path("gestion/recits/", views.staff_list, name="staff_list"),
    path("gestion/recits/nouveau/", views.story_create, name="create"),
    path("gestion/recits/<int:pk>/modifier/", views.story_edit, name="edit"),
    path("gestion/recits/<int:pk>/images/", views.story_image_upload, name="image_upload"),
    path("gestion/recits/<int:pk>/soumettre/", views.story_move, {"move": "submit"}, name="submit"),
    path("gestion/recits/<int:pk>/renvoyer/", views.story_move, {"move": "return"}, name="return"),
    path("gestion/recits/<int:pk>/publier/", views.story_move, {"move": "publish"}, name="publish"),
    path("gestion/recits/<int:pk>/depublier/", views.story_move, {"move": "unpublish"}, name="unpublish"),
]
