from django.urls import URLPattern, path

from cairn.recommendations import views

app_name = "recommendations"

urlpatterns: list[URLPattern] = [
    # The public registry. A reference holds slashes ("2020-21/ACC/04"): it is the rest of the path.
    path("recommandations/", views.registry_list, name="registry"),
    path("recommandations/<path:reference>/", views.recommendation_detail, name="detail"),
    path("cycles/<slug:slug>/", views.cycle_detail, name="cycle"),
    path("thematiques/<int:pk>/", views.theme_detail, name="theme"),
    path("groupes/<int:pk>/", views.group_detail, name="group"),
    # Staff pages of the assessment campaigns.
    path("gestion/campagnes/", views.campaign_list, name="campaign_list"),
    path("gestion/campagnes/a-faire/", views.my_todo, name="my_todo"),
    path("gestion/campagnes/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("gestion/campagnes/<int:pk>/attribuer/", views.campaign_assign, name="campaign_assign"),
    path("gestion/campagnes/<int:pk>/cloturer/", views.campaign_close, name="campaign_close"),
    path("gestion/campagnes/<int:pk>/relecture/", views.campaign_review, name="campaign_review"),
    path("gestion/campagnes/<int:pk>/relecture/publier/", views.campaign_publish_many, name="campaign_publish_many"),
    path("gestion/campagnes/<int:pk>/relecture/<int:assessment_pk>/", views.campaign_review_decide, name="campaign_review_decide"),
    path("gestion/campagnes/<int:pk>/recommandations/<int:recommendation_pk>/", views.proposal, name="proposal"),
    path("gestion/recommandations/<int:pk>/evaluer/", views.recommendation_assess, name="recommendation_assess"),
    path("gestion/recommandations/<int:pk>/modifier/", views.recommendation_edit, name="recommendation_edit"),
    path("gestion/recommandations/<int:pk>/historique/", views.recommendation_history, name="recommendation_history"),
    # Staff page: import the registry from a table or a pad, with a preview step.
    path("gestion/import-registre/", views.registry_import_upload, name="registry_import"),
    path("gestion/import-registre/<int:pk>/", views.registry_import_preview, name="registry_import_preview"),
    path("gestion/import-registre/<int:pk>/confirmer/", views.registry_import_confirm, name="registry_import_confirm"),
]
