from django.contrib import admin

from ombud.newsletter.models import ConsentText, Newsletter


class ConsentTextInline(admin.StackedInline):
    model = ConsentText
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # a changed text is a new version: consents point at the words they had


@admin.register(Newsletter)
class NewsletterAdmin(admin.ModelAdmin):
    list_display = ("name", "organization", "processor", "list_id")
    inlines = [ConsentTextInline]
