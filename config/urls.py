from django.contrib import admin
from django.urls import path

admin.site.site_header = "DPO Desk"
admin.site.site_title = "DPO Desk"
admin.site.index_title = "Compliance workspace"

urlpatterns = [
    path("", admin.site.urls),
]
