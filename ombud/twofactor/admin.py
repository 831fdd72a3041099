"""The operator's view of second factors: to see who holds which, and to remove a lost one
(the person then sets up a new one at the next sign-in). Organization administrators hold no
permission on these models, so only superusers see them."""

from django.contrib import admin

from ombud.twofactor.models import RecoveryCodes, SecurityKey


@admin.register(SecurityKey)
class SecurityKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "created_at", "last_used_at"]
    search_fields = ["user__username", "name"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = ["user", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False  # keys are registered by their holder, in the browser


@admin.register(RecoveryCodes)
class RecoveryCodesAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "last_used_at", "left"]
    search_fields = ["user__username"]
    fields = ["user", "created_at", "last_used_at"]
    readonly_fields = fields

    @admin.display(description="left")
    def left(self, codes) -> int:
        return len(codes.digests)

    def has_add_permission(self, request):
        return False
