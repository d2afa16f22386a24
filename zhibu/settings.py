"""zhibu settings. Every value that differs between installations comes from a ZHIBU_* variable (see README)."""

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from zhibu.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("ZHIBU_DATA_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("ZHIBU_DEBUG", False)


def _secret_key() -> str:
    key = env_str("ZHIBU_SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "生产模式必须设置 ZHIBU_SECRET_KEY（至少50个随机字符），例如："
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'。"
            " / ZHIBU_SECRET_KEY is required when ZHIBU_DEBUG is false."
        )
    # Development only: a key generated once per checkout, kept out of git under var/.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "dev_secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ZHIBU_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("ZHIBU_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "zhibu.core.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "zhibu.core",
    "zhibu.accounts",
    "zhibu.organizations",
    "zhibu.workdays",
    "zhibu.members",
    "zhibu.committees",
    "zhibu.activities",
    "zhibu.standards",
    "zhibu.inspections",
    "zhibu.ratings",
    "zhibu.ledgers",
    "zhibu.dues",
    "zhibu.recruitment",
    "zhibu.worklog",
    "zhibu.complaints",
    "zhibu.care",
    "zhibu.notices",
    "zhibu.reporting",
    "zhibu.integrity",
    "zhibu.leadership",
    "zhibu.service",
    "zhibu.awards",
    "zhibu.branding",
    "zhibu.secretary_reviews",
    "zhibu.staff_reviews",
    "zhibu.training",
    "zhibu.study",
    "zhibu.quizzes",
    "zhibu.ops",
    "zhibu.inbox",
    "zhibu.dashboards",
    "zhibu.mine",
    "zhibu.demo",
]

MIDDLEWARE = [
    "zhibu.core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the application server, hashed names cached for a year (no reverse-proxy rule needed).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "zhibu.core.middleware.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "zhibu.accounts.middleware.SessionSecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "zhibu.core.middleware.AuditContextMiddleware",
    "zhibu.core.middleware.NotificationOpenedMiddleware",
    "zhibu.organizations.middleware.ScopeMiddleware",
    "zhibu.core.db_routing.ReadReplicaMiddleware",
]

ROOT_URLCONF = "zhibu.urls"
WSGI_APPLICATION = "zhibu.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboards:home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "zhibu" / "templates"],  # overrides of third-party templates (no inline code)
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhibu.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("ZHIBU_DATABASE_URL", f"sqlite:///{DATA_DIR / 'zhibu.sqlite3'}"),
        conn_max_age=env_int("ZHIBU_DB_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the writer; FULL makes an acknowledged commit survive power loss.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# A streaming replica of the primary (PostgreSQL hot standby): read-only pages read from it (zhibu/core/db_routing.py).
_REPLICA_URL = env_str("ZHIBU_REPLICA_DATABASE_URL")
DATABASE_ROUTERS: list[str] = []
if _REPLICA_URL is not None:
    DATABASES["replica"] = dj_database_url.parse(
        _REPLICA_URL, conn_max_age=env_int("ZHIBU_DB_CONN_MAX_AGE", 60, minimum=0), conn_health_checks=True
    )
    if "postgresql" not in DATABASES["default"]["ENGINE"] or "postgresql" not in DATABASES["replica"]["ENGINE"]:
        raise ImproperlyConfigured(
            "ZHIBU_REPLICA_DATABASE_URL 需要 PostgreSQL 主库和从库（a replica needs PostgreSQL on both sides）"
        )
    DATABASE_ROUTERS = ["zhibu.core.db_routing.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Password profile: "dengbao" (等保: 8+ chars, 3 of 4 classes, 90-day change) or "asvs" (12+ chars, no expiry).
PASSWORD_PROFILE = env_choice("ZHIBU_PASSWORD_PROFILE", "dengbao", ("dengbao", "asvs"))
PASSWORD_MAX_AGE_DAYS = env_int("ZHIBU_PASSWORD_MAX_AGE_DAYS", 90, minimum=1, maximum=365)
PASSWORD_WARN_DAYS = 7
_COMMON = [
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "zhibu.accounts.passwords.ChineseCommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Neither the current password nor the four before it (五次以内不得重复).
    {"NAME": "zhibu.accounts.passwords.PasswordHistoryValidator", "OPTIONS": {"remember": 5}},
]
AUTH_PASSWORD_VALIDATORS = (
    [{"NAME": "zhibu.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 12}}, *_COMMON]
    if PASSWORD_PROFILE == "asvs"
    else [
        {"NAME": "zhibu.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
        {"NAME": "zhibu.accounts.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
        *_COMMON,
    ]
)

# Logging in (等保 level 3; docs/security.md).
LOCKOUT_THRESHOLD = 5
LOCKOUT_MINUTES = env_int("ZHIBU_LOCKOUT_MINUTES", 30, minimum=1, maximum=1440)
IP_THROTTLE_FAILURES = env_int("ZHIBU_IP_THROTTLE_FAILURES", 20, minimum=5)
IP_THROTTLE_MINUTES = 15
# Public complaint form (zhibu/complaints/throttle.py): new submissions per address and window; more answer 429.
COMPLAINT_RATE_LIMIT = env_int("ZHIBU_COMPLAINT_RATE_LIMIT", 5, minimum=1)
COMPLAINT_RATE_WINDOW_MINUTES = env_int("ZHIBU_COMPLAINT_RATE_WINDOW_MINUTES", 60, minimum=1, maximum=1440)
COMPLAINT_MIN_SECONDS = env_int("ZHIBU_COMPLAINT_MIN_SECONDS", 3, minimum=0, maximum=60)  # sooner is a script
# The public form's proof-of-work (zhibu/complaints/challenge.py): the browser tries on average half this many SHA-256
# hashes (a phone needs about a second for 100,000); the challenge expires after the minutes.
COMPLAINT_POW_MAX_NUMBER = env_int("ZHIBU_COMPLAINT_POW_MAX_NUMBER", 100_000, minimum=1, maximum=10_000_000)
COMPLAINT_POW_MINUTES = env_int("ZHIBU_COMPLAINT_POW_MINUTES", 60, minimum=5, maximum=1440)
# Opinion surveys (zhibu/quizzes/results.py): a group with fewer answer sheets shows no results (re-identification).
SURVEY_MIN_GROUP = env_int("ZHIBU_SURVEY_MIN_GROUP", 5, minimum=3, maximum=100)
SESSION_IDLE_MINUTES = env_int("ZHIBU_SESSION_IDLE_MINUTES", 15, minimum=1, maximum=30)
SESSION_ABSOLUTE_HOURS = 12
REQUIRE_OTP = env_bool("ZHIBU_REQUIRE_OTP", not DEBUG)
OTP_TOTP_ISSUER = "zhibu 支部"
# API tokens: the lifetime offered when issuing one, and the longest anyone may choose.
API_TOKEN_MAX_DAYS = 365
API_TOKEN_DAYS = env_int("ZHIBU_API_TOKEN_DAYS", 90, minimum=1, maximum=API_TOKEN_MAX_DAYS)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["zhibu.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("ZHIBU_STATIC_ROOT", str(DATA_DIR / "static")))
MEDIA_ROOT = Path(env_str("ZHIBU_MEDIA_ROOT", str(DATA_DIR / "media")))
# Production serves collectstatic's output with hashed, compressed names (WhiteNoise); development serves the app
# folders as they are, so no collectstatic is needed there.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Where run_jobs keeps its lock and backup writes by default.
BACKUP_DIR = Path(env_str("ZHIBU_BACKUP_DIR", str(DATA_DIR / "backups")))
# A job whose last successful run is older than this many times its interval makes /health/ answer fail.
JOB_STALE_FACTOR = env_int("ZHIBU_JOB_STALE_FACTOR", 3, minimum=2, maximum=30)
# purge_job_runs deletes job runs older than this (each job's last run and last success stay). At least a month, so
# the monthly job's previous run is still on the jobs page.
JOB_RUN_KEEP_DAYS = env_int("ZHIBU_JOB_RUN_KEEP_DAYS", 90, minimum=31, maximum=3650)

# Field encryption of personal data (身份证号, phone, address).
FIELD_CIPHER = env_choice("ZHIBU_FIELD_CIPHER", "sm4-gcm", ("sm4-gcm", "aes-256-gcm"))
FIELD_KEY_FILE = Path(env_str("ZHIBU_FIELD_KEY_FILE", str(DATA_DIR / "field_keys.json")))
FIELD_KEYS = env_str("ZHIBU_FIELD_KEYS")  # JSON text, takes precedence over the key file

# Terms (届) in years, per docs/rules.md ELE-02; a 工委 may set other values.
TERM_YEARS_BRANCH = env_int("ZHIBU_TERM_YEARS_BRANCH", 3, minimum=1, maximum=10)
TERM_YEARS_COMMITTEE = env_int("ZHIBU_TERM_YEARS_COMMITTEE", 5, minimum=1, maximum=10)

UPLOAD_MAX_BYTES = env_int("ZHIBU_UPLOAD_MAX_MB", 20, minimum=1, maximum=200) * 1024 * 1024
# The work ledger (工作台账, zhibu/worklog): a task enters the 待办 inbox this many days before its deadline; an open
# task overdue by the yellow-card days gets a yellow card, by the red-card days a red one; last month's progress is
# owed by this day of the month.
WORKLOG_DUE_SOON_DAYS = env_int("ZHIBU_WORKLOG_DUE_SOON_DAYS", 7, minimum=1, maximum=90)
WORKLOG_YELLOW_CARD_DAYS = env_int("ZHIBU_WORKLOG_YELLOW_CARD_DAYS", 15, minimum=1, maximum=365)
WORKLOG_RED_CARD_DAYS = env_int("ZHIBU_WORKLOG_RED_CARD_DAYS", 30, minimum=2, maximum=730)
if WORKLOG_RED_CARD_DAYS <= WORKLOG_YELLOW_CARD_DAYS:
    raise ImproperlyConfigured(
        "ZHIBU_WORKLOG_RED_CARD_DAYS 须大于 ZHIBU_WORKLOG_YELLOW_CARD_DAYS（the red card comes after the yellow one）"
    )
WORKLOG_PROGRESS_DUE_DAY = env_int("ZHIBU_WORKLOG_PROGRESS_DUE_DAY", 5, minimum=1, maximum=28)
# An open task this many days past its deadline escalates once to the owner organisation's parent (escalate_worklog).
WORKLOG_ESCALATION_GRACE_DAYS = env_int("ZHIBU_WORKLOG_ESCALATION_GRACE_DAYS", 10, minimum=1, maximum=365)
# Public complaints (zhibu/complaints): a complaint not 办结 this many days past its deadline gets a yellow card, this
# many a red one; a 说"不" not resolved by the unit is reported to the parent organisation after this many working days.
COMPLAINTS_YELLOW_CARD_DAYS = env_int("ZHIBU_COMPLAINTS_YELLOW_CARD_DAYS", 3, minimum=1, maximum=365)
COMPLAINTS_RED_CARD_DAYS = env_int("ZHIBU_COMPLAINTS_RED_CARD_DAYS", 7, minimum=2, maximum=730)
if COMPLAINTS_RED_CARD_DAYS <= COMPLAINTS_YELLOW_CARD_DAYS:
    raise ImproperlyConfigured(
        "ZHIBU_COMPLAINTS_RED_CARD_DAYS 须大于 ZHIBU_COMPLAINTS_YELLOW_CARD_DAYS（the red card comes after the yellow one）"
    )
COMPLAINTS_REFUSAL_REPORT_WORKDAYS = env_int("ZHIBU_COMPLAINTS_REFUSAL_REPORT_WORKDAYS", 5, minimum=1, maximum=60)
# 回访: a closed complaint (with a contact) is owed a return visit on the day the citizen rates it, or this many days after
# 办结 when they have not; the visit is overdue this many days after that.
COMPLAINTS_RETURN_VISIT_WAIT_DAYS = env_int("ZHIBU_COMPLAINTS_RETURN_VISIT_WAIT_DAYS", 3, minimum=0, maximum=60)
COMPLAINTS_RETURN_VISIT_WITHIN_DAYS = env_int("ZHIBU_COMPLAINTS_RETURN_VISIT_WITHIN_DAYS", 5, minimum=0, maximum=60)
CHECKIN_MINUTES = env_int("ZHIBU_CHECKIN_MINUTES", 15, minimum=1, maximum=240)
IMPORT_MAX_ROWS = env_int("ZHIBU_IMPORT_MAX_ROWS", 20000, minimum=1)
AUDIT_RETENTION_DAYS = env_int("ZHIBU_AUDIT_RETENTION_DAYS", 365, minimum=184)
# Signed checkpoints of the audit chain, kept outside the database (zhibu/core/audit_anchor.py). The key is read only
# by the audit_checkpoint, verify_audit and purge_audit commands, never by the web process.
AUDIT_CHECKPOINT_FILE = Path(env_str("ZHIBU_AUDIT_CHECKPOINT_FILE", str(DATA_DIR / "audit_checkpoints.log")))
AUDIT_CHECKPOINT_KEY = env_str("ZHIBU_AUDIT_CHECKPOINT_KEY")  # 64 hex characters; takes precedence over the key file
AUDIT_CHECKPOINT_KEY_FILE = Path(env_str("ZHIBU_AUDIT_CHECKPOINT_KEY_FILE", str(DATA_DIR / "audit_checkpoint_key")))
# The demo command (sample data and demo accounts) is refused unless this is on; it is on in development.
ALLOW_DEMO = env_bool("ZHIBU_ALLOW_DEMO", DEBUG)
# Re-judge the BTX rules a change affects inside the writing transaction (off only in tests that do not look at them).
STANDARDS_LIVE_REFRESH = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The largest request body read at all: the largest upload (or a 20 MB member sheet) plus 1 MB for the form around
# it. DATA_UPLOAD_MAX_MEMORY_SIZE counts form fields only; this refuses a larger Content-Length before reading.
REQUEST_MAX_BYTES = max(UPLOAD_MAX_BYTES, 20 * 1024 * 1024) + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Web hardening; secure defaults whenever DEBUG is off (production).
SECURE = env_bool("ZHIBU_SECURE", not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 12 * 3600  # the absolute limit; the idle limit is enforced by SessionSecurityMiddleware
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_SSL_REDIRECT = env_bool("ZHIBU_SSL_REDIRECT", SECURE)
# A monitor on the host may probe the application server directly over plain HTTP; the answer is only ok/fail.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env_int("ZHIBU_HSTS_SECONDS", 31536000 if SECURE else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline scripts or styles anywhere; every asset comes from zhibu itself.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
TRUSTED_PROXIES = env_list("ZHIBU_TRUSTED_PROXIES", [])
if env_bool("ZHIBU_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {
    # Token first: a missing or wrong token then answers 401 with ``WWW-Authenticate: Token`` rather than 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "zhibu.accounts.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "zhibu.core.api.AutoSchema",
    "EXCEPTION_HANDLER": "zhibu.core.api.exception_handler",
    "DATETIME_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "zhibu 支部 API",
    "DESCRIPTION": "机关党支部标准化工作平台接口。令牌认证：请求头 `Authorization: Token <令牌>`；令牌的可见范围与其用户相同，只读令牌只能查询，令牌到期或撤销后失效。",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status" with different choices; name each enum so the schema stays stable.
    "ENUM_NAME_OVERRIDES": {
        "OrganizationStatusEnum": "zhibu.organizations.models.Organization.Status",
        "RoleEnum": "zhibu.recruitment.models.Role",  # the name it had before the 中心组 seat role came
        "TheorySeatRoleEnum": "zhibu.study.models.SeatRole",
        "TheoryParticipationEnum": "zhibu.study.models.Participation",
        "TheorySpeechKindEnum": "zhibu.study.models.SpeechKind",
        "TransferStatusEnum": "zhibu.members.models.Transfer.Status",
        "ActivityStatusEnum": "zhibu.activities.models.Activity.Status",
        "ResolutionStatusEnum": "zhibu.activities.models.Resolution.Status",
        "AttendanceStatusEnum": "zhibu.activities.models.Attendance.Status",
        # A recruit's steps as recorded, and those a client may record (not the application, not a stop).
        "RecruitStepCodeEnum": "zhibu.recruitment.api.STEP_CODES",
        "RecordableStepCodeEnum": "zhibu.recruitment.api.RECORDABLE_STEPS",
        "AwardCategoryEnum": "zhibu.awards.models.Category",
        "AwardStageEnum": "zhibu.awards.models.Stage",
        "RecruitStageEnum": "zhibu.recruitment.models.Stage",
        "CareLevelEnum": "zhibu.care.models.Level",
        "NoticeStatusEnum": "zhibu.notices.models.Status",
        "NoticeCategoryEnum": "zhibu.notices.models.Category",
        "ReportAnswerStatusEnum": "zhibu.reporting.models.AnswerStatus",
        "ReportAnswerKindEnum": "zhibu.reporting.models.AnswerKind",
        "ReportReachEnum": "zhibu.reporting.models.Reach",
        "RiskLevelEnum": "zhibu.integrity.models.RiskLevel",  # named once a second "stage" (awards) appeared
        "ContactVisitKindEnum": "zhibu.leadership.models.VisitKind",
        "SecretaryProjectStatusEnum": "zhibu.leadership.models.ProjectStatus",
        "SecretaryReviewGradeEnum": "zhibu.secretary_reviews.models.Grade",
        "SecretaryReviewGroupEnum": "zhibu.secretary_reviews.models.Group",
        "StaffReviewGradeEnum": "zhibu.staff_reviews.models.Grade",
        "StaffReviewGroupEnum": "zhibu.staff_reviews.models.Group",
        "StaffReviewStatusEnum": "zhibu.staff_reviews.models.Status",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_digit_runs": {"()": "zhibu.core.logfilters.MaskDigitRuns"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_digit_runs"]}},
    # Filtered where the records are made too, so that every handler (and a test's caplog) sees them masked; the
    # development server's request lines then go to the console handler above.
    "loggers": {
        name: {"filters": ["mask_digit_runs"], "propagate": True}
        for name in ("django.request", "django.server", "django.security", "zhibu")
    },
    "root": {
        "handlers": ["console"],
        "level": env_choice("ZHIBU_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR")),
    },
}

FILTERS_EMPTY_CHOICE_LABEL = "全部"
