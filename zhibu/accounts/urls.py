from django.urls import path

from zhibu.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("profile/", views.profile, name="profile"),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/new/", views.token_create, name="token_create"),
    path("tokens/<id:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("grants/", views.grant_list, name="grant_list"),
    path("grants/new/", views.grant_create, name="grant_create"),
    path("grants/<id:pk>/revoke/", views.grant_revoke, name="grant_revoke"),
    path("users/", views.user_list, name="user_list"),
    path("users/<id:pk>/disable/", views.user_disable, name="user_disable"),
    path("users/<id:pk>/reset-password/", views.user_reset_password, name="user_reset_password"),
    path("security/", views.security, name="security"),
    path("security/unlock/<id:pk>/", views.unlock_user, name="unlock"),
]
