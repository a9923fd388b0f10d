from django.contrib.auth import views as auth
from django.urls import path, reverse_lazy

from portal import apikeys, cancellations, import_views, login, twofactor, views
from portal import visits as visit_views

app_name = "portal"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("voor-aanbieders/", views.for_providers, name="for-providers"),
    path("aanmelden/", views.signup, name="signup"),
    path("bevestig/<str:token>/", views.verify, name="verify"),
    path("uitnodiging/<str:token>/", views.invite, name="invite"),
    path("nog-actueel/<str:token>/", views.still_on, name="still-on"),
    path("inloggen/", login.LoginView.as_view(), name="login"),
    path("tweestaps/", twofactor.verify, name="two-factor-verify"),
    path("tweestaps/instellen/", twofactor.setup, name="two-factor-setup"),
    path("uitloggen/", auth.LogoutView.as_view(), name="logout"),
    path(
        "wachtwoord/",
        login.PasswordResetView.as_view(
            success_url=reverse_lazy("portal:password_reset_done"),
            email_template_name="registration/password_reset_email.txt",
            html_email_template_name="registration/password_reset_email.html",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path("wachtwoord/verstuurd/", auth.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "wachtwoord/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("portal:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord/klaar/",
        auth.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("organisatie/<slug:provider>/collega/", views.invite_colleague, name="invite-colleague"),
    path(
        "organisatie/<slug:provider>/nog-actueel/",
        views.still_on_confirm,
        name="still-on-confirm",
    ),
    path("organisatie/<slug:provider>/nieuw/", views.activity_new, name="activity-new"),
    path(
        "organisatie/<slug:provider>/kaartvoorbeeld/",
        views.activity_card_preview,
        name="activity-card-preview",
    ),
    path(
        "organisatie/<slug:provider>/inlezen/", import_views.activity_import, name="activity-import"
    ),
    path(
        "organisatie/<slug:provider>/inlezen/voorbeeld.csv",
        import_views.activity_import_template,
        name="activity-import-template",
    ),
    path(
        "organisatie/<slug:provider>/inlezen/voorbeeld.xlsx",
        import_views.activity_import_template,
        {"excel": True},
        name="activity-import-template-xlsx",
    ),
    path("organisatie/<slug:provider>/koppelingen/", apikeys.page, name="apikeys"),
    path(
        "organisatie/<slug:provider>/koppelingen/sleutel/<int:pk>/intrekken/",
        apikeys.revoke,
        name="apikey-revoke",
    ),
    path("organisatie/<slug:provider>/koppelingen/agenda/", apikeys.feed, name="partner-feed"),
    path("organisatie/<slug:provider>/aanvragen/", visit_views.visit_list, name="visits"),
    path(
        "organisatie/<slug:provider>/aanvragen/<str:ref>/", visit_views.visit_detail, name="visit"
    ),
    path(
        "organisatie/<slug:provider>/plaatsen/<slug:slug>/",
        visit_views.visit_places,
        name="visit-places",
    ),
    path("activiteit/<slug:slug>/", views.activity_edit, name="activity-edit"),
    path("activiteit/<slug:slug>/voorbeeld/", views.activity_preview, name="activity-preview"),
    path("activiteit/<slug:slug>/kopie/", views.activity_duplicate, name="activity-duplicate"),
    path("activiteit/<slug:slug>/indienen/", views.activity_submit_view, name="activity-submit"),
    path("activiteit/<slug:slug>/data/", cancellations.activity_dates, name="activity-dates"),
]
