from django.contrib import admin

from regions.models import MunicipalityRegion, STORegion


class MunicipalityInline(admin.TabularInline):
    model = MunicipalityRegion
    extra = 0


@admin.register(STORegion)
class STORegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MunicipalityInline]


@admin.register(MunicipalityRegion)
class MunicipalityRegionAdmin(admin.ModelAdmin):
    list_display = ["municipality", "region", "confirmed"]
    list_editable = ["region", "confirmed"]
    list_filter = ["region", "confirmed"]
