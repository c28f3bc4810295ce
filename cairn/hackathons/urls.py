from django.urls import URLPattern, path

from cairn.hackathons.views import members, organisers, public

app_name = "hackathons"

urlpatterns: list[URLPattern] = [
    path("hackathons/", public.hackathon_list, name="list"),
    path("hackathons/nouveau/", organisers.create, name="create"),
    path("hackathons/<slug:slug>/", public.hackathon_detail, name="detail"),
    path("hackathons/<slug:slug>/questions/<int:pk>/", public.question_detail, name="question"),
    path("hackathons/<slug:slug>/equipes/<int:pk>/", public.team_detail, name="team"),
    path("hackathons/<slug:slug>/proposer/<int:recommendation_pk>/", members.propose, name="propose"),
    path("hackathons/<slug:slug>/inscription/", members.register, name="register"),
    path("hackathons/<slug:slug>/equipes/<int:pk>/reponse/", members.answer, name="answer"),
    path("hackathons/<slug:slug>/equipes/<int:pk>/journal/", public.team_post, name="team_post"),
    path("hackathons/<slug:slug>/equipes/<int:pk>/fichiers/", public.team_file_upload, name="team_file_upload"),
    path("hackathons/<slug:slug>/equipes/<int:pk>/fichiers/<int:file_pk>/", public.team_file_download, name="team_file"),
    path("hackathons/<slug:slug>/vote/", members.vote, name="vote"),
    path("hackathons/<slug:slug>/equipes/former/", members.start_team, name="start_team"),
    path("hackathons/<slug:slug>/equipes/<int:pk>/candidater/", members.apply, name="apply"),
    path("hackathons/<slug:slug>/candidatures/<int:pk>/<str:decision>/", members.decide_application, name="decide_application"),
    path("hackathons/<slug:slug>/jury/<int:team_pk>/", members.jury, name="jury"),
    path("hackathons/<slug:slug>/organisation/", organisers.manage, name="manage"),
    path("hackathons/<slug:slug>/organisation/phase/", organisers.set_phase, name="set_phase"),
    path("hackathons/<slug:slug>/organisation/programme/", organisers.add_session, name="add_session"),
    path("hackathons/<slug:slug>/organisation/questions/nouvelle/", organisers.new_question, name="new_question"),
    path("hackathons/<slug:slug>/organisation/questions/<int:pk>/modifier/", organisers.edit_question, name="edit_question"),
    path("hackathons/<slug:slug>/organisation/questions/<int:pk>/decision/", organisers.decide_question, name="decide_question"),
    path("hackathons/<slug:slug>/organisation/questions/<int:pk>/mentors/", organisers.mentors, name="mentors"),
    path(
        "hackathons/<slug:slug>/organisation/questions/<int:pk>/mentors/<int:mentor_pk>/retirer/",
        organisers.remove_mentor,
        name="remove_mentor",
    ),
    path("hackathons/<slug:slug>/organisation/recits/", organisers.stories_page, name="stories"),
    path("hackathons/<slug:slug>/organisation/recits/<int:story_pk>/retirer/", organisers.unlink_story, name="unlink_story"),
    path("hackathons/<slug:slug>/organisation/equipes/former/", organisers.form_teams, name="form_teams"),
    path("hackathons/<slug:slug>/organisation/equipes/placer/", organisers.move, name="move"),
    path("hackathons/<slug:slug>/organisation/equipes/<int:team_pk>/retenir/", organisers.choose, name="choose"),
    path("hackathons/<slug:slug>/organisation/jury/", organisers.add_jury, name="add_jury"),
    path("hackathons/<slug:slug>/organisation/notes.<str:fmt>", organisers.scores_export, name="scores_export"),
]
