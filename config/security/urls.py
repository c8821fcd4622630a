from __future__ import annotations

from django.urls import path

from config.security import views

app_name = "security"

urlpatterns = [
    path("second-factor/", views.verify, name="verify"),
    path("second-factor/enrol/", views.enrol, name="enrol"),
    path("second-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("reauthenticate/", views.reauthenticate, name="reauthenticate"),
]
