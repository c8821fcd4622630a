from django.contrib import admin
from django.urls import path

from compliance.registers import views

app_name = "registers"

urlpatterns = [
    path("import/", admin.site.admin_view(views.import_view), name="import"),
    path(
        "export/<slug:kind>.<slug:fmt>",
        admin.site.admin_view(views.export_view),
        name="export",
    ),
]
