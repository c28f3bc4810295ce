from django.urls import URLPattern, path

from cairn.recommendations.views import campaigns, imports, registry, staff, structure

app_name = "recommendations"

urlpatterns: list[URLPattern] = [
    # The public registry. A reference holds slashes ("2020-21/ACC/04"): it is the rest of the path.
    path("recommandations/", registry.registry_list, name="registry"),
    path("recommandations/<path:reference>/", registry.recommendation_detail, name="detail"),
    path("cycles/<slug:slug>/", registry.cycle_detail, name="cycle"),
    path("thematiques/<int:pk>/", registry.theme_detail, name="theme"),
    path("groupes/<int:pk>/", registry.group_detail, name="group"),
    # Staff pages of the assessment campaigns.
    path("gestion/campagnes/", campaigns.campaign_list, name="campaign_list"),
    path("gestion/campagnes/a-faire/", campaigns.my_todo, name="my_todo"),
    path("gestion/campagnes/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("gestion/campagnes/<int:pk>/attribuer/", campaigns.campaign_assign, name="campaign_assign"),
    path("gestion/campagnes/<int:pk>/cloturer/", campaigns.campaign_close, name="campaign_close"),
    path("gestion/campagnes/<int:pk>/relecture/", campaigns.campaign_review, name="campaign_review"),
    path("gestion/campagnes/<int:pk>/relecture/publier/", campaigns.campaign_publish_many, name="campaign_publish_many"),
    path("gestion/campagnes/<int:pk>/relecture/<int:assessment_pk>/", campaigns.campaign_review_decide, name="campaign_review_decide"),
    path("gestion/campagnes/<int:pk>/recommandations/<int:recommendation_pk>/", campaigns.proposal, name="proposal"),
    path("gestion/recommandations/<int:pk>/evaluer/", staff.recommendation_assess, name="recommendation_assess"),
    path("gestion/recommandations/<int:pk>/modifier/", staff.recommendation_edit, name="recommendation_edit"),
    path("gestion/recommandations/<int:pk>/historique/", staff.recommendation_history, name="recommendation_history"),
    path("gestion/recommandations/<int:pk>/liens/", staff.recommendation_links, name="recommendation_links"),
    path("gestion/recommandations/<int:pk>/traductions/", staff.recommendation_translations, name="recommendation_translations"),
    path("gestion/traductions/", staff.untranslated_list, name="untranslated"),
    path(
        "gestion/recommandations/<int:pk>/suggestions/<int:suggestion_pk>/",
        staff.recommendation_suggestion_decide,
        name="recommendation_suggestion_decide",
    ),
    path(
        "gestion/recommandations/<int:pk>/liens/<int:link_pk>/supprimer/",
        staff.recommendation_link_remove,
        name="recommendation_link_remove",
    ),
    # Staff pages that keep the registry's structure.
    path("gestion/registre/", structure.structure, name="structure"),
    path("gestion/registre/cycles/nouveau/", structure.cycle_create, name="cycle_create"),
    path("gestion/registre/cycles/<int:pk>/", structure.cycle_edit, name="cycle_edit"),
    path("gestion/registre/categories/nouvelle/", structure.category_create, name="category_create"),
    path("gestion/registre/categories/<int:pk>/", structure.category_edit, name="category_edit"),
    path("gestion/registre/cycles/<int:cycle_pk>/thematiques/nouvelle/", structure.theme_create, name="theme_create"),
    path("gestion/registre/thematiques/<int:pk>/", structure.theme_edit, name="theme_edit"),
    path("gestion/registre/thematiques/<int:theme_pk>/groupes/nouveau/", structure.group_create, name="group_create"),
    path("gestion/registre/groupes/<int:pk>/", structure.group_edit, name="group_edit"),
    # Staff page: import the registry from a table or a pad, with a preview step.
    path("gestion/import-registre/", imports.registry_import_upload, name="registry_import"),
    path("gestion/import-registre/<int:pk>/", imports.registry_import_preview, name="registry_import_preview"),
    path("gestion/import-registre/<int:pk>/confirmer/", imports.registry_import_confirm, name="registry_import_confirm"),
]
